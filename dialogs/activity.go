package dialogs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the case's activities: what the team actually did to
// involve residents (an open meeting at the library, a stand in the park,
// a school visit), when, where, by which method, for which groups, with how
// many taking part. They are the past tense of the plan document.

// Activity is one thing the team did with residents.
type Activity struct {
	Date         time.Time `json:"date"`                   // the day, at midnight in the coach's time zone
	Place        string    `json:"place"`                  // where
	Method       string    `json:"method,omitempty"`       // one of MethodKeys, or ""
	What         string    `json:"what,omitempty"`         // the team's own words beside the method
	Groups       []string  `json:"groups,omitempty"`       // the groups reached: a key of GroupKeys or the team's own name
	Participants int       `json:"participants,omitempty"` // how many took part; 0: not said
	Author       string    `json:"author,omitempty"`
	Name         string    `json:"name,omitempty"`
	At           time.Time `json:"at"` // when it was recorded
	// Marked are the group weeks this activity put on the groups' list
	// ("children|2026-W45"), so removing it takes back only those.
	Marked []string `json:"marked,omitempty"`
}

// MethodKeys are the methods of KMD's guide «Medvirkning i planlegging»,
// as the coach offers them; texts.MethodNames follows this order.
var MethodKeys = []string{"open_meeting", "stand", "school", "workshop", "digital", "site_visit", "other"}

// maxActivities bounds a case's record.
const maxActivities = 500

// maxPlace bounds a place's name and the team's own words.
const maxPlace = 200

// methodWords are the words a planner writes for each method, in any of
// the coach's languages, beside the methods' own names.
var methodWords = map[string][]string{
	"open_meeting": {"åpent møte", "ope møte", "opent møte", "open meeting", "folkemøte", "informasjonsmøte", "møte", "meeting", "open day", "åpen dag"},
	"stand":        {"stand", "stikkprøver", "stikkprøve", "street survey", "pop-up"},
	"school":       {"skolebesøk", "skulebesøk", "barnetråkk", "school visit", "school", "skole", "skule", "barnehage"},
	"workshop":     {"workshop", "verksted", "verkstad", "idédugnad"},
	"digital":      {"digital undersøkelse", "digital undersøking", "digital survey", "spørreundersøkelse", "spørjeundersøking", "undersøkelse", "undersøking", "survey", "nettmøte", "digitalt møte"},
	"site_visit":   {"befaring", "synfaring", "site visit", "walk", "gåtur", "vandring"},
	"other":        {"annet", "anna", "other"},
}

// MethodName returns a method's name in l, "" for none.
func MethodName(l Lang, key string) string {
	if i := slices.Index(MethodKeys, key); i >= 0 {
		return textsFor(l).MethodNames[i]
	}
	return ""
}

// parseMethod returns the method a piece of text names, or "".
func parseMethod(part string) string {
	p := strings.ToLower(oneLine(part))
	for i, k := range MethodKeys {
		for _, l := range Langs {
			if p == strings.ToLower(textsFor(l).MethodNames[i]) {
				return k
			}
		}
		if p == k {
			return k
		}
	}
	for _, k := range MethodKeys {
		for _, w := range methodWords[k] {
			if p == w {
				return k
			}
		}
	}
	return ""
}

// ActivityDraft is what a one-line activity said, and what it left out:
// what a guided form starts from.
type ActivityDraft struct {
	Date         time.Time `json:"date,omitempty"`
	Place        string    `json:"place,omitempty"`
	Method       string    `json:"method,omitempty"`
	What         string    `json:"what,omitempty"`
	Groups       []string  `json:"groups,omitempty"`
	Participants int       `json:"participants,omitempty"`
	// BadDate holds a date that was written but not understood.
	BadDate string `json:"bad_date,omitempty"`
}

// Missing reports whether the draft lacks what an activity needs: its day
// and its place.
func (d ActivityDraft) Missing() bool {
	return d.Date.IsZero() || d.Place == ""
}

// Line writes the draft as the one-line form the command understands, so a
// submitted form and a typed command have one code path.
func (d ActivityDraft) Line(l Lang) string {
	var b strings.Builder
	if !d.Date.IsZero() {
		b.WriteString(d.Date.Format("2006-01-02"))
	}
	if d.Place != "" {
		b.WriteString(" " + strings.ReplaceAll(oneLine(d.Place), ":", " "))
	}
	var parts []string
	if d.Method != "" {
		parts = append(parts, MethodName(l, d.Method))
	}
	for _, g := range d.Groups {
		key, name := groupKey(g)
		if key != "" {
			name = Group{Key: key}.Label(l)
		}
		parts = append(parts, name)
	}
	if d.Participants > 0 {
		parts = append(parts, fmt.Sprintf(textsFor(l).ActivityCount, d.Participants))
	}
	if d.What != "" {
		parts = append(parts, strings.ReplaceAll(oneLine(d.What), ",", ";"))
	}
	if len(parts) > 0 {
		b.WriteString(": " + strings.Join(parts, ", "))
	}
	return strings.TrimSpace(b.String())
}

// ParseActivity reads the one-line form "<date> <place>: <what>". After
// the colon it understands, comma by comma, a method, the case's groups
// (joined by "og"/"and" too) and a count such as «40 deltakere»; the rest
// is kept as the team's own words. Dates may be 5.11.2026, 5.11., 2026-11-05
// or «5. november» (in any of the coach's languages); a day without a year
// is the latest such day not long after now.
func ParseActivity(line string, groups []Group, now time.Time, loc *time.Location) ActivityDraft {
	var d ActivityDraft
	line = oneLine(line)
	head, what, _ := strings.Cut(line, ":")
	head = strings.TrimSpace(head)
	date, rest, ok := parseDay(head, now, loc)
	if ok {
		d.Date = date
	} else if word, after := cutWord(head); strings.ContainsAny(word, "0123456789") {
		d.BadDate, rest = word, after
	} else {
		rest = head
	}
	d.Place = clipTo(strings.TrimSpace(rest), maxPlace)
	var own []string
	for _, part := range strings.Split(what, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if n, ok := parseCount(part); ok {
			d.Participants = n
			continue
		}
		if gs, ok := parseGroups(part, groups); ok {
			for _, g := range gs {
				if !slices.Contains(d.Groups, g) {
					d.Groups = append(d.Groups, g)
				}
			}
			continue
		}
		if m := parseMethod(part); m != "" && d.Method == "" {
			d.Method = m
			continue
		}
		own = append(own, part)
	}
	d.What = clipTo(strings.Join(own, ", "), maxPlace)
	return d
}

// parseGroups returns the groups a piece names: one group (of the case, or
// one of the coach's own), or several joined by "og", "and", "/" or "&".
func parseGroups(part string, groups []Group) ([]string, bool) {
	if id, ok := groupOf(part, groups); ok {
		return []string{id}, true
	}
	fields := strings.FieldsFunc(strings.NewReplacer(" og ", "\x00", " and ", "\x00", " Og ", "\x00", "/", "\x00", "&", "\x00").Replace(part),
		func(r rune) bool { return r == 0 })
	if len(fields) < 2 {
		return nil, false
	}
	var out []string
	for _, f := range fields {
		id, ok := groupOf(f, groups)
		if !ok {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

// groupOf returns the id of a group named by word: one on the case's list
// (the coach's own or the team's), or one of the coach's own.
func groupOf(word string, groups []Group) (string, bool) {
	key, name := groupKey(word)
	if key != "" {
		return key, true
	}
	for _, g := range groups {
		if g.Key == "" && strings.EqualFold(g.Name, name) {
			return g.Name, true
		}
	}
	return "", false
}

// countWords follow a number of people.
var countWords = []string{"deltakere", "deltakarar", "deltakar", "deltaker", "deltok", "personer", "personar", "folk", "stk",
	"participants", "participant", "people", "persons", "attended", "innbyggere", "innbyggjarar", "barn", "elever", "elevar"}

// parseCount reads «40 deltakere», «40», «ca. 40 deltok».
func parseCount(part string) (int, bool) {
	f := strings.Fields(strings.ToLower(part))
	if len(f) > 0 && (f[0] == "ca." || f[0] == "ca" || f[0] == "cirka" || f[0] == "about" || f[0] == "omtrent" || f[0] == "om lag") {
		f = f[1:]
	}
	if len(f) == 0 || len(f) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, false
	}
	if len(f) == 2 && !slices.Contains(countWords, f[1]) {
		return 0, false
	}
	return n, true
}

// parseDay reads a day at the start of s and returns the rest.
func parseDay(s string, now time.Time, loc *time.Location) (time.Time, string, bool) {
	if loc == nil {
		loc = time.UTC
	}
	word, rest := cutWord(s)
	if word == "" {
		return time.Time{}, "", false
	}
	if t, err := time.ParseInLocation("2006-01-02", word, loc); err == nil {
		return t, rest, true
	}
	// 5.11.2026, 5.11.26, 5.11., 5.11
	if parts := strings.Split(strings.TrimSuffix(word, "."), "."); len(parts) >= 2 && len(parts) <= 3 {
		day, e1 := strconv.Atoi(parts[0])
		month, e2 := strconv.Atoi(parts[1])
		year := 0
		var e3 error
		if len(parts) == 3 {
			year, e3 = strconv.Atoi(parts[2])
			if year < 100 {
				year += 2000
			}
		}
		if e1 == nil && e2 == nil && e3 == nil {
			if t, ok := makeDay(year, month, day, now, loc); ok {
				return t, rest, true
			}
			return time.Time{}, rest, false
		}
	}
	// «5. november», «5. november 2026», "5 November 2026"
	if dayStr := strings.TrimSuffix(word, "."); dayStr != "" {
		if day, err := strconv.Atoi(dayStr); err == nil {
			mword, after := cutWord(rest)
			if month := monthOf(mword); month > 0 {
				year := 0
				if yword, after2 := cutWord(after); len(yword) == 4 {
					if y, err := strconv.Atoi(yword); err == nil {
						year, after = y, after2
					}
				}
				if t, ok := makeDay(year, int(month), day, now, loc); ok {
					return t, after, true
				}
				return time.Time{}, after, false
			}
		}
	}
	// "November 5, 2026"
	if month := monthOf(word); month > 0 {
		dword, after := cutWord(rest)
		if day, err := strconv.Atoi(strings.TrimRight(dword, ".,")); err == nil {
			year := 0
			if yword, after2 := cutWord(after); len(yword) == 4 {
				if y, err := strconv.Atoi(yword); err == nil {
					year, after = y, after2
				}
			}
			if t, ok := makeDay(year, int(month), day, now, loc); ok {
				return t, after, true
			}
		}
	}
	return time.Time{}, s, false
}

// monthOf returns the month a word names in any of the coach's languages
// (or its first three letters), or 0.
func monthOf(word string) time.Month {
	w := strings.ToLower(strings.TrimRight(word, ".,"))
	if len([]rune(w)) < 3 {
		return 0
	}
	for _, l := range Langs {
		for i, m := range textsFor(l).DocMonths {
			m = strings.ToLower(m)
			if w == m || len([]rune(w)) == 3 && strings.HasPrefix(m, w) {
				return time.Month(i + 1)
			}
		}
	}
	return 0
}

// makeDay checks a day; without a year it is the latest such day no more
// than 60 days after now (an activity planned a little ahead counts).
func makeDay(year, month, day int, now time.Time, loc *time.Location) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	explicit := year != 0
	if !explicit {
		year = now.In(loc).Year()
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if t.Day() != day {
		return time.Time{}, false // 31.11.
	}
	if !explicit && t.After(now.AddDate(0, 0, 60)) {
		t = t.AddDate(-1, 0, 0)
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

// clipTo shortens s to at most n runes.
func clipTo(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
