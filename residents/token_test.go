package residents

import (
	"strings"
	"testing"
	"time"
)

func TestTokenJudge(t *testing.T) {
	k := tokenKey(testSecret)
	issued := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	tok := k.issue(testCode, issued)
	for _, tc := range []struct {
		name string
		code string
		tok  string
		at   time.Duration
		want tokenState
	}{
		{"fresh", testCode, tok, 0, tokenTooNew},
		{"1.9 s", testCode, tok, 1900 * time.Millisecond, tokenTooNew},
		{"2 s", testCode, tok, 2 * time.Second, tokenOK},
		{"2 h", testCode, tok, 2 * time.Hour, tokenOK},
		{"2 h 1 s", testCode, tok, 2*time.Hour + time.Second, tokenStale},
		{"an hour early", testCode, tok, -time.Hour, tokenFuture},
		{"another code", "bbbbbbbbbb", tok, time.Minute, tokenInvalid},
		{"none", testCode, "", time.Minute, tokenMissing},
		{"truncated", testCode, tok[:20], time.Minute, tokenInvalid},
		{"one byte changed", testCode, flip(tok), time.Minute, tokenInvalid},
		{"padded", testCode, tok + "==", time.Minute, tokenInvalid},
		// The last of 54 characters carries 2 bits of the 40 bytes; a token
		// whose 4 spare bits are set decodes the same without Strict, and one
		// form would have many spellings.
		{"spare bits set", testCode, spareBits(tok), time.Minute, tokenInvalid},
	} {
		got, _ := k.judge(tc.code, tc.tok, issued.Add(tc.at), DefaultTokenMinAge, DefaultTokenMaxAge)
		if got != tc.want {
			t.Errorf("%s: state %d, want %d", tc.name, got, tc.want)
		}
	}
	if _, ok := tokenKey([]byte(strings.Repeat("x", 32))).verify(testCode, tok); ok {
		t.Error("a token verifies under another secret")
	}
}

func spareBits(tok string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, tok[len(tok)-1])
	return tok[:len(tok)-1] + string(alphabet[i^1])
}

func flip(tok string) string {
	b := []byte(tok)
	if b[12] == 'A' {
		b[12] = 'B'
	} else {
		b[12] = 'A'
	}
	return string(b)
}

func TestNewRefusesAShortSecret(t *testing.T) {
	if _, err := New(NewMemStore(), []byte("short")); err == nil {
		t.Fatal("a 5-byte secret was taken")
	}
	if _, err := New(nil, testSecret); err == nil {
		t.Fatal("no store was taken")
	}
}

func FuzzTokenVerify(f *testing.F) {
	k := tokenKey(testSecret)
	f.Add(k.issue(testCode, time.Unix(1796054400, 0)))
	f.Add("")
	f.Add("!!!!")
	f.Fuzz(func(t *testing.T, tok string) {
		issued, ok := k.verify(testCode, tok)
		if ok && k.issue(testCode, issued) != tok {
			t.Fatalf("%q verifies but is not the token issued at %v", tok, issued)
		}
	})
}
