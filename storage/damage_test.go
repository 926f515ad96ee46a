package storage_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/storage"
)

// fullFile makes a database of n cases and returns its path, closed.
func fullFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		c := testCase(fmt.Sprintf("C%04d", i))
		c.Answers[0].Text = fmt.Sprintf("svar %d %s", i, bytes.Repeat([]byte("x"), 300))
		if _, _, err := commit(db, bot.Change{Case: c}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// refused opens path read-write and read-only, and checks that both are
// refused as damaged and that the file is as it was.
func refused(t *testing.T, path string, want string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		db, err := storage.Open(path, &storage.Options{ReadOnly: ro, Timeout: time.Second})
		if err == nil {
			db.Close()
			t.Fatalf("read-only %v: a damaged file was opened", ro)
		}
		if !errors.Is(err, storage.ErrDamaged) || !bytes.Contains([]byte(err.Error()), []byte(want)) ||
			!bytes.Contains([]byte(err.Error()), []byte("involvebot backup")) {
			t.Fatalf("read-only %v: %v; want ErrDamaged saying %q and how to restore", ro, err, want)
		}
		t.Logf("read-only %v: %v", ro, err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("refusing the file changed it")
	}
}

// Damaged data pages: the file opens in bbolt, but its pages do not
// check. It is refused before anything is written.
func TestDamagedPagesAreRefused(t *testing.T) {
	path := fullFile(t, 200)
	// The root page of the records bucket and the pages after it.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	var ps int
	b.View(func(tx *bolt.Tx) error {
		root, ps = int64(tx.Bucket([]byte("records")).Root()), tx.DB().Info().PageSize
		return nil
	})
	b.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xAB}, 4*ps), root*int64(ps)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	refused(t, path, "does not check clean")
}

// A file cut short (half of it lost) is refused before bbolt maps it:
// reading past its end would kill the process with SIGBUS.
func TestHalfTruncatedFileIsRefused(t *testing.T) {
	path := fullFile(t, 200)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	refused(t, path, "cut short")
}

// An existing empty file is not a new database.
func TestEmptyFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	refused(t, path, "empty (0 bytes)")
}

// Overwritten meta pages: not a bbolt file at all.
func TestGarbageFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	refused(t, path, "no valid meta page")
}

// The database file deleted while the store has it open: the store
// notices without being written to (its watcher), fails as after a failed
// fsync, and takes no more commits.
func TestDeletedFileFailsTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := commit(db, bot.Change{Case: testCase("C1")}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	select {
	case <-db.Failed():
	case <-time.After(30 * time.Second):
		t.Fatal("the store did not notice its file was deleted")
	}
	if err := db.Ping(); !errors.Is(err, storage.ErrFailed) || !errors.Is(err, storage.ErrReplaced) {
		t.Fatalf("Ping: %v, want ErrFailed and ErrReplaced", err)
	}
	if _, _, err := commit(db, bot.Change{Case: testCase("C2")}); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("a commit after the file was deleted: %v", err)
	}
}

// The database file replaced while the store has it open (a restore over
// a running server): the next commit is not acknowledged, and Ping says
// why at once.
func TestReplacedFileRefusesTheNextCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := commit(db, bot.Change{Case: testCase("C1")}); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	if err := db.CopyTo(other); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if _, _, err := commit(db, bot.Change{Case: testCase("C2")}); !errors.Is(err, storage.ErrReplaced) {
		t.Fatalf("a commit into a replaced file: %v, want ErrReplaced", err)
	}
	if err := db.Ping(); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("Ping: %v", err)
	}
}
