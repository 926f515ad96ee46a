package bottest

import (
	"context"
	"fmt"
	"sync"

	"github.com/oslo-involve/involve/bot"
)

// Sender is a bot.Sender that records what the engine delivers and
// answers with Fail, when set, or else with a fresh reference.
type Sender struct {
	// Fail, when set, decides each delivery: a non-nil error is returned
	// (and the delivery not recorded).
	Fail func(m bot.Outgoing) error

	mu   sync.Mutex
	sent []bot.Outgoing
}

var _ bot.Sender = (*Sender)(nil)

// Send records m and returns a reference "ref-N".
func (s *Sender) Send(_ context.Context, m bot.Outgoing) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		if err := s.Fail(m); err != nil {
			return "", err
		}
	}
	s.sent = append(s.sent, m)
	return fmt.Sprintf("ref-%d", len(s.sent)), nil
}

// Sent returns what was delivered so far, in order.
func (s *Sender) Sent() []bot.Outgoing {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bot.Outgoing(nil), s.sent...)
}

// Handler is a bot.Handler that records the events it handled and answers
// with Reply, when set, or else with an empty Result. An event whose Reply
// is an error is not recorded: a failed handle has no effect.
type Handler struct {
	Reply func(ctx context.Context, ev bot.Event) (bot.Result, error)

	mu     sync.Mutex
	events []bot.Event
}

var _ bot.Handler = (*Handler)(nil)

// Handle answers ev and records it unless the answer is an error.
func (h *Handler) Handle(ctx context.Context, ev bot.Event) (bot.Result, error) {
	h.mu.Lock()
	reply := h.Reply
	h.mu.Unlock()
	var res bot.Result
	var err error
	if reply != nil {
		res, err = reply(ctx, ev)
	}
	if err == nil {
		h.mu.Lock()
		h.events = append(h.events, ev)
		h.mu.Unlock()
	}
	return res, err
}

// Events returns the events handled so far, in order.
func (h *Handler) Events() []bot.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Event(nil), h.events...)
}

// SetReply changes the answer of later events.
func (h *Handler) SetReply(f func(ctx context.Context, ev bot.Event) (bot.Result, error)) {
	h.mu.Lock()
	h.Reply = f
	h.mu.Unlock()
}
