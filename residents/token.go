package residents

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"
)

// A form token proves that a submission comes from a form this server gave
// out for that page, and when: HMAC-SHA256 over the code and the time of
// issue, with a server secret. It needs no cookie and no server state.
//
// Wire form: base64url(issued-at as big-endian Unix seconds, 8 bytes || MAC, 32 bytes).

const (
	tokenTimeLen = 8
	tokenMACLen  = sha256.Size
	tokenLen     = tokenTimeLen + tokenMACLen
)

// tokenDomain keeps these MACs apart from anything else the secret may sign.
const tokenDomain = "involve/residents/form-token/v1\x00"

type tokenKey []byte

// issue returns a token for the page with the code, issued at at.
func (k tokenKey) issue(code string, at time.Time) string {
	var b [tokenLen]byte
	binary.BigEndian.PutUint64(b[:tokenTimeLen], uint64(at.Unix()))
	copy(b[tokenTimeLen:], k.mac(code, b[:tokenTimeLen]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// verify reports whether tok was issued by this key for the code, and when.
// It says nothing of the token's age: the caller judges that.
func (k tokenKey) verify(code, tok string) (issued time.Time, ok bool) {
	if base64.RawURLEncoding.DecodedLen(len(tok)) != tokenLen {
		return time.Time{}, false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil || len(b) != tokenLen {
		return time.Time{}, false
	}
	if !hmac.Equal(b[tokenTimeLen:], k.mac(code, b[:tokenTimeLen])) {
		return time.Time{}, false
	}
	return time.Unix(int64(binary.BigEndian.Uint64(b[:tokenTimeLen])), 0), true
}

func (k tokenKey) mac(code string, issued []byte) []byte {
	m := hmac.New(sha256.New, k)
	m.Write([]byte(tokenDomain))
	m.Write([]byte(code))
	m.Write([]byte{0})
	m.Write(issued)
	return m.Sum(nil)
}

// tokenState is what a submitted token says, judged against the clock.
type tokenState int

const (
	tokenMissing tokenState = iota // no token at all
	tokenInvalid                   // not one of ours, or for another page
	tokenTooNew                    // ours, but younger than the minimum age: likely a bot
	tokenStale                     // ours, but older than the maximum age
	tokenFuture                    // ours, but issued in the future (clock moved back)
	tokenOK
)

// judge classifies tok for the code at now.
func (k tokenKey) judge(code, tok string, now time.Time, minAge, maxAge time.Duration) (tokenState, time.Time) {
	if tok == "" {
		return tokenMissing, time.Time{}
	}
	issued, ok := k.verify(code, tok)
	if !ok {
		return tokenInvalid, time.Time{}
	}
	// Unix seconds: allow the second the token was issued in.
	age := now.Truncate(time.Second).Sub(issued)
	switch {
	case age < -time.Minute:
		return tokenFuture, issued
	case age < minAge:
		return tokenTooNew, issued
	case age > maxAge:
		return tokenStale, issued
	}
	return tokenOK, issued
}

// IssueToken returns the form token a Handler with secret would give out
// for the page with the code at at: for tests and load generators that
// submit without fetching the form first.
func IssueToken(secret []byte, code string, at time.Time) string {
	return tokenKey(secret).issue(code, at)
}
