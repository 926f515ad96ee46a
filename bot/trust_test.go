package bot_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
	"github.com/oslo-involve/involve/storage/faultfile"
)

// startCase starts a case in channel and answers its first prompt with text.
func startCase(r *rig, channel, text string) {
	r.t.Helper()
	r.handle(bot.Event{Channel: channel, ChannelName: "sak-" + channel, Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt(channel)
	r.handle(answer(channel, ref, text, 1))
	r.deliver()
}

// summaryRefused makes the sender refuse summaries for good, so they end
// as dead letters holding the answers.
func summaryRefused(m bot.Outgoing, _ int) error {
	if m.Reply.Kind == dialogs.ReplySummary {
		return &bot.PermanentError{Err: errors.New("msg_too_long")}
	}
	return nil
}

func postedText(f *fakeSender, channel, text string) bool {
	for _, m := range f.posted(channel) {
		if strings.Contains(fmt.Sprintf("%+v", m.Reply), text) {
			return true
		}
	}
	return false
}

// After forget, nothing the team said is left in any bucket of the file:
// not the case, not a dead letter holding a summary, not a queued reply.
func TestForgetLeavesNoTextInTheFile(t *testing.T) {
	r := newRig(t, "")
	const secret = "Kari bor i Grorudveien 5"
	startCase(r, "C1", secret)
	startCase(r, "C2", "Det andre svaret")
	r.sender.fail = summaryRefused
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "summary"}})
	r.deliver() // the summary becomes a dead letter
	if st, _ := r.db.Stats(); st.Dead != 1 {
		t.Fatalf("dead letters: %d", st.Dead)
	}
	r.sender.fail = nil
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "summary"}}) // queued, not delivered
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget"}})
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "forget yes"}})
	r.deliver()
	if postedText(r.sender, "C1", secret) {
		t.Fatal("a summary queued before forget was posted after it")
	}
	r.db.Close()
	if found := bottest.ScanFile(t, r.path, secret); len(found) > 0 {
		t.Fatalf("after forget the file still holds the case's text:\n%s", strings.Join(found, "\n"))
	}
	if found := bottest.ScanFile(t, r.path, "Det andre svaret"); len(found) == 0 {
		t.Fatal("the other case went too")
	}
}

// Retention deletes a closed case as forget does, through the engine: its
// dead letters, its queued replies, and nothing of it is posted after.
func TestRetentionLeavesNoTextAndPostsNothing(t *testing.T) {
	r := newRig(t, "")
	const secret = "Ola sa noe personlig"
	startCase(r, "C1", secret)
	r.sender.fail = summaryRefused
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "summary"}})
	r.deliver()
	r.sender.fail = nil
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "close"}})
	r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "summary"}}) // queued
	sent := len(r.sender.posted("C1"))
	r.clock.Set(r.clock.Now().Add(40 * 24 * time.Hour))
	s := bot.NewScheduler(r.engine, nil, nil)
	s.RetainClosed = 30 * 24 * time.Hour
	s.Housekeep(r.clock.Now())
	if _, err := r.engine.Case("C1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("case after retention: %v", err)
	}
	r.deliver()
	if n := len(r.sender.posted("C1")); n != sent {
		t.Fatalf("%d replies of a deleted case were posted after retention", n-sent)
	}
	r.db.Close()
	if found := bottest.ScanFile(t, r.path, secret); len(found) > 0 {
		t.Fatalf("after retention the file still holds the case's text:\n%s", strings.Join(found, "\n"))
	}
}

// A reply that fails with an error the engine does not know (Slack's
// thread_locked) is retried a bounded number of times, then set aside as a
// dead letter with a metric, and the channel's later replies go out.
func TestUnknownErrorIsDeadLetteredAndTheChannelGoesOn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		adjust func(e *bot.Engine)
	}{
		{"attempts", func(e *bot.Engine) {}},
		// The age is read on the engine's clock, which must move for it.
		{"age", func(e *bot.Engine) { e.MaxAttempts, e.MaxAge, e.Now = 1<<30, time.Nanosecond, time.Now }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "")
			obs := &deadCounter{}
			r.engine.Metrics = obs
			tc.adjust(r.engine)
			r.sender.fail = func(m bot.Outgoing, _ int) error {
				if m.Reply.Kind == dialogs.ReplyWelcome {
					return errors.New("slack: thread_locked")
				}
				return nil
			}
			r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := r.engine.Settle(ctx); err != nil {
				t.Fatalf("the channel stayed wedged: %v", err)
			}
			if r.sender.count(dialogs.ReplyPrompt) != 1 {
				t.Fatal("the prompt behind the failing welcome was not delivered")
			}
			if st, _ := r.db.Stats(); st.Dead != 1 || st.Outbox != 0 {
				t.Fatalf("stats after giving up: %+v", st)
			}
			if obs.get() != "slack retries" {
				t.Fatalf("metric: %q", obs.get())
			}
			r.sender.mu.Lock()
			tries := 0
			for _, n := range r.sender.tries {
				tries = max(tries, n)
			}
			r.sender.mu.Unlock()
			if tc.name == "attempts" && tries != 12 {
				t.Fatalf("%d attempts, want 12", tries)
			}
		})
	}
}

type deadCounter struct {
	cancelAfter
	mu   sync.Mutex
	last string
}

func (d *deadCounter) DeadLettered(platform, reason string) {
	d.mu.Lock()
	d.last = platform + " " + reason
	d.mu.Unlock()
}
func (d *deadCounter) Nudged(string) {}
func (d *deadCounter) get() string   { d.mu.Lock(); defer d.mu.Unlock(); return d.last }

// A reply is Uncertain after an attempt that may have reached the platform,
// and when read back from the file at start; not after a clear refusal.
func TestUncertainAfterAmbiguousFailuresAndRestart(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("post: %w", context.DeadlineExceeded), true},
		{&bot.AmbiguousError{Err: errors.New("slack: 502 Bad Gateway")}, true},
		{errors.New("slack: 503 before the request was sent"), false},
	} {
		r := newRig(t, "")
		var mu sync.Mutex
		var seen []bool
		r.sender.fail = func(m bot.Outgoing, n int) error {
			if m.Reply.Kind != dialogs.ReplyWelcome {
				return nil
			}
			mu.Lock()
			seen = append(seen, m.Uncertain)
			mu.Unlock()
			if n == 1 {
				return tc.err
			}
			return nil
		}
		r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := r.engine.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		if len(seen) != 2 || seen[0] || seen[1] != tc.want {
			t.Fatalf("%v: uncertain per attempt %v, want [false %v]", tc.err, seen, tc.want)
		}
	}

	// Read back at start after a crash: a channel's first item may have
	// been in flight (delivery is in order, one at a time), the rest not.
	path := filepath.Join(t.TempDir(), "involve.db")
	r := newRig(t, path)
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.handle(bot.Event{Channel: "C2", ChannelName: "sak-y", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.db.Close() // no clean stop
	r = newRig(t, path)
	r.deliver()
	for _, ch := range []string{"C1", "C2"} {
		ps := r.sender.posted(ch)
		if len(ps) != 2 || !ps[0].Uncertain || ps[1].Uncertain {
			t.Fatalf("%s after a crash: %d posted, uncertain %v", ch, len(ps), uncertainOf(ps))
		}
	}

	// After a clean stop (Run returned, MarkStopped) none is.
	path = filepath.Join(t.TempDir(), "involve.db")
	r = newRig(t, path)
	stopper := bot.New(r.db, bot.Options{}) // no sender: nothing is sent before the stop
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- stopper.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := stopper.MarkStopped(); err != nil {
		t.Fatal(err)
	}
	r.db.Close()
	r = newRig(t, path)
	r.deliver()
	if ps := r.sender.posted("C1"); len(ps) != 2 || ps[0].Uncertain || ps[1].Uncertain {
		t.Fatalf("after a clean stop: %d posted, uncertain %v", len(ps), uncertainOf(ps))
	}
}

func uncertainOf(ps []bot.Outgoing) []bool {
	var out []bool
	for _, m := range ps {
		out = append(out, m.Uncertain)
	}
	return out

}

// When the disk fails under the engine, even for a moment, it acknowledges
// no further event, says so, delivers nothing more, and every answer it acknowledged is in
// the file when it is opened afresh.
func TestFailedDiskStopsTheEngine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	ff := faultfile.New(t)
	db, err := storage.Open(path, &storage.Options{OpenFile: ff.Open})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, path: path, db: db, sender: &fakeSender{}, clock: &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
	r.engine = bot.New(db, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true})
	r.engine.Now = r.clock.Now
	r.engine.Register("slack", r.sender)
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	acked := 0
	for i := range 200 {
		switch i {
		case 100:
			ff.Fail()
		case 110:
			ff.Heal() // a transient fault: the disk works again, the cache may be stale
		}
		_, err := r.engine.Handle(context.Background(), answer("C1", ref, fmt.Sprintf("svar %d", i), i))
		if err == nil {
			if i >= 100 {
				t.Fatalf("answer %d acknowledged after the disk failed", i)
			}
			acked++
			continue
		}
		if !errors.Is(err, bot.ErrStopped) && !errors.Is(err, storage.ErrFailed) {
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	if err := r.engine.Err(); !errors.Is(err, bot.ErrStopped) {
		t.Fatalf("engine Err: %v", err)
	}
	// A redelivery of an acknowledged answer is refused too, not taken as
	// a duplicate of what the cache says.
	if _, err := r.engine.Handle(context.Background(), answer("C1", ref, "svar 5", 5)); err == nil {
		t.Fatal("an event was taken after the disk failed")
	}
	before := len(r.sender.posted("C1"))
	r.engine.Deliver(context.Background())
	if n := len(r.sender.posted("C1")); n != before {
		t.Fatalf("%d replies delivered after the disk failed", n-before)
	}
	db.Close()

	db, err = storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Answers) != acked {
		t.Fatalf("%d answers in the file, %d acknowledged", len(c.Answers), acked)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// A file of the first layout, run by the current engine: a late reply in
// an old prompt's thread is attributed to that prompt's question, a reply
// in the old nudge's thread is a report, and the weekly run reaches it (the
// case is still in the questions: it gets the one reminder of its open
// question, in that question's thread).
func TestLayout1FileThroughTheEngine(t *testing.T) {
	for _, f := range []string{"layout-1.db", "layout-1-refs.db"} {
		t.Run(f, func(t *testing.T) { testLayout1FileThroughTheEngine(t, f) })
	}
}

func testLayout1FileThroughTheEngine(t *testing.T, fixture string) {
	src, err := os.ReadFile("../storage/testdata/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "layout-1.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, path)
	r.handle(bot.Event{ID: "EvLate1", Channel: "C0FIXTURE1", Input: dialogs.Input{Kind: dialogs.InputMessage, User: "U03",
		Name: "Per", Text: "Et sent svar", Thread: "1700000000.000200", Ref: "1700000200.000001"}})
	r.handle(bot.Event{ID: "EvLate2", Channel: "C0FIXTURE1", Input: dialogs.Input{Kind: dialogs.InputMessage, User: "U03",
		Name: "Per", Text: "En sen rapport", Thread: "1700000000.000700", Ref: "1700000200.000002"}})
	c, err := r.engine.Case("C0FIXTURE1")
	if err != nil {
		t.Fatal(err)
	}
	var late *dialogs.Answer
	for i := range c.Answers {
		if c.Answers[i].Text == "Et sent svar" {
			late = &c.Answers[i]
		}
	}
	if late == nil || late.Question != 1 {
		t.Fatalf("the late reply in the first prompt's thread: %+v", late)
	}
	if n := len(c.Reports); n != 2 || c.Reports[1].Text != "En sen rapport" {
		t.Fatalf("reports: %+v", c.Reports)
	}
	r.clock.Set(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	st, err := r.engine.NudgeAll(context.Background(), time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if err != nil || st.Queued == 0 {
		t.Fatalf("nudge on the old file: %+v %v", st, err)
	}
	r.deliver()
	if n := r.sender.count(dialogs.ReplyNudge) + r.sender.count(dialogs.ReplyText); n != 1 {
		t.Fatalf("weekly run on the old file posted %d nudges or reminders, want 1", n)
	}
}

// Retention runs under the case's lock: late answers racing it either land
// before the case is deleted or find no case, and never bring it back.
func TestRetentionRacingEventsDoesNotBringTheCaseBack(t *testing.T) {
	for iter := range 30 {
		r := newRig(t, "")
		startCase(r, "C1", "første svar")
		_, ref := r.lastPrompt("C1")
		r.handle(bot.Event{Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "close"}})
		r.clock.Set(r.clock.Now().Add(40 * 24 * time.Hour))
		s := bot.NewScheduler(r.engine, nil, nil)
		s.RetainClosed = 30 * 24 * time.Hour
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for i := range 10 {
					r.engine.Handle(context.Background(), answer("C1", ref, "sent svar", 100+w*10+i))
				}
			}()
		}
		wg.Add(1)
		go func() { defer wg.Done(); <-start; s.Housekeep(r.clock.Now()) }()
		close(start)
		wg.Wait()
		if _, err := r.db.Case("C1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("iteration %d: a late answer brought the deleted case back (%v)", iter, err)
		}
	}
}
