package dialogs

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Oslo on hosts without zone files

	"github.com/robfig/cron/v3"
)

// inOslo returns a wall-clock time in Europe/Oslo.
func inOslo(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, osloZone)
}

// utcDate returns midnight UTC of a date, as Day.Date holds it.
func utcDate(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// osloZone is the coach's time zone.
var osloZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// mustParseCron parses a standard cron spec, as the configuration holds it.
func mustParseCron(t testing.TB, spec string) Schedule {
	t.Helper()
	s, err := cron.ParseStandard(spec)
	if err != nil {
		t.Fatalf("parse %q: %v", spec, err)
	}
	return s
}

// scheduleFunc adapts a function to Schedule, for schedules cron cannot
// express and for counting calls.
type scheduleFunc func(time.Time) time.Time

func (f scheduleFunc) Next(t time.Time) time.Time { return f(t) }

// countCalls wraps s and counts the calls of Next.
func countCalls(s Schedule, calls *int) Schedule {
	return scheduleFunc(func(t time.Time) time.Time {
		*calls++
		return s.Next(t)
	})
}

// Schedules as the configuration writes them. Those without CRON_TZ run in
// the location of the time they are asked with.
const (
	cronWeekly      = "CRON_TZ=Europe/Oslo 0 9 * * MON"
	cronDaily       = "CRON_TZ=Europe/Oslo 0 9 * * *"
	cronWeekdays    = "CRON_TZ=Europe/Oslo 0 9 * * MON-FRI"
	cronSaturdays   = "CRON_TZ=Europe/Oslo 0 9 * * SAT"
	cronSundays     = "CRON_TZ=Europe/Oslo 0 9 * * SUN"
	cronNever       = "CRON_TZ=Europe/Oslo 0 9 30 2 *" // 30 February
	cronFiveMinutes = "*/5 * * * *"
	cronHourly      = "@every 1h"
)

var easterSpec = []struct {
	year int
	want time.Time
}{
	{2024, utcDate(2024, time.March, 31)},
	{2025, utcDate(2025, time.April, 20)},
	{2026, utcDate(2026, time.April, 5)},
	{2027, utcDate(2027, time.March, 28)},
	{2028, utcDate(2028, time.April, 16)},
	{2038, utcDate(2038, time.April, 25)}, // the latest possible date
	{2285, utcDate(2285, time.March, 22)}, // the earliest possible date
}

func TestEaster(t *testing.T) {
	for _, tt := range easterSpec {
		if got := easterSunday(tt.year); !got.Equal(tt.want) {
			t.Errorf("easterSunday(%d) = %s, want %s", tt.year, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
		var found bool
		for _, d := range Holidays(tt.year) {
			if d.NameEN == "Easter Sunday" {
				found = true
				if !d.Date.Equal(tt.want) {
					t.Errorf("Holidays(%d) has Easter Sunday on %s, want %s", tt.year, d.Date.Format(time.DateOnly), tt.want.Format(time.DateOnly))
				}
			}
		}
		if !found {
			t.Errorf("Holidays(%d) has no Easter Sunday", tt.year)
		}
	}
}

// holidays2027 are the public holidays of 2027, in order. Whit Monday falls
// on Constitution Day.
var holidays2027 = []Day{
	{utcDate(2027, time.January, 1), "Første nyttårsdag", "New Year's Day"},
	{utcDate(2027, time.March, 25), "Skjærtorsdag", "Maundy Thursday"},
	{utcDate(2027, time.March, 26), "Langfredag", "Good Friday"},
	{utcDate(2027, time.March, 28), "Første påskedag", "Easter Sunday"},
	{utcDate(2027, time.March, 29), "Andre påskedag", "Easter Monday"},
	{utcDate(2027, time.May, 1), "Offentlig høytidsdag", "Labour Day"},
	{utcDate(2027, time.May, 6), "Kristi himmelfartsdag", "Ascension Day"},
	{utcDate(2027, time.May, 16), "Første pinsedag", "Whit Sunday"},
	{utcDate(2027, time.May, 17), "Grunnlovsdag", "Constitution Day"},
	{utcDate(2027, time.May, 17), "Andre pinsedag", "Whit Monday"},
	{utcDate(2027, time.December, 25), "Første juledag", "Christmas Day"},
	{utcDate(2027, time.December, 26), "Andre juledag", "Boxing Day"},
}

func TestHolidays2027(t *testing.T) {
	got := Holidays(2027)
	if len(got) != len(holidays2027) {
		t.Fatalf("Holidays(2027) has %d days, want %d: %v", len(got), len(holidays2027), got)
	}
	for i, want := range holidays2027 {
		if !got[i].Date.Equal(want.Date) || got[i].Date.Location() != time.UTC || got[i].Name != want.Name || got[i].NameEN != want.NameEN {
			t.Errorf("Holidays(2027)[%d] = %s %s (%s), want %s %s (%s)", i,
				got[i].Date.Format(time.RFC3339), got[i].Name, got[i].NameEN,
				want.Date.Format(time.RFC3339), want.Name, want.NameEN)
		}
	}
}

func TestHolidaysAreInOrder(t *testing.T) {
	for year := 1900; year <= 2300; year++ {
		days := Holidays(year)
		if len(days) != 12 {
			t.Fatalf("Holidays(%d) has %d days, want 12", year, len(days))
		}
		for i := 1; i < len(days); i++ {
			if days[i].Date.Before(days[i-1].Date) {
				t.Errorf("Holidays(%d): %s on %s comes after %s on %s", year,
					days[i].NameEN, days[i].Date.Format(time.DateOnly), days[i-1].NameEN, days[i-1].Date.Format(time.DateOnly))
			}
		}
	}
}

var holidaySpec = []struct {
	what string
	t    time.Time
	name string // empty: not a holiday
}{
	{"New Year's Day", inOslo(2027, time.January, 1, 9, 0), "Første nyttårsdag"},
	{"Maundy Thursday", inOslo(2027, time.March, 25, 9, 0), "Skjærtorsdag"},
	{"Good Friday", inOslo(2027, time.March, 26, 9, 0), "Langfredag"},
	{"Easter Saturday is no holiday", inOslo(2027, time.March, 27, 9, 0), ""},
	{"Easter Sunday", inOslo(2027, time.March, 28, 9, 0), "Første påskedag"},
	{"Easter Monday", inOslo(2027, time.March, 29, 9, 0), "Andre påskedag"},
	{"1 May", inOslo(2027, time.May, 1, 9, 0), "Offentlig høytidsdag"},
	{"Ascension Day", inOslo(2027, time.May, 6, 9, 0), "Kristi himmelfartsdag"},
	{"Whit Sunday", inOslo(2027, time.May, 16, 9, 0), "Første pinsedag"},
	{"Whit Monday on 17 May is named for 17 May", inOslo(2027, time.May, 17, 9, 0), "Grunnlovsdag"},
	{"Whit Monday", inOslo(2026, time.May, 25, 9, 0), "Andre pinsedag"},
	{"Christmas Eve is no holiday", inOslo(2026, time.December, 24, 23, 59), ""},
	{"Christmas Day just after midnight in Oslo", inOslo(2026, time.December, 25, 0, 30), "Første juledag"},
	{"Christmas Day", inOslo(2026, time.December, 25, 9, 0), "Første juledag"},
	{"Boxing Day", inOslo(2026, time.December, 26, 9, 0), "Andre juledag"},
	{"New Year's Eve is no holiday", inOslo(2026, time.December, 31, 9, 0), ""},
	{"an ordinary Monday", inOslo(2026, time.November, 30, 9, 0), ""},
	{"the day is taken in t's location", time.Date(2026, time.December, 24, 23, 30, 0, 0, time.UTC), ""},
	{"the same instant in Oslo", time.Date(2026, time.December, 24, 23, 30, 0, 0, time.UTC).In(osloZone), "Første juledag"},
}

func TestHoliday(t *testing.T) {
	for _, tt := range holidaySpec {
		name, ok := Holiday(tt.t)
		if name != tt.name || ok != (tt.name != "") {
			t.Errorf("%s: Holiday(%s) = %q, %v; want %q, %v", tt.what, tt.t.Format(time.RFC3339), name, ok, tt.name, tt.name != "")
		}
	}
}

var workingDaySpec = []struct {
	what string
	t    time.Time
	want bool
}{
	{"an ordinary Monday", inOslo(2026, time.November, 30, 9, 0), true},
	{"an ordinary Friday", inOslo(2026, time.November, 27, 9, 0), true},
	{"Saturday", inOslo(2026, time.November, 28, 9, 0), false},
	{"Sunday", inOslo(2026, time.November, 29, 9, 0), false},
	{"Easter Monday", inOslo(2027, time.March, 29, 9, 0), false},
	{"the Tuesday after Easter", inOslo(2027, time.March, 30, 9, 0), true},
	{"Ascension Day, a Thursday", inOslo(2027, time.May, 6, 9, 0), false},
	{"Christmas Eve", inOslo(2026, time.December, 24, 9, 0), true},
}

func TestWorkingDay(t *testing.T) {
	for _, tt := range workingDaySpec {
		if got := WorkingDay(tt.t); got != tt.want {
			t.Errorf("%s: WorkingDay(%s) = %v, want %v", tt.what, tt.t.Format(time.RFC3339), got, tt.want)
		}
	}
}

var skipHolidaysSpec = []struct {
	what  string
	spec  string
	after time.Time
	want  time.Time
}{
	{"an ordinary Monday stays", cronWeekly,
		inOslo(2026, time.November, 27, 12, 0), inOslo(2026, time.November, 30, 9, 0)},
	{"Easter Monday moves to Tuesday", cronWeekly,
		inOslo(2027, time.March, 26, 12, 0), inOslo(2027, time.March, 30, 9, 0)},
	{"Easter Monday moves to Tuesday, in summer time", cronWeekly,
		inOslo(2027, time.March, 26, 12, 0), time.Date(2027, time.March, 30, 7, 0, 0, 0, time.UTC)},
	{"a restart on Easter Monday still finds Tuesday", cronWeekly,
		inOslo(2027, time.March, 29, 12, 0), inOslo(2027, time.March, 30, 9, 0)},
	{"a restart on Tuesday morning still finds Tuesday", cronWeekly,
		inOslo(2027, time.March, 30, 8, 59), inOslo(2027, time.March, 30, 9, 0)},
	{"after the moved slot comes the next Monday", cronWeekly,
		inOslo(2027, time.March, 30, 9, 0), inOslo(2027, time.April, 5, 9, 0)},
	{"Whit Monday on 17 May moves to Tuesday", cronWeekly,
		inOslo(2027, time.May, 14, 12, 0), inOslo(2027, time.May, 18, 9, 0)},
	{"Christmas on Monday and Tuesday moves to Wednesday", cronWeekly,
		inOslo(2028, time.December, 22, 12, 0), inOslo(2028, time.December, 27, 9, 0)},
	{"a restart on Boxing Day still finds Wednesday", cronWeekly,
		inOslo(2028, time.December, 26, 23, 0), inOslo(2028, time.December, 27, 9, 0)},
	{"New Year's Day on Monday moves to Tuesday", cronWeekly,
		inOslo(2028, time.December, 27, 9, 0), inOslo(2029, time.January, 2, 9, 0)},
	{"the Monday after summer time starts is 07:00 UTC", cronWeekly,
		inOslo(2026, time.March, 27, 12, 0), time.Date(2026, time.March, 30, 7, 0, 0, 0, time.UTC)},
	{"the Monday after summer time ends is 08:00 UTC", cronWeekly,
		inOslo(2026, time.October, 23, 12, 0), time.Date(2026, time.October, 26, 8, 0, 0, 0, time.UTC)},
	{"Maundy Thursday in winter time moves to 09:00 summer time", cronWeekdays,
		inOslo(2027, time.March, 24, 9, 0), time.Date(2027, time.March, 30, 7, 0, 0, 0, time.UTC)},
	{"an ordinary Saturday stays", cronSaturdays,
		inOslo(2026, time.December, 14, 12, 0), inOslo(2026, time.December, 19, 9, 0)},
	{"Boxing Day on a Saturday moves to Monday", cronSaturdays,
		inOslo(2026, time.December, 21, 12, 0), inOslo(2026, time.December, 28, 9, 0)},
	{"Easter Sunday moves past Easter Monday", cronSundays,
		inOslo(2027, time.March, 22, 12, 0), inOslo(2027, time.March, 30, 9, 0)},
	{"a clock time missing on the holiday is no shortcut", "CRON_TZ=Europe/Oslo */10 1-3 * * SUN",
		inOslo(2027, time.March, 30, 2, 30), inOslo(2027, time.March, 30, 3, 0)},
	{"a schedule with no slots has none", cronNever,
		inOslo(2026, time.November, 27, 12, 0), time.Time{}},
}

func TestSkipHolidays(t *testing.T) {
	for _, tt := range skipHolidaysSpec {
		s := SkipHolidays(mustParseCron(t, tt.spec))
		if got := s.Next(tt.after); !got.Equal(tt.want) {
			t.Errorf("%s: Next(%s) = %s, want %s", tt.what, tt.after.Format(time.RFC3339), got.Format(time.RFC3339), tt.want.Format(time.RFC3339))
		}
	}
}

func TestSkipHolidaysUTC(t *testing.T) {
	// A schedule with its own zone, asked in UTC, answers in UTC; a Monday
	// slot at 09:00 in Oslo is on Monday in UTC too.
	s := SkipHolidays(mustParseCron(t, cronWeekly))
	after := time.Date(2027, time.March, 26, 12, 0, 0, 0, time.UTC)
	want := time.Date(2027, time.March, 30, 7, 0, 0, 0, time.UTC)
	if got := s.Next(after); !got.Equal(want) {
		t.Errorf("Next(%s) = %s, want %s", after.Format(time.RFC3339), got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
}

// christmas2028 are the daily slots from 23 December 2028: Christmas Day and
// Boxing Day (Monday and Tuesday) both move onto Wednesday, New Year's Day
// (Monday) onto Tuesday; each time comes once.
var christmas2028 = []time.Time{
	inOslo(2028, time.December, 23, 9, 0),
	inOslo(2028, time.December, 24, 9, 0),
	inOslo(2028, time.December, 27, 9, 0),
	inOslo(2028, time.December, 28, 9, 0),
	inOslo(2028, time.December, 29, 9, 0),
	inOslo(2028, time.December, 30, 9, 0),
	inOslo(2028, time.December, 31, 9, 0),
	inOslo(2029, time.January, 2, 9, 0),
	inOslo(2029, time.January, 3, 9, 0),
}

func TestSkipHolidaysDailyOverChristmas(t *testing.T) {
	s := SkipHolidays(mustParseCron(t, cronDaily))
	at := inOslo(2028, time.December, 22, 12, 0)
	for i, want := range christmas2028 {
		got := s.Next(at)
		if !got.Equal(want) {
			t.Fatalf("slot %d: Next(%s) = %s, want %s", i, at.Format(time.RFC3339), got.Format(time.RFC3339), want.Format(time.RFC3339))
		}
		at = got
	}
}

func TestSkipHolidaysWeeklyYears(t *testing.T) {
	// Every ISO week gets exactly one nudge, at 09:00 in Oslo on a working
	// day, and the nudges only move forward.
	s := SkipHolidays(mustParseCron(t, cronWeekly))
	type isoWeek struct{ year, week int }
	seen := map[isoWeek]int{}
	from := inOslo(2024, time.January, 1, 0, 0)
	end := inOslo(2041, time.January, 1, 0, 0)
	at := from
	for {
		next := s.Next(at)
		if next.IsZero() || !next.Before(end) {
			break
		}
		if !next.After(at) {
			t.Fatalf("Next(%s) = %s, not after", at.Format(time.RFC3339), next.Format(time.RFC3339))
		}
		local := next.In(osloZone)
		if !WorkingDay(local) || local.Hour() != 9 || local.Minute() != 0 {
			t.Errorf("slot %s is not 09:00 on a working day", local.Format(time.RFC3339))
		}
		y, w := local.ISOWeek()
		if Week(local) != w {
			t.Errorf("Week(%s) = %d, want %d", local.Format(time.RFC3339), Week(local), w)
		}
		seen[isoWeek{y, w}]++
		at = next
	}
	for d := from; d.Before(end); d = d.AddDate(0, 0, 7) {
		y, w := d.ISOWeek()
		if n := seen[isoWeek{y, w}]; n != 1 {
			t.Errorf("week %d of %d has %d slots, want 1", w, y, n)
		}
	}
}

func TestSkipHolidaysStopsOnBrokenSchedule(t *testing.T) {
	// A schedule that never moves forward must not hang the caller.
	stuck := scheduleFunc(func(t time.Time) time.Time { return t })
	if got := SkipHolidays(stuck).Next(inOslo(2027, time.March, 29, 9, 0)); !got.IsZero() {
		t.Errorf("Next = %s, want the zero time", got)
	}
	if got := LatestSlot(stuck, inOslo(2027, time.March, 29, 9, 0)); !got.IsZero() {
		t.Errorf("LatestSlot = %s, want the zero time", got)
	}
}

// movedByDefinition moves every raw slot of s in (from, to) the long way,
// one by one: a slot on a holiday goes to the next working day at the same
// clock time.
func movedByDefinition(s Schedule, from, to time.Time) []time.Time {
	var moved []time.Time
	for r := s.Next(from); !r.IsZero() && r.Before(to); r = s.Next(r) {
		m := r
		if _, ok := Holiday(r); ok {
			day := r.AddDate(0, 0, 1)
			for !WorkingDay(day) {
				day = day.AddDate(0, 0, 1)
			}
			m = time.Date(day.Year(), day.Month(), day.Day(), r.Hour(), r.Minute(), r.Second(), r.Nanosecond(), r.Location())
		}
		moved = append(moved, m)
	}
	return moved
}

// earliestAfter returns the earliest of slots after t, or the zero time.
func earliestAfter(slots []time.Time, t time.Time) time.Time {
	var best time.Time
	for _, m := range slots {
		if m.After(t) && (best.IsZero() || m.Before(best)) {
			best = m
		}
	}
	return best
}

func TestSkipHolidaysMatchesDefinition(t *testing.T) {
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	periods := []struct {
		loc   *time.Location
		start time.Time
		days  int
	}{
		{osloZone, inOslo(2027, time.March, 20, 0, 0), 20},                // Easter and summer time
		{osloZone, inOslo(2027, time.April, 28, 0, 0), 24},                // 1 May, Ascension, Whitsun, 17 May
		{osloZone, inOslo(2028, time.December, 20, 0, 0), 16},             // Christmas and New Year
		{sydney, time.Date(2026, time.March, 30, 0, 0, 0, 0, sydney), 10}, // Easter Sunday repeats an hour there
	}
	schedules := map[string]Schedule{
		// Every 20 minutes of absolute time, which in both zones is every
		// 20 minutes of the clock; cheaper to walk than cron's own.
		"every 20 minutes": scheduleFunc(func(t time.Time) time.Time {
			return t.Truncate(20 * time.Minute).Add(20 * time.Minute)
		}),
	}
	for _, spec := range []string{"0 9 * * MON", "0 9 * * *", "0 9 * * MON-FRI", "0 9,17 * * *", "30 23 * * *", "0 0 * * *", "0 9 * * SAT,SUN", "0 2 * * *", "*/20 9-11 * * MON", "17 10 * * MON,THU"} {
		schedules[spec] = mustParseCron(t, spec)
	}
	for _, p := range periods {
		for spec, s := range schedules {
			skip := SkipHolidays(s)
			// A week covers any run of holidays and weekends, two the gap
			// to the next slot.
			end := p.start.AddDate(0, 0, p.days)
			moved := movedByDefinition(s, p.start.AddDate(0, 0, -7), end.AddDate(0, 0, 14))
			for at := p.start; at.Before(end); at = at.Add(53 * time.Minute) {
				got, want := skip.Next(at), earliestAfter(moved, at)
				if !got.Equal(want) {
					t.Errorf("%s in %s: Next(%s) = %s, want %s", spec, p.loc, at.Format(time.RFC3339), got.Format(time.RFC3339), want.Format(time.RFC3339))
				}
			}
		}
	}
}

// slotList is a schedule of given instants, in order.
func slotList(slots ...time.Time) Schedule {
	return scheduleFunc(func(t time.Time) time.Time {
		for _, s := range slots {
			if s.After(t) {
				return s
			}
		}
		return time.Time{}
	})
}

func TestSkipHolidaysRepeatedHour(t *testing.T) {
	// In Sydney, summer time ended on Easter Sunday 2026, 03:00 going back
	// to 02:00. A slot in the repeated hour may have an earlier clock time
	// than one before it, and so move to an earlier time on Tuesday.
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, time.April, 5, 1, 50, 0, 0, sydney).Add(time.Hour) // 02:50 summer time
	second := first.Add(20 * time.Minute)                                       // 02:10 standard time
	if first.Hour() != 2 || first.Minute() != 50 || second.Hour() != 2 || second.Minute() != 10 {
		t.Fatalf("slots at %s and %s, want 02:50 and 02:10", first, second)
	}
	s := SkipHolidays(slotList(first, second))
	after := time.Date(2026, time.April, 4, 12, 0, 0, 0, sydney)
	want := time.Date(2026, time.April, 7, 2, 10, 0, 0, sydney)
	if got := s.Next(after); !got.Equal(want) {
		t.Errorf("Next(%s) = %s, want %s", after, got, want)
	}
}

var latestSlotSpec = []struct {
	what string
	spec string
	skip bool // wrap the schedule in SkipHolidays
	at   time.Time
	want time.Time
}{
	{"exactly at a slot is that slot", cronWeekly, false,
		inOslo(2026, time.November, 30, 9, 0), inOslo(2026, time.November, 30, 9, 0)},
	{"a second before a slot is the week before", cronWeekly, false,
		inOslo(2026, time.November, 30, 9, 0).Add(-time.Second), inOslo(2026, time.November, 23, 9, 0)},
	{"past one slot is that slot", cronWeekly, false,
		inOslo(2026, time.December, 2, 15, 0), inOslo(2026, time.November, 30, 9, 0)},
	{"past three slots is only the latest", cronWeekly, false,
		inOslo(2026, time.December, 16, 15, 0), inOslo(2026, time.December, 14, 9, 0)},
	{"Easter Monday itself without skipping", cronWeekly, false,
		inOslo(2027, time.March, 30, 9, 0), inOslo(2027, time.March, 29, 9, 0)},
	{"Tuesday 08:59 after Easter is the week before", cronWeekly, true,
		inOslo(2027, time.March, 30, 8, 59), inOslo(2027, time.March, 22, 9, 0)},
	{"Tuesday 09:00 after Easter is the moved slot", cronWeekly, true,
		inOslo(2027, time.March, 30, 9, 0), inOslo(2027, time.March, 30, 9, 0)},
	{"Easter Monday evening is the week before", cronWeekly, true,
		inOslo(2027, time.March, 29, 20, 0), inOslo(2027, time.March, 22, 9, 0)},
	{"Christmas week Thursday is Wednesday's moved slot", cronWeekly, true,
		inOslo(2028, time.December, 28, 12, 0), inOslo(2028, time.December, 27, 9, 0)},
	{"every five minutes", cronFiveMinutes, false,
		time.Date(2026, time.November, 27, 10, 7, 30, 0, osloZone), time.Date(2026, time.November, 27, 10, 5, 0, 0, osloZone)},
	{"every five minutes, skipping holidays", cronFiveMinutes, true,
		time.Date(2026, time.November, 27, 10, 7, 30, 0, osloZone), time.Date(2026, time.November, 27, 10, 5, 0, 0, osloZone)},
	{"every five minutes on Christmas Day is Christmas Eve's last", cronFiveMinutes, true,
		inOslo(2026, time.December, 25, 10, 0), inOslo(2026, time.December, 24, 23, 55)},
	{"30 February never comes", cronNever, false,
		inOslo(2026, time.November, 27, 12, 0), time.Time{}},
	{"30 February never comes, skipping holidays", cronNever, true,
		inOslo(2026, time.November, 27, 12, 0), time.Time{}},
}

func TestLatestSlot(t *testing.T) {
	for _, tt := range latestSlotSpec {
		s := mustParseCron(t, tt.spec)
		if tt.skip {
			s = SkipHolidays(s)
		}
		if got := LatestSlot(s, tt.at); !got.Equal(tt.want) {
			t.Errorf("%s: LatestSlot(%s) = %s, want %s", tt.what, tt.at.Format(time.RFC3339), got.Format(time.RFC3339), tt.want.Format(time.RFC3339))
		}
	}
}

func TestLatestSlotEveryHour(t *testing.T) {
	// "@every" counts from whenever it is asked, so the latest slot is
	// within the last hour and not after t.
	at := inOslo(2026, time.November, 27, 12, 0).Add(1500 * time.Millisecond)
	got := LatestSlot(mustParseCron(t, cronHourly), at)
	if got.IsZero() || got.After(at) || at.Sub(got) >= time.Hour {
		t.Errorf("LatestSlot(%s) = %s, want within the hour before", at.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano))
	}
}

var latestSlotCostSpec = []struct {
	spec     string
	skip     bool
	at       time.Time
	maxCalls int
}{
	{cronFiveMinutes, false, inOslo(2026, time.November, 27, 10, 7), 15},
	{"@every 1m", false, inOslo(2026, time.November, 27, 10, 7), 65},
	{cronFiveMinutes, true, inOslo(2027, time.March, 30, 0, 7), 40},
	{cronWeekly, false, inOslo(2026, time.November, 27, 10, 7), 6},
	{cronWeekly, true, inOslo(2027, time.March, 30, 8, 59), 12},
}

func TestLatestSlotAsksLittle(t *testing.T) {
	for _, tt := range latestSlotCostSpec {
		var calls int
		s := countCalls(mustParseCron(t, tt.spec), &calls)
		if tt.skip {
			s = SkipHolidays(s)
		}
		if LatestSlot(s, tt.at).IsZero() {
			t.Errorf("%s (skip %v): LatestSlot(%s) found nothing", tt.spec, tt.skip, tt.at.Format(time.RFC3339))
		}
		if calls > tt.maxCalls {
			t.Errorf("%s (skip %v): LatestSlot(%s) called Next %d times, want at most %d", tt.spec, tt.skip, tt.at.Format(time.RFC3339), calls, tt.maxCalls)
		}
	}
}

var weekSpec = []struct {
	t    time.Time
	want int
}{
	{inOslo(2026, time.November, 27, 12, 0), 48},
	{inOslo(2027, time.January, 1, 12, 0), 53}, // week 53 of 2026
	{inOslo(2027, time.January, 4, 12, 0), 1},
	{inOslo(2025, time.December, 29, 12, 0), 1}, // week 1 of 2026
}

func TestWeek(t *testing.T) {
	for _, tt := range weekSpec {
		if got := Week(tt.t); got != tt.want {
			t.Errorf("Week(%s) = %d, want %d", tt.t.Format(time.DateOnly), got, tt.want)
		}
	}
}

func BenchmarkLatestSlot(b *testing.B) {
	weeklySchedule := mustParseCron(b, cronWeekly)
	at := inOslo(2027, time.March, 30, 12, 0)
	b.Run("weekly", func(b *testing.B) {
		for b.Loop() {
			LatestSlot(weeklySchedule, at)
		}
	})
	b.Run("weekly skipping holidays", func(b *testing.B) {
		s := SkipHolidays(weeklySchedule)
		for b.Loop() {
			LatestSlot(s, at)
		}
	})
}
