package dialogs

import "time"

// State is where a case's reflection stands.
type State string

// The states of a case.
const (
	StateNew       State = "new"       // the coach knows the channel, nothing asked yet
	StateAsking    State = "asking"    // a question is open
	StatePaused    State = "paused"    // the reflection is paused midway
	StateCompleted State = "completed" // all 14 questions were asked
	StateClosed    State = "closed"    // the team closed the case
)

// Case is one case channel and everything the coach keeps about it.
type Case struct {
	Channel     string    `json:"channel"`           // the platform's own channel id
	Platform    string    `json:"platform"`          // "slack", "teams", "console"
	Name        string    `json:"name,omitempty"`    // the channel's name, for people
	Address     string    `json:"address,omitempty"` // opaque platform address for proactive sends
	Lang        Lang      `json:"lang"`              // the language the coach speaks here
	State       State     `json:"state"`             // where the reflection stands
	Current     int       `json:"current"`           // the open question (1..14) while asking or paused
	Round       int       `json:"round"`             // 1 for the first run through the questions
	Answers     []Answer  `json:"answers,omitempty"` // every answer of every round
	Reports     []Report  `json:"reports,omitempty"` // outcome reports: what residents were left with
	Notes       []Report  `json:"notes,omitempty"`   // replies in the coach's threads that belong to no question or nudge
	Prompts     []Posted  `json:"prompts,omitempty"` // prompts and nudges as posted on the platform
	Created     time.Time `json:"created"`           // when the coach first saw the case
	Started     time.Time `json:"started,omitempty"` // when the current round started
	Completed   time.Time `json:"completed,omitempty"`
	Updated     time.Time `json:"updated"`
	Closed      time.Time `json:"closed,omitempty"`
	Nudge       Nudging   `json:"nudge"`                  // the weekly nudge's state
	Introduced  time.Time `json:"introduced,omitempty"`   // when the coach introduced itself here
	ForgetAsked time.Time `json:"forget_asked,omitempty"` // a pending forget confirmation
	ForgetBy    string    `json:"forget_by,omitempty"`    // the platform user id of who asked to forget
	Prompted    time.Time `json:"prompted,omitempty"`     // when the open question was last asked
	Asked       Asked     `json:"asked"`                  // what a plain, unthreaded line answers (console)

	// Coaching.
	Level   string  `json:"level,omitempty"`   // the level of influence, one of Levels; "" before the team chose
	Promise string  `json:"promise,omitempty"` // the team's own words for the promise; "" keeps the level's
	Groups  []Group `json:"groups,omitempty"`  // the groups the case means to reach
	// Residents is the case's public page for residents, once the team opened one.
	Residents *ResidentsPage `json:"residents,omitempty"`

	// The medvirkning chapter.
	Title      string     `json:"title,omitempty"`      // the document's title; "" uses the channel's name
	Activities []Activity `json:"activities,omitempty"` // what the team did with residents, as recorded
	Followups  []Followup `json:"followups,omitempty"`  // what the team did with each input
	// Themes (theme_case.go): the themes as the team keeps them, once it
	// changed one; empty while the coach's grouping stands as it is.
	SavedThemes []SavedTheme `json:"themes,omitempty"`

	// Channel lifecycle (lifecycle.go): what the platform says of the
	// channel and its team; a halted case gets no nudges.
	Life Life `json:"life,omitzero"`
}

// Asked tells what the last thing the coach asked was, so that a platform
// without threads (the console) knows what a plain line answers.
type Asked string

// What a plain line answers.
const (
	AskedNothing Asked = ""
	AskedPrompt  Asked = "prompt"
	AskedNudge   Asked = "nudge"
)

// Nudging is the weekly nudge's state of one case.
type Nudging struct {
	Since     time.Time `json:"since,omitempty"`     // when the first round started: no slot before it counts
	Paused    bool      `json:"paused,omitempty"`    // the team paused nudges
	LastSlot  time.Time `json:"last_slot,omitempty"` // the latest slot handled (sent or skipped)
	LastSent  time.Time `json:"last_sent,omitempty"` // when a nudge was last sent
	Unheard   int       `json:"unheard,omitempty"`   // nudges in a row without a report
	Escalated bool      `json:"escalated,omitempty"` // the kind "three weeks" note was given
	TipIndex  int       `json:"tip_index,omitempty"` // the next tip of the final advice
	Reminded  time.Time `json:"reminded,omitempty"`  // when a quiet case was last reminded of its open question
}

// Answer is one team member's answer to one question.
type Answer struct {
	Round    int       `json:"round"`
	Question int       `json:"question"` // 1..14
	Author   string    `json:"author"`   // the platform's user id
	Name     string    `json:"name,omitempty"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
	Ref      string    `json:"ref,omitempty"`    // the answer message's own platform reference
	Prompt   string    `json:"prompt,omitempty"` // the platform reference of the prompt it replies to
	Edited   time.Time `json:"edited,omitempty"`
}

// Report is an outcome report: what the residents were actually left with.
type Report struct {
	Author string    `json:"author"`
	Name   string    `json:"name,omitempty"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
	Ref    string    `json:"ref,omitempty"`   // the report message's own platform reference
	Nudge  string    `json:"nudge,omitempty"` // the nudge it replies to, if any
	Week   int       `json:"week,omitempty"`  // ISO week of the nudge it answers
	Edited time.Time `json:"edited,omitempty"`
	// Nothing marks a week the team said it had nothing to report; Text
	// then holds the coach's words for it.
	Nothing bool `json:"nothing,omitempty"`
}

// PostedKind tells what a posted message was.
type PostedKind string

// Kinds of posted messages that replies in threads can belong to.
const (
	PostedPrompt PostedKind = "prompt"
	PostedNudge  PostedKind = "nudge"
	// PostedMessage is any other message of the coach's (welcome, summary,
	// intro, …): replies in its thread are kept as notes.
	PostedMessage PostedKind = "message"
	// PostedLevel is the offer of the levels: a reply in its thread is
	// the team's own words for the promise.
	PostedLevel PostedKind = "level"
	// PostedGroups is the groups' checklist: a reply in its thread adds
	// a group of the team's own.
	PostedGroups PostedKind = "groups"
	// PostedResidents is the root of a week's thread of residents' answers
	// (Slot: the week's Monday); replies in it are kept as notes.
	PostedResidents PostedKind = "residents"
	// PostedResident is one resident's answer as posted (Answer: its number),
	// so removing the answer can take the post back.
	PostedResident PostedKind = "resident"
)

// Posted is a message of the coach's the platform has accepted, with its
// reference, so that replies in its thread can be attributed.
type Posted struct {
	Kind     PostedKind `json:"kind"`
	Ref      string     `json:"ref"`
	Round    int        `json:"round,omitempty"`
	Question int        `json:"question,omitempty"`
	Slot     time.Time  `json:"slot,omitempty"`
	Answer   int        `json:"answer,omitempty"` // a resident's answer: its number
	At       time.Time  `json:"at"`
	// Tried are the windows of earlier attempts of this post that failed
	// ambiguously: each may have left a copy on the platform, whose thread
	// is this post's too (see adopt.go).
	Tried []Window `json:"tried,omitempty"`
}
