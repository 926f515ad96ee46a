package dialogs

import "time"

// This file places replies in threads whose root the coach may have posted
// without hearing so (a post that timed out, or was answered 504 after it
// went through): the platform then has a post of the coach's that the case
// holds no reference of.

// Window is a span of time in which a post of the coach's may have been
// made: one attempt whose outcome was never heard.
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// WindowMargin widens a window on both sides when a thread's time is
// matched against it: the platform's clock is not the coach's.
const WindowMargin = 2 * time.Second

// contains reports whether t falls within w, widened by WindowMargin.
func (w Window) contains(t time.Time) bool {
	return !t.Before(w.From.Add(-WindowMargin)) && !t.After(w.To.Add(WindowMargin))
}

// triedAt returns the posted reference (or unconfirmed post) one of whose
// ambiguous attempts may have made a post at t.
func triedAt(ps []Posted, t time.Time) (Posted, bool) {
	if t.IsZero() {
		return Posted{}, false
	}
	for i := len(ps) - 1; i >= 0; i-- {
		for _, w := range ps[i].Tried {
			if w.contains(t) {
				return ps[i], true
			}
		}
	}
	return Posted{}, false
}

// adoptTried takes an unknown thread whose root was made at in.ThreadAt as
// the thread of a post that went out ambiguously at that time: one the case
// holds a reference of (it was posted again, and this is the earlier copy),
// or one still waiting for delivery (in.Unconfirmed). It records the
// thread under the same question or nudge, so later replies match at once.
func (s *step) adoptTried(ref string) (Posted, bool) {
	p, ok := triedAt(s.c.Prompts, s.in.ThreadAt)
	if !ok {
		p, ok = triedAt(s.in.Unconfirmed, s.in.ThreadAt)
	}
	if !ok {
		return Posted{}, false
	}
	p.Ref, p.At, p.Tried = ref, s.in.At, nil
	s.c.Prompts = append(s.c.Prompts, p)
	s.changed()
	return p, true
}

// unplaced keeps a reply in a thread the coach cannot place, on a platform
// that does not say who started it (Teams): it may be an answer under a
// post of the coach's that the case knows nothing of, so it is kept as a
// note, and the step says so (Output.Unplaced) to be logged and counted.
// A thread that began before the case did is the team's own.
func (s *step) unplaced(text string) bool {
	in := s.in
	if !in.OwnerUnknown || (!in.ThreadAt.IsZero() && !s.c.Created.IsZero() && in.ThreadAt.Before(s.c.Created.Add(-time.Minute))) {
		return false
	}
	s.note(text)
	s.out.Unplaced = true
	return true
}
