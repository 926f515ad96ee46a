// Package faultfile makes a database file fail under a running process, for
// tests: it opens the file through bbolt's Options.OpenFile (see
// storage.Options.OpenFile) and can put /dev/full in place of the file's
// descriptor, so every later write gets ENOSPC and every fsync EINVAL, as a
// disk that fails would. Reads go through bbolt's mmap and keep working.
// Heal puts the file back, as after a transient fault.
package faultfile

import (
	"os"
	"sync"
	"syscall"
	"testing"
)

// File is the fault injector of one database file. Use its Open as the
// store's OpenFile.
type File struct {
	t    testing.TB
	mu   sync.Mutex
	fd   int // the file's descriptor, read where the file was opened
	orig int // a duplicate of the file's descriptor, to heal with; it holds the file's lock
}

// New returns a fault injector that reports to t.
func New(t testing.TB) *File { return &File{t: t} }

// Open opens the file and remembers its descriptor.
func (ff *File) Open(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	// The descriptor is read here, on the opener's goroutine: reading it
	// later through f would race with the process closing f.
	fd := int(f.Fd())
	ff.mu.Lock()
	ff.fd = fd
	ff.mu.Unlock()
	return f, nil
}

// Fail makes the file's writes and fsyncs fail from now on.
func (ff *File) Fail() {
	ff.t.Helper()
	full, err := os.OpenFile("/dev/full", os.O_RDWR, 0)
	if err != nil {
		ff.t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if ff.orig == 0 {
		if ff.orig, err = syscall.Dup(ff.fd); err != nil {
			ff.t.Fatalf("dup: %v", err)
		}
		ff.t.Cleanup(ff.Release)
	}
	if err := syscall.Dup3(int(full.Fd()), ff.fd, 0); err != nil {
		ff.t.Fatalf("dup3: %v", err)
	}
}

// Heal puts the file back: the disk works again. What the process cached
// may still differ from what is on disk.
func (ff *File) Heal() {
	ff.t.Helper()
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if err := syscall.Dup3(ff.orig, ff.fd, 0); err != nil {
		ff.t.Fatalf("dup3: %v", err)
	}
}

// Release closes the duplicate kept for Heal, which holds the file's
// lock, so the file can be opened again (as after a restart). Cleanup
// calls it too.
func (ff *File) Release() {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if ff.orig > 0 {
		syscall.Close(ff.orig)
		ff.orig = 0
	}
}
