package bot_test

import (
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// The level and groups offers are messages of their own in the channel,
// not replies in the thread of the answer that brought them; a reply in
// the level offer's thread, stored and delivered for real, is the promise.
func TestCoachingOffersThroughEngine(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-grorud-sentrum", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	for q := 1; q <= 4; q++ {
		_, ref := r.lastPrompt("C1")
		r.handle(answer("C1", ref, "svar", q))
		r.deliver()
	}
	var level bot.Outgoing
	offers := 0
	for _, m := range r.sender.posted("C1") {
		switch m.Reply.Kind {
		case dialogs.ReplyLevel, dialogs.ReplyGroups:
			offers++
			if m.Thread != "" {
				t.Errorf("the %s offer went into thread %q, want the channel", m.Reply.Kind, m.Thread)
			}
			if m.Reply.Kind == dialogs.ReplyLevel {
				level = m
			}
		}
	}
	if offers != 2 {
		t.Fatalf("%d offers delivered, want the level's and the groups'", offers)
	}
	c, err := r.engine.Case("C1")
	if err != nil {
		t.Fatal(err)
	}
	ref := ""
	for _, p := range c.Prompts {
		if p.Kind == dialogs.PostedLevel {
			ref = p.Ref
		}
	}
	if ref == "" || level.Reply.Title == "" {
		t.Fatalf("the level offer's reference was not kept: %+v", c.Prompts)
	}
	r.handle(bot.Event{ID: "Ev-level", Channel: "C1", Input: dialogs.Input{Kind: dialogs.InputAction, Action: dialogs.ActionLevel,
		Value: "involve", User: "U1", Thread: ref, Ref: ref}})
	r.handle(answer("C1", ref, "Vi viser hva vi gjorde med innspillene.", 99))
	r.deliver()
	c, _ = r.engine.Case("C1")
	if c.Level != "involve" || c.Promise != "Vi viser hva vi gjorde med innspillene." {
		t.Fatalf("level %q, promise %q", c.Level, c.Promise)
	}
}
