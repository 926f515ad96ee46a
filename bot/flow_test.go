package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// TestQuietCaseReminderGoesInItsQuestionsThread runs the weekly nudge on a
// case quiet at question 2: one reminder, in the thread of question 2's
// prompt, and none the week after.
func TestQuietCaseReminderGoesInItsQuestionsThread(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-demo", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref1 := r.lastPrompt("C1")
	r.handle(answer("C1", ref1, "svar 1", 1))
	r.deliver()
	_, ref2 := r.lastPrompt("C1")

	ctx := context.Background()
	for week := range 3 {
		slot := time.Date(2026, 12, 7+7*week, 9, 0, 0, 0, time.UTC)
		r.clock.Set(slot)
		if _, err := r.engine.NudgeAll(ctx, slot); err != nil {
			t.Fatal(err)
		}
		r.deliver()
	}
	var reminders []bot.Outgoing
	for _, m := range r.sender.posted("C1") {
		if m.Reply.Kind == dialogs.ReplyNudge {
			t.Fatalf("an outcome nudge while question 2 is open: %+v", m.Reply)
		}
		if m.Reply.Kind == dialogs.ReplyText && m.Thread != "" {
			reminders = append(reminders, m)
		}
	}
	if len(reminders) != 1 || reminders[0].Thread != ref2 {
		t.Fatalf("reminders %+v, want one in %s", reminders, ref2)
	}
}

// TestReplyUnderTheWelcomeIsANote: the engine remembers where the welcome
// was posted, so a reply under it is kept as a note and answers nothing.
func TestReplyUnderTheWelcomeIsANote(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-demo", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	var welcome string
	c, _ := r.engine.Case("C1")
	for _, p := range c.Prompts {
		if p.Kind == dialogs.PostedMessage {
			welcome = p.Ref
		}
	}
	if welcome == "" {
		t.Fatalf("the welcome's reference was not kept: %+v", c.Prompts)
	}
	r.handle(answer("C1", welcome, "Så fint!", 1))
	c, _ = r.engine.Case("C1")
	if len(c.Answers) != 0 || len(c.Notes) != 1 || c.Current != 1 {
		t.Fatalf("answers %+v, notes %+v, question %d", c.Answers, c.Notes, c.Current)
	}
}
