package bottest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// StallStore is a store that stops answering while Stalled: every call then
// blocks until its context ends and returns an error wrapping ctx.Err(),
// writing nothing, as a store behind an unreachable network does (etcd
// without a quorum). Otherwise it passes every call to Store. It records
// the event ids it committed, so that a test can check that nothing was
// acknowledged without being committed.
type StallStore struct {
	bot.Store
	stalled atomic.Bool

	mu        sync.Mutex
	committed map[string]bool
	stalls    int
}

var _ bot.Store = (*StallStore)(nil)

// NewStallStore wraps s, answering.
func NewStallStore(s bot.Store) *StallStore {
	return &StallStore{Store: s, committed: make(map[string]bool)}
}

// Stall makes every call block until its context ends (true) or answer
// again (false).
func (s *StallStore) Stall(on bool) { s.stalled.Store(on) }

// Committed reports whether a commit of the event id went through.
func (s *StallStore) Committed(eventID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.committed[eventID]
}

// Stalls is how many calls gave up stalled.
func (s *StallStore) Stalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalls
}

// stall blocks until ctx ends when the store is stalled. A call without a
// deadline would wait forever: it waits at most Patience, and then fails
// loudly, so that a test finds the caller that gives the store no deadline.
func (s *StallStore) stall(ctx context.Context, op string) error {
	if !s.stalled.Load() {
		return nil
	}
	t := time.NewTimer(Patience)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
		return fmt.Errorf("bottest: %s stalled for %v without a deadline", op, Patience)
	}
	s.mu.Lock()
	s.stalls++
	s.mu.Unlock()
	return fmt.Errorf("bottest: %s stalled: %w", op, ctx.Err())
}

func (s *StallStore) Load(ctx context.Context, channel string) (*dialogs.Case, bot.Revision, error) {
	if err := s.stall(ctx, "load"); err != nil {
		return nil, 0, err
	}
	return s.Store.Load(ctx, channel)
}

func (s *StallStore) Cases(ctx context.Context, fn func(c *dialogs.Case) error) error {
	if err := s.stall(ctx, "cases"); err != nil {
		return err
	}
	return s.Store.Cases(ctx, fn)
}

func (s *StallStore) Seen(ctx context.Context, eventID string) (bool, error) {
	if err := s.stall(ctx, "seen"); err != nil {
		return false, err
	}
	return s.Store.Seen(ctx, eventID)
}

func (s *StallStore) Commit(ctx context.Context, ch bot.Change) (bot.Committed, error) {
	if err := s.stall(ctx, "commit"); err != nil {
		return bot.Committed{}, err
	}
	done, err := s.Store.Commit(ctx, ch)
	if err == nil && !done.Duplicate && ch.EventID != "" {
		s.mu.Lock()
		s.committed[ch.EventID] = true
		s.mu.Unlock()
	}
	return done, err
}

func (s *StallStore) Outbox(ctx context.Context, limit int) ([]bot.Outgoing, error) {
	if err := s.stall(ctx, "outbox"); err != nil {
		return nil, err
	}
	return s.Store.Outbox(ctx, limit)
}

func (s *StallStore) Retry(ctx context.Context, it bot.Outgoing) error {
	if err := s.stall(ctx, "retry"); err != nil {
		return err
	}
	return s.Store.Retry(ctx, it)
}

func (s *StallStore) Dead(ctx context.Context, it bot.Outgoing) error {
	if err := s.stall(ctx, "dead"); err != nil {
		return err
	}
	return s.Store.Dead(ctx, it)
}

func (s *StallStore) Delivered(ctx context.Context, id uint64, channel string, posted *dialogs.Posted) (from, to bot.Revision, err error) {
	if err := s.stall(ctx, "delivered"); err != nil {
		return 0, 0, err
	}
	return s.Store.Delivered(ctx, id, channel, posted)
}

func (s *StallStore) CodeChannel(ctx context.Context, code string) (string, error) {
	if err := s.stall(ctx, "code channel"); err != nil {
		return "", err
	}
	return s.Store.CodeChannel(ctx, code)
}

func (s *StallStore) NudgeDue(ctx context.Context, slot time.Time) ([]string, error) {
	if err := s.stall(ctx, "nudge due"); err != nil {
		return nil, err
	}
	return s.Store.NudgeDue(ctx, slot)
}

func (s *StallStore) PruneEvents(ctx context.Context, cutoff time.Time) (int, error) {
	if err := s.stall(ctx, "prune events"); err != nil {
		return 0, err
	}
	return s.Store.PruneEvents(ctx, cutoff)
}

func (s *StallStore) State(ctx context.Context, key string) ([]byte, error) {
	if err := s.stall(ctx, "state"); err != nil {
		return nil, err
	}
	return s.Store.State(ctx, key)
}

func (s *StallStore) SetState(ctx context.Context, key string, value []byte) error {
	if err := s.stall(ctx, "set state"); err != nil {
		return err
	}
	return s.Store.SetState(ctx, key, value)
}
