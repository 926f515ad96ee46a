package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // nudge.timezone must load on hosts without a zone database

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/robfig/cron/v3"
)

// Config is the whole configuration of the binary, as read from a TOML file.
type Config struct {
	Coach   CoachConfig   `toml:"coach"`
	Storage StorageConfig `toml:"storage"`
	Nudge   NudgeConfig   `toml:"nudge"`
	HTTP    HTTPConfig    `toml:"http"`
	Log     LogConfig     `toml:"log"`
	Slack   SlackConfig   `toml:"slack"`
	Teams   TeamsConfig   `toml:"teams"`
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

const (
	defaultTimezone          = "Europe/Oslo"
	defaultSlackAPIURL       = "https://slack.com/api/"
	defaultOpenIDMetadataURL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
)

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
		HTTP:  HTTPConfig{Listen: "127.0.0.1:3000"},
		Log:   LogConfig{Level: "info", Format: "text"},
		Slack: SlackConfig{Mode: "socket", APIURL: defaultSlackAPIURL, Pace: true},
		Teams: TeamsConfig{OpenIDMetadataURL: defaultOpenIDMetadataURL, Pace: true},
	}
}

// EffectiveTokenURL returns the URL the Teams adapter fetches its access
// tokens from: token_url if set, otherwise the token endpoint of the tenant,
// or of the botframework.com tenant when no tenant is configured.
func (c *TeamsConfig) EffectiveTokenURL() string {
	if c.TokenURL != "" {
		return c.TokenURL
	}
	tenant := c.TenantID
	if tenant == "" {
		tenant = "botframework.com"
	}
	return "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
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

func (c *Config) checkSlack(p *problems) {
	s := &c.Slack
	switch s.Mode {
	case "socket", "http":
	default:
		p.add("slack.mode", "%q is not one of socket (Socket Mode) or http (Events API over HTTP)", s.Mode)
	}
	if !isHTTPURL(s.APIURL) {
		p.add("slack.api_url", "must be an absolute http or https URL, such as %q", defaultSlackAPIURL)
	} else if !strings.HasSuffix(s.APIURL, "/") {
		s.APIURL += "/" // method names are appended to it
	}
	if !s.Enabled {
		return
	}
	switch {
	case s.BotToken == "":
		p.required("slack.bot_token", "slack.enabled", "")
	case !strings.HasPrefix(s.BotToken, "xoxb-"):
		p.add("slack.bot_token", "must be the Bot User OAuth Token, which starts with \"xoxb-\"%s", tokenKind(s.BotToken))
	}
	switch {
	case s.Mode == "socket" && s.AppToken == "":
		p.required("slack.app_token", "slack.enabled", `Socket Mode needs an app-level token ("xapp-")`)
	case s.Mode == "socket" && !strings.HasPrefix(s.AppToken, "xapp-"):
		p.add("slack.app_token", "must be an app-level token, which starts with \"xapp-\"%s", tokenKind(s.AppToken))
	case s.Mode == "http" && s.SigningSecret == "":
		p.required("slack.signing_secret", "slack.enabled", "HTTP mode verifies every request with it")
	}
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

func (c *Config) checkTeams(p *problems) {
	t := &c.Teams
	// The keys that authenticate every request, and the bot's secret, go
	// over these: https only (http to the loopback interface, for tests).
	if !isHTTPSURL(t.OpenIDMetadataURL) {
		p.add("teams.openid_metadata_url", "must be an absolute https URL (http only to the loopback interface), such as %q", defaultOpenIDMetadataURL)
	}
	if t.TokenURL != "" && !isHTTPSURL(t.TokenURL) {
		p.add("teams.token_url", "must be an absolute https URL (http only to the loopback interface), or empty for the tenant's token endpoint")
	}
	if strings.ContainsFunc(t.TenantID, func(r rune) bool {
		return !(r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		p.add("teams.tenant_id", "must be a tenant ID (a GUID) or a domain such as \"contoso.onmicrosoft.com\"")
	}
	if !t.Enabled {
		return
	}
	const open = "without it the Bot Framework library skips authentication and lets any request through"
	if t.AppID == "" {
		p.required("teams.app_id", "teams.enabled", open)
	}
	if t.AppPassword == "" {
		p.required("teams.app_password", "teams.enabled", "the bot needs it to get tokens for its replies")
	}
}

// isHTTPSURL reports whether s is an absolute https URL, or an http URL
// whose host is the loopback interface.
func isHTTPSURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// mismatch and misplacedTable match the library's messages for a value of
// the wrong type; the first group is what the document holds.
var (
	mismatch       = regexp.MustCompile(`^cannot decode TOML (.+?) into `)
	misplacedTable = regexp.MustCompile(`^cannot store (?:a|an) (table|array table) in `)
)

// decodeErrors turns the decoder's error into ConfigErrors, or returns nil
// when it is not a decoding error.
func decodeErrors(err error, idx *docIndex) []*ConfigError {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []*ConfigError
		for i := range strict.Errors {
			de := &strict.Errors[i]
			line, col := de.Position()
			key := idx.keyAt(line, col, de.Key())
			msg := "unknown key"
			if strings.Contains(de.Error(), "missing table") {
				msg = "unknown table"
			}
			errs = append(errs, &ConfigError{Line: line, Key: key, Msg: msg + suggest(key)})
		}
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return errs
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return nil
	}
	line, col := de.Position()
	e := &ConfigError{Line: line, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	if len(de.Key()) > 0 {
		e.Key = idx.keyAt(line, col, de.Key())
	}
	if e.Key != "" {
		if m := mismatch.FindStringSubmatch(e.Msg); m != nil {
			e.Msg = wrongType(e.Key, m[1], idx.arrays[e.Key])
		} else if m := misplacedTable.FindStringSubmatch(e.Msg); m != nil {
			e.Msg = wrongType(e.Key, strings.Replace(m[1], "array table", "array of tables", 1), false)
		}
	}
	if e.Key == "" {
		e.Column = col
	}
	return []*ConfigError{e}
}

// wrongType explains a value of the wrong type without repeating the value,
// which may be a secret.
func wrongType(key, found string, inArray bool) string {
	if found == "inline table" {
		found = "table"
	}
	found = withArticle(found)
	if inArray && found != "an array" {
		found = "an array holding " + found
	}
	t, ok := fieldType(strings.Split(key, "."))
	if !ok {
		return "wrong type: found " + found
	}
	want := "a " + t.Kind().String()
	switch t.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Bool:
		want = "a boolean (true or false)"
	case reflect.Int:
		want = "an integer"
	case reflect.Slice:
		want = "an array of strings"
	case reflect.Struct:
		want = "a table"
	}
	return "expected " + want + ", found " + found
}

func withArticle(noun string) string {
	if noun != "" && strings.ContainsAny(noun[:1], "aeiou") {
		return "an " + noun
	}
	return "a " + noun
}

// fieldType returns the type of the Config field at a dotted key path.
func fieldType(path []string) (reflect.Type, bool) {
	t := reflect.TypeFor[Config]()
	for _, name := range path {
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := fieldByTag(t, name)
		if !ok {
			return nil, false
		}
		t = f.Type
	}
	return t, true
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("toml"); tag != "-" && tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// suggest proposes the known key an unknown one was probably meant to be:
// a near spelling in the same table, or the same name in another table.
func suggest(key string) string {
	path := strings.Split(key, ".")
	parent, name := path[:len(path)-1], path[len(path)-1]
	if t, ok := fieldType(parent); ok && t.Kind() == reflect.Struct {
		best, bestDist := "", 3
		for _, f := range reflect.VisibleFields(t) {
			tag := f.Tag.Get("toml")
			if d := editDistance(name, tag); tag != "-" && d < bestDist && d < len(name) {
				best, bestDist = tag, d
			}
		}
		if best != "" {
			return fmt.Sprintf(" (did you mean %s?)", strings.Join(append(slices.Clone(parent), best), "."))
		}
	}
	var tables []string
	for _, table := range reflect.VisibleFields(reflect.TypeFor[Config]()) {
		if _, ok := fieldByTag(table.Type, name); ok {
			tables = append(tables, table.Tag.Get("toml"))
		}
	}
	if len(tables) == 1 { // "enabled" is in several tables: no single guess
		return fmt.Sprintf(" (did you mean %s.%s, under [%s]?)", tables[0], name, tables[0])
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// docIndex records where each key of a TOML document is, so that problems
// found after decoding can name a line. The decoder keeps no positions.
type docIndex struct {
	lines      map[string]int    // dotted key or table -> first line it appears on
	at         map[[2]int]string // line and column of a key's start -> dotted key
	keys       []indexedKey      // every key and table header, in document order
	arrays     map[string]bool   // keys whose value is an array
	lineStarts []int             // offsets at which lines start
}

type indexedKey struct {
	path  []string
	line  int
	table bool
}

// unknownKeys reports the keys that match no field of Config exactly.
func (idx *docIndex) unknownKeys() []*ConfigError {
	var errs []*ConfigError
	for _, k := range idx.keys {
		if _, ok := fieldType(k.path); ok {
			continue
		}
		key, msg := formatKey(k.path), "unknown key"
		if k.table {
			msg = "unknown table"
		}
		errs = append(errs, &ConfigError{Line: k.line, Key: key, Msg: msg + suggest(key)})
	}
	return errs
}

// indexDocument indexes as much of data as parses.
func indexDocument(data []byte) *docIndex {
	idx := &docIndex{
		lines:      map[string]int{},
		at:         map[[2]int]string{},
		arrays:     map[string]bool{},
		lineStarts: []int{0},
	}
	for i, b := range data {
		if b == '\n' {
			idx.lineStarts = append(idx.lineStarts, i+1)
		}
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = idx.addKey(nil, e.Key(), true)
		case unstable.KeyValue:
			idx.addKeyValue(table, e)
		}
	}
	return idx
}

func (idx *docIndex) addKey(prefix []string, it unstable.Iterator, table bool) []string {
	path := slices.Clone(prefix)
	var line, col int
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line, col = idx.position(int(n.Raw.Offset))
		}
		path = append(path, string(n.Data))
		if k := formatKey(path); idx.lines[k] == 0 {
			idx.lines[k] = line
		}
	}
	idx.at[[2]int{line, col}] = formatKey(path)
	idx.keys = append(idx.keys, indexedKey{path: path, line: line, table: table})
	return path
}

func (idx *docIndex) addKeyValue(table []string, kv *unstable.Node) {
	path := idx.addKey(table, kv.Key(), false)
	switch v := kv.Value(); v.Kind {
	case unstable.Array:
		idx.arrays[formatKey(path)] = true
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				idx.addKeyValue(path, c)
			}
		}
	}
}

// position returns the 1-based line and column of a byte offset.
func (idx *docIndex) position(offset int) (line, col int) {
	i := sort.SearchInts(idx.lineStarts, offset+1) - 1
	return i + 1, offset - idx.lineStarts[i] + 1
}

// keyAt returns the dotted key that starts at line and col, or else the
// key the decoder reported, which is relative inside inline tables.
func (idx *docIndex) keyAt(line, col int, fallback []string) string {
	if k, ok := idx.at[[2]int{line, col}]; ok {
		return k
	}
	return formatKey(fallback)
}

// lineOf returns the line of key, or else of near, or else of the nearest
// table holding key; 0 when none is in the document.
func (idx *docIndex) lineOf(key, near string) int {
	if l := idx.lines[key]; l > 0 {
		return l
	}
	if l := idx.lines[near]; l > 0 {
		return l
	}
	for i := strings.LastIndexByte(key, '.'); i > 0; i = strings.LastIndexByte(key, '.') {
		key = key[:i]
		if l := idx.lines[key]; l > 0 {
			return l
		}
	}
	return 0
}

// formatKey writes a key path the way TOML would, quoting parts that are
// not bare keys.
func formatKey(path []string) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = p
		if p == "" || strings.ContainsFunc(p, func(r rune) bool {
			return !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			parts[i] = strconv.Quote(p)
		}
	}
	return strings.Join(parts, ".")
}
