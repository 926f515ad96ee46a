package slack

import (
	"context"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
)

// After a backup is restored the outbox gives out an id again. A new item
// whose post failed with a 5xx is looked up by id and nonce: the older,
// different message with the same id is not taken for it, and it is posted.
func TestRepeatedIDAfterRestoreIsPosted(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	s := a.Sender()
	ctx := context.Background()
	old := bot.Outgoing{ID: 7, Nonce: bot.NewNonce(), Platform: "slack", Channel: "C0CASE001", Reply: renderTests[0].reply}
	if _, err := s.Send(ctx, old); err != nil {
		t.Fatal(err)
	}
	again := old
	again.Nonce, again.Uncertain = bot.NewNonce(), true // restored: the same id, another item
	ref, err := s.Send(ctx, again)
	if err != nil || ref == "" {
		t.Fatalf("ref %q err %v", ref, err)
	}
	if n := len(f.Posts()); n != 2 {
		t.Fatalf("%d posts: the new item was taken for the old one", n)
	}
	// The same item again is found, not posted twice.
	if ref2, err := s.Send(ctx, again); err != nil || ref2 != ref || len(f.Posts()) != 2 {
		t.Fatalf("ref %q (want %q) err %v, %d posts", ref2, ref, err, len(f.Posts()))
	}
}
