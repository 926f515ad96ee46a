package etcdstore

import (
	"context"
	"errors"
	"fmt"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Forgotten means gone from etcd's history too.
//
// etcd keeps every earlier revision of a key readable (Get with WithRev)
// until the keyspace is compacted, so a forgotten case's answers would
// stay readable through the ordinary API after its keys are deleted. After
// a forget (the team's, or retention's) commits, the store compacts the
// keyspace up to the current revision, physically: no earlier revision
// holds the case afterwards. Compaction is global and cheap to repeat; the
// store reads no old revisions itself, and its outbox watch, when a
// compaction overtakes it, returns its error and is followed again.
//
// A compaction that fails (the cluster is busy, the call ran out of time)
// does not undo the forget: it is owed, and housekeeping (PruneEvents)
// tries again. The members' own --auto-compaction-* setting bounds history
// for everything else (docs/etcd.md).

// compactNow compacts the keyspace up to its current revision and waits
// until the compacted revisions are gone from the backend.
func (s *Store) compactNow(ctx context.Context) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.prefix+"s/", clientv3.WithCountOnly())
	if err != nil {
		return fmt.Errorf("etcdstore: compact: %w", err)
	}
	_, err = s.cli.Compact(ctx, r.Header.Revision, clientv3.WithCompactPhysical())
	if err != nil && !errors.Is(err, rpctypes.ErrCompacted) {
		return fmt.Errorf("etcdstore: compact to revision %d: %w", r.Header.Revision, err)
	}
	return nil
}

// forgotten compacts after a forget; a failure is owed to housekeeping.
func (s *Store) forgotten(ctx context.Context) {
	if err := s.compactNow(context.WithoutCancel(ctx)); err != nil {
		s.compactOwed.Store(true)
	}
}

// payOwedCompaction runs a compaction a forget still owes.
func (s *Store) payOwedCompaction(ctx context.Context) error {
	if !s.compactOwed.Load() {
		return nil
	}
	if err := s.compactNow(ctx); err != nil {
		return err
	}
	s.compactOwed.Store(false)
	return nil
}
