package teams

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// Activities exactly as Microsoft documents them (testdata/platform, each
// file's source in SOURCES.md), replayed through the real handler with a
// real Bot Framework token. The replay points serviceUrl at the fake
// Connector (the token's serviceurl claim must name it) and configures the
// adapter with the activity's own tenant; nothing else is changed.
// fixtureEvent is what a fixture must become.
type fixtureEvent struct {
	kind             dialogs.InputKind
	channel, name    string
	thread, text     string
	addressIfNew     bool
	addressesChannel string // the conversation the stored reference posts to; "" for no address
	value            string // Input.Value
}

var platformFixtures = []struct {
	file string
	// want is the event the activity must become; nil: 200 and ignored.
	want *fixtureEvent
	// body is what an invoke must be answered with.
	invokeType string
	// elsewhere says the fixture is replayed by a test of its own.
	elsewhere bool
}{
	{file: "conversationUpdate-botAddedToTeam.json", want: &fixtureEvent{kind: dialogs.InputJoined, channel: "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", name: "2021 Test Channel",
		addressesChannel: "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"}},
	{file: "installationUpdate-add.json", want: &fixtureEvent{kind: dialogs.InputJoined, channel: "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", name: "2021 Test Channel",
		addressesChannel: "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"}},
	{file: "conversationUpdate-channelCreated.json", want: &fixtureEvent{kind: dialogs.InputJoined, channel: "19:6d97d816470f481dbcda38244b98689a@thread.skype", name: "FunDiscussions",
		addressIfNew: true, addressesChannel: "19:6d97d816470f481dbcda38244b98689a@thread.skype"}},
	{file: "message-mentionOther.json", want: &fixtureEvent{kind: dialogs.InputMessage, channel: "19:aebd0ad4d6ab42c8b9ed19c251c2fc37@thread.skype", thread: "1481567603816",
		text: "Hey Pranav Smith check out this message", addressesChannel: "19:aebd0ad4d6ab42c8b9ed19c251c2fc37@thread.skype"}},
	{file: "conversationUpdate-channelRenamed.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:6d97d816470f481dbcda38244b98689a@thread.skype", name: "PhotographyUpdates",
		value: dialogs.LifecycleRenamed}},
	{file: "conversationUpdate-channelDeleted.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:6d97d816470f481dbcda38244b98689a@thread.skype", name: "PhotographyUpdates",
		value: dialogs.LifecycleDeleted}},
	{file: "conversationUpdate-channelRestored.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:6d97d816470f481dbcda38244b98689a@thread.skype", name: "FunDiscussions",
		value: dialogs.LifecycleRestored}},
	// A team's events reach every channel of the team the coach knows: the
	// fake Connector does not know this team, so only its General channel.
	{file: "conversationUpdate-teamArchived.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:efa9296d959346209fea44151c742e73@thread.skype",
		value: dialogs.LifecycleTeamArchived}},
	{file: "conversationUpdate-teamUnarchived.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:efa9296d959346209fea44151c742e73@thread.skype",
		value: dialogs.LifecycleTeamUnarchived}},
	{file: "conversationUpdate-teamDeleted.json", want: &fixtureEvent{kind: dialogs.InputLifecycle, channel: "19:efa9296d959346209fea44151c742e73@thread.skype",
		value: dialogs.LifecycleTeamDeleted}},
	{file: "conversationUpdate-teamRenamed.json"}, // a case is named after its channel, not its team
	{file: "conversationUpdate-botAddedToPersonal.json", elsewhere: true},
	{file: "conversationUpdate-teamMemberRemoved.json"},
	{file: "messageReaction-added.json"},
	{file: "invoke-adaptiveCardAction.json", invokeType: "application/vnd.microsoft.activity.message"},
}

func TestPlatformFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/platform/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(platformFixtures) {
		t.Errorf("%d fixtures in testdata/platform, %d in the table: replay every one", len(files), len(platformFixtures))
	}
	for _, fx := range platformFixtures {
		if fx.elsewhere {
			continue
		}
		t.Run(fx.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata/platform", fx.file))
			if err != nil {
				t.Fatal(err)
			}
			var act map[string]any
			if err := json.Unmarshal(raw, &act); err != nil {
				t.Fatal(err)
			}
			f := newFakeBotFramework(t)
			act["serviceUrl"] = f.serviceURL()
			cfg := f.config()
			cfg.TenantID = fixtureTenant(act)
			h := &bottest.Handler{}
			a, err := New(cfg, h, testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			onVirtualTime(a)
			rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d (%s)", rec.Code, rec.Body)
			}
			if fx.invokeType != "" {
				var resp adaptiveCardResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.StatusCode != 200 || resp.Type != fx.invokeType {
					t.Errorf("invoke answered %q: %v", rec.Body, err)
				}
			}
			evs := h.Events()
			if fx.want == nil {
				if len(evs) != 0 {
					t.Errorf("ignored kind reached the engine: %+v", evs)
				}
				return
			}
			if len(evs) != 1 {
				t.Fatalf("%d events, want 1: %+v", len(evs), evs)
			}
			ev, w := evs[0], fx.want
			if ev.Input.Kind != w.kind || ev.Channel != w.channel || ev.ChannelName != w.name ||
				ev.Input.Thread != w.thread || ev.Input.Text != w.text || ev.AddressIfNew != w.addressIfNew || ev.Input.Value != w.value {
				t.Errorf("event %+v (name %q, addressIfNew %v)\nwant %+v", ev.Input, ev.ChannelName, ev.AddressIfNew, *w)
			}
			if w.addressesChannel == "" {
				if ev.Address != "" {
					t.Errorf("address %s, want none", ev.Address)
				}
				return
			}
			ref, err := parseAddress(ev.Address)
			if err != nil || ref.Conversation.ID != w.addressesChannel || ref.ServiceURL != f.serviceURL() {
				t.Errorf("address %s: %v", ev.Address, err)
			}
		})
	}
}

// fixtureTenant is the tenant an activity names, "" if none.
func fixtureTenant(act map[string]any) string {
	if conv, ok := act["conversation"].(map[string]any); ok {
		if t, ok := conv["tenantId"].(string); ok {
			return t
		}
	}
	if cd, ok := act["channelData"].(map[string]any); ok {
		if tn, ok := cd["tenant"].(map[string]any); ok {
			t, _ := tn["id"].(string)
			return t
		}
	}
	return ""
}
