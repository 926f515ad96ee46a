// Package storetest is the conformance suite every bot.Store must pass,
// as upspin's storagetest is for its stores. A store's own tests call Run
// with a function that opens a new, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) bot.Store { return openTemp(t) })
//	}
//
// A store whose handle implements Reopener is also checked across a close
// and a new open on the same data: what a call wrote before it returned
// must be there after.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Reopener is a store that can close and open itself again on the same
// data (a bbolt file, an etcd prefix). Reopen returns the new handle; the
// old one is not used again.
type Reopener interface {
	Reopen(t *testing.T) bot.Store
}

// Breaker is a store whose medium can be made to fail, as a disk that
// fails under a running process: after Break, every write fails in it.
// Reopen (see Reopener) then finds the medium working again.
type Breaker interface {
	Break(t *testing.T)
}

// Run runs the suite; open returns a new, empty store for each subtest and
// closes it when that subtest ends.
func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s bot.Store)
	}{
		{"NotFound", testNotFound},
		{"CreateAndLoad", testCreateAndLoad},
		{"RecordsFollowTheCase", testRecords},
		{"Dedupe", testDedupe},
		{"DedupeRace", testDedupeRace},
		{"Conflict", testConflict},
		{"RevisionsNeverRepeat", testRevisions},
		{"AllOrNothing", testAllOrNothing},
		{"OutboxOrder", testOutboxOrder},
		{"OutboxRetryDeadDelivered", testOutboxLifecycle},
		{"PostedReferences", testPostedRefs},
		{"NudgeIndex", testNudgeIndex},
		{"Forget", testForget},
		{"Cases", testCases},
		{"PruneEvents", testPrune},
		{"State", testState},
		{"ResidentsPage", testResidentsPage},
		{"ReadersSeeWholeCommits", testWholeCommits},
		{"ConcurrentWriters", testConcurrentWriters},
		{"TwoEnginesLoseNothing", testTwoEngines},
		{"Durable", testDurable},
		{"FailureIsFatal", testFailure},
		{"Sizes", testSizes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			tc.fn(t, s)
			if err := s.Err(); err != nil && tc.name != "FailureIsFatal" {
				t.Errorf("the store failed: %v", err)
			}
		})
	}
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// newCase is a started case with one answer, one report and one note.
func newCase(channel string) *dialogs.Case {
	c := dialogs.Coach{}.NewCase(channel, "slack", "sak-"+channel, t0)
	c.State, c.Round, c.Current, c.Started = dialogs.StateAsking, 1, 2, t0
	c.Nudge.Since = t0
	c.Answers = []dialogs.Answer{{Round: 1, Question: 1, Author: "U1", Name: "Kari", Text: "Hva ligger fast", At: t0, Ref: "1.1", Prompt: "0.1"}}
	c.Reports = []dialogs.Report{{Author: "U2", Text: "De så skissene", At: t0, Ref: "1.2", Week: 48}}
	c.Notes = []dialogs.Report{{Author: "U3", Text: "En merknad", At: t0, Ref: "1.3"}}
	return c
}

func reply(text string) dialogs.Reply { return dialogs.Reply{Kind: dialogs.ReplyText, Text: text} }

func item(channel, text string) bot.Outgoing {
	return bot.Outgoing{Platform: "slack", Channel: channel, Reply: reply(text), Created: t0}
}

// create commits c as a new case and returns its revision.
func create(t *testing.T, s bot.Store, c *dialogs.Case) bot.Revision {
	t.Helper()
	r, err := s.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c, At: t0})
	if err != nil {
		t.Fatalf("create %s: %v", c.Channel, err)
	}
	if r.Rev == 0 {
		t.Fatalf("create %s: revision 0", c.Channel)
	}
	return r.Rev
}

func load(t *testing.T, s bot.Store, channel string) (*dialogs.Case, bot.Revision) {
	t.Helper()
	c, rev, err := s.Load(context.Background(), channel)
	if err != nil {
		t.Fatalf("load %s: %v", channel, err)
	}
	return c, rev
}

// same reports whether two cases are equal as stored (JSON, which is what
// a case is to every store).
func same(a, b *dialogs.Case) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func diff(a, b *dialogs.Case) string {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return fmt.Sprintf("\n got %s\nwant %s", ja, jb)
}

func outbox(t *testing.T, s bot.Store) []bot.Outgoing {
	t.Helper()
	out, err := s.Outbox(context.Background(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func testNotFound(t *testing.T, s bot.Store) {
	if _, _, err := s.Load(context.Background(), "C404"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("load of an unknown case: %v, want ErrNotFound", err)
	}
	if seen, err := s.Seen(context.Background(), "Ev404"); err != nil || seen {
		t.Fatalf("seen of an unknown event: %v %v", seen, err)
	}
}

func testCreateAndLoad(t *testing.T, s bot.Store) {
	c := newCase("C1")
	rev := create(t, s, c)
	got, grev := load(t, s, "C1")
	if grev != rev {
		t.Fatalf("load revision %d, commit said %d", grev, rev)
	}
	if !same(got, c) {
		t.Fatalf("loaded case differs:%s", diff(got, c))
	}
	// What Load returns is the caller's to change.
	got.Answers[0].Text = "endret"
	got.Name = "endret"
	again, _ := load(t, s, "C1")
	if !same(again, c) {
		t.Fatalf("changing a loaded case changed the store:%s", diff(again, c))
	}
}

// testRecords: answers, reports and notes are edited, deleted and added;
// with and without Was, the stored case is exactly the committed one.
func testRecords(t *testing.T, s bot.Store) {
	c := newCase("C1")
	rev := create(t, s, c)
	step := func(name string, withWas bool, change func(c *dialogs.Case)) {
		t.Helper()
		was, base := load(t, s, "C1")
		now := was.Clone()
		change(now)
		ch := bot.Change{Channel: "C1", Base: base, Case: now, At: t0}
		if withWas {
			ch.Was = was
		}
		r, err := s.Commit(context.Background(), ch)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Rev == base {
			t.Fatalf("%s: the revision did not change", name)
		}
		got, grev := load(t, s, "C1")
		if grev != r.Rev || !same(got, now) {
			t.Fatalf("%s: rev %d (commit %d):%s", name, grev, r.Rev, diff(got, now))
		}
		rev = r.Rev
	}
	for _, withWas := range []bool{true, false} {
		step("append", withWas, func(c *dialogs.Case) {
			c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: 2, Author: "U1", Text: "To", At: t0, Ref: "2.1"})
			c.Current = 3
		})
		step("edit", withWas, func(c *dialogs.Case) {
			c.Answers[0].Text, c.Answers[0].Edited = "Endret svar", t0.Add(time.Minute)
			c.Notes[0].Text = "Endret merknad"
		})
		step("delete the first", withWas, func(c *dialogs.Case) { c.Answers = c.Answers[1:] })
		step("add a report and a note", withWas, func(c *dialogs.Case) {
			c.Reports = append(c.Reports, dialogs.Report{Author: "U2", Text: "Ingenting", Nothing: true, At: t0, Week: 49})
			c.Notes = append(c.Notes, dialogs.Report{Author: "U4", Text: "Ny", At: t0, Ref: "3.3"})
		})
		step("delete everything", withWas, func(c *dialogs.Case) { c.Answers, c.Reports, c.Notes = nil, nil, nil })
		step("back again", withWas, func(c *dialogs.Case) {
			n := newCase("C1")
			c.Answers, c.Reports, c.Notes = n.Answers, n.Reports, n.Notes
		})
	}
	_ = rev
}

func testDedupe(t *testing.T, s bot.Store) {
	c := newCase("C1")
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Case: c, EventID: "Ev1", At: t0, Outbox: []bot.Outgoing{item("C1", "hei")}})
	if err != nil || r.Duplicate || len(r.Items) != 1 {
		t.Fatalf("first commit: %+v %v", r, err)
	}
	if seen, err := s.Seen(context.Background(), "Ev1"); err != nil || !seen {
		t.Fatalf("seen after commit: %v %v", seen, err)
	}
	c2 := c.Clone()
	c2.Current = 9
	r2, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: r.Rev, Case: c2, Was: c, EventID: "Ev1", At: t0, Outbox: []bot.Outgoing{item("C1", "igjen")}})
	if err != nil || !r2.Duplicate || len(r2.Items) != 0 {
		t.Fatalf("redelivered event: %+v %v, want a duplicate", r2, err)
	}
	got, rev := load(t, s, "C1")
	if rev != r.Rev || got.Current != c.Current {
		t.Fatalf("a duplicate changed the case: rev %d→%d, current %d", r.Rev, rev, got.Current)
	}
	if out := outbox(t, s); len(out) != 1 {
		t.Fatalf("a duplicate queued replies: %+v", out)
	}
	// The same event id on another channel is a duplicate too.
	r3, err := s.Commit(context.Background(), bot.Change{Channel: "C2", Case: newCase("C2"), EventID: "Ev1", At: t0})
	if err != nil || !r3.Duplicate {
		t.Fatalf("the same event id on another channel: %+v %v", r3, err)
	}
	if _, _, err := s.Load(context.Background(), "C2"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("a duplicate created a case: %v", err)
	}
}

// testDedupeRace: of commits racing with one event id, exactly one writes.
func testDedupeRace(t *testing.T, s bot.Store) {
	const n = 8
	results := make(chan bot.Committed, n)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			ch := fmt.Sprintf("C%d", i)
			r, err := s.Commit(context.Background(), bot.Change{Channel: ch, Case: newCase(ch), EventID: "EvRace", At: t0})
			if err != nil {
				errs <- err
				return
			}
			results <- r
		}()
	}
	written := 0
	for range n {
		select {
		case err := <-errs:
			t.Fatal(err)
		case r := <-results:
			if !r.Duplicate {
				written++
			}
		}
	}
	if written != 1 {
		t.Fatalf("%d commits of one event id wrote, want 1", written)
	}
	cases := 0
	if err := s.Cases(context.Background(), func(*dialogs.Case) error { cases++; return nil }); err != nil {
		t.Fatal(err)
	}
	if cases != 1 {
		t.Fatalf("%d cases after the race, want 1", cases)
	}
}

func testConflict(t *testing.T, s bot.Store) {
	c := newCase("C1")
	rev := create(t, s, c)
	// Another writer moves the case on.
	moved := c.Clone()
	moved.Current = 5
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: moved, Was: c, At: t0})
	if err != nil {
		t.Fatal(err)
	}
	stale := c.Clone()
	stale.Answers = append(stale.Answers, dialogs.Answer{Round: 1, Question: 2, Author: "U9", Text: "tapt?", At: t0})
	for _, ch := range []bot.Change{
		{Channel: "C1", Base: rev, Case: stale, Was: c, EventID: "EvStale", At: t0, Outbox: []bot.Outgoing{item("C1", "x")}},
		{Channel: "C1", Base: rev, Forget: true, EventID: "EvStale", At: t0},
		{Channel: "C1", Base: rev, EventID: "EvStale", At: t0, Outbox: []bot.Outgoing{item("C1", "y")}},
		{Channel: "C1", Base: 0, Case: newCase("C1"), EventID: "EvStale", At: t0},     // "create" over an existing case
		{Channel: "C9", Base: r.Rev, Case: newCase("C9"), EventID: "EvStale", At: t0}, // a base for a case that is not there
	} {
		if _, err := s.Commit(context.Background(), ch); !errors.Is(err, bot.ErrConflict) {
			t.Fatalf("commit on base %d of %s: %v, want ErrConflict", ch.Base, ch.Channel, err)
		}
	}
	got, grev := load(t, s, "C1")
	if grev != r.Rev || !same(got, moved) {
		t.Fatalf("a refused commit changed the case:%s", diff(got, moved))
	}
	if seen, _ := s.Seen(context.Background(), "EvStale"); seen {
		t.Fatal("a refused commit recorded its event id: its redelivery would be lost")
	}
	if out := outbox(t, s); len(out) != 0 {
		t.Fatalf("a refused commit queued replies: %+v", out)
	}
	if _, _, err := s.Load(context.Background(), "C9"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("a refused commit created a case: %v", err)
	}
	if s.Err() != nil {
		t.Fatalf("a conflict failed the store: %v", s.Err())
	}
}

func testRevisions(t *testing.T, s bot.Store) {
	seen := map[bot.Revision]bool{}
	note := func(rev bot.Revision) {
		t.Helper()
		if rev == 0 || seen[rev] {
			t.Fatalf("revision %d given twice (or 0)", rev)
		}
		seen[rev] = true
	}
	c := newCase("C1")
	rev := create(t, s, c)
	note(rev)
	for i := range 3 {
		n := c.Clone()
		n.Current = 3 + i
		r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: n, Was: c, At: t0})
		if err != nil {
			t.Fatal(err)
		}
		if r.Rev <= rev {
			t.Fatalf("revision went from %d to %d", rev, r.Rev)
		}
		c, rev = n, r.Rev
		note(rev)
	}
	// A commit that does not change the case keeps its revision.
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, EventID: "EvNoChange", At: t0, Outbox: []bot.Outgoing{item("C1", "z")}})
	if err != nil || r.Rev != rev {
		t.Fatalf("a commit without the case: rev %d, want %d (%v)", r.Rev, rev, err)
	}
	// Forget, and create again: no old revision comes back.
	r, err = s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Forget: true, At: t0})
	if err != nil || r.Rev != 0 {
		t.Fatalf("forget: %+v %v", r, err)
	}
	for range 4 {
		c := newCase("C1")
		rev := create(t, s, c)
		note(rev)
		if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Forget: true, At: t0}); err != nil {
			t.Fatal(err)
		}
	}
}

// testAllOrNothing: a commit that fails writes nothing of itself, and one
// that succeeds is seen whole: event id, case, records, index and outbox.
func testAllOrNothing(t *testing.T, s bot.Store) {
	c := newCase("C1")
	c.State = dialogs.StateCompleted
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Case: c, EventID: "EvAll", At: t0,
		Outbox: []bot.Outgoing{item("C1", "a"), item("C1", "b")}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := load(t, s, "C1")
	seen, _ := s.Seen(context.Background(), "EvAll")
	due, _ := s.NudgeDue(context.Background(), t0.Add(time.Hour))
	if !same(got, c) || !seen || len(outbox(t, s)) != 2 || len(due) != 1 {
		t.Fatalf("a commit is not whole: case ok %v, seen %v, outbox %d, due %v", same(got, c), seen, len(outbox(t, s)), due)
	}
	// A refused commit (here a conflict) that would have forgotten the case,
	// created another's and queued replies leaves all of it as it was.
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: r.Rev + 1000, Forget: true, EventID: "EvNone", At: t0,
		Outbox: []bot.Outgoing{item("C1", "c")}}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("commit on a wrong base: %v", err)
	}
	got, _ = load(t, s, "C1")
	seen, _ = s.Seen(context.Background(), "EvNone")
	due, _ = s.NudgeDue(context.Background(), t0.Add(time.Hour))
	if !same(got, c) || seen || len(outbox(t, s)) != 2 || len(due) != 1 {
		t.Fatalf("a refused commit left a trace: case ok %v, seen %v, outbox %d, due %v", same(got, c), seen, len(outbox(t, s)), due)
	}
}

func testOutboxOrder(t *testing.T, s bot.Store) {
	revs := map[string]bot.Revision{}
	var want []uint64
	for i := range 12 {
		ch := []string{"C1", "C2", "C3"}[i%3]
		r, err := s.Commit(context.Background(), bot.Change{Channel: ch, Base: revs[ch], At: t0,
			Outbox: []bot.Outgoing{item(ch, fmt.Sprint(i, "a")), item(ch, fmt.Sprint(i, "b"))}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Items) != 2 || r.Items[0].ID == 0 || r.Items[1].ID <= r.Items[0].ID {
			t.Fatalf("ids of one commit: %+v", r.Items)
		}
		if r.Items[0].Reply.Text != fmt.Sprint(i, "a") || r.Items[0].Channel != ch {
			t.Fatalf("items come back as committed: %+v", r.Items[0])
		}
		want = append(want, r.Items[0].ID, r.Items[1].ID)
	}
	out := outbox(t, s)
	if len(out) != len(want) {
		t.Fatalf("%d items in the outbox, want %d", len(out), len(want))
	}
	last := map[string]uint64{}
	for i, it := range out {
		if it.ID != want[i] {
			t.Fatalf("outbox item %d has id %d, want %d (in commit order)", i, it.ID, want[i])
		}
		if it.ID <= last[it.Channel] {
			t.Fatalf("ids do not rise in channel %s", it.Channel)
		}
		last[it.Channel] = it.ID
	}
	if few, err := s.Outbox(context.Background(), 5); err != nil || len(few) != 5 || few[4].ID != want[4] {
		t.Fatalf("outbox with a limit: %d items, %v", len(few), err)
	}
}

func testOutboxLifecycle(t *testing.T, s bot.Store) {
	rev := create(t, s, newCase("C1"))
	prompt := dialogs.Reply{Kind: dialogs.ReplyPrompt, Round: 1, Question: 2}
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, At: t0, Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: prompt, Created: t0},
		item("C1", "retry"), item("C1", "dead"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	items := r.Items
	posted, _ := dialogs.PostedFor(prompt, "1700.01", t0)
	from, to, err := s.Delivered(context.Background(), items[0].ID, "C1", &posted)
	if err != nil {
		t.Fatal(err)
	}
	if from != rev || to == from || to == 0 {
		t.Fatalf("delivered with a reference: revisions %d → %d, the case was at %d", from, to, rev)
	}
	c, crev := load(t, s, "C1")
	if crev != to || len(c.Prompts) != 1 || c.Prompts[0].Ref != "1700.01" || c.Prompts[0].Question != 2 {
		t.Fatalf("reference not recorded with the delivery: rev %d, %+v", crev, c.Prompts)
	}
	it := items[1]
	it.Attempts, it.NextAt, it.LastErr, it.Uncertain = 3, t0.Add(time.Minute), "timeout", true
	if err := s.Retry(context.Background(), it); err != nil {
		t.Fatal(err)
	}
	if err := s.Dead(context.Background(), items[2]); err != nil {
		t.Fatal(err)
	}
	out := outbox(t, s)
	if len(out) != 1 || out[0].ID != it.ID || out[0].Attempts != 3 || !out[0].NextAt.Equal(it.NextAt) ||
		out[0].LastErr != "timeout" || !out[0].Uncertain {
		t.Fatalf("outbox after retry and dead letter: %+v", out)
	}
	// Delivered without a reference (a reaction) does not move the case.
	f2, t2, err := s.Delivered(context.Background(), it.ID, "C1", nil)
	if err != nil || f2 != to || t2 != to {
		t.Fatalf("delivered without a reference: %d → %d, %v; the case is at %d", f2, t2, err, to)
	}
	if out := outbox(t, s); len(out) != 0 {
		t.Fatalf("outbox after delivery: %+v", out)
	}
	// Retry and Dead of an item no longer there bring nothing back.
	if err := s.Retry(context.Background(), it); err != nil {
		t.Fatal(err)
	}
	if err := s.Dead(context.Background(), items[0]); err != nil {
		t.Fatal(err)
	}
	if out := outbox(t, s); len(out) != 0 {
		t.Fatalf("a gone item came back: %+v", out)
	}
}

func testPostedRefs(t *testing.T, s bot.Store) {
	c := newCase("C1")
	c.Prompts = []dialogs.Posted{{Kind: dialogs.PostedPrompt, Ref: "1700.02", Round: 1, Question: 2, At: t0}}
	rev := create(t, s, c)
	p := dialogs.Posted{Kind: dialogs.PostedPrompt, Ref: "1700.03", Round: 1, Question: 3, At: t0.Add(time.Second)}
	if _, _, err := s.Delivered(context.Background(), 0, "C1", &p); err != nil {
		t.Fatal(err)
	}
	got, rev2 := load(t, s, "C1")
	if rev2 == rev || len(got.Prompts) != 2 || got.Prompts[0].Ref != "1700.02" || got.Prompts[1].Ref != "1700.03" {
		t.Fatalf("references, in the order recorded: %+v", got.Prompts)
	}
	// A commit adds references it brings that the store lacks (an adopted
	// thread) and keeps held ones as they are.
	next := got.Clone()
	next.Prompts[0].Question = 9 // not what the store holds: ignored
	next.Prompts = append(next.Prompts, dialogs.Posted{Kind: dialogs.PostedPrompt, Ref: "1700.04", Round: 1, Question: 4, At: t0})
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev2, Case: next, Was: got, At: t0}); err != nil {
		t.Fatal(err)
	}
	got, _ = load(t, s, "C1")
	if len(got.Prompts) != 3 || got.Prompts[0].Question != 2 || got.Prompts[2].Ref != "1700.04" {
		t.Fatalf("references after a commit: %+v", got.Prompts)
	}
	// Delivered replaces a reference it records again, as the latest posted.
	p.Question = 7
	if _, _, err := s.Delivered(context.Background(), 0, "C1", &p); err != nil {
		t.Fatal(err)
	}
	got, _ = load(t, s, "C1")
	if len(got.Prompts) != 3 || got.Prompts[2].Ref != p.Ref || got.Prompts[2].Question != 7 {
		t.Fatalf("a reference delivered again: %+v", got.Prompts)
	}
	// A delivery for a case that is gone records nothing.
	if from, to, err := s.Delivered(context.Background(), 0, "C404", &p); err != nil || from != 0 || to != 0 {
		t.Fatalf("delivered for no case: %d %d %v", from, to, err)
	}
	if _, _, err := s.Load(context.Background(), "C404"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("a delivery created a case: %v", err)
	}
}

func testNudgeIndex(t *testing.T, s bot.Store) {
	week := 7 * 24 * time.Hour
	active := newCase("C1")
	active.Nudge.LastSlot = t0
	paused := newCase("C2")
	paused.Nudge.Paused = true
	fresh := newCase("C3")
	closed := newCase("C4")
	closed.State = dialogs.StateClosed
	revs := map[string]bot.Revision{}
	for _, c := range []*dialogs.Case{active, paused, fresh, closed} {
		revs[c.Channel] = create(t, s, c)
	}
	due := func(slot time.Time) string {
		t.Helper()
		chs, err := s.NudgeDue(context.Background(), slot)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(chs)
	}
	if got := due(t0); got != "[C3]" {
		t.Fatalf("due at t0: %v, want [C3]", got)
	}
	if got := due(t0.Add(week)); got != "[C1 C3]" {
		t.Fatalf("due a week later: %v, want [C1 C3]", got)
	}
	// The index follows each commit of the case.
	nudged := fresh.Clone()
	nudged.Nudge.LastSlot = t0.Add(week)
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C3", Base: revs["C3"], Case: nudged, Was: fresh, At: t0}); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(week)); got != "[C1]" {
		t.Fatalf("after C3 took the slot: %v", got)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: revs["C1"], Forget: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(week)); got != "[]" {
		t.Fatalf("after forget: %v", got)
	}
}

func testForget(t *testing.T, s bot.Store) {
	c := newCase("C1")
	c.Prompts = []dialogs.Posted{{Kind: dialogs.PostedPrompt, Ref: "1700.02", Round: 1, Question: 2, At: t0}}
	rev := create(t, s, c)
	other := create(t, s, newCase("C2"))
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, At: t0, Outbox: []bot.Outgoing{item("C1", "a"), item("C1", "b")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Dead(context.Background(), r.Items[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C2", Base: other, At: t0, Outbox: []bot.Outgoing{item("C2", "c")}}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Forget: true, At: t0, Outbox: []bot.Outgoing{item("C1", "glemt")}})
	if err != nil || f.Rev != 0 || len(f.Items) != 1 {
		t.Fatalf("forget: %+v %v", f, err)
	}
	if _, _, err := s.Load(context.Background(), "C1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the case is still there: %v", err)
	}
	out := outbox(t, s)
	if len(out) != 2 || out[0].Channel != "C2" || out[1].Reply.Text != "glemt" {
		t.Fatalf("outbox after forget: %+v", out)
	}
	if due, _ := s.NudgeDue(context.Background(), t0.Add(time.Hour)); fmt.Sprint(due) != "[C2]" {
		t.Fatalf("nudge index after forget: %v", due)
	}
	// Created again, the case starts empty: no records, no references.
	fresh := dialogs.Coach{}.NewCase("C1", "slack", "sak-C1", t0)
	create(t, s, fresh)
	got, _ := load(t, s, "C1")
	if len(got.Answers)+len(got.Reports)+len(got.Notes)+len(got.Prompts) != 0 {
		t.Fatalf("the forgotten case left records: %+v", got)
	}
	// A dead letter of the forgotten case is not retried back into the outbox.
	if err := s.Retry(context.Background(), r.Items[0]); err != nil {
		t.Fatal(err)
	}
	if out := outbox(t, s); len(out) != 2 {
		t.Fatalf("outbox: %+v", out)
	}
}

func testCases(t *testing.T, s bot.Store) {
	for _, ch := range []string{"C3", "C1", "C2"} {
		c := newCase(ch)
		c.Prompts = []dialogs.Posted{{Kind: dialogs.PostedPrompt, Ref: "1.0", Round: 1, Question: 1, At: t0}}
		create(t, s, c)
	}
	var got []string
	err := s.Cases(context.Background(), func(c *dialogs.Case) error {
		if len(c.Answers) != 1 || len(c.Reports) != 1 || len(c.Notes) != 1 {
			t.Errorf("case %s without its records: %+v", c.Channel, c)
		}
		got = append(got, c.Channel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[C1 C2 C3]" {
		t.Fatalf("cases in channel order: %v", got)
	}
	stop := errors.New("stop")
	if err := s.Cases(context.Background(), func(*dialogs.Case) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("an error from fn: %v", err)
	}
}

func testPrune(t *testing.T, s bot.Store) {
	rev := create(t, s, newCase("C1"))
	for _, ev := range []struct {
		id string
		at time.Time
	}{{"old", t0.Add(-72 * time.Hour)}, {"new", t0}} {
		if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, EventID: ev.id, At: ev.at}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneEvents(context.Background(), t0.Add(-48*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	if seen, _ := s.Seen(context.Background(), "old"); seen {
		t.Fatal("an old event id was kept")
	}
	if seen, _ := s.Seen(context.Background(), "new"); !seen {
		t.Fatal("a recent event id was forgotten")
	}
}

func testState(t *testing.T, s bot.Store) {
	if v, err := s.State(context.Background(), "nudge.last"); err != nil || v != nil {
		t.Fatalf("unset state: %q %v", v, err)
	}
	for _, v := range []string{"2026-11-23T09:00:00Z", "2026-11-30T09:00:00Z"} {
		if err := s.SetState(context.Background(), "nudge.last", []byte(v)); err != nil {
			t.Fatal(err)
		}
		got, err := s.State(context.Background(), "nudge.last")
		if err != nil || string(got) != v {
			t.Fatalf("state: %q %v, want %q", got, err, v)
		}
		got[0] = 'X' // the caller's copy
	}
	if got, _ := s.State(context.Background(), "nudge.last"); string(got) != "2026-11-30T09:00:00Z" {
		t.Fatalf("changing a returned value changed the store: %q", got)
	}
	if err := s.SetState(context.Background(), "nudge.last", nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.State(context.Background(), "nudge.last"); err != nil || got != nil {
		t.Fatalf("deleted state: %q %v", got, err)
	}
}

// testResidentsPage: a case's residents' page is found by its code, its
// answers come back with the case (added and removed ones too), and forget
// takes the code and the answers with the case.
func testResidentsPage(t *testing.T, s bot.Store) {
	if _, err := s.CodeChannel(context.Background(), "k7q2mxa4pz"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("an unknown code: %v, want ErrNotFound", err)
	}
	c := newCase("C1")
	c.Residents = &dialogs.ResidentsPage{Code: "k7q2mxa4pz", Open: true, Opened: t0, Next: 3, Answers: []dialogs.ResidentAnswer{
		{N: 1, Text: "Vi fikk se skissene", Age: "13-18", At: t0}, {N: 2, Text: "Fint med kaffe", At: t0}}}
	rev := create(t, s, c)
	create(t, s, newCase("C2"))
	if ch, err := s.CodeChannel(context.Background(), "k7q2mxa4pz"); err != nil || ch != "C1" {
		t.Fatalf("code: %q %v", ch, err)
	}
	got, _ := load(t, s, "C1")
	if !same(got, c) {
		t.Fatalf("loaded case differs:%s", diff(got, c))
	}
	was := got.Clone()
	got.Residents.Answers = append(got.Residents.Answers[1:], dialogs.ResidentAnswer{N: 3, Text: "Når kommer benkene?", At: t0})
	got.Residents.Removed = []int{1}
	got.Residents.Next = 4
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: got, Was: was, At: t0})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := load(t, s, "C1")
	if !same(again, got) {
		t.Fatalf("after adding and removing answers:%s", diff(again, got))
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: r.Rev, Forget: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CodeChannel(context.Background(), "k7q2mxa4pz"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the code survived forget: %v", err)
	}
	fresh := dialogs.Coach{}.NewCase("C1", "slack", "sak-C1", t0)
	create(t, s, fresh)
	if got, _ := load(t, s, "C1"); got.Residents != nil {
		t.Fatalf("the forgotten page came back: %+v", got.Residents)
	}
}
