package dialogs

import "time"

// ReplyKind tells an adapter what a reply is, so it can render it its own way.
type ReplyKind string

// The kinds of replies.
const (
	ReplyPrompt  ReplyKind = "prompt"  // one reflection question
	ReplyAck     ReplyKind = "ack"     // a quiet acknowledgement of an answer (a reaction)
	ReplyText    ReplyKind = "text"    // a short message
	ReplySummary ReplyKind = "summary" // intention beside outcome, all answers
	ReplyNudge   ReplyKind = "nudge"   // the weekly question what residents were left with
	ReplyHelp    ReplyKind = "help"    // the list of commands
	ReplyStatus  ReplyKind = "status"  // where the case stands
	ReplyConfirm ReplyKind = "confirm" // a question that needs a yes (forget, new round)
	ReplyWelcome ReplyKind = "welcome" // the kickoff in a new case channel
	ReplyIntro   ReplyKind = "intro"   // the coach introduces itself in a non-case channel
	ReplyExport  ReplyKind = "export"  // the Markdown document of the case
	ReplyError   ReplyKind = "error"   // something the user asked could not be done
	ReplyLevel   ReplyKind = "level"   // the levels of influence offered, with their promises
	ReplyGroups  ReplyKind = "groups"  // the checklist of groups to reach
	ReplyDigest  ReplyKind = "digest"  // the coordinator's weekly overview of every case

	// ReplyResidentsWeek is the root of a week's thread of residents' answers.
	ReplyResidentsWeek ReplyKind = "residents_week"
	// ReplyResident is one resident's answer, posted in its week's thread
	// (Slot: the week), which the engine resolves when it delivers it.
	ReplyResident ReplyKind = "resident"
	// ReplyRetract takes back a message the coach posted (Target: its
	// reference): a resident's answer the team removed.
	ReplyRetract ReplyKind = "retract"
	// ReplyActivityForm asks for an activity with a guided form where the
	// platform has one (Form); elsewhere its Text says what to type.
	ReplyActivityForm ReplyKind = "activity_form"
)

// Reply is one thing the coach says. Every text in it is already in the
// case's language; adapters only lay it out.
type Reply struct {
	Kind      ReplyKind `json:"kind"`
	Lang      Lang      `json:"lang"`
	Title     string    `json:"title,omitempty"`      // a heading (prompt: the question itself)
	Text      string    `json:"text,omitempty"`       // the body; plain text, paragraphs split by blank lines
	Context   string    `json:"context,omitempty"`    // small print: a helper text, a tip
	Progress  string    `json:"progress,omitempty"`   // "3/14"
	QuoteLead string    `json:"quote_lead,omitempty"` // a line that introduces the quote
	Quote     string    `json:"quote,omitempty"`      // the team's own words, quoted (the intention); lines split by "\n"
	Sections  []Section `json:"sections,omitempty"`   // structured content (summary, status, help)
	Buttons   []Button  `json:"buttons,omitempty"`    // actions offered
	Document  string    `json:"document,omitempty"`   // export: the Markdown document
	Filename  string    `json:"filename,omitempty"`   // export: a file name for the document
	File      *File     `json:"file,omitempty"`       // export: the document as a file to upload (Word), where the coach makes one
	Asker     string    `json:"asker,omitempty"`      // export: the platform user id of who asked, for a platform that hands the file to them alone
	Names     bool      `json:"names,omitempty"`      // export: people's names are in the document
	Target    string    `json:"target,omitempty"`     // ack: the message to acknowledge
	Ephemeral bool      `json:"ephemeral,omitempty"`  // only for the person who asked, where the platform can
	Thread    string    `json:"thread,omitempty"`     // post in this thread of the coach's (a reminder under its question)

	// What to remember once the platform has posted it.
	Round    int       `json:"round,omitempty"`    // prompt: the round
	Question int       `json:"question,omitempty"` // prompt: the question number
	Slot     time.Time `json:"slot,omitempty"`     // nudge: the slot it belongs to; resident: the week
	Answer   int       `json:"answer,omitempty"`   // resident: the answer's number

	// Digest: one line per case, for an adapter to link each to its channel.
	Cases []DigestCase `json:"cases,omitempty"`

	// Form is the guided form of an activity (ReplyActivityForm).
	Form *ActivityForm `json:"form,omitempty"`
}

// Section is a headed list inside a reply.
type Section struct {
	Heading string   `json:"heading,omitempty"`
	Lines   []string `json:"lines,omitempty"`
}

// Button is an action offered with a reply. Action is one of the Action
// constants; Value carries what the action needs (e.g. a round).
type Button struct {
	Action string `json:"action"`
	Label  string `json:"label"`
	Value  string `json:"value,omitempty"`
	Style  string `json:"style,omitempty"` // "primary", "danger" or ""
}

// Button actions. Each maps to a command, so a button press and the typed
// command have one code path.
const (
	ActionStart       = "start"
	ActionSkip        = "skip"
	ActionPause       = "pause"
	ActionResume      = "resume"
	ActionClose       = "close"
	ActionNothing     = "nothing"      // nothing to report this week
	ActionPauseNudges = "pause_nudges" // stop the weekly nudge
	ActionNewRound    = "new_round"    // run the questions again
	ActionForgetYes   = "forget_yes"   // confirm forget
	ActionForgetNo    = "forget_no"    // cancel forget
	ActionLevel       = "level"        // choose a level of influence; Value: one of Levels
	ActionGroup       = "group"        // put a group on the list or take it off; Value: its key or name
	ActionReached     = "reached"      // the team reached a planned group this week; Value: its key or name
	// ActionResidentDelete removes a resident's answer (Value: its number).
	ActionResidentDelete = "resident_delete"
	// ActionActivityForm opens the guided form of an activity.
	ActionActivityForm = "activity_form"
	// ActionActivity records an activity from a submitted form (Value: its
	// one-line form, ActivityDraft.Line).
	ActionActivity = "activity"
)
