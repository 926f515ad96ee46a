package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// keyStopped is the state value MarkStopped leaves; the next start takes it.
const keyStopped = "outbox.stopped"

// ErrRunning means Run is still delivering.
var ErrRunning = errors.New("bot: the outbox is still being delivered")

// MarkStopped records that no send is in flight, so the next start need
// not doubt any channel's first reply. Call it after Run returned, as the
// last thing before closing the database; nothing may be delivered after.
func (e *Engine) MarkStopped() error {
	if e.running.Load() != 0 {
		return ErrRunning
	}
	if err := e.store.Err(); err != nil {
		return err
	}
	if e.cutShort.Load() {
		return nil // a send was cut short: its channel's first reply is in doubt
	}
	return e.store.SetState(context.Background(), keyStopped, []byte(time.Now().UTC().Format(time.RFC3339)))
}

// load reads the outbox from the database into the queue (at start, and
// now and then); items the queue knows are left alone.
func (e *Engine) load(ctx context.Context) error {
	// No delivery may finish between reading the database and filling
	// the queue, or a delivered item would come back.
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	clean := false
	if !e.loaded {
		// Take the clean-stop mark before anything is sent: a crash from
		// here on must not find it.
		v, err := e.store.State(ctx, keyStopped)
		if err != nil {
			return err
		}
		if clean = v != nil; clean {
			if err := e.store.SetState(ctx, keyStopped, nil); err != nil {
				return err
			}
		}
	}
	items, err := e.store.Outbox(ctx, 1<<30)
	if err != nil {
		return err
	}
	// An item read back from the file may be on the platform already: it
	// was in flight when the process died, or its "delivered" commit
	// failed. Each channel is delivered in order, one item at a time, so
	// only a channel's first item can have been in flight, after the
	// acknowledgements before it (delivered, but their removal may not
	// have been written: see LazyDeliveries); after a clean stop none
	// was. Items loaded later (rare) are all taken as uncertain.
	heads := make(map[string]bool)
	for i := range items {
		switch {
		case e.loaded:
			items[i].Uncertain = true
		case !clean && !heads[items[i].Channel]:
			items[i].Uncertain = true
		}
		if items[i].Reply.Kind != dialogs.ReplyAck {
			heads[items[i].Channel] = true
		}
	}
	e.loaded = true
	e.queue.add(items)
	e.queue.mu.Lock()
	e.queue.loaded = true
	e.queue.mu.Unlock()
	return nil
}

// Run delivers the outbox until ctx ends: in order within a channel,
// channels in parallel, retrying what fails. It returns nil when ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	if f, ok := e.store.(OutboxFeed); ok && e.queue.fed {
		return e.runShared(ctx, f)
	}
	if err := e.load(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it started: nothing was sent
		}
		return err
	}
	e.running.Add(1)
	defer e.running.Add(-1)
	var wg sync.WaitGroup
	for range max(e.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e.store.Err() == nil { // a failed database records no delivery: stop
				ch, ok := e.queue.wait(ctx)
				if !ok {
					return
				}
				e.deliverChannel(ctx, ch)
			}
		}()
	}
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-tick.C:
			n, oldest := e.queue.stats()
			e.Metrics.Outbox(n, oldest, time.Now())
		}
	}
}

// Deliver delivers, here and now, everything that is due; replies waiting
// for a retry stay. The console calls it after every line; tests use it to
// step the outbox without Run.
func (e *Engine) Deliver(ctx context.Context) error {
	e.queue.mu.Lock()
	loaded := e.queue.loaded
	e.queue.mu.Unlock()
	if !loaded {
		if err := e.load(ctx); err != nil {
			return err
		}
	}
	// Each channel once: a reply that failed and came back for its retry
	// waits for the next call.
	seen := make(map[string]bool)
	var again []string
	defer func() {
		for _, ch := range again {
			e.queue.release(ch)
		}
	}()
	for {
		ch, ok := e.queue.take()
		if !ok {
			return ctx.Err()
		}
		if seen[ch] {
			again = append(again, ch)
			continue
		}
		seen[ch] = true
		e.deliverChannel(ctx, ch)
	}
}

// Settle waits until the outbox is empty, delivering itself when Run is
// not running; it gives up when ctx ends.
func (e *Engine) Settle(ctx context.Context) error {
	for {
		if e.running.Load() == 0 {
			if err := e.Deliver(ctx); err != nil {
				return err
			}
		}
		if e.queue.size() == 0 {
			items, err := e.store.Outbox(ctx, 1)
			if err != nil {
				return err
			}
			if len(items) == 0 {
				return nil
			}
			if err := e.load(ctx); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// Pending is the number of replies waiting for delivery.
func (e *Engine) Pending() int { return e.queue.size() }

// Backlog returns the number of replies waiting for delivery and when the
// oldest of them was created (zero when there is none).
func (e *Engine) Backlog() (depth int, oldest time.Time) { return e.queue.stats() }

// deliverChannel sends one channel's replies in order until it is empty or
// one fails; a failed one holds the channel until its retry.
func (e *Engine) deliverChannel(ctx context.Context, ch string) {
	for {
		it, ok := e.queue.head(ch)
		if !ok || ctx.Err() != nil {
			e.queue.release(ch)
			return
		}
		wait := e.deliverOne(ctx, it)
		switch {
		case wait < 0: // shutting down: it stays for next time
			e.queue.release(ch)
			return
		case wait > 0:
			e.queue.later(ch, wait)
			return
		}
	}
}

// deliverOne sends one item. It returns 0 when the item is done with
// (sent, or set aside as undeliverable), how long to wait before a retry,
// or -1 when ctx ended or the database failed.
func (e *Engine) deliverOne(ctx context.Context, it Outgoing) time.Duration {
	if wait := time.Until(it.NextAt); wait > 0 {
		return wait // loaded from the database with a retry still ahead
	}
	if e.store.Err() != nil {
		return -1 // what is delivered can no longer be recorded
	}
	s, err := e.sender(it.Platform)
	if err != nil {
		// No sender in this process (the platform is off now): keep it.
		return time.Minute
	}
	it = e.residentsThread(ctx, it)
	ref, ok, err := e.send(ctx, s, it)
	if !ok {
		return 0 // its case was forgotten meanwhile
	}
	if err == nil {
		// What was sent is recorded even when ctx ends now.
		return e.delivered(context.WithoutCancel(ctx), it, ref)
	}
	if ctx.Err() != nil {
		// Cut short by shutdown: it may have reached the platform, so
		// the stop is not clean (see MarkStopped).
		e.cutShort.Store(true)
		return -1
	}
	var perm *PermanentError
	if errors.As(err, &perm) {
		e.dead(ctx, it, "permanent", err)
		return 0
	}
	it.Attempts++
	it.LastErr = err.Error()
	if Ambiguous(err) {
		it.Uncertain = true
	}
	var ra *RetryAfterError
	limited := errors.As(err, &ra)
	if (!limited && it.Attempts >= e.MaxAttempts) || (!it.Created.IsZero() && time.Since(it.Created) > e.MaxAge) {
		e.dead(ctx, it, "retries", err)
		return 0
	}
	wait := e.Backoff(it.Attempts)
	if limited {
		// The platform's limit is per channel (Slack's chat.postMessage,
		// the Bot Connector's per conversation): only this channel waits.
		wait = max(ra.After, 10*time.Millisecond)
	}
	it.NextAt = time.Now().Add(wait)
	if rerr := e.store.Retry(context.WithoutCancel(ctx), it); rerr != nil {
		e.Log.Error("outbox: reschedule", "id", it.ID, "err", rerr)
	}
	it.NextAt = time.Time{} // the queue's timer keeps the time
	e.queue.update(it)
	e.Metrics.Retried(it.Platform, limited)
	e.Log.Info("outbox: delivery failed, will retry", "platform", it.Platform, "channel", it.Channel,
		"attempt", it.Attempts, "wait", wait, "uncertain", it.Uncertain, "err", err)
	return wait
}

// forgetting keeps every reply of channel from being sent until done is
// called, waiting for a send in flight to it: a forget holds it across its
// commit and the queue's drop.
func (e *Engine) forgetting(channel string) (done func()) {
	m := &e.sending[shard(channel)]
	m.Lock()
	return m.Unlock
}

// send posts one item unless its case was forgotten since it was queued
// (ok false). Forgetting a case waits for a send in flight to it.
func (e *Engine) send(ctx context.Context, s Sender, it Outgoing) (ref string, ok bool, err error) {
	m := &e.sending[shard(it.Channel)]
	m.RLock()
	defer m.RUnlock()
	if head, ok := e.queue.head(it.Channel); !ok || head.ID != it.ID {
		return "", false, nil
	}
	start := time.Now()
	ref, err = s.Send(ctx, it)
	e.Metrics.Sent(it.Platform, string(it.Reply.Kind), time.Since(start), err)
	return ref, true, err
}

// dead sets an item aside as undeliverable, so the channel's later replies
// go on; reason is "permanent" (the platform refused it for good) or
// "retries" (it kept failing past the bounds).
func (e *Engine) dead(ctx context.Context, it Outgoing, reason string, err error) {
	it.LastErr = err.Error()
	e.loadMu.RLock()
	if derr := e.store.Dead(context.WithoutCancel(ctx), it); derr != nil {
		e.Log.Error("outbox: dead letter", "id", it.ID, "err", derr)
	}
	e.queue.done(it)
	e.loadMu.RUnlock()
	e.Metrics.DeadLettered(it.Platform, reason)
	e.Log.Warn("outbox: gave up on a reply", "reason", reason, "platform", it.Platform, "channel", it.Channel,
		"kind", it.Reply.Kind, "attempts", it.Attempts, "err", err)
}

// delivered removes a sent item and remembers where prompts and nudges
// were posted, under the case's lock so it cannot race a handled event.
// An item that records no reference (an acknowledgement, an answer) only
// leaves the outbox, which no handled event reads or writes: it takes no
// case lock, so the case's next answer does not wait for that commit.
// If that commit fails, the item stays, marked uncertain: the sender looks
// for it before posting again. It returns how long to wait, as deliverOne.
func (e *Engine) delivered(ctx context.Context, it Outgoing, ref string) time.Duration {
	if l, ok := e.store.(LazyDeliveries); ok && it.Reply.Kind == dialogs.ReplyAck {
		// A second ✅ after a crash has the effect of one: its delivery
		// rides on the store's next write (see LazyDeliveries).
		e.loadMu.RLock()
		defer e.loadMu.RUnlock()
		l.DeliveredLater(it.ID)
		e.queue.done(it)
		return 0
	}
	var posted *dialogs.Posted
	if p, ok := dialogs.PostedFor(it.Reply, ref, e.Now()); ok {
		posted = &p
		unlock, err := e.lock(ctx, it.Channel)
		if err != nil {
			return -1
		}
		defer unlock()
	}
	e.loadMu.RLock()
	defer e.loadMu.RUnlock()
	from, to, err := e.store.Delivered(ctx, it.ID, it.Channel, posted)
	if err != nil {
		e.Log.Error("outbox: could not mark delivered", "id", it.ID, "err", err)
		e.forgetCached(it.Channel)
		it.Uncertain = true
		e.queue.update(it)
		if e.store.Err() != nil {
			return -1
		}
		return e.Backoff(max(it.Attempts, 1))
	}
	if posted != nil {
		e.recordCached(it.Channel, *posted, from, to)
	}
	e.queue.done(it)
	return 0
}
