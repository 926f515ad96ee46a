package dialogs

import (
	"slices"
	"time"
)

// Schedule is the part of a cron schedule the coach needs; robfig/cron's
// cron.Schedule satisfies it. Next returns the first slot strictly after the
// given time, or the zero time when there is none.
type Schedule interface {
	Next(time.Time) time.Time
}

// Day is one Norwegian public holiday.
type Day struct {
	Date   time.Time // midnight UTC of the date
	Name   string    // the Norwegian (bokmål) name, e.g. "Andre påskedag"
	NameEN string    // the English name, e.g. "Easter Monday"
}

// holiday is one row of holidayTable: a fixed date, or a number of days
// from Easter Sunday when month is zero.
type holiday struct {
	month        time.Month
	day          int
	name, nameEN string
}

// holidayTable holds the Norwegian public holidays: the church holidays and
// the two public days of 1 and 17 May. Its order breaks ties when two fall
// on one date (17 May 2027 is also Whit Monday): the fixed date comes first.
var holidayTable = [...]holiday{
	{time.January, 1, "Første nyttårsdag", "New Year's Day"},
	{0, -3, "Skjærtorsdag", "Maundy Thursday"},
	{0, -2, "Langfredag", "Good Friday"},
	{0, 0, "Første påskedag", "Easter Sunday"},
	{0, 1, "Andre påskedag", "Easter Monday"},
	{time.May, 1, "Offentlig høytidsdag", "Labour Day"},
	{time.May, 17, "Grunnlovsdag", "Constitution Day"},
	{0, 39, "Kristi himmelfartsdag", "Ascension Day"},
	{0, 49, "Første pinsedag", "Whit Sunday"},
	{0, 50, "Andre pinsedag", "Whit Monday"},
	{time.December, 25, "Første juledag", "Christmas Day"},
	{time.December, 26, "Andre juledag", "Boxing Day"},
}

// date returns the holiday's date in year, given that year's Easter Sunday.
func (h holiday) date(year int, easter time.Time) time.Time {
	if h.month == 0 {
		return easter.AddDate(0, 0, h.day)
	}
	return time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC)
}

// easterSunday returns Easter Sunday of a Gregorian year at midnight UTC,
// by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return time.Date(year, time.Month(n/31), n%31+1, 0, 0, 0, 0, time.UTC)
}

// civilDate returns the calendar day of t, in t's location, as midnight UTC.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Holiday reports whether the calendar day of t (in t's location) is a
// Norwegian public holiday, and its Norwegian name. When two holidays share
// the day, the fixed-date one is named (17 May is Grunnlovsdag even when it
// is also Whit Monday).
func Holiday(t time.Time) (name string, ok bool) {
	year, month, day := t.Date()
	fromEaster := t.YearDay() - easterSunday(year).YearDay()
	for _, h := range holidayTable {
		if (h.month == 0 && h.day == fromEaster) || (h.month == month && h.day == day) {
			return h.name, true
		}
	}
	return "", false
}

// Holidays returns the public holidays of a year, in order of date. A date
// with two holidays appears twice, the fixed-date holiday first.
func Holidays(year int) []Day {
	easter := easterSunday(year)
	days := make([]Day, 0, len(holidayTable))
	for _, h := range holidayTable {
		days = append(days, Day{Date: h.date(year, easter), Name: h.name, NameEN: h.nameEN})
	}
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return days
}

// WorkingDay reports whether t's calendar day (in t's location) is Monday
// to Friday and not a public holiday.
func WorkingDay(t time.Time) bool {
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := Holiday(t)
	return !holiday
}

// Week returns the ISO 8601 week number of t ("uke 48"); the first days of
// January may belong to week 52 or 53 of the year before.
func Week(t time.Time) int {
	_, week := t.ISOWeek()
	return week
}

// SkipHolidays wraps s so that a slot on a public holiday moves to the next
// working day at the same wall-clock time in the slot's location, so that
// 09:00 stays 09:00 across a change to or from summer time. Slots on
// ordinary weekends stay where they are. When several slots move onto one
// time, Next returns it once: its results always increase strictly.
//
// A slot's day is judged in the location the slot comes in. robfig/cron
// returns slots in the location of the time passed to Next, so pass times in
// the schedule's zone (cron.WithLocation does), e.g. Europe/Oslo.
func SkipHolidays(s Schedule) Schedule {
	return holidaySkipper{s}
}

// holidaySkipper is the Schedule SkipHolidays returns.
type holidaySkipper struct {
	s Schedule
}

var _ Schedule = holidaySkipper{}

// Next returns the earliest moved slot after t. A slot before t may move
// past it (a restart on Easter Monday still owes Tuesday's nudge), so the
// search starts at the run of holidays and weekends that ends at t's day.
// Moving never makes a slot earlier, so the search stops at the first raw
// slot at or after the best moved one.
func (h holidaySkipper) Next(t time.Time) time.Time {
	var best time.Time
	from := holidayScanStart(t)
	for {
		r := h.s.Next(from)
		if r.IsZero() || !r.After(from) || (!best.IsZero() && !r.Before(best)) {
			return best
		}
		m, moved := movedSlot(r)
		if m.After(t) && (best.IsZero() || m.Before(best)) {
			best = m
		}
		from = holidayScanSkip(r, m, moved, t)
	}
}

// holidayScanStart returns where Next starts asking the wrapped schedule:
// just before the run of non-working days that ends at t's day, or t itself
// when no holiday precedes t within that run.
func holidayScanStart(t time.Time) time.Time {
	day := civilDate(t)
	start := day
	for !WorkingDay(start.AddDate(0, 0, -1)) {
		start = start.AddDate(0, 0, -1)
	}
	if start.Equal(day) {
		if _, ok := Holiday(t); !ok {
			return t
		}
	}
	return time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

// movedSlot returns where SkipHolidays puts the raw slot r, and whether
// that differs from r.
func movedSlot(r time.Time) (time.Time, bool) {
	if _, ok := Holiday(r); !ok {
		return r, false
	}
	day := civilDate(r).AddDate(0, 0, 1)
	for !WorkingDay(day) {
		day = day.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), r.Hour(), r.Minute(), r.Second(), r.Nanosecond(), r.Location()), true
}

// holidayScanSkip returns where Next continues after the raw slot r, which
// moved to m, passing over slots that cannot beat what was already seen.
// Within a day, later slots have later clock times and so move to later
// times, unless the day repeats an hour when summer time ends: such a day is
// walked slot by slot.
func holidayScanSkip(r, m time.Time, moved bool, t time.Time) time.Time {
	y, mo, d := r.Date()
	loc := r.Location()
	next := time.Date(y, mo, d+1, 0, 0, 0, 0, loc)
	steady := next.Sub(time.Date(y, mo, d, 0, 0, 0, 0, loc)) <= 24*time.Hour
	end := next.Add(-time.Nanosecond)
	switch {
	case !moved && !r.After(t):
		// The day's other slots up to t stay at or before t as well.
		if end.Before(t) {
			return end
		}
		return t
	case !steady || !moved:
		// An unmoved slot after t ends the search at the next step.
		return r
	case m.After(t):
		return end
	}
	// m is on t's day, no later than t: only the day's slots with a clock
	// time after t's move past t.
	c := t.In(loc)
	at := time.Date(y, mo, d, c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), loc)
	if at.After(r) && at.Hour() == c.Hour() && at.Minute() == c.Minute() {
		return at
	}
	return r
}

// latestSlotWindows are the spans LatestSlot searches back from t, growing,
// so that a frequent schedule is asked only for the last hour's slots and a
// weekly one for the last eight days'.
var latestSlotWindows = [...]time.Duration{
	time.Hour,
	24 * time.Hour,
	8 * 24 * time.Hour,
	32 * 24 * time.Hour,
	400 * 24 * time.Hour,
}

// LatestSlot returns the latest slot of s that is at or before t, or the
// zero time if none lies within the last 400 days. It searches windows of
// growing length back from t and walks each forward with Next, so a schedule
// that fires every minute costs about sixty calls, not a year of minutes.
func LatestSlot(s Schedule, t time.Time) time.Time {
	for _, w := range latestSlotWindows {
		var last time.Time
		from := t.Add(-w)
		for {
			r := s.Next(from)
			if r.IsZero() || !r.After(from) || r.After(t) {
				break
			}
			last, from = r, r
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}
