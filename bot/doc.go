// Package bot is the engine: it turns platform-neutral events into dialogue
// steps, keeps one case's events in order, persists every step before it is
// acknowledged, delivers replies through a durable outbox, and runs the
// weekly nudge.
//
// It owns the contracts the edges meet: Event and Outgoing, Handler (what
// an adapter hands events to), Sender (what delivers one platform's
// replies) and Platform (an adapter the server runs), with the platform
// names as constants. It knows the coach (dialogs) and its store; it knows
// nothing of Slack, Teams, HTTP or the terminal, which live in the adapters
// under it, and nothing of configuration files, which are the binary's.
//
// Every change to a case goes through one path, transact (transact.go):
// the case's lock, the cache, the commit at the revision read and its
// retry, the replies queued. Delivery is the outbox's (outbox.go, with its
// lock order); every call to the Store carries the caller's context, so a
// request's deadline bounds its commit.
package bot
