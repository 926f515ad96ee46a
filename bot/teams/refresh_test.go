package teams

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
)

// manualTimer is Validator.After for tests: each wait is recorded, and
// fires when the test says so.
type manualTimer struct {
	mu    sync.Mutex
	waits []time.Duration
	chans []chan time.Time
	asked chan struct{}
}

func newManualTimer() *manualTimer { return &manualTimer{asked: make(chan struct{}, 100)} }

func (m *manualTimer) After(d time.Duration) <-chan time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := make(chan time.Time, 1)
	m.waits, m.chans = append(m.waits, d), append(m.chans, c)
	m.asked <- struct{}{}
	return c
}

// next waits until Run asks for a timer and returns how long it wanted.
func (m *manualTimer) next(t *testing.T) time.Duration {
	t.Helper()
	<-m.asked
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.waits[len(m.waits)-1]
}

// fire ends the last wait.
func (m *manualTimer) fire() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chans[len(m.chans)-1] <- time.Time{}
}

// The keys are fetched in the background before they age, and a rotated
// key is known before the first activity signed with it arrives: no
// request waits for a fetch.
func TestValidatorRefreshesKeysInTheBackground(t *testing.T) {
	f := newFakeBotFramework(t)
	v := newTestValidator(t, f)
	clock := bottest.NewClock(time.Now())
	v.Now = clock.Now
	timer := newManualTimer()
	v.After = timer.After

	token := func() string {
		c := f.claims(f.serviceURL())
		c["nbf"], c["exp"] = clock.Now().Add(-time.Minute).Unix(), clock.Now().Add(time.Hour).Unix()
		return "Bearer " + f.sign(c, testKey(), f.kid())
	}
	done := make(chan error, 1)
	go func() { done <- v.Run(context.Background()) }()

	// No keys yet: fetched at once, then the next fetch is planned
	// RefreshEvery later.
	if d := timer.next(t); d != v.RefreshEvery {
		t.Fatalf("first wait %s, want %s", d, v.RefreshEvery)
	}
	if n := f.keyHits.Load(); n != 1 {
		t.Fatalf("key set fetched %d times at start, want 1", n)
	}
	if err := v.Run(context.Background()); err != errRunning {
		t.Errorf("a second Run: %v, want errRunning", err)
	}

	// The Bot Framework publishes a new key; the background refresh finds it.
	f.rotate("rotated-1")
	clock.Set(clock.Now().Add(v.RefreshEvery))
	timer.fire()
	if d := timer.next(t); d != v.RefreshEvery {
		t.Errorf("wait after a refresh %s, want %s", d, v.RefreshEvery)
	}
	hits := f.keyHits.Load()
	if hits != 2 {
		t.Fatalf("key set fetched %d times, want 2", hits)
	}
	if _, err := v.Validate(context.Background(), token()); err != nil {
		t.Fatalf("token signed with the rotated key: %v", err)
	}
	if n := f.keyHits.Load(); n != hits {
		t.Errorf("the request fetched the key set (%d fetches, want %d)", n, hits)
	}

	// A failed fetch keeps the keys and retries after a minute, then two.
	f.openid.Close()
	timer.fire()
	if d := timer.next(t); d != time.Minute {
		t.Errorf("wait after a failure %s, want 1m", d)
	}
	timer.fire()
	if d := timer.next(t); d != 2*time.Minute {
		t.Errorf("wait after two failures %s, want 2m", d)
	}
	if _, err := v.Validate(context.Background(), token()); err != nil {
		t.Errorf("keys lost while the metadata is down: %v", err)
	}

	v.Close()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	v.Close() // twice is harmless
}
