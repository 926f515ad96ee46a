package docx

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oslo-involve/involve/dialogs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d (go test -update rewrites it):\n got %q\nwant %q", file, i+1, g, w)
			}
		}
	}
}

// TestGoldenParts pins the XML parts of a finished case's document in
// each language: a change shows in review as a diff of the XML.
func TestGoldenParts(t *testing.T) {
	for _, tc := range []struct {
		lang    dialogs.Lang
		answers [dialogs.QuestionCount]string
		tag     string
	}{
		{dialogs.NB, answersNB, "nb-NO"},
		{dialogs.EN, answersEN, "en-GB"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			c := finished(t, tc.lang, tc.answers, 2, 3)
			c.Reports = append(c.Reports, dialogs.Report{Author: "U0KARI", Name: "Kari Nordmann", At: exported.AddDate(0, 0, -1), Week: 50})
			ch := chapter(c, false)
			data := typeset(t, ch)
			for _, part := range []string{"word/document.xml", "word/styles.xml", "docProps/core.xml"} {
				got := Part(ch, part)
				golden(t, strings.TrimSuffix(filepath.Base(part), ".xml")+"-"+string(tc.lang)+".xml", got)
				if got == nil || !bytes.Contains(unzip(t, data, part), got) {
					t.Fatalf("the package's %s is not the part", part)
				}
			}
			styles := string(Part(ch, "word/styles.xml"))
			for _, want := range []string{
				`<w:lang w:val="` + tc.tag + `"`,
				`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>`,
				`<w:outlineLvl w:val="0"/>`,
				`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>`,
				`<w:outlineLvl w:val="1"/>`,
				`<w:tblStylePr w:type="firstRow">`,
			} {
				if !strings.Contains(styles, want) {
					t.Errorf("styles.xml lacks %s", want)
				}
			}
			core := string(Part(ch, "docProps/core.xml"))
			if !strings.Contains(core, "<dc:title>Grorud sentrum</dc:title>") ||
				!strings.Contains(core, `<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-08T15:00:00Z</dcterms:created>`) {
				t.Errorf("core.xml:\n%s", core)
			}
			doc := string(Part(ch, "word/document.xml"))
			if !strings.Contains(doc, "<w:tr><w:trPr><w:tblHeader/></w:trPr>") {
				t.Errorf("the outcome table has no header row")
			}
		})
	}
}

// TestStructure reads the body back as a reader would: the title, the
// sections as Heading 1, the plain headings and questions as Heading 2,
// every answer under its question, and no names unless asked for.
func TestStructure(t *testing.T) {
	c := finished(t, dialogs.NB, answersNB, 2, 4)
	for _, names := range []bool{false, true} {
		ps := paragraphs(t, typeset(t, chapter(c, names)))
		var h1 []string
		for _, p := range ps {
			if p.Style == styleHeading1 {
				h1 = append(h1, p.Text)
			}
		}
		want := []string{"Hva vi ønsket at innbyggerne skulle sitte igjen med", "Hva innbyggerne satt igjen med",
			"Slik planla vi å involvere innbyggerne", "Vedlegg: refleksjonsspørsmålene"}
		if fmt.Sprint(h1) != fmt.Sprint(want) {
			t.Errorf("sections %q, want %q", h1, want)
		}
		if ps[0].Style != styleTitle || ps[0].Text != "Grorud sentrum" || ps[1].Style != styleSubtitle || ps[1].Text != "Medvirkning · 8. desember 2026" {
			t.Errorf("title %+v, %+v", ps[0], ps[1])
		}
		for i, q := range dialogs.Questions(dialogs.NB) {
			head := fmt.Sprintf("%d. %s", q.Number, q.Text)
			at := indexOf(ps, head)
			if at < 0 || ps[at].Style != styleHeading2 {
				t.Fatalf("question %d is not a Heading 2", q.Number)
			}
			if !strings.HasPrefix(ps[at+1].Text, answersNB[i]+" (") || !strings.HasPrefix(ps[at+2].Text, fmt.Sprintf("Tillegg 1 til spørsmål %d. (", i+1)) {
				t.Errorf("under question %d: %q, %q", q.Number, ps[at+1].Text, ps[at+2].Text)
			}
		}
		all := texts(ps)
		for _, p := range people {
			if got := strings.Contains(all, p.name) || strings.Contains(all, p.id); got != names {
				t.Errorf("names %v: %s in the document: %v", names, p.name, got)
			}
		}
	}
}

func indexOf(ps []paragraph, text string) int {
	for i, p := range ps {
		if p.Text == text {
			return i
		}
	}
	return -1
}

// hostile are answers written to break an XML document, or a reader.
var hostile = []string{
	"a < b && c > d",
	`<w:p>ikke en avsnitt</w:p> ]]> <![CDATA[x]]> "sitat" 'enkelt'`,
	"kontroll\x00\x01\x07\x08\x0b\x0c\x1b\x7f tegn\u0085\u009f slutt",
	"ugyldig \xff\xfe utf-8 \xed\xa0\x80 og \uFFFE\uFFFF",
	"emoji 🙂👩🏽‍🌾🇳🇴 og ❤️",
	"مرحبا بكم في الحي، نريد أن نسمع منكم",
	"שלום לכולם",
	"linje én\r\nlinje to\rlinje tre\n\n\nlinje fire",
	"tab\tmellom",
	"&amp; &lt; &#x1; &#0; &bogus;",
	strings.Repeat("lang ", 2000),
	"",
	"   ",
}

func TestHostileText(t *testing.T) {
	co := dialogs.Coach{Location: oslo}
	c := co.NewCase("C0HOSTILE", "slack", "sak-<&>\x00\"'-🙂", created)
	c.Round, c.State = 1, dialogs.StateCompleted
	for i, h := range hostile {
		q := i%dialogs.QuestionCount + 1
		c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: q, Author: "U<&>", Name: "Kari <&> \x01 مرحبا", Text: h, At: created})
		c.Reports = append(c.Reports, dialogs.Report{Author: "U1", Text: h, At: created, Week: 48})
		c.Notes = append(c.Notes, dialogs.Report{Author: "U1", Text: h, At: created})
	}
	c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: dialogs.IntentionQuestion, Author: "U1", Text: hostile[0] + "\n" + hostile[5], At: created})
	for _, names := range []bool{false, true} {
		ch := co.Document(c, exported).Chapter(names)
		data := typeset(t, ch)
		ps := paragraphs(t, data)
		all := texts(ps)
		for _, want := range []string{
			"a < b && c > d",
			`<w:p>ikke en avsnitt</w:p> ]]> <![CDATA[x]]> "sitat" 'enkelt'`,
			"kontroll tegn slutt",
			"ugyldig  utf-8  og ",
			"emoji 🙂👩🏽‍🌾🇳🇴 og ❤️",
			"مرحبا بكم في الحي، نريد أن نسمع منكم",
			"linje én\nlinje to\nlinje tre\n\n\nlinje fire",
			"tab\tmellom",
			"&amp; &lt; &#x1; &#0; &bogus;",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("the document lacks %q", want)
			}
		}
		if !utf8.ValidString(all) {
			t.Errorf("the document's text is not UTF-8")
		}
		for _, r := range all {
			if r != '\n' && r != '\t' && (r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0xfffe || r == 0xffff || r == utf8.RuneError) {
				t.Errorf("the document holds %U", r)
			}
		}
		rtl := 0
		for _, p := range ps {
			if strings.HasPrefix(p.Text, "مرحبا") || strings.HasPrefix(p.Text, "שלום") {
				if !p.RTL {
					t.Errorf("%q is not set right to left", p.Text)
				}
				rtl++
			} else if p.RTL && !strings.HasPrefix(strings.TrimSpace(p.Text), "a < b") {
				t.Errorf("%q is set right to left", p.Text)
			}
		}
		if rtl == 0 {
			t.Errorf("no right-to-left paragraph")
		}
		if got := strings.Contains(all, "Kari <&>  مرحبا"); got != names {
			t.Errorf("names %v: the hostile name in the document: %v", names, got)
		}
	}
}

// TestBadCases: a case that never started and a case with 500 answers give
// valid documents.
func TestBadCases(t *testing.T) {
	co := dialogs.Coach{Location: oslo}
	fresh := co.NewCase("C0NEW", "slack", "sak-ny", created)
	ps := paragraphs(t, typeset(t, co.Document(fresh, exported).Chapter(false)))
	all := texts(ps)
	for _, want := range []string{"Ny\n", "Ikke besvart ennå (spørsmål 13).\n", "Ingen tilbakemeldinger ennå.\n", "14. Kan vi tilby noe mer"} {
		if !strings.Contains(all, want) {
			t.Errorf("the empty document lacks %q:\n%s", want, all)
		}
	}
	if n := strings.Count(all, "Ikke besvart.\n"); n != dialogs.QuestionCount {
		t.Errorf("%d unanswered questions, want %d", n, dialogs.QuestionCount)
	}

	big := finished(t, dialogs.NB, answersNB, 36, 40) // 504 answers
	if len(big.Answers) < 500 {
		t.Fatalf("%d answers", len(big.Answers))
	}
	data := typeset(t, chapter(big, true))
	all = texts(paragraphs(t, data))
	// Each question's 35 additions are in the appendix; those of the six
	// questions of "how we involved" there too, and the intention's
	// twice more: quoted, and beside the outcome table.
	if n, want := strings.Count(all, "Tillegg "), (14+6+2)*35; n != want {
		t.Errorf("%d additions in the document, want %d", n, want)
	}
	if n := strings.Count(all, ": de fikk se skissene."); n != 40 {
		t.Errorf("%d reports in the document, want 40", n)
	}
	t.Logf("500 answers: %d bytes", len(data))

	// The zero chapter is a valid, empty document.
	typeset(t, dialogs.Chapter{})

	// A section of a later kind that ends with a table: the body still
	// ends with a paragraph.
	ch := dialogs.Chapter{Title: "x", Sections: []dialogs.ChapterSection{{Heading: "Grupper", Blocks: []dialogs.Block{
		{Kind: dialogs.BlockTable, Table: &dialogs.Table{Header: []string{"Gruppe", "Planlagt", "Nådd", "Merknad", "Kilde"},
			Rows: []dialogs.TableRow{{Cells: []string{"Barn", "ja"}}, {Cells: []string{"a", "b", "c", "d", "e", "f"}, Muted: true}}}},
	}}}}
	doc := string(Part(ch, "word/document.xml"))
	if !strings.Contains(doc, "</w:tbl>\n<w:p/>\n<w:sectPr>") {
		t.Errorf("the body ends with a table")
	}
	if ps := paragraphs(t, typeset(t, ch)); len(ps) != 3+5*3+1 {
		t.Errorf("%d paragraphs, want the title, subtitle, heading, 15 cells and the last", len(ps))
	}
}

// TestDeterministic: the same chapter gives the same bytes.
func TestDeterministic(t *testing.T) {
	ch := chapter(finished(t, dialogs.NB, answersNB, 1, 2), false)
	a, b := typeset(t, ch), typeset(t, ch)
	if !bytes.Equal(a, b) {
		t.Errorf("two documents of one chapter differ")
	}
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain æøå 🙂", "plain æøå 🙂"},
		{"a\x00b\x1fc\x7fd", "abcd"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"\xff\u0085x\uFFFE\uFFFFy\U0010FFFF", "xy\U0010FFFF"},
	} {
		if got := sanitize(tc.in); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { sanitize("a clean line of text, æøå 🙂") }); allocs != 0 {
		t.Errorf("sanitize allocates %v times for clean text", allocs)
	}
}

// FuzzWrite: whatever a team member writes, and whatever the channel is
// called, the document is a valid package whose text keeps the words.
func FuzzWrite(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, text string) {
		co := dialogs.Coach{}
		c := co.NewCase("C1", "slack", text, created)
		c.Round = 1
		c.Answers = []dialogs.Answer{{Round: 1, Question: 13, Author: text, Name: text, Text: text, At: created}}
		c.Reports = []dialogs.Report{{Author: text, Name: text, Text: text, At: created, Week: 48}}
		data := typeset(t, co.Document(c, exported).Chapter(true))
		words := strings.Fields(sanitize(text))
		all := texts(paragraphs(t, data))
		for _, w := range words {
			if !strings.Contains(all, w) {
				t.Fatalf("the document lost %q", w)
			}
		}
	})
}

func TestColumnWidths(t *testing.T) {
	for n := 1; n <= 8; n++ {
		ws := columnWidths(n)
		sum := 0
		for _, w := range ws {
			if w <= 0 {
				t.Errorf("%d columns: width %d", n, w)
			}
			sum += w
		}
		if len(ws) != n || sum != textWidth {
			t.Errorf("%d columns: %v, sum %d, want %d", n, ws, sum, textWidth)
		}
	}
}
