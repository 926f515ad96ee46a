package storage

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// ErrReplaced means the database file was deleted, renamed or replaced
// while the store had it open: what the store writes would go into a file
// no one will open again. The store fails (ErrFailed) as after a failed
// fsync, so that the process stops instead of acknowledging into it.
var ErrReplaced = errors.New("storage: the database file was deleted or replaced while in use")

// watchEvery is how often an idle store looks at its path. Every commit
// and every Ping look too, before anyone hears of what they did.
const watchEvery = time.Second

// openChecks runs before the first write: the pages check clean, and the
// path still names the file bbolt locked (another process may have
// replaced it while this one waited for the lock).
func (db *DB) openChecks() error {
	if db.file == nil {
		return fmt.Errorf("storage: open %s: no file", db.opened)
	}
	fi, err := db.file.Stat()
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", db.opened, err)
	}
	db.ident = fi
	if err := db.checkIdentity(); err != nil {
		return fmt.Errorf("%w (while it was being opened: open it again)", err)
	}
	return checkPages(db.bolt, db.opened)
}

// checkIdentity reports ErrReplaced when the path no longer names the
// open file (same device and inode). It costs one stat.
func (db *DB) checkIdentity() error {
	fi, err := os.Stat(db.opened)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s is gone; what this process wrote since is lost with it when it stops. "+
			"Put the last good copy made by `involvebot backup` back in place before starting again", ErrReplaced, db.opened)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrReplaced, db.opened, err)
	}
	if !os.SameFile(fi, db.ident) {
		return fmt.Errorf("%w: %s is now another file (another device or inode than the one open); "+
			"this process stops writing to the old one. Check which file is the right one before starting again", ErrReplaced, db.opened)
	}
	return nil
}

// watcher looks at the path of an idle store, so that a replaced file
// fails the store (and serve stops) even when nothing is written.
type watcher struct {
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func startWatcher(db *DB) *watcher {
	w := &watcher{done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-db.fatal.done:
				return
			case <-t.C:
				if err := db.checkIdentity(); err != nil {
					db.fatal.set(err)
					return
				}
			}
		}
	}()
	return w
}

// stop ends the watcher and waits for it; a nil watcher is no matter.
func (w *watcher) stop() {
	if w == nil {
		return
	}
	w.once.Do(func() { close(w.done) })
	w.wg.Wait()
}
