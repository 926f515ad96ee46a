package teams

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
)

func newTestAdapter(t testing.TB, f *fakeBotFramework, h bot.Handler) *Adapter {
	t.Helper()
	if h == nil {
		h = &bottest.Handler{}
	}
	a, err := New(f.config(), h, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	onVirtualTime(a)
	return a
}

func testActivity() *outActivity {
	return &outActivity{Type: "message", Text: "Hei", TextFormat: "plain"}
}

func TestTokenIsCachedAndFetchedOnce(t *testing.T) {
	f := newFakeBotFramework(t)
	f.tokenDelay = 30 * time.Millisecond
	a := newTestAdapter(t, f, nil)
	ctx := context.Background()

	var wg sync.WaitGroup
	toks := make([]string, 50)
	errs := make([]error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			toks[i], errs[i] = a.conn.tokens.Token(ctx)
		}()
	}
	wg.Wait()
	for i := range 50 {
		if errs[i] != nil || toks[i] != toks[0] {
			t.Fatalf("caller %d: %q, %v (first got %q)", i, toks[i], errs[i], toks[0])
		}
	}
	if n := f.tokenHits.Load(); n != 1 {
		t.Errorf("token endpoint called %d times by 50 concurrent callers, want 1", n)
	}
	for range 20 {
		if _, err := a.conn.postActivity(ctx, f.serviceURL(), testChannel, testActivity()); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.tokenHits.Load(); n != 1 {
		t.Errorf("token endpoint called %d times for 20 posts, want 1", n)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	clock := time.Now()
	a.conn.tokens.now = func() time.Time { return clock }
	ctx := context.Background()

	first, err := a.conn.tokens.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(50 * time.Minute) // 3599 s lifetime: still good
	if tok, _ := a.conn.tokens.Token(ctx); tok != first {
		t.Error("token renewed too early")
	}
	clock = clock.Add(5 * time.Minute) // within five minutes of expiry
	second, err := a.conn.tokens.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second == first || f.tokenHits.Load() != 2 {
		t.Errorf("token not renewed near expiry (hits %d)", f.tokenHits.Load())
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	f := newFakeBotFramework(t)
	cfg := f.config()
	cfg.AppPassword = "wrong-secret-value"
	a, err := New(cfg, &bottest.Handler{}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.conn.postActivity(context.Background(), f.serviceURL(), testChannel, testActivity())
	if err == nil {
		t.Fatal("post with a wrong secret succeeded")
	}
	var perm *bot.PermanentError
	if errors.As(err, &perm) {
		t.Errorf("a token failure must stay retryable (the secret may be fixed): %v", err)
	}
	if !strings.Contains(err.Error(), "invalid_client") || strings.Contains(err.Error(), cfg.AppPassword) {
		t.Errorf("error %q should name the problem and not the secret", err)
	}
	if len(f.recorded()) != 0 {
		t.Error("something was posted")
	}
}

func TestConnectorAnswers(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	ctx := context.Background()
	post := func() (string, error) {
		return a.conn.postActivity(ctx, f.serviceURL(), testChannel+";messageid=1732698000000", testActivity())
	}

	id, err := post()
	if err != nil || id == "" {
		t.Fatalf("post: %q, %v", id, err)
	}
	if got := f.recorded()[0].Conversation; got != testChannel+";messageid=1732698000000" {
		t.Errorf("posted to conversation %q", got)
	}

	f.failNext(connectorAnswer{status: http.StatusTooManyRequests, retryAfter: "7"})
	_, err = post()
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) || ra.After != 7*time.Second {
		t.Errorf("429: %v, want RetryAfterError of 7s", err)
	}

	f.failNext(connectorAnswer{status: http.StatusTooManyRequests})
	if _, err = post(); !errors.As(err, &ra) || ra.After != time.Second {
		t.Errorf("429 without Retry-After: %v, want 1s", err)
	}

	// What Microsoft documents as transient is retried, with Retry-After
	// when the Connector gives one; everything else is permanent.
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		f.failNext(connectorAnswer{status: status, retryAfter: "3"})
		if _, err = post(); !errors.As(err, &ra) || ra.After != 3*time.Second {
			t.Errorf("%d with Retry-After: %v, want RetryAfterError of 3s", status, err)
		}
	}
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		f.failNext(connectorAnswer{status: status, body: `{"error":{"code":"ServiceError","message":"Upstream failure"}}`})
		_, err = post()
		var perm *bot.PermanentError
		if err == nil || errors.As(err, &perm) || errors.As(err, &ra) {
			t.Errorf("%d: %v, want a plain (retryable) error", status, err)
		}
		if err != nil && !strings.Contains(err.Error(), "ServiceError") {
			t.Errorf("%d: error %q lacks the Connector's code", status, err)
		}
	}

	for _, status := range []int{http.StatusForbidden, http.StatusNotFound, http.StatusBadRequest, http.StatusConflict,
		http.StatusMethodNotAllowed, http.StatusInternalServerError, http.StatusNotImplemented} {
		f.failNext(connectorAnswer{status: status, body: `{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}`})
		_, err = post()
		var perm *bot.PermanentError
		if !errors.As(err, &perm) {
			t.Errorf("%d: %v, want PermanentError", status, err)
		}
	}

	// A 401 is tried once more with a fresh token.
	hits := f.tokenHits.Load()
	f.revokeTokens()
	if _, err := post(); err != nil {
		t.Errorf("after a revoked token: %v", err)
	}
	if f.tokenHits.Load() != hits+1 {
		t.Errorf("token not renewed after a 401")
	}
	// Two 401s in a row are permanent.
	f.failNext(connectorAnswer{status: http.StatusUnauthorized}, connectorAnswer{status: http.StatusUnauthorized})
	var perm *bot.PermanentError
	if _, err := post(); !errors.As(err, &perm) {
		t.Errorf("two 401s: %v, want PermanentError", err)
	}

	// The Connector down: a plain error.
	f.conn.Close()
	_, err = post()
	if err == nil || errors.As(err, &perm) || errors.As(err, &ra) {
		t.Errorf("network error: %v, want a plain error", err)
	}
}

func TestActivitiesURL(t *testing.T) {
	got, err := activitiesURL("https://smba.trafficmanager.net/emea/", testChannel+";messageid=1732698000000")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://smba.trafficmanager.net/emea/v3/conversations/19:c4a3f1d2e5b6a7980f1e2d3c4b5a6978@thread.tacv2%3Bmessageid=1732698000000/activities"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{"http://smba.trafficmanager.net/emea/", "ftp://x/", "", "not a url", "https://"} {
		if _, err := activitiesURL(bad, testChannel); err == nil {
			t.Errorf("service url %q accepted", bad)
		}
	}
	if _, err := activitiesURL("https://smba.trafficmanager.net/emea/", ""); err == nil {
		t.Error("empty conversation accepted")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 11, 27, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		h    string
		want time.Duration
	}{
		{"", time.Second},
		{"3", 3 * time.Second},
		{"0", time.Second},
		{"86400", 10 * time.Minute},
		{"Wed, 27 Nov 2024 09:00:30 GMT", 30 * time.Second},
		{"soon", time.Second},
	} {
		if got := retryAfter(tt.h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.h, got, tt.want)
		}
	}
}

func TestMessageID(t *testing.T) {
	if got := messageID(testChannel + ";messageid=1732698000123"); got != "1732698000123" {
		t.Errorf("got %q", got)
	}
	if got := messageID("1732698000123"); got != "1732698000123" {
		t.Errorf("got %q", got)
	}
}

// The connector as msbotbuilder-go's client.Client, driven through the
// library's own UpdateActivity and DeleteActivity: the same token, target
// check and error classes as the coach's own posts.
func TestConnectorAsLibraryClient(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	ctx := context.Background()
	conv := testChannel + ";messageid=1732698000000"

	target, err := url.Parse(f.serviceURL() + "v3/conversations/" + url.PathEscape(conv) + "/activities")
	if err != nil {
		t.Fatal(err)
	}
	post := schema.Activity{Type: schema.Message, Text: "Hei fra biblioteket", Conversation: schema.ConversationAccount{ID: conv}}
	if err := a.bf.Client.Post(*target, post); err != nil {
		t.Fatalf("Post: %v", err)
	}
	if p := f.recorded(); len(p) != 1 || p[0].Conversation != conv || p[0].Activity.Text != "Hei fra biblioteket" {
		t.Fatalf("posts %+v", p)
	}

	edit := schema.Activity{
		Type: schema.Message, ID: "1732698000123", Text: "Rettet",
		ServiceURL: f.serviceURL(), Conversation: schema.ConversationAccount{ID: testChannel},
	}
	if err := a.bf.UpdateActivity(ctx, edit); err != nil {
		t.Fatalf("UpdateActivity: %v", err)
	}
	ref := schema.ConversationReference{ServiceURL: f.serviceURL(), Conversation: schema.ConversationAccount{ID: testChannel}}
	if err := a.bf.DeleteActivity(ctx, "1732698000123", ref); err != nil {
		t.Fatalf("DeleteActivity: %v", err)
	}
	ch := f.recordedChanges()
	if len(ch) != 2 || ch[0].Method != http.MethodPut || ch[0].ID != "1732698000123" || ch[0].Activity.Text != "Rettet" ||
		ch[0].Conversation != testChannel || ch[1].Method != http.MethodDelete || ch[1].ID != "1732698000123" {
		t.Errorf("changes %+v", ch)
	}
	if n := f.tokenHits.Load(); n != 1 {
		t.Errorf("token fetched %d times for three calls", n)
	}

	// The token goes nowhere but https (or the loopback interface).
	for _, bad := range []string{"http://connector.example/v3/conversations/x/activities", "ftp://x/y", "/v3/relative"} {
		u, _ := url.Parse(bad)
		var perm *bot.PermanentError
		if err := a.bf.Client.Post(*u, post); !errors.As(err, &perm) {
			t.Errorf("Post to %s: %v, want a PermanentError", bad, err)
		}
	}
	// The Connector's answers keep their classes.
	f.failNext(connectorAnswer{status: http.StatusTooManyRequests, retryAfter: "3"})
	var ra *bot.RetryAfterError
	if err := a.bf.Client.Post(*target, post); !errors.As(err, &ra) || ra.After != 3*time.Second {
		t.Errorf("429: %v", err)
	}
	if n := len(f.recorded()); n != 1 {
		t.Errorf("%d posts, want still 1", n)
	}
}
