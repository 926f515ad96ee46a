package bot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// printer is a Sender that prints what the engine would post.
type printer struct{ n int }

func (p *printer) Send(_ context.Context, m bot.Outgoing) (string, error) {
	p.n++
	r := m.Reply
	switch r.Kind {
	case dialogs.ReplyAck:
		fmt.Printf("react ✅ to %s\n", r.Target)
	case dialogs.ReplyPrompt:
		fmt.Printf("post %s: %s\n", r.Progress, r.Title)
	default:
		fmt.Printf("post %s\n", r.Kind)
	}
	return fmt.Sprintf("1700000000.%06d", p.n), nil
}

// An engine on a bbolt file: a start command, then an answer in the first
// question's thread. Each step is committed before Handle returns; the
// outbox then delivers the replies through the platform's Sender.
func ExampleEngine_Handle() {
	dir, _ := os.MkdirTemp("", "involve-example")
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "involve.db"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	e := bot.New(db, bot.Options{Lang: dialogs.NB, Prefixes: []string{"sak-"}})
	e.Register(bot.PlatformSlack, &printer{})
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

	start := bot.Event{Platform: bot.PlatformSlack, Channel: "C1", ChannelName: "sak-grorud-sentrum",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U1", At: at}}
	if _, err := e.Handle(ctx, start); err != nil {
		fmt.Println(err)
		return
	}
	_ = e.Deliver(ctx)

	answer := bot.Event{ID: "Ev1", Platform: bot.PlatformSlack, Channel: "C1",
		Input: dialogs.Input{Kind: dialogs.InputMessage, User: "U1", Name: "Kari", Text: "Planprogrammet skal på høring uansett.",
			Thread: "1700000000.000002", Ref: "1700000100.000001", At: at.Add(time.Minute)}}
	if _, err := e.Handle(ctx, answer); err != nil {
		fmt.Println(err)
		return
	}
	_ = e.Deliver(ctx)
	c, _ := e.Case("C1")
	fmt.Printf("answers stored: %d\n", len(c.Answers))
	// Output:
	// post welcome
	// post 1/14: Hva må vi ha tenkt på i forkant?
	// react ✅ to 1700000100.000001
	// post 2/14: Hva er vår rolle når vi møter innbygger?
	// answers stored: 1
}
