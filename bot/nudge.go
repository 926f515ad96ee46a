package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// NudgeStats counts what one nudge run did.
type NudgeStats struct {
	Cases  int // cases that had not handled the slot yet
	Queued int // nudges queued for delivery
}

// NudgeAll queues the nudge of slot for every case that should get it. It
// is safe to repeat and to interrupt: each case records the slot together
// with its nudge in one commit, so a case is nudged at most once a slot.
func (e *Engine) NudgeAll(ctx context.Context, slot time.Time) (NudgeStats, error) {
	channels, err := e.store.NudgeDue(ctx, slot)
	if err != nil {
		return NudgeStats{}, err
	}
	var (
		queued atomic.Int64
		wg     sync.WaitGroup
		mu     sync.Mutex
		first  error
	)
	jobs := make(chan string)
	for range min(64, max(len(channels), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range jobs {
				n, err := e.nudge(ctx, ch, dialogs.Input{Kind: dialogs.InputNudge, Slot: slot})
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				queued.Add(int64(n))
			}
		}()
	}
feed:
	for _, ch := range channels {
		select {
		case jobs <- ch:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	st := NudgeStats{Cases: len(channels), Queued: int(queued.Load())}
	if first == nil {
		first = ctx.Err()
	}
	return st, first
}

// NudgeNow nudges one channel at once, whatever the schedule says (the
// console's :nudge). It returns the replies it queued.
func (e *Engine) NudgeNow(channel string) (int, error) {
	return e.nudge(context.Background(), channel, dialogs.Input{Kind: dialogs.InputNudge, Slot: e.Now(), Direct: true})
}

func (e *Engine) nudge(ctx context.Context, channel string, in dialogs.Input) (int, error) {
	unlock, err := e.lock(ctx, channel)
	if err != nil {
		return 0, err
	}
	defer unlock()
	for range maxConflicts {
		n, err := e.nudgeStep(ctx, channel, in)
		if !errors.Is(err, ErrConflict) {
			return n, err
		}
		e.forgetCached(channel)
	}
	return 0, fmt.Errorf("bot: channel %s: %w %d times", channel, ErrConflict, maxConflicts)
}

func (e *Engine) nudgeStep(ctx context.Context, channel string, in dialogs.Input) (int, error) {
	c, was, rev, err := e.caseAndBase(ctx, channel)
	if errors.Is(err, ErrNotFound) {
		return 0, nil // forgotten meanwhile
	}
	if err != nil {
		return 0, err
	}
	now := e.Now()
	in.At = now
	out := e.coach.Step(c, in)
	if !out.Changed && len(out.Replies) == 0 {
		return 0, nil
	}
	ch := Change{Channel: channel, Base: rev, Case: c, Was: was, At: now}
	created := time.Now()
	for _, r := range out.Replies {
		ch.Outbox = append(ch.Outbox, Outgoing{
			Platform: c.Platform, Channel: c.Channel, Address: c.Address, Thread: r.Thread, Reply: r, Created: created,
		})
	}
	done, err := e.commit(ctx, ch)
	if err != nil {
		if e.store.Err() != nil {
			e.forgetCached(channel)
		}
		return 0, err
	}
	for _, r := range out.Replies {
		if r.Kind == dialogs.ReplyNudge {
			e.Metrics.Nudged(c.Platform)
		}
	}
	e.remember(c, done.Rev)
	e.queue.add(done.Items)
	return len(ch.Outbox), nil
}
