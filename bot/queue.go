package bot

import (
	"context"
	"slices"
	"sync"
	"time"
)

// queue is the outbox in memory: each channel's replies in order, and the
// channels that have something to deliver and nobody delivering it. The
// database holds the same items; the queue only saves reading them back.
type queue struct {
	mu      sync.Mutex
	chans   map[string]*chanQueue
	ready   []string
	known   map[uint64]bool
	pending int
	loaded  bool
	signal  chan struct{}
	sent    *sync.Cond // a send ended or a hold was released (on mu)
	// fed: items come from the store's feed (addFed) alone; what an
	// engine commits (add) is left to it, in commit order (feed.go).
	fed bool
}

type chanQueue struct {
	items   []Outgoing
	busy    bool // a worker has it, or it waits for a retry
	inReady bool
	sending bool // a send of its head is in flight (beginSend)
	held    int  // forgets holding it (hold): no send starts
}

func newQueue() *queue {
	q := &queue{chans: make(map[string]*chanQueue), known: make(map[uint64]bool), signal: make(chan struct{}, 1)}
	q.sent = sync.NewCond(&q.mu)
	return q
}

// beginSend marks it's channel as sending it, unless it is no longer the
// channel's head (delivered, or dropped by a forget): then it reports false
// and nothing may be sent. While a forget holds the channel it waits.
func (q *queue) beginSend(it Outgoing) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		cq := q.chans[it.Channel]
		if cq == nil || len(cq.items) == 0 || cq.items[0].ID != it.ID {
			return false
		}
		if cq.held == 0 {
			cq.sending = true
			return true
		}
		q.sent.Wait()
	}
}

// endSend ends the send beginSend began.
func (q *queue) endSend(ch string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if cq := q.chans[ch]; cq != nil {
		cq.sending = false
	}
	q.sent.Broadcast()
}

// hold keeps every send to channel from starting, after waiting for the one
// in flight, until release is called: a forget holds its channel across its
// commit and the drop of its replies, so that none of them goes out after.
func (q *queue) hold(ch string) (release func()) {
	q.mu.Lock()
	cq := q.chans[ch]
	if cq == nil {
		cq = &chanQueue{}
		q.chans[ch] = cq
	}
	cq.held++
	for cq.sending {
		q.sent.Wait()
	}
	q.mu.Unlock()
	return func() {
		q.mu.Lock()
		cq.held--
		if q.chans[ch] == cq && cq.held == 0 && !cq.busy && len(cq.items) == 0 {
			delete(q.chans, ch)
		}
		q.sent.Broadcast()
		q.mu.Unlock()
	}
}

func (q *queue) notify() {
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

// add queues items behind what their channels have already.
func (q *queue) add(items []Outgoing) {
	if q.fed {
		return
	}
	q.addFed(items)
}

// addFed is add for the items of the store's feed.
func (q *queue) addFed(items []Outgoing) {
	if len(items) == 0 {
		return
	}
	q.mu.Lock()
	for _, it := range items {
		if q.known[it.ID] {
			continue
		}
		q.known[it.ID] = true
		q.pending++
		cq := q.chans[it.Channel]
		if cq == nil {
			cq = &chanQueue{}
			q.chans[it.Channel] = cq
		}
		// Keep each channel in outbox order, even when a reload and a
		// fresh commit arrive out of turn.
		i := len(cq.items)
		for i > 0 && cq.items[i-1].ID > it.ID && !(i == 1 && cq.busy) {
			i--
		}
		cq.items = slices.Insert(cq.items, i, it)
		q.markReady(it.Channel, cq)
	}
	q.mu.Unlock()
	q.notify()
}

func (q *queue) markReady(ch string, cq *chanQueue) {
	if !cq.busy && !cq.inReady && len(cq.items) > 0 {
		cq.inReady = true
		q.ready = append(q.ready, ch)
	}
}

// take hands out a ready channel; the caller delivers it and releases it.
func (q *queue) take() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.ready) > 0 {
		ch := q.ready[0]
		q.ready = q.ready[1:]
		cq := q.chans[ch]
		if cq == nil || !cq.inReady {
			continue
		}
		cq.inReady, cq.busy = false, true
		if len(q.ready) > 0 {
			// More channels are ready: wake another worker for them. One
			// signal stands for any number of ready channels, so each
			// worker that takes one passes the wake-up on.
			q.notify()
		}
		return ch, true
	}
	return "", false
}

// wait takes a ready channel, waiting for one until ctx ends.
func (q *queue) wait(ctx context.Context) (string, bool) {
	for {
		if ctx.Err() != nil {
			return "", false
		}
		if ch, ok := q.take(); ok {
			return ch, true
		}
		select {
		case <-ctx.Done():
			return "", false
		case <-q.signal:
		}
	}
}

// head returns the channel's next item.
func (q *queue) head(ch string) (Outgoing, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	cq := q.chans[ch]
	if cq == nil || len(cq.items) == 0 {
		return Outgoing{}, false
	}
	return cq.items[0], true
}

// done removes a delivered (or dead) item from the head of its channel.
func (q *queue) done(it Outgoing) {
	q.mu.Lock()
	defer q.mu.Unlock()
	cq := q.chans[it.Channel]
	if cq == nil || len(cq.items) == 0 || cq.items[0].ID != it.ID {
		return // dropped meanwhile (forget)
	}
	cq.items = cq.items[1:]
	delete(q.known, it.ID)
	q.pending--
}

// update replaces the head item (its attempts and next time).
func (q *queue) update(it Outgoing) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if cq := q.chans[it.Channel]; cq != nil && len(cq.items) > 0 && cq.items[0].ID == it.ID {
		cq.items[0] = it
	}
}

// release gives a channel back after a worker is through with it.
func (q *queue) release(ch string) {
	q.mu.Lock()
	cq := q.chans[ch]
	if cq == nil {
		q.mu.Unlock()
		return
	}
	cq.busy = false
	if len(cq.items) == 0 {
		if cq.held == 0 {
			delete(q.chans, ch)
		}
		q.mu.Unlock()
		return
	}
	q.markReady(ch, cq)
	q.mu.Unlock()
	q.notify()
}

// later releases a channel when its head may be retried.
func (q *queue) later(ch string, wait time.Duration) {
	time.AfterFunc(wait, func() { q.release(ch) })
}

// drop forgets a channel's items (the case was forgotten).
func (q *queue) drop(ch string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	cq := q.chans[ch]
	if cq == nil {
		return
	}
	for _, it := range cq.items {
		delete(q.known, it.ID)
	}
	q.pending -= len(cq.items)
	cq.items = nil
}

// stats returns the number of items and the creation time of the oldest head.
func (q *queue) stats() (int, time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var oldest time.Time
	for _, cq := range q.chans {
		if len(cq.items) > 0 && (oldest.IsZero() || cq.items[0].Created.Before(oldest)) {
			oldest = cq.items[0].Created
		}
	}
	return q.pending, oldest
}

// reset forgets every item: another replica delivers them now.
func (q *queue) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.chans, q.ready, q.known, q.pending = make(map[string]*chanQueue), nil, make(map[uint64]bool), 0
}

func (q *queue) size() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending
}
