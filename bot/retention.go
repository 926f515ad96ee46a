package bot

import (
	"context"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// Retain deletes the cases closed more than age before now, each as
// forget does: under its case's lock, so an event handled meanwhile
// cannot bring it back, with its undelivered replies and dead letters,
// and with its replies dropped from the queue. It returns how many it
// deleted.
func (e *Engine) Retain(ctx context.Context, now time.Time, age time.Duration) (int, error) {
	var due []string
	err := e.store.Cases(ctx, func(c *dialogs.Case) error {
		if expired(c, now, age) {
			due = append(due, c.Channel)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ch := range due {
		gone, err := e.retire(ctx, ch, now, age)
		if err != nil {
			return n, err
		}
		if gone {
			n++
		}
	}
	return n, nil
}

func expired(c *dialogs.Case, now time.Time, age time.Duration) bool {
	return c.State == dialogs.StateClosed && !c.Closed.IsZero() && now.Sub(c.Closed) > age
}

// retire deletes one case if it is still past retention under its lock
// (it may have been reopened since it was listed).
func (e *Engine) retire(ctx context.Context, channel string, now time.Time, age time.Duration) (bool, error) {
	_, ok, err := e.transact(ctx, channel, now, func(tx *txn) (Change, bool, error) {
		if tx.Case == nil || !expired(tx.Case, now, age) {
			return Change{}, false, nil
		}
		return Change{Forget: true}, true, nil
	})
	return ok && err == nil, err
}

// PruneEvents forgets the seen event ids recorded before cutoff: a
// redelivery older than that is no longer recognised. It returns how many
// it forgot.
func (e *Engine) PruneEvents(ctx context.Context, cutoff time.Time) (int, error) {
	return e.store.PruneEvents(ctx, cutoff)
}
