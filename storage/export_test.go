package storage

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// PanicForTest runs a write that panics through the group committer.
func PanicForTest(db *DB) error {
	return db.group.update(context.Background(), func(*bolt.Tx) error { panic("a bug in a write") })
}

// HoldGroupForTest starts a write through the group committer that waits
// inside its transaction until release is called: writers that come
// meanwhile wait for the next batch.
func HoldGroupForTest(db *DB) (release func() error) {
	entered, hold := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.group.update(context.Background(), func(*bolt.Tx) error {
			close(entered)
			<-hold
			return nil
		})
	}()
	<-entered
	return func() error { close(hold); return <-done }
}
