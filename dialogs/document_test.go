package dialogs

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// exported is when the documents of the tests are exported: the Tuesday
// after the last nudge, in the afternoon.
var exported = time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC)

// finished plays a whole case: a reflection with several authors, a
// second answer, two weeks of nudges with reports (one edited), and a
// report typed directly.
func finished(co Coach, lang Lang, answers [QuestionCount]string) *play {
	p := newPlay(co, lang)
	p.command("start")
	users := []string{"U1", "U2", "U3"}
	for i := range QuestionCount {
		p.reply(p.last(), users[i%3], answers[i])
	}
	p.reply("p4", "U3", "Og en benk i skyggen.")
	nudged(t0)(p)
	p.reply(p.last(), "U2", "De fikk se skissene.")
	p.reply(p.last(), "U1", "Noen spurte om bussen.")
	p.step(Input{Kind: InputEdit, Ref: "m17", Text: "Noen spurte om bussen, og fikk svar."})
	nudged(t0.AddDate(0, 0, 7))(p) // skipped: they reported since the last slot
	nudged(t0.AddDate(0, 0, 14))(p)
	p.reply(p.last(), "U3", "Ti naboer kom på kaffe.\nTo vil være med videre.")
	return p
}

func TestDocumentMarkdown(t *testing.T) {
	co := Coach{Location: cet}
	p := finished(co, NB, answersNB)
	doc := co.Document(p.c, exported)
	md := doc.Markdown()
	golden(t, "document-nb.md", md)

	for _, want := range []string{
		"# Innbyggerinvolvering: sak-grorud-sentrum\n\n_Eksportert 8.12.2026 · runde 1 · refleksjonen er fullført_\n",
		"## Det vi ønsket at innbyggerne skulle sitte igjen med\n\n> " + answersNB[12] + "\n>\n> — Kari, 20.11.2026\n",
		"## Det innbyggerne satt igjen med\n\n",
		"- **uke 48** (23.11.2026, Ola): De fikk se skissene.\n",
		"- **uke 48** (23.11.2026, Kari): Noen spurte om bussen, og fikk svar. (redigert)\n",
		"- **uke 50** (7.12.2026, Fatima): Ti naboer kom på kaffe.  \n  To vil være med videre.\n",
		"## Refleksjonsspørsmål, runde 1\n",
		"### 4. Hva bryr innbyggerne seg om?\n\n- Trygge skoleveier og et sted å sitte. (Kari, 20.11.2026)\n- Og en benk i skyggen. (Fatima, 20.11.2026)\n\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	users := []string{"Kari", "Ola", "Fatima"}
	for i, q := range seedQuestions {
		want := fmt.Sprintf("### %d. %s\n\n- %s (%s, 20.11.2026)\n", i+1, q, answersNB[i], users[i%3])
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks question %d with its answer: %q", i+1, want)
		}
	}
	if strings.Contains(md, "uke 49") {
		t.Errorf("week 49 had no nudge and no report, but the document names it")
	}
}

func TestDocumentNewestRoundFirst(t *testing.T) {
	co := Coach{}
	p := finished(co, NB, answersNB)
	p.command("start ny")
	p.reply(p.last(), "U1", "Nå vet vi mer.")
	md := co.Document(p.c, exported).Markdown()
	r2, r1 := strings.Index(md, "## Refleksjonsspørsmål, runde 2"), strings.Index(md, "## Refleksjonsspørsmål, runde 1")
	if r2 < 0 || r1 < 0 || r2 > r1 {
		t.Fatalf("round 2 at %d, round 1 at %d", r2, r1)
	}
	if !strings.Contains(md[r2:r1], "### 1. "+seedQuestions[0]+"\n\n- Nå vet vi mer. (Kari, ") ||
		!strings.Contains(md[r2:r1], "### 2. "+seedQuestions[1]+"\n\n_Ikke besvart._\n") {
		t.Errorf("round 2:\n%s", md[r2:r1])
	}
	if !strings.Contains(md, "_Eksportert 8.12.2026 · runde 2 · pågår_") {
		t.Errorf("meta line of round 2 missing:\n%s", md[:200])
	}
}

func TestDocumentEnglish(t *testing.T) {
	co := Coach{Location: cet}
	p := finished(co, EN, answersEN)
	md := co.Document(p.c, exported).Markdown()
	for _, want := range []string{
		"# Involving residents: sak-grorud-sentrum\n\n_Exported 8 Dec 2026 · round 1 · reflection completed_\n",
		"## What we wanted the residents to be left with\n\n> " + answersEN[12] + "\n>\n> — Kari, 20 Nov 2026\n",
		"- **week 48** (23 Nov 2026, Kari): Noen spurte om bussen, og fikk svar. (edited)\n",
		"### 13. What should they be left with when we are done?\n\n- " + answersEN[12] + " (Kari, 20 Nov 2026)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
}

func TestDocumentEmpty(t *testing.T) {
	c := Coach{}.NewCase("C1", "console", "sak-demo", start)
	md := Coach{}.Document(c, exported).Markdown()
	want := "# Innbyggerinvolvering: sak-demo\n\n" +
		"_Eksportert 8.12.2026 · ikke startet_\n\n" +
		"## Det vi ønsket at innbyggerne skulle sitte igjen med\n\n" +
		"Ikke besvart ennå (spørsmål 13).\n\n" +
		"## Det innbyggerne satt igjen med\n\n" +
		"Ingen rapporter ennå.\n"
	if md != want {
		t.Errorf("got\n%s\nwant\n%s", md, want)
	}
}

// nastyNB are answers written to break a Markdown document: headings,
// emphasis, lists, setext underlines, quotes, HTML, links, fences, tables
// and indented code.
var nastyNB = [QuestionCount]string{
	"# Ikke en overskrift",
	"**fet** og _kursiv_ og `kode`",
	"- ikke en liste\n1. heller ikke\n+ eller denne\n* eller denne",
	"Linje én\n---\nLinje to\n===",
	"> ikke et sitat",
	"<script>alert(1)</script>",
	"[lenke](http://example.com) ![bilde](x.png)",
	"~~~\nkode?\n~~~",
	"a | b\n--- | ---\nc | d",
	`\ skråstrek \*`,
	"   innrykket\n\n\n        kode",
	"```go\nfmt.Println()\n```",
	"Linje 1\n## Linje 2\n- punkt",
	"100. plass\n2) to",
}

// blockStart matches the start of a line that would open a Markdown block
// of its own: a heading, quote, list item, setext underline, thematic break,
// fence, table row or HTML.
var blockStart = regexp.MustCompile("^(?:[-+*=~|>#<_`]|[0-9]{1,9}[.)]|\\s)")

// rawSpecial reports the first character of s that would be read as
// Markdown rather than as text: one without a backslash before it.
func rawSpecial(s string) (byte, bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '*', '_', '`', '[', ']', '<', '>', '~', '|', '#':
			return s[i], true
		}
	}
	return 0, false
}

var outcomeLead = regexp.MustCompile(`^\*\*(?:uke|week) [0-9]+\*\* `)

// checkStructure checks the document line by line: headings are exactly
// the ones Markdown() writes, and every line that carries a team member's
// words neither opens a block of its own nor holds raw Markdown.
func checkStructure(t *testing.T, md string, headings []string) {
	t.Helper()
	var got []string
	prev := ""
	for n, line := range strings.Split(md, "\n") {
		content, user := "", true
		switch {
		case line == "" || line == ">":
			user = false
		case strings.HasPrefix(line, "#"):
			got = append(got, line)
			user = false
		case strings.HasPrefix(line, "_") && strings.HasSuffix(line, "_"):
			user = false // the meta line, "not answered"
		case line == docNB.NoOutcomes || line == docNB.NoIntention || line == docEN.NoOutcomes || line == docEN.NoIntention:
			user = false
		case strings.HasPrefix(line, "- "):
			content = line[2:]
			if lead := outcomeLead.FindString(content); lead != "" {
				content = content[len(lead):]
			}
		case strings.HasPrefix(line, "  "):
			if !strings.HasPrefix(prev, "- ") && !strings.HasPrefix(prev, "  ") {
				t.Errorf("line %d continues no list item: %q", n+1, line)
			}
			content = line[2:]
		case strings.HasPrefix(line, "> — "):
			content = line[len("> — "):]
		case strings.HasPrefix(line, "> "):
			content = line[2:]
		default:
			t.Errorf("line %d is a paragraph of its own: %q", n+1, line)
		}
		if user {
			if blockStart.MatchString(content) {
				t.Errorf("line %d opens a block of its own: %q", n+1, line)
			}
			if c, ok := rawSpecial(content); ok {
				t.Errorf("line %d holds a raw %q: %q", n+1, c, line)
			}
		}
		prev = line
	}
	if !reflect.DeepEqual(got, headings) {
		t.Errorf("headings:\n got %q\nwant %q", got, headings)
	}
}

func TestDocumentMarkdownEscapes(t *testing.T) {
	co := Coach{}
	p := newPlay(co, NB)
	p.c.Name = "sak_grorud #1 <test> [b]"
	p.command("start")
	for i := range QuestionCount {
		p.step(Input{Kind: InputMessage, Thread: p.last(), User: "U9", Name: "Kari *Nordmann*\n# [admin]", Text: nastyNB[i]})
	}
	nudged(t0)(p)
	p.reply(p.last(), "U2", "- punkt\n---\n> sitat\n| tabell |")
	md := co.Document(p.c, exported).Markdown()

	headings := []string{
		`# Innbyggerinvolvering: sak\_grorud \#1 &lt;test&gt; \[b\]`,
		"## Det vi ønsket at innbyggerne skulle sitte igjen med",
		"## Det innbyggerne satt igjen med",
		"## Refleksjonsspørsmål, runde 1",
	}
	for i, q := range seedQuestions {
		headings = append(headings, fmt.Sprintf("### %d. %s", i+1, q))
	}
	checkStructure(t, md, headings)

	// The words survive, escaped.
	for _, want := range []string{
		`- \# Ikke en overskrift (Kari \*Nordmann\* \# \[admin\], 20.11.2026)`,
		"- \\*\\*fet\\*\\* og \\_kursiv\\_ og \\`kode\\` (",
		"- \\- ikke en liste  \n  1\\. heller ikke  \n  \\+ eller denne  \n  \\* eller denne (",
		"- Linje én  \n  \\---  \n  Linje to  \n  \\=== (",
		"- &gt; ikke et sitat (",
		"- &lt;script&gt;alert(1)&lt;/script&gt; (",
		"- \\[lenke\\](http://example.com) !\\[bilde\\](x.png) (",
		"- a \\| b  \n  \\--- \\| ---  \n  c \\| d (",
		"- \\\\ skråstrek \\\\\\* (",
		"- innrykket  \n  kode (",
		"- 100\\. plass  \n  2\\) to (",
		"> Linje 1\n> \\#\\# Linje 2\n> \\- punkt\n>\n> — Kari \\*Nordmann\\* \\# \\[admin\\], 20.11.2026\n",
		": \\- punkt  \n  \\---  \n  &gt; sitat  \n  \\| tabell \\|\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("the document:\n%s", md)
	}
}

func TestDocumentJSONRoundTrip(t *testing.T) {
	co := Coach{}
	p := finished(co, NB, answersNB)
	doc := co.Document(p.c, exported)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	back.loc = doc.loc // the time zone of the dates is not part of the JSON
	if !reflect.DeepEqual(back, doc) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, doc)
	}
	if back.Markdown() != doc.Markdown() {
		t.Errorf("the Markdown of the decoded document differs")
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"channel", "name", "platform", "lang", "state", "round", "created", "exported", "intention", "outcomes", "rounds"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("the JSON has no %q", key)
		}
	}
	if len(doc.Outcomes) != 3 || doc.Outcomes[1].Week != 48 || !doc.Outcomes[1].Edited || doc.Outcomes[2].Week != 50 {
		t.Errorf("outcomes %+v", doc.Outcomes)
	}

	// An empty case has empty lists, not nulls.
	empty, err := json.Marshal(co.Document(co.NewCase("C1", "console", "sak-demo", start), exported))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"intention":[]`, `"outcomes":[]`, `"rounds":[]`} {
		if !strings.Contains(string(empty), want) {
			t.Errorf("%s lacks %s", empty, want)
		}
	}
}

var safeName = regexp.MustCompile(`^involve-[A-Za-z0-9_-]+-[0-9]{4}-[0-9]{2}-[0-9]{2}\.md$`)

func TestDocumentFilename(t *testing.T) {
	for _, tc := range []struct {
		name string
		loc  *time.Location
		at   time.Time
		want string
	}{
		{"sak-grorud-sentrum", nil, t0, "involve-sak-grorud-sentrum-2026-11-23.md"},
		{"Sak Grorud/Sentrum", nil, t0, "involve-Sak-Grorud-Sentrum-2026-11-23.md"},
		{"sak-bjørnåsen-ærlig", nil, t0, "involve-sak-bjornaasen-aerlig-2026-11-23.md"},
		{"ÆØÅ", nil, t0, "involve-AeOAa-2026-11-23.md"},
		{"../../etc/passwd", nil, t0, "involve-------etc-passwd-2026-11-23.md"},
		{`C:\temp\x`, nil, t0, "involve-C--temp-x-2026-11-23.md"},
		{"19:abc@thread.tacv2", nil, t0, "involve-19-abc-thread-tacv2-2026-11-23.md"},
		{"", nil, t0, "involve-case-2026-11-23.md"},
		// The day is the coach's, as in the document's own date.
		{"sak-demo", cet, time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), "involve-sak-demo-2026-11-24.md"},
		{"sak-demo", nil, time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), "involve-sak-demo-2026-11-23.md"},
	} {
		co := Coach{Location: tc.loc}
		c := co.NewCase("", "slack", tc.name, start)
		doc := co.Document(c, tc.at)
		got := doc.Filename()
		if got != tc.want {
			t.Errorf("Filename of %q = %q, want %q", tc.name, got, tc.want)
		}
		if !safeName.MatchString(got) {
			t.Errorf("Filename of %q = %q is not a safe name", tc.name, got)
		}
		if day := date(NB, tc.at, co.loc()); !strings.Contains(doc.Markdown(), "_Eksportert "+day+" ") {
			t.Errorf("the document of %q is not dated %s", tc.name, day)
		}
	}
}

// FuzzDocumentMarkdown: whatever a team member writes as an answer, the
// intention, a report or the channel's name, the document keeps its shape.
func FuzzDocumentMarkdown(f *testing.F) {
	for _, s := range nastyNB {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		co := Coach{}
		c := co.NewCase("C1", "slack", text, start)
		at := start
		for _, in := range []Input{
			{Kind: InputCommand, Command: "start"},
			{Kind: InputCommand, Command: "skip"},
			{Kind: InputMessage, Thread: "p1", Text: text, Name: text, Ref: "m1"},
			{Kind: InputMessage, Thread: "p1", Text: "x", Ref: "m2"},
			{Kind: InputCommand, Command: "report " + text},
		} {
			at = at.Add(time.Minute)
			in.At = at
			co.Step(c, in)
			if at.Equal(start.Add(time.Minute)) {
				c.Record(Reply{Kind: ReplyPrompt, Round: 1, Question: 1}, "p1", at)
			}
		}
		c.Answers = append(c.Answers, Answer{Round: 1, Question: IntentionQuestion, Author: "U1", Text: text + "\nx", At: at})
		md := co.Document(c, exported).Markdown()
		title, _, _ := strings.Cut(md, "\n")
		headings := []string{title,
			"## Det vi ønsket at innbyggerne skulle sitte igjen med",
			"## Det innbyggerne satt igjen med",
			"## Refleksjonsspørsmål, runde 1",
		}
		for i, q := range seedQuestions {
			headings = append(headings, fmt.Sprintf("### %d. %s", i+1, q))
		}
		if _, raw := rawSpecial(strings.TrimPrefix(title, "# ")); raw || !strings.HasPrefix(title, "# Innbyggerinvolvering: ") {
			t.Errorf("title %q", title)
		}
		checkStructure(t, md, headings)
	})
}
