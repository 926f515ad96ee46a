package slack

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// testLog shows the adapter's logs when SLACK_TEST_LOG is set.
func testLog(t testing.TB) *slog.Logger {
	if os.Getenv("SLACK_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// signedRequest builds a request as Slack sends it, signed with secret at
// time ts.
func signedRequest(t testing.TB, url, contentType, body, secret string, ts time.Time) *http.Request {
	t.Helper()
	return slacktest.NewRequest(url, contentType, []byte(body), secret, ts)
}

const (
	ctJSON = slacktest.ContentTypeJSON
	ctForm = slacktest.ContentTypeForm
)

// newTestAdapter returns a started adapter in mode over the fake Web API,
// with pace off: tests that pace use a simulated clock (pace_test.go).
func newTestAdapter(t testing.TB, h bot.Handler, mode string) (*Adapter, *slacktest.Server) {
	t.Helper()
	f := slacktest.NewServer(t,
		slacktest.WithUser("U0PLANNER", "Kari Nordmann"), slacktest.WithUser("U0CASEWKR", "Ola"),
		slacktest.WithChannel("C0PRIV001", "sak-privat-plan"), slacktest.WithChannel("C0CASE002", "sak-grorud-sentrum"))
	a, err := New(Config{
		Mode: mode, BotToken: slacktest.BotToken, AppToken: slacktest.AppToken, SigningSecret: slacktest.SigningSecret,
		APIURL: f.URL, Prefixes: []string{"sak-", "case-"}, NoPace: true,
	}, h, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, f
}
