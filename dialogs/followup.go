package dialogs

import (
	"strings"
	"time"
)

// This file holds the follow-ups: what the team did with an input (a
// weekly report, numbered as the case's reports are; later a resident's
// answer or a theme).

// Followup is what the team did with one input.
type Followup struct {
	Input  string    `json:"input"` // the input's number as the team sees it
	Text   string    `json:"text"`
	Author string    `json:"author,omitempty"`
	Name   string    `json:"name,omitempty"`
	At     time.Time `json:"at"`
}

// maxFollowup bounds one follow-up.
const maxFollowup = 2000

// followupCommand is /involve oppfølging <nr> <tekst>: one follow-up per
// input, the latest kept.
func (s *step) followupCommand(args string) {
	c, t := s.c, s.t
	n, text := cutWord(args)
	if n == "" || text == "" {
		s.text(ReplyText, true, t.FollowupUsage)
		return
	}
	if !c.hasInput(n) {
		s.textf(ReplyText, true, t.FollowupNoSuch, clip(n))
		return
	}
	if len([]rune(text)) > maxFollowup {
		s.textf(ReplyText, true, t.FollowupTooLong, maxFollowup)
		return
	}
	f := Followup{Input: n, Text: text, Author: s.in.User, Name: s.in.Name, At: s.in.At}
	for i := range c.Followups {
		if c.Followups[i].Input == n {
			c.Followups[i] = f
			s.changed()
			s.textf(ReplyText, false, t.FollowupSet, n, oneLine(text))
			return
		}
	}
	c.Followups = append(c.Followups, f)
	s.changed()
	s.textf(ReplyText, false, t.FollowupSet, n, oneLine(text))
}

// hasInput reports whether n numbers one of the case's inputs: its
// weekly reports, 1 up, in the order they came.
func (c *Case) hasInput(n string) bool {
	n = strings.TrimSpace(n)
	k := 0
	for _, r := range c.Reports {
		if r.Nothing {
			continue
		}
		k++
		if n == itoa(k) {
			return true
		}
	}
	return false
}

// ActivityEntry is one activity in a document.
type ActivityEntry struct {
	Date         string   `json:"date"` // 2026-11-05
	Place        string   `json:"place"`
	Method       string   `json:"method"` // one of MethodKeys, or ""
	Groups       []string `json:"groups"` // the groups' names in the case's language
	Participants int      `json:"participants"`
}

// FollowupEntry is one follow-up in a document.
type FollowupEntry struct {
	Input string    `json:"input"`
	Text  string    `json:"text"`
	At    time.Time `json:"at"`
}

// chapterRecords fills the document's title, activities and follow-ups.
func (d *Document) chapterRecords(c *Case) {
	d.Title, d.Activities, d.Followups = c.Title, []ActivityEntry{}, []FollowupEntry{}
	for _, a := range c.Activities {
		e := ActivityEntry{Date: a.Date.Format("2006-01-02"), Place: a.Place, Method: a.Method, Groups: []string{}, Participants: a.Participants}
		for _, id := range a.Groups {
			key, name := groupKey(id)
			if key != "" {
				name = Group{Key: key}.Label(c.Lang)
			}
			e.Groups = append(e.Groups, name)
		}
		d.Activities = append(d.Activities, e)
	}
	for _, f := range c.Followups {
		d.Followups = append(d.Followups, FollowupEntry{Input: f.Input, Text: f.Text, At: f.At})
	}
}
