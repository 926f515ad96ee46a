package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// Every post carries its outbox id in the message's metadata.
func TestPostCarriesTheOutboxID(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	if _, err := a.Sender().Send(context.Background(), bot.Outgoing{ID: 42, Channel: "C0CASE001", Reply: renderTests[0].reply}); err != nil {
		t.Fatal(err)
	}
	var md struct {
		EventType    string            `json:"event_type"`
		EventPayload map[string]string `json:"event_payload"`
	}
	p := f.Posts()[0]
	if err := json.Unmarshal([]byte(p.Metadata), &md); err != nil || md.EventType != "involve_outbox" || md.EventPayload["id"] != "42" {
		t.Errorf("metadata %q", p.Metadata)
	}
}

// A post whose first attempt timed out after Slack had done it is not
// posted again: the uncertain retry finds it by its outbox id, at the top
// level with conversations.history, in a thread with
// conversations.replies (issue 9, item 6).
func TestUncertainRetryFindsWhatWasPosted(t *testing.T) {
	for _, thread := range []string{"", "1732612345.000200"} {
		name := "top level"
		if thread != "" {
			name = "in a thread"
		}
		t.Run(name, func(t *testing.T) {
			a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
			a.send.pace = nil // pacing is tested on its own
			s := a.Sender()
			// Other posts around it, from other outbox items.
			for id := uint64(1); id <= 3; id++ {
				if _, err := s.Send(context.Background(), bot.Outgoing{ID: id, Channel: "C0CASE001", Thread: thread,
					Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "annet"}}); err != nil {
					t.Fatal(err)
				}
			}
			// Slack posts item 7, but its answer never arrives.
			m := bot.Outgoing{ID: 7, Channel: "C0CASE001", Thread: thread, Reply: renderTests[0].reply}
			f.SetDelay("chat.postMessage", time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			_, err := s.Send(ctx, m)
			cancel()
			if err == nil {
				t.Fatal("no error from a post whose answer never came")
			}
			f.SetDelay("chat.postMessage", 0)
			posted := f.Posts()[len(f.Posts())-1]
			if len(f.Posts()) != 4 || !strings.Contains(posted.Metadata, `"7"`) {
				t.Fatalf("the timed-out post was not made: %+v", f.Posts())
			}

			m.Uncertain = true
			ref, err := s.Send(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			if ref != posted.TS {
				t.Errorf("ref %q, want the earlier post's %q", ref, posted.TS)
			}
			if n := len(f.Posts()); n != 4 {
				t.Errorf("%d posts, want 4: posted twice", n)
			}
			method := "conversations.history"
			if thread != "" {
				method = "conversations.replies"
			}
			if f.Calls(method) != 1 {
				t.Errorf("%s called %d times", method, f.Calls(method))
			}

			// An uncertain retry of something that never reached Slack
			// posts it.
			m2 := bot.Outgoing{ID: 8, Channel: "C0CASE001", Thread: thread, Reply: renderTests[0].reply, Uncertain: true}
			if ref, err := s.Send(context.Background(), m2); err != nil || ref == "" {
				t.Fatalf("ref %q err %v", ref, err)
			}
			if n := len(f.Posts()); n != 5 {
				t.Errorf("%d posts, want 5", n)
			}
		})
	}
}

// A failed look-up is an error to retry, never a second post.
func TestUncertainRetryWhenTheLookupFails(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	f.Fail("conversations.history", slacktest.Failure{Status: 503})
	_, err := a.Sender().Send(context.Background(), bot.Outgoing{ID: 9, Channel: "C0CASE001", Reply: renderTests[0].reply, Uncertain: true})
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(f.Posts()); n != 0 {
		t.Errorf("posted %d times without knowing", n)
	}
}
