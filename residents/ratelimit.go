package residents

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// addrLimiter holds one token-bucket limiter per client address, in memory
// only, in a map of bounded size that forgets the least recently seen address
// first. The address itself is never kept: the map key is an HMAC of it with
// a random key made when the process starts, so not even a memory dump lists
// the addresses that came by.
type addrLimiter struct {
	limit rate.Limit
	burst int
	max   int
	key   [32]byte

	mu    sync.Mutex
	byKey map[addrKey]*list.Element
	lru   list.List // of *addrEntry, most recently seen first
}

type addrKey [16]byte

type addrEntry struct {
	key addrKey
	lim *rate.Limiter
}

func newAddrLimiter(limit rate.Limit, burst, max int) *addrLimiter {
	l := &addrLimiter{limit: limit, burst: burst, max: max, byKey: make(map[addrKey]*list.Element)}
	if _, err := rand.Read(l.key[:]); err != nil {
		panic("residents: crypto/rand: " + err.Error()) // never fails on supported systems
	}
	return l
}

// allow reports whether one more request from addr may go through at now.
func (l *addrLimiter) allow(addr string, now time.Time) bool {
	if l.limit == rate.Inf {
		return true
	}
	k := l.hash(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.byKey[k]; ok {
		l.lru.MoveToFront(el)
		return el.Value.(*addrEntry).lim.AllowN(now, 1)
	}
	for l.lru.Len() >= l.max {
		old := l.lru.Back()
		l.lru.Remove(old)
		delete(l.byKey, old.Value.(*addrEntry).key)
	}
	e := &addrEntry{key: k, lim: rate.NewLimiter(l.limit, l.burst)}
	l.byKey[k] = l.lru.PushFront(e)
	return e.lim.AllowN(now, 1)
}

// size returns the number of addresses held.
func (l *addrLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

func (l *addrLimiter) hash(addr string) addrKey {
	m := hmac.New(sha256.New, l.key[:])
	m.Write([]byte(addr))
	var k addrKey
	copy(k[:], m.Sum(nil))
	return k
}
