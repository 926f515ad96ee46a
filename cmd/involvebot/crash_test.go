//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/childlog"
)

// The crash test runs the real binary as a child process, drives thread
// answers at it over HTTP from several goroutines, and kills it with
// SIGKILL while answers, commits and deliveries are in flight. After each
// kill every answer that got a 200 must be in the export, and the
// database must check clean. The binary is restarted on the same file in
// between, and what Slack would redeliver (answers that got no 200) is
// redelivered, as Slack does, with X-Slack-Retry-Num.
//
// SIGKILL ends the process, not the machine: what a commit wrote is in
// the page cache either way, so this proves that acknowledgements follow
// commits and that a half-done step is never left behind, not that fsync
// reaches the disk.
//
//	go test -run TestCrash -v ./cmd/involvebot/    (INVOLVE_CRASH_SEED=n repeats a run)

var crashChannels = []struct{ id, name string }{
	{"C0CRASH01", "sak-krasj-grorud"},
	{"C0CRASH02", "sak-krasj-furuset"},
	{"C0CRASH03", "sak-krasj-tøyen"},
	{"C0CRASH04", "sak-krasj-holmlia"},
}

// newCrashHarness builds the binary and a harness around it, seeded from
// the clock or INVOLVE_CRASH_SEED (salt tells the crash tests apart).
func newCrashHarness(t *testing.T, salt uint64, client *http.Client) *crashHarness {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("INVOLVE_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (INVOLVE_CRASH_SEED repeats it)", seed)
	dir := t.TempDir()
	return &crashHarness{
		t:       t,
		bin:     buildBinary(t, dir),
		dir:     dir,
		dbPath:  filepath.Join(dir, "involve.db"),
		fake:    slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"), slacktest.WithUser("U0CASEWKR", "Ola")),
		rng:     rand.New(rand.NewPCG(seed, seed^salt)),
		answers: map[int]*crashAnswer{},
		orphans: map[string]bool{},
		client:  client,
	}
}

// promptRE matches a prompt's fallback text, "3/14 · …".
var promptRE = regexp.MustCompile(`^\d+/` + strconv.Itoa(dialogs.QuestionCount) + ` · `)

func TestCrashKeepsEveryAcknowledgedAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it several times")
	}
	h := newCrashHarness(t, 0x5eed, &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}})
	// Slack's answers come 20 ms after it did the work, so that a kill
	// often falls between a delivery and its record.
	h.fake.SetDelay("chat.postMessage", 20*time.Millisecond)
	h.fake.SetDelay("reactions.add", 20*time.Millisecond)
	h.cfgPath = filepath.Join(h.dir, "involve.toml")
	cfg := fmt.Sprintf(`
[storage]
path = %q

[http]
listen = "127.0.0.1:0"

[log]
format = "json"

[slack]
enabled = true
mode = "http"
api_url = %q
# Bursts of answers: every ✅ must arrive, so rely on 429s alone.
pace = false
`, h.dbPath, h.fake.URL)
	if err := os.WriteFile(h.cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	c := h.start()
	for _, ch := range crashChannels {
		code, _, err := postSlack(h.client, c.base, slacktest.ContentTypeForm,
			slacktest.Command{Channel: ch.id, ChannelName: ch.name, Text: "start"}.Form(), slacktest.SigningSecret)
		if err != nil || code != http.StatusOK {
			t.Fatalf("/involve start in %s: %d %v", ch.id, code, err)
		}
	}
	bottest.WaitFor(t, "the first prompt in every channel", func() bool {
		for _, ch := range crashChannels {
			if _, ok := promptPost(h.fake, ch.id, 1); !ok {
				return false
			}
		}
		return true
	})

	// Kill after 20 answers, after 120, and after a random number of up
	// to 200, each at a random moment just after that many were
	// acknowledged, with more in flight.
	for _, k := range []int{20, 120, 1 + h.rng.IntN(200)} {
		h.redeliver(c)
		h.drive(c, k, 0)
		h.afterCrash()
		c = h.start()
	}

	// The last run: more answers, a hot backup taken while they come in,
	// every acknowledgement delivered, then a graceful stop.
	h.redeliver(c)
	h.drive(c, 0, 30)
	h.hotBackup(c)
	h.drive(c, 0, 30)
	h.waitReactions(40 * time.Second)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := c.wait(shutdownGrace + 5*time.Second); err != nil {
		t.Fatalf("serve did not exit 0 on SIGTERM: %v\n%s", err, c.log.Tail())
	}
	h.checkExport(true)
	h.checkDatabase()
	h.checkPostedOnce()
	t.Logf("%d answers acknowledged over %d runs; %d killed mid-request, of which %d were stored before the kill; "+
		"%d posts and %d reactions; %d posts re-sent after a kill, %d reactions added again", h.acked(), h.runs, h.lost, h.storedUnacked,
		len(h.fake.Posts()), len(h.fake.Reactions()), h.resent(), h.reacted())
}

// crashAnswer is one thread answer, as Slack delivers (and redelivers) it.
type crashAnswer struct {
	n       int
	channel string
	text    string
	ts      string
	body    []byte
	acked   bool
}

type crashHarness struct {
	t       *testing.T
	bin     string
	dir     string
	dbPath  string
	cfgPath string
	fake    *slacktest.Server
	client  *http.Client

	mu            sync.Mutex
	rng           *rand.Rand
	answers       map[int]*crashAnswer
	next          int
	orphans       map[string]bool // prompts posted by a run that died before recording them
	runs          int             // processes started
	kills         int
	lost          int      // requests cut off by a kill
	storedUnacked int      // of those, stored before the kill
	runStarts     []uint64 // the fake's last Seq before each run started
}

// crashChild is one running involvebot serve.
type crashChild struct {
	cmd    *exec.Cmd
	base   string
	log    *childlog.Log
	exited chan error
}

// buildBinary builds involvebot into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary with")
	}
	bin := filepath.Join(dir, "involvebot")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// childEnv is the environment without any of the binary's own settings,
// plus the secrets of the test.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "SLACK_") || strings.HasPrefix(k, "MICROSOFT_") || strings.HasPrefix(k, "INVOLVE_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "SLACK_BOT_TOKEN="+slacktest.BotToken, "SLACK_SIGNING_SECRET="+slacktest.SigningSecret,
		"INVOLVE_ADMIN_TOKEN="+testAdminToken)
}

// start runs involvebot serve and waits until /healthz is 200.
func (h *crashHarness) start() *crashChild {
	h.t.Helper()
	return h.startEnv()
}

// startEnv is start with more environment for the child.
func (h *crashHarness) startEnv(env ...string) *crashChild {
	h.t.Helper()
	h.runs++
	h.runStarts = append(h.runStarts, h.lastSeq())
	log := childlog.New()
	cmd := exec.Command(h.bin, "serve", "-config", h.cfgPath)
	cmd.Env = append(childEnv(), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	c := &crashChild{cmd: cmd, log: log, exited: make(chan error, 1)}
	go func() { c.exited <- cmd.Wait() }()
	h.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.exited
		c.exited <- nil
	})
	select {
	case addr := <-log.Listening():
		c.base = "http://" + addr
	case err := <-c.exited:
		h.t.Fatalf("involvebot serve exited at start: %v\n%s", err, log.Tail())
	case <-time.After(15 * time.Second):
		h.t.Fatalf("involvebot serve did not listen within 15s\n%s", log.Tail())
	}
	bottest.WaitFor(h.t, "/healthz", func() bool {
		resp, err := h.client.Get(c.base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return c
}

// wait waits for the child to exit and returns how it ended.
func (c *crashChild) wait(d time.Duration) error {
	select {
	case err := <-c.exited:
		c.exited <- err
		return err
	case <-time.After(d):
		return fmt.Errorf("still running after %v", d)
	}
}

// kill ends the child with SIGKILL and waits until it is gone.
func (h *crashHarness) kill(c *crashChild) error {
	if err := c.cmd.Process.Kill(); err != nil {
		return err
	}
	err := c.wait(10 * time.Second)
	if c.cmd.ProcessState == nil {
		return err
	}
	if st, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() || st.Signal() != syscall.SIGKILL {
		return fmt.Errorf("the child ended otherwise than by SIGKILL: %v", err)
	}
	h.kills++
	return nil
}

// newAnswer makes the next answer, in a thread of a prompt posted in its
// channel: the newest half the time (moving the case on), else any.
func (h *crashHarness) newAnswer() (*crashAnswer, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	n := h.next
	ch := crashChannels[n%len(crashChannels)].id
	var prompts []string
	for _, p := range h.fake.Posts() {
		if p.Channel == ch && p.Thread == "" && promptRE.MatchString(p.Text) && !h.orphans[p.TS] {
			prompts = append(prompts, p.TS)
		}
	}
	if len(prompts) == 0 {
		return nil, false
	}
	thread := prompts[len(prompts)-1]
	if h.rng.IntN(2) == 0 {
		thread = prompts[h.rng.IntN(len(prompts))]
	}
	a := &crashAnswer{n: n, channel: ch,
		text: fmt.Sprintf("Svar %d i %s: vi møter folk der de er & lytter <først>", n, ch),
		ts:   fmt.Sprintf("%d.%06d", 1733000000+n, n%1_000_000)}
	user := []string{"U0PLANNER", "U0CASEWKR"}[n%2]
	a.body = slacktest.Message{EventID: fmt.Sprintf("Ev0CRASH%06d", n), Channel: ch, User: user, Text: a.text,
		TS: a.ts, Thread: thread}.Body()
	h.answers[n] = a
	return a, true
}

// send delivers a (again, when retry) and notes whether it got a 200.
func (h *crashHarness) send(c *crashChild, a *crashAnswer, retry bool) (ok bool, err error) {
	var extra []string
	if retry {
		extra = []string{"X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error"}
	}
	code, body, err := postSlack(h.client, c.base, slacktest.ContentTypeJSON, a.body, slacktest.SigningSecret, extra...)
	if err != nil {
		return false, err
	}
	if code != http.StatusOK {
		// Only a kill may stop an answer; the server itself must not.
		h.t.Errorf("answer %d: status %d %q", a.n, code, body)
		return false, nil
	}
	h.mu.Lock()
	a.acked = true
	h.mu.Unlock()
	return true, nil
}

// drive sends answers from eight goroutines. With killAfter > 0 it kills
// the child at a random moment just after killAfter more answers were
// acknowledged; otherwise it sends count answers and waits for them.
func (h *crashHarness) drive(c *crashChild, killAfter, count int) {
	h.t.Helper()
	var acked, sent atomic.Int64
	var killOnce sync.Once
	var killErr error
	killed := make(chan struct{})
	h.mu.Lock()
	jitter := time.Duration(h.rng.IntN(3000)) * time.Microsecond
	h.mu.Unlock()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-killed:
					return
				default:
				}
				if killAfter == 0 && sent.Add(1) > int64(count) {
					return
				}
				a, ok := h.newAnswer()
				if !ok {
					h.t.Error("no prompt to answer")
					return
				}
				ok, err := h.send(c, a, false)
				if err != nil {
					if killAfter == 0 {
						h.t.Errorf("answer %d: %v", a.n, err)
					}
					return // the child is gone
				}
				if ok && killAfter > 0 && acked.Add(1) == int64(killAfter) {
					killOnce.Do(func() {
						go func() {
							time.Sleep(jitter)
							killErr = h.kill(c)
							close(killed)
						}()
					})
				}
			}
		})
	}
	wg.Wait()
	if killAfter == 0 {
		return
	}
	if acked.Load() < int64(killAfter) {
		h.t.Fatalf("the server stopped answering after %d answers, before the kill point\n%s", acked.Load(), c.log.Tail())
	}
	<-killed
	if killErr != nil {
		h.t.Fatal(killErr)
	}
}

// redeliver sends again every answer that got no 200, as Slack retries
// a delivery that failed; each must be acknowledged now.
func (h *crashHarness) redeliver(c *crashChild) {
	h.t.Helper()
	h.mu.Lock()
	var todo []*crashAnswer
	for _, a := range h.answers {
		if !a.acked {
			todo = append(todo, a)
		}
	}
	h.mu.Unlock()
	for _, a := range todo {
		if ok, err := h.send(c, a, true); !ok || err != nil {
			h.t.Fatalf("redelivery of answer %d: %v", a.n, err)
		}
	}
}

// afterCrash checks the database the killed child left behind.
func (h *crashHarness) afterCrash() {
	h.t.Helper()
	h.mu.Lock()
	unacked := 0
	for _, a := range h.answers {
		if !a.acked {
			unacked++
		}
	}
	h.mu.Unlock()
	stored := h.checkExport(false)
	h.checkDatabase()
	h.lost += unacked
	h.storedUnacked += stored
	h.t.Logf("kill %d: %d answers acknowledged so far, %d cut off (%d of them stored), %d posts, %d reactions",
		h.kills, h.acked(), unacked, stored, len(h.fake.Posts()), len(h.fake.Reactions()))
}

func (h *crashHarness) acked() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, a := range h.answers {
		if a.acked {
			n++
		}
	}
	return n
}

// checkExport runs involvebot export on every channel and checks that
// every acknowledged answer is in it once; with all, every answer. It
// returns how many answers without a 200 were stored all the same.
func (h *crashHarness) checkExport(all bool) (storedUnacked int) {
	h.t.Helper()
	got := map[string]int{} // answer text → times exported
	for _, ch := range crashChannels {
		var out, errb bytes.Buffer
		cmd := exec.Command(h.bin, "export", "-db", h.dbPath, "-channel", ch.id, "-format", "json")
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			h.t.Fatalf("export %s: %v\n%s", ch.id, err, errb.String())
		}
		var doc dialogs.Document
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			h.t.Fatalf("export %s: %v", ch.id, err)
		}
		for _, r := range doc.Rounds {
			for _, q := range r.Questions {
				for _, e := range q.Answers {
					got[ch.id+"|"+e.Text]++
				}
			}
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, a := range h.answers {
		n := got[a.channel+"|"+a.text]
		switch {
		case n > 1:
			h.t.Errorf("answer %d exported %d times", a.n, n)
		case n == 0 && (a.acked || all):
			h.t.Errorf("answer %d (acknowledged: %v) is not in the export", a.n, a.acked)
		case n == 1 && !a.acked:
			storedUnacked++
		}
	}
	return storedUnacked
}

// checkDatabase opens the file, checks it, and notes the prompts posted
// but never recorded: they died with the process that posted them, and
// the restarted one posts them again. Later answers go to the new post,
// as people would answer the prompt that came last: a reply in a dead
// prompt's thread is taken for the question open at the time, which is
// not the dead prompt's once the case has moved on.
func (h *crashHarness) checkDatabase() {
	h.t.Helper()
	cases, err := readCases(h.dbPath)
	if err != nil {
		h.t.Fatalf("the database does not check clean: %v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.fake.Posts() {
		if promptRE.MatchString(p.Text) && p.Thread == "" && !recorded(cases[p.Channel], p.TS) {
			h.orphans[p.TS] = true
		}
	}
}

// hotBackup takes a backup over the admin route while the server runs; it
// must check clean and hold every answer acknowledged before it started.
func (h *crashHarness) hotBackup(c *crashChild) {
	h.t.Helper()
	h.mu.Lock()
	var want []*crashAnswer
	for _, a := range h.answers {
		if a.acked {
			want = append(want, a)
		}
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() { defer close(done); h.drive(c, 0, 20) }() // answers keep coming meanwhile
	cases, err := backupCases(h.client, c.base, testAdminToken, h.dir)
	<-done
	if err != nil {
		h.t.Fatalf("hot backup: %v", err)
	}
	have := map[string]bool{}
	for ch, cs := range cases {
		for _, a := range cs.Answers {
			have[ch+"|"+a.Text] = true
		}
	}
	for _, a := range want {
		if !have[a.channel+"|"+a.text] {
			h.t.Errorf("answer %d, acknowledged before the backup, is not in it", a.n)
		}
	}
}

// waitReactions waits until every acknowledged answer has the coach's
// reaction.
func (h *crashHarness) waitReactions(d time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(d)
	for {
		have := map[string]bool{}
		for _, r := range h.fake.Reactions() {
			have[r.Channel+"|"+r.Timestamp] = true
		}
		h.mu.Lock()
		missing := 0
		for _, a := range h.answers {
			if a.acked && !have[a.channel+"|"+a.ts] {
				missing++
			}
		}
		h.mu.Unlock()
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d answers never got their reaction", missing)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (h *crashHarness) lastSeq() uint64 {
	var last uint64
	for _, p := range h.fake.Posts() {
		last = max(last, p.Seq)
	}
	for _, r := range h.fake.Reactions() {
		last = max(last, r.Seq)
	}
	return last
}

// resent counts the posts made twice: posts with the same channel, thread
// and text.
func (h *crashHarness) resent() int {
	seen := map[string]bool{}
	n := 0
	for _, p := range h.fake.Posts() {
		k := p.Channel + "|" + p.Thread + "|" + p.Text
		if seen[k] {
			n++
		}
		seen[k] = true
	}
	return n
}

// reacted counts the ✅ reactions added again, which Slack answered
// already_reacted: they show once.
func (h *crashHarness) reacted() int {
	return h.fake.Calls("reactions.add") - len(h.fake.Reactions())
}

// checkPostedOnce checks what the design allows: the outbox delivers one
// channel's replies one at a time and records each before the next, so
// the only reply a crash can make it send twice is the one in flight in
// each channel when the process died (Slack accepted it, the record of
// that did not commit). So nothing is posted twice within one run, a
// channel has at most one re-sent post per kill, and all re-sent posts
// together are at most one per channel per kill.
//
// Reactions are not counted with the posts: a ✅'s delivery is not
// written by itself but with the store's next write (bot.LazyDeliveries),
// so a kill may bring back the ✅s delivered since that write, and they
// are added again. Slack answers a ✅ added twice already_reacted, and the
// message shows it once; the fake records it once (see reacted).
func (h *crashHarness) checkPostedOnce() {
	h.t.Helper()
	posts := h.fake.Posts()
	perChannel := map[string]int{}
	first := map[string]slacktest.Post{}
	for _, p := range posts {
		k := p.Channel + "|" + p.Thread + "|" + p.Text
		if prev, ok := first[k]; ok {
			perChannel[p.Channel]++
			if h.sameRun(prev.Seq, p.Seq) {
				h.t.Errorf("posted twice by one run: %q in %s", p.Text, p.Channel)
			}
			continue
		}
		first[k] = p
	}
	for ch, n := range perChannel {
		if n > h.kills {
			h.t.Errorf("%s: %d posts re-sent after %d kills, want at most one per kill", ch, n, h.kills)
		}
	}
	if n, limit := h.resent(), h.kills*len(crashChannels); n > limit {
		h.t.Errorf("%d posts re-sent after %d kills in %d channels, want at most %d", n, h.kills, len(crashChannels), limit)
	}
	for _, ch := range crashChannels {
		if _, ok := promptPost(h.fake, ch.id, 2); !ok {
			h.t.Errorf("%s never got past the first question", ch.id)
		}
	}
}

// sameRun reports whether two effects of the fake were made by one run.
func (h *crashHarness) sameRun(a, b uint64) bool {
	for _, start := range h.runStarts {
		if (a <= start) != (b <= start) {
			return false
		}
	}
	return true
}
