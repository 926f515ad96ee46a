package residents

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// badInputs is every way a submission can be wrong. Each gets a clear page in
// the resident's language with the right status, and stores nothing.
var badInputs = []struct {
	name string
	// prepare may move the clock or close the page, then returns the path
	// and form to send; tok is a token issued for the rig's page just now.
	prepare func(r *rig, tok string) (path string, form url.Values)
	status  int
	message func(tx *texts) string
	// keepsText: the resident's text comes back in the form.
	keepsText bool
	// textError: the message is tied to the text field.
	textError bool
}{
	{
		name: "no token",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrToken }, keepsText: true,
	},
	{
		name: "forged token",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			forged := tokenKey([]byte("another secret of thirty-two bytes")).issue(testCode, r.clock.Now().Add(-time.Minute))
			return "/r/" + testCode, url.Values{"token": {forged}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrToken }, keepsText: true,
	},
	{
		name: "garbled token",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok[:len(tok)-2] + "x!"}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrToken }, keepsText: true,
	},
	{
		name: "token of another page",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.store.Put("bbbbbbbbbb", Page{Title: "Annen sak"})
			other := r.token(r.get("/r/bbbbbbbbbb"))
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {other}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrToken }, keepsText: true,
	},
	{
		name: "stale token",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(DefaultTokenMaxAge + time.Second)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrStale }, keepsText: true,
	},
	{
		name: "token too new (a script)",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Second)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrTooNew }, keepsText: true,
	},
	{
		name: "token from the future (clock moved back)",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(-time.Hour)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusBadRequest, message: func(tx *texts) string { return tx.ErrToken }, keepsText: true,
	},
	{
		name: "empty text",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {""}, "age": {"19-66"}}
		},
		status: http.StatusUnprocessableEntity, message: func(tx *texts) string { return tx.ErrEmpty }, textError: true,
	},
	{
		name: "only spaces and line breaks",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {" \r\n\t \n"}}
		},
		status: http.StatusUnprocessableEntity, message: func(tx *texts) string { return tx.ErrEmpty }, textError: true,
	},
	{
		name: "text too long",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei" + strings.Repeat("ø", MaxTextRunes)}}
		},
		status: http.StatusUnprocessableEntity, message: func(tx *texts) string { return strings.Replace(tx.ErrTooLong, "%s", tx.number(2003), 1) },
		keepsText: true, textError: true,
	},
	{
		name: "unknown age band",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei"}, "age": {"42"}}
		},
		status: http.StatusUnprocessableEntity, message: func(tx *texts) string { return tx.ErrAge }, keepsText: true,
	},
	{
		name: "unknown code",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/zzzzzzzzzz", url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusNotFound, message: func(tx *texts) string { return tx.Gone },
	},
	{
		name: "malformed code",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/..%3Cb%3E", url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusNotFound, message: func(tx *texts) string { return tx.Gone },
	},
	{
		name: "closed page",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			r.store.Close(testCode)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {"Hei"}}
		},
		status: http.StatusNotFound, message: func(tx *texts) string { return tx.Gone },
	},
	{
		name: "body too large",
		prepare: func(r *rig, tok string) (string, url.Values) {
			r.clock.Advance(time.Minute)
			return "/r/" + testCode, url.Values{"token": {tok}, "text": {strings.Repeat("🙂", DefaultMaxBody/4)}}
		},
		status: http.StatusRequestEntityTooLarge, message: func(tx *texts) string { return tx.TooLarge },
	},
}

func TestBadInputGetsAClearPageAndStoresNothing(t *testing.T) {
	for _, tc := range badInputs {
		for _, lang := range Langs {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				r := newRig(t)
				tok := r.token(r.get("/r/" + testCode))
				path, form := tc.prepare(r, tok)
				res := r.post(path+"?lang="+lang, form)
				if res.status != tc.status {
					t.Errorf("status %d, want %d", res.status, tc.status)
				}
				tx := textsFor(lang)
				body := html.UnescapeString(res.body)
				if want := tc.message(tx); !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
				if !strings.Contains(body, `<html lang="`+lang+`">`) {
					t.Errorf("page not in %s", lang)
				}
				if tc.keepsText && !strings.Contains(body, form.Get("text")+"</textarea>") {
					t.Error("the resident's text is not kept in the form")
				}
				errTied := strings.Contains(res.body, `aria-describedby="text-hint text-error" aria-invalid="true"`)
				if errTied != tc.textError {
					t.Errorf("message tied to the text field: %v, want %v", errTied, tc.textError)
				}
				if tc.textError && !strings.Contains(res.body, `<p class="error" id="text-error">`) {
					t.Error("no error element with the id the field points to")
				}
				if res.status != http.StatusNotFound && !strings.Contains(body, "<title>"+tx.ErrorPrefix) {
					t.Error("the title does not say there is an error")
				}
				r.store.Put(testCode, testPage) // reopen, to count
				if n := r.store.Count(); n != 0 {
					t.Errorf("%d answers stored, want none", n)
				}
			})
		}
	}
}

// TestRefusedFormCanBeSentAgainAtOnce: after a refusal the form carries a
// token the resident can send right away, so a second press of the button
// goes through (the text was kept).
func TestRefusedFormCanBeSentAgainAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(r *rig, tok string) url.Values
	}{
		{"stale", func(r *rig, tok string) url.Values {
			r.clock.Advance(3 * time.Hour)
			return url.Values{"token": {tok}, "text": {"Hei"}}
		}},
		{"too new", func(r *rig, tok string) url.Values {
			return url.Values{"token": {tok}, "text": {"Hei"}}
		}},
		{"empty", func(r *rig, tok string) url.Values {
			r.clock.Advance(time.Minute)
			return url.Values{"token": {tok}, "text": {""}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			form := tc.prepare(r, r.token(r.get("/r/"+testCode)))
			res := r.post("/r/"+testCode, form)
			if res.status == http.StatusOK {
				t.Fatal("first send taken")
			}
			form.Set("token", r.token(res))
			form.Set("text", "Hei")
			if tc.name == "too new" {
				r.clock.Advance(DefaultTokenMinAge) // the resident reads the message
			}
			if res := r.post("/r/"+testCode, form); res.status != http.StatusOK {
				t.Fatalf("second send: status %d", res.status)
			}
			if n := r.store.Count(); n != 1 {
				t.Fatalf("%d answers, want 1", n)
			}
		})
	}
}

// TestUnknownAndClosedLookTheSame: a prober cannot tell a closed page from a
// code that never existed, by page or by status.
func TestUnknownAndClosedLookTheSame(t *testing.T) {
	r := newRig(t)
	const closed, unknown = "cccccccccc", "dddddddddd"
	r.store.Put(closed, Page{Title: "Lukket sak", Promise: "Hemmelig løfte"})
	tok := r.token(r.get("/r/" + closed))
	r.store.Close(closed)
	r.clock.Advance(time.Minute)
	for _, lang := range []string{"", "?lang=nn", "?lang=en"} {
		gc, gu := r.get("/r/"+closed+lang), r.get("/r/"+unknown+lang)
		form := url.Values{"token": {tok}, "text": {"Hei"}}
		pc, pu := r.post("/r/"+closed+lang, form), r.post("/r/"+unknown+lang, form)
		for _, pair := range [][2]response{{gc, gu}, {pc, pu}} {
			if pair[0].status != http.StatusNotFound || pair[1].status != http.StatusNotFound {
				t.Errorf("statuses %d and %d, want 404", pair[0].status, pair[1].status)
			}
			a := strings.ReplaceAll(pair[0].body, closed, "CODE")
			b := strings.ReplaceAll(pair[1].body, unknown, "CODE")
			if a != b {
				t.Errorf("closed and unknown pages differ:\n%s\n---\n%s", a, b)
			}
			if strings.Contains(a, "Lukket sak") || strings.Contains(a, "Hemmelig") {
				t.Error("a closed page shows what it held")
			}
		}
	}
}

// countingStore counts the calls a request makes of the store.
type countingStore struct {
	*MemStore
	pages, submits int
}

func (s *countingStore) Page(ctx context.Context, code string) (Page, error) {
	s.pages++
	return s.MemStore.Page(ctx, code)
}

func (s *countingStore) Submit(ctx context.Context, code string, a Answer) error {
	s.submits++
	return s.MemStore.Submit(ctx, code, a)
}

// TestUnknownAndClosedDoTheSameWork: both ask the store once for the page and
// stop there, so that they answer in the same time.
func TestUnknownAndClosedDoTheSameWork(t *testing.T) {
	r := newRig(t)
	cs := &countingStore{MemStore: r.store}
	r.h.Store = cs
	const closed, unknown = "cccccccccc", "dddddddddd"
	r.store.Put(closed, Page{Title: "Lukket sak"})
	tok := r.token(r.get("/r/" + closed))
	r.store.Close(closed)
	r.clock.Advance(time.Minute)
	for _, code := range []string{closed, unknown} {
		for _, send := range []func() response{
			func() response { return r.get("/r/" + code) },
			func() response { return r.post("/r/"+code, url.Values{"token": {tok}, "text": {"Hei"}}) },
		} {
			cs.pages, cs.submits = 0, 0
			send()
			if cs.pages != 1 || cs.submits != 0 {
				t.Errorf("%s: %d page and %d submit calls, want 1 and 0", code, cs.pages, cs.submits)
			}
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"  hei  ":           "hei",
		"a\r\nb\rc\n":       "a\nb\nc",
		"ok \xff\xfe tekst": "ok \uFFFD tekst",
		"\n\n":              "",
		// What would reset or hide an operator's terminal in an export.
		"a\x1bc\x1b[2Jb\b\b\u0085\u009bc\x7f": "ac[2Jbc",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
