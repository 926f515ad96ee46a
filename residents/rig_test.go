package residents

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Oslo on hosts without zone files
)

// testCode is the code of the open page every rig has.
const testCode = "k7q2mxa4pz"

// testSecret signs the rig's form tokens.
var testSecret = []byte("0123456789abcdef0123456789abcdef")

// clock is a clock the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// rig is a Handler over a MemStore with a hand-moved clock.
type rig struct {
	t     *testing.T
	h     *Handler
	store *MemStore
	clock *clock
}

// testPage is the open page of the rig.
var testPage = Page{
	Title:   "Grorud sentrum",
	About:   "Vi lager et nytt torg ved T-banen.\nSkissene ligger på biblioteket.",
	Level:   LevelConsult,
	Promise: "Vi leser alt dere skriver, og forteller her hva vi gjorde med det.",
	Updates: []Update{
		{Text: "Benkene blir stående, slik mange ba om.", At: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)},
		{Text: "Vi flyttet møtet til kveldstid.", At: time.Date(2026, 10, 2, 23, 30, 0, 0, time.UTC)},
	},
}

func newRig(t *testing.T) *rig {
	t.Helper()
	store := NewMemStore()
	store.Put(testCode, testPage)
	h, err := New(store, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)}
	h.Now = c.Now
	return &rig{t: t, h: h, store: store, clock: c}
}

// response is one answer of the handler, read.
type response struct {
	status int
	header http.Header
	body   string
}

func (r *rig) do(req *http.Request) response {
	r.t.Helper()
	if req.RemoteAddr == "" || req.RemoteAddr == "192.0.2.1:1234" {
		req.RemoteAddr = "192.0.2.10:40000"
	}
	w := httptest.NewRecorder()
	r.h.ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (r *rig) get(path string) response {
	r.t.Helper()
	return r.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (r *rig) post(path string, form url.Values) response {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r.do(req)
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]*)"`)

// token returns the form token of a page.
func (r *rig) token(res response) string {
	r.t.Helper()
	m := tokenRE.FindStringSubmatch(res.body)
	if m == nil {
		r.t.Fatalf("no form token in the page (status %d)", res.status)
	}
	return m[1]
}

// form returns a fresh form token for the rig's page, old enough to send.
func (r *rig) freshToken() string {
	r.t.Helper()
	tok := r.token(r.get("/r/" + testCode))
	r.clock.Advance(5 * time.Second)
	return tok
}

// failingStore is a store whose Submit fails until told otherwise.
type failingStore struct {
	*MemStore
	mu   sync.Mutex
	fail bool
}

func (s *failingStore) Submit(ctx context.Context, code string, a Answer) error {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	if fail {
		return errors.New("disk on fire")
	}
	return s.MemStore.Submit(ctx, code, a)
}

func (s *failingStore) setFail(f bool) {
	s.mu.Lock()
	s.fail = f
	s.mu.Unlock()
}
