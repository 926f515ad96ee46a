package bot

import (
	"context"
	"net/http"
)

// The names of the platforms, as they appear in Event.Platform, in a
// case's stored platform and in Engine.Register.
const (
	PlatformSlack   = "slack"
	PlatformTeams   = "teams"
	PlatformConsole = "console"
)

// Platform is one chat platform the server runs: an adapter that turns
// the platform's events into engine events and delivers the engine's
// replies back. The server starts every enabled platform before it takes
// traffic, runs each until shutdown, and reports Connected in /healthz.
type Platform interface {
	// Name is the platform's name, one of the Platform… constants.
	Name() string
	// Start checks the credentials and connects; an error stops start-up.
	Start(ctx context.Context) error
	// Run serves until ctx ends. An error before then is fatal.
	Run(ctx context.Context) error
	// Connected reports whether the platform is usable now.
	Connected() bool
	// Sender delivers the engine's replies to the platform; the server
	// registers it with Engine.Register under Name.
	Sender() Sender
}

// HTTPPlatform is a Platform that also takes requests from the platform
// (Slack's Events API in HTTP mode, the Bot Framework's activities): an
// optional capability, checked with a type assertion.
type HTTPPlatform interface {
	Platform
	// Route is the pattern (method and path) to mount HTTPHandler at;
	// empty when the platform takes no requests in its current mode.
	Route() string
	HTTPHandler() http.Handler
}

// ConfigProblem is one problem a platform adapter's Config.Check finds in
// its settings. The adapter owns its settings' rules and defaults; the
// binary that reads them from a file says where the setting is.
type ConfigProblem struct {
	// Key is the setting's name in the platform's table of the config
	// file, such as "bot_token".
	Key string
	// Msg says what is wrong, without the value (it may be a secret).
	Msg string
	// Required is set when the setting is missing and the enabled
	// platform needs it; Msg then says why, or is empty.
	Required bool
}

// Error returns the problem as "key: message".
func (p ConfigProblem) Error() string {
	if p.Required {
		if p.Msg == "" {
			return p.Key + ": required"
		}
		return p.Key + ": required: " + p.Msg
	}
	return p.Key + ": " + p.Msg
}
