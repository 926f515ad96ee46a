package teams

import (
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// When the app is added to a team, Teams names the channel the installer
// selected in conversation.id and conversation.name (Microsoft's
// documented conversationUpdate and installationUpdate). In a case
// channel the coach starts the questions there, and the case is titled
// with the channel's real name.
func TestInstallIntoASelectedCaseChannel(t *testing.T) {
	e := newCoachE2E(t, nil)
	su := e.f.serviceURL()
	// newChannel is not in the fake Connector's channel list: the name can
	// only come from the install itself.
	e.send(installationUpdateIn(su, "f:install-1", "add", newChannel, "sak-torshov-park"))
	e.send(teamInstalledIn(su, "f:member-1", newChannel, "sak-torshov-park"))
	e.settle()

	c := e.caseOf(newChannel)
	if c.Name != "sak-torshov-park" || c.State != dialogs.StateAsking {
		t.Fatalf("case name %q state %s; want the selected channel's name, asking", c.Name, c.State)
	}
	posts := e.f.recorded()
	if len(posts) != 2 || !strings.Contains(cardText(posts[1]), "1/14") {
		t.Fatalf("%d posts (%v); want the welcome and question 1, once", len(posts), posts)
	}
	for _, p := range posts {
		if p.Conversation != newChannel {
			t.Errorf("posted to %q, want the selected channel", p.Conversation)
		}
	}
	if _, err := e.eng.Case(testTeam); err == nil {
		t.Error("a case was opened in the General channel, which nobody selected")
	}
}

// Selected General: its id is the team's, and Teams names it nowhere.
func TestInstallIntoGeneral(t *testing.T) {
	e := newCoachE2E(t, nil)
	e.send(teamInstalled(e.f.serviceURL(), "f:member-1"))
	e.settle()
	c := e.caseOf(testTeam)
	if c.Name != generalChannelName || c.State == dialogs.StateAsking {
		t.Errorf("General: name %q state %s; want General, not started", c.Name, c.State)
	}
}

// A mention entity may come without text: mentioned.id equal to the
// recipient's id is what identifies the bot.
func TestMentionWithoutEntityText(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
		atStart          bool
	}{
		{"at the start, with markup", "<at>Involve</at> status", "status", true},
		{"at the start, markup with @", "<at>@Involve</at> status", "status", true},
		{"without markup", "Involve status", "status", true},
		{"later in the text", "Hei <at>Involve</at>, status", "Hei , status", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			act := channelMessage(prodServiceURL, "1732698001000", "1732698001000", tt.text, false)
			act["entities"] = []any{map[string]any{
				"type":      "mention",
				"mentioned": map[string]any{"id": testBotID, "name": "Involve"},
			}, clientInfo()}
			in, err := parseActivity(mustJSON(t, act))
			if err != nil {
				t.Fatal(err)
			}
			out, atStart, anywhere := stripMentions(in.Text, in.Mentions, in.Recipient)
			if out != tt.want || atStart != tt.atStart || !anywhere {
				t.Errorf("stripMentions(%q) = %q, %v, %v; want %q, %v, true", tt.text, out, atStart, anywhere, tt.want, tt.atStart)
			}
			ev, ok := translate(in)
			if !ok || ev.Input.Kind != dialogs.InputCommand {
				t.Errorf("translated to %+v, want a command", ev.Input)
			}
		})
	}
	// Someone else's mention, without text, is not the bot's.
	act := channelMessage(prodServiceURL, "1732698001001", "1732698001001", "<at>Kari</at> se her", false)
	act["entities"] = []any{map[string]any{"type": "mention", "mentioned": map[string]any{"id": testUserID, "name": "Kari"}}}
	in, _ := parseActivity(mustJSON(t, act))
	if out, _, anywhere := stripMentions(in.Text, in.Mentions, in.Recipient); anywhere || out != "Kari se her" {
		t.Errorf("another's mention: %q, %v", out, anywhere)
	}
}
