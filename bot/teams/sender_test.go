package teams

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// channelAddress is the stored conversation reference of the test channel,
// as translate writes it.
func channelAddress(t testing.TB, serviceURL string) string {
	t.Helper()
	in, err := parseActivity(mustJSON(t, channelMessage(serviceURL, "1", "1", "<at>Involve</at> start", true)))
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := translate(in)
	if !ok || ev.Address == "" {
		t.Fatal("no address")
	}
	return ev.Address
}

func TestSenderThreads(t *testing.T) {
	f := newFakeBotFramework(t)
	s := newTestAdapter(t, f, nil).Sender()
	ctx := context.Background()
	addr := channelAddress(t, f.serviceURL())

	// A prompt starts a new thread in the channel; its id is the thread.
	prompt := dialogs.Reply{Kind: dialogs.ReplyPrompt, Title: "Spørsmål 1", Progress: "1/14"}
	ref, err := s.Send(ctx, bot.Outgoing{ID: 1, Platform: "teams", Channel: testChannel, Address: addr, Reply: prompt})
	if err != nil || ref == "" {
		t.Fatalf("send prompt: %q, %v", ref, err)
	}
	// A reply in that thread.
	ref2, err := s.Send(ctx, bot.Outgoing{ID: 2, Platform: "teams", Channel: testChannel, Address: addr, Thread: ref,
		Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Hoppet over."}})
	if err != nil || ref2 == "" || ref2 == ref {
		t.Fatalf("send reply: %q, %v", ref2, err)
	}
	// An acknowledgement sends nothing.
	if ref3, err := s.Send(ctx, bot.Outgoing{ID: 3, Platform: "teams", Channel: testChannel, Address: addr, Thread: ref,
		Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: "1732698002000"}}); ref3 != "" || err != nil {
		t.Errorf("ack: %q, %v", ref3, err)
	}

	posts := f.recorded()
	if len(posts) != 2 {
		t.Fatalf("%d posts, want 2", len(posts))
	}
	if posts[0].Conversation != testChannel || posts[0].ID != ref {
		t.Errorf("prompt posted to %q (id %s)", posts[0].Conversation, posts[0].ID)
	}
	if posts[1].Conversation != testChannel+";messageid="+ref {
		t.Errorf("reply posted to %q, want the prompt's thread", posts[1].Conversation)
	}
	// The wire shape: a message activity from the bot with a card.
	a := posts[0].Activity
	if a.Type != schema.Message || a.From.ID != testBotID || len(a.Attachments) != 1 ||
		a.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Errorf("prompt activity %+v", a)
	}
	var raw map[string]any
	if err := json.Unmarshal(posts[0].Raw, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"timestamp", "relatesTo", "suggestedActions", "entities"} {
		if _, ok := raw[k]; ok {
			t.Errorf("posted activity has %q: %s", k, posts[0].Raw)
		}
	}
}

// A proactive send (the weekly nudge) works from the stored address alone,
// in a new adapter that has seen no activity.
func TestSenderProactiveFromAddressAlone(t *testing.T) {
	f := newFakeBotFramework(t)
	addr := channelAddress(t, f.serviceURL())
	s := newTestAdapter(t, f, nil).Sender()
	ref, err := s.Send(context.Background(), bot.Outgoing{ID: 9, Platform: "teams", Channel: testChannel, Address: addr,
		Reply: dialogs.Reply{Kind: dialogs.ReplyNudge, Title: "Hva satt innbyggerne igjen med?", Quote: "At de blir hørt"}})
	if err != nil || ref == "" {
		t.Fatalf("nudge: %q, %v", ref, err)
	}
	if p := f.recorded(); len(p) != 1 || p[0].Conversation != testChannel || !strings.Contains(string(p[0].Raw), "At de blir hørt") {
		t.Errorf("posts %+v", p)
	}
}

func TestSenderPersonalChatHasNoThreads(t *testing.T) {
	f := newFakeBotFramework(t)
	in, err := parseActivity(mustJSON(t, personalMessage(f.serviceURL(), "1732698009000", "help")))
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := translate(in)
	s := newTestAdapter(t, f, nil).Sender()
	if _, err := s.Send(context.Background(), bot.Outgoing{Channel: ev.Channel, Address: ev.Address, Thread: "1732698009000",
		Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Hei"}}); err != nil {
		t.Fatal(err)
	}
	if p := f.recorded(); len(p) != 1 || p[0].Conversation != ev.Channel {
		t.Errorf("posted to %q, want %q", p[0].Conversation, ev.Channel)
	}
}

func TestSenderWithoutAddressIsPermanent(t *testing.T) {
	f := newFakeBotFramework(t)
	s := newTestAdapter(t, f, nil).Sender()
	for _, addr := range []string{"", "{", `{"serviceUrl":"https://x/"}`} {
		_, err := s.Send(context.Background(), bot.Outgoing{Channel: testChannel, Address: addr, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "x"}})
		var perm *bot.PermanentError
		if !errors.As(err, &perm) {
			t.Errorf("address %q: %v, want PermanentError", addr, err)
		}
	}
}

func TestSenderPassesRateLimits(t *testing.T) {
	f := newFakeBotFramework(t)
	s := newTestAdapter(t, f, nil).Sender()
	addr := channelAddress(t, f.serviceURL())
	f.failNext(connectorAnswer{status: http.StatusTooManyRequests, retryAfter: "2"})
	_, err := s.Send(context.Background(), bot.Outgoing{Channel: testChannel, Address: addr, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "x"}})
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) || ra.After.Seconds() != 2 {
		t.Errorf("got %v, want RetryAfterError 2s", err)
	}
}

func TestSenderLongExportStaysInOneThread(t *testing.T) {
	f := newFakeBotFramework(t)
	s := newTestAdapter(t, f, nil).Sender()
	addr := channelAddress(t, f.serviceURL())
	doc := strings.Repeat("Et avsnitt om medvirkning i saken.\n\n", 1500)
	// A rate limit in the middle of the parts is waited out within Send.
	f.failNext(connectorAnswer{}, connectorAnswer{status: http.StatusTooManyRequests, retryAfter: "1"})
	ref, err := s.Send(context.Background(), bot.Outgoing{Channel: testChannel, Address: addr,
		Reply: dialogs.Reply{Kind: dialogs.ReplyExport, Document: doc}})
	if err != nil {
		t.Fatal(err)
	}
	posts := f.recorded()
	if len(posts) < 3 {
		t.Fatalf("%d posts", len(posts))
	}
	if want := len(render(dialogs.Reply{Kind: dialogs.ReplyExport, Document: doc})); len(posts) != want {
		t.Errorf("%d parts posted, want %d", len(posts), want)
	}
	if posts[0].Conversation != testChannel || posts[0].ID != ref {
		t.Errorf("first part to %q", posts[0].Conversation)
	}
	for _, p := range posts[1:] {
		if p.Conversation != testChannel+";messageid="+ref {
			t.Errorf("later part to %q, want the first part's thread", p.Conversation)
		}
		if p.Activity.TextFormat != "markdown" {
			t.Errorf("text format %q", p.Activity.TextFormat)
		}
	}
}
