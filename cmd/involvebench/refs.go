package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// quantiles returns p50 and p99 of ds.
func quantiles(ds []time.Duration) (p50, p99 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)*50/100], s[min(len(s)-1, len(s)*99/100)]
}

// emptyCommit measures one durable bbolt commit that writes nothing: the
// disk's fsync, the floor under every acknowledged answer.
func emptyCommit(dir string, n int) (p50, p99 time.Duration, err error) {
	db, err := storage.Open(filepath.Join(dir, "ref.db"), nil)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	ds := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if err := db.Sync(); err != nil {
			return 0, 0, err
		}
		ds = append(ds, time.Since(start))
	}
	p50, p99 = quantiles(ds)
	return p50, p99, nil
}

// loopbackRTT measures one HTTP request and response over loopback with a
// kept-alive connection: the floor under every platform request.
func loopbackRTT(n int) (p50, p99 time.Duration, err error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	c := srv.Client()
	ds := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		resp, err := c.Post(srv.URL, "application/json", strings.NewReader(`{"x":1}`))
		if err != nil {
			return 0, 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		ds = append(ds, time.Since(start))
	}
	p50, p99 = quantiles(ds)
	return p50, p99, nil
}

// fullCase is a finished case as a real team leaves it: 14 questions with
// two answers each and a season of outcome reports.
func fullCase(i int, at time.Time) *dialogs.Case {
	c := dialogs.Coach{}.NewCase(fmt.Sprintf("C%07d", i), "slack", fmt.Sprintf("sak-%d", i), at)
	c.State, c.Round, c.Current, c.Started, c.Completed = dialogs.StateCompleted, 1, 14, at, at
	c.Nudge.Since, c.Nudge.LastSlot = at, at
	answer := "Vi møter folk på torget før høringen, og forteller tydelig hva som ligger fast og hva de kan påvirke."
	for q := 1; q <= dialogs.QuestionCount; q++ {
		for k := range 2 {
			c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: q, Author: fmt.Sprintf("U%08d", k),
				Name: "Kari Nordmann", Text: answer, At: at, Ref: fmt.Sprintf("1764%06d.%06d", q, k), Prompt: "1764000000.000100"})
		}
		c.Prompts = append(c.Prompts, dialogs.Posted{Kind: dialogs.PostedPrompt, Ref: fmt.Sprintf("1764%06d.000000", q), Round: 1, Question: q, At: at})
	}
	for w := range 4 {
		c.Reports = append(c.Reports, dialogs.Report{Author: "U00000001", Name: "Ola", Text: "De så skissene og vet når neste møte er.",
			At: at.AddDate(0, 0, 7*(w+1)), Week: 48 + w})
	}
	return c
}

// seedCases writes n full cases quickly (no fsync: this is set-up, not the
// measurement) and returns the file size.
func seedCases(path string, n int, at time.Time) (int64, error) {
	db, err := storage.Open(path, &storage.Options{NoSync: true})
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	jobs := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				c := fullCase(i, at)
				if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
					select {
					case errc <- err:
					default:
					}
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := db.Sync(); err != nil {
		return 0, err
	}
	if err := db.Close(); err != nil {
		return 0, err
	}
	select {
	case err := <-errc:
		return 0, err
	default:
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// startup measures what the server does before it takes events on a
// database of n cases: open it, build the engine, and run the catch-up
// nudge pass over every case (nothing due, so this is the scan).
func startup(path string) (time.Duration, error) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	start := time.Now()
	db, err := storage.Open(path, nil)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	e := bot.New(db, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true, Location: oslo})
	s := bot.NewScheduler(e, everySunday{}, oslo)
	if _, err := s.Tick(context.Background(), time.Now()); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// everySunday has one slot a week; the seeded cases have handled the last
// one already, as after any restart, so the catch-up pass finds nothing due
// and writes nothing.
type everySunday struct{}

func (everySunday) Next(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 3, 0, 0, 0, t.Location())
	for !d.After(t) || d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
