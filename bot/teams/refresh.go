package teams

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/oslo-involve/involve/internal/backoff"
)

// Key refresh in the background. The Bot Framework publishes a key before
// it signs with it and keeps the old one published for a while after; a
// key set fetched every RefreshEvery (12 hours) therefore always holds the
// keys in use, and no activity waits for a fetch. An unknown key id still
// triggers one bounded fetch on the request path (see Validator.key).

// refreshRetry is the wait after a failed background fetch: a minute,
// doubling with every further failure, up to a quarter of an hour.
var refreshRetry = backoff.Policy{First: time.Minute, Max: 15 * time.Minute}

// errRunning says Run was called while it runs.
var errRunning = errors.New("teams: the key refresh is already running")

// runner is the state of one owned goroutine: how to stop it and when it
// has stopped.
type runner struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// start registers a run; it fails when one is registered.
func (r *runner) start(ctx context.Context) (context.Context, func(), error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		return nil, nil, errRunning
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	r.cancel, r.done = cancel, done
	return ctx, func() {
		cancel()
		r.mu.Lock()
		r.cancel, r.done = nil, nil
		r.mu.Unlock()
		close(done)
	}, nil
}

// stop ends the run, if any, and waits for it.
func (r *runner) stop() {
	r.mu.Lock()
	cancel, done := r.cancel, r.done
	r.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// Run keeps the signing keys fresh until ctx ends or Close is called: it
// fetches them now if none are cached, then every RefreshEvery after the
// last fetch, retrying a failed fetch after a minute, then two, up to
// fifteen. It returns nil when stopped.
func (v *Validator) Run(ctx context.Context) error {
	ctx, finish, err := v.run.start(ctx)
	if err != nil {
		return err
	}
	defer finish()
	failures := 0
	for {
		wait := v.nextRefresh(failures)
		if wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-v.After(wait):
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if err := v.Load(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			failures++
			v.Log.Warn("teams: refreshing the Bot Framework signing keys failed; the keys in hand stay in use", "err", err, "failures", failures)
			continue
		}
		failures = 0
	}
}

// Close stops Run and waits for it to return.
func (v *Validator) Close() { v.run.stop() }

// nextRefresh is how long Run waits before its next fetch.
func (v *Validator) nextRefresh(failures int) time.Duration {
	if failures > 0 {
		return refreshRetry.Delay(failures)
	}
	v.mu.RLock()
	fetched, have := v.fetched, len(v.keys) > 0
	v.mu.RUnlock()
	if !have {
		return 0
	}
	return max(fetched.Add(v.RefreshEvery).Sub(v.Now()), 0)
}
