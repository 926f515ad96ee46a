package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/render")

// renderTests are replies as the coach gives them; each one's Block Kit is
// kept in testdata/render/<name>.json.
var renderTests = []struct {
	name  string
	reply dialogs.Reply
}{
	{"prompt", dialogs.Reply{
		Kind: dialogs.ReplyPrompt, Lang: dialogs.NB,
		Title:    "Hva er det egentlig rom for at de kan påvirke?",
		Context:  "Vær ærlige: hva er allerede bestemt, og hva kan fortsatt endres?",
		Progress: "3/14",
		Buttons: []dialogs.Button{
			{Action: dialogs.ActionSkip, Label: "Hopp over", Value: "1:3"},
			{Action: dialogs.ActionPause, Label: "Ta en pause", Value: "1:3"},
		},
		Round: 1, Question: 3,
	}},
	{"help", dialogs.Reply{
		Kind: dialogs.ReplyHelp, Lang: dialogs.NB, Ephemeral: true,
		Title:   "Slik bruker dere Involve",
		Text:    "Den kjenner jeg ikke: «<!channel> hjelp».",
		Context: "Svar på spørsmålene i tråden under hvert spørsmål.",
		Sections: []dialogs.Section{{Heading: "Skriv /involve og en av disse:", Lines: []string{
			"start – begynn på refleksjonsspørsmålene",
			"status – hvor står vi?",
			"report <tekst> – hva satt innbyggerne igjen med?",
		}}},
	}},
	{"summary", dialogs.Reply{
		Kind: dialogs.ReplySummary, Lang: dialogs.NB,
		Title: "Oppsummering: sak-grorud-sentrum",
		Sections: []dialogs.Section{
			{Heading: "Det vi ønsket at de skulle sitte igjen med", Lines: []string{"At de ble hørt & at <planen> ble bedre"}},
			{Heading: "Det de faktisk satt igjen med", Lines: []string{"26. nov., Kari: Svar på spørsmålene sine"}},
			{Heading: "1. Hva må vi ha tenkt på i forkant?", Lines: []string{"Kari: Hvem bor der?", "Ola: Hva er bestemt?"}},
		},
	}},
	{"nudge", dialogs.Reply{
		Kind: dialogs.ReplyNudge, Lang: dialogs.NB,
		Title:   "Hva satt innbyggerne igjen med?",
		Text:    "Dere ønsket at de skulle sitte igjen med dette:",
		Quote:   "Følelsen av å bli tatt på alvor\nog et svar på <!here> hva som skjer videre",
		Context: "Det viktigste er at vi prøver – det er ikke farlig å feile.",
		Buttons: []dialogs.Button{
			{Action: dialogs.ActionNothing, Label: "Ingenting å melde denne uka", Value: "2024-W48"},
			{Action: dialogs.ActionPauseNudges, Label: "Stopp påminnelsene", Style: "danger"},
		},
	}},
	{"intro", dialogs.Reply{
		Kind: dialogs.ReplyIntro, Lang: dialogs.EN,
		Title: "Hi, I'm Involve",
		Text:  "I help a team think through how it involves residents.\n\nPress Start when you are ready.",
		Buttons: []dialogs.Button{
			{Action: dialogs.ActionStart, Label: "Start", Style: "primary"},
			{Action: dialogs.ActionStart, Label: "Start in English", Value: "en"},
		},
	}},
}

func TestRenderGolden(t *testing.T) {
	for _, tt := range renderTests {
		t.Run(tt.name, func(t *testing.T) {
			m := render(tt.reply)
			got, err := json.MarshalIndent(struct {
				Text   string `json:"text"`
				Blocks any    `json:"blocks"`
			}{m.Text, m.Blocks}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "render", tt.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("render(%s) differs from %s:\n%s", tt.name, path, got)
			}
		})
	}
}

// What the golden files show, stated as rules.
func TestRenderRules(t *testing.T) {
	for _, tt := range renderTests {
		m := render(tt.reply)
		b, _ := json.Marshal(m)
		s := string(b)
		if m.Text == "" {
			t.Errorf("%s: no fallback text", tt.name)
		}
		for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<planen>"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: %q survived rendering", tt.name, bad)
			}
		}
		if len(m.Blocks) > maxBlocks {
			t.Errorf("%s: %d blocks", tt.name, len(m.Blocks))
		}
	}

	prompt := render(renderTests[0].reply)
	b, _ := json.Marshal(prompt.Blocks)
	for _, want := range []string{
		`"text":"*Hva er det egentlig rom for at de kan påvirke?*"`,
		`"type":"context"`, `"text":"*3/14*"`,
		`"action_id":"skip"`, `"value":"1:3"`, `"action_id":"pause"`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("prompt blocks lack %s: %s", want, b)
		}
	}
	if prompt.Text != "3/14 · Hva er det egentlig rom for at de kan påvirke?" {
		t.Errorf("prompt fallback = %q", prompt.Text)
	}

	nudge, _ := json.Marshal(render(renderTests[3].reply).Blocks)
	if !strings.Contains(string(nudge), `"text":"\u003e Følelsen av å bli tatt på alvor\n\u003e og et svar på  hva som skjer videre"`) {
		t.Errorf("nudge quote not a block quote: %s", nudge)
	}
	if !strings.Contains(string(nudge), `"style":"danger"`) {
		t.Errorf("nudge danger button lost its style: %s", nudge)
	}

	intro, _ := json.Marshal(render(renderTests[4].reply).Blocks)
	if !strings.Contains(string(intro), `"action_id":"start#1"`) {
		t.Errorf("repeated action ids not made unique: %s", intro)
	}
}

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("Ærlige & lange svar <her>. ", 400) // ~10 000 characters
	var sections []dialogs.Section
	for range 80 {
		sections = append(sections, dialogs.Section{Heading: "Spørsmål", Lines: []string{long}})
	}
	m := render(dialogs.Reply{Kind: dialogs.ReplySummary, Title: strings.Repeat("Tittel ", 40), Sections: sections,
		Buttons: []dialogs.Button{{Action: "x", Label: strings.Repeat("Knapp ", 30)}}})
	if len(m.Blocks) != maxBlocks {
		t.Errorf("%d blocks, want %d", len(m.Blocks), maxBlocks)
	}
	last, _ := json.Marshal(m.Blocks[len(m.Blocks)-1])
	if !strings.Contains(string(last), `"type":"actions"`) {
		t.Errorf("the buttons were cut: last block %s", last)
	}
	for _, b := range m.Blocks {
		js, _ := json.Marshal(b)
		var v struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
			Elements []struct {
				Text any `json:"text"`
			} `json:"elements"`
		}
		_ = json.Unmarshal(js, &v)
		n := len([]rune(v.Text.Text))
		switch v.Type {
		case "header":
			if n > maxHeaderText {
				t.Errorf("header of %d characters", n)
			}
		case "section":
			if n > maxSectionText {
				t.Errorf("section of %d characters", n)
			}
			if strings.Contains(v.Text.Text, "<") || strings.HasSuffix(v.Text.Text, "&am") || strings.HasSuffix(v.Text.Text, "&l") {
				t.Errorf("section text not escaped or cut inside an entity: …%s", v.Text.Text[max(0, len(v.Text.Text)-20):])
			}
		}
	}
}

func TestRenderEphemeral(t *testing.T) {
	resp, ok := renderEphemeral([]dialogs.Reply{
		{Kind: dialogs.ReplyAck, Target: "1.2"},
		{Kind: dialogs.ReplyText, Text: "Vi er på spørsmål 3 av 14."},
		renderTests[1].reply,
	})
	if !ok || resp.ResponseType != "ephemeral" {
		t.Fatalf("ok=%v %+v", ok, resp)
	}
	b, _ := json.Marshal(resp)
	if !strings.Contains(string(b), `"type":"divider"`) || !strings.Contains(resp.Text, "Vi er på spørsmål 3 av 14.") {
		t.Errorf("response %s", b)
	}
	if _, ok := renderEphemeral([]dialogs.Reply{{Kind: dialogs.ReplyAck, Target: "1.2"}}); ok {
		t.Error("an ack alone made a response")
	}
	if _, ok := renderEphemeral(nil); ok {
		t.Error("nothing made a response")
	}
}

func TestMrkdwnNeverNotifiesEveryone(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<!here> hei", " hei"},
		{"@here og @Channel, @everyone!", "@\u2060here og @\u2060Channel, @\u2060everyone!"},
		{"e-post: post@herestad.no", "e-post: post@herestad.no"},
		{"a & b <c>", "a &amp; b &lt;c&gt;"},
	} {
		if got := mrkdwn(tt.in); got != tt.want {
			t.Errorf("mrkdwn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChunks(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want []string
	}{
		{"abc", 10, []string{"abc"}},
		{"aaaa\n\nbbbb", 6, []string{"aaaa", "bbbb"}},
		{"aaaa bbbb cccc", 10, []string{"aaaa bbbb", "cccc"}},
		{"aaaaaaaa&amp;bb", 10, []string{"aaaaaaaa", "&amp;bb"}},
		{"", 10, nil},
	} {
		got := chunks(tt.in, tt.n)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("chunks(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
