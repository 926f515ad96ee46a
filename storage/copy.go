package storage

import (
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// copyTxBytes bounds one transaction of a copy, so that a large file is
// copied in steps of bounded memory.
const copyTxBytes = 4 << 20

// CopyTo writes a consistent copy of the database into a new bbolt file at
// path (which must not exist, or be empty), while the store is in use. Only
// live keys are copied, in one read transaction, into a fresh file: unlike
// bbolt's Tx.WriteTo, which copies the file page by page, free pages
// included, it carries nothing of a forgotten case. The copy is fsynced.
func (db *DB) CopyTo(path string) (err error) {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return fmt.Errorf("storage: copy to %s: %w", path, err)
	}
	defer func() {
		if cerr := dst.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("storage: copy to %s: %w", path, cerr)
		}
	}()
	// Under the gate's read lock, as every reader: a purge waits for it.
	db.gate.RLock()
	err = func() (err error) {
		defer db.gate.RUnlock()
		defer func() {
			if p := recover(); p != nil {
				err = damaged(db.path, fmt.Sprintf("could not be read (%v)", p))
			}
		}()
		return bolt.Compact(dst, db.bolt, copyTxBytes)
	}()
	if err != nil {
		return fmt.Errorf("storage: copy to %s: %w", path, err)
	}
	if err := dst.Sync(); err != nil {
		return fmt.Errorf("storage: copy to %s: %w", path, err)
	}
	return nil
}

// Backup writes a consistent copy of the database to w while it is in use
// (bbolt's Tx.WriteTo). It returns the bytes written. CopyTo makes a copy of
// the live keys only, into a file of its own.
func (db *DB) Backup(w io.Writer) (int64, error) {
	// Free pages are zeroed after every forget and retention run (purge.go),
	// so the stream of the file as it stands holds no forgotten text; the
	// gate keeps a purge from zeroing pages while the stream is read.
	db.gate.RLock()
	defer db.gate.RUnlock()
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("storage: backup: %w", err)
	}
	return n, nil
}
