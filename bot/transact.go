package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// maxConflicts bounds how often one step is run again because another
// writer changed its case meanwhile.
const maxConflicts = 16

// txn is one case as a step of the engine sees it, under the case's lock.
type txn struct {
	// Case is a copy of the case to change, nil when there is none.
	Case *dialogs.Case
	// Was is the case as stored at Rev (nil when there is none): the base
	// a commit is compared with, not to be changed.
	Was *dialogs.Case
	// Rev is the case's revision (0: no case).
	Rev Revision
	// Now is when the step runs, by the engine's clock.
	Now time.Time
}

// stepFunc computes what one step changes in the case as read: the change
// to commit, or ok false when there is nothing to write. Channel, Base and
// At of the change are transact's to fill in, and Created of its outbox
// items. It may run more than once (after a conflict): it must start from
// tx each time.
type stepFunc func(tx *txn) (ch Change, ok bool, err error)

// transact is the engine's one way to change a case: under the case's lock
// (waiting for it until ctx ends), it reads the case (from the cache when
// it is there), runs step on it, and commits what step returns based on the
// revision read, with the seen event id and the outbox items in the same
// commit. When another writer moved the case meanwhile (ErrConflict) it
// reads the case again and runs step again, at most maxConflicts times.
//
// After the commit the cache holds the case as committed and the queue its
// new replies; a forget also empties the cache and the queue of the case,
// with no reply of it in flight (see queue.hold). ok is false when
// step found nothing to write.
func (e *Engine) transact(ctx context.Context, channel string, now time.Time, step stepFunc) (done Committed, ok bool, err error) {
	unlock, err := e.lock(ctx, channel)
	if err != nil {
		return Committed{}, false, err
	}
	defer unlock()
	for range maxConflicts {
		done, ok, err = e.transactOnce(ctx, channel, now, step)
		if !errors.Is(err, ErrConflict) {
			return done, ok, err
		}
		// Another writer changed the case since it was read: what is
		// cached is stale. Read it again and step again.
		e.forgetCached(channel)
	}
	return Committed{}, false, fmt.Errorf("bot: channel %s: %w %d times", channel, ErrConflict, maxConflicts)
}

func (e *Engine) transactOnce(ctx context.Context, channel string, now time.Time, step stepFunc) (Committed, bool, error) {
	tx := &txn{Now: now}
	var err error
	tx.Case, tx.Was, tx.Rev, err = e.caseAndBase(ctx, channel)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Committed{}, false, err
	}
	ch, ok, err := step(tx)
	if err != nil || !ok {
		return Committed{}, false, err
	}
	ch.Channel, ch.Base = channel, tx.Rev
	if ch.At.IsZero() {
		ch.At = now
	}
	queued := e.clock()
	for i := range ch.Outbox {
		if ch.Outbox[i].Created.IsZero() {
			ch.Outbox[i].Created = queued
		}
	}
	if ch.Forget {
		// No reply of the case may be in flight while it is deleted, nor
		// start after: the queue is emptied before the forget ends.
		defer e.ob.queue.hold(channel)()
	}
	// The step's case is a copy: if nothing is committed, the cache still
	// holds what is stored.
	done, err := e.commit(ctx, ch)
	if err != nil {
		if e.store.Err() != nil {
			e.forgetCached(channel)
		}
		return Committed{}, false, err
	}
	if done.Duplicate {
		return done, true, nil
	}
	switch {
	case ch.Forget:
		e.forgetCached(channel)
		e.ob.queue.drop(channel)
	case ch.Case != nil:
		e.remember(ch.Case, done.Rev)
	}
	e.ob.queue.add(done.Items)
	return done, true, nil
}
