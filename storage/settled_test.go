package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// outboxIn opens a copy of the file at path as a crash would leave it
// (what is committed, nothing more) and returns its outbox.
func outboxIn(t *testing.T, path string) []bot.Outgoing {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db := open(t, cp)
	out, err := db.Outbox(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return out
}

// DeliveredLater takes an item out of what Outbox returns at once, writes
// nothing by itself, and goes into the file with the next write of any
// case; Close writes what is left.
func TestDeliveredLater(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db := open(t, path)
	ack := dialogs.Reply{Kind: dialogs.ReplyAck}
	items, _, err := commit(db, bot.Change{Case: testCase("C1"), Outbox: []bot.Outgoing{
		{Platform: "slack", Channel: "C1", Reply: ack},
		{Platform: "slack", Channel: "C1", Reply: ack},
	}})
	if err != nil {
		t.Fatal(err)
	}
	db.DeliveredLater(items[0].ID)
	if out, _ := db.Outbox(context.Background(), 10); len(out) != 1 || out[0].ID != items[1].ID {
		t.Fatalf("outbox after DeliveredLater: %+v", out)
	}
	if st, _ := db.Stats(); st.Outbox != 1 {
		t.Errorf("stats: %d outbox items, want 1", st.Outbox)
	}
	if out := outboxIn(t, path); len(out) != 2 {
		t.Fatalf("a crash now finds %d items, want both (nothing written yet)", len(out))
	}

	// Another case's commit writes the removal.
	if _, _, err := commit(db, bot.Change{Case: testCase("C2")}); err != nil {
		t.Fatal(err)
	}
	if out := outboxIn(t, path); len(out) != 1 || out[0].ID != items[1].ID {
		t.Fatalf("after the next write a crash finds %+v, want only the second item", out)
	}

	db.DeliveredLater(items[1].ID)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if out := outboxIn(t, path); len(out) != 0 {
		t.Fatalf("after Close the file holds %+v, want nothing", out)
	}
}
