package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/console"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/docx"
	"github.com/oslo-involve/involve/storage"
)

func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("console", stderr)
	dbPath := fs.String("db", "involve.db", "the database file")
	channel := fs.String("channel", "sak-demo", "the channel's name; a case prefix (sak-, case-) starts the questions at once")
	lang := fs.String("lang", "nb", "the coach's language: nb (bokmål), nn (nynorsk) or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	l, ok := dialogs.ParseLang(*lang)
	if !ok {
		return fmt.Errorf("%w: console: -lang %q: use nb, nn or en", errUsage, *lang)
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
	if errors.Is(err, storage.ErrLocked) {
		return fmt.Errorf("%w: %s (is `involvebot serve` or another `involvebot console` running on it? stop it, or give this console its own file with -db)",
			storage.ErrLocked, *dbPath)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	cfg := DefaultConfig()
	schedule, err := nudgeSchedule(cfg)
	if err != nil {
		return err
	}
	e := newEngine(db, cfg, bot.Options{Lang: l, Typesetter: docx.Typesetter{}, Schedule: schedule})
	ctx, cancel := context.WithTimeout(ctx, 24*time.Hour)
	defer cancel()

	// On a terminal, a line editor: arrow keys, history, long pastes
	// taken whole. Piped input is read line by line as it comes.
	var lines console.LineReader
	if f, ok := stdin.(*os.File); ok && console.IsTerminal(f) {
		t, err := console.NewTerminal(f, stdout, "> ")
		if err != nil {
			return fmt.Errorf("console: terminal: %w", err)
		}
		defer t.Close()
		stdout, lines = t.Stdout(), t
	} else {
		lines = console.Lines(stdin, console.MaxLine)
	}
	c := console.New(e, *channel, stdout)
	if name := os.Getenv("USER"); name != "" {
		c.User = name
	}
	if langSet {
		c.Lang = l
	}
	return c.RunLines(ctx, lines)
}
