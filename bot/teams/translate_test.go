package teams

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/dialogs"
)

const prodServiceURL = "https://smba.trafficmanager.net/emea/"

// translated is the part of an event the table checks.
type translated struct {
	ID, Channel, ChannelName         string
	Kind                             dialogs.InputKind
	Command, Text, Thread, Ref       string
	Action, Value, User, Name        string
	AddressConversation, AddressType string
	AddressServiceURL, AddressBot    string
	AddressTenant                    string
	At                               time.Time
}

var (
	cardRoot   = "1732698050000"
	newChannel = "19:9f8e7d6c5b4a39281706f5e4d3c2b1a0@thread.tacv2"
	at         = time.Date(2024, 11, 27, 9, 0, 1, 416331700, time.UTC)
)

func withoutEntities(a map[string]any) map[string]any {
	delete(a, "entities")
	return a
}

var translateTests = []struct {
	name     string
	activity map[string]any
	ok       bool
	want     translated
}{
	{
		name:     "a top-level post mentioning the coach is a command, answered in its own thread",
		activity: channelMessage(prodServiceURL, "1732698001000", "1732698001000", "<at>Involve</at> start", true),
		ok:       true,
		want: translated{ID: "message:1732698001000", Channel: testChannel, Kind: dialogs.InputCommand,
			Command: "start", Thread: "1732698001000", Ref: "1732698001000", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "mention markup with non-breaking spaces and trailing newline is stripped",
		activity: channelMessage(prodServiceURL, "1732698001001", "1732698001001", "<at>Involve</at>\u00a0report  Folk  likte\u00a0kartet\n", true),
		ok:       true,
		want: translated{ID: "message:1732698001001", Channel: testChannel, Kind: dialogs.InputCommand,
			Command: "report Folk likte kartet", Thread: "1732698001001", Ref: "1732698001001", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a bare mention is an empty command (help)",
		activity: channelMessage(prodServiceURL, "1732698001002", "1732698001002", "<at>Involve</at>", true),
		ok:       true,
		want: translated{ID: "message:1732698001002", Channel: testChannel, Kind: dialogs.InputCommand,
			Thread: "1732698001002", Ref: "1732698001002", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a reply in a prompt's thread is a message attributed to that thread",
		activity: channelMessage(prodServiceURL, "1732698002000", cardRoot, "Vi vil høre fra ungdommen på Grorud.", false),
		ok:       true,
		want: translated{ID: "message:1732698002000", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Vi vil høre fra ungdommen på Grorud.", Thread: cardRoot, Ref: "1732698002000", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "control characters in a reply are taken out (they would reach an export raw)",
		activity: channelMessage(prodServiceURL, "1732698002006", cardRoot, "Vi\x1bc vil\b\u009b2J høre\x7f.", false),
		ok:       true,
		want: translated{ID: "message:1732698002006", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Vic vil2J høre.", Thread: cardRoot, Ref: "1732698002006", User: testUserID, Name: testUserName, At: at},
	},
	{
		name: "a thread reply known only by replyToId",
		activity: func() map[string]any {
			a := channelMessage(prodServiceURL, "1732698002004", cardRoot, "Svar", false)
			a["conversation"].(map[string]any)["id"] = testChannel
			a["replyToId"] = cardRoot
			return a
		}(),
		ok: true,
		want: translated{ID: "message:1732698002004", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Svar", Thread: cardRoot, Ref: "1732698002004", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a thread reply that starts with the mention is a command",
		activity: channelMessage(prodServiceURL, "1732698002001", cardRoot, "<at>Involve</at> skip", true),
		ok:       true,
		want: translated{ID: "message:1732698002001", Channel: testChannel, Kind: dialogs.InputCommand,
			Command: "skip", Thread: cardRoot, Ref: "1732698002001", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a thread reply that starts with the mention but no command is an answer (no RSC consent)",
		activity: channelMessage(prodServiceURL, "1732698002005", cardRoot, "<at>Involve</at> Vi vil møte ungdommen der de er", true),
		ok:       true,
		want: translated{ID: "message:1732698002005", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Vi vil møte ungdommen der de er", Thread: cardRoot, Ref: "1732698002005", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a thread reply that mentions the coach midway is an answer, mention removed",
		activity: channelMessage(prodServiceURL, "1732698002002", cardRoot, "Spør <at>Involve</at> senere", true),
		ok:       true,
		want: translated{ID: "message:1732698002002", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Spør senere", Thread: cardRoot, Ref: "1732698002002", User: testUserID, Name: testUserName, At: at},
	},
	{
		name: "other people's mentions become their names",
		activity: func() map[string]any {
			a := channelMessage(prodServiceURL, "1732698002003", cardRoot, "<at>Ola</at> har kontakt med FAU", false)
			a["entities"] = []any{map[string]any{"type": "mention", "text": "<at>Ola</at>", "mentioned": map[string]any{"id": "29:ola", "name": "Ola"}}}
			return a
		}(),
		ok: true,
		want: translated{ID: "message:1732698002003", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Ola har kontakt med FAU", Thread: cardRoot, Ref: "1732698002003", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "without entities, an <at> span with the bot's name still counts",
		activity: withoutEntities(channelMessage(prodServiceURL, "1732698001003", "1732698001003", "<at>Involve</at> status", false)),
		ok:       true,
		want: translated{ID: "message:1732698001003", Channel: testChannel, Kind: dialogs.InputCommand,
			Command: "status", Thread: "1732698001003", Ref: "1732698001003", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a top-level post without mention (RSC) is a top-level message",
		activity: channelMessage(prodServiceURL, "1732698001004", "1732698001004", "Møte kl 10?", false),
		ok:       true,
		want: translated{ID: "message:1732698001004", Channel: testChannel, Kind: dialogs.InputMessage,
			Text: "Møte kl 10?", Ref: "1732698001004", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "a card's Skip button",
		activity: cardSubmit(prodServiceURL, "1732698003000", cardRoot, map[string]any{"involve_action": "skip"}),
		ok:       true,
		want: translated{ID: "message:1732698003000", Channel: testChannel, Kind: dialogs.InputAction,
			Action: dialogs.ActionSkip, Thread: cardRoot, Ref: "1732698003000", User: testUserID, Name: testUserName,
			At: time.Date(2024, 11, 27, 9, 5, 0, 123456700, time.UTC)},
	},
	{
		name:     "a card button with a value",
		activity: cardSubmit(prodServiceURL, "1732698003001", cardRoot, map[string]any{"involve_action": "new_round", "value": "2"}),
		ok:       true,
		want: translated{ID: "message:1732698003001", Channel: testChannel, Kind: dialogs.InputAction,
			Action: dialogs.ActionNewRound, Value: "2", Thread: cardRoot, Ref: "1732698003001", User: testUserID, Name: testUserName,
			At: time.Date(2024, 11, 27, 9, 5, 0, 123456700, time.UTC)},
	},
	{
		name:     "a submit from some other card is ignored",
		activity: cardSubmit(prodServiceURL, "1732698003002", cardRoot, map[string]any{"choice": "a"}),
	},
	{
		name:     "the app added to a team: joined in General",
		activity: teamInstalled(prodServiceURL, "f:6d1c0a3e-1b8f-4c6b-9e8a-2a4c1f0e9d7b"),
		ok:       true,
		want: translated{ID: "conversationUpdate:f:6d1c0a3e-1b8f-4c6b-9e8a-2a4c1f0e9d7b", Channel: testTeam, ChannelName: "General",
			Kind: dialogs.InputJoined, User: testUserID, At: time.Date(2024, 11, 27, 8, 0, 0, 0, time.UTC)},
	},
	{
		name: "someone else added to the team is ignored",
		activity: func() map[string]any {
			a := teamInstalled(prodServiceURL, "f:1")
			a["membersAdded"] = []any{map[string]any{"id": "29:someone"}}
			return a
		}(),
	},
	{
		name:     "a channel created in the team: joined in the new channel with its name",
		activity: channelCreated(prodServiceURL, "f:2b7c9e1d-0a3f-4e5b-8c6d-7e8f9a0b1c2d", newChannel, "sak-grorud-sentrum"),
		ok:       true,
		want: translated{ID: "channelCreated:f:2b7c9e1d-0a3f-4e5b-8c6d-7e8f9a0b1c2d", Channel: newChannel, ChannelName: "sak-grorud-sentrum",
			Kind: dialogs.InputJoined, User: testUserID, At: time.Date(2024, 11, 27, 8, 0, 0, 0, time.UTC),
			AddressConversation: newChannel},
	},
	{
		name:     "installationUpdate add: joined in that conversation",
		activity: installationUpdate(prodServiceURL, "f:8e7d6c5b-4a39-4281-a706-f5e4d3c2b1a0", "add"),
		ok:       true,
		want: translated{ID: "installationUpdate:f:8e7d6c5b-4a39-4281-a706-f5e4d3c2b1a0", Channel: testTeam, ChannelName: "General",
			Kind: dialogs.InputJoined, User: testUserID, At: time.Date(2024, 11, 27, 8, 0, 0, 100000000, time.UTC)},
	},
	{
		name:     "installationUpdate remove is ignored",
		activity: installationUpdate(prodServiceURL, "f:x", "remove"),
	},
	{
		name:     "an edit in a thread",
		activity: edited(channelMessage(prodServiceURL, "1732698002000", cardRoot, "old", false), "Ungdommen og FAU", "2024-11-27T09:30:00.000Z"),
		ok:       true,
		want: translated{ID: "messageUpdate:1732698002000:2024-11-27T09:30:00Z", Channel: testChannel, Kind: dialogs.InputEdit,
			Text: "Ungdommen og FAU", Thread: cardRoot, Ref: "1732698002000", User: testUserID, Name: testUserName,
			At: time.Date(2024, 11, 27, 9, 30, 0, 0, time.UTC)},
	},
	{
		name:     "a deletion in a thread",
		activity: deleted(channelMessage(prodServiceURL, "1732698002000", cardRoot, "x", false)),
		ok:       true,
		want: translated{ID: "messageDelete:1732698002000:2024-11-27T09:00:01.4163317Z", Channel: testChannel, Kind: dialogs.InputDelete,
			Thread: cardRoot, Ref: "1732698002000", User: testUserID, Name: testUserName, At: at},
	},
	{
		name:     "personal chat: any text is a command",
		activity: personalMessage(prodServiceURL, "1732698009000", "hjelp"),
		ok:       true,
		want: translated{ID: "message:1732698009000", Channel: "a:1Hq9ZqF0H1tT4aS0vR2mVgXyk3p5wB8cNpersonalChatId", Kind: dialogs.InputCommand,
			Command: "hjelp", Ref: "1732698009000", User: testUserID, Name: testUserName, At: time.Date(2024, 11, 27, 9, 10, 0, 0, time.UTC),
			AddressConversation: "a:1Hq9ZqF0H1tT4aS0vR2mVgXyk3p5wB8cNpersonalChatId", AddressType: "personal"},
	},
	{
		name: "a bot's message is never passed on",
		activity: func() map[string]any {
			a := channelMessage(prodServiceURL, "1732698001009", "1732698001009", "hei", false)
			a["from"] = map[string]any{"id": "28:otherbot", "name": "Other", "role": "bot"}
			return a
		}(),
	},
	{name: "typing is ignored", activity: map[string]any{"type": "typing", "id": "1", "serviceUrl": prodServiceURL, "conversation": map[string]any{"id": testChannel}}},
	{name: "a reaction is ignored", activity: map[string]any{"type": "messageReaction", "id": "2", "serviceUrl": prodServiceURL,
		"reactionsAdded": []any{map[string]any{"type": "like"}}, "conversation": map[string]any{"id": testChannel}}},
}

func TestTranslate(t *testing.T) {
	for _, tt := range translateTests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := parseActivity(mustJSON(t, tt.activity))
			if err != nil {
				t.Fatal(err)
			}
			ev, ok := translate(in)
			if ok != tt.ok {
				t.Fatalf("translate ok = %v, want %v (event %+v)", ok, tt.ok, ev)
			}
			if !ok {
				return
			}
			if ev.Platform != "teams" || ev.EphemeralOK {
				t.Errorf("platform %q, ephemeralOK %v", ev.Platform, ev.EphemeralOK)
			}
			var ref schema.ConversationReference
			if err := json.Unmarshal([]byte(ev.Address), &ref); err != nil {
				t.Fatalf("address %q: %v", ev.Address, err)
			}
			got := translated{
				ID: ev.ID, Channel: ev.Channel, ChannelName: ev.ChannelName,
				Kind: ev.Input.Kind, Command: ev.Input.Command, Text: ev.Input.Text, Thread: ev.Input.Thread,
				Ref: ev.Input.Ref, Action: ev.Input.Action, Value: ev.Input.Value, User: ev.Input.User, Name: ev.Input.Name,
				At: ev.Input.At,
			}
			want := tt.want
			// Every event carries the conversation reference of its channel.
			if want.AddressConversation == "" {
				want.AddressConversation = ev.Channel
			}
			if want.AddressType == "" {
				want.AddressType = "channel"
			}
			want.AddressServiceURL, want.AddressBot, want.AddressTenant = prodServiceURL, testBotID, testTenant
			got.AddressConversation, got.AddressType = ref.Conversation.ID, ref.Conversation.ConversationType
			got.AddressServiceURL, got.AddressBot, got.AddressTenant = ref.ServiceURL, ref.Bot.ID, ref.Conversation.TenantID
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestSplitConversationID(t *testing.T) {
	for _, tt := range []struct{ id, ch, root string }{
		{testChannel + ";messageid=1732698000000", testChannel, "1732698000000"},
		{testChannel, testChannel, ""},
		{"a:1personal", "a:1personal", ""},
		{"19:meeting_abc@thread.v2", "19:meeting_abc@thread.v2", ""},
	} {
		ch, root := splitConversationID(tt.id)
		if ch != tt.ch || root != tt.root {
			t.Errorf("splitConversationID(%q) = %q, %q; want %q, %q", tt.id, ch, root, tt.ch, tt.root)
		}
	}
}

func TestParseActivityRejectsGarbage(t *testing.T) {
	for _, body := range []string{``, `[]`, `{"type": 5}`, `{"timestamp": "yesterday"}`, `{"value": "not an object"}`} {
		if _, err := parseActivity([]byte(body)); err == nil {
			t.Errorf("parseActivity(%s) succeeded", body)
		}
	}
}
