package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// serveHandler runs the adapter's real handler on a loopback server.
func serveHandler(t testing.TB, a *Adapter) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", a.HTTPHandler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/slack/events"
}

func do(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHTTPRefusesWhatSlackDidNotSign(t *testing.T) {
	h := &bottest.Handler{}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	now := time.Now()

	forged := signedRequest(t, u, ctJSON, payloadThreadReply, "not-the-secret", now)
	tampered := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now)
	tampered.Body = io.NopCloser(strings.NewReader(strings.Replace(payloadThreadReply, "U0PLANNER", "U0MALLORY", 1)))
	expired := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now.Add(-6*time.Minute))
	future := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now.Add(6*time.Minute))
	unsigned := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now)
	unsigned.Header.Del("X-Slack-Signature")
	noTime := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now)
	noTime.Header.Del("X-Slack-Request-Timestamp")
	badHex := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, now)
	badHex.Header.Set("X-Slack-Signature", "v0=zz")
	slash := signedRequest(t, u, ctForm, formSlashStatus, "not-the-secret", now)

	for name, req := range map[string]*http.Request{
		"forged": forged, "tampered": tampered, "expired": expired, "future": future,
		"unsigned": unsigned, "no timestamp": noTime, "bad hex": badHex, "forged slash command": slash,
	} {
		if code, _ := do(t, req); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	}
	if n := len(h.Events()); n != 0 {
		t.Errorf("the engine saw %d events from unsigned requests", n)
	}
}

func TestHTTPLimitsAndMethods(t *testing.T) {
	h := &bottest.Handler{}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)

	big := `{"type":"event_callback","pad":"` + strings.Repeat("x", maxBody) + `"}`
	if code, _ := do(t, signedRequest(t, u, ctJSON, big, slacktest.SigningSecret, time.Now())); code != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: status %d, want 413", code)
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if code, _ := do(t, req); code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", code)
	}
	// A direct call to the handler with another method gets 405 too.
	rec := httptest.NewRecorder()
	a.HTTPHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/slack/events", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT: status %d, want 405", rec.Code)
	}
	if code, _ := do(t, signedRequest(t, u, "text/plain", "hello", slacktest.SigningSecret, time.Now())); code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: status %d, want 415", code)
	}
	if code, _ := do(t, signedRequest(t, u, ctForm, "foo=bar", slacktest.SigningSecret, time.Now())); code != http.StatusBadRequest {
		t.Errorf("unknown form: status %d, want 400", code)
	}
	if code, _ := do(t, signedRequest(t, u, ctJSON, "{nope", slacktest.SigningSecret, time.Now())); code != http.StatusBadRequest {
		t.Errorf("broken JSON: status %d, want 400", code)
	}
	if code, _ := do(t, signedRequest(t, u, ctForm, "ssl_check=1&token=x", slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Errorf("ssl_check: status %d, want 200", code)
	}
	if n := len(h.Events()); n != 0 {
		t.Errorf("the engine saw %d events", n)
	}
}

func TestHTTPURLVerification(t *testing.T) {
	a, _ := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	u := serveHandler(t, a)
	code, body := do(t, signedRequest(t, u, ctJSON, payloadURLVerification, slacktest.SigningSecret, time.Now()))
	var got struct{ Challenge string }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil ||
		got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("status %d body %q", code, body)
	}
}

func TestHTTPEventReachesTheEngineWithAName(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)

	req := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, time.Now())
	req.Header.Set("X-Slack-Retry-Num", "1")
	req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	if code, _ := do(t, req); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	// A second answer by the same person uses the cached name.
	second := strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", "Ev0SECOND")
	if code, _ := do(t, signedRequest(t, u, ctJSON, second, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	evs := h.Events()
	if len(evs) != 2 || evs[0].Input.Name != "Kari Nordmann" || evs[1].Input.Name != "Kari Nordmann" {
		t.Fatalf("events %+v", evs)
	}
	if n := f.Calls("users.info"); n != 1 {
		t.Errorf("users.info called %d times, want 1", n)
	}
	// Ignored events answer 200 and reach nobody.
	for _, p := range []string{payloadOwnMessage, payloadTopLevel, payloadOtherBot, payloadPersonJoined} {
		if code, _ := do(t, signedRequest(t, u, ctJSON, p, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
			t.Errorf("ignored event: status %d", code)
		}
	}
	if n := len(h.Events()); n != 2 {
		t.Errorf("the engine saw %d events, want 2", n)
	}
}

func TestHTTPNameLookupIsBestEffort(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	f.Fail("users.info", slacktest.Failure{Status: http.StatusInternalServerError})
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if evs := h.Events(); len(evs) != 1 || evs[0].Input.Name != "" || evs[0].Input.Text == "" {
		t.Errorf("events %+v", evs)
	}
}

func TestHTTPEngineFailureMakesSlackRetry(t *testing.T) {
	fail := true
	h := &bottest.Handler{Reply: func(context.Context, bot.Event) (bot.Result, error) {
		if fail {
			return bot.Result{}, errors.New("disk full")
		}
		return bot.Result{}, nil
	}}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, time.Now())); code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", code)
	}
	fail = false
	req := signedRequest(t, u, ctJSON, payloadThreadReply, slacktest.SigningSecret, time.Now())
	req.Header.Set("X-Slack-Retry-Num", "1")
	if code, _ := do(t, req); code != http.StatusOK {
		t.Errorf("retry: status %d, want 200", code)
	}
}

func TestHTTPSlashCommandAnswersEphemerally(t *testing.T) {
	h := &bottest.Handler{Reply: func(_ context.Context, ev bot.Event) (bot.Result, error) {
		return bot.Result{Ephemeral: []dialogs.Reply{{Kind: dialogs.ReplyStatus, Title: "Status",
			Text: "Spørsmål 3 av 14 <!here>", Ephemeral: true}}}, nil
	}}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	code, body := do(t, signedRequest(t, u, ctForm, formSlashStatus, slacktest.SigningSecret, time.Now()))
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var resp struct {
		ResponseType string            `json:"response_type"`
		Text         string            `json:"text"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if resp.ResponseType != "ephemeral" || len(resp.Blocks) != 2 || !strings.Contains(resp.Text, "Spørsmål 3 av 14") ||
		strings.Contains(body, "<!here>") {
		t.Errorf("response %s", body)
	}
	evs := h.Events()
	if len(evs) != 1 || !evs[0].EphemeralOK || evs[0].Input.Command != "status" || evs[0].Input.Name != "Kari Nordmann" {
		t.Errorf("events %+v", evs)
	}
}

func TestHTTPSlashCommandNeverFailsSlack(t *testing.T) {
	for name, reply := range map[string]func(context.Context, bot.Event) (bot.Result, error){
		"engine error": func(context.Context, bot.Event) (bot.Result, error) { return bot.Result{}, errors.New("boom") },
		"engine stuck": func(ctx context.Context, _ bot.Event) (bot.Result, error) {
			<-ctx.Done()
			return bot.Result{}, ctx.Err()
		},
	} {
		t.Run(name, func(t *testing.T) {
			a, _ := newTestAdapter(t, &bottest.Handler{Reply: reply}, ModeHTTP)
			a.commandTimeout = 200 * time.Millisecond
			u := serveHandler(t, a)
			start := time.Now()
			code, body := do(t, signedRequest(t, u, ctForm, formSlashStatus, slacktest.SigningSecret, time.Now()))
			if code != http.StatusOK || !strings.Contains(body, `"response_type":"ephemeral"`) || !strings.Contains(body, "Beklager") {
				t.Errorf("status %d body %s", code, body)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("answered after %v", d)
			}
		})
	}
	// Nothing ephemeral to show: an empty 200.
	a, _ := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	u := serveHandler(t, a)
	if code, body := do(t, signedRequest(t, u, ctForm, strings.Replace(formSlashStatus, "text=status", "text=start", 1), slacktest.SigningSecret, time.Now())); code != http.StatusOK || body != "" {
		t.Errorf("status %d body %q", code, body)
	}
}

func TestHTTPInteractivity(t *testing.T) {
	h := &bottest.Handler{}
	a, _ := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	form := url.Values{"payload": {payloadBlockActions}}.Encode()
	code, body := do(t, signedRequest(t, u, ctForm, form, slacktest.SigningSecret, time.Now()))
	if code != http.StatusOK || body != "" {
		t.Fatalf("status %d body %q", code, body)
	}
	evs := h.Events()
	if len(evs) != 1 || evs[0].Input.Kind != dialogs.InputAction || evs[0].Input.Action != dialogs.ActionSkip ||
		evs[0].Input.Thread != "1732612345.000200" || evs[0].ID != "1732613000.123456:U0PLANNER" {
		t.Errorf("events %+v", evs)
	}
	if code, _ := do(t, signedRequest(t, u, ctForm, "payload=%7Bnope", slacktest.SigningSecret, time.Now())); code != http.StatusBadRequest {
		t.Errorf("broken payload: status %d", code)
	}
}

func TestHTTPCaseChannelCreatedIsJoinedOnce(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadChannelCreated, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if j := f.Joins(); len(j) != 1 || j[0] != "C0CASE002" {
		t.Errorf("joins %v", j)
	}
	// Slack then tells that the coach joined: no second opening.
	joined := strings.ReplaceAll(payloadBotJoined, "C0PRIV001", "C0CASE002")
	if code, _ := do(t, signedRequest(t, u, ctJSON, joined, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	// Other channels are not joined.
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadOtherChannelCreated, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	evs := h.Events()
	if len(evs) != 1 || evs[0].Input.Kind != dialogs.InputJoined || evs[0].ChannelName != "sak-grorud-sentrum" {
		t.Errorf("events %+v", evs)
	}
	if j := f.Joins(); len(j) != 1 {
		t.Errorf("joins %v", j)
	}
}

func TestHTTPJoinFailures(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	// Slack is down: 500, so that Slack delivers the event again.
	f.Fail("conversations.join", slacktest.Failure{Status: http.StatusServiceUnavailable})
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadChannelCreated, slacktest.SigningSecret, time.Now())); code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", code)
	}
	// The scope is missing: nothing to retry; the engine never hears of it.
	f.Fail("conversations.join", slacktest.Failure{Error: "missing_scope"})
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadChannelCreated, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Errorf("status %d, want 200", code)
	}
	if n := len(h.Events()); n != 0 {
		t.Errorf("the engine saw %d events", n)
	}
}

func TestHTTPInvitedLooksUpTheName(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeHTTP)
	u := serveHandler(t, a)
	if code, _ := do(t, signedRequest(t, u, ctJSON, payloadBotJoined, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	evs := h.Events()
	if len(evs) != 1 || evs[0].ChannelName != "sak-privat-plan" || !evs[0].Input.Case || evs[0].Input.Kind != dialogs.InputJoined {
		t.Errorf("events %+v", evs)
	}
	if n := f.Calls("conversations.info"); n != 1 {
		t.Errorf("conversations.info called %d times", n)
	}
}
