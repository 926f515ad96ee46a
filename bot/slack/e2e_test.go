package slack

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// The end-to-end tests run the real handler on a loopback server, the real
// engine on a real database, and the fake Web API: signed requests in,
// Slack's JSON out.

const caseChannel = "C0CASE001"

type e2e struct {
	t   testing.TB
	f   *slacktest.Server
	a   *Adapter
	eng *bottest.Engine
	url string
	seq int
}

func newE2E(t testing.TB) *e2e { return newE2EMode(t, ModeHTTP) }

func newE2EMode(t testing.TB, mode string) *e2e {
	t.Helper()
	eng := bottest.New(t, bottest.Options{Setup: func(e *bot.Engine) {
		bottest.QuickBackoff(e)
		e.Log = testLog(t)
	}})
	a, f := newTestAdapter(t, eng, mode)
	eng.Register(platform, a.Sender())
	eng.Run()
	return &e2e{t: t, f: f, a: a, eng: eng, url: serveHandler(t, a)}
}

// event posts a signed Events API callback.
func (e *e2e) event(body string, header ...string) int {
	e.t.Helper()
	req := signedRequest(e.t, e.url, ctJSON, body, slacktest.SigningSecret, time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	code, _ := do(e.t, req)
	return code
}

// command posts a signed /involve command and returns the response.
func (e *e2e) command(channel, text string) (int, string) {
	e.t.Helper()
	form := slacktest.Command{Channel: channel, ChannelName: "sak-grorud-sentrum", Text: text}.Form()
	return do(e.t, signedRequest(e.t, e.url, ctForm, string(form), slacktest.SigningSecret, time.Now()))
}

// reply is a thread reply's event callback as Slack sends it.
func (e *e2e) reply(eventID, user, text, thread string) (body, ts string) {
	e.seq++
	ts = fmt.Sprintf("1732620%03d.%06d", e.seq, e.seq)
	m := slacktest.Message{EventID: eventID, Channel: caseChannel, User: user, Text: text, TS: ts, Thread: thread}
	return string(m.Body()), ts
}

func (e *e2e) settle() {
	e.t.Helper()
	e.eng.WaitSettled()
}

// prompts returns the prompts posted so far, in order.
func (e *e2e) prompts() []slacktest.Post {
	var out []slacktest.Post
	for _, p := range e.f.Posts() {
		if strings.Contains(p.Blocks, `"action_id":"skip"`) {
			out = append(out, p)
		}
	}
	return out
}

func (e *e2e) noDoublePosts() {
	e.t.Helper()
	seen := map[string]bool{}
	for _, p := range e.f.Posts() {
		k := p.Channel + "|" + p.Thread + "|" + p.Text
		if seen[k] {
			e.t.Errorf("posted twice: %+v", p)
		}
		seen[k] = true
	}
}

func TestE2EWholeRun(t *testing.T) {
	e := newE2E(t)
	if code, body := e.command(caseChannel, "start"); code != http.StatusOK || body != "" {
		t.Fatalf("start: %d %q", code, body)
	}
	e.settle()
	questions := dialogs.Questions(dialogs.NB)
	for i, q := range questions {
		ps := e.prompts()
		if len(ps) != i+1 {
			t.Fatalf("before answer %d: %d prompts posted", i+1, len(ps))
		}
		p := ps[i]
		if want := fmt.Sprintf("%d/14 · %s", q.Number, q.Text); p.Text != want || p.Thread != "" || p.Channel != caseChannel {
			t.Fatalf("prompt %d posted as %+v, want %q", i+1, p, want)
		}
		body, _ := e.reply(fmt.Sprintf("Ev0ANSWER%02d", q.Number), "U0PLANNER", fmt.Sprintf("Svar %d: hvem & <hva>", q.Number), p.TS)
		if code := e.event(body); code != http.StatusOK {
			t.Fatalf("answer %d: status %d", q.Number, code)
		}
		e.settle()
	}
	ps := e.prompts()
	if len(ps) != 14 {
		t.Fatalf("%d prompts posted", len(ps))
	}
	posts := e.f.Posts()
	if last := posts[len(posts)-1]; !strings.Contains(last.Blocks, `"type":"header"`) || !strings.Contains(last.Blocks, `Svar 13: hvem \u0026amp; \u0026lt;hva\u0026gt;`) {
		t.Errorf("the last post is not the summary: %+v", last)
	}
	if r := e.f.Reactions(); len(r) != 14 {
		t.Errorf("%d reactions, want 14", len(r))
	}
	c, err := e.eng.Case(caseChannel)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != dialogs.StateCompleted || len(c.Answers) != 14 {
		t.Fatalf("case %s with %d answers", c.State, len(c.Answers))
	}
	for i, a := range c.Answers {
		if a.Question != i+1 || a.Text != fmt.Sprintf("Svar %d: hvem & <hva>", i+1) || a.Name != "Kari Nordmann" || a.Prompt != ps[i].TS {
			t.Errorf("answer %d stored as %+v", i+1, a)
		}
	}
	e.noDoublePosts()

	// An answer edited and another deleted, after the fact.
	edit := strings.NewReplacer("Ev0CHANGED", "Ev0EDIT1", "1732612400.001200", c.Answers[0].Ref,
		"1732612345.000200", ps[0].TS).Replace(payloadMessageChanged)
	if code := e.event(edit); code != http.StatusOK {
		t.Fatalf("edit: %d", code)
	}
	del := strings.NewReplacer("Ev0DELETED", "Ev0DEL2", "1732612400.001200", c.Answers[1].Ref,
		"1732612345.000200", ps[1].TS).Replace(payloadMessageDeleted)
	if code := e.event(del); code != http.StatusOK {
		t.Fatalf("delete: %d", code)
	}
	c, _ = e.eng.Case(caseChannel)
	if c.Answers[0].Text != "Vi må vite hvem som bor der, og hvem som bruker stedet" || len(c.Answers) != 13 {
		t.Errorf("after edit and delete: %d answers, first %q", len(c.Answers), c.Answers[0].Text)
	}
}

func TestE2EBadSignaturesChangeNothing(t *testing.T) {
	e := newE2E(t)
	e.settle()
	for name, req := range map[string]*http.Request{
		"forged":  signedRequest(t, e.url, ctForm, strings.Replace(formSlashStatus, "text=status", "text=start", 1), "forged", time.Now()),
		"expired": signedRequest(t, e.url, ctForm, strings.Replace(formSlashStatus, "text=status", "text=start", 1), slacktest.SigningSecret, time.Now().Add(-5*time.Minute-time.Second)),
		"event":   signedRequest(t, e.url, ctJSON, payloadChannelCreated, "forged", time.Now()),
	} {
		if code, _ := do(t, req); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d", name, code)
		}
	}
	e.settle()
	if _, err := e.eng.Case(caseChannel); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a case exists after forged requests: %v", err)
	}
	if _, err := e.eng.Case("C0CASE002"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a case exists after a forged event: %v", err)
	}
	if n := len(e.f.Posts()) + len(e.f.Joins()); n != 0 {
		t.Errorf("%d Web API effects", n)
	}
}

func TestE2EDuplicateEventHasOneEffect(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	p := e.prompts()[0]
	body, _ := e.reply("Ev0ONCE", "U0PLANNER", "Hvem bor der?", p.TS)
	if code := e.event(body); code != http.StatusOK {
		t.Fatal(code)
	}
	for i := 1; i <= 3; i++ {
		if code := e.event(body, "X-Slack-Retry-Num", fmt.Sprint(i), "X-Slack-Retry-Reason", "http_timeout"); code != http.StatusOK {
			t.Fatalf("retry %d: status %d", i, code)
		}
	}
	e.settle()
	c, _ := e.eng.Case(caseChannel)
	if len(c.Answers) != 1 || c.Current != 2 {
		t.Errorf("%d answers, current %d", len(c.Answers), c.Current)
	}
	if n := len(e.prompts()); n != 2 {
		t.Errorf("%d prompts, want 2", n)
	}
	if n := len(e.f.Reactions()); n != 1 {
		t.Errorf("%d reactions, want 1", n)
	}
	if n := e.f.Calls("reactions.add"); n != 1 {
		t.Errorf("reactions.add called %d times", n)
	}
	e.noDoublePosts()
}

func TestE2ERateLimitWaitsRetryAfter(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	p := e.prompts()[0]
	e.f.Fail("chat.postMessage", slacktest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	body, _ := e.reply("Ev0RL", "U0PLANNER", "Hvem bor der?", p.TS)
	start := time.Now()
	if code := e.event(body); code != http.StatusOK {
		t.Fatal(code)
	}
	e.settle()
	waited := time.Since(start)
	if waited < time.Second {
		t.Errorf("the prompt came after %v, before Retry-After", waited)
	}
	if n := len(e.prompts()); n != 2 {
		t.Errorf("%d prompts, want 2", n)
	}
	if n := e.f.Calls("chat.postMessage"); n != 4 { // welcome, prompt 1, the 429, prompt 2
		t.Errorf("chat.postMessage called %d times, want 4", n)
	}
	e.noDoublePosts()
}

func TestE2ESlackDownThenBack(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	e.f.SetDown(true)
	p := e.prompts()[0]
	// Answers keep coming while the Web API is down: all are stored.
	var refs []string
	for i, user := range []string{"U0PLANNER", "U0CASEWKR", "U0PLANNER"} {
		body, ts := e.reply(fmt.Sprintf("Ev0DOWN%d", i), user, fmt.Sprintf("Svar nummer %d", i+1), p.TS)
		refs = append(refs, ts)
		if code := e.event(body); code != http.StatusOK {
			t.Fatalf("answer %d: status %d", i, code)
		}
	}
	bottest.WaitFor(t, "a few failed deliveries", func() bool { return e.f.Calls("reactions.add") >= 3 })
	if n := len(e.f.Posts()); n != 2 {
		t.Fatalf("%d posts while down", n)
	}
	e.f.SetDown(false)
	e.settle()
	c, _ := e.eng.Case(caseChannel)
	if len(c.Answers) != 3 {
		t.Errorf("%d answers stored", len(c.Answers))
	}
	if n := len(e.prompts()); n != 2 {
		t.Errorf("%d prompts, want 2", n)
	}
	got := map[string]bool{}
	for _, r := range e.f.Reactions() {
		got[r.Timestamp] = true
	}
	for _, ref := range refs {
		if !got[ref] {
			t.Errorf("answer %s never acknowledged", ref)
		}
	}
	if n := len(e.f.Reactions()); n != 3 {
		t.Errorf("%d reactions, want 3", n)
	}
	e.noDoublePosts()
}

func TestE2ESlashCommands(t *testing.T) {
	e := newE2E(t)
	code, body := e.command(caseChannel, "help")
	if code != http.StatusOK || !strings.Contains(body, `"response_type":"ephemeral"`) ||
		!strings.Contains(body, "Slik bruker dere Involve") || !strings.Contains(body, `"type":"header"`) {
		t.Fatalf("help: %d %s", code, body)
	}
	code, body = e.command(caseChannel, "tull og tøys")
	if code != http.StatusOK || !strings.Contains(body, "tull") || !strings.Contains(body, "Slik bruker dere Involve") {
		t.Fatalf("unknown: %d %s", code, body)
	}
	e.settle()
	if n := len(e.f.Posts()); n != 0 {
		t.Errorf("help was posted in the channel (%d posts)", n)
	}

	e.command(caseChannel, "start")
	e.settle()
	p := e.prompts()[0]
	body2, _ := e.reply("Ev0S1", "U0PLANNER", "Hvem bor der?", p.TS)
	e.event(body2)
	e.settle()
	code, body = e.command(caseChannel, "status")
	if code != http.StatusOK || !strings.Contains(body, `"response_type":"ephemeral"`) {
		t.Errorf("status: %d %s", code, body)
	}

	before := len(e.f.Posts())
	e.command(caseChannel, "summary")
	e.settle()
	posts := e.f.Posts()
	if len(posts) != before+1 || !strings.Contains(posts[before].Blocks, `"type":"header"`) ||
		!strings.Contains(posts[before].Blocks, "Hvem bor der?") {
		t.Errorf("summary not posted as Block Kit: %+v", posts[before:])
	}

	if code, _ := e.command(caseChannel, "export"); code != http.StatusOK {
		t.Fatal(code)
	}
	e.settle()
	up := e.f.Uploads()
	if len(up) != 1 || up[0].Channel != caseChannel || !strings.HasSuffix(up[0].Filename, ".md") || !strings.Contains(up[0].Content, "Hvem bor der?") {
		t.Errorf("uploads %+v", up)
	}
}

func TestE2EButtons(t *testing.T) {
	e := newE2E(t)
	e.command(caseChannel, "start")
	e.settle()
	p := e.prompts()[0]
	press := strings.NewReplacer("1732612345.000200", p.TS).Replace(payloadBlockActions)
	form := url.Values{"payload": {press}}.Encode()
	if code, _ := do(t, signedRequest(t, e.url, ctForm, form, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatal(code)
	}
	// The same press delivered twice (a double click has another action_ts).
	if code, _ := do(t, signedRequest(t, e.url, ctForm, form, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
		t.Fatal(code)
	}
	e.settle()
	c, _ := e.eng.Case(caseChannel)
	if c.Current != 2 {
		t.Errorf("after Skip the case is at question %d", c.Current)
	}
	if n := len(e.prompts()); n != 2 {
		t.Errorf("%d prompts, want 2", n)
	}
}

func TestE2ECaseChannelCreated(t *testing.T) {
	e := newE2E(t)
	if code := e.event(payloadChannelCreated); code != http.StatusOK {
		t.Fatal(code)
	}
	joined := strings.ReplaceAll(payloadBotJoined, "C0PRIV001", "C0CASE002")
	if code := e.event(joined); code != http.StatusOK {
		t.Fatal(code)
	}
	e.settle()
	if j := e.f.Joins(); len(j) != 1 || j[0] != "C0CASE002" {
		t.Errorf("joins %v", j)
	}
	posts := e.f.Posts()
	if len(posts) != 2 || posts[0].Channel != "C0CASE002" || !strings.Contains(posts[1].Text, "1/14") {
		t.Errorf("posts %+v", posts)
	}
	// Invited into a channel that is not a case channel: an introduction.
	e.f.AddChannel("C0LUNCH01", "lunsj")
	invited := strings.NewReplacer("C0PRIV001", "C0LUNCH01", "Ev0BOTJOINED", "Ev0INVITED").Replace(payloadBotJoined)
	if code := e.event(invited); code != http.StatusOK {
		t.Fatal(code)
	}
	e.settle()
	posts = e.f.Posts()
	if last := posts[len(posts)-1]; len(posts) != 3 || last.Channel != "C0LUNCH01" || !strings.Contains(last.Blocks, `"action_id":"start"`) {
		t.Errorf("posts %+v", posts)
	}
}

func TestE2EURLVerification(t *testing.T) {
	e := newE2E(t)
	code, body := do(t, signedRequest(t, e.url, ctJSON, payloadURLVerification, slacktest.SigningSecret, time.Now()))
	if code != http.StatusOK || !strings.Contains(body, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") {
		t.Errorf("%d %s", code, body)
	}
}
