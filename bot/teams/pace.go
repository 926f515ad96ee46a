package teams

import (
	"container/list"
	"context"
	"sync"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/backoff"
	"golang.org/x/time/rate"
)

// Pacing keeps the coach's sends within the Bot Connector's documented
// limits ("Optimize your bot: rate limiting and best practices in Teams",
// learn.microsoft.com): per bot per thread 7 sends per second, 8 per 2
// seconds, 60 per 30 seconds and 1,800 per hour, and 50 requests per
// second per app per tenant. A thread here is a conversation: a channel
// with all its reply chains, the stricter reading.
//
// Each limit is a token bucket (golang.org/x/time/rate) whose burst plus
// what it refills within the limit's window is the limit itself, so that
// no window of that length ever holds more sends than documented; a send
// waits until every bucket of its conversation and its tenant allows it.

// paceLimit is one documented limit: at most n sends in any window of
// length per, kept by a bucket of the given burst refilled at
// (n-burst)/per.
type paceLimit struct {
	n     int
	per   time.Duration
	burst int
}

func (l paceLimit) limiter() *rate.Limiter {
	return rate.NewLimiter(rate.Limit(float64(l.n-l.burst)/l.per.Seconds()), l.burst)
}

// full is how long an unused bucket takes to refill from empty: a
// conversation idle that long is as if it had never sent.
func (l paceLimit) full() time.Duration {
	return time.Duration(float64(l.burst) / (float64(l.n-l.burst) / l.per.Seconds()) * float64(time.Second))
}

var (
	// conversationLimits are the per-thread limits.
	conversationLimits = []paceLimit{
		{n: 7, per: time.Second, burst: 3},
		{n: 8, per: 2 * time.Second, burst: 4},
		{n: 60, per: 30 * time.Second, burst: 10},
		{n: 1800, per: time.Hour, burst: 60},
	}
	// tenantLimit is the per-app, per-tenant limit.
	tenantLimit = paceLimit{n: 50, per: time.Second, burst: 1}
)

const (
	// maxPaceWait is the longest a send waits for its turn within Send; a
	// longer wait is handed to the outbox as a RetryAfterError, so that
	// the worker is free for other channels meanwhile.
	maxPaceWait = 30 * time.Second
	// maxPacedConversations bounds the memory of conversations; the
	// least recently used is forgotten first (only idle ones are, unless
	// more than this many sent within a few minutes).
	maxPacedConversations = 16384
)

// pacer holds the buckets. It is safe for concurrent use.
type pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	// waited, when set, is told how long each send waited for its turn.
	waited func(time.Duration)

	mu      sync.Mutex
	tenants map[string]*rate.Limiter
	convs   map[string]*list.Element // of *paced
	lru     list.List                // most recently used first
	idle    time.Duration            // after this long unused, a conversation is forgotten
}

// paced is one conversation's buckets.
type paced struct {
	conv     string
	limiters []*rate.Limiter
	last     time.Time
}

func newPacer() *pacer {
	idle := tenantLimit.full()
	for _, l := range conversationLimits {
		idle = max(idle, l.full())
	}
	return &pacer{
		now:     time.Now,
		sleep:   backoff.Sleep,
		tenants: make(map[string]*rate.Limiter),
		convs:   make(map[string]*list.Element),
		idle:    idle,
	}
}

// wait takes a turn for one send to conversation conv of tenant, waiting
// for it when it is near, or returning a *bot.RetryAfterError when it is
// further than maxPaceWait (the turn is given back then).
func (p *pacer) wait(ctx context.Context, tenant, conv string) error {
	now := p.now()
	lims := p.limiters(tenant, conv, now)
	res := make([]*rate.Reservation, 0, len(lims))
	var delay time.Duration
	for _, l := range lims {
		r := l.ReserveN(now, 1)
		res = append(res, r)
		delay = max(delay, r.DelayFrom(now))
	}
	giveBack := func() {
		for _, r := range res {
			r.CancelAt(now)
		}
	}
	if delay > maxPaceWait {
		giveBack()
		return &bot.RetryAfterError{After: delay}
	}
	if delay <= 0 {
		return nil
	}
	if p.waited != nil {
		p.waited(delay)
	}
	if err := p.sleep(ctx, delay); err != nil {
		giveBack()
		return err
	}
	return nil
}

// limiters returns the buckets a send to conv must pass: the
// conversation's, then the tenant's.
func (p *pacer) limiters(tenant, conv string, now time.Time) []*rate.Limiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.tenants[tenant]
	if t == nil {
		t = tenantLimit.limiter()
		p.tenants[tenant] = t
	}
	var c *paced
	if e, ok := p.convs[conv]; ok {
		c = e.Value.(*paced)
		p.lru.MoveToFront(e)
	} else {
		c = &paced{conv: conv, limiters: make([]*rate.Limiter, len(conversationLimits))}
		for i, l := range conversationLimits {
			c.limiters[i] = l.limiter()
		}
		p.convs[conv] = p.lru.PushFront(c)
	}
	c.last = now
	p.forget(now)
	return append(c.limiters[:len(c.limiters):len(c.limiters)], t)
}

// forget drops the conversations unused for longer than it takes their
// buckets to refill, and the least recently used beyond
// maxPacedConversations; the caller holds mu.
func (p *pacer) forget(now time.Time) {
	for e := p.lru.Back(); e != nil; e = p.lru.Back() {
		c := e.Value.(*paced)
		if now.Sub(c.last) < p.idle && p.lru.Len() <= maxPacedConversations {
			return
		}
		p.lru.Remove(e)
		delete(p.convs, c.conv)
	}
}

// size is how many conversations the pacer remembers.
func (p *pacer) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.convs)
}
