package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// testWholeCommits: a reader never sees half a commit. Each commit writes
// the case's name as the number of its answers; every case read must agree.
func testWholeCommits(t *testing.T, s bot.Store) {
	c := newCase("C1")
	c.Name = "1"
	rev := create(t, s, c)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(done)
		for i := range 40 {
			n := c.Clone()
			n.Answers = append(n.Answers, dialogs.Answer{Round: 1, Question: 2 + i%12, Author: "U1", Text: strconv.Itoa(i), At: t0})
			if i%5 == 4 {
				n.Answers = n.Answers[1:] // a delete rewrites every later record
			}
			n.Name = strconv.Itoa(len(n.Answers))
			r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: n, Was: c, At: t0})
			if err != nil {
				t.Error(err)
				return
			}
			c, rev = n, r.Rev
		}
	})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				got, _, err := s.Load(context.Background(), "C1")
				if err != nil {
					t.Error(err)
					return
				}
				if got.Name != strconv.Itoa(len(got.Answers)) {
					t.Errorf("half a commit: the head says %s answers, the records %d", got.Name, len(got.Answers))
					return
				}
				err = s.Cases(context.Background(), func(got *dialogs.Case) error {
					if got.Name != strconv.Itoa(len(got.Answers)) {
						return fmt.Errorf("half a commit in Cases: the head says %s answers, the records %d", got.Name, len(got.Answers))
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// testConcurrentWriters: writers that read, change and commit one case,
// and read again on ErrConflict, lose no update.
func testConcurrentWriters(t *testing.T, s bot.Store) {
	create(t, s, dialogs.Coach{}.NewCase("C1", "slack", "sak-c1", t0))
	const writers, each = 4, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	conflicts := 0
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				for {
					c, rev, err := s.Load(context.Background(), "C1")
					if err != nil {
						t.Error(err)
						return
					}
					n := c.Clone()
					n.Answers = append(n.Answers, dialogs.Answer{Round: 1, Question: 1, Author: fmt.Sprint("U", w), Text: fmt.Sprint(w, "/", i), At: t0})
					_, err = s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: n, Was: c, EventID: fmt.Sprintf("Ev%d-%d", w, i), At: t0})
					if errors.Is(err, bot.ErrConflict) {
						mu.Lock()
						conflicts++
						mu.Unlock()
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	c, _ := load(t, s, "C1")
	if len(c.Answers) != writers*each {
		t.Fatalf("%d answers kept of %d committed (%d conflicts retried)", len(c.Answers), writers*each, conflicts)
	}
	have := map[string]bool{}
	for _, a := range c.Answers {
		have[a.Text] = true
	}
	if len(have) != writers*each {
		t.Fatalf("answers lost or doubled: %d distinct of %d", len(have), writers*each)
	}
}

// nullSender delivers nothing anywhere.
type nullSender struct{}

func (nullSender) Send(context.Context, bot.Outgoing) (string, error) { return "", nil }

// testTwoEngines: two engines on one store (two replicas) take reports for
// one case at once; none is lost, because a commit based on a stale cached
// case is refused and stepped again.
func testTwoEngines(t *testing.T, s bot.Store) {
	ctx := context.Background()
	engines := []*bot.Engine{
		bot.New(s, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true}),
		bot.New(s, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true}),
	}
	for _, e := range engines {
		e.Register("console", nullSender{})
	}
	ev := func(e *bot.Engine, id, cmd string) error {
		_, err := e.Handle(ctx, bot.Event{ID: id, Platform: "console", Channel: "C1", ChannelName: "sak-c1",
			Input: dialogs.Input{Kind: dialogs.InputCommand, Command: cmd, User: "U1"}})
		return err
	}
	if err := ev(engines[0], "Ev0", "start"); err != nil {
		t.Fatal(err)
	}
	// Both engines cache the case.
	for _, e := range engines {
		if _, err := e.Case("C1"); err != nil {
			t.Fatal(err)
		}
	}
	const each = 15
	var wg sync.WaitGroup
	for k, e := range engines {
		wg.Go(func() {
			for i := range each {
				if err := ev(e, fmt.Sprintf("Ev%d-%d", k, i), fmt.Sprintf("report fra %d nummer %d", k, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	c, _ := load(t, s, "C1")
	if len(c.Reports) != 2*each {
		t.Fatalf("%d reports kept of %d acknowledged by two engines", len(c.Reports), 2*each)
	}
	// Each engine reads what the other wrote when it next steps.
	for k, e := range engines {
		if err := ev(e, fmt.Sprintf("EvLast%d", k), "report siste"); err != nil {
			t.Fatal(err)
		}
	}
	if c, _ = load(t, s, "C1"); len(c.Reports) != 2*each+2 {
		t.Fatalf("%d reports after one more from each engine, want %d", len(c.Reports), 2*each+2)
	}
	// A redelivered event is a duplicate on either engine.
	res, err := engines[1].Handle(ctx, bot.Event{ID: "Ev0-0", Platform: "console", Channel: "C1",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "report igjen", User: "U1"}})
	if err != nil || !res.Duplicate {
		t.Fatalf("a redelivery on the other engine: %+v %v", res, err)
	}
}

// testDurable: what returned is there after the store is closed and
// opened again (stores that implement Reopener).
func testDurable(t *testing.T, s bot.Store) {
	ro, ok := s.(Reopener)
	if !ok {
		t.Skip("the store does not implement storetest.Reopener")
	}
	c := newCase("C1")
	prompt := dialogs.Reply{Kind: dialogs.ReplyPrompt, Round: 1, Question: 2}
	r, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Case: c, EventID: "EvD", At: t0, Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: prompt, Created: t0}, item("C1", "venter")}})
	if err != nil {
		t.Fatal(err)
	}
	posted, _ := dialogs.PostedFor(prompt, "1700.01", t0)
	_, rev, err := s.Delivered(context.Background(), r.Items[0].ID, "C1", &posted)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetState(context.Background(), "nudge.last", []byte("x")); err != nil {
		t.Fatal(err)
	}
	s = ro.Reopen(t)
	got, grev := load(t, s, "C1")
	c.Prompts = []dialogs.Posted{posted}
	if grev != rev || !same(got, c) {
		t.Fatalf("after reopen: rev %d, want %d:%s", grev, rev, diff(got, c))
	}
	if seen, _ := s.Seen(context.Background(), "EvD"); !seen {
		t.Fatal("the event id was lost")
	}
	if out := outbox(t, s); len(out) != 1 || out[0].ID != r.Items[1].ID || out[0].Reply.Text != "venter" {
		t.Fatalf("outbox after reopen: %+v", out)
	}
	if v, _ := s.State(context.Background(), "nudge.last"); string(v) != "x" {
		t.Fatalf("state after reopen: %q", v)
	}
	// Ids go on rising after a reopen.
	r2, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: grev, At: t0, Outbox: []bot.Outgoing{item("C1", "etter")}})
	if err != nil || r2.Items[0].ID <= r.Items[1].ID {
		t.Fatalf("an id after reopen: %+v %v", r2.Items, err)
	}
	// A stale base is still refused.
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: r.Rev, Case: c, At: t0}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("a commit on the revision before the reopen's: %v", err)
	}
}

// testFailure: a write that fails in the medium fails the store for good
// (stores that implement Breaker); what returned before is kept.
func testFailure(t *testing.T, s bot.Store) {
	b, ok := s.(Breaker)
	if !ok {
		t.Skip("the store does not implement storetest.Breaker")
	}
	c := newCase("C1")
	rev := create(t, s, c)
	b.Break(t)
	n := c.Clone()
	n.Current = 7
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C1", Base: rev, Case: n, Was: c, EventID: "EvFail", At: t0}); !errors.Is(err, bot.ErrStoreFailed) {
		t.Fatalf("a commit on a failing medium: %v, want ErrStoreFailed", err)
	}
	if err := s.Err(); !errors.Is(err, bot.ErrStoreFailed) {
		t.Fatalf("Err after the failure: %v", err)
	}
	if err := s.SetState(context.Background(), "k", []byte("v")); !errors.Is(err, bot.ErrStoreFailed) {
		t.Fatalf("SetState after the failure: %v", err)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "C2", Case: newCase("C2"), At: t0}); !errors.Is(err, bot.ErrStoreFailed) {
		t.Fatalf("a later commit: %v, want ErrStoreFailed", err)
	}
	ro, ok := s.(Reopener)
	if !ok {
		return
	}
	s = ro.Reopen(t)
	got, grev := load(t, s, "C1")
	if grev != rev || !same(got, c) {
		t.Fatalf("after the failure and a reopen: rev %d, want %d:%s", grev, rev, diff(got, c))
	}
}
