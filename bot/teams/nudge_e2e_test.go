package teams

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// runThrough takes the test channel through all fourteen questions the way
// a team does it in Teams: the channel is created, and every question is
// answered in its thread. ids numbers the activities.
func (e *coachE2E) runThrough(answer func(q int) string, ids *int) {
	e.t.Helper()
	su := e.f.serviceURL()
	e.send(channelCreated(su, "f:created-nudge", testChannel, "sak-grorud-sentrum"))
	e.settle()
	for q := 1; q <= dialogs.QuestionCount; q++ {
		*ids++
		e.send(channelMessage(su, fmt.Sprint(*ids), promptRef(e.t, e.caseOf(testChannel), q), answer(q), false))
		e.settle()
	}
	if c := e.caseOf(testChannel); c.State != dialogs.StateCompleted {
		e.t.Fatalf("after %d questions: state %s, question %d", dialogs.QuestionCount, c.State, c.Current)
	}
}

// postedCard decodes the Adaptive Card of a post to the Connector.
func postedCard(t *testing.T, p recordedPost) cardJSON {
	t.Helper()
	var act struct {
		Attachments []struct {
			ContentType string          `json:"contentType"`
			Content     json.RawMessage `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(p.Raw, &act); err != nil {
		t.Fatal(err)
	}
	if len(act.Attachments) != 1 || act.Attachments[0].ContentType != cardContentType {
		t.Fatalf("post is not one Adaptive Card: %s", p.Raw)
	}
	var c cardJSON
	if err := json.Unmarshal(act.Attachments[0].Content, &c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "AdaptiveCard" {
		t.Fatalf("card type %q", c.Type)
	}
	return c
}

// checkNudgeCard checks a posted nudge: a card of its own at the top of
// the channel, under the given service URL, with the week, the team's
// intention and the three buttons.
func checkNudgeCard(t *testing.T, p recordedPost, serviceURL string, week int, intention string) cardJSON {
	t.Helper()
	if p.ServiceURL != serviceURL {
		t.Errorf("nudge posted under %s, want %s", p.ServiceURL, serviceURL)
	}
	if p.Conversation != testChannel {
		t.Errorf("nudge posted to %q, want the channel itself (a thread of its own)", p.Conversation)
	}
	c := postedCard(t, p)
	text := strings.Join(blocks(c), "\n")
	for _, want := range []string{
		fmt.Sprintf("bold|Uke %d: Hva satt innbyggerne igjen med?", week),
		"|Dette ønsket dere at de skulle sitte igjen med:",
		"quote:|" + intention,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("nudge card lacks %q:\n%s", want, text)
		}
	}
	want := []struct{ title, action string }{
		{"Ingenting denne uken", dialogs.ActionNothing},
		{"Pause påminnelser", dialogs.ActionPauseNudges},
		{"Avslutt saken", dialogs.ActionClose},
	}
	if len(c.Actions) != len(want) {
		t.Fatalf("nudge card actions %+v, want %d", c.Actions, len(want))
	}
	for i, w := range want {
		if a := c.Actions[i]; a.Type != "Action.Submit" || a.Title != w.title || a.Data[submitActionKey] != w.action {
			t.Errorf("action %d = %+v, want %q → %s", i, a, w.title, w.action)
		}
	}
	if p.Activity.Summary == "" || !strings.Contains(p.Activity.Summary, fmt.Sprint(week)) {
		t.Errorf("notification preview %q lacks the week", p.Activity.Summary)
	}
	return c
}

// The weekly nudge in Teams, end to end: a case run through in a channel
// is nudged proactively at Monday 09:00 in Oslo, on the conversation
// reference stored from the team's activities; a reply in the nudge's
// thread is an outcome report, the card's "Nothing this week" button is
// taken, and when Teams moves the team to another service URL, the next
// nudge goes there.
func TestEndToEndProactiveNudge(t *testing.T) {
	clock := &bottest.Clock{}
	clock.Set(time.Date(2024, 11, 27, 10, 0, 0, 0, osloTZ)) // Wednesday, as the activities say
	e := newCoachE2E(t, nil, func(eng *bot.Engine) { eng.Now = clock.Now })
	ctx := context.Background()
	su := e.f.serviceURL()

	const intention = "At beboerne vet hva som skjer med innspillene deres"
	ids := 1733000000000
	e.runThrough(func(q int) string {
		if q == dialogs.IntentionQuestion {
			return intention
		}
		return fmt.Sprintf("Svar på spørsmål %d", q)
	}, &ids)

	weekly, err := cron.ParseStandard("0 9 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	sched := bot.NewScheduler(e.eng.Engine, dialogs.SkipHolidays(weekly), osloTZ)

	// Friday: the slot of this week has not come; the run that started
	// on Wednesday is not nudged for last Monday.
	clock.Set(time.Date(2024, 11, 29, 12, 0, 0, 0, osloTZ))
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 0 {
		t.Fatalf("tick before the first slot: %+v, %v", st, err)
	}

	// Monday 09:00 in Oslo.
	monday := time.Date(2024, 12, 2, 9, 0, 0, 0, osloTZ)
	clock.Set(monday)
	before := len(e.f.recorded())
	st, err := sched.Tick(ctx, clock.Now())
	if err != nil || st.Queued != 1 {
		t.Fatalf("tick at %s: %+v, %v; want one nudge queued", monday, st, err)
	}
	e.settle()
	posts := e.f.recorded()[before:]
	if len(posts) != 1 {
		t.Fatalf("%d posts after the tick, want the nudge", len(posts))
	}
	nudge := posts[0]
	card := checkNudgeCard(t, nudge, su, 49, intention)
	c := e.caseOf(testChannel)
	if !c.Nudge.LastSlot.Equal(monday) || c.Asked != dialogs.AskedNudge {
		t.Errorf("after the nudge: last slot %s, asked %q", c.Nudge.LastSlot, c.Asked)
	}
	// A tick again in the same slot (a restart, a second replica) sends nothing.
	clock.Set(monday.Add(10 * time.Minute))
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 0 {
		t.Errorf("second tick in the slot: %+v, %v", st, err)
	}

	// Kari replies in the nudge's thread: an outcome report for week 49.
	clock.Set(monday.Add(3 * time.Hour))
	ids++
	reply := channelMessage(su, fmt.Sprint(ids), nudge.ID, "Tre beboere sa at de endelig forsto tidsplanen", false)
	reply["timestamp"] = clock.Now().UTC().Format(time.RFC3339Nano)
	e.send(reply)
	e.settle()
	c = e.caseOf(testChannel)
	if len(c.Reports) != 1 {
		t.Fatalf("reports %+v, want one", c.Reports)
	}
	if r := c.Reports[0]; r.Text != "Tre beboere sa at de endelig forsto tidsplanen" || r.Nudge != nudge.ID ||
		r.Week != 49 || r.Author != testUserID || r.Name != testUserName || r.Ref != fmt.Sprint(ids) {
		t.Errorf("report %+v", r)
	}
	if n := len(e.f.recorded()); n != before+1 {
		t.Errorf("%d posts after the report, want none (Teams bots cannot react)", n-before-1)
	}

	// Someone presses "Nothing this week" on the card: the button's own
	// data comes back as the submit's value. The week's report stands, and
	// the coach says so.
	ids++
	e.send(cardSubmit(su, fmt.Sprint(ids), nudge.ID, card.Actions[0].Data))
	e.settle()
	posts = e.f.recorded()[before+1:]
	if len(posts) != 1 {
		t.Fatalf("%d posts after Nothing this week, want one", len(posts))
	}
	if p := posts[0]; p.Conversation != testChannel+";messageid="+nudge.ID || p.ServiceURL != su ||
		!strings.Contains(p.Activity.Text, "allerede fortalt hva innbyggerne satt igjen med denne uken") {
		t.Errorf("Nothing this week answered in %q under %s: %q", p.Conversation, p.ServiceURL, p.Activity.Text)
	}
	c = e.caseOf(testChannel)
	if c.Asked == dialogs.AskedNudge || c.Nudge.Unheard != 0 || len(c.Reports) != 1 {
		t.Errorf("after Nothing this week: asked %q, unheard %d, %d reports", c.Asked, c.Nudge.Unheard, len(c.Reports))
	}

	// Teams moves the team to another region: the next activity comes
	// from another service URL, with a token that names it.
	moved := e.f.otherServiceURL()
	ids++
	hello := channelMessage(moved, fmt.Sprint(ids), fmt.Sprint(ids), "God morgen, alle sammen", false)
	if code := e.post(hello, "Bearer "+e.f.token()); code != http.StatusUnauthorized {
		t.Fatalf("activity from %s with a token for %s: status %d, want 401", moved, su, code)
	}
	if ref, _ := parseAddress(e.caseOf(testChannel).Address); ref.ServiceURL != su {
		t.Fatalf("a refused activity changed the stored service URL to %s", ref.ServiceURL)
	}
	if code := e.post(hello, "Bearer "+e.f.tokenFor(moved)); code != http.StatusOK {
		t.Fatalf("activity from %s: status %d", moved, code)
	}
	e.settle()
	ref, err := parseAddress(e.caseOf(testChannel).Address)
	if err != nil || ref.ServiceURL != moved || ref.Conversation.ID != testChannel || ref.Bot.ID != testBotID {
		t.Fatalf("stored reference after the move: %+v, %v", ref, err)
	}

	// The next Monday's nudge goes to the new service URL.
	next := monday.AddDate(0, 0, 7)
	clock.Set(next.Add(time.Minute))
	before = len(e.f.recorded())
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 1 {
		t.Fatalf("tick at %s: %+v, %v", next, st, err)
	}
	e.settle()
	posts = e.f.recorded()[before:]
	if len(posts) != 1 {
		t.Fatalf("%d posts after the second tick", len(posts))
	}
	checkNudgeCard(t, posts[0], moved, 50, intention)
}
