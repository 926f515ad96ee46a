package teams

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// hostile are texts a resident or a team member may write, each with what
// the Adaptive Card's Markdown must be given so that it shows as written.
var hostile = []struct {
	name, in, want string
}{
	{"link with a trusted label",
		"[https://login.oslo.kommune.no/sso](https://evil.example/phish) **HASTER**",
		`\[https://login.oslo.kommune.no/sso\](https://evil.example/phish) \*\*HASTER\*\*`},
	{"plain address", "https://www.oslo.kommune.no/plan", "https://www.oslo.kommune.no/plan"},
	{"autolink", "<https://evil.example>", `\<https://evil.example\>`},
	{"mention tag", "<at>Alle</at> se her", `\<at\>Alle\</at\> se her`},
	{"italic and strike", "_viktig_ ~~borte~~", `\_viktig\_ \~\~borte\~\~`},
	{"code", "`rm -rf`", "\\`rm -rf\\`"},
	{"backslash", `C:\sak\`, `C:\\sak\\`},
	{"list item", "- punkt\n+ pluss\n* stjerne", "\\- punkt\n\\+ pluss\n\\* stjerne"},
	{"numbered", "1. først\n  2) så", "1\\. først\n  2\\) så"},
	{"heading", "# Overskrift", `\# Overskrift`},
	{"quote", "> sitat", `\> sitat`},
	{"setext", "tekst\n===", "tekst\n\\==="},
	{"table", "| a | b |", `\| a \| b \|`},
	{"ordinary Norwegian", "Uke 48: 12 innbyggere på Grorud, «bra møte».", "Uke 48: 12 innbyggere på Grorud, «bra møte»."},
	{"a year is not a list", "2026 ble et godt år", "2026 ble et godt år"},
}

func TestMdTextTable(t *testing.T) {
	for _, tc := range hostile {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("%s: mdText(%q)\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// Every field of a reply that can carry words the coach did not write
// reaches the card escaped: a case title, a quoted intention, a group name
// in a section, a resident's answer in the text, a promise in the context.
func TestRenderEscapesEveryField(t *testing.T) {
	for _, tc := range hostile {
		r := dialogs.Reply{
			Kind: dialogs.ReplySummary, Lang: dialogs.NB,
			Title:     "Oppsummering: " + tc.in,
			Text:      "Innbyggerne skrev: " + tc.in,
			QuoteLead: "Dere ville:",
			Quote:     tc.in,
			Sections:  []dialogs.Section{{Heading: tc.in, Lines: []string{tc.in, "Gruppe: " + tc.in}}},
			Context:   "Løftet: " + tc.in,
		}
		var texts []string
		for _, b := range blocks(renderedCard(t, render(r))) {
			_, text, _ := strings.Cut(b, "|")
			texts = append(texts, text)
		}
		joined := strings.Join(texts, "\n")
		if want := mdText(tc.in); !strings.Contains(joined, want) {
			t.Errorf("%s: the card lacks the escaped text %q:\n%s", tc.name, want, joined)
		}
		for _, text := range texts {
			if bad := unescapedMarkup(text); bad != "" {
				t.Errorf("%s: card text %q has unescaped %q", tc.name, text, bad)
			}
		}

		// The same reply as Markdown text (a card too large for Teams) and
		// a bare text message.
		md := replyMarkdown(r)
		if want := mdText(tc.in); !strings.Contains(md, want) {
			t.Errorf("%s: the Markdown lacks %q:\n%s", tc.name, want, md)
		}
		acts := render(dialogs.Reply{Kind: dialogs.ReplyText, Text: tc.in})
		if len(acts) != 1 || acts[0].Text != tc.want || acts[0].TextFormat != "markdown" {
			t.Errorf("%s: bare text rendered as %+v", tc.name, acts)
		}
	}
}

// The link from the issue, end to end: on the wire there is no "](" that
// is not escaped, so no link with a label of the resident's choosing.
func TestRenderNoLinkFromResidents(t *testing.T) {
	r := dialogs.Reply{Kind: dialogs.ReplyText, Title: "Nytt svar fra en innbygger",
		Text: "[https://login.oslo.kommune.no/sso](https://evil.example/phish) **HASTER**"}
	for _, a := range render(r) {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, "sso](") || strings.Contains(s, `"**HASTER**`) || strings.Contains(s, " **HASTER") {
			t.Errorf("a link or bold text got through: %s", s)
		}
	}
}

// unescapedMarkup returns the first Markdown markup character in s that is
// not escaped with a backslash, or "".
func unescapedMarkup(s string) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++ // what follows is escaped
		case '*', '_', '[', ']', '`', '~', '<', '>', '|':
			return string(c)
		}
	}
	return ""
}
