package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// coachingRenders are the coaching's messages as the coach says them,
// rendered through render like the others; their Block Kit is kept in
// testdata/render/<name>.json.
func coachingRenders() []struct {
	name  string
	reply dialogs.Reply
} {
	co := dialogs.Coach{Lang: dialogs.NB, Location: time.UTC}
	c := co.NewCase("C0CASE001", "slack", "sak-grorud-sentrum", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	at := c.Created
	step := func(in dialogs.Input) dialogs.Outcome {
		at = at.Add(time.Minute)
		in.At, in.User, in.Name = at, "U0PLANNER", "Kari"
		return co.Step(c, in)
	}
	find := func(out dialogs.Outcome, kind dialogs.ReplyKind) dialogs.Reply {
		for _, r := range out.Replies {
			if r.Kind == kind {
				return r
			}
		}
		panic("no " + kind)
	}
	step(dialogs.Input{Kind: dialogs.InputCommand, Command: "start"})
	level := find(step(dialogs.Input{Kind: dialogs.InputCommand, Command: "nivå"}), dialogs.ReplyLevel)
	step(dialogs.Input{Kind: dialogs.InputCommand, Command: "grupper legg til barn"})
	step(dialogs.Input{Kind: dialogs.InputCommand, Command: "grupper legg til Ungdomsrådet"})
	groups := find(step(dialogs.Input{Kind: dialogs.InputCommand, Command: "grupper"}), dialogs.ReplyGroups)
	for q := 1; q <= dialogs.QuestionCount; q++ {
		step(dialogs.Input{Kind: dialogs.InputCommand, Command: fmt.Sprintf("svar %d Svar %d.", q, q)})
	}
	nudge := find(step(dialogs.Input{Kind: dialogs.InputNudge, Slot: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)}), dialogs.ReplyNudge)
	digest := co.Digest([]dialogs.DigestCase{
		co.DigestCase(c, time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)),
		{Channel: "19:abc@thread.tacv2", Platform: "teams", Name: "Stikkprøver i nærmiljøet <!here>", Stage: "spørsmål 4 av 14",
			Weeks: "ingen tilbakemeldinger ennå", Level: "nivå ikke valgt", Groups: "ingen grupper planlagt"},
	}, time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), DigestLimits)[0]
	return []struct {
		name  string
		reply dialogs.Reply
	}{{"level", level}, {"groups", groups}, {"nudge-groups", nudge}, {"digest", digest}}
}

func TestRenderCoachingGolden(t *testing.T) {
	for _, tt := range coachingRenders() {
		t.Run(tt.name, func(t *testing.T) {
			m := render(tt.reply)
			got, err := json.MarshalIndent(struct {
				Text   string `json:"text"`
				Blocks any    `json:"blocks"`
			}{m.Text, m.Blocks}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			goldenRender(t, tt.name, append(got, '\n'))
		})
	}
}

// TestRenderCoachingRules states what the golden files show.
func TestRenderCoachingRules(t *testing.T) {
	r := coachingRenders()
	level, groups, nudge, digest := render(r[0].reply), render(r[1].reply), render(r[2].reply), render(r[3].reply)
	ids := func(m rendered) []string {
		var out []string
		for _, b := range m.Blocks {
			if a, ok := b.(*slack.ActionBlock); ok {
				for _, e := range a.Elements.ElementSet {
					out = append(out, e.(*slack.ButtonBlockElement).ActionID+"="+e.(*slack.ButtonBlockElement).Value)
				}
			}
		}
		return out
	}
	if got := strings.Join(ids(level), " "); got != "level=inform level#1=consult level#2=involve level#3=collaborate level#4=empower" {
		t.Errorf("level buttons %s", got)
	}
	if got := strings.Join(ids(groups), " "); !strings.HasPrefix(got, "group=children group#1=young") {
		t.Errorf("group buttons %s", got)
	}
	if got := strings.Join(ids(nudge), " "); !strings.HasPrefix(got, "reached=children reached#1=Ungdomsrådet nothing=") {
		t.Errorf("nudge buttons %s", got)
	}
	js, _ := json.Marshal(digest.Blocks)
	if !strings.Contains(string(js), "\\u003c#C0CASE001\\u003e") {
		t.Errorf("the digest does not link the Slack case: %s", js)
	}
	if strings.Contains(string(js), "<!here>") || strings.Contains(string(js), "\\u003c!here\\u003e") || strings.Contains(string(js), "19:abc") {
		t.Errorf("the digest lets a name mention, or links a Teams channel: %s", js)
	}
}

// TestTranslateCoachingButtons: a press on a level, group or reached
// button, with the "#n" suffix Block Kit needs for repeated actions, comes
// back as its action and value. The payload is Slack's block_actions of
// payloads_test.go with the button changed.
func TestTranslateCoachingButtons(t *testing.T) {
	for _, tc := range []struct{ id, value, action string }{
		{"level#2", "involve", dialogs.ActionLevel},
		{"group", "children", dialogs.ActionGroup},
		{"reached#1", "Ungdomsrådet", dialogs.ActionReached},
	} {
		payload := strings.ReplaceAll(payloadBlockActions, `"action_id": "skip"`, `"action_id": "`+tc.id+`"`)
		payload = strings.ReplaceAll(payload, `"value": "1:1"`, `"value": "`+tc.value+`"`)
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(payload), &cb); err != nil {
			t.Fatal(err)
		}
		got, ok := testTranslator.action(cb)
		if !ok || got.Event.Input.Action != tc.action || got.Event.Input.Value != tc.value || got.Event.Input.Kind != dialogs.InputAction {
			t.Errorf("%s: %v %+v", tc.id, ok, got.Event.Input)
		}
	}
}

// conversationsInfo answers conversations.info with the channel of
// slack-go's own test data (github.com/slack-go/slack v0.35.0,
// conversation_test.go, simpleChannel), is_member as the test needs it.
const conversationsInfo = `{
    "ok": true,
    "channel": {
        "id": "C024BE91L",
        "name": "fun",
        "is_channel": true,
        "created": 1360782804,
        "creator": "U024BE7LH",
        "is_archived": false,
        "is_general": false,
        "members": [
            "U024BE7LH"
        ],
        "topic": {
            "value": "Fun times",
            "creator": "U024BE7LV",
            "last_set": 1369677212
        },
        "purpose": {
            "value": "This channel is for fun",
            "creator": "U024BE7LH",
            "last_set": 1360782804
        },
        "is_member": %s,
        "last_read": "1401383885.000061",
        "unread_count": 0,
        "unread_count_display": 0
    }
}`

// TestCheckDigestChannel asks the real client against Slack's answer:
// a member passes, a non-member and an unknown channel stop start-up with
// a message that says what to do.
func TestCheckDigestChannel(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"member", fmt.Sprintf(conversationsInfo, "true"), ""},
		{"not a member", fmt.Sprintf(conversationsInfo, "false"), "invite the app there with /invite @Involve"},
		{"unknown channel", `{"ok": false, "error": "channel_not_found"}`, "channel_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/api/conversations.info" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			api := slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/api/"))
			a, err := newAdapter(Config{}, api, &bottest.Handler{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = a.CheckDigestChannel(context.Background(), "C024BE91L")
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrNotInDigestChannel) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "C024BE91L") {
				t.Fatalf("err %v, want one that names the channel and says %q", err, tc.want)
			}
		})
	}
}

// goldenRender compares got with testdata/render/name.json, or writes it
// with -update.
func goldenRender(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "render", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("render(%s) differs from %s:\n%s", name, path, got)
	}
}
