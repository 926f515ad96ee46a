package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Seen reports whether an event id was recorded.
func (db *DB) Seen(ctx context.Context, eventID string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var seen bool
	err := db.view(func(tx *bolt.Tx) error {
		seen = tx.Bucket(bucketEvents).Get([]byte(eventID)) != nil
		return nil
	})
	return seen, err
}

// Commit writes ch durably, as bot.Store says: all or nothing, nothing
// when ch.EventID was seen before (Duplicate), ErrConflict when the case
// is no longer at ch.Base. Concurrent commits share an fsync; the returned
// items carry their outbox IDs.
func (db *DB) Commit(ctx context.Context, ch bot.Change) (bot.Committed, error) {
	if ch.Channel == "" {
		return bot.Committed{}, fmt.Errorf("storage: commit without a channel")
	}
	if ch.Case != nil && ch.Case.Channel != ch.Channel {
		return bot.Committed{}, fmt.Errorf("storage: commit of case %q on channel %q", ch.Case.Channel, ch.Channel)
	}
	// Encode outside the transaction, which other commits wait for.
	vals := make([][]byte, len(ch.Outbox))
	for i := range ch.Outbox {
		ch.Outbox[i].ID = 0
		if ch.Outbox[i].Nonce == "" {
			ch.Outbox[i].Nonce = bot.NewNonce()
		}
		v, err := json.Marshal(&ch.Outbox[i])
		if err != nil {
			return bot.Committed{}, fmt.Errorf("storage: encode outbox item: %w", err)
		}
		vals[i] = v
	}
	var res bot.Committed
	err := db.group.update(ctx, func(tx *bolt.Tx) error {
		// This may run twice (after a neighbour failed): start from scratch.
		res = bot.Committed{}
		// Check before writing anything: a refused commit writes nothing.
		ev := tx.Bucket(bucketEvents)
		if ch.EventID != "" && ev.Get([]byte(ch.EventID)) != nil {
			res.Duplicate = true
			return nil
		}
		rev := revOf(tx, ch.Channel)
		if rev != ch.Base {
			return fmt.Errorf("%w: %s is at revision %d, not %d", bot.ErrConflict, ch.Channel, rev, ch.Base)
		}
		if ch.EventID != "" {
			if err := ev.Put([]byte(ch.EventID), u64(uint64(ch.At.Unix()))); err != nil {
				return err
			}
		}
		res.Rev = rev
		if ch.Forget {
			if rev != 0 {
				if err := countCases(tx, -1); err != nil {
					return err
				}
			}
			if err := dropCase(tx, ch.Channel); err != nil {
				return err
			}
			if err := owePurge(tx); err != nil {
				return err
			}
			res.Rev = 0
		}
		if ch.Case != nil {
			was := ch.Was // as stored; nil: not known, everything is written
			if res.Rev == 0 {
				if err := countCases(tx, 1); err != nil {
					return err
				}
				was = &dialogs.Case{} // no records: dropCase took them with the head
			}
			var err error
			if res.Rev, err = nextRev(tx); err != nil {
				return err
			}
			if err := writeCase(tx, res.Rev, ch.Case, was); err != nil {
				return err
			}
			for i, p := range ch.Case.Prompts {
				if i < len(was.Prompts) && was.Prompts[i].Ref == p.Ref {
					continue // held already (was is what is stored)
				}
				if err := putRef(tx, ch.Channel, p, false); err != nil {
					return err
				}
			}
			if err := index(tx, ch.Case, was); err != nil {
				return err
			}
		}
		ob := tx.Bucket(bucketOutbox)
		res.Items = make([]bot.Outgoing, len(ch.Outbox))
		for i, it := range ch.Outbox {
			id, err := ob.NextSequence()
			if err != nil {
				return err
			}
			it.ID = id
			// The id is the JSON's first field: patch it in rather than
			// encode the item again.
			if err := ob.Put(u64(id), withID(vals[i], id)); err != nil {
				return err
			}
			res.Items[i] = it
		}
		return nil
	})
	if err != nil {
		return bot.Committed{}, fmt.Errorf("storage: commit: %w", err)
	}
	if ch.Forget && !res.Duplicate {
		// Gone from the file too before anyone hears it is forgotten.
		if err := db.forgot(); err != nil {
			return bot.Committed{}, fmt.Errorf("storage: commit: %w", err)
		}
	}
	return res, nil
}

// withID returns an outbox item's JSON, encoded with id 0, with id in its place.
func withID(v []byte, id uint64) []byte {
	const zero = `{"id":0,`
	if !bytes.HasPrefix(v, []byte(zero)) {
		panic("storage: outbox item JSON does not start with its id")
	}
	out := make([]byte, 0, len(v)+20)
	out = append(out, `{"id":`...)
	out = strconv.AppendUint(out, id, 10)
	return append(out, v[len(zero)-1:]...)
}

// PruneEvents forgets seen event ids recorded before cutoff. It returns how
// many it removed.
func (db *DB) PruneEvents(ctx context.Context, cutoff time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		n, err = deleteWhere(tx.Bucket(bucketEvents), func(_, v []byte) bool {
			return len(v) == 8 && int64(binary.BigEndian.Uint64(v)) < cutoff.Unix()
		})
		return err
	})
	return n, err
}

// dropCase deletes everything kept of a channel's case: the case, its
// records, its posted references, its index entries (the residents' page
// code and answers among them), its undelivered
// replies and its dead letters (which may hold summaries and exports with
// answer texts).
func dropCase(tx *bolt.Tx, channel string) error {
	if err := tx.Bucket(bucketCases).Delete([]byte(channel)); err != nil {
		return err
	}
	if err := dropRecords(tx, channel); err != nil {
		return err
	}
	if err := dropChannel(tx.Bucket(bucketOutbox), channel); err != nil {
		return err
	}
	if err := dropChannel(tx.Bucket(bucketDead), channel); err != nil {
		return err
	}
	if err := dropRefs(tx, channel); err != nil {
		return err
	}
	if err := dropResidents(tx, channel); err != nil {
		return err
	}
	return tx.Bucket(bucketNudge).Delete([]byte(channel))
}

// countCases adds delta to the kept number of cases.
func countCases(tx *bolt.Tx, delta int) error {
	m := tx.Bucket(bucketMeta)
	var n int64
	if v := m.Get(keyCases); len(v) == 8 {
		n = int64(binary.BigEndian.Uint64(v))
	}
	return m.Put(keyCases, u64(uint64(max(n+int64(delta), 0))))
}
