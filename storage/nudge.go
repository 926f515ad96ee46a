package storage

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// indexNudge keeps the nudge index in step with a case: present with its
// last handled slot while the weekly nudge is for it, absent otherwise.
func indexNudge(tx *bolt.Tx, c, was *dialogs.Case) error {
	if was != nil && was.Channel == c.Channel && was.Active() == c.Active() && was.Nudge.LastSlot.Equal(c.Nudge.LastSlot) {
		return nil // the entry is as it should be
	}
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

// rebuildNudgeIndex indexes every case of the cases bucket, read by
// decode (the layouts before 3 kept the case's JSON there, 3 its head).
func rebuildNudgeIndex(tx *bolt.Tx, decode func(k, v []byte) (*dialogs.Case, error)) error {
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c, err := decode(k, v)
		if err != nil {
			return err
		}
		return indexNudge(tx, c, nil)
	})
}

// decodeJSONCase reads a case kept whole as JSON (layouts 1 and 2).
func decodeJSONCase(k, v []byte) (*dialogs.Case, error) {
	c := new(dialogs.Case)
	if err := json.Unmarshal(v, c); err != nil {
		return nil, fmt.Errorf("storage: case %q: %w", k, err)
	}
	return c, nil
}

// decodeHeadCase reads a case head (layout 3), without its records.
func decodeHeadCase(k, v []byte) (*dialogs.Case, error) {
	h, err := decodeHead(k, v)
	return h.c, err
}

// NudgeDue returns the channels whose case the weekly nudge is for and
// that have not handled slot yet, without reading the cases themselves.
func (db *DB) NudgeDue(ctx context.Context, slot time.Time) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNudge).ForEach(func(k, v []byte) error {
			if len(v) == 8 && int64(binary.BigEndian.Uint64(v)) < slot.Unix() {
				out = append(out, string(k))
			}
			return nil
		})
	})
	return out, err
}
