package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// DigestTarget is where the coordinator's weekly digest goes, and how its
// platform wants it split.
type DigestTarget struct {
	Platform string // "slack" or "teams"
	Channel  string // the platform's own channel id
	// Address is the platform address for proactive sends (Teams: the
	// channel's stored conversation reference); DigestAddress finds it.
	Address string
	Limits  dialogs.DigestLimits
}

// DigestStats tells what one digest run did.
type DigestStats struct {
	Cases    int       // cases in the digest
	Messages int       // messages queued
	Slot     time.Time // the slot it was for
}

// digestStateKey keeps the latest slot whose digest was queued: a missed
// slot is caught up once, never twice.
const digestStateKey = "digest.last_slot"

// ErrNoDigestChannel means the digest's channel is not one the coach can
// post in.
var ErrNoDigestChannel = errors.New("the coach is not in the digest channel")

// DigestAddress returns what the engine keeps about a channel to post in
// it (Teams: its stored conversation reference), or ErrNoDigestChannel
// when it keeps nothing: the coach has never been in that channel.
func (e *Engine) DigestAddress(platform, channel string) (string, error) {
	c, err := e.Case(channel)
	if errors.Is(err, ErrNotFound) || err == nil && (c.Platform != platform || c.Address == "") {
		return "", fmt.Errorf("%w: %s has no stored conversation reference for %q; add the app to that channel's team "+
			"and mention it once there (@Involve help)", ErrNoDigestChannel, platform, channel)
	}
	if err != nil {
		return "", err
	}
	return c.Address, nil
}

// BuildDigest builds the digest of slot over every started case, as of
// now, laid out within the target's limits.
func (e *Engine) BuildDigest(to DigestTarget, slot, now time.Time) ([]dialogs.Reply, int, error) {
	return e.buildDigest(context.Background(), to, slot, now)
}

func (e *Engine) buildDigest(ctx context.Context, to DigestTarget, slot, now time.Time) ([]dialogs.Reply, int, error) {
	var cases []dialogs.DigestCase
	err := e.store.Cases(ctx, func(c *dialogs.Case) error {
		if dialogs.InDigest(c) && c.Channel != to.Channel {
			cases = append(cases, e.coach.DigestCase(c, now))
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return e.coach.Digest(cases, slot, to.Limits), len(cases), nil
}

// Digest queues the digest of slot to the target, once: a slot at or
// before the last one handled does nothing. The messages and the slot's
// mark are committed together, so a crash between them neither loses the
// digest nor sends it twice.
func (e *Engine) Digest(ctx context.Context, to DigestTarget, slot time.Time) (DigestStats, error) {
	if slot.IsZero() {
		return DigestStats{}, nil
	}
	if err := ctx.Err(); err != nil {
		return DigestStats{}, err
	}
	last, err := e.lastDigest(ctx)
	if err != nil {
		return DigestStats{}, err
	}
	if !slot.After(last) {
		return DigestStats{}, nil
	}
	now := e.Now()
	replies, n, err := e.buildDigest(ctx, to, slot, now)
	if err != nil {
		return DigestStats{}, err
	}
	var out []Outgoing
	for _, r := range replies {
		out = append(out, Outgoing{Platform: to.Platform, Channel: to.Channel, Address: to.Address, Reply: r})
	}
	done, err := e.commitTo(ctx, to.Channel, Change{EventID: "digest:" + slot.UTC().Format(time.RFC3339), At: now, Outbox: out})
	if err != nil {
		return DigestStats{}, err
	}
	if err := e.store.SetState(ctx, digestStateKey, []byte(slot.UTC().Format(time.RFC3339Nano))); err != nil {
		return DigestStats{}, err
	}
	if done.Duplicate {
		return DigestStats{Slot: slot}, nil // queued before a crash; marked now
	}
	for range done.Items {
		e.Metrics.Replied(to.Platform, string(dialogs.ReplyDigest))
	}
	return DigestStats{Cases: n, Messages: len(done.Items), Slot: slot}, nil
}

func (e *Engine) lastDigest(ctx context.Context) (time.Time, error) {
	v, err := e.store.State(ctx, digestStateKey)
	if err != nil || v == nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return time.Time{}, fmt.Errorf("bot: %s: %w", digestStateKey, err)
	}
	return t, nil
}

// DigestScheduler posts the digest on its own schedule with robfig/cron.
type DigestScheduler struct {
	engine   *Engine
	target   DigestTarget
	schedule dialogs.Schedule
	loc      *time.Location

	// Log receives the scheduler's logs.
	Log *slog.Logger
}

// NewDigestScheduler returns a scheduler that posts the digest to target
// on schedule, in loc. Wrap the schedule with dialogs.SkipHolidays to move
// slots off public holidays, as the nudge's.
func NewDigestScheduler(e *Engine, target DigestTarget, schedule dialogs.Schedule, loc *time.Location) *DigestScheduler {
	if loc == nil {
		loc = time.UTC
	}
	return &DigestScheduler{engine: e, target: target, schedule: schedule, loc: loc, Log: e.Log}
}

// Run catches up on a slot missed while the process was down, then posts
// on every slot until ctx ends.
func (s *DigestScheduler) Run(ctx context.Context) error {
	return runCron(ctx, s.loc, s.Log, cronJob{s.schedule, func() { s.tick(ctx) }})
}

func (s *DigestScheduler) tick(ctx context.Context) {
	st, err := s.Tick(ctx, s.engine.Now())
	if err != nil && ctx.Err() == nil {
		s.Log.Error("digest failed", "err", err)
		return
	}
	if st.Messages > 0 {
		s.Log.Info("digest queued", "slot", st.Slot, "cases", st.Cases, "messages", st.Messages)
	}
}

// Tick queues the digest of the latest slot at or before now, unless it
// went out already; calling it often is harmless.
func (s *DigestScheduler) Tick(ctx context.Context, now time.Time) (DigestStats, error) {
	return s.engine.Digest(ctx, s.target, localSlot(dialogs.LatestSlot(s.schedule, now.In(s.loc)), s.loc))
}

// Next returns the next slot after now.
func (s *DigestScheduler) Next(now time.Time) time.Time { return s.schedule.Next(now.In(s.loc)) }

// commitTo commits ch, which adds replies to a channel without changing
// its case, based on the channel's revision as it stands (its case may be
// one the coach keeps: a Teams digest channel the coach was mentioned in).
func (e *Engine) commitTo(ctx context.Context, channel string, ch Change) (Committed, error) {
	done, _, err := e.transact(ctx, channel, e.Now(), func(*txn) (Change, bool, error) { return ch, true, nil })
	return done, err
}
