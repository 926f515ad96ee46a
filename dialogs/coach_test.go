package dialogs

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// stepTest is one row of the state machine's specification: a case brought
// to some state (given), one input, and what the coach says and does.
type stepTest struct {
	name    string
	co      Coach
	lang    Lang // the case's language; Norwegian if empty
	given   func(*play)
	wait    time.Duration // since the last given input; a minute if zero
	in      Input
	want    []string // brief(r) of each reply, in order
	state   State    // the state after the step; not checked if empty
	current int      // the open question after the step; not checked if zero
	changed bool
	forget  bool
	check   func(t *testing.T, p *play, out Outcome)
}

// Givens: what happened in the channel before the input of a row. The
// prompt of question k is posted as "pk" in the first round; answers are
// messages "m1", "m2", ….

func steps(fs ...func(*play)) func(*play) {
	return func(p *play) {
		for _, f := range fs {
			f(p)
		}
	}
}

func typed(line string) func(*play) { return func(p *play) { p.command(line) } }

func pressed(action, value string) func(*play) {
	return func(p *play) { p.step(Input{Kind: InputAction, Action: action, Value: value, User: "U1"}) }
}

func answered(ref, text string) func(*play) { return func(p *play) { p.reply(ref, "U2", text) } }

// atQ starts the reflection and answers questions 1 to k-1, so that
// question k is open; atQ(15) has answered all 14.
func atQ(k int) func(*play) {
	return func(p *play) {
		p.command("start")
		for q := 1; q < k; q++ {
			p.reply(p.last(), "U2", answersNB[q-1])
		}
	}
}

var completed = atQ(QuestionCount + 1)

func pausedAt(k int) func(*play) { return steps(atQ(k), typed("pause")) }
func closedAt(k int) func(*play) { return steps(atQ(k), typed("close")) }

// nudged runs the weekly nudge for slot, at slot.
func nudged(slot time.Time) func(*play) {
	return func(p *play) { p.step(Input{Kind: InputNudge, Slot: slot, At: slot}) }
}

// Inputs of a row.

func cmd(line string) Input {
	return Input{Kind: InputCommand, Command: line, User: "U1", Name: "Kari"}
}
func thread(ref, text string) Input {
	return Input{Kind: InputMessage, Thread: ref, Text: text, User: "U2", Name: "Ola"}
}
func ours(ref, text string) Input {
	in := thread(ref, text)
	in.Ours = true
	return in
}
func direct(text string) Input {
	return Input{Kind: InputMessage, Direct: true, Text: text, User: "U1", Name: "Kari"}
}
func act(action, value string) Input {
	return Input{Kind: InputAction, Action: action, Value: value, User: "U1", Name: "Kari"}
}
func nudgeFor(slot time.Time) Input { return Input{Kind: InputNudge, Slot: slot, At: slot} }
func nudgeByHand(at time.Time) Input {
	return Input{Kind: InputNudge, Slot: at, At: at, Direct: true}
}

// brief is a reply in one line: its kind, "(private)" when only the one who
// asked sees it, its main text and its buttons' actions.
func brief(r Reply) string {
	kind := string(r.Kind)
	if r.Ephemeral {
		kind += "(private)"
	}
	var s string
	switch r.Kind {
	case ReplyPrompt:
		return fmt.Sprintf("prompt %s %s", r.Progress, r.Title)
	case ReplyAck:
		return strings.TrimSpace("ack " + r.Target)
	case ReplyText, ReplyConfirm:
		s = r.Text
	case ReplyHelp:
		s = r.Title
		if r.Text != "" {
			s = r.Text
		}
	case ReplyStatus:
		s = strings.Join(r.Sections[0].Lines, " | ")
	case ReplyExport:
		s = r.Filename
	default: // welcome, intro, summary, nudge
		s = r.Title
	}
	s = kind + ": " + s
	if len(r.Buttons) > 0 {
		var acts []string
		for _, b := range r.Buttons {
			acts = append(acts, b.Action)
		}
		s += " [" + strings.Join(acts, " ") + "]"
	}
	return s
}

// levelOffer and groupsOffer are the offers after questions 3 and 4, in brief.
var (
	levelOffer  = "level: " + textsNB.LevelTitle + " [level level level level level]"
	groupsOffer = "groups: " + textsNB.GroupsTitle + " [group group group group group group]"
)

func prompt(n int) string { return fmt.Sprintf("prompt %d/14 %s", n, seedQuestions[n-1]) }
func promptEN(n int) string {
	return fmt.Sprintf("prompt %d/14 %s", n, questionsEN[n-1].Text)
}
func say(s string) string                     { return "text: " + s }
func sayf(format string, a ...any) string     { return say(fmt.Sprintf(format, a...)) }
func private(s string) string                 { return "text(private): " + s }
func privatef(format string, a ...any) string { return private(fmt.Sprintf(format, a...)) }

const (
	welcomeNB    = "welcome: Hei! Jeg er Involve, en coach for innbyggerinvolvering."
	completedNB  = "summary: Ferdig med alle 14 spørsmålene – godt jobbet!"
	introNB      = "intro: Hei! Jeg er Involve. [start]"
	newRoundAsk2 = "confirm(private): Dere har gått gjennom spørsmålene før. Vil dere ta dem på nytt som runde 2? Svarene fra før blir tatt vare på. Trykk «Ny runde» eller skriv /involve start ny. [new_round]"
	forgetAsk    = "confirm(private): Dette sletter alt jeg har lagret om saken: svar, tilbakemeldinger og notater. Det kan ikke angres. Trykk Slett eller skriv /involve glem ja innen ti minutter. [forget_yes forget_no]"
	nudgeNB48    = "nudge: Uke 48: Hva satt innbyggerne igjen med? [nothing pause_nudges close]"
	nudgeNB49    = "nudge: Uke 49: Hva satt innbyggerne igjen med? [nothing pause_nudges close]"
)

// copyCase copies c deeply enough to tell whether a step changed it.
func copyCase(c *Case) Case {
	d := *c
	d.Answers = slices.Clone(c.Answers)
	d.Reports = slices.Clone(c.Reports)
	d.Prompts = slices.Clone(c.Prompts)
	return d
}

func runSteps(t *testing.T, tests []stepTest) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lang := tc.lang
			if lang == "" {
				lang = NB
			}
			p := newPlay(tc.co, lang)
			if tc.given != nil {
				tc.given(p)
			}
			in := tc.in
			if in.At.IsZero() {
				wait := tc.wait
				if wait == 0 {
					wait = time.Minute
				}
				in.At = p.at.Add(wait)
			}
			in = p.prepare(in)
			before := copyCase(p.c)
			out := p.co.Step(p.c, in)
			if !out.Changed && !reflect.DeepEqual(before, *p.c) {
				t.Errorf("the case changed, but the outcome does not say so:\nbefore %+v\n after %+v", before, *p.c)
			}
			if out.Changed && !out.Forget && !p.c.Updated.Equal(in.At) {
				t.Errorf("Updated = %v, want the input's time %v", p.c.Updated, in.At)
			}
			var got []string
			for _, r := range out.Replies {
				got = append(got, brief(r))
				if r.Lang != p.c.Lang {
					t.Errorf("reply %q is in %q, the case speaks %q", brief(r), r.Lang, p.c.Lang)
				}
				if s := fmt.Sprintf("%+v", r); strings.Contains(s, "%!") {
					t.Errorf("a badly formatted reply: %s", s)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("replies:\n got %s\nwant %s", strings.Join(quoteAll(got), "\n     "), strings.Join(quoteAll(tc.want), "\n     "))
			}
			if out.Changed != tc.changed {
				t.Errorf("Changed = %v, want %v", out.Changed, tc.changed)
			}
			if out.Forget != tc.forget {
				t.Errorf("Forget = %v, want %v", out.Forget, tc.forget)
			}
			if tc.state != "" && p.c.State != tc.state {
				t.Errorf("state %q, want %q", p.c.State, tc.state)
			}
			if tc.current != 0 && p.c.Current != tc.current {
				t.Errorf("question %d is open, want %d", p.c.Current, tc.current)
			}
			p.post(in, out)
			if tc.check != nil {
				tc.check(t, p, out)
			}
		})
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	if len(out) == 0 {
		return []string{"(nothing)"}
	}
	return out
}

// lastAnswer is the newest answer of a case.
func lastAnswer(t *testing.T, c *Case) Answer {
	t.Helper()
	if len(c.Answers) == 0 {
		t.Fatal("no answers")
	}
	return c.Answers[len(c.Answers)-1]
}

func answersTo(c *Case, round, question int) []string {
	var out []string
	for _, a := range c.Answers {
		if a.Round == round && a.Question == question {
			out = append(out, a.Text)
		}
	}
	return out
}

var messageTests = []stepTest{
	{name: "an answer before start, in a thread the coach did not start, is ignored",
		in: thread("p9", "Svar"), want: nil, state: StateNew},
	{name: "a console line before start is kept as a note, and the coach says how to begin",
		in: direct("Svar"), want: []string{"ack", private(textsNB.NotedNew)}, state: StateNew, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Notes) != 1 || p.c.Notes[0].Text != "Svar" {
				t.Errorf("notes %+v", p.c.Notes)
			}
		}},
	{name: "an empty line says nothing",
		given: atQ(2), in: direct(" \n "), want: nil, current: 2},
	{name: "talk in the channel is the team's own",
		given: atQ(2), in: Input{Kind: InputMessage, Text: "Lunsj?", User: "U3"}, want: nil, current: 2},
	{name: "a reply in an unrecorded thread of the coach's counts for the open question",
		given: atQ(3), in: ours("1764000000.000900", "Vi spør dem selv."),
		want: []string{"ack m3", levelOffer, prompt(4)}, state: StateAsking, current: 4, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if a := p.c.Answers[len(p.c.Answers)-1]; a.Question != 3 || a.Prompt != "1764000000.000900" {
				t.Errorf("answer %+v", a)
			}
			if got, ok := p.c.posted("1764000000.000900"); !ok || got.Question != 3 {
				t.Errorf("the thread was not adopted as prompt 3: %+v", got)
			}
		}},
	{name: "a reply in an unrecorded thread of the coach's after the questions is kept as a note",
		given: atQ(15), in: ours("1764000000.000900", "Takk for oppsummeringen!"),
		want: []string{"ack m15"}, state: StateCompleted, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Notes) != 1 || p.c.Notes[0].Text != "Takk for oppsummeringen!" || p.c.Notes[0].Nudge != "1764000000.000900" {
				t.Errorf("notes %+v", p.c.Notes)
			}
			doc := Coach{}.Document(p.c, start).Markdown()
			if !strings.Contains(doc, "## Andre merknader fra teamet\n\n- Takk for oppsummeringen!") {
				t.Errorf("the note is not in the export:\n%s", doc)
			}
		}},
	{name: "a reply in an unknown thread not of the coach's is ignored",
		given: atQ(3), in: thread("1764000000.000900", "Prat."), want: nil, state: StateAsking, current: 3},
	{name: "the first answer in the open prompt's thread: a quiet ack and the next prompt",
		given: atQ(1), in: thread("p1", "  Vi må vite hva som ligger fast. \n"),
		want: []string{"ack m1", prompt(2)}, state: StateAsking, current: 2, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			want := Answer{Round: 1, Question: 1, Author: "U2", Name: "Ola", Text: "Vi må vite hva som ligger fast.",
				At: p.c.Updated, Ref: "m1", Prompt: "p1"}
			if got := lastAnswer(t, p.c); got != want {
				t.Errorf("answer %+v, want %+v", got, want)
			}
		}},
	{name: "a console line answers the open question",
		given: atQ(3), in: direct("Trygge skoleveier"), want: []string{"ack", levelOffer, prompt(4)}, current: 4, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if a := lastAnswer(t, p.c); a.Question != 3 || a.Prompt != "p3" || a.Ref != "" || a.Author != "U1" {
				t.Errorf("answer %+v", a)
			}
		}},
	{name: "a second answer to the same prompt is kept and does not advance again",
		given: atQ(2), in: thread("p1", "Og hvem som bestemmer."), want: []string{"ack m2"}, current: 2, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if got := answersTo(p.c, 1, 1); len(got) != 2 || got[1] != "Og hvem som bestemmer." {
				t.Errorf("answers to question 1: %q", got)
			}
		}},
	{name: "a late answer to an earlier prompt counts for that question and does not advance",
		given: atQ(5), in: thread("p2", "Vi er der for å lytte."), want: []string{"ack m5"}, current: 5, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if a := lastAnswer(t, p.c); a.Round != 1 || a.Question != 2 || a.Prompt != "p2" {
				t.Errorf("answer %+v", a)
			}
		}},
	{name: "an answer to a skipped question counts for it later",
		given: steps(atQ(3), typed("skip")), in: thread("p3", "Ettertanke."), want: []string{"ack m3"}, current: 4, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Answered() != 3 {
				t.Errorf("%d answered, want 3", p.c.Answered())
			}
		}},
	{name: "an answer while paused is kept, and the reflection stays paused",
		given: pausedAt(3), in: thread("p3", "Svar i pausen."), want: []string{"ack m3"},
		state: StatePaused, current: 3, changed: true},
	{name: "a console line while paused is the paused question's answer, and the coach says how to go on",
		given: pausedAt(3), in: direct("Hallo?"), want: []string{"ack", privatef(textsNB.PausedAnswer, 3)},
		state: StatePaused, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if got := answersTo(p.c, 1, 3); !slices.Equal(got, []string{"Hallo?"}) {
				t.Errorf("answers to 3: %q", got)
			}
		}},
	{name: "an answer to a first-round prompt during the second round counts for the first",
		given: steps(completed, typed("start ny")), in: thread("p5", "Etterpåklokskap."),
		want: []string{"ack m15"}, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if a := lastAnswer(t, p.c); a.Round != 1 || a.Question != 5 {
				t.Errorf("answer %+v", a)
			}
			if p.c.Answered() != 0 {
				t.Errorf("round 2 has %d answered", p.c.Answered())
			}
		}},
	{name: "a reply in a nudge's thread is an outcome report of the nudge's week",
		given: steps(completed, nudged(t0)), in: thread("p15", "De fikk se skissene."),
		want: []string{"ack m15"}, state: StateCompleted, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			want := Report{Author: "U2", Name: "Ola", Text: "De fikk se skissene.", At: p.c.Updated, Ref: "m15", Nudge: "p15", Week: 48}
			if len(p.c.Reports) != 1 || p.c.Reports[0] != want {
				t.Errorf("reports %+v, want %+v", p.c.Reports, want)
			}
			if p.c.Nudge.Unheard != 0 {
				t.Errorf("Unheard = %d after a report", p.c.Nudge.Unheard)
			}
		}},
	{name: "a console line after a nudge is an outcome report",
		given: steps(completed, nudged(t0)), in: direct("De vet når neste møte er."),
		want: []string{private(textsNB.Reported)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Reports) != 1 || p.c.Reports[0].Nudge != "p15" || p.c.Reports[0].Week != 48 {
				t.Errorf("reports %+v", p.c.Reports)
			}
		}},
	{name: "a console line with nothing asked is kept as a note, and the coach says how to report",
		given: completed, in: direct("Hei"), want: []string{"ack", private(textsNB.NotedDone)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Notes) != 1 || len(p.c.Reports) != 0 {
				t.Errorf("notes %+v, reports %+v", p.c.Notes, p.c.Reports)
			}
		}},
	{name: "a console line in a closed case is kept as a note",
		given: closedAt(3), in: direct("Hei"), want: []string{"ack", private(textsNB.NotedClosed)}, changed: true, state: StateClosed},
	{name: "a reply under the welcome is a note, not an answer",
		given: atQ(1), in: thread("w1", "Så bra!"), want: []string{"ack m1"}, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Answers) != 0 || len(p.c.Notes) != 1 {
				t.Errorf("answers %+v, notes %+v", p.c.Answers, p.c.Notes)
			}
		}},
	{name: "an answer to the open prompt after a nudge still moves on",
		given: steps(atQ(3), nudged(t0)), in: thread("p3", "Svar."), want: []string{"ack m3", levelOffer, prompt(4)},
		current: 4, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Asked != AskedPrompt {
				t.Errorf("Asked = %q", p.c.Asked)
			}
		}},
}

func TestStepMessages(t *testing.T) { runSteps(t, messageTests) }

var startTests = []stepTest{
	{name: "start on a new case: welcome and the first question",
		in: cmd("start"), want: []string{welcomeNB, prompt(1)}, state: StateAsking, current: 1, changed: true,
		check: func(t *testing.T, p *play, out Outcome) {
			c := p.c
			if c.Round != 1 || !c.Started.Equal(c.Updated) || !c.Nudge.Since.Equal(c.Started) || c.Asked != AskedPrompt {
				t.Errorf("round %d, started %v, nudges since %v, asked %q", c.Round, c.Started, c.Nudge.Since, c.Asked)
			}
			if out.Replies[0].Text != textsNB.Welcome {
				t.Errorf("welcome text %q", out.Replies[0].Text)
			}
		}},
	{name: "the Start button of the intro starts the same way",
		in: act(ActionStart, ""), want: []string{welcomeNB, prompt(1)}, state: StateAsking, current: 1, changed: true},
	{name: "start ny on a new case is simply round 1",
		in: cmd("start ny"), want: []string{welcomeNB, prompt(1)}, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Round != 1 {
				t.Errorf("round %d", p.c.Round)
			}
		}},
	{name: "start twice says where it stands and asks nothing new",
		given: atQ(3), in: cmd("start"), want: []string{privatef(textsNB.Running, 3, 14)}, state: StateAsking, current: 3},
	{name: "the Start button on a running case says the same",
		given: atQ(3), in: act(ActionStart, ""), want: []string{privatef(textsNB.Running, 3, 14)}, current: 3},
	{name: "start while paused offers to resume",
		given: pausedAt(3), in: cmd("start"), want: []string{privatef(textsNB.RunningPaused, 3, 14) + " [resume]"},
		state: StatePaused, current: 3},
	{name: "start on a completed case offers a new round",
		given: completed, in: cmd("start"), want: []string{newRoundAsk2}, state: StateCompleted},
	{name: "start on a closed case offers a new round",
		given: closedAt(3), in: cmd("begynn"), want: []string{newRoundAsk2}, state: StateClosed},
	{name: "start on a case closed before it began welcomes, not a new round",
		given: typed("close"), in: cmd("start"), want: []string{welcomeNB, prompt(1)}, state: StateAsking, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Round != 1 || !p.c.Closed.IsZero() {
				t.Errorf("round %d, closed %v", p.c.Round, p.c.Closed)
			}
		}},
	{name: "start ny runs the questions again as round 2 and keeps the old answers",
		given: completed, in: cmd("start ny"), want: []string{sayf(textsNB.NewRound, 2), prompt(1)},
		state: StateAsking, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			c := p.c
			if c.Round != 2 || len(c.Answers) != QuestionCount || c.Answered() != 0 || !c.Completed.IsZero() {
				t.Errorf("round %d, %d answers, %d answered, completed %v", c.Round, len(c.Answers), c.Answered(), c.Completed)
			}
			if !c.Started.Equal(c.Updated) || c.Nudge.Since.Equal(c.Started) {
				t.Errorf("started %v; nudges since %v should stay the first round's", c.Started, c.Nudge.Since)
			}
			if got := c.Intention(); len(got) != 1 || got[0].Text != answersNB[12] {
				t.Errorf("the first round's intention is lost: %+v", got)
			}
		}},
	{name: "the new-round button does the same",
		given: completed, in: act(ActionNewRound, ""), want: []string{sayf(textsNB.NewRound, 2), prompt(1)},
		state: StateAsking, current: 1, changed: true},
	{name: "start igjen reopens a closed case as round 2",
		given: closedAt(3), in: cmd("start igjen"), want: []string{sayf(textsNB.NewRound, 2), prompt(1)},
		state: StateAsking, current: 1, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.Closed.IsZero() || len(answersTo(p.c, 1, 2)) != 1 {
				t.Errorf("closed %v, answers %+v", p.c.Closed, p.c.Answers)
			}
		}},
	{name: "a new-round button on a running case says where it stands",
		given: atQ(2), in: act(ActionNewRound, ""), want: []string{privatef(textsNB.Running, 2, 14)}, current: 2},
}

func TestStepStart(t *testing.T) { runSteps(t, startTests) }

var skipTests = []stepTest{
	{name: "skip moves to the next question without an answer",
		given: atQ(1), in: cmd("skip"), want: []string{privatef(textsNB.Skipped, 1), prompt(2)}, current: 2, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Answers) != 0 {
				t.Errorf("answers %+v", p.c.Answers)
			}
		}},
	{name: "hopp over is skip",
		given: atQ(4), in: cmd("hopp over"), want: []string{privatef(textsNB.Skipped, 4), prompt(5)}, current: 5, changed: true},
	{name: "skip at the last question: the summary, and the reflection is completed",
		given: atQ(14), in: cmd("skip"), want: []string{privatef(textsNB.Skipped, 14), completedNB},
		state: StateCompleted, current: 14, changed: true,
		check: func(t *testing.T, p *play, out Outcome) {
			c := p.c
			if !c.Completed.Equal(c.Updated) || c.Asked != AskedNothing {
				t.Errorf("completed %v, asked %q", c.Completed, c.Asked)
			}
			sum := out.Replies[1]
			if sum.Text != textsNB.Completed {
				t.Errorf("summary text %q", sum.Text)
			}
			last := sum.Sections[len(sum.Sections)-1]
			if last.Heading != "14. "+seedQuestions[13] || !slices.Equal(last.Lines, []string{textsNB.Skipped1}) {
				t.Errorf("last section %+v", last)
			}
		}},
	{name: "the last answer: the summary, and the reflection is completed",
		given: atQ(14), in: thread("p14", "Vi viser fram resultatet."), want: []string{"ack m14", completedNB},
		state: StateCompleted, current: 14, changed: true},
	{name: "the Skip button of the open prompt",
		given: atQ(3), in: act(ActionSkip, "1:3"), want: []string{privatef(textsNB.Skipped, 3), prompt(4)}, current: 4, changed: true},
	{name: "a Skip button of a prompt already passed says where we stand",
		given: atQ(3), in: act(ActionSkip, "1:1"), want: []string{privatef(textsNB.Running, 3, 14)}, current: 3},
	{name: "a Skip button of the first round during the second",
		given: steps(completed, typed("start ny")), in: act(ActionSkip, "1:1"),
		want: []string{privatef(textsNB.Running, 1, 14)}, current: 1},
	{name: "skip on a new case",
		in: cmd("skip"), want: []string{private(textsNB.NothingToSkip)}, state: StateNew},
	{name: "skip while paused",
		given: pausedAt(2), in: cmd("skip"), want: []string{private(textsNB.NothingToSkip)}, state: StatePaused, current: 2},
	{name: "skip when completed",
		given: completed, in: cmd("neste"), want: []string{private(textsNB.NothingToSkip)}, state: StateCompleted},
}

func TestStepSkip(t *testing.T) { runSteps(t, skipTests) }

var pauseTests = []stepTest{
	{name: "pause stops the questions where they are",
		given: atQ(3), in: cmd("pause"), want: []string{say(textsNB.Paused)}, state: StatePaused, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Asked != AskedNothing {
				t.Errorf("Asked = %q", p.c.Asked)
			}
		}},
	{name: "the Pause button of the prompt",
		given: atQ(3), in: act(ActionPause, "1:3"), want: []string{say(textsNB.Paused)}, state: StatePaused, current: 3, changed: true},
	{name: "pause twice",
		given: pausedAt(3), in: cmd("pause"), want: []string{private(textsNB.AlreadyPaused)}, state: StatePaused},
	{name: "pause before start",
		in: cmd("pause"), want: []string{private(textsNB.NothingToPause)}, state: StateNew},
	{name: "pause when completed pauses the nudges",
		given: completed, in: cmd("pause"), want: []string{say(textsNB.NudgesPaused)}, state: StateCompleted, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.Nudge.Paused || p.c.Active() {
				t.Errorf("nudges paused %v, active %v", p.c.Nudge.Paused, p.c.Active())
			}
		}},
	{name: "pause when closed",
		given: closedAt(2), in: cmd("pause"), want: []string{private(textsNB.AlreadyClosed)}, state: StateClosed},
	{name: "resume asks the open question again",
		given: pausedAt(3), in: cmd("resume"), want: []string{say(textsNB.Resumed), prompt(3)},
		state: StateAsking, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Asked != AskedPrompt {
				t.Errorf("Asked = %q", p.c.Asked)
			}
		}},
	{name: "fortsett is resume",
		given: pausedAt(3), in: cmd("fortsett"), want: []string{say(textsNB.Resumed), prompt(3)}, current: 3, changed: true},
	{name: "resume after the open question was answered during the pause moves on",
		given: steps(pausedAt(3), answered("p3", "Svar i pausen.")), in: cmd("resume"),
		want: []string{say(textsNB.Resumed), levelOffer, prompt(4)}, state: StateAsking, current: 4, changed: true},
	{name: "after that resume, the next answer moves on as usual",
		given: steps(pausedAt(3), answered("p3", "Svar i pausen."), typed("resume")), in: thread("p4", "Svar."),
		want: []string{"ack m4", groupsOffer, prompt(5)}, current: 5, changed: true},
	{name: "resume after the last question was answered during the pause completes",
		given: steps(pausedAt(14), answered("p14", "Svar i pausen.")), in: cmd("resume"),
		want: []string{say(textsNB.Resumed), completedNB}, state: StateCompleted, changed: true},
	{name: "resume when completed turns the nudges back on",
		given: steps(completed, nudged(t0), nudged(t0.AddDate(0, 0, 7)), typed("pause")), in: cmd("resume"),
		want: []string{say(fmt.Sprintf(textsNB.NudgesResumed, textsNB.NextAskDefault))}, state: StateCompleted, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Nudge.Paused || p.c.Nudge.Unheard != 0 || !p.c.Active() {
				t.Errorf("nudging %+v", p.c.Nudge)
			}
		}},
	{name: "resume when nothing is paused",
		given: atQ(2), in: cmd("resume"), want: []string{private(textsNB.NotPaused)}, current: 2},
	{name: "resume before start",
		in: cmd("resume"), want: []string{private(textsNB.NotPaused)}, state: StateNew},
	{name: "resume when closed, even with nudges paused",
		given: steps(completed, pressed(ActionPauseNudges, ""), typed("close")), in: cmd("resume"),
		want: []string{private(textsNB.AlreadyClosed)}, state: StateClosed},
	{name: "close",
		given: atQ(3), in: cmd("close"), want: []string{say(textsNB.Closed)}, state: StateClosed, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.Closed.Equal(p.c.Updated) || p.c.Asked != AskedNothing || p.c.Active() {
				t.Errorf("closed %v, asked %q, active %v", p.c.Closed, p.c.Asked, p.c.Active())
			}
		}},
	{name: "close twice",
		given: closedAt(3), in: cmd("lukk"), want: []string{private(textsNB.AlreadyClosed)}, state: StateClosed},
	{name: "the Close button of a nudge",
		given: steps(completed, nudged(t0)), in: act(ActionClose, ""), want: []string{say(textsNB.Closed)},
		state: StateClosed, changed: true},
}

func TestStepPauseResumeClose(t *testing.T) { runSteps(t, pauseTests) }

// status is the brief of a status reply with these lines.
func status(lines ...string) string { return "status(private): " + strings.Join(lines, " | ") }

var infoTests = []stepTest{
	{name: "status before start",
		in: cmd("status"), want: []string{status("Vi har ikke begynt ennå. Skriv /involve start.")}},
	{name: "status while asking",
		given: atQ(3), in: cmd("status"), want: []string{status("Spørsmål 3 av 14 venter på svar.", "2 av 14 spørsmål har svar.",
			"Ingen tilbakemeldinger ennå om hva innbyggerne satt igjen med.")}},
	{name: "status while paused",
		given: pausedAt(3), in: cmd("status"), want: []string{status("Pause ved spørsmål 3 av 14.", "2 av 14 spørsmål har svar.",
			"Ingen tilbakemeldinger ennå om hva innbyggerne satt igjen med.")}},
	{name: "status when completed, with a report and the nudges paused",
		given: steps(completed, typed("report Folk kom."), typed("pause")), in: cmd("status"),
		want: []string{status("Dere har gått gjennom alle spørsmålene.", "14 av 14 spørsmål har svar.",
			"Én tilbakemelding om hva innbyggerne satt igjen med.", "De ukentlige påminnelsene har pause.")}},
	{name: "status counts reports in words that agree, and leaves weeks with nothing out",
		given: steps(completed, typed("report Folk kom."), typed("report Flere kom."), nudged(t0), pressed(ActionNothing, "")),
		in:    cmd("status"),
		want: []string{status("Dere har gått gjennom alle spørsmålene.", "14 av 14 spørsmål har svar.",
			"2 tilbakemeldinger om hva innbyggerne satt igjen med.", "Jeg spør hver uke hva innbyggerne satt igjen med.")}},
	{name: "status when closed",
		given: closedAt(3), in: cmd("status"), want: []string{status("Saken er avsluttet.", "2 av 14 spørsmål har svar.",
			"Ingen tilbakemeldinger ennå om hva innbyggerne satt igjen med.")}},
	{name: "status in the second round",
		given: steps(completed, typed("start ny")), in: cmd("status"),
		want: []string{status("Spørsmål 1 av 14 venter på svar.", "Runde 2.", "0 av 14 spørsmål har svar.",
			"Ingen tilbakemeldinger ennå om hva innbyggerne satt igjen med.")}},
	{name: "status in English",
		lang: EN, given: atQ(3), in: cmd("status"), want: []string{status("Question 3 of 14 is waiting for an answer.", "2 of 14 questions have answers.",
			"No reports yet of what the residents were left with.")}},
	{name: "summary before start",
		in: cmd("summary"), want: []string{"summary: Oppsummering: sak-grorud-sentrum"},
		check: func(t *testing.T, _ *play, out Outcome) {
			r := out.Replies[0]
			want := []Section{{Heading: textsNB.IntentionHeading, Lines: []string{textsNB.Skipped1}},
				{Heading: textsNB.OutcomeHeading, Lines: []string{textsNB.NoOutcomes}}}
			if r.Text != textsNB.SummaryNoAnswers || !reflect.DeepEqual(r.Sections, want) {
				t.Errorf("summary %+v", r)
			}
		}},
	{name: "the summary holds every answer, and the intention beside the outcome",
		given: steps(completed, answered("p4", "Og benker."), typed("report De så skissene.")), in: cmd("oppsummering"),
		want: []string{"summary: Oppsummering: sak-grorud-sentrum"},
		check: func(t *testing.T, _ *play, out Outcome) {
			r := out.Replies[0]
			if len(r.Sections) != 2+QuestionCount {
				t.Fatalf("%d sections", len(r.Sections))
			}
			if !slices.Equal(r.Sections[0].Lines, []string{answersNB[12]}) ||
				!slices.Equal(r.Sections[1].Lines, []string{"Uke 47 (20. november 2026, Kari): De så skissene."}) {
				t.Errorf("intention %+v, outcome %+v", r.Sections[0], r.Sections[1])
			}
			for i, sec := range r.Sections[2:] {
				want := []string{"Ola: " + answersNB[i]}
				if i == 3 {
					want = append(want, "Ola: Og benker.")
				}
				if sec.Heading != fmt.Sprintf("%d. %s", i+1, seedQuestions[i]) || !slices.Equal(sec.Lines, want) {
					t.Errorf("section %d: %+v, want lines %q", i+1, sec, want)
				}
			}
		}},
	{name: "the summary in the middle marks what is not answered",
		given: atQ(3), in: cmd("summary"), want: []string{"summary: Oppsummering: sak-grorud-sentrum"},
		check: func(t *testing.T, _ *play, out Outcome) {
			secs := out.Replies[0].Sections
			if !slices.Equal(secs[3].Lines, []string{"Ola: " + answersNB[1]}) || !slices.Equal(secs[4].Lines, []string{textsNB.Skipped1}) {
				t.Errorf("sections %+v", secs)
			}
		}},
	{name: "report records what the residents were left with",
		given: atQ(3), in: cmd("report  De fikk se   skissene. "), want: []string{private(textsNB.Reported)}, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			want := Report{Author: "U1", Name: "Kari", Text: "De fikk se   skissene.", At: p.c.Updated, Week: 47}
			if len(p.c.Reports) != 1 || p.c.Reports[0] != want {
				t.Errorf("reports %+v, want %+v", p.c.Reports, want)
			}
		}},
	{name: "report without text shows how",
		given: atQ(3), in: cmd("rapport"), want: []string{private(textsNB.ReportUsage)}},
	{name: "a report resets the count of unheard nudges",
		given: steps(completed, nudged(t0), nudged(t0.AddDate(0, 0, 7))), in: cmd("report Mye."),
		want: []string{private(textsNB.Reported)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Nudge.Unheard != 0 || p.c.Reports[0].Week != 49 {
				t.Errorf("unheard %d, week %d", p.c.Nudge.Unheard, p.c.Reports[0].Week)
			}
		}},
	{name: "export with nothing to export",
		in: cmd("export"), want: []string{private(textsNB.ExportEmpty)}},
	{name: "export gives the document",
		given: atQ(3), in: cmd("eksporter"), want: []string{"export: involve-sak-grorud-sentrum-2026-11-20.md"},
		check: func(t *testing.T, _ *play, out Outcome) {
			r := out.Replies[0]
			if r.Text != textsNB.ExportReady || !strings.HasPrefix(r.Document, "# Grorud sentrum\n") ||
				!strings.Contains(r.Document, "- "+answersNB[1]+" (20. november 2026)\n") {
				t.Errorf("export %+v", r)
			}
		}},
	{name: "help",
		in: cmd("help"), want: []string{"help(private): " + textsNB.HelpTitle},
		check: func(t *testing.T, _ *play, out Outcome) {
			r := out.Replies[0]
			if r.Text != "" || r.Context != textsNB.HelpTip || len(r.Sections) != 1 || !slices.Equal(r.Sections[0].Lines, helpLines(&textsNB)) {
				t.Errorf("help %+v", r)
			}
		}},
	{name: "an empty command shows help",
		given: atQ(2), in: cmd(""), want: []string{"help(private): " + textsNB.HelpTitle}},
	{name: "an unknown command shows help and names the word",
		given: atQ(2), in: cmd("Dans nå"), want: []string{"help(private): Den kjenner jeg ikke: «dans»."},
		check: func(t *testing.T, _ *play, out Outcome) {
			if out.Replies[0].Title != textsNB.HelpTitle || len(out.Replies[0].Sections) != 1 {
				t.Errorf("help %+v", out.Replies[0])
			}
		}},
}

func TestStepInformation(t *testing.T) { runSteps(t, infoTests) }

var langTests = []stepTest{
	{name: "lang en in the middle: the coach speaks English from then on",
		given: atQ(3), in: cmd("lang en"), want: []string{say(textsEN.LangSet), promptEN(3)}, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Lang != EN {
				t.Fatalf("lang %q", p.c.Lang)
			}
			out := p.reply("p3", "U2", "Plain words.")
			next := out.Replies[len(out.Replies)-1]
			if got := brief(next); got != promptEN(4) || next.Context != questionsEN[3].Help {
				t.Errorf("next prompt %q", got)
			}
			if got := brief(p.command("skip").Replies[0]); got != privatef(textsEN.Skipped, 4) {
				t.Errorf("skip says %q", got)
			}
		}},
	{name: "språk nb turns an English case Norwegian",
		lang: EN, given: atQ(2), in: cmd("språk nb"), want: []string{say(textsNB.LangSet), prompt(2)}, changed: true},
	{name: "språk nn re-asks the open question in nynorsk",
		given: atQ(2), in: cmd("språk nn"), want: []string{say(textsNN.LangSet), "prompt 2/14 " + questionsNN[1].Text}, changed: true},
	{name: "lang on a completed case asks nothing",
		given: completed, in: cmd("lang en"), want: []string{say(textsEN.LangSet)}, changed: true},
	{name: "an unknown language",
		given: atQ(2), in: cmd("lang de"), want: []string{private(textsNB.LangUnknown)}},
	{name: "lang without a language",
		lang: EN, in: cmd("lang"), want: []string{private(textsEN.LangUnknown)}},
}

func TestStepLang(t *testing.T) { runSteps(t, langTests) }

var forgetTests = []stepTest{
	{name: "forget asks first",
		given: atQ(3), in: cmd("forget"), want: []string{forgetAsk}, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.ForgetAsked.Equal(p.c.Updated) || len(p.c.Answers) != 2 {
				t.Errorf("forget asked %v, %d answers", p.c.ForgetAsked, len(p.c.Answers))
			}
		}},
	{name: "forget yes within the window forgets",
		given: steps(atQ(3), typed("forget")), wait: 9 * time.Minute, in: cmd("forget yes"),
		want: []string{say(textsNB.Forgotten)}, changed: true, forget: true},
	{name: "the Delete button within the window forgets",
		given: steps(atQ(3), typed("glem")), wait: 10 * time.Minute, in: act(ActionForgetYes, ""),
		want: []string{say(textsNB.Forgotten)}, changed: true, forget: true},
	{name: "glem ja within the window forgets",
		given: steps(atQ(3), typed("glem")), in: cmd("glem ja"), want: []string{say(textsNB.Forgotten)}, changed: true, forget: true},
	{name: "forget yes after the window is refused",
		given: steps(atQ(3), typed("forget")), wait: 10*time.Minute + time.Second, in: cmd("forget yes"),
		want: []string{private(textsNB.ForgetNothing)}},
	{name: "forget yes without asking first is refused",
		given: atQ(3), in: cmd("forget yes"), want: []string{private(textsNB.ForgetNothing)}},
	{name: "the Delete button without asking first is refused",
		given: atQ(3), in: act(ActionForgetYes, ""), want: []string{private(textsNB.ForgetNothing)}},
	{name: "any other command cancels the question",
		given: steps(atQ(3), typed("forget"), typed("status")), in: cmd("forget yes"), want: []string{private(textsNB.ForgetNothing)}},
	{name: "an unknown command cancels it too",
		given: steps(atQ(3), typed("forget")), in: cmd("dans"), want: []string{"help(private): Den kjenner jeg ikke: «dans»."},
		changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.ForgetAsked.IsZero() {
				t.Errorf("forget still asked at %v", p.c.ForgetAsked)
			}
		}},
	{name: "the Keep button keeps everything",
		given: steps(atQ(3), typed("forget")), in: act(ActionForgetNo, ""), want: []string{private(textsNB.ForgetKept)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.ForgetAsked.IsZero() || len(p.c.Answers) != 2 {
				t.Errorf("forget asked %v, %d answers", p.c.ForgetAsked, len(p.c.Answers))
			}
		}},
	{name: "forget no keeps everything",
		given: steps(atQ(3), typed("forget")), in: cmd("forget nei"), want: []string{private(textsNB.ForgetKept)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.ForgetAsked.IsZero() || len(p.c.Answers) != 2 {
				t.Errorf("forget asked %v, %d answers", p.c.ForgetAsked, len(p.c.Answers))
			}
		}},
	{name: "the Keep button with nothing asked",
		given: atQ(3), in: act(ActionForgetNo, ""), want: []string{private(textsNB.ForgetKept)}},
	{name: "a longer window",
		co: Coach{ForgetWindow: time.Hour}, given: steps(atQ(3), typed("forget")), wait: 30 * time.Minute,
		in: cmd("forget ja"), want: []string{say(textsNB.Forgotten)}, changed: true, forget: true},
}

func TestStepForget(t *testing.T) { runSteps(t, forgetTests) }

// TestForgetThenStartFresh: once the platform has deleted a forgotten case,
// the channel starts over as a new case and old threads count no more.
func TestForgetThenStartFresh(t *testing.T) {
	p := newPlay(Coach{}, NB)
	completed(p)
	p.command("report De så skissene.")
	p.command("forget")
	if out := p.command("forget yes"); !out.Forget {
		t.Fatalf("forget yes: %+v", out)
	}
	// The platform deletes the case; the next input finds none and makes one.
	p.c = p.co.NewCase(p.c.Channel, p.c.Platform, p.c.Name, p.at)
	if out := p.reply("p3", "U2", "Et gammelt svar."); len(out.Replies) != 0 || out.Changed {
		t.Errorf("a reply in a forgotten prompt's thread: %+v", out)
	}
	out := p.command("start")
	var got []string
	for _, r := range out.Replies {
		got = append(got, brief(r))
	}
	if !slices.Equal(got, []string{welcomeNB, prompt(1)}) {
		t.Errorf("start after forget: %q", got)
	}
	c := p.c
	if c.Round != 1 || len(c.Answers) != 0 || len(c.Reports) != 0 || c.Intention() != nil || len(c.Prompts) != 2 {
		t.Errorf("a fresh case has round %d, %d answers, %d reports, %d prompts", c.Round, len(c.Answers), len(c.Reports), len(c.Prompts))
	}
}

var editTests = []stepTest{
	{name: "editing an answer changes its text",
		given: atQ(3), in: Input{Kind: InputEdit, Ref: "m2", Text: " Vi lytter. "}, want: nil, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			a := p.c.Answers[1]
			if a.Text != "Vi lytter." || !a.Edited.Equal(p.c.Updated) || a.Question != 2 {
				t.Errorf("answer %+v", a)
			}
		}},
	{name: "editing a report changes its text",
		given: steps(completed, nudged(t0), answered("p15", "Lite.")), in: Input{Kind: InputEdit, Ref: "m15", Text: "Mye."},
		want: nil, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if r := p.c.Reports[0]; r.Text != "Mye." || r.Edited.IsZero() {
				t.Errorf("report %+v", r)
			}
		}},
	{name: "editing a message the coach does not keep",
		given: atQ(3), in: Input{Kind: InputEdit, Ref: "m99", Text: "Noe."}, want: nil},
	{name: "editing an answer to nothing is ignored",
		given: atQ(3), in: Input{Kind: InputEdit, Ref: "m2", Text: "  "}, want: nil},
	{name: "deleting an answer removes it and does not move the dialogue",
		given: atQ(3), in: Input{Kind: InputDelete, Ref: "m1"}, want: nil, current: 3, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Answers) != 1 || p.c.Answers[0].Ref != "m2" {
				t.Errorf("answers %+v", p.c.Answers)
			}
		}},
	{name: "deleting a report removes it",
		given: steps(completed, nudged(t0), answered("p15", "Lite."), answered("p15", "Mer.")),
		in:    Input{Kind: InputDelete, Ref: "m15"}, want: nil, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Reports) != 1 || p.c.Reports[0].Text != "Mer." {
				t.Errorf("reports %+v", p.c.Reports)
			}
		}},
	{name: "deleting a message the coach does not keep",
		given: atQ(3), in: Input{Kind: InputDelete, Ref: "m99"}, want: nil},
	{name: "deleting without a reference",
		given: atQ(3), in: Input{Kind: InputDelete}, want: nil},
}

func TestStepEditDelete(t *testing.T) { runSteps(t, editTests) }

var joinedTests = []stepTest{
	{name: "joined a case channel with auto start: welcome and the first question",
		co: Coach{AutoStart: true}, in: Input{Kind: InputJoined, Case: true}, want: []string{welcomeNB, prompt(1)},
		state: StateAsking, current: 1, changed: true},
	{name: "joined a case channel without auto start: the intro and a Start button",
		in: Input{Kind: InputJoined, Case: true}, want: []string{introNB}, state: StateNew, changed: true},
	{name: "joined again after the intro: nothing twice",
		given: steps(func(p *play) { p.step(Input{Kind: InputJoined}) }), in: Input{Kind: InputJoined}, want: nil, state: StateNew},
	{name: "joined another channel: the intro and a Start button",
		co: Coach{AutoStart: true}, in: Input{Kind: InputJoined}, want: []string{introNB}, state: StateNew, changed: true,
		check: func(t *testing.T, _ *play, out Outcome) {
			if r := out.Replies[0]; r.Text != textsNB.Intro || r.Ephemeral || r.Buttons[0].Style != "primary" {
				t.Errorf("intro %+v", r)
			}
		}},
	{name: "joined again after start says nothing",
		co: Coach{AutoStart: true}, given: atQ(2), in: Input{Kind: InputJoined, Case: true}, want: nil, current: 2},
	{name: "joined again when completed says nothing",
		co: Coach{AutoStart: true}, given: completed, in: Input{Kind: InputJoined, Case: true}, want: nil},
	{name: "joined in English",
		co: Coach{AutoStart: true}, lang: EN, in: Input{Kind: InputJoined, Case: true},
		want: []string{"welcome: " + textsEN.WelcomeTitle, promptEN(1)}, changed: true},
}

func TestStepJoined(t *testing.T) { runSteps(t, joinedTests) }

var actionTests = []stepTest{
	{name: "nothing this week",
		given: steps(completed, nudged(t0), nudged(t0.AddDate(0, 0, 7))), in: act(ActionNothing, ""),
		want: []string{say(textsNB.Nothing)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Nudge.Unheard != 0 || p.c.Asked != AskedNothing {
				t.Errorf("nudging %+v, asked %q", p.c.Nudge, p.c.Asked)
			}
			want := Report{Author: "U1", Name: "Kari", Text: textsNB.NothingEntry, At: p.c.Updated, Nudge: "p16", Week: 49, Nothing: true}
			if len(p.c.Reports) != 1 || p.c.Reports[0] != want {
				t.Errorf("reports %+v, want %+v", p.c.Reports, want)
			}
		}},
	{name: "nothing this week right after the week's report keeps the report and says so",
		given: steps(completed, nudged(t0), answered("p15", "De så skissene.")), in: act(ActionNothing, ""),
		want: []string{say(textsNB.NothingAlready)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Reports) != 1 || p.c.Reports[0].Nothing {
				t.Errorf("reports %+v", p.c.Reports)
			}
		}},
	{name: "nothing this week pressed twice is one entry",
		given: steps(completed, nudged(t0), pressed(ActionNothing, "")), in: act(ActionNothing, ""),
		want: []string{say(textsNB.Nothing)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Reports) != 1 {
				t.Errorf("reports %+v", p.c.Reports)
			}
		}},
	{name: "nothing this week in the middle of the questions keeps the prompt",
		given: atQ(3), in: act(ActionNothing, ""), want: []string{say(textsNB.Nothing)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Asked != AskedPrompt {
				t.Errorf("asked %q", p.c.Asked)
			}
		}},
	{name: "pause nudges",
		given: steps(completed, nudged(t0)), in: act(ActionPauseNudges, ""), want: []string{say(textsNB.NudgesPaused)}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.Nudge.Paused || p.c.Asked != AskedNothing {
				t.Errorf("nudging %+v, asked %q", p.c.Nudge, p.c.Asked)
			}
		}},
	{name: "pause nudges twice",
		given: steps(completed, pressed(ActionPauseNudges, "")), in: act(ActionPauseNudges, ""),
		want: []string{private(textsNB.NudgesAlreadyPaused)}},
	{name: "pause nudges in the middle keeps asking the questions",
		given: atQ(3), in: act(ActionPauseNudges, ""), want: []string{say(textsNB.NudgesPaused)},
		state: StateAsking, current: 3, changed: true},
	{name: "resume after pausing nudges in the middle",
		given: steps(atQ(3), pressed(ActionPauseNudges, "")), in: act(ActionResume, ""),
		want: []string{say(fmt.Sprintf(textsNB.NudgesResumed, textsNB.NextAskDefault))}, state: StateAsking, current: 3, changed: true},
	{name: "a button the coach does not know",
		given: atQ(3), in: act("dance", ""), want: nil},
}

func TestStepActions(t *testing.T) { runSteps(t, actionTests) }

func TestPromptReply(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(3)(p)
	c := p.c
	r, ok := p.co.Current(c)
	want := Reply{Kind: ReplyPrompt, Lang: NB, Title: seedQuestions[2], Context: questionsNB[2].Help, Progress: "3/14",
		Buttons: []Button{{Action: ActionSkip, Label: "Hopp over", Value: "1:3"}, {Action: ActionPause, Label: "Ta en pause", Value: "1:3"}},
		Round:   1, Question: 3}
	if !ok || !reflect.DeepEqual(r, want) {
		t.Errorf("Current = %+v, %v\nwant %+v", r, ok, want)
	}
	if p3, _ := c.posted("p3"); !reflect.DeepEqual(p3, Posted{Kind: PostedPrompt, Ref: "p3", Round: 1, Question: 3, At: c.Answers[1].At}) {
		t.Errorf("posted %+v", p3)
	}
	before := copyCase(c)
	p.co.Current(c)
	if !reflect.DeepEqual(before, *c) {
		t.Errorf("Current changed the case")
	}
	p.command("pause")
	if r, ok := p.co.Current(c); ok || r.Kind != "" {
		t.Errorf("Current of a paused case = %+v, %v", r, ok)
	}
}

func TestRecord(t *testing.T) {
	c := Coach{}.NewCase("C1", "slack", "", start)
	if c.Record(Reply{Kind: ReplyPrompt, Round: 1, Question: 1}, "", start) {
		t.Error("recorded a prompt without a reference")
	}
	if c.Record(Reply{Kind: ReplyAck, Target: "m1"}, "a1", start) {
		t.Error("recorded an acknowledgement")
	}
	if !c.Record(Reply{Kind: ReplyText, Text: "Hei"}, "t1", start) {
		t.Error("a text is not recorded: a reply in its thread would count as an answer")
	}
	if p, _ := c.posted("t1"); p.Kind != PostedMessage {
		t.Errorf("a text is recorded as %q", p.Kind)
	}
	if !c.Record(Reply{Kind: ReplyNudge, Slot: t0}, "n1", t0) || c.Record(Reply{Kind: ReplyNudge, Slot: t0}, "n1", t0) {
		t.Error("a nudge is recorded once")
	}
	for i := range 20 {
		c.Record(Reply{Kind: ReplyPrompt, Round: 1, Question: 1 + i%14}, fmt.Sprint("p", i), start)
	}
	if len(c.Prompts) != 22 || c.Prompts[2].Ref != "p0" {
		t.Errorf("%d posted, second %q", len(c.Prompts), c.Prompts[1].Ref)
	}
	if p, ok := c.posted("p15"); !ok || p.Question != 2 {
		t.Errorf("posted(p15) = %+v, %v", p, ok)
	}
}

// Nudges.

var nudgeTests = []stepTest{
	{name: "a new case gets no nudge",
		in: nudgeFor(t0), want: nil, state: StateNew},
	{name: "a paused reflection gets no nudge",
		given: pausedAt(3), in: nudgeFor(t0), want: nil},
	{name: "a closed case gets no nudge",
		given: closedAt(3), in: nudgeFor(t0), want: nil},
	{name: "a case with its nudges paused gets no nudge",
		given: steps(completed, typed("pause")), in: nudgeFor(t0), want: nil},
	{name: "a slot without a time is nothing",
		given: completed, in: Input{Kind: InputNudge, At: t0}, want: nil},
	{name: "a case in the middle of the questions gets no outcome nudge, but a reminder of its open question after a quiet week",
		given: atQ(3), in: nudgeFor(t0.AddDate(0, 0, 7)), want: []string{sayf(textsNB.Reminder, 3, seedQuestions[2])}, state: StateAsking, current: 3, changed: true,
		check: func(t *testing.T, p *play, out Outcome) {
			if r := out.Replies[0]; r.Thread != "p3" || r.Ephemeral {
				t.Errorf("reminder %+v", r)
			}
			if n := p.c.Nudge; !n.LastSlot.Equal(t0.AddDate(0, 0, 7)) || !n.Reminded.Equal(n.LastSlot) || n.Unheard != 0 || p.c.Asked != AskedPrompt {
				t.Errorf("nudging %+v, asked %q", n, p.c.Asked)
			}
		}},
	{name: "the nudge quotes the team's intention, every answer to question 13",
		given: steps(completed, answered("p13", "At de ble hørt.")), in: nudgeFor(t0), want: []string{nudgeNB48}, changed: true,
		check: func(t *testing.T, _ *play, out Outcome) {
			r := out.Replies[0]
			if r.QuoteLead != textsNB.NudgeIntent || r.Quote != answersNB[12]+"\nAt de ble hørt." {
				t.Errorf("lead %q, quote %q", r.QuoteLead, r.Quote)
			}
			labels := []string{r.Buttons[0].Label, r.Buttons[1].Label, r.Buttons[2].Label}
			if !slices.Equal(labels, []string{textsNB.NothingLabel, textsNB.PauseNudgesLabel, textsNB.CloseLabel}) {
				t.Errorf("buttons %+v", r.Buttons)
			}
		}},
	{name: "the week is the slot's week where the coach lives",
		co: Coach{Location: cet}, given: completed, in: nudgeFor(time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)),
		want: []string{nudgeNB48}, changed: true},
	{name: "the same slot in UTC is still week 47",
		given: completed, in: nudgeFor(time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)),
		want: []string{"nudge: Uke 47: Hva satt innbyggerne igjen med? [nothing pause_nudges close]"}, changed: true},
	{name: "an English case",
		lang: EN, given: completed, in: nudgeFor(t0),
		want: []string{"nudge: Week 48: What were the residents left with? [nothing pause_nudges close]"}, changed: true},
	{name: "a slot already handled gets nothing",
		given: steps(completed, nudged(t0)), in: nudgeFor(t0), want: nil},
	{name: "a slot before the last one handled gets nothing",
		given: steps(completed, nudged(t0)), in: nudgeFor(t0.AddDate(0, 0, -7)), want: nil},
	{name: "a slot before the team started gets nothing, but is recorded",
		given: atQ(3), in: nudgeFor(start.AddDate(0, 0, -4)), want: nil, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if !p.c.Nudge.LastSlot.Equal(start.AddDate(0, 0, -4)) || p.c.Nudge.Unheard != 0 || p.c.Asked != AskedPrompt {
				t.Errorf("nudging %+v, asked %q", p.c.Nudge, p.c.Asked)
			}
		}},
	{name: "a reply to last week's nudge does not skip this week's",
		given: steps(completed, nudged(t0), answered("p15", "Mye.")), in: nudgeFor(t0.AddDate(0, 0, 7)),
		want: []string{nudgeNB49}, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			n := p.c.Nudge
			if !n.LastSlot.Equal(t0.AddDate(0, 0, 7)) || n.Unheard != 1 || n.TipIndex != 2 {
				t.Errorf("nudging %+v", n)
			}
		}},
	{name: "a report of the team's own since the previous slot skips the nudge",
		given: steps(completed, nudged(t0), typed("report Mye.")), in: nudgeFor(t0.AddDate(0, 0, 7)), want: nil, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			n := p.c.Nudge
			if !n.LastSlot.Equal(t0.AddDate(0, 0, 7)) || !n.LastSent.Equal(t0) || n.Unheard != 0 || n.TipIndex != 1 {
				t.Errorf("nudging %+v", n)
			}
		}},
	{name: "a report before the previous slot does not",
		given: steps(completed, typed("report Tidlig."), nudged(t0)), in: nudgeFor(t0.AddDate(0, 0, 7)),
		want: []string{nudgeNB49}, changed: true},
	{name: "a report before the first slot skips the first nudge",
		given: steps(completed, typed("report Tidlig.")), in: nudgeFor(t0), want: nil, changed: true},
	{name: "by hand, the nudge comes even with a report since the last slot",
		given: steps(completed, nudged(t0), answered("p15", "Mye.")), in: nudgeByHand(t0.Add(2 * time.Hour)),
		want: []string{nudgeNB48}, changed: true},
	{name: "by hand, on a new case: why not",
		in: nudgeByHand(t0), want: []string{private(textsNB.NotStarted)}},
	{name: "by hand, while paused: why not",
		given: pausedAt(3), in: nudgeByHand(t0), want: []string{privatef(textsNB.RunningPaused, 3, 14)}},
	{name: "by hand, when closed: why not",
		given: closedAt(3), in: nudgeByHand(t0), want: []string{private(textsNB.AlreadyClosed)}},
	{name: "by hand, with nudges paused: why not",
		given: steps(completed, pressed(ActionPauseNudges, "")), in: nudgeByHand(t0), want: []string{private(textsNB.NudgesAlreadyPaused)}},
}

func TestStepNudge(t *testing.T) { runSteps(t, nudgeTests) }

// TestNudgeWeeks follows a completed case through ten Mondays: the tips
// rotate, the fourth unanswered nudge says kindly that it has heard nothing,
// the fifth does not repeat it, and a reply in its thread starts the count
// again without skipping the next week.
func TestNudgeWeeks(t *testing.T) {
	p := newPlay(Coach{Location: cet}, NB)
	completed(p)
	weeks := []int{48, 49, 50, 51, 52, 53, 1, 2, 3, 4} // 2026 has 53 ISO weeks
	type week struct {
		nudged bool
		quiet  bool
	}
	want := []week{
		{true, false}, {true, false}, {true, false}, // three unanswered
		{true, true},                                // the fourth says so, once
		{true, false},                               // the fifth does not; a reply comes after it
		{true, false}, {true, false}, {true, false}, // three unanswered again
		{true, true},  // and the kind note again
		{true, false}, // once
	}
	var tips []string
	for i, w := range want {
		slot := t0.AddDate(0, 0, 7*i)
		out := p.step(Input{Kind: InputNudge, Slot: slot, At: slot.Add(time.Second)})
		if got := len(out.Replies) == 1; got != w.nudged {
			t.Fatalf("week %d: nudged %v, want %v (%+v)", weeks[i], got, w.nudged, out.Replies)
		}
		if i == 4 {
			p.reply(p.last(), "U3", "Ti naboer kom på kaffe.")
		}
		if !w.nudged {
			continue
		}
		r := out.Replies[0]
		if want := fmt.Sprintf("Uke %d: Hva satt innbyggerne igjen med?", weeks[i]); r.Title != want {
			t.Errorf("title %q, want %q", r.Title, want)
		}
		quiet := strings.Contains(r.Text, textsNB.NudgeQuiet)
		if quiet != w.quiet {
			t.Errorf("week %d: the kind note %v, want %v", weeks[i], quiet, w.quiet)
		}
		if quiet && r.Text != textsNB.Nudge+"\n\n"+textsNB.NudgeQuiet {
			t.Errorf("week %d: text %q", weeks[i], r.Text)
		}
		if len(tips) > 0 && r.Context == tips[len(tips)-1] {
			t.Errorf("week %d repeats last week's tip %q", weeks[i], r.Context)
		}
		tips = append(tips, r.Context)
	}
	for i, tip := range tips {
		if want := "Tips: " + textsNB.Tips[i%len(textsNB.Tips)]; tip != want {
			t.Errorf("nudge %d: tip %q, want %q", i+1, tip, want)
		}
	}
	if len(p.c.Reports) != 1 || p.c.Reports[0].Week != 52 {
		t.Errorf("reports %+v", p.c.Reports)
	}
}

func TestNewCase(t *testing.T) {
	want := &Case{Channel: "C1", Platform: "teams", Name: "sak-demo", Lang: NB, State: StateNew, Created: start, Updated: start}
	if got := (Coach{}).NewCase("C1", "teams", "sak-demo", start); !reflect.DeepEqual(got, want) {
		t.Errorf("NewCase = %+v, want %+v", got, want)
	}
	if got := (Coach{Lang: EN}).NewCase("C1", "teams", "sak-demo", start); got.Lang != EN {
		t.Errorf("an English coach's case speaks %q", got.Lang)
	}
}

// Resuming the weekly question says when it comes next, as the schedule
// says, in the case's language; a holiday moves it as it moves the nudge.
func TestResumeSaysWhenTheCoachAsksNext(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	weekly := SkipHolidays(mustParseCron(t, cronWeekly))
	for _, tc := range []struct {
		lang Lang
		at   time.Time
		want string
	}{
		{NB, time.Date(2026, 12, 2, 10, 0, 0, 0, oslo), "Jeg spør igjen mandag 7. desember."},
		{NN, time.Date(2026, 12, 2, 10, 0, 0, 0, oslo), "Eg spør igjen måndag 7. desember."},
		{EN, time.Date(2026, 12, 2, 10, 0, 0, 0, oslo), "I'll ask again on Monday 7 December."},
		// Easter Monday 2027 (29 March) is a holiday: the question comes on Tuesday.
		{NB, time.Date(2027, 3, 24, 10, 0, 0, 0, oslo), "Jeg spør igjen tirsdag 30. mars."},
	} {
		co := Coach{Lang: tc.lang, Location: oslo, Schedule: weekly}
		c := co.NewCase("C1", "slack", "sak-a", tc.at)
		c.State, c.Current, c.Round, c.Nudge.Paused = StateCompleted, 14, 1, true
		out := co.Step(c, Input{Kind: InputCommand, Command: "resume", User: "U1", At: tc.at})
		if len(out.Replies) != 1 || !strings.HasSuffix(out.Replies[0].Text, tc.want) {
			t.Errorf("%s at %s: %+v, want it to end %q", tc.lang, tc.at, out.Replies, tc.want)
		}
	}
}
