package slack

import "time"

// Observer receives the adapter's own counts, for the metrics endpoint.
// Its methods must be safe for concurrent use and return quickly.
type Observer interface {
	// Foreign counts a delivery from another workspace than the bot
	// token's, answered 200 (or acknowledged) and ignored. kind is
	// "event", "command" or "interaction".
	Foreign(kind string)
	// PaceWait counts time a Web API call waited to keep to Slack's rate
	// limits; method is "chat.postMessage" or "reactions.add".
	PaceWait(method string, d time.Duration)
	// ReactionDropped counts a ✅ reaction dropped rather than made to
	// wait for its turn too long.
	ReactionDropped()
}

// nopObserver observes nothing.
type nopObserver struct{}

func (nopObserver) Foreign(string)                 {}
func (nopObserver) PaceWait(string, time.Duration) {}
func (nopObserver) ReactionDropped()               {}

var _ Observer = nopObserver{}
