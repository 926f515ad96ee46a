package bottest_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

func joined(channel string) bot.Event {
	return bot.Event{Platform: "test", Channel: channel, ChannelName: "sak-" + channel,
		Input: dialogs.Input{Kind: dialogs.InputJoined, At: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}}
}

// The kit's engine runs on a real file, delivers to the recording sender,
// and keeps what it stored across a reopen.
func TestEngineReopens(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	var s bottest.Sender
	e.Register("test", &s)
	e.Run()
	if _, err := e.Handle(t.Context(), joined("C1")); err != nil {
		t.Fatal(err)
	}
	e.WaitSettled()
	if n := len(s.Sent()); n != 2 {
		t.Fatalf("sent %d replies, want the welcome and the first question", n)
	}
	e.Reopen()
	if c := e.MustCase("C1"); c.Name != "sak-C1" || c.Round == 0 {
		t.Fatalf("after reopening: case %+v", c)
	}
	// The reopened engine delivers through the same sender.
	if _, err := e.Handle(t.Context(), bot.Event{Platform: "test", Channel: "C1",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "status", At: time.Date(2026, 11, 30, 9, 1, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	bottest.WaitFor(t, "the status reply", func() bool { return len(s.Sent()) == 3 })
}

// A failing sender keeps the reply in the outbox; it goes when the
// platform is back.
func TestSenderFails(t *testing.T) {
	e := bottest.New(t, bottest.Options{Setup: bottest.QuickBackoff})
	var down atomic.Bool
	down.Store(true)
	s := &bottest.Sender{Fail: func(bot.Outgoing) error {
		if down.Load() {
			return errors.New("platform down")
		}
		return nil
	}}
	e.Register("test", s)
	e.Run()
	if _, err := e.Handle(t.Context(), joined("C2")); err != nil {
		t.Fatal(err)
	}
	if e.Pending() == 0 {
		t.Fatal("nothing pending while the platform is down")
	}
	down.Store(false)
	e.WaitSettled()
	if n := len(s.Sent()); n != 2 {
		t.Fatalf("sent %d, want 2 once the platform is back", n)
	}
}

func TestClock(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	c := bottest.NewClock(t0)
	if got := c.Add(time.Hour); !got.Equal(t0.Add(time.Hour)) || !c.Now().Equal(got) {
		t.Fatalf("Add: %v, Now %v", got, c.Now())
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Set: %v", c.Now())
	}
}

func TestHandlerRecords(t *testing.T) {
	var h bottest.Handler
	h.SetReply(func(_ context.Context, ev bot.Event) (bot.Result, error) {
		return bot.Result{Duplicate: ev.ID == "dup"}, nil
	})
	res, _ := h.Handle(t.Context(), bot.Event{ID: "dup"})
	if !res.Duplicate || len(h.Events()) != 1 {
		t.Fatalf("result %+v, events %v", res, h.Events())
	}
}
