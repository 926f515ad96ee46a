package main

import (
	"fmt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/robfig/cron/v3"
)

// newEngine is the one engine serve and console run, over store: o says
// the language of new cases, the typesetter of exports (nil keeps them
// Markdown only) and whether the outbox is shared with other replicas; the
// case prefixes, auto-start and time zone are cfg's.
func newEngine(store bot.Store, cfg *Config, o bot.Options) *bot.Engine {
	o.Prefixes, o.AutoStart, o.Location = cfg.Coach.CaseChannelPrefixes, cfg.Coach.AutoStart, cfg.Nudge.Location
	return bot.New(store, o)
}

// nudgeSchedule is the weekly nudge's schedule as cfg says, with public
// holidays moved when it asks, and "@every" slots tied to a fixed epoch.
func nudgeSchedule(cfg *Config) (dialogs.Schedule, error) {
	sched, err := cron.ParseStandard(cfg.Nudge.Schedule)
	if err != nil {
		return nil, fmt.Errorf("nudge.schedule: %w", err)
	}
	// "@every" counts from a fixed epoch, not from the start (bot.TieEvery).
	var schedule dialogs.Schedule = bot.TieEvery(sched)
	if cfg.Nudge.SkipHolidays {
		schedule = dialogs.SkipHolidays(schedule)
	}
	return schedule, nil
}
