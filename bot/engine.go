package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// Options configure an Engine.
type Options struct {
	// Lang is the language of new cases. Default nb.
	Lang dialogs.Lang
	// Prefixes mark case channels by name ("sak-", "case-").
	Prefixes []string
	// AutoStart starts the questions when the coach comes into a case channel.
	AutoStart bool
	// Location is the time zone dates and weeks are shown in (the nudge's
	// time zone). Nil means UTC.
	Location *time.Location
	// Shared says other engines (replicas) write the same store, which
	// then implements OutboxFeed: replies are queued from its feed by the
	// engine whose Run runs (the leader's), not as they are committed.
	Shared bool
	// Typesetter makes the file an export carries (the Word document).
	// Nil: exports are Markdown only.
	Typesetter dialogs.Typesetter
	// Schedule is the weekly nudge's schedule, so the coach can say when
	// it asks next; nil: Monday.
	Schedule dialogs.Schedule
}

// lockShards bounds the per-case locks: one case's events are handled in
// order, different cases mostly in parallel.
const lockShards = 512

// Engine turns events into dialogue steps, stores them, and delivers the
// replies through the durable outbox.
type Engine struct {
	store    Store
	coach    dialogs.Coach
	prefixes []string

	// Now is the clock; tests replace it.
	Now func() time.Time
	// Log receives operational logs. Never answer texts at info level.
	Log *slog.Logger
	// Metrics observes what happens; the default does nothing.
	Metrics Observer
	// Backoff is the delay before retry n (1-based) of a failed delivery.
	Backoff func(n int) time.Duration
	// Workers is how many channels are delivered to in parallel.
	Workers int
	// MaxAttempts and MaxAge bound the retries of a reply that keeps
	// failing (429s count towards the age only); past either it becomes a
	// dead letter and the channel's later replies go on. Defaults 12 and 24h.
	MaxAttempts int
	MaxAge      time.Duration

	mu      sync.RWMutex
	senders map[string]Sender
	locks   [lockShards]chan struct{} // one case's events in order; a semaphore of one, so that waiting gives up with its context
	ob      outbox                    // delivery of what was committed; see outbox.go
	cacheMu sync.Mutex
	cache   map[string]cached // decoded cases as stored; see cache.go
	newest  atomic.Int64      // when the newest event id recorded was handled, Unix ns (commit.go)

	residentsWaiting residentsWaiting // residents' answers waiting for their case (residents.go)
}

// New returns an engine over store.
func New(store Store, o Options) *Engine {
	prefixes := make([]string, 0, len(o.Prefixes))
	for _, p := range o.Prefixes {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
			prefixes = append(prefixes, p)
		}
	}
	lang := o.Lang
	if lang == "" {
		lang = dialogs.NB
	}
	e := &Engine{
		store:       store,
		coach:       dialogs.Coach{AutoStart: o.AutoStart, Lang: lang, Location: o.Location, Prefixes: prefixes, Typesetter: o.Typesetter, Schedule: o.Schedule},
		prefixes:    prefixes,
		Now:         time.Now,
		Log:         slog.New(slog.DiscardHandler),
		Metrics:     nopObserver{},
		Backoff:     defaultBackoff,
		Workers:     128,
		MaxAttempts: 12,
		MaxAge:      24 * time.Hour,
		senders:     make(map[string]Sender),
		cache:       make(map[string]cached),
	}
	for i := range e.locks {
		e.locks[i] = make(chan struct{}, 1)
	}
	e.ob = outbox{e: e, queue: newQueue()}
	_, feed := store.(OutboxFeed)
	e.ob.queue.fed = o.Shared && feed
	return e
}

var _ Handler = (*Engine)(nil)

// Register makes s deliver the replies of platform's cases.
func (e *Engine) Register(platform string, s Sender) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.senders[platform] = s
}

// Coach returns the dialogue rules the engine runs.
func (e *Engine) Coach() dialogs.Coach { return e.coach }

// IsCaseChannel reports whether a channel's name marks it as a case channel.
func (e *Engine) IsCaseChannel(name string) bool {
	return dialogs.IsCaseChannel(name, e.prefixes)
}

func shard(channel string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(channel))
	return h.Sum32() % lockShards
}

// lock takes the lock of channel's case, giving up when ctx ends: a
// request waits for the events before it only as long as its deadline.
func (e *Engine) lock(ctx context.Context, channel string) (unlock func(), err error) {
	l := e.locks[shard(channel)]
	select {
	case l <- struct{}{}:
		return func() { <-l }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("bot: waiting for channel %s: %w", channel, ctx.Err())
	}
}

// ErrStopped means the engine takes no more events: its store failed a
// write (ErrStoreFailed) and the process must restart.
var ErrStopped = errors.New("bot: the engine takes no more events")

// Err returns nil while the engine takes events, or why it stopped.
func (e *Engine) Err() error {
	if err := e.store.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrStopped, err)
	}
	return nil
}

// Case returns a copy of the case of channel, or ErrNotFound.
func (e *Engine) Case(channel string) (*dialogs.Case, error) {
	return e.caseLocked(context.Background(), channel)
}

// caseLocked is Case under the case's lock, waiting for it until ctx ends.
func (e *Engine) caseLocked(ctx context.Context, channel string) (*dialogs.Case, error) {
	unlock, err := e.lock(ctx, channel)
	if err != nil {
		return nil, err
	}
	defer unlock()
	c, _, err := e.caseFor(ctx, channel)
	return c, err
}

// creates reports whether an input may create a case the coach doesn't
// know yet: talk in channels the coach was never asked into does not.
func creates(k dialogs.InputKind) bool {
	return k == dialogs.InputCommand || k == dialogs.InputJoined || k == dialogs.InputAction
}

// Handle runs one event through the dialogue. Everything it changes is
// committed durably before it returns; replies are then delivered by Run.
func (e *Engine) Handle(ctx context.Context, ev Event) (Result, error) {
	start := time.Now()
	res, err := e.handle(ctx, ev)
	e.Metrics.Handled(ev.Platform, string(ev.Input.Kind), time.Since(start), res.Duplicate, err)
	return res, err
}

func (e *Engine) handle(ctx context.Context, ev Event) (Result, error) {
	if ev.Channel == "" {
		return Result{}, errors.New("bot: event without a channel")
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := e.Err(); err != nil {
		// What the cache holds may differ from the file now: acknowledge
		// nothing more, so the platform redelivers to the restarted process.
		return Result{}, err
	}
	if ev.ID != "" {
		seen, err := e.store.Seen(ctx, ev.ID)
		if err != nil {
			return Result{}, err
		}
		if seen {
			return Result{Duplicate: true}, nil
		}
	}
	now := e.Now()
	in := ev.Input
	if in.At.IsZero() {
		in.At = now
	}

	var (
		res     Result
		replies []dialogs.Reply
	)
	done, ok, err := e.transact(ctx, ev.Channel, now, func(tx *txn) (Change, bool, error) {
		var ch Change
		var ok bool
		res, ch, replies, ok = e.step(ev, in, tx)
		return ch, ok, nil
	})
	if err != nil {
		return Result{}, err
	}
	if done.Duplicate {
		return Result{Duplicate: true}, nil
	}
	if ok {
		for _, r := range replies {
			e.Metrics.Replied(ev.Platform, string(r.Kind))
		}
		e.unplaced(ev, dialogs.Outcome{Unplaced: res.unplaced})
	}
	return res, nil
}

// step runs one event on the case as read and says what to commit.
// It returns the replies the event brought, for the metrics.
func (e *Engine) step(ev Event, in dialogs.Input, tx *txn) (Result, Change, []dialogs.Reply, bool) {
	c, created := tx.Case, false
	if c == nil {
		if !creates(in.Kind) {
			// Nothing to attribute it to; a redelivery is as harmless.
			return Result{}, Change{}, nil, false
		}
		c, created = e.coach.NewCase(ev.Channel, ev.Platform, ev.ChannelName, tx.Now), true
	}
	changed := false
	if ev.ChannelName != "" && ev.ChannelName != c.Name {
		c.Name, changed = ev.ChannelName, true
	}
	if ev.Address != "" && ev.Address != c.Address && (created || !ev.AddressIfNew) {
		c.Address, changed = ev.Address, true
	}
	in.Case = e.IsCaseChannel(c.Name)
	in.Unconfirmed = e.unconfirmed(c.Channel, in)
	out := e.coach.Step(c, in)

	res := Result{Case: c}
	ch := Change{EventID: ev.ID}
	for _, r := range out.Replies {
		if r.Ephemeral && ev.EphemeralOK {
			res.Ephemeral = append(res.Ephemeral, r)
			continue
		}
		ch.Outbox = append(ch.Outbox, Outgoing{
			Platform: c.Platform, Channel: c.Channel, Address: c.Address,
			Thread: threadFor(r, in), Reply: r,
		})
	}
	if out.Forget {
		ch.Forget = true
		res.Case = nil
	} else if out.Changed || changed {
		ch.Case, ch.Was = c, tx.Was
	}
	if ch.Case == nil && !ch.Forget && len(ch.Outbox) == 0 && (ev.ID == "" || len(res.Ephemeral) > 0) {
		// Nothing to keep. A command that changed nothing and is answered
		// in its own response (Slack's /involve status) need not record its
		// id either: a redelivery means that response was lost, and
		// answering it again is what the invoker needs.
		return res, Change{}, nil, false
	}
	res.unplaced = out.Unplaced
	return res, ch, out.Replies, true
}

// threadFor tells where a reply goes: prompts, nudges, summaries and
// welcomes are messages of their own; short answers to something said in
// a thread stay in that thread.
func threadFor(r dialogs.Reply, in dialogs.Input) string {
	if r.Thread != "" {
		return r.Thread // the coach chose the thread (a reminder under its question)
	}
	switch r.Kind {
	case dialogs.ReplyPrompt, dialogs.ReplyNudge, dialogs.ReplySummary, dialogs.ReplyWelcome, dialogs.ReplyIntro, dialogs.ReplyAck,
		dialogs.ReplyLevel, dialogs.ReplyGroups:
		return ""
	}
	return in.Thread
}

func defaultBackoff(n int) time.Duration {
	d := time.Second << min(n-1, 8) // 1s, 2s, 4s … about 4 minutes
	return min(d, 5*time.Minute)
}

// ErrNoSender means a case's platform has no registered sender.
var ErrNoSender = errors.New("bot: no sender for platform")

func (e *Engine) sender(platform string) (Sender, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s, ok := e.senders[platform]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrNoSender, platform)
	}
	return s, nil
}
