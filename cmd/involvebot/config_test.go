package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv that reads from m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeConfig writes doc to config.toml in a temporary directory.
func writeConfig(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// configErrorTests is what a broken configuration must be told. Each want is
// a piece of the message, most of them "config.toml:LINE: KEY: ...".
var configErrorTests = []struct {
	name   string
	doc    string
	env    map[string]string
	want   []string
	secret string // must not appear in the message
}{
	{
		name: "unknown key in a known table",
		doc:  "[coach]\nlanguage = \"nb\"\nlangauge = \"en\"\n",
		want: []string{"config.toml:3: coach.langauge: unknown key", "did you mean coach.language?"},
	},
	{
		name: "unknown table",
		doc:  "[coach]\nauto_start = false\n\n[slak]\nenabled = true\n",
		want: []string{"config.toml:4: slak: unknown table", "did you mean slack?"},
	},
	{
		name: "unknown key in a nested table header",
		doc:  "[coach]\n\n[coach.extra]\nx = 1\n",
		want: []string{"config.toml:3: coach.extra: unknown table"},
	},
	{
		name: "unknown key inside an inline table",
		doc:  "# zone\nnudge = { timezone = \"Europe/Oslo\", tz = \"UTC\" }\n",
		want: []string{"config.toml:2: nudge.tz: unknown key"},
	},
	{
		name: "unknown dotted key",
		doc:  "\nslack.enabled = false\nslack.token = \"xoxb-hidden\"\n",
		want: []string{"config.toml:3: slack.token: unknown key"},
	},
	{
		name: "key outside its table",
		doc:  "language = \"en\"\n[coach]\n",
		want: []string{"config.toml:1: language: unknown key", "did you mean coach.language, under [coach]?"},
	},
	{
		name: "every unknown key at once",
		doc:  "[coach]\nlang = \"nb\"\n[nudge]\nday = \"monday\"\n",
		want: []string{"config.toml:2: coach.lang: unknown key", "config.toml:4: nudge.day: unknown key"},
	},
	{
		name: "key in the wrong case",
		doc:  "[coach]\nlanguage = \"nb\"\nLanguage = \"en\"\n",
		want: []string{"config.toml:3: coach.Language: unknown key (did you mean coach.language?)"},
	},
	{
		name: "table in the wrong case",
		doc:  "[Nudge]\nenabled = false\n",
		want: []string{"config.toml:1: Nudge: unknown table (did you mean nudge?)"},
	},
	{
		name: "wrong type for a boolean",
		doc:  "[nudge]\nschedule = \"@weekly\"\nenabled = \"yes\"\n",
		want: []string{"config.toml:3: nudge.enabled: expected a boolean (true or false), found a string"},
	},
	{
		name: "wrong type for an integer",
		doc:  "[storage]\nclosed_retention_days = \"30\"\n",
		want: []string{"config.toml:2: storage.closed_retention_days: expected an integer, found a string"},
	},
	{
		name: "wrong type inside an array",
		doc:  "[coach]\ncase_channel_prefixes = [\"sak-\", 3]\n",
		want: []string{"config.toml:2: coach.case_channel_prefixes: expected an array of strings, found an array holding an integer"},
	},
	{
		name: "string instead of an array",
		doc:  "[coach]\ncase_channel_prefixes = \"sak-\"\n",
		want: []string{"config.toml:2: coach.case_channel_prefixes: expected an array of strings, found a string"},
	},
	{
		name: "value instead of a table",
		doc:  "\ncoach = \"nb\"\n",
		want: []string{"config.toml:2: coach: expected a table, found a string"},
	},
	{
		name: "table instead of a value",
		doc:  "[coach]\n[coach.language]\nname = \"nb\"\n",
		want: []string{"config.toml:2: coach.language: expected a string, found a table"},
	},
	{
		name: "array of tables instead of a table",
		doc:  "[[slack]]\nenabled = false\n",
		want: []string{"config.toml:1: slack: expected a table, found an array of tables"},
	},
	{
		name:   "wrong type for a secret does not show it",
		doc:    "[slack]\nbot_token = 1234567890\n",
		want:   []string{"config.toml:2: slack.bot_token: expected a string, found an integer"},
		secret: "1234567890",
	},
	{
		name: "integer out of range",
		doc:  "[storage]\nclosed_retention_days = 99999999999999999999\n",
		want: []string{"config.toml:2: storage.closed_retention_days: "},
	},
	{
		name: "syntax error",
		doc:  "[coach]\nlanguage = \n",
		want: []string{"config.toml:2:"},
	},
	{
		name: "unclosed table header",
		doc:  "[coach]\nauto_start = true\n[nudge\n",
		want: []string{"config.toml:3:"},
	},
	{
		name: "duplicate key",
		doc:  "[log]\nlevel = \"info\"\nlevel = \"debug\"\n",
		want: []string{"config.toml:3: log.level: "},
	},
	{
		name: "bad language",
		doc:  "[coach]\n\nlanguage = \"no\"\n",
		want: []string{`config.toml:3: coach.language: "no" is not supported`, `"nb"`, `"en"`},
	},
	{
		name: "empty channel prefix",
		doc:  "[coach]\ncase_channel_prefixes = [\"sak-\", \"\"]\n",
		want: []string{"config.toml:2: coach.case_channel_prefixes: item 2 is empty"},
	},
	{
		name: "negative retention",
		doc:  "[storage]\npath = \"x.db\"\nclosed_retention_days = -1\n",
		want: []string{"config.toml:3: storage.closed_retention_days: must be 0 (keep forever) or more"},
	},
	{
		name: "empty storage path",
		doc:  "[storage]\npath = \"\"\n",
		want: []string{"config.toml:2: storage.path: "},
	},
	{
		name: "bad timezone",
		doc:  "# weekly\n\n[nudge]\nenabled = true\nschedule = \"0 9 * * MON\"\nskip_holidays = true\ntimezone = \"Europe/Olso\"\n",
		want: []string{`config.toml:7: nudge.timezone: unknown time zone "Europe/Olso"`},
	},
	{
		name: "empty timezone",
		doc:  "[nudge]\ntimezone = \"\"\n",
		want: []string{"config.toml:2: nudge.timezone: must name a time zone"},
	},
	{
		name: "bad cron spec",
		doc:  "[nudge]\nschedule = \"0 9 * *\"\n",
		want: []string{`config.toml:2: nudge.schedule: invalid schedule "0 9 * *"`},
	},
	{
		name: "bad cron field",
		doc:  "[nudge]\nschedule = \"0 25 * * MON\"\n",
		want: []string{"config.toml:2: nudge.schedule: invalid schedule"},
	},
	{
		name: "bad cron descriptor",
		doc:  "[nudge]\nschedule = \"@fortnightly\"\n",
		want: []string{"config.toml:2: nudge.schedule: invalid schedule"},
	},
	{
		name: "time zone inside the cron spec",
		doc:  "[nudge]\nschedule = \"TZ=UTC\"\n",
		want: []string{"config.toml:2: nudge.schedule: set the time zone in nudge.timezone"},
	},
	{
		name: "listen without a port",
		doc:  "[http]\nlisten = \"localhost\"\n",
		want: []string{`config.toml:2: http.listen: "localhost" is not a host:port address`},
	},
	{
		name: "listen with a bad port",
		doc:  "[http]\nlisten = \":99999\"\n",
		want: []string{"config.toml:2: http.listen: "},
	},
	{
		name: "bad log level and format together",
		doc:  "[log]\nlevel = \"verbose\"\nformat = \"xml\"\n",
		want: []string{`config.toml:2: log.level: "verbose"`, `config.toml:3: log.format: "xml"`},
	},
	{
		name: "bad slack mode",
		doc:  "[slack]\nmode = \"events\"\n",
		want: []string{`config.toml:2: slack.mode: "events" is not one of socket`},
	},
	{
		name: "relative slack api url",
		doc:  "[slack]\napi_url = \"slack.com/api/\"\n",
		want: []string{"config.toml:2: slack.api_url: must be an absolute http or https URL"},
	},
	{
		name: "bad teams token url",
		doc:  "[teams]\ntoken_url = \"ftp://login.example/token\"\n",
		want: []string{"config.toml:2: teams.token_url: must be an absolute https URL"},
	},
	{
		name: "teams token url over plain http",
		doc:  "[teams]\ntoken_url = \"http://login.microsoftonline.com/t/oauth2/v2.0/token\"\n",
		want: []string{"config.toml:2: teams.token_url: must be an absolute https URL (http only to the loopback interface)"},
	},
	{
		name: "bad teams metadata url",
		doc:  "[teams]\nopenid_metadata_url = \"\"\n",
		want: []string{"config.toml:2: teams.openid_metadata_url: must be an absolute https URL"},
	},
	{
		name: "teams metadata url over plain http",
		doc:  "[teams]\nopenid_metadata_url = \"http://login.botframework.com/v1/.well-known/openidconfiguration\"\n",
		want: []string{"config.toml:2: teams.openid_metadata_url: must be an absolute https URL (http only to the loopback interface)"},
	},
	{
		name: "bad teams pace",
		doc:  "[teams]\npace = \"yes\"\n",
		want: []string{"config.toml:2: teams.pace"},
	},
	{
		name: "bad tenant id",
		doc:  "[teams]\ntenant_id = \"../evil\"\n",
		want: []string{"config.toml:2: teams.tenant_id: "},
	},
	{
		name: "slack enabled without a bot token",
		doc:  "[slack]\n# on\nenabled = true\napp_token = \"xapp-1-abc\"\n",
		want: []string{"config.toml:3: slack.bot_token: required when slack.enabled is true", "SLACK_BOT_TOKEN"},
	},
	{
		name: "socket mode without an app token",
		doc:  "[slack]\nenabled = true\nbot_token = \"xoxb-1-abc\"\n",
		want: []string{"config.toml:2: slack.app_token: required when slack.enabled is true", "SLACK_APP_TOKEN"},
	},
	{
		name: "http mode without a signing secret",
		doc:  "[slack]\nmode = \"http\"\nenabled = true\nbot_token = \"xoxb-1-abc\"\n",
		want: []string{"config.toml:3: slack.signing_secret: required when slack.enabled is true", "SLACK_SIGNING_SECRET"},
	},
	{
		name:   "app token given as the bot token",
		doc:    "[slack]\nenabled = true\nbot_token = \"xapp-1-A0-topsecret\"\napp_token = \"xapp-1-A0-other\"\n",
		want:   []string{`config.toml:3: slack.bot_token: must be the Bot User OAuth Token, which starts with "xoxb-"`, "app-level token"},
		secret: "topsecret",
	},
	{
		name:   "bot token given as the app token",
		doc:    "[slack]\nenabled = true\nbot_token = \"xoxb-1-abc\"\napp_token = \"xoxb-1-topsecret\"\n",
		want:   []string{`config.toml:4: slack.app_token: must be an app-level token, which starts with "xapp-"`, "a bot token"},
		secret: "topsecret",
	},
	{
		name:   "wrong token kind from the environment",
		doc:    "[slack]\nenabled = true\nbot_token = \"xoxb-1-file\"\napp_token = \"xapp-1-abc\"\n",
		env:    map[string]string{"SLACK_BOT_TOKEN": "xoxp-1-topsecret"},
		want:   []string{"config.toml: slack.bot_token: must be the Bot User OAuth Token", "a user token", "(value from SLACK_BOT_TOKEN)"},
		secret: "topsecret",
	},
	{
		name: "teams enabled without an app id",
		doc:  "[teams]\nenabled = true\napp_password = \"pw\"\n",
		want: []string{"config.toml:2: teams.app_id: required when teams.enabled is true", "lets any request through", "MICROSOFT_APP_ID"},
	},
	{
		name: "teams enabled without a password",
		doc:  "[teams]\nenabled = true\n",
		env:  map[string]string{"MICROSOFT_APP_ID": "00000000-0000-0000-0000-000000000000"},
		want: []string{"config.toml:2: teams.app_password: required when teams.enabled is true", "MICROSOFT_APP_PASSWORD"},
	},
	{
		name: "enabled by a dotted key",
		doc:  "\n\nslack.enabled = true\nslack.app_token = \"xapp-1\"\n",
		want: []string{"config.toml:3: slack.bot_token: required"},
	},
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tt := range configErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc)
			cfg, err := LoadConfig(path, env(tt.env))
			if err == nil {
				t.Fatalf("LoadConfig succeeded with %+v; want an error", cfg)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path) {
				t.Errorf("error does not start with the file name %s:\n%s", path, msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if tt.secret != "" && strings.Contains(msg, tt.secret) {
				t.Errorf("error shows a secret:\n%s", msg)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %T holds no *ConfigError", err)
			}
		})
	}
}

func TestParseConfigErrorNamesTheLine(t *testing.T) {
	_, err := ParseConfig([]byte("[nudge]\n\ntimezone = \"Mars/Olympus\"\n"), nil)
	want := `line 3: nudge.timezone: unknown time zone "Mars/Olympus"`
	if err == nil || err.Error() != want {
		t.Fatalf("ParseConfig error = %v; want %s", err, want)
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.toml")
	_, err := LoadConfig(path, nil)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadConfig(missing) error = %v; want one starting with the path and matching fs.ErrNotExist", err)
	}
}

func TestEnvironmentWinsOverFile(t *testing.T) {
	doc := `
[http]
admin_token = "file-admin"
[slack]
enabled = true
mode = "http"
bot_token = "xoxb-file"
app_token = "xapp-file"
signing_secret = "file-secret"
[teams]
enabled = true
app_id = "file-id"
app_password = "file-password"
tenant_id = "file-tenant"
`
	getenv := env(map[string]string{
		"SLACK_BOT_TOKEN":         "xoxb-env",
		"SLACK_APP_TOKEN":         "xapp-env",
		"SLACK_SIGNING_SECRET":    " env-secret\n",
		"MICROSOFT_APP_ID":        "env-id",
		"MICROSOFT_APP_PASSWORD":  "env-password",
		"MICROSOFT_APP_TENANT_ID": "env-tenant",
		"INVOLVE_ADMIN_TOKEN":     "env-admin",
	})
	cfg, err := LoadConfig(writeConfig(t, doc), getenv)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cfg.Slack.BotToken, cfg.Slack.AppToken, cfg.Slack.SigningSecret,
		cfg.Teams.AppID, cfg.Teams.AppPassword, cfg.Teams.TenantID, cfg.HTTP.AdminToken}
	want := []string{"xoxb-env", "xapp-env", "env-secret", "env-id", "env-password", "env-tenant", "env-admin"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("secrets = %q; want %q", got, want)
	}

	// An empty variable leaves the file's value alone.
	cfg, err = LoadConfig(writeConfig(t, doc), env(map[string]string{"SLACK_BOT_TOKEN": ""}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Slack.BotToken != "xoxb-file" || cfg.Teams.AppID != "file-id" {
		t.Errorf("with an empty environment: bot token %q, app id %q; want the file's", cfg.Slack.BotToken, cfg.Teams.AppID)
	}
}

func TestSecretsOnlyFromEnvironment(t *testing.T) {
	doc := "[slack]\nenabled = true\n[teams]\nenabled = true\n"
	getenv := env(map[string]string{
		"SLACK_BOT_TOKEN":        "xoxb-1",
		"SLACK_APP_TOKEN":        "xapp-1",
		"MICROSOFT_APP_ID":       "id",
		"MICROSOFT_APP_PASSWORD": "pw",
	})
	if _, err := LoadConfig(writeConfig(t, doc), getenv); err != nil {
		t.Fatal(err)
	}
}

// normalized returns c with Location left out, for comparison; the
// location is checked by name.
func normalized(t *testing.T, c *Config) Config {
	t.Helper()
	if c.Nudge.Location == nil || c.Nudge.Location.String() != c.Nudge.Timezone {
		t.Errorf("Nudge.Location = %v; want %s", c.Nudge.Location, c.Nudge.Timezone)
	}
	n := *c
	n.Nudge.Location = nil
	return n
}

func TestDefaultsWhenFileIsNearlyEmpty(t *testing.T) {
	for _, doc := range []string{"", "# nothing to see\n", "\ufeff[coach]\n", "[slack]\n[teams]\n"} {
		cfg, err := LoadConfig(writeConfig(t, doc), nil)
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if got, want := normalized(t, cfg), normalized(t, DefaultConfig()); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v\nwant %+v", doc, got, want)
		}
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	want := Config{
		Coach:     CoachConfig{Language: "nb", CaseChannelPrefixes: []string{"sak-", "case-"}, AutoStart: true},
		Storage:   StorageConfig{Path: "involve.db", EtcdConfig: EtcdConfig{Backend: "bbolt", EtcdPrefix: "/involve/", EtcdDialTimeout: "5s", DialTimeout: 5 * time.Second}},
		Nudge:     NudgeConfig{Schedule: "0 9 * * MON", Timezone: "Europe/Oslo", SkipHolidays: true, Enabled: true},
		HTTP:      HTTPConfig{Listen: "127.0.0.1:3000"},
		Log:       LogConfig{Level: "info", Format: "text"},
		Slack:     SlackConfig{Mode: "socket", APIURL: "https://slack.com/api/", Pace: true},
		Teams:     TeamsConfig{OpenIDMetadataURL: "https://login.botframework.com/v1/.well-known/openidconfiguration", Pace: true},
		Digest:    DigestConfig{Schedule: "0 8 * * MON"},
		Residents: defaultResidents(),
	}
	if got := normalized(t, c); !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultConfig() = %+v\nwant %+v", got, want)
	}
}

func TestExampleFileLoads(t *testing.T) {
	const path = "../../config.example.toml"
	cfg, err := LoadConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := normalized(t, cfg), normalized(t, DefaultConfig()); !reflect.DeepEqual(got, want) {
		t.Errorf("the example's values are not the defaults:\ngot  %+v\nwant %+v", got, want)
	}

	// Every key is in the example, so it documents them all.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	idx := indexDocument(data)
	for _, table := range reflect.VisibleFields(reflect.TypeFor[Config]()) {
		for _, f := range reflect.VisibleFields(table.Type) {
			tag := f.Tag.Get("toml")
			if tag == "-" || f.Anonymous { // an embedded struct's keys are its fields
				continue
			}
			if key := table.Tag.Get("toml") + "." + tag; idx.lines[key] == 0 {
				t.Errorf("%s is missing from the example", key)
			}
		}
	}
}

func TestValidateNormalizes(t *testing.T) {
	doc := `
[coach]
case_channel_prefixes = ["Sak-", "PROSJEKT-"]
[nudge]
timezone = "America/New_York"
schedule = "@every 1h"
[slack]
api_url = "http://127.0.0.1:9999/api"
`
	cfg, err := ParseConfig([]byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sak-", "prosjekt-"}; !reflect.DeepEqual(cfg.Coach.CaseChannelPrefixes, want) {
		t.Errorf("prefixes = %q; want %q", cfg.Coach.CaseChannelPrefixes, want)
	}
	if want := "http://127.0.0.1:9999/api/"; cfg.Slack.APIURL != want {
		t.Errorf("api_url = %q; want %q", cfg.Slack.APIURL, want)
	}
	if cfg.Nudge.Location == nil || cfg.Nudge.Location.String() != "America/New_York" {
		t.Errorf("Location = %v; want America/New_York", cfg.Nudge.Location)
	}
	before := *cfg
	if err := cfg.Validate(); err != nil || !reflect.DeepEqual(before, *cfg) {
		t.Errorf("validating again: %v, changed %+v to %+v", err, before, *cfg)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := DefaultConfig()
	c.Coach.Language = "de"
	c.Log.Format = "xml"
	c.Slack.Enabled = true
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate() = nil")
	}
	for _, w := range []string{"coach.language: ", "log.format: ", "slack.bot_token: ", "slack.app_token: "} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestEffectiveTokenURL(t *testing.T) {
	tests := []struct {
		cfg  TeamsConfig
		want string
	}{
		{TeamsConfig{}, "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"},
		{TeamsConfig{TenantID: "8c5f2a3e-0000-4000-8000-000000000001"}, "https://login.microsoftonline.com/8c5f2a3e-0000-4000-8000-000000000001/oauth2/v2.0/token"},
		{TeamsConfig{TenantID: "x", TokenURL: "http://127.0.0.1:1/token"}, "http://127.0.0.1:1/token"},
	}
	for _, tt := range tests {
		if got := tt.cfg.EffectiveTokenURL(); got != tt.want {
			t.Errorf("%+v.EffectiveTokenURL() = %q; want %q", tt.cfg, got, tt.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	example, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	for _, tt := range configErrorTests {
		f.Add([]byte(tt.doc))
	}
	f.Add([]byte("[nudge]\nschedule = \"CRON_TZ=Europe/Oslo\"\n"))
	f.Add([]byte("a = { b = { c = [1, { d = 2 }] } }\n\"quoted key\".x = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ParseConfig accepted a config that Validate rejects: %v", err)
		}
	})
}

// slack.pace is on unless a file turns it off.
func TestSlackPace(t *testing.T) {
	for doc, want := range map[string]bool{
		"":                           true,
		"[slack]\npace = true\n":     true,
		"[slack]\npace = false\n":    false,
		"[slack]\nmode = \"http\"\n": true,
	} {
		cfg, err := ParseConfig([]byte(doc), func(string) string { return "" })
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if cfg.Slack.Pace != want {
			t.Errorf("%q: pace %v, want %v", doc, cfg.Slack.Pace, want)
		}
	}
	if _, err := ParseConfig([]byte("[slack]\npace = \"yes\"\n"), func(string) string { return "" }); err == nil ||
		!strings.Contains(err.Error(), "pace") {
		t.Errorf("a string for pace: %v", err)
	}
}
