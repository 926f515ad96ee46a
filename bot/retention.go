package bot

import (
	"errors"
	"time"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// Retain deletes the cases closed more than age before now, each as
// forget does: under its case's lock, so an event handled meanwhile
// cannot bring it back, with its undelivered replies and dead letters,
// and with its replies dropped from the queue. It returns how many it
// deleted.
func (e *Engine) Retain(now time.Time, age time.Duration) (int, error) {
	var due []string
	err := e.db.Cases(func(c *dialogs.Case) error {
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
		gone, err := e.retire(ch, now, age)
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
func (e *Engine) retire(channel string, now time.Time, age time.Duration) (bool, error) {
	unlock := e.lock(channel)
	defer unlock()
	c, err := e.caseFor(channel)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !expired(c, now, age) {
		return false, nil
	}
	m := &e.sending[shard(channel)]
	m.Lock()
	defer m.Unlock()
	if _, _, err := e.db.Commit(storage.Change{Forget: channel, At: now}); err != nil {
		return false, err
	}
	e.forgetCached(channel)
	e.queue.drop(channel)
	return true, nil
}
