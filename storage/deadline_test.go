package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// A write's context bounds its wait for the group commit: a commit whose
// context ends while it waits behind a running batch takes itself back and
// is written nowhere, and one whose context is done already writes nothing.
func TestCommitGivesUpWithItsContext(t *testing.T) {
	db := open(t, "")
	c := dialogs.Coach{}.NewCase("C1", "slack", "sak-frist", t0)
	ch := bot.Change{Channel: "C1", Case: c, EventID: "Ev1", At: t0}

	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Commit(done, ch); !errors.Is(err, context.Canceled) {
		t.Fatalf("commit with its context done: %v", err)
	}

	release := storage.HoldGroupForTest(db)
	ctx, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	_, err := db.Commit(ctx, ch)
	if relErr := release(); relErr != nil {
		t.Fatal(relErr)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("commit waiting past its deadline: %v", err)
	}
	if seen, _ := db.Seen(context.Background(), "Ev1"); seen {
		t.Fatal("a commit that gave up was written")
	}
	if _, _, err := db.Load(context.Background(), "C1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the case of a commit that gave up: %v", err)
	}
	// The store works on.
	if _, err := db.Commit(context.Background(), ch); err != nil {
		t.Fatal(err)
	}
}
