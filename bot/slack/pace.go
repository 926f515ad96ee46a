package slack

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/backoff"
)

// Slack's documented rate limits, as the pacer keeps to them
// (https://api.slack.com/methods/chat.postMessage#rate_limiting,
// https://api.slack.com/apis/rate-limits): chat.postMessage "will
// generally allow an app to post 1 message per second to a specific
// channel", with short bursts, and "several hundred messages per minute"
// across a workspace; reactions.add is Tier 3 (50+ per minute). Limits are
// per method, so reactions have a bucket of their own and never hold up a
// prompt.
const (
	postPerChannel      = rate.Limit(1)          // per second, per channel
	postChannelBurst    = 3                      // a prompt with its acknowledgement and a follow-up
	postPerWorkspace    = rate.Limit(300.0 / 60) // 300 a minute
	postWorkspaceBurst  = 30                     //
	reactionsPerMinute  = rate.Limit(50.0 / 60)  // Tier 3
	reactionsBurst      = 10                     //
	maxReactionWait     = 3 * time.Second        // longer, and the ✅ is dropped
	maxIdleChannelPaces = 10_000                 // per-channel buckets kept before idle ones are pruned
	methodPost          = "chat.postMessage"     //
	methodReact         = "reactions.add"        //
)

// pacer keeps Web API calls within Slack's documented rate limits. Its
// clock and its sleep are fields, so tests drive it with a simulated clock.
type pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	obs   Observer

	mu        sync.Mutex
	channels  map[string]*rate.Limiter
	workspace *rate.Limiter
	reactions *rate.Limiter
}

func newPacer(obs Observer) *pacer {
	return &pacer{
		now:       time.Now,
		sleep:     backoff.Sleep,
		obs:       obs,
		channels:  make(map[string]*rate.Limiter),
		workspace: rate.NewLimiter(postPerWorkspace, postWorkspaceBurst),
		reactions: rate.NewLimiter(reactionsPerMinute, reactionsBurst),
	}
}

// post waits for a chat.postMessage's turn in channel. When the turn
// comes after ctx's deadline it gives its place back and asks the outbox,
// through *bot.RetryAfterError, to come back then.
func (p *pacer) post(ctx context.Context, channel string) error {
	if p == nil {
		return nil
	}
	now := p.now()
	p.mu.Lock()
	ch := p.channels[channel]
	if ch == nil {
		if len(p.channels) >= maxIdleChannelPaces {
			p.pruneLocked(now)
		}
		ch = rate.NewLimiter(postPerChannel, postChannelBurst)
		p.channels[channel] = ch
	}
	rc := ch.ReserveN(now, 1)
	rw := p.workspace.ReserveN(now, 1)
	p.mu.Unlock()
	wait := max(rc.DelayFrom(now), rw.DelayFrom(now))
	return p.await(ctx, methodPost, now, wait, rc, rw)
}

// react waits for a reactions.add's turn. It reports false, having waited
// for nothing, when the turn is more than maxReactionWait away: a ✅ is a
// courtesy, not data, and is dropped rather than held.
func (p *pacer) react(ctx context.Context) (bool, error) {
	if p == nil {
		return true, nil
	}
	now := p.now()
	p.mu.Lock()
	r := p.reactions.ReserveN(now, 1)
	p.mu.Unlock()
	wait := r.DelayFrom(now)
	if wait > maxReactionWait {
		p.mu.Lock()
		r.CancelAt(now)
		p.mu.Unlock()
		p.obs.ReactionDropped()
		return false, nil
	}
	return true, p.await(ctx, methodReact, now, wait, r)
}

// await sleeps wait for reserved turns, or gives them back.
func (p *pacer) await(ctx context.Context, method string, now time.Time, wait time.Duration, rs ...*rate.Reservation) error {
	if wait <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && now.Add(wait).After(dl) {
		p.cancel(now, rs)
		return &bot.RetryAfterError{After: wait}
	}
	p.obs.PaceWait(method, wait)
	if err := p.sleep(ctx, wait); err != nil {
		p.cancel(p.now(), rs)
		return err
	}
	return nil
}

func (p *pacer) cancel(at time.Time, rs []*rate.Reservation) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range rs {
		r.CancelAt(at)
	}
}

// pruneLocked forgets the buckets of channels that have been quiet long
// enough to be full again: a new bucket for them is the same.
func (p *pacer) pruneLocked(now time.Time) {
	for id, l := range p.channels {
		if l.TokensAt(now) >= postChannelBurst {
			delete(p.channels, id)
		}
	}
}
