package slacktest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// The fake is checked with the real client the coach uses.
func client(s *slacktest.Server, token string) *slack.Client {
	return slack.New(token, slack.OptionAPIURL(s.URL), slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
}

func TestServerRecordsWhatTheClientDoes(t *testing.T) {
	s := slacktest.NewServer(t, slacktest.WithChannel("C0CASE001", "sak-grorud-sentrum"), slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	if !strings.HasSuffix(s.URL, "/api/") {
		t.Fatalf("URL %q does not end in /api/", s.URL)
	}
	c := client(s, slacktest.BotToken)
	ctx := context.Background()

	auth, err := c.AuthTestContext(ctx)
	if err != nil || auth.UserID != slacktest.BotUserID || auth.BotID != slacktest.BotID {
		t.Fatalf("auth.test: %+v %v", auth, err)
	}
	_, ts, err := c.PostMessageContext(ctx, "C0CASE001", slack.MsgOptionText("1/14 · Hva må vi ha tenkt på i forkant?", false))
	if err != nil || !strings.Contains(ts, ".") {
		t.Fatalf("post: ts %q err %v", ts, err)
	}
	_, ts2, err := c.PostMessageContext(ctx, "C0CASE001", slack.MsgOptionText("Takk!", false), slack.MsgOptionTS(ts))
	if err != nil || ts2 <= ts {
		t.Fatalf("reply: ts %q after %q, err %v", ts2, ts, err)
	}
	posts := s.Posts()
	if len(posts) != 2 || posts[0].TS != ts || posts[0].Thread != "" || posts[1].Thread != ts || posts[1].Text != "Takk!" ||
		posts[0].Seq >= posts[1].Seq {
		t.Fatalf("posts %+v", posts)
	}

	ref := slack.NewRefToMessage("C0CASE001", ts2)
	if err := c.AddReactionContext(ctx, "white_check_mark", ref); err != nil {
		t.Fatal(err)
	}
	var se slack.SlackErrorResponse
	if err := c.AddReactionContext(ctx, "white_check_mark", ref); !errors.As(err, &se) || se.Err != "already_reacted" {
		t.Fatalf("second reaction: %v", err)
	}
	if r := s.Reactions(); len(r) != 1 || r[0].Timestamp != ts2 || r[0].Name != "white_check_mark" || r[0].Seq <= posts[1].Seq {
		t.Fatalf("reactions %+v", r)
	}
	if n := s.Calls("reactions.add"); n != 2 {
		t.Errorf("reactions.add called %d times", n)
	}

	if _, _, _, err := c.JoinConversationContext(ctx, "C0CASE001"); err != nil {
		t.Fatal(err)
	}
	if j := s.Joins(); len(j) != 1 || j[0] != "C0CASE001" {
		t.Errorf("joins %v", j)
	}
	ch, err := c.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C0CASE001"})
	if err != nil || ch.Name != "sak-grorud-sentrum" {
		t.Errorf("conversations.info: %+v %v", ch, err)
	}
	if _, err := c.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C0NOPE"}); !errors.As(err, &se) || se.Err != "channel_not_found" {
		t.Errorf("unknown channel: %v", err)
	}
	u, err := c.GetUserInfoContext(ctx, "U0PLANNER")
	if err != nil || u.Profile.DisplayName != "Kari Nordmann" {
		t.Errorf("users.info: %+v %v", u, err)
	}

	doc := "# Medvirkning\n"
	if _, err := c.UploadFileContext(ctx, slack.UploadFileParameters{Reader: strings.NewReader(doc), FileSize: len(doc),
		Filename: "sak.md", Title: "Sak", Channel: "C0CASE001", ThreadTimestamp: ts}); err != nil {
		t.Fatal(err)
	}
	want := slacktest.Upload{Channel: "C0CASE001", Thread: ts, Filename: "sak.md", Title: "Sak", Content: doc}
	if up := s.Uploads(); len(up) != 1 || up[0] != want {
		t.Errorf("uploads %+v", up)
	}
}

func TestServerScriptedFailures(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s, slacktest.BotToken)
	ctx := context.Background()
	post := func() error {
		_, _, err := c.PostMessageContext(ctx, "C1", slack.MsgOptionText("hei", false))
		return err
	}
	s.Fail("chat.postMessage",
		slacktest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "3"},
		slacktest.Failure{Status: http.StatusInternalServerError},
		slacktest.Failure{Error: "channel_not_found"})

	var rl *slack.RateLimitedError
	if err := post(); !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
		t.Errorf("429: %v", err)
	}
	var sc slack.StatusCodeError
	if err := post(); !errors.As(err, &sc) || sc.Code != http.StatusInternalServerError {
		t.Errorf("500: %v", err)
	}
	var se slack.SlackErrorResponse
	if err := post(); !errors.As(err, &se) || se.Err != "channel_not_found" {
		t.Errorf("ok:false: %v", err)
	}
	if err := post(); err != nil {
		t.Errorf("after the script: %v", err)
	}
	s.SetDown(true)
	if err := post(); !errors.As(err, &sc) || sc.Code != http.StatusServiceUnavailable {
		t.Errorf("down: %v", err)
	}
	s.SetDown(false)
	if _, _, err := client(s, "xoxb-wrong").PostMessageContext(ctx, "C1", slack.MsgOptionText("hei", false)); !errors.As(err, &se) || se.Err != "invalid_auth" {
		t.Errorf("wrong token: %v", err)
	}
	if n, calls := len(s.Posts()), s.Calls("chat.postMessage"); n != 1 || calls != 6 {
		t.Errorf("%d posts recorded of %d calls, want 1 of 6", n, calls)
	}
	s.Close()
	if err := post(); err == nil {
		t.Error("a closed server answered")
	}
}

func TestServerWithoutTest(t *testing.T) {
	s := slacktest.NewServer(nil, slacktest.WithTokens("xoxb-other", "xapp-other"))
	defer s.Close()
	if _, err := client(s, "xoxb-other").AuthTestContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := client(s, slacktest.BotToken).AuthTestContext(context.Background()); err == nil {
		t.Error("the default token was accepted after WithTokens")
	}
}

func TestOnPostAndDelay(t *testing.T) {
	s := slacktest.NewServer(t)
	got := make(chan slacktest.Post, 1)
	s.OnPost(func(p slacktest.Post) { got <- p })
	s.SetDelay("chat.postMessage", 50*time.Millisecond)
	start := time.Now()
	_, ts, err := client(s, slacktest.BotToken).PostMessageContext(context.Background(), "C1", slack.MsgOptionText("hei", false))
	if err != nil || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	if p := <-got; p.TS != ts || p.Channel != "C1" {
		t.Errorf("hook got %+v", p)
	}

	// A client that gives up before the late answer: the effect happened.
	s.SetDelay("reactions.add", 300*time.Millisecond)
	impatient := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.URL), slack.OptionHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	if err := impatient.AddReactionContext(context.Background(), "white_check_mark", slack.NewRefToMessage("C1", ts)); err == nil {
		t.Fatal("no timeout")
	}
	if r := s.Reactions(); len(r) != 1 || r[0].Timestamp != ts {
		t.Errorf("reactions %+v", r)
	}
}

// A signed request passes slack-go's verifier with the same secret, and
// only with it.
func TestSignVerifies(t *testing.T) {
	body := slacktest.Command{Channel: "C0CASE001", Text: "start"}.Form()
	now := time.Now()
	for _, tt := range []struct {
		secret string
		at     time.Time
		ok     bool
	}{
		{slacktest.SigningSecret, now, true},
		{"another-secret", now, false},
		{slacktest.SigningSecret, now.Add(-6 * time.Minute), false},
	} {
		h := slacktest.Sign(tt.secret, body, tt.at)
		sv, err := slack.NewSecretsVerifier(h, slacktest.SigningSecret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if (err == nil) != tt.ok {
			t.Errorf("secret %q at %v: %v, want ok=%v", tt.secret, tt.at, err, tt.ok)
		}
	}
	req := slacktest.NewRequest("http://127.0.0.1/slack/events", slacktest.ContentTypeForm, body, slacktest.SigningSecret, now)
	if req.Header.Get("X-Slack-Signature") != slacktest.Signature(slacktest.SigningSecret, body, now) ||
		req.Header.Get("Content-Type") != slacktest.ContentTypeForm {
		t.Errorf("headers %v", req.Header)
	}
}

func TestCommandParses(t *testing.T) {
	body := slacktest.Command{Channel: "C0CASE001", ChannelName: "sak-grorud-sentrum", Text: "report De fikk svar & mer"}.Form()
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", slacktest.ContentTypeForm)
	cmd, err := slack.SlashCommandParse(req)
	if err != nil {
		t.Fatal(err)
	}
	if cmd.ChannelID != "C0CASE001" || cmd.ChannelName != "sak-grorud-sentrum" || cmd.Command != "/involve" ||
		cmd.Text != "report De fikk svar & mer" || cmd.UserID != "U0PLANNER" || cmd.TeamID != slacktest.TeamID || cmd.TriggerID == "" {
		t.Errorf("parsed %+v", cmd)
	}
	other := slacktest.Command{Channel: "C0CASE001"}.Form()
	if string(other) == string(slacktest.Command{Channel: "C0CASE001"}.Form()) {
		t.Error("two commands share a trigger_id")
	}
}

func TestMessageParses(t *testing.T) {
	m := slacktest.Message{EventID: "Ev0ANSWER01", Channel: "C0CASE001", User: "U0CASEWKR", Text: "Hvem <bor> der & hvorfor?",
		TS: "1732612400.001200", Thread: "1732612345.000200"}
	ev, err := slackevents.ParseEvent(m.Body(), slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if ev.Type != slackevents.CallbackEvent || !ok || cb.EventID != "Ev0ANSWER01" || cb.EventTime != 1732612400 || cb.TeamID != slacktest.TeamID {
		t.Fatalf("callback %+v", ev.Data)
	}
	msg, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok {
		t.Fatalf("inner event %T", ev.InnerEvent.Data)
	}
	if msg.Channel != "C0CASE001" || msg.User != "U0CASEWKR" || msg.TimeStamp != "1732612400.001200" ||
		msg.ThreadTimeStamp != "1732612345.000200" || msg.Text != "Hvem &lt;bor&gt; der &amp; hvorfor?" || msg.BotID != "" {
		t.Errorf("message %+v", msg)
	}
	// Defaults: a fresh ts and an event id that differ between messages.
	a, b := slacktest.Message{Channel: "C1", Text: "a"}.Body(), slacktest.Message{Channel: "C1", Text: "a"}.Body()
	if string(a) == string(b) {
		t.Error("two default messages are the same delivery")
	}
}
