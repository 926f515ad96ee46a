package dialogs

import (
	"testing"
	"time"
)

// A Teams prompt answered 504 after it was posted is posted again; an
// answer in the first copy's thread (its id is its time, within the failed
// attempt's window) answers the same question, and is not dropped.
func TestAnswerUnderEarlierCopyIsAdopted(t *testing.T) {
	co := Coach{AutoStart: true}
	c := co.NewCase("19:ch@thread.tacv2", "teams", "sak-x", start)
	co.Step(c, Input{Kind: InputCommand, Command: "start", User: "u1", At: start})
	if c.State != StateAsking {
		t.Fatalf("state %v", c.State)
	}
	sent := start.Add(time.Minute)
	w := Window{From: sent, To: sent.Add(15 * time.Second)}
	c.Prompts = append(c.Prompts, Posted{Kind: PostedPrompt, Ref: "1700000099000", Round: c.Round, Question: c.Current, At: sent, Tried: []Window{w}})
	first := sent.Add(300 * time.Millisecond)
	q := c.Current
	out := co.Step(c, Input{Kind: InputMessage, Text: "Beboerne", User: "u2", Thread: "first", ThreadAt: first,
		OwnerUnknown: true, Ref: "m1", At: sent.Add(time.Minute)})
	if len(c.Answers) != 1 || c.Answers[0].Question != q || out.Unplaced {
		t.Fatalf("answers %+v, unplaced %v", c.Answers, out.Unplaced)
	}
	// Before the copy is delivered: the outbox's window places it too.
	c2 := co.NewCase("19:ch2@thread.tacv2", "teams", "sak-y", start)
	co.Step(c2, Input{Kind: InputCommand, Command: "start", User: "u1", At: start})
	q = c2.Current
	co.Step(c2, Input{Kind: InputMessage, Text: "Beboerne", User: "u2", Thread: "first", ThreadAt: first, OwnerUnknown: true,
		Unconfirmed: []Posted{{Kind: PostedPrompt, Round: c2.Round, Question: q, Tried: []Window{w}}}, Ref: "m1", At: sent.Add(time.Minute)})
	if len(c2.Answers) != 1 || c2.Answers[0].Question != q {
		t.Fatalf("before delivery: answers %+v", c2.Answers)
	}
	// A thread nobody can place is kept as a note and said so.
	out = co.Step(c, Input{Kind: InputMessage, Text: "Hm", User: "u2", Thread: "other", ThreadAt: sent.Add(time.Hour),
		OwnerUnknown: true, Ref: "m2", At: sent.Add(2 * time.Hour)})
	if !out.Unplaced || len(c.Notes) != 1 {
		t.Fatalf("unplaced %v, notes %d", out.Unplaced, len(c.Notes))
	}
}
