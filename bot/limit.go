package bot

import (
	"time"
)

// limiter is a token bucket for one platform's sends.
type limiter struct {
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
}

// limit takes a token for platform and returns 0, or how long to wait.
func (e *Engine) limit(platform string) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	l := e.limiter[platform]
	if l == nil {
		rate := e.Limits[platform]
		l = &limiter{rate: rate, burst: max(rate, 1), tokens: max(rate, 1), last: now}
		e.limiter[platform] = l
	}
	if l.rate <= 0 {
		return 0
	}
	l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	if l.tokens < 1 {
		return time.Duration((1 - l.tokens) / l.rate * float64(time.Second))
	}
	l.tokens--
	return 0
}
