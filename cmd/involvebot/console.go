package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/console"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("console", stderr)
	dbPath := fs.String("db", "involve.db", "the database file")
	channel := fs.String("channel", "sak-demo", "the channel's name; a case prefix (sak-, case-) starts the questions at once")
	lang := fs.String("lang", "nb", "the coach's language: nb or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	l, ok := dialogs.ParseLang(*lang)
	if !ok {
		return fmt.Errorf("%w: console: -lang %q: use nb or en", errUsage, *lang)
	}
	if *channel == "" {
		return fmt.Errorf("%w: console: -channel must not be empty", errUsage)
	}
	langSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" {
			langSet = true
		}
	})
	db, err := storage.Open(*dbPath, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg := DefaultConfig()
	e := bot.New(db, bot.Options{
		Lang: l, Prefixes: cfg.Coach.CaseChannelPrefixes, AutoStart: cfg.Coach.AutoStart, Location: cfg.Nudge.Location,
	})
	c := console.New(e, *channel, stdout)
	if name := os.Getenv("USER"); name != "" {
		c.User = name
	}
	if langSet {
		c.Lang = l
	}
	if isTerminal(stdin) {
		c.Prompt = "> "
	}
	ctx, cancel := context.WithTimeout(ctx, 24*time.Hour)
	defer cancel()
	return c.Run(ctx, stdin)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
