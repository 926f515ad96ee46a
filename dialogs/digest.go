package dialogs

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file holds the coordinator's weekly digest: one line per case,
// listed plainly. It tags no one and nudges no team.

// DigestCase is one case in the digest, every text already in the
// digest's language.
type DigestCase struct {
	Channel  string `json:"channel"`          // the platform's own channel id, for a link
	Platform string `json:"platform"`         // the case's platform
	Name     string `json:"name"`             // the case's name for people
	Stage    string `json:"stage"`            // question k of 14, complete, paused, closed
	Weeks    string `json:"weeks"`            // weeks since the last report
	Level    string `json:"level"`            // the level chosen, or that none was
	Groups   string `json:"groups"`           // groups planned against reached
	Latest   string `json:"latest,omitempty"` // the latest outcome, one line
	Themes   string `json:"themes,omitempty"` // the largest themes of the answers, one line
}

// DigestLimits split a digest into messages a platform accepts.
type DigestLimits struct {
	Cases int // at most this many cases in one message; 0: no limit
	Bytes int // at most about this many bytes of case text in one message; 0: no limit
}

// maxLatest bounds the latest outcome's line in the digest, in runes.
const maxLatest = 160

// InDigest reports whether c belongs in the digest: a case the team has
// started, whatever became of it since.
func InDigest(c *Case) bool {
	return c.Round > 0
}

// DigestCase sums up c for the digest as of now, in the coach's language.
func (co Coach) DigestCase(c *Case, now time.Time) DigestCase {
	t := textsFor(co.lang())
	d := DigestCase{Channel: c.Channel, Platform: c.Platform, Name: displayName(Document{Name: c.Name, Channel: c.Channel,
		Platform: c.Platform, prefixes: co.Prefixes}, t)}
	if d.Name == t.DocUntitled {
		d.Name = caseName(c)
	}
	switch c.State {
	case StateNew:
		d.Stage = t.DigestNew
	case StateAsking:
		d.Stage = fmt.Sprintf(t.DigestAsking, c.Current, QuestionCount)
	case StatePaused:
		d.Stage = fmt.Sprintf(t.DigestPaused, c.Current, QuestionCount)
	case StateCompleted:
		d.Stage = t.DigestComplete
	case StateClosed:
		d.Stage = t.DigestClosed
	}
	var last, latest *Report
	for i := range c.Reports {
		r := &c.Reports[i]
		if last == nil || !r.At.Before(last.At) {
			last = r
		}
		if !r.Nothing && (latest == nil || !r.At.Before(latest.At)) {
			latest = r
		}
	}
	if last == nil {
		d.Weeks = t.DigestNoReports
	} else {
		switch weeks := int(now.Sub(last.At) / (7 * 24 * time.Hour)); weeks {
		case 0:
			d.Weeks = t.DigestWeeks0
		case 1:
			d.Weeks = t.DigestWeeks1
		default:
			d.Weeks = fmt.Sprintf(t.DigestWeeks, weeks)
		}
	}
	if c.Level != "" {
		d.Level = fmt.Sprintf(t.DigestLevel, strings.ToLower(LevelName(co.lang(), c.Level)))
	} else {
		d.Level = t.DigestNoLevel
	}
	if planned, reached := c.groupCounts(); planned > 0 {
		d.Groups = fmt.Sprintf(t.DigestGroups, reached, planned)
	} else {
		d.Groups = t.DigestNoGroups
	}
	if latest != nil {
		d.Latest = fmt.Sprintf(t.DigestLatest, truncateLine(oneLine(latest.Text), maxLatest))
	}
	d.Themes = digestThemes(co.lang(), c)
	return d
}

// Line is the case's facts after its name, as one line.
func (d DigestCase) Line() string {
	return strings.Join([]string{d.Stage, d.Weeks, d.Level, d.Groups}, " · ")
}

// size is about how many bytes the case takes in a message.
func (d DigestCase) size() int {
	return len(d.Channel) + len(d.Name) + len(d.Stage) + len(d.Weeks) + len(d.Level) + len(d.Groups) + len(d.Latest) + len(d.Themes) + 160
}

// Digest lays the cases out as the week's digest: one message, or several
// within limits ("part 1 of 3"), cases in order of their names. slot names
// the week.
func (co Coach) Digest(cases []DigestCase, slot time.Time, limits DigestLimits) []Reply {
	t := textsFor(co.lang())
	cases = slices.Clone(cases)
	slices.SortStableFunc(cases, func(a, b DigestCase) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Channel, b.Channel))
	})
	title := fmt.Sprintf(t.DigestTitle, Week(slot.In(co.loc())))
	if len(cases) == 0 {
		return []Reply{{Kind: ReplyDigest, Lang: co.lang(), Title: title, Text: t.DigestNone, Slot: slot}}
	}
	var pages [][]DigestCase
	var page []DigestCase
	size := 0
	for _, d := range cases {
		full := limits.Cases > 0 && len(page) >= limits.Cases || limits.Bytes > 0 && size+d.size() > limits.Bytes
		if full && len(page) > 0 {
			pages = append(pages, page)
			page, size = nil, 0
		}
		page = append(page, d)
		size += d.size()
	}
	pages = append(pages, page)
	out := make([]Reply, 0, len(pages))
	for i, p := range pages {
		r := Reply{Kind: ReplyDigest, Lang: co.lang(), Title: title, Cases: p, Slot: slot}
		if len(pages) > 1 {
			r.Title += " (" + fmt.Sprintf(t.DigestPart, i+1, len(pages)) + ")"
		}
		if i == 0 {
			r.Text = t.DigestIntro
		}
		for _, d := range p {
			sec := Section{Heading: d.Name, Lines: []string{d.Line()}}
			if d.Latest != "" {
				sec.Lines = append(sec.Lines, d.Latest)
			}
			r.Sections = append(r.Sections, sec)
		}
		out = append(out, r)
	}
	return out
}

func (co Coach) lang() Lang {
	if co.Lang == "" {
		return NB
	}
	return co.Lang
}

// truncateLine cuts s to n runes, with an ellipsis.
func truncateLine(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
