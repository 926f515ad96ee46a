package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Outbox returns up to limit undelivered items in the order they were
// added, due or not.
func (db *DB) Outbox(ctx context.Context, limit int) ([]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []bot.Outgoing
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			if db.settled.has(binary.BigEndian.Uint64(k)) {
				continue // delivered; removed with the next write
			}
			var it bot.Outgoing
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
// in the same transaction, giving the case a new revision, unless the case
// was forgotten meanwhile. It returns the case's revision before and after.
func (db *DB) Delivered(ctx context.Context, id uint64, channel string, posted *dialogs.Posted) (from, to bot.Revision, err error) {
	err = db.group.update(ctx, func(tx *bolt.Tx) error {
		from = revOf(tx, channel)
		to = from
		if err := tx.Bucket(bucketOutbox).Delete(u64(id)); err != nil {
			return err
		}
		if posted == nil || from == 0 {
			return nil
		}
		if err := putRef(tx, channel, *posted, true); err != nil {
			return err
		}
		var err error
		to, err = newRev(tx, channel)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return from, to, nil
}

// Retry stores a failed delivery's attempt count and next time.
func (db *DB) Retry(ctx context.Context, it bot.Outgoing) error {
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	return db.group.update(ctx, func(tx *bolt.Tx) error {
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
func (db *DB) Dead(ctx context.Context, it bot.Outgoing) error {
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	return db.group.update(ctx, func(tx *bolt.Tx) error {
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

func dropChannel(ob *bolt.Bucket, channel string) error {
	_, err := deleteWhere(ob, func(_, v []byte) bool {
		var it struct {
			Channel string `json:"channel"`
		}
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
