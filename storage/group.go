package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// group commits concurrent writes in one transaction and one fsync, with
// no added delay: a lone writer commits at once, and writers that arrive
// while a commit is running go together in the next one. (bbolt's Batch
// makes a lone writer wait MaxBatchDelay.)
type group struct {
	db      *bolt.DB
	fatal   *fatal
	settled *settled // removals that ride on the next transaction
	// check runs after each commit, before its writers hear of it: an
	// error (the file was deleted or replaced) fails the store.
	check   func() error
	mu      sync.Mutex
	pending []*groupReq
	running bool
}

type groupReq struct {
	fn   func(tx *bolt.Tx) error
	done chan error
}

// errRetrySolo marks a transaction to be rolled back so that its writers
// run one by one.
var errRetrySolo = errors.New("storage: retry writers one by one")

// ErrPanic means a write function panicked; its transaction was rolled
// back and nothing of it was written.
var ErrPanic = errors.New("storage: a write panicked and was rolled back")

// update runs fn in a write transaction shared with concurrent callers.
// fn may run more than once (after a neighbour failed): it must start from
// scratch each time. An error or a panic in fn fails only its own caller.
//
// ctx bounds the wait for a turn: a caller whose context ends while its
// write still waits for the running batch takes it back, written nowhere,
// and gets ctx's error. Once its batch has started it waits for the batch
// (one transaction and its fsync), so that what it returns is what was
// written.
func (g *group) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := g.fatal.get(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &groupReq{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, r)
	if g.running {
		g.mu.Unlock()
		select {
		case err := <-r.done:
			return err
		case <-ctx.Done():
		}
		g.mu.Lock()
		if i := slices.Index(g.pending, r); i >= 0 {
			g.pending = slices.Delete(g.pending, i, i+1)
			g.mu.Unlock()
			return fmt.Errorf("storage: gave up waiting to write: %w", ctx.Err())
		}
		g.mu.Unlock()
		return <-r.done // taken into a batch already: its outcome is ours
	}
	g.running = true
	g.mu.Unlock()
	g.lead()
	return <-r.done
}

// lead commits one batch of waiting writers and hands the lead on if more
// arrived meanwhile, so no caller serves others for long.
func (g *group) lead() {
	g.mu.Lock()
	batch := g.pending
	g.pending = nil
	g.mu.Unlock()

	// Delivered items waiting for their removal go with this batch; they
	// stay waiting (and hidden from readers) until it commits.
	var settled []uint64
	if g.settled != nil {
		settled = g.settled.snapshot()
	}
	err := g.commit(func(tx *bolt.Tx) error {
		if err := removeSettled(tx, settled); err != nil {
			return errRetrySolo // they wait for the next batch
		}
		for _, r := range batch {
			if err := r.fn(tx); err != nil {
				return errRetrySolo
			}
		}
		return nil
	})
	if err == nil && g.settled != nil {
		g.settled.drop(settled)
	}
	switch {
	case err == nil:
		for _, r := range batch {
			r.done <- nil
		}
	case errors.Is(err, errRetrySolo) || errors.Is(err, ErrPanic):
		for _, r := range batch {
			r.done <- g.commit(r.fn)
		}
	default:
		for _, r := range batch {
			r.done <- err
		}
	}

	g.mu.Lock()
	if len(g.pending) == 0 {
		g.running = false
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	go g.lead()
}

// commit runs fn in one write transaction. A panic in fn rolls it back and
// comes back as ErrPanic; an error of the commit itself (not of fn) fails
// the store for good.
func (g *group) commit(fn func(tx *bolt.Tx) error) (err error) {
	if err := g.fatal.get(); err != nil {
		return err
	}
	var fnErr error
	defer func() {
		if p := recover(); p != nil {
			// bbolt's Update rolls the transaction back as the panic
			// passes through it.
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	err = g.db.Update(func(tx *bolt.Tx) error {
		fnErr = fn(tx)
		return fnErr
	})
	if err != nil && fnErr == nil {
		return g.fatal.set(err)
	}
	if err == nil && g.check != nil {
		if cerr := g.check(); cerr != nil {
			return g.fatal.set(cerr)
		}
	}
	return err
}
