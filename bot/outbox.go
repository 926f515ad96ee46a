package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// outboxScan bounds how many items one pass of the dispatcher reads.
const outboxScan = 4096

// idlePoll is how often an idle dispatcher looks at the outbox anyway.
const idlePoll = 5 * time.Second

// Run delivers the outbox until ctx ends: in order within a channel,
// channels in parallel, retrying what fails. It returns nil when ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	for {
		next, err := e.deliver(ctx)
		if err != nil && ctx.Err() == nil {
			e.Log.Error("outbox pass failed", "err", err)
			next = time.Second
		}
		if ctx.Err() != nil {
			return nil
		}
		t := time.NewTimer(next)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-e.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// Deliver makes one delivery pass now and returns when it is done. The
// console uses it after every line; tests use it to step the outbox.
func (e *Engine) Deliver(ctx context.Context) error {
	_, err := e.deliver(ctx)
	return err
}

// Settle waits until the outbox is empty, making passes itself; it gives
// up when ctx ends.
func (e *Engine) Settle(ctx context.Context) error {
	for {
		items, err := e.db.Outbox(1)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		e.Wake()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// deliver makes one pass over the outbox and says how long to wait before
// the next one.
func (e *Engine) deliver(ctx context.Context) (time.Duration, error) {
	items, err := e.db.Outbox(outboxScan)
	if err != nil {
		return time.Second, err
	}
	e.Metrics.Outbox(len(items), oldest(items), time.Now())
	if len(items) == 0 {
		return idlePoll, nil
	}
	now := time.Now() // delivery runs on the wall clock, whatever Now says
	next := idlePoll
	// Group by channel, keeping order; a channel whose head is not due
	// waits whole, so replies never overtake each other.
	var order []string
	byChannel := make(map[string][]storage.OutboxItem)
	for _, it := range items {
		if _, ok := byChannel[it.Channel]; !ok {
			order = append(order, it.Channel)
		}
		byChannel[it.Channel] = append(byChannel[it.Channel], it)
	}
	var ready []string
	for _, ch := range order {
		head := byChannel[ch][0]
		if wait := head.NextAt.Sub(now); wait > 0 {
			next = min(next, wait)
			continue
		}
		ready = append(ready, ch)
	}
	workers := max(e.Workers, 1)
	jobs := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range min(workers, len(ready)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range jobs {
				if wait := e.deliverChannel(ctx, byChannel[ch]); wait > 0 {
					mu.Lock()
					next = min(next, wait)
					mu.Unlock()
				}
			}
		}()
	}
	for _, ch := range ready {
		select {
		case jobs <- ch:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if len(items) == outboxScan {
		next = 0 // more to read
	}
	return next, ctx.Err()
}

func oldest(items []storage.OutboxItem) time.Time {
	if len(items) == 0 {
		return time.Time{}
	}
	return items[0].Created
}

// deliverChannel sends one channel's items in order until one fails. It
// returns how long to wait before retrying the channel (0: all sent).
func (e *Engine) deliverChannel(ctx context.Context, items []storage.OutboxItem) time.Duration {
	for _, it := range items {
		if ctx.Err() != nil {
			return 0
		}
		if wait := e.deliverOne(ctx, it); wait > 0 {
			return wait
		}
	}
	return 0
}

func (e *Engine) deliverOne(ctx context.Context, it storage.OutboxItem) time.Duration {
	s, err := e.sender(it.Platform)
	if err != nil {
		// Not registered in this process (e.g. Teams off now): keep it.
		return idlePoll
	}
	for wait := e.limit(it.Platform); wait > 0; wait = e.limit(it.Platform) {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0
		case <-t.C:
		}
	}
	m := Outgoing{ID: it.ID, Platform: it.Platform, Channel: it.Channel, Address: it.Address, Thread: it.Thread, Reply: it.Reply}
	start := time.Now()
	ref, err := s.Send(ctx, m)
	e.Metrics.Sent(it.Platform, string(it.Reply.Kind), time.Since(start), err)
	if err == nil {
		e.delivered(it, ref)
		return 0
	}
	if ctx.Err() != nil {
		return 0 // shutting down: the item stays for next time
	}
	var perm *PermanentError
	if errors.As(err, &perm) {
		it.LastErr = err.Error()
		if derr := e.db.Dead(it); derr != nil {
			e.Log.Error("outbox: dead letter", "id", it.ID, "err", derr)
		}
		e.Log.Warn("outbox: dropped undeliverable reply", "platform", it.Platform, "channel", it.Channel, "kind", it.Reply.Kind, "err", err)
		return 0
	}
	it.Attempts++
	it.LastErr = err.Error()
	wait := e.Backoff(it.Attempts)
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		// The platform's limit is per channel (Slack's chat.postMessage,
		// the Bot Connector's per-conversation limit): only this channel waits.
		wait = max(ra.After, 10*time.Millisecond)
	}
	it.NextAt = time.Now().Add(wait)
	if rerr := e.db.Retry(it); rerr != nil {
		e.Log.Error("outbox: reschedule", "id", it.ID, "err", rerr)
	}
	e.Metrics.Retried(it.Platform, ra != nil)
	e.Log.Info("outbox: delivery failed, will retry", "platform", it.Platform, "channel", it.Channel,
		"attempt", it.Attempts, "wait", wait, "err", err)
	return wait
}

// delivered removes a sent item and remembers where prompts and nudges
// were posted, under the case's lock so it cannot race a handled event.
func (e *Engine) delivered(it storage.OutboxItem, ref string) {
	var posted *dialogs.Posted
	if p, ok := dialogs.PostedFor(it.Reply, ref, e.Now()); ok {
		posted = &p
	}
	unlock := e.lock(it.Channel)
	defer unlock()
	if err := e.db.Delivered(it.ID, it.Channel, posted); err != nil {
		// The send went through; a failure here means a later pass may
		// send it again. Say so loudly.
		e.Log.Error("outbox: could not mark delivered", "id", it.ID, "err", err)
	}
}
