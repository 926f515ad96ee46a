package dialogs

import (
	"fmt"
	"strings"
	"time"
)

// Document is a case's report: everything the team wrote, with authors and
// times. It is what `involvebot export -format json` writes; its Chapter is
// what the Markdown and the Word document lay out.
type Document struct {
	Channel   string       `json:"channel"`
	Name      string       `json:"name"`
	Platform  string       `json:"platform"`
	Lang      Lang         `json:"lang"`
	State     State        `json:"state"`
	Round     int          `json:"round"`
	Created   time.Time    `json:"created"`
	Exported  time.Time    `json:"exported"`
	Intention []Entry      `json:"intention"`
	Outcomes  []Entry      `json:"outcomes"`
	Rounds    []RoundEntry `json:"rounds"`
	Notes     []Entry      `json:"notes,omitempty"` // replies to the coach that answer no question
	// Residents are the residents' own words from the case's page: no
	// names, no addresses.
	Residents []ResidentEntry `json:"residents"`
	// Updates are the team's published "you said, we did" lines, oldest first.
	Updates []PageUpdate `json:"updates"`

	// Coaching.
	Level   string       `json:"level"`   // one of Levels, or "" before the team chose
	Promise string       `json:"promise"` // the promise to residents, as shown to them
	Groups  []GroupEntry `json:"groups"`  // the groups planned, against those reached

	// The medvirkning chapter.
	Title      string          `json:"title"`      // the team's title, or "" for the channel's name
	Activities []ActivityEntry `json:"activities"` // what the team did, by date
	Followups  []FollowupEntry `json:"followups"`  // what the team did with each input
	// Themes are the residents' answers and the reports grouped by what
	// they talk about: the team's themes, then the coach's grouping.
	Themes []ThemeEntry `json:"themes"`

	loc      *time.Location
	prefixes []string // the case-channel prefixes, taken off a slug for the title
}

// Entry is one answer or report in a document.
type Entry struct {
	Author string    `json:"author"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
	Week   int       `json:"week,omitempty"`
	Edited bool      `json:"edited,omitempty"`
	// Nothing marks a week with nothing to report.
	Nothing bool `json:"nothing,omitempty"`
}

// RoundEntry is one run through the questions.
type RoundEntry struct {
	Round     int             `json:"round"`
	Questions []QuestionEntry `json:"questions"`
}

// QuestionEntry is a question with every answer it got in a round.
type QuestionEntry struct {
	Number    int     `json:"number"`
	Text      string  `json:"text"`
	Intention bool    `json:"intention,omitempty"`
	Answers   []Entry `json:"answers"`
}

// Document builds the report of c as of at.
func (co Coach) Document(c *Case, at time.Time) Document {
	d := Document{
		Channel: c.Channel, Name: caseName(c), Platform: c.Platform, Lang: c.Lang,
		State: c.State, Round: c.Round, Created: c.Created, Exported: at,
		Intention: []Entry{}, Outcomes: []Entry{}, Rounds: []RoundEntry{},
		loc: co.loc(), prefixes: co.Prefixes,
	}
	for _, a := range c.Intention() {
		d.Intention = append(d.Intention, Entry{Author: author(a.Name, a.Author), Text: a.Text, At: a.At, Edited: !a.Edited.IsZero()})
	}
	for _, r := range c.Reports {
		d.Outcomes = append(d.Outcomes, Entry{Author: author(r.Name, r.Author), Text: r.Text, At: r.At, Week: r.Week, Edited: !r.Edited.IsZero(), Nothing: r.Nothing})
	}
	d.coaching(c)
	d.chapterRecords(c)
	for _, n := range c.Notes {
		d.Notes = append(d.Notes, Entry{Author: author(n.Name, n.Author), Text: n.Text, At: n.At, Edited: !n.Edited.IsZero()})
	}
	d.Residents, d.Updates = residentEntries(c)
	d.Themes = c.Themes()
	if d.Themes == nil {
		d.Themes = []ThemeEntry{}
	}
	for round := 1; round <= c.Round; round++ {
		re := RoundEntry{Round: round}
		for _, q := range Questions(c.Lang) {
			qe := QuestionEntry{Number: q.Number, Text: q.Text, Intention: q.Intention, Answers: []Entry{}}
			for _, a := range c.Answers {
				if a.Round == round && a.Question == q.Number {
					qe.Answers = append(qe.Answers, Entry{Author: author(a.Name, a.Author), Text: a.Text, At: a.At, Edited: !a.Edited.IsZero()})
				}
			}
			re.Questions = append(re.Questions, qe)
		}
		d.Rounds = append(d.Rounds, re)
	}
	return d
}

// Markdown renders the document as the involvement chapter, without
// people's names.
func (d Document) Markdown() string {
	return d.Chapter(false).Markdown()
}

// Markdown renders the chapter.
func (ch Chapter) Markdown() string {
	var b strings.Builder
	b.WriteString("# " + mdInline(ch.Title) + "\n\n")
	b.WriteString("_" + mdInline(ch.Subtitle) + "_\n\n")
	for _, sec := range ch.Sections {
		b.WriteString("## " + mdInline(sec.Heading) + "\n\n")
		for _, bl := range sec.Blocks {
			mdBlockOf(&b, bl)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func mdBlockOf(b *strings.Builder, bl Block) {
	switch bl.Kind {
	case BlockHeading:
		b.WriteString("### " + mdInline(bl.Text) + "\n\n")
	case BlockParagraph:
		if bl.Muted {
			b.WriteString("_" + mdInline(bl.Text) + "_\n\n")
			return
		}
		b.WriteString(mdParagraph(bl.Text) + "\n\n")
	case BlockQuote:
		b.WriteString(mdQuote(bl.Text))
		if bl.Source != "" {
			b.WriteString("> — " + mdInline(bl.Source) + "\n")
		}
		b.WriteString("\n")
	case BlockList:
		mdList(b, bl.Items)
	case BlockTable:
		mdTable(b, bl.Table)
	case BlockQuestion:
		fmt.Fprintf(b, "### %d. %s\n\n", bl.Question.Number, mdInline(bl.Question.Text))
		if len(bl.Items) == 0 {
			b.WriteString("_" + mdInline(bl.Text) + "_\n\n")
			return
		}
		mdList(b, bl.Items)
	}
}

func mdList(b *strings.Builder, items []Said) {
	for _, it := range items {
		b.WriteString("- " + mdBlock(it.Text))
		if it.Source != "" {
			b.WriteString(" (" + mdInline(it.Source) + ")")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// mdTable writes a GitHub-flavoured table: every cell on one line, lines
// of a cell joined by <br>.
func mdTable(b *strings.Builder, t *Table) {
	if t == nil || len(t.Header) == 0 {
		return
	}
	row := func(cells []string, muted bool) {
		b.WriteString("|")
		for i := range t.Header {
			cell := ""
			if i < len(cells) {
				cell = mdCell(cells[i])
			}
			if muted && cell != "" {
				cell = "_" + cell + "_"
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header, false)
	b.WriteString("|" + strings.Repeat(" --- |", len(t.Header)) + "\n")
	for _, r := range t.Rows {
		row(r.Cells, r.Muted)
	}
	b.WriteString("\n")
}

func mdCell(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = mdInline(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "<br>")
}

// mdParagraph is a paragraph of a team member's text: each line escaped,
// line breaks kept as hard breaks.
func mdParagraph(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = mdLine(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "  \n")
}

// mdEscaper escapes what Markdown would read as markup inside a line.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`,
	"~", `\~`, "|", `\|`)

// mdInline keeps a user's text from breaking the document's structure.
func mdInline(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// mdLine is mdInline for text that begins a line: a list marker or a
// setext underline there would open a block of its own.
func mdLine(s string) string {
	s = mdInline(s)
	if s != "" && strings.ContainsRune("-+=", rune(s[0])) {
		return `\` + s
	}
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdBlock is mdInline that keeps line breaks inside a list item.
func mdBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = mdLine(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "  \n  ")
}

func mdQuote(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = mdLine(l); l != "" {
			b.WriteString("> " + l + "\n")
		}
	}
	b.WriteString(">\n")
	return b.String()
}

// File is a document to send with an export, such as a Word document.
type File struct {
	Name  string `json:"name"`            // a file name, with its extension
	Type  string `json:"type"`            // the media type
	Title string `json:"title,omitempty"` // a title for people
	Data  []byte `json:"data"`
}

// A Typesetter lays a chapter out as a file. It builds the file in memory
// and does no other I/O.
type Typesetter interface {
	Typeset(ch Chapter) (File, error)
}
