package bot

import (
	"context"
	"log/slog"
	"time"
)

// Leader decides which replica runs the work that must run once across
// replicas sharing one store: the weekly nudge, the digest, housekeeping
// and outbox delivery. Every replica takes events; only the leader runs
// these. The engine knows no election: cmd/involvebot gives it one.
type Leader interface {
	// Lead blocks until this replica leads or ctx ends. The context it
	// returns ends when this replica stops leading, before any other
	// replica can start to lead.
	Lead(ctx context.Context) (context.Context, error)
	// Leading reports whether this replica leads now.
	Leading() bool
}

// Alone is the Leader of a replica that runs by itself: it always leads.
type Alone struct{}

// Lead returns ctx: a replica alone leads until it stops.
func (Alone) Lead(ctx context.Context) (context.Context, error) { return ctx, ctx.Err() }

// Leading is always true.
func (Alone) Leading() bool { return true }

// WhileLeading runs fn each time this replica leads, with a context that
// ends when it stops leading, until ctx ends. fn must return soon after its
// context ends; it is not started again before it returned. An error from
// fn while this replica still leads ends WhileLeading with that error; an
// error from the election is logged and the election tried again.
func WhileLeading(ctx context.Context, l Leader, log *slog.Logger, fn func(ctx context.Context) error) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for ctx.Err() == nil {
		lctx, err := l.Lead(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			log.Warn("leader election failed, trying again", "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
			continue
		}
		log.Info("leading: the scheduler and the outbox run here")
		err = fn(lctx)
		if err != nil && lctx.Err() == nil {
			return err
		}
		<-lctx.Done()
		if ctx.Err() == nil {
			log.Warn("no longer leading: the scheduler and the outbox stopped here")
		}
	}
	return nil
}
