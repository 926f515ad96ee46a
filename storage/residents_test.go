package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

func answers(ns ...int) []dialogs.ResidentAnswer {
	var out []dialogs.ResidentAnswer
	for _, n := range ns {
		out = append(out, dialogs.ResidentAnswer{N: n, Text: fmt.Sprintf("svar nummer %d", n), Age: "u13", At: t0.Add(time.Duration(n) * time.Minute)})
	}
	return out
}

// The residents' answers live apart from the case's value, so a new answer
// does not rewrite the others; the case reads them back, in order, after a
// reopen; a removed one is gone from the file; forget takes the code and
// every answer.
func TestResidentAnswersLiveApartFromTheCase(t *testing.T) {
	path := t.TempDir() + "/involve.db"
	db := open(t, path)
	c := testCase("C1")
	c.Residents = &dialogs.ResidentsPage{Code: "k7q2mxa4pz", Open: true, Next: 4, Answers: answers(1, 2, 3)}
	done, err := db.Commit(context.Background(), bot.Change{Channel: "C1", Case: c})
	if err != nil {
		t.Fatal(err)
	}
	was := c.Clone()
	c.Residents.Answers = answers(1, 3, 4, 5) // 2 removed, 4 and 5 new
	c.Residents.Removed = []int{2}
	if _, err := db.Commit(context.Background(), bot.Change{Channel: "C1", Base: done.Rev, Case: c, Was: was}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open(t, path)
	got, err := db.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Residents.Answers) != fmt.Sprint(answers(1, 3, 4, 5)) {
		t.Errorf("answers %+v", got.Residents.Answers)
	}
	if ch, err := db.CodeChannel(context.Background(), "k7q2mxa4pz"); err != nil || ch != "C1" {
		t.Errorf("code: %q %v", ch, err)
	}
	if _, err := db.CodeChannel(context.Background(), "aaaaaaaaaa"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("an unknown code: %v", err)
	}
	db.Close()

	raw := func(bucket, key string) (caseHas, bucketKeys int) {
		b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		b.View(func(tx *bolt.Tx) error {
			caseHas = bytes.Count(tx.Bucket([]byte("cases")).Get([]byte("C1")), []byte("svar nummer"))
			if rb := tx.Bucket([]byte(bucket)); rb != nil {
				rb.ForEach(func(k, v []byte) error {
					if bytes.Contains(k, []byte(key)) || bytes.Contains(v, []byte(key)) {
						bucketKeys++
					}
					return nil
				})
			}
			return nil
		})
		return
	}
	if inCase, n := raw("residents", "svar nummer"); inCase != 0 || n != 4 {
		t.Errorf("the case's value holds %d answers, the bucket %d (want 0 and 4)", inCase, n)
	}
	if _, n := raw("residents", "svar nummer 2"); n != 0 {
		t.Errorf("the removed answer is still in the file")
	}

	db = open(t, path)
	_, rev, err := db.Load(context.Background(), "C1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Forget: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CodeChannel(context.Background(), "k7q2mxa4pz"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the code survived forget: %v", err)
	}
	db.Close()
	if _, n := raw("residents", "svar nummer"); n != 0 {
		t.Errorf("%d answers survived forget", n)
	}
	if _, n := raw("codes", "k7q2mxa4pz"); n != 0 {
		t.Errorf("the code survived forget in the file")
	}
}
