package etcdstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
)

// recorder is a sender that keeps what it was asked to post.
type recorder struct {
	mu     sync.Mutex
	sent   []bot.Outgoing
	refs   []string
	n      int
	looked int // uncertain replies found posted already
}

func (r *recorder) Send(_ context.Context, o bot.Outgoing) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o.Uncertain {
		// As the Slack sender does: look for the reply (by its outbox id
		// in the message's metadata) before posting it again.
		for i, p := range r.sent {
			if p.ID == o.ID {
				r.looked++
				return r.refs[i], nil
			}
		}
	}
	r.sent = append(r.sent, o)
	r.n++
	ref := fmt.Sprintf("1700000000.%06d", r.n)
	r.refs = append(r.refs, ref)
	return ref, nil
}

func (r *recorder) items() []bot.Outgoing {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Outgoing(nil), r.sent...)
}

// checkOnceInOrder fails unless every id was sent once and each
// channel's ids rose.
func checkOnceInOrder(t *testing.T, sent []bot.Outgoing) {
	t.Helper()
	seen := map[uint64]bool{}
	last := map[string]uint64{}
	for _, o := range sent {
		if seen[o.ID] {
			t.Fatalf("reply %d sent twice", o.ID)
		}
		seen[o.ID] = true
		if o.ID <= last[o.Channel] {
			t.Fatalf("channel %s: reply %d sent after %d", o.Channel, o.ID, last[o.Channel])
		}
		last[o.Channel] = o.ID
	}
}

func sharedEngine(s bot.Store) *bot.Engine {
	return bot.New(s, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true, Shared: true})
}

// TestSharedOutboxDeliveredByTheLeaderOnly: two engines take events for
// the same channels; the one that runs Run delivers every reply, once, in
// each channel's commit order, and the other queues nothing.
func TestSharedOutboxDeliveredByTheLeaderOnly(t *testing.T) {
	s := open(t)
	other := etcdstore.New(s.Client(), s.Prefix())
	lead, follow := sharedEngine(s), sharedEngine(other)
	rec := &recorder{}
	lead.Register("console", rec)
	follow.Register("console", rec)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lead.Run(ctx) }()

	cmd := func(e *bot.Engine, id, ch, text string) {
		t.Helper()
		if _, err := e.Handle(context.Background(), bot.Event{ID: id, Platform: "console", Channel: ch, ChannelName: "sak-" + ch,
			Input: dialogs.Input{Kind: dialogs.InputCommand, Command: text, User: "U1"}}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for k, e := range []*bot.Engine{lead, follow} {
		wg.Go(func() {
			for i := range 10 {
				ch := fmt.Sprintf("C%d", i%3)
				cmd(e, fmt.Sprintf("E%d-%d", k, i), ch, fmt.Sprintf("report %d fra %d", i, k))
			}
		})
	}
	wg.Wait()
	waitFor(t, "every reply delivered", func() bool {
		left, err := s.Outbox(context.Background(), 1)
		return err == nil && len(left) == 0 && lead.Pending() == 0
	})
	if n := len(rec.items()); n < 20 {
		t.Fatalf("%d replies sent for 20 reports", n)
	}
	if n := follow.Pending(); n != 0 {
		t.Fatalf("the engine that does not lead queued %d replies", n)
	}
	checkOnceInOrder(t, rec.items())
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := lead.Pending(); n != 0 {
		t.Fatalf("a replica that stopped leading kept %d replies", n)
	}
}
