package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// These tests run serve in-process, with Slack in HTTP mode against the
// fake Web API of slacktest: signed requests in, Slack's JSON out, on a
// real database file.

const testAdminToken = "admin-token-for-tests"

// served is one running serve.
type served struct {
	t      *testing.T
	cfg    *Config
	fake   *slacktest.Server
	base   string // http://127.0.0.1:port
	cancel context.CancelFunc
	done   chan error
}

// testConfig is the configuration of a test server: Slack in HTTP mode
// against fake, secrets from the environment, Teams off.
func testConfig(t *testing.T, fake *slacktest.Server, dbPath, adminToken string) *Config {
	t.Helper()
	doc := fmt.Sprintf(`
[storage]
path = %q

[http]
listen = "127.0.0.1:0"

[slack]
enabled = true
mode = "http"
api_url = %q
# Bursts of answers: every ✅ must arrive, so rely on 429s alone.
pace = false

[teams]
enabled = false
`, dbPath, fake.URL)
	env := map[string]string{
		"SLACK_BOT_TOKEN":      slacktest.BotToken,
		"SLACK_SIGNING_SECRET": slacktest.SigningSecret,
		"INVOLVE_ADMIN_TOKEN":  adminToken,
	}
	cfg, err := ParseConfig([]byte(doc), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// startServe runs serve until the test ends or stop is called.
func startServe(t *testing.T, fake *slacktest.Server, cfg *Config) *served {
	t.Helper()
	var w io.Writer = io.Discard
	if os.Getenv("INVOLVE_TEST_LOG") != "" {
		w = os.Stderr
	}
	return startServeLog(t, fake, cfg, w)
}

// startServeLog runs serve with its log written to w, until the test ends.
func startServeLog(t *testing.T, fake *slacktest.Server, cfg *Config, w io.Writer) *served {
	t.Helper()
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{t: t, cfg: cfg, fake: fake, cancel: cancel, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() { s.done <- serve(ctx, cfg, log, func(a string) { addr <- a }) }()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("serve returned before it listened: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not listen within 15s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(shutdownGrace + 5*time.Second):
			t.Error("serve did not stop")
		}
	})
	return s
}

// stop cancels serve's context and returns how long serve took to return
// and what it returned.
func (s *served) stop() (time.Duration, error) {
	s.t.Helper()
	start := time.Now()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return time.Since(start), err
	case <-time.After(shutdownGrace + 5*time.Second):
		s.t.Fatal("serve did not return after its context ended")
		return 0, nil
	}
}

var testClient = &http.Client{Timeout: 10 * time.Second}

// get fetches base+path with an optional bearer token.
func get(t testing.TB, base, path, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, b
}

// postSlack posts a body to /slack/events signed with secret, as Slack
// does; extra holds header name and value pairs.
func postSlack(client *http.Client, base, contentType string, body []byte, secret string, extra ...string) (int, string, error) {
	req := slacktest.NewRequest(base+"/slack/events", contentType, body, secret, time.Now())
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// command sends a signed /involve command.
func (s *served) command(channel, name, text string) (int, string) {
	s.t.Helper()
	code, body, err := postSlack(testClient, s.base, slacktest.ContentTypeForm,
		slacktest.Command{Channel: channel, ChannelName: name, Text: text}.Form(), slacktest.SigningSecret)
	if err != nil {
		s.t.Fatal(err)
	}
	return code, body
}

// answer sends a signed thread reply.
func (s *served) answer(m slacktest.Message) int {
	s.t.Helper()
	code, _, err := postSlack(testClient, s.base, slacktest.ContentTypeJSON, m.Body(), slacktest.SigningSecret)
	if err != nil {
		s.t.Fatal(err)
	}
	return code
}

// promptPost returns the post of question q's prompt in channel, if any.
func promptPost(f *slacktest.Server, channel string, q int) (slacktest.Post, bool) {
	prefix := fmt.Sprintf("%d/%d · ", q, dialogs.QuestionCount)
	for _, p := range f.Posts() {
		if p.Channel == channel && p.Thread == "" && strings.HasPrefix(p.Text, prefix) {
			return p, true
		}
	}
	return slacktest.Post{}, false
}

// reacted reports whether the fake has the coach's reaction on ts.
func reacted(f *slacktest.Server, channel, ts string) bool {
	for _, r := range f.Reactions() {
		if r.Channel == channel && r.Timestamp == ts {
			return true
		}
	}
	return false
}

// backupCases fetches a hot backup over the admin route, checks it, and
// returns its cases by channel.
func backupCases(client *http.Client, base, token, dir string) (map[string]*dialogs.Case, error) {
	req, err := http.NewRequest(http.MethodGet, base+"/admin/backup", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("backup: %s", resp.Status)
	}
	f, err := os.CreateTemp(dir, "backup-*.db")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return readCases(f.Name())
}

// readCases opens a database file read-only, checks it and returns its
// cases by channel, each with its posted references.
func readCases(path string) (map[string]*dialogs.Case, error) {
	db, err := storage.Open(path, &storage.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	channels, err := db.Channels()
	if err != nil {
		return nil, err
	}
	out := make(map[string]*dialogs.Case, len(channels))
	for _, ch := range channels {
		if out[ch], err = db.Case(ch); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// recorded reports whether c knows the prompt posted as ts: only then is
// a reply in its thread an answer (people answer after a prompt is up; the
// coach records it the moment Slack accepts it).
func recorded(c *dialogs.Case, ts string) bool {
	return c != nil && slices.ContainsFunc(c.Prompts, func(p dialogs.Posted) bool { return p.Ref == ts })
}

var seriesRE = regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)

// metricValue finds a series in Prometheus text: name with at least the
// given labels (pairs of name and value). It returns -1 when absent.
func metricValue(text, name string, labels ...string) float64 {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		n, rest, _ := strings.Cut(series, "{")
		if n != name {
			continue
		}
		got := map[string]string{}
		for _, m := range seriesRE.FindAllStringSubmatch(rest, -1) {
			got[m[1]] = m[2]
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if got[labels[i]] != labels[i+1] {
				match = false
			}
		}
		if match {
			v, err := strconv.ParseFloat(strings.Fields(value)[0], 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

func TestServeEndToEnd(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"), slacktest.WithUser("U0CASEWKR", "Ola"))
	dir := t.TempDir()
	cfg := testConfig(t, fake, filepath.Join(dir, "involve.db"), testAdminToken)
	s := startServe(t, fake, cfg)
	const channel = "C0SERVE01"

	// Health: the database and Slack, by name.
	code, body := get(t, s.base, "/healthz", "")
	var health struct {
		OK    bool              `json:"ok"`
		Parts map[string]string `json:"parts"`
	}
	if err := json.Unmarshal(body, &health); code != http.StatusOK || err != nil || !health.OK ||
		health.Parts["database"] != "ok" || health.Parts["slack"] != "ok" || !strings.HasPrefix(health.Parts["outbox"], "ok") ||
		len(health.Parts) != 3 {
		t.Fatalf("healthz: %d %s", code, body)
	}

	// /involve start: the ack is empty, the first prompt is posted.
	if code, body := s.command(channel, "sak-serve-test", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	if want := "1/14 · " + seedQuestions[0]; p1.Text != want {
		t.Errorf("first prompt %q, want %q", p1.Text, want)
	}
	bottest.WaitFor(t, "the first prompt to be recorded", func() bool {
		cases, err := backupCases(testClient, s.base, testAdminToken, dir)
		return err == nil && recorded(cases[channel], p1.TS)
	})

	// An answer in its thread: acknowledged with a reaction, next prompt.
	a1 := slacktest.Message{EventID: "Ev0SERVE0001", Channel: channel, User: "U0PLANNER",
		Text: "Hvem bor der & hva bruker de stedet til?", TS: "1732620001.000100", Thread: p1.TS}
	if code := s.answer(a1); code != http.StatusOK {
		t.Fatalf("answer: %d", code)
	}
	var p2 slacktest.Post
	bottest.WaitFor(t, "the second prompt", func() (ok bool) { p2, ok = promptPost(fake, channel, 2); return ok })
	if want := "2/14 · " + seedQuestions[1]; p2.Text != want {
		t.Errorf("second prompt %q, want %q", p2.Text, want)
	}
	bottest.WaitFor(t, "the reaction on the answer", func() bool { return reacted(fake, channel, a1.TS) })
	// Slack redelivers it: no second effect.
	code, _, err := postSlack(testClient, s.base, slacktest.ContentTypeJSON, a1.Body(), slacktest.SigningSecret,
		"X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	if err != nil || code != http.StatusOK {
		t.Fatalf("redelivery: %d %v", code, err)
	}

	// A forged request is refused, changes nothing, and is counted.
	forged := slacktest.Message{EventID: "Ev0FORGED01", Channel: channel, User: "U0CASEWKR", Text: "Forfalsket",
		TS: "1732620002.000100", Thread: p1.TS}
	code, _, err = postSlack(testClient, s.base, slacktest.ContentTypeJSON, forged.Body(), "not-the-signing-secret")
	if err != nil || code != http.StatusUnauthorized {
		t.Fatalf("forged: %d %v", code, err)
	}

	// Metrics, in Prometheus text.
	code, body = get(t, s.base, "/metrics", "")
	metrics := string(body)
	if code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	for _, m := range []struct {
		name   string
		labels []string
		want   float64 // -2: present, any value
	}{
		{"involve_events_received_total", []string{"platform", "slack", "kind", "command"}, 1},
		{"involve_events_received_total", []string{"platform", "slack", "kind", "message"}, 2},
		{"involve_events_duplicate_total", []string{"platform", "slack"}, 1},
		{"involve_requests_rejected_total", []string{"route", "slack", "reason", "unauthorized"}, 1},
		{"involve_outbox_depth", nil, -2},
		{"involve_answers_stored_total", []string{"platform", "slack"}, 1},
	} {
		got := metricValue(metrics, m.name, m.labels...)
		if got == -1 || (m.want != -2 && got != m.want) {
			t.Errorf("%s%v = %v, want %v", m.name, m.labels, got, m.want)
		}
	}

	// Admin routes: a wrong or missing token is 401; the backup is a
	// database storage.Open reads, with the answer in it.
	for _, token := range []string{"", "wrong-token", testAdminToken + "x"} {
		if code, _ := get(t, s.base, "/admin/backup", token); code != http.StatusUnauthorized {
			t.Errorf("backup with token %q: %d, want 401", token, code)
		}
	}
	if got := metricValue(string(must(get(t, s.base, "/metrics", ""))), "involve_requests_rejected_total",
		"route", "admin", "reason", "unauthorized"); got != 3 {
		t.Errorf("admin refusals counted %v times, want 3", got)
	}
	code, body = get(t, s.base, "/admin/backup", testAdminToken)
	backup := filepath.Join(dir, "backup.db")
	if code != http.StatusOK || os.WriteFile(backup, body, 0o600) != nil {
		t.Fatalf("backup: %d", code)
	}
	cases, err := readCases(backup)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	if c := cases[channel]; c == nil || len(c.Answers) != 1 || c.Answers[0].Text != a1.Text || c.Answers[0].Name != "Kari Nordmann" {
		t.Fatalf("backup holds %+v", cases[channel])
	}
	code, body = get(t, s.base, "/admin/export?channel="+channel+"&format=json", testAdminToken)
	var doc dialogs.Document
	if code != http.StatusOK || json.Unmarshal(body, &doc) != nil || len(doc.Rounds) != 1 ||
		len(doc.Rounds[0].Questions[0].Answers) != 1 {
		t.Errorf("export: %d %s", code, body)
	}
	// The Word document and the Markdown, as the export command writes
	// them: names only when asked for.
	code, body = get(t, s.base, "/admin/export?channel="+channel+"&format=docx", testAdminToken)
	if code != http.StatusOK || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("export docx: %d, %d bytes", code, len(body))
	}
	for q, want := range map[string]bool{"": false, "&names=true": true} {
		code, body = get(t, s.base, "/admin/export?channel="+channel+q, testAdminToken)
		if code != http.StatusOK || !strings.Contains(string(body), a1.Text) || strings.Contains(string(body), "Kari Nordmann") != want {
			t.Errorf("export md%s: %d, names %v:\n%s", q, code, want, body)
		}
	}
	if code, _ := get(t, s.base, "/admin/export?channel="+channel+"&format=pdf", testAdminToken); code != http.StatusBadRequest {
		t.Errorf("export in an unknown format: %d", code)
	}
	if code, body := get(t, s.base, "/admin/cases", testAdminToken); code != http.StatusOK || !strings.Contains(string(body), channel) {
		t.Errorf("cases: %d %s", code, body)
	}

	// A late answer to the first prompt, then shut down at once: it was
	// acknowledged, so it is stored, and its reaction is flushed before
	// serve returns.
	a2 := slacktest.Message{EventID: "Ev0SERVE0002", Channel: channel, User: "U0CASEWKR",
		Text: "Også de som går gjennom sentrum", TS: "1732620003.000100", Thread: p1.TS}
	if code := s.answer(a2); code != http.StatusOK {
		t.Fatalf("late answer: %d", code)
	}
	took, err := s.stop()
	if err != nil || took > shutdownGrace {
		t.Fatalf("serve returned %v after %v, want nil within %v", err, took, shutdownGrace)
	}
	if !reacted(fake, channel, a2.TS) {
		t.Error("the reaction acknowledged before shutdown was not delivered")
	}
	// The database was closed: it opens again at once, with both answers.
	db, err := storage.Open(cfg.Storage.Path, &storage.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	defer db.Close()
	c, err := db.Case(channel)
	if err != nil || len(c.Answers) != 2 || c.Current != 2 || c.Answers[1].Text != a2.Text {
		t.Fatalf("after shutdown: %+v %v", c, err)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	if n := fake.Calls("chat.postMessage"); n != 3 { // welcome, prompt 1, prompt 2
		t.Errorf("chat.postMessage called %d times, want 3", n)
	}
}

func must(_ int, b []byte) []byte { return b }

// Without an admin token the admin routes do not exist.
func TestServeAdminRoutesOffWithoutToken(t *testing.T) {
	fake := slacktest.NewServer(t)
	s := startServe(t, fake, testConfig(t, fake, filepath.Join(t.TempDir(), "involve.db"), ""))
	for _, path := range []string{"/admin/backup", "/admin/cases", "/admin/export?channel=C1"} {
		for _, token := range []string{"", testAdminToken} {
			if code, _ := get(t, s.base, path, token); code != http.StatusNotFound {
				t.Errorf("%s with token %q: %d, want 404", path, token, code)
			}
		}
	}
	_, body := get(t, s.base, "/metrics", "")
	if got := metricValue(string(body), "involve_requests_rejected_total", "route", "admin", "reason", "disabled"); got != 6 {
		t.Errorf("disabled admin requests counted %v times, want 6", got)
	}
	if took, err := s.stop(); err != nil || took > shutdownGrace {
		t.Errorf("serve returned %v after %v", err, took)
	}
}

// A Slack that refuses the bot token stops start-up with the key to fix,
// and the database is closed again.
func TestServeRefusesABadBotToken(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithTokens("xoxb-the-real-one", slacktest.AppToken))
	cfg := testConfig(t, fake, filepath.Join(t.TempDir(), "involve.db"), "")
	err := serve(context.Background(), cfg, slog.New(slog.DiscardHandler), func(string) { t.Error("serve listened") })
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Fatalf("serve: %v", err)
	}
	db, err := storage.Open(cfg.Storage.Path, &storage.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("the database stayed locked: %v", err)
	}
	db.Close()
}

// Stopping with replies still queued: serve returns within its grace
// time, what is queued stays in the database, and the next start
// delivers it, each reply once.
func TestServeStopsWithRepliesQueued(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	cfg := testConfig(t, fake, filepath.Join(t.TempDir(), "involve.db"), "")
	s := startServe(t, fake, cfg)
	const channel = "C0QUEUED1"
	if code, body := s.command(channel, "sak-kø", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })

	// 40 answers, and Slack slow to answer reactions (one channel's
	// replies go one at a time): most are still queued when serve is told
	// to stop, and one is on its way.
	fake.SetDelay("reactions.add", time.Second)
	const n = 40
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				m := slacktest.Message{EventID: fmt.Sprintf("Ev0QUEUED%04d", i), Channel: channel,
					Text: fmt.Sprintf("Svar %d", i), TS: fmt.Sprintf("1732630%03d.000100", i), Thread: p1.TS}
				code, _, err := postSlack(testClient, s.base, slacktest.ContentTypeJSON, m.Body(), slacktest.SigningSecret)
				if err != nil || code != http.StatusOK {
					t.Errorf("answer %d: %d %v", i, code, err)
				}
			}
		})
	}
	wg.Wait()
	took, err := s.stop()
	if err != nil || took > shutdownGrace {
		t.Fatalf("serve returned %v after %v, want nil within %v", err, took, shutdownGrace)
	}
	db, err := storage.Open(cfg.Storage.Path, &storage.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	queued, err := db.Outbox(context.Background(), 1<<20)
	db.Close()
	if err != nil || len(queued) == 0 {
		t.Fatalf("%d replies queued at the stop after %v, %d reactions (%v); the test needs some", len(queued), took, len(fake.Reactions()), err)
	}
	delivered := len(fake.Reactions())

	// The next start delivers the rest.
	fake.SetDelay("reactions.add", 0)
	s2 := startServe(t, fake, cfg)
	bottest.WaitFor(t, "every reaction", func() bool { return len(fake.Reactions()) == n })
	// A send cut off by the stop may have reached Slack: it is sent again
	// (Slack answers already_reacted). There is one channel here.
	if extra := fake.Calls("reactions.add") - n; extra < 0 || extra > 1 {
		t.Errorf("reactions.add called %d times for %d answers", n+extra, n)
	}
	if _, err := s2.stop(); err != nil {
		t.Error(err)
	}
	t.Logf("%d of %d reactions delivered before the stop, %d replies queued across it", delivered, n, len(queued))
}
