package teams

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// ignoredCounter records what Adapter.Ignored is told.
type ignoredCounter struct {
	mu      sync.Mutex
	reasons []string
}

func (c *ignoredCounter) add(reason string) {
	c.mu.Lock()
	c.reasons = append(c.reasons, reason)
	c.mu.Unlock()
}

func (c *ignoredCounter) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.reasons...)
}

// The Bot Framework signs the activities of every channel a bot is
// registered for with the same keys; on Web Chat and Direct Line the client
// writes channelData itself. An activity from any channel but Teams (whose
// key is endorsed for it; a key that is not gives 401) is
// taken (200: it was verified) and changes nothing.
func TestHandlerTakesOnlyTeamsActivities(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	var ign ignoredCounter
	a.Ignored = ign.add
	for _, channelID := range []string{"webchat", "emulator", ""} {
		created := channelCreated(f.serviceURL(), "f:c-"+channelID, testChannel, "sak-kapret")
		created["channelId"] = channelID
		msg := channelMessage(f.serviceURL(), "17326980010"+channelID, "1", "<at>Involve</at> forget", true)
		msg["channelId"] = channelID
		for _, act := range []map[string]any{created, msg} {
			if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act)); rec.Code != http.StatusOK {
				t.Errorf("channel %q: status %d, want 200", channelID, rec.Code)
			}
		}
	}
	if evs := h.Events(); len(evs) != 0 {
		t.Errorf("activities from other channels reached the engine: %+v", evs)
	}
	if got := ign.got(); len(got) != 6 || got[0] != IgnoredChannel {
		t.Errorf("ignored %v, want 6 × %q", got, IgnoredChannel)
	}
	// Teams' own still pass.
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(),
		mustJSON(t, channelMessage(f.serviceURL(), "1732698001000", "1", "<at>Involve</at> start", true))); rec.Code != http.StatusOK || len(h.Events()) != 1 {
		t.Errorf("a Teams activity: status %d, %d events", rec.Code, len(h.Events()))
	}
}

// With teams.tenant_id set, only that tenant's activities are taken, by
// every tenant id the activity names.
func TestHandlerTakesOnlyTheConfiguredTenant(t *testing.T) {
	const other = "0d8f5a52-3c1e-4b6a-9f0e-5a7b8c9d0e1f"
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	var ign ignoredCounter
	a.Ignored = ign.add
	msg := func(id string, mod func(conv, cd map[string]any)) map[string]any {
		m := channelMessage(f.serviceURL(), id, "1", "<at>Involve</at> start", true)
		mod(m["conversation"].(map[string]any), m["channelData"].(map[string]any))
		return m
	}
	for name, act := range map[string]map[string]any{
		"another tenant":                msg("2", func(conv, cd map[string]any) { conv["tenantId"] = other; cd["tenant"] = map[string]any{"id": other} }),
		"another tenant in channelData": msg("3", func(_, cd map[string]any) { cd["tenant"] = map[string]any{"id": other} }),
		"another tenant in conversation": msg("4", func(conv, _ map[string]any) {
			conv["tenantId"] = other
		}),
		"no tenant at all": msg("5", func(conv, cd map[string]any) { delete(conv, "tenantId"); delete(cd, "tenant") }),
		"another tenant installs": func() map[string]any {
			a := installationUpdateIn(f.serviceURL(), "f:i", "add", newChannel, "sak-fremmed")
			a["conversation"].(map[string]any)["tenantId"] = other
			a["channelData"].(map[string]any)["tenant"] = map[string]any{"id": other}
			return a
		}(),
	} {
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act)); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d, want 200", name, rec.Code)
		}
	}
	if evs := h.Events(); len(evs) != 0 {
		t.Errorf("activities from other tenants reached the engine: %+v", evs)
	}
	if got := ign.got(); len(got) != 5 || got[0] != IgnoredTenant {
		t.Errorf("ignored %v, want 5 × %q", got, IgnoredTenant)
	}
	// The tenant's own, in either spelling of its id, pass.
	ok := msg("6", func(conv, _ map[string]any) { conv["tenantId"] = "72F988BF-86F1-41AF-91AB-2D7CD011DB47" })
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, ok)); rec.Code != http.StatusOK || len(h.Events()) != 1 {
		t.Errorf("the tenant's activity: status %d, %d events", rec.Code, len(h.Events()))
	}

	// Without a tenant id (a multi-tenant bot), or with a domain name that
	// activities never carry, any tenant is taken.
	for _, tenant := range []string{"", "oslo.onmicrosoft.com"} {
		cfg := f.config()
		cfg.TenantID = tenant
		cfg.TokenURL = f.config().TokenURL
		h2 := &bottest.Handler{}
		a2, err := New(cfg, h2, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		if rec := postActivity(a2.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, msg("7", func(conv, cd map[string]any) {
			conv["tenantId"] = other
			cd["tenant"] = map[string]any{"id": other}
		}))); rec.Code != http.StatusOK || len(h2.Events()) != 1 {
			t.Errorf("tenant_id %q: status %d, %d events", tenant, rec.Code, len(h2.Events()))
		}
	}
}

// What an activity says about another conversation than its own (Teams'
// channelCreated names the new channel in channelData) may start a case,
// never replace the conversation reference of a case that exists.
func TestChannelDataNeverRewritesAnotherConversationsReference(t *testing.T) {
	e := newCoachE2E(t, nil)
	e.send(channelMessage(e.f.serviceURL(), "1732698001000", "1732698001000", "<at>Involve</at> start", true))
	e.settle()
	before := e.caseOf(testChannel).Address
	ref, err := parseAddress(before)
	if err != nil || ref.ServiceURL != e.f.serviceURL() {
		t.Fatalf("address %q: %v", before, err)
	}

	// A channelCreated naming the existing case's channel, from another
	// region of the Connector, signed for it.
	created := channelCreated(e.f.otherServiceURL(), "f:c-1", testChannel, "sak-grorud-sentrum")
	if code := e.post(created, "Bearer "+e.f.tokenFor(e.f.otherServiceURL())); code != http.StatusOK {
		t.Fatalf("channelCreated: status %d", code)
	}
	// One sent in another conversation than its team's is not believed.
	created2 := channelCreated(e.f.otherServiceURL(), "f:c-2", newChannel, "sak-ny")
	created2["conversation"].(map[string]any)["id"] = testChannel
	if code := e.post(created2, "Bearer "+e.f.tokenFor(e.f.otherServiceURL())); code != http.StatusOK {
		t.Fatalf("channelCreated elsewhere: status %d", code)
	}
	e.settle()
	if got := e.caseOf(testChannel).Address; got != before {
		t.Errorf("the case's reference was rewritten:\n got %s\nwant %s", got, before)
	}
	if _, err := e.eng.Case(newChannel); err == nil {
		t.Error("a channelCreated outside its team's conversation opened a case")
	}

	// A genuinely new channel gets a reference of its own.
	fresh := "19:5e4d3c2b1a0f9e8d7c6b5a4938271605@thread.tacv2"
	e.send(channelCreated(e.f.serviceURL(), "f:c-3", fresh, "sak-torshov"))
	e.settle()
	if ref, err := parseAddress(e.caseOf(fresh).Address); err != nil || ref.Conversation.ID != fresh {
		t.Errorf("new channel's reference %+v: %v", ref, err)
	}
}

// An activity whose value is not an object is valid, and no card of the
// coach's: 200, ignored (schema.Activity cannot decode it).
func TestHandlerTakesAValueThatIsNotAnObject(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	for i, v := range []any{"skip", 5, []any{"a"}, true} {
		act := cardSubmit(f.serviceURL(), "173269805000"+string(rune('0'+i)), cardRoot, nil)
		act["value"] = v
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act)); rec.Code != http.StatusOK {
			t.Errorf("value %v: status %d, want 200", v, rec.Code)
		}
	}
	odd := channelMessage(f.serviceURL(), "1732698001000", "1", "<at>Involve</at> start", true)
	odd["channelData"] = "x"
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, odd)); rec.Code != http.StatusOK {
		t.Errorf("channelData a string: status %d, want 200", rec.Code)
	}
	if evs := h.Events(); len(evs) != 1 || evs[0].Input.Command != "start" {
		t.Errorf("events %+v, want only the message whose channelData was odd", evs)
	}
}

// Invokes get the invoke response the Bot Framework expects; an
// Action.Execute on one of the coach's cards is the same as its
// Action.Submit.
func TestHandlerAnswersInvokes(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	invoke := func(id, name string, value map[string]any) map[string]any {
		act := cardSubmit(f.serviceURL(), id, cardRoot, value)
		act["type"] = "invoke"
		act["name"] = name
		return act
	}
	rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, invoke("f:1", "adaptiveCard/action", map[string]any{
		"action": map[string]any{"type": "Action.Execute", "verb": "skip", "data": map[string]any{"involve_action": "skip", "value": "1:5"}},
	})))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") == "" {
		t.Fatalf("adaptiveCard/action: status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var resp adaptiveCardResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.StatusCode != 200 || resp.Type != "application/vnd.microsoft.activity.message" {
		t.Errorf("adaptiveCard/action answer %s: %v", rec.Body, err)
	}
	evs := h.Events()
	if len(evs) != 1 || evs[0].Input.Kind != dialogs.InputAction || evs[0].Input.Action != "skip" || evs[0].Input.Value != "1:5" || evs[0].Input.Thread != cardRoot {
		t.Errorf("events %+v", evs)
	}

	// Not one of the coach's cards, and invokes the coach has no use for.
	for _, act := range []map[string]any{
		invoke("f:2", "adaptiveCard/action", map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": "x", "data": map[string]any{"x": 1}}}),
		invoke("f:3", "task/fetch", map[string]any{"data": map[string]any{"x": 1}}),
		invoke("f:4", "composeExtension/query", nil),
		invoke("f:5", "signin/verifyState", map[string]any{"state": "123"}),
	} {
		rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act))
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", act["name"], rec.Code)
		}
		if act["name"] == "adaptiveCard/action" && rec.Body.Len() == 0 {
			t.Errorf("adaptiveCard/action without an answer body")
		}
	}
	if n := len(h.Events()); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	// Other activity kinds the coach does not use are 200 and ignored.
	for _, typ := range []schema.ActivityTypes{schema.Typing, schema.EndOfConversation, schema.Event, "handoff", "somethingNew"} {
		act := channelMessage(f.serviceURL(), "x", "1", "", false)
		act["type"] = typ
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("%s: status %d body %q", typ, rec.Code, rec.Body)
		}
	}
	if n := len(h.Events()); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
}
