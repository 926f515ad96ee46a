package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// ops measures start-up on a large database, the size of a case, and the
// real binary's start-up and memory, idle and under load.
func (r *report) ops() error {
	dir, err := os.MkdirTemp("", "involvebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	n := 100_000
	if r.quick {
		n = 10_000
	}
	path := filepath.Join(dir, "big.db")
	at := time.Now()
	fmt.Fprintf(os.Stderr, "seeding %d cases …\n", n)
	size, err := seedCases(path, n, at)
	if err != nil {
		return err
	}
	var best time.Duration
	for i := range 3 {
		d, err := startup(path)
		if err != nil {
			return err
		}
		if i == 0 || d < best {
			best = d
		}
	}

	bin, err := buildBinary(dir)
	if err != nil {
		return err
	}
	fake := slacktest.NewServer(nil)
	defer fake.Close()
	ready, mem, err := startupBinary(bin, path, fake, 3, max(2*best, time.Second))
	if err != nil {
		return err
	}
	rows := [][]string{{"figure", "value"},
		{fmt.Sprintf("start-up with %d cases (open, engine, catch-up nudge pass, which reads the nudge index; in-process)", n), dur(best)},
		{fmt.Sprintf("binary start-up to the first /healthz 200 with %d cases (exec to answer; the catch-up pass runs after; best of 3)", n), dur(ready)},
		{fmt.Sprintf("RSS with %d cases after the catch-up pass (mapped files: the database pages read)", n), memText(mem)},
		{"database size per finished case (14×2 answers, 4 reports)", fmt.Sprintf("%.1f KiB (%d MiB for %d cases)", float64(size)/float64(n)/1024, size>>20, n)},
	}
	rss, err := r.rss(bin, dir, fake)
	if err != nil {
		return err
	}
	rows = append(rows, rss...)
	r.add(section{title: "Operations", rows: rows,
		intro: "The binary runs as `involvebot serve` with Slack in HTTP mode against a local fake Web API; memory is VmRSS and VmHWM from /proc/<pid>/status.",
		notes: []string{"Pace is off in these runs (slack.pace = false): the outbox delivers as fast as the fake Web API answers. " +
			"A graceful stop waits for connections the load generator opened and never used: Go's http.Server takes such a connection for idle only after 5 s."}})
	return nil
}
