package storage_test

import (
	"path/filepath"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/storetest"
	"github.com/oslo-involve/involve/storage"
)

// reopenable is a bbolt store that closes and opens its file again, and
// whose file can be made to fail (on Linux: see faultyFile).
type reopenable struct {
	*storage.DB
	path string
	ff   *faultyFile
}

func (r *reopenable) Reopen(t *testing.T) bot.Store {
	t.Helper()
	if r.ff != nil {
		r.ff.heal() // a transient fault: the next open finds the file as written
	}
	r.DB.Close() // after a failure Close may fail too; the file is what counts
	return &reopenable{DB: open(t, r.path), path: r.path}
}

func (r *reopenable) Break(t *testing.T) {
	if r.ff == nil {
		t.Skip("no fault injection here")
	}
	r.ff.fail()
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store {
		path := filepath.Join(t.TempDir(), "involve.db")
		r := &reopenable{path: path, ff: newFaultyFile(t)}
		var o *storage.Options
		if r.ff != nil {
			o = &storage.Options{OpenFile: r.ff.open}
		}
		db, err := storage.Open(path, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		r.DB = db
		return r
	})
}
