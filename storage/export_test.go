package storage

import bolt "go.etcd.io/bbolt"

// PanicForTest runs a write that panics through the group committer.
func PanicForTest(db *DB) error {
	return db.group.update(func(*bolt.Tx) error { panic("a bug in a write") })
}
