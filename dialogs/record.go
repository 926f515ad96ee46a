package dialogs

import (
	"slices"
	"time"
)

// PostedFor returns what to remember of r once the platform posted it
// under ref: every message of the coach's but acknowledgements, so that a
// reply in its thread is attributed (prompts and nudges) or kept as a note
// (everything else).
func PostedFor(r Reply, ref string, at time.Time) (Posted, bool) {
	if ref == "" {
		return Posted{}, false
	}
	switch r.Kind {
	case ReplyPrompt:
		return Posted{Kind: PostedPrompt, Ref: ref, Round: r.Round, Question: r.Question, At: at}, true
	case ReplyNudge:
		return Posted{Kind: PostedNudge, Ref: ref, Slot: r.Slot, At: at}, true
	case ReplyLevel:
		return Posted{Kind: PostedLevel, Ref: ref, At: at}, true
	case ReplyGroups:
		return Posted{Kind: PostedGroups, Ref: ref, At: at}, true
	case ReplyAck:
		return Posted{}, false
	case ReplyResidentsWeek:
		return Posted{Kind: PostedResidents, Ref: ref, Slot: r.Slot, At: at}, true
	case ReplyResident:
		return Posted{Kind: PostedResident, Ref: ref, Answer: r.Answer, At: at}, true
	case ReplyRetract:
		return Posted{}, false
	}
	return Posted{Kind: PostedMessage, Ref: ref, At: at}, true
}

// Record remembers that the platform posted r under ref, so replies in its
// thread are attributed; it reports whether the case changed.
func (c *Case) Record(r Reply, ref string, at time.Time) bool {
	p, ok := PostedFor(r, ref, at)
	if !ok {
		return false
	}
	if _, ok := c.posted(ref); ok {
		return false
	}
	c.Prompts = append(c.Prompts, p)
	return true
}

func (c *Case) posted(ref string) (Posted, bool) {
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		if c.Prompts[i].Ref == ref {
			return c.Prompts[i], true
		}
	}
	return Posted{}, false
}

func (c *Case) lastRef(kind PostedKind) string {
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		if c.Prompts[i].Kind == kind {
			return c.Prompts[i].Ref
		}
	}
	return ""
}

func (c *Case) promptRef(round, question int) string {
	for i := len(c.Prompts) - 1; i >= 0; i-- {
		p := c.Prompts[i]
		if p.Kind == PostedPrompt && p.Round == round && p.Question == question {
			return p.Ref
		}
	}
	return ""
}

func (c *Case) hasAnswer(round, question int) bool {
	for i := range c.Answers {
		if c.Answers[i].Round == round && c.Answers[i].Question == question {
			return true
		}
	}
	return false
}

// weekOf is the ISO week a report belongs to: its nudge's slot, or when it
// was written.
func (c *Case) weekOf(nudge string, at time.Time, loc *time.Location) int {
	if p, ok := c.posted(nudge); ok && p.Kind == PostedNudge && !p.Slot.IsZero() {
		return Week(p.Slot.In(loc))
	}
	return Week(at.In(loc))
}

// Intention returns the team's answers to question 13 in the latest round
// that has any, oldest first.
func (c *Case) Intention() []Answer {
	for round := c.Round; round >= 1; round-- {
		var out []Answer
		for _, a := range c.Answers {
			if a.Round == round && a.Question == IntentionQuestion {
				out = append(out, a)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// Answered returns how many questions of the current round have answers.
func (c *Case) Answered() int {
	var seen [QuestionCount + 1]bool
	n := 0
	for _, a := range c.Answers {
		if a.Round == c.Round && a.Question >= 1 && a.Question <= QuestionCount && !seen[a.Question] {
			seen[a.Question] = true
			n++
		}
	}
	return n
}

// Active reports whether the weekly nudge is for this case: it has started
// the reflection and is neither paused nor closed, nor are its nudges, and
// its channel and team are there (Life).
func (c *Case) Active() bool {
	return (c.State == StateAsking || c.State == StateCompleted) && !c.Nudge.Paused && !c.Life.Halted()
}

// Author returns the name to show for someone.
func author(name, id string) string {
	if name != "" {
		return name
	}
	if id != "" {
		return id
	}
	return "?"
}

// Clone returns a deep copy of c: changing one never changes the other.
func (c *Case) Clone() *Case {
	d := *c
	d.Answers = slices.Clone(c.Answers)
	d.Reports = slices.Clone(c.Reports)
	d.Notes = slices.Clone(c.Notes)
	d.Prompts = slices.Clone(c.Prompts)
	d.Groups = slices.Clone(c.Groups)
	for i := range d.Groups {
		d.Groups[i].Reached = slices.Clone(c.Groups[i].Reached)
	}
	d.Residents = c.Residents.clone()
	return &d
}
