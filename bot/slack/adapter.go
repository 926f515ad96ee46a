package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/recent"
)

// The transports.
const (
	ModeSocket = "socket" // Socket Mode: no public URL needed (the default)
	ModeHTTP   = "http"   // the HTTP Events API on POST /slack/events
)

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = "https://slack.com/api/"

// Adapter is the Slack side of the coach.
type Adapter struct {
	cfg    Config
	api    webAPI
	client *slack.Client // for Socket Mode; nil when built over a fake
	h      bot.Handler
	log    *slog.Logger
	send   *sender
	names  *nameCache
	joined *recent.Set

	self      atomic.Pointer[identity]
	started   atomic.Bool
	connected atomic.Bool

	// commandTimeout bounds the work behind a slash command's answer, so
	// it always comes within Slack's three seconds.
	commandTimeout time.Duration
	// eventTimeout bounds the work behind an HTTP event delivery, which
	// Slack retries when it takes more than three seconds.
	eventTimeout time.Duration
	// now is the clock, for the arrival time of slash commands.
	now func() time.Time
	// drainGrace is how long queued Socket Mode work may take at
	// shutdown before it is abandoned unacknowledged.
	drainGrace time.Duration

	obs Observer
}

// New returns an adapter that hands what it receives to h. Call Start
// before serving.
func New(cfg Config, h bot.Handler, log *slog.Logger) (*Adapter, error) {
	cfg = cfg.withDefaults()
	if err := cfg.err(); err != nil {
		return nil, err
	}
	opts := []slack.Option{
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionHTTPClient(cfg.HTTPClient),
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	a, err := newAdapter(cfg, client, h, log)
	if err != nil {
		return nil, err
	}
	a.client = client
	return a, nil
}

// newAdapter builds an adapter over any implementation of the Web API.
func newAdapter(cfg Config, api webAPI, h bot.Handler, log *slog.Logger) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("slack: no handler")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	a := &Adapter{
		cfg:            cfg,
		api:            api,
		h:              h,
		log:            log,
		obs:            cfg.Observer,
		send:           newSender(api, !cfg.NoPace, cfg.Observer),
		joined:         &recent.Set{TTL: 10 * time.Minute},
		commandTimeout: 2500 * time.Millisecond,
		eventTimeout:   2500 * time.Millisecond,
		now:            time.Now,
		drainGrace:     drainGrace,
	}
	a.names = newNameCache(a.fetchName)
	a.self.Store(&identity{})
	return a, nil
}

// Start asks Slack who the coach is (auth.test), which also proves the bot
// token. It fails with a message that names the setting to fix.
func (a *Adapter) Start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	resp, err := a.api.AuthTestContext(ctx)
	if err != nil {
		switch code := apiError(err); code {
		case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "not_allowed_token_type":
			return fmt.Errorf("slack: auth.test: %s — check slack.bot_token / SLACK_BOT_TOKEN", code)
		}
		return fmt.Errorf("slack: auth.test: %w (is slack.api_url %q reachable?)", err, a.cfg.APIURL)
	}
	if resp.UserID == "" {
		return errors.New("slack: auth.test: no user id — slack.bot_token / SLACK_BOT_TOKEN must be a bot token (xoxb-…)")
	}
	a.self.Store(&identity{UserID: resp.UserID, BotID: resp.BotID, TeamID: resp.TeamID, EnterpriseID: resp.EnterpriseID})
	a.started.Store(true)
	a.log.Info("slack: signed in", "user_id", resp.UserID, "bot_id", resp.BotID, "team", resp.Team, "team_id", resp.TeamID,
		"enterprise_id", resp.EnterpriseID, "mode", a.cfg.Mode)
	return nil
}

// Sender returns what the engine delivers Slack replies through.
func (a *Adapter) Sender() bot.Sender { return a.send }

var (
	_ bot.Platform     = (*Adapter)(nil)
	_ bot.HTTPPlatform = (*Adapter)(nil)
)

// Name is bot.PlatformSlack.
func (a *Adapter) Name() string { return bot.PlatformSlack }

// Route is where HTTPHandler is mounted in HTTP mode; in Socket Mode the
// adapter takes no requests and Route is empty.
func (a *Adapter) Route() string {
	if a.cfg.Mode == ModeHTTP {
		return "POST /slack/events"
	}
	return ""
}

// Connected reports whether the adapter can receive: in Socket Mode, the
// websocket is up; in HTTP mode, Start succeeded.
func (a *Adapter) Connected() bool {
	if a.cfg.Mode == ModeHTTP {
		return a.started.Load()
	}
	return a.connected.Load()
}

// Run receives from Slack until ctx ends. In Socket Mode it keeps the
// websocket up (reconnecting as needed) and returns an error only when
// Slack refuses the app token; in HTTP mode it only waits, the work being
// done by HTTPHandler.
func (a *Adapter) Run(ctx context.Context) error {
	if a.cfg.Mode == ModeHTTP {
		<-ctx.Done()
		return nil
	}
	return a.runSocket(ctx)
}

// sameWorkspace reports whether a slash command or interaction comes from
// the workspace (or Enterprise Grid organisation) the bot token belongs to.
func (a *Adapter) sameWorkspace(team, enterprise string) bool {
	return a.self.Load().owns(team, enterprise)
}

// foreign counts and logs a delivery from another workspace.
func (a *Adapter) foreign(kind string) {
	a.obs.Foreign(kind)
	a.log.Warn("slack: ignored a delivery from another workspace", "kind", kind)
}

func (a *Adapter) translator() translator {
	return translator{self: *a.self.Load(), prefixes: a.cfg.Prefixes}
}

// errDropped says an event cannot be handed over and retrying will not
// help (the coach may not join the channel, the channel is gone).
var errDropped = errors.New("slack: event dropped")

// deliver does the Web API work an event needs, then hands it to the
// engine. An error wrapping errDropped is final; any other error is worth
// a retry (the engine has not seen the event, or dedupes it).
func (a *Adapter) deliver(ctx context.Context, in inbound) (bot.Result, error) {
	ev := in.Event
	log := func() *slog.Logger {
		return a.log.With("channel", ev.Channel, "kind", ev.Input.Kind, "event_id", ev.ID)
	}
	switch {
	case in.Join:
		// Remember the channel before joining: Slack may tell of the
		// coach's own member_joined_channel before the join returns.
		a.joined.Add(ev.Channel, a.now())
		if _, _, _, err := a.api.JoinConversationContext(ctx, ev.Channel); err != nil {
			a.joined.Remove(ev.Channel)
			err = classify("conversations.join", err)
			if isPermanent(err) {
				log().Warn("slack: cannot join the new case channel (is the channels:join scope granted?)", "err", err)
				return bot.Result{}, fmt.Errorf("%w: %w", errDropped, err)
			}
			return bot.Result{}, err
		}
	case in.LookupChannel:
		if a.joined.Has(ev.Channel, a.now()) {
			// Joined by the coach itself moments ago: the channel was
			// opened then, from channel_created.
			return bot.Result{}, fmt.Errorf("%w: joined by the coach itself", errDropped)
		}
		ch, err := a.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: ev.Channel})
		if err != nil {
			err = classify("conversations.info", err)
			if isPermanent(err) {
				log().Warn("slack: cannot read the channel the coach was added to", "err", err)
				return bot.Result{}, fmt.Errorf("%w: %w", errDropped, err)
			}
			return bot.Result{}, err
		}
		ev.ChannelName = ch.Name
		ev.Input.Case = a.translator().isCase(ch.Name)
	}
	if ev.Input.User != "" && ev.Input.Name == "" && ev.Input.Kind != dialogs.InputDelete {
		ev.Input.Name = a.names.name(ctx, ev.Input.User)
	}
	res, err := a.h.Handle(ctx, ev)
	if err != nil {
		return res, fmt.Errorf("slack: handle %s: %w", ev.Input.Kind, err)
	}
	if res.Duplicate {
		log().Debug("slack: duplicate event")
	}
	return res, nil
}

// fetchName asks users.info for a display name.
func (a *Adapter) fetchName(ctx context.Context, user string) (string, error) {
	u, err := a.api.GetUserInfoContext(ctx, user)
	if err != nil {
		a.log.Debug("slack: users.info failed", "user", user, "err", err)
		return "", err
	}
	return displayName(u.Profile.DisplayName, u.Profile.RealName, u.Name), nil
}
