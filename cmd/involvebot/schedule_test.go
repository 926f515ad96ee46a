package main

import (
	"testing"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// An "@every" nudge.schedule has slots that do not move with the clock: a
// restart (or a new leader) a few minutes later finds the slot it had, so
// no case is nudged again. Cron's own "@every" counts from when it is asked.
func TestEveryScheduleSlotsStayPut(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Nudge.Schedule, cfg.Nudge.SkipHolidays = "@every 24h", false
	sched, err := nudgeSchedule(cfg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 7, 10, 3, 0, 0, time.UTC)
	first := dialogs.LatestSlot(sched, start)
	for _, later := range []time.Duration{time.Minute, 17 * time.Minute, 5 * time.Hour} {
		if got := dialogs.LatestSlot(sched, start.Add(later)); !got.Equal(first) {
			t.Errorf("the slot at %s is %s; %v later it is %s", start, first, later, got)
		}
	}
	if got := dialogs.LatestSlot(sched, start.Add(24*time.Hour)); !got.Equal(first.Add(24 * time.Hour)) {
		t.Errorf("the next day's slot is %s, want %s", got, first.Add(24*time.Hour))
	}
}
