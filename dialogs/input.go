package dialogs

import "time"

// InputKind tells what happened in a channel.
type InputKind string

// The kinds of input the coach understands.
const (
	InputCommand InputKind = "command" // "/involve <subcommand>", or an @mention with one
	InputMessage InputKind = "message" // a message, usually a reply in a prompt's or nudge's thread
	InputEdit    InputKind = "edit"    // a message was edited
	InputDelete  InputKind = "delete"  // a message was deleted
	InputJoined  InputKind = "joined"  // the coach came into the channel (created, invited, installed)
	InputAction  InputKind = "action"  // a button was pressed
	InputNudge   InputKind = "nudge"   // the weekly nudge's slot has come
	// InputResident is a resident's answer from the case's public page:
	// Text the answer, Value the age band, Ref the page's code.
	InputResident InputKind = "resident"
)

// Input is one thing that happened in a case's channel, in platform-neutral
// terms.
type Input struct {
	Kind    InputKind `json:"kind"`
	Command string    `json:"command,omitempty"` // InputCommand: the subcommand line after "/involve"
	Text    string    `json:"text,omitempty"`    // message text
	User    string    `json:"user,omitempty"`    // the platform's user id
	Name    string    `json:"name,omitempty"`    // the user's display name, if known
	Thread  string    `json:"thread,omitempty"`  // the parent message of a thread reply ("" at top level)
	Ours    bool      `json:"ours,omitempty"`    // the thread's parent was posted by the coach (where the platform says)
	Ref     string    `json:"ref,omitempty"`     // the message's own reference (edits, deletes, acks)
	Action  string    `json:"action,omitempty"`  // InputAction: one of the Action constants
	Value   string    `json:"value,omitempty"`   // InputAction: the button's value
	Direct  bool      `json:"direct,omitempty"`  // an unthreaded line that answers what was asked last (console)
	Case    bool      `json:"case,omitempty"`    // InputJoined: the channel is a case channel by its name
	Slot    time.Time `json:"slot,omitempty"`    // InputNudge: the scheduled slot
	At      time.Time `json:"at"`                // when it happened

	// Replies in threads the case holds no reference of (see adopt.go).
	// OwnerUnknown says the platform does not tell who started a thread
	// (Teams): a reply the coach cannot place is kept as a note rather
	// than left alone. ThreadAt is when the thread's root was posted, where
	// the platform's ids tell (Teams message ids are millisecond times).
	// Unconfirmed are the case's posts still waiting for delivery after an
	// ambiguous attempt (Posted without Ref, with Tried), from the outbox.
	OwnerUnknown bool      `json:"owner_unknown,omitempty"`
	ThreadAt     time.Time `json:"thread_at,omitzero"`
	Unconfirmed  []Posted  `json:"unconfirmed,omitempty"`
}
