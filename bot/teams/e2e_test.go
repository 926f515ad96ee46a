package teams

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// coachE2E is the whole coach behind a real HTTP server, with the fake Bot
// Framework on the other side.
type coachE2E struct {
	t       testing.TB
	f       *fakeBotFramework
	eng     *bottest.Engine
	adapter *Adapter
	srv     *httptest.Server
	client  *http.Client
}

// newCoachE2E starts the coach; setup may change the engine (its clock)
// before it runs.
func newCoachE2E(t testing.TB, dbOpts *storage.Options, setup ...func(*bot.Engine)) *coachE2E {
	t.Helper()
	return newCoachE2EWith(t, dbOpts, bot.Options{Location: osloTZ}, setup...)
}

// newCoachE2EWith starts the coach with engine options of the test's own.
func newCoachE2EWith(t testing.TB, dbOpts *storage.Options, opts bot.Options, setup ...func(*bot.Engine)) *coachE2E {
	t.Helper()
	f := newFakeBotFramework(t)
	eng := bottest.New(t, bottest.Options{DB: dbOpts, Engine: opts, Setup: func(e *bot.Engine) {
		e.Log = testLogger(t)
		for _, s := range setup {
			s(e)
		}
	}})
	a, err := New(f.config(), eng, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	onVirtualTime(a)
	eng.Register(Platform, a.Sender())
	mux := http.NewServeMux()
	mux.Handle("POST /api/messages", a.HTTPHandler())
	srv := httptest.NewServer(mux)
	eng.Run()
	t.Cleanup(srv.Close)
	return &coachE2E{t: t, f: f, eng: eng, adapter: a, srv: srv, client: srv.Client()}
}

// post sends an activity as the Bot Connector does and returns the status.
func (e *coachE2E) post(act map[string]any, auth string) int {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/api/messages", bytes.NewReader(mustJSON(e.t, act)))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// send posts a validly signed activity and expects it taken.
func (e *coachE2E) send(act map[string]any) {
	e.t.Helper()
	if code := e.post(act, "Bearer "+e.f.token()); code != http.StatusOK {
		e.t.Fatalf("activity %v %v: status %d", act["type"], act["id"], code)
	}
}

func (e *coachE2E) settle() {
	e.t.Helper()
	e.eng.WaitSettled()
}

func (e *coachE2E) caseOf(channel string) *dialogs.Case {
	e.t.Helper()
	c, err := e.eng.Case(channel)
	if err != nil {
		e.t.Fatalf("case %s: %v", channel, err)
	}
	return c
}

// promptRef is where question q of round 1 was posted.
func promptRef(t testing.TB, c *dialogs.Case, q int) string {
	t.Helper()
	for _, p := range c.Prompts {
		if p.Kind == dialogs.PostedPrompt && p.Round == 1 && p.Question == q {
			return p.Ref
		}
	}
	t.Fatalf("question %d not posted (prompts %+v)", q, c.Prompts)
	return ""
}

// cardText is everything a posted card says, for searching.
func cardText(p recordedPost) string {
	var b strings.Builder
	b.WriteString(p.Activity.Text)
	for _, a := range p.Activity.Attachments {
		raw, _ := json.Marshal(a.Content)
		b.Write(raw)
	}
	return b.String()
}

func TestEndToEndWholeRunInAChannel(t *testing.T) {
	e := newCoachE2E(t, nil)
	su := e.f.serviceURL()

	// Someone creates a case channel in a team the app is installed in.
	e.send(channelCreated(su, "f:created-1", testChannel, "sak-grorud-sentrum"))
	e.settle()
	c := e.caseOf(testChannel)
	if c.State != dialogs.StateAsking || c.Name != "sak-grorud-sentrum" || c.Platform != "teams" {
		t.Fatalf("after channelCreated: state %s name %q platform %q", c.State, c.Name, c.Platform)
	}
	posts := e.f.recorded()
	if len(posts) != 2 {
		t.Fatalf("%d posts after start, want welcome and the first question", len(posts))
	}
	for _, p := range posts {
		if p.Conversation != testChannel {
			t.Errorf("kickoff posted to %q, want the new channel itself", p.Conversation)
		}
	}
	if !strings.Contains(cardText(posts[1]), "1/14") || posts[1].ID != promptRef(t, c, 1) {
		t.Errorf("first question not recorded where it was posted: %s", cardText(posts[1]))
	}

	id := 1732698100000
	next := func() string { id++; return fmt.Sprint(id) }
	for q := 1; q <= 14; q++ {
		c = e.caseOf(testChannel)
		root := promptRef(t, c, q)
		if q == 5 {
			// The Skip button on question 5's card.
			e.send(cardSubmit(su, next(), root, map[string]any{"involve_action": "skip", "value": "1:5"}))
		} else {
			e.send(channelMessage(su, next(), root, fmt.Sprintf("Svar på spørsmål %d", q), false))
		}
		if q == 4 {
			// A late answer to question 3, from someone else, still counts.
			late := channelMessage(su, next(), promptRef(t, c, 3), "Et sent svar på spørsmål 3", false)
			late["from"] = map[string]any{"id": "29:1OlaNordmann", "name": "Ola Nordmann"}
			e.send(late)
		}
		e.settle()
	}

	c = e.caseOf(testChannel)
	if c.State != dialogs.StateCompleted {
		t.Fatalf("after 14 questions: state %s, current %d", c.State, c.Current)
	}
	byQ := map[int][]string{}
	for _, a := range c.Answers {
		byQ[a.Question] = append(byQ[a.Question], a.Text)
	}
	for q := 1; q <= 14; q++ {
		want := []string{fmt.Sprintf("Svar på spørsmål %d", q)}
		switch q {
		case 3:
			want = append(want, "Et sent svar på spørsmål 3")
		case 5:
			want = nil
		}
		if strings.Join(byQ[q], "|") != strings.Join(want, "|") {
			t.Errorf("question %d answers %q, want %q", q, byQ[q], want)
		}
	}
	for _, a := range c.Answers {
		if a.Question == 1 && (a.Author != testUserID || a.Name != testUserName || a.Ref == "") {
			t.Errorf("answer attribution %+v", a)
		}
	}

	posts = e.f.recorded()
	var prompts, skipped int
	for _, p := range posts {
		text := cardText(p)
		switch {
		case strings.Contains(text, "/14\""):
			prompts++
			if p.Conversation != testChannel {
				t.Errorf("a question was posted into a thread: %q", p.Conversation)
			}
		case strings.Contains(text, "Vi hopper over spørsmål 5"):
			skipped++
			if p.Conversation != testChannel+";messageid="+promptRef(t, c, 5) {
				t.Errorf("skip notice posted to %q, want question 5's thread", p.Conversation)
			}
		}
	}
	if prompts != 14 || skipped != 1 {
		t.Errorf("%d questions and %d skip notices posted, want 14 and 1", prompts, skipped)
	}
	// The run ends with a summary card in the channel that puts the
	// team's intention (question 13) first.
	last := posts[len(posts)-1]
	if text := cardText(last); last.Conversation != testChannel || len(last.Activity.Attachments) != 1 ||
		!strings.Contains(text, "Svar på spørsmål 13") || strings.Contains(text, "/14\"") {
		t.Errorf("last post to %q is not the summary: %.300s", last.Conversation, text)
	}
	if len(posts) != 2+13+1+2+1 {
		// welcome, 14 questions (the first counted in the kickoff), skip notice, the level and
		// groups offers after questions 3 and 4, summary; acks send nothing
		t.Errorf("%d posts in all, want 19", len(posts))
	}

	// The address kept for proactive sends points at the channel.
	ref, err := parseAddress(c.Address)
	if err != nil || ref.ServiceURL != su || ref.Conversation.ID != testChannel || ref.Bot.ID != testBotID {
		t.Errorf("stored address %q: %v", c.Address, err)
	}

	// A redelivered answer changes nothing.
	before := len(c.Answers)
	e.send(channelMessage(su, fmt.Sprint(1732698100002), promptRef(t, c, 2), "Svar på spørsmål 2", false))
	e.settle()
	if n := len(e.caseOf(testChannel).Answers); n != before {
		t.Errorf("redelivery stored a second answer (%d → %d)", before, n)
	}

	// Commands by @mention; short answers land in the command's thread.
	n := len(e.f.recorded())
	cmdID := next()
	e.send(channelMessage(su, cmdID, cmdID, "<at>Involve</at> export", true))
	e.settle()
	posts = e.f.recorded()[n:]
	if len(posts) != 1 {
		t.Fatalf("%d posts after export", len(posts))
	}
	if posts[0].Conversation != testChannel+";messageid="+cmdID || posts[0].Activity.TextFormat != "markdown" ||
		!strings.Contains(posts[0].Activity.Text, "Svar på spørsmål 14") {
		t.Errorf("export posted to %q as %q: %.200s", posts[0].Conversation, posts[0].Activity.TextFormat, posts[0].Activity.Text)
	}
}

func TestEndToEndRejectedTokensStoreNothing(t *testing.T) {
	e := newCoachE2E(t, nil)
	su := e.f.serviceURL()
	with := func(mod func(jwt.MapClaims)) string {
		c := e.f.claims(su)
		mod(c)
		return "Bearer " + e.f.sign(c, testKey(), e.f.kid())
	}
	for i, tt := range rejectedTokens(e.f, with) {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprint(1732698200000 + i)
			// Accepted, this would open a case and post a welcome.
			if code := e.post(channelMessage(su, id, id, "<at>Involve</at> start", true), tt.header); code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", code)
			}
			if code := e.post(channelCreated(su, "f:refused-"+id, newChannel, "sak-x"), tt.header); code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", code)
			}
		})
	}
	e.settle()
	for _, ch := range []string{testChannel, newChannel} {
		if _, err := e.eng.Case(ch); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("case %s exists after refused activities: %v", ch, err)
		}
	}
	if n, err := e.eng.DB.Channels(); err != nil || len(n) != 0 {
		t.Errorf("channels stored: %v, %v", n, err)
	}
	if p := e.f.recorded(); len(p) != 0 {
		t.Errorf("%d posts after refused activities", len(p))
	}
	// The refused ids were not remembered: the genuine activity still works.
	id := "1732698200000"
	e.send(channelMessage(su, id, id, "<at>Involve</at> start", true))
	e.settle()
	if c := e.caseOf(testChannel); c.State != dialogs.StateAsking {
		t.Errorf("state %s after a valid start", c.State)
	}
}

func TestEndToEndConnectorTrouble(t *testing.T) {
	e := newCoachE2E(t, nil)
	e.eng.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
	su := e.f.serviceURL()
	// The first post meets a rate limit, the next a 503: both
	// are delivered in the end, in order.
	e.f.failNext(
		connectorAnswer{status: http.StatusTooManyRequests, retryAfter: "1"},
		connectorAnswer{status: http.StatusServiceUnavailable},
	)
	e.send(channelMessage(su, "1732698300000", "1732698300000", "<at>Involve</at> start", true))
	e.settle()
	posts := e.f.recorded()
	if len(posts) != 2 || !strings.Contains(cardText(posts[1]), "1/14") {
		t.Fatalf("%d posts after trouble", len(posts))
	}
	c := e.caseOf(testChannel)
	if promptRef(t, c, 1) != posts[1].ID {
		t.Error("question 1 recorded under the wrong id")
	}
	// Started by command in a channel it did not see created, the coach
	// still knows the channel's name.
	if c.Name != "sak-grorud-sentrum" {
		t.Errorf("case name %q", c.Name)
	}
}

// Fifty people typing at once: every activity is taken, stored once and
// answered, and the race detector stays quiet.
func TestEndToEndConcurrentActivities(t *testing.T) {
	e := newCoachE2E(t, nil)
	su := e.f.serviceURL()
	const n = 50
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch := fmt.Sprintf("19:concurrent%02d@thread.tacv2", i)
			id := fmt.Sprint(1732698400000 + i)
			act := channelMessage(su, id, id, "<at>Involve</at> start", true)
			act["conversation"].(map[string]any)["id"] = ch + ";messageid=" + id
			act["channelData"] = teamsChannelData(ch)
			codes[i] = e.post(act, "Bearer "+e.f.token())
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("activity %d: status %d", i, c)
		}
	}
	e.settle()
	chans, err := e.eng.DB.Channels()
	if err != nil || len(chans) != n {
		t.Fatalf("%d cases stored, want %d (%v)", len(chans), n, err)
	}
	if p := e.f.recorded(); len(p) != 2*n {
		t.Errorf("%d posts, want %d", len(p), 2*n)
	}
	if h := e.f.tokenHits.Load(); h != 1 {
		t.Errorf("token fetched %d times", h)
	}
	if h := e.f.metaHits.Load(); h > 2 {
		t.Errorf("metadata fetched %d times", h)
	}
}

func TestEndToEndEditAndDelete(t *testing.T) {
	e := newCoachE2E(t, nil)
	su := e.f.serviceURL()
	e.send(channelMessage(su, "1732698500000", "1732698500000", "<at>Involve</at> start", true))
	e.settle()
	root := promptRef(t, e.caseOf(testChannel), 1)
	first := channelMessage(su, "1732698500001", root, "Førsteutkast", false)
	second := channelMessage(su, "1732698500002", root, "Et svar til", false)
	e.send(first)
	e.send(second)
	e.send(edited(first, "Ungdommen på Grorud", "2024-11-27T09:30:00.000Z"))
	e.send(deleted(second))
	e.settle()
	c := e.caseOf(testChannel)
	if len(c.Answers) != 1 || c.Answers[0].Text != "Ungdommen på Grorud" || c.Answers[0].Edited.IsZero() {
		t.Errorf("answers after edit and delete: %+v", c.Answers)
	}
	// A second edit of the same message is not taken for a redelivery.
	e.send(edited(first, "Ungdommen og FAU", "2024-11-27T09:31:00.000Z"))
	e.settle()
	if c := e.caseOf(testChannel); c.Answers[0].Text != "Ungdommen og FAU" {
		t.Errorf("second edit lost: %q", c.Answers[0].Text)
	}
}
