package teams

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// cardJSON is a rendered card decoded generically, as Teams would read it.
type cardJSON struct {
	Type    string           `json:"type"`
	Version string           `json:"version"`
	Body    []map[string]any `json:"body"`
	Actions []struct {
		Type  string         `json:"type"`
		Title string         `json:"title"`
		Style string         `json:"style"`
		Data  map[string]any `json:"data"`
	} `json:"actions"`
	FallbackText string `json:"fallbackText"`
}

func renderedCard(t *testing.T, acts []outActivity) cardJSON {
	t.Helper()
	if len(acts) != 1 || len(acts[0].Attachments) != 1 {
		t.Fatalf("want one activity with one attachment, got %+v", acts)
	}
	att := acts[0].Attachments[0]
	if att.ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("content type %q", att.ContentType)
	}
	var c cardJSON
	b, _ := json.Marshal(att.Content)
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "AdaptiveCard" || c.Version != "1.4" {
		t.Errorf("card type %q version %q", c.Type, c.Version)
	}
	return c
}

// blocks lists a card's text blocks as "style|text" for easy comparison.
func blocks(c cardJSON) []string {
	var out []string
	var walk func(items []map[string]any, prefix string)
	walk = func(items []map[string]any, prefix string) {
		for _, it := range items {
			switch it["type"] {
			case "TextBlock":
				style := prefix
				if it["weight"] == "Bolder" {
					style += "bold"
				}
				if it["isSubtle"] == true {
					style += "subtle"
				}
				if it["wrap"] != true {
					style += "nowrap"
				}
				out = append(out, style+"|"+it["text"].(string))
			case "Container":
				var sub []map[string]any
				b, _ := json.Marshal(it["items"])
				json.Unmarshal(b, &sub)
				walk(sub, "quote:")
			}
		}
	}
	walk(c.Body, "")
	return out
}

func TestRenderPrompt(t *testing.T) {
	r := dialogs.Reply{
		Kind: dialogs.ReplyPrompt, Lang: dialogs.NB,
		Title:    "Hvem er innbyggerne dere vil involvere?",
		Text:     "Tenk bredt.\n\nHvem blir berørt?",
		Context:  "Svar i tråden under.",
		Progress: "1/14",
		Buttons: []dialogs.Button{
			{Action: dialogs.ActionSkip, Label: "Hopp over"},
			{Action: dialogs.ActionPause, Label: "Pause", Style: "danger"},
			{Action: dialogs.ActionStart, Label: "Start", Style: "primary", Value: "2"},
		},
		Round: 1, Question: 1,
	}
	acts := render(r)
	c := renderedCard(t, acts)
	want := []string{
		"subtle|1/14",
		"bold|Hvem er innbyggerne dere vil involvere?",
		"|Tenk bredt.",
		"|Hvem blir berørt?",
		"subtle|Svar i tråden under.",
	}
	if got := blocks(c); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Actions) != 3 {
		t.Fatalf("actions %+v", c.Actions)
	}
	for i, want := range []struct{ title, style, action, value string }{
		{"Hopp over", "", "skip", ""},
		{"Pause", "destructive", "pause", ""},
		{"Start", "positive", "start", "2"},
	} {
		a := c.Actions[i]
		v, _ := a.Data["value"].(string)
		if a.Type != "Action.Submit" || a.Title != want.title || a.Style != want.style || a.Data["involve_action"] != want.action || v != want.value {
			t.Errorf("action %d = %+v, want %+v", i, a, want)
		}
	}
	if acts[0].Summary != r.Title || acts[0].Locale != "nb-NO" {
		t.Errorf("summary %q locale %q", acts[0].Summary, acts[0].Locale)
	}
	if !strings.Contains(c.FallbackText, "kan ikke vises") {
		t.Errorf("fallback text %q is not Norwegian", c.FallbackText)
	}
}

// A button pressed on a rendered card comes back as an activity value that
// translates into the action the button carried.
func TestRenderedButtonsRoundTrip(t *testing.T) {
	r := dialogs.Reply{Kind: dialogs.ReplyConfirm, Text: "Kjøre spørsmålene på nytt?", Buttons: []dialogs.Button{
		{Action: dialogs.ActionNewRound, Label: "Ja", Value: "2"},
	}}
	c := renderedCard(t, render(r))
	in, err := parseActivity(mustJSON(t, cardSubmit(prodServiceURL, "1732698004000", cardRoot, c.Actions[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := translate(in)
	if !ok || ev.Input.Kind != dialogs.InputAction || ev.Input.Action != dialogs.ActionNewRound || ev.Input.Value != "2" {
		t.Errorf("round trip gave %+v, %v", ev.Input, ok)
	}
}

func TestRenderNudgeQuotesTheIntention(t *testing.T) {
	r := dialogs.Reply{Kind: dialogs.ReplyNudge, Lang: dialogs.EN, Title: "What were the residents left with?",
		QuoteLead: "This is what you wanted them to be left with:",
		Quote:     "That the youth feel heard.", Context: "Reply in the thread.",
		Buttons: []dialogs.Button{{Action: dialogs.ActionNothing, Label: "Nothing this week"}}}
	acts := render(r)
	c := renderedCard(t, acts)
	got := strings.Join(blocks(c), "\n")
	want := "bold|What were the residents left with?\n|This is what you wanted them to be left with:\nquote:|That the youth feel heard.\nsubtle|Reply in the thread."
	if got != want {
		t.Errorf("blocks\n%s\nwant\n%s", got, want)
	}
	if acts[0].Locale != "en-US" || !strings.Contains(c.FallbackText, "can't be shown") {
		t.Errorf("locale %q fallback %q", acts[0].Locale, c.FallbackText)
	}
}

func TestRenderSections(t *testing.T) {
	r := dialogs.Reply{Kind: dialogs.ReplySummary, Title: "Oppsummering: sak-grorud", Sections: []dialogs.Section{
		{Heading: "Intensjon", Lines: []string{"At ungdommen blir hørt"}},
		{Heading: "Resultat", Lines: []string{"Uke 48: kartet ble brukt", "Uke 49: ingenting"}},
	}}
	got := strings.Join(blocks(renderedCard(t, render(r))), "\n")
	want := "bold|Oppsummering: sak-grorud\nbold|Intensjon\n|• At ungdommen blir hørt\nbold|Resultat\n|• Uke 48: kartet ble brukt\n|• Uke 49: ingenting"
	if got != want {
		t.Errorf("blocks\n%s\nwant\n%s", got, want)
	}
}

func TestRenderPlainTextAckAndExport(t *testing.T) {
	acts := render(dialogs.Reply{Kind: dialogs.ReplyText, Text: "Pauset. Skriv @Involve resume for å fortsette."})
	if len(acts) != 1 || acts[0].Text == "" || acts[0].TextFormat != "markdown" || len(acts[0].Attachments) != 0 {
		t.Errorf("bare text rendered as %+v", acts)
	}
	if acts := render(dialogs.Reply{Kind: dialogs.ReplyAck, Target: "1732698002000"}); len(acts) != 0 {
		t.Errorf("ack rendered as %+v; Teams bots cannot react", acts)
	}
	doc := "# Medvirkning i sak-grorud\n\n## Hvem\n\n- Ungdommen\n- FAU\n"
	acts = render(dialogs.Reply{Kind: dialogs.ReplyExport, Text: "Her er eksporten.", Document: doc, Filename: "sak-grorud.md"})
	if len(acts) != 1 || acts[0].TextFormat != "markdown" || !strings.HasPrefix(acts[0].Text, "Her er eksporten.\n\n# Medvirkning") ||
		!strings.Contains(acts[0].Text, "- Ungdommen\n- FAU") {
		t.Errorf("export rendered as %+v", acts)
	}
}

func TestRenderLongTextsAreSplit(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString("Svar nummer ")
		b.WriteString(strings.Repeat("x", i%40))
		b.WriteString(" fra teamet.\n\n")
	}
	doc := b.String()
	acts := render(dialogs.Reply{Kind: dialogs.ReplyExport, Lang: dialogs.NB, Document: doc})
	if len(acts) < 3 {
		t.Fatalf("a %d-byte export went out as %d messages", len(doc), len(acts))
	}
	var joined []string
	for i, a := range acts {
		if n := len(mustJSON(t, a)); n > 26<<10 {
			t.Errorf("part %d is %d bytes", i, n)
		}
		label := "_(del " + strconv.Itoa(i+1) + " av " + strconv.Itoa(len(acts)) + ")_"
		text, ok := strings.CutSuffix(a.Text, "\n\n"+label)
		if !ok {
			t.Errorf("part %d lacks its label %q", i, label)
		}
		joined = append(joined, text)
	}
	if got := strings.Join(joined, "\n\n"); got != strings.TrimSpace(doc) {
		t.Error("the parts do not add up to the document")
	}

	// A summary card too large for Teams becomes Markdown text.
	lines := make([]string, 400)
	for i := range lines {
		lines[i] = strings.Repeat("Et langt svar. ", 10)
	}
	acts = render(dialogs.Reply{Kind: dialogs.ReplySummary, Title: "Oppsummering", Sections: []dialogs.Section{{Heading: "Svar", Lines: lines}}})
	if len(acts) < 2 || acts[0].TextFormat != "markdown" || !strings.HasPrefix(acts[0].Text, "**Oppsummering**\n\n**Svar**\n\n- Et langt svar.") {
		t.Errorf("large summary rendered as %d activities, first %.80q", len(acts), acts[0].Text)
	}
}

// Nothing the coach posts may notify a whole channel or team.
func TestRenderNeverMentions(t *testing.T) {
	replies := []dialogs.Reply{
		{Kind: dialogs.ReplyWelcome, Title: "Velkommen", Text: "Hei alle sammen"},
		{Kind: dialogs.ReplyPrompt, Title: "Spørsmål", Progress: "2/14", Buttons: []dialogs.Button{{Action: "skip", Label: "Hopp over"}}},
		{Kind: dialogs.ReplyText, Text: "Ok"},
		{Kind: dialogs.ReplyExport, Document: "# Sak"},
		{Kind: dialogs.ReplyHelp, Title: "Hjelp", Sections: []dialogs.Section{{Lines: []string{"@Involve start"}}}},
	}
	for _, r := range replies {
		for _, a := range render(r) {
			b := string(mustJSON(t, a))
			for _, bad := range []string{`"entities"`, "<at>", "@channel", "@team", "@here"} {
				if strings.Contains(b, bad) {
					t.Errorf("%s reply contains %s: %s", r.Kind, bad, b)
				}
			}
		}
	}
}

// Teams has no slash commands for bots: the coach's hints name the
// @mention instead, but the team's own words stay as written.
func TestRenderCommandHints(t *testing.T) {
	acts := render(dialogs.Reply{Kind: dialogs.ReplyText, Text: "Skriv /involve resume når dere vil fortsette."})
	if acts[0].Text != "Skriv @Involve resume når dere vil fortsette." {
		t.Errorf("text %q", acts[0].Text)
	}
	r := dialogs.Reply{Kind: dialogs.ReplyHelp, Title: "Hjelp", Sections: []dialogs.Section{{Heading: "Skriv /involve og en av disse:", Lines: []string{"start"}}}}
	got := strings.Join(blocks(renderedCard(t, render(r))), "\n")
	if !strings.Contains(got, "bold|Skriv @Involve og en av disse:") {
		t.Errorf("help %s", got)
	}
	if r.Sections[0].Heading != "Skriv /involve og en av disse:" {
		t.Error("render changed the caller's reply")
	}
	acts = render(dialogs.Reply{Kind: dialogs.ReplyExport, Document: "Vi skrev /involve report i Slack."})
	if !strings.Contains(acts[0].Text, "/involve report") {
		t.Errorf("export rewritten: %q", acts[0].Text)
	}
}

func TestSplitText(t *testing.T) {
	for _, tt := range []struct {
		s     string
		limit int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"", 10, []string{""}},
		{"aaaa\n\nbbbb\n\ncccc", 10, []string{"aaaa\n\nbbbb", "cccc"}},
		{"aaaa bbbb cccc", 10, []string{"aaaa bbbb", "cccc"}},
		{"ææææææ", 5, []string{"ææ", "ææ", "ææ"}}, // never inside a rune
	} {
		got := splitText(tt.s, tt.limit)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitText(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
		}
	}
}
