package dialogs

import (
	"fmt"
	"strconv"
	"time"
)

// This file holds the run through the questions: start, ask, skip, pause, resume, close.

// start begins the questions, says where a running case stands, or offers
// (or, with newRound, starts) another round of a finished one.
func (s *step) start(newRound bool) {
	c := s.c
	if c.State == StateClosed && c.Round == 0 {
		// Closed before it began: there is no earlier round to run again.
		c.State, c.Closed = StateNew, time.Time{}
	}
	switch c.State {
	case StateNew:
		c.Round = 1
		s.begin()
		s.say(Reply{Kind: ReplyWelcome, Title: s.t.WelcomeTitle, Text: s.t.Welcome})
		s.prompt()
	case StateAsking:
		if c.Asked != AskedPrompt {
			s.prompt() // a nudge came in between: ask the open question again
			return
		}
		s.textf(ReplyText, true, s.t.Running, c.Current, QuestionCount)
	case StatePaused:
		s.say(Reply{Kind: ReplyText, Ephemeral: true, Text: fmt.Sprintf(s.t.RunningPaused, c.Current, QuestionCount),
			Buttons: []Button{{Action: ActionResume, Label: s.t.ResumeLabel, Style: "primary"}}})
	case StateCompleted, StateClosed:
		if !newRound {
			s.say(Reply{Kind: ReplyConfirm, Ephemeral: true, Text: fmt.Sprintf(s.t.NewRoundAsk, c.Round+1),
				Buttons: []Button{
					{Action: ActionNewRound, Label: s.t.NewRoundLabel, Style: "primary"},
				}})
			return
		}
		c.Round++
		c.Closed = time.Time{}
		c.Completed = time.Time{}
		s.begin()
		s.textf(ReplyText, false, s.t.NewRound, c.Round)
		s.prompt()
	}
}

func (s *step) begin() {
	s.c.State = StateAsking
	s.c.Current = 1
	s.c.Started = s.in.At
	if s.c.Nudge.Since.IsZero() {
		s.c.Nudge.Since = s.in.At
	}
	s.changed()
}

// prompt asks the case's current question.
func (s *step) prompt() {
	q, _ := QuestionN(s.c.Lang, s.c.Current)
	s.c.Asked = AskedPrompt
	s.c.Prompted = s.in.At
	s.changed()
	tag := strconv.Itoa(s.c.Round) + ":" + strconv.Itoa(q.Number)
	s.say(Reply{
		Kind:     ReplyPrompt,
		Title:    q.Text,
		Context:  q.Help,
		Progress: fmt.Sprintf(s.t.Progress, q.Number, QuestionCount),
		Buttons: []Button{
			{Action: ActionSkip, Label: s.t.SkipLabel, Value: tag},
			{Action: ActionPause, Label: s.t.PauseLabel, Value: tag},
		},
		Round:    s.c.Round,
		Question: q.Number,
	})
}

// advance moves past the current question: the next prompt, or the summary
// after the last one.
func (s *step) advance() {
	c := s.c
	if c.Current >= QuestionCount {
		c.State = StateCompleted
		c.Completed = s.in.At
		c.Current = QuestionCount
		c.Asked = AskedNothing
		s.changed()
		s.say(s.summary(true))
		return
	}
	// The level of influence follows an answered question 3, the groups
	// an answered question 4, before the next question: while the team
	// has chosen none.
	switch answered := c.hasAnswer(c.Round, c.Current); {
	case answered && c.Current == levelAfter && c.Level == "":
		s.say(s.levelOffer())
	case answered && c.Current == groupsAfter && len(c.Groups) == 0:
		s.say(s.groupsOffer())
	}
	c.Current++
	s.prompt()
}

func (s *step) skip(value string) {
	c := s.c
	if c.State != StateAsking {
		s.text(ReplyText, true, s.t.NothingToSkip)
		return
	}
	if value != "" && value != strconv.Itoa(c.Round)+":"+strconv.Itoa(c.Current) {
		// A Skip button on a prompt we have already moved past.
		s.textf(ReplyText, true, s.t.Running, c.Current, QuestionCount)
		return
	}
	s.textf(ReplyText, true, s.t.Skipped, c.Current)
	s.advance()
}

func (s *step) pause() {
	c := s.c
	switch c.State {
	case StateAsking:
		c.State = StatePaused
		c.Asked = AskedNothing
		s.changed()
		s.text(ReplyText, false, s.t.Paused)
	case StatePaused:
		s.text(ReplyText, true, s.t.AlreadyPaused)
	case StateCompleted:
		s.pauseNudges()
	case StateClosed:
		s.text(ReplyText, true, s.t.AlreadyClosed)
	default:
		s.text(ReplyText, true, s.t.NothingToPause)
	}
}

func (s *step) resume() {
	c := s.c
	switch {
	case c.State == StatePaused:
		c.State = StateAsking
		s.changed()
		s.text(ReplyText, false, s.t.Resumed)
		if c.hasAnswer(c.Round, c.Current) {
			// Answered in its thread during the pause: asking it again
			// would leave the next answer without a next question.
			s.advance()
			return
		}
		s.prompt()
	case c.Nudge.Paused && c.State != StateClosed:
		c.Nudge.Paused = false
		c.Nudge.Unheard = 0
		c.Nudge.Escalated = false
		s.changed()
		s.textf(ReplyText, false, s.t.NudgesResumed, s.nextAsk())
	case c.State == StateClosed:
		s.text(ReplyText, true, s.t.AlreadyClosed)
	default:
		s.text(ReplyText, true, s.t.NotPaused)
	}
}

func (s *step) close() {
	c := s.c
	if c.State == StateClosed {
		s.text(ReplyText, true, s.t.AlreadyClosed)
		return
	}
	c.State = StateClosed
	c.Closed = s.in.At
	c.Asked = AskedNothing
	s.changed()
	s.text(ReplyText, false, s.t.Closed)
}

// Current returns the open question of c as a prompt, to show again (a
// console that continues where the case stands). ok is false when no
// question is open.
func (co Coach) Current(c *Case) (Reply, bool) {
	if c.State != StateAsking {
		return Reply{}, false
	}
	s := &step{co: co, c: &Case{Lang: c.Lang, Round: c.Round, Current: c.Current}, t: textsFor(c.Lang)}
	s.prompt()
	return s.out.Replies[0], true
}

// nextAsk says when the weekly question comes next: the schedule's next
// slot after now as a day ("mandag 7. desember"), or the default schedule's
// day when the coach was given no schedule.
func (s *step) nextAsk() string {
	if s.co.Schedule == nil {
		return s.t.NextAskDefault
	}
	next := s.co.Schedule.Next(s.in.At.In(s.co.loc()))
	if next.IsZero() {
		return s.t.NextAskDefault
	}
	next = next.In(s.co.loc())
	return fmt.Sprintf(s.t.NextAsk, s.t.Weekdays[next.Weekday()], next.Day(), s.t.DocMonths[next.Month()-1])
}
