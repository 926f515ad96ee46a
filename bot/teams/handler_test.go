package teams

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

func TestNewRefusesMissingCredentials(t *testing.T) {
	f := newFakeBotFramework(t)
	for _, tt := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.AppID = "" }, "teams.app_id"},
		{func(c *Config) { c.AppID = "  " }, "MICROSOFT_APP_ID"},
		{func(c *Config) { c.AppPassword = "" }, "teams.app_password"},
	} {
		cfg := f.config()
		tt.mod(&cfg)
		if _, err := New(cfg, &bottest.Handler{}, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New: %v, want an error naming %s", err, tt.want)
		}
	}
}

func TestHandlerPassesValidActivities(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(),
		mustJSON(t, channelMessage(f.serviceURL(), "1732698001000", "1732698001000", "<at>Involve</at> start", true)))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("status %d body %q", rec.Code, rec.Body)
	}
	evs := h.Events()
	if len(evs) != 1 || evs[0].Input.Kind != dialogs.InputCommand || evs[0].Input.Command != "start" {
		t.Fatalf("events %+v", evs)
	}
	if len(f.recorded()) != 0 {
		t.Error("the handler posted something itself")
	}
}

func TestHandlerRefusals(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	body := mustJSON(t, channelMessage(f.serviceURL(), "1732698001000", "1732698001000", "<at>Involve</at> start", true))
	with := func(mod func(jwt.MapClaims)) string {
		c := f.claims(f.serviceURL())
		mod(c)
		return "Bearer " + f.sign(c, testKey(), f.kid())
	}

	for _, tt := range rejectedTokens(f, with) {
		t.Run(tt.name, func(t *testing.T) {
			rec := postActivity(a.HTTPHandler(), tt.header, body)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", rec.Code)
			}
		})
	}
	if evs := h.Events(); len(evs) != 0 {
		t.Errorf("refused activities reached the engine: %+v", evs)
	}

	t.Run("method", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/api/messages", nil)
		rec := httptest.NewRecorder()
		a.HTTPHandler().ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d", rec.Code)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := bytes.Repeat([]byte(" "), int(a.MaxBodyBytes)+1)
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), big); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", rec.Code)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), []byte(`{"type":`)); rec.Code != http.StatusBadRequest {
			t.Errorf("status %d, want 400", rec.Code)
		}
	})
	t.Run("malformed and unauthenticated is 401", func(t *testing.T) {
		if rec := postActivity(a.HTTPHandler(), "", []byte(`{"type":`)); rec.Code != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", rec.Code)
		}
	})
	if evs := h.Events(); len(evs) != 0 {
		t.Errorf("bad requests reached the engine: %+v", evs)
	}
}

type rejectedToken struct{ name, header string }

// rejectedTokens are the tokens POST /api/messages must refuse for an
// activity from f's service URL.
func rejectedTokens(f *fakeBotFramework, with func(func(jwt.MapClaims)) string) []rejectedToken {
	now := time.Now()
	return []rejectedToken{
		{"no Authorization header", ""},
		{"bad signature", "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid())},
		{"wrong issuer", with(func(c jwt.MapClaims) { c["iss"] = "https://login.microsoftonline.com/" + testTenant + "/v2.0" })},
		{"wrong audience", with(func(c jwt.MapClaims) { c["aud"] = "https://api.botframework.com" })},
		{"expired", with(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Hour).Unix() })},
		{"missing claims", "Bearer " + f.sign(jwt.MapClaims{"iss": Issuer}, testKey(), f.kid())},
		{"missing serviceurl", with(func(c jwt.MapClaims) { delete(c, "serviceurl") })},
		{"serviceurl mismatch", with(func(c jwt.MapClaims) { c["serviceurl"] = "https://smba.trafficmanager.net/amer/" })},
	}
}

// The serviceurl claim is checked against every activity, also when the
// token itself was verified before.
func TestHandlerChecksServiceURLForEveryActivity(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	tok := "Bearer " + f.token()
	if rec := postActivity(a.HTTPHandler(), tok, mustJSON(t, channelMessage(f.serviceURL(), "1", "1", "<at>Involve</at> start", true))); rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	evil := channelMessage("https://evil.example/emea/", "2", "2", "<at>Involve</at> start", true)
	if rec := postActivity(a.HTTPHandler(), tok, mustJSON(t, evil)); rec.Code != http.StatusUnauthorized {
		t.Errorf("activity from another service url with a known token: status %d", rec.Code)
	}
	if n := len(h.Events()); n != 1 {
		t.Errorf("%d events reached the engine", n)
	}
}

func TestHandlerEngineFailureIs500(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	h.SetReply(func(context.Context, bot.Event) (bot.Result, error) { return bot.Result{}, errors.New("disk full") })
	a := newTestAdapter(t, f, h)
	rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, teamInstalled(f.serviceURL(), "f:1")))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	// The failed join does not block the redelivery.
	h.SetReply(nil)
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, teamInstalled(f.serviceURL(), "f:1"))); rec.Code != http.StatusOK || len(h.Events()) != 1 {
		t.Errorf("redelivery: %d, %d events", rec.Code, len(h.Events()))
	}
}

// Teams announces an installation twice; the team is greeted once.
func TestHandlerOneJoinPerInstall(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	for _, act := range []map[string]any{
		installationUpdate(f.serviceURL(), "f:install-1", "add"),
		teamInstalled(f.serviceURL(), "f:member-1"),
	} {
		if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, act)); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	}
	if evs := h.Events(); len(evs) != 1 || evs[0].Input.Kind != dialogs.InputJoined || evs[0].Channel != testTeam {
		t.Errorf("events %+v, want one join of the General channel", evs)
	}
	// A channel created later is its own join.
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, channelCreated(f.serviceURL(), "f:c-1", newChannel, "sak-x"))); rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
	if n := len(h.Events()); n != 2 {
		t.Errorf("%d events after channelCreated", n)
	}
}

// ParseRequest fails in three ways, which the handler must tell apart
// without string matching: no Authorization header (a plain error), a body
// it cannot decode (checked before the token), and a refused token (the
// Validator's error, wrapping ErrUnauthorized).
func TestParseRequestErrors(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	good := mustJSON(t, channelMessage(f.serviceURL(), "1", "1", "<at>Involve</at> start", true))
	parse := func(auth string, body []byte) error {
		req := httptest.NewRequest(http.MethodPost, "/api/messages", bytes.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		_, err := a.bf.ParseRequest(req.Context(), req)
		return err
	}
	if err := parse("Bearer "+f.token(), good); err != nil {
		t.Fatalf("a valid activity: %v", err)
	}
	if err := parse("", good); err == nil || errors.Is(err, ErrUnauthorized) {
		t.Errorf("no header: %v; want a plain error", err)
	}
	if err := parse("Bearer "+f.token(), []byte(`{"type":`)); err == nil || errors.Is(err, ErrUnauthorized) {
		t.Errorf("malformed body: %v; want a decode error", err)
	}
	if err := parse("Bearer not-a-token", []byte(`{"type":`)); err == nil || errors.Is(err, ErrUnauthorized) {
		t.Errorf("malformed body, bad token: %v; want the decode error (the body is read first)", err)
	}
	bad := "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid())
	if err := parse(bad, good); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("bad signature: %v; want ErrUnauthorized through the library's wrapping", err)
	}
	evil := mustJSON(t, channelMessage("https://evil.example/emea/", "2", "2", "<at>Involve</at> start", true))
	if err := parse("Bearer "+f.token(), evil); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("serviceurl mismatch: %v; want ErrUnauthorized", err)
	}
}

// What the handler answers for each way ParseRequest can fail: a 401
// whenever the token is missing or bad, whatever else is wrong; 400 and
// 413 only with a good token.
func TestHandlerStatusForParseFailures(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	good := "Bearer " + f.token()
	bad := "Bearer " + f.sign(f.claims(f.serviceURL()), otherKey(), f.kid())
	activity := mustJSON(t, channelMessage(f.serviceURL(), "1", "1", "<at>Involve</at> start", true))
	malformed := []byte(`{"type":"message","timestamp":"yesterday"}`)
	tooBig := append(bytes.Repeat([]byte(" "), int(a.MaxBodyBytes)), activity...)
	evil := mustJSON(t, channelMessage("https://evil.example/emea/", "2", "2", "<at>Involve</at> start", true))
	for _, tt := range []struct {
		name, auth string
		body       []byte
		want       int
	}{
		{"no header", "", activity, http.StatusUnauthorized},
		{"no header, malformed", "", malformed, http.StatusUnauthorized},
		{"no header, too large", "", tooBig, http.StatusUnauthorized},
		{"bad token", bad, activity, http.StatusUnauthorized},
		{"bad token, malformed", bad, malformed, http.StatusUnauthorized},
		{"bad token, too large", bad, tooBig, http.StatusUnauthorized},
		{"not a bearer token, malformed", "Basic a2FyaTpwdw==", malformed, http.StatusUnauthorized},
		{"serviceurl mismatch", good, evil, http.StatusUnauthorized},
		{"good token, malformed", good, malformed, http.StatusBadRequest},
		{"good token, not JSON", good, []byte("type=message"), http.StatusBadRequest},
		{"good token, empty", good, nil, http.StatusBadRequest},
		{"good token, too large", good, tooBig, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := postActivity(a.HTTPHandler(), tt.auth, tt.body)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d", rec.Code, tt.want)
			}
			if tt.want == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if evs := h.Events(); len(evs) != 0 {
		t.Errorf("refused requests reached the engine: %+v", evs)
	}
}

// The adapter is msbotbuilder-go's, assembled from this package's parts.
func TestAdapterUsesOwnParts(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	if a.bf.TokenValidator != a.validator {
		t.Error("the adapter's token validator is not ours")
	}
	if c, ok := a.bf.Client.(*connector); !ok || c != a.conn {
		t.Errorf("the adapter's client is %T, not our connector", a.bf.Client)
	}
	if a.bf.AppID != testAppID || a.bf.OpenIDMetadata != f.metadataURL() || a.bf.AppPassword != "" {
		t.Errorf("settings %+v", a.bf.AdapterSetting)
	}
}
