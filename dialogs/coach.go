package dialogs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Coach runs the dialogue. Its zero value is usable: Norwegian, no auto start.
type Coach struct {
	// AutoStart makes the coach start the questions by itself when it
	// comes into a case channel.
	AutoStart bool
	// Lang is the language of new cases.
	Lang Lang
	// ForgetWindow is how long a forget confirmation stays valid.
	// Zero means ten minutes.
	ForgetWindow time.Duration
	// Location is the time zone dates are shown in. Nil means UTC.
	Location *time.Location
	// Prefixes mark case channels by name; a document's title drops them
	// from a channel's name. Nil means "sak-" and "case-".
	Prefixes []string
	// Typesetter makes the file an export carries (the Word document).
	// Nil: the export carries the Markdown document only.
	Typesetter Typesetter
}

// Outcome is what one step of the dialogue produced.
type Outcome struct {
	Replies []Reply
	// Changed is true when the case was modified and must be stored.
	Changed bool
	// Forget is true when the case's data must be deleted.
	Forget bool
}

// NewCase returns a case for a channel the coach has just met.
func (co Coach) NewCase(channel, platform, name string, at time.Time) *Case {
	lang := co.Lang
	if lang == "" {
		lang = NB
	}
	return &Case{
		Channel:  channel,
		Platform: platform,
		Name:     name,
		Lang:     lang,
		State:    StateNew,
		Created:  at,
		Updated:  at,
	}
}

// step carries one input through the dialogue.
type step struct {
	co  Coach
	c   *Case
	in  Input
	t   *texts
	out Outcome
}

func (s *step) say(r Reply) {
	r.Lang = s.c.Lang
	s.out.Replies = append(s.out.Replies, r)
}

func (s *step) text(kind ReplyKind, ephemeral bool, msg string) {
	s.say(Reply{Kind: kind, Text: msg, Ephemeral: ephemeral})
}

func (s *step) textf(kind ReplyKind, ephemeral bool, format string, a ...any) {
	s.text(kind, ephemeral, fmt.Sprintf(format, a...))
}

func (s *step) changed() {
	s.out.Changed = true
	s.c.Updated = s.in.At
}

// Step applies one input to c, which it modifies in place, and returns what
// the coach says. It does no I/O and never fails: input it cannot use is
// answered with help or ignored.
func (co Coach) Step(c *Case, in Input) Outcome {
	s := &step{co: co, c: c, in: in, t: textsFor(c.Lang)}
	switch in.Kind {
	case InputCommand:
		s.command(ParseCommand(in.Command))
	case InputMessage:
		s.message()
	case InputEdit:
		s.edit()
	case InputDelete:
		s.delete()
	case InputJoined:
		s.joined()
	case InputAction:
		s.action()
	case InputNudge:
		s.nudge()
	}
	return s.out
}

func (s *step) command(cmd Command) {
	if cmd.Verb != VerbForget && !s.c.ForgetAsked.IsZero() {
		// Any other command cancels a pending forget.
		s.c.ForgetAsked, s.c.ForgetBy = time.Time{}, ""
		s.changed()
	}
	switch cmd.Verb {
	case VerbStart:
		s.start(again(cmd.Args))
	case VerbStatus:
		s.say(s.status())
	case VerbSummary:
		s.say(s.summary(false))
	case VerbReport:
		if s.report(cmd.Args, "") {
			s.nudgeHandled()
		}
	case VerbSkip:
		s.skip("")
	case VerbPause:
		s.pause()
	case VerbResume:
		s.resume()
	case VerbClose:
		s.close()
	case VerbExport:
		s.export(withNames(cmd.Args))
	case VerbLang:
		s.lang(cmd.Args)
	case VerbForget:
		s.forget(cmd.Args)
	case VerbAnswer:
		s.answerCommand(cmd.Args)
	case VerbUnknown:
		s.say(s.help(cmd.Word))
	default:
		s.say(s.help(""))
	}
}

func (s *step) action() {
	switch s.in.Action {
	case ActionStart:
		s.start(false)
	case ActionSkip:
		s.skip(s.in.Value)
	case ActionPause:
		s.pause()
	case ActionResume:
		s.resume()
	case ActionClose:
		s.close()
	case ActionNothing:
		s.nothing()
	case ActionPauseNudges:
		s.pauseNudges()
	case ActionNewRound:
		s.start(true)
	case ActionForgetYes:
		s.forget("yes")
	case ActionForgetNo:
		s.forget("no")
	}
}

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
		s.text(ReplyText, false, s.t.NudgesResumed)
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
		Sections: []Section{{Heading: s.t.HelpIntro, Lines: s.t.HelpLines}}}
	if unknown != "" {
		r.Text = fmt.Sprintf(s.t.HelpUnknown, unknown)
	}
	return r
}

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
		if !ok {
			return // a thread the coach did not start
		}
		switch p.Kind {
		case PostedPrompt:
			s.answer(p.Round, p.Question, p.Ref, text)
		case PostedNudge:
			s.report(text, p.Ref)
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

func (co Coach) loc() *time.Location {
	if co.Location != nil {
		return co.Location
	}
	return time.UTC
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
