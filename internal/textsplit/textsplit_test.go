package textsplit

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// splits reads like the rule: paragraph, then line, then word, then rune.
var splits = []struct {
	name string
	sp   Splitter
	in   string
	want []string
}{
	{"fits", Splitter{Limit: 10, Measure: Bytes}, "kort tekst", []string{"kort tekst"}},
	{"empty", Splitter{Limit: 10, Measure: Bytes}, "", nil},
	{"paragraph", Splitter{Limit: 12, Measure: Bytes}, "første del\n\nandre del", []string{"første del", "andre del"}},
	{"paragraph before line", Splitter{Limit: 16, Measure: Bytes}, "en to tre\n\nfire\nfem seks", []string{"en to tre", "fire\nfem seks"}},
	{"line", Splitter{Limit: 8, Measure: Bytes}, "linje en\nlinje to", []string{"linje en", "linje to"}},
	{"word", Splitter{Limit: 7, Measure: Bytes}, "ord ord ord", []string{"ord ord", "ord"}},
	{"runes count", Splitter{Limit: 5, Measure: Runes}, "æøåæøå", []string{"æøåæø", "å"}},
	{"bytes never cut a rune", Splitter{Limit: 5, Measure: Bytes}, "æøåæøå", []string{"æø", "åæ", "øå"}},
	{"separator at the limit", Splitter{Limit: 10, Measure: Runes}, "0123456789\n\nabc", []string{"0123456789", "abc"}},
	{"back", Splitter{Limit: 6, Measure: Bytes, Back: func(s string, cut int) int {
		return strings.LastIndexByte(s[:cut], '&')
	}}, "abc&amp;d", []string{"abc", "&amp;d"}},
}

func TestSplit(t *testing.T) {
	for _, tt := range splits {
		got := tt.sp.Split(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Split(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// FuzzSplit checks that every piece fits, is valid UTF-8, and that no
// word is lost.
func FuzzSplit(f *testing.F) {
	f.Add("første del\n\nandre del med æøå", 7)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 1 || limit > 1000 || !utf8.ValidString(s) {
			return
		}
		for _, m := range []struct {
			name  string
			m     Measure
			count func(string) int
		}{{"bytes", Bytes, func(s string) int { return len(s) }}, {"runes", Runes, utf8.RuneCountInString}} {
			pieces := Splitter{Limit: limit, Measure: m.m}.Split(s)
			for _, p := range pieces[:max(len(pieces)-1, 0)] {
				if m.count(p) > limit && utf8.RuneCountInString(p) > 1 {
					t.Fatalf("%s: piece %q over %d", m.name, p, limit)
				}
			}
			if got, want := strings.Fields(strings.Join(pieces, " ")), strings.Fields(s); len(strings.Join(got, "")) != len(strings.Join(want, "")) {
				t.Fatalf("%s: text lost: %q → %q", m.name, s, pieces)
			}
		}
	})
}

// BenchmarkSplit cuts a long export (about 60 KB of Norwegian prose in
// paragraphs) the way each platform does.
func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("Planprogrammet skal på høring uansett – vi møter folk på torget før det, og forteller hva som ligger fast.\n\n", 550)
	for _, bb := range []struct {
		name string
		sp   Splitter
	}{{"slack-runes-3000", Splitter{Limit: 3000, Measure: Runes}}, {"teams-bytes-20KiB", Splitter{Limit: 20 << 10, Measure: Bytes}}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				bb.sp.Split(text)
			}
		})
	}
}
