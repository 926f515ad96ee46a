package dialogs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the activity commands: record one (typed on one line or
// from a guided form), list them, delete one.

// ActivityForm is what a guided form of an activity starts from: what the
// team already said, and the choices it offers.
type ActivityForm struct {
	Draft   ActivityDraft `json:"draft"`
	Methods []Choice      `json:"methods"` // the methods, in the order of MethodKeys
	Groups  []Choice      `json:"groups"`  // the case's groups, then the coach's own not on the list
	// Labels of the form's fields, in the case's language.
	Date, DateHint, Place, Method, GroupsLabel, Participants, What, Submit, Optional string
}

// Choice is one option of a form's list: a value and its label.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// activityCommand is /involve aktivitet [slett <nr>|<line>].
func (s *step) activityCommand(args string) {
	word, rest := cutWord(args)
	switch strings.ToLower(word) {
	case "slett", "delete", "fjern", "remove":
		s.activityDelete(rest)
		return
	}
	s.activityLine(args)
}

// activityLine records an activity from its one-line form, or offers the
// guided form when the day or the place is missing.
func (s *step) activityLine(line string) {
	d := ParseActivity(line, s.c.Groups, s.in.At, s.co.loc())
	if d.BadDate != "" {
		r := s.activityForm(d)
		r.Text = fmt.Sprintf(s.t.ActivityBadDate, clip(d.BadDate))
		s.say(r)
		return
	}
	if d.Missing() {
		s.say(s.activityForm(d))
		return
	}
	s.recordActivity(d)
}

// activityForm is the guided form, filled in with what the team said. A
// platform without forms shows its Text: what to type.
func (s *step) activityForm(d ActivityDraft) Reply {
	c, t := s.c, s.t
	f := &ActivityForm{Draft: d, Date: t.FormDate, DateHint: t.FormDateHint, Place: t.FormPlace, Method: t.FormMethod,
		GroupsLabel: t.FormGroups, Participants: t.FormParticipants, What: t.FormWhat, Submit: t.FormSubmit, Optional: t.FormOptional}
	for i, k := range MethodKeys {
		f.Methods = append(f.Methods, Choice{Value: k, Label: t.MethodNames[i]})
	}
	for _, g := range c.Groups {
		f.Groups = append(f.Groups, Choice{Value: g.id(), Label: g.Label(c.Lang)})
	}
	for i, k := range GroupKeys {
		if c.findGroup(k) < 0 {
			f.Groups = append(f.Groups, Choice{Value: k, Label: t.GroupNames[i]})
		}
	}
	return Reply{Kind: ReplyActivityForm, Ephemeral: true, Title: t.ActivityFormTitle, Text: t.ActivityMissing,
		Context: t.ActivityFormAsk, Form: f, Asker: s.in.User}
}

// recordActivity keeps the activity and marks the groups it reached in its
// week; a group not on the list comes on it as reached but not planned.
func (s *step) recordActivity(d ActivityDraft) {
	c, t := s.c, s.t
	if len(c.Activities) >= maxActivities {
		s.textf(ReplyText, true, t.ActivitiesFull, maxActivities)
		return
	}
	a := Activity{Date: d.Date, Place: d.Place, Method: d.Method, What: d.What, Groups: d.Groups,
		Participants: d.Participants, Author: s.in.User, Name: s.in.Name, At: s.in.At}
	if a.Method == "" && a.What != "" {
		a.Method = "other"
	}
	week := isoWeek(a.Date)
	for _, id := range a.Groups {
		i := c.findGroup(id)
		if i < 0 {
			if len(c.Groups) >= maxGroups {
				continue
			}
			key, name := groupKey(id)
			c.Groups = append(c.Groups, Group{Key: key, Name: name})
			i = len(c.Groups) - 1
		}
		g := &c.Groups[i]
		if !slices.Contains(g.Reached, week) {
			g.Reached = append(g.Reached, week)
			a.Marked = append(a.Marked, g.id()+"|"+week)
		}
	}
	c.Activities = append(c.Activities, a)
	s.changed()
	s.textf(ReplyText, false, t.ActivityRecorded, len(c.Activities), activitySummary(t, c.Lang, a, s.co.loc()))
}

// activityDelete removes activity n, and the group weeks it marked.
func (s *step) activityDelete(arg string) {
	c, t := s.c, s.t
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil {
		s.text(ReplyText, true, t.ActivityDeleteUsage)
		return
	}
	if n < 1 || n > len(c.Activities) {
		s.textf(ReplyText, true, t.ActivityNoSuch, n)
		return
	}
	a := c.Activities[n-1]
	c.Activities = slices.Delete(c.Activities, n-1, n)
	for _, m := range a.Marked {
		id, week, _ := strings.Cut(m, "|")
		if i := c.findGroup(id); i >= 0 {
			g := &c.Groups[i]
			g.Reached = slices.DeleteFunc(g.Reached, func(w string) bool { return w == week })
		}
	}
	s.changed()
	s.textf(ReplyText, false, t.ActivityDeleted, n)
}

// activities lists what the team recorded, numbered as delete takes them.
func (s *step) activities() {
	c, t := s.c, s.t
	sec := Section{}
	for i, a := range c.Activities {
		sec.Lines = append(sec.Lines, fmt.Sprintf("%d. %s", i+1, activitySummary(t, c.Lang, a, s.co.loc())))
	}
	r := Reply{Kind: ReplyStatus, Ephemeral: true, Title: t.ActivitiesTitle, Sections: []Section{sec}, Context: t.ActivitiesHow}
	if len(sec.Lines) == 0 {
		r.Sections, r.Context, r.Text = nil, "", t.ActivitiesNone
	}
	s.say(r)
}

// activitySummary is an activity on one line: "5. november 2026, Grorud
// bibliotek: åpent møte · Barn, Unge · 40 deltakere".
func activitySummary(t *texts, l Lang, a Activity, loc *time.Location) string {
	line := longDate(t, a.Date, loc) + ", " + a.Place
	var parts []string
	if m := activityMethod(l, a); m != "" {
		parts = append(parts, m)
	}
	if gs := activityGroups(l, a); gs != "" {
		parts = append(parts, gs)
	}
	if a.Participants > 0 {
		parts = append(parts, fmt.Sprintf(t.ActivityCount, a.Participants))
	}
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, " · ")
	}
	return line
}

// activityMethod is the method with the team's own words: "åpent møte (med
// velforeningen)".
func activityMethod(l Lang, a Activity) string {
	m := MethodName(l, a.Method)
	switch {
	case a.What == "":
		return m
	case m == "" || a.Method == "other":
		return a.What
	}
	return m + " (" + a.What + ")"
}

// activityGroups names the groups an activity reached, in l.
func activityGroups(l Lang, a Activity) string {
	names := make([]string, 0, len(a.Groups))
	for _, id := range a.Groups {
		key, name := groupKey(id)
		if key != "" {
			name = Group{Key: key}.Label(l)
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}
