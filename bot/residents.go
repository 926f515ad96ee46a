package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/oslo-involve/involve/dialogs"
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

// ResidentsPage returns what the public page of the code may show of its
// case, ErrPageClosed, or ErrNoPage: a copy without the team's answers,
// reports, notes, posted references or the residents' answers. It does not
// wait for a commit in progress on the case: a page shows what is committed.
func (e *Engine) ResidentsPage(code string) (*dialogs.Case, error) {
	return e.residentsPage(context.Background(), code)
}

func (e *Engine) residentsPage(ctx context.Context, code string) (*dialogs.Case, error) {
	channel, err := e.store.CodeChannel(ctx, code)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNoPage
	}
	if err != nil {
		return nil, err
	}
	e.cacheMu.Lock()
	ent, ok := e.cache[channel]
	var c *dialogs.Case
	if ok {
		c = publicCopy(ent.c)
	}
	e.cacheMu.Unlock()
	if !ok {
		full, err := e.caseLocked(ctx, channel)
		if errors.Is(err, ErrNotFound) {
			return nil, ErrNoPage
		}
		if err != nil {
			return nil, err
		}
		c = publicCopy(full)
	}
	return c, pageState(c, code)
}

// publicCopy copies of c what the residents' page may use.
func publicCopy(c *dialogs.Case) *dialogs.Case {
	d := *c
	d.Answers, d.Reports, d.Notes, d.Prompts = nil, nil, nil, nil
	if c.Residents != nil {
		p := *c.Residents
		p.Answers, p.Weeks = nil, nil
		p.Updates = slices.Clone(c.Residents.Updates)
		d.Residents = &p
	}
	return &d
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
//
// Answers to one page that arrive while another is being committed wait
// for it and are then committed together, by one of them: one case's events
// stay in order, and a crowd answering one page at a meeting shares fsyncs
// instead of queueing behind one each.
func (e *Engine) SubmitResident(ctx context.Context, code, text, age string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c, err := e.residentsPage(ctx, code)
	if err != nil {
		return err
	}
	sub := &residentSubmit{
		in:   dialogs.Input{Kind: dialogs.InputResident, Text: text, Value: age, Ref: code, At: at},
		wake: make(chan struct{}),
	}
	w := &e.residentsWaiting
	w.mu.Lock()
	if w.m == nil {
		w.m, w.busy = make(map[string][]*residentSubmit), make(map[string]bool)
	}
	w.m[c.Channel] = append(w.m[c.Channel], sub)
	lead := !w.busy[c.Channel]
	w.busy[c.Channel] = true
	w.mu.Unlock()
	if !lead {
		<-sub.wake // committed with another's batch, or made the next leader
		if !sub.lead {
			return sub.err
		}
	}

	// Lead: commit every answer waiting for this case, ours among them,
	// then hand the lead to one that came meanwhile. The leader's deadline
	// bounds the batch: the answers it commits for others are theirs to
	// retry when it gives up, as its own is.
	batch := e.commitResidents(ctx, c.Channel)
	w.mu.Lock()
	if next := w.m[c.Channel]; len(next) > 0 {
		next[0].lead = true
		close(next[0].wake)
	} else {
		delete(w.busy, c.Channel)
	}
	w.mu.Unlock()
	for _, s := range batch {
		if s != sub {
			close(s.wake)
		}
	}
	return sub.err
}

// residentsWaiting holds the answers waiting for their case, by channel,
// and which channels have a leader committing them.
type residentsWaiting struct {
	mu   sync.Mutex
	m    map[string][]*residentSubmit
	busy map[string]bool
}

// residentSubmit is one answer waiting to be committed, and what came of it.
type residentSubmit struct {
	in   dialogs.Input
	err  error
	lead bool          // made the next leader (set before wake is closed)
	wake chan struct{} // closed when committed by a leader, or made leader
}

// commitResidents takes the answers waiting for channel's case, once it
// holds the case's lock, runs them through the dialogue and commits what
// they changed at once. It returns the batch, each answer with its outcome.
func (e *Engine) commitResidents(ctx context.Context, channel string) []*residentSubmit {
	start := time.Now()
	var (
		batch   []*residentSubmit
		taken   bool // the batch was taken from the waiting ones
		replies []dialogs.Reply
	)
	take := func() {
		if taken {
			return
		}
		w := &e.residentsWaiting
		w.mu.Lock()
		batch = w.m[channel]
		delete(w.m, channel)
		w.mu.Unlock()
		taken = true
	}
	var platform string
	err := e.Err()
	if err == nil {
		var ok bool
		_, ok, err = e.transact(ctx, channel, e.Now(), func(tx *txn) (Change, bool, error) {
			take()
			ch, ok, err := e.stepResidents(tx, batch)
			replies = nil
			if ok {
				for _, r := range ch.Outbox {
					replies = append(replies, r.Reply)
				}
				platform = tx.Case.Platform
			}
			return ch, ok, err
		})
		if err == nil && ok {
			for _, r := range replies {
				e.Metrics.Replied(platform, string(r.Kind))
			}
		}
	}
	take()
	for _, sub := range batch {
		if err != nil && sub.err == nil {
			sub.err = err
		}
		e.Metrics.Handled("residents", string(dialogs.InputResident), time.Since(start), false, sub.err)
	}
	return batch
}

// stepResidents takes a batch of answers into the case as read and says
// what to commit.
func (e *Engine) stepResidents(tx *txn, batch []*residentSubmit) (Change, bool, error) {
	for _, sub := range batch {
		sub.err = nil
	}
	c := tx.Case
	if c == nil {
		return Change{}, false, ErrNoPage
	}
	var ch Change
	taken := 0
	for _, sub := range batch {
		before := 0
		if c.Residents != nil {
			before = len(c.Residents.Answers)
		}
		out := e.coach.Step(c, sub.in)
		if c.Residents == nil || len(c.Residents.Answers) == before {
			// The page closed, or the case changed hands, since the look-up.
			if sub.err = pageState(c, sub.in.Ref); sub.err == nil {
				sub.err = ErrPageClosed
			}
			continue
		}
		taken++
		for _, r := range out.Replies {
			ch.Outbox = append(ch.Outbox, Outgoing{
				Platform: c.Platform, Channel: c.Channel, Address: c.Address,
				Thread: threadFor(r, sub.in), Reply: r,
			})
		}
	}
	if taken == 0 {
		return Change{}, false, nil
	}
	ch.Case, ch.Was = c, tx.Was
	return ch, true, nil
}

// residentsThread puts a resident's answer into its week's thread: the
// root was posted before it (one channel's replies go out in order), and
// its reference is known only once it was. It reads the cached case without
// copying it: a page with thousands of answers is not copied per post.
func (e *Engine) residentsThread(ctx context.Context, it Outgoing) Outgoing {
	if it.Reply.Kind != dialogs.ReplyResident || it.Thread != "" {
		return it
	}
	e.cacheMu.Lock()
	ent, ok := e.cache[it.Channel]
	if ok {
		it.Thread = weekRoot(ent.c, it.Reply.Slot)
	}
	e.cacheMu.Unlock()
	if ok {
		return it
	}
	unlock, err := e.lock(ctx, it.Channel)
	if err != nil {
		return it
	}
	defer unlock()
	if c, _, err := e.caseFor(ctx, it.Channel); err == nil {
		it.Thread = weekRoot(c, it.Reply.Slot)
	}
	return it
}

// weekRoot returns the reference of the week's root of residents' answers,
// or "" when it was never posted (then the answer goes to the channel).
func weekRoot(c *dialogs.Case, week time.Time) string {
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		if p := c.Prompts[i]; p.Kind == dialogs.PostedResidents && p.Slot.Equal(week) {
			return p.Ref
		}
	}
	return ""
}
