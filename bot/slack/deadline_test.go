package slack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// A store that stops answering (etcd without a quorum) makes every request
// fail within its own deadline, never later: the Events API gets its
// non-2xx before Slack gives up and retries, the slash command its short
// apology, Socket Mode no acknowledgement. Nothing that was not committed
// is acknowledged, and what Slack delivers again once the store answers
// is committed once.
func TestStalledStoreAnswersWithinTheDeadline(t *testing.T) {
	var stall *bottest.StallStore
	eng := bottest.New(t, bottest.Options{
		Setup: func(e *bot.Engine) { bottest.QuickBackoff(e); e.Log = testLog(t) },
		Wrap:  func(s bot.Store) bot.Store { stall = bottest.NewStallStore(s); return stall },
	})
	a, f := newTestAdapter(t, eng, ModeHTTP)
	a.eventTimeout, a.commandTimeout = 200*time.Millisecond, 200*time.Millisecond
	eng.Register(platform, a.Sender())
	eng.Run()
	e := &e2e{t: t, f: f, a: a, eng: eng, url: serveHandler(t, a)}
	// Without a deadline through the store the stalled calls would wait
	// for bottest.Patience; an answer must come long before.
	client := &http.Client{Timeout: 10 * time.Second}
	send := func(req *http.Request) (int, string) {
		t.Helper()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("no answer in time: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	if code, _ := e.command(caseChannel, "start"); code != http.StatusOK {
		t.Fatalf("start: %d", code)
	}
	e.settle()
	ps := e.prompts()
	if len(ps) != 1 {
		t.Fatalf("%d prompts", len(ps))
	}

	stall.Stall(true)
	body, _ := e.reply("Ev0STALLED1", "U0PLANNER", "Svar 1 mens lageret står", ps[0].TS)
	if code, _ := send(signedRequest(t, e.url, ctJSON, body, slacktest.SigningSecret, time.Now())); code == http.StatusOK {
		t.Errorf("an event the store did not commit got %d", code)
	}
	form := slacktest.Command{Channel: caseChannel, ChannelName: "sak-grorud-sentrum", Text: "hopp"}.Form()
	code, resp := send(signedRequest(t, e.url, ctForm, string(form), slacktest.SigningSecret, time.Now()))
	if code != http.StatusOK || !strings.Contains(resp, "Beklager") {
		t.Errorf("slash command with the store stalled: %d %s", code, resp)
	}
	if stall.Committed("Ev0STALLED1") || stall.Stalls() == 0 {
		t.Fatalf("committed %v after %d stalled calls", stall.Committed("Ev0STALLED1"), stall.Stalls())
	}

	// Socket Mode: the envelope is left for Slack to deliver again.
	sa, sf := newTestAdapter(t, eng, ModeSocket)
	sa.eventTimeout = 200 * time.Millisecond
	ws := newWSScript(t)
	sf.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sa.Run(ctx) }()
	bottest.WaitFor(t, "connect", sa.Connected)
	sbody, _ := e.reply("Ev0STALLED2", "U0PLANNER", "Svar 1 over Socket Mode", ps[0].TS)
	before := stall.Stalls()
	ws.send <- fmt.Sprintf(envelopeEvent, "env-stalled", sbody)
	bottest.WaitFor(t, "the envelope's attempt to give up", func() bool { return stall.Stalls() > before })

	// The store answers again: Slack's redeliveries are committed, once.
	stall.Stall(false)
	ws.send <- strings.Replace(fmt.Sprintf(envelopeEvent, "env-again", sbody), `"retry_attempt":0`, `"retry_attempt":1`, 1)
	bottest.WaitFor(t, "the redelivery's ack", func() bool { _, ok := ws.ack("env-again"); return ok })
	if _, ok := ws.ack("env-stalled"); ok {
		t.Error("an envelope the store did not commit was acknowledged")
	}
	req := signedRequest(t, e.url, ctJSON, body, slacktest.SigningSecret, time.Now())
	req.Header.Set("X-Slack-Retry-Num", "1")
	if code, _ := send(req); code != http.StatusOK {
		t.Errorf("the event delivered again: %d", code)
	}
	for _, id := range []string{"Ev0STALLED1", "Ev0STALLED2"} {
		if !stall.Committed(id) {
			t.Errorf("%s acknowledged but not committed", id)
		}
	}
	e.settle()
	if c := eng.MustCase(caseChannel); len(c.Answers) != 2 {
		t.Errorf("%d answers stored, want 2", len(c.Answers))
	}
}
