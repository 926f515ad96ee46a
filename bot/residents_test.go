package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

func residentsRig(t *testing.T) *rig {
	r := newRig(t, "")
	r.engine.SetResidents(dialogs.ResidentsSetup{PublicURL: "https://involve.example.kommune.no",
		NewCode: func() string { return "k7q2mxa4pz" }})
	return r
}

func command(channel, line string) bot.Event {
	return bot.Event{Channel: channel, ChannelName: "sak-" + channel, Input: dialogs.Input{Kind: dialogs.InputCommand, Command: line, User: "U1"}}
}

// A resident's answer is stored only by an open page: an unknown code and
// a closed page are errors that store nothing.
func TestSubmitResidentNeedsAnOpenPage(t *testing.T) {
	r := residentsRig(t)
	ctx := context.Background()
	at := r.clock.Now()
	if err := r.engine.SubmitResident(ctx, "k7q2mxa4pz", "Hei", "", at); !errors.Is(err, bot.ErrNoPage) {
		t.Fatalf("before the page: %v", err)
	}
	r.handle(command("C1", "innbyggere"))
	r.handle(command("C1", "innbyggere av"))
	if err := r.engine.SubmitResident(ctx, "k7q2mxa4pz", "Hei", "", at); !errors.Is(err, bot.ErrPageClosed) {
		t.Fatalf("closed: %v", err)
	}
	if _, err := r.engine.ResidentsPage("k7q2mxa4pz"); !errors.Is(err, bot.ErrPageClosed) {
		t.Fatalf("the closed page: %v", err)
	}
	r.handle(command("C1", "innbyggere"))
	if err := r.engine.SubmitResident(ctx, "k7q2mxa4pz", "Hei", "u13", at); err != nil {
		t.Fatal(err)
	}
	// Durable: the file holds it once the call returned.
	r.db.Close()
	db, err := storage.Open(r.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Residents; p == nil || len(p.Answers) != 1 || p.Answers[0].Text != "Hei" || p.Answers[0].Age != "u13" {
		t.Fatalf("stored page %+v", c.Residents)
	}
	if ch, err := db.CodeChannel(context.Background(), "k7q2mxa4pz"); err != nil || ch != "C1" {
		t.Fatalf("code index: %q %v", ch, err)
	}
}

// Answers of one week go into the thread of the week's root, whose
// reference is known only after it was posted; a new week has a new root.
func TestResidentAnswersGoIntoTheirWeeksThread(t *testing.T) {
	r := residentsRig(t)
	ctx := context.Background()
	r.handle(command("C1", "innbyggere"))
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC) // Monday, week 49
	for i, d := range []time.Duration{0, time.Hour, 7 * 24 * time.Hour} {
		if err := r.engine.SubmitResident(ctx, "k7q2mxa4pz", fmt.Sprintf("svar %d", i+1), "", at.Add(d)); err != nil {
			t.Fatal(err)
		}
	}
	r.deliver()
	var roots []string
	for _, m := range r.sender.posted("C1") {
		switch m.Reply.Kind {
		case dialogs.ReplyResidentsWeek:
			roots = append(roots, "")
		case dialogs.ReplyResident:
			roots = append(roots, m.Thread)
		}
	}
	// root, answer, answer, root, answer; the refs are ts-2 and ts-5 (ts-1: the link).
	want := []string{"", "ts-2", "ts-2", "", "ts-5"}
	if fmt.Sprint(roots) != fmt.Sprint(want) {
		t.Errorf("threads %q, want %q", roots, want)
	}
}

// Residents answering at once each get their own number, all stored.
func TestConcurrentResidentAnswers(t *testing.T) {
	r := residentsRig(t)
	r.handle(command("C1", "innbyggere"))
	var wg sync.WaitGroup
	const n = 32
	for i := range n {
		wg.Go(func() {
			if err := r.engine.SubmitResident(context.Background(), "k7q2mxa4pz", fmt.Sprintf("svar %d", i), "", r.clock.Now()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c, err := r.engine.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, a := range c.Residents.Answers {
		seen[a.N] = true
	}
	if len(c.Residents.Answers) != n || len(seen) != n {
		t.Errorf("%d answers, %d numbers", len(c.Residents.Answers), len(seen))
	}
}

// BenchmarkSubmitResident: answers from many residents at once to 32 open
// pages, each committed before it returns, while the outbox delivers them.
func BenchmarkSubmitResident(b *testing.B) {
	for _, pages := range []int{32, 1} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) { benchSubmitResident(b, pages) })
	}
}

func benchSubmitResident(b *testing.B, pages int) {
	r := newRig(b, "")
	codes := make([]string, 32)
	for i := range codes {
		codes[i] = fmt.Sprintf("code%06d", i)
		code := codes[i]
		r.engine.SetResidents(dialogs.ResidentsSetup{PublicURL: "https://x.example", NewCode: func() string { return code }})
		r.handle(command(fmt.Sprintf("C%d", i), "innbyggere"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.engine.Run(ctx); close(done) }()
	var n atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			if err := r.engine.SubmitResident(context.Background(), codes[i%int64(pages)], fmt.Sprintf("svar %d: benkene kommer tilbake", i), "19-66", time.Now()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	cancel()
	<-done
}
