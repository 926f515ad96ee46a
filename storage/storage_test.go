package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// open opens a real database under t.TempDir() and checks it on close.
func open(t testing.TB, path string) *storage.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "involve.db")
	}
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil && !errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
			t.Errorf("check: %v", err)
		}
		db.Close()
	})
	return db
}

// commit commits ch as the tests write it: on the channel of its case
// (or "C0" for an event id alone), based on the revision stored now.
func commit(db *storage.DB, ch bot.Change) ([]bot.Outgoing, bool, error) {
	if ch.Channel == "" && ch.Case != nil {
		ch.Channel = ch.Case.Channel
	}
	if ch.Channel == "" {
		ch.Channel = "C0"
	}
	if _, rev, err := db.Load(context.Background(), ch.Channel); err == nil {
		ch.Base = rev
	}
	r, err := db.Commit(context.Background(), ch)
	return r.Items, r.Duplicate, err
}

func testCase(channel string) *dialogs.Case {
	c := dialogs.Coach{}.NewCase(channel, "slack", "sak-"+channel, t0)
	c.State, c.Round, c.Current = dialogs.StateAsking, 1, 2
	c.Answers = []dialogs.Answer{{Round: 1, Question: 1, Author: "U1", Text: "Hva ligger fast", At: t0, Ref: "1.1"}}
	return c
}

func TestCommitAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	items, dup, err := commit(db, bot.Change{
		Case: testCase("C1"), EventID: "Ev1", At: t0,
		Outbox: []bot.Outgoing{
			{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: "1.1"}},
			{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyPrompt, Round: 1, Question: 2}},
		},
	})
	if err != nil || dup {
		t.Fatalf("commit: dup=%v err=%v", dup, err)
	}
	if len(items) != 2 || items[0].ID == 0 || items[1].ID <= items[0].ID {
		t.Fatalf("outbox ids not assigned in order: %+v", items)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t, path)
	c, err := db.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != dialogs.StateAsking || c.Current != 2 || len(c.Answers) != 1 || c.Answers[0].Text != "Hva ligger fast" {
		t.Fatalf("case after reopen: %+v", c)
	}
	seen, err := db.Seen(context.Background(), "Ev1")
	if err != nil || !seen {
		t.Fatalf("event id not remembered across reopen: %v %v", seen, err)
	}
	out, err := db.Outbox(context.Background(), 10)
	if err != nil || len(out) != 2 || out[0].Reply.Kind != dialogs.ReplyAck || out[1].Reply.Question != 2 {
		t.Fatalf("outbox after reopen: %+v %v", out, err)
	}
}

func TestCommitDuplicateEventWritesNothing(t *testing.T) {
	db := open(t, "")
	if _, dup, err := commit(db, bot.Change{Case: testCase("C1"), EventID: "Ev1", At: t0}); err != nil || dup {
		t.Fatal(dup, err)
	}
	c := testCase("C1")
	c.Current = 9
	items, dup, err := commit(db, bot.Change{Case: c, EventID: "Ev1", At: t0,
		Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C1"}}})
	if err != nil || !dup || len(items) != 0 {
		t.Fatalf("duplicate: items=%v dup=%v err=%v", items, dup, err)
	}
	got, _ := db.Case("C1")
	if got.Current != 2 {
		t.Fatalf("a duplicate event changed the case: current=%d", got.Current)
	}
	if out, _ := db.Outbox(context.Background(), 10); len(out) != 0 {
		t.Fatalf("a duplicate event queued replies: %+v", out)
	}
}

func TestSecondOpenerGetsClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	open(t, path)
	start := time.Now()
	_, err := storage.Open(path, &storage.Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second opener: %v, want ErrLocked", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("second opener took %s", time.Since(start))
	}
	if !bytes.Contains([]byte(err.Error()), []byte(path)) {
		t.Errorf("error does not name the file: %v", err)
	}
}

func TestReadOnlyMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.db")
	if _, err := storage.Open(path, &storage.Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a missing file succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("read-only open created the file")
	}
}

func TestSchemaTooNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		m, _ := tx.CreateBucketIfNotExists([]byte("meta"))
		return m.Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	b.Close()
	if _, err := storage.Open(path, nil); !errors.Is(err, storage.ErrTooNew) {
		t.Fatalf("open of a newer schema: %v", err)
	}
}

func TestOutboxLifecycle(t *testing.T) {
	db := open(t, "")
	items, _, err := commit(db, bot.Change{Case: testCase("C1"), Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyPrompt, Round: 1, Question: 2}},
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "x"}},
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "y"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Delivered records the prompt's ref in the case, atomically.
	posted, _ := dialogs.PostedFor(items[0].Reply, "1700.01", t0)
	_, _, err = db.Delivered(context.Background(), items[0].ID, "C1", &posted)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := db.Case("C1")
	if len(c.Prompts) != 1 || c.Prompts[0].Ref != "1700.01" || c.Prompts[0].Question != 2 {
		t.Fatalf("prompt ref not recorded: %+v", c.Prompts)
	}
	// Retry keeps the item with its attempt count.
	it := items[1]
	it.Attempts, it.NextAt = 3, t0.Add(time.Minute)
	if err := db.Retry(context.Background(), it); err != nil {
		t.Fatal(err)
	}
	// Dead moves it aside.
	if err := db.Dead(context.Background(), items[2]); err != nil {
		t.Fatal(err)
	}
	out, _ := db.Outbox(context.Background(), 10)
	if len(out) != 1 || out[0].ID != items[1].ID || out[0].Attempts != 3 || !out[0].NextAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("outbox: %+v", out)
	}
	st, _ := db.Stats()
	if st.Outbox != 1 || st.Dead != 1 || st.Cases != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

func TestPostedRefsLiveApartFromTheCase(t *testing.T) {
	db := open(t, "")
	c := testCase("C1")
	c.Prompts = []dialogs.Posted{{Kind: dialogs.PostedPrompt, Ref: "1700.02", Round: 1, Question: 2, At: t0.Add(time.Second)}}
	commit(db, bot.Change{Case: c})
	p := dialogs.Posted{Kind: dialogs.PostedPrompt, Ref: "1700.01", Round: 1, Question: 1, At: t0}
	if _, _, err := db.Delivered(context.Background(), 0, "C1", &p); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Case("C1")
	if len(got.Prompts) != 2 || got.Prompts[0].Ref != "1700.02" || got.Prompts[1].Question != 1 {
		t.Fatalf("prompts, in the order recorded: %+v", got.Prompts)
	}
	// A forgotten case's refs go with it; a late delivery records nothing.
	commit(db, bot.Change{Channel: "C1", Forget: true})
	db.Delivered(context.Background(), 0, "C1", &p)
	commit(db, bot.Change{Case: testCase("C1")})
	if got, _ := db.Case("C1"); len(got.Prompts) != 0 {
		t.Fatalf("refs survived forget: %+v", got.Prompts)
	}
}

func TestForgetDeletesCaseAndPendingReplies(t *testing.T) {
	db := open(t, "")
	commit(db, bot.Change{Case: testCase("C1"), Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C1"}}})
	commit(db, bot.Change{Case: testCase("C2"), Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C2"}}})
	_, _, err := commit(db, bot.Change{Channel: "C1", Forget: true, Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "slettet"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Case("C1"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("forgotten case still there: %v", err)
	}
	out, _ := db.Outbox(context.Background(), 10)
	if len(out) != 2 || out[0].Channel != "C2" || out[1].Reply.Text != "slettet" {
		t.Fatalf("outbox after forget: %+v", out)
	}
}

func TestPruneEventsAndCaseCount(t *testing.T) {
	db := open(t, "")
	commit(db, bot.Change{EventID: "old", At: t0.Add(-72 * time.Hour)})
	commit(db, bot.Change{EventID: "new", At: t0})
	n, err := db.PruneEvents(context.Background(), t0.Add(-48*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	if seen, _ := db.Seen(context.Background(), "new"); !seen {
		t.Fatal("recent event forgotten")
	}
	closed := testCase("C1")
	closed.State, closed.Closed = dialogs.StateClosed, t0.Add(-100*24*time.Hour)
	commit(db, bot.Change{Case: closed})
	commit(db, bot.Change{Case: testCase("C2")})
	if _, _, err := commit(db, bot.Change{Channel: "C1", Forget: true}); err != nil {
		t.Fatal(err)
	}
	chs, _ := db.Channels()
	if len(chs) != 1 || chs[0] != "C2" {
		t.Fatalf("channels: %v", chs)
	}
	commit(db, bot.Change{Case: testCase("C2")})        // an update is no new case
	commit(db, bot.Change{Channel: "C9", Forget: true}) // forgetting nothing counts nothing
	if st, _ := db.Stats(); st.Cases != 1 {
		t.Fatalf("case count %d, want 1", st.Cases)
	}
}

func TestBackupIsAWorkingDatabase(t *testing.T) {
	db := open(t, "")
	commit(db, bot.Change{Case: testCase("C1")})
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil || n == 0 {
		t.Fatal(n, err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	copyDB := open(t, path)
	if c, err := copyDB.Case("C1"); err != nil || len(c.Answers) != 1 {
		t.Fatalf("backup lacks the case: %v", err)
	}
}

func TestStateValues(t *testing.T) {
	db := open(t, "")
	if v, err := db.State(context.Background(), "k"); err != nil || v != nil {
		t.Fatal(v, err)
	}
	if err := db.SetState(context.Background(), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.State(context.Background(), "k"); string(v) != "v" {
		t.Fatalf("state: %q", v)
	}
}

// BenchmarkEmptyUpdate is the physical reference: one durable bbolt commit.
func BenchmarkEmptyUpdate(b *testing.B) {
	db := open(b, "")
	b.ReportAllocs()
	for b.Loop() {
		if err := db.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitAnswer is one answer's write: the answer appended to the
// case (its record and the case's head) and the ✅ queued.
func BenchmarkCommitAnswer(b *testing.B) {
	for _, finished := range []bool{false, true} {
		name := "new-case"
		if finished {
			name = "finished-case" // 14 questions answered twice, 4 reports
		}
		b.Run(name, func(b *testing.B) {
			db := open(b, "")
			c := testCase("C1")
			if finished {
				c.State, c.Current = dialogs.StateCompleted, 14
				for q := 1; q <= 14; q++ {
					for k := range 2 {
						c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: q, Author: "U1", Name: "Kari Nordmann",
							Text: "Vi møter folk på torget før høringen, og forteller tydelig hva som ligger fast.", At: t0, Ref: fmt.Sprintf("%d.%d", q, k)})
					}
				}
				for w := range 4 {
					c.Reports = append(c.Reports, dialogs.Report{Author: "U2", Text: "De så skissene og vet når neste møte er.", At: t0, Week: 48 + w})
				}
			}
			r, err := db.Commit(context.Background(), bot.Change{Channel: "C1", Case: c})
			if err != nil {
				b.Fatal(err)
			}
			rev := r.Rev
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				n := *c // the answers share an array: old ones never change
				n.Answers = append(n.Answers, dialogs.Answer{Round: 1, Question: 14, Author: "U1", Text: "Et sent svar", At: t0, Ref: fmt.Sprint(i)})
				r, err := db.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: &n, Was: c, EventID: fmt.Sprint("Ev", i), At: t0,
					Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: fmt.Sprint(i)}}}})
				if err != nil {
					b.Fatal(err)
				}
				c, rev = &n, r.Rev
			}
		})
	}
}

func TestNudgeIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	week := 7 * 24 * time.Hour
	active := testCase("C1")
	active.Nudge.LastSlot = t0
	paused := testCase("C2")
	paused.Nudge.Paused = true
	fresh := testCase("C3") // never nudged
	newCase := dialogs.Coach{}.NewCase("C4", "slack", "sak-ny", t0)
	for _, c := range []*dialogs.Case{active, paused, fresh, newCase} {
		commit(db, bot.Change{Case: c})
	}
	due := func(slot time.Time) []string {
		t.Helper()
		chs, err := db.NudgeDue(context.Background(), slot)
		if err != nil {
			t.Fatal(err)
		}
		return chs
	}
	if got := due(t0); len(got) != 1 || got[0] != "C3" {
		t.Fatalf("due at t0: %v, want [C3]", got)
	}
	if got := due(t0.Add(week)); len(got) != 2 || got[0] != "C1" || got[1] != "C3" {
		t.Fatalf("due a week later: %v, want [C1 C3]", got)
	}
	commit(db, bot.Change{Channel: "C3", Forget: true})
	if got := due(t0.Add(week)); len(got) != 1 || got[0] != "C1" {
		t.Fatalf("after forget: %v", got)
	}
	// A file without the index gets it built on open.
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("nudge")) })
	b.Close()
	db = open(t, path)
	if got, _ := db.NudgeDue(context.Background(), t0.Add(week)); len(got) != 1 || got[0] != "C1" {
		t.Fatalf("rebuilt index: %v", got)
	}
}
