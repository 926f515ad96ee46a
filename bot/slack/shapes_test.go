package slack

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// An answer that starts with a mention of the coach arrives as a message
// event and as its app_mention twin (same ts, different event ids): it is
// one answer, without the mention; a command word after the mention is a
// command (issue 10).
func TestMentionAtTheStartOfAnAnswer(t *testing.T) {
	e := newE2E(t)
	if code, _ := e.command(caseChannel, "start"); code != http.StatusOK {
		t.Fatalf("start: %d", code)
	}
	e.settle()
	prompt := e.prompts()[0]

	text := "<@" + slacktest.BotUserID + "> vi bør møte dem på biblioteket"
	ts := "1732620500.000100"
	msg := slacktest.Message{EventID: "Ev0TWINMSG", Channel: caseChannel, User: "U0PLANNER", TS: ts, Thread: prompt.TS}.Event()
	msg["text"] = text
	mention := map[string]any{"type": "app_mention", "text": text, "user": "U0PLANNER", "ts": ts, "thread_ts": prompt.TS,
		"team": slacktest.TeamID, "channel": caseChannel, "event_ts": ts}
	// The pair in either order, each delivered twice, as Slack retries.
	for _, body := range [][]byte{
		slacktest.EventCallback("Ev0TWINMENTION", mention),
		slacktest.EventCallback("Ev0TWINMSG", msg),
		slacktest.EventCallback("Ev0TWINMSG", msg),
		slacktest.EventCallback("Ev0TWINMENTION", mention),
	} {
		if code := e.event(string(body)); code != http.StatusOK {
			t.Fatalf("event: %d", code)
		}
	}
	e.settle()
	c, err := e.eng.Case(caseChannel)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Answers) != 1 || c.Answers[0].Text != "vi bør møte dem på biblioteket" {
		t.Fatalf("answers %+v", c.Answers)
	}
	for _, p := range e.f.Posts() {
		if strings.Contains(p.Text, "kjenner jeg ikke") || strings.Contains(p.Text, "Slik bruker dere Involve") {
			t.Errorf("the answer was read as a command: %q", p.Text)
		}
	}
	if n := len(e.f.Reactions()); n != 1 {
		t.Errorf("%d reactions, want 1", n)
	}

	// "@Involve skip" in the thread is still the command.
	skipTS := "1732620510.000100"
	skip := map[string]any{"type": "app_mention", "text": "<@" + slacktest.BotUserID + "> hopp", "user": "U0PLANNER",
		"ts": skipTS, "thread_ts": e.prompts()[len(e.prompts())-1].TS, "channel": caseChannel, "event_ts": skipTS}
	skipMsg := map[string]any{"type": "message", "text": skip["text"], "user": "U0PLANNER", "ts": skipTS,
		"thread_ts": skip["thread_ts"], "channel": caseChannel, "event_ts": skipTS, "parent_user_id": slacktest.BotUserID}
	before := len(e.prompts())
	e.event(string(slacktest.EventCallback("Ev0SKIPMSG", skipMsg)))
	e.event(string(slacktest.EventCallback("Ev0SKIPMENTION", skip)))
	e.settle()
	c, _ = e.eng.Case(caseChannel)
	if len(c.Answers) != 1 || len(e.prompts()) != before+1 {
		t.Errorf("after @Involve hopp: %d answers, %d prompts (was %d)", len(c.Answers), len(e.prompts()), before)
	}
}

// A button on an ephemeral message (forget's confirmation) answers at the
// top level: the ephemeral message's ts names no stored message, so a
// reply threaded under it would be invisible (issue 10).
func TestEphemeralButtonAnswersAtTheTopLevel(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	if code, body := e.command(caseChannel, "glem"); code != http.StatusOK || !strings.Contains(body, "forget_yes") {
		t.Fatalf("glem: %d %s", code, body)
	}
	// Pressed now: the confirmation is only good for a while.
	now := fmt.Sprintf("%d.000001", time.Now().Unix()+1)
	press := strings.NewReplacer(`"C0LUNCH01"`, `"`+caseChannel+`"`, `"lunsj"`, `"sak-grorud-sentrum"`,
		`"start#1"`, `"forget_yes"`, "1732613201.000001", now).Replace(payloadBlockActionsEphemeral)
	if code := e.interaction(press); code != http.StatusOK {
		t.Fatalf("press: %d", code)
	}
	e.settle()
	var found bool
	for _, p := range e.f.Posts() {
		if strings.Contains(p.Text, "Alt om saken er slettet") {
			found = true
			if p.Thread != "" {
				t.Errorf("threaded under %q, an ephemeral message", p.Thread)
			}
		}
	}
	if !found {
		t.Fatalf("no confirmation posted: %+v", e.f.Posts())
	}
}

// Valid events of shapes the coach does not read get 200 and are ignored:
// user_change and team_join carry a user object, unknown types anything
// (issue 10). Slack retries anything else.
func TestUnexpectedShapesGet200(t *testing.T) {
	h := &bottest.Handler{}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	for name, ev := range map[string]map[string]any{
		"user_change": {"type": "user_change", "user": map[string]any{"id": "U0PLANNER", "name": "kari", "deleted": false},
			"cache_ts": 1732612345, "event_ts": "1732612345.000100"},
		"team_join":  {"type": "team_join", "user": map[string]any{"id": "U0NEW", "name": "ny"}, "event_ts": "1732612345.000200"},
		"a new type": {"type": "something_next_year", "user": []any{1, 2}, "channel": map[string]any{"id": 3}},
	} {
		body := slacktest.EventCallback("Ev0"+strings.ToUpper(strings.ReplaceAll(name, " ", "")), ev)
		code, resp := do(t, signedRequest(t, u, ctJSON, string(body), slacktest.SigningSecret, time.Now()))
		if code != http.StatusOK {
			t.Errorf("%s: %d %q", name, code, resp)
		}
	}
	if got := h.Events(); len(got) != 0 {
		t.Errorf("the engine saw %+v", got)
	}
}

// A thread_broadcast carries no parent_user_id (Slack's documentation);
// it still answers the prompt it replies to.
func TestThreadBroadcastAnswers(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	prompt := e.prompts()[0]
	m := slacktest.Message{Channel: caseChannel, Text: "Vi inviterer velforeningen", Thread: prompt.TS, Broadcast: true}
	ev := m.Event()
	if _, ok := ev["parent_user_id"]; ok || ev["subtype"] != "thread_broadcast" {
		t.Fatalf("the fake's broadcast: %v", ev)
	}
	if code := e.event(string(m.Body())); code != http.StatusOK {
		t.Fatalf("event: %d", code)
	}
	e.settle()
	c, _ := e.eng.Case(caseChannel)
	if len(c.Answers) != 1 || c.Answers[0].Question != 1 {
		t.Errorf("answers %+v", c.Answers)
	}
}

// interaction posts a signed interactivity payload.
func (e *e2e) interaction(payload string) int {
	e.t.Helper()
	code, _ := do(e.t, signedRequest(e.t, e.url, ctForm, "payload="+url.QueryEscape(payload), slacktest.SigningSecret, time.Now()))
	return code
}
