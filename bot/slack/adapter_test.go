package slack

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// downAPI is a Web API that cannot be reached at all.
type downAPI struct{ webAPI }

var errUnreachable = errors.New("dial tcp: lookup slack.com: no such host")

func (downAPI) AuthTestContext(context.Context) (*slack.AuthTestResponse, error) {
	return nil, errUnreachable
}

func (downAPI) GetUserInfoContext(context.Context, string, ...slack.GetUserInfoOption) (*slack.User, error) {
	return nil, errUnreachable
}

func TestStartWithoutSlack(t *testing.T) {
	a, err := newAdapter(Config{Mode: ModeHTTP, SigningSecret: slacktest.SigningSecret}, downAPI{}, &bottest.Handler{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = a.Start(context.Background())
	if err == nil || !errors.Is(err, errUnreachable) || !strings.Contains(err.Error(), "slack.api_url") {
		t.Errorf("Start: %v", err)
	}
	if a.Connected() {
		t.Error("connected without Slack")
	}
}

// A failed name lookup is remembered for a while, so that a Web API that
// is down does not slow every event.
func TestNameCacheRemembersFailures(t *testing.T) {
	calls := 0
	c := newNameCache(func(context.Context, string) (string, error) { calls++; return "", errUnreachable })
	for range 3 {
		if n := c.name(context.Background(), "U1"); n != "" {
			t.Errorf("name %q", n)
		}
	}
	if calls != 1 {
		t.Errorf("%d lookups, want 1", calls)
	}
	if c.name(context.Background(), "") != "" || calls != 1 {
		t.Error("looked up an empty user id")
	}
}
