package main

import (
	"github.com/oslo-involve/involve/internal/urls"
	"github.com/oslo-involve/involve/residents"
)

// ResidentsConfig holds the settings of the residents' page: one public
// page per case, served under /r/ on http.listen, reached at
// http.public_url. The secret may come from INVOLVE_RESIDENTS_SECRET.
type ResidentsConfig struct {
	Enabled bool `toml:"enabled"`
	// Secret signs the page's form tokens (at least 32 characters). Empty:
	// a random key kept in the database, made on the first start.
	Secret string `toml:"secret"`
	// AccessibilityURL is linked from every page as its accessibility
	// statement; empty: no link.
	AccessibilityURL string `toml:"accessibility_url"`
	// BehindProxy takes the client address for the rate limit from
	// X-Forwarded-For, as set by exactly one reverse proxy in front.
	BehindProxy bool `toml:"behind_proxy"`

	// PageBurst answers one page takes at once, then PagePerMinute;
	// GlobalBurst and GlobalPerMinute the same for all pages together.
	PageBurst       int `toml:"page_burst"`
	PagePerMinute   int `toml:"page_per_minute"`
	GlobalBurst     int `toml:"global_burst"`
	GlobalPerMinute int `toml:"global_per_minute"`
	// MaxAnswers is the most answers one page keeps.
	MaxAnswers int `toml:"max_answers"`
	// AnswersPerForm is the most answers one form (one page load) sends.
	AnswersPerForm int `toml:"answers_per_form"`
}

// defaultResidents is the page's configuration when a file says nothing.
func defaultResidents() ResidentsConfig {
	return ResidentsConfig{
		PageBurst:       residents.DefaultPageBurst,
		PagePerMinute:   int(residents.DefaultPageLimit * 60),
		GlobalBurst:     residents.DefaultGlobalBurst,
		GlobalPerMinute: int(residents.DefaultGlobalLimit * 60),
		MaxAnswers:      residents.DefaultMaxAnswers,
		AnswersPerForm:  residents.DefaultAnswersPerToken,
	}
}

// minResidentsSecret is the shortest form secret the page accepts.
const minResidentsSecret = 32

func (c *Config) checkResidents(p *problems) {
	r := c.Residents
	if r.Secret != "" && len(r.Secret) < minResidentsSecret {
		p.add("residents.secret", "%d characters; use at least %d (or leave it empty: the server then keeps a random key in its database)", len(r.Secret), minResidentsSecret)
	}
	if r.AccessibilityURL != "" && !urls.HTTP(r.AccessibilityURL) {
		p.add("residents.accessibility_url", "%q is not an http(s) URL", r.AccessibilityURL)
	}
	if c.HTTP.PublicURL != "" && !urls.Secure(c.HTTP.PublicURL) {
		p.add("http.public_url", "%q: use an https:// address (http only on a loopback address, for tests)", c.HTTP.PublicURL)
	}
	for _, n := range []struct {
		key string
		v   int
	}{
		{"residents.page_burst", r.PageBurst}, {"residents.page_per_minute", r.PagePerMinute},
		{"residents.global_burst", r.GlobalBurst}, {"residents.global_per_minute", r.GlobalPerMinute},
		{"residents.max_answers", r.MaxAnswers}, {"residents.answers_per_form", r.AnswersPerForm},
	} {
		if n.v < 1 {
			p.add(n.key, "must be at least 1, not %d", n.v)
		}
	}
	if r.PageBurst > r.GlobalBurst && r.GlobalBurst >= 1 {
		p.add("residents.page_burst", "%d is more than residents.global_burst (%d): one page would never reach it", r.PageBurst, r.GlobalBurst)
	}
	if r.Enabled && c.HTTP.PublicURL == "" {
		p.add("http.public_url", "required when residents.enabled is true: the https address residents reach the page on").near = "residents.enabled"
	}
}
