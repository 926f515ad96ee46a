package dialogs

import (
	"fmt"
	"strings"
	"time"
)

// This file holds the case's settings and lifecycle: language, forget, joining a channel, help.

func (s *step) lang(arg string) {
	l, ok := ParseLang(strings.ToLower(strings.TrimSpace(arg)))
	if !ok {
		s.text(ReplyText, true, s.t.LangUnknown)
		return
	}
	s.c.Lang = l
	s.t = textsFor(l)
	s.changed()
	s.text(ReplyText, false, s.t.LangSet)
	if s.c.State == StateAsking {
		// Ask the open question again in the new language, so the next
		// answer lands under the question as the team reads it.
		s.prompt()
	}
}

func (s *step) window() time.Duration {
	if s.co.ForgetWindow > 0 {
		return s.co.ForgetWindow
	}
	return 10 * time.Minute
}

func (s *step) forget(arg string) {
	c := s.c
	if no(arg) {
		if !c.ForgetAsked.IsZero() {
			c.ForgetAsked, c.ForgetBy = time.Time{}, ""
			s.changed()
		}
		s.text(ReplyText, true, s.t.ForgetKept)
		return
	}
	if yes(arg) {
		if c.ForgetAsked.IsZero() || s.in.At.Sub(c.ForgetAsked) > s.window() || s.in.At.Before(c.ForgetAsked) {
			s.text(ReplyText, true, s.t.ForgetNothing)
			return
		}
		if c.ForgetBy != "" && s.in.User != c.ForgetBy {
			// Deleting a case is for the person who asked to.
			s.text(ReplyText, true, s.t.ForgetNotYours)
			return
		}
		s.out.Forget = true
		s.out.Changed = true
		s.text(ReplyText, false, s.t.Forgotten)
		return
	}
	c.ForgetAsked, c.ForgetBy = s.in.At, s.in.User
	s.changed()
	s.say(Reply{Kind: ReplyConfirm, Ephemeral: true, Text: s.t.ForgetAsk, Buttons: []Button{
		{Action: ActionForgetYes, Label: s.t.ForgetYesLabel, Style: "danger"},
		{Action: ActionForgetNo, Label: s.t.ForgetNoLabel},
	}})
}

func (s *step) joined() {
	c := s.c
	if s.in.Value == JoinedPersonal {
		s.personal()
		return
	}
	if c.State != StateNew {
		return // the coach knows this case already: say nothing twice
	}
	if s.in.Case && s.co.AutoStart {
		s.start(false)
		return
	}
	if !c.Introduced.IsZero() {
		return // platforms announce one install more than once
	}
	c.Introduced = s.in.At
	s.changed()
	s.say(Reply{Kind: ReplyIntro, Title: s.t.IntroTitle, Text: s.t.Intro,
		Buttons: []Button{{Action: ActionStart, Label: s.t.StartLabel, Style: "primary"}}})
}

func (s *step) help(unknown string) Reply {
	r := Reply{Kind: ReplyHelp, Ephemeral: true, Title: s.t.HelpTitle, Context: s.t.HelpTip,
		Sections: []Section{{Heading: s.t.HelpIntro, Lines: helpLines(s.t)}}}
	if unknown != "" {
		r.Text = fmt.Sprintf(s.t.HelpUnknown, unknown)
	}
	return r
}

func (s *step) pauseNudges() {
	c := s.c
	if c.Nudge.Paused {
		s.text(ReplyText, true, s.t.NudgesAlreadyPaused)
		return
	}
	c.Nudge.Paused = true
	s.changed()
	s.text(ReplyText, false, s.t.NudgesPaused)
	s.nudgeHandled()
}

// helpLines is the list of commands: the coach's own lines, with the
// coaching's before the last ("help").
func helpLines(t *texts) []string {
	n := len(t.HelpLines)
	if n == 0 {
		return t.CoachingHelp
	}
	lines := make([]string, 0, n+len(t.CoachingHelp))
	lines = append(lines, t.HelpLines[:n-1]...)
	lines = append(lines, t.CoachingHelp...)
	lines = append(lines, t.ChapterHelp...)
	return append(lines, t.HelpLines[n-1])
}
