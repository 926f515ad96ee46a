package teams

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/infracloudio/msbotbuilder-go/connector/auth"
	"github.com/infracloudio/msbotbuilder-go/core"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/backoff"
	"github.com/oslo-involve/involve/internal/recent"
)

// Adapter connects the engine to Microsoft Teams.
type Adapter struct {
	handler   bot.Handler
	log       *slog.Logger
	validator *Validator
	conn      *connector
	bf        *core.BotFrameworkAdapter
	tokenURL  string
	tenantID  string     // activities must come from it; "" for any
	joins     recent.Set // channels joined within joinWindow
	consents  recent.Set // fileConsent/invoke activities handled within joinWindow
	// usedNonces are the file consent contexts accepted or declined, kept
	// as long as a context is valid: each is good for one use.
	usedNonces recent.Set
	docs       caseDocuments
	// consentKey signs the context of file consent cards.
	consentKey []byte
	names      channelNames
	pace       *pacer // nil with Config.Unpaced
	sleep      func(context.Context, time.Duration) error

	// Ignored, when set, is called with IgnoredChannel or IgnoredTenant
	// for each verified activity that is not for this coach, for metrics.
	Ignored func(reason string)
	// PaceWaited, when set, is told how long each send waited for its
	// turn under the Bot Connector's limits, for metrics.
	PaceWaited func(time.Duration)

	// AllowLoopbackUploads lets a file consent's upload go to a loopback
	// address over http, for tests; otherwise only Microsoft's file hosts.
	AllowLoopbackUploads bool

	// MaxBodyBytes limits the size of an incoming activity.
	MaxBodyBytes int64
	// Now is the clock, used when an activity has no timestamp.
	Now func() time.Time
}

// New returns an adapter that passes what Teams sends to h. It fails when
// the app id or password is missing: without them any request would pass
// or no reply could be sent.
func New(cfg Config, h bot.Handler, log *slog.Logger) (*Adapter, error) {
	cfg = cfg.withDefaults()
	if err := cfg.err(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errors.New("teams: no handler")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = defaultHTTPClient()
	}
	tokenURL := cfg.TokenURL
	v, err := NewValidator(cfg.AppID, cfg.OpenIDMetadataURL, client)
	if err != nil {
		return nil, err
	}
	v.Log = log
	conn := &connector{
		client: client,
		tokens: &tokenSource{
			url:          tokenURL,
			clientID:     cfg.AppID,
			clientSecret: cfg.AppPassword,
			client:       client,
			now:          time.Now,
		},
	}
	a := &Adapter{
		handler:    h,
		log:        log,
		validator:  v,
		conn:       conn,
		joins:      recent.Set{TTL: joinWindow},
		consents:   recent.Set{TTL: joinWindow},
		usedNonces: recent.Set{TTL: consentValid + time.Minute},
		// With an engine that can make a case's document again, an
		// export's Word file is offered in the asker's personal chat.
		consentKey: consentKey(cfg.AppPassword),
		bf: &core.BotFrameworkAdapter{
			// The secret is kept by the token source alone: nothing of the
			// library's that is used here reads it from the settings.
			AdapterSetting: core.AdapterSetting{
				AppID:              cfg.AppID,
				ChannelAuthTenant:  cfg.TenantID,
				OauthEndpoint:      tokenURL,
				OpenIDMetadata:     v.metadataURL,
				CredentialProvider: auth.SimpleCredentialProvider{AppID: cfg.AppID},
			},
			TokenValidator: v,
			Client:         conn,
		},
		tokenURL:     tokenURL,
		tenantID:     tenantFilter(cfg.TenantID),
		sleep:        backoff.Sleep,
		MaxBodyBytes: 512 << 10,
		Now:          time.Now,
	}
	a.docs, _ = h.(caseDocuments)
	if !cfg.Unpaced {
		a.pace = newPacer()
		a.pace.waited = func(d time.Duration) {
			if a.PaceWaited != nil {
				a.PaceWaited(d)
			}
		}
	}
	return a, nil
}

// Run keeps the Bot Framework's signing keys fresh in the background (see
// Validator.Run) until ctx ends or Close is called. It returns nil when
// stopped.
func (a *Adapter) Run(ctx context.Context) error { return a.validator.Run(ctx) }

// Close stops Run and waits for it.
func (a *Adapter) Close() { a.validator.Close() }

var (
	_ bot.Platform     = (*Adapter)(nil)
	_ bot.HTTPPlatform = (*Adapter)(nil)
)

// Name is bot.PlatformTeams.
func (a *Adapter) Name() string { return bot.PlatformTeams }

// Start does nothing: the Bot Framework calls the coach, so there is no
// connection to make, and the credentials are proven by the first send
// (Check proves them on demand).
func (a *Adapter) Start(context.Context) error { return nil }

// Connected is always true: there is no connection to lose.
func (a *Adapter) Connected() bool { return true }

// Route is where HTTPHandler is mounted.
func (a *Adapter) Route() string { return "POST /api/messages" }

// HTTPHandler returns the handler for the bot's messaging endpoint, to be
// mounted at POST /api/messages.
func (a *Adapter) HTTPHandler() http.Handler { return http.HandlerFunc(a.serveMessages) }

// Sender returns what delivers the engine's replies to Teams; register it
// with the engine as bot.PlatformTeams.
func (a *Adapter) Sender() bot.Sender { return sender{a} }

// joinWindow is how long a second join of the same channel is ignored.
// Teams announces one installation twice (installationUpdate and a
// conversationUpdate with the bot among membersAdded), with different
// activity ids; only the first should greet the team.
const joinWindow = 2 * time.Minute

// defaultHTTPClient has the timeouts the standard client lacks.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 20 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   16,
			ForceAttemptHTTP2:     true,
		},
	}
}
