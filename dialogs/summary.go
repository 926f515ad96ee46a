package dialogs

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

func (s *step) status() Reply {
	c, t := s.c, s.t
	var lines []string
	switch c.State {
	case StateNew:
		lines = append(lines, t.StatusNew)
	case StateAsking:
		lines = append(lines, fmt.Sprintf(t.StatusAsking, c.Current, QuestionCount))
	case StatePaused:
		lines = append(lines, fmt.Sprintf(t.StatusPaused, c.Current, QuestionCount))
	case StateCompleted:
		lines = append(lines, t.StatusCompleted)
	case StateClosed:
		lines = append(lines, t.StatusClosed)
	}
	if c.Round > 0 {
		if c.Round > 1 {
			lines = append(lines, fmt.Sprintf(t.StatusRound, c.Round))
		}
		lines = append(lines, fmt.Sprintf(t.StatusAnswered, c.Answered(), QuestionCount))
		lines = append(lines, reportCount(t, c.Reports))
		lines = append(lines, s.coachingStatus()...)
		switch {
		case c.State == StateClosed:
		case c.Nudge.Paused:
			lines = append(lines, t.StatusNudgesOff)
		case c.Active() && c.State == StateCompleted:
			// The weekly question begins once the reflection is done.
			lines = append(lines, t.StatusNudges)
		}
	}
	lines = append(lines, s.residentsStatus()...)
	return Reply{Kind: ReplyStatus, Ephemeral: true, Title: t.StatusTitle, Sections: []Section{{Lines: lines}}}
}

// summary puts what the team intended beside what happened, then every
// answer of the current round. completed marks the summary that closes the
// reflection.
func (s *step) summary(completed bool) Reply {
	c, t, loc := s.c, s.t, s.co.loc()
	r := Reply{Kind: ReplySummary, Title: fmt.Sprintf(t.SummaryTitle, caseName(c))}
	if completed {
		r.Title, r.Text = t.CompletedTitle, t.Completed
	}
	intent := Section{Heading: t.IntentionHeading}
	for _, a := range c.Intention() {
		intent.Lines = append(intent.Lines, a.Text)
	}
	if len(intent.Lines) == 0 {
		intent.Lines = []string{t.Skipped1}
	}
	outcome := Section{Heading: t.OutcomeHeading}
	for _, rep := range c.Reports {
		outcome.Lines = append(outcome.Lines, outcomeLine(t, c.Lang, rep, loc))
	}
	if len(outcome.Lines) == 0 {
		outcome.Lines = []string{t.NoOutcomes}
	}
	r.Sections = append(r.Sections, intent, outcome)
	r.Sections = append(r.Sections, s.coachingSections()...)
	if sec, ok := s.residentsSection(); ok {
		r.Sections = append(r.Sections, sec)
	}
	if sec, ok := s.themesSection(); ok {
		r.Sections = append(r.Sections, sec)
	}
	if c.Round == 0 {
		r.Text = t.SummaryNoAnswers
		return r
	}
	for _, q := range Questions(c.Lang) {
		sec := Section{Heading: fmt.Sprintf("%d. %s", q.Number, q.Text)}
		for _, a := range c.Answers {
			if a.Round == c.Round && a.Question == q.Number {
				sec.Lines = append(sec.Lines, author(a.Name, a.Author)+": "+a.Text)
			}
		}
		if len(sec.Lines) == 0 {
			sec.Lines = []string{t.Skipped1}
		}
		r.Sections = append(r.Sections, sec)
	}
	return r
}

// reportCount says how many outcome reports a case has, in words that
// agree with the number; weeks with nothing to report are not counted.
func reportCount(t *texts, reports []Report) string {
	n := 0
	for _, r := range reports {
		if !r.Nothing {
			n++
		}
	}
	switch n {
	case 0:
		return t.StatusReports0
	case 1:
		return t.StatusReports1
	}
	return fmt.Sprintf(t.StatusReports, n)
}

// outcomeLine is one report in a summary: "Uke 49 (30. november 2026,
// Kari): …", or the week's "nothing this week".
func outcomeLine(t *texts, l Lang, r Report, loc *time.Location) string {
	week := r.Week
	if week == 0 {
		week = Week(r.At.In(loc))
	}
	head := fmt.Sprintf(t.WeekLabel, week)
	if r.Nothing {
		return fmt.Sprintf("%s (%s): %s", head, longDate(t, r.At, loc), lowerFirst(t.NothingEntry))
	}
	return fmt.Sprintf("%s (%s, %s): %s", head, longDate(t, r.At, loc), author(r.Name, r.Author), r.Text)
}

// lowerFirst lower-cases the first letter of s, for a phrase that
// continues a line.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func caseName(c *Case) string {
	if c.Name != "" {
		return c.Name
	}
	return c.Channel
}

func (s *step) export(names bool) {
	c := s.c
	if c.Round == 0 && len(c.Reports) == 0 {
		s.text(ReplyText, true, s.t.ExportEmpty)
		return
	}
	doc := s.co.Document(c, s.in.At)
	ch := doc.Chapter(names)
	r := Reply{Kind: ReplyExport, Text: s.t.ExportReady, Document: ch.Markdown(), Filename: ch.Basename + ".md",
		Asker: s.in.User, Names: names}
	if s.co.Typesetter != nil {
		// A document that cannot be typeset still goes out as Markdown.
		if f, err := s.co.Typesetter.Typeset(ch); err == nil && len(f.Data) > 0 {
			r.File = &f
		}
	}
	s.say(r)
}

// norwegianLetters spells æ, ø and å the way Norwegians do without them.
var norwegianLetters = strings.NewReplacer("æ", "ae", "Æ", "Ae", "ø", "o", "Ø", "O", "å", "aa", "Å", "Aa")

// Filename is a file name for the document: the case name and the day.
func (d Document) Filename() string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, norwegianLetters.Replace(d.Name))
	if name == "" {
		name = "case"
	}
	loc := d.loc
	if loc == nil {
		loc = time.UTC
	}
	// The day as the document itself writes it, in the coach's time zone.
	return "involve-" + name + "-" + d.Exported.In(loc).Format("2006-01-02") + ".md"
}
