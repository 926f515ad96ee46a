package main

import (
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// newEngine is the one engine serve and console run, over db: new cases
// speak lang, and the case prefixes, auto-start and time zone are cfg's.
// ts makes the file an export carries; nil keeps exports Markdown only.
func newEngine(db *storage.DB, cfg *Config, lang dialogs.Lang, ts dialogs.Typesetter) *bot.Engine {
	return bot.New(db, bot.Options{
		Lang: lang, Prefixes: cfg.Coach.CaseChannelPrefixes, AutoStart: cfg.Coach.AutoStart, Location: cfg.Nudge.Location,
		Typesetter: ts,
	})
}
