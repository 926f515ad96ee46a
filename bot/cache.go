package bot

import (
	"github.com/oslo-involve/involve/dialogs"
)

// cacheSize bounds how many decoded cases the engine keeps. An active
// channel's case is read on every answer; decoding it each time was a
// fifth of the work.
const cacheSize = 4096

// caseFor returns a copy of channel's case, from the cache when it is
// there. The caller holds the case's lock: the engine is the database's
// only writer, so what it cached is what is stored.
func (e *Engine) caseFor(channel string) (*dialogs.Case, error) {
	e.cacheMu.Lock()
	c, ok := e.cache[channel]
	e.cacheMu.Unlock()
	if ok {
		return c.Clone(), nil
	}
	c, err := e.db.Case(channel)
	if err != nil {
		return nil, err
	}
	e.remember(c)
	return c, nil
}

// remember caches a copy of c as it was committed.
func (e *Engine) remember(c *dialogs.Case) {
	cp := c.Clone()
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	if _, ok := e.cache[c.Channel]; !ok && len(e.cache) >= cacheSize {
		for k := range e.cache { // drop one at random
			delete(e.cache, k)
			break
		}
	}
	e.cache[c.Channel] = cp
}

// forgetCached drops channels from the cache.
func (e *Engine) forgetCached(channels ...string) {
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	for _, ch := range channels {
		delete(e.cache, ch)
	}
}

// recordCached adds a posted reference to a cached case, as Delivered
// adds it to the stored one.
func (e *Engine) recordCached(channel string, p dialogs.Posted) {
	e.cacheMu.Lock()
	defer e.cacheMu.Unlock()
	c, ok := e.cache[channel]
	if !ok {
		return
	}
	for _, q := range c.Prompts {
		if q.Ref == p.Ref {
			return
		}
	}
	c.Prompts = append(c.Prompts, p)
}
