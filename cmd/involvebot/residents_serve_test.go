package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/residents"
)

// These tests run the residents' page through the real server: the team
// opens it with a signed slash command, a resident answers through the
// public route, and the answer reaches the fake Slack channel, the file and
// the export.

const (
	testPublicURL       = "https://involve.example.kommune.no"
	testResidentsSecret = "a-form-secret-for-tests-0123456789abcdef"
)

// residentsConfig is testConfig with the residents' page on.
func residentsConfig(t *testing.T, fake *slacktest.Server, dbPath string) *Config {
	cfg := testConfig(t, fake, dbPath, testAdminToken)
	cfg.HTTP.PublicURL = testPublicURL
	cfg.Residents.Enabled = true
	cfg.Residents.Secret = testResidentsSecret
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// logBuffer is a buffer a logger and a test share.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

var codeRE = regexp.MustCompile(`/r/([a-z2-7]{10})`)

// openPage sends "/involve <words>" and returns the page's code from the
// link the coach posted with the QR code.
func openPage(t *testing.T, s *served, channel, words string) string {
	t.Helper()
	n := len(s.fake.Uploads())
	if code, body := s.command(channel, "sak-grorud-sentrum", words); code != http.StatusOK {
		t.Fatalf("%s: %d %s", words, code, body)
	}
	var up slacktest.Upload
	bottest.WaitFor(t, "the QR code", func() bool {
		ups := s.fake.Uploads()
		if len(ups) > n {
			up = ups[n]
		}
		return len(ups) > n
	})
	if up.Channel != channel || !strings.HasSuffix(up.Filename, ".png") || !strings.HasPrefix(up.Content, "\x89PNG") {
		t.Fatalf("upload %q to %s, content %q…", up.Filename, up.Channel, up.Content[:min(8, len(up.Content))])
	}
	if !strings.Contains(up.Comment, "Innbyggersiden for «") {
		t.Errorf("the comment lacks the heading: %q", up.Comment)
	}
	m := codeRE.FindStringSubmatch(up.Comment)
	if m == nil || !strings.Contains(up.Comment, testPublicURL+"/r/"+m[1]) {
		t.Fatalf("no page link in %q", up.Comment)
	}
	return m[1]
}

// submit posts an answer to the page with a valid form token, as the form
// would after a resident took ten seconds to write it.
func submit(t *testing.T, s *served, code, text, age string, header ...string) (int, string) {
	t.Helper()
	form := url.Values{
		"token": {residents.IssueToken([]byte(testResidentsSecret), code, time.Now().Add(-10*time.Second))},
		"text":  {text}, "age": {age}, "website": {""},
	}
	req, err := http.NewRequest(http.MethodPost, s.base+"/r/"+code, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postsWith returns the fake's posts in channel whose text holds s.
func postsWith(f *slacktest.Server, channel, s string) []slacktest.Post {
	var out []slacktest.Post
	for _, p := range f.Posts() {
		if p.Channel == channel && strings.Contains(p.Text, s) {
			out = append(out, p)
		}
	}
	return out
}

func TestServeResidentsPageEndToEnd(t *testing.T) {
	fake := slacktest.NewServer(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "involve.db")
	cfg := residentsConfig(t, fake, dbPath)
	s := startServe(t, fake, cfg)
	const channel = "C0RESIDENT"

	code := openPage(t, s, channel, "innbyggere Nytt torg på Grorud")
	status, page := get(t, s.base, "/r/"+code, "")
	if status != http.StatusOK || !strings.Contains(string(page), "Nytt torg på Grorud") || strings.Contains(string(page), channel) {
		t.Fatalf("GET the page: %d, title shown %v, channel id shown %v", status, strings.Contains(string(page), "Nytt torg på Grorud"), strings.Contains(string(page), channel))
	}

	// Two answers in one week: one root, both answers in its thread.
	answers := []string{"Jeg fikk vite at benkene kommer tilbake.", "At noen faktisk lyttet til oss unge."}
	for i, text := range answers {
		if st, body := submit(t, s, code, text, []string{"67+", "13-18"}[i]); st != http.StatusOK {
			t.Fatalf("answer %d: %d %s", i+1, st, body)
		}
	}
	var root slacktest.Post
	bottest.WaitFor(t, "the week's root", func() bool {
		roots := postsWith(fake, channel, "Innbyggerne svarer – uke ")
		if len(roots) == 1 {
			root = roots[0]
		}
		return len(roots) == 1
	})
	if root.Thread != "" {
		t.Errorf("the week's root is a thread reply")
	}
	for _, text := range answers {
		bottest.WaitFor(t, "the answer in the channel", func() bool { return len(postsWith(fake, channel, text)) == 1 })
		if p := postsWith(fake, channel, text)[0]; p.Thread != root.TS {
			t.Errorf("answer %q in thread %q, want the week's %q", text, p.Thread, root.TS)
		}
	}
	if n := len(postsWith(fake, channel, "Innbyggerne svarer – uke ")); n != 1 {
		t.Errorf("%d roots for one week", n)
	}

	// A third, identifying answer: the team presses its «Slett svaret»
	// button; it leaves the case and the channel.
	const identifying = "Ring meg på 41234567, jeg bor i nr. 12."
	if st, body := submit(t, s, code, identifying, ""); st != http.StatusOK {
		t.Fatalf("answer 3: %d %s", st, body)
	}
	var third slacktest.Post
	bottest.WaitFor(t, "answer 3 in the channel", func() bool {
		ps := postsWith(fake, channel, identifying)
		if len(ps) == 1 {
			third = ps[0]
		}
		return len(ps) == 1
	})
	bottest.WaitFor(t, "answer 3 to be recorded", func() bool {
		cases, err := backupCases(testClient, s.base, testAdminToken, dir)
		return err == nil && recorded(cases[channel], third.TS)
	})
	if st, body, err := postSlack(testClient, s.base, slacktest.ContentTypeForm, deletePress(channel, root.TS, third.TS, "3"), slacktest.SigningSecret); err != nil || st != http.StatusOK {
		t.Fatalf("press delete: %d %s %v", st, body, err)
	}
	bottest.WaitFor(t, "answer 3 taken back", func() bool {
		d := fake.Deleted()
		return len(d) == 1 && d[0].TS == third.TS
	})

	// "You said, we did" shows on the page.
	if code, body := s.command(channel, "sak-grorud-sentrum", "oppdatering Benkene er bestilt og kommer i mai."); code != http.StatusOK {
		t.Fatalf("update: %d %s", code, body)
	}
	if _, page = get(t, s.base, "/r/"+code, ""); !strings.Contains(string(page), "Benkene er bestilt og kommer i mai.") {
		t.Errorf("the page lacks the update")
	}

	// Closed: the page says so and takes nothing.
	if code, body := s.command(channel, "sak-grorud-sentrum", "innbyggere av"); code != http.StatusOK {
		t.Fatalf("off: %d %s", code, body)
	}
	if st, _ := get(t, s.base, "/r/"+code, ""); st != http.StatusNotFound {
		t.Errorf("GET a closed page: %d, want 404", st)
	}
	if st, _ := submit(t, s, code, "Kom for sent.", ""); st != http.StatusNotFound {
		t.Errorf("POST to a closed page: %d, want 404", st)
	}
	if _, err := s.stop(); err != nil {
		t.Fatal(err)
	}

	// The export holds the residents' words, their age bands, the update.
	out, errOut, rc := runCLI(t, "", "export", "-db", dbPath, "-channel", channel, "-format", "json")
	if rc != 0 {
		t.Fatalf("export: %d %s", rc, errOut)
	}
	var doc struct {
		Residents []struct{ Text, Age string } `json:"residents"`
		Updates   []struct{ Text string }      `json:"updates"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Residents) != 2 || doc.Residents[0].Text != answers[0] || doc.Residents[0].Age != "67+" ||
		doc.Residents[1].Text != answers[1] || doc.Residents[1].Age != "13-18" {
		t.Errorf("export residents: %+v", doc.Residents)
	}
	if len(doc.Updates) != 1 || doc.Updates[0].Text != "Benkene er bestilt og kommer i mai." {
		t.Errorf("export updates: %+v", doc.Updates)
	}
	if strings.Contains(out, "Kom for sent.") || strings.Contains(out, identifying) {
		t.Errorf("the export holds the closed page's or the deleted answer")
	}
	// The Word document has the residents' voice as a chapter section.
	docPath := filepath.Join(dir, "kapittel.docx")
	if _, errOut, rc := runCLI(t, "", "export", "-db", dbPath, "-channel", channel, "-format", "docx", "-o", docPath); rc != 0 {
		t.Fatalf("export docx: %d %s", rc, errOut)
	}
	docx, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	if text := docxText(t, docx); !strings.Contains(text, ">Det innbyggerne sa<") || !strings.Contains(text, answers[1]) ||
		!strings.Contains(text, "Benkene er bestilt og kommer i mai.") {
		t.Errorf("the Word document lacks the residents' section")
	}

	// Forget removes the page with everything else.
	s = startServe(t, fake, cfg)
	for _, words := range []string{"glem", "glem ja"} {
		if code, body := s.command(channel, "sak-grorud-sentrum", words); code != http.StatusOK {
			t.Fatalf("%s: %d %s", words, code, body)
		}
	}
	if st, _ := get(t, s.base, "/r/"+code, ""); st != http.StatusNotFound {
		t.Errorf("GET a forgotten page: %d, want 404", st)
	}
	if _, err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if found := bottest.ScanFile(t, dbPath, code, answers[0], answers[1], identifying, "Benkene er bestilt"); len(found) > 0 {
		t.Errorf("after forget the file still holds: %v", found)
	}
}

// deletePress is a signed-form block_actions payload: the «Slett svaret»
// button on a resident's answer (ts) in its week's thread was pressed. Its
// shape is Slack's documented block_actions payload
// (docs.slack.dev/reference/interaction-payloads/block_actions-payload),
// with container as in slack-go/slack v0.35.0 interactions_test.go, as
// bot/slack/payloads_test.go's payloadBlockActionsInThread.
func deletePress(channel, thread, ts, n string) []byte {
	payload := fmt.Sprintf(`{
  "type": "block_actions",
  "user": {"id": "U0PLANNER", "username": "kari.nordmann", "name": "kari.nordmann", "team_id": %q},
  "api_app_id": "A0INVOLVE",
  "container": {"type": "message", "message_ts": %q, "channel_id": %q, "is_ephemeral": false, "thread_ts": %q},
  "trigger_id": "12466734323.1395872400",
  "team": {"id": %q, "domain": "oslo-test"},
  "channel": {"id": %q, "name": "sak-grorud-sentrum"},
  "message": {"bot_id": "BBOT0001", "type": "message", "text": "Innbyggersvar %s:", "user": "UBOT0001", "ts": %q, "thread_ts": %q},
  "state": {"values": {}},
  "actions": [{"action_id": "resident_delete", "block_id": "a1", "text": {"type": "plain_text", "text": "Slett svaret"},
    "value": %q, "type": "button", "style": "danger", "action_ts": "1732613200.000100"}]
}`, slacktest.TeamID, ts, channel, thread, slacktest.TeamID, channel, n, ts, thread, n)
	return []byte("payload=" + url.QueryEscape(payload))
}

// No client address reaches the database, the log or the channel: the
// resident's IP is never kept.
func TestServeResidentsKeepsNoAddress(t *testing.T) {
	fake := slacktest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "involve.db")
	cfg := residentsConfig(t, fake, dbPath)
	cfg.Residents.BehindProxy = true
	var logs logBuffer
	s := startServeLog(t, fake, cfg, &logs)
	const channel, addr = "C0NOADDR01", "203.0.113.77"

	code := openPage(t, s, channel, "innbyggere")
	const text = "Fint at dere kom til skolen."
	if st, body := submit(t, s, code, text, "u13", "X-Forwarded-For", addr, "User-Agent", "Mozilla/5.0 (kjennetegn)"); st != http.StatusOK {
		t.Fatalf("answer: %d %s", st, body)
	}
	// A bad request too: errors are where addresses tend to be logged.
	if st, _ := submit(t, s, "bbbbbbbbbb", text, "", "X-Forwarded-For", addr); st != http.StatusNotFound {
		t.Errorf("unknown code: %d", st)
	}
	bottest.WaitFor(t, "the answer in the channel", func() bool { return len(postsWith(fake, channel, text)) == 1 })
	if _, err := s.stop(); err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{addr, "kjennetegn"} {
		if strings.Contains(logs.String(), what) {
			t.Errorf("the log holds %q", what)
		}
		for _, p := range fake.Posts() {
			if strings.Contains(p.Text+p.Blocks, what) {
				t.Errorf("a post holds %q", what)
			}
		}
	}
	raw, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(text)) {
		t.Fatal("the answer is not in the file: the scan would prove nothing")
	}
	for _, what := range []string{addr, "kjennetegn"} {
		if bytes.Contains(raw, []byte(what)) {
			t.Errorf("the database file holds %q", what)
		}
	}
	if !strings.Contains(logs.String(), "answer stored") {
		t.Errorf("the log has no trace of the answer at all: %s", logs.String())
	}
}
