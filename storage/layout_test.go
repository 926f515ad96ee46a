package storage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// held is what a database file holds, as testdata/layout-2/dump writes it.
type held struct {
	Cases  []*dialogs.Case `json:"cases"`
	Outbox []bot.Outgoing  `json:"outbox"`
	State  string          `json:"state"`
	Seen   []string        `json:"seen"`
}

func dump(t *testing.T, db *storage.DB) []byte {
	t.Helper()
	var h held
	chs, err := db.Channels()
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chs {
		c, err := db.Case(ch)
		if err != nil {
			t.Fatal(err)
		}
		h.Cases = append(h.Cases, c)
	}
	if h.Outbox, err = db.Outbox(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	v, _ := db.State(context.Background(), "nudge.last")
	h.State = string(v)
	for _, id := range []string{"Ev01", "Ev02", "Ev03", "Ev04", "Ev05"} {
		if seen, _ := db.Seen(context.Background(), id); seen {
			h.Seen = append(h.Seen, id)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A schema-2 file (cases kept whole as JSON) reads, after migration to
// schema 3, exactly as the build that wrote it read it
// (testdata/layout-2.json), read-only or not; migrated, it takes commits.
func TestLayout2IsMigrated(t *testing.T) {
	want, err := os.ReadFile("testdata/layout-2.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		path := copyFile(t, "testdata/layout-2.db")
		before, _ := os.ReadFile(path)
		db, err := storage.Open(path, &storage.Options{ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		if got := dump(t, db); !bytes.Equal(got, want) {
			t.Fatalf("readonly=%v: the migrated file reads differently:\n%s\nwant\n%s", ro, got, want)
		}
		if err := db.Check(); err != nil {
			t.Fatal(err)
		}
		if ro {
			db.Close()
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Fatal("a read-only open changed the file")
			}
			continue
		}
		c, rev, err := db.Load(context.Background(), "C0FIXTURE1")
		if err != nil || rev == 0 {
			t.Fatalf("load after migration: rev %d, %v", rev, err)
		}
		n := c.Clone()
		n.Answers = append(n.Answers, dialogs.Answer{Round: 1, Question: 3, Author: "U03", Text: "Etter migreringen", At: t0})
		if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Base: rev, Case: n, Was: c, At: t0}); err != nil {
			t.Fatal(err)
		}
		db.Close()
		db = open(t, path)
		if got, _ := db.Case("C0FIXTURE1"); len(got.Answers) != len(c.Answers)+1 || got.Answers[len(c.Answers)].Text != "Etter migreringen" {
			t.Fatalf("an answer after migration: %+v", got.Answers)
		}
	}
}
