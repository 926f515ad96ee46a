package etcdstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Snapshot writes a snapshot of the etcd member the client talks to (the
// maintenance API: the member's whole bbolt backend, with a SHA-256 of it
// appended) to w. It is a backup of every key, not only involve's;
// `etcdutl snapshot restore` makes a data directory of it.
func (s *Store) Snapshot(ctx context.Context, w io.Writer) (int64, error) {
	rc, err := s.cli.Snapshot(ctx)
	if err != nil {
		return 0, fmt.Errorf("etcdstore: snapshot: %w", err)
	}
	defer rc.Close()
	n, err := io.Copy(w, rc)
	if err != nil {
		return n, fmt.Errorf("etcdstore: snapshot: %w", err)
	}
	return n, nil
}

// CheckSnapshot verifies a snapshot file: the SHA-256 etcd appended
// matches its contents, and the bbolt database in it checks clean.
func CheckSnapshot(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("etcdstore: snapshot: %w", err)
	}
	if len(data)%512 != sha256.Size {
		return fmt.Errorf("etcdstore: snapshot %s: no checksum at its end (%d bytes): not a whole etcd snapshot", path, len(data))
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return fmt.Errorf("etcdstore: snapshot %s: checksum mismatch: the file is damaged", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-check-*.db")
	if err != nil {
		return fmt.Errorf("etcdstore: snapshot: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("etcdstore: snapshot: %w", err)
	}
	db, err := bolt.Open(tmp.Name(), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("etcdstore: snapshot %s: %w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if tx.Bucket([]byte("key")) == nil {
			errs = append(errs, errors.New("no key bucket: not an etcd backend"))
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("etcdstore: snapshot %s: %w", path, err)
		}
		return nil
	})
}
