package teams

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// BenchmarkNudgeFanOut sends the weekly nudge to 10,000 channels of one
// tenant, each a proactive post from its stored conversation reference,
// through the real sender and the fake Connector.
//
// With pace on, the waits run on a virtual clock, so the benchmark
// reports the completion time the Bot Connector's documented limits
// impose (sim-s: the tenant's 50 requests per second dominate, as each
// channel gets one post), without waiting for it. With pace off it
// reports the real throughput of the sender (nudges/s).
//
//	go test -run XXX -bench NudgeFanOut -benchtime 1x ./bot/teams/
func BenchmarkNudgeFanOut(b *testing.B) {
	const channels = 10000
	for _, paced := range []bool{true, false} {
		b.Run(fmt.Sprint("pace=", paced), func(b *testing.B) {
			f := newFakeBotFramework(b)
			cfg := f.config()
			cfg.Unpaced = !paced
			a, err := New(cfg, &bottest.Handler{}, testLogger(b))
			if err != nil {
				b.Fatal(err)
			}
			s := a.Sender()
			base := channelAddress(b, f.serviceURL())
			addrs := make([]string, channels)
			chans := make([]string, channels)
			for i := range addrs {
				chans[i] = fmt.Sprintf("19:nudge%05d@thread.tacv2", i)
				addrs[i] = addressFor(b, base, chans[i])
			}
			nudge := dialogs.Reply{Kind: dialogs.ReplyNudge, Title: "Hva satt innbyggerne igjen med?", Quote: "At de blir hørt"}
			var simulated, wall time.Duration
			b.ResetTimer()
			for range b.N {
				clock := onVirtualTime(a)
				if a.pace != nil {
					a.pace = newPacer() // every round starts rested
					a.pace.now, a.pace.sleep = clock.Now, clock.Sleep
				}
				start := time.Now()
				for i := range channels {
					if _, err := s.Send(context.Background(), bot.Outgoing{ID: uint64(i + 1), Platform: Platform,
						Channel: chans[i], Address: addrs[i], Reply: nudge}); err != nil {
						b.Fatal(err)
					}
				}
				wall += time.Since(start)
				simulated += clock.Slept()
			}
			b.StopTimer()
			n := float64(b.N)
			b.ReportMetric(simulated.Seconds()/n, "sim-s")
			b.ReportMetric(channels*n/wall.Seconds(), "nudges/s")
			if paced {
				b.Logf("10,000 nudges under the documented limits complete in %s (simulated)", (simulated / time.Duration(b.N)).Round(time.Millisecond))
			}
		})
	}
}

// addressFor is the stored reference base with its conversation set to ch.
func addressFor(t testing.TB, base, ch string) string {
	t.Helper()
	ref, err := parseAddress(base)
	if err != nil {
		t.Fatal(err)
	}
	ref.Conversation.ID = ch
	return string(mustJSON(t, ref))
}
