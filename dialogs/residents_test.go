package dialogs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// testResidents is a residents' setup with a fixed code and a stand-in QR.
var testResidents = ResidentsSetup{
	PublicURL: "https://involve.example.kommune.no/",
	NewCode:   func() string { return "k7q2mxa4pz" },
	QR:        func(link string) ([]byte, error) { return []byte("PNG of " + link), nil },
}

// resident is an answer from the page with the code, at a given time.
func (p *play) resident(code, text, age string, at time.Time) Outcome {
	in := Input{Kind: InputResident, Ref: code, Text: text, Value: age, At: at}
	i := len(p.log)
	out := p.step(in)
	p.log[i] = "(a resident on the page " + code + ": " + text + " [" + age + "])"
	return out
}

// residentsPlay runs the page's commands through one case in lang, as in
// docs/residents.md: open with a title, answers from the page in two weeks, delete,
// an update, a report and the offer to publish one, status, summary, off.
func residentsPlay(t *testing.T, lang Lang, words map[string]string) *play {
	t.Helper()
	p := newPlay(Coach{Location: cet, Residents: testResidents}, lang)
	p.command(words["residents"] + " Nytt torg på Grorud")
	page := p.c.Residents
	if page == nil || !page.Open || page.Code != "k7q2mxa4pz" || page.Title != "Nytt torg på Grorud" {
		t.Fatalf("after opening: %+v", page)
	}
	mon := t0.Add(2 * time.Hour) // Monday of week 48
	p.resident("k7q2mxa4pz", "Jeg fikk vite at benkene kommer tilbake.", "67+", mon)
	p.resident("k7q2mxa4pz", "Ring meg på 12345678!", "", mon.Add(time.Hour))
	p.resident("k7q2mxa4pz", "At noen lyttet til oss unge.", "13-18", mon.Add(7*24*time.Hour)) // week 49
	p.step(Input{Kind: InputAction, Action: ActionResidentDelete, Value: "2", User: "U1", At: mon.Add(7*24*time.Hour + time.Hour)})
	p.command(words["update"] + " Benkene er bestilt og kommer i mai.")
	p.command(words["report"] + " De eldre var glade for benkene.")
	p.command(words["report"] + " Ungdommene ville ha lys.")
	p.command("status")
	p.command(words["summary"])
	p.command(words["residents"] + " " + words["off"])
	p.resident("k7q2mxa4pz", "For sent.", "", mon.Add(8*24*time.Hour))
	p.command(words["residents"])
	return p
}

func TestTranscriptResidentsNorwegian(t *testing.T) {
	p := residentsPlay(t, NB, map[string]string{"residents": "innbyggere", "update": "oppdatering", "report": "rapport",
		"summary": "oppsummering", "off": "av"})
	checkResidentsPlay(t, p, "Innbyggerne svarer – uke 48", "Innbyggerne svarer – uke 49", "Det innbyggerne sa")
	golden(t, "transcript-nb-residents.txt", strings.Join(p.log, "\n")+"\n")
}

func TestTranscriptResidentsEnglish(t *testing.T) {
	p := residentsPlay(t, EN, map[string]string{"residents": "residents", "update": "update", "report": "report",
		"summary": "summary", "off": "off"})
	checkResidentsPlay(t, p, "Residents answer – week 48", "Residents answer – week 49", "What residents said")
	golden(t, "transcript-en-residents.txt", strings.Join(p.log, "\n")+"\n")
}

func checkResidentsPlay(t *testing.T, p *play, week48, week49, heading string) {
	t.Helper()
	text := strings.Join(p.log, "\n")
	page := p.c.Residents
	// Answer 2 was deleted; the closed page took nothing; reopening keeps the code.
	if len(page.Answers) != 2 || page.Answers[0].N != 1 || page.Answers[1].N != 3 || page.Next != 4 || !page.Open || page.Code != "k7q2mxa4pz" {
		t.Errorf("answers %+v, next %d, open %v, code %s", page.Answers, page.Next, page.Open, page.Code)
	}
	if strings.Contains(text, "For sent.\n") && strings.Count(text, "For sent.") > 1 {
		t.Errorf("the closed page's answer was posted")
	}
	// One root a week, each answer after its week's root.
	if strings.Count(text, week48) != 1 || strings.Count(text, week49) != 1 {
		t.Errorf("roots: %d of week 48, %d of week 49", strings.Count(text, week48), strings.Count(text, week49))
	}
	if !strings.Contains(text, "https://involve.example.kommune.no/r/k7q2mxa4pz") || !strings.Contains(text, "file: involve-k7q2mxa4pz.png") {
		t.Errorf("the link and QR code are not posted")
	}
	if len(page.Updates) != 1 || !strings.Contains(text, "/involve") {
		t.Errorf("updates %+v", page.Updates)
	}
	// The offer to publish an update comes once, after the first report.
	offers := 0
	for _, l := range p.log {
		if strings.Contains(l, "/involve oppdatering <tekst>") && strings.Contains(l, "publiserer") ||
			strings.Contains(l, "/involve update <text> publishes") {
			offers++
		}
	}
	if offers != 1 {
		t.Errorf("%d offers to publish an update, want 1", offers)
	}
	sum := text[strings.LastIndex(text, "< summary"):]
	if !strings.Contains(sum, "## "+heading) || !strings.Contains(sum, "Jeg fikk vite at benkene kommer tilbake.") ||
		strings.Contains(sum, "12345678") {
		t.Errorf("the summary does not show the residents' words (or shows the deleted one):\n%s", sum)
	}
}

func TestResidentsNotConfigured(t *testing.T) {
	p := newPlay(Coach{}, NB)
	out := p.command("innbyggere")
	if p.c.Residents != nil || len(out.Replies) != 1 || !strings.Contains(out.Replies[0].Text, "http.public_url") ||
		!strings.Contains(out.Replies[0].Text, "[residents] enabled = true") {
		t.Fatalf("without a setup: %+v, page %+v", out.Replies, p.c.Residents)
	}
	if out := p.command("oppdatering Noe"); out.Changed || !strings.Contains(out.Replies[0].Text, "ingen innbyggerside") {
		t.Errorf("update without a page: %+v", out)
	}
}

// A resident's answer is taken only by the open page with its code, and
// never changes a case otherwise.
func TestResidentAnswerNeedsTheOpenPage(t *testing.T) {
	for _, tc := range []struct {
		name       string
		open       bool
		code, text string
	}{
		{"another code", true, "aaaaaaaaaa", "Hei"},
		{"closed", false, "k7q2mxa4pz", "Hei"},
		{"empty", true, "k7q2mxa4pz", "  "},
	} {
		p := newPlay(Coach{Residents: testResidents}, NB)
		p.command("innbyggere")
		if !tc.open {
			p.command("innbyggere av")
		}
		out := p.resident(tc.code, tc.text, "", t0)
		if out.Changed || len(out.Replies) > 0 || len(p.c.Residents.Answers) > 0 {
			t.Errorf("%s: changed %v, replies %+v", tc.name, out.Changed, out.Replies)
		}
	}
	p := newPlay(Coach{Residents: testResidents}, NB)
	if out := p.resident("k7q2mxa4pz", "Hei", "", t0); out.Changed {
		t.Errorf("a case without a page took an answer")
	}
}

func TestResidentsBadCommands(t *testing.T) {
	p := newPlay(Coach{Residents: testResidents}, EN)
	for _, tc := range []struct{ line, want string }{
		{"residents off", "no open residents' page"},
		{"residents delete", "residents delete <no.>"},
		{"residents delete x", "residents delete <no.>"},
		{"residents delete 9", "no residents' answer number 9"},
		{"update", "has no residents' page yet"},
		{"residents " + strings.Repeat("x", 121), "at most 120"},
	} {
		before := p.c.Clone()
		out := p.command(tc.line)
		if len(out.Replies) != 1 || !strings.Contains(out.Replies[0].Text, tc.want) || !out.Replies[0].Ephemeral {
			t.Errorf("%q: %+v", tc.line, out.Replies)
		}
		if (before.Residents == nil) != (p.c.Residents == nil) {
			t.Errorf("%q changed the page", tc.line)
		}
	}
	p.command("residents")
	if out := p.command("update " + strings.Repeat("x", 1001)); len(p.c.Residents.Updates) != 0 || !strings.Contains(out.Replies[0].Text, "1000") {
		t.Errorf("a long update: %+v", out.Replies)
	}
	if out := p.command("update"); !strings.Contains(out.Replies[0].Text, "update <text>") {
		t.Errorf("an empty update: %+v", out.Replies)
	}
}

// Clone copies the page deeply: a change to the copy's answers does not
// reach the cached case.
func TestCloneCopiesTheResidentsPage(t *testing.T) {
	c := &Case{Residents: &ResidentsPage{Answers: []ResidentAnswer{{N: 1, Text: "a"}}, Updates: []PageUpdate{{Text: "u"}}}}
	d := c.Clone()
	d.Residents.Answers[0].Text = "b"
	d.Residents.Updates[0].Text = "v"
	d.Residents.Open = true
	if c.Residents.Answers[0].Text != "a" || c.Residents.Updates[0].Text != "u" || c.Residents.Open {
		t.Errorf("the clone shares the page: %+v", c.Residents)
	}
}

// The export's json carries residents and updates, as docs/residents.md names them,
// and nothing of a resident but the text, the time and the age band.
func TestDocumentResidentsJSON(t *testing.T) {
	at := t0
	c := &Case{Channel: "C1", Lang: NB, Residents: &ResidentsPage{Code: "k7q2mxa4pz",
		Answers: []ResidentAnswer{{N: 1, Text: "Fint", Age: "u13", At: at}},
		Updates: []PageUpdate{{Text: "Vi gjorde det", At: at}}}}
	b, err := json.Marshal(Coach{}.Document(c, at))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	json.Unmarshal(b, &doc)
	if got := string(doc["residents"]); got != `[{"text":"Fint","at":"2026-11-23T09:00:00Z","age":"u13"}]` {
		t.Errorf("residents %s", got)
	}
	if got := string(doc["updates"]); got != `[{"text":"Vi gjorde det","at":"2026-11-23T09:00:00Z"}]` {
		t.Errorf("updates %s", got)
	}
	if strings.Contains(string(b), "k7q2mxa4pz") {
		t.Errorf("the export names the page's code")
	}
	b, _ = json.Marshal(Coach{}.Document(&Case{Channel: "C2", Lang: NB}, at))
	if !strings.Contains(string(b), `"residents":[]`) || !strings.Contains(string(b), `"updates":[]`) {
		t.Errorf("a case without a page: %s", b)
	}
	md := Coach{}.Document(c, at).Markdown()
	if !strings.Contains(md, "## Det innbyggerne sa") || !strings.Contains(md, "Fint") || !strings.Contains(md, "under 13") ||
		!strings.Contains(md, "## Dette har vi gjort med det innbyggerne sa") {
		t.Errorf("the chapter lacks the residents' voice:\n%s", md)
	}
}

func TestParseResidentsCommands(t *testing.T) {
	for line, want := range map[string]Verb{
		"residents": VerbResidents, "innbyggere av": VerbResidents, "innbyggjarar": VerbResidents,
		"update x": VerbUpdate, "oppdatering x": VerbUpdate,
	} {
		if got := ParseCommand(line).Verb; got != want {
			t.Errorf("%q: %s, want %s", line, got, want)
		}
	}
}

// The page's default title is the channel's display name, never its id
// (Teams may not say a channel's name).
func TestResidentsPageTitleIsNeverAChannelID(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"sak-grorud-sentrum", "Grorud sentrum"},
		{"", "Innbyggerinvolvering"},
		{"19:abc@thread.tacv2", "Innbyggerinvolvering"},
	} {
		co := Coach{Residents: testResidents}
		c := co.NewCase("19:abc@thread.tacv2", "teams", tc.name, start)
		co.Step(c, Input{Kind: InputCommand, Command: "innbyggere", At: t0})
		if got := c.PageTitle(); got != tc.want || strings.Contains(got, "19:") {
			t.Errorf("name %q: title %q, want %q", tc.name, got, tc.want)
		}
	}
}
