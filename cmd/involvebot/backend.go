package main

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/storage"
)

// backend is the store serve runs on, opened. What differs between the
// stores is said here, once: serve itself asks the backend, or the store
// through the optional interfaces below, and has no branch per store.
type backend struct {
	store  bot.Store
	src    caseSource // what the admin routes read
	name   string     // where the state lives, for the log
	leader bot.Leader // who runs the leader's parts: bot.Alone on a store of its own
	// shared says other replicas write the store: the outbox is fed from
	// it, and no clean stop is recorded (the next leader cannot tell this
	// replica's mark from an older one's).
	shared bool
	// instrument adds the store's own metrics; nil: none.
	instrument func(reg prometheus.Registerer)
	close      func() error

	db   *storage.DB      // the bbolt file (hot backup, file metrics); nil on etcd
	etcd *etcdstore.Store // nil on bbolt
}

// failsForGood is a store that fails for good after a failed write (bbolt):
// Failed is closed then, and serve stops so that a restart reads the store
// afresh.
type failsForGood interface {
	Failed() <-chan struct{}
}

// failed returns the channel closed when the store fails for good, or nil
// (never) for a store that does not.
func (b *backend) failed() <-chan struct{} {
	if f, ok := b.store.(failsForGood); ok {
		return f.Failed()
	}
	return nil
}

// openBackend opens the store cfg names; so opens the bbolt file (tests
// inject faults through storage.Options.OpenFile).
func openBackend(ctx context.Context, cfg *Config, so *storage.Options) (*backend, error) {
	if cfg.Storage.UsesEtcd() {
		es, err := openEtcd(ctx, cfg)
		if err != nil {
			return nil, err
		}
		el := etcdstore.NewElector(es, replicaName())
		return &backend{
			store: es, src: etcdCases{es}, leader: el, shared: true, etcd: es, close: es.Close,
			name:       "etcd " + strings.Join(cfg.Storage.EtcdEndpoints, ",") + " " + cfg.Storage.EtcdPrefix,
			instrument: func(reg prometheus.Registerer) { newEtcdMetrics(reg, es, el) },
		}, nil
	}
	db, err := storage.Open(cfg.Storage.Path, so)
	if err != nil {
		return nil, err
	}
	removeStaleSnapshots(filepath.Dir(cfg.Storage.Path))
	return &backend{store: db, src: db, leader: bot.Alone{}, db: db, close: db.Close, name: cfg.Storage.Path}, nil
}
