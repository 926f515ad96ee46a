package storage

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// Backup writes a consistent copy of the database to w while it is in use:
// a fresh bbolt file of the live keys (CopyTo), made beside the database and
// removed after. It returns the bytes written.
func (db *DB) Backup(w io.Writer) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(db.path), ".involve-copy-*.db")
	if err != nil {
		return 0, fmt.Errorf("storage: backup: %w", err)
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	if err := db.CopyTo(name); err != nil {
		return 0, err
	}
	f, err = os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("storage: backup: %w", err)
	}
	defer f.Close()
	n, err := io.Copy(w, f)
	if err != nil {
		return n, fmt.Errorf("storage: backup: %w", err)
	}
	return n, nil
}
