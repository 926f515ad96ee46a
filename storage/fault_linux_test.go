package storage_test

import (
	"os"
	"sync"
	"syscall"
	"testing"
)

// faultyFile opens the database file through bbolt's Options.OpenFile and
// can make every later write and fsync of it fail: it puts /dev/full in
// place of the file's descriptor (writes get ENOSPC, fsync EINVAL), as a
// disk that fails under a running process would. Reads go through bbolt's
// mmap and keep working.
type faultyFile struct {
	t    testing.TB
	mu   sync.Mutex
	f    *os.File
	orig int // a duplicate of the file's descriptor, to heal with
}

func (ff *faultyFile) open(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag, perm)
	ff.mu.Lock()
	ff.f = f
	ff.mu.Unlock()
	return f, err
}

// fail makes the file's writes and fsyncs fail from now on.
func (ff *faultyFile) fail() {
	ff.t.Helper()
	full, err := os.OpenFile("/dev/full", os.O_RDWR, 0)
	if err != nil {
		ff.t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if ff.orig == 0 {
		if ff.orig, err = syscall.Dup(int(ff.f.Fd())); err != nil {
			ff.t.Fatalf("dup: %v", err)
		}
		ff.t.Cleanup(ff.release)
	}
	if err := syscall.Dup3(int(full.Fd()), int(ff.f.Fd()), 0); err != nil {
		ff.t.Fatalf("dup3: %v", err)
	}
}

// release closes the duplicate kept for heal: it holds the file's lock.
func (ff *faultyFile) release() {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if ff.orig > 0 {
		syscall.Close(ff.orig)
		ff.orig = 0
	}
}

// heal puts the file back: the disk works again, as after a transient
// fault. What the process cached may still differ from what is on disk.
func (ff *faultyFile) heal() {
	ff.t.Helper()
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if err := syscall.Dup3(ff.orig, int(ff.f.Fd()), 0); err != nil {
		ff.t.Fatalf("dup3: %v", err)
	}
}

// newFaultyFile returns a faultyFile for t (nil where there is none).
func newFaultyFile(t testing.TB) *faultyFile { return &faultyFile{t: t} }
