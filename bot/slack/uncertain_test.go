package slack

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// A post whose answer never arrives (Slack posted it, the client timed
// out) is retried by the engine as uncertain, and the sender finds it by
// its outbox id instead of posting it again: the engine's side and
// Slack's side of "posted once", together on a real database.
func TestTimedOutPostIsFoundNotPostedAgain(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "involve.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := bot.New(db, bot.Options{Lang: dialogs.NB, Prefixes: []string{"sak-"}, AutoStart: true})
	eng.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
	eng.Log = testLog(t)
	f := slacktest.NewServer(t, slacktest.WithChannel(caseChannel, "sak-grorud-sentrum"))
	a, err := New(Config{
		Mode: ModeHTTP, BotToken: slacktest.BotToken, SigningSecret: slacktest.SigningSecret,
		APIURL: f.URL, Prefixes: []string{"sak-"}, NoPace: true,
		HTTPClient: &http.Client{Timeout: 200 * time.Millisecond},
	}, eng, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	eng.Register(platform, a.Sender())

	// Slack records the post but answers too late for the client.
	f.SetDelay("chat.postMessage", time.Second)
	ctx := context.Background()
	if _, err := eng.Handle(ctx, bot.Event{Platform: platform, Channel: caseChannel, ChannelName: "sak-grorud-sentrum",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U0PLANNER"}}); err != nil {
		t.Fatal(err)
	}
	if err := eng.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	posted := len(f.Posts())
	if posted == 0 {
		t.Fatal("the first attempt reached no post")
	}
	if eng.Pending() == 0 {
		t.Fatal("a timed-out post was taken as delivered")
	}
	f.SetDelay("chat.postMessage", 0)
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := eng.Settle(sctx); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range f.Posts() {
		if seen[p.Metadata] {
			t.Fatalf("posted twice: %s", p.Metadata)
		}
		seen[p.Metadata] = true
	}
	if f.Calls("conversations.history") == 0 {
		t.Fatal("the retry did not look for what it had posted")
	}
	// The prompt's reference was recorded from the post that was found:
	// a reply in its thread is an answer.
	c, err := eng.Case(caseChannel)
	if err != nil {
		t.Fatal(err)
	}
	prompt := f.Posts()[len(f.Posts())-1].TS
	found := false
	for _, p := range c.Prompts {
		if p.Ref == prompt {
			found = true
		}
	}
	if !found {
		t.Fatalf("the found post %s is not recorded: %+v", prompt, c.Prompts)
	}
}
