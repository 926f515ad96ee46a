package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/residents"
)

// benchResidentsSecret signs the form tokens of the benchmark's pages, so
// the load generator can make tokens as old as a resident's writing takes.
const benchResidentsSecret = "involvebench-residents-form-secret-0123456789"

var benchCodeRE = regexp.MustCompile(`/r/([a-z2-7]{10})`)

// residents measures the residents' page through the binary: 64 clients
// fetch pages, then send answers (each committed with an fsync and queued
// for Slack before its thank-you page), against the targets of issue 15.
func (r *report) residents() error {
	pages, answers, cases := 20000, 5000, 64
	if r.quick {
		pages, answers = 4000, 1000
	}
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
	s, err := startServerWith(bin, filepath.Join(dir, "residents.db"), fake.URL,
		"public_url = \"https://involve.example.kommune.no\"\n",
		fmt.Sprintf("[residents]\nenabled = true\nsecret = %q\nbehind_proxy = true\n"+
			// The budgets are not what is measured either.
			"page_burst = 100000\nglobal_burst = 100000\nmax_answers = 100000\n", benchResidentsSecret))
	if err != nil {
		return err
	}
	defer s.kill()

	fmt.Fprintf(os.Stderr, "opening %d residents' pages …\n", cases)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	if err := parallel(8, cases, func(i int) error {
		form := slacktest.Command{Channel: fmt.Sprintf("CR%05d", i), ChannelName: fmt.Sprintf("sak-side-%d", i), Text: "innbyggere"}.Form()
		_, err := signedPost(client, s.base, slacktest.ContentTypeForm, form)
		return err
	}); err != nil {
		return err
	}
	var codes []string
	for deadline := time.Now().Add(time.Minute); len(codes) < cases; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d pages posted their link", len(codes), cases)
		}
		codes = codes[:0]
		for _, up := range fake.Uploads() {
			if m := benchCodeRE.FindStringSubmatch(up.Comment); m != nil {
				codes = append(codes, m[1])
			}
		}
	}

	fmt.Fprintf(os.Stderr, "fetching %d pages …\n", pages)
	pageLat := make([]time.Duration, pages)
	start := time.Now()
	if err := parallel(64, pages, func(n int) error {
		t0 := time.Now()
		err := benchGet(client, s.base+"/r/"+codes[n%len(codes)])
		pageLat[n] = time.Since(t0)
		return err
	}); err != nil {
		return err
	}
	pageTook := time.Since(start)

	fmt.Fprintf(os.Stderr, "sending %d answers …\n", answers)
	issued := time.Now().Add(-time.Minute)
	// A form of its own per answer, as each resident fetches one (a token
	// takes only a few answers): tokens differ by their second of issue.
	token := func(code string, n int) string {
		return residents.IssueToken([]byte(benchResidentsSecret), code, issued.Add(-time.Duration(n%7000)*time.Second))
	}
	// Spread over every page, then all to one page (a crowd at a meeting
	// answering the QR code on the screen).
	text := func(n int) string {
		return fmt.Sprintf("Svar %d: jeg fikk vite hva som skjer med torget, og at benkene kommer tilbake.", n)
	}
	send := func(pageOf func(n int) string, base int) ([]time.Duration, time.Duration, error) {
		lat := make([]time.Duration, answers)
		start := time.Now()
		err := parallel(64, answers, func(i int) error {
			n := base + i
			code := pageOf(n)
			form := url.Values{"token": {token(code, n)}, "age": {"19-66"}, "text": {text(n)}}
			// Each answer from its own address (one proxy in front): the
			// per-address rate limit is not what is measured.
			addr := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
			t0 := time.Now()
			err := benchPost(client, s.base+"/r/"+code, form, addr)
			lat[i] = time.Since(t0)
			return err
		})
		return lat, time.Since(start), err
	}
	subLat, subTook, err := send(func(n int) string { return codes[n%len(codes)] }, 0)
	if err != nil {
		return err
	}
	oneLat, oneTook, err := send(func(int) string { return codes[0] }, answers)
	if err != nil {
		return err
	}
	// Long answers to another page (about 4 KB each, the size of the
	// attack in issue 24): what memory does the server hold after them?
	long := text
	text = func(n int) string {
		t := []rune(long(n) + " " + strings.Repeat("Grønn øy på Årvoll, bær og blåbær. ", 60))
		return string(t[:residents.MaxTextRunes])
	}
	if _, _, err := send(func(int) string { return codes[1] }, 2*answers); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	rss, err := s.memory()
	if err != nil {
		return err
	}
	if _, err := s.stop(); err != nil {
		return err
	}
	p50, p99 := quantiles(pageLat)
	s50, s99 := quantiles(subLat)
	o50, o99 := quantiles(oneLat)
	r.add(section{
		title: "Residents' page",
		intro: fmt.Sprintf("The binary serves `GET /r/{code}` and `POST /r/{code}` on %d open pages to 64 concurrent clients over loopback; "+
			"each answer is committed with an fsync before its thank-you page and queued for Slack (a local fake). "+
			"Targets: pages ≥ 5,000/s, answers ≥ 2,000/s, p99 under 20 ms.", len(codes)),
		rows: [][]string{
			{"route", "requests/s", "p50", "p99"},
			{fmt.Sprintf("GET the page (%d requests)", pages), fmt.Sprintf("%.0f", float64(pages)/pageTook.Seconds()), dur(p50), dur(p99)},
			{fmt.Sprintf("POST an answer (%d requests over every page)", answers), fmt.Sprintf("%.0f", float64(answers)/subTook.Seconds()), dur(s50), dur(s99)},
			{fmt.Sprintf("POST an answer (%d requests, all to one page)", answers), fmt.Sprintf("%.0f", float64(answers)/oneTook.Seconds()), dur(o50), dur(o99)},
			{fmt.Sprintf("RSS after %d more answers of 4 KB to one page (peak %s)", answers, mib(rss.HWM)), memText(rss), "", ""},
		},
	})
	return nil
}

func benchGet(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

func benchPost(c *http.Client, u string, form url.Values, addr string) error {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: %s: %.200s", u, resp.Status, b)
	}
	return nil
}
