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

// A case is kept in two parts (schema 3), so that an answer writes its own
// record and a small head instead of the whole case:
//
//   - its head in the cases bucket: channel → revision (8 bytes) ‖ the
//     case's JSON without answers, reports, notes and posted references;
//   - its records in the records bucket: channel 0x00 kind index → the
//     JSON of one answer (kind 'a'), report ('r') or note ('n'), index a
//     big-endian uint32, its position in the case's list.
//
// Posted references are in the refs bucket (refs.go).
const (
	kindAnswer = 'a'
	kindReport = 'r'
	kindNote   = 'n'
)

var bucketRecords = []byte("records")

// head is a decoded case head.
type head struct {
	rev bot.Revision
	c   *dialogs.Case
}

func encodeHead(rev bot.Revision, c *dialogs.Case) ([]byte, error) {
	h := withoutResidentAnswers(*c) // they have a bucket of their own (residents.go)
	h.Answers, h.Reports, h.Notes, h.Prompts = nil, nil, nil, nil
	var b bytes.Buffer
	b.Grow(8 + 768)
	b.Write(u64(uint64(rev)))
	if err := json.NewEncoder(&b).Encode(&h); err != nil {
		return nil, fmt.Errorf("storage: encode case %q: %w", c.Channel, err)
	}
	return b.Bytes(), nil
}

func decodeHead(k, v []byte) (head, error) {
	if len(v) < 9 {
		return head{}, fmt.Errorf("storage: case %q: short head", k)
	}
	c := new(dialogs.Case)
	if err := json.Unmarshal(v[8:], c); err != nil {
		return head{}, fmt.Errorf("storage: case %q: %w", k, err)
	}
	return head{rev: bot.Revision(binary.BigEndian.Uint64(v)), c: c}, nil
}

// revOf returns the stored revision of channel's case, 0 if there is none.
func revOf(tx *bolt.Tx, channel string) bot.Revision {
	v := tx.Bucket(bucketCases).Get([]byte(channel))
	if len(v) < 8 {
		return 0
	}
	return bot.Revision(binary.BigEndian.Uint64(v))
}

// nextRev returns a revision no case has had: revisions come from one
// sequence for every case, so a case forgotten and created again never
// repeats an old one.
func nextRev(tx *bolt.Tx) (bot.Revision, error) {
	n, err := tx.Bucket(bucketCases).NextSequence()
	return bot.Revision(n), err
}

// newRev gives channel's case a new revision without decoding it and
// returns it (0 if there is no case).
func newRev(tx *bolt.Tx, channel string) (bot.Revision, error) {
	b := tx.Bucket(bucketCases)
	v := b.Get([]byte(channel))
	if len(v) < 8 {
		return 0, nil
	}
	rev, err := nextRev(tx)
	if err != nil {
		return 0, err
	}
	nv := bytes.Clone(v)
	binary.BigEndian.PutUint64(nv, uint64(rev))
	return rev, b.Put([]byte(channel), nv)
}

func recordPrefix(channel string, kind byte) []byte {
	k := make([]byte, 0, len(channel)+6)
	k = append(k, channel...)
	k = append(k, 0)
	if kind != 0 {
		k = append(k, kind)
	}
	return k
}

func recordKey(channel string, kind byte, i int) []byte {
	return binary.BigEndian.AppendUint32(recordPrefix(channel, kind), uint32(i))
}

// loadRecords adds the answers, reports and notes of channel to c.
func loadRecords(tx *bolt.Tx, channel string, c *dialogs.Case) error {
	c.Answers, c.Reports, c.Notes = nil, nil, nil
	prefix := recordPrefix(channel, 0)
	cur := tx.Bucket(bucketRecords).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		if len(k) != len(prefix)+5 {
			return fmt.Errorf("storage: record %q: bad key", k)
		}
		var err error
		switch k[len(prefix)] {
		case kindAnswer:
			c.Answers = append(c.Answers, dialogs.Answer{})
			err = json.Unmarshal(v, &c.Answers[len(c.Answers)-1])
		case kindReport:
			c.Reports = append(c.Reports, dialogs.Report{})
			err = json.Unmarshal(v, &c.Reports[len(c.Reports)-1])
		case kindNote:
			c.Notes = append(c.Notes, dialogs.Report{})
			err = json.Unmarshal(v, &c.Notes[len(c.Notes)-1])
		default:
			err = fmt.Errorf("unknown kind")
		}
		if err != nil {
			return fmt.Errorf("storage: record %q: %w", k, err)
		}
	}
	return nil
}

// putRecords writes the records of kind that differ between was (what is
// stored; nil means nothing is) and now, and deletes those past now's end.
func putRecords[T comparable](b *bolt.Bucket, channel string, kind byte, was, now []T) error {
	for i := range now {
		if i < len(was) && was[i] == now[i] {
			continue
		}
		v, err := json.Marshal(&now[i])
		if err != nil {
			return err
		}
		if err := b.Put(recordKey(channel, kind, i), v); err != nil {
			return err
		}
	}
	for i := len(now); i < len(was); i++ {
		if err := b.Delete(recordKey(channel, kind, i)); err != nil {
			return err
		}
	}
	return nil
}

// writeCase stores c at revision rev. was is the case as stored before
// (with its records), nil when there was none or it is not known: then
// every record is written and stale ones are deleted.
func writeCase(tx *bolt.Tx, rev bot.Revision, c, was *dialogs.Case) error {
	v, err := encodeHead(rev, c)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketCases).Put([]byte(c.Channel), v); err != nil {
		return err
	}
	b := tx.Bucket(bucketRecords)
	if was == nil {
		if err := dropRecords(tx, c.Channel); err != nil {
			return err
		}
		was = &dialogs.Case{}
	}
	if err := putRecords(b, c.Channel, kindAnswer, was.Answers, c.Answers); err != nil {
		return err
	}
	if err := putRecords(b, c.Channel, kindReport, was.Reports, c.Reports); err != nil {
		return err
	}
	return putRecords(b, c.Channel, kindNote, was.Notes, c.Notes)
}

func dropRecords(tx *bolt.Tx, channel string) error {
	prefix := recordPrefix(channel, 0)
	c := tx.Bucket(bucketRecords).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// index keeps every index derived from a case in step with it, in the
// transaction that commits the case; was is the case as stored before (nil
// when not known: every entry is written). Indexes of a forgotten case go
// in dropCase.
func index(tx *bolt.Tx, c, was *dialogs.Case) error {
	if err := indexNudge(tx, c, was); err != nil {
		return err
	}
	return putResidents(tx, c)
}

// readCase reads channel's whole case (records and posted references)
// and its revision in tx.
func readCase(tx *bolt.Tx, channel string) (*dialogs.Case, bot.Revision, error) {
	v := tx.Bucket(bucketCases).Get([]byte(channel))
	if v == nil {
		return nil, 0, ErrNotFound
	}
	h, err := decodeHead([]byte(channel), v)
	if err != nil {
		return nil, 0, err
	}
	if err := loadRecords(tx, channel, h.c); err != nil {
		return nil, 0, err
	}
	if h.c.Prompts, err = loadRefs(tx, channel); err != nil {
		return nil, 0, err
	}
	if err := loadResidentAnswers(tx, h.c); err != nil {
		return nil, 0, err
	}
	return h.c, h.rev, nil
}

// Case returns a copy of the case of channel, or ErrNotFound.
func (db *DB) Case(channel string) (*dialogs.Case, error) {
	c, _, err := db.Load(context.Background(), channel)
	return c, err
}

// Load returns a copy of the case of channel with its revision, or ErrNotFound.
func (db *DB) Load(ctx context.Context, channel string) (*dialogs.Case, bot.Revision, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	var (
		c   *dialogs.Case
		rev bot.Revision
	)
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		c, rev, err = readCase(tx, channel)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return c, rev, nil
}

// Cases calls fn with every case, in channel order. The case is a copy,
// with its answers, reports and notes but without its posted references
// (Case has them).
// It gives up when ctx ends.
func (db *DB) Cases(ctx context.Context, fn func(c *dialogs.Case) error) error {
	return db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := decodeHead(k, v)
			if err != nil {
				return err
			}
			if err := loadRecords(tx, string(k), h.c); err != nil {
				return err
			}
			return fn(h.c)
		})
	})
}

// Channels returns the channel id of every case.
func (db *DB) Channels() ([]string, error) {
	var out []string
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCases).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}
