package dialogs

import (
	"encoding/json"
	"errors"
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
		"# Grorud sentrum\n\n_Medvirkning · 8. desember 2026_\n\n",
		"## Hva vi ønsket at innbyggerne skulle sitte igjen med\n\n> " + answersNB[12] + "\n>\n> — 20. november 2026\n\n",
		"## Hva innbyggerne satt igjen med\n\nDet vi ønsket: «" + answersNB[12] + "»\n\n",
		"| Uke | Dato | Det som ble meldt |\n| --- | --- | --- |\n",
		"| 48 | 23. november 2026 | De fikk se skissene. |\n",
		"| 48 | 23. november 2026 | Noen spurte om bussen, og fikk svar. |\n",
		"| 50 | 7. desember 2026 | Ti naboer kom på kaffe.<br>To vil være med videre. |\n",
		"## Slik planla vi å involvere innbyggerne\n\n### Vår rolle\n\n" + answersNB[1] + "\n\n### Hvor vi møtte innbyggerne\n\n" + answersNB[11] + "\n\n",
		"### Tonen vi brukte\n\n" + answersNB[8] + "\n\n### Tiden vi ba om\n\n" + answersNB[10] + "\n\n",
		"### Verdi for innbyggerne på kort sikt\n\n" + answersNB[5] + "\n\n### Verdi for innbyggerne på lengre sikt\n\n" + answersNB[6] + "\n\n",
		"## Vedlegg: refleksjonsspørsmålene\n\n",
		"### 4. Hva bryr innbyggerne seg om?\n\n- Trygge skoleveier og et sted å sitte. (20. november 2026)\n- Og en benk i skyggen. (20. november 2026)\n\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	for i, q := range seedQuestions {
		want := fmt.Sprintf("### %d. %s\n\n- %s (20. november 2026)\n", i+1, mdInline(q), answersNB[i])
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks question %d with its answer: %q", i+1, want)
		}
	}
	checkOrder(t, md, "## Hva vi ønsket", "## Hva innbyggerne satt", "## Slik planla vi å involvere innbyggerne", "## Vedlegg")
	for _, name := range []string{"Kari", "Ola", "Fatima", "U1", "U2", "U3"} {
		if strings.Contains(md, name) {
			t.Errorf("the document names %q without names asked for", name)
		}
	}
	if strings.Contains(md, "| 49 ") {
		t.Errorf("week 49 had no nudge and no report, but the document names it")
	}
}

// checkOrder fails unless every part is in s, each after the one before.
func checkOrder(t *testing.T, s string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			t.Errorf("%q missing or out of order", p)
			return
		}
		at += i + len(p)
	}
}

func TestDocumentMarkdownWithNames(t *testing.T) {
	co := Coach{Location: cet}
	p := finished(co, NB, answersNB)
	md := co.Document(p.c, exported).Chapter(true).Markdown()
	for _, want := range []string{
		"> — Kari, 20. november 2026\n",
		"| Uke | Dato | Det som ble meldt | Meldt av |\n| --- | --- | --- | --- |\n",
		"| 48 | 23. november 2026 | De fikk se skissene. | Ola |\n",
		"### 4. Hva bryr innbyggerne seg om?\n\n- Trygge skoleveier og et sted å sitte. (Kari, 20. november 2026)\n- Og en benk i skyggen. (Fatima, 20. november 2026)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	// Without a name, the user id stands in.
	p.c.Answers[0].Name = ""
	md = co.Document(p.c, exported).Chapter(true).Markdown()
	if !strings.Contains(md, "- "+answersNB[0]+" (U1, 20. november 2026)") {
		t.Errorf("an answer without a name does not show the user id")
	}
}

func TestDocumentNothingThisWeek(t *testing.T) {
	co := Coach{Location: cet}
	p := finished(co, NB, answersNB)
	// A dated "nothing this week" entry is a report without text.
	p.c.Reports = append(p.c.Reports, Report{Author: "U1", Name: "Kari", At: t0.AddDate(0, 0, 21), Week: 51})
	ch := co.Document(p.c, exported).Chapter(false)
	tab := ch.Sections[1].Blocks[1].Table
	last := tab.Rows[len(tab.Rows)-1]
	if !last.Muted || !reflect.DeepEqual(last.Cells, []string{"51", "14. desember 2026", "Ingenting å melde denne uken"}) {
		t.Errorf("the nothing row is %+v", last)
	}
	if md := ch.Markdown(); !strings.Contains(md, "| _51_ | _14. desember 2026_ | _Ingenting å melde denne uken_ |\n") {
		t.Errorf("the Markdown lacks the nothing row:\n%s", md)
	}
}

func TestDocumentNewestRoundFirst(t *testing.T) {
	co := Coach{}
	p := finished(co, NB, answersNB)
	p.command("start ny")
	p.reply(p.last(), "U1", "Nå vet vi mer.")
	md := co.Document(p.c, exported).Markdown()
	want := "### 1. " + seedQuestions[0] + "\n\n- Nå vet vi mer. (7. desember 2026, runde 2)\n- " + answersNB[0] + " (20. november 2026, runde 1)\n"
	if !strings.Contains(md, want) {
		t.Errorf("question 1 of two rounds: want %q in\n%s", want, md)
	}
	// "How we involved" tells the newest round that has answers.
	if !strings.Contains(md, "### Vår rolle\n\n"+answersNB[1]+"\n") {
		t.Errorf("the role is not the first round's answer")
	}
}

func TestDocumentEnglish(t *testing.T) {
	co := Coach{Location: cet}
	p := finished(co, EN, answersEN)
	md := co.Document(p.c, exported).Markdown()
	for _, want := range []string{
		"# Grorud sentrum\n\n_Involving residents · 8 December 2026_\n",
		"## What we wanted the residents to be left with\n\n> " + answersEN[12] + "\n>\n> — 20 November 2026\n",
		"What we wanted: “" + answersEN[12] + "”\n",
		"| Week | Date | What was reported |\n",
		"| 48 | 23 November 2026 | Noen spurte om bussen, og fikk svar. |\n",
		"## How we planned to involve residents\n\n### Our role\n\n" + answersEN[1] + "\n",
		"## Appendix: the reflection questions\n",
		"### 13. What should they be left with when we are done?\n\n- " + answersEN[12] + " (20 November 2026)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
}

func TestDocumentEmpty(t *testing.T) {
	c := Coach{}.NewCase("C1", "console", "sak-demo", start)
	md := Coach{}.Document(c, exported).Markdown()
	want := "# Demo\n\n" +
		"_Medvirkning · 8. desember 2026_\n\n" +
		"## Hva vi ønsket at innbyggerne skulle sitte igjen med\n\n" +
		"_Ikke besvart ennå (spørsmål 13)._\n\n" +
		"## Hva innbyggerne satt igjen med\n\n" +
		"_Ingen tilbakemeldinger ennå._\n\n" +
		"## Slik planla vi å involvere innbyggerne\n\n" +
		"_Ikke besvart ennå._\n\n" +
		"## Vedlegg: refleksjonsspørsmålene\n\n"
	if !strings.HasPrefix(md, want) {
		t.Errorf("got\n%s\nwant it to begin with\n%s", md, want)
	}
	if n := strings.Count(md, "_Ikke besvart._"); n != QuestionCount {
		t.Errorf("%d unanswered questions, want %d", n, QuestionCount)
	}
}

func TestDocumentTitle(t *testing.T) {
	for _, tc := range []struct {
		channel, platform, name string
		prefixes                []string
		want                    string
	}{
		{"C0SAK", "slack", "sak-grorud-sentrum", nil, "Grorud sentrum"},
		{"C0SAK", "slack", "case-school_streets", nil, "School streets"},
		{"C0SAK", "slack", "plan-grorud", []string{"plan-"}, "Grorud"},
		{"C0SAK", "slack", "plan-grorud", nil, "Plan grorud"},
		{"C0SAK", "slack", "#sak-økern", nil, "Økern"},
		{"19:abc@thread.tacv2", "teams", "Grorud sentrum – medvirkning", nil, "Grorud sentrum – medvirkning"},
		{"19:abc@thread.tacv2", "teams", "", nil, "Innbyggerinvolvering"},
		{"C0SAK", "slack", "", nil, "Innbyggerinvolvering"},
		{"C0SAK", "slack", "sak-", nil, "Sak"},
		{"C0SAK", "slack", "---", nil, "Innbyggerinvolvering"},
		{"sak-demo", "console", "sak-demo", nil, "Demo"},
	} {
		co := Coach{Prefixes: tc.prefixes}
		c := co.NewCase(tc.channel, tc.platform, tc.name, start)
		if got := co.Document(c, exported).Chapter(false).Title; got != tc.want {
			t.Errorf("title of %q = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLongDate(t *testing.T) {
	for _, tc := range []struct {
		lang Lang
		at   time.Time
		want string
	}{
		{NB, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "30. november 2026"},
		{EN, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "30 November 2026"},
		{NB, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "1. januar 2027"},
		{NB, time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "1. januar 2027"}, // in Oslo's winter time
		{NB, time.Time{}, ""},
	} {
		if got := longDate(textsFor(tc.lang), tc.at, cet); got != tc.want {
			t.Errorf("longDate(%s, %v) = %q, want %q", tc.lang, tc.at, got, tc.want)
		}
	}
	for _, l := range []Lang{NB, EN} {
		tx := textsFor(l)
		if len(tx.DocMonths) != 12 || len(tx.DocHow) != len(howQuestions) {
			t.Errorf("%s: %d months, %d headings for %d questions", l, len(tx.DocMonths), len(tx.DocHow), len(howQuestions))
		}
	}
	if languageTag(NB) != "nb-NO" || languageTag("nn") != "nn-NO" || languageTag(EN) != "en-GB" {
		t.Errorf("language tags %s %s %s", languageTag(NB), languageTag("nn"), languageTag(EN))
	}
}

// typesetter is a Typesetter that records what it was given.
type typesetter struct {
	got []Chapter
	err error
}

func (ts *typesetter) Typeset(ch Chapter) (File, error) {
	ts.got = append(ts.got, ch)
	return File{Name: ch.Basename + ".docx", Type: "application/test", Title: ch.Title, Data: []byte("doc")}, ts.err
}

func TestExportCommandNamesAndFile(t *testing.T) {
	for _, tc := range []struct {
		line  string
		names bool
	}{
		{"export", false}, {"eksport", false}, {"export navn", true}, {"eksporter Navn", true},
		{"export names", true}, {"export med navn", true}, {"eksport namn", true}, {"export alt", false},
	} {
		ts := &typesetter{}
		co := Coach{Location: cet, Typesetter: ts}
		p := finished(co, NB, answersNB)
		out := p.command(tc.line)
		if len(out.Replies) != 1 || out.Replies[0].Kind != ReplyExport {
			t.Fatalf("%q: replies %+v", tc.line, out.Replies)
		}
		r := out.Replies[0]
		if got := strings.Contains(r.Document, "(Kari, "); got != tc.names {
			t.Errorf("%q: names in the Markdown: %v, want %v", tc.line, got, tc.names)
		}
		if len(ts.got) != 1 || ts.got[0].Names != tc.names || ts.got[0].Markdown() != r.Document {
			t.Errorf("%q: the typesetter got %d chapters, not the one in the reply", tc.line, len(ts.got))
		}
		want := "involve-sak-grorud-sentrum-2026-12-07.docx"
		if tc.names {
			want = "involve-sak-grorud-sentrum-2026-12-07-med-navn.docx" // never the file to publish
		}
		if r.File == nil || r.File.Name != want || r.File.Title != "Grorud sentrum" {
			t.Errorf("%q: file %+v", tc.line, r.File)
		}
	}
	// A typesetter that fails leaves the Markdown export.
	co := Coach{Typesetter: &typesetter{err: errors.New("broken")}}
	p := finished(co, NB, answersNB)
	if r := p.command("export").Replies[0]; r.File != nil || r.Document == "" {
		t.Errorf("a failed typesetter gave %+v", r)
	}
	// Without one, the export is Markdown only.
	p = finished(Coach{}, NB, answersNB)
	if r := p.command("export").Replies[0]; r.File != nil || r.Document == "" {
		t.Errorf("an export without a typesetter gave %+v", r)
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

// cellsOf splits a table row at the bars that are not escaped.
func cellsOf(row string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, row[start:i])
			start = i + 1
		}
	}
	return append(cells, row[start:])
}

// checkStructure checks the document line by line: headings are exactly
// the ones Markdown() writes, table rows have the header's cells, and every
// line that carries a team member's words neither opens a block of its own
// nor holds raw Markdown.
func checkStructure(t *testing.T, md string, headings []string) {
	t.Helper()
	var got []string
	prev, cells := "", 0
	for n, line := range strings.Split(md, "\n") {
		var contents []string
		inline := false // words inside a line, where no block can open
		switch {
		case line == "" || line == ">":
		case strings.HasPrefix(line, "#"):
			got = append(got, line)
		case strings.HasPrefix(line, "_") && strings.HasSuffix(line, "_"):
			contents = []string{line[1 : len(line)-1]} // the subtitle, a placeholder
		case strings.HasPrefix(line, "| "):
			parts := cellsOf(line)
			if len(parts) < 3 || parts[0] != "" || parts[len(parts)-1] != "" {
				t.Errorf("line %d is not a table row: %q", n+1, line)
				continue
			}
			parts, inline = parts[1:len(parts)-1], true
			if !strings.HasPrefix(prev, "|") {
				cells = len(parts)
			}
			if len(parts) != cells {
				t.Errorf("line %d has %d cells, the header %d: %q", n+1, len(parts), cells, line)
			}
			for _, c := range parts {
				c = strings.TrimSpace(c)
				if c == "---" {
					continue
				}
				if len(c) > 1 && strings.HasPrefix(c, "_") && strings.HasSuffix(c, "_") {
					c = c[1 : len(c)-1]
				}
				contents = append(contents, strings.Split(c, "<br>")...)
			}
		case strings.HasPrefix(line, "- "):
			contents = []string{line[2:]}
		case strings.HasPrefix(line, "  "):
			if !strings.HasPrefix(prev, "- ") && !strings.HasPrefix(prev, "  ") {
				t.Errorf("line %d continues no list item: %q", n+1, line)
			}
			contents = []string{line[2:]}
		case strings.HasPrefix(line, "> — "):
			contents, inline = []string{line[len("> — "):]}, true
		case strings.HasPrefix(line, "> "):
			contents = []string{line[2:]}
		default:
			contents = []string{line} // a paragraph
		}
		for _, c := range contents {
			c = strings.TrimSuffix(c, "  ")
			if !inline && blockStart.MatchString(c) {
				t.Errorf("line %d opens a block of its own: %q", n+1, line)
			}
			if ch, ok := rawSpecial(c); ok {
				t.Errorf("line %d holds a raw %q: %q", n+1, ch, line)
			}
		}
		prev = line
	}
	if !reflect.DeepEqual(got, headings) {
		t.Errorf("headings:\n got %q\nwant %q", got, headings)
	}
}

// sectionsNB are the headings of a Norwegian document whose "how we
// involved" has no answers, after its title.
func sectionsNB(how ...string) []string {
	h := []string{
		"## Hva vi ønsket at innbyggerne skulle sitte igjen med",
		"## Hva innbyggerne satt igjen med",
		"## Slik planla vi å involvere innbyggerne",
	}
	for _, s := range how {
		h = append(h, "### "+s)
	}
	h = append(h, "## Vedlegg: refleksjonsspørsmålene")
	for i, q := range seedQuestions {
		h = append(h, fmt.Sprintf("### %d. %s", i+1, mdInline(q)))
	}
	return h
}

func TestDocumentMarkdownEscapes(t *testing.T) {
	co := Coach{}
	p := newPlay(co, NB)
	p.c.Name = "sak_grorud #1 <test> [b]"
	p.command("start")
	for i := range QuestionCount {
		p.step(Input{Kind: InputMessage, Thread: p.last(), User: "U9", Name: "Kari *Nordmann*\n# [admin] | x", Text: nastyNB[i]})
	}
	nudged(t0)(p)
	p.reply(p.last(), "U2", "- punkt\n---\n> sitat\n| tabell |")
	for _, names := range []bool{false, true} {
		md := co.Document(p.c, exported).Chapter(names).Markdown()
		headings := append([]string{`# sak\_grorud \#1 &lt;test&gt; \[b\]`},
			sectionsNB(textsNB.DocHow...)...)
		checkStructure(t, md, headings)

		// The words survive, escaped.
		for _, want := range []string{
			"- \\# Ikke en overskrift (",
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
			"> Linje 1\n> \\#\\# Linje 2\n> \\- punkt\n>\n> — ",
			"| 48 | 23. november 2026 | - punkt<br>---<br>&gt; sitat<br>\\| tabell \\| |", // a cell opens no block
		} {
			if !strings.Contains(md, want) {
				t.Errorf("the document lacks %q", want)
			}
		}
		if names && !strings.Contains(md, "(Kari \\*Nordmann\\* \\# \\[admin\\] \\| x, 20. november 2026)") {
			t.Errorf("the name is not escaped")
		}
		if t.Failed() {
			t.Logf("the document:\n%s", md)
			return
		}
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
	back.loc, back.prefixes = doc.loc, doc.prefixes // the coach's settings are not part of the JSON
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
		if day := longDate(&textsNB, tc.at, co.loc()); !strings.Contains(doc.Markdown(), "_Medvirkning · "+day+"_") {
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
		for _, names := range []bool{false, true} {
			md := co.Document(c, exported).Chapter(names).Markdown()
			title, _, _ := strings.Cut(md, "\n")
			if _, raw := rawSpecial(strings.TrimPrefix(title, "# ")); raw || !strings.HasPrefix(title, "# ") {
				t.Errorf("title %q", title)
			}
			checkStructure(t, md, append([]string{title}, sectionsNB()...))
		}
	})
}
