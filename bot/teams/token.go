package teams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// BotFrameworkScope is the scope of the tokens a bot presents to the Bot
// Connector.
const BotFrameworkScope = "https://api.botframework.com/.default"

// TokenURL returns the OAuth token endpoint of a tenant: where a
// single-tenant bot gets its tokens. Without a tenant it is the
// botframework.com tenant's, which only multi-tenant registrations use.
func TokenURL(tenantID string) string {
	if tenantID == "" {
		tenantID = "botframework.com"
	}
	return "https://login.microsoftonline.com/" + url.PathEscape(tenantID) + "/oauth2/v2.0/token"
}

// tokenSource gets and caches the bot's access token (OAuth client
// credentials). The token is reused until shortly before it expires; when
// it must be renewed, one caller fetches it and the others wait for that
// result.
type tokenSource struct {
	url          string
	clientID     string
	clientSecret string
	client       *http.Client
	now          func() time.Time

	mu      sync.Mutex
	token   string
	renewAt time.Time
	flight  *tokenFetch // the fetch in progress, if any
}

// tokenFetch is one fetch that several callers may wait for.
type tokenFetch struct {
	done    chan struct{}
	token   string
	err     error
	waiters int // callers waiting for it; guarded by tokenSource.mu
}

// tokenFetchTimeout bounds one fetch of a token, whoever waits for it.
const tokenFetchTimeout = 20 * time.Second

// Token returns a valid access token. A fetch belongs to no caller: it
// runs with a context of its own (the first caller's values, none of its
// cancellation, tokenFetchTimeout), so that a caller who gives up, the
// first one included, fails no one else who waits for the same fetch.
func (s *tokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.token != "" && s.now().Before(s.renewAt) {
		tok := s.token
		s.mu.Unlock()
		return tok, nil
	}
	f := s.flight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		s.flight = f
		go s.run(f, context.WithoutCancel(ctx))
	}
	f.waiters++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		f.waiters--
		s.mu.Unlock()
	}()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// run makes fetch f and hands its result to whoever waits for it.
func (s *tokenSource) run(f *tokenFetch, ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, tokenFetchTimeout)
	defer cancel()
	tok, lifetime, err := s.fetch(ctx)
	s.mu.Lock()
	if err == nil {
		s.token = tok
		s.renewAt = s.now().Add(renewal(lifetime))
	}
	s.flight = nil
	f.token, f.err = tok, err
	s.mu.Unlock()
	close(f.done)
}

// waiting is how many callers wait for the fetch in progress.
func (s *tokenSource) waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight == nil {
		return 0
	}
	return s.flight.waiters
}

// Invalidate forgets tok if it is the cached token, so that the next call
// fetches a new one (after the Connector refused it).
func (s *tokenSource) Invalidate(tok string) {
	s.mu.Lock()
	if s.token == tok {
		s.token = ""
	}
	s.mu.Unlock()
}

// renewal is how long a token with the given lifetime is used: until five
// minutes before it expires, or half its life if it is short.
func renewal(lifetime time.Duration) time.Duration {
	if lifetime > 10*time.Minute {
		return lifetime - 5*time.Minute
	}
	return lifetime / 2
}

// tokenResponse is the token endpoint's answer, success or error.
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	TokenType   string          `json:"token_type"`
	ExpiresIn   json.RawMessage `json:"expires_in"` // a number, or a string of one (v1 endpoint)
	Error       string          `json:"error"`
	ErrorDesc   string          `json:"error_description"`
}

// fetch asks the token endpoint for a new token.
func (s *tokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {s.clientID},
		"client_secret": {s.clientSecret},
		"scope":         {BotFrameworkScope},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", 0, fmt.Errorf("token response: %w", err)
	}
	var tr tokenResponse
	jsonErr := json.Unmarshal(body, &tr)
	if resp.StatusCode != http.StatusOK {
		te := &tokenError{StatusCode: resp.StatusCode, Status: resp.Status}
		if jsonErr == nil {
			te.Code, te.Description = tr.Error, firstLine(tr.ErrorDesc)
		}
		return "", 0, te
	}
	if jsonErr != nil {
		return "", 0, fmt.Errorf("token response: %w", jsonErr)
	}
	if tr.AccessToken == "" {
		return "", 0, errors.New("token response: no access_token")
	}
	secs := parseExpiresIn(tr.ExpiresIn)
	if secs <= 0 {
		secs = 300
	}
	return tr.AccessToken, time.Duration(secs) * time.Second, nil
}

// tokenError is the token endpoint's refusal. Entra ID answers
// {"error":"invalid_client","error_description":"AADSTS7000215: …",
// "error_codes":[7000215],…} with 400 or 401; the code and description
// name the problem (a wrong secret, an unknown tenant) and never contain
// the secret.
type tokenError struct {
	StatusCode  int
	Status      string
	Code        string // OAuth error code: invalid_client, unauthorized_client, invalid_request…
	Description string // its first line, starting with the AADSTS code
}

func (e *tokenError) Error() string {
	if e.Code == "" {
		return "token endpoint: " + e.Status
	}
	return fmt.Sprintf("token endpoint: %s: %s: %s", e.Status, e.Code, e.Description)
}

// refresh fetches a new token whatever the cache holds, and caches it.
func (s *tokenSource) refresh(ctx context.Context) error {
	tok, lifetime, err := s.fetch(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.token = tok
	s.renewAt = s.now().Add(renewal(lifetime))
	s.mu.Unlock()
	return nil
}

func parseExpiresIn(raw json.RawMessage) int64 {
	var n json.Number
	s := strings.Trim(string(raw), `"`)
	n = json.Number(s)
	v, err := n.Int64()
	if err != nil {
		return 0
	}
	return v
}

// firstLine returns s up to its first line break, at most 200 bytes.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
