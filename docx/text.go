package docx

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// writer builds one XML part.
type writer struct {
	buf bytes.Buffer
}

func (w *writer) raw(s string) { w.buf.WriteString(s) }

// text writes s as XML character data, escaped. What XML 1.0 forbids is
// left out (see sanitize).
func (w *writer) text(s string) {
	s = sanitize(s)
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		w.buf.WriteString(s[last:i])
		w.buf.WriteString(esc)
		last = i + 1
	}
	w.buf.WriteString(s[last:])
}

// sanitize returns s without the characters XML 1.0 forbids (control
// characters, surrogates, U+FFFE and U+FFFF), without C1 control characters
// and bytes that are not UTF-8, and with every line end as "\n". Emoji and
// right-to-left letters stay. Clean text is returned as it is.
func sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !allowed(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte('\n')
			}
		case allowed(r, n):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// allowed reports whether r, decoded from n bytes, may stand in the text.
func allowed(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1: // not UTF-8
		return false
	case r == '\t' || r == '\n':
		return true
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return false
	case r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
		return false
	}
	return true
}

// rightToLeft reports whether the first letter of s with a strong direction
// is written right to left (Hebrew, Arabic and their neighbours).
func rightToLeft(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return false
			}
			continue
		}
		switch {
		case unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Samaritan, unicode.Mandaic):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}
