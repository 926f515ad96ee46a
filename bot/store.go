package bot

import (
	"context"
	"errors"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// Errors the engine and its stores share. A store returns them (wrapped or
// not); callers test them with errors.Is.
var (
	// ErrNotFound means there is no case for the channel.
	ErrNotFound = errors.New("bot: no such case")
	// ErrConflict means the case changed since the revision a commit was
	// based on: another writer got there first. Nothing was written; the
	// engine reads the case again and steps the event again.
	ErrConflict = errors.New("bot: the case changed since it was read")
	// ErrStoreFailed means a write or fsync failed in the store's medium.
	// The store fails for good: every later call returns an error that is
	// ErrStoreFailed, and the process must restart and read the store
	// afresh (what was written may not be what is kept).
	ErrStoreFailed = errors.New("bot: the store failed a write")
)

// Revision identifies one committed version of a case. Every commit that
// changes the case (its head, its records or its posted references) gives
// it a new, higher revision, never one the case had before, even after it
// was forgotten and created again; 0 means the case does not exist.
type Revision uint64

// Outgoing is one reply to deliver to a platform: what the engine commits
// to the outbox, what the store keeps and gives back, and what a Sender
// posts. The fields below Reply are delivery state.
type Outgoing struct {
	ID uint64 `json:"id"` // the outbox id, assigned by the store; stable across retries
	// Nonce is random, given by the store with the ID (see NewNonce): ids
	// repeat after a backup is restored, the pair does not. A sender that
	// looks up what it posted matches both.
	Nonce    string        `json:"nonce,omitempty"`
	Platform string        `json:"platform"`
	Channel  string        `json:"channel"`
	Address  string        `json:"address,omitempty"` // the case's stored platform address
	Thread   string        `json:"thread,omitempty"`  // post as a reply in this thread ("" at top level)
	Reply    dialogs.Reply `json:"reply"`
	Created  time.Time     `json:"created"`
	Attempts int           `json:"attempts,omitempty"`
	NextAt   time.Time     `json:"next_at,omitempty"` // not before this time
	LastErr  string        `json:"last_err,omitempty"`
	// Uncertain says an earlier attempt may have reached the platform (a
	// timeout, a 5xx, a restart with the item in flight, a failed
	// "delivered" commit). A sender that can look up what it posted
	// (Slack: the outbox id in message metadata) checks before posting
	// again, so the reply appears once.
	Uncertain bool `json:"uncertain,omitempty"`
	// Tried are the time windows of the attempts that failed ambiguously
	// (a timeout, a reset, a 5xx): what went out then may be on the
	// platform, posted within one of them. Teams gives a post an id that is
	// its time, so a reply under it can be placed (see dialogs.Posted).
	Tried []dialogs.Window `json:"tried,omitempty"`
}

// Change is everything one handled event writes to one channel, committed
// all or nothing.
type Change struct {
	// Channel is the case's channel. Every commit is checked against it.
	Channel string
	// Base is the revision of the case the change was computed from (0:
	// the case did not exist). If the stored case is at another revision,
	// Commit writes nothing and returns ErrConflict.
	Base Revision
	// Case, when not nil, is the case as it is now: it replaces the
	// stored one, its answers, reports and notes included (an answer is
	// mostly appended, but answers are also edited and deleted). Of its
	// Prompts, references the store does not hold yet are added (the coach
	// adopts a thread of its own it was not told of); held ones are kept
	// as they are. Delivered records the rest.
	Case *dialogs.Case
	// Was is the case as read at Base, unchanged, or nil (not known, or
	// no case). A store may compare Case with it and write only what
	// differs (an answer's own record rather than the whole case); the
	// revision check makes Was what is stored.
	Was *dialogs.Case
	// Forget deletes the channel's case with everything kept of it: its
	// records, posted references, nudge index entry, undelivered replies
	// and dead letters. Outbox items below are added after.
	Forget bool
	// Outbox items to add, in order; the store assigns their IDs.
	Outbox []Outgoing
	// EventID, when not empty, is remembered as seen; if it was seen
	// before, nothing is written and Commit reports a duplicate.
	EventID string
	// At is when the event was handled; it dates the seen event id.
	At time.Time
}

// Committed is what a commit gave back.
type Committed struct {
	// Items are the outbox items added, with their IDs.
	Items []Outgoing
	// Duplicate says the event id was seen before: nothing was written.
	Duplicate bool
	// Rev is the case's revision after the commit (0 after forget, or
	// Base when the case was not changed).
	Rev Revision
}

// Store keeps what the engine must not lose. The bbolt store in package
// storage implements it; bot/storetest is the suite every store must pass.
//
// The contract:
//
//   - Durable before return: when Commit, Delivered, Retry, Dead or
//     SetState returns nil, what it wrote survives a crash of the process
//     (and, for a replicated store, of a minority of its members).
//   - Atomic: a Commit is written all or nothing: the event id, the case,
//     its index entries and its outbox items, or none of them.
//   - Dedupe and write are one step: if Change.EventID was seen before,
//     Commit writes nothing and returns Committed{Duplicate: true}, even
//     when two commits with the same id race.
//   - Compare and swap per case: Commit refuses with ErrConflict, writing
//     nothing, when the channel's case is no longer at Change.Base. A store
//     with one writer checks it as honestly as one with many.
//   - Outbox order: the ids Commit assigns rise; within a channel they rise
//     in commit order, and Outbox returns items in id order.
//   - Readers see whole commits: Load, Cases, Outbox, NudgeDue and State
//     see each commit entirely or not at all, never half of one. Cases may
//     see the state before or after a commit that runs meanwhile.
//   - Copies: values returned are the caller's to change.
//   - Deadlines: every method takes the caller's context first and gives
//     up when it ends, returning an error that wraps ctx.Err(). A write
//     that gave up may still have been written (a replicated store cannot
//     always tell); it was not acknowledged, and a redelivery is deduped
//     by its event id. A store refuses a call whose context is already
//     done, writing nothing.
//   - Failure: a write or sync that fails in the medium fails the store for
//     good; that call and every later one return an error that is
//     ErrStoreFailed, and Err returns it. Other errors (a conflict, a case
//     not found, a bad value) leave the store working.
type Store interface {
	// Load returns the case of channel with its posted references, and
	// its revision, or ErrNotFound.
	Load(ctx context.Context, channel string) (*dialogs.Case, Revision, error)
	// Cases calls fn with every case, in channel order, without its posted
	// references. fn must not call the store.
	Cases(ctx context.Context, fn func(c *dialogs.Case) error) error
	// Seen reports whether an event id was recorded (and not yet pruned).
	Seen(ctx context.Context, eventID string) (bool, error)
	// Commit writes ch; see the contract above.
	Commit(ctx context.Context, ch Change) (Committed, error)

	// Outbox returns up to limit undelivered items in id order, due or not.
	Outbox(ctx context.Context, limit int) ([]Outgoing, error)
	// Retry stores a failed item's delivery state (attempts, next time,
	// last error, uncertain). An item no longer in the outbox is left out.
	Retry(ctx context.Context, it Outgoing) error
	// Dead moves an item out of the outbox into the dead letters, kept
	// until its case is forgotten. An item no longer in the outbox is left out.
	Dead(ctx context.Context, it Outgoing) error
	// Delivered removes a delivered item and, when posted is not nil and
	// the case still exists, records where the platform posted it (a
	// reference recorded before is replaced and counts as the latest
	// posted), giving the case a new revision, in one step. It returns the
	// case's revision the reference was recorded on and the one after
	// (equal when the case did not change, both 0 when it is gone), so that
	// a cached copy at from can follow to to.
	Delivered(ctx context.Context, id uint64, channel string, posted *dialogs.Posted) (from, to Revision, err error)

	// CodeChannel returns the channel of the case whose residents' page
	// has code (Case.Residents.Code, open or closed), or ErrNotFound. The
	// index is kept by Commit in step with the case, and goes with it.
	CodeChannel(ctx context.Context, code string) (string, error)

	// NudgeDue returns the channels whose case the weekly nudge is for and
	// that have not handled slot yet, in channel order.
	NudgeDue(ctx context.Context, slot time.Time) ([]string, error)
	// PruneEvents forgets seen event ids recorded before cutoff and returns
	// how many.
	PruneEvents(ctx context.Context, cutoff time.Time) (int, error)

	// State returns a copy of a small durable value kept for the scheduler
	// and the outbox (the last nudge slot sent, a clean stop), nil if unset.
	State(ctx context.Context, key string) ([]byte, error)
	// SetState stores a state value durably; nil deletes it.
	SetState(ctx context.Context, key string, value []byte) error

	// Err returns nil while the store works, or an error that is
	// ErrStoreFailed once it failed.
	Err() error
}

// LazyDeliveries is a Store that can take a delivered item out of the
// outbox without a durable write of its own: DeliveredLater removes it
// from what Outbox returns at once, and from the file with the store's
// next write (of any case). A crash before that write brings the item
// back. The engine uses it for acknowledgements only, whose second
// delivery has the effect of one (see Sender), so that an answer costs
// one durable write fewer; a channel's later replies still record their
// deliveries durably, and that write removes the acknowledgements before
// them with it. The bbolt store implements it.
type LazyDeliveries interface {
	DeliveredLater(id uint64)
}
