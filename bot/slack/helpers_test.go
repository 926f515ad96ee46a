package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
)

// testLog shows the adapter's logs when SLACK_TEST_LOG is set.
func testLog(t testing.TB) *slog.Logger {
	if os.Getenv("SLACK_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// signature computes Slack's v0 request signature.
func signature(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// signedRequest builds a request as Slack sends it, signed with secret at
// time ts.
func signedRequest(t testing.TB, url, contentType, body, secret string, ts time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set("X-Slack-Signature", signature(secret, ts.Unix(), []byte(body)))
	return req
}

const (
	ctJSON = "application/json"
	ctForm = "application/x-www-form-urlencoded"
)

// recorder is a bot.Handler that records events and answers with reply.
type recorder struct {
	mu     sync.Mutex
	events []bot.Event
	reply  func(ctx context.Context, ev bot.Event) (bot.Result, error)
}

func (r *recorder) Handle(ctx context.Context, ev bot.Event) (bot.Result, error) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	reply := r.reply
	r.mu.Unlock()
	if reply != nil {
		return reply(ctx, ev)
	}
	return bot.Result{}, nil
}

func (r *recorder) got() []bot.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Event(nil), r.events...)
}

// newTestAdapter returns a started adapter in mode over the fake Web API.
func newTestAdapter(t testing.TB, h bot.Handler, mode string) (*Adapter, *fakeSlack) {
	t.Helper()
	f := newFakeSlack(t)
	f.users["U0PLANNER"] = "Kari Nordmann"
	f.users["U0CASEWKR"] = "Ola"
	f.channels["C0PRIV001"] = "sak-privat-plan"
	f.channels["C0CASE002"] = "sak-grorud-sentrum"
	a, err := New(Config{
		Mode: mode, BotToken: testBotToken, AppToken: testAppToken, SigningSecret: testSecret,
		APIURL: f.URL(), Prefixes: []string{"sak-", "case-"},
	}, h, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, f
}

// waitFor polls cond until it holds or the test's patience ends.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
