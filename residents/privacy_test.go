package residents

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// captureLog keeps every log record, with all its attributes, as text.
type captureLog struct {
	mu    sync.Mutex
	lines []string
	attrs []slog.Attr
}

func (c *captureLog) Enabled(context.Context, slog.Level) bool { return true }

func (c *captureLog) Handle(_ context.Context, r slog.Record) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s", r.Level, r.Message)
	for _, a := range c.attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
	}
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	c.mu.Lock()
	c.lines = append(c.lines, b.String())
	c.mu.Unlock()
	return nil
}

func (c *captureLog) WithAttrs(as []slog.Attr) slog.Handler {
	return &captureLog{attrs: append(append([]slog.Attr(nil), c.attrs...), as...)}
}

func (c *captureLog) WithGroup(string) slog.Handler { return c }

// TestNoAddressReachesTheStoreOrTheLog sends answers down every path (taken,
// refused, rate-limited, honeypot, store failure) from a client with an
// address and proxy headers, and checks that no part of any address reaches
// the store, the log or the page.
func TestNoAddressReachesTheStoreOrTheLog(t *testing.T) {
	const peer, forwarded, realIP, fwd = "203.0.113.77", "198.51.100.23", "198.51.100.99", "2001:db8::42"
	for _, clientAddr := range []func(*http.Request) string{PeerAddr, ForwardedFor} {
		r := newRig(t)
		logs := &captureLog{}
		r.h.Log = slog.New(logs)
		fs := &failingStore{MemStore: r.store}
		r.h.Store = fs
		r.h.ClientAddr = clientAddr
		r.h.RateBurst = 5
		r.h.RateLimit = rate.Every(time.Minute)

		send := func(method, path string, form url.Values) response {
			var req *http.Request
			if method == http.MethodGet {
				req = httptest.NewRequest(method, path, nil)
			} else {
				req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.RemoteAddr = peer + ":51234"
			req.Header.Set("X-Forwarded-For", "10.9.8.7, "+forwarded)
			req.Header.Set("X-Real-IP", realIP)
			req.Header.Set("Forwarded", `for="[`+fwd+`]"`)
			return r.do(req)
		}
		tok := r.token(send(http.MethodGet, "/r/"+testCode, nil))
		r.clock.Advance(time.Minute)
		var pages []string
		for _, step := range []struct {
			form url.Values
			fail bool
		}{
			{url.Values{"token": {tok}, "text": {"Lagres ikke"}}, true},
			{url.Values{"token": {tok}, "text": {"Første svar"}, "age": {"67+"}}, false},
			{url.Values{"token": {tok}, "text": {"Honning"}, "website": {"x"}}, false},
			{url.Values{"token": {tok}, "text": {""}}, false},
			{url.Values{"text": {"Uten token"}}, false},
			{url.Values{"token": {tok}, "text": {"For mange"}}, false}, // over the limit by now
		} {
			fs.setFail(step.fail)
			pages = append(pages, send(http.MethodPost, "/r/"+testCode, step.form).body)
		}
		pages = append(pages, send(http.MethodGet, "/r/zzzzzzzzzz", nil).body)
		for _, path := range []string{"store answer", "answer stored", "honeypot", "rate limit"} {
			if !strings.Contains(strings.Join(logs.lines, "\n"), path) {
				t.Fatalf("no log of %q: the test covers less than it says", path)
			}
		}
		if n := len(r.store.Answers(testCode)); n != 1 {
			t.Fatalf("%d answers stored, want 1", n)
		}
		stored := fmt.Sprintf("%#v", r.store.Answers(testCode))
		everything := map[string]string{"store": stored, "log": strings.Join(logs.lines, "\n"), "pages": strings.Join(pages, "\n")}
		for where, text := range everything {
			for _, addr := range []string{peer, forwarded, realIP, fwd, "10.9.8.7", "203.0.113", "198.51.100", "2001:db8"} {
				if strings.Contains(text, addr) {
					t.Errorf("%s holds the address %s", where, addr)
				}
			}
		}
		// Nor do the answers' words reach the log.
		for _, words := range []string{"Første svar", "Lagres ikke", "Honning", "For mange", "Uten token"} {
			if strings.Contains(everything["log"], words) {
				t.Errorf("the log holds an answer's text %q", words)
			}
		}
	}
}

func TestRateLimitPerAddress(t *testing.T) {
	r := newRig(t)
	r.h.RateBurst = 2
	r.h.RateLimit = rate.Every(30 * time.Second)
	from := func(addr, text string) response {
		tok := r.freshToken()
		req := httptest.NewRequest(http.MethodPost, "/r/"+testCode+"?lang=nn", strings.NewReader(url.Values{"token": {tok}, "text": {text}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr
		return r.do(req)
	}
	for i := range 2 {
		if res := from("192.0.2.50:1000", fmt.Sprint("svar ", i)); res.status != http.StatusOK {
			t.Fatalf("answer %d: status %d", i, res.status)
		}
	}
	res := from("192.0.2.50:1001", "ett for mye")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q; want 429 with Retry-After", res.status, res.header.Get("Retry-After"))
	}
	if !strings.Contains(res.body, "ett for mye</textarea>") || !strings.Contains(res.body, `lang="nn"`) {
		t.Fatal("the text is not kept, or the page is not in nynorsk")
	}
	if n := r.store.Count(); n != 2 {
		t.Fatalf("%d answers, want 2", n)
	}
	// Another address is not held back; the first is let through again in time.
	if res := from("192.0.2.51:1000", "en annen"); res.status != http.StatusOK {
		t.Fatalf("another address: status %d", res.status)
	}
	r.clock.Advance(30 * time.Second)
	if res := from("192.0.2.50:1002", "senere"); res.status != http.StatusOK {
		t.Fatalf("later: status %d", res.status)
	}
}

func TestRateLimiterIsBounded(t *testing.T) {
	l := newAddrLimiter(rate.Every(time.Minute), 1, 3)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if !l.allow("192.0.2.1", now) || l.allow("192.0.2.1", now) {
		t.Fatal("burst of 1 not kept")
	}
	for i := range 10 {
		l.allow(fmt.Sprint("198.51.100.", i), now)
		if l.size() > 3 {
			t.Fatalf("%d addresses held, want at most 3", l.size())
		}
	}
	// A flood of other addresses does not make room by forgetting one
	// that used its burst: it would start afresh (issue 24).
	if l.allow("192.0.2.1", now) {
		t.Fatal("a limited address got a fresh burst after a flood of others")
	}
	for k := range l.byKey {
		if bytes.Contains(k[:], []byte("192.0.2.1")) {
			t.Fatal("the address is kept in clear")
		}
	}
}
