package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// wsScript is a scripted Socket Mode endpoint: it says hello, sends the
// envelopes it is given, and collects the acknowledgements.
type wsScript struct {
	srv  *httptest.Server
	send chan string

	mu   sync.Mutex
	acks map[string]json.RawMessage // envelope_id → payload ("null" when none)
	seen []string                   // envelope ids in the order acknowledged
}

const helloMessage = `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-7fc4fdbb64-4x5xq","build_number":10,"approximate_connection_time":18060},"connection_info":{"app_id":"A0INVOLVE"}}`

func newWSScript(t *testing.T) *wsScript {
	w := &wsScript{send: make(chan string, 64), acks: map[string]json.RawMessage{}}
	// The client sends Origin: https://api.slack.com, as Slack expects.
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(rw, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				var ack struct {
					EnvelopeID string          `json:"envelope_id"`
					Payload    json.RawMessage `json:"payload"`
				}
				if err := conn.ReadJSON(&ack); err != nil {
					return
				}
				if ack.Payload == nil {
					ack.Payload = json.RawMessage("null")
				}
				w.mu.Lock()
				w.acks[ack.EnvelopeID] = ack.Payload
				w.seen = append(w.seen, ack.EnvelopeID)
				w.mu.Unlock()
			}
		}()
		if err := conn.WriteMessage(websocket.TextMessage, []byte(helloMessage)); err != nil {
			return
		}
		ping := time.NewTicker(500 * time.Millisecond)
		defer ping.Stop()
		for {
			select {
			case <-done:
				return
			case <-ping.C:
				_ = conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			case msg := <-w.send:
				if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
					return
				}
			}
		}
	}))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *wsScript) url() string {
	return "ws" + strings.TrimPrefix(w.srv.URL, "http") + "/link/?ticket=1234"
}

func (w *wsScript) ack(id string) (json.RawMessage, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, ok := w.acks[id]
	return p, ok
}

func (w *wsScript) order() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

func TestSocketModeEndToEnd(t *testing.T) {
	e := newE2EMode(t, ModeSocket)
	ws := newWSScript(t)
	e.f.SetSocketURL(ws.url())

	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- e.a.Run(ctx) }()
	bottest.WaitFor(t, "the socket to connect", e.a.Connected)

	waitAck := func(id string) json.RawMessage {
		t.Helper()
		var p json.RawMessage
		bottest.WaitFor(t, "ack of "+id, func() bool {
			var ok bool
			p, ok = ws.ack(id)
			return ok
		})
		return p
	}

	// /involve help: handled first, the answer rides on the ack.
	ws.send <- fmt.Sprintf(envelopeCommand, "env-help", caseChannel, "help", "trigger-1")
	p := waitAck("env-help")
	var resp struct {
		ResponseType string            `json:"response_type"`
		Text         string            `json:"text"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(p, &resp); err != nil || resp.ResponseType != "ephemeral" || len(resp.Blocks) == 0 ||
		!strings.Contains(resp.Text, "Slik bruker dere Involve") {
		t.Fatalf("help ack payload %s", p)
	}

	// /involve start: nothing to show the invoker; the prompt is posted.
	ws.send <- fmt.Sprintf(envelopeCommand, "env-start", caseChannel, "start", "trigger-2")
	if p := waitAck("env-start"); string(p) != "null" {
		t.Errorf("start ack payload %s", p)
	}
	e.settle()
	bottest.WaitFor(t, "the first prompt", func() bool { return len(e.prompts()) == 1 })
	prompt := e.prompts()[0]

	// An answer in the prompt's thread, delivered twice.
	body, _ := e.reply("Ev0SOCKET1", "U0PLANNER", "Hvem bor der?", prompt.TS)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-answer", body)
	ws.send <- strings.Replace(fmt.Sprintf(envelopeEvent, "env-answer-again", body), `"retry_attempt":0`, `"retry_attempt":1`, 1)
	waitAck("env-answer")
	waitAck("env-answer-again")
	bottest.WaitFor(t, "the second prompt", func() bool { e.settle(); return len(e.prompts()) == 2 })

	// The Skip button on the second prompt.
	press := strings.NewReplacer("1732612345.000200", e.prompts()[1].TS, `"value": "1:1"`, `"value": "1:2"`).Replace(payloadBlockActions)
	ws.send <- fmt.Sprintf(envelopeInteractive, "env-skip", press)
	waitAck("env-skip")
	bottest.WaitFor(t, "the third prompt", func() bool { e.settle(); return len(e.prompts()) == 3 })

	// Envelopes the library cannot decode are acknowledged by their id.
	ws.send <- `{"envelope_id":"env-unknown","type":"something_new","payload":{},"accepts_response_payload":false}`
	ws.send <- `{"envelope_id":"env-broken","type":"events_api","payload":{"type":"event_callback","event_id":"Ev0BROKEN","event":{"type":"message","channel":"C0CASE001","blocks":"not blocks"}},"accepts_response_payload":false}`
	waitAck("env-unknown")
	waitAck("env-broken")

	c, err := e.eng.Case(caseChannel)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Answers) != 1 || c.Answers[0].Name != "Kari Nordmann" || c.Current != 3 {
		t.Errorf("case: %d answers, current %d", len(c.Answers), c.Current)
	}
	if n := len(e.f.Reactions()); n != 1 {
		t.Errorf("%d reactions", n)
	}
	e.noDoublePosts()

	cancel()
	select {
	case err := <-runErr:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if e.a.Connected() {
		t.Error("still connected after Run returned")
	}
	if got := len(ws.order()); got != 7 {
		t.Errorf("%d acknowledgements, want 7: %v", got, ws.order())
	}
}

// An envelope is acknowledged only once the engine has handled it: none
// while the engine is blocked, all five after, in order.
func TestSocketModeAcksOnlyAfterHandling(t *testing.T) {
	release := make(chan struct{})
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, blockingHandler{h, release}, ModeSocket)
	a.eventTimeout = time.Minute // the engine is slow, not failing
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)
	for i := range 5 {
		body := strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", fmt.Sprintf("Ev%d", i))
		ws.send <- fmt.Sprintf(envelopeEvent, fmt.Sprintf("env-%d", i), body)
	}
	// A control envelope the coach ignores is acknowledged at once; once
	// it is, the five were read too.
	ws.send <- `{"envelope_id":"env-ignored","type":"something_new","payload":{},"accepts_response_payload":false}`
	bottest.WaitFor(t, "the ignored envelope's ack", func() bool { _, ok := ws.ack("env-ignored"); return ok })
	if got := ws.order(); len(got) != 1 {
		t.Fatalf("acknowledged while the engine is blocked: %v", got)
	}
	close(release)
	bottest.WaitFor(t, "five acks", func() bool { return len(ws.order()) == 6 })
	for i, ev := range h.Events() {
		if ev.ID != fmt.Sprintf("Ev%d", i) || ev.Input.Kind != dialogs.InputMessage {
			t.Errorf("event %d: %+v", i, ev)
		}
	}
	if got := ws.order()[1:]; fmt.Sprint(got) != "[env-0 env-1 env-2 env-3 env-4]" {
		t.Errorf("ack order %v", got)
	}
}

// An envelope the engine fails, or does not finish within Slack's three
// seconds, is not acknowledged; Slack's redelivery of it is handled and
// acknowledged.
func TestSocketModeDoesNotAckWhatTheEngineDidNotCommit(t *testing.T) {
	var calls atomic.Int32
	hang := make(chan struct{})
	defer close(hang)
	h := &bottest.Handler{Reply: func(ctx context.Context, ev bot.Event) (bot.Result, error) {
		switch calls.Add(1) {
		case 1:
			return bot.Result{}, errors.New("storage: write failed")
		case 2:
			select { // hangs past the adapter's deadline
			case <-hang:
			case <-ctx.Done():
			}
			return bot.Result{}, ctx.Err()
		}
		return bot.Result{}, nil
	}}
	a, f := newTestAdapter(t, h, ModeSocket)
	a.eventTimeout = 50 * time.Millisecond
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)

	ws.send <- fmt.Sprintf(envelopeEvent, "env-fails", payloadThreadReply)
	bottest.WaitFor(t, "the first attempt", func() bool { return calls.Load() == 1 })
	ws.send <- strings.Replace(fmt.Sprintf(envelopeEvent, "env-hangs", payloadThreadReply), `"retry_attempt":0`, `"retry_attempt":1`, 1)
	bottest.WaitFor(t, "the second attempt", func() bool { return calls.Load() == 2 })
	ws.send <- strings.Replace(fmt.Sprintf(envelopeEvent, "env-redelivered", payloadThreadReply), `"retry_attempt":0`, `"retry_attempt":2`, 1)
	bottest.WaitFor(t, "the redelivery's ack", func() bool { _, ok := ws.ack("env-redelivered"); return ok })
	for _, id := range []string{"env-fails", "env-hangs"} {
		if _, ok := ws.ack(id); ok {
			t.Errorf("%s acknowledged though the engine did not commit it", id)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("handled %d times, want 3", n)
	}
}

// A worker queue that is full leaves the envelope unacknowledged.
func TestSocketModeFullQueueIsNotAcknowledged(t *testing.T) {
	release := make(chan struct{})
	var entered atomic.Int32
	h := &bottest.Handler{Reply: func(context.Context, bot.Event) (bot.Result, error) {
		entered.Add(1)
		<-release
		return bot.Result{}, nil
	}}
	a, f := newTestAdapter(t, h, ModeSocket)
	a.eventTimeout = time.Minute
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)
	n := socketQueue + 2 // one in the worker's hands, socketQueue waiting, one too many
	for i := range n {
		body := strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", fmt.Sprintf("Ev%d", i))
		ws.send <- fmt.Sprintf(envelopeEvent, fmt.Sprintf("env-%d", i), body)
		if i == 0 {
			bottest.WaitFor(t, "the worker to take the first", func() bool { return entered.Load() == 1 })
		}
	}
	ws.send <- `{"envelope_id":"env-ignored","type":"something_new","payload":{},"accepts_response_payload":false}`
	bottest.WaitFor(t, "the ignored envelope's ack", func() bool { _, ok := ws.ack("env-ignored"); return ok })
	close(release)
	bottest.WaitFor(t, "the queued ones' acks", func() bool { return len(ws.order()) == n })
	last := fmt.Sprintf("env-%d", n-1)
	if _, ok := ws.ack(last); ok {
		t.Errorf("%s acknowledged though it found no room", last)
	}
	if got := len(h.Events()); got != n-1 {
		t.Errorf("engine saw %d events, want %d", got, n-1)
	}
}

type blockingHandler struct {
	*bottest.Handler
	release chan struct{}
}

func (b blockingHandler) Handle(ctx context.Context, ev bot.Event) (bot.Result, error) {
	<-b.release
	return b.Handler.Handle(ctx, ev)
}

func TestSocketModeBadAppToken(t *testing.T) {
	f := slacktest.NewServer(t)
	a, err := New(Config{Mode: ModeSocket, BotToken: slacktest.BotToken, AppToken: "xapp-wrong", APIURL: f.URL}, &bottest.Handler{}, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || !strings.Contains(err.Error(), "slack.app_token") {
		t.Errorf("Run: %v", err)
	}
	if a.Connected() {
		t.Error("connected")
	}
}

func TestSocketModeUnreachableRetriesUntilStopped(t *testing.T) {
	f := slacktest.NewServer(t)
	f.SetSocketURL("ws://127.0.0.1:1/link") // nothing listens there
	a, err := New(Config{Mode: ModeSocket, BotToken: slacktest.BotToken, AppToken: slacktest.AppToken, APIURL: f.URL}, &bottest.Handler{}, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- a.Run(ctx) }()
	bottest.WaitFor(t, "a second connection attempt", func() bool { return f.Calls("apps.connections.open") >= 2 })
	if a.Connected() {
		t.Error("connected to nothing")
	}
	cancel()
	select {
	case err := <-runErr:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}

// An events_api envelope the library cannot decode is acknowledged by its
// envelope_id, and the coach's own translation still reads it.
func TestSocketModeUndecodableEnvelope(t *testing.T) {
	h := &bottest.Handler{}
	a, f := newTestAdapter(t, h, ModeSocket)
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)

	broken := strings.Replace(payloadThreadReply, `"blocks": [{"type": "rich_text"`, `"blocks": "not blocks", "x": [{"type": "rich_text"`, 1)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-broken", broken)
	bottest.WaitFor(t, "the ack", func() bool { _, ok := ws.ack("env-broken"); return ok })
	bottest.WaitFor(t, "the event", func() bool { return len(h.Events()) == 1 })
	if ev := h.Events()[0]; ev.ID != "Ev0THREADREPLY" || ev.Input.Kind != dialogs.InputMessage {
		t.Errorf("event %+v", ev)
	}
}

// At shutdown, what is queued gets a grace to be handled and acknowledged
// on the still-open connection; what is not done by then is abandoned
// unacknowledged, for Slack to deliver to the next run.
func TestSocketModeShutdownAcksOnlyWhatWasCommitted(t *testing.T) {
	release := make(chan struct{})
	stopping := make(chan struct{})
	var entered atomic.Int32
	h := &bottest.Handler{Reply: func(ctx context.Context, ev bot.Event) (bot.Result, error) {
		entered.Add(1)
		if ev.ID == "Ev-queued" {
			<-stopping // finishes during the grace
		}
		if ev.ID == "Ev-slow" {
			select { // never finishes: the grace ends it
			case <-ctx.Done():
				return bot.Result{}, ctx.Err()
			case <-release:
			}
		}
		return bot.Result{}, nil
	}}
	defer close(release)
	a, f := newTestAdapter(t, h, ModeSocket)
	a.eventTimeout = time.Minute
	a.drainGrace = 300 * time.Millisecond
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)

	// One channel's worker hangs on Ev-slow; another channel's event is
	// handled at once.
	slow := strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", "Ev-slow")
	quick := strings.ReplaceAll(strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", "Ev-quick"), caseChannel, "C0OTHER99")
	// C0THIRD01 goes to another worker than C0CASE001 (fnv32a modulo 16).
	queued := strings.ReplaceAll(strings.ReplaceAll(payloadThreadReply, "Ev0THREADREPLY", "Ev-queued"), caseChannel, "C0THIRD01")
	ws.send <- fmt.Sprintf(envelopeEvent, "env-slow", slow)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-queued", queued)
	bottest.WaitFor(t, "both events in the engine", func() bool { return entered.Load() == 2 })
	cancel()
	close(stopping)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-late", quick) // arrives while stopping: not taken
	select {
	case err := <-runErr:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the grace")
	}
	if _, ok := ws.ack("env-queued"); !ok {
		t.Error("an envelope handled during the grace was not acknowledged")
	}
	if _, ok := ws.ack("env-slow"); ok {
		t.Error("an envelope the engine never finished was acknowledged")
	}
	if _, ok := ws.ack("env-late"); ok {
		t.Error("an envelope read after the stop was acknowledged")
	}
}

// An envelope the library cannot decode is acknowledged by its
// envelope_id only once the engine has handled what it carries.
func TestSocketModeUndecodableEnvelopeAckedAfterHandling(t *testing.T) {
	var calls atomic.Int32
	h := &bottest.Handler{Reply: func(context.Context, bot.Event) (bot.Result, error) {
		if calls.Add(1) == 1 {
			return bot.Result{}, errors.New("storage: write failed")
		}
		return bot.Result{}, nil
	}}
	a, f := newTestAdapter(t, h, ModeSocket)
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)
	broken := strings.Replace(payloadThreadReply, `"blocks": [{"type": "rich_text"`, `"blocks": "not blocks", "x": [{"type": "rich_text"`, 1)
	ws.send <- fmt.Sprintf(envelopeEvent, "env-broken-1", broken)
	bottest.WaitFor(t, "the first attempt", func() bool { return calls.Load() == 1 })
	ws.send <- fmt.Sprintf(envelopeEvent, "env-broken-2", broken) // Slack's redelivery
	bottest.WaitFor(t, "the redelivery's ack", func() bool { _, ok := ws.ack("env-broken-2"); return ok })
	if _, ok := ws.ack("env-broken-1"); ok {
		t.Error("acknowledged though the engine failed it")
	}
}
