package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// openExisting opens a database that must already exist, read-only.
func openExisting(path string) (*storage.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: -db FILE is required", errUsage)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s (the coach creates it on first use: involvebot console -db %s)", path, path)
	}
	return storage.Open(path, &storage.Options{ReadOnly: true})
}

func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	dbPath := fs.String("db", "involve.db", "the database file")
	channel := fs.String("channel", "", "the platform's channel id (Slack C…, Teams 19:…@thread.tacv2, the console's channel name)")
	format := fs.String("format", "md", "md or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *channel == "" {
		return fmt.Errorf("%w: export: -channel ID is required (involvebot cases lists them)", errUsage)
	}
	if *format != "md" && *format != "json" {
		return fmt.Errorf("%w: export: -format %q: use md or json", errUsage, *format)
	}
	db, err := openExisting(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.Case(*channel)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("export: no case for channel %q in %s (involvebot cases -db %s lists them)", *channel, *dbPath, *dbPath)
	}
	if err != nil {
		return err
	}
	doc := coachFor(DefaultConfig()).Document(c, time.Now())
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	_, err = io.WriteString(stdout, doc.Markdown())
	return err
}

func cmdCases(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cases", stderr)
	dbPath := fs.String("db", "involve.db", "the database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openExisting(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return writeCases(db, stdout)
}

// writeCases prints one line per case: channel, platform, name, state,
// progress, answers, reports, last change.
func writeCases(db *storage.DB, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tPLATFORM\tNAME\tSTATE\tQUESTION\tANSWERS\tREPORTS\tUPDATED")
	err := db.Cases(func(c *dialogs.Case) error {
		q := "-"
		if c.State == dialogs.StateAsking || c.State == dialogs.StatePaused {
			q = fmt.Sprintf("%d/%d", c.Current, dialogs.QuestionCount)
		}
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", c.Channel, c.Platform, c.Name, c.State, q,
			len(c.Answers), len(c.Reports), c.Updated.UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// coachFor returns the dialogue rules the configuration asks for.
func coachFor(cfg *Config) dialogs.Coach {
	l, _ := dialogs.ParseLang(cfg.Coach.Language)
	return dialogs.Coach{AutoStart: cfg.Coach.AutoStart, Lang: l, Location: cfg.Nudge.Location}
}
