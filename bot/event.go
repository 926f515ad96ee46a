package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// Event is one thing a platform adapter received, translated.
type Event struct {
	// ID is the platform's delivery id (Slack's event_id, a Bot Framework
	// activity id). An event whose ID was seen before has no effect.
	// Empty means no dedupe (the console, slash commands without an id).
	ID string
	// Platform is "slack", "teams" or "console".
	Platform string
	// Channel is the platform's own channel id; it is the case's key.
	Channel string
	// ChannelName is the channel's name, if known ("sak-grorud-sentrum").
	ChannelName string
	// Address is an opaque platform address to store with the case for
	// proactive sends (Teams: the conversation reference as JSON). Empty
	// leaves the stored one alone.
	Address string
	// AddressIfNew says Address is stored only with a case this event
	// creates: the adapter built it from what an activity said about
	// another conversation than its own (Teams' channelCreated), which
	// must never replace the reference of a case that exists.
	AddressIfNew bool
	// EphemeralOK says the adapter can show replies marked ephemeral to
	// the invoker alone (Slack's slash command ack). Otherwise ephemeral
	// replies are posted in the channel like any other.
	EphemeralOK bool
	// Input is what happened.
	Input dialogs.Input
}

// Sender delivers replies to one platform. Send returns the platform's
// reference of what it posted (Slack's ts, a Teams activity id), or "" when
// there is none (a reaction).
//
// An error of type *RetryAfterError makes the outbox wait that long; an
// error wrapped in *PermanentError is not retried; any other error is
// retried with backoff, up to Engine.MaxAttempts and Engine.MaxAge, and
// then set aside as a dead letter. An error for which Ambiguous is true
// (wrap it in *AmbiguousError when the sender knows) marks the reply
// Uncertain for every later attempt.
//
// Sending an acknowledgement (dialogs.ReplyAck) twice must have the effect
// of sending it once (Slack answers a second ✅ already_reacted; Teams posts
// nothing for one): on a store with LazyDeliveries its delivery is not
// recorded durably by itself, so a crash may send it again.
type Sender interface {
	Send(ctx context.Context, m Outgoing) (ref string, err error)
}

// RetryAfterError says the platform asked us to wait (HTTP 429 Retry-After).
type RetryAfterError struct {
	After time.Duration
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("rate limited: retry after %s", e.After)
}

// PermanentError wraps an error that retrying cannot fix (the channel is
// gone, the bot was removed).
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// AmbiguousError wraps a failed send that may still have reached the
// platform: the request was written but no answer came (a timeout, a 5xx,
// a connection reset after sending). Senders wrap such errors; Ambiguous
// also recognises the common ones unwrapped.
type AmbiguousError struct {
	Err error
}

func (e *AmbiguousError) Error() string { return "maybe delivered: " + e.Err.Error() }
func (e *AmbiguousError) Unwrap() error { return e.Err }

// Ambiguous reports whether a failed send may have reached the platform:
// an *AmbiguousError, a deadline that passed, a network timeout, a
// connection reset or an answer cut short.
func Ambiguous(err error) bool {
	var amb *AmbiguousError
	var ne net.Error
	switch {
	case err == nil:
		return false
	case errors.As(err, &amb), errors.Is(err, context.DeadlineExceeded), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	return false
}

// Result is what handling one event gave back to the adapter.
type Result struct {
	// Ephemeral holds the replies to show the invoker alone. It is only
	// filled when the event had EphemeralOK; everything else goes through
	// the outbox.
	Ephemeral []dialogs.Reply
	// Duplicate is true when the event's ID was seen before and nothing
	// was done.
	Duplicate bool
	// Case is the channel's case after the event, a copy (nil after forget).
	Case *dialogs.Case

	unplaced bool // the dialogue kept a reply it could not place as a note
}

// Handler is what adapters call with each event. *Engine implements it.
type Handler interface {
	Handle(ctx context.Context, ev Event) (Result, error)
}
