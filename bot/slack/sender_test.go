package slack

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

func TestSendPostsBlockKit(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	s := a.Sender()
	ctx := context.Background()

	ref, err := s.Send(ctx, bot.Outgoing{ID: 1, Platform: "slack", Channel: "C0CASE001", Reply: renderTests[0].reply})
	if err != nil || ref == "" {
		t.Fatalf("ref %q err %v", ref, err)
	}
	ref2, err := s.Send(ctx, bot.Outgoing{ID: 2, Platform: "slack", Channel: "C0CASE001", Thread: ref,
		Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Takk! <@U1> &", Ephemeral: true}})
	if err != nil || ref2 == "" || ref2 == ref {
		t.Fatalf("ref %q err %v", ref2, err)
	}
	posts := f.Posts()
	if len(posts) != 2 {
		t.Fatalf("posts %+v", posts)
	}
	if posts[0].TS != ref || posts[0].Thread != "" || posts[0].Text != "3/14 · Hva er det egentlig rom for at de kan påvirke?" ||
		!strings.Contains(posts[0].Blocks, `"action_id":"skip"`) {
		t.Errorf("prompt posted as %+v", posts[0])
	}
	if posts[1].Thread != ref || posts[1].Text != "Takk! &lt;@U1&gt; &amp;" {
		t.Errorf("text posted as %+v", posts[1])
	}
}

func TestSendAckIsAReaction(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	s := a.Sender()
	m := bot.Outgoing{ID: 3, Platform: "slack", Channel: "C0CASE001", Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: "1732612400.001200"}}
	for range 2 { // the second time Slack says already_reacted: still a success
		if ref, err := s.Send(context.Background(), m); err != nil || ref != "" {
			t.Fatalf("ref %q err %v", ref, err)
		}
	}
	if r := f.Reactions(); len(r) != 1 || r[0].Channel != "C0CASE001" || r[0].Timestamp != "1732612400.001200" || r[0].Name != "white_check_mark" {
		t.Errorf("reactions %+v", r)
	}
	if len(f.Posts()) != 0 {
		t.Error("an ack was posted as a message")
	}
	_, err := s.Send(context.Background(), bot.Outgoing{Channel: "C0CASE001", Reply: dialogs.Reply{Kind: dialogs.ReplyAck}})
	if _, ok := errors.AsType[*bot.PermanentError](err); !ok {
		t.Errorf("ack without target: %v", err)
	}
}

func TestSendExportUploadsAFile(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	doc := "# Medvirkning: sak-grorud-sentrum\n\n## 1. Hva må vi ha tenkt på i forkant?\n\n- Kari: Hvem bor der?\n"
	ref, err := a.Sender().Send(context.Background(), bot.Outgoing{ID: 4, Platform: "slack", Channel: "C0CASE001", Thread: "1732612345.000200",
		Reply: dialogs.Reply{Kind: dialogs.ReplyExport, Text: "Her er saken som dokument.", Document: doc, Filename: "sak-grorud-sentrum-2024-11-26.md"}})
	if err != nil || ref != "" {
		t.Fatalf("ref %q err %v", ref, err)
	}
	up := f.Uploads()
	want := slacktest.Upload{Channel: "C0CASE001", Thread: "1732612345.000200", Filename: "sak-grorud-sentrum-2024-11-26.md",
		Comment: "Her er saken som dokument.", Content: doc}
	if len(up) != 1 || up[0] != want {
		t.Errorf("uploads %+v", up)
	}
	_, err = a.Sender().Send(context.Background(), bot.Outgoing{Channel: "C0CASE001", Reply: dialogs.Reply{Kind: dialogs.ReplyExport}})
	if _, ok := errors.AsType[*bot.PermanentError](err); !ok {
		t.Errorf("empty export: %v", err)
	}
}

func TestSendErrors(t *testing.T) {
	prompt := bot.Outgoing{ID: 5, Platform: "slack", Channel: "C0CASE001", Reply: renderTests[0].reply}
	tests := []struct {
		name      string
		failure   slacktest.Failure
		retry     time.Duration // want *bot.RetryAfterError with this wait
		permanent bool          // want *bot.PermanentError
		ambiguous bool          // want *bot.AmbiguousError: Slack may have posted
	}{
		{"429 with Retry-After", slacktest.Failure{Status: 429, RetryAfter: "3"}, 3 * time.Second, false, false},
		{"429 without Retry-After", slacktest.Failure{Status: 429}, time.Second, false, false},
		{"ok:false ratelimited", slacktest.Failure{Error: "ratelimited"}, time.Second, false, false},
		{"500", slacktest.Failure{Status: 500}, 0, false, true},
		{"503", slacktest.Failure{Status: 503}, 0, false, true},
		{"ok:false internal_error", slacktest.Failure{Error: "internal_error"}, 0, false, true},
		{"ok:false fatal_error", slacktest.Failure{Error: "fatal_error"}, 0, false, true},
		{"channel_not_found", slacktest.Failure{Error: "channel_not_found"}, 0, true, false},
		{"not_in_channel", slacktest.Failure{Error: "not_in_channel"}, 0, true, false},
		{"is_archived", slacktest.Failure{Error: "is_archived"}, 0, true, false},
		{"account_inactive", slacktest.Failure{Error: "account_inactive"}, 0, true, false},
		{"invalid_auth", slacktest.Failure{Error: "invalid_auth"}, 0, true, false},
		{"token_revoked", slacktest.Failure{Error: "token_revoked"}, 0, true, false},
		{"missing_scope", slacktest.Failure{Error: "missing_scope"}, 0, true, false},
		{"msg_too_long", slacktest.Failure{Error: "msg_too_long"}, 0, true, false},
		{"invalid_blocks", slacktest.Failure{Error: "invalid_blocks"}, 0, true, false},
		{"400", slacktest.Failure{Status: 400}, 0, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
			f.Fail("chat.postMessage", tt.failure)
			_, err := a.Sender().Send(context.Background(), prompt)
			if err == nil {
				t.Fatal("no error")
			}
			ra, isRetry := errors.AsType[*bot.RetryAfterError](err)
			_, isPerm := errors.AsType[*bot.PermanentError](err)
			_, isAmb := errors.AsType[*bot.AmbiguousError](err)
			if isAmb != tt.ambiguous {
				t.Errorf("err %v (%T): ambiguous %v, want %v", err, err, isAmb, tt.ambiguous)
			}
			switch {
			case tt.retry > 0:
				if !isRetry || ra.After != tt.retry {
					t.Errorf("err %v (%T), want retry after %v", err, err, tt.retry)
				}
			case tt.permanent:
				if !isPerm {
					t.Errorf("err %v (%T), want permanent", err, err)
				}
			default:
				if isRetry || isPerm {
					t.Errorf("err %v (%T), want a plain error to retry with backoff", err, err)
				}
			}
			if len(f.Posts()) != 0 {
				t.Error("a failed call was recorded as posted")
			}
		})
	}
	// Reactions and uploads classify their errors the same way.
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	f.Fail("reactions.add", slacktest.Failure{Status: 429, RetryAfter: "2"})
	_, err := a.Sender().Send(context.Background(), bot.Outgoing{Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyAck, Target: "1.2"}})
	if ra, ok := errors.AsType[*bot.RetryAfterError](err); !ok || ra.After != 2*time.Second {
		t.Errorf("reaction 429: %v", err)
	}
	f.Fail("files.completeUploadExternal", slacktest.Failure{Error: "not_in_channel"})
	_, err = a.Sender().Send(context.Background(), bot.Outgoing{Channel: "C1", Reply: dialogs.Reply{Kind: dialogs.ReplyExport, Document: "x", Filename: "x.md"}})
	if _, ok := errors.AsType[*bot.PermanentError](err); !ok {
		t.Errorf("upload not_in_channel: %v", err)
	}
}

func TestSendTimesOutAndSurvivesADeadServer(t *testing.T) {
	f := slacktest.NewServer(t)
	f.SetDelay("chat.postMessage", 500*time.Millisecond)
	a, err := New(Config{Mode: ModeHTTP, BotToken: slacktest.BotToken, SigningSecret: slacktest.SigningSecret, APIURL: f.URL,
		HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}}, &bottest.Handler{}, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	// No wall-clock bound is asserted: a busy machine may be slow to
	// notice the timeout. That the client's timeout ends the call at all,
	// before the fake's answer, is what counts.
	_, err = a.Sender().Send(context.Background(), bot.Outgoing{Channel: "C1", Reply: renderTests[0].reply})
	if err == nil {
		t.Error("no error, want a timeout")
	}
	if _, ok := errors.AsType[*bot.PermanentError](err); ok {
		t.Errorf("a timeout is not permanent: %v", err)
	}
	if _, ok := errors.AsType[*bot.AmbiguousError](err); !ok {
		t.Errorf("a timeout leaves unknown whether Slack posted: %v (%T), want *bot.AmbiguousError", err, err)
	}
	f.Close()
	_, err = a.Sender().Send(context.Background(), bot.Outgoing{Channel: "C1", Reply: renderTests[0].reply})
	if _, ok := errors.AsType[*bot.PermanentError](err); err == nil || ok {
		t.Errorf("connection refused: %v, want an error to retry", err)
	}
}

func TestStartChecksTheToken(t *testing.T) {
	f := slacktest.NewServer(t)
	a, err := New(Config{Mode: ModeHTTP, BotToken: "xoxb-wrong", SigningSecret: slacktest.SigningSecret, APIURL: f.URL}, &bottest.Handler{}, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	err = a.Start(context.Background())
	if err == nil || err.Error() != "slack: auth.test: invalid_auth — check slack.bot_token / SLACK_BOT_TOKEN" {
		t.Errorf("Start: %v", err)
	}
	if a.Connected() {
		t.Error("connected with a bad token")
	}

	a, _ = newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	if got := *a.self.Load(); got != (identity{UserID: slacktest.BotUserID, BotID: slacktest.BotID, TeamID: slacktest.TeamID}) || !a.Connected() {
		t.Errorf("identity %+v connected %v", got, a.Connected())
	}
}

func TestNewChecksTheConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{BotToken: "xoxb-1"}, "slack.app_token"},
		{Config{Mode: "socket", BotToken: "xoxb-1", AppToken: "xoxb-2"}, "app-level token"},
		{Config{Mode: "http", BotToken: "xoxb-1"}, "slack.signing_secret"},
		{Config{Mode: "http", SigningSecret: "s"}, "slack.bot_token"},
		{Config{Mode: "rtm", BotToken: "xoxb-1"}, "slack.mode"},
	} {
		_, err := New(tt.cfg, &bottest.Handler{}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want mention of %q", tt.cfg, err, tt.want)
		}
	}
	if _, err := New(Config{Mode: "http", BotToken: "xoxb-1", SigningSecret: "s"}, nil, nil); err == nil {
		t.Error("no handler accepted")
	}
}
