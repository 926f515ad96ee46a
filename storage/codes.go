package storage

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/dialogs"
)

// bucketCodes maps a residents' page code to its case's channel, so the
// public page finds its case without reading every case.
var bucketCodes = []byte("codes")

// indexCodes keeps the code index in step with a case: a case that has a
// residents' page is found by its code (open or closed; the page says which).
func indexCodes(tx *bolt.Tx, c *dialogs.Case) error {
	if c.Residents == nil || c.Residents.Code == "" {
		return nil
	}
	b := tx.Bucket(bucketCodes)
	if b == nil {
		var err error
		if b, err = tx.CreateBucket(bucketCodes); err != nil {
			return err
		}
	}
	if bytes.Equal(b.Get([]byte(c.Residents.Code)), []byte(c.Channel)) {
		return nil
	}
	return b.Put([]byte(c.Residents.Code), []byte(c.Channel))
}

// dropCodes removes a channel's codes from the index.
func dropCodes(tx *bolt.Tx, channel string) error {
	b := tx.Bucket(bucketCodes)
	if b == nil {
		return nil
	}
	_, err := deleteWhere(b, func(_, v []byte) bool { return string(v) == channel })
	return err
}

// CodeChannel returns the channel of the case whose residents' page has the
// code, or ErrNotFound.
func (db *DB) CodeChannel(code string) (string, error) {
	var channel string
	err := db.bolt.View(func(tx *bolt.Tx) error {
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
