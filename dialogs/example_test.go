package dialogs_test

import (
	"fmt"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// The coach is a pure state machine: a case and an input in, the changed
// case and the replies out. The caller stores the case when Changed says
// so, and posts the replies; the coach reads no clock and does no I/O.
func ExampleCoach_Step() {
	co := dialogs.Coach{Lang: dialogs.NB}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	c := co.NewCase("C1", "slack", "sak-grorud-sentrum", at)

	out := co.Step(c, dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U1", At: at})
	for _, r := range out.Replies {
		show(r)
	}
	// The platform posted the first question as message "100.1"; the
	// engine records that, and a reply in its thread is an answer.
	c.Record(out.Replies[1], "100.1", at)
	out = co.Step(c, dialogs.Input{Kind: dialogs.InputMessage, User: "U1", Name: "Kari",
		Text: "Planprogrammet skal på høring uansett.", Thread: "100.1", Ref: "100.2", At: at.Add(time.Minute)})
	for _, r := range out.Replies {
		show(r)
	}
	fmt.Println("changed:", out.Changed, "answers:", len(c.Answers))
	// Output:
	// welcome: Hei! Jeg er Involve, en coach for innbyggerinvolvering.
	// prompt 1/14: Hva må vi ha tenkt på i forkant?
	// ack of 100.2
	// prompt 2/14: Hva er vår rolle når vi møter innbygger?
	// changed: true answers: 1
}

// show prints one reply in a line.
func show(r dialogs.Reply) {
	switch r.Kind {
	case dialogs.ReplyAck:
		fmt.Println("ack of", r.Target)
	case dialogs.ReplyPrompt:
		fmt.Printf("%s %s: %s\n", r.Kind, r.Progress, r.Title)
	default:
		fmt.Printf("%s: %s\n", r.Kind, r.Title)
	}
}
