package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// digestWeekly is the digest's default schedule, Mondays 08:00, moved off
// public holidays.
func digestWeekly(t testing.TB) dialogs.Schedule {
	s, err := cron.ParseStandard("0 8 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	return dialogs.SkipHolidays(s)
}

// seedVaried creates n cases in every stage: asking, paused, complete
// with and without reports, closed; some with a level and groups.
func seedVaried(t testing.TB, db *storage.DB, n int, since time.Time) {
	t.Helper()
	for i := range n {
		c := dialogs.Coach{}.NewCase(fmt.Sprintf("C%05d", i), "slack", fmt.Sprintf("sak-%05d", i), since)
		c.Round, c.Started, c.Nudge.Since = 1, since, since
		switch i % 5 {
		case 0:
			c.State, c.Current = dialogs.StateAsking, 1+i%14
		case 1:
			c.State, c.Current = dialogs.StatePaused, 1+i%14
		case 2, 3:
			c.State, c.Current = dialogs.StateCompleted, 14
			if i%5 == 3 {
				c.Reports = []dialogs.Report{{Author: "U1", Text: fmt.Sprintf("Rapport %d: de så skissene.", i), At: since.AddDate(0, 0, 2)}}
			}
		case 4:
			c.State, c.Current, c.Closed = dialogs.StateClosed, 14, since
		}
		if i%3 == 0 {
			c.Level = dialogs.Levels[i%len(dialogs.Levels)]
			c.Groups = []dialogs.Group{{Key: "children", Planned: true, Reached: []string{"2026-W48"}}, {Key: "elderly", Planned: true}}
		}
		if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
			t.Fatal(err)
		}
	}
	// A channel the coach only introduced itself in is no case of the digest.
	c := dialogs.Coach{}.NewCase("CINTRO", "slack", "general", since)
	if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
		t.Fatal(err)
	}
}

func digestsOf(s *fakeSender) []bot.Outgoing {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Outgoing
	for _, m := range s.sent {
		if m.Reply.Kind == dialogs.ReplyDigest {
			out = append(out, m)
		}
	}
	return out
}

// TestDigestOverThousandCases runs the digest's schedule over 1,000 cases
// with a controllable clock: one digest a slot, split within Slack's
// limits, every case in it once, no team touched; a holiday moves the slot,
// and a slot missed while the process was down goes out once, also after
// a restart.
func TestDigestOverThousandCases(t *testing.T) {
	r := newRig(t, "")
	since := time.Date(2026, 11, 18, 12, 0, 0, 0, oslo)
	seedVaried(t, r.db, 1000, since)
	target := bot.DigestTarget{Platform: "slack", Channel: "CCOORD", Limits: dialogs.DigestLimits{Cases: 45}}
	s := bot.NewDigestScheduler(r.engine, target, digestWeekly(t), oslo)
	ctx := context.Background()
	tick := func(now time.Time) bot.DigestStats {
		t.Helper()
		r.clock.Set(now)
		st, err := s.Tick(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}

	// The first slot: 30 November 2026, 08:00.
	st := tick(time.Date(2026, 11, 30, 8, 0, 0, 0, oslo))
	wantMsgs := (1000 + 44) / 45
	if st.Cases != 1000 || st.Messages != wantMsgs || !st.Slot.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, oslo)) {
		t.Fatalf("first digest %+v, want 1000 cases in %d messages", st, wantMsgs)
	}
	if st := tick(time.Date(2026, 11, 30, 9, 0, 0, 0, oslo)); st.Messages != 0 {
		t.Fatalf("the same slot again queued %+v", st)
	}
	r.deliver()
	sent := digestsOf(r.sender)
	if len(sent) != wantMsgs {
		t.Fatalf("%d digest messages delivered, want %d", len(sent), wantMsgs)
	}
	seen := map[string]int{}
	for i, m := range sent {
		if m.Channel != "CCOORD" || m.Thread != "" {
			t.Errorf("digest %d went to %q thread %q", i, m.Channel, m.Thread)
		}
		if want := fmt.Sprintf("(del %d av %d)", i+1, wantMsgs); !strings.HasSuffix(m.Reply.Title, want) {
			t.Errorf("digest %d title %q, want it to end in %q", i, m.Reply.Title, want)
		}
		if len(m.Reply.Cases) > 45 {
			t.Errorf("digest %d holds %d cases", i, len(m.Reply.Cases))
		}
		for _, c := range m.Reply.Cases {
			seen[c.Channel]++
		}
	}
	if len(seen) != 1000 || seen["CINTRO"] != 0 {
		t.Errorf("%d cases in the digest (intro channel: %d), want the 1000 started", len(seen), seen["CINTRO"])
	}
	for ch, n := range seen {
		if n != 1 {
			t.Errorf("case %s listed %d times", ch, n)
		}
	}
	r.sender.mu.Lock()
	for _, m := range r.sender.sent {
		if m.Channel != "CCOORD" {
			t.Errorf("the digest run sent %s to a case channel %s", m.Reply.Kind, m.Channel)
		}
	}
	r.sender.mu.Unlock()
	first := sent[0].Reply
	c0 := first.Cases[0]
	if c0.Channel != "C00000" || c0.Stage != "spørsmål 1 av 14" || c0.Level != "nivå: informere" || c0.Groups != "grupper nådd: 1 av 2" ||
		c0.Weeks != "ingen tilbakemeldinger ennå" {
		t.Errorf("first case %+v", c0)
	}

	// Easter Monday 2027 (29 March) moves the slot to Tuesday.
	if st := tick(time.Date(2027, 3, 22, 8, 0, 0, 0, oslo)); st.Messages == 0 {
		t.Fatalf("no digest on 22 March")
	}
	if st := tick(time.Date(2027, 3, 29, 8, 30, 0, 0, oslo)); st.Messages != 0 {
		t.Fatalf("a digest on Easter Monday: %+v", st)
	}
	if st := tick(time.Date(2027, 3, 30, 8, 0, 0, 0, oslo)); st.Messages == 0 || !st.Slot.Equal(time.Date(2027, 3, 30, 8, 0, 0, 0, oslo)) {
		t.Fatalf("the moved slot: %+v", st)
	}

	// Down for three weeks: the latest slot is caught up once.
	if st := tick(time.Date(2027, 4, 21, 12, 0, 0, 0, oslo)); st.Messages == 0 || !st.Slot.Equal(time.Date(2027, 4, 19, 8, 0, 0, 0, oslo)) {
		t.Fatalf("catch-up: %+v", st)
	}
	if st := tick(time.Date(2027, 4, 21, 12, 5, 0, 0, oslo)); st.Messages != 0 {
		t.Fatalf("caught up twice: %+v", st)
	}
	// And after a restart on the same file.
	r.db.Close()
	db, err := storage.Open(r.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := bot.New(db, bot.Options{})
	e.Now = r.clock.Now
	s2 := bot.NewDigestScheduler(e, target, digestWeekly(t), oslo)
	if st, err := s2.Tick(ctx, time.Date(2027, 4, 22, 7, 0, 0, 0, oslo)); err != nil || st.Messages != 0 {
		t.Fatalf("after a restart: %+v, %v", st, err)
	}
}

func TestDigestWithoutCases(t *testing.T) {
	r := newRig(t, "")
	st, err := r.engine.Digest(context.Background(), bot.DigestTarget{Platform: "slack", Channel: "CCOORD"}, time.Date(2026, 11, 30, 8, 0, 0, 0, oslo))
	if err != nil || st.Messages != 1 || st.Cases != 0 {
		t.Fatalf("%+v, %v", st, err)
	}
	r.deliver()
	if d := digestsOf(r.sender); len(d) != 1 || d[0].Reply.Text != "Ingen saker er i gang ennå." {
		t.Fatalf("digest %+v", d)
	}
}

// TestDigestAddress: Teams posts only where it holds a conversation
// reference; a channel the coach was never in is a clear error.
func TestDigestAddress(t *testing.T) {
	r := newRig(t, "")
	if _, err := r.engine.DigestAddress("teams", "19:coord@thread.tacv2"); !errors.Is(err, bot.ErrNoDigestChannel) ||
		!strings.Contains(err.Error(), "19:coord@thread.tacv2") {
		t.Fatalf("unknown channel: %v", err)
	}
	c := dialogs.Coach{}.NewCase("19:coord@thread.tacv2", "teams", "Koordinering", time.Now())
	c.Address = `{"serviceUrl":"https://smba.trafficmanager.net/emea/"}`
	if _, err := r.db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
		t.Fatal(err)
	}
	if addr, err := r.engine.DigestAddress("teams", "19:coord@thread.tacv2"); err != nil || addr != c.Address {
		t.Fatalf("known channel: %q, %v", addr, err)
	}
	if _, err := r.engine.DigestAddress("slack", "19:coord@thread.tacv2"); !errors.Is(err, bot.ErrNoDigestChannel) {
		t.Fatalf("another platform's channel: %v", err)
	}
}

// BenchmarkDigest10000 builds the digest of 10,000 cases: the time to
// build it and the messages it takes on Slack and on Teams.
func BenchmarkDigest10000(b *testing.B) {
	r := newRig(b, "")
	since := time.Date(2026, 11, 18, 12, 0, 0, 0, oslo)
	seedVaried(b, r.db, 10000, since)
	slot := time.Date(2026, 11, 30, 8, 0, 0, 0, oslo)
	for _, tc := range []struct {
		name   string
		limits dialogs.DigestLimits
	}{
		{"slack", dialogs.DigestLimits{Cases: 45}},                  // slack.DigestLimits
		{"teams", dialogs.DigestLimits{Cases: 60, Bytes: 10 << 10}}, // teams.DigestLimits
	} {
		b.Run(tc.name, func(b *testing.B) {
			var msgs int
			for b.Loop() {
				replies, n, err := r.engine.BuildDigest(bot.DigestTarget{Platform: tc.name, Channel: "CCOORD", Limits: tc.limits}, slot, slot)
				if err != nil || n != 10000 {
					b.Fatal(n, err)
				}
				msgs = len(replies)
			}
			b.ReportMetric(float64(msgs), "messages")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/digest")
		})
	}
}
