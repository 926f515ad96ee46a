package main

import "github.com/oslo-involve/involve/internal/urls"

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
	if r.Enabled && c.HTTP.PublicURL == "" {
		p.add("http.public_url", "required when residents.enabled is true: the https address residents reach the page on").near = "residents.enabled"
	}
}
