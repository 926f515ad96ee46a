package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// hostile are texts a resident or a team member may write, with what a
// mrkdwn field must be given so that they show as written: no link, no
// mention, no broadcast.
var hostile = []struct {
	name, in, want string
}{
	{"markdown link with a trusted label",
		"[https://login.oslo.kommune.no/sso](https://evil.example/phish) **HASTER**",
		"[https://login.oslo.kommune.no/sso](https://evil.example/phish) **HASTER**"},
	{"mrkdwn link with a trusted label", "<https://evil.example/phish|https://login.oslo.kommune.no/sso>",
		"&lt;https://evil.example/phish|https://login.oslo.kommune.no/sso&gt;"},
	{"broadcast", "<!channel> møte nå", " møte nå"},
	{"broadcast written out", "@here og @channel", "@\u2060here og @\u2060channel"},
	{"user mention", "<@U012AB3CD>", "&lt;@U012AB3CD&gt;"},
	{"channel link", "<#C012AB3CD|general>", "&lt;#C012AB3CD|general&gt;"},
	{"entities", "a & b < c > d", "a &amp; b &lt; c &gt; d"},
	{"ordinary Norwegian", "Uke 48: 12 innbyggere på Grorud, «bra møte».", "Uke 48: 12 innbyggere på Grorud, «bra møte»."},
}

func TestMrkdwnTable(t *testing.T) {
	for _, tc := range hostile {
		if got := mrkdwn(tc.in); got != tc.want {
			t.Errorf("%s: mrkdwn(%q)\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// Every field of a reply reaches Block Kit escaped: no mrkdwn text holds
// a < or > that Slack would read as a link or mention.
func TestRenderEscapesEveryField(t *testing.T) {
	for _, tc := range hostile {
		r := dialogs.Reply{
			Kind: dialogs.ReplyStatus, Lang: dialogs.NB,
			Title:     "Status: " + tc.in,
			Text:      "Innbyggerne skrev: " + tc.in,
			QuoteLead: "Dere ville:",
			Quote:     tc.in,
			Sections:  []dialogs.Section{{Heading: tc.in, Lines: []string{tc.in, "Gruppe: " + tc.in}}},
			Context:   "Løftet: " + tc.in,
			Buttons:   []dialogs.Button{{Action: dialogs.ActionSkip, Label: tc.in}},
		}
		b, err := json.Marshal(render(r).Blocks)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		collectMrkdwn(t, b, &texts)
		if len(texts) == 0 {
			t.Fatalf("%s: no mrkdwn texts in %s", tc.name, b)
		}
		for _, s := range texts {
			// A block quote's "> " is the coach's own markup.
			s = strings.ReplaceAll("\n"+s, "\n> ", "\n")
			if strings.ContainsAny(s, "<>") || strings.Contains(s, "@here") || strings.Contains(s, "@channel") {
				t.Errorf("%s: mrkdwn text %q can link or mention", tc.name, s)
			}
		}
		if !strings.Contains(strings.Join(texts, "\n"), tc.want) {
			t.Errorf("%s: the blocks lack %q: %s", tc.name, tc.want, b)
		}
	}
}

// collectMrkdwn gathers the text of every mrkdwn text object in blocks.
func collectMrkdwn(t *testing.T, raw []byte, out *[]string) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "mrkdwn" {
				if s, ok := x["text"].(string); ok {
					*out = append(*out, s)
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
}
