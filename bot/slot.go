package bot

import (
	"time"

	"github.com/robfig/cron/v3"
)

// localSlot returns the slot of a schedule that fired at t: a local date
// and time in loc, not an instant. In the hour that autumn repeats, one
// local time names two instants (02:30 summer time and, an hour later,
// 02:30 winter time); both are the same slot, kept as the earlier one, so
// that a case that had the first is not nudged again at the second.
func localSlot(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	lt := t.In(loc)
	wall := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
	earliest := lt
	// The instants that show this wall time are wall minus one of the
	// zone's offsets around it.
	for _, d := range []time.Duration{-12 * time.Hour, 0, 12 * time.Hour} {
		_, off := t.Add(d).In(loc).Zone()
		u := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if sameWall(u, lt) && u.Before(earliest) {
			earliest = u
		}
	}
	return earliest
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() &&
		a.Second() == b.Second() && a.Nanosecond() == b.Nanosecond()
}

// EveryEpoch is the instant "@every" schedules count their slots from.
var EveryEpoch = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC) // a Monday

// TieEvery ties a constant-delay schedule (robfig/cron's "@every 168h") to
// EveryEpoch: its slots are EveryEpoch plus whole multiples of the delay,
// the same on every replica and after every restart. Cron's own counts
// from when it was asked, so each start (and each change of leader) made
// a new slot and nudged again. Other schedules come back as they are.
func TieEvery(s cron.Schedule) cron.Schedule {
	if cd, ok := s.(cron.ConstantDelaySchedule); ok && cd.Delay > 0 {
		return everySchedule{delay: cd.Delay}
	}
	return s
}

type everySchedule struct{ delay time.Duration }

// Next returns the first slot after t.
func (e everySchedule) Next(t time.Time) time.Time {
	n := t.Sub(EveryEpoch) / e.delay
	next := EveryEpoch.Add((n + 1) * e.delay)
	for !next.After(t) { // t before the epoch: division rounds towards zero
		next = next.Add(e.delay)
	}
	for next.Add(-e.delay).After(t) {
		next = next.Add(-e.delay)
	}
	return next.In(t.Location())
}
