//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// The Socket Mode crash test runs the real binary in Socket Mode against a
// websocket server that plays Slack: apps.connections.open on the fake Web
// API names it, it says hello, sends events_api envelopes carrying thread
// answers, and reads the acknowledgements. The binary is killed with
// SIGKILL mid-stream several times and restarted on the same file. Every
// envelope that was acknowledged must have its answer in the export after
// each kill; what was not acknowledged is delivered again, as Slack does
// (a new envelope id, the same event), and ends with exactly one effect.
//
//	go test -run TestSocketModeCrash -v ./cmd/involvebot/    (INVOLVE_CRASH_SEED=n repeats a run)

func TestSocketModeCrashKeepsEveryAcknowledgedAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it several times")
	}
	h := newCrashHarness(t, 0x50c7, &http.Client{Timeout: 10 * time.Second})
	h.fake.SetDelay("chat.postMessage", 10*time.Millisecond)
	ws := newSocketSlack(t, h)
	h.fake.SetSocketURL(ws.url())
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
mode = "socket"
api_url = %q
pace = false
`, h.dbPath, h.fake.URL)
	if err := os.WriteFile(h.cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	c := h.startSocket()
	for i, ch := range crashChannels {
		id := fmt.Sprintf("env-start-%d", i)
		ws.command(id, ch.id, ch.name, "start")
		bottest.WaitFor(t, "/involve start acknowledged", func() bool { return ws.acked(id) })
	}
	bottest.WaitFor(t, "the first prompt in every channel", func() bool {
		for _, ch := range crashChannels {
			if _, ok := promptPost(h.fake, ch.id, 1); !ok {
				return false
			}
		}
		return true
	})

	// Kill three times, each just after a random number of further
	// acknowledgements, with more envelopes in flight.
	for range 3 {
		k := 10 + h.rng.IntN(60)
		ws.drive(k, 0)
		if err := h.kill(c); err != nil {
			t.Fatal(err)
		}
		ws.disconnected()
		h.afterCrash()
		c = h.startSocket() // the new connection gets what was not acknowledged
	}

	// The last run: more answers, then until Slack has nothing left to
	// deliver, then a graceful stop.
	ws.drive(0, 40)
	bottest.WaitFor(t, "every envelope acknowledged", func() bool {
		ws.redeliverStale(time.Second)
		return h.unacked() == 0
	})
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := c.wait(shutdownGrace + 5*time.Second); err != nil {
		t.Fatalf("serve did not exit 0 on SIGTERM: %v\n%s", err, c.log.Tail())
	}
	h.checkExport(true)
	h.checkDatabase()
	t.Logf("%d answers acknowledged over %d runs and %d kills; %d envelopes sent, %d of them redeliveries; "+
		"%d answers cut off by a kill, %d of those stored before it", h.acked(), h.runs, h.kills, ws.sent(), ws.redelivered(),
		h.lost, h.storedUnacked)
}

// startSocket runs involvebot serve in Socket Mode: /healthz is 200 once
// the websocket is up.
func (h *crashHarness) startSocket() *crashChild {
	h.t.Helper()
	return h.startEnv("SLACK_APP_TOKEN=" + slacktest.AppToken)
}

func (h *crashHarness) unacked() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, a := range h.answers {
		if !a.acked {
			n++
		}
	}
	return n
}

// socketSlack is Slack's side of Socket Mode for the crash test.
type socketSlack struct {
	t   *testing.T
	h   *crashHarness
	srv *httptest.Server

	mu        sync.Mutex
	conn      *websocket.Conn // the live connection, nil between runs
	wmu       *sync.Mutex     // writes on conn
	seq       int
	envelopes map[string]int       // envelope id → answer n (0: a command)
	sentAt    map[int]time.Time    // answer n → when last delivered
	acks      map[string]bool      // envelope ids acknowledged
	attempts  map[int]int          // answer n → deliveries
	ackSignal chan struct{}        // a signal per acknowledged answer
	pending   map[int]*crashAnswer // delivered, not acknowledged
}

func newSocketSlack(t *testing.T, h *crashHarness) *socketSlack {
	s := &socketSlack{t: t, h: h, envelopes: map[string]int{}, sentAt: map[int]time.Time{}, acks: map[string]bool{},
		attempts: map[int]int{}, ackSignal: make(chan struct{}, 1<<16), pending: map[int]*crashAnswer{}}
	// The client sends Origin: https://api.slack.com, as Slack expects.
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		wmu := &sync.Mutex{}
		write := func(msg []byte) error {
			wmu.Lock()
			defer wmu.Unlock()
			_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			return conn.WriteMessage(websocket.TextMessage, msg)
		}
		if write([]byte(`{"type":"hello","num_connections":1,"debug_info":{"host":"applink-crash","approximate_connection_time":18060},"connection_info":{"app_id":"A0INVOLVE"}}`)) != nil {
			return
		}
		s.mu.Lock()
		s.conn, s.wmu = conn, wmu
		var again []*crashAnswer
		for _, a := range s.pending {
			again = append(again, a)
		}
		s.mu.Unlock()
		// Slack delivers what was never acknowledged on the new connection.
		for _, a := range again {
			s.deliver(a)
		}
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			tick := time.NewTicker(500 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					wmu.Lock()
					_ = conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
					wmu.Unlock()
				}
			}
		}()
		for {
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if err := conn.ReadJSON(&ack); err != nil {
				s.mu.Lock()
				if s.conn == conn {
					s.conn = nil
				}
				s.mu.Unlock()
				return
			}
			s.onAck(ack.EnvelopeID)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *socketSlack) url() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/link/?ticket=crash"
}

// onAck marks an envelope acknowledged, and its answer with it.
func (s *socketSlack) onAck(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acks[id] = true
	n, ok := s.envelopes[id]
	if !ok || n == 0 {
		return
	}
	if a, ok := s.pending[n]; ok {
		delete(s.pending, n)
		s.h.mu.Lock()
		a.acked = true
		s.h.mu.Unlock()
		s.ackSignal <- struct{}{}
	}
}

func (s *socketSlack) acked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acks[id]
}

// send writes an envelope on the live connection; false when there is none.
func (s *socketSlack) send(msg []byte) bool {
	s.mu.Lock()
	conn, wmu := s.conn, s.wmu
	s.mu.Unlock()
	if conn == nil {
		return false
	}
	wmu.Lock()
	defer wmu.Unlock()
	_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return conn.WriteMessage(websocket.TextMessage, msg) == nil
}

// command sends /involve text in a channel.
func (s *socketSlack) command(id, channel, name, text string) {
	form, err := url.ParseQuery(string(slacktest.Command{Channel: channel, ChannelName: name, Text: text}.Form()))
	if err != nil {
		s.t.Fatal(err)
	}
	vals := map[string]string{}
	for k := range form {
		vals[k] = form.Get(k)
	}
	payload, _ := json.Marshal(vals)
	s.mu.Lock()
	s.envelopes[id] = 0
	s.mu.Unlock()
	msg := fmt.Sprintf(`{"envelope_id":%q,"payload":%s,"type":"slash_commands","accepts_response_payload":true}`, id, payload)
	if !s.send([]byte(msg)) {
		s.t.Fatal("no connection for the command")
	}
}

// deliver sends answer a in a new envelope, as Slack delivers an event
// (again: retry_attempt counts the deliveries before).
func (s *socketSlack) deliver(a *crashAnswer) {
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("env-%d-%d", a.n, s.seq)
	attempt := s.attempts[a.n]
	s.attempts[a.n]++
	s.envelopes[id] = a.n
	s.pending[a.n] = a
	s.sentAt[a.n] = time.Now()
	s.mu.Unlock()
	reason := ""
	if attempt > 0 {
		reason = "timeout"
	}
	msg := fmt.Sprintf(`{"envelope_id":%q,"payload":%s,"type":"events_api","accepts_response_payload":false,"retry_attempt":%d,"retry_reason":%q}`,
		id, a.body, attempt, reason)
	s.send([]byte(msg)) // without a connection it waits for the next one
}

// redeliverStale delivers again what has waited longer than age for its
// acknowledgement, as Slack does after its three seconds.
func (s *socketSlack) redeliverStale(age time.Duration) {
	s.mu.Lock()
	var again []*crashAnswer
	for n, a := range s.pending {
		if time.Since(s.sentAt[n]) > age {
			again = append(again, a)
		}
	}
	s.mu.Unlock()
	for _, a := range again {
		s.deliver(a)
	}
}

// disconnected forgets the connection of a killed child.
func (s *socketSlack) disconnected() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn = nil
}

// drive sends answers one after another. With killAfter > 0 it returns
// once killAfter more were acknowledged, with a few more in flight;
// otherwise it sends count answers.
func (s *socketSlack) drive(killAfter, count int) {
	s.t.Helper()
	for len(s.ackSignal) > 0 {
		<-s.ackSignal
	}
	acked := 0
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; killAfter > 0 || i < count; i++ {
		a, ok := s.h.newAnswer()
		if !ok {
			s.t.Fatal("no prompt to answer")
		}
		s.deliver(a)
		// Keep a few envelopes in flight: wait for acknowledgements only
		// when more than a handful are outstanding.
		for killAfter > 0 && s.h.unacked() > 8 {
			select {
			case <-s.ackSignal:
				acked++
			case <-time.After(100 * time.Millisecond):
				s.redeliverStale(3 * time.Second)
			}
			if time.Now().After(deadline) {
				s.t.Fatalf("the binary stopped acknowledging: %d envelopes outstanding", s.h.unacked())
			}
		}
		for drained := false; !drained; {
			select {
			case <-s.ackSignal:
				acked++
			default:
				drained = true
			}
		}
		if killAfter > 0 && acked >= killAfter {
			return
		}
	}
}

func (s *socketSlack) sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.attempts {
		n += k
	}
	return n
}

func (s *socketSlack) redelivered() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.attempts {
		n += k - 1
	}
	return n
}
