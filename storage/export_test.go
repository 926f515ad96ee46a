package storage

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// PanicForTest runs a write that panics through the group committer.
func PanicForTest(db *DB) error {
	return db.group.update(context.Background(), func(*bolt.Tx) error { panic("a bug in a write") })
}
