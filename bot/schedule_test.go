package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// A schedule inside the hour that autumn repeats (Europe/Oslo, 25 October
// 2026: 03:00 summer time goes back to 02:00) nudges once: a slot is a
// local date and time, and 02:30 is one slot however often the clock shows it.
func TestSlotInTheRepeatedAutumnHourNudgesOnce(t *testing.T) {
	r := newRig(t, "")
	seed(t, r.db, 2, time.Date(2026, 10, 1, 12, 0, 0, 0, oslo))
	sched, err := cron.ParseStandard("30 2 * * SUN")
	if err != nil {
		t.Fatal(err)
	}
	s := bot.NewScheduler(r.engine, sched, oslo)
	ctx := context.Background()
	total := 0
	// 02:30 summer time (00:30 UTC), then 02:30 winter time (01:30 UTC),
	// and the rest of the day.
	for _, now := range []time.Time{
		time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 1, 45, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 12, 0, 0, 0, time.UTC),
	} {
		r.clock.Set(now)
		st, err := s.Tick(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Queued
	}
	r.deliver()
	for ch, n := range nudgesOf(r.sender) {
		if n != 1 {
			t.Errorf("%s nudged %d times on 25 October, want once", ch, n)
		}
	}
	if total != 2 {
		t.Errorf("queued %d nudges, want 2", total)
	}
	// The next Sunday is an ordinary one.
	r.clock.Set(time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC))
	if st, _ := s.Tick(ctx, r.clock.Now()); st.Queued != 2 {
		t.Errorf("1 November: queued %d, want 2", st.Queued)
	}
}

// A clock that jumps forward by days must not make housekeeping forget the
// event ids of the last hours: Slack still redelivers those, and each must
// still have one effect. Pruning counts from the newest event recorded.
func TestClockJumpDoesNotForgetRecentEventIDs(t *testing.T) {
	r := newRig(t, "")
	s := bot.NewScheduler(r.engine, weekly(t), oslo)
	r.handle(bot.Event{ID: "Ev1", Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")
	ev := answer("C1", ref, "Vi inviterer skolene", 1)
	ev.ID = "Ev2"
	r.handle(ev)
	r.clock.Set(r.clock.Now().Add(72 * time.Hour)) // the host's clock jumps three days ahead
	s.Housekeep(r.clock.Now())
	if res := r.handle(ev); !res.Duplicate {
		t.Fatal("the answer redelivered after the clock jumped was taken again")
	}
	if c, _ := r.engine.Case("C1"); len(c.Answers) != 1 {
		t.Fatalf("%d answers stored, want 1", len(c.Answers))
	}
	// Ids older than the memory, counted from the newest, still go.
	r.handle(bot.Event{ID: "Ev3", Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "status"}})
	s.Housekeep(r.clock.Now())
	if seen, _ := r.db.Seen(context.Background(), "Ev2"); seen {
		t.Error("an id recorded 72 hours before the newest was kept")
	}
}
