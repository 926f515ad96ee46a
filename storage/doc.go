// Package storage keeps cases, answers, reports, the delivery outbox, seen
// event ids and scheduler state in a bbolt file.
//
// Every write that acknowledges a user's input is committed (fsynced)
// before the call returns. Values are copied out of transactions. A write
// or fsync that fails in the file fails the store for good (ErrFailed): the
// process must restart and read the file afresh.
//
// It owns the file's layout, its migrations and its consistency checks. It
// knows the coach's case model (dialogs); it knows nothing of the
// platforms, HTTP or the engine's scheduling.
package storage
