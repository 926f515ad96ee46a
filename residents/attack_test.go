package residents

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// These tests are the attacks of issue 24 that the page did not hold.

func TestClientKeyCountsIPv6ByItsSlash64(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"::ffff:c000:207", "192.0.2.7"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:0db8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{" 2001:db8:1:2::9 ", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"not an address", "not an address"},
	} {
		if got := ClientKey(tt.in); got != tt.want {
			t.Errorf("ClientKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// postFrom sends one answer from addr with a fresh form.
func (r *rig) postFrom(addr, text string, hdr map[string]string) response {
	r.t.Helper()
	tok := r.freshToken()
	req := httptest.NewRequest(http.MethodPost, "/r/"+testCode, strings.NewReader(url.Values{"token": {tok}, "text": {text}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	req.RemoteAddr = addr
	return r.do(req)
}

func TestOneSlash64IsOneClient(t *testing.T) {
	r := newRig(t)
	r.h.RateBurst = 5
	r.h.RateLimit = rate.Every(24 * time.Hour)
	r.h.PageBurst, r.h.GlobalBurst = 1<<20, 1<<20
	stored := 0
	for i := range 1000 {
		addr := fmt.Sprintf("[2001:db8:aa:bb:%x:%x::1]:4000", i>>8, i&255)
		if res := r.postFrom(addr, fmt.Sprint("svar ", i), nil); res.status == http.StatusOK {
			stored++
		}
	}
	if stored != 5 || r.store.Count() != 5 {
		t.Fatalf("1,000 addresses of one /64 stored %d answers (store %d), want the burst of 5", stored, r.store.Count())
	}
	// Another /64 is another client.
	if res := r.postFrom("[2001:db8:aa:bc::1]:4000", "naboen", nil); res.status != http.StatusOK {
		t.Fatalf("another /64: status %d", res.status)
	}
}

func TestAFloodDoesNotFreeALimitedAddress(t *testing.T) {
	l := newAddrLimiter(rate.Every(6*time.Second), 20, 100)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for range 20 {
		l.allow("2001:db8:1:2::1", now)
	}
	if l.allow("2001:db8:1:2::1", now) {
		t.Fatal("the burst was not spent")
	}
	for i := range 10000 {
		l.allow(fmt.Sprintf("198.51.%d.%d", i>>8, i&255), now.Add(time.Duration(i)*100*time.Microsecond))
		if l.size() > 100 {
			t.Fatalf("%d clients held, want at most 100", l.size())
		}
	}
	if l.allow("2001:db8:1:2::99", now.Add(time.Second)) {
		t.Fatal("a limited /64 got a fresh burst after 10,000 others passed")
	}
	// Clients whose bucket filled again do make room; when none can go, the
	// newcomers share one bucket.
	later := now.Add(time.Hour)
	for i := range 100 + 20 {
		if !l.allow(fmt.Sprintf("203.0.113.%d", i), later) {
			t.Fatalf("new client %d refused an hour later", i)
		}
	}
}

func TestPageAndGlobalBudgetsHoldAcrossAddresses(t *testing.T) {
	r := newRig(t)
	r.h.PageBurst, r.h.PageLimit = 3, rate.Every(time.Hour)
	other := "m3n4b5v6c7"
	r.store.Put(other, testPage)
	for i := range 3 {
		if res := r.postFrom(fmt.Sprintf("192.0.2.%d:1", 100+i), "svar", nil); res.status != http.StatusOK {
			t.Fatalf("answer %d: status %d", i, res.status)
		}
	}
	res := r.postFrom("192.0.2.200:1", "ett til", nil)
	if res.status != http.StatusTooManyRequests || !strings.Contains(html.UnescapeString(res.body), textsFor("nb").ErrBusy) {
		t.Fatalf("over the page's budget: status %d, want 429 with a clear notice", res.status)
	}
	if !strings.Contains(res.body, "ett til") || r.store.Count() != 3 {
		t.Fatalf("the text was not kept in the form, or the answer was stored (%d)", r.store.Count())
	}

	g := newRig(t)
	g.h.GlobalBurst, g.h.GlobalLimit = 2, rate.Every(time.Hour)
	g.store.Put(other, testPage)
	for i, code := range []string{testCode, other, other} {
		tok := g.token(g.get("/r/" + code))
		g.clock.Advance(5 * time.Second)
		req := httptest.NewRequest(http.MethodPost, "/r/"+code, strings.NewReader(url.Values{"token": {tok}, "text": {"svar"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = fmt.Sprintf("192.0.2.%d:1", 10+i)
		want := http.StatusOK
		if i == 2 {
			want = http.StatusTooManyRequests
		}
		if res := g.do(req); res.status != want {
			t.Fatalf("global budget, answer %d: status %d, want %d", i, res.status, want)
		}
	}
}

func TestAFullPageTakesNoMore(t *testing.T) {
	r := newRig(t)
	r.h.MaxAnswers = 2
	for i := range 2 {
		if res := r.postFrom(fmt.Sprintf("192.0.2.%d:1", 50+i), "svar", nil); res.status != http.StatusOK {
			t.Fatalf("answer %d: status %d", i, res.status)
		}
	}
	res := r.postFrom("192.0.2.60:1", "det tredje", nil)
	if res.status != http.StatusForbidden || !strings.Contains(html.UnescapeString(res.body), textsFor("nb").ErrFull) || r.store.Count() != 2 {
		t.Fatalf("a full page: status %d, %d stored; want 403, a clear notice and 2", res.status, r.store.Count())
	}
}

func TestOneFormTakesAFewAnswers(t *testing.T) {
	r := newRig(t)
	tok := r.freshToken()
	for i := range 5 {
		res := r.post("/r/"+testCode, url.Values{"token": {tok}, "text": {fmt.Sprint("tanke nummer ", i)}})
		want := http.StatusOK
		if i >= DefaultAnswersPerToken {
			want = http.StatusTooManyRequests
		}
		if res.status != want {
			t.Fatalf("answer %d with one form: status %d, want %d", i, res.status, want)
		}
		if want != http.StatusOK && !strings.Contains(html.UnescapeString(res.body), textsFor("nb").ErrTokenUsed) {
			t.Errorf("no clear notice for a used-up form")
		}
	}
	if n := r.store.Count(); n != DefaultAnswersPerToken {
		t.Fatalf("%d answers stored with one form, want %d", n, DefaultAnswersPerToken)
	}
	// The form sent again with the same words is a twin, not a new answer.
	if res := r.post("/r/"+testCode, url.Values{"token": {tok}, "text": {"tanke nummer 0"}}); res.status != http.StatusOK || r.store.Count() != DefaultAnswersPerToken {
		t.Fatalf("a twin of a taken answer: status %d, %d stored", res.status, r.store.Count())
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	for _, tt := range []struct {
		name string
		hdr  map[string]string
		ok   bool
	}{
		{"the page's own form", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "https://involve.oslo.kommune.no"}, true},
		{"no headers (an old browser, curl)", nil, true},
		{"typed or bookmarked", map[string]string{"Sec-Fetch-Site": "none"}, true},
		{"same site", map[string]string{"Sec-Fetch-Site": "same-site"}, true},
		{"a form on another site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, false},
		{"cross-site without Origin", map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"another Origin without Sec-Fetch-Site", map[string]string{"Origin": "https://evil.example"}, false},
		{"an opaque origin", map[string]string{"Origin": "null"}, false},
		{"the right host over http", map[string]string{"Origin": "http://involve.oslo.kommune.no"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			r.h.PublicURL = "https://involve.oslo.kommune.no/"
			res := r.postFrom("192.0.2.9:1", "fra et skjema", tt.hdr)
			if tt.ok {
				if res.status != http.StatusOK || r.store.Count() != 1 {
					t.Fatalf("status %d, %d stored; want 200 and 1", res.status, r.store.Count())
				}
				return
			}
			if res.status != http.StatusForbidden || r.store.Count() != 0 {
				t.Fatalf("status %d, %d stored; want 403 and nothing", res.status, r.store.Count())
			}
			if !strings.Contains(html.UnescapeString(res.body), textsFor("nb").CrossSite) {
				t.Errorf("the refusal does not say why")
			}
		})
	}
}

func TestStrictTransportSecurityWhenThePublicAddressIsHTTPS(t *testing.T) {
	for public, want := range map[string]string{
		"https://involve.oslo.kommune.no": hstsHeader,
		"http://127.0.0.1:3000":           "",
		"":                                "",
	} {
		r := newRig(t)
		r.h.PublicURL = public
		for _, res := range []response{r.get("/r/" + testCode), r.get("/r/aaaaaaaaaa"), r.postFrom("192.0.2.9:1", "svar", nil)} {
			if got := res.header.Get("Strict-Transport-Security"); got != want {
				t.Errorf("public_url %q: Strict-Transport-Security %q, want %q", public, got, want)
			}
		}
	}
}
