package dialogs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxThemeName bounds a theme's name as the team gives it, in runes.
const maxThemeName = 80

// theme handles /involve tema: the list, and the team's changes to it.
//
//	tema                          the themes
//	tema 2 navn Trygg skolevei    rename theme 2
//	tema slå sammen 1 3           merge theme 3 into theme 1
//	tema 2 del 4 9                move residents' answers 4 and 9 out of theme 2 into a theme of their own
//	tema 2 oppfølging <tekst>     what the team did with theme 2
func (s *step) theme(args string) {
	tt := themeTextsFor(s.c.Lang)
	f := strings.Fields(args)
	if len(f) == 0 {
		s.themeList(tt)
		return
	}
	lower := func(i int) string { return strings.ToLower(f[i]) }
	switch {
	case len(f) >= 3 && merging(lower(0), lower(1)):
		a, b, ok := s.themeNumbers(tt, f[len(f)-2], f[len(f)-1])
		if !ok {
			return
		}
		s.freezeThemes()
		into, from := &s.c.SavedThemes[a], s.c.SavedThemes[b]
		into.Answers = mergeInts(into.Answers, from.Answers)
		into.Reports = mergeInts(into.Reports, from.Reports)
		if into.FollowUp == "" {
			into.FollowUp, into.FollowAt = from.FollowUp, from.FollowAt
		}
		s.c.SavedThemes = slices.Delete(s.c.SavedThemes, b, b+1)
		s.changed()
		s.textf(ReplyText, false, tt.Merged, b+1, a+1, into.Name)
		return
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || len(f) < 3 {
		s.text(ReplyError, true, tt.Usage)
		return
	}
	i, ok := s.themeIndex(tt, n)
	if !ok {
		return
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args[len(f[0]):]), f[1]))
	switch lower(1) {
	case "navn", "namn", "name", "gi", "kall":
		if rest == "" || utf8.RuneCountInString(rest) > maxThemeName {
			s.text(ReplyError, true, tt.Usage)
			return
		}
		s.freezeThemes()
		s.c.SavedThemes[i].Name = rest
		s.changed()
		s.textf(ReplyText, false, tt.Renamed, n, rest)
	case "del", "split", "skil", "skill":
		var move []int
		for _, w := range strings.Fields(strings.ReplaceAll(rest, ",", " ")) {
			k, err := strconv.Atoi(w)
			if err != nil {
				s.text(ReplyError, true, tt.Usage)
				return
			}
			move = append(move, k)
		}
		s.freezeThemes()
		th := &s.c.SavedThemes[i]
		var moved []int
		for _, k := range move {
			if j := slices.Index(th.Answers, k); j >= 0 {
				th.Answers = slices.Delete(th.Answers, j, j+1)
				moved = append(moved, k)
			}
		}
		if len(moved) == 0 {
			s.textf(ReplyError, true, tt.NotInTheme, n)
			return
		}
		slices.Sort(moved)
		name := fmt.Sprintf(tt.SplitName, th.Name)
		s.c.SavedThemes = append(s.c.SavedThemes, SavedTheme{Name: name, Answers: moved})
		s.changed()
		s.textf(ReplyText, false, tt.Split, joinInts(moved), len(s.c.SavedThemes), name)
	case "oppfølging", "oppfolging", "followup", "follow-up":
		if rest == "" {
			s.text(ReplyError, true, tt.Usage)
			return
		}
		s.freezeThemes()
		s.c.SavedThemes[i].FollowUp, s.c.SavedThemes[i].FollowAt = rest, s.in.At
		s.changed()
		s.textf(ReplyText, false, tt.FollowedUp, n)
	default:
		s.text(ReplyError, true, tt.Usage)
	}
}

// merging reports whether the first words ask to merge two themes.
func merging(w0, w1 string) bool {
	return w0 == "slå" && (w1 == "sammen" || w1 == "saman") || w0 == "merge" || w0 == "sammen" || w0 == "saman"
}

func (s *step) themeList(tt *themeTexts) {
	themes := s.c.Themes()
	if len(themes) == 0 {
		s.text(ReplyText, true, tt.None)
		return
	}
	sec := Section{}
	for i, e := range themes {
		sec.Lines = append(sec.Lines, themeLine(tt, i, e))
	}
	s.say(Reply{Kind: ReplyText, Title: tt.Heading, Text: tt.About, Context: tt.Usage, Sections: []Section{sec}, Ephemeral: true})
}

// themeIndex checks a theme number the team typed against the themes of
// the moment.
func (s *step) themeIndex(tt *themeTexts, n int) (int, bool) {
	if n < 1 || n > len(s.c.Themes()) {
		s.textf(ReplyError, true, tt.NoSuchTheme, n)
		return 0, false
	}
	return n - 1, true
}

func (s *step) themeNumbers(tt *themeTexts, x, y string) (int, int, bool) {
	a, err1 := strconv.Atoi(x)
	b, err2 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || a == b {
		s.text(ReplyError, true, tt.Usage)
		return 0, 0, false
	}
	i, ok := s.themeIndex(tt, a)
	if !ok {
		return 0, 0, false
	}
	j, ok := s.themeIndex(tt, b)
	return i, j, ok
}

// freezeThemes saves every theme of the moment as the team's, so that the
// numbers the team sees stay put while it changes them.
func (s *step) freezeThemes() {
	themes := s.c.Themes()
	saved := make([]SavedTheme, 0, len(themes))
	for i, e := range themes {
		if e.Team {
			saved = append(saved, s.c.SavedThemes[i])
			continue
		}
		saved = append(saved, SavedTheme{Name: e.Name, Answers: e.Answers, Reports: e.Reports})
	}
	s.c.SavedThemes = saved
}

func mergeInts(a, b []int) []int {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
