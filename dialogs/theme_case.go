package dialogs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds a case's themes: the coach's grouping of the residents'
// answers and the weekly reports by what they talk about (themes.go), and
// what the team made of it — renamed, merged, split, followed up.

// SavedTheme is a theme as the team keeps it. Once the team changes any
// theme, every theme of the moment is saved, so that numbers stay put;
// answers that come in later are grouped by the coach among themselves.
type SavedTheme struct {
	Name     string    `json:"name"`
	Answers  []int     `json:"answers,omitempty"` // residents' answers, by number
	Reports  []int     `json:"reports,omitempty"` // weekly reports, by number (1: the first report)
	FollowUp string    `json:"followup,omitempty"`
	FollowAt time.Time `json:"followup_at,omitzero"`
}

// ThemeEntry is one theme in a document, a summary or the digest.
type ThemeEntry struct {
	Name     string   `json:"name"`
	Words    []string `json:"words,omitempty"` // the words the coach named it by; empty once the team named it
	Answers  []int    `json:"answers"`         // residents' answers, by number
	Reports  []int    `json:"reports,omitempty"`
	FollowUp string   `json:"followup,omitempty"`
	Team     bool     `json:"team,omitempty"` // the team has kept (named, merged, split) this theme
}

// Themes are c's themes: the team's, then the coach's grouping of what is
// in none of them. Removed residents' answers are in no theme.
func (c *Case) Themes() []ThemeEntry {
	answers, reports := c.themeTexts()
	in := map[string]bool{}
	var out []ThemeEntry
	for _, s := range c.SavedThemes {
		e := ThemeEntry{Name: s.Name, FollowUp: s.FollowUp, Team: true, Answers: []int{}}
		for _, n := range s.Answers {
			if _, ok := answers[n]; ok {
				e.Answers = append(e.Answers, n)
				in["a"+strconv.Itoa(n)] = true
			}
		}
		for _, n := range s.Reports {
			if _, ok := reports[n]; ok {
				e.Reports = append(e.Reports, n)
				in["r"+strconv.Itoa(n)] = true
			}
		}
		out = append(out, e)
	}
	var inputs []ThemeInput
	for _, n := range sortedKeys(reports) {
		if k := "r" + strconv.Itoa(n); !in[k] {
			inputs = append(inputs, ThemeInput{Key: k, Text: reports[n]})
		}
	}
	for _, n := range sortedKeys(answers) {
		if k := "a" + strconv.Itoa(n); !in[k] {
			inputs = append(inputs, ThemeInput{Key: k, Text: answers[n]})
		}
	}
	for _, f := range GroupThemes(inputs) {
		e := ThemeEntry{Name: strings.Join(f.Words, ", "), Words: f.Words, Answers: []int{}}
		for _, k := range f.Keys {
			n, _ := strconv.Atoi(k[1:])
			if k[0] == 'a' {
				e.Answers = append(e.Answers, n)
			} else {
				e.Reports = append(e.Reports, n)
			}
		}
		slices.Sort(e.Answers)
		slices.Sort(e.Reports)
		out = append(out, e)
	}
	return out
}

// themeTexts are the texts themes are made of: the residents' answers by
// number and the weekly reports by their number among the reports.
func (c *Case) themeTexts() (answers, reports map[int]string) {
	answers, reports = map[int]string{}, map[int]string{}
	if p := c.Residents; p != nil {
		for _, a := range p.Answers {
			answers[a.N] = a.Text
		}
	}
	for i, r := range c.Reports {
		if !r.Nothing {
			reports[i+1] = r.Text
		}
	}
	return answers, reports
}

func sortedKeys(m map[int]string) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// themeLine is a theme as one line: its number, name, and what is in it.
func themeLine(tt *themeTexts, i int, e ThemeEntry) string {
	var parts []string
	if len(e.Answers) > 0 {
		parts = append(parts, fmt.Sprintf(tt.Answers, joinInts(e.Answers)))
	}
	if len(e.Reports) > 0 {
		parts = append(parts, fmt.Sprintf(tt.Reports, joinInts(e.Reports)))
	}
	line := fmt.Sprintf("%d. «%s»", i+1, e.Name)
	if len(parts) > 0 {
		line += " – " + strings.Join(parts, "; ")
	}
	if e.FollowUp != "" {
		line += " – " + fmt.Sprintf(tt.FollowUpLine, e.FollowUp)
	}
	return line
}

// themesSection is the summary's list of themes, labelled as the coach's
// grouping of words; none when there is nothing to group.
func (s *step) themesSection() (Section, bool) {
	themes := s.c.Themes()
	if len(themes) == 0 {
		return Section{}, false
	}
	tt := themeTextsFor(s.c.Lang)
	sec := Section{Heading: tt.Heading}
	for i, e := range themes {
		sec.Lines = append(sec.Lines, themeLine(tt, i, e))
	}
	sec.Lines = append(sec.Lines, tt.About)
	return sec, true
}

// digestThemes names a case's largest themes for the coordinator's digest,
// in one short line; empty when there are none.
func digestThemes(l Lang, c *Case) string {
	themes := c.Themes()
	if len(themes) == 0 {
		return ""
	}
	tt := themeTextsFor(l)
	var names []string
	for _, e := range themes[:min(3, len(themes))] {
		names = append(names, "«"+truncateLine(e.Name, 40)+"»")
	}
	return fmt.Sprintf(tt.Digest, strings.Join(names, ", "))
}
