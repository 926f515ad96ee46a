package storage

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// OutboxItem is one reply waiting to be delivered to a platform.
type OutboxItem struct {
	ID       uint64        `json:"id"`
	Platform string        `json:"platform"`
	Channel  string        `json:"channel"`
	Address  string        `json:"address,omitempty"`
	Thread   string        `json:"thread,omitempty"`
	Reply    dialogs.Reply `json:"reply"`
	Created  time.Time     `json:"created"`
	Attempts int           `json:"attempts,omitempty"`
	NextAt   time.Time     `json:"next_at,omitempty"` // not before this time
	LastErr  string        `json:"last_err,omitempty"`
	// Uncertain says an earlier attempt may have reached the platform.
	Uncertain bool `json:"uncertain,omitempty"`
}

// Change is everything one handled event writes, committed atomically.
type Change struct {
	// Case is stored when not nil.
	Case *dialogs.Case
	// Forget deletes this channel's case, its posted references, its
	// undelivered replies and its dead letters before the Outbox items
	// below are added.
	Forget string
	// Outbox items to add; their IDs are assigned here.
	Outbox []OutboxItem
	// EventID, when not empty, is remembered as seen; if it was seen
	// before, nothing is written and Commit reports a duplicate.
	EventID string
	// At is when the event was handled; it dates the seen event id.
	At time.Time
}

// Seen reports whether an event id was recorded.
func (db *DB) Seen(eventID string) (bool, error) {
	var seen bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		seen = tx.Bucket(bucketEvents).Get([]byte(eventID)) != nil
		return nil
	})
	return seen, err
}

// Commit writes ch durably. It returns duplicate=true, having written
// nothing, when ch.EventID was seen before. Concurrent commits share an
// fsync; the returned items carry their outbox IDs.
func (db *DB) Commit(ch Change) (items []OutboxItem, duplicate bool, err error) {
	var caseVal []byte
	if ch.Case != nil {
		// The posted references live in their own bucket: recording one
		// must not rewrite the whole case.
		c := withoutResidentAnswers(*ch.Case)
		c.Prompts = nil
		if caseVal, err = json.Marshal(&c); err != nil {
			return nil, false, fmt.Errorf("storage: encode case: %w", err)
		}
	}
	err = db.group.update(func(tx *bolt.Tx) error {
		// This may run twice (after a neighbour failed): start from scratch.
		duplicate, items = false, nil
		if ch.EventID != "" {
			ev := tx.Bucket(bucketEvents)
			if ev.Get([]byte(ch.EventID)) != nil {
				duplicate = true
				return nil
			}
			if err := ev.Put([]byte(ch.EventID), u64(uint64(ch.At.Unix()))); err != nil {
				return err
			}
		}
		if ch.Forget != "" {
			if tx.Bucket(bucketCases).Get([]byte(ch.Forget)) != nil {
				if err := countCases(tx, -1); err != nil {
					return err
				}
			}
			if err := dropCase(tx, ch.Forget); err != nil {
				return err
			}
		}
		if caseVal != nil {
			cases := tx.Bucket(bucketCases)
			if cases.Get([]byte(ch.Case.Channel)) == nil {
				if err := countCases(tx, 1); err != nil {
					return err
				}
			}
			if err := cases.Put([]byte(ch.Case.Channel), caseVal); err != nil {
				return err
			}
			for _, p := range ch.Case.Prompts {
				if err := putRef(tx, ch.Case.Channel, p, false); err != nil {
					return err
				}
			}
			if err := indexNudge(tx, ch.Case); err != nil {
				return err
			}
			if err := putResidents(tx, ch.Case); err != nil {
				return err
			}
		}
		ob := tx.Bucket(bucketOutbox)
		for _, it := range ch.Outbox {
			id, err := ob.NextSequence()
			if err != nil {
				return err
			}
			it.ID = id
			v, err := json.Marshal(it)
			if err != nil {
				return err
			}
			if err := ob.Put(u64(id), v); err != nil {
				return err
			}
			items = append(items, it)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("storage: commit: %w", err)
	}
	return items, duplicate, nil
}

// dropCase deletes everything kept of a channel's case: the case, its
// posted references, its nudge index entry, its undelivered replies and its
// dead letters (which may hold summaries and exports with answer texts).
func dropCase(tx *bolt.Tx, channel string) error {
	if err := tx.Bucket(bucketCases).Delete([]byte(channel)); err != nil {
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

func dropChannel(ob *bolt.Bucket, channel string) error {
	_, err := deleteWhere(ob, func(_, v []byte) bool {
		var it OutboxItem
		return json.Unmarshal(v, &it) == nil && it.Channel == channel
	})
	return err
}

// deleteWhere deletes the keys of b for which drop is true (keys are
// collected first: a bucket must not change under ForEach).
func deleteWhere(b *bolt.Bucket, drop func(k, v []byte) bool) (int, error) {
	var del [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if drop(k, v) {
			del = append(del, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range del {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(del), nil
}

// Outbox returns up to limit undelivered items in the order they were
// added, due or not.
func (db *DB) Outbox(limit int) ([]OutboxItem, error) {
	var out []OutboxItem
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var it OutboxItem
			if err := json.Unmarshal(v, &it); err != nil {
				return fmt.Errorf("storage: outbox item %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

// Delivered removes a delivered item and, when posted is not nil,
// remembers where the platform posted it (a prompt's or nudge's reference)
// in the same transaction, unless the case was forgotten meanwhile.
func (db *DB) Delivered(id uint64, channel string, posted *dialogs.Posted) error {
	return db.group.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketOutbox).Delete(u64(id)); err != nil {
			return err
		}
		if posted == nil || tx.Bucket(bucketCases).Get([]byte(channel)) == nil {
			return nil
		}
		return putRef(tx, channel, *posted, true)
	})
}

func refKey(channel, ref string) []byte {
	k := make([]byte, 0, len(channel)+1+len(ref))
	k = append(k, channel...)
	k = append(k, 0)
	return append(k, ref...)
}

// putRef stores a posted reference; unless overwrite, an existing one is kept.
func putRef(tx *bolt.Tx, channel string, p dialogs.Posted, overwrite bool) error {
	b := tx.Bucket(bucketRefs)
	k := refKey(channel, p.Ref)
	if !overwrite && b.Get(k) != nil {
		return nil
	}
	// The value is a sequence number, for the order of posting, then JSON.
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	js, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return b.Put(k, append(u64(seq), js...))
}

// loadRefs returns a channel's posted references, oldest first.
func loadRefs(tx *bolt.Tx, channel string) ([]dialogs.Posted, error) {
	type seqPosted struct {
		seq uint64
		p   dialogs.Posted
	}
	var all []seqPosted
	prefix := refKey(channel, "")
	c := tx.Bucket(bucketRefs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var sp seqPosted
		if len(v) < 8 {
			return nil, fmt.Errorf("storage: ref %q: short value", k)
		}
		sp.seq = binary.BigEndian.Uint64(v)
		if err := json.Unmarshal(v[8:], &sp.p); err != nil {
			return nil, fmt.Errorf("storage: ref %q: %w", k, err)
		}
		all = append(all, sp)
	}
	slices.SortFunc(all, func(a, b seqPosted) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]dialogs.Posted, len(all))
	for i, sp := range all {
		out[i] = sp.p
	}
	return out, nil
}

func dropRefs(tx *bolt.Tx, channel string) error {
	prefix := refKey(channel, "")
	c := tx.Bucket(bucketRefs).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// Retry stores a failed delivery's attempt count and next time.
func (db *DB) Retry(it OutboxItem) error {
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	return db.group.update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketOutbox)
		if ob.Get(u64(it.ID)) == nil {
			return nil // forgotten meanwhile
		}
		return ob.Put(u64(it.ID), v)
	})
}

// Dead moves an item that can never be delivered out of the outbox, kept
// for inspection (until its case is forgotten). An item no longer in the
// outbox is left alone.
func (db *DB) Dead(it OutboxItem) error {
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	return db.group.update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketOutbox)
		if ob.Get(u64(it.ID)) == nil {
			return nil // its case was forgotten meanwhile: keep nothing of it
		}
		if err := ob.Delete(u64(it.ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketDead).Put(u64(it.ID), v)
	})
}

// PruneEvents forgets seen event ids recorded before cutoff. It returns how
// many it removed.
func (db *DB) PruneEvents(cutoff time.Time) (int, error) {
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

// indexNudge keeps the nudge index in step with a case: present with its
// last handled slot while the weekly nudge is for it, absent otherwise.
func indexNudge(tx *bolt.Tx, c *dialogs.Case) error {
	b := tx.Bucket(bucketNudge)
	if !c.Active() {
		return b.Delete([]byte(c.Channel))
	}
	var last int64
	if !c.Nudge.LastSlot.IsZero() {
		last = c.Nudge.LastSlot.Unix()
	}
	return b.Put([]byte(c.Channel), u64(uint64(last)))
}

func rebuildNudgeIndex(tx *bolt.Tx) error {
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c := new(dialogs.Case)
		if err := json.Unmarshal(v, c); err != nil {
			return fmt.Errorf("storage: case %q: %w", k, err)
		}
		return indexNudge(tx, c)
	})
}

// NudgeDue returns the channels whose case the weekly nudge is for and
// that have not handled slot yet, without reading the cases themselves.
func (db *DB) NudgeDue(slot time.Time) ([]string, error) {
	var out []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNudge).ForEach(func(k, v []byte) error {
			if len(v) == 8 && int64(binary.BigEndian.Uint64(v)) < slot.Unix() {
				out = append(out, string(k))
			}
			return nil
		})
	})
	return out, err
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
