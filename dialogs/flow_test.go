package dialogs

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Whole dialogues for each flow of issue 12: what the coach says, in
// order, and what it keeps.

// week is the n-th Monday slot after t0.
func week(n int) time.Time { return t0.AddDate(0, 0, 7*n) }

// says reports whether the transcript holds want, and shows it if not.
func says(t *testing.T, p *play, want ...string) {
	t.Helper()
	text := strings.Join(p.log, "\n")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the transcript lacks %q:\n%s", w, text)
		}
	}
}

// count is how often s appears in the transcript.
func count(p *play, s string) int { return strings.Count(strings.Join(p.log, "\n"), s) }

func TestFlowOutcomeNudgeOnlyAfterTheReflection(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(3)(p)
	for n := range 3 {
		p.step(nudgeFor(week(n)))
	}
	if got := count(p, "< nudge"); got != 0 {
		t.Fatalf("%d outcome nudges while the questions are open", got)
	}
	for q := 3; q <= QuestionCount; q++ {
		p.reply(p.last(), "U2", answersNB[q-1])
	}
	if p.c.State != StateCompleted {
		t.Fatalf("state %s", p.c.State)
	}
	p.step(nudgeFor(week(3)))
	says(t, p, "< nudge [p15]\n  # Uke 51: Hva satt innbyggerne igjen med?", "  > "+answersNB[12])
	if got := count(p, "< nudge"); got != 1 {
		t.Errorf("%d outcome nudges after completion, want 1", got)
	}
}

func TestFlowSkippedQuestionsCompleteTheReflection(t *testing.T) {
	p := newPlay(Coach{}, NB)
	p.command("start")
	for range QuestionCount {
		p.command("hopp")
	}
	p.step(nudgeFor(t0))
	says(t, p, "< nudge [p15]\n  # Uke 48: Hva satt innbyggerne igjen med?", "  "+textsNB.NudgeNoIntent)
}

func TestFlowQuietCaseIsRemindedOnce(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(2)(p)            // question 2 asked on 20 November
	p.step(nudgeFor(t0)) // three days later: not quiet yet
	if len(p.log) != 0 && count(p, "< text") != 0 {
		t.Fatalf("a reminder after three days:\n%s", strings.Join(p.log, "\n"))
	}
	p.step(nudgeFor(week(1))) // ten days: one reminder, in question 2's thread
	p.step(nudgeFor(week(2))) // still quiet: nothing more
	p.step(nudgeFor(week(3)))
	reminder := "< text in p2\n  " + fmt.Sprintf(textsNB.Reminder, 2, seedQuestions[1])
	if got := count(p, reminder); got != 1 {
		t.Fatalf("%d reminders, want 1:\n%s", got, strings.Join(p.log, "\n"))
	}
	// Someone writes again; after another quiet week, one more reminder.
	p.step(Input{Kind: InputMessage, Thread: "p2", User: "U2", Name: "Ola", Text: answersNB[1], At: week(3).Add(time.Hour)})
	p.step(nudgeFor(week(4))) // under a week since the answer
	p.step(nudgeFor(week(5)))
	p.step(nudgeFor(week(6)))
	reminder3 := "< text in p3\n  " + fmt.Sprintf(textsNB.Reminder, 3, seedQuestions[2])
	if got := count(p, reminder3); got != 1 {
		t.Fatalf("%d reminders of question 3, want 1:\n%s", got, strings.Join(p.log, "\n"))
	}
	if p.c.Current != 3 || p.c.Asked != AskedPrompt || count(p, "< nudge") != 0 {
		t.Errorf("question %d, asked %q", p.c.Current, p.c.Asked)
	}
}

// TestFlowConsoleLineAfterANudgeAnswersTheOpenQuestion is the console with
// a nudge by hand in the middle of the questions, and a case stored while
// a nudge was the last thing asked (older files).
func TestFlowConsoleLineAfterANudgeAnswersTheOpenQuestion(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(2)(p)
	p.step(nudgeByHand(p.at.Add(time.Hour)))
	p.line("Vi skal lytte.")
	says(t, p, "< text (private)\n  "+fmt.Sprintf(textsNB.NudgeNotYet, 2, 14), "# "+seedQuestions[2])
	if got := answersTo(p.c, 1, 2); len(got) != 1 || got[0] != "Vi skal lytte." || len(p.c.Reports) != 0 {
		t.Fatalf("answers to 2: %q, reports %+v", got, p.c.Reports)
	}

	// A case that was nudged mid-questions before this release.
	p.c.Asked = AskedNudge
	p.c.Prompts = append(p.c.Prompts, Posted{Kind: PostedNudge, Ref: "n0", Slot: t0, At: t0})
	p.line("De så skissene.")
	if len(p.c.Reports) != 1 || p.c.Asked != AskedPrompt {
		t.Fatalf("reports %+v, asked %q", p.c.Reports, p.c.Asked)
	}
	p.line("Vi møter dem på torget.")
	if got := answersTo(p.c, 1, 3); len(got) != 1 || got[0] != "Vi møter dem på torget." {
		t.Errorf("answers to 3: %q", got)
	}
	// "Nothing this week" pressed on such a nudge: the question again.
	p.c.Asked = AskedNudge
	out := p.step(Input{Kind: InputAction, Action: ActionNothing, User: "U1", Name: "Kari"})
	if len(out.Replies) != 2 || out.Replies[1].Kind != ReplyPrompt || out.Replies[1].Question != 4 {
		t.Fatalf("after nothing this week: %+v", out.Replies)
	}
	p.line("Hverdagen.")
	if got := answersTo(p.c, 1, 4); len(got) != 1 {
		t.Errorf("answers to 4: %q", got)
	}
}

func TestFlowConsoleAfterTheWeeklyQuestion(t *testing.T) {
	p := newPlay(Coach{}, NB)
	completed(p)
	p.step(nudgeFor(t0))
	p.line("De vet når neste møte er.")                                               // the report
	p.line("Kaffen på torget hjalp.")                                                 // nothing asked: a note, and said so
	p.step(Input{Kind: InputAction, Action: ActionNothing, User: "U1", Name: "Kari"}) // after the report: no contradiction
	says(t, p, "< text (private)\n  "+textsNB.Reported, "< text (private)\n  "+textsNB.NotedDone, "< text\n  "+textsNB.NothingAlready)
	if len(p.c.Reports) != 1 || len(p.c.Notes) != 1 {
		t.Errorf("reports %+v, notes %+v", p.c.Reports, p.c.Notes)
	}
	// A week with nothing to report is a dated entry the summary shows.
	p.step(nudgeFor(week(1)))
	p.step(Input{Kind: InputAction, Action: ActionNothing, User: "U1", Name: "Kari", Thread: p.last()})
	p.command("oppsummering")
	says(t, p, "  - Uke 48 (23. november 2026, Kari): De vet når neste møte er.", "  - Uke 49 (30. november 2026): ingenting denne uken")
}

func TestFlowLangAsksTheOpenQuestionAgain(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(4)(p)
	p.command("språk nn")
	p.line("Kvardagen, trafikken og leikeplassen.")
	p.command("lang en")
	p.line("Better sleep.")
	says(t, p,
		"< text\n  "+textsNN.LangSet+"\n< prompt 4/14 [p5]\n  # "+questionsNN[3].Text,
		"< prompt 5/14 [p6]\n  # "+questionsNN[4].Text,
		"< text\n  "+textsEN.LangSet+"\n< prompt 5/14 [p7]\n  # "+questionsEN[4].Text)
	if got := answersTo(p.c, 1, 5); len(got) != 1 || got[0] != "Better sleep." {
		t.Errorf("answers to 5: %q", got)
	}
}

func TestFlowAnswerN(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(2)(p)
	p.command("hopp")
	p.command("svar 9 For tidlig.")   // not asked yet
	p.command("svar 20 Feil nummer.") // no such question
	p.command("svar 2")               // no text
	before := len(p.c.Answers)
	if before != 1 {
		t.Fatalf("bad answer commands kept something: %+v", p.c.Answers)
	}
	p.command("svar 2 Vi er der for å lytte.")
	p.command("answer 3 What the square looks like.")
	says(t, p, "< text (private)\n  "+fmt.Sprintf(textsNB.AnswerNotAsked, 9, 3), "< text (private)\n  "+textsNB.AnswerUsage,
		"< text (private)\n  "+fmt.Sprintf(textsNB.AnswerSaved, 2), "# "+seedQuestions[3])
	if got := answersTo(p.c, 1, 2); len(got) != 1 || p.c.Current != 4 {
		t.Errorf("answers to 2: %q, question %d open", got, p.c.Current)
	}
}

func TestFlowForgetIsForWhoAsked(t *testing.T) {
	p := newPlay(Coach{}, NB)
	atQ(3)(p)
	p.command("glem")
	out := p.step(Input{Kind: InputAction, Action: ActionForgetYes, User: "U2", Name: "Ola"})
	if out.Forget || len(out.Replies) != 1 || out.Replies[0].Text != textsNB.ForgetNotYours {
		t.Fatalf("someone else pressed Slett: %+v", out)
	}
	out = p.step(Input{Kind: InputCommand, Command: "glem ja", User: "U2", Name: "Ola"})
	if out.Forget {
		t.Fatal("someone else typed glem ja and the case was forgotten")
	}
	out = p.step(Input{Kind: InputAction, Action: ActionForgetYes, User: "U1", Name: "Kari"})
	if !out.Forget {
		t.Fatalf("the one who asked pressed Slett: %+v", out)
	}
}

func TestFlowRepliesUnderOtherMessagesAreNotes(t *testing.T) {
	p := newPlay(Coach{}, NB)
	p.command("start") // the welcome is w1, question 1 is p1
	p.reply("w1", "U2", "Så fint!")
	if len(p.c.Answers) != 0 || len(p.c.Notes) != 1 || p.c.Current != 1 {
		t.Fatalf("a reply to the welcome: answers %+v, notes %+v, question %d", p.c.Answers, p.c.Notes, p.c.Current)
	}
	// A reply in an unknown thread of the coach's still counts for what
	// was asked last: its reference was not recorded yet.
	p.step(Input{Kind: InputMessage, Thread: "unrecorded", Ours: true, User: "U2", Name: "Ola", Text: answersNB[0]})
	if got := answersTo(p.c, 1, 1); len(got) != 1 || p.c.Current != 2 {
		t.Errorf("answers to 1: %q, question %d", got, p.c.Current)
	}
}

// TestTranscriptNynorskConsole runs the whole reflection in nynorsk, as the
// console does, and keeps it as a golden file to read.
func TestTranscriptNynorskConsole(t *testing.T) {
	p := newPlay(Coach{}, NN)
	p.command("start")
	for i := range QuestionCount {
		if i == 4 {
			p.command("hopp")
			continue
		}
		p.line(fmt.Sprintf("Svar %d.", i+1))
	}
	p.command("svar 5 Planprogrammet.")
	p.step(nudgeByHand(t0))
	p.line("Dei veit når neste møte er.")
	p.command("status")
	p.command("oppsummering")
	for i, q := range questionsNN {
		says(t, p, fmt.Sprintf("< prompt %d/14 [p%d]\n  # %s", i+1, i+1, q.Text))
	}
	says(t, p, "# Veke 48: Kva sat innbyggjarane igjen med?", "  - Veke 48 (23. november 2026, Kari): Dei veit når neste møte er.",
		"  - Éi tilbakemelding om kva innbyggjarane sat igjen med.")
	golden(t, "transcript-nn-console.txt", strings.Join(p.log, "\n")+"\n")
}
