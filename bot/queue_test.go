package bot_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// gateSender holds every send until the test opens the gate, and says which
// channels have a send in flight.
type gateSender struct {
	mu       sync.Mutex
	inFlight map[string]bool
	gate     chan struct{}
}

func (g *gateSender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	g.mu.Lock()
	g.inFlight[m.Channel] = true
	g.mu.Unlock()
	select {
	case <-g.gate:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return "", nil
}

func (g *gateSender) flying() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.inFlight)
}

// feedStore is a store with an outbox feed the test drives: what it sends
// on added reaches the engine's queue as one batch, as an etcd watch
// response does.
type feedStore struct {
	bot.Store
	added chan []bot.Outgoing
}

func (f *feedStore) FollowOutbox(ctx context.Context, snapshot, added func(items []bot.Outgoing)) error {
	snapshot(nil)
	for {
		select {
		case <-ctx.Done():
			return nil
		case items := <-f.added:
			added(items)
		}
	}
}

// Channels that become ready together are taken by as many idle workers:
// with one worker busy on a channel that does not answer, a second channel
// that became ready with a third is not left waiting while a worker idles
// (on etcd every takeover hands the whole outbox over at once).
func TestQueueWakesAWorkerPerReadyChannel(t *testing.T) {
	var fs *feedStore
	e := bottest.New(t, bottest.Options{
		Engine: bot.Options{Shared: true},
		Setup:  func(e *bot.Engine) { e.Workers = 3 },
		Wrap:   func(s bot.Store) bot.Store { fs = &feedStore{Store: s, added: make(chan []bot.Outgoing)}; return fs },
	})
	g := &gateSender{inFlight: map[string]bool{}, gate: make(chan struct{})}
	e.Register(bot.PlatformConsole, g)
	e.Run()
	item := func(ch string) bot.Outgoing {
		t.Helper()
		done, err := fs.Commit(context.Background(), bot.Change{Channel: ch, Outbox: []bot.Outgoing{{
			Platform: bot.PlatformConsole, Channel: ch, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "hei"}}}})
		if err != nil {
			t.Fatal(err)
		}
		return done.Items[0]
	}
	a, b, c := item("sak-a"), item("sak-b"), item("sak-c")
	fs.added <- []bot.Outgoing{a}
	bottest.WaitFor(t, "the first channel's send", func() bool { return g.flying() == 1 })
	fs.added <- []bot.Outgoing{b, c}
	bottest.WaitFor(t, "a send in flight on each of the three channels", func() bool { return g.flying() == 3 })
	close(g.gate)
	e.WaitSettled()
}

// sameShard returns a channel other than ch whose case lock shard is ch's
// (the engine's 512 shards by FNV-1a), so that a test can show one does not
// wait for the other.
func sameShard(t *testing.T, ch string) string {
	shard := func(s string) uint32 {
		h := fnv.New32a()
		h.Write([]byte(s))
		return h.Sum32() % 512
	}
	for i := range 100000 {
		if c := fmt.Sprintf("sak-%d", i); c != ch && shard(c) == shard(ch) {
			return c
		}
	}
	t.Fatal("no channel in the same shard")
	return ""
}

// A forget waits for its own channel's send in flight, and for no other:
// a platform that does not answer for one channel does not hold up the
// forget of another case (the send guard is per channel, not per shard).
func TestForgetDoesNotWaitForAnotherChannelsSend(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	stuck := sameShard(t, "sak-glemmes")
	g := &gateSender{inFlight: map[string]bool{}, gate: make(chan struct{})}
	e.Register(bot.PlatformConsole, &routeSender{stuck: stuck, gate: g, rest: &bottest.Sender{}})
	handle := func(ch string, in dialogs.Input) {
		t.Helper()
		if _, err := e.Handle(context.Background(), bot.Event{Platform: bot.PlatformConsole, Channel: ch, ChannelName: ch, Input: in}); err != nil {
			t.Fatal(err)
		}
	}
	handle("sak-glemmes", dialogs.Input{Kind: dialogs.InputJoined})
	handle(stuck, dialogs.Input{Kind: dialogs.InputJoined})
	e.Run()
	bottest.WaitFor(t, "the stuck channel's send", func() bool { return g.flying() == 1 })
	done := make(chan struct{})
	go func() {
		defer close(done)
		handle("sak-glemmes", dialogs.Input{Kind: dialogs.InputCommand, Command: "forget"})
		handle("sak-glemmes", dialogs.Input{Kind: dialogs.InputCommand, Command: "forget yes"})
	}()
	bottest.WaitFor(t, "the forget", func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
	if _, err := e.Case("sak-glemmes"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("after forget: %v", err)
	}
	close(g.gate)
	e.WaitSettled()
}

// routeSender sends the stuck channel's replies through the gate, the
// others at once.
type routeSender struct {
	stuck string
	gate  *gateSender
	rest  bot.Sender
}

func (r *routeSender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.Channel == r.stuck {
		return r.gate.Send(ctx, m)
	}
	return r.rest.Send(ctx, m)
}
