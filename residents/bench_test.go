package residents

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// benchClients is the number of concurrent clients of the benchmarks.
const benchClients = 64

// fsyncStore is a Store that appends each answer to a file and syncs it to
// disk, one fsync per answer, before Submit returns: the honest cost of
// "durable before the thank-you page".
type fsyncStore struct {
	*MemStore
	mu sync.Mutex
	f  *os.File
}

func newFsyncStore(b *testing.B) *fsyncStore {
	f, err := os.Create(filepath.Join(b.TempDir(), "answers.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	s := &fsyncStore{MemStore: NewMemStore(), f: f}
	s.Put(testCode, testPage)
	return s
}

func (s *fsyncStore) Submit(ctx context.Context, code string, a Answer) error {
	if _, err := s.Page(ctx, code); err != nil {
		return err
	}
	line, err := json.Marshal(struct {
		Code string `json:"code"`
		Answer
	}{code, a})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.f.Write(append(line, '\n')); err != nil {
		return err
	}
	return s.f.Sync()
}

// loopback serves h on 127.0.0.1 and returns its URL and a client that keeps
// a connection per concurrent client.
func loopback(b *testing.B, h http.Handler) (string, *http.Client) {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConns: benchClients, MaxIdleConnsPerHost: benchClients}
	b.Cleanup(tr.CloseIdleConnections)
	return srv.URL, &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// runClients sends b.N requests from benchClients goroutines and reports
// requests per second and the 99th percentile latency.
func runClients(b *testing.B, do func(i int) (*http.Response, error)) {
	var next atomic.Int64
	lat := make([][]time.Duration, benchClients)
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				res, err := do(i)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				lat[c] = append(lat[c], time.Since(t0))
				if err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	p99 := all[min(len(all)-1, len(all)*99/100)]
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// BenchmarkPage renders the page for 64 concurrent clients over loopback.
func BenchmarkPage(b *testing.B) {
	h, err := New(newFsyncStore(b), testSecret)
	if err != nil {
		b.Fatal(err)
	}
	base, client := loopback(b, h)
	u := base + "/r/" + testCode
	runClients(b, func(int) (*http.Response, error) { return client.Get(u) })
}

// BenchmarkSubmit sends answers from 64 concurrent clients over loopback;
// each is fsynced before its thank-you page.
func BenchmarkSubmit(b *testing.B) {
	store := newFsyncStore(b)
	benchSubmit(b, store)
	if n := store.Count(); n != 0 {
		b.Fatalf("the fsync store kept %d answers in memory", n)
	}
}

func benchSubmit(b *testing.B, store Store) {
	h, err := New(store, testSecret)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	h.Now = func() time.Time { return now }
	h.RateLimit = rate.Inf // every client is 127.0.0.1
	tok := h.key.issue(testCode, now.Add(-time.Minute))
	base, client := loopback(b, h)
	u := base + "/r/" + testCode
	text := strings.Repeat("Jeg savnet en benk å sitte på. ", 8)
	runClients(b, func(i int) (*http.Response, error) {
		form := url.Values{"token": {tok}, "text": {fmt.Sprint(text, i)}, "age": {"19-66"}}
		return client.PostForm(u, form)
	})
}
