package bot

import "time"

// Observer receives what the engine does, for metrics. Implementations
// must be safe for concurrent use and fast.
type Observer interface {
	// Handled is called after each event.
	Handled(platform, kind string, took time.Duration, duplicate bool, err error)
	// Replied is called for each reply the dialogue produced.
	Replied(platform, kind string)
	// Sent is called after each delivery attempt.
	Sent(platform, kind string, took time.Duration, err error)
	// Retried is called when a delivery is put back; rateLimited tells a 429.
	Retried(platform string, rateLimited bool)
	// Outbox is called on each pass with the number of pending items and
	// the creation time of the oldest.
	Outbox(depth int, oldest, now time.Time)
	// Nudged is called for each nudge queued.
	Nudged(platform string)
	// DeadLettered is called when a reply is given up on; reason is
	// "permanent" or "retries".
	DeadLettered(platform, reason string)
}

type nopObserver struct{}

func (nopObserver) Handled(string, string, time.Duration, bool, error) {}
func (nopObserver) Replied(string, string)                             {}
func (nopObserver) Sent(string, string, time.Duration, error)          {}
func (nopObserver) Retried(string, bool)                               {}
func (nopObserver) Outbox(int, time.Time, time.Time)                   {}
func (nopObserver) Nudged(string)                                      {}
func (nopObserver) DeadLettered(string, string)                        {}
