package dialogs

import (
	"fmt"
	"time"
)

// quietAfter is how many nudges in a row may go unanswered before the
// coach kindly says so, once.
const quietAfter = 3

// quietWeek is how long a case in the questions may be silent before the
// weekly run reminds it of its open question.
const quietWeek = 7 * 24 * time.Hour

// nudge is the weekly run for one case. A case whose reflection is done is
// asked what the residents were left with, once per slot, unless the team
// has reported since the last slot. A case still in the questions is
// reminded of its open question once, after a quiet week.
func (s *step) nudge() {
	c, slot := s.c, s.in.Slot
	if s.in.Direct && !c.Active() {
		s.notNudged() // asked for by hand: say why not
		return
	}
	if slot.IsZero() || !c.Active() || !slot.After(c.Nudge.LastSlot) {
		return
	}
	prev := c.Nudge.LastSlot
	c.Nudge.LastSlot = slot
	s.changed()
	if c.State != StateCompleted {
		s.remind()
		return
	}
	if !slot.After(c.Nudge.Since) {
		return // the slot came before the team started
	}
	since := c.Nudge.Since
	if prev.After(since) {
		since = prev
	}
	for _, r := range c.Reports {
		// A report the team wrote on its own since the last slot covers
		// this week. A reply to an earlier nudge answered that week, not
		// this one.
		if r.At.After(since) && r.Nudge == "" && !s.in.Direct {
			c.Nudge.Unheard = 0
			c.Nudge.Escalated = false
			return // they told us already this week
		}
	}
	t := s.t
	r := Reply{
		Kind:  ReplyNudge,
		Title: fmt.Sprintf(t.NudgeTitle, Week(slot.In(s.co.loc()))),
		Text:  t.Nudge,
		Slot:  slot,
		Buttons: []Button{
			{Action: ActionNothing, Label: t.NothingLabel},
			{Action: ActionPauseNudges, Label: t.PauseNudgesLabel},
			{Action: ActionClose, Label: t.CloseLabel, Style: "danger"},
		},
	}
	if groups := s.reachedButtons(); len(groups) > 0 {
		// Which planned groups did the team reach this week? One press each.
		r.Sections = append(r.Sections, Section{Heading: t.GroupsReachedAsk})
		r.Buttons = append(groups, r.Buttons...)
	}
	if intent := c.Intention(); len(intent) > 0 {
		r.QuoteLead = t.NudgeIntent
		for i, a := range intent {
			if i > 0 {
				r.Quote += "\n"
			}
			r.Quote += a.Text
		}
	} else {
		r.QuoteLead = t.NudgeNoIntent
	}
	tip := t.Tips[c.Nudge.TipIndex%len(t.Tips)]
	c.Nudge.TipIndex = (c.Nudge.TipIndex + 1) % len(t.Tips)
	r.Context = t.NudgeTipLead + tip
	if c.Nudge.Unheard >= quietAfter && !c.Nudge.Escalated {
		r.Text += "\n\n" + t.NudgeQuiet
		c.Nudge.Escalated = true
	}
	c.Nudge.Unheard++
	c.Nudge.LastSent = s.in.At
	c.Asked = AskedNudge
	s.say(r)
}

// remind quotes the open question in its own thread when the case has been
// quiet for a week, and then says nothing more until someone writes again:
// the coach never nags twice.
func (s *step) remind() {
	c, t := s.c, s.t
	heard := c.lastHeard()
	if s.in.At.Sub(heard) < quietWeek || !c.Nudge.Reminded.Before(heard) {
		if s.in.Direct {
			s.textf(ReplyText, true, t.NudgeNotYet, c.Current, QuestionCount)
		}
		return
	}
	q, _ := QuestionN(c.Lang, c.Current)
	c.Nudge.Reminded = s.in.At
	s.say(Reply{Kind: ReplyText, Text: fmt.Sprintf(t.Reminder, q.Number, q.Text),
		Thread: c.promptRef(c.Round, c.Current)})
}

// lastHeard is when the team last wrote, or the open question was asked.
func (c *Case) lastHeard() time.Time {
	last := c.Prompted
	if c.Started.After(last) {
		last = c.Started
	}
	for _, a := range c.Answers {
		if a.At.After(last) {
			last = a.At
		}
	}
	for _, rs := range [][]Report{c.Reports, c.Notes} {
		for _, r := range rs {
			if r.At.After(last) {
				last = r.At
			}
		}
	}
	return last
}

// notNudged says why a nudge asked for by hand is not sent.
func (s *step) notNudged() {
	c, t := s.c, s.t
	switch {
	case c.State == StateNew:
		s.text(ReplyText, true, t.NotStarted)
	case c.State == StateClosed:
		s.text(ReplyText, true, t.AlreadyClosed)
	case c.State == StatePaused:
		s.textf(ReplyText, true, t.RunningPaused, c.Current, QuestionCount)
	default:
		s.text(ReplyText, true, t.NudgesAlreadyPaused)
	}
}
