package bot

import (
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// This file keeps what the coach needs to place a reply under a post of its
// own that it never heard back about: the time windows of ambiguous
// attempts, on the outbox item while it waits and on the posted reference
// once it is delivered (see dialogs/adopt.go).

// maxTried bounds the windows an item keeps: the first ones matter most
// (people answer the copy they saw first), and retries are bounded anyway.
const maxTried = 16

// UnplacedObserver is an Observer that also counts replies kept as notes
// because the coach could not place their thread (see
// dialogs.Outcome.Unplaced). It is optional: the engine checks for it.
type UnplacedObserver interface {
	Unplaced(platform string)
}

// tried records one ambiguous attempt's window on it.
func tried(it Outgoing, from, to time.Time) Outgoing {
	if len(it.Tried) < maxTried {
		it.Tried = append(it.Tried[:len(it.Tried):len(it.Tried)], dialogs.Window{From: from.UTC(), To: to.UTC()})
	}
	return it
}

// unconfirmed returns what the channel's queue holds of posts that went out
// ambiguously, for an input in a thread the case may not know: only the
// channel's head item is ever attempted. A replica that does not deliver
// has nothing queued; its unplaced replies are kept as notes.
func (e *Engine) unconfirmed(channel string, in dialogs.Input) []dialogs.Posted {
	if in.Kind != dialogs.InputMessage || in.Thread == "" || in.ThreadAt.IsZero() {
		return nil
	}
	it, ok := e.ob.queue.head(channel)
	if !ok || len(it.Tried) == 0 {
		return nil
	}
	p, ok := dialogs.PostedFor(it.Reply, "?", it.Created)
	if !ok {
		return nil
	}
	p.Ref, p.Tried = "", it.Tried
	return []dialogs.Posted{p}
}

// unplaced logs and counts a reply the coach kept as a note because it
// could not place its thread; the text stays out of the log.
func (e *Engine) unplaced(ev Event, out dialogs.Outcome) {
	if !out.Unplaced {
		return
	}
	e.Log.Warn("a reply in a thread the coach cannot place was kept as a note", "platform", ev.Platform,
		"channel", ev.Channel, "thread", ev.Input.Thread, "ref", ev.Input.Ref)
	if o, ok := e.Metrics.(UnplacedObserver); ok {
		o.Unplaced(ev.Platform)
	}
}
