package etcdstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/oslo-involve/involve/bot"
)

// Elector elects one leader among the replicas sharing a store, with
// etcd's election recipe (concurrency.NewElection) on a session whose
// lease lives TTL without renewal.
//
// A leader that cannot renew its lease stops leading at half the TTL
// after its last renewal was confirmed, while etcd lets the lease expire
// (and another replica win) only a whole TTL after the renewal it
// received: the old leader stops before the new one starts, as long as a
// renewal takes less than half the TTL to come back.
type Elector struct {
	cli *clientv3.Client
	key string
	id  string

	// TTL is the session's time to live. Default 5s.
	TTL time.Duration
	// OnChange, if set, is called when this replica starts (true) or
	// stops (false) leading.
	OnChange func(leading bool)

	leading atomic.Bool
}

var _ bot.Leader = (*Elector)(nil)

// NewElector returns an elector for the replicas of the store s; id names
// this replica (its host name) to the others.
func NewElector(s *Store, id string) *Elector {
	return &Elector{cli: s.cli, key: s.prefix + "leader", id: id, TTL: 5 * time.Second}
}

// Leading reports whether this replica leads now.
func (e *Elector) Leading() bool { return e.leading.Load() }

// Leader returns the id of the replica that leads now ("" if none).
func (e *Elector) Leader(ctx context.Context) (string, error) {
	r, err := e.cli.Get(ctx, e.key+"/", clientv3.WithFirstCreate()...)
	if err != nil {
		return "", fmt.Errorf("etcdstore: leader: %w", err)
	}
	if len(r.Kvs) == 0 {
		return "", nil
	}
	return string(r.Kvs[0].Value), nil
}

// Lead campaigns until this replica leads or ctx ends. The context it
// returns ends when the replica stops leading: ctx ended (it resigns, so
// another takes over at once), its session ended, or its lease was not
// renewed for half the TTL.
func (e *Elector) Lead(ctx context.Context) (context.Context, error) {
	ttl := max(e.TTL, 2*time.Second)
	var last atomic.Int64 // when the lease was last known renewed
	last.Store(time.Now().UnixNano())
	gctx, cancel := context.WithTimeout(ctx, ttl)
	lease, err := e.cli.Grant(gctx, int64(ttl/time.Second))
	cancel()
	if err != nil {
		return nil, fmt.Errorf("etcdstore: election lease: %w", err)
	}
	sess, err := concurrency.NewSession(e.cli, concurrency.WithLease(lease.ID), concurrency.WithContext(context.WithoutCancel(ctx)))
	if err != nil {
		return nil, fmt.Errorf("etcdstore: election session: %w", err)
	}
	kactx, stopKA := context.WithCancel(context.WithoutCancel(ctx))
	renewed, err := e.cli.KeepAlive(kactx, lease.ID)
	if err != nil {
		stopKA()
		e.close(sess, nil)
		return nil, fmt.Errorf("etcdstore: election keepalive: %w", err)
	}
	lost := make(chan struct{})
	go func() {
		// A renewal confirmed now was made by etcd after its request went
		// out, so the lease lives at least a TTL from then; counting half
		// a TTL from the answer is safe while a round trip takes less.
		for range renewed {
			last.Store(time.Now().UnixNano())
		}
		close(lost)
	}()
	el := concurrency.NewElection(sess, e.key)
	if err := el.Campaign(ctx, e.id); err != nil {
		stopKA()
		e.close(sess, nil)
		return nil, fmt.Errorf("etcdstore: campaign: %w", err)
	}
	lctx, stop := context.WithCancel(ctx)
	e.set(true)
	go func() {
		defer stopKA()
		tick := time.NewTicker(ttl / 20)
		defer tick.Stop()
	watch:
		for {
			select {
			case <-tick.C:
				if time.Since(time.Unix(0, last.Load())) > ttl/2 {
					break watch
				}
			case <-lost:
				break watch
			case <-sess.Done():
				break watch
			case <-lctx.Done():
				break watch
			}
		}
		e.set(false)
		stop()
		if ctx.Err() != nil {
			e.close(sess, el) // a clean stop hands over at once
		} else {
			e.close(sess, nil)
		}
	}()
	return lctx, nil
}

func (e *Elector) set(leading bool) {
	if e.leading.Swap(leading) != leading && e.OnChange != nil {
		e.OnChange(leading)
	}
}

// close resigns (when el is not nil) and ends the session, bounded by the
// TTL: on a cut-off replica both fail, and the lease expires by itself.
func (e *Elector) close(sess *concurrency.Session, el *concurrency.Election) {
	ctx, cancel := context.WithTimeout(context.Background(), max(e.TTL, 2*time.Second))
	defer cancel()
	if el != nil {
		el.Resign(ctx)
	}
	e.cli.Revoke(ctx, sess.Lease())
	sess.Orphan()
}
