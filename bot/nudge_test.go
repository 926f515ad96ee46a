package bot_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

var oslo = mustLoad("Europe/Oslo")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func weekly(t testing.TB) dialogs.Schedule {
	s, err := cron.ParseStandard("0 9 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	return dialogs.SkipHolidays(s)
}

// seed creates n started cases directly in the database, started at since.
func seed(t testing.TB, db *storage.DB, n int, since time.Time) {
	t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c := dialogs.Coach{}.NewCase(fmt.Sprintf("C%05d", i), "slack", fmt.Sprintf("sak-%d", i), since)
			c.State, c.Round, c.Current, c.Started, c.Nudge.Since = dialogs.StateCompleted, 1, 14, since, since
			c.Answers = []dialogs.Answer{{Round: 1, Question: 13, Author: "U1", Text: "De vet hva som skjer videre", At: since}}
			if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func nudgesOf(s *fakeSender) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, m := range s.sent {
		if m.Reply.Kind == dialogs.ReplyNudge {
			out[m.Channel]++
		}
	}
	return out
}

func TestTickNudgesOncePerSlot(t *testing.T) {
	r := newRig(t, "")
	started := time.Date(2026, 11, 18, 12, 0, 0, 0, oslo) // a Wednesday
	seed(t, r.db, 3, started)
	s := bot.NewScheduler(r.engine, weekly(t), oslo)
	ctx := context.Background()

	steps := []struct {
		now   time.Time
		nudge int // nudges queued by this tick
	}{
		{time.Date(2026, 11, 23, 8, 59, 59, 0, oslo), 0}, // the slot before start (16 Nov) does not count
		{time.Date(2026, 11, 23, 9, 0, 0, 0, oslo), 3},   // exactly at the slot
		{time.Date(2026, 11, 23, 9, 0, 1, 0, oslo), 0},   // again: already had it
		{time.Date(2026, 11, 26, 15, 0, 0, 0, oslo), 0},  // mid-week
		// Down from the 26th over three slots (30 Nov, 7 and 14 Dec): one nudge, not three.
		{time.Date(2026, 12, 16, 10, 0, 0, 0, oslo), 3},
		{time.Date(2026, 12, 16, 11, 0, 0, 0, oslo), 0},
	}
	for _, st := range steps {
		r.clock.Set(st.now)
		got, err := s.Tick(ctx, st.now)
		if err != nil {
			t.Fatal(err)
		}
		if got.Queued != st.nudge {
			t.Fatalf("tick at %s queued %d, want %d", st.now, got.Queued, st.nudge)
		}
	}
	r.deliver()
	for ch, n := range nudgesOf(r.sender) {
		if n != 2 {
			t.Errorf("%s got %d nudges, want 2", ch, n)
		}
	}
	c, _ := r.engine.Case("C00000")
	if want := time.Date(2026, 12, 14, 9, 0, 0, 0, oslo); !c.Nudge.LastSlot.Equal(want) {
		t.Fatalf("last slot %s, want %s", c.Nudge.LastSlot, want)
	}
}

func TestTickSkipsHolidaysAndKeepsLocalTimeAcrossDST(t *testing.T) {
	r := newRig(t, "")
	seed(t, r.db, 1, time.Date(2027, 3, 1, 12, 0, 0, 0, oslo))
	s := bot.NewScheduler(r.engine, weekly(t), oslo)
	ctx := context.Background()
	// 22 March 2027, winter time: 09:00 Oslo is 08:00 UTC.
	r.clock.Set(time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC))
	if st, _ := s.Tick(ctx, r.clock.Now()); st.Queued != 1 {
		t.Fatalf("22 March: queued %d", st.Queued)
	}
	// Easter Monday 29 March 2027 (and summer time since the 28th): no nudge.
	r.clock.Set(time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC))
	if st, _ := s.Tick(ctx, r.clock.Now()); st.Queued != 0 {
		t.Fatalf("Easter Monday: queued %d", st.Queued)
	}
	// Tuesday 30 March 09:00 summer time = 07:00 UTC: the moved slot.
	r.clock.Set(time.Date(2027, 3, 30, 6, 59, 0, 0, time.UTC))
	if st, _ := s.Tick(ctx, r.clock.Now()); st.Queued != 0 {
		t.Fatalf("before the moved slot: queued %d", st.Queued)
	}
	r.clock.Set(time.Date(2027, 3, 30, 7, 0, 0, 0, time.UTC))
	if st, _ := s.Tick(ctx, r.clock.Now()); st.Queued != 1 {
		t.Fatalf("moved slot: queued %d", st.Queued)
	}
	if next := s.Next(r.clock.Now()); !next.Equal(time.Date(2027, 4, 5, 9, 0, 0, 0, oslo)) {
		t.Fatalf("next slot %s", next)
	}
}

// TestNudgeCrashAndRestart kills a nudge run part-way, twice — once while
// queueing, once while delivering — and checks every case is nudged
// exactly once for the slot.
func TestNudgeCrashAndRestart(t *testing.T) {
	const cases = 400
	r := newRig(t, "")
	seed(t, r.db, cases, time.Date(2026, 11, 2, 12, 0, 0, 0, oslo))
	slotTime := time.Date(2026, 11, 23, 9, 0, 0, 0, oslo)
	r.clock.Set(slotTime.Add(time.Minute))

	// Crash 1: the queueing stops after about a quarter of the cases.
	ctx, cancel := context.WithCancel(context.Background())
	var queued atomic.Int64
	r.engine.Metrics = cancelAfter{n: cases / 4, count: &queued, cancel: cancel}
	s := bot.NewScheduler(r.engine, weekly(t), oslo)
	s.Tick(ctx, r.clock.Now())
	cancel()
	if q := queued.Load(); q == 0 || q >= cases {
		t.Fatalf("the run was not interrupted part-way: %d queued", q)
	}
	// Crash 2: deliver some of what was queued, then die.
	sent := 0
	r.sender.fail = func(m bot.Outgoing, n int) error {
		if sent >= 50 {
			return fmt.Errorf("process killed")
		}
		sent++
		return nil
	}
	r.deliver()
	r.db.Close()

	// Restart on the same file: catch up, deliver everything.
	r2 := newRig(t, r.path)
	r2.sender = r.sender // the platform remembers what it got
	r2.sender.mu.Lock()
	r2.sender.fail = nil
	r2.sender.mu.Unlock()
	r2.engine.Register("slack", r2.sender)
	r2.clock.Set(slotTime.Add(5 * time.Minute))
	s2 := bot.NewScheduler(r2.engine, weekly(t), oslo)
	if _, err := s2.Tick(context.Background(), r2.clock.Now()); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	go r2.engine.Run(ctx2)
	if err := r2.engine.Settle(ctx2); err != nil {
		t.Fatal(err)
	}
	got := nudgesOf(r2.sender)
	if len(got) != cases {
		t.Fatalf("%d cases nudged, want %d", len(got), cases)
	}
	for ch, n := range got {
		if n != 1 {
			t.Fatalf("%s nudged %d times", ch, n)
		}
	}
	if err := r2.db.Check(); err != nil {
		t.Fatal(err)
	}
}

// cancelAfter cancels a run after n nudges were queued.
type cancelAfter struct {
	n      int64
	count  *atomic.Int64
	cancel context.CancelFunc
}

func (c cancelAfter) Nudged(string) {
	if c.count.Add(1) >= c.n {
		c.cancel()
	}
}
func (cancelAfter) Handled(string, string, time.Duration, bool, error) {}
func (cancelAfter) Replied(string, string)                             {}
func (cancelAfter) Sent(string, string, time.Duration, error)          {}
func (cancelAfter) Retried(string, bool)                               {}
func (cancelAfter) DeadLettered(string, string)                        {}
func (cancelAfter) Outbox(int, time.Time, time.Time)                   {}

func TestReportSinceLastSlotSkipsTheNudge(t *testing.T) {
	r := newRig(t, "")
	seed(t, r.db, 2, time.Date(2026, 11, 2, 12, 0, 0, 0, oslo))
	r.clock.Set(time.Date(2026, 11, 18, 10, 0, 0, 0, oslo))
	r.handle(bot.Event{Channel: "C00001", EphemeralOK: true, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "report De fikk svar på spørsmålene sine"}})
	s := bot.NewScheduler(r.engine, weekly(t), oslo)
	r.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, oslo))
	st, _ := s.Tick(context.Background(), r.clock.Now())
	if st.Queued != 1 {
		t.Fatalf("queued %d, want 1 (the case that reported is left alone)", st.Queued)
	}
	r.deliver()
	if got := nudgesOf(r.sender); got["C00001"] != 0 || got["C00000"] != 1 {
		t.Fatalf("nudges: %v", got)
	}
}

func TestNudgeThreadRepliesAreReports(t *testing.T) {
	r := newRig(t, "")
	seed(t, r.db, 1, time.Date(2026, 11, 2, 12, 0, 0, 0, oslo))
	r.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, oslo))
	bot.NewScheduler(r.engine, weekly(t), oslo).Tick(context.Background(), r.clock.Now())
	r.deliver()
	c, _ := r.engine.Case("C00000")
	ref := c.Prompts[len(c.Prompts)-1].Ref
	r.handle(bot.Event{ID: "Ev1", Channel: "C00000", Input: dialogs.Input{Kind: dialogs.InputMessage, User: "U2", Name: "Ola",
		Text: "De så skissene og vet når neste møte er", Thread: ref, Ref: "1764000000.000100"}})
	c, _ = r.engine.Case("C00000")
	if len(c.Reports) != 1 || c.Reports[0].Week != 48 || c.Reports[0].Name != "Ola" {
		t.Fatalf("reports: %+v", c.Reports)
	}
	ps := r.sender.posted("C00000")
	nudge := ps[len(ps)-1].Reply
	if nudge.Title != "Uke 48: Hva satt innbyggerne igjen med?" || nudge.Quote != "De vet hva som skjer videre" {
		t.Fatalf("nudge: %+v", nudge)
	}
}

// BenchmarkNudgeFanOut queues and delivers the weekly nudge to 10,000
// cases against an in-process platform, with and without 429s.
func BenchmarkNudgeFanOut(b *testing.B) {
	for _, share := range []int{0, 10} {
		b.Run(fmt.Sprintf("429-every-%d", share), func(b *testing.B) {
			const cases = 10000
			for range b.N {
				b.StopTimer()
				r := newRig(b, "")
				seed(b, r.db, cases, time.Date(2026, 11, 2, 12, 0, 0, 0, oslo))
				r.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, oslo))
				var calls atomic.Int64
				if share > 0 {
					r.sender.fail = func(m bot.Outgoing, n int) error {
						if calls.Add(1)%int64(share) == 0 {
							return &bot.RetryAfterError{After: 20 * time.Millisecond}
						}
						return nil
					}
				}
				s := bot.NewScheduler(r.engine, weekly(b), oslo)
				ctx, cancel := context.WithCancel(context.Background())
				go r.engine.Run(ctx)
				b.StartTimer()
				start := time.Now()
				if _, err := s.Tick(ctx, r.clock.Now()); err != nil {
					b.Fatal(err)
				}
				queued := time.Since(start)
				if err := r.engine.Settle(ctx); err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				b.StopTimer()
				cancel()
				if got := len(nudgesOf(r.sender)); got != cases {
					b.Fatalf("delivered %d, want %d", got, cases)
				}
				b.ReportMetric(float64(cases)/took.Seconds(), "nudges/s")
				b.ReportMetric(took.Seconds(), "s/run")
				b.ReportMetric(queued.Seconds(), "s-queueing")
			}
		})
	}
}
