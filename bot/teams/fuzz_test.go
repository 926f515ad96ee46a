package teams

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzTranslateActivity feeds arbitrary bodies through parsing, translation
// and address handling: nothing may panic, and what translates must be a
// usable event.
func FuzzTranslateActivity(f *testing.F) {
	seeds := []map[string]any{
		channelMessage(prodServiceURL, "1732698001000", "1732698001000", "<at>Involve</at> start", true),
		channelMessage(prodServiceURL, "1732698002000", cardRoot, "<at>Kari</at><at>Involve</at> <at>x</at", true),
		cardSubmit(prodServiceURL, "1732698003000", cardRoot, map[string]any{"involve_action": "skip", "value": []any{1, "a"}}),
		teamInstalled(prodServiceURL, "f:1"),
		channelCreated(prodServiceURL, "f:2", newChannel, "sak-x"),
		installationUpdate(prodServiceURL, "f:3", "add"),
		personalMessage(prodServiceURL, "9", "help"),
		edited(channelMessage(prodServiceURL, "5", cardRoot, "a", false), "b", "2024-11-27T09:30:00Z"),
		deleted(channelMessage(prodServiceURL, "6", cardRoot, "a", false)),
	}
	for _, s := range seeds {
		b, _ := json.Marshal(s)
		f.Add(b)
	}
	f.Add([]byte(`{"type":"message","text":"<at></at><at>","entities":[{"type":"mention","text":"","mentioned":{"id":""}}],"conversation":{"id":";messageid="}}`))
	f.Add([]byte(`{"type":"conversationUpdate","channelData":{"eventType":"channelCreated","channel":"x"},"membersAdded":[{}]}`))
	f.Add([]byte(`{"type":"message","value":{"involve_action":{"x":1}},"conversation":{"id":"19:a"}}`))

	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := parseActivity(body)
		if err != nil {
			return
		}
		ev, ok := translate(in)
		if !ok {
			return
		}
		if ev.Channel == "" || ev.Platform != Platform || ev.Input.Kind == "" {
			t.Fatalf("unusable event %+v", ev)
		}
		if ev.Address != "" {
			if _, err := parseAddress(ev.Address); err != nil {
				t.Fatalf("address %q does not parse back: %v", ev.Address, err)
			}
		}
		if utf8.ValidString(in.Text) && !utf8.ValidString(ev.Input.Command+ev.Input.Text) {
			t.Fatalf("valid text became invalid UTF-8: %q", ev.Input.Command+ev.Input.Text)
		}
	})
}
