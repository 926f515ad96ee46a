package slack

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/urls"
)

// Config is what the adapter needs to know. BotToken is always required;
// Socket Mode needs AppToken, HTTP mode needs SigningSecret.
type Config struct {
	Mode          string   // ModeSocket or ModeHTTP; "" means ModeSocket
	BotToken      string   // xoxb-…
	AppToken      string   // xapp-…, with the connections:write scope
	SigningSecret string   // the app's signing secret
	APIURL        string   // the Web API's base URL; "" means DefaultAPIURL
	Prefixes      []string // case channel prefixes, e.g. "sak-", "case-"
	// HTTPClient makes every Web API call. Nil means a client with a
	// 10-second timeout that keeps up to 64 connections to the API.
	HTTPClient *http.Client
	// NoPace turns off the pacing that keeps posts and reactions within
	// Slack's documented rate limits (slack.pace = false): only Slack's
	// 429 answers then slow the coach down.
	NoPace bool
	// Observer receives the adapter's counts; nil observes nothing.
	Observer Observer
}

// Check reports every problem with c as it stands (call it on a Config
// with its defaults filled in, as DefaultConfig in the binary does), in
// the order of the settings. It brings APIURL to its canonical form, ending
// in "/". The secrets are checked only when enabled: a disabled platform
// needs none.
func (c *Config) Check(enabled bool) []bot.ConfigProblem {
	var p []bot.ConfigProblem
	add := func(key, format string, args ...any) {
		p = append(p, bot.ConfigProblem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	required := func(key, why string) { p = append(p, bot.ConfigProblem{Key: key, Msg: why, Required: true}) }
	switch c.Mode {
	case ModeSocket, ModeHTTP:
	default:
		add("mode", "%q is not one of socket (Socket Mode) or http (Events API over HTTP)", c.Mode)
	}
	if !urls.HTTP(c.APIURL) {
		add("api_url", "must be an absolute http or https URL, such as %q", DefaultAPIURL)
	} else if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/" // method names are appended to it
	}
	if !enabled {
		return p
	}
	switch {
	case c.BotToken == "":
		required("bot_token", "")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		add("bot_token", "must be the Bot User OAuth Token, which starts with \"xoxb-\"%s", tokenKind(c.BotToken))
	}
	switch {
	case c.Mode == ModeSocket && c.AppToken == "":
		required("app_token", `Socket Mode needs an app-level token ("xapp-")`)
	case c.Mode == ModeSocket && !strings.HasPrefix(c.AppToken, "xapp-"):
		add("app_token", "must be an app-level token, which starts with \"xapp-\"%s", tokenKind(c.AppToken))
	case c.Mode == ModeHTTP && c.SigningSecret == "":
		required("signing_secret", "HTTP mode verifies every request with it")
	}
	return p
}

// err is Check for New: every problem, each naming its setting and the
// environment variable that may hold it.
func (c Config) err() error {
	var errs []error
	for _, p := range c.Check(true) {
		errs = append(errs, fmt.Errorf("slack: slack.%w", p))
	}
	return errors.Join(errs...)
}

// tokenKind names the kind of a misplaced Slack token from its prefix, which
// is not secret, so the message can say what was pasted instead.
func tokenKind(token string) string {
	kinds := []struct{ prefix, kind string }{
		{"xoxb-", "a bot token"},
		{"xapp-", "an app-level token"},
		{"xoxp-", "a user token"},
		{"xoxe", "a refresh or configuration token"},
	}
	for _, k := range kinds {
		if strings.HasPrefix(token, k.prefix) {
			return fmt.Sprintf("; this one is %s (%q)", k.kind, k.prefix)
		}
	}
	return ""
}

// withDefaults fills in what c leaves unset: Socket Mode, Slack's own Web
// API, an HTTP client with a timeout, an observer that observes nothing.
func (c Config) withDefaults() Config {
	if c.Mode == "" {
		c.Mode = ModeSocket
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.HTTPClient == nil {
		// Every call goes to one host; keep as many connections as the
		// outbox sends in parallel, instead of net/http's two.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second, Transport: tr}
	}
	c.Prefixes = append([]string(nil), c.Prefixes...)
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	return c
}
