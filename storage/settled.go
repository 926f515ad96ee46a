package storage

import (
	"context"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// settled holds outbox items delivered whose removal from the file rides
// on the next write transaction instead of a commit of its own. Readers of
// the outbox skip them, so only a crash can bring one back.
type settled struct {
	mu  sync.Mutex
	ids map[uint64]struct{}
}

// add marks id delivered.
func (s *settled) add(id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = make(map[uint64]struct{})
	}
	s.ids[id] = struct{}{}
}

// has reports whether id is delivered and waits for its removal.
func (s *settled) has(id uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.ids[id]
	return ok
}

// len is the number of items waiting for their removal.
func (s *settled) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ids)
}

// snapshot returns the ids waiting now.
func (s *settled) snapshot() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ids) == 0 {
		return nil
	}
	out := make([]uint64, 0, len(s.ids))
	for id := range s.ids {
		out = append(out, id)
	}
	return out
}

// drop forgets ids once a committed transaction removed them.
func (s *settled) drop(ids []uint64) {
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.ids, id)
	}
}

// remove deletes ids from the outbox in tx; an id gone already (its case
// was forgotten) is no matter.
func removeSettled(tx *bolt.Tx, ids []uint64) error {
	ob := tx.Bucket(bucketOutbox)
	for _, id := range ids {
		if err := ob.Delete(u64(id)); err != nil {
			return err
		}
	}
	return nil
}

// DeliveredLater removes a delivered item from the outbox with the next
// write, without a commit of its own: until then the outbox's readers
// skip it, and a crash before that write brings it back. It is for
// replies whose second delivery has the effect of one (a reaction), so
// that their deliveries cost no fsync; see bot.LazyDeliveries.
func (db *DB) DeliveredLater(id uint64) { db.settled.add(id) }

// flushSettled writes the removals waiting, in a transaction of their own;
// Close calls it so that a clean stop leaves none behind.
func (db *DB) flushSettled() error {
	if db.settled.len() == 0 || db.fatal.get() != nil {
		return nil
	}
	return db.group.update(context.Background(), func(*bolt.Tx) error { return nil })
}
