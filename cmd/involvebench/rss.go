package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// rss runs the real binary on a fresh database with Slack in HTTP mode
// against an in-process fake Web API, and measures its resident memory at
// idle and under load: signed thread answers from many channels at once.
func (r *report) rss(bin, dir string, fake *slacktest.Server) ([][]string, error) {
	answers, channels := 5000, 200
	if r.quick {
		answers, channels = 1000, 50
	}
	s, err := startServer(bin, filepath.Join(dir, "load.db"), fake.URL)
	if err != nil {
		return nil, err
	}
	defer s.kill()
	time.Sleep(time.Second)
	idle, err := s.memory()
	if err != nil {
		return nil, err
	}

	// Open every case and wait for its first prompt: the welcome and the
	// prompt of each go out at the 20-a-second cap on sends.
	fmt.Fprintf(os.Stderr, "opening %d channels …\n", channels)
	ids := make([]string, channels)
	for i := range ids {
		ids[i] = fmt.Sprintf("CL%05d", i)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	if err := parallel(32, len(ids), func(i int) error {
		form := slacktest.Command{Channel: ids[i], ChannelName: fmt.Sprintf("sak-last-%d", i), Text: "start"}.Form()
		_, err := signedPost(client, s.base, slacktest.ContentTypeForm, form)
		return err
	}); err != nil {
		return nil, err
	}
	prompts := map[string]string{} // channel → the first prompt's ts
	for deadline := time.Now().Add(5 * time.Minute); len(prompts) < channels; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("only %d of %d channels got their first prompt", len(prompts), channels)
		}
		for _, p := range fake.Posts() {
			if p.Thread == "" && strings.HasPrefix(p.Text, "1/14 · ") {
				prompts[p.Channel] = p.TS
			}
		}
	}

	// Answer in the prompts' threads as fast as 64 clients can.
	fmt.Fprintf(os.Stderr, "driving %d answers …\n", answers)
	reactionsBefore := len(fake.Reactions())
	lat := make([]time.Duration, answers)
	start := time.Now()
	if err := parallel(64, answers, func(n int) error {
		ch := ids[n%channels]
		body := slacktest.Message{EventID: fmt.Sprintf("Ev0LOAD%07d", n), Channel: ch, User: []string{"U0PLANNER", "U0CASEWKR"}[n%2],
			Text: "Vi møter folk på torget før høringen, og forteller tydelig hva som ligger fast og hva de kan påvirke.",
			TS:   fmt.Sprintf("%d.%06d", 1734000000+n, n%1_000_000), Thread: prompts[ch]}.Body()
		t0 := time.Now()
		_, err := signedPost(client, s.base, slacktest.ContentTypeJSON, body)
		lat[n] = time.Since(t0)
		return err
	}); err != nil {
		return nil, err
	}
	took := time.Since(start)
	loaded, err := s.memory()
	if err != nil {
		return nil, err
	}
	queued := answers - (len(fake.Reactions()) - reactionsBefore)
	stopText := ""
	switch stopped, err := s.stop(); {
	case errors.Is(err, errNoExit):
		// A figure too: say so in the report rather than lose the rest.
		fmt.Fprintln(os.Stderr, "involvebench:", err)
		stopText = fmt.Sprintf("**no exit within %v** (killed)", stopTimeout)
	case err != nil:
		return nil, err
	default:
		stopText = dur(stopped)
	}
	p50, p99 := quantiles(lat)
	return [][]string{
		{"RSS at idle (empty database, 1 s after start-up)", memText(idle)},
		{fmt.Sprintf("RSS peak (VmHWM) while %d signed answers come in from %d channels", answers, channels),
			fmt.Sprintf("%s; after: %s", mib(loaded.HWM), memText(loaded))},
		{"answers through the binary (64 clients, each stored with an fsync before its 200)",
			fmt.Sprintf("%.0f/s; p50 %s, p99 %s per request", float64(answers)/took.Seconds(), dur(p50), dur(p99))},
		{fmt.Sprintf("graceful stop (SIGTERM) with about %d reactions still queued", max(queued, 0)), stopText},
	}, nil
}

// startupBinary starts the binary on path n times and returns the best
// time to /healthz 200, and its memory once the start-up catch-up over
// every case has had time to run (settle) on the last start.
func startupBinary(bin, path string, fake *slacktest.Server, n int, settle time.Duration) (time.Duration, memory, error) {
	var best time.Duration
	var mem memory
	for i := range n {
		s, err := startServer(bin, path, fake.URL)
		if err != nil {
			return 0, memory{}, err
		}
		if i == 0 || s.ready < best {
			best = s.ready
		}
		if i == n-1 {
			time.Sleep(settle)
			if mem, err = s.memory(); err != nil {
				s.kill()
				return 0, memory{}, err
			}
		}
		if _, err := s.stop(); err != nil {
			return 0, memory{}, err
		}
	}
	return best, mem, nil
}

func memText(m memory) string {
	return fmt.Sprintf("%s (heap and stacks %s, mapped files %s)", mib(m.RSS), mib(m.Anon), mib(m.File))
}

// signedPost posts a signed request to /slack/events and wants a 200.
func signedPost(c *http.Client, base, contentType string, body []byte) (string, error) {
	resp, err := c.Do(slacktest.NewRequest(base+"/slack/events", contentType, body, slacktest.SigningSecret, time.Now()))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("POST /slack/events: %s: %s", resp.Status, b)
	}
	return string(b), nil
}

// parallel runs fn(0) … fn(n-1) on workers goroutines and returns the
// first error.
func parallel(workers, n int, fn func(i int) error) error {
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					next.Store(int64(n))
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
