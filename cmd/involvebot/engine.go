package main

import (
	"github.com/oslo-involve/involve/bot"
)

// newEngine is the one engine serve and console run, over store: o says
// the language of new cases, the typesetter of exports (nil keeps them
// Markdown only) and whether the outbox is shared with other replicas; the
// case prefixes, auto-start and time zone are cfg's.
func newEngine(store bot.Store, cfg *Config, o bot.Options) *bot.Engine {
	o.Prefixes, o.AutoStart, o.Location = cfg.Coach.CaseChannelPrefixes, cfg.Coach.AutoStart, cfg.Nudge.Location
	return bot.New(store, o)
}
