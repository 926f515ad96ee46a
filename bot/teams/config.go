package teams

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/urls"
)

// Config is what the adapter needs to know about the bot registration.
type Config struct {
	// AppID is the bot's Microsoft app id (client id). Required.
	AppID string
	// AppPassword is the app's client secret. Required.
	AppPassword string
	// TenantID is the Entra tenant of a single-tenant registration; it
	// picks the token endpoint when TokenURL is empty.
	TenantID string
	// OpenIDMetadataURL is where the Bot Framework's signing keys are
	// published; DefaultOpenIDMetadataURL when empty.
	OpenIDMetadataURL string
	// TokenURL is the OAuth token endpoint; TokenURL(TenantID) when empty.
	TokenURL string
	// HTTPClient is used for every outgoing call; a client with timeouts
	// when nil.
	HTTPClient *http.Client
	// Unpaced turns off the pacing of sends to the Bot Connector's
	// documented limits (teams.pace = false): the Connector's 429s alone
	// slow the coach down then.
	Unpaced bool
}

// Check reports every problem with c as it stands, in the order of the
// settings. The credentials are checked only when enabled: a disabled
// platform needs none. The keys that authenticate every request, and the
// bot's secret, travel over OpenIDMetadataURL and TokenURL: https only
// (http only to the loopback interface, for tests).
func (c *Config) Check(enabled bool) []bot.ConfigProblem {
	var p []bot.ConfigProblem
	add := func(key, format string, args ...any) {
		p = append(p, bot.ConfigProblem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if !urls.Secure(c.OpenIDMetadataURL) {
		add("openid_metadata_url", "must be an absolute https URL (http only to the loopback interface), such as %q", DefaultOpenIDMetadataURL)
	}
	if c.TokenURL != "" && !urls.Secure(c.TokenURL) {
		add("token_url", "must be an absolute https URL (http only to the loopback interface), or empty for the tenant's token endpoint")
	}
	if strings.ContainsFunc(c.TenantID, func(r rune) bool {
		return !(r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		add("tenant_id", "must be a tenant ID (a GUID) or a domain such as \"contoso.onmicrosoft.com\"")
	}
	if !enabled {
		return p
	}
	if strings.TrimSpace(c.AppID) == "" {
		p = append(p, bot.ConfigProblem{Key: "app_id", Required: true,
			Msg: "without it the Bot Framework library skips authentication and lets any request through"})
	}
	if strings.TrimSpace(c.AppPassword) == "" {
		p = append(p, bot.ConfigProblem{Key: "app_password", Required: true,
			Msg: "the bot needs it to get tokens for its replies"})
	}
	return p
}

// secretEnv names the environment variables the binary reads the
// credentials from, for New's messages.
var secretEnv = map[string]string{"app_id": "MICROSOFT_APP_ID", "app_password": "MICROSOFT_APP_PASSWORD", "tenant_id": "MICROSOFT_APP_TENANT_ID"}

// err is Check for New: every problem, each naming its setting and, for a
// credential, the environment variable that may hold it.
func (c Config) err() error {
	var errs []error
	for _, p := range c.Check(true) {
		if env := secretEnv[p.Key]; env != "" {
			errs = append(errs, fmt.Errorf("teams: teams.%w (or %s)", p, env))
			continue
		}
		errs = append(errs, fmt.Errorf("teams: teams.%w", p))
	}
	return errors.Join(errs...)
}

// withDefaults fills in what c leaves unset: the Bot Framework's published
// keys, and the token endpoint of the tenant.
func (c Config) withDefaults() Config {
	if c.OpenIDMetadataURL == "" {
		c.OpenIDMetadataURL = DefaultOpenIDMetadataURL
	}
	if c.TokenURL == "" {
		c.TokenURL = TokenURL(c.TenantID)
	}
	return c
}
