package residents

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

// TestConcurrentResendsAreStoredOnce: a double click sends the same form
// twice at once; it is stored once, and both get the thank-you page.
func TestConcurrentResendsAreStoredOnce(t *testing.T) {
	r := newRig(t)
	form := url.Values{"token": {r.freshToken()}, "text": {"Dobbeltklikk"}}
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = r.post("/r/"+testCode, form).status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("send %d: status %d", i, s)
		}
	}
	if n := r.store.Count(); n != 1 {
		t.Fatalf("%d answers stored, want 1", n)
	}
}

func TestSeenSetForgetsExpiredAndOldest(t *testing.T) {
	s := newSeenSet(2)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	k := func(b byte) seenKey { return seenKey{b} }
	if !s.reserve(k(1), now.Add(time.Hour), now) || s.reserve(k(1), now.Add(time.Hour), now) {
		t.Fatal("a key is not held")
	}
	s.reserve(k(2), now.Add(time.Hour), now)
	s.reserve(k(3), now.Add(time.Hour), now) // full: the oldest goes
	if !s.reserve(k(1), now.Add(time.Hour), now) {
		t.Fatal("the oldest key was not forgotten when full")
	}
	later := now.Add(2 * time.Hour)
	if !s.reserve(k(3), later.Add(time.Hour), later) {
		t.Fatal("an expired key is still held")
	}
	s.release(k(3))
	if !s.reserve(k(3), later.Add(time.Hour), later) {
		t.Fatal("a released key is still held")
	}
	if len(s.byKey) > 2 || s.order.Len() != len(s.byKey) {
		t.Fatalf("%d keys in the map, %d in the list; want at most 2, the same", len(s.byKey), s.order.Len())
	}
}
