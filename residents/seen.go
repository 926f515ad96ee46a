package residents

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// seenSet remembers, in memory, the submissions already taken, so that a
// form sent twice (a double click, a reload of the thank-you page, a proxy's
// retry) is stored once. A submission is known by its form token and its
// content: the same form sent again with other words is a new answer and is
// kept. Entries are forgotten when their token expires, or oldest first when
// the set is full; a restart forgets them all.
type seenSet struct {
	max int

	mu    sync.Mutex
	byKey map[seenKey]*list.Element
	order list.List // of *seenEntry, oldest first
}

type seenKey [16]byte

type seenEntry struct {
	key     seenKey
	expires time.Time
}

func newSeenSet(max int) *seenSet {
	return &seenSet{max: max, byKey: make(map[seenKey]*list.Element)}
}

func submissionKey(token string, a Answer) seenKey {
	h := sha256.New()
	h.Write([]byte(token))
	h.Write([]byte{0})
	h.Write([]byte(a.Age))
	h.Write([]byte{0})
	h.Write([]byte(a.Text))
	var k seenKey
	copy(k[:], h.Sum(nil))
	return k
}

// reserve records k until expires and reports true, or reports false when k
// is already recorded.
func (s *seenSet) reserve(k seenKey, expires, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[k]; ok {
		if now.Before(el.Value.(*seenEntry).expires) {
			return false
		}
		s.order.Remove(el)
		delete(s.byKey, k)
	}
	for el := s.order.Front(); el != nil && (s.order.Len() >= s.max || !now.Before(el.Value.(*seenEntry).expires)); el = s.order.Front() {
		s.order.Remove(el)
		delete(s.byKey, el.Value.(*seenEntry).key)
	}
	s.byKey[k] = s.order.PushBack(&seenEntry{key: k, expires: expires})
	return true
}

// release forgets k: its submission was not stored after all.
func (s *seenSet) release(k seenKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[k]; ok {
		s.order.Remove(el)
		delete(s.byKey, k)
	}
}
