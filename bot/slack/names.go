package slack

import (
	"context"
	"strings"
	"sync"
	"time"
)

// nameCache remembers people's display names, so that answers carry a name
// without a users.info call for every message. Lookups are best effort: a
// failure gives "" and is remembered briefly, so a slow or failing Web API
// does not slow every event down.
type nameCache struct {
	fetch   func(ctx context.Context, user string) (string, error)
	ttl     time.Duration // how long a name is kept
	failTTL time.Duration // how long a failed lookup is not repeated
	max     int           // entries kept at most
	timeout time.Duration // for one lookup

	mu      sync.Mutex
	entries map[string]nameEntry
}

type nameEntry struct {
	name    string
	expires time.Time
}

func newNameCache(fetch func(ctx context.Context, user string) (string, error)) *nameCache {
	return &nameCache{
		fetch:   fetch,
		ttl:     time.Hour,
		failTTL: time.Minute,
		max:     4096,
		timeout: time.Second,
		entries: make(map[string]nameEntry),
	}
}

// name returns the user's display name, or "" when it is not known.
func (c *nameCache) name(ctx context.Context, user string) string {
	if user == "" {
		return ""
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[user]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.name
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	name, err := c.fetch(ctx, user)
	ttl := c.ttl
	if err != nil {
		name, ttl = "", c.failTTL
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k, v := range c.entries {
			if now.After(v.expires) || len(c.entries) >= c.max {
				delete(c.entries, k)
			}
			if len(c.entries) < c.max*3/4 {
				break
			}
		}
	}
	c.entries[user] = nameEntry{name: name, expires: now.Add(ttl)}
	return name
}

// displayName picks what people see of a user: the display name, else the
// real name, else the account name.
func displayName(display, real, account string) string {
	for _, n := range []string{display, real, account} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	return ""
}
