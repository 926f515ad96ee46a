package storage

import (
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
)

// ErrFailed means a commit failed in the file itself (a write or an fsync
// returned an error). bbolt may have written part of it, so what is on disk
// is no longer known: the store takes no more writes, and the process must
// stop and read the file afresh, as etcd does.
// It wraps bot.ErrStoreFailed.
var ErrFailed = fmt.Errorf("storage: the database failed a write and takes no more: %w", bot.ErrStoreFailed)

// fatal is the store's failed state: set once, never cleared.
type fatal struct {
	mu   sync.Mutex
	err  error
	done chan struct{}
}

func newFatal() *fatal { return &fatal{done: make(chan struct{})} }

// set records the first I/O error and wakes Failed's waiters.
func (f *fatal) set(err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = fmt.Errorf("%w: %w", ErrFailed, err)
		close(f.done)
	}
	return f.err
}

func (f *fatal) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Err returns nil while the store is sound, or an error wrapping ErrFailed
// once a commit failed in the file.
func (db *DB) Err() error { return db.fatal.get() }

// Failed is closed when the store fails; Err then says why.
func (db *DB) Failed() <-chan struct{} { return db.fatal.done }

// update runs fn in a write transaction of its own. An error from fn is
// returned as it is; an error of the commit itself fails the store.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	if err := db.fatal.get(); err != nil {
		return err
	}
	var fnErr error
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		fnErr = fn(tx)
		return fnErr
	})
	if err != nil && fnErr == nil {
		return db.fatal.set(err)
	}
	if err == nil && db.watch != nil {
		if cerr := db.checkIdentity(); cerr != nil {
			return db.fatal.set(cerr)
		}
	}
	return err
}
