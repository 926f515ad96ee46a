package dialogs

import "fmt"

// This file puts the level, the promise and the groups into status, the
// summary and the document.

// GroupEntry is one group in a document: planned, reached, or both.
type GroupEntry struct {
	Group   string `json:"group"`   // the group's name in the case's language
	Planned bool   `json:"planned"` // on the team's list
	Reached bool   `json:"reached"` // reached in at least one week
	Weeks   []int  `json:"weeks,omitempty"`
}

// coaching fills the document's level, promise and groups from c.
func (d *Document) coaching(c *Case) {
	d.Level, d.Promise, d.Groups = c.Level, c.PromiseOf(), []GroupEntry{}
	for _, g := range c.Groups {
		e := GroupEntry{Group: g.Label(c.Lang), Planned: g.Planned, Reached: len(g.Reached) > 0}
		for _, w := range g.Reached {
			e.Weeks = append(e.Weeks, weekNumber(w))
		}
		d.Groups = append(d.Groups, e)
	}
}

// coachingStatus are status's lines on the level and the groups.
func (s *step) coachingStatus() []string {
	c, t := s.c, s.t
	var lines []string
	if c.Level != "" {
		lines = append(lines, fmt.Sprintf(t.LevelStatus, LevelName(c.Lang, c.Level), c.PromiseOf()))
	}
	if planned, reached := c.groupCounts(); planned > 0 {
		lines = append(lines, fmt.Sprintf(t.GroupsStatus, reached, planned))
	}
	return lines
}

// coachingSections are the summary's sections on the promise and the
// groups, when the team has chosen them.
func (s *step) coachingSections() []Section {
	c, t := s.c, s.t
	var out []Section
	if c.Level != "" {
		out = append(out, Section{Heading: t.LevelHeading, Lines: []string{
			fmt.Sprintf(t.LevelStatus, LevelName(c.Lang, c.Level), c.PromiseOf()),
		}})
	}
	if len(c.Groups) > 0 {
		out = append(out, s.groupList())
	}
	return out
}

// coachingSections are the chapter's sections on the promise to residents
// and the groups planned against those reached, when there are any.
func (d Document) coachingSections(t *texts) []ChapterSection {
	var out []ChapterSection
	if d.Level != "" {
		out = append(out, ChapterSection{Heading: t.LevelHeading, Blocks: []Block{
			{Kind: BlockParagraph, Text: fmt.Sprintf(t.DocLevel, LevelName(d.Lang, d.Level))},
			{Kind: BlockQuote, Text: d.Promise},
		}})
	}
	if len(d.Groups) > 0 {
		table := &Table{Header: []string{t.DocGroup, t.DocPlanned, t.DocReached}}
		for _, g := range d.Groups {
			planned, reached := t.DocNo, t.DocNo
			if g.Planned {
				planned = t.DocYes
			}
			if g.Reached {
				reached = t.DocYes
				if len(g.Weeks) > 0 {
					reached = fmt.Sprintf(t.DocReachedWeeks, joinInts(g.Weeks))
				}
			}
			table.Rows = append(table.Rows, TableRow{Cells: []string{g.Group, planned, reached}})
		}
		out = append(out, ChapterSection{Heading: t.GroupsHeading, Blocks: []Block{{Kind: BlockTable, Table: table}}})
	}
	return out
}

// joinInts writes numbers as "48, 49".
func joinInts(ns []int) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(n)
	}
	return s
}
