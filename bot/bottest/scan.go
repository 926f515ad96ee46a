package bottest

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ScanFile opens a closed database file with bbolt itself and returns every
// place, in every bucket (nested ones too), whose key or value holds one of
// texts: what a test of forget or retention wants to find nothing of.
func ScanFile(t testing.TB, path string, texts ...string) []string {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var found []string
	var walk func(name string, bk *bolt.Bucket) error
	walk = func(name string, bk *bolt.Bucket) error {
		return bk.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(name+"/"+string(k), bk.Bucket(k))
			}
			for _, s := range texts {
				if bytes.Contains(k, []byte(s)) || bytes.Contains(v, []byte(s)) {
					found = append(found, fmt.Sprintf("%s[%q] holds %q", name, k, s))
				}
			}
			return nil
		})
	}
	err = b.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error { return walk(string(name), bk) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
