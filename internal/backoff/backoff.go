package backoff

import (
	"context"
	"time"
)

// Policy is a delay that doubles with every attempt, from First up to Max.
type Policy struct {
	First, Max time.Duration
}

// Delay is the wait before retry n (1-based): First, 2×First, 4×First …,
// never more than Max. n below 1 counts as 1.
func (p Policy) Delay(n int) time.Duration {
	d := p.First
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// Sleep waits d, or until ctx ends (then it returns ctx's error). A d of
// zero or less waits for nothing.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retry calls an operation up to Attempts times, waiting by Policy in
// between.
type Retry struct {
	Policy
	// Attempts is how many times the operation runs at most (at least once).
	Attempts int
	// Classify says whether err is worth another attempt and, when the
	// other side said how long to wait (a Retry-After), that wait; 0 means
	// the policy's delay. Nil retries every error.
	Classify func(err error) (wait time.Duration, retry bool)
	// Sleep waits between attempts; nil is the package's Sleep. Tests give
	// a clock of their own.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Do runs op until it succeeds, Classify gives up on its error, the
// attempts run out or ctx ends, and returns op's last error (or ctx's,
// when it ended a wait).
func (r Retry) Do(ctx context.Context, op func(ctx context.Context) error) error {
	sleep := r.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	for n := 1; ; n++ {
		err := op(ctx)
		if err == nil || n >= r.Attempts {
			return err
		}
		wait, retry := time.Duration(0), true
		if r.Classify != nil {
			wait, retry = r.Classify(err)
		}
		if !retry {
			return err
		}
		if wait <= 0 {
			wait = r.Delay(n)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}
