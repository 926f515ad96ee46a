package teams

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// virtualPacer is a pacer on a virtual clock.
func virtualPacer() (*pacer, *virtualClock) {
	p, c := newPacer(), newVirtualClock()
	p.now, p.sleep = c.Now, c.Sleep
	return p, c
}

// mostInWindow is the largest number of times that fall within any
// window of length w (times sorted).
func mostInWindow(times []time.Time, w time.Duration) int {
	most, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= w {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}

// Sends to one conversation as fast as the pacer lets them: no window of
// any documented length ever holds more than documented, and the hour's
// allowance is used (the pace is not needlessly slow).
func TestPaceKeepsEveryConversationLimit(t *testing.T) {
	p, clock := virtualPacer()
	var waited time.Duration
	p.waited = func(d time.Duration) { waited += d }
	start := clock.Now()
	var sent []time.Time
	for range 2000 {
		if err := p.wait(context.Background(), testTenant, testChannel); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, clock.Now())
	}
	for _, l := range []struct {
		n   int
		per time.Duration
	}{{7, time.Second}, {8, 2 * time.Second}, {60, 30 * time.Second}, {1800, time.Hour}} {
		if got := mostInWindow(sent, l.per); got > l.n {
			t.Errorf("%d sends within %s, documented limit %d", got, l.per, l.n)
		}
	}
	took := clock.Now().Sub(start)
	if waited != clock.Slept() || waited != took {
		t.Errorf("waited %s, slept %s, took %s: the hook must see every wait", waited, clock.Slept(), took)
	}
	// 2,000 sends at 1,800 per hour: a little over an hour, not two.
	if took < time.Hour || took > 75*time.Minute {
		t.Errorf("2,000 sends took %s of virtual time, want between 1h and 1h15m", took)
	}
	t.Logf("2,000 sends to one conversation: %s (virtual)", took)
}

// The tenant's limit holds over many conversations, and tenants do not
// share one.
func TestPaceKeepsTheTenantLimit(t *testing.T) {
	p, clock := virtualPacer()
	var sent []time.Time
	for i := range 3000 {
		if err := p.wait(context.Background(), testTenant, fmt.Sprintf("19:%d@thread.tacv2", i)); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, clock.Now())
	}
	if got := mostInWindow(sent, time.Second); got > 50 {
		t.Errorf("%d sends within a second for one tenant, documented limit 50", got)
	}
	if took := clock.Now().Sub(sent[0]); took > 70*time.Second {
		t.Errorf("3,000 sends took %s, want about a minute", took)
	}
	before := clock.Slept()
	if err := p.wait(context.Background(), "0d8f5a52-3c1e-4b6a-9f0e-5a7b8c9d0e1f", "19:other@thread.tacv2"); err != nil || clock.Slept() != before {
		t.Errorf("another tenant waited for this one's turn: %v, %s", err, clock.Slept()-before)
	}
}

// A turn further away than maxPaceWait is not waited for within Send: the
// outbox gets a RetryAfterError, and the turn is given back.
func TestPaceHandsLongWaitsToTheOutbox(t *testing.T) {
	p, _ := virtualPacer()
	p.sleep = func(context.Context, time.Duration) error { return nil } // the clock stands still
	var ra *bot.RetryAfterError
	n := 0
	for ; n < 200; n++ {
		if err := p.wait(context.Background(), testTenant, testChannel); errors.As(err, &ra) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if ra == nil || ra.After <= maxPaceWait {
		t.Fatalf("after %d sends at one instant: %v, want a RetryAfterError beyond %s", n, ra, maxPaceWait)
	}
	// Given back: the same wait again is no longer.
	var again *bot.RetryAfterError
	if err := p.wait(context.Background(), testTenant, testChannel); !errors.As(err, &again) || again.After != ra.After {
		t.Errorf("the refused turn was kept: %v, then %v", ra, err)
	}
}

// The memory of conversations stays bounded: idle ones are forgotten once
// their buckets are full again, and never more than maxPacedConversations.
func TestPaceForgetsIdleConversations(t *testing.T) {
	p, clock := virtualPacer()
	for i := range maxPacedConversations + 500 {
		if err := p.wait(context.Background(), testTenant, fmt.Sprintf("19:%d@thread.tacv2", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.size(); n > maxPacedConversations {
		t.Errorf("%d conversations remembered, bound %d", n, maxPacedConversations)
	}
	clock.Sleep(context.Background(), p.idle)
	if err := p.wait(context.Background(), testTenant, testChannel); err != nil {
		t.Fatal(err)
	}
	if n := p.size(); n != 1 {
		t.Errorf("%d conversations remembered after all were idle, want 1", n)
	}
}

// Through the sender: a burst of replies to one channel is paced (on the
// virtual clock), its parts and threads alike; with pace off nothing in
// the coach waits.
func TestSenderPacesAndUnpacedDoesNot(t *testing.T) {
	for _, unpaced := range []bool{false, true} {
		t.Run(fmt.Sprint("unpaced=", unpaced), func(t *testing.T) {
			f := newFakeBotFramework(t)
			cfg := f.config()
			cfg.Unpaced = unpaced
			a, err := New(cfg, &bottest.Handler{}, testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			clock := onVirtualTime(a)
			if (a.pace == nil) != unpaced {
				t.Fatalf("pace %v with Unpaced %v", a.pace, unpaced)
			}
			addr := channelAddress(t, f.serviceURL())
			for i := range 20 {
				thread := ""
				if i%2 == 1 {
					thread = "1732698000000" // replies in a thread count against the channel too
				}
				if _, err := a.Sender().Send(context.Background(), bot.Outgoing{ID: uint64(i + 1), Channel: testChannel, Address: addr,
					Thread: thread, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Hei"}}); err != nil {
					t.Fatal(err)
				}
			}
			if n := len(f.recorded()); n != 20 {
				t.Fatalf("%d posts", n)
			}
			if unpaced {
				if clock.Slept() != 0 {
					t.Errorf("unpaced sends waited %s", clock.Slept())
				}
				return
			}
			// 20 sends: 3 at once, then the 8-per-2-seconds bucket's 2 per
			// second: about 8.5 seconds.
			if s := clock.Slept(); s < 8*time.Second || s > 10*time.Second {
				t.Errorf("20 paced sends took %s of virtual time, want about 8.5s", s)
			}
		})
	}
}
