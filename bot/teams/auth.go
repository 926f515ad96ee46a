package teams

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/infracloudio/msbotbuilder-go/connector/auth"
	"github.com/infracloudio/msbotbuilder-go/schema"
)

// Issuer is the issuer of every token the Bot Framework puts on the
// activities it sends to a bot.
const Issuer = "https://api.botframework.com"

// DefaultOpenIDMetadataURL is where the Bot Framework publishes the keys it
// signs activities with.
const DefaultOpenIDMetadataURL = "https://login.botframework.com/v1/.well-known/openidconfiguration"

// ErrUnauthorized is wrapped by every error the Validator returns for a
// token it refuses.
var ErrUnauthorized = errors.New("unauthorized")

// Validator checks the bearer tokens on incoming Bot Framework activities:
// an RS256/384/512 signature by a key from the configured OpenID metadata,
// the issuer, the audience (the bot's app id), expiry and not-before, and
// that the token's serviceurl claim names the activity's serviceUrl.
//
// The metadata and key set are fetched on first use and cached, and Run
// fetches them again in the background every RefreshEvery, well before
// the Bot Framework retires a key; an unknown key id triggers one refresh
// on the request path, at most once per MinRefresh. It is safe for
// concurrent use.
type Validator struct {
	appID       string
	metadataURL string
	client      *http.Client

	// Now is the clock; tests replace it.
	Now func() time.Time
	// Leeway is the clock skew allowed on exp and nbf (the Bot Framework
	// SDKs allow five minutes).
	Leeway time.Duration
	// MinRefresh is the least time between two fetches of the key set
	// caused by an unknown key id.
	MinRefresh time.Duration
	// RefreshEvery is how often Run fetches the key set again; the keys
	// in hand stay in use while that fails, and Run retries sooner.
	RefreshEvery time.Duration
	// After is the timer Run waits on; tests replace it.
	After func(time.Duration) <-chan time.Time
	// Log receives warnings about failed key fetches.
	Log *slog.Logger

	parser   *jwt.Parser
	verified verifiedTokens

	mu      sync.RWMutex
	keys    map[string]signingKey
	fetched time.Time

	refreshMu sync.Mutex // one fetch at a time
	lastTry   time.Time  // guarded by refreshMu

	run runner // Run's goroutine, for Close
}

// NewValidator returns a validator for tokens addressed to appID, whose keys
// are found through the OpenID metadata document at metadataURL (the Bot
// Framework's own when empty). A nil client means one with a timeout.
func NewValidator(appID, metadataURL string, client *http.Client) (*Validator, error) {
	if strings.TrimSpace(appID) == "" {
		return nil, errors.New("teams: validator needs the bot's app id (teams.app_id / MICROSOFT_APP_ID)")
	}
	if metadataURL == "" {
		metadataURL = DefaultOpenIDMetadataURL
	}
	if client == nil {
		client = defaultHTTPClient()
	}
	return &Validator{
		appID:        appID,
		metadataURL:  metadataURL,
		client:       client,
		Now:          time.Now,
		Leeway:       5 * time.Minute,
		MinRefresh:   time.Minute,
		RefreshEvery: 12 * time.Hour,
		After:        time.After,
		Log:          slog.New(slog.DiscardHandler),
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{"RS256", "RS384", "RS512"}),
			jwt.WithJSONNumber(),
			jwt.WithoutClaimsValidation(), // checked below, with leeway and without panics
		),
	}, nil
}

// The validator and what it vouches for are msbotbuilder-go's, so that
// core.BotFrameworkAdapter.ParseRequest authenticates with them.
var (
	_ auth.TokenValidator = (*Validator)(nil)
	_ auth.ClaimsIdentity = (*Identity)(nil)
)

// Identity is what a valid token vouches for.
type Identity struct {
	// ServiceURL is the token's serviceurl claim: where replies may go.
	ServiceURL string
	// Expires is the token's expiry.
	Expires time.Time
	// endorsements are the channels the signing key is endorsed for.
	endorsements []string
	// claims are the token's claims that are strings; never changed
	// after the token was verified.
	claims map[string]string
}

// GetClaimValue returns a claim of the token if it is a string, "" if the
// token lacks it (msbotbuilder-go's own identity panics then).
func (id *Identity) GetClaimValue(name string) string { return id.claims[name] }

// IsAuthenticated is always true: an Identity only comes from a token that
// passed every check.
func (id *Identity) IsAuthenticated() bool { return true }

// Validate checks the Authorization header of an incoming request: a bearer
// token signed by a current Bot Framework key, issued by the Bot Framework,
// for this bot, and not expired. The activity-dependent checks are in
// Identity.Check.
func (v *Validator) Validate(ctx context.Context, authHeader string) (*Identity, error) {
	scheme, raw, ok := strings.Cut(strings.TrimSpace(authHeader), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("%w: no bearer token", ErrUnauthorized)
	}
	raw = strings.TrimSpace(raw)
	if len(raw) > maxTokenBytes {
		return nil, fmt.Errorf("%w: token too long", ErrUnauthorized)
	}

	now := v.Now()
	sum := sha256.Sum256([]byte(raw))
	if id, ok := v.verified.get(sum, now); ok {
		return id, nil
	}
	id, err := v.verify(ctx, raw, now)
	if err != nil {
		return nil, err
	}
	until := id.Expires.Add(v.Leeway)
	if limit := now.Add(verifiedTTL); limit.Before(until) {
		until = limit
	}
	v.verified.put(sum, id, until, now)
	return id, nil
}

// verify checks a token completely: signature, issuer, audience, times
// and the serviceurl claim's presence.
func (v *Validator) verify(ctx context.Context, raw string, now time.Time) (*Identity, error) {
	var key signingKey
	claims := jwt.MapClaims{}
	_, err := v.parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("token has no key id")
		}
		k, err := v.key(ctx, kid)
		if err != nil {
			return nil, err
		}
		key = k
		return k.pub, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}

	if iss, _ := claims["iss"].(string); iss != Issuer {
		return nil, fmt.Errorf("%w: issuer %q", ErrUnauthorized, iss)
	}
	if !audienceHas(claims["aud"], v.appID) {
		return nil, fmt.Errorf("%w: wrong audience", ErrUnauthorized)
	}
	exp, ok := numericDate(claims["exp"])
	if !ok {
		return nil, fmt.Errorf("%w: no expiry", ErrUnauthorized)
	}
	if now.After(exp.Add(v.Leeway)) {
		return nil, fmt.Errorf("%w: expired at %s", ErrUnauthorized, exp.Format(time.RFC3339))
	}
	if raw, present := claims["nbf"]; present {
		nbf, ok := numericDate(raw)
		if !ok {
			return nil, fmt.Errorf("%w: malformed nbf", ErrUnauthorized)
		}
		if now.Add(v.Leeway).Before(nbf) {
			return nil, fmt.Errorf("%w: not valid before %s", ErrUnauthorized, nbf.Format(time.RFC3339))
		}
	}
	serviceURL, _ := claims["serviceurl"].(string)
	if serviceURL == "" {
		return nil, fmt.Errorf("%w: no serviceurl claim", ErrUnauthorized)
	}
	strs := make(map[string]string, len(claims))
	for name, v := range claims {
		if s, ok := v.(string); ok {
			strs[name] = s
		}
	}
	return &Identity{ServiceURL: serviceURL, Expires: exp, endorsements: key.endorsements, claims: strs}, nil
}

// Check verifies what the token says against the activity it came with: the
// serviceurl claim must name the activity's serviceUrl (otherwise anyone
// holding a token could make the bot send its own token elsewhere), and a key
// endorsed for particular channels must be endorsed for the activity's.
func (id *Identity) Check(serviceURL, channelID string) error {
	if serviceURL == "" || !sameServiceURL(id.ServiceURL, serviceURL) {
		return fmt.Errorf("%w: serviceurl claim does not match the activity", ErrUnauthorized)
	}
	if len(id.endorsements) > 0 && channelID != "" && !slices.Contains(id.endorsements, channelID) {
		return fmt.Errorf("%w: signing key not endorsed for channel %q", ErrUnauthorized, channelID)
	}
	return nil
}

// ValidateActivity runs Validate and Check for one activity.
func (v *Validator) ValidateActivity(ctx context.Context, authHeader string, a *schema.Activity) (*Identity, error) {
	id, err := v.Validate(ctx, authHeader)
	if err != nil {
		return nil, err
	}
	if err := id.Check(a.ServiceURL, a.ChannelID); err != nil {
		return nil, err
	}
	return id, nil
}

// AuthenticateRequest is msbotbuilder-go's auth.TokenValidator: it is what
// core.BotFrameworkAdapter.ParseRequest calls. It runs ValidateActivity,
// so every error wraps ErrUnauthorized, and an empty or malformed header is
// refused whatever the credentials say (the library's own validator lets
// any request through when the app id is empty).
//
// The credentials must name the validator's app id: the audience is
// checked against the id the validator was made with, and a provider
// naming another would mean the two were set up apart. The channel
// service is not used: the validator knows its metadata URL.
func (v *Validator) AuthenticateRequest(ctx context.Context, act schema.Activity, authHeader string, credentials auth.CredentialProvider, _ string) (auth.ClaimsIdentity, error) {
	if credentials != nil && !credentials.IsValidAppID(v.appID) {
		return nil, fmt.Errorf("%w: the adapter's credentials name another app id than the validator's", ErrUnauthorized)
	}
	id, err := v.ValidateActivity(ctx, authHeader, &act)
	if err != nil {
		return nil, err
	}
	return id, nil
}

// The Bot Connector sends the same token with every activity for about an
// hour. A token that passed is remembered (by its SHA-256) for at most
// verifiedTTL and never past its expiry, which spares the RSA verification
// and JSON parsing on every request. Refused tokens are not remembered.
const (
	verifiedTTL   = 10 * time.Minute
	maxVerified   = 1024
	maxTokenBytes = 16 << 10
)

// verifiedTokens is the memory of tokens that passed.
type verifiedTokens struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]verifiedToken
}

type verifiedToken struct {
	id    Identity
	until time.Time
}

func (c *verifiedTokens) get(sum [sha256.Size]byte, now time.Time) (*Identity, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[sum]
	if !ok || !now.Before(e.until) {
		return nil, false
	}
	id := e.id
	return &id, true
}

func (c *verifiedTokens) put(sum [sha256.Size]byte, id *Identity, until, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[[sha256.Size]byte]verifiedToken)
	}
	if len(c.m) >= maxVerified {
		for k, e := range c.m {
			if !now.Before(e.until) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxVerified {
			clear(c.m)
		}
	}
	c.m[sum] = verifiedToken{id: *id, until: until}
}

// sameServiceURL compares service URLs the way the Bot Framework writes them,
// ignoring a trailing slash and the case of scheme and host.
func sameServiceURL(a, b string) bool {
	return strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}

// audienceHas reports whether an aud claim (a string or a list of strings)
// names appID.
func audienceHas(aud any, appID string) bool {
	switch a := aud.(type) {
	case string:
		return a == appID
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && s == appID {
				return true
			}
		}
	}
	return false
}

// numericDate reads a JWT NumericDate (seconds since the epoch).
func numericDate(v any) (time.Time, bool) {
	var secs float64
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		if err != nil {
			return time.Time{}, false
		}
		secs = f
	case float64:
		secs = n
	default:
		return time.Time{}, false
	}
	if secs < 0 || secs > 1e11 { // beyond year 5000: malformed
		return time.Time{}, false
	}
	whole := int64(secs)
	return time.Unix(whole, int64((secs-float64(whole))*1e9)), true
}
