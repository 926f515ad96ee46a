package residents

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// tokenUses counts, in memory, the answers each form token has taken, so
// that one form fetched once cannot carry any number of distinct answers
// for the two hours it is valid. A token is forgotten when it expires, or
// oldest first when the set is full; a restart forgets them all (the
// per-address limit and the budgets still hold then).
type tokenUses struct {
	max int

	mu    sync.Mutex
	byKey map[seenKey]*list.Element
	order list.List // of *tokenUse, oldest first
}

type tokenUse struct {
	key     seenKey
	n       int
	expires time.Time
}

func newTokenUses(max int) *tokenUses {
	return &tokenUses{max: max, byKey: make(map[seenKey]*list.Element)}
}

func tokenKeyOf(token string) seenKey {
	sum := sha256.Sum256([]byte(token))
	var k seenKey
	copy(k[:], sum[:])
	return k
}

// take counts one answer on token, valid until expires, and reports whether
// the token had taken fewer than limit before.
func (u *tokenUses) take(token string, limit int, expires, now time.Time) bool {
	k := tokenKeyOf(token)
	u.mu.Lock()
	defer u.mu.Unlock()
	if el, ok := u.byKey[k]; ok && now.Before(el.Value.(*tokenUse).expires) {
		e := el.Value.(*tokenUse)
		if e.n >= limit {
			return false
		}
		e.n++
		return true
	} else if ok {
		u.order.Remove(el)
		delete(u.byKey, k)
	}
	for el := u.order.Front(); el != nil && (u.order.Len() >= u.max || !now.Before(el.Value.(*tokenUse).expires)); el = u.order.Front() {
		u.order.Remove(el)
		delete(u.byKey, el.Value.(*tokenUse).key)
	}
	u.byKey[k] = u.order.PushBack(&tokenUse{key: k, n: 1, expires: expires})
	return true
}

// give takes back one answer counted on token: it was not stored after all.
func (u *tokenUses) give(token string) {
	k := tokenKeyOf(token)
	u.mu.Lock()
	defer u.mu.Unlock()
	if el, ok := u.byKey[k]; ok && el.Value.(*tokenUse).n > 0 {
		el.Value.(*tokenUse).n--
	}
}
