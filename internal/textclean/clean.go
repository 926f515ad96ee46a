package textclean

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s with the control characters taken out: the C0 controls
// (U+0000–U+001F) but tab and line feed, DEL (U+007F) and the C1 controls
// (U+0080–U+009F). A carriage return ends a line: "\r\n" and a lone "\r"
// become "\n", so that a line break typed anywhere stays one. Invalid UTF-8
// becomes U+FFFD. Everything else, including every printable character of
// every script and emoji, is kept as it is; a run of invalid bytes becomes
// one U+FFFD, as strings.ToValidUTF8 makes it. Clean is idempotent, and s is
// returned itself when there is nothing to take out.
func Clean(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	invalid := false // the byte before was invalid: a run of them is one U+FFFD
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError && size == 1
		switch {
		case bad:
			if !invalid {
				b.WriteRune(utf8.RuneError)
			}
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case IsControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		invalid = bad
		i += size
	}
	return b.String()
}

// IsControl reports whether Clean takes r out: a C0 control other than tab,
// line feed and carriage return (which Clean turns into a line feed), DEL
// or a C1 control.
func IsControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// clean reports whether s has nothing Clean would change.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c == '\r' {
			return false
		}
		if c >= utf8.RuneSelf {
			return cleanFrom(s[i:])
		}
	}
	return true
}

func cleanFrom(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || IsControl(r) {
			// A literal U+FFFD is fine, but telling it from an invalid
			// byte costs the same as cleaning: let Clean decide.
			return false
		}
	}
	return true
}
