package dialogs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Chapter is a case written up for the involvement chapter of a plan
// description: a title, a line with the date, and a list of sections made
// of a few kinds of block. Markdown and the Word writer lay out the same
// chapter, so both exports say the same thing. Later sections (the promise
// to residents, the groups reached, residents' own words) are new sections
// of the same kinds of block.
type Chapter struct {
	Title    string    // the case's display name
	Subtitle string    // what the document is, and the day it was written
	Lang     Lang      // the case's language
	Language string    // the language as a BCP 47 tag: nb-NO, nn-NO, en-GB
	Date     time.Time // when it was written
	Names    bool      // people's names appear; off for a document to publish
	Basename string    // a safe file name without extension
	Sections []ChapterSection
}

// ChapterSection is one headed part of a chapter.
type ChapterSection struct {
	Heading string
	Blocks  []Block
}

// BlockKind tells a renderer how to lay out a block.
type BlockKind string

// The kinds of block a section is made of.
const (
	BlockHeading   BlockKind = "heading"   // a plain heading inside a section
	BlockParagraph BlockKind = "paragraph" // text; lines split by "\n"
	BlockQuote     BlockKind = "quote"     // someone's words, with who and when in Source
	BlockList      BlockKind = "list"      // things people said, each with its source
	BlockTable     BlockKind = "table"     // a table with a header row
	BlockQuestion  BlockKind = "question"  // a reflection question and its answers
)

// Block is one piece of a section. Which fields count depends on Kind.
type Block struct {
	Kind     BlockKind
	Text     string    // heading, paragraph, quote: the text, lines split by "\n"
	Source   string    // quote: who said it and when (no names unless asked for)
	Muted    bool      // paragraph: a placeholder such as "Not answered.", set apart from what people wrote
	Items    []Said    // list: what was said
	Table    *Table    // table
	Question *Question // question: the question; Items: its answers; Text: what to say when there are none
}

// Said is something a team member said, with its source: the day, and with
// names also who said it.
type Said struct {
	Text   string
	Source string
}

// Table is a table whose first row is a header.
type Table struct {
	Header []string
	Rows   []TableRow
}

// TableRow is one row of a table. A muted row holds no one's words, only a
// placeholder such as "Nothing to report this week", and is set apart.
type TableRow struct {
	Cells []string
	Muted bool
}

// howQuestions are the questions "how we involved" is drawn from, in the
// order the chapter tells it: role, setting, tone, time, value now and later.
// texts.DocHow holds the heading of each, in this order.
var howQuestions = [...]int{2, 12, 9, 11, 6, 7}

// defaultPrefixes mark case channels when the coach is told of none.
var defaultPrefixes = []string{"sak-", "case-"}

// Chapter lays the document out as the involvement chapter. With names,
// people's names (or user ids where no name is known) appear beside what
// they said; without, only the days do.
func (d Document) Chapter(names bool) Chapter {
	t := textsFor(d.Lang)
	loc := d.loc
	if loc == nil {
		loc = time.UTC
	}
	day := func(at time.Time) string { return longDate(t, at, loc) }
	source := func(e Entry, round int) string {
		var parts []string
		if names {
			parts = append(parts, e.Author)
		}
		if s := day(e.At); s != "" {
			parts = append(parts, s)
		}
		if round > 0 {
			parts = append(parts, fmt.Sprintf(t.DocRound, round))
		}
		return strings.Join(parts, ", ")
	}
	ch := Chapter{
		Title:    displayName(d, t),
		Subtitle: fmt.Sprintf(t.DocSubtitle, day(d.Exported)),
		Lang:     d.Lang,
		Language: languageTag(d.Lang),
		Date:     d.Exported,
		Names:    names,
		Basename: strings.TrimSuffix(d.Filename(), ".md"),
	}
	if names {
		// The names version is a file of its own: it never overwrites the
		// one to publish.
		ch.Basename += t.DocNamesSuffix
	}

	intention := ChapterSection{Heading: t.IntentionHeading}
	var wanted []string
	for _, e := range d.Intention {
		intention.Blocks = append(intention.Blocks, Block{Kind: BlockQuote, Text: e.Text, Source: source(e, 0)})
		wanted = append(wanted, fmt.Sprintf(t.DocQuoted, oneLine(e.Text)))
	}
	if len(d.Intention) == 0 {
		intention.Blocks = append(intention.Blocks, Block{Kind: BlockParagraph, Text: t.DocNoIntention, Muted: true})
	}

	outcomes := ChapterSection{Heading: t.OutcomeHeading}
	if len(d.Outcomes) == 0 {
		outcomes.Blocks = append(outcomes.Blocks, Block{Kind: BlockParagraph, Text: t.DocNoOutcomes, Muted: true})
	} else {
		if len(wanted) > 0 {
			outcomes.Blocks = append(outcomes.Blocks, Block{Kind: BlockParagraph, Text: t.DocWanted + " " + strings.Join(wanted, " ")})
		}
		table := &Table{Header: []string{t.DocWeek, t.DocDate, t.DocReported}}
		if names {
			table.Header = append(table.Header, t.DocBy)
		}
		for _, e := range d.Outcomes {
			row := TableRow{Cells: []string{"", day(e.At), e.Text}}
			if e.Week > 0 {
				row.Cells[0] = strconv.Itoa(e.Week)
			}
			if nothingReported(e) {
				row.Cells[2], row.Muted = t.DocNothing, true
			}
			if names {
				row.Cells = append(row.Cells, e.Author)
			}
			table.Rows = append(table.Rows, row)
		}
		outcomes.Blocks = append(outcomes.Blocks, Block{Kind: BlockTable, Table: table})
	}

	how := ChapterSection{Heading: t.DocHowHeading}
	for i, n := range howQuestions {
		answers := d.latestAnswers(n)
		if len(answers) == 0 {
			continue
		}
		how.Blocks = append(how.Blocks, Block{Kind: BlockHeading, Text: t.DocHow[i]})
		for _, a := range answers {
			how.Blocks = append(how.Blocks, Block{Kind: BlockParagraph, Text: a.Text})
		}
	}
	if len(how.Blocks) == 0 {
		how.Blocks = append(how.Blocks, Block{Kind: BlockParagraph, Text: t.DocHowNone, Muted: true})
	}

	appendix := ChapterSection{Heading: t.DocAppendix}
	for _, q := range Questions(d.Lang) {
		b := Block{Kind: BlockQuestion, Question: &q, Text: t.DocNoAnswer}
		for i := len(d.Rounds) - 1; i >= 0; i-- {
			round := 0
			if len(d.Rounds) > 1 {
				round = d.Rounds[i].Round
			}
			for _, qe := range d.Rounds[i].Questions {
				if qe.Number != q.Number {
					continue
				}
				for _, a := range qe.Answers {
					b.Items = append(b.Items, Said{Text: a.Text, Source: source(a, round)})
				}
			}
		}
		appendix.Blocks = append(appendix.Blocks, b)
	}

	ch.Sections = []ChapterSection{intention, outcomes}
	ch.Sections = append(ch.Sections, d.coachingSections(t)...)
	ch.Sections = append(ch.Sections, d.residentsSections(t, day)...)
	ch.Sections = append(ch.Sections, how, appendix)
	if len(d.Notes) > 0 {
		notes := ChapterSection{Heading: t.DocNotes, Blocks: []Block{{Kind: BlockList}}}
		for _, n := range d.Notes {
			notes.Blocks[0].Items = append(notes.Blocks[0].Items, Said{Text: n.Text, Source: source(n, 0)})
		}
		ch.Sections = append(ch.Sections, notes)
	}
	return ch
}

// nothingReported reports whether an outcome row says only that there was
// nothing to report that week: a "nothing this week" entry, or a report
// without text.
func nothingReported(e Entry) bool {
	return e.Nothing || strings.TrimSpace(e.Text) == ""
}

// latestAnswers returns the answers to question n of the newest round that
// has any.
func (d Document) latestAnswers(n int) []Entry {
	for i := len(d.Rounds) - 1; i >= 0; i-- {
		for _, q := range d.Rounds[i].Questions {
			if q.Number == n && len(q.Answers) > 0 {
				return q.Answers
			}
		}
	}
	return nil
}

// longDate writes a day in full: "8. desember 2026", "8 December 2026".
func longDate(t *texts, at time.Time, loc *time.Location) string {
	if at.IsZero() {
		return ""
	}
	at = at.In(loc)
	return fmt.Sprintf(t.DocLongDate, at.Day(), t.DocMonths[at.Month()-1], at.Year())
}

// languageTag is the BCP 47 tag of a language, as Word wants it.
func languageTag(l Lang) string {
	switch l {
	case EN:
		return "en-GB"
	case "nn":
		return "nn-NO"
	}
	return "nb-NO"
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// displayName is the case's name for people. A channel name that is a slug
// (sak-grorud-sentrum) loses its case prefix and its hyphens
// (Grorud sentrum); a name with capitals or spaces (Teams' display names)
// is kept as it is. Without a name the document gets a plain title.
func displayName(d Document, t *texts) string {
	if d.Title != "" {
		return d.Title
	}
	name := strings.TrimSpace(strings.TrimPrefix(oneLine(d.Name), "#"))
	if name == "" || (name == d.Channel && d.Platform != "console") {
		return t.DocUntitled
	}
	if strings.ContainsFunc(name, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsSpace(r) }) {
		return name
	}
	prefixes := d.prefixes
	if prefixes == nil {
		prefixes = defaultPrefixes
	}
	for _, p := range prefixes {
		if p != "" && len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			name = name[len(p):]
			break
		}
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(words) == 0 {
		return t.DocUntitled
	}
	name = strings.Join(words, " ")
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
