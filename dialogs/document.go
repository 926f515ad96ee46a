package dialogs

import (
	"fmt"
	"strings"
	"time"
)

// Document is a case's report: the reflection beside what happened, in a
// shape fit for the involvement chapter of a plan description. It is what
// `involvebot export` writes, as Markdown or JSON.
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

	loc *time.Location
}

// Entry is one answer or report in a document.
type Entry struct {
	Author string    `json:"author"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
	Week   int       `json:"week,omitempty"`
	Edited bool      `json:"edited,omitempty"`
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
		loc: co.loc(),
	}
	for _, a := range c.Intention() {
		d.Intention = append(d.Intention, Entry{Author: author(a.Name, a.Author), Text: a.Text, At: a.At, Edited: !a.Edited.IsZero()})
	}
	for _, r := range c.Reports {
		d.Outcomes = append(d.Outcomes, Entry{Author: author(r.Name, r.Author), Text: r.Text, At: r.At, Week: r.Week, Edited: !r.Edited.IsZero()})
	}
	for _, n := range c.Notes {
		d.Notes = append(d.Notes, Entry{Author: author(n.Name, n.Author), Text: n.Text, At: n.At, Edited: !n.Edited.IsZero()})
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

type docTexts struct {
	Title, Meta, MetaNew, Intention, Outcomes, NoOutcomes, NoIntention, Round, NoAnswer, Week, Edited, Notes string
	States                                                                                                   map[State]string
}

var docNB = docTexts{
	Title:       "Innbyggerinvolvering: %s",
	Meta:        "Eksportert %s · runde %d · %s",
	MetaNew:     "Eksportert %s · %s",
	Intention:   "Det vi ønsket at innbyggerne skulle sitte igjen med",
	Outcomes:    "Det innbyggerne satt igjen med",
	NoOutcomes:  "Ingen rapporter ennå.",
	NoIntention: "Ikke besvart ennå (spørsmål 13).",
	Round:       "Refleksjonsspørsmål, runde %d",
	NoAnswer:    "Ikke besvart.",
	Week:        "uke %d",
	Edited:      " (redigert)",
	Notes:       "Andre svar til coachen",
	States: map[State]string{StateNew: "ikke startet", StateAsking: "pågår", StatePaused: "på pause",
		StateCompleted: "refleksjonen er fullført", StateClosed: "lukket"},
}

var docEN = docTexts{
	Title:       "Involving residents: %s",
	Meta:        "Exported %s · round %d · %s",
	MetaNew:     "Exported %s · %s",
	Intention:   "What we wanted the residents to be left with",
	Outcomes:    "What the residents were left with",
	NoOutcomes:  "No reports yet.",
	NoIntention: "Not answered yet (question 13).",
	Round:       "Reflection questions, round %d",
	NoAnswer:    "Not answered.",
	Week:        "week %d",
	Edited:      " (edited)",
	Notes:       "Other replies to the coach",
	States: map[State]string{StateNew: "not started", StateAsking: "in progress", StatePaused: "paused",
		StateCompleted: "reflection completed", StateClosed: "closed"},
}

// Markdown renders the document. Newer rounds come first: they are what the
// team thinks now.
func (d Document) Markdown() string {
	t := &docNB
	if d.Lang == EN {
		t = &docEN
	}
	loc := d.loc
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# "+t.Title+"\n\n", mdInline(d.Name))
	if d.Round > 0 {
		fmt.Fprintf(&b, "_"+t.Meta+"_\n\n", date(d.Lang, d.Exported, loc), d.Round, t.States[d.State])
	} else {
		fmt.Fprintf(&b, "_"+t.MetaNew+"_\n\n", date(d.Lang, d.Exported, loc), t.States[d.State])
	}
	fmt.Fprintf(&b, "## %s\n\n", t.Intention)
	if len(d.Intention) == 0 {
		b.WriteString(t.NoIntention + "\n\n")
	}
	for _, e := range d.Intention {
		b.WriteString(mdQuote(e.Text))
		fmt.Fprintf(&b, "> — %s, %s\n\n", mdInline(e.Author), date(d.Lang, e.At, loc))
	}
	fmt.Fprintf(&b, "## %s\n\n", t.Outcomes)
	if len(d.Outcomes) == 0 {
		b.WriteString(t.NoOutcomes + "\n\n")
	}
	for _, e := range d.Outcomes {
		edited := ""
		if e.Edited {
			edited = t.Edited
		}
		fmt.Fprintf(&b, "- **"+t.Week+"** (%s, %s): %s%s\n", e.Week, date(d.Lang, e.At, loc), mdInline(e.Author), mdBlock(e.Text), edited)
	}
	if len(d.Outcomes) > 0 {
		b.WriteString("\n")
	}
	for i := len(d.Rounds) - 1; i >= 0; i-- {
		r := d.Rounds[i]
		fmt.Fprintf(&b, "## "+t.Round+"\n\n", r.Round)
		for _, q := range r.Questions {
			fmt.Fprintf(&b, "### %d. %s\n\n", q.Number, q.Text)
			if len(q.Answers) == 0 {
				b.WriteString("_" + t.NoAnswer + "_\n\n")
				continue
			}
			for _, a := range q.Answers {
				edited := ""
				if a.Edited {
					edited = t.Edited
				}
				fmt.Fprintf(&b, "- %s%s (%s, %s)\n", mdBlock(a.Text), edited, mdInline(a.Author), date(d.Lang, a.At, loc))
			}
			b.WriteString("\n")
		}
	}
	if len(d.Notes) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", t.Notes)
		for _, n := range d.Notes {
			edited := ""
			if n.Edited {
				edited = t.Edited
			}
			fmt.Fprintf(&b, "- %s%s (%s, %s)\n", mdBlock(n.Text), edited, mdInline(n.Author), date(d.Lang, n.At, loc))
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
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
