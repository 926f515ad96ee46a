package residents

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// groupStore is a Store that, like the project's bbolt storage, groups the
// answers that arrive together into one write and one fsync; each Submit
// still returns only after an fsync that covers its answer.
type groupStore struct {
	*MemStore
	f    *os.File
	reqs chan groupReq
	done chan struct{}
}

type groupReq struct {
	line []byte
	err  chan error
}

func newGroupStore(b *testing.B) *groupStore {
	f, err := os.Create(filepath.Join(b.TempDir(), "answers.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	s := &groupStore{MemStore: NewMemStore(), f: f, reqs: make(chan groupReq), done: make(chan struct{})}
	s.Put(testCode, testPage)
	go s.commit()
	b.Cleanup(func() { close(s.reqs); <-s.done; f.Close() })
	return s
}

// commit is the one writer: it takes what is waiting, writes it, syncs once,
// and answers every waiting Submit.
func (s *groupStore) commit() {
	defer close(s.done)
	for first := range s.reqs {
		batch := []groupReq{first}
	more:
		for {
			select {
			case r, ok := <-s.reqs:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		var buf []byte
		for _, r := range batch {
			buf = append(buf, r.line...)
		}
		_, err := s.f.Write(buf)
		if err == nil {
			err = s.f.Sync()
		}
		for _, r := range batch {
			r.err <- err
		}
	}
}

func (s *groupStore) Submit(ctx context.Context, code string, a Answer) error {
	if _, err := s.Page(ctx, code); err != nil {
		return err
	}
	line, err := json.Marshal(struct {
		Code string `json:"code"`
		Answer
	}{code, a})
	if err != nil {
		return err
	}
	r := groupReq{line: append(line, '\n'), err: make(chan error, 1)}
	s.reqs <- r
	return <-r.err
}

// BenchmarkSubmitGroupCommit is BenchmarkSubmit over a store that groups
// concurrent answers into one fsync, as the bbolt storage does.
func BenchmarkSubmitGroupCommit(b *testing.B) {
	benchSubmit(b, newGroupStore(b))
}
