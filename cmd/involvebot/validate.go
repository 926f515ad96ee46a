package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
)

// Validation of a configuration, after decoding. The platforms' settings
// are the adapters' to check (slack.Config.Check, teams.Config.Check).

// LoadConfig reads the TOML file at path over DefaultConfig, applies the
// secrets found through getenv (os.Getenv in production) and validates the
// result. Every error starts with path and, where known, the line.
func LoadConfig(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read config: %w", path, err)
	}
	return parseConfig(path, data, getenv)
}

// ParseConfig is LoadConfig for a document already in memory; its errors
// start with the line instead of a file name.
func ParseConfig(data []byte, getenv func(string) string) (*Config, error) {
	return parseConfig("", data, getenv)
}

func parseConfig(file string, data []byte, getenv func(string) string) (*Config, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // left by some Windows editors
	idx := indexDocument(data)
	cfg := DefaultConfig()
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		errs := decodeErrors(err, idx)
		if errs == nil {
			errs = []*ConfigError{{Msg: err.Error()}}
		}
		return nil, joinErrors(file, errs)
	}
	// The decoder matches keys regardless of case, but TOML keys are case
	// sensitive: "Language" next to "language" would silently win or lose.
	if errs := idx.unknownKeys(); len(errs) > 0 {
		return nil, joinErrors(file, errs)
	}
	fromEnv := cfg.applyEnv(getenv)
	errs := cfg.problems()
	for _, e := range errs {
		if env, ok := fromEnv[e.Key]; ok {
			e.Env = env
		} else {
			e.Line = idx.lineOf(e.Key, e.near)
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(file, errs)
	}
	return cfg, nil
}

// ConfigError is one problem with a configuration: where it is, which key it
// concerns and what is wrong. It never holds a secret value.
type ConfigError struct {
	File   string // empty when parsing bytes
	Line   int    // 0 when unknown or when the value came from the environment
	Column int    // set only for syntax errors, which have no key
	Key    string // dotted, such as "nudge.timezone"
	Env    string // the environment variable the value came from, if any
	Msg    string

	near string // the key to point at when Key is not in the document, such as slack.enabled
}

// Error returns the problem as "file:line: key: message".
func (e *ConfigError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	if e.Env != "" {
		fmt.Fprintf(&b, " (value from %s)", e.Env)
	}
	return b.String()
}

func joinErrors(file string, errs []*ConfigError) error {
	if len(errs) == 0 {
		return nil
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		e.File = file
		all[i] = e
	}
	if len(all) == 1 {
		return all[0]
	}
	return errors.Join(all...)
}

// Validate checks every setting. It also brings some to their canonical form:
// channel prefixes in lower case, slack.api_url ending in "/", and
// Nudge.Location loaded from Nudge.Timezone. Validating twice gives the same result.
func (c *Config) Validate() error {
	return joinErrors("", c.problems())
}

type problems []*ConfigError

func (p *problems) add(key, format string, args ...any) *ConfigError {
	e := &ConfigError{Key: key, Msg: fmt.Sprintf(format, args...)}
	*p = append(*p, e)
	return e
}

// required reports a missing secret of an enabled platform, pointing at the
// line that enabled it.
func (p *problems) required(key, enabledKey, why string) {
	msg := "required when " + enabledKey + " is true"
	if why != "" {
		msg += ": " + why
	}
	p.add(key, "%s; set it here or in %s", msg, envFor(key)).near = enabledKey
}

func (c *Config) problems() []*ConfigError {
	var p problems
	c.checkCoach(&p)
	c.checkStorage(&p)
	c.checkNudge(&p)
	c.checkHTTP(&p)
	c.checkLog(&p)
	c.checkSlack(&p)
	c.checkTeams(&p)
	c.checkDigest(&p)
	c.checkResidents(&p)
	return p
}

func (c *Config) checkCoach(p *problems) {
	switch c.Coach.Language {
	case "nb", "nn", "en":
	default:
		p.add("coach.language", `%q is not supported; use "nb" (Norwegian Bokmål), "nn" (Norwegian Nynorsk) or "en" (English)`, c.Coach.Language)
	}
	prefixes := slices.Clone(c.Coach.CaseChannelPrefixes)
	for i, prefix := range prefixes {
		if strings.TrimSpace(prefix) == "" {
			p.add("coach.case_channel_prefixes", "item %d is empty; a prefix such as \"sak-\" is needed", i+1)
		}
		prefixes[i] = strings.ToLower(prefix) // channel names are lower case
	}
	c.Coach.CaseChannelPrefixes = prefixes
}

func (c *Config) checkStorage(p *problems) {
	if c.Storage.Path == "" {
		p.add("storage.path", "must name the database file, such as \"involve.db\"")
	}
	if c.Storage.ClosedRetentionDays < 0 {
		p.add("storage.closed_retention_days", "must be 0 (keep forever) or more, not %d", c.Storage.ClosedRetentionDays)
	}
	c.checkEtcd(p)
}

func (c *Config) checkNudge(p *problems) {
	n := &c.Nudge
	if n.Timezone == "" {
		p.add("nudge.timezone", "must name a time zone, such as %q", defaultTimezone)
	} else if loc, err := time.LoadLocation(n.Timezone); err != nil {
		p.add("nudge.timezone", "unknown time zone %q", n.Timezone)
	} else {
		n.Location = loc
	}
	// The cron parser reads a leading TZ= itself, and panics when nothing follows it.
	if spec := strings.TrimSpace(n.Schedule); strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		p.add("nudge.schedule", "set the time zone in nudge.timezone, not in the schedule")
	} else if _, err := cron.ParseStandard(n.Schedule); err != nil {
		p.add("nudge.schedule", "invalid schedule %q: %v; use five fields such as \"0 9 * * MON\" or a descriptor such as \"@weekly\"", n.Schedule, err)
	}
}

func (c *Config) checkHTTP(p *problems) {
	_, port, err := net.SplitHostPort(c.HTTP.Listen)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		p.add("http.listen", "%q is not a host:port address such as \"127.0.0.1:3000\" or \":3000\"", c.HTTP.Listen)
	}
}

func (c *Config) checkLog(p *problems) {
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		p.add("log.level", "%q is not one of debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		p.add("log.format", "%q is not one of text, json", c.Log.Format)
	}
}

// checkSlack asks the Slack adapter, which owns its settings' rules.
func (c *Config) checkSlack(p *problems) {
	ac := c.Slack.adapter(nil)
	p.fromAdapter("slack", ac.Check(c.Slack.Enabled))
	c.Slack.APIURL = ac.APIURL // in its canonical form
}

// checkTeams asks the Teams adapter, which owns its settings' rules. The
// token URL is checked as written: empty means the tenant's endpoint.
func (c *Config) checkTeams(p *problems) {
	ac := c.Teams.adapter()
	ac.TokenURL = c.Teams.TokenURL
	p.fromAdapter("teams", ac.Check(c.Teams.Enabled))
}

// fromAdapter adds the problems a platform's Config.Check found, under the
// platform's table.
func (p *problems) fromAdapter(table string, found []bot.ConfigProblem) {
	for _, f := range found {
		key := table + "." + f.Key
		if f.Required {
			p.required(key, table+".enabled", f.Msg)
			continue
		}
		p.add(key, "%s", f.Msg)
	}
}
