package dialogs

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// start is when the cases of the tests are created, the Friday before t0.
var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// t0 is a Monday at 09:00 UTC, in ISO week 48 of 2026: the first slot of
// the weekly nudge in most tests.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// cet is Oslo's winter time, without depending on the system's zone data.
var cet = time.FixedZone("CET", 60*60)

// play runs inputs through Coach.Step on one case as a platform would: each
// prompt and nudge the coach says is posted and recorded under the next
// reference ("p1", "p2", …), and each message a team member writes gets its
// own reference ("m1", "m2", …). Its clock moves a minute per input unless
// the input brings its own time.
type play struct {
	co      Coach
	c       *Case
	at      time.Time
	posted  int
	other   int
	written int
	log     []string // the transcript, one line per input and reply line
}

func newPlay(co Coach, lang Lang) *play {
	co.Lang = lang
	return &play{co: co, c: co.NewCase("C0SAKGRORUD", "slack", "sak-grorud-sentrum", start), at: start}
}

// step applies in, records what was posted, and logs both.
func (p *play) step(in Input) Outcome {
	in = p.prepare(in)
	out := p.co.Step(p.c, in)
	p.post(in, out)
	return out
}

// prepare gives in its time and, for a message in a thread, a reference.
func (p *play) prepare(in Input) Input {
	if in.At.IsZero() {
		p.at = p.at.Add(time.Minute)
		in.At = p.at
	} else {
		p.at = in.At
	}
	if in.Kind == InputMessage && in.Ref == "" && !in.Direct {
		p.written++
		in.Ref = "m" + strconv.Itoa(p.written)
	}
	return in
}

// post does what the platform does with the replies to in: it posts them
// and records the prompts and nudges under their references.
func (p *play) post(in Input, out Outcome) {
	p.log = append(p.log, describe(in))
	for _, r := range out.Replies {
		ref := ""
		switch {
		case r.Kind == ReplyPrompt || r.Kind == ReplyNudge:
			p.posted++
			ref = "p" + strconv.Itoa(p.posted)
			p.c.Record(r, ref, in.At)
		case r.Kind != ReplyAck && !r.Ephemeral:
			// Everything else the coach posts is remembered too, so a
			// reply under it is a note: the welcome is "w1", and so on.
			p.other++
			p.c.Record(r, "w"+strconv.Itoa(p.other), in.At)
		}
		p.log = append(p.log, render(r, ref)...)
	}
}

// last is the reference of the newest posted prompt or nudge.
func (p *play) last() string { return "p" + strconv.Itoa(p.posted) }

// command types /involve line.
func (p *play) command(line string) Outcome {
	return p.step(Input{Kind: InputCommand, Command: line, User: "U1", Name: "Kari"})
}

// reply answers in the thread of ref.
func (p *play) reply(ref, user, text string) Outcome {
	return p.step(Input{Kind: InputMessage, Thread: ref, User: user, Name: names[user], Text: text})
}

// line is a plain console line.
func (p *play) line(text string) Outcome {
	return p.step(Input{Kind: InputMessage, Direct: true, User: "U1", Name: "Kari", Text: text})
}

var names = map[string]string{"U1": "Kari", "U2": "Ola", "U3": "Fatima"}

func describe(in Input) string {
	who := names[in.User]
	switch in.Kind {
	case InputCommand:
		return fmt.Sprintf("%s > /involve %s", who, in.Command)
	case InputMessage:
		if in.Direct {
			return fmt.Sprintf("%s > %s", who, in.Text)
		}
		if in.Thread == "" {
			return fmt.Sprintf("%s > %s [%s]", who, in.Text, in.Ref)
		}
		return fmt.Sprintf("%s > in %s: %s [%s]", who, in.Thread, in.Text, in.Ref)
	case InputAction:
		return fmt.Sprintf("%s > presses %s %s", who, in.Action, in.Value)
	case InputNudge:
		return fmt.Sprintf("(nudge for the slot %s; by hand: %v)", in.Slot.Format(time.RFC3339), in.Direct)
	case InputJoined:
		return fmt.Sprintf("(the coach joins the channel; a case channel: %v)", in.Case)
	}
	return fmt.Sprintf("(%s %s)", in.Kind, in.Ref)
}

// render lays a reply out as plain text lines, the way a very simple
// platform would, so that a transcript shows everything the coach says.
func render(r Reply, ref string) []string {
	head := "< " + string(r.Kind)
	if r.Ephemeral {
		head += " (private)"
	}
	if r.Progress != "" {
		head += " " + r.Progress
	}
	if ref != "" {
		head += " [" + ref + "]"
	}
	if r.Thread != "" {
		head += " in " + r.Thread
	}
	if r.Kind == ReplyAck || r.Kind == ReplyRetract {
		return []string{strings.TrimSpace(head + " " + r.Target)}
	}
	out := []string{head}
	add := func(prefix, s string) {
		for _, l := range strings.Split(s, "\n") {
			out = append(out, strings.TrimRight("  "+prefix+l, " "))
		}
	}
	if r.Title != "" {
		add("# ", r.Title)
	}
	if r.Text != "" {
		add("", r.Text)
	}
	if r.QuoteLead != "" {
		add("", r.QuoteLead)
	}
	if r.Quote != "" {
		add("> ", r.Quote)
	}
	for _, s := range r.Sections {
		if s.Heading != "" {
			add("## ", s.Heading)
		}
		for _, l := range s.Lines {
			add("- ", l)
		}
	}
	if r.Context != "" {
		add("(", r.Context+")")
	}
	if r.Filename != "" {
		add("file: ", r.Filename)
	}
	if len(r.Buttons) > 0 {
		var bs []string
		for _, b := range r.Buttons {
			s := "[" + b.Label + " → " + b.Action
			if b.Value != "" {
				s += " " + b.Value
			}
			bs = append(bs, s+"]")
		}
		add("", strings.Join(bs, " "))
	}
	return out
}

// reply cuts a rendered transcript that starts with a reply after that
// reply's last line, with the line's newline.
func reply(text string) string {
	for i := 1; i < len(text); i++ {
		if text[i-1] == '\n' && text[i] != ' ' {
			return text[:i]
		}
	}
	return text + "\n"
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d (go test -update rewrites it):\n got %q\nwant %q", path, i+1, g, w)
			}
		}
	}
}

// answersNB are a planning team's answers to the 14 questions.
var answersNB = [QuestionCount]string{
	"Hva som skjer i planprogrammet uansett, og hvor vi kan involvere underveis.",
	"Vi lytter og stiller spørsmål, vi selger ikke en ferdig plan.",
	"Plasseringen av møteplassen og hva torget skal brukes til.",
	"Trygge skoleveier og et sted å sitte.",
	"Vi trenger å vite hvordan torget brukes på kveldstid.",
	"Kaffe og en prat, og svar på det de lurer på der og da.",
	"Et torg de faktisk vil bruke.",
	"Innspill som kan brukes direkte i planbeskrivelsen.",
	"Hverdagslig og vennlig, uten fagord.",
	"Én setning på plakaten: Hva vil du ha på Grorud torg?",
	"Fem minutter ved kaffevogna.",
	"Ved T-banen på ettermiddagen. Det passer dem, ikke bare oss.",
	"At de vet hva som skjer videre og når.",
	"Vi legger ut hva vi gjorde med innspillene innen fire uker.",
}

var answersEN = [QuestionCount]string{
	"What happens in the spot checks anyway.",
	"We listen.",
	"Which streets we check first.",
	"Safe crossings.",
	"We need to know where people feel unsafe.",
	"A quick chat and an answer on the spot.",
	"Safer streets near the school.",
	"A list of places to check.",
	"Plain and friendly.",
	"One question on a card.",
	"Two minutes.",
	"Outside the school at pick-up time.",
	"That their tip was heard and what happens next.",
	"We post the results on the notice board.",
}

// TestTranscriptNorwegianThreads is a whole reflection as in Slack or
// Teams: every answer is a reply in the thread of its prompt.
func TestTranscriptNorwegianThreads(t *testing.T) {
	p := newPlay(Coach{AutoStart: true, Location: cet}, NB)
	p.step(Input{Kind: InputJoined, Case: true})
	users := []string{"U1", "U2", "U3"}
	for i := range QuestionCount {
		q := i + 1
		if p.c.State != StateAsking || p.c.Current != q {
			t.Fatalf("before answer %d: state %s, question %d", q, p.c.State, p.c.Current)
		}
		prompt := p.last()
		out := p.reply(prompt, users[i%3], answersNB[i])
		if q == 4 {
			// A second person answers the same prompt: kept, no new prompt.
			if o := p.reply(prompt, "U3", "Å slippe å gå omveier."); len(o.Replies) != 1 || o.Replies[0].Kind != ReplyAck {
				t.Fatalf("second answer to question 4 gave %+v", o.Replies)
			}
		}
		if q < QuestionCount {
			next := out.Replies[len(out.Replies)-1]
			if next.Kind != ReplyPrompt || next.Question != q+1 || next.Title != seedQuestions[q] {
				t.Fatalf("after answer %d the coach said %+v", q, next)
			}
		}
	}
	// A late answer to question 2, after the reflection is complete.
	p.reply("p2", "U2", "Og vi er der for å forklare rammene.")
	p.command("summary")

	if p.c.State != StateCompleted || p.c.Answered() != QuestionCount || len(p.c.Answers) != QuestionCount+2 {
		t.Fatalf("state %s, %d answered, %d answers", p.c.State, p.c.Answered(), len(p.c.Answers))
	}
	// The prompts appear in the seed's order with its exact words.
	var asked []string
	for _, l := range p.log {
		if strings.HasPrefix(l, "< prompt ") {
			asked = append(asked, l)
		}
	}
	if len(asked) != QuestionCount {
		t.Fatalf("%d prompts, want %d", len(asked), QuestionCount)
	}
	text := strings.Join(p.log, "\n")
	at := 0
	for i, q := range seedQuestions {
		want := fmt.Sprintf("< prompt %d/14 [p%d]\n  # %s\n", i+1, i+1, q)
		j := strings.Index(text[at:], want)
		if j < 0 {
			t.Fatalf("prompt %d %q not found in order", i+1, q)
		}
		at += j + len(want)
	}
	// Both summaries (the closing one and the one asked for) hold every answer.
	for _, kind := range []string{"< summary\n  # Ferdig med alle 14", "< summary\n  # Oppsummering: sak-grorud-sentrum"} {
		i := strings.Index(text, kind)
		if i < 0 {
			t.Fatalf("no %q in the transcript", kind)
		}
		sum := reply(text[i:])
		for q, a := range answersNB {
			if !strings.Contains(sum, "- "+names[users[q%3]]+": "+a+"\n") {
				t.Errorf("summary %q lacks the answer to question %d", kind, q+1)
			}
		}
		if !strings.Contains(sum, "## Hva vi ønsket at innbyggerne skulle sitte igjen med\n  - "+answersNB[12]+"\n") {
			t.Errorf("summary %q does not put the intention first", kind)
		}
	}
	if !strings.Contains(text, "- Fatima: Å slippe å gå omveier.") || !strings.Contains(text, "- Ola: Og vi er der for å forklare rammene.") {
		t.Errorf("the final summary lacks the second and the late answers")
	}
	golden(t, "transcript-nb-threads.txt", text+"\n")
}

// TestTranscriptEnglishConsole is the console's way: no threads, every
// plain line answers what the coach asked last.
func TestTranscriptEnglishConsole(t *testing.T) {
	p := newPlay(Coach{}, EN)
	p.line("hello?") // before start: kept as a note, and a hint
	p.command("start")
	for i := range QuestionCount {
		q := i + 1
		switch q {
		case 5:
			p.command("skip")
		case 9:
			p.command("pause")
			p.line(answersEN[i]) // paused: kept as the answer, and how to go on
			p.command("status")
			p.command("resume") // answered in the pause: on to question 10
		default:
			p.line(answersEN[i])
		}
	}
	if p.c.State != StateCompleted {
		t.Fatalf("state %s after the last answer", p.c.State)
	}
	// The weekly question, asked by hand, and a plain line answers it.
	p.step(Input{Kind: InputNudge, Slot: t0, Direct: true, At: t0})
	p.line("They knew which corner we check next week.")
	p.command("report Two parents signed up to walk along.")
	p.line("Coffee helped.") // nothing asked: kept as a note, and said so
	p.command("answer 5 The planning programme and what follows it.")
	p.command("summary")

	text := strings.Join(p.log, "\n")
	for i, q := range Questions(EN) {
		if !strings.Contains(text, fmt.Sprintf("< prompt %d/14 [", i+1)+"p") || !strings.Contains(text, "  # "+q.Text+"\n") {
			t.Errorf("question %d was not asked", i+1)
		}
	}
	if got := strings.Count(text, "< prompt "); got != QuestionCount {
		t.Errorf("%d prompts, want 14 (question 9 was answered during the pause)", got)
	}
	for _, want := range []string{
		"< text (private)\n  " + textsEN.NotedNew,
		"< text (private)\n  " + fmt.Sprintf(textsEN.Skipped, 5),
		"< text (private)\n  " + fmt.Sprintf(textsEN.PausedAnswer, 9),
		"  - On a break at question 9 of 14.",
		"< nudge [p15]\n  # Week 48: What were the residents left with?",
		"< text (private)\n  " + textsEN.NotedDone,
		"< text (private)\n  " + fmt.Sprintf(textsEN.AnswerSaved, 5),
		"  > " + answersEN[12],
		"< text (private)\n  " + textsEN.Reported,
		"  - Kari: " + answersEN[12],
		"  - Week 48 (23 November 2026, Kari): They knew which corner we check next week.",
		"  - Week 48 (23 November 2026, Kari): Two parents signed up to walk along.",
		"  - Kari: The planning programme and what follows it.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
	if p.c.Answered() != QuestionCount || len(p.c.Reports) != 2 || p.c.Reports[0].Nudge != "p15" || len(p.c.Notes) != 2 {
		t.Errorf("%d answered, reports %+v, notes %+v", p.c.Answered(), p.c.Reports, p.c.Notes)
	}
	golden(t, "transcript-en-console.txt", text+"\n")
}
