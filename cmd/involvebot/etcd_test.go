package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/etcdstore/etcdtest"
)

// etcdConfigDoc is a configuration on etcd at endpoints, Slack in HTTP
// mode against fake.
func etcdConfigDoc(endpoints []string, prefix, fakeURL string) string {
	q := make([]string, len(endpoints))
	for i, e := range endpoints {
		q[i] = fmt.Sprintf("%q", e)
	}
	doc := fmt.Sprintf(`[storage]
backend = "etcd"
etcd_endpoints = [%s]
etcd_prefix = %q
etcd_dial_timeout = "2s"

[http]
listen = "127.0.0.1:0"
`, strings.Join(q, ", "), prefix)
	if fakeURL != "" {
		doc += fmt.Sprintf("\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\npace = false\n", fakeURL)
	}
	return doc
}

var etcdConfigErrorTests = []struct {
	name, doc, want string
}{
	{"unknown backend", "[storage]\nbackend = \"redis\"\n", "line 2: storage.backend: must be \"bbolt\" or \"etcd\""},
	{"no endpoints", "[storage]\nbackend = \"etcd\"\n", "line 2: storage.etcd_endpoints: required when storage.backend is \"etcd\""},
	{"not a URL", "[storage]\nbackend = \"etcd\"\netcd_endpoints = [\"etcd1\"]\n", "line 3: storage.etcd_endpoints: \"etcd1\" is not a client URL"},
	{"bad timeout", "[storage]\netcd_dial_timeout = \"soon\"\n", "line 2: storage.etcd_dial_timeout: must be a duration"},
	{"zero timeout", "[storage]\netcd_dial_timeout = \"0s\"\n", "line 2: storage.etcd_dial_timeout: must be more than 0"},
	{"prefix", "[storage]\netcd_prefix = \"involve\"\n", "line 2: storage.etcd_prefix: must start and end with \"/\""},
	{"missing CA", "[storage]\nbackend = \"etcd\"\netcd_endpoints = [\"https://e:2379\"]\netcd_ca_file = \"/nonexistent/ca.pem\"\n", "line 4: storage.etcd_ca_file: cannot read /nonexistent/ca.pem"},
	{"cert without key", "[storage]\nbackend = \"etcd\"\netcd_endpoints = [\"https://e:2379\"]\netcd_cert_file = \"config_etcd.go\"\n", "line 4: storage.etcd_cert_file: a client certificate needs both"},
	{"typo", "[storage]\netcd_endpoint = []\n", "line 2: storage.etcd_endpoint: unknown key"},
}

func TestEtcdConfigErrors(t *testing.T) {
	for _, tc := range etcdConfigErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.doc), func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant %q", err, tc.want)
			}
		})
	}
	cfg, err := ParseConfig([]byte(etcdConfigDoc([]string{"https://etcd1:2379", "https://etcd2:2379"}, "/kommune/", "")), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if e := cfg.Storage.Etcd(); !cfg.Storage.UsesEtcd() || len(e.Endpoints) != 2 || e.Prefix != "/kommune/" || e.DialTimeout != 2*time.Second {
		t.Fatalf("etcd settings: %+v", e)
	}
}

// TestServeStopsWhenEtcdIsUnreachable: nothing listens at the endpoint;
// serve does not start, and says which key to look at, within the dial
// timeout (the bound below only keeps a hang from passing).
func TestServeStopsWhenEtcdIsUnreachable(t *testing.T) {
	doc := strings.Replace(etcdConfigDoc([]string{"http://127.0.0.1:1"}, "/involve/", ""), `"2s"`, `"500ms"`, 1)
	cfg, err := ParseConfig([]byte(doc), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- serve(t.Context(), cfg, slog.New(slog.DiscardHandler), nil) }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("serve hung on an unreachable etcd")
	}
	if err == nil || !strings.Contains(err.Error(), "storage.etcd_endpoints") || !strings.Contains(err.Error(), "not reachable") ||
		!strings.Contains(err.Error(), "500ms") {
		t.Fatalf("serve: %v", err)
	}
	t.Logf("refused after %v: %v", time.Since(start).Round(time.Millisecond), err)
}

// health is /healthz decoded.
type health struct {
	OK    bool              `json:"ok"`
	Parts map[string]string `json:"parts"`
}

func healthOf(t *testing.T, base string) health {
	t.Helper()
	_, body := get(t, base, "/healthz", "")
	var h health
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("healthz %s: %v", body, err)
	}
	return h
}

// TestServeTwoReplicasOnEtcd: two serves on one etcd take signed Slack
// requests; one leads and posts every reply, once; when it stops, the
// other leads and goes on.
func TestServeTwoReplicasOnEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	env := map[string]string{"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": slacktest.SigningSecret}
	var reps []*served
	for range 2 {
		cfg, err := ParseConfig([]byte(etcdConfigDoc(c.Endpoints(), "/involve/", fake.URL)), func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, startServe(t, fake, cfg))
	}
	var lead, other *served
	bottest.WaitFor(t, "a leader", func() bool {
		for i, r := range reps {
			if healthOf(t, r.base).Parts["leader"] == "this replica leads" {
				lead, other = r, reps[1-i]
				return true
			}
		}
		return false
	})
	if h := healthOf(t, other.base); !h.OK || h.Parts["etcd"] != "ok" || h.Parts["leader"] != "another replica leads" {
		t.Fatalf("the other replica's health: %+v", h)
	}
	const channel = "C0ETCD001"
	// The command goes to the replica that does not lead; the leader posts.
	if code, body := other.command(channel, "sak-etcd", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	// The answer goes to the leader, in the prompt's thread: it needs
	// the reference the leader recorded.
	a1 := slacktest.Message{EventID: "Ev0ETCD0001", Channel: channel, User: "U0PLANNER", Text: "Torget på lørdag", TS: "1732620001.000100", Thread: p1.TS}
	bottest.WaitFor(t, "the answer to be taken", func() bool { return lead.answer(a1) == http.StatusOK && reacted(fake, channel, a1.TS) })
	bottest.WaitFor(t, "the second prompt", func() bool { _, ok := promptPost(fake, channel, 2); return ok })
	// The leader stops; the other takes over and answers the next.
	if _, err := lead.stop(); err != nil {
		t.Fatal(err)
	}
	bottest.WaitFor(t, "the other replica to lead", func() bool { return healthOf(t, other.base).Parts["leader"] == "this replica leads" })
	p2, _ := promptPost(fake, channel, 2)
	a2 := slacktest.Message{EventID: "Ev0ETCD0002", Channel: channel, User: "U0PLANNER", Text: "Vi lytter", TS: "1732620002.000100", Thread: p2.TS}
	if code := other.answer(a2); code != http.StatusOK {
		t.Fatalf("answer 2: %d", code)
	}
	bottest.WaitFor(t, "the third prompt", func() bool { _, ok := promptPost(fake, channel, 3); return ok })
	for q := 1; q <= 3; q++ {
		n := 0
		prefix := fmt.Sprintf("%d/14 · ", q)
		for _, p := range fake.Posts() {
			if p.Channel == channel && strings.HasPrefix(p.Text, prefix) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("prompt %d posted %d times", q, n)
		}
	}
	_, body := get(t, other.base, "/metrics", "")
	if v := metricValue(string(body), "involve_leader"); v != 1 {
		t.Errorf("involve_leader = %v on the replica that leads", v)
	}
}

// TestMigrateBackupExportOnEtcd: a console's bbolt file goes into etcd and
// back, verified; cases and export read etcd with -config; a backup of
// etcd is a checked snapshot; a second migration into etcd is refused.
func TestMigrateBackupExportOnEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dir := t.TempDir()
	db := filepath.Join(dir, "involve.db")
	if _, errOut, code := runCLI(t, "Torget på lørdag\nVi lytter\n/involve report De så skissene\n", "console", "-db", db, "-channel", "sak-flytt"); code != 0 {
		t.Fatalf("console: %s", errOut)
	}
	cfgPath := filepath.Join(dir, "etcd.toml")
	if err := os.WriteFile(cfgPath, []byte(etcdConfigDoc(c.Endpoints(), "/involve/", "")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "migrate", "-from", "bbolt:"+db, "-to", "etcd", "-config", cfgPath)
	if code != 0 || !strings.Contains(out, "copied 1 cases (2 answers, 1 reports") {
		t.Fatalf("migrate into etcd: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := runCLI(t, "", "migrate", "-from", "bbolt:"+db, "-to", "etcd", "-config", cfgPath); code == 0 || !strings.Contains(errOut, "only into an empty store") {
		t.Fatalf("a second migration: %d %s", code, errOut)
	}
	cases, errOut, code := runCLI(t, "", "cases", "-config", cfgPath)
	if code != 0 || !strings.Contains(cases, "sak-flytt") {
		t.Fatalf("cases -config: %d %s %s", code, cases, errOut)
	}
	// The export's own time aside, the documents are the same.
	exportedAt := regexp.MustCompile(`"exported": "[^"]*"`)
	fromBolt, _, _ := runCLI(t, "", "export", "-db", db, "-channel", "sak-flytt", "-format", "json")
	fromEtcd, errOut, code := runCLI(t, "", "export", "-config", cfgPath, "-channel", "sak-flytt", "-format", "json")
	fromBolt, fromEtcd = exportedAt.ReplaceAllString(fromBolt, ""), exportedAt.ReplaceAllString(fromEtcd, "")
	if code != 0 || fromEtcd != fromBolt || !strings.Contains(fromEtcd, "De så skissene") {
		t.Fatalf("export -config: %d %s\n%s\nwant\n%s", code, errOut, fromEtcd, fromBolt)
	}
	back := filepath.Join(dir, "back.db")
	if out, errOut, code := runCLI(t, "", "migrate", "-from", "etcd", "-to", "bbolt:"+back, "-config", cfgPath); code != 0 {
		t.Fatalf("migrate back: %s %s", out, errOut)
	}
	if again, _, _ := runCLI(t, "", "export", "-db", back, "-channel", "sak-flytt", "-format", "json"); exportedAt.ReplaceAllString(again, "") != fromBolt {
		t.Fatalf("export after the round trip:\n%s\nwant\n%s", again, fromBolt)
	}
	snap := filepath.Join(dir, "etcd.snapshot")
	if _, errOut, code := runCLI(t, "", "backup", "-config", cfgPath, "-o", snap); code != 0 {
		t.Fatalf("backup -config: %s", errOut)
	}
	if err := etcdstore.CheckSnapshot(snap); err != nil {
		t.Fatal(err)
	}
}
