package dialogs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file holds the groups a case means to reach, and which of them the
// team reached, week by week.

// Group is one group of residents a case plans to reach: one of the
// coach's own (Key) or one the team added (Name).
type Group struct {
	Key     string   `json:"key,omitempty"`     // one of GroupKeys
	Name    string   `json:"name,omitempty"`    // the team's own addition
	Planned bool     `json:"planned"`           // on the team's list now
	Reached []string `json:"reached,omitempty"` // the ISO weeks the team reached it ("2026-W49")
}

// GroupKeys are the coach's own groups, children and young people first;
// texts.GroupNames follows this order.
var GroupKeys = []string{"children", "young", "elderly", "disability", "language", "offline"}

// maxGroups bounds a case's list, and so the buttons of a weekly nudge.
const maxGroups = 20

// id is what a button carries to name the group.
func (g Group) id() string {
	if g.Key != "" {
		return g.Key
	}
	return g.Name
}

// Label returns the group's name in l.
func (g Group) Label(l Lang) string {
	for i, k := range GroupKeys {
		if k == g.Key {
			return textsFor(l).GroupNames[i]
		}
	}
	return g.Name
}

// findGroup returns the index of the group named by word (a key, a name in
// any language, or the team's own name), or -1.
func (c *Case) findGroup(word string) int {
	key, name := groupKey(word)
	for i, g := range c.Groups {
		if key != "" && g.Key == key || key == "" && strings.EqualFold(g.Name, name) {
			return i
		}
	}
	return -1
}

// groupKey returns the coach's key for a group's name, or the name
// cleaned up as the team's own.
func groupKey(word string) (key, name string) {
	name = oneLine(strings.Trim(strings.TrimSpace(word), `"«»“”`))
	for i, k := range GroupKeys {
		if strings.EqualFold(name, k) {
			return k, ""
		}
		for _, l := range Langs {
			if strings.EqualFold(name, textsFor(l).GroupNames[i]) {
				return k, ""
			}
		}
	}
	return "", name
}

// isoWeek names the ISO week of at ("2026-W49").
func isoWeek(at time.Time) string {
	y, w := at.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// groupsOffer is the checklist of the coach's own groups, with the
// team's list as it stands.
func (s *step) groupsOffer() Reply {
	c, t := s.c, s.t
	r := Reply{Kind: ReplyGroups, Title: t.GroupsTitle, Text: t.GroupsAsk + "\n\n" + t.GroupsDuty, Context: t.GroupsHow}
	for i, k := range GroupKeys {
		b := Button{Action: ActionGroup, Label: t.GroupNames[i], Value: k}
		if j := c.findGroup(k); j >= 0 && c.Groups[j].Planned {
			b.Style = "primary"
		}
		r.Buttons = append(r.Buttons, b)
	}
	r.Sections = []Section{s.groupList()}
	return r
}

// groupList is the team's list: planned against reached.
func (s *step) groupList() Section {
	c, t := s.c, s.t
	sec := Section{Heading: t.GroupsHeading}
	for _, g := range c.Groups {
		sec.Lines = append(sec.Lines, groupLine(t, c.Lang, g))
	}
	if len(sec.Lines) == 0 {
		sec.Lines = []string{t.GroupsNone}
	}
	return sec
}

// groupLine is one group with what became of it: "Barn: planlagt, nådd
// uke 49, 50".
func groupLine(t *texts, l Lang, g Group) string {
	state := t.GroupPlanned
	if !g.Planned {
		state = t.GroupNotPlanned
	}
	if len(g.Reached) == 0 {
		return fmt.Sprintf(t.GroupLine, g.Label(l), state, t.GroupNotReached)
	}
	weeks := make([]int, len(g.Reached))
	for i, w := range g.Reached {
		weeks[i] = weekNumber(w)
	}
	return fmt.Sprintf(t.GroupLine, g.Label(l), state, fmt.Sprintf(t.GroupReachedWeeks, joinInts(weeks)))
}

// groupsCommand is "/involve groups [add|remove <name>]" (grupper, legg
// til, fjern).
func (s *step) groupsCommand(args string) {
	verb, rest := cutWord(args)
	switch strings.ToLower(verb) {
	case "":
		s.say(s.groupsOffer())
	case "add", "legg", "leggtil", "ny", "+":
		if w, r := cutWord(rest); strings.EqualFold(w, "til") {
			rest = r
		}
		s.addGroup(rest)
	case "remove", "fjern", "slett", "ta", "-":
		if w, r := cutWord(rest); strings.EqualFold(w, "bort") || strings.EqualFold(w, "vekk") {
			rest = r
		}
		s.removeGroup(rest)
	default:
		s.text(ReplyText, true, s.t.GroupsUsage)
	}
}

// cutWord splits the first word off s.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i:])
	}
	return s, ""
}

// addGroup puts a group on the list, a coach's own or the team's.
func (s *step) addGroup(name string) {
	c := s.c
	key, own := groupKey(name)
	if key == "" && (own == "" || len([]rune(own)) > maxGroupName) {
		s.text(ReplyText, true, s.t.GroupsUsage)
		return
	}
	g := Group{Key: key, Name: own, Planned: true}
	if i := c.findGroup(name); i >= 0 {
		if c.Groups[i].Planned {
			s.textf(ReplyText, true, s.t.GroupAlready, c.Groups[i].Label(c.Lang))
			return
		}
		c.Groups[i].Planned = true
		g = c.Groups[i]
	} else {
		if len(c.Groups) >= maxGroups {
			s.textf(ReplyText, true, s.t.GroupsFull, maxGroups)
			return
		}
		c.Groups = append(c.Groups, g)
	}
	s.changed()
	s.textf(ReplyText, false, s.t.GroupAdded, g.Label(c.Lang))
}

// removeGroup takes a group off the list. One the team has reached stays
// in the record as reached but not planned.
func (s *step) removeGroup(name string) {
	c := s.c
	i := c.findGroup(name)
	if strings.TrimSpace(name) == "" || i < 0 || !c.Groups[i].Planned {
		s.textf(ReplyText, true, s.t.GroupNotFound, clip(oneLine(name)))
		return
	}
	label := c.Groups[i].Label(c.Lang)
	if len(c.Groups[i].Reached) > 0 {
		c.Groups[i].Planned = false
	} else {
		c.Groups = append(c.Groups[:i], c.Groups[i+1:]...)
	}
	s.changed()
	s.textf(ReplyText, false, s.t.GroupRemoved, label)
}

// toggleGroup is a press on a group of the checklist: on the list, or off it.
func (s *step) toggleGroup(value string) {
	if i := s.c.findGroup(value); i >= 0 && s.c.Groups[i].Planned {
		s.removeGroup(value)
		return
	}
	s.addGroup(value)
}

// maxGroupName bounds a group's name: a longer reply under the checklist
// is talk, kept as a note.
const maxGroupName = 60

// groupsReply is a reply in the checklist's thread: the team's own group,
// or, when it is too long to be a name, a note.
func (s *step) groupsReply(text string) {
	if len([]rune(oneLine(text))) > maxGroupName {
		s.note(text)
		s.text(ReplyText, true, s.t.GroupsUsage)
		return
	}
	s.say(Reply{Kind: ReplyAck, Target: s.in.Ref})
	s.addGroup(text)
}

// reachedButtons are the weekly nudge's buttons for the planned groups.
func (s *step) reachedButtons() []Button {
	var bs []Button
	for _, g := range s.c.Groups {
		if g.Planned {
			bs = append(bs, Button{Action: ActionReached, Label: g.Label(s.c.Lang), Value: g.id()})
		}
	}
	return bs
}

// reached records that the team reached a planned group in the week of
// the nudge the button belongs to; pressing it twice records it once.
func (s *step) reached(value string) {
	c, in := s.c, s.in
	i := c.findGroup(value)
	if i < 0 {
		s.textf(ReplyText, true, s.t.GroupNotFound, clip(oneLine(value)))
		return
	}
	at := in.At
	if p, ok := c.posted(in.Thread); ok && p.Kind == PostedNudge && !p.Slot.IsZero() {
		at = p.Slot
	}
	week := isoWeek(at.In(s.co.loc()))
	g := &c.Groups[i]
	label := g.Label(c.Lang)
	if g.Key != "" {
		label = lowerFirst(label) // the coach's own name, inside a sentence
	}
	for _, w := range g.Reached {
		if w == week {
			s.textf(ReplyText, true, s.t.GroupReached, label, Week(at.In(s.co.loc())))
			return
		}
	}
	g.Reached = append(g.Reached, week)
	s.changed()
	s.textf(ReplyText, false, s.t.GroupReached, label, Week(at.In(s.co.loc())))
}

// groupCounts returns how many groups are planned and how many of those
// were reached.
func (c *Case) groupCounts() (planned, reached int) {
	for _, g := range c.Groups {
		if g.Planned {
			planned++
			if len(g.Reached) > 0 {
				reached++
			}
		}
	}
	return planned, reached
}

// weekNumber is the week of an ISO week name, for people.
func weekNumber(w string) int {
	_, n, _ := strings.Cut(w, "-W")
	i, _ := strconv.Atoi(n)
	return i
}
