package bot

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// outbox delivers what the engine committed to the store's outbox: each
// channel's replies in order, channels in parallel, retrying what fails,
// recording each outcome in the store. The queue is its memory of what
// the store holds, so that a delivery need not read it back.
//
// Lock order. A goroutine that holds more than one of these takes them
// in this order, never the other way round:
//
//  1. a case's lock (Engine.lock): a handled event, a nudge, a forget; and
//     the delivery of a prompt or nudge while it records where it was
//     posted (delivered), so that it cannot race the case's next event;
//  2. the forget hold on a channel (queue.hold): taken by a forget under
//     the case's lock, across its commit and the queue's drop; it waits
//     for that channel's send in flight, not for a shard of channels;
//  3. loadMu: read-held while a delivery's outcome is written to the store
//     and the queue, write-held while the store's outbox is read into the
//     queue, so that no delivered item comes back;
//  4. queue.mu, then Engine.cacheMu: leaves, held for memory only, never
//     across a call to the store or to a platform.
//
// No lock is held across a send to a platform: the channel is marked as
// sending in the queue instead (queue.beginSend), which a forget waits for.
type outbox struct {
	e        *Engine // the store, the senders, the cache, the clock and the knobs
	queue    *queue
	loadMu   sync.RWMutex // load against deliveries finishing
	loaded   bool         // the outbox was read once (under loadMu)
	running  atomic.Int32 // Run is delivering
	cutShort atomic.Bool  // a send was cut short by shutdown
}

// keyStopped is the state value MarkStopped leaves; the next start takes it.
const keyStopped = "outbox.stopped"

// ErrRunning means Run is still delivering.
var ErrRunning = errors.New("bot: the outbox is still being delivered")

// MarkStopped records that no send is in flight, so the next start need
// not doubt any channel's first reply. Call it after Run returned, as the
// last thing before closing the database; nothing may be delivered after.
func (e *Engine) MarkStopped() error {
	if e.ob.running.Load() != 0 {
		return ErrRunning
	}
	if err := e.store.Err(); err != nil {
		return err
	}
	if e.ob.cutShort.Load() {
		return nil // a send was cut short: its channel's first reply is in doubt
	}
	return e.store.SetState(context.Background(), keyStopped, []byte(e.clock().UTC().Format(time.RFC3339)))
}

// load reads the outbox from the database into the queue (at start, and
// now and then); items the queue knows are left alone.
func (o *outbox) load(ctx context.Context) error {
	// No delivery may finish between reading the database and filling
	// the queue, or a delivered item would come back.
	o.loadMu.Lock()
	defer o.loadMu.Unlock()
	clean := false
	if !o.loaded {
		// Take the clean-stop mark before anything is sent: a crash from
		// here on must not find it.
		v, err := o.e.store.State(ctx, keyStopped)
		if err != nil {
			return err
		}
		if clean = v != nil; clean {
			if err := o.e.store.SetState(ctx, keyStopped, nil); err != nil {
				return err
			}
		}
	}
	items, err := o.e.store.Outbox(ctx, 1<<30)
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
		case o.loaded:
			items[i].Uncertain = true
		case !clean && !heads[items[i].Channel]:
			items[i].Uncertain = true
		}
		if items[i].Reply.Kind != dialogs.ReplyAck {
			heads[items[i].Channel] = true
		}
	}
	o.loaded = true
	o.queue.add(items)
	o.queue.mu.Lock()
	o.queue.loaded = true
	o.queue.mu.Unlock()
	return nil
}

// Run delivers the outbox until ctx ends: in order within a channel,
// channels in parallel, retrying what fails. It returns nil when ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	if f, ok := e.store.(OutboxFeed); ok && e.ob.queue.fed {
		return e.ob.runShared(ctx, f)
	}
	if err := e.ob.load(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it started: nothing was sent
		}
		return err
	}
	e.ob.running.Add(1)
	defer e.ob.running.Add(-1)
	e.ob.work(ctx)()
	return nil
}

// work starts the delivery workers and the backlog's metrics, and returns
// a function that waits for them; they stop when ctx ends (and the
// workers when the store failed: what is delivered can no longer be
// recorded). Both Run and the shared Run deliver with it.
func (o *outbox) work(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for range max(o.e.Workers, 1) {
		wg.Go(func() {
			for o.e.store.Err() == nil {
				ch, ok := o.queue.wait(ctx)
				if !ok {
					return
				}
				o.deliverChannel(ctx, ch)
			}
		})
	}
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				n, oldest := o.queue.stats()
				o.e.Metrics.Outbox(n, oldest, o.e.clock())
			}
		}
	})
	return wg.Wait
}

// Deliver delivers, here and now, everything that is due; replies waiting
// for a retry stay. The console calls it after every line; tests use it to
// step the outbox without Run.
func (e *Engine) Deliver(ctx context.Context) error {
	e.ob.queue.mu.Lock()
	loaded := e.ob.queue.loaded
	e.ob.queue.mu.Unlock()
	if !loaded {
		if err := e.ob.load(ctx); err != nil {
			return err
		}
	}
	// Each channel once: a reply that failed and came back for its retry
	// waits for the next call.
	seen := make(map[string]bool)
	var again []string
	defer func() {
		for _, ch := range again {
			e.ob.queue.release(ch)
		}
	}()
	for {
		ch, ok := e.ob.queue.take()
		if !ok {
			return ctx.Err()
		}
		if seen[ch] {
			again = append(again, ch)
			continue
		}
		seen[ch] = true
		e.ob.deliverChannel(ctx, ch)
	}
}

// Settle waits until the outbox is empty, delivering itself when Run is
// not running; it gives up when ctx ends.
func (e *Engine) Settle(ctx context.Context) error {
	for {
		if e.ob.running.Load() == 0 {
			if err := e.Deliver(ctx); err != nil {
				return err
			}
		}
		if e.ob.queue.size() == 0 {
			items, err := e.store.Outbox(ctx, 1)
			if err != nil {
				return err
			}
			if len(items) == 0 {
				return nil
			}
			if err := e.ob.load(ctx); err != nil {
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
func (e *Engine) Pending() int { return e.ob.queue.size() }

// Backlog returns the number of replies waiting for delivery and when the
// oldest of them was created (zero when there is none).
func (e *Engine) Backlog() (depth int, oldest time.Time) { return e.ob.queue.stats() }

// deliverChannel sends one channel's replies in order until it is empty or
// one fails; a failed one holds the channel until its retry.
func (o *outbox) deliverChannel(ctx context.Context, ch string) {
	for {
		it, ok := o.queue.head(ch)
		if !ok || ctx.Err() != nil {
			o.queue.release(ch)
			return
		}
		wait := o.deliverOne(ctx, it)
		switch {
		case wait < 0: // shutting down: it stays for next time
			o.queue.release(ch)
			return
		case wait > 0:
			o.queue.later(ch, wait)
			return
		}
	}
}

// deliverOne sends one item. It returns 0 when the item is done with
// (sent, or set aside as undeliverable), how long to wait before a retry,
// or -1 when ctx ended or the database failed.
func (o *outbox) deliverOne(ctx context.Context, it Outgoing) time.Duration {
	if wait := it.NextAt.Sub(o.e.clock()); wait > 0 {
		return wait // loaded from the database with a retry still ahead
	}
	if o.e.store.Err() != nil {
		return -1 // what is delivered can no longer be recorded
	}
	s, err := o.e.sender(it.Platform)
	if err != nil {
		// No sender in this process (the platform is off now): keep it.
		return time.Minute
	}
	it = o.e.residentsThread(ctx, it)
	from := o.e.clock()
	ref, ok, err := o.send(ctx, s, it)
	if !ok {
		return 0 // its case was forgotten meanwhile
	}
	if err == nil {
		// What was sent is recorded even when ctx ends now.
		return o.delivered(context.WithoutCancel(ctx), it, ref)
	}
	if ctx.Err() != nil {
		// Cut short by shutdown: it may have reached the platform, so
		// the stop is not clean (see MarkStopped).
		o.cutShort.Store(true)
		return -1
	}
	var perm *PermanentError
	if errors.As(err, &perm) {
		o.dead(ctx, it, "permanent", err)
		return 0
	}
	it.Attempts++
	it.LastErr = err.Error()
	if Ambiguous(err) {
		it.Uncertain = true
		it = tried(it, from, o.e.clock())
	}
	var ra *RetryAfterError
	limited := errors.As(err, &ra)
	if (!limited && it.Attempts >= o.e.MaxAttempts) || (!it.Created.IsZero() && o.e.clock().Sub(it.Created) > o.e.MaxAge) {
		o.dead(ctx, it, "retries", err)
		return 0
	}
	wait := o.e.Backoff(it.Attempts)
	if limited {
		// The platform's limit is per channel (Slack's chat.postMessage,
		// the Bot Connector's per conversation): only this channel waits.
		wait = max(ra.After, 10*time.Millisecond)
	}
	it.NextAt = o.e.clock().Add(wait)
	if rerr := o.e.store.Retry(context.WithoutCancel(ctx), it); rerr != nil {
		o.e.Log.Error("outbox: reschedule", "id", it.ID, "err", rerr)
	}
	it.NextAt = time.Time{} // the queue's timer keeps the time
	o.queue.update(it)
	o.e.Metrics.Retried(it.Platform, limited)
	o.e.Log.Info("outbox: delivery failed, will retry", "platform", it.Platform, "channel", it.Channel,
		"attempt", it.Attempts, "wait", wait, "uncertain", it.Uncertain, "err", err)
	return wait
}

// send posts one item unless its case was forgotten since it was queued
// (ok false). The channel is marked as sending meanwhile: a forget of its
// case waits for the send to end, and no send starts while it runs.
func (o *outbox) send(ctx context.Context, s Sender, it Outgoing) (ref string, ok bool, err error) {
	if !o.queue.beginSend(it) {
		return "", false, nil
	}
	defer o.queue.endSend(it.Channel)
	start := time.Now()
	ref, err = s.Send(ctx, it)
	o.e.Metrics.Sent(it.Platform, string(it.Reply.Kind), time.Since(start), err)
	return ref, true, err
}

// dead sets an item aside as undeliverable, so the channel's later replies
// go on; reason is "permanent" (the platform refused it for good) or
// "retries" (it kept failing past the bounds).
func (o *outbox) dead(ctx context.Context, it Outgoing, reason string, err error) {
	it.LastErr = err.Error()
	o.loadMu.RLock()
	if derr := o.e.store.Dead(context.WithoutCancel(ctx), it); derr != nil {
		o.e.Log.Error("outbox: dead letter", "id", it.ID, "err", derr)
	}
	o.queue.done(it)
	o.loadMu.RUnlock()
	o.e.Metrics.DeadLettered(it.Platform, reason)
	o.e.Log.Warn("outbox: gave up on a reply", "reason", reason, "platform", it.Platform, "channel", it.Channel,
		"kind", it.Reply.Kind, "attempts", it.Attempts, "err", err)
}

// delivered removes a sent item and remembers where prompts and nudges
// were posted, under the case's lock so it cannot race a handled event.
// An item that records no reference (an acknowledgement, an answer) only
// leaves the outbox, which no handled event reads or writes: it takes no
// case lock, so the case's next answer does not wait for that commit.
// If that commit fails, the item stays, marked uncertain: the sender looks
// for it before posting again. It returns how long to wait, as deliverOne.
func (o *outbox) delivered(ctx context.Context, it Outgoing, ref string) time.Duration {
	if l, ok := o.e.store.(LazyDeliveries); ok && it.Reply.Kind == dialogs.ReplyAck {
		// A second ✅ after a crash has the effect of one: its delivery
		// rides on the store's next write (see LazyDeliveries).
		o.loadMu.RLock()
		defer o.loadMu.RUnlock()
		l.DeliveredLater(it.ID)
		o.queue.done(it)
		return 0
	}
	var posted *dialogs.Posted
	if p, ok := dialogs.PostedFor(it.Reply, ref, o.e.Now()); ok {
		p.Tried = it.Tried // earlier copies' threads are this post's too
		posted = &p
		unlock, err := o.e.lock(ctx, it.Channel)
		if err != nil {
			return -1
		}
		defer unlock()
	}
	o.loadMu.RLock()
	defer o.loadMu.RUnlock()
	from, to, err := o.e.store.Delivered(ctx, it.ID, it.Channel, posted)
	if err != nil {
		o.e.Log.Error("outbox: could not mark delivered", "id", it.ID, "err", err)
		o.e.forgetCached(it.Channel)
		it.Uncertain = true
		o.queue.update(it)
		if o.e.store.Err() != nil {
			return -1
		}
		return o.e.Backoff(max(it.Attempts, 1))
	}
	if posted != nil {
		o.e.recordCached(it.Channel, *posted, from, to)
	}
	o.queue.done(it)
	return 0
}
