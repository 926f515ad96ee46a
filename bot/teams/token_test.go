package teams

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The first caller to need a new token starts its fetch; when that caller
// gives up (its request ended), the others waiting for the same fetch
// still get the token.
func TestTokenWaitersOutliveTheFirstCaller(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		once.Do(func() { close(arrived) })
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		writeJSON(w, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "eyJ0eXAi.access-1"})
	}))
	defer srv.Close()
	s := &tokenSource{url: srv.URL, clientID: testAppID, clientSecret: "s3cret", client: srv.Client(), now: time.Now}

	first, cancelFirst := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() {
		_, err := s.Token(first)
		firstErr <- err
	}()
	<-arrived
	type result struct {
		tok string
		err error
	}
	second := make(chan result, 1)
	go func() {
		tok, err := s.Token(context.Background())
		second <- result{tok, err}
	}()
	for s.waiting() < 2 {
		runtime.Gosched()
	}
	cancelFirst()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Errorf("first caller: %v, want its own cancellation", err)
	}
	close(release)
	if r := <-second; r.err != nil || r.tok != "eyJ0eXAi.access-1" {
		t.Fatalf("second caller: %q, %v; want the token", r.tok, r.err)
	}
	if hits != 1 {
		t.Errorf("%d fetches, want 1", hits)
	}
	// And it is cached.
	if tok, err := s.Token(context.Background()); err != nil || tok != "eyJ0eXAi.access-1" || hits != 1 {
		t.Errorf("cached: %q, %v, %d fetches", tok, err, hits)
	}
}
