package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/docx"
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
	configPath := fs.String("config", "", "read from the store this configuration names (bbolt or etcd) instead of -db")
	channel := fs.String("channel", "", "the platform's channel id (Slack C…, Teams 19:…@thread.tacv2, the console's channel name)")
	format := fs.String("format", "md", "md, json or docx (the Word document)")
	names := fs.Bool("names", false, "show people's names in md and docx (json always has them)")
	outPath := fs.String("o", "", "write to FILE instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *channel == "" {
		return fmt.Errorf("%w: export: -channel ID is required (involvebot cases lists them)", errUsage)
	}
	if *format != "md" && *format != "json" && *format != "docx" {
		return fmt.Errorf("%w: export: -format %q: use md, json or docx", errUsage, *format)
	}
	if *format == "docx" && *outPath == "" && writesToTerminal(stdout) {
		return fmt.Errorf("%w: export: a Word document is not for the terminal: add -o FILE.docx (or redirect standard output)", errUsage)
	}
	db, where, closeDB, err := openSource(context.Background(), *dbPath, *configPath)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := db.Case(*channel)
	if errors.Is(err, bot.ErrNotFound) {
		return fmt.Errorf("export: no case for channel %q in %s (involvebot cases lists them)", *channel, where)
	}
	if err != nil {
		return err
	}
	doc := coachFor(DefaultConfig()).Document(c, time.Now())
	var out bytes.Buffer
	switch *format {
	case "json":
		enc := json.NewEncoder(&out)
		enc.SetIndent("", "  ")
		err = enc.Encode(doc)
	case "docx":
		err = docx.Write(&out, doc.Chapter(*names))
	default:
		out.WriteString(doc.Chapter(*names).Markdown())
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *outPath == "" {
		_, err = stdout.Write(out.Bytes())
		return err
	}
	return writeFileAtomic(*outPath, out.Bytes())
}

// writesToTerminal reports whether w is a terminal, where a binary file would
// only scramble the screen.
func writesToTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so that a failed export leaves no half-written document. The
// file is readable by its owner only: it may hold what people wrote.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func cmdCases(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cases", stderr)
	dbPath := fs.String("db", "involve.db", "the database file")
	configPath := fs.String("config", "", "read from the store this configuration names (bbolt or etcd) instead of -db")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, _, closeDB, err := openSource(context.Background(), *dbPath, *configPath)
	if err != nil {
		return err
	}
	defer closeDB()
	return writeCases(db, stdout)
}

// writeCases prints one line per case: channel, platform, name, state,
// progress, answers, reports, last change.
func writeCases(db caseSource, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tPLATFORM\tNAME\tSTATE\tQUESTION\tANSWERS\tREPORTS\tUPDATED")
	err := db.Cases(context.Background(), func(c *dialogs.Case) error {
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
	return dialogs.Coach{AutoStart: cfg.Coach.AutoStart, Lang: l, Location: cfg.Nudge.Location,
		Prefixes: cfg.Coach.CaseChannelPrefixes, Typesetter: docx.Typesetter{}}
}
