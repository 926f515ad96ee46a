package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// SchemaVersion is the layout this package writes. Open migrates older
// files and refuses newer ones. Raise it with every layout change, add the
// step to migrations, and keep a file of the old layout in testdata.
//
//   - 1: the first layout; prompt references were kept inside the case
//     (later files of version 1 keep them in the refs bucket already).
//   - 2: prompt references only in the refs bucket; the nudge index and
//     the kept case count exist.
//   - 3: a case is a small head with its revision (cases bucket) and one
//     record per answer, report and note (records bucket); see cases.go.
const SchemaVersion = 3

// ErrMissingBucket means the file lacks a bucket its layout must have: it
// is damaged, or not an involve database.
var ErrMissingBucket = errors.New("storage: the database lacks a bucket")

// buckets are every bucket of the current layout.
var buckets = [][]byte{bucketMeta, bucketCases, bucketOutbox, bucketDead, bucketEvents, bucketState, bucketRefs, bucketNudge, bucketRecords}

// migrations[v] brings a file from version v to v+1.
var migrations = map[uint64]func(tx *bolt.Tx) error{
	1: moveRefsOutOfCases,
	2: splitCases,
}

// schema returns the file's layout version; 0 means a new, empty file.
func (db *DB) schema() (uint64, error) {
	var v uint64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		v, err = schemaOf(tx)
		return err
	})
	return v, err
}

func schemaOf(tx *bolt.Tx) (uint64, error) {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		if tx.Bucket(bucketCases) != nil {
			return 0, fmt.Errorf("%w %q", ErrMissingBucket, bucketMeta)
		}
		return 0, nil
	}
	v := m.Get(keySchema)
	if len(v) != 8 {
		return 0, fmt.Errorf("storage: the database has no schema version")
	}
	n := binary.BigEndian.Uint64(v)
	if n > SchemaVersion {
		return 0, fmt.Errorf("%w: schema %d, this build knows %d", ErrTooNew, n, SchemaVersion)
	}
	return n, nil
}

// checkBuckets reports the first bucket of the current layout the file lacks.
func (db *DB) checkBuckets() error {
	return db.view(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("%w %q", ErrMissingBucket, name)
			}
		}
		return nil
	})
}

// migrate creates the buckets of a new file, or brings an older file's
// layout up to SchemaVersion one step at a time, in one transaction.
func (db *DB) migrate() error {
	return db.update(func(tx *bolt.Tx) error {
		v, err := schemaOf(tx)
		if err != nil {
			return err
		}
		if v == SchemaVersion {
			if tx.Bucket(bucketNudge) == nil && tx.Bucket(bucketCases) != nil {
				// The nudge index is derived from the cases: rebuild it.
				if _, err := tx.CreateBucket(bucketNudge); err != nil {
					return err
				}
				if err := rebuildNudgeIndex(tx, decodeHeadCase); err != nil {
					return err
				}
			}
			for _, name := range buckets {
				if tx.Bucket(name) == nil {
					return fmt.Errorf("%w %q", ErrMissingBucket, name)
				}
			}
			return nil
		}
		if v > 0 {
			// Every older layout had these; one missing means damage,
			// not age.
			for _, name := range [][]byte{bucketCases, bucketOutbox, bucketDead, bucketEvents, bucketState} {
				if tx.Bucket(name) == nil {
					return fmt.Errorf("%w %q", ErrMissingBucket, name)
				}
			}
		}
		for _, name := range buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("storage: create bucket %s: %w", name, err)
			}
		}
		for ; v > 0 && v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("storage: migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion))
	})
}

// moveRefsOutOfCases is step 1 → 2: prompt and nudge references kept in
// the case's JSON move to the refs bucket (in the order posted), the case
// is rewritten without them, and the nudge index and case count are built.
func moveRefsOutOfCases(tx *bolt.Tx) error {
	cases := tx.Bucket(bucketCases)
	type rewrite struct {
		key []byte
		val []byte
	}
	var out []rewrite
	n := 0
	err := cases.ForEach(func(k, v []byte) error {
		n++
		c := new(dialogs.Case)
		if err := json.Unmarshal(v, c); err != nil {
			return fmt.Errorf("case %q: %w", k, err)
		}
		if len(c.Prompts) == 0 {
			return nil
		}
		for _, p := range c.Prompts {
			if err := putRef(tx, string(k), p, false); err != nil {
				return err
			}
		}
		c.Prompts = nil
		val, err := json.Marshal(c)
		if err != nil {
			return err
		}
		out = append(out, rewrite{append([]byte(nil), k...), val})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range out {
		if err := cases.Put(r.key, r.val); err != nil {
			return err
		}
	}
	if err := rebuildNudgeIndex(tx, decodeJSONCase); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyCases, u64(uint64(n)))
}

// splitCases is step 2 → 3: each case, kept whole as JSON, becomes a head
// at revision 1 and one record per answer, report and note.
func splitCases(tx *bolt.Tx) error {
	cases := tx.Bucket(bucketCases)
	var all []*dialogs.Case
	err := cases.ForEach(func(k, v []byte) error {
		c, err := decodeJSONCase(k, v)
		if err != nil {
			return err
		}
		if c.Channel != string(k) {
			return fmt.Errorf("case %q: kept under %q", c.Channel, k)
		}
		all = append(all, c)
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range all {
		rev, err := nextRev(tx)
		if err != nil {
			return err
		}
		if err := writeCase(tx, rev, c, &dialogs.Case{}); err != nil {
			return err
		}
	}
	return nil
}

// openMigratedCopy serves a read-only open of an older file: the file is
// copied to a temporary file, migrated there, and read from the copy, so a
// read never changes the original.
func openMigratedCopy(path string, opt Options) (*DB, error) {
	src, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp("", "involve-migrated-*.db")
	if err != nil {
		return nil, fmt.Errorf("storage: copy %s to migrate it: %w", path, err)
	}
	_, err = io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("storage: copy %s to migrate it: %w", path, err)
	}
	db, err := Open(tmp.Name(), &Options{Timeout: opt.Timeout, NoSync: true})
	if err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	db.path, db.temp = path, tmp.Name()
	return db, nil
}
