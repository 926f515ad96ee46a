package textclean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var cleanCases = []struct {
	name, in, want string
}{
	{"plain", "Benkene må tilbake på torget.", "Benkene må tilbake på torget."},
	{"tab and newline stay", "a\tb\nc", "a\tb\nc"},
	{"crlf is one line break", "a\r\nb", "a\nb"},
	{"lone cr is a line break", "a\rb", "a\nb"},
	{"cr after non-ascii text", "«plan»\r\nTakk", "«plan»\nTakk"},
	{"escape after non-ascii text", "blåbær\x1bc", "blåbærc"},
	{"escape c resets a terminal", "før\x1bcetter", "førcetter"},
	{"csi sequence loses its escape", "\x1b[2J\x1b[Hskjult", "[2J[Hskjult"},
	{"backspaces hide text", "synlig\b\b\b\b\b\bskjult", "synligskjult"},
	{"nul and bell", "a\x00b\x07c", "abc"},
	{"del", "a\x7fb", "ab"},
	{"c1 csi", "a\u009b2Jb", "a2Jb"},
	{"c1 next line and osc", "a\u0085b\u009dc", "abc"},
	{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	{"a run of invalid bytes is one replacement", "a\xff\xfe b\xff\x1b\xfe", "a\uFFFD b\uFFFD\uFFFD"},
	{"emoji and sami kept", "😀 Sámi čálli ŋ", "😀 Sámi čálli ŋ"},
	{"nbsp and soft hyphen kept", "a\u00a0b\u00adc", "a\u00a0b\u00adc"},
	{"replacement character kept", "a\uFFFDb", "a\uFFFDb"},
}

func TestClean(t *testing.T) {
	for _, c := range cleanCases {
		t.Run(c.name, func(t *testing.T) {
			if got := Clean(c.in); got != c.want {
				t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func FuzzClean(f *testing.F) {
	for _, c := range cleanCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q: not valid UTF-8", s, got)
		}
		for _, r := range got {
			if IsControl(r) || r == '\r' {
				t.Fatalf("Clean(%q) = %q: keeps control %U", s, got, r)
			}
		}
		if again := Clean(got); again != got {
			t.Fatalf("Clean not idempotent: %q → %q → %q", s, got, again)
		}
		// Nothing printable is lost: the printable runes of a valid input
		// come out in order.
		if utf8.ValidString(s) {
			var want strings.Builder
			for _, r := range s {
				if !IsControl(r) && r != '\r' {
					want.WriteRune(r)
				}
			}
			if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(want.String(), "\n", "") {
				t.Fatalf("Clean(%q) = %q: lost printable text", s, got)
			}
		}
	})
}
