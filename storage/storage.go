// Package storage is the bbolt store of the engine (a bot.Store): cases,
// answers, reports, the delivery outbox, posted references, seen event ids
// and scheduler state in one file. It passes bot/storetest.
//
// Every write that acknowledges a user's input is committed (fsynced)
// before the call returns. Values are copied out of transactions. A write
// or fsync that fails in the file fails the store for good (ErrFailed,
// which is bot.ErrStoreFailed): the process must restart and read the file
// afresh. A case is a small head with its revision and one record per
// answer, report and note (cases.go), so an answer writes its own record;
// bbolt has one writer, so a revision conflict only comes from a caller
// that read a case before another commit of it.
package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/oslo-involve/involve/bot"
)

var _ bot.Store = (*DB)(nil)

// Errors returned by the store.
var (
	// ErrNotFound means there is no case for the channel. It is the
	// engine's bot.ErrNotFound.
	ErrNotFound = bot.ErrNotFound
	// ErrLocked means another process holds the database file.
	ErrLocked = errors.New("storage: the database is in use by another process")
	// ErrTooNew means the file was written by a newer version of involve.
	ErrTooNew = errors.New("storage: the database was written by a newer version")
)

var (
	bucketMeta   = []byte("meta")
	bucketCases  = []byte("cases")
	bucketOutbox = []byte("outbox")
	bucketDead   = []byte("dead")
	bucketEvents = []byte("events")
	bucketState  = []byte("state")
	bucketRefs   = []byte("refs")  // channel 0x00 ref → seq, dialogs.Posted: where prompts and nudges were posted
	bucketNudge  = []byte("nudge") // channel → the last slot handled, for every case the nudge is for (nudge.go)
	keySchema    = []byte("schema")
	keyCases     = []byte("cases") // the number of cases, kept so counting reads no case
)

// Options configure Open. A nil *Options means the defaults.
type Options struct {
	// Timeout is how long Open waits for the file lock. Default 2s.
	Timeout time.Duration
	// NoSync skips fsync. Only for benchmarks that measure everything but the disk.
	NoSync bool
	// ReadOnly opens the file for reading only (export, cases). A file of
	// an older layout is read through a migrated temporary copy.
	ReadOnly bool
	// OpenFile opens the file; nil means os.OpenFile. Tests pass one that
	// fails writes on demand.
	OpenFile func(name string, flag int, perm os.FileMode) (*os.File, error)
}

// DB is an open involve database.
type DB struct {
	bolt  *bolt.DB
	group *group
	fatal *fatal
	// settled holds delivered outbox items whose removal rides on the
	// next write (DeliveredLater); the group commit writes it.
	settled *settled
	path    string
	temp    string // a migrated copy to remove on Close (read-only opens of older files)

	// file is the open database file, and ident what it was at open: the
	// path must keep naming it (identity.go).
	file   *os.File
	ident  os.FileInfo
	opened string   // the path bbolt opened (path, or the migrated copy)
	watch  *watcher // nil on read-only opens
	// gate keeps readers out while a purge clears freed pages (purge.go):
	// every read transaction runs under its read lock (view).
	gate  sync.RWMutex
	purge purger
}

// Open opens (creating if need be) the database at path.
func Open(path string, o *Options) (*DB, error) {
	opt := Options{Timeout: 2 * time.Second}
	if o != nil {
		if o.Timeout > 0 {
			opt.Timeout = o.Timeout
		}
		opt.NoSync, opt.ReadOnly, opt.OpenFile = o.NoSync, o.ReadOnly, o.OpenFile
	}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("storage: open %s: %w", path, err)
		}
	}
	// Nothing is written before the file checks whole: an empty or short
	// file is refused before bbolt maps it, damaged pages before the first
	// write (migrate's).
	if err := checkFile(path); err != nil {
		return nil, err
	}
	openFile := opt.OpenFile
	if openFile == nil {
		openFile = os.OpenFile
	}
	var file *os.File
	b, err := openBolt(path, &bolt.Options{Timeout: opt.Timeout, ReadOnly: opt.ReadOnly,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := openFile(name, flag, perm)
			file = f
			return f, err
		}})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (is `involvebot serve` running on it? stop it, or use its HTTP routes)", ErrLocked, path)
	}
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	b.NoSync = opt.NoSync
	db := &DB{bolt: b, path: path, fatal: newFatal(), settled: &settled{}, file: file, opened: path}
	db.group = &group{db: b, fatal: db.fatal, settled: db.settled, check: db.checkIdentity}
	if err := db.openChecks(); err != nil {
		b.Close()
		return nil, err
	}
	if opt.ReadOnly {
		v, err := db.schema()
		if err == nil && v < SchemaVersion {
			b.Close()
			return openMigratedCopy(path, opt)
		}
		if err == nil {
			err = db.checkBuckets()
		}
		if err != nil {
			b.Close()
			return nil, err
		}
		return db, nil
	}
	if err := db.migrate(); err != nil {
		b.Close()
		return nil, err
	}
	if err := db.purgeOwed(); err != nil {
		b.Close()
		return nil, err
	}
	db.watch = startWatcher(db)
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.watch.stop()
	ferr := db.flushSettled()
	err := db.bolt.Close()
	if err == nil {
		err = ferr
	}
	if db.temp != "" {
		os.Remove(db.temp)
	}
	return err
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Stats are counts for health and metrics.
type Stats struct {
	Cases       int
	Outbox      int
	OldestDue   time.Time // the creation time of the oldest outbox item
	Dead        int
	Events      int
	FileBytes   int64
	TxReadCount int
}

// Stats counts what the database holds.
func (db *DB) Stats() (Stats, error) {
	var s Stats
	err := db.view(func(tx *bolt.Tx) error {
		// Only small buckets are walked: the cases bucket is the file's
		// bulk, and reading it would pull the whole file into memory.
		if v := tx.Bucket(bucketMeta).Get(keyCases); len(v) == 8 {
			s.Cases = int(binary.BigEndian.Uint64(v))
		}
		// Delivered items whose removal waits for the next write are not
		// counted (they are few: the acknowledgements since the last write).
		s.Outbox = max(tx.Bucket(bucketOutbox).Stats().KeyN-db.settled.len(), 0)
		s.Dead = tx.Bucket(bucketDead).Stats().KeyN
		s.Events = tx.Bucket(bucketEvents).Stats().KeyN
		s.FileBytes = tx.Size()
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if db.settled.has(binary.BigEndian.Uint64(k)) {
				continue
			}
			var it bot.Outgoing
			if json.Unmarshal(v, &it) == nil {
				s.OldestDue = it.Created
			}
			break
		}
		return nil
	})
	s.TxReadCount = db.bolt.Stats().TxN
	return s, err
}

// Ping reports whether the database answers a read and has not failed,
// and whether its path still names the file it has open.
func (db *DB) Ping() error {
	if err := db.Err(); err != nil {
		return err
	}
	if db.watch != nil {
		if err := db.checkIdentity(); err != nil {
			return db.fatal.set(err)
		}
	}
	return db.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get(keySchema) == nil {
			return errors.New("storage: no schema version")
		}
		return nil
	})
}

// Check verifies the file's consistency.
func (db *DB) Check() error {
	return db.view(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// State returns a copy of a scheduler state value (nil if unset).
func (db *DB) State(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []byte
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketState).Get([]byte(key)); v != nil {
			out = bytes.Clone(v)
		}
		return nil
	})
	return out, err
}

// SetState stores a state value durably; a nil value deletes it.
func (db *DB) SetState(ctx context.Context, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if value == nil {
			return tx.Bucket(bucketState).Delete([]byte(key))
		}
		return tx.Bucket(bucketState).Put([]byte(key), value)
	})
}

// Sync forces nothing but an empty durable commit; benchmarks use it as
// the physical reference for one fsync.
func (db *DB) Sync() error {
	return db.update(func(tx *bolt.Tx) error { return nil })
}

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}
