package main

import (
	"context"
	"fmt"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack"
	"github.com/oslo-involve/involve/bot/teams"
	"github.com/oslo-involve/involve/dialogs"
)

// newDigest checks that the coach is in the digest's channel and returns
// the digest's scheduler, or nil when the digest is off. A channel the
// coach is not in stops start-up with a message that says what to do.
func (s *server) newDigest(ctx context.Context) (*bot.DigestScheduler, error) {
	d := s.cfg.Digest
	if !d.Enabled {
		return nil, nil
	}
	target := bot.DigestTarget{Platform: d.Platform, Channel: d.Channel}
	switch d.Platform {
	case bot.PlatformSlack:
		target.Limits = slack.DigestLimits
		for _, p := range s.platforms {
			if sp, ok := p.(*slack.Adapter); ok {
				if err := sp.CheckDigestChannel(ctx, d.Channel); err != nil {
					return nil, fmt.Errorf("digest.channel: %w", err)
				}
			}
		}
	case bot.PlatformTeams:
		target.Limits = teams.DigestLimits
		addr, err := s.engine.DigestAddress(bot.PlatformTeams, d.Channel)
		if err != nil {
			return nil, fmt.Errorf("digest.channel: %w", err)
		}
		target.Address = addr
	default:
		return nil, fmt.Errorf("digest.platform: %q is not supported", d.Platform)
	}
	sched, err := cron.ParseStandard(d.Schedule)
	if err != nil {
		return nil, fmt.Errorf("digest.schedule: %w", err)
	}
	var schedule dialogs.Schedule = bot.TieEvery(sched) // "@every" from a fixed epoch, as the nudge's
	if s.cfg.Nudge.SkipHolidays {
		schedule = dialogs.SkipHolidays(schedule) // holidays move it as they move the nudge
	}
	ds := bot.NewDigestScheduler(s.engine, target, schedule, s.cfg.Nudge.Location)
	ds.Log = s.log
	return ds, nil
}
