package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/dialogs"
)

// FuzzTranslateEvent feeds event callbacks, starting from real shapes, to
// the translator: it must never panic, and what it passes on must be an
// event the engine can use.
func FuzzTranslateEvent(f *testing.F) {
	for _, tt := range callbackTests {
		f.Add([]byte(tt.payload))
	}
	f.Add([]byte(`{"type":"event_callback","event":{"type":"message","channel":{"id":1},"message":null}}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"channel_created","channel":"C1"}}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"app_mention","text":"<@UBOT0001","channel":"C1","user":"U1"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tr := range []translator{testTranslator, {}} {
			in, ok, err := tr.callback(data)
			if err != nil || !ok {
				continue
			}
			ev := in.Event
			if ev.Platform != platform || ev.Channel == "" || ev.Input.Kind == "" {
				t.Fatalf("unusable event %+v from %s", ev, data)
			}
			switch ev.Input.Kind {
			case dialogs.InputMessage, dialogs.InputEdit:
				if ev.Input.Ref == "" || ev.Input.Thread == "" || ev.Input.User == "" {
					t.Fatalf("message without ref, thread or author: %+v", ev.Input)
				}
				if tr.self.UserID != "" && ev.Input.User == tr.self.UserID {
					t.Fatalf("the coach's own message passed on: %s", data)
				}
			case dialogs.InputDelete:
				if ev.Input.Ref == "" {
					t.Fatalf("delete without ref: %s", data)
				}
			case dialogs.InputJoined:
				if in.Join && !tr.isCase(ev.ChannelName) {
					t.Fatalf("joining a channel that is no case channel: %s", data)
				}
			}
			for _, s := range []string{ev.Input.Text, ev.Input.Command} {
				if broadcast.MatchString(s) {
					t.Fatalf("broadcast mention survived: %q from %s", s, data)
				}
			}
		}
	})
}

// FuzzTranslateAction does the same for interactivity payloads.
func FuzzTranslateAction(f *testing.F) {
	for _, p := range []string{payloadBlockActions, payloadBlockActionsInThread, payloadBlockActionsEphemeral} {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var cb slack.InteractionCallback
		if json.Unmarshal(data, &cb) != nil {
			return
		}
		in, ok := testTranslator.action(cb)
		if ok && (in.Event.Channel == "" || in.Event.Input.Action == "" || in.Event.Input.User == "" || strings.Contains(in.Event.Input.Action, "#")) {
			t.Fatalf("unusable action %+v", in.Event)
		}
	})
}

// FuzzRender checks that no text, whatever it holds, can leave the
// renderer as Slack markup: no mention, link or broadcast.
func FuzzRender(f *testing.F) {
	f.Add("Hva satt innbyggerne igjen med?", "<!here> & <@U1> <https://x|y>", "3/14")
	f.Add(strings.Repeat("&amp;", 700), "\n\n\n", "")
	f.Fuzz(func(t *testing.T, title, text, progress string) {
		m := render(dialogs.Reply{Kind: dialogs.ReplyNudge, Title: title, Text: text, Quote: text, Context: title,
			Progress: progress, Sections: []dialogs.Section{{Heading: title, Lines: []string{text}}},
			Buttons: []dialogs.Button{{Action: "a", Label: title, Value: text}}})
		b, err := json.Marshal(m.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		var blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type, Text string
			} `json:"text"`
			Elements []struct {
				Type string          `json:"type"`
				Text json.RawMessage `json:"text"`
			} `json:"elements"`
		}
		if err := json.Unmarshal(b, &blocks); err != nil {
			t.Fatal(err)
		}
		check := func(s string) {
			if strings.Contains(s, "<") {
				t.Fatalf("markup in mrkdwn: %q", s)
			}
		}
		check(m.Text)
		for _, bl := range blocks {
			if bl.Text != nil && bl.Text.Type == "mrkdwn" {
				check(bl.Text.Text)
			}
			for _, el := range bl.Elements {
				var text string
				if el.Type == "mrkdwn" && json.Unmarshal(el.Text, &text) == nil {
					check(text)
				}
			}
		}
		if len(m.Blocks) > maxBlocks {
			t.Fatalf("%d blocks", len(m.Blocks))
		}
	})
}

// Fuzzing the parser of Slack timestamps, whose output names messages.
func FuzzParseTS(f *testing.F) {
	f.Add("1732612345.001200")
	f.Fuzz(func(t *testing.T, s string) {
		if ts, ok := parseTS(s); ok && ts.Before(time.Unix(0, 0)) {
			t.Fatalf("parseTS(%q) = %v", s, ts)
		}
	})
}
