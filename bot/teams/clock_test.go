package teams

import (
	"context"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Oslo on hosts without zone files
)

// osloTZ is where the coach's teams live.
var osloTZ = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}()

// virtualClock is a clock that moves only when someone sleeps on it: the
// pacing of sends is computed as it would happen in real time, and no
// test waits through it.
type virtualClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

func newVirtualClock() *virtualClock {
	return &virtualClock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.slept += d
	c.mu.Unlock()
	return nil
}

func (c *virtualClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// onVirtualTime makes a's pacing and in-call retries run on a virtual
// clock, which it returns.
func onVirtualTime(a *Adapter) *virtualClock {
	c := newVirtualClock()
	a.sleep = c.Sleep
	if a.pace != nil {
		a.pace.now, a.pace.sleep = c.Now, c.Sleep
	}
	return c
}
