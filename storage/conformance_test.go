package storage_test

import (
	"path/filepath"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/storetest"
	"github.com/oslo-involve/involve/storage"
)

// reopenable is a bbolt store that closes and opens its file again.
type reopenable struct {
	*storage.DB
	path string
}

func (r *reopenable) Reopen(t *testing.T) bot.Store {
	t.Helper()
	if err := r.DB.Close(); err != nil {
		t.Fatal(err)
	}
	return &reopenable{DB: open(t, r.path), path: r.path}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store {
		path := filepath.Join(t.TempDir(), "involve.db")
		return &reopenable{DB: open(t, path), path: path}
	})
}
