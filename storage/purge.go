package storage

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A forgotten case must be gone from the file, not only from its keys.
// bbolt copies a page on write and frees the old copy without clearing
// it, so the texts of a deleted case stay in free pages until bbolt
// happens to reuse them. After every commit that forgets a case (forget,
// retention) the store clears every free page of the file (zeroes them and
// fsyncs) before the commit returns; pages in use never hold old bytes,
// since bbolt builds every page it writes in a zeroed buffer.
//
// A page is free or pending (freed by a commit that a reader opened before
// may still see). Pending pages are released when a write transaction
// begins with no older reader open, so the purge keeps readers out (the
// gate) for the length of one write transaction, and clears what bbolt's
// freelist then counts as freed. Writers wait for it too (bbolt has one
// writer). What it costs grows with the number of free pages, not with
// the size of the file.
//
// The forget's own transaction records that a purge is owed (keyPurge in
// the meta bucket); the purge's transaction removes the mark. A process
// that stops in between finds the mark when it opens the file again, and
// purges before anything else.

// keyPurge in the meta bucket: a purge is owed.
var keyPurge = []byte("purge")

// purger serialises purges and lets concurrent forgets share one.
type purger struct {
	forgets atomic.Uint64 // forgets committed
	mu      sync.Mutex
	done    uint64        // every forget up to this one is purged
	pages   int           // pages cleared by the last purge
	pause   time.Duration // how long the last purge kept readers and writers out
}

// owePurge marks, in a forget's transaction, that a purge is owed.
func owePurge(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyPurge, []byte{1}) }

// forgot purges after a forget that committed: it returns once a purge
// that began after that commit has cleared the file.
func (db *DB) forgot() error {
	n := db.purge.forgets.Add(1)
	db.purge.mu.Lock()
	defer db.purge.mu.Unlock()
	if db.purge.done >= n {
		return nil // a purge that began after this forget committed has run
	}
	upTo := db.purge.forgets.Load()
	if err := db.clearFree(); err != nil {
		return err
	}
	db.purge.done = upTo
	return nil
}

// purgeOwed runs the purge a forget left owed when its process stopped
// before it (at Open, before anything else).
func (db *DB) purgeOwed() error {
	owed := false
	if err := db.view(func(tx *bolt.Tx) error {
		owed = tx.Bucket(bucketMeta).Get(keyPurge) != nil
		return nil
	}); err != nil {
		return err
	}
	if !owed {
		return nil
	}
	db.purge.mu.Lock()
	defer db.purge.mu.Unlock()
	return db.clearFree()
}

// LastPurge says how many pages the last purge cleared and how long it
// kept readers and writers waiting.
func (db *DB) LastPurge() (pages int, pause time.Duration) {
	db.purge.mu.Lock()
	defer db.purge.mu.Unlock()
	return db.purge.pages, db.purge.pause
}

// errPurgeIO marks a write or fsync of the purge that failed in the file.
var errPurgeIO = errors.New("storage: purge")

// clearFree zeroes every free page of the file and fsyncs it, with
// readers kept out, and removes the purge mark in the same transaction.
// Callers hold purge.mu.
func (db *DB) clearFree() error {
	db.gate.Lock()
	start := time.Now()
	defer func() {
		db.purge.pause = time.Since(start)
		db.gate.Unlock()
	}()
	var ioErr error
	err := db.update(func(tx *bolt.Tx) error {
		db.purge.pages = 0
		ps := int64(tx.DB().Info().PageSize)
		hwm := int(tx.Size() / ps)
		zero := make([]byte, 64*ps)
		flush := func(from, to int) error { // pages [from, to)
			for off, end := int64(from)*ps, int64(to)*ps; off < end; {
				n := min(int64(len(zero)), end-off)
				if _, err := db.file.WriteAt(zero[:n], off); err != nil {
					return err
				}
				off += n
			}
			db.purge.pages += to - from
			return nil
		}
		run := -1 // the first page of the run of free pages being read
		for id := 2; id <= hwm; id++ {
			free := false
			if id < hwm {
				info, err := tx.Page(id)
				if err != nil {
					return err
				}
				free = info != nil && info.Type == "free"
			}
			switch {
			case free && run < 0:
				run = id
			case !free && run >= 0:
				if ioErr = flush(run, id); ioErr != nil {
					return errPurgeIO
				}
				run = -1
			}
		}
		if db.purge.pages > 0 && !tx.DB().NoSync {
			if ioErr = db.file.Sync(); ioErr != nil {
				return errPurgeIO
			}
		}
		if tx.Bucket(bucketMeta).Get(keyPurge) == nil {
			return nil
		}
		return tx.Bucket(bucketMeta).Delete(keyPurge)
	})
	if ioErr != nil {
		// The disk failed under a write: as for a failed commit, the store
		// takes no more (the mark stays: the next process purges).
		return db.fatal.set(fmt.Errorf("clear freed pages: %w", ioErr))
	}
	if err != nil {
		return fmt.Errorf("storage: clear freed pages: %w", err)
	}
	return nil
}
