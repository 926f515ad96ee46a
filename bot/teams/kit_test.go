package teams

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/infracloudio/msbotbuilder-go/schema"
)

// The fake Bot Framework of these tests: an OpenID metadata document and
// key set signed with a key of the test's own, a token endpoint, and a
// Connector that records what the coach posts. All speak the real wire
// format.

const (
	testAppID    = "0c7e7d1e-5b3f-4f5e-9a51-3f1b2d4c6e8a"
	testBotID    = "28:" + testAppID
	testTenant   = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	testTeam     = "19:Hq9ZqF0H1tT4aS0vR2mVgXyk3p5wB8cN@thread.tacv2"
	testChannel  = "19:c4a3f1d2e5b6a7980f1e2d3c4b5a6978@thread.tacv2"
	testUserID   = "29:1KariNordmannXyZ0aBcDeFgHiJkLmNoPqRsTuVwX"
	testUserName = "Kari Nordmann"
)

// testKey is generated once: RSA key generation is slow under -race.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

var otherKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

type recordedPost struct {
	ServiceURL   string          // the service URL it was posted under
	Conversation string          // the conversation id from the URL, unescaped
	Activity     schema.Activity // the body, parsed as the Connector would
	Raw          []byte
	ID           string // the id the Connector answered with
}

type fakeBotFramework struct {
	t      testing.TB
	kidMu  sync.Mutex
	kidNow string // the id the key set publishes the test key under

	openid   *httptest.Server
	metaHits atomic.Int64
	keyHits  atomic.Int64

	tokenSrv   *httptest.Server
	tokenHits  atomic.Int64
	tokenLife  atomic.Int64 // seconds
	tokenDelay time.Duration
	tokenSeq   atomic.Int64
	// invalidClientStatus is the status of a wrong secret's refusal: 401
	// when zero (Entra ID answers 400 or 401).
	invalidClientStatus atomic.Int64

	conn      *httptest.Server
	listHits  atomic.Int64
	mu        sync.Mutex
	chanNames map[string]string // the team's channels by id; "" is General's null name
	posts     []recordedPost
	changes   []recordedChange
	script    []connectorAnswer // answers to give before succeeding
	nextID    int64
	valid     map[string]bool // access tokens the fake issued and has not revoked
	// created holds the bodies of POST /v3/conversations; refuseCreate,
	// when set, is the status to refuse them with.
	created      []map[string]any
	refuseCreate int
}

// connectorAnswer is a scripted answer of the fake Connector; status 0
// is a normal success.
type connectorAnswer struct {
	status     int
	retryAfter string
	body       string
}

func newFakeBotFramework(t testing.TB) *fakeBotFramework {
	f := &fakeBotFramework{t: t, kidNow: "test-key-1", nextID: 1732698000000, valid: map[string]bool{},
		chanNames: map[string]string{testTeam: "", testChannel: "sak-grorud-sentrum"}}
	f.tokenLife.Store(3599)

	f.openid = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/.well-known/openidconfiguration":
			f.metaHits.Add(1)
			writeJSON(w, map[string]any{
				"issuer":                                "https://api.botframework.com",
				"authorization_endpoint":                "https://invalid.botframework.com",
				"jwks_uri":                              f.openid.URL + "/v1/.well-known/keys",
				"id_token_signing_alg_values_supported": []string{"RS256"},
				"token_endpoint_auth_methods_supported": []string{"private_key_jwt"},
			})
		case "/v1/.well-known/keys":
			f.keyHits.Add(1)
			pub := &testKey().PublicKey
			writeJSON(w, map[string]any{"keys": []map[string]any{{
				"kty":          "RSA",
				"use":          "sig",
				"kid":          f.kid(),
				"x5t":          f.kid(),
				"n":            base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
				"e":            base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
				"endorsements": []string{"msteams", "emulator", "webchat"},
			}}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.openid.Close)

	f.tokenSrv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.tokenHits.Add(1)
		if f.tokenDelay > 0 {
			time.Sleep(f.tokenDelay)
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// Refusals in the shape Entra ID gives them.
		switch {
		case r.URL.Path != "/"+testTenant+"/oauth2/v2.0/token":
			tenant, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
			aadError(w, http.StatusBadRequest, "invalid_request", 90002,
				fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant))
			return
		case r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("scope") != BotFrameworkScope:
			aadError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
			return
		case r.PostForm.Get("client_id") != testAppID:
			aadError(w, http.StatusBadRequest, "unauthorized_client", 700016,
				fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'.", r.PostForm.Get("client_id"), testTenant))
			return
		case r.PostForm.Get("client_secret") != "s3cret":
			status := http.StatusUnauthorized
			if s := f.invalidClientStatus.Load(); s != 0 {
				status = int(s)
			}
			aadError(w, status, "invalid_client", 7000215,
				fmt.Sprintf("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", testAppID))
			return
		}
		tok := fmt.Sprintf("eyJ0eXAi.access-%d", f.tokenSeq.Add(1))
		f.mu.Lock()
		f.valid[tok] = true
		f.mu.Unlock()
		writeJSON(w, map[string]any{"token_type": "Bearer", "expires_in": f.tokenLife.Load(), "ext_expires_in": f.tokenLife.Load(), "access_token": tok})
	}))
	t.Cleanup(f.tokenSrv.Close)

	f.conn = httptest.NewServer(http.HandlerFunc(f.serveConnector))
	t.Cleanup(f.conn.Close)
	return f
}

// kid is the id the test key is published under.
func (f *fakeBotFramework) kid() string {
	f.kidMu.Lock()
	defer f.kidMu.Unlock()
	return f.kidNow
}

// rotate publishes the test key under a new id.
func (f *fakeBotFramework) rotate(kid string) {
	f.kidMu.Lock()
	f.kidNow = kid
	f.kidMu.Unlock()
}

// serviceURL is what activities carry as serviceUrl, as Teams writes it.
func (f *fakeBotFramework) serviceURL() string { return f.conn.URL + "/emea/" }

// otherServiceURL is the fake Connector under another region, as Teams may
// give a team after it moved.
func (f *fakeBotFramework) otherServiceURL() string { return f.conn.URL + "/amer/" }

func (f *fakeBotFramework) metadataURL() string {
	return f.openid.URL + "/v1/.well-known/openidconfiguration"
}

func (f *fakeBotFramework) config() Config {
	return Config{
		AppID:             testAppID,
		AppPassword:       "s3cret",
		TenantID:          testTenant,
		OpenIDMetadataURL: f.metadataURL(),
		TokenURL:          f.tokenSrv.URL + "/" + testTenant + "/oauth2/v2.0/token",
	}
}

func (f *fakeBotFramework) failNext(answers ...connectorAnswer) {
	f.mu.Lock()
	f.script = append(f.script, answers...)
	f.mu.Unlock()
}

func (f *fakeBotFramework) revokeTokens() {
	f.mu.Lock()
	clear(f.valid)
	f.mu.Unlock()
}

func (f *fakeBotFramework) recorded() []recordedPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedPost(nil), f.posts...)
}

// claims are valid Bot Framework claims for an activity from serviceURL.
func (f *fakeBotFramework) claims(serviceURL string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"serviceurl": serviceURL,
		"nbf":        now.Add(-5 * time.Minute).Unix(),
		"exp":        now.Add(time.Hour).Unix(),
		"iss":        Issuer,
		"aud":        testAppID,
	}
}

// sign signs claims with the fake's key (or another) as RS256.
func (f *fakeBotFramework) sign(claims jwt.MapClaims, key *rsa.PrivateKey, kid string) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	tok.Header["x5t"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// token is a valid token for activities from the fake's service URL.
func (f *fakeBotFramework) token() string {
	return f.tokenFor(f.serviceURL())
}

// tokenFor is a valid token for activities from serviceURL.
func (f *fakeBotFramework) tokenFor(serviceURL string) string {
	return f.sign(f.claims(serviceURL), testKey(), f.kid())
}

// aadError answers as Entra ID's token endpoint refuses a request.
func aadError(w http.ResponseWriter, status int, code string, aadsts int, desc string) {
	now := time.Now().UTC()
	trace, corr := "5e0b1a7c-3f2d-4a8e-9b61-0c7d2e4f6a00", "a1b2c3d4-e5f6-4789-8abc-def012345678"
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"error": code,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
			aadsts, desc, trace, corr, now.Format("2006-01-02 15:04:05Z")),
		"error_codes":    []int{aadsts},
		"timestamp":      now.Format("2006-01-02 15:04:05Z"),
		"trace_id":       trace,
		"correlation_id": corr,
		"error_uri":      fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts),
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

// postActivity sends an activity to the handler as the Bot Connector does.
func postActivity(h http.Handler, auth string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/messages", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
