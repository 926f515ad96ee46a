package bot

import (
	"context"
	"time"
)

// OutboxFeed is a store several engines (replicas) share: each commits
// replies to one outbox, and the leader's engine delivers them all. The
// etcd store implements it.
type OutboxFeed interface {
	// FollowOutbox calls snapshot once with the whole outbox, in id order,
	// then added with every item any writer adds after that read, in id
	// order, until ctx ends (nil) or the feed breaks (an error; follow
	// again). Items changed or removed are not reported.
	FollowOutbox(ctx context.Context, snapshot, added func(items []Outgoing)) error
}

// runShared is Run on a store other engines write (Options.Shared): the
// queue is filled from the store's feed alone, in id order, so that a
// channel's replies go out in commit order whichever replica committed
// them. When it returns (this replica stops leading) it forgets the queue:
// the next leader delivers what is left, from the store.
func (o *outbox) runShared(ctx context.Context, f OutboxFeed) error {
	o.running.Add(1)
	defer o.running.Add(-1)
	defer o.queue.reset()
	defer o.work(ctx)()
	for first := true; ctx.Err() == nil; first = false {
		// As load: no delivery may finish between the read and the queue.
		o.loadMu.Lock()
		locked := true
		err := f.FollowOutbox(ctx, func(items []Outgoing) {
			// The previous leader may have had each channel's first reply
			// in flight; after a broken feed, any item may be sent already.
			markUncertain(items, !first)
			o.queue.addFed(items)
			o.loadMu.Unlock()
			locked = false
		}, o.queue.addFed)
		if locked {
			o.loadMu.Unlock()
		}
		if err == nil || ctx.Err() != nil {
			break
		}
		o.e.Log.Warn("outbox: the store's feed broke; reading the outbox again", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}

// markUncertain marks what may have reached the platform already: every
// item (all), or each channel's first.
func markUncertain(items []Outgoing, all bool) {
	heads := make(map[string]bool)
	for i := range items {
		if all || !heads[items[i].Channel] {
			items[i].Uncertain = true
		}
		heads[items[i].Channel] = true
	}
}
