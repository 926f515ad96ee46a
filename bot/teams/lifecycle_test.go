package teams

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/dialogs"
)

// channelLifecycle is a channel event of the test team, shaped as
// Microsoft documents channelRenamed and channelDeleted
// (testdata/platform).
func channelLifecycleActivity(serviceURL, id, event, channel, name string) map[string]any {
	a := channelCreated(serviceURL, id, channel, name)
	a["channelData"].(map[string]any)["eventType"] = event
	return a
}

// A rename shows in the case at once and stays when the next message
// comes (the adapter's cached channel list had the old name); a deleted
// channel's case is not nudged, and a restored one is, in the same slot.
func TestEndToEndChannelLifecycle(t *testing.T) {
	clock := &bottest.Clock{}
	clock.Set(time.Date(2024, 11, 27, 10, 0, 0, 0, osloTZ))
	e := newCoachE2E(t, nil, func(eng *bot.Engine) { eng.Now = clock.Now })
	ctx := context.Background()
	su := e.f.serviceURL()
	ids := 1733000000000
	e.runThrough(func(q int) string { return fmt.Sprintf("Svar %d", q) }, &ids)

	e.send(channelLifecycleActivity(su, "f:renamed-1", "channelRenamed", testChannel, "sak-grorud-torg"))
	e.settle()
	if c := e.caseOf(testChannel); c.Name != "sak-grorud-torg" {
		t.Fatalf("after channelRenamed the case is named %q", c.Name)
	}
	ids++
	e.send(channelMessage(su, fmt.Sprint(ids), "", "Et innlegg i kanalen", false))
	e.settle()
	if c := e.caseOf(testChannel); c.Name != "sak-grorud-torg" {
		t.Errorf("after a message the case is named %q again: the cached channel list was not updated", c.Name)
	}

	weekly, err := cron.ParseStandard("0 9 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	sched := bot.NewScheduler(e.eng.Engine, dialogs.SkipHolidays(weekly), osloTZ)

	e.send(channelLifecycleActivity(su, "f:deleted-1", "channelDeleted", testChannel, "sak-grorud-torg"))
	e.settle()
	clock.Set(time.Date(2024, 12, 2, 9, 0, 0, 0, osloTZ))
	before := len(e.f.recorded())
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 0 {
		t.Fatalf("tick with the channel deleted: %+v, %v; want no nudge", st, err)
	}
	e.settle()
	if n := len(e.f.recorded()) - before; n != 0 {
		t.Fatalf("%d posts into a deleted channel", n)
	}
	if c := e.caseOf(testChannel); c.Nudge.Paused || !c.Life.ChannelGone {
		t.Errorf("deleted: team's pause %v, channel gone %v", c.Nudge.Paused, c.Life.ChannelGone)
	}

	e.send(channelLifecycleActivity(su, "f:restored-1", "channelRestored", testChannel, "sak-grorud-torg"))
	e.settle()
	clock.Set(time.Date(2024, 12, 2, 9, 5, 0, 0, osloTZ))
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 1 {
		t.Fatalf("tick after the channel was restored: %+v, %v; want the nudge", st, err)
	}
	e.settle()
	if n := len(e.f.recorded()) - before; n != 1 {
		t.Errorf("%d posts after the restore, want the nudge", n)
	}
}

// An archived team's channels get no nudge until it is unarchived.
func TestEndToEndTeamArchived(t *testing.T) {
	clock := &bottest.Clock{}
	clock.Set(time.Date(2024, 11, 27, 10, 0, 0, 0, osloTZ))
	e := newCoachE2E(t, nil, func(eng *bot.Engine) { eng.Now = clock.Now })
	ctx := context.Background()
	su := e.f.serviceURL()
	ids := 1733000000000
	e.runThrough(func(q int) string { return fmt.Sprintf("Svar %d", q) }, &ids)

	archived := channelLifecycleActivity(su, "f:archived-1", "teamArchived", testChannel, "")
	delete(archived["channelData"].(map[string]any), "channel")
	e.send(archived)
	e.settle()
	if c := e.caseOf(testChannel); !c.Life.TeamArchived || c.Active() {
		t.Fatalf("after teamArchived: life %+v, active %v", c.Life, c.Active())
	}
	weekly, _ := cron.ParseStandard("0 9 * * MON")
	sched := bot.NewScheduler(e.eng.Engine, dialogs.SkipHolidays(weekly), osloTZ)
	clock.Set(time.Date(2024, 12, 2, 9, 0, 0, 0, osloTZ))
	if st, err := sched.Tick(ctx, clock.Now()); err != nil || st.Queued != 0 {
		t.Fatalf("tick with the team archived: %+v, %v", st, err)
	}
	unarchived := channelLifecycleActivity(su, "f:unarchived-1", "teamUnarchived", testChannel, "")
	delete(unarchived["channelData"].(map[string]any), "channel")
	e.send(unarchived)
	e.settle()
	if c := e.caseOf(testChannel); !c.Active() {
		t.Errorf("after teamUnarchived the case is not active: %+v", c.Life)
	}
}

// Microsoft's conversationUpdate for the bot added to a one-to-one chat
// (testdata/platform/conversationUpdate-botAddedToPersonal.json), with its
// placeholders filled in: the coach greets with what it is for and how to
// start in a channel, and renders no Start button.
func TestPersonalChatGreeting(t *testing.T) {
	raw, err := os.ReadFile("testdata/platform/conversationUpdate-botAddedToPersonal.json")
	if err != nil {
		t.Fatal(err)
	}
	var act map[string]any
	if err := json.Unmarshal(raw, &act); err != nil {
		t.Fatal(err)
	}
	e := newCoachE2E(t, nil)
	act["serviceUrl"] = e.f.serviceURL()
	act["recipient"] = botAccount()
	act["membersAdded"].([]any)[0].(map[string]any)["id"] = testBotID
	act["channelData"].(map[string]any)["tenant"] = map[string]any{"id": testTenant}
	e.send(act)
	e.settle()
	posts := e.f.recorded()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want the greeting", len(posts))
	}
	p := posts[0]
	if p.Conversation != "***" {
		t.Errorf("greeting posted to %q, want the personal chat", p.Conversation)
	}
	c := postedCard(t, p)
	if len(c.Actions) != 0 {
		t.Errorf("greeting has buttons %+v, want none", c.Actions)
	}
	text := cardText(p)
	for _, want := range []string{"@Involve start", "sak-"} {
		if !strings.Contains(text, want) {
			t.Errorf("greeting lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, `"`+submitActionKey+`"`) || strings.Contains(text, "Trykk Start") {
		t.Errorf("greeting offers Start: %s", text)
	}
	// A second announcement of the same install says nothing more.
	act["id"] = "f:5f85c2ad-again"
	e.send(act)
	e.settle()
	if n := len(e.f.recorded()); n != 1 {
		t.Errorf("%d posts after a second announcement, want 1", n)
	}
}
