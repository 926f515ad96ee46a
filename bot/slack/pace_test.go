package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// simClock is a simulated clock: sleeping moves it on, nothing waits.
type simClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
	// frozen leaves the clock where it is when something sleeps, as when
	// many senders wait at once.
	frozen bool
}

func newSimClock() *simClock { return &simClock{t: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)} }

func (c *simClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept += d
	if !c.frozen {
		c.t = c.t.Add(d)
	}
	return ctx.Err()
}

// pacedSender is a sender over the fake Web API, paced on clock.
func pacedSender(t testing.TB, clock *simClock, obs Observer) *sender {
	t.Helper()
	a, _ := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	s := newSender(a.api, true, obs)
	s.pace.now, s.pace.sleep = clock.now, clock.sleep
	return s
}

func post(t testing.TB, s *sender, channel string) {
	t.Helper()
	if _, err := s.Send(context.Background(), bot.Outgoing{ID: 1, Channel: channel,
		Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Hva satt innbyggerne igjen med?"}}); err != nil {
		t.Fatal(err)
	}
}

// chat.postMessage: about one a second in a channel, after a short burst.
func TestPacePerChannel(t *testing.T) {
	clock := newSimClock()
	obs := newCountingObserver()
	s := pacedSender(t, clock, obs)
	start := clock.now()
	for range 10 {
		post(t, s, "C0CASE001")
	}
	// 3 at once, then 7 more at one a second.
	if got := clock.now().Sub(start); got != 7*time.Second {
		t.Errorf("10 posts in one channel took %v, want 7s", got)
	}
	// Another channel is not held up by the first.
	before := clock.now()
	post(t, s, "C0CASE002")
	if got := clock.now().Sub(before); got != 0 {
		t.Errorf("a post in another channel waited %v", got)
	}
	if obs.waited[methodPost] != 7*time.Second {
		t.Errorf("observed %v of pace", obs.waited[methodPost])
	}
}

// Across the workspace: 300 a minute after a burst of 30.
func TestPaceWorkspace(t *testing.T) {
	clock := newSimClock()
	s := pacedSender(t, clock, nil)
	start := clock.now()
	for i := range 330 {
		post(t, s, fmt.Sprintf("C%04d", i))
	}
	// 30 at once, then 300 at five a second: one minute.
	if got := clock.now().Sub(start); got != time.Minute {
		t.Errorf("330 posts in 330 channels took %v, want 1m", got)
	}
}

// reactions.add has its own Tier 3 bucket: reactions never hold up a
// prompt, and a reaction that would wait more than three seconds is
// dropped and counted.
func TestPaceReactions(t *testing.T) {
	clock := newSimClock()
	clock.frozen = true // all of them at once
	obs := newCountingObserver()
	s := pacedSender(t, clock, obs)
	ack := func(i int) error {
		_, err := s.Send(context.Background(), bot.Outgoing{Channel: "C0CASE001",
			Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: fmt.Sprintf("1732612400.%06d", i)}})
		return err
	}
	for i := range 20 {
		if err := ack(i); err != nil {
			t.Fatal(err)
		}
	}
	// A burst of 10, then turns 1.2 s apart: the 11th and 12th wait 1.2 s
	// and 2.4 s; from the 13th on, the wait passes 3 s and they are dropped.
	if obs.dropped != 8 {
		t.Errorf("%d reactions dropped, want 8", obs.dropped)
	}
	if got := obs.waited[methodReact]; got != 3600*time.Millisecond {
		t.Errorf("reactions waited %v, want 3.6s", got)
	}
	// A prompt goes at once, whatever the reactions' bucket holds.
	slept := clock.slept
	post(t, s, "C0CASE001")
	if clock.slept != slept {
		t.Errorf("a prompt waited %v behind reactions", clock.slept-slept)
	}
}

// With pace off nothing in our code waits; only Slack's 429s slow down.
func TestPaceOff(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	s := newSender(a.api, false, nil)
	if s.pace != nil {
		t.Fatal("a pacer with pace off")
	}
	for i := range 50 {
		post(t, s, "C0CASE001")
		if _, err := s.Send(context.Background(), bot.Outgoing{Channel: "C0CASE001",
			Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: fmt.Sprintf("1.%d", i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.Posts()) != 50 || len(f.Reactions()) != 50 {
		t.Errorf("%d posts, %d reactions", len(f.Posts()), len(f.Reactions()))
	}
}

// A turn that comes after the caller's deadline is given back, and the
// outbox is told when to come back.
func TestPaceBeyondTheDeadline(t *testing.T) {
	clock := newSimClock()
	s := pacedSender(t, clock, nil)
	for range 3 {
		post(t, s, "C0CASE001")
	}
	ctx, cancel := context.WithDeadline(context.Background(), clock.now().Add(500*time.Millisecond))
	defer cancel()
	_, err := s.Send(ctx, bot.Outgoing{ID: 4, Channel: "C0CASE001", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "x"}})
	ra, ok := errors.AsType[*bot.RetryAfterError](err)
	if !ok || ra.After != time.Second {
		t.Fatalf("err %v, want retry after 1s", err)
	}
	// The turn was given back: the next post waits one second, not two.
	before := clock.now()
	post(t, s, "C0CASE001")
	if got := clock.now().Sub(before); got != time.Second {
		t.Errorf("waited %v, want 1s", got)
	}
}

// BenchmarkNudgeFanOutPaced computes how long the weekly nudge to 10,000
// case channels takes within Slack's documented limits, on the simulated
// clock (no real waiting): one post per channel, 300 a minute across the
// workspace after a burst of 30.
func BenchmarkNudgeFanOutPaced(b *testing.B) {
	const channels = 10_000
	var took time.Duration
	for b.Loop() {
		clock := newSimClock()
		p := newPacer(nopObserver{})
		p.now, p.sleep = clock.now, clock.sleep
		start := clock.now()
		for i := range channels {
			if err := p.post(context.Background(), fmt.Sprintf("C%05d", i)); err != nil {
				b.Fatal(err)
			}
		}
		took = clock.now().Sub(start)
	}
	b.ReportMetric(took.Minutes(), "sim-minutes/10k-nudges")
	b.ReportMetric(float64(channels)/took.Seconds(), "sim-nudges/s")
}

// BenchmarkNudgeFanOutPaceOff measures what the sender delivers with pace
// off (slack.pace = false): nudges posted to distinct channels of the fake
// Web API over loopback, 64 at a time as the outbox delivers them.
func BenchmarkNudgeFanOutPaceOff(b *testing.B) {
	f := slacktest.NewServer(b)
	a, err := New(Config{Mode: ModeHTTP, BotToken: slacktest.BotToken, SigningSecret: slacktest.SigningSecret,
		APIURL: f.URL, NoPace: true}, &bottest.Handler{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := a.Sender()
	nudge := dialogs.Reply{Kind: dialogs.ReplyNudge, Text: "Hva satt innbyggerne igjen med?"}
	var next atomic.Int64
	b.SetParallelism(32) // 64 senders on two cores
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			if _, err := s.Send(context.Background(), bot.Outgoing{ID: uint64(n), Channel: fmt.Sprintf("C%06d", n), Reply: nudge}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "nudges/s")
}
