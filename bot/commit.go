package bot

import (
	"context"
	"time"
)

// commit writes ch to the store, noting the newest event id it recorded
// (housekeeping counts the event memory back from it).
func (e *Engine) commit(ctx context.Context, ch Change) (Committed, error) {
	done, err := e.store.Commit(ctx, ch)
	if err == nil && !done.Duplicate && ch.EventID != "" {
		at := ch.At.UnixNano()
		for {
			old := e.newest.Load()
			if at <= old || e.newest.CompareAndSwap(old, at) {
				break
			}
		}
	}
	return done, err
}

// clock is the engine's one clock (Engine.Now) for what the outbox dates:
// when a reply was queued, when it may be retried, how old it is, the
// backlog's age. Latencies the metrics observe are measured apart, on the
// process's monotonic clock.
func (e *Engine) clock() time.Time { return e.Now() }

// newestEvent is when the newest event id this engine recorded was
// handled, or zero before the first.
func (e *Engine) newestEvent() time.Time {
	if n := e.newest.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}
