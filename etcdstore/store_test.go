package etcdstore_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/etcdstore/etcdtest"
)

var (
	shared     *etcdtest.Cluster
	sharedOnce sync.Once
	sharedErr  error
	prefixes   sync.Mutex
	nprefix    int
)

// open returns a store on one embedded member shared by the package's
// tests, under a prefix of its own.
func open(t *testing.T) *etcdstore.Store {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = etcdtest.New(sharedDir(), 1) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	prefixes.Lock()
	nprefix++
	p := "/t" + t.Name() + "/" + string(rune('a'+nprefix%26)) + "/"
	prefixes.Unlock()
	s, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: shared.Endpoints(), Prefix: p, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newCase(ch string) *dialogs.Case {
	return dialogs.Coach{Lang: dialogs.NB}.NewCase(ch, "slack", "sak-"+ch, time.Unix(1700000000, 0).UTC())
}

func TestCommitConflictDuplicate(t *testing.T) {
	s := open(t)
	c := newCase("C1")
	res, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Case: c, EventID: "Ev1", At: time.Now(),
		Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyPrompt, Text: "1"}}}})
	if err != nil || res.Duplicate || res.Rev == 0 || len(res.Items) != 1 {
		t.Fatalf("first commit: %+v, %v", res, err)
	}
	got, rev, err := s.Load(context.Background(), "C1")
	if err != nil || rev != res.Rev || got.Channel != "C1" {
		t.Fatalf("Case: %v %d %v (want rev %d)", got, rev, err, res.Rev)
	}
	// The same event again: nothing written.
	dup, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: c, EventID: "Ev1", At: time.Now()})
	if err != nil || !dup.Duplicate {
		t.Fatalf("duplicate: %+v %v", dup, err)
	}
	// Two writers from one base: one wins, one conflicts.
	c.Name = "a"
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: c}); err != nil {
		t.Fatal(err)
	}
	c.Name = "b"
	_, err = s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: c})
	if !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("stale base: %v, want ErrConflict", err)
	}
	// Creating a case that exists conflicts too.
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Case: newCase("C1")}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("create over existing: %v", err)
	}
	// A delivered prompt raises the revision: a commit from before conflicts.
	_, rev, _ = s.Load(context.Background(), "C1")
	_, r2, err := s.Delivered(context.Background(), res.Items[0].ID, "C1", &dialogs.Posted{Ref: "1700.1", Question: 1})
	if err != nil || r2 <= rev {
		t.Fatalf("Delivered: %d %v (before %d)", r2, err, rev)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: c}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("commit under a new ref: %v", err)
	}
	got, rev, _ = s.Load(context.Background(), "C1")
	if rev != r2 || len(got.Prompts) != 1 || got.Prompts[0].Ref != "1700.1" {
		t.Fatalf("after Delivered: rev %d (want %d), prompts %+v", rev, r2, got.Prompts)
	}
	if items, _ := s.Outbox(context.Background(), 10); len(items) != 0 {
		t.Fatalf("outbox after delivery: %+v", items)
	}
	// Forget deletes it all; the case is gone and a stale base conflicts.
	f, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Forget: true,
		Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "bye"}}}})
	if err != nil || f.Rev != 0 || len(f.Items) != 1 {
		t.Fatalf("forget: %+v %v", f, err)
	}
	if _, _, err := s.Load(context.Background(), "C1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("after forget: %v", err)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: c}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("commit on forgotten case: %v", err)
	}
}

func TestOutboxOrderRetryDead(t *testing.T) {
	s := open(t)
	var ids []uint64
	for i := range 3 {
		ch := []string{"A", "B", "A"}[i]
		res, err := s.Commit(context.Background(), bot.Change{Channel: ch, Outbox: []bot.Outgoing{
			{Platform: "slack", Channel: ch, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "x"}},
			{Platform: "slack", Channel: ch, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "y"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range res.Items {
			ids = append(ids, it.ID)
		}
	}
	items, err := s.Outbox(context.Background(), 100)
	if err != nil || len(items) != 6 {
		t.Fatalf("outbox: %d items, %v", len(items), err)
	}
	for i, it := range items {
		if it.ID != ids[i] || (i > 0 && it.ID <= items[i-1].ID) {
			t.Fatalf("outbox order: %v, committed %v", items, ids)
		}
	}
	if two, _ := s.Outbox(context.Background(), 2); len(two) != 2 || two[1].ID != ids[1] {
		t.Fatalf("Outbox(2): %+v", two)
	}
	// Another store (another replica) retries and buries by id.
	o := etcdstore.New(s.Client(), s.Prefix())
	it := items[0]
	it.Attempts, it.LastErr = 2, "boom"
	if err := o.Retry(context.Background(), it); err != nil {
		t.Fatal(err)
	}
	if err := o.Dead(context.Background(), items[1]); err != nil {
		t.Fatal(err)
	}
	items, _ = s.Outbox(context.Background(), 100)
	if len(items) != 5 || items[0].Attempts != 2 || items[0].ID != ids[0] || items[1].ID != ids[2] {
		t.Fatalf("after retry and dead: %+v", items)
	}
}

func TestNudgeDueAndPrune(t *testing.T) {
	s := open(t)
	c := newCase("N1")
	c.State = dialogs.StateCompleted
	if !c.Active() {
		t.Skip("a done case is not active in this build")
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "N1", Case: c, EventID: "E1", At: time.Unix(1000, 0)}); err != nil {
		t.Fatal(err)
	}
	due, err := s.NudgeDue(context.Background(), time.Unix(2000, 0))
	if err != nil || len(due) != 1 || due[0] != "N1" {
		t.Fatalf("NudgeDue: %v %v", due, err)
	}
	n, err := s.PruneEvents(context.Background(), time.Unix(1500, 0))
	if err != nil || n != 1 {
		t.Fatalf("PruneEvents: %d %v", n, err)
	}
	if seen, _ := s.Seen(context.Background(), "E1"); seen {
		t.Fatal("E1 still seen after pruning")
	}
}

func TestOpenUnreachable(t *testing.T) {
	start := time.Now()
	_, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: []string{"http://127.0.0.1:1"}, DialTimeout: 300 * time.Millisecond})
	if !errors.Is(err, etcdstore.ErrUnreachable) {
		t.Fatalf("Open on a closed port: %v", err)
	}
	t.Logf("failed after %v: %v", time.Since(start), err)
}

func TestRecordsAppendAndCases(t *testing.T) {
	s := open(t)
	c := newCase("R1")
	c.Answers = []dialogs.Answer{{Round: 1, Question: 1, Author: "U1", Text: "en"}}
	res, err := s.Commit(context.Background(), bot.Change{Channel: "R1", Case: c})
	if err != nil {
		t.Fatal(err)
	}
	was, rev, err := s.Load(context.Background(), "R1")
	if err != nil || rev != res.Rev {
		t.Fatalf("Load: %d %v", rev, err)
	}
	now := was.Clone()
	now.Answers = append(now.Answers, dialogs.Answer{Round: 1, Question: 2, Author: "U2", Text: "to"})
	now.Answers[0].Text = "en, rettet"
	now.Notes = []dialogs.Report{{Author: "U3", Text: "notat"}}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "R1", Base: rev, Case: now, Was: was}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "R2", Case: newCase("R2")}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Load(context.Background(), "R1")
	if err != nil || len(got.Answers) != 2 || got.Answers[0].Text != "en, rettet" || got.Answers[1].Text != "to" || len(got.Notes) != 1 {
		t.Fatalf("Load after append: %+v %v", got, err)
	}
	var chans []string
	err = s.Cases(context.Background(), func(c *dialogs.Case) error {
		chans = append(chans, c.Channel)
		if c.Channel == "R1" && len(c.Answers) != 2 {
			t.Errorf("Cases: R1 has %d answers", len(c.Answers))
		}
		return nil
	})
	if err != nil || len(chans) != 2 || chans[0] != "R1" || chans[1] != "R2" {
		t.Fatalf("Cases: %v %v", chans, err)
	}
}

func TestSnapshotChecks(t *testing.T) {
	s := open(t)
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "S1", Case: newCase("S1")}); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/etcd.snapshot"
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Snapshot(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := etcdstore.CheckSnapshot(path); err != nil {
		t.Fatal(err)
	}
	// One flipped byte in the middle is caught.
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 1
	os.WriteFile(path, b, 0o600)
	if err := etcdstore.CheckSnapshot(path); err == nil {
		t.Fatal("a damaged snapshot passed the check")
	}
}
