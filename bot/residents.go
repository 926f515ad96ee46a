package bot

import (
	"context"
	"errors"
	"time"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// This file is the engine's side of the residents' page: finding a case by
// its page code, taking a resident's answer into the case, and threading
// the posted answers under their week's root.

// ErrNoPage means no case has a residents' page with the code.
var ErrNoPage = errors.New("bot: no residents' page with that code")

// ErrPageClosed means the case's residents' page takes no answers.
var ErrPageClosed = errors.New("bot: the residents' page is closed")

// SetResidents gives the engine's cases residents' pages. Call it before
// the engine handles events.
func (e *Engine) SetResidents(r dialogs.ResidentsSetup) {
	e.coach.Residents = r
}

// ResidentsPage returns a copy of the case whose open residents' page has
// the code, ErrPageClosed, or ErrNoPage.
func (e *Engine) ResidentsPage(code string) (*dialogs.Case, error) {
	channel, err := e.db.CodeChannel(code)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrNoPage
	}
	if err != nil {
		return nil, err
	}
	c, err := e.Case(channel)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrNoPage
	}
	if err != nil {
		return nil, err
	}
	return c, pageState(c, code)
}

func pageState(c *dialogs.Case, code string) error {
	switch p := c.Residents; {
	case p == nil || p.Code != code:
		return ErrNoPage
	case !p.Open:
		return ErrPageClosed
	}
	return nil
}

// SubmitResident takes a resident's answer to the page with the code into
// its case: committed durably before it returns, and posted to the case's
// channel in the week's thread. It returns ErrNoPage or ErrPageClosed, having
// stored nothing, when the page does not take it.
func (e *Engine) SubmitResident(ctx context.Context, code, text, age string, at time.Time) error {
	c, err := e.ResidentsPage(code)
	if err != nil {
		return err
	}
	res, err := e.Handle(ctx, Event{Platform: c.Platform, Channel: c.Channel, Input: dialogs.Input{
		Kind: dialogs.InputResident, Text: text, Value: age, Ref: code, At: at,
	}})
	if err != nil {
		return err
	}
	// The page may have closed, or the case gone, between the look-up and
	// the case's lock: then the dialogue took nothing.
	if res.Case == nil {
		return ErrNoPage
	}
	if err := pageState(res.Case, code); err != nil {
		return err
	}
	if p := res.Case.Residents; len(p.Answers) == 0 || !p.Answers[len(p.Answers)-1].At.Equal(at) {
		return ErrPageClosed
	}
	return nil
}

// residentsThread puts a resident's answer into its week's thread: the
// root was posted before it (one channel's replies go out in order), and
// its reference is known only once it was.
func (e *Engine) residentsThread(it storage.OutboxItem) storage.OutboxItem {
	if it.Reply.Kind != dialogs.ReplyResident || it.Thread != "" {
		return it
	}
	unlock := e.lock(it.Channel)
	defer unlock()
	c, err := e.caseFor(it.Channel)
	if err != nil {
		return it
	}
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		if p := c.Prompts[i]; p.Kind == dialogs.PostedResidents && p.Slot.Equal(it.Reply.Slot) {
			it.Thread = p.Ref
			break
		}
	}
	return it
}
