package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// The answer path's targets (issue 11), measured through the real binary
// with pace off.
const (
	answerChannels = 600  // channels answered in at once
	answersEach    = 3    // answers per channel, each to the prompt the last one brought
	answersFlight  = 32   // signed requests in flight
	ackRate        = 1000 // slash commands offered per second
	ackSeconds     = 5
)

// answers drives the real binary: answers end to end (signed request in,
// committed, ✅ and next prompt posted to the fake Web API) and the
// slash-command acknowledgement under an offered rate.
func (r *report) answers() error {
	dir, err := os.MkdirTemp("", "involvebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := buildBinary(dir)
	if err != nil {
		return err
	}
	fake := slacktest.NewServer(nil)
	defer fake.Close()
	// Each top-level prompt wakes whoever waits for it in its channel.
	var mu sync.Mutex
	waiting := map[string]chan slacktest.Post{}
	wait := func(ch string) chan slacktest.Post {
		mu.Lock()
		defer mu.Unlock()
		c, ok := waiting[ch]
		if !ok {
			c = make(chan slacktest.Post, 16)
			waiting[ch] = c
		}
		return c
	}
	fake.OnPost(func(p slacktest.Post) {
		if p.Thread == "" && strings.Contains(p.Text, "/14 · ") {
			wait(p.Channel) <- p
		}
	})
	s, err := startServer(bin, filepath.Join(dir, "answers.db"), fake.URL)
	if err != nil {
		return err
	}
	defer s.kill()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * answersFlight}}

	ids := make([]string, answerChannels)
	first := make([]slacktest.Post, answerChannels)
	fmt.Fprintf(os.Stderr, "opening %d channels …\n", answerChannels)
	if err := parallel(answersFlight, len(ids), func(i int) error {
		ids[i] = fmt.Sprintf("CA%05d", i)
		form := slacktest.Command{Channel: ids[i], ChannelName: fmt.Sprintf("sak-svar-%d", i), Text: "start"}.Form()
		if _, err := signedPost(client, s.base, slacktest.ContentTypeForm, form); err != nil {
			return err
		}
		select {
		case first[i] = <-wait(ids[i]):
			return nil
		case <-time.After(time.Minute):
			return fmt.Errorf("channel %s got no first prompt", ids[i])
		}
	}); err != nil {
		return err
	}

	fmt.Fprintf(os.Stderr, "answering %d × %d, %d in flight …\n", answerChannels, answersEach, answersFlight)
	reactionsBefore := len(fake.Reactions())
	cpu0, err := s.cpu()
	if err != nil {
		return err
	}
	self0 := selfCPU()
	total := answerChannels * answersEach
	toPrompt := make([]time.Duration, 0, total)
	var latMu sync.Mutex
	var n atomic.Int64
	start := time.Now()
	if err := parallel(answersFlight, answerChannels, func(i int) error {
		prompt := first[i]
		for k := range answersEach {
			id := n.Add(1)
			body := slacktest.Message{EventID: fmt.Sprintf("Ev0ANS%07d", id), Channel: ids[i], User: []string{"U0PLANNER", "U0CASEWKR"}[k%2],
				Text: "Vi møter folk på torget før høringen, og forteller tydelig hva som ligger fast og hva de kan påvirke.",
				TS:   fmt.Sprintf("%d.%06d", 1735000000+id, id%1_000_000), Thread: prompt.TS}.Body()
			t0 := time.Now()
			if _, err := signedPost(client, s.base, slacktest.ContentTypeJSON, body); err != nil {
				return err
			}
			select {
			case prompt = <-wait(ids[i]):
			case <-time.After(time.Minute):
				return fmt.Errorf("channel %s: no prompt after answer %d", ids[i], k+1)
			}
			latMu.Lock()
			toPrompt = append(toPrompt, time.Since(t0))
			latMu.Unlock()
		}
		return nil
	}); err != nil {
		return err
	}
	took := time.Since(start)
	cpu1, err := s.cpu()
	if err != nil {
		return err
	}
	self1 := selfCPU()
	// The ✅ of an answer is delivered before the prompt it brought (one
	// channel's replies go out in order): every one is in by now.
	if got := len(fake.Reactions()) - reactionsBefore; got < total {
		return fmt.Errorf("%d ✅ for %d answers", got, total)
	}
	p50, p99 := quantiles(toPrompt)

	fmt.Fprintf(os.Stderr, "offering %d slash commands a second for %d s …\n", ackRate, ackSeconds)
	acks, failed := offer(client, s.base, ids, ackRate, ackRate*ackSeconds)
	a50, a99 := quantiles(acks)
	if _, err := s.stop(); err != nil {
		return err
	}
	rate := float64(total) / took.Seconds()
	rows := [][]string{{"figure", "value"},
		{fmt.Sprintf("answers end to end (%d channels × %d, %d in flight; signed request in → committed → ✅ and next prompt posted)", answerChannels, answersEach, answersFlight),
			fmt.Sprintf("%.0f/s (target ≥ 3,000/s); p50 %s, p99 %s from request to next prompt", rate, dur(p50), dur(p99))},
		{fmt.Sprintf("slash-command ack at %d/s offered for %d s (`/involve status`, open loop, from the scheduled send)", ackRate, ackSeconds),
			fmt.Sprintf("p50 %s, p99 %s (target ≤ 10 ms); %d failed", dur(a50), dur(a99), failed)},
	}
	rows = append(rows, []string{"the server's CPU time per answer end to end (user and system, from /proc)",
		dur((cpu1 - cpu0) / time.Duration(total))})
	rows = append(rows, []string{"this benchmark's own CPU time per answer (signing and sending requests, the fake Web API), on the same cores",
		dur((self1 - self0) / time.Duration(total))})
	if r.commit > 0 {
		rows = append(rows, []string{"one answer's share of the run, against an empty commit", fmt.Sprintf("%.1f×", (took.Seconds()/float64(total))/r.commit.Seconds())})
	}
	r.add(section{title: "The answer path through the binary", rows: rows,
		intro: "`involvebot serve` with Slack in HTTP mode and `pace = false` against a local fake Web API, on a fresh database."})
	return nil
}

// offer sends n slash commands at rate per second, each at its scheduled
// time whether or not earlier ones were answered, and returns each one's
// time from its schedule to its 200 (a late start counts against it).
func offer(client *http.Client, base string, ids []string, rate, n int) ([]time.Duration, int) {
	lat := make([]time.Duration, n)
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second / time.Duration(rate))
		time.Sleep(time.Until(at))
		wg.Go(func() {
			form := slacktest.Command{Channel: ids[i%len(ids)], ChannelName: fmt.Sprintf("sak-svar-%d", i%len(ids)), Text: "status"}.Form()
			if _, err := signedPost(client, base, slacktest.ContentTypeForm, form); err != nil {
				failed.Add(1)
			}
			lat[i] = time.Since(at)
		})
	}
	wg.Wait()
	return lat, int(failed.Load())
}

// selfCPU is the CPU time (user and system) this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
