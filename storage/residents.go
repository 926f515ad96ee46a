package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// This file keeps what a case's residents' page needs of the file: an index
// from a page's code to its case, and the residents' answers in a bucket of
// their own. A page may take thousands of answers; kept inside the case's
// value, each new one would rewrite all the others (as the posted
// references, which live in their own bucket for the same reason).

var (
	// bucketCodes maps a page code to its case's channel.
	bucketCodes = []byte("codes")
	// bucketResidents holds the residents' answers: channel 0x00 number
	// (8 bytes, big-endian) → the answer as JSON.
	bucketResidents = []byte("residents")
)

// withoutResidentAnswers returns c as its value is stored: the residents'
// answers live in bucketResidents.
func withoutResidentAnswers(c dialogs.Case) dialogs.Case {
	if c.Residents != nil {
		p := *c.Residents
		p.Answers = nil
		c.Residents = &p
	}
	return c
}

// putResidents keeps the code index and the answers in step with a case:
// a case with a page is found by its code (open or closed; the page says
// which), and the bucket holds exactly the case's answers.
func putResidents(tx *bolt.Tx, c *dialogs.Case) error {
	if c.Residents == nil || c.Residents.Code == "" {
		return nil
	}
	codes, err := tx.CreateBucketIfNotExists(bucketCodes)
	if err != nil {
		return err
	}
	if !bytes.Equal(codes.Get([]byte(c.Residents.Code)), []byte(c.Channel)) {
		if err := codes.Put([]byte(c.Residents.Code), []byte(c.Channel)); err != nil {
			return err
		}
	}
	b, err := tx.CreateBucketIfNotExists(bucketResidents)
	if err != nil {
		return err
	}
	// Answers are only ever added, with rising numbers, or removed by the
	// team (the case lists the numbers removed): put those after the last
	// one stored, delete the removed ones. Neither reads the others.
	for _, n := range c.Residents.Removed {
		if err := b.Delete(residentKey(c.Channel, uint64(n))); err != nil {
			return err
		}
	}
	last := uint64(0)
	prefix := residentPrefix(c.Channel)
	cur := b.Cursor()
	k, _ := cur.Seek(residentKey(c.Channel, ^uint64(0)))
	if k == nil || !bytes.Equal(k, residentKey(c.Channel, ^uint64(0))) {
		k, _ = cur.Prev()
	}
	if k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8 {
		last = binary.BigEndian.Uint64(k[len(prefix):])
	}
	answers := c.Residents.Answers
	i := len(answers)
	for i > 0 && uint64(answers[i-1].N) > last {
		i--
	}
	for _, a := range answers[i:] {
		v, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if err := b.Put(residentKey(c.Channel, uint64(a.N)), v); err != nil {
			return err
		}
	}
	return nil
}

func residentPrefix(channel string) []byte {
	return append([]byte(channel), 0)
}

func residentKey(channel string, n uint64) []byte {
	return binary.BigEndian.AppendUint64(residentPrefix(channel), n)
}

// loadResidentAnswers puts a case's answers back into it, as read from
// bucketResidents.
func loadResidentAnswers(tx *bolt.Tx, c *dialogs.Case) error {
	b := tx.Bucket(bucketResidents)
	if c.Residents == nil || b == nil {
		return nil
	}
	prefix := residentPrefix(c.Channel)
	var out []dialogs.ResidentAnswer
	cur := b.Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		var a dialogs.ResidentAnswer
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("storage: resident answer %q: %w", k, err)
		}
		out = append(out, a)
	}
	if len(out) > 0 || len(c.Residents.Answers) == 0 {
		c.Residents.Answers = out
	}
	return nil
}

// dropResidents removes a channel's codes and answers.
func dropResidents(tx *bolt.Tx, channel string) error {
	if b := tx.Bucket(bucketCodes); b != nil {
		if _, err := deleteWhere(b, func(_, v []byte) bool { return string(v) == channel }); err != nil {
			return err
		}
	}
	b := tx.Bucket(bucketResidents)
	if b == nil {
		return nil
	}
	prefix := residentPrefix(channel)
	cur := b.Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Seek(prefix) {
		if err := cur.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// CodeChannel returns the channel of the case whose residents' page has the
// code, or ErrNotFound.
func (db *DB) CodeChannel(ctx context.Context, code string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var channel string
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCodes); b != nil {
			channel = string(b.Get([]byte(code)))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if channel == "" {
		return "", ErrNotFound
	}
	return channel, nil
}
