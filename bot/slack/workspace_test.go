package slack

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// countingObserver counts what the adapter observes.
type countingObserver struct {
	mu      sync.Mutex
	foreign map[string]int
	waited  map[string]time.Duration
	dropped int
}

func newCountingObserver() *countingObserver {
	return &countingObserver{foreign: map[string]int{}, waited: map[string]time.Duration{}}
}

func (o *countingObserver) Foreign(kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.foreign[kind]++
}

func (o *countingObserver) PaceWait(method string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.waited[method] += d
}

func (o *countingObserver) ReactionDropped() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dropped++
}

func (o *countingObserver) foreignCount(kind string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.foreign[kind]
}

// otherTeam puts a delivery into workspace T0OTHER.
var otherTeam = strings.NewReplacer(`"T0TEST"`, `"T0OTHER"`, "team_id=T0TEST", "team_id=T0OTHER")

// Deliveries from another workspace than the bot token's get 200, change
// nothing and are counted (issue 9, item 10).
func TestHTTPIgnoresOtherWorkspaces(t *testing.T) {
	h := &bottest.Handler{}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	obs := newCountingObserver()
	a.obs = obs
	u := serveHandler(t, a)
	now := time.Now()
	for _, tt := range []struct{ kind, ct, body string }{
		{"event", ctJSON, otherTeam.Replace(payloadThreadReply)},
		{"event", ctJSON, otherTeam.Replace(payloadAppMention)},
		{"command", ctForm, otherTeam.Replace(formSlashStatus)},
		{"interaction", ctForm, "payload=" + url.QueryEscape(otherTeam.Replace(payloadBlockActions))},
	} {
		code, body := do(t, signedRequest(t, u, tt.ct, tt.body, slacktest.SigningSecret, now))
		if code != http.StatusOK || body != "" {
			t.Errorf("%s from another workspace: %d %q", tt.kind, code, body)
		}
	}
	if got := h.Events(); len(got) != 0 {
		t.Errorf("the engine saw %d events from another workspace: %+v", len(got), got)
	}
	if obs.foreignCount("event") != 2 || obs.foreignCount("command") != 1 || obs.foreignCount("interaction") != 1 {
		t.Errorf("counted %v", obs.foreign)
	}
	// The same deliveries from the coach's own workspace are handled.
	for _, body := range []string{payloadThreadReply} {
		if code, _ := do(t, signedRequest(t, u, ctJSON, body, slacktest.SigningSecret, now)); code != http.StatusOK {
			t.Errorf("own workspace: %d", code)
		}
	}
	if len(h.Events()) != 1 {
		t.Errorf("own workspace's event not handled")
	}
}

func TestSocketModeIgnoresOtherWorkspaces(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeSocket)
	obs := newCountingObserver()
	a.obs = obs
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-event", otherTeam.Replace(payloadThreadReply))
	ws.send <- otherTeam.Replace(fmt.Sprintf(envelopeCommand, "env-command", caseChannel, "status", "trigger-9"))
	ws.send <- fmt.Sprintf(envelopeInteractive, "env-press", otherTeam.Replace(payloadBlockActions))
	bottest.WaitFor(t, "three acks", func() bool { return len(ws.order()) == 3 })
	if got := h.Events(); len(got) != 0 {
		t.Errorf("the engine saw %+v", got)
	}
	if obs.foreignCount("event") != 1 || obs.foreignCount("command") != 1 || obs.foreignCount("interaction") != 1 {
		t.Errorf("counted %v", obs.foreign)
	}
}

// An org-wide install on Enterprise Grid hears every workspace of its
// organisation, and no other.
func TestWorkspaceOfAnEnterpriseInstall(t *testing.T) {
	org := identity{UserID: "UBOT", TeamID: "T0HOME", EnterpriseID: "E0OSLO"}
	single := identity{UserID: "UBOT", TeamID: "T0HOME"}
	for _, tt := range []struct {
		id               identity
		team, enterprise string
		want             bool
	}{
		{org, "T0HOME", "E0OSLO", true},
		{org, "T0BYDEL", "E0OSLO", true},
		{org, "T0BYDEL", "E0BERGEN", false},
		{org, "T0BYDEL", "", false},
		{single, "T0HOME", "", true},
		{single, "T0OTHER", "", false},
		{single, "T0OTHER", "E0OSLO", false},
		{identity{}, "T0ANY", "", true}, // before auth.test: nothing to compare with
	} {
		if got := tt.id.owns(tt.team, tt.enterprise); got != tt.want {
			t.Errorf("%+v owns(%q, %q) = %v", tt.id, tt.team, tt.enterprise, got)
		}
	}
	env := envelope{Type: "event_callback", TeamID: "T0GUEST", ContextTeamID: "T0GUEST"}
	env.Authorizations = append(env.Authorizations, struct {
		EnterpriseID string `json:"enterprise_id"`
		TeamID       string `json:"team_id"`
	}{TeamID: "T0HOME"})
	if !env.ownedBy(single) {
		t.Error("an event in a shared channel delivered for our installation is not taken")
	}
}
