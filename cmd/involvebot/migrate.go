package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// migrateStore is a store migrate reads from or writes to.
type migrateStore interface {
	bot.Store
	Close() error
}

// cmdMigrate copies every case (with its records and posted references)
// and the undelivered replies from one store into another, empty one, then
// reads both back and compares them. Run it with serve stopped: seen event
// ids and dead letters are not copied.
func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	from := fs.String("from", "", "bbolt:FILE or etcd")
	to := fs.String("to", "", "etcd or bbolt:FILE (a new file)")
	configPath := fs.String("config", "", "the configuration whose [storage] etcd_* keys reach etcd")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return fmt.Errorf("%w: migrate: give -from and -to (bbolt:FILE or etcd)", errUsage)
	}
	src, err := openMigrate(ctx, *from, *configPath, false)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openMigrate(ctx, *to, *configPath, true)
	if err != nil {
		return err
	}
	defer dst.Close()
	st, err := migrate(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied %d cases (%d answers, %d reports, %d notes, %d posted references) and %d undelivered replies from %s to %s; read back and compared: the same\n",
		st.cases, st.answers, st.reports, st.notes, st.refs, st.outbox, *from, *to)
	return nil
}

// openMigrate opens one side: "bbolt:FILE" or "etcd" (with -config).
func openMigrate(ctx context.Context, spec, configPath string, target bool) (migrateStore, error) {
	if path, ok := strings.CutPrefix(spec, "bbolt:"); ok {
		if path == "" {
			return nil, fmt.Errorf("%w: migrate: bbolt:FILE needs a file", errUsage)
		}
		if !target {
			return openExisting(path)
		}
		return storage.Open(path, nil)
	}
	if spec != "etcd" {
		return nil, fmt.Errorf("%w: migrate: %q: use bbolt:FILE or etcd", errUsage, spec)
	}
	if configPath == "" {
		return nil, fmt.Errorf("%w: migrate: etcd needs -config FILE (its [storage] etcd_* keys)", errUsage)
	}
	cfg, err := LoadConfig(configPath, os.Getenv)
	if err != nil {
		return nil, err
	}
	if len(cfg.Storage.EtcdEndpoints) == 0 {
		return nil, fmt.Errorf("migrate: %s: storage.etcd_endpoints is empty", configPath)
	}
	return openEtcd(ctx, cfg)
}

type migrateStats struct{ cases, answers, reports, notes, refs, outbox int }

// migrate copies src into dst, which must hold no case and no reply, and
// verifies the copy.
func migrate(ctx context.Context, src, dst bot.Store) (migrateStats, error) {
	var st migrateStats
	var channels []string
	if err := src.Cases(ctx, func(c *dialogs.Case) error { channels = append(channels, c.Channel); return nil }); err != nil {
		return st, fmt.Errorf("migrate: read: %w", err)
	}
	n := 0
	if err := dst.Cases(ctx, func(*dialogs.Case) error { n++; return nil }); err != nil {
		return st, fmt.Errorf("migrate: target: %w", err)
	}
	items, err := dst.Outbox(ctx, 1)
	if err != nil {
		return st, fmt.Errorf("migrate: target: %w", err)
	}
	if n > 0 || len(items) > 0 {
		return st, fmt.Errorf("migrate: the target holds %d cases and replies already: migrate only into an empty store", n)
	}
	revs := make(map[string]bot.Revision, len(channels))
	for _, ch := range channels {
		c, _, err := src.Load(ctx, ch)
		if err != nil {
			return st, fmt.Errorf("migrate: read %s: %w", ch, err)
		}
		res, err := dst.Commit(ctx, bot.Change{Channel: ch, Case: c})
		if err != nil {
			return st, fmt.Errorf("migrate: write %s: %w", ch, err)
		}
		revs[ch] = res.Rev
		st.cases++
		st.answers += len(c.Answers)
		st.reports += len(c.Reports)
		st.notes += len(c.Notes)
		st.refs += len(c.Prompts)
	}
	out, err := src.Outbox(ctx, 1<<30)
	if err != nil {
		return st, fmt.Errorf("migrate: read the outbox: %w", err)
	}
	for _, it := range out {
		// In id order, one by one: each channel's order is kept.
		if _, err := dst.Commit(ctx, bot.Change{Channel: it.Channel, Base: revs[it.Channel], Outbox: []bot.Outgoing{it}}); err != nil {
			return st, fmt.Errorf("migrate: write reply %d: %w", it.ID, err)
		}
		st.outbox++
	}
	return st, verifyMigrated(ctx, src, dst, channels, out)
}

// verifyMigrated reads every case and reply back from both stores and
// compares them (reply ids are the target's own).
func verifyMigrated(ctx context.Context, src, dst bot.Store, channels []string, want []bot.Outgoing) error {
	for _, ch := range channels {
		a, _, err := src.Load(ctx, ch)
		if err != nil {
			return fmt.Errorf("migrate: verify %s: %w", ch, err)
		}
		b, _, err := dst.Load(ctx, ch)
		if err != nil {
			return fmt.Errorf("migrate: verify %s in the target: %w", ch, err)
		}
		if !sameJSON(a, b) {
			return fmt.Errorf("migrate: verify: case %s differs in the target", ch)
		}
	}
	got, err := dst.Outbox(ctx, 1<<30)
	if err != nil {
		return fmt.Errorf("migrate: verify the outbox: %w", err)
	}
	if len(got) != len(want) {
		return fmt.Errorf("migrate: verify: %d replies in the target, %d in the source", len(got), len(want))
	}
	for i := range got {
		a, b := want[i], got[i]
		a.ID, b.ID = 0, 0
		if !sameJSON(a, b) {
			return fmt.Errorf("migrate: verify: reply %d differs in the target", want[i].ID)
		}
	}
	n := 0
	if err := dst.Cases(ctx, func(*dialogs.Case) error { n++; return nil }); err != nil {
		return err
	}
	if n != len(channels) {
		return fmt.Errorf("migrate: verify: %d cases in the target, %d in the source", n, len(channels))
	}
	return nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return errors.Join(err1, err2) == nil && reflect.DeepEqual(x, y)
}
