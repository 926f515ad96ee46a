package residents

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/url"
	"strings"

	"github.com/oslo-involve/involve/internal/urls"
	qrcode "github.com/skip2/go-qrcode"
)

// CodeLen is the length of a page code: 10 base32 characters, 50 random bits.
const CodeLen = 10

// codeEncoding is lower-case RFC 4648 base32 without padding: no 0, 1, 8 or 9,
// so a code read off a poster is not mistaken for O, I, l or B.
var codeEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewCode returns a new page code: short enough to type from a poster and,
// at 50 bits from crypto/rand, not guessable.
func NewCode() string {
	var b [7]byte // 56 bits; the first 10 characters carry 50 of them
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("residents: crypto/rand: %v", err)) // never fails on supported systems
	}
	return codeEncoding.EncodeToString(b[:])[:CodeLen]
}

// ValidCode reports whether code has the form NewCode gives (lower case).
func ValidCode(code string) bool {
	if len(code) != CodeLen {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// NormalizeCode returns code as NewCode writes it: a code typed from a poster
// in capitals works too.
func NormalizeCode(code string) string {
	return strings.ToLower(strings.TrimSpace(code))
}

// Link returns the page's address under publicURL (such as
// "https://involve.example.kommune.no"): publicURL + "/r/" + code. The
// public URL must be https, or http on a loopback address for tests.
func Link(publicURL, code string) (string, error) {
	u, err := url.Parse(strings.TrimRight(publicURL, "/"))
	if err != nil {
		return "", fmt.Errorf("residents: public url: %w", err)
	}
	if u.Host == "" || !urls.Secure(u.String()) {
		return "", fmt.Errorf("residents: public url %q: want https://host (http only on a loopback address, for tests)", publicURL)
	}
	if !ValidCode(code) {
		return "", fmt.Errorf("residents: bad code %q", code)
	}
	return u.JoinPath("r", code).String(), nil
}

// QR returns a PNG of a QR code for link, large enough to print for a stand
// or a meeting (512 px square, medium error correction).
func QR(link string) ([]byte, error) {
	png, err := qrcode.Encode(link, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("residents: qr code: %w", err)
	}
	return png, nil
}
