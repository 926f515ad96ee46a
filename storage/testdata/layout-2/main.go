// Command mkfixture writes a database file with the second layout (schema 2).
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

type refSender struct{ n int }

func (s *refSender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	s.n++
	return fmt.Sprintf("1700000000.%06d", s.n*100), nil
}

func main() {
	path := os.Args[1]
	os.Remove(path)
	db, err := storage.Open(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	now := t0
	e := bot.New(db, bot.Options{Lang: dialogs.NB, Prefixes: []string{"sak-"}, AutoStart: true})
	e.Now = func() time.Time { return now }
	s := &refSender{}
	e.Register("slack", s)
	ctx := context.Background()
	ev := func(id, ch string, in dialogs.Input) {
		now = now.Add(time.Minute)
		if _, err := e.Handle(ctx, bot.Event{ID: id, Platform: "slack", Channel: ch, ChannelName: "sak-grorud-sentrum", Input: in}); err != nil {
			log.Fatal(err)
		}
		if err := e.Deliver(ctx); err != nil {
			log.Fatal(err)
		}
	}
	// A case channel: welcome and the first prompt, answered in its thread.
	ev("Ev01", "C0FIXTURE1", dialogs.Input{Kind: dialogs.InputJoined})
	c, _ := db.Case("C0FIXTURE1")
	first := c.Prompts[len(c.Prompts)-1].Ref
	ev("Ev02", "C0FIXTURE1", dialogs.Input{Kind: dialogs.InputMessage, User: "U01", Name: "Kari", Thread: first, Ref: "1700000100.000001",
		Text: "Vi vil forstå hvordan folk bruker torget om kvelden."})
	c, _ = db.Case("C0FIXTURE1")
	second := c.Prompts[len(c.Prompts)-1].Ref
	ev("Ev03", "C0FIXTURE1", dialogs.Input{Kind: dialogs.InputMessage, User: "U02", Name: "Ola", Thread: second, Ref: "1700000100.000002",
		Text: "Ungdom og eldre som bor rundt torget."})
	// The weekly nudge, and an outcome report in its thread.
	ev("", "C0FIXTURE1", dialogs.Input{Kind: dialogs.InputNudge, Slot: t0.Add(7 * 24 * time.Hour)})
	c, _ = db.Case("C0FIXTURE1")
	nudge := c.Prompts[len(c.Prompts)-1]
	ev("Ev04", "C0FIXTURE1", dialogs.Input{Kind: dialogs.InputMessage, User: "U01", Name: "Kari", Thread: nudge.Ref, Ref: "1700000100.000003",
		Text: "Beboerne fikk se skissene og ba om mer lys."})
	// A second case whose replies stay in the outbox: its platform has no sender.
	now = now.Add(time.Minute)
	if _, err := e.Handle(ctx, bot.Event{ID: "Ev05", Platform: "teams", Channel: "19:fixture@thread.tacv2", ChannelName: "sak-furuset",
		Input: dialogs.Input{Kind: dialogs.InputJoined}}); err != nil {
		log.Fatal(err)
	}
	if err := db.SetState("nudge.last", []byte(t0.Add(7*24*time.Hour).Format(time.RFC3339))); err != nil {
		log.Fatal(err)
	}
	c, _ = db.Case("C0FIXTURE1")
	fmt.Printf("prompts kept in the case: %d (first %s, nudge %s %s)\n", len(c.Prompts), first, nudge.Kind, nudge.Ref)
	if err := db.Close(); err != nil {
		log.Fatal(err)
	}
}
