package main

import (
	"strings"

	"github.com/robfig/cron/v3"
)

// DigestConfig holds the settings of the coordinator's weekly digest: one
// message a week to one channel, with every case's stage, level and groups.
type DigestConfig struct {
	Enabled  bool   `toml:"enabled"`
	Platform string `toml:"platform"` // "slack" or "teams"
	Channel  string `toml:"channel"`  // the platform's own channel id
	Schedule string `toml:"schedule"` // what cron.ParseStandard takes, read in nudge.timezone
}

// defaultDigest is the digest's configuration when a file says nothing.
func defaultDigest() DigestConfig {
	return DigestConfig{Schedule: "0 8 * * MON"}
}

func (c *Config) checkDigest(p *problems) {
	d := &c.Digest
	d.Platform = strings.ToLower(strings.TrimSpace(d.Platform))
	d.Channel = strings.TrimSpace(d.Channel)
	if spec := strings.TrimSpace(d.Schedule); strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		p.add("digest.schedule", "set the time zone in nudge.timezone, not in the schedule")
	} else if _, err := cron.ParseStandard(d.Schedule); err != nil {
		p.add("digest.schedule", "invalid schedule %q: %v; use five fields such as \"0 8 * * MON\" or a descriptor such as \"@weekly\"", d.Schedule, err)
	}
	if !d.Enabled {
		return
	}
	switch d.Platform {
	case "slack":
		if !c.Slack.Enabled {
			p.add("digest.platform", "is \"slack\", but slack.enabled is false")
		}
	case "teams":
		if !c.Teams.Enabled {
			p.add("digest.platform", "is \"teams\", but teams.enabled is false")
		}
	case "":
		p.add("digest.platform", "required when digest.enabled is true: \"slack\" or \"teams\"").near = "digest.enabled"
	default:
		p.add("digest.platform", "%q is not supported; use \"slack\" or \"teams\"", d.Platform)
	}
	if d.Channel == "" {
		p.add("digest.channel", "required when digest.enabled is true: the coordinator's channel id "+
			"(Slack: C…, from the channel's details; Teams: 19:…@thread.tacv2)").near = "digest.enabled"
	}
}
