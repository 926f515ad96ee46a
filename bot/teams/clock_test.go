package teams

import (
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

// testClock is a clock the test moves by hand, safe to read from the
// engine's goroutines.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}
