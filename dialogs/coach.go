package dialogs

import (
	"fmt"
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
	// Schedule is the weekly question's schedule, in Location, so the
	// coach can say when it asks next. Nil: the default, Monday.
	Schedule Schedule
	// Residents gives cases a public page for residents; the zero value: off.
	Residents ResidentsSetup
}

// Outcome is what one step of the dialogue produced.
type Outcome struct {
	Replies []Reply
	// Changed is true when the case was modified and must be stored.
	Changed bool
	// Forget is true when the case's data must be deleted.
	Forget bool
	// Unplaced is true when a reply in a thread the coach could not place
	// was kept as a note (see Input.OwnerUnknown): the edge logs and
	// counts it.
	Unplaced bool
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
	reports := len(c.Reports)
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
	case InputResident:
		s.resident()
	case InputLifecycle:
		s.lifecycle()
	}
	s.offerUpdate(reports)
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
	case VerbLevel:
		s.levelCommand(cmd.Args)
	case VerbGroups:
		s.groupsCommand(cmd.Args)
	case VerbResidents:
		s.residents(cmd.Args)
	case VerbUpdate:
		s.update(cmd.Args)
	case VerbActivity:
		s.activityCommand(cmd.Args)
	case VerbActivities:
		s.activities()
	case VerbFollowup:
		s.followupCommand(cmd.Args)
	case VerbTitle:
		s.titleCommand(cmd.Args)
	case VerbTheme:
		s.theme(cmd.Args)
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
	case ActionLevel:
		if level, ok := ParseLevel(s.in.Value); ok {
			s.setLevel(level, "", false)
		}
	case ActionGroup:
		s.toggleGroup(s.in.Value)
	case ActionReached:
		s.reached(s.in.Value)
	case ActionResidentDelete:
		s.residentDelete(s.in.Value)
	case ActionActivityForm:
		s.say(s.activityForm(ActivityDraft{}))
	case ActionActivity:
		s.activityLine(s.in.Value)
	}
}

func (co Coach) loc() *time.Location {
	if co.Location != nil {
		return co.Location
	}
	return time.UTC
}
