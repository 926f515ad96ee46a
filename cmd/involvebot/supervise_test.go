package main

import (
	"context"
	"encoding/binary"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/storage"
)

// A part of serve that stops stops serve, with its error: here the outbox,
// which cannot read an item it finds in the file. Before, serve went on
// taking events that would never be delivered, /healthz green.
func TestServeStopsWhenAPartStops(t *testing.T) {
	fake := slacktest.NewServer(t)
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint64(nil, 7)
		return tx.Bucket([]byte("outbox")).Put(k, []byte("{not an outbox item"))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()

	cfg := testConfig(t, fake, path, "")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = serve(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if ctx.Err() != nil || err == nil || !strings.Contains(err.Error(), "outbox") {
		t.Fatalf("serve returned %v (context: %v), want the outbox's error at once", err, ctx.Err())
	}
}
