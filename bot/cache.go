package bot

import (
	"context"
	"github.com/oslo-involve/involve/dialogs"
)

// cacheSize bounds how many decoded cases the engine keeps. An active
// channel's case is read on every answer; decoding it each time was a
// fifth of the work.
const cacheSize = 4096

// cached is a case as the store holds it at rev, posted references
// included: the cache and the store agree by construction, because every
// entry is put there with the revision its commit returned, and a
// reference is added to an entry only when the store's commit of that
// reference moved the case from the entry's revision.
//
// With other writers (another engine on the store) an entry is only a
// hint: a commit based on it is checked against the stored revision, and
// on ErrConflict the engine drops it, reads the case again and steps again.
type cached struct {
	c   *dialogs.Case
	rev Revision
}

// caseFor returns a copy of channel's case and its revision, from the
// cache when it is there. The caller holds the case's lock.
func (e *Engine) caseFor(ctx context.Context, channel string) (*dialogs.Case, Revision, error) {
	c, _, rev, err := e.caseAndBase(ctx, channel)
	return c, rev, err
}

// caseAndBase returns a copy of channel's case to change, the case as
// cached (not to be changed: the base a commit is compared with), and its
// revision. The caller holds the case's lock.
func (e *Engine) caseAndBase(ctx context.Context, channel string) (c, base *dialogs.Case, rev Revision, err error) {
	e.cacheMu.Lock()
	ent, ok := e.cache[channel]
	e.cacheMu.Unlock()
	if !ok {
		if c, rev, err = e.store.Load(ctx, channel); err != nil {
			return nil, nil, 0, err
		}
		ent = e.remember(c, rev) // a copy of c: c is the caller's
		return c, ent.c, rev, nil
	}
	return ent.c.Clone(), ent.c, ent.rev, nil
}

// remember caches a copy of c as the store holds it at rev.
func (e *Engine) remember(c *dialogs.Case, rev Revision) cached {
	cp := c.Clone()
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	if _, ok := e.cache[c.Channel]; !ok && len(e.cache) >= cacheSize {
		for k := range e.cache { // drop one at random
			delete(e.cache, k)
			break
		}
	}
	ent := cached{c: cp, rev: rev}
	e.cache[c.Channel] = ent
	return ent
}

// forgetCached drops channels from the cache.
func (e *Engine) forgetCached(channels ...string) {
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	for _, ch := range channels {
		delete(e.cache, ch)
	}
}

// recordCached adds a posted reference to a cached case, as the store's
// Delivered did, moving the case from revision from to to. An entry at
// another revision than from is stale (another writer moved the case): it
// goes.
func (e *Engine) recordCached(channel string, p dialogs.Posted, from, to Revision) {
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	ent, ok := e.cache[channel]
	if !ok {
		return
	}
	if from == 0 || ent.rev != from {
		delete(e.cache, channel)
		return
	}
	// A new case value: a base handed out earlier stays as it was. A
	// reference recorded again moves to the end, as in the store: it is
	// the latest posted.
	c := *ent.c
	c.Prompts = make([]dialogs.Posted, 0, len(ent.c.Prompts)+1)
	for _, q := range ent.c.Prompts {
		if q.Ref != p.Ref {
			c.Prompts = append(c.Prompts, q)
		}
	}
	c.Prompts = append(c.Prompts, p)
	e.cache[channel] = cached{c: &c, rev: to}
}
