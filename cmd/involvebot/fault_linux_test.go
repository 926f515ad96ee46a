package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/storage"
	"github.com/oslo-involve/involve/storage/faultfile"
)

// When the database file fails a write under a running server, the answer
// in flight is refused (Slack retries it), so is every later one, and serve
// returns an error (the binary exits non-zero) without being asked to stop.
func TestServeExitsWhenTheDatabaseFails(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	dir := t.TempDir()
	cfg := testConfig(t, fake, filepath.Join(dir, "involve.db"), "")
	ff := faultfile.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	addr := make(chan string, 1)
	go func() {
		done <- serveWith(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)), func(a string) { addr <- a },
			&storage.Options{OpenFile: ff.Open})
	}()
	s := &served{t: t, cfg: cfg, fake: fake, cancel: cancel, done: done}
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-done:
		t.Fatalf("serve returned before it listened: %v", err)
	}
	const channel = "C0FAULT01"
	if code, body := s.command(channel, "sak-fault", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	m := slacktest.Message{EventID: "Ev0FAULT0001", Channel: channel, User: "U0PLANNER", Text: "før feilen", TS: "1732640001.000100", Thread: p1.TS}
	if code := s.answer(m); code != http.StatusOK {
		t.Fatalf("answer before the fault: %d", code)
	}
	ff.Fail()
	m = slacktest.Message{EventID: "Ev0FAULT0002", Channel: channel, User: "U0PLANNER", Text: "under feilen", TS: "1732640002.000100", Thread: p1.TS}
	// Not acknowledged: an error status, or the connection closed as the
	// server stops.
	if code, _, err := postSlack(testClient, s.base, slacktest.ContentTypeJSON, m.Body(), slacktest.SigningSecret); err == nil && code == http.StatusOK {
		t.Fatal("an answer was acknowledged although its commit failed")
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(shutdownGrace + 10*time.Second):
		t.Fatal("serve kept running on a failed database")
	}
	if !errors.Is(err, storage.ErrFailed) {
		t.Fatalf("serve returned %v, want a storage.ErrFailed", err)
	}
	if !strings.Contains(logs.String(), "stopping: the database failed a write") {
		t.Fatalf("no clear log line:\n%s", logs.String())
	}
	ff.Release()
	db, err := storage.Open(cfg.Storage.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Case(channel)
	if err != nil || len(c.Answers) != 1 || c.Answers[0].Text != "før feilen" {
		t.Fatalf("after restart: %+v %v", c, err)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// /healthz is red once the database failed a write, naming the error.
func TestHealthzRedAfterTheDatabaseFailed(t *testing.T) {
	ff := faultfile.New(t)
	db, err := storage.Open(filepath.Join(t.TempDir(), "involve.db"), &storage.Options{OpenFile: ff.Open})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := &server{db: db, engine: bot.New(db, bot.Options{}), log: slog.New(slog.DiscardHandler)}
	check := func() (int, string) {
		w := httptest.NewRecorder()
		s.healthz(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return w.Code, w.Body.String()
	}
	if code, body := check(); code != http.StatusOK {
		t.Fatalf("healthz before the fault: %d %s", code, body)
	}
	ff.Fail()
	db.SetState(context.Background(), "k", []byte("v"))
	if code, body := check(); code != http.StatusServiceUnavailable || !strings.Contains(body, "failed a write") {
		t.Fatalf("healthz after the fault: %d %s", code, body)
	}
}

// serve removes the snapshot files a killed process left beside the database.
func TestServeRemovesStaleSnapshots(t *testing.T) {
	fake := slacktest.NewServer(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, ".involve-snapshot-123.db")
	if err := os.WriteFile(stale, []byte("half a backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	startServe(t, fake, testConfig(t, fake, filepath.Join(dir, "involve.db"), ""))
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale snapshot still there: %v", err)
	}
}
