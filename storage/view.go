package storage

import (
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// view runs fn in a read transaction, under the gate's read lock (a purge
// clears freed pages with no reader open). bbolt panics on a page it
// cannot make sense of, and a read past the end of its mapping faults: both
// come back as ErrDamaged, so that a tool reading a damaged file says so
// instead of printing a trace.
func (db *DB) view(fn func(tx *bolt.Tx) error) (err error) {
	db.gate.RLock()
	defer db.gate.RUnlock()
	defer func() {
		if p := recover(); p != nil {
			err = damaged(db.path, fmt.Sprintf("could not be read (%v)", p))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return db.bolt.View(fn)
}
