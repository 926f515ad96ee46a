package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// Hot backups taken again and again while answers come in: every one is
// verified by `involvebot backup` (length, checksum, opens, checks clean),
// and none holds fewer answers than one taken before it.
func TestHotBackupLoopUnderWriteLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a loop of hot backups under load")
	}
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	dir := t.TempDir()
	s := startServe(t, fake, testConfig(t, fake, filepath.Join(dir, "involve.db"), testAdminToken))
	const channel = "C0BACKUP1"
	if code, body := s.command(channel, "sak-backup", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	bottest.WaitFor(t, "the first prompt to be recorded", func() bool {
		cases, err := backupCases(testClient, s.base, testAdminToken, dir)
		return err == nil && recorded(cases[channel], p1.TS)
	})

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var acked atomic.Int64
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				m := slacktest.Message{EventID: fmt.Sprintf("Ev0BK%d%06d", w, i), Channel: channel, User: "U0PLANNER",
					Text: fmt.Sprintf("svar %d-%d", w, i), TS: fmt.Sprintf("17326%d%04d.000100", w, i), Thread: p1.TS}
				code, _, err := postSlack(testClient, s.base, slacktest.ContentTypeJSON, m.Body(), slacktest.SigningSecret)
				if err == nil && code == http.StatusOK {
					acked.Add(1)
				}
			}
		}()
	}
	prev := 0
	for i := range 15 {
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		before := acked.Load()
		_, stderr, code := runCLI(t, "", "backup", "-url", s.base, "-token", testAdminToken, "-o", out)
		if code != 0 {
			t.Fatalf("backup %d: exit %d: %s", i, code, stderr)
		}
		cases, err := readCases(out)
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		n := len(cases[channel].Answers)
		if n < prev || int64(n) < before {
			t.Fatalf("backup %d holds %d answers; %d were acknowledged before it, the one before held %d", i, n, before, prev)
		}
		prev = n
	}
	close(stop)
	wg.Wait()
	t.Logf("15 hot backups verified under load; the last held %d answers", prev)
}

// `involvebot backup` writes nothing and exits non-zero unless what it
// received is whole: the announced length, the checksum, a file that opens
// and checks clean.
func TestBackupVerifiesWhatItReceived(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(filepath.Join(dir, "src.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Commit(context.Background(), bot.Change{Channel: "C1", Case: dialogs.Coach{}.NewCase("C1", "slack", "sak-x", time.Now())})
	f, n, sum, err := snapshot(db, dir)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	good, _ := io.ReadAll(f)
	f.Close()
	os.Remove(f.Name())
	if int64(len(good)) != n {
		t.Fatalf("snapshot length %d, read %d", n, len(good))
	}
	garbage := make([]byte, len(good))
	copy(garbage, good)
	for i := 4096; i < len(garbage); i++ {
		garbage[i] = 0xAB
	}
	garbageSum := sha256.Sum256(garbage)

	for _, tc := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		ok    bool
	}{
		{"whole", func(w http.ResponseWriter) {
			w.Header().Set(headerSHA256, sum)
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.Write(good)
		}, true},
		{"truncated", func(w http.ResponseWriter) {
			w.Header().Set(headerSHA256, sum)
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.WriteHeader(http.StatusOK)
			w.Write(good[:len(good)/2])
			conn, buf, _ := w.(http.Hijacker).Hijack() // the connection drops mid-stream
			buf.Flush()
			conn.Close()
		}, false},
		{"checksum", func(w http.ResponseWriter) {
			w.Header().Set(headerSHA256, strings.Repeat("0", 64))
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.Write(good)
		}, false},
		{"no checksum", func(w http.ResponseWriter) { w.Write(good) }, false},
		{"does not check", func(w http.ResponseWriter) {
			w.Header().Set(headerSHA256, hex.EncodeToString(garbageSum[:]))
			w.Header().Set("Content-Length", strconv.Itoa(len(garbage)))
			w.Write(garbage)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tc.serve(w) }))
			defer srv.Close()
			out := filepath.Join(t.TempDir(), "copy.db")
			_, stderr, code := runCLI(t, "", "backup", "-url", srv.URL, "-token", "x", "-o", out)
			_, statErr := os.Stat(out)
			if tc.ok && (code != 0 || statErr != nil) {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !tc.ok && (code == 0 || statErr == nil) {
				t.Fatalf("a bad backup was accepted: exit %d, file %v", code, statErr)
			}
			t.Log(strings.TrimSpace(stderr))
		})
	}
}

// /healthz reports the outbox's depth and oldest age, and is degraded past
// outboxBehind.
func TestHealthzReportsAnOutboxBehind(t *testing.T) {
	fake := slacktest.NewServer(t)
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A reply queued 12 minutes ago for a platform this process does not run.
	db.Commit(context.Background(), bot.Change{Channel: "C1", Outbox: []bot.Outgoing{{Platform: "elsewhere", Channel: "C1",
		Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "hei"}, Created: time.Now().Add(-12 * time.Minute)}}})
	db.Close()
	s := startServe(t, fake, testConfig(t, fake, path, ""))
	var health struct {
		OK    bool              `json:"ok"`
		Parts map[string]string `json:"parts"`
	}
	bottest.WaitFor(t, "the outbox to be loaded", func() bool {
		code, body := get(t, s.base, "/healthz", "")
		return json.Unmarshal(body, &health) == nil && code == http.StatusServiceUnavailable
	})
	if health.OK || !strings.HasPrefix(health.Parts["outbox"], "behind 12m") || health.Parts["database"] != "ok" {
		t.Fatalf("healthz: %+v", health)
	}
}

// A database file of the first layout, read by the current build's
// offline commands: the cases and the export, with the old prompts' answers
// and the nudge's report.
func TestLayout1FileThroughTheCLI(t *testing.T) {
	for _, f := range []string{"layout-1.db", "layout-1-refs.db"} {
		t.Run(f, func(t *testing.T) { testLayout1FileThroughTheCLI(t, f) })
	}
}

func testLayout1FileThroughTheCLI(t *testing.T, fixture string) {
	src, err := os.ReadFile("../../storage/testdata/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "layout-1.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "", "cases", "-db", path)
	if code != 0 || !strings.Contains(out, "C0FIXTURE1") || !strings.Contains(out, "19:fixture@thread.tacv2") {
		t.Fatalf("cases: %d %s %s", code, out, stderr)
	}
	out, stderr, code = runCLI(t, "", "export", "-db", path, "-channel", "C0FIXTURE1", "-format", "json")
	if code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	for _, want := range []string{"Vi vil forstå hvordan folk bruker torget om kvelden.", "Ungdom og eldre som bor rundt torget.",
		"Beboerne fikk se skissene og ba om mer lys."} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	out, _, code = runCLI(t, "", "export", "-db", path, "-channel", "C0FIXTURE1")
	if code != 0 || !strings.Contains(out, "Beboerne fikk se skissene") {
		t.Fatalf("markdown export: %d\n%s", code, out)
	}
	out, stderr, code = runCLI(t, "", "backup", "-db", path) // to standard output
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if code != 0 || os.WriteFile(copyPath, []byte(out), 0o600) != nil {
		t.Fatalf("backup -db: %d %s", code, stderr)
	}
	if cases, err := readCases(copyPath); err != nil || len(cases) != 2 || len(cases["C0FIXTURE1"].Prompts) != 4 {
		t.Fatalf("the offline backup: %d cases, %v", len(cases), err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(src) {
		t.Fatal("reading the file changed it")
	}
}
