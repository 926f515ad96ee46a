package residents

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// addrLimiter holds one token-bucket limiter per client, in memory only, in
// a map of bounded size. The address itself is never kept: the map key is an
// HMAC of the client's key (ClientKey) with a random key made when the
// process starts, so not even a memory dump lists the addresses that came by.
//
// When the map is full, only a client whose bucket has filled up again is
// forgotten: forgetting it changes nothing, it would get a full bucket
// anyway. A client that used its burst is never forgotten to make room, so a
// flood of other addresses cannot give it a fresh burst. When no entry can
// go, the newcomers share one bucket until some can.
type addrLimiter struct {
	limit rate.Limit
	burst int
	max   int
	key   [32]byte

	mu       sync.Mutex
	byKey    map[addrKey]*list.Element
	lru      list.List     // of *addrEntry, most recently seen first
	overflow *rate.Limiter // shared by the clients that found no room
}

type addrKey [16]byte

type addrEntry struct {
	key addrKey
	lim *rate.Limiter
}

// evictScan bounds how many of the least recently seen entries one new
// client looks at for one that can go.
const evictScan = 16

func newAddrLimiter(limit rate.Limit, burst, max int) *addrLimiter {
	l := &addrLimiter{limit: limit, burst: burst, max: max, byKey: make(map[addrKey]*list.Element),
		overflow: rate.NewLimiter(limit, burst)}
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
	k := l.hash(ClientKey(addr))
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.byKey[k]; ok {
		l.lru.MoveToFront(el)
		return el.Value.(*addrEntry).lim.AllowN(now, 1)
	}
	if l.lru.Len() >= l.max && !l.evictFull(now) {
		return l.overflow.AllowN(now, 1)
	}
	e := &addrEntry{key: k, lim: rate.NewLimiter(l.limit, l.burst)}
	l.byKey[k] = l.lru.PushFront(e)
	return e.lim.AllowN(now, 1)
}

// evictFull forgets one of the least recently seen clients whose bucket is
// full again, and reports whether it found one.
func (l *addrLimiter) evictFull(now time.Time) bool {
	el := l.lru.Back()
	for range evictScan {
		if el == nil {
			return false
		}
		e := el.Value.(*addrEntry)
		if e.lim.TokensAt(now) >= float64(l.burst) {
			l.lru.Remove(el)
			delete(l.byKey, e.key)
			return true
		}
		el = el.Prev()
	}
	return false
}

// size returns the number of clients held.
func (l *addrLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

func (l *addrLimiter) hash(client string) addrKey {
	m := hmac.New(sha256.New, l.key[:])
	m.Write([]byte(client))
	var k addrKey
	copy(k[:], m.Sum(nil))
	return k
}

// ClientKey is what the rate limit counts an address as: an IPv4 address as
// itself (an IPv4-mapped IPv6 address too), an IPv6 address by its /64, the
// network one household or one phone gets, in canonical form, so that the
// 2^64 addresses of one network are one client however they are written.
// What is not an address (a proxy's odd header) is counted as the text it is.
func ClientKey(addr string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(addr))
	if err != nil {
		return addr
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String()
	}
	return netip.PrefixFrom(a, 64).Masked().String()
}
