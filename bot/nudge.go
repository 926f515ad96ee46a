package bot

import (
	"context"
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
	var (
		replies  []dialogs.Reply
		platform string
	)
	done, ok, err := e.transact(ctx, channel, e.Now(), func(tx *txn) (Change, bool, error) {
		if tx.Case == nil {
			return Change{}, false, nil // forgotten meanwhile
		}
		c := tx.Case
		in.At = tx.Now
		out := e.coach.Step(c, in)
		if !out.Changed && len(out.Replies) == 0 {
			return Change{}, false, nil
		}
		ch := Change{Case: c, Was: tx.Was}
		for _, r := range out.Replies {
			ch.Outbox = append(ch.Outbox, Outgoing{
				Platform: c.Platform, Channel: c.Channel, Address: c.Address, Thread: r.Thread, Reply: r,
			})
		}
		replies, platform = out.Replies, c.Platform
		return ch, true, nil
	})
	if err != nil || !ok {
		return 0, err
	}
	for _, r := range replies {
		if r.Kind == dialogs.ReplyNudge {
			e.Metrics.Nudged(platform)
		}
	}
	return len(done.Items), nil
}
