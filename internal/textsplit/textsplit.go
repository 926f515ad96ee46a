package textsplit

import (
	"strings"
	"unicode/utf8"
)

// Measure returns the byte length of the longest prefix of s that is at
// most limit units long, ending at a rune boundary.
type Measure func(s string, limit int) int

// Bytes measures in bytes.
func Bytes(s string, limit int) int {
	if len(s) <= limit {
		return len(s)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return cut
}

// Runes measures in runes.
func Runes(s string, limit int) int {
	for i := range s {
		if limit == 0 {
			return i
		}
		limit--
	}
	return len(s)
}

// Splitter cuts texts into pieces of at most Limit units of Measure.
type Splitter struct {
	Limit   int
	Measure Measure
	// Back, when set, may move a cut at byte offset cut of s earlier, so as
	// not to cut a token of the platform's markup in half. It returns the
	// new offset; 0 keeps the cut where it was.
	Back func(s string, cut int) int
}

// separators are tried in this order for a cut.
var separators = []string{"\n\n", "\n", " "}

// Split cuts s into pieces. Spaces and line breaks around a cut are
// dropped, as are pieces that would be empty; the last piece is the rest of
// s as it is, so a text within the limit comes back whole.
func (sp Splitter) Split(s string) []string {
	var out []string
	for {
		end := sp.Measure(s, sp.Limit)
		if end >= len(s) {
			break
		}
		cut := -1
		for _, sep := range separators {
			window := s[:min(len(s), end+len(sep))]
			if i := strings.LastIndex(window, sep); i >= end/2 && i <= end {
				cut = i
				break
			}
		}
		if cut <= 0 {
			cut = end
		}
		if sp.Back != nil {
			if c := sp.Back(s, cut); c > 0 {
				cut = c
			}
		}
		if cut <= 0 {
			// Not even one rune fits: take one, so that the loop ends.
			_, cut = utf8.DecodeRuneInString(s)
		}
		if piece := strings.TrimRight(s[:cut], " \n"); piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
