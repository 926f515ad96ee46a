package bot_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// fakeSender records what the engine delivers and fails on demand.
type fakeSender struct {
	mu    sync.Mutex
	sent  []bot.Outgoing
	refs  atomic.Int64
	fail  func(m bot.Outgoing, attempt int) error // nil: always succeed
	tries map[uint64]int
}

func (f *fakeSender) Send(_ context.Context, m bot.Outgoing) (string, error) {
	f.mu.Lock()
	if f.tries == nil {
		f.tries = map[uint64]int{}
	}
	f.tries[m.ID]++
	n := f.tries[m.ID]
	fail := f.fail
	f.mu.Unlock()
	if fail != nil {
		if err := fail(m, n); err != nil {
			return "", err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	if m.Reply.Kind == dialogs.ReplyAck {
		return "", nil
	}
	return fmt.Sprintf("ts-%d", f.refs.Add(1)), nil
}

// posted returns what was delivered to channel, in order.
func (f *fakeSender) posted(channel string) []bot.Outgoing {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []bot.Outgoing
	for _, m := range f.sent {
		if m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

func (f *fakeSender) count(kind dialogs.ReplyKind) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.sent {
		if m.Reply.Kind == kind {
			n++
		}
	}
	return n
}

// clock is a controllable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type rig struct {
	t      testing.TB
	path   string
	db     *storage.DB
	engine *bot.Engine
	sender *fakeSender
	clock  *clock
}

func newRig(t testing.TB, path string) *rig {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "involve.db")
	}
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, path: path, db: db, sender: &fakeSender{}, clock: &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
	r.engine = bot.New(db, bot.Options{Prefixes: []string{"sak-", "case-"}, AutoStart: true})
	r.engine.Now = r.clock.Now
	r.engine.Backoff = func(int) time.Duration { return time.Millisecond }
	r.engine.Register("slack", r.sender)
	t.Cleanup(func() {
		if err := db.Check(); err == nil {
			db.Close()
		}
	})
	return r
}

func (r *rig) handle(ev bot.Event) bot.Result {
	r.t.Helper()
	if ev.Platform == "" {
		ev.Platform = "slack"
	}
	res, err := r.engine.Handle(context.Background(), ev)
	if err != nil {
		r.t.Fatalf("handle %+v: %v", ev.Input, err)
	}
	return res
}

func (r *rig) deliver() {
	r.t.Helper()
	if err := r.engine.Deliver(context.Background()); err != nil {
		r.t.Fatal(err)
	}
}

// lastPrompt returns the ref of the newest prompt delivered to channel.
func (r *rig) lastPrompt(channel string) (bot.Outgoing, string) {
	r.t.Helper()
	c, err := r.engine.Case(channel)
	if err != nil {
		r.t.Fatal(err)
	}
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		if c.Prompts[i].Kind == dialogs.PostedPrompt {
			ps := r.sender.posted(channel)
			for j := len(ps) - 1; j >= 0; j-- {
				if ps[j].Reply.Kind == dialogs.ReplyPrompt {
					return ps[j], c.Prompts[i].Ref
				}
			}
		}
	}
	r.t.Fatalf("no prompt delivered to %s", channel)
	return bot.Outgoing{}, ""
}

func answer(channel, thread, text string, n int) bot.Event {
	return bot.Event{ID: fmt.Sprintf("Ev-%s-%d", channel, n), Channel: channel, Input: dialogs.Input{
		Kind: dialogs.InputMessage, User: "U1", Name: "Kari", Text: text, Thread: thread, Ref: fmt.Sprintf("%d.000%d", 1700000000+n, n)}}
}

func TestWholeDialogueThroughEngine(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-grorud-sentrum", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	for q := 1; q <= dialogs.QuestionCount; q++ {
		m, ref := r.lastPrompt("C1")
		want := dialogs.Questions(dialogs.NB)[q-1].Text
		if m.Reply.Title != want || m.Reply.Progress != fmt.Sprintf("%d/14", q) {
			t.Fatalf("prompt %d: %q %q, want %q", q, m.Reply.Title, m.Reply.Progress, want)
		}
		r.handle(answer("C1", ref, fmt.Sprintf("svar %d", q), q))
		r.deliver()
	}
	c, _ := r.engine.Case("C1")
	if c.State != dialogs.StateCompleted || len(c.Answers) != 14 {
		t.Fatalf("after 14 answers: state %s, %d answers", c.State, len(c.Answers))
	}
	if n := r.sender.count(dialogs.ReplyPrompt); n != 14 {
		t.Fatalf("%d prompts posted, want 14", n)
	}
	if n := r.sender.count(dialogs.ReplyAck); n != 14 {
		t.Fatalf("%d acks, want 14", n)
	}
	ps := r.sender.posted("C1")
	last := ps[len(ps)-1]
	if last.Reply.Kind != dialogs.ReplySummary || !strings.Contains(fmt.Sprint(last.Reply.Sections), "svar 13") {
		t.Fatalf("last message is not the summary with the answers: %+v", last.Reply)
	}
}

func TestDuplicateEventHasOneEffect(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	ev := answer("C1", ref, "første", 1)
	if res := r.handle(ev); res.Duplicate {
		t.Fatal("first delivery marked duplicate")
	}
	if res := r.handle(ev); !res.Duplicate {
		t.Fatal("redelivery not marked duplicate")
	}
	r.deliver()
	c, _ := r.engine.Case("C1")
	if len(c.Answers) != 1 || c.Current != 2 {
		t.Fatalf("redelivered answer counted twice: %d answers, at %d", len(c.Answers), c.Current)
	}
	if n := r.sender.count(dialogs.ReplyPrompt); n != 2 {
		t.Fatalf("%d prompts, want 2", n)
	}
}

func TestMessagesInUnknownChannelsCreateNothing(t *testing.T) {
	r := newRig(t, "")
	r.handle(answer("C9", "", "prat i kanalen", 1))
	if _, err := r.engine.Case("C9"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("a plain message created a case: %v", err)
	}
}

func TestEphemeralRepliesStayOutOfTheOutbox(t *testing.T) {
	r := newRig(t, "")
	res := r.handle(bot.Event{Channel: "C1", EphemeralOK: true, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "help"}})
	if len(res.Ephemeral) != 1 || res.Ephemeral[0].Kind != dialogs.ReplyHelp {
		t.Fatalf("help not returned ephemerally: %+v", res.Ephemeral)
	}
	r.deliver()
	if len(r.sender.posted("C1")) != 0 {
		t.Fatal("ephemeral help was posted")
	}
	// Without EphemeralOK the same help is posted.
	r.handle(bot.Event{Channel: "C2", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "hjelp", Thread: "99.1"}})
	r.deliver()
	ps := r.sender.posted("C2")
	if len(ps) != 1 || ps[0].Reply.Kind != dialogs.ReplyHelp || ps[0].Thread != "99.1" {
		t.Fatalf("help without ephemeral: %+v", ps)
	}
}

func TestOutboxRetriesInOrderAndNothingIsLost(t *testing.T) {
	r := newRig(t, "")
	var down atomic.Bool
	down.Store(true)
	r.sender.fail = func(m bot.Outgoing, n int) error {
		if down.Load() {
			return errors.New("503 service unavailable")
		}
		return nil
	}
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	for range 3 {
		r.deliver()
		time.Sleep(2 * time.Millisecond)
	}
	if len(r.sender.posted("C1")) != 0 {
		t.Fatal("posted while the platform was down")
	}
	items, _ := r.db.Outbox(context.Background(), 10)
	if len(items) != 2 || items[0].Attempts == 0 {
		t.Fatalf("outbox while down: %+v", items)
	}
	if items[1].Attempts != 0 {
		t.Fatal("the second reply was tried before the first got through")
	}
	down.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go r.engine.Run(ctx)
	if err := r.engine.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	ps := r.sender.posted("C1")
	if len(ps) != 2 || ps[0].Reply.Kind != dialogs.ReplyWelcome || ps[1].Reply.Kind != dialogs.ReplyPrompt {
		t.Fatalf("after recovery: %+v", ps)
	}
}

func TestRetryAfterIsRespected(t *testing.T) {
	r := newRig(t, "")
	var first atomic.Int64
	r.sender.fail = func(m bot.Outgoing, n int) error {
		if n == 1 {
			first.Store(time.Now().UnixNano())
			return &bot.RetryAfterError{After: 150 * time.Millisecond}
		}
		if since := time.Since(time.Unix(0, first.Load())); since < 140*time.Millisecond {
			return fmt.Errorf("retried after %s, before Retry-After", since)
		}
		return nil
	}
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go r.engine.Run(ctx)
	if err := r.engine.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.sender.posted("C1")); n != 2 {
		t.Fatalf("%d delivered, want 2 (each once)", n)
	}
}

func TestPermanentFailureIsSetAside(t *testing.T) {
	r := newRig(t, "")
	r.sender.fail = func(m bot.Outgoing, n int) error {
		if m.Reply.Kind == dialogs.ReplyWelcome {
			return &bot.PermanentError{Err: errors.New("channel_not_found")}
		}
		return nil
	}
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	st, _ := r.db.Stats()
	if st.Dead != 1 || st.Outbox != 0 {
		t.Fatalf("stats: %+v", st)
	}
}

// TestCrashLosesNothingAcknowledged: an answer Handle returned for is in
// the database after the process dies, and its replies go out after restart.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	r.handle(answer("C1", ref, "lagret før krasj", 1))
	// The process dies before delivering: close without a pass.
	r.db.Close()

	r2 := newRig(t, r.path)
	c, err := r2.engine.Case("C1")
	if err != nil || len(c.Answers) != 1 || c.Answers[0].Text != "lagret før krasj" {
		t.Fatalf("answer lost: %v %+v", err, c)
	}
	r2.deliver()
	ps := r2.sender.posted("C1")
	if len(ps) != 2 || ps[0].Reply.Kind != dialogs.ReplyAck || ps[1].Reply.Question != 2 {
		t.Fatalf("after restart: %+v", ps)
	}
}

func TestConcurrentChannels(t *testing.T) {
	r := newRig(t, "")
	const channels = 200
	for i := range channels {
		r.handle(bot.Event{Channel: fmt.Sprintf("C%03d", i), ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	}
	r.deliver()
	var wg sync.WaitGroup
	for i := range channels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch := fmt.Sprintf("C%03d", i)
			c, _ := r.engine.Case(ch)
			ref := c.Prompts[len(c.Prompts)-1].Ref
			for k := range 5 { // several people answer question 1 at once
				if _, err := r.engine.Handle(context.Background(), answer(ch, ref, "svar", k)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	r.deliver()
	for i := range channels {
		c, _ := r.engine.Case(fmt.Sprintf("C%03d", i))
		if len(c.Answers) != 5 || c.Current != 2 {
			t.Fatalf("%s: %d answers, at %d", c.Channel, len(c.Answers), c.Current)
		}
	}
	if n := r.sender.count(dialogs.ReplyPrompt); n != 2*channels {
		t.Fatalf("%d prompts, want %d (one next prompt per channel)", n, 2*channels)
	}
}

func TestForgetThenStart(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	r.handle(answer("C1", ref, "hemmelig", 1))
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget"}})
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget yes"}})
	if _, err := r.engine.Case("C1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("case not forgotten: %v", err)
	}
	r.deliver()
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start"}})
	c, _ := r.engine.Case("C1")
	if len(c.Answers) != 0 || c.Round != 1 || c.State != dialogs.StateAsking {
		t.Fatalf("after forget and start: %+v", c)
	}
}

func BenchmarkAnswerEndToEnd(b *testing.B) {
	r := newRig(b, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		// Late answers to question 1: stored durably and acknowledged.
		if _, err := r.engine.Handle(context.Background(), answer("C1", ref, "svar", i)); err != nil {
			b.Fatal(err)
		}
		if i%64 == 0 { // keep the case small: it is rewritten whole on every answer
			b.StopTimer()
			r.engine.Deliver(context.Background())
			r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget"}})
			r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget yes"}})
			r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
			r.deliver()
			_, ref = r.lastPrompt("C1")
			b.StartTimer()
		}
	}
}

func BenchmarkEmptyCommit(b *testing.B) {
	r := newRig(b, "")
	for b.Loop() {
		if err := r.db.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRunStopsPromptlyWithRepliesWaiting(t *testing.T) {
	r := newRig(t, "")
	r.sender.fail = func(bot.Outgoing, int) error { return errors.New("503") }
	r.engine.MaxAttempts = math.MaxInt // the point is stopping, not giving up
	for i := range 20 {
		r.handle(bot.Event{Channel: fmt.Sprintf("C%d", i), ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.engine.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if n, _ := r.db.Outbox(context.Background(), 100); len(n) != 40 {
		t.Fatalf("%d replies kept for the next start, want 40", len(n))
	}
}

// BenchmarkAnswerToFinishedCase is one answer to a case whose reflection
// is done (14 questions answered twice): a late answer in question 14's
// thread, stored durably and acknowledged. The answers rotate over 64
// such cases, so each grows by a few dozen answers at most.
func BenchmarkAnswerToFinishedCase(b *testing.B) {
	r := newRig(b, "")
	const cases = 64
	refs := make([]string, cases)
	n := 0
	for k := range cases {
		ch := fmt.Sprintf("C%d", k)
		r.handle(bot.Event{Channel: ch, ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
		r.deliver()
		for q := 1; q <= dialogs.QuestionCount; q++ {
			_, ref := r.lastPrompt(ch)
			for range 2 {
				n++
				r.handle(answer(ch, ref, "Vi møter folk på torget før høringen, og forteller tydelig hva som ligger fast.", n))
			}
			r.deliver()
			refs[k] = ref
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		if _, err := r.engine.Handle(context.Background(), answer(fmt.Sprintf("C%d", i%cases), refs[i%cases], "Et sent svar på spørsmål 14.", n+i)); err != nil {
			b.Fatal(err)
		}
	}
}

// A command that changes nothing and is answered in its own response
// writes nothing, not even its id (no fsync on /involve status); one that
// changes the case records its id, so its redelivery is a duplicate.
func TestReadOnlyCommandWritesNothing(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{ID: "T1", Channel: "C1", ChannelName: "sak-x", EphemeralOK: true, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start"}})
	if seen, _ := r.db.Seen(context.Background(), "T1"); !seen {
		t.Fatal("a command that started the case did not record its id")
	}
	before, _ := r.db.Stats()
	res := r.handle(bot.Event{ID: "T2", Channel: "C1", EphemeralOK: true, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "status"}})
	if len(res.Ephemeral) == 0 || res.Duplicate {
		t.Fatalf("status: %+v", res)
	}
	if seen, _ := r.db.Seen(context.Background(), "T2"); seen {
		t.Fatal("a read-only command recorded its id")
	}
	if after, _ := r.db.Stats(); after.Events != before.Events || after.Outbox != before.Outbox {
		t.Fatalf("a read-only command wrote: %+v → %+v", before, after)
	}
	if res := r.handle(bot.Event{ID: "T1", Channel: "C1", EphemeralOK: true, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start"}}); !res.Duplicate {
		t.Fatalf("the redelivered start: %+v", res)
	}
}
