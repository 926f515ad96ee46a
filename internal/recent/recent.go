package recent

import (
	"sync"
	"time"
)

// Set remembers keys for TTL after they were added. Its zero value with
// TTL set is ready to use, and it is safe for concurrent use. Times come
// in as arguments, so tests move them by hand.
type Set struct {
	TTL time.Duration

	mu   sync.Mutex
	keys map[string]time.Time
}

// Add remembers key from now on, and forgets the keys older than TTL.
func (s *Set) Add(key string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(key, now)
}

func (s *Set) add(key string, now time.Time) {
	if s.keys == nil {
		s.keys = make(map[string]time.Time)
	}
	for k, t := range s.keys {
		if now.Sub(t) >= s.TTL {
			delete(s.keys, k)
		}
	}
	s.keys[key] = now
}

// Has reports whether key was added less than TTL before now.
func (s *Set) Has(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.has(key, now)
}

func (s *Set) has(key string, now time.Time) bool {
	t, ok := s.keys[key]
	return ok && now.Sub(t) < s.TTL
}

// Claim adds key and reports true, unless key was added less than TTL
// before now: then it reports false and changes nothing.
func (s *Set) Claim(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.has(key, now) {
		return false
	}
	s.add(key, now)
	return true
}

// Remove forgets key, so that it can be claimed again at once.
func (s *Set) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, key)
}

// Len is how many keys the set holds, expired ones not yet forgotten
// included.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}
