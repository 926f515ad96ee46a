package residents

import (
	"context"
	"slices"
	"sync"
)

// MemStore is a Store held in memory, for tests and for trying the page out.
// It is safe for concurrent use. Nothing in it survives the process, so its
// Submit is durable only in the sense that matters to a test.
type MemStore struct {
	mu      sync.Mutex
	pages   map[string]Page
	closed  map[string]bool
	answers map[string][]Answer
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		pages:   make(map[string]Page),
		closed:  make(map[string]bool),
		answers: make(map[string][]Answer),
	}
}

// Put opens (or reopens) the page with the code and sets its public view.
func (s *MemStore) Put(code string, p Page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.Updates = slices.Clone(p.Updates)
	s.pages[code] = p
	delete(s.closed, code)
}

// Close closes the page with the code: it then takes no answers.
func (s *MemStore) Close(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pages[code]; ok {
		s.closed[code] = true
	}
}

// Answers returns a copy of the answers given on the page with the code, oldest first.
func (s *MemStore) Answers(code string) []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.answers[code])
}

// Count returns the number of answers over all pages.
func (s *MemStore) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, as := range s.answers {
		n += len(as)
	}
	return n
}

// Page implements Store.
func (s *MemStore) Page(_ context.Context, code string) (Page, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.lookup(code)
	if err != nil {
		return Page{}, err
	}
	p.Updates = slices.Clone(p.Updates)
	p.Answers = len(s.answers[code])
	return p, nil
}

// Submit implements Store.
func (s *MemStore) Submit(_ context.Context, code string, a Answer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.lookup(code); err != nil {
		return err
	}
	s.answers[code] = append(s.answers[code], a)
	return nil
}

func (s *MemStore) lookup(code string) (Page, error) {
	p, ok := s.pages[code]
	if !ok {
		return Page{}, ErrNotFound
	}
	if s.closed[code] {
		return Page{}, ErrClosed
	}
	return p, nil
}
