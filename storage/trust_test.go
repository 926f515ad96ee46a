package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
	"github.com/oslo-involve/involve/storage/faultfile"
)

// A write or fsync that fails in the file fails the store for good: every
// later commit is refused, Err and Ping say so, and everything a commit
// acknowledged before is in the file when it is opened afresh.
func TestFailedWriteFailsTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	ff := faultfile.New(t)
	db, err := storage.Open(path, &storage.Options{OpenFile: ff.Open})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	commit := func(ch string) error {
		c := testCase(ch)
		c.Answers[0].Text = "svar i " + ch
		_, _, err := commit(db, bot.Change{Case: c, EventID: "Ev" + ch})
		if err == nil {
			mu.Lock()
			acked = append(acked, ch)
			mu.Unlock()
		}
		return err
	}
	for i := range 50 {
		if err := commit(fmt.Sprintf("C%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Writers keep coming while the disk fails under them.
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				commit(fmt.Sprintf("W%d-%03d", i, j))
			}
		}()
	}
	ff.Fail()
	commit("during")
	ff.Heal() // a transient fault: the store stays failed
	wg.Wait()
	if err := db.Err(); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("Err after a failed write: %v", err)
	}
	select {
	case <-db.Failed():
	default:
		t.Fatal("Failed not closed")
	}
	if err := db.Ping(); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("Ping after a failed write: %v", err)
	}
	if err := commit("after"); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("a commit after the failure: %v, want ErrFailed", err)
	}
	if err := db.SetState(context.Background(), "k", []byte("v")); !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("SetState after the failure: %v", err)
	}
	db.Close()

	db = open(t, path)
	for _, ch := range acked {
		c, err := db.Case(ch)
		if err != nil || c.Answers[0].Text != "svar i "+ch {
			t.Fatalf("acknowledged case %s after reopen: %+v, %v", ch, c, err)
		}
	}
	t.Logf("%d commits acknowledged, all present after reopen", len(acked))
}

// A write function that panics fails its own caller; later writes commit.
func TestPanicInAWriteDoesNotWedgeLaterWrites(t *testing.T) {
	db := open(t, "")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := commit(db, bot.Change{Case: testCase(fmt.Sprintf("C%d", i))})
			errs <- err
		}()
	}
	err := storage.PanicForTest(db)
	if !errors.Is(err, storage.ErrPanic) {
		t.Fatalf("a panicking write: %v, want ErrPanic", err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a neighbour of the panicking write: %v", err)
		}
	}
	if _, _, err := commit(db, bot.Change{Case: testCase("later")}); err != nil {
		t.Fatalf("a write after the panic: %v", err)
	}
	if _, err := db.Case("later"); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		t.Fatalf("a panic is not a failed disk: %v", err)
	}
}

// Forget deletes the channel's dead letters too: they may hold summaries.
func TestForgetDeletesDeadLetters(t *testing.T) {
	db := open(t, "")
	items, _, _ := commit(db, bot.Change{Case: testCase("C1"), Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplySummary, Text: "Hemmelig oppsummering"}}}})
	if err := db.Dead(context.Background(), items[0]); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Stats(); st.Dead != 1 {
		t.Fatalf("dead letters %d", st.Dead)
	}
	commit(db, bot.Change{Channel: "C1", Forget: true})
	if st, _ := db.Stats(); st.Dead != 0 {
		t.Fatalf("dead letters after forget: %d", st.Dead)
	}
}

// copyFile copies a test fixture so the test never changes it.
func copyFile(t *testing.T, src string) string {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// fixtureRefs are the posted references layout-1.db keeps inside case
// C0FIXTURE1 (see testdata/README.md).
var fixtureRefs = []string{"1700000000.000200", "1700000000.000400", "1700000000.000600", "1700000000.000700"}

// The first layout kept prompt references inside the case: opening it
// moves them to the refs bucket, in order, and raises the schema. The last
// files of schema 1 kept them in the refs bucket already: they keep them.
func TestLayout1IsMigrated(t *testing.T) {
	for _, fixture := range fixtures {
		for _, ro := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/readonly=%v", fixture, ro), func(t *testing.T) {
				testLayout1IsMigrated(t, fixture, ro)
			})
		}
	}
}

// fixtures are the files of every released layout (see testdata/README.md).
var fixtures = []string{"layout-1.db", "layout-1-refs.db"}

func testLayout1IsMigrated(t *testing.T, fixture string, ro bool) {
	path := copyFile(t, "testdata/"+fixture)
	before, _ := os.ReadFile(path)
	db, err := storage.Open(path, &storage.Options{ReadOnly: ro})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Case("C0FIXTURE1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Prompts) != len(fixtureRefs) {
		t.Fatalf("refs after migration: %+v", c.Prompts)
	}
	for i, p := range c.Prompts {
		if p.Ref != fixtureRefs[i] {
			t.Fatalf("ref %d: %s, want %s", i, p.Ref, fixtureRefs[i])
		}
	}
	if c.Prompts[3].Kind != dialogs.PostedNudge {
		t.Fatalf("the nudge's ref: %+v", c.Prompts[3])
	}
	if len(c.Answers) != 2 || len(c.Reports) != 1 {
		t.Fatalf("answers %d reports %d", len(c.Answers), len(c.Reports))
	}
	st, err := db.Stats()
	if err != nil || st.Cases != 2 || st.Outbox == 0 {
		t.Fatalf("stats %+v %v", st, err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	after, _ := os.ReadFile(path)
	if ro && string(before) != string(after) {
		t.Fatal("a read-only open changed the file")
	}
	if !ro {
		b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		b.View(func(tx *bolt.Tx) error {
			v := tx.Bucket([]byte("meta")).Get([]byte("schema"))
			if len(v) != 8 || v[7] != storage.SchemaVersion {
				t.Errorf("schema after migration: %x", v)
			}
			return nil
		})
	}
}

// A file that lacks one of its buckets is a clear error, read-only or not.
func TestMissingBucketIsAClearError(t *testing.T) {
	for _, name := range []string{"cases", "outbox", "refs", "dead"} {
		for _, ro := range []bool{false, true} {
			path := filepath.Join(t.TempDir(), "involve.db")
			db, err := storage.Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			commit(db, bot.Change{Case: testCase("C1")})
			db.Close()
			b, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte(name)) })
			b.Close()
			_, err = storage.Open(path, &storage.Options{ReadOnly: ro})
			if !errors.Is(err, storage.ErrMissingBucket) {
				t.Fatalf("without bucket %s (read-only %v): %v", name, ro, err)
			}
		}
	}
}

// A reply given up on after its case was forgotten leaves no dead letter.
func TestDeadAfterForgetKeepsNothing(t *testing.T) {
	db := open(t, "")
	items, _, _ := commit(db, bot.Change{Case: testCase("C1"), Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplySummary, Text: "Hemmelig oppsummering"}}}})
	commit(db, bot.Change{Channel: "C1", Forget: true})
	if err := db.Dead(context.Background(), items[0]); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Stats(); st.Dead != 0 {
		t.Fatalf("a forgotten case's reply became a dead letter: %d", st.Dead)
	}
}
