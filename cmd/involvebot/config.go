package main

import (
	"strings"
	"time"
	_ "time/tzdata" // nudge.timezone must load on hosts without a zone database

	"github.com/oslo-involve/involve/bot/slack"
	"github.com/oslo-involve/involve/bot/teams"
)

// The configuration's schema and defaults. validate.go checks a
// configuration, tomlpos.go finds the line of a key in the file.

// Config is the whole configuration of the binary, as read from a TOML file.
type Config struct {
	Coach   CoachConfig   `toml:"coach"`
	Storage StorageConfig `toml:"storage"`
	Nudge   NudgeConfig   `toml:"nudge"`
	HTTP    HTTPConfig    `toml:"http"`
	Log     LogConfig     `toml:"log"`
	Slack   SlackConfig   `toml:"slack"`
	Teams   TeamsConfig   `toml:"teams"`
	Digest  DigestConfig  `toml:"digest"`

	Residents ResidentsConfig `toml:"residents"`
}

// CoachConfig holds the settings of the coach itself.
type CoachConfig struct {
	Language            string   `toml:"language"`              // "nb", "nn" or "en"
	CaseChannelPrefixes []string `toml:"case_channel_prefixes"` // lower case after Validate
	AutoStart           bool     `toml:"auto_start"`
}

// StorageConfig holds the settings of the database.
type StorageConfig struct {
	Path                string `toml:"path"`
	ClosedRetentionDays int    `toml:"closed_retention_days"` // 0 keeps closed cases forever
	EtcdConfig                 // backend and etcd_*: config_etcd.go
}

// NudgeConfig holds the settings of the weekly nudge.
type NudgeConfig struct {
	Schedule     string `toml:"schedule"` // what cron.ParseStandard takes
	Timezone     string `toml:"timezone"`
	SkipHolidays bool   `toml:"skip_holidays"`
	Enabled      bool   `toml:"enabled"`

	// Location is Timezone loaded; Validate fills it in.
	Location *time.Location `toml:"-"`
}

// HTTPConfig holds the settings of the HTTP server.
type HTTPConfig struct {
	Listen string `toml:"listen"` // host:port

	// AdminToken guards the backup and export routes. INVOLVE_ADMIN_TOKEN wins over the file.
	AdminToken string `toml:"admin_token"`

	// PublicURL is the https address residents and links reach the server on.
	PublicURL string `toml:"public_url"`
}

// LogConfig holds the settings of the structured log.
type LogConfig struct {
	Level  string `toml:"level"`  // debug, info, warn or error
	Format string `toml:"format"` // text or json
}

// SlackConfig holds the settings of the Slack adapter. The secrets may come
// from SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_SIGNING_SECRET instead.
type SlackConfig struct {
	Enabled       bool   `toml:"enabled"`
	Mode          string `toml:"mode"` // "socket" or "http"
	BotToken      string `toml:"bot_token"`
	AppToken      string `toml:"app_token"`
	SigningSecret string `toml:"signing_secret"`
	APIURL        string `toml:"api_url"` // ends in "/" after Validate
	// Pace keeps posts and reactions within Slack's documented rate
	// limits; false relies on Slack's 429 answers alone.
	Pace bool `toml:"pace"`
}

// TeamsConfig holds the settings of the Teams adapter. The secrets may come
// from MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID instead.
type TeamsConfig struct {
	Enabled           bool   `toml:"enabled"`
	AppID             string `toml:"app_id"`
	AppPassword       string `toml:"app_password"`
	TenantID          string `toml:"tenant_id"`
	OpenIDMetadataURL string `toml:"openid_metadata_url"`
	TokenURL          string `toml:"token_url"` // empty: see EffectiveTokenURL
	// Pace keeps sends to the Bot Connector's documented limits; false
	// leaves it to the Connector's 429s.
	Pace bool `toml:"pace"`
}

// defaultTimezone is where the coach's teams live.
const defaultTimezone = "Europe/Oslo"

// DefaultConfig returns the configuration used for every key a file leaves out.
func DefaultConfig() *Config {
	loc, err := time.LoadLocation(defaultTimezone)
	if err != nil {
		// The zone database is embedded, so this cannot fail.
		panic(err)
	}
	return &Config{
		Coach:   CoachConfig{Language: "nb", CaseChannelPrefixes: []string{"sak-", "case-"}, AutoStart: true},
		Storage: StorageConfig{Path: "involve.db", EtcdConfig: defaultEtcd},
		Nudge: NudgeConfig{
			Schedule:     "0 9 * * MON",
			Timezone:     defaultTimezone,
			SkipHolidays: true,
			Enabled:      true,
			Location:     loc,
		},
		HTTP:   HTTPConfig{Listen: "127.0.0.1:3000"},
		Log:    LogConfig{Level: "info", Format: "text"},
		Slack:  SlackConfig{Mode: slack.ModeSocket, APIURL: slack.DefaultAPIURL, Pace: true},
		Teams:  TeamsConfig{OpenIDMetadataURL: teams.DefaultOpenIDMetadataURL, Pace: true},
		Digest: defaultDigest(),

		Residents: defaultResidents(),
	}
}

// EffectiveTokenURL returns the URL the Teams adapter fetches its access
// tokens from: token_url if set, otherwise the token endpoint of the tenant,
// or of the botframework.com tenant when no tenant is configured.
func (c *TeamsConfig) EffectiveTokenURL() string {
	if c.TokenURL != "" {
		return c.TokenURL
	}
	return teams.TokenURL(c.TenantID)
}

// adapter is the Slack adapter's configuration for these settings.
func (c *SlackConfig) adapter(prefixes []string) slack.Config {
	return slack.Config{Mode: c.Mode, BotToken: c.BotToken, AppToken: c.AppToken, SigningSecret: c.SigningSecret,
		APIURL: c.APIURL, Prefixes: prefixes, NoPace: !c.Pace}
}

// adapter is the Teams adapter's configuration for these settings.
func (c *TeamsConfig) adapter() teams.Config {
	return teams.Config{AppID: c.AppID, AppPassword: c.AppPassword, TenantID: c.TenantID,
		OpenIDMetadataURL: c.OpenIDMetadataURL, TokenURL: c.EffectiveTokenURL(), Unpaced: !c.Pace}
}

// secretEnv lists the settings the environment may provide. A non-empty
// variable wins over the file, so secrets can stay out of it.
var secretEnv = []struct {
	env   string
	key   string
	field func(*Config) *string
}{
	{"SLACK_BOT_TOKEN", "slack.bot_token", func(c *Config) *string { return &c.Slack.BotToken }},
	{"SLACK_APP_TOKEN", "slack.app_token", func(c *Config) *string { return &c.Slack.AppToken }},
	{"SLACK_SIGNING_SECRET", "slack.signing_secret", func(c *Config) *string { return &c.Slack.SigningSecret }},
	{"MICROSOFT_APP_ID", "teams.app_id", func(c *Config) *string { return &c.Teams.AppID }},
	{"MICROSOFT_APP_PASSWORD", "teams.app_password", func(c *Config) *string { return &c.Teams.AppPassword }},
	{"MICROSOFT_APP_TENANT_ID", "teams.tenant_id", func(c *Config) *string { return &c.Teams.TenantID }},
	{"INVOLVE_ADMIN_TOKEN", "http.admin_token", func(c *Config) *string { return &c.HTTP.AdminToken }},
	{"INVOLVE_RESIDENTS_SECRET", "residents.secret", func(c *Config) *string { return &c.Residents.Secret }},
}

// envFor returns the environment variable that can provide key.
func envFor(key string) string {
	for _, s := range secretEnv {
		if s.key == key {
			return s.env
		}
	}
	return ""
}

// applyEnv copies the secrets set in the environment into c and returns the
// keys it set, each with the variable it came from.
func (c *Config) applyEnv(getenv func(string) string) map[string]string {
	set := map[string]string{}
	if getenv == nil {
		return set
	}
	for _, s := range secretEnv {
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.field(c) = v
			set[s.key] = s.env
		}
	}
	return set
}
