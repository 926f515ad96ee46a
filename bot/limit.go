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
	until  time.Time // a 429 told us to wait until then
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
	if now.Before(l.until) {
		return l.until.Sub(now)
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

// penalize holds back a whole platform after it answered 429: Slack's and
// the Bot Connector's limits are per app as well as per channel.
func (e *Engine) penalize(platform string, wait time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.limiter[platform]
	if l == nil {
		return
	}
	if until := time.Now().Add(wait); until.After(l.until) {
		l.until = until
	}
}
