package storage

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// The refs bucket remembers where the coach's messages were posted:
// channel 0x00 ref → a sequence number (the order of posting) ‖ the JSON of
// a dialogs.Posted. It is the one place that says so; the case read from
// the store carries them as Prompts.

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
