package dialogs

import "strings"

// This file holds what the team writes: answers, reports, notes, edits and deletions.

// message is a team member's message: an answer, an outcome report, a
// note, or talk in the channel the coach leaves alone.
func (s *step) message() {
	c, in := s.c, s.in
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return
	}
	if in.Thread != "" {
		p, ok := c.posted(in.Thread)
		if !ok && in.Ours {
			// The coach posted it, but its reference was not recorded
			// (the reply beat the platform's answer, or the process died
			// in between). The newest thing asked is the one unrecorded.
			p, ok = s.adopt(in.Thread)
			if !ok {
				s.note(text) // said to the coach: kept, whatever it answers
				return
			}
		}
		if !ok && !in.Ours {
			// Perhaps the earlier copy of a post that went out ambiguously.
			p, ok = s.adoptTried(in.Thread)
		}
		if !ok {
			if s.unplaced(text) {
				return // kept as a note: it may be an answer to the coach
			}
			return // a thread the coach did not start
		}
		switch p.Kind {
		case PostedPrompt:
			s.answer(p.Round, p.Question, p.Ref, text)
		case PostedNudge:
			s.report(text, p.Ref)
		case PostedLevel:
			s.promiseReply(text)
		case PostedGroups:
			s.groupsReply(text)
		default:
			s.note(text) // under the welcome, a summary, …: kept, answers nothing
		}
		return
	}
	if !in.Direct {
		return // talk in the channel is the team's own
	}
	// A line with no thread (the console): it answers what was asked
	// last, and whatever the coach cannot place is kept as a note.
	switch {
	case c.Asked == AskedNudge:
		s.report(text, c.lastRef(PostedNudge))
		s.nudgeHandled()
	case c.State == StateAsking:
		s.answer(c.Round, c.Current, c.promptRef(c.Round, c.Current), text)
	case c.State == StatePaused:
		s.answer(c.Round, c.Current, c.promptRef(c.Round, c.Current), text)
		s.textf(ReplyText, true, s.t.PausedAnswer, c.Current)
	case c.State == StateNew:
		s.note(text)
		s.text(ReplyText, true, s.t.NotedNew)
	case c.State == StateClosed:
		s.note(text)
		s.text(ReplyText, true, s.t.NotedClosed)
	default:
		s.note(text)
		s.text(ReplyText, true, s.t.NotedDone)
	}
}

// nudgeHandled ends the weekly question once the team has answered it (a
// report, "nothing this week", paused nudges): a question still open is
// asked again, so that the next plain line answers it.
func (s *step) nudgeHandled() {
	c := s.c
	if c.Asked != AskedNudge {
		return
	}
	c.Asked = AskedNothing
	s.changed()
	if c.State == StateAsking {
		s.prompt()
	}
}

// adopt takes an unknown thread of the coach's as the prompt or nudge
// asked last, and remembers it so later replies match at once.
func (s *step) adopt(ref string) (Posted, bool) {
	c := s.c
	var r Reply
	switch {
	case c.Asked == AskedPrompt && c.State == StateAsking:
		r = Reply{Kind: ReplyPrompt, Round: c.Round, Question: c.Current}
	case c.Asked == AskedNudge:
		r = Reply{Kind: ReplyNudge, Slot: c.Nudge.LastSlot}
	default:
		return Posted{}, false
	}
	c.Record(r, ref, s.in.At)
	s.changed()
	return c.posted(ref)
}

// note keeps a reply in one of the coach's threads that answers no
// question and no nudge, so that nothing said to the coach is lost.
func (s *step) note(text string) {
	c, in := s.c, s.in
	c.Notes = append(c.Notes, Report{Author: in.User, Name: in.Name, Text: text, At: in.At, Ref: in.Ref, Nudge: in.Thread})
	s.changed()
	s.say(Reply{Kind: ReplyAck, Target: in.Ref})
}

// answer stores one answer, acknowledges it quietly, and moves on after
// the first answer to the open question.
func (s *step) answer(round, question int, prompt, text string) {
	c, in := s.c, s.in
	first := !c.hasAnswer(round, question)
	c.Answers = append(c.Answers, Answer{
		Round: round, Question: question, Author: in.User, Name: in.Name,
		Text: text, At: in.At, Ref: in.Ref, Prompt: prompt,
	})
	s.changed()
	s.say(Reply{Kind: ReplyAck, Target: in.Ref})
	if first && round == c.Round && question == PromiseQuestion {
		s.beside(text)
	}
	if first && c.State == StateAsking && round == c.Round && question == c.Current {
		s.advance()
	}
}

// report stores an outcome report; nudge is the nudge it replies to, if
// any. It reports whether there was a report to store.
func (s *step) report(text, nudge string) bool {
	c, in := s.c, s.in
	text = strings.TrimSpace(text)
	if text == "" {
		s.text(ReplyText, true, s.t.ReportUsage)
		return false
	}
	c.Reports = append(c.Reports, Report{
		Author: in.User, Name: in.Name, Text: text, At: in.At, Ref: in.Ref, Nudge: nudge,
		Week: c.weekOf(nudge, in.At, s.co.loc()),
	})
	c.Nudge.Unheard = 0
	c.Nudge.Escalated = false
	s.changed()
	if in.Kind == InputMessage && in.Ref != "" {
		s.say(Reply{Kind: ReplyAck, Target: in.Ref})
		return true
	}
	s.text(ReplyText, true, s.t.Reported)
	return true
}

// nothing records a week with nothing to report as a dated entry, unless
// the team has already reported for that week.
func (s *step) nothing() {
	c, in := s.c, s.in
	nudge := c.lastRef(PostedNudge)
	if p, ok := c.posted(in.Thread); ok && p.Kind == PostedNudge {
		nudge = p.Ref
	}
	week := c.weekOf(nudge, in.At, s.co.loc())
	c.Nudge.Unheard = 0
	c.Nudge.Escalated = false
	s.changed()
	defer s.nudgeHandled()
	for _, r := range c.Reports {
		if r.Week != week {
			continue
		}
		if !r.Nothing {
			s.text(ReplyText, false, s.t.NothingAlready)
			return
		}
		s.text(ReplyText, false, s.t.Nothing)
		return // pressed twice: one entry
	}
	c.Reports = append(c.Reports, Report{
		Author: in.User, Name: in.Name, Text: s.t.NothingEntry, At: in.At, Nudge: nudge, Week: week, Nothing: true,
	})
	s.text(ReplyText, false, s.t.Nothing)
}

func (s *step) edit() {
	c, in := s.c, s.in
	text := strings.TrimSpace(in.Text)
	if in.Ref == "" || text == "" {
		return
	}
	for i := range c.Answers {
		if c.Answers[i].Ref == in.Ref {
			c.Answers[i].Text, c.Answers[i].Edited = text, in.At
			s.changed()
		}
	}
	for _, rs := range [][]Report{c.Reports, c.Notes} {
		for i := range rs {
			if rs[i].Ref == in.Ref {
				rs[i].Text, rs[i].Edited = text, in.At
				s.changed()
			}
		}
	}
}

func (s *step) delete() {
	c, in := s.c, s.in
	if in.Ref == "" {
		return
	}
	answers := c.Answers[:0]
	for _, a := range c.Answers {
		if a.Ref != in.Ref {
			answers = append(answers, a)
		}
	}
	if len(answers) != len(c.Answers) {
		c.Answers = answers
		s.changed()
	}
	for _, rs := range []*[]Report{&c.Reports, &c.Notes} {
		kept := (*rs)[:0]
		for _, r := range *rs {
			if r.Ref != in.Ref {
				kept = append(kept, r)
			}
		}
		if len(kept) != len(*rs) {
			*rs = kept
			s.changed()
		}
	}
}
