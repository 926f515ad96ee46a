// Package backoff is the one rule for waiting between attempts: a delay
// that doubles from a first wait up to a ceiling, and a retry loop that
// keeps to it unless the other side said how long to wait. The outbox's
// redeliveries, the Teams key refresh and the Teams sender's later parts
// all wait by it.
//
// It knows nothing of the platforms' errors: callers classify them.
package backoff
