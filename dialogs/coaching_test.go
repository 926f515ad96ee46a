package dialogs

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Whole dialogues for the coaching of issue 14: the level of influence and
// its promise, the groups the case means to reach, and both in status,
// summary, nudge and document.

// postedRef is the reference the play gave the newest posted message of kind.
func postedRef(t *testing.T, p *play, kind PostedKind) string {
	t.Helper()
	if ref := p.c.lastRef(kind); ref != "" {
		return ref
	}
	t.Fatalf("nothing of kind %s was posted", kind)
	return ""
}

// press presses a button in the thread of ref (Slack's and Teams' way).
func press(p *play, ref, action, value string) Outcome {
	return p.step(Input{Kind: InputAction, Action: action, Value: value, User: "U1", Name: "Kari", Thread: ref, Ref: ref})
}

func TestCoachingNorwegianThreads(t *testing.T) {
	p := newPlay(Coach{AutoStart: true, Location: cet}, NB)
	p.step(Input{Kind: InputJoined, Case: true})
	for q := 1; q <= 3; q++ {
		p.reply(p.last(), "U2", answersNB[q-1])
	}
	level := postedRef(t, p, PostedLevel)
	press(p, level, ActionLevel, "involve")
	if p.c.Level != "involve" || p.c.PromiseOf() != textsNB.LevelPromises[2] {
		t.Fatalf("level %q, promise %q", p.c.Level, p.c.PromiseOf())
	}
	p.reply(level, "U3", "Vi viser hvordan innspillene deres endret forslaget, innen fire uker.")
	if p.c.Promise != "Vi viser hvordan innspillene deres endret forslaget, innen fire uker." {
		t.Fatalf("promise %q", p.c.Promise)
	}
	p.reply(p.last(), "U1", answersNB[3]) // question 4: the groups follow
	groups := postedRef(t, p, PostedGroups)
	press(p, groups, ActionGroup, "children")
	press(p, groups, ActionGroup, "young")
	press(p, groups, ActionGroup, "elderly")
	press(p, groups, ActionGroup, "elderly") // pressed again: off the list
	p.reply(groups, "U2", "Ungdomsrådet")
	if got := len(p.c.Groups); got != 3 || p.c.Groups[2].Name != "Ungdomsrådet" {
		t.Fatalf("groups %+v", p.c.Groups)
	}
	for q := 5; q <= QuestionCount; q++ {
		p.reply(p.last(), "U2", answersNB[q-1])
	}
	if p.c.State != StateCompleted {
		t.Fatalf("state %s", p.c.State)
	}
	p.step(nudgeFor(t0))
	nudge := p.last()
	press(p, nudge, ActionReached, "children")
	press(p, nudge, ActionReached, "children") // twice: one week recorded
	p.reply(nudge, "U1", "Barna tegnet torget de vil ha.")
	p.command("status")
	p.command("grupper")
	p.command("oppsummering")

	says(t, p,
		"< level\n  # "+textsNB.LevelTitle,
		fmt.Sprintf(textsNB.LevelSet, "Involvere", textsNB.LevelPromises[2]),
		fmt.Sprintf(textsNB.PromiseSet, "Vi viser hvordan innspillene deres endret forslaget, innen fire uker."),
		"< groups\n  # "+textsNB.GroupsTitle,
		textsNB.GroupsDuty,
		fmt.Sprintf(textsNB.GroupAdded, "Barn"),
		fmt.Sprintf(textsNB.GroupRemoved, "Eldre"),
		fmt.Sprintf(textsNB.GroupAdded, "Ungdomsrådet"),
		fmt.Sprintf(textsNB.Beside, "Involvere", "Vi viser hvordan innspillene deres endret forslaget, innen fire uker.", answersNB[13]),
		"## "+textsNB.GroupsReachedAsk,
		"[Barn → reached children] [Unge → reached young] [Ungdomsrådet → reached Ungdomsrådet] [Ingenting denne uken → nothing]",
		fmt.Sprintf(textsNB.GroupReached, "barn", 48),
		"  - Nivå: Involvere. Løftet: «Vi viser hvordan innspillene deres endret forslaget, innen fire uker.»",
		"  - Grupper: 1 av 3 planlagte nådd.",
		"  - Barn: planlagt, nådd uke 48",
		"  - Unge: planlagt, ikke nådd ennå",
		"## Løftet til innbyggerne",
	)
	if strings.Contains(strings.Join(p.log, "\n"), textsNB.Apart) {
		t.Errorf("a promise and an answer that agree were called apart")
	}
	if got := count(p, "< text\n  "+fmt.Sprintf(textsNB.GroupReached, "barn", 48)); got != 1 {
		t.Errorf("the week was confirmed %d times in the channel, want once (the second press is private)", got)
	}
	if g := p.c.Groups[0]; !slices.Equal(g.Reached, []string{"2026-W48"}) {
		t.Errorf("children reached %v", g.Reached)
	}

	// The document: level, promise and groups, in the JSON and the chapter.
	doc := p.co.Document(p.c, week(1))
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"level":"involve"`,
		`"promise":"Vi viser hvordan innspillene deres endret forslaget, innen fire uker."`,
		`"groups":[{"group":"Barn","planned":true,"reached":true,"weeks":[48]},{"group":"Unge","planned":true,"reached":false},{"group":"Ungdomsrådet","planned":true,"reached":false}]`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the JSON lacks %s:\n%s", want, b)
		}
	}
	md := doc.Markdown()
	for _, want := range []string{
		"## Løftet til innbyggerne\n\nNivå: Involvere.\n\n> Vi viser hvordan innspillene deres endret forslaget, innen fire uker.\n",
		"## Gruppene vi vil nå\n\n| Gruppe | Planlagt | Nådd |\n| --- | --- | --- |\n| Barn | Ja | Ja, uke 48 |\n| Unge | Ja | Nei |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the chapter lacks %q:\n%s", want, md)
		}
	}
	golden(t, "coaching-nb-threads.txt", strings.Join(p.log, "\n")+"\n")
}

func TestCoachingEnglishConsole(t *testing.T) {
	p := newPlay(Coach{}, EN)
	p.command("start")
	for q := 1; q <= 3; q++ {
		p.line(answersEN[q-1])
	}
	p.command("level empower")
	p.command("groups add children")
	p.command("groups add Parents at the school gate")
	p.command("groups remove Older people") // not on the list
	p.command("groups remove parents at the school gate")
	p.line(answersEN[3])
	for q := 5; q < QuestionCount; q++ {
		p.line(answersEN[q-1])
	}
	p.line("No.") // question 14: nothing more than trust, beside "we will carry out what you decide"
	says(t, p,
		fmt.Sprintf(textsEN.LevelSet, "Empower", textsEN.LevelPromises[4]),
		fmt.Sprintf(textsEN.GroupAdded, "Children"),
		fmt.Sprintf(textsEN.GroupAdded, "Parents at the school gate"),
		fmt.Sprintf(textsEN.GroupNotFound, "Older people"),
		fmt.Sprintf(textsEN.GroupRemoved, "Parents at the school gate"),
		fmt.Sprintf(textsEN.Beside, "Empower", textsEN.LevelPromises[4], "No.")+"\n\n  "+textsEN.Apart,
	)
	if got := count(p, textsEN.Apart); got != 1 {
		t.Errorf("the kind note came %d times, want once", got)
	}
	// The groups offer did not come: the team had its list already.
	if got := count(p, "< groups"); got != 0 {
		t.Errorf("%d group offers, want none (the list was made before question 4)", got)
	}
	golden(t, "coaching-en-console.txt", strings.Join(p.log, "\n")+"\n")
}

func TestCoachingNynorskConsole(t *testing.T) {
	p := newPlay(Coach{}, NN)
	p.command("start")
	for q := 1; q <= 3; q++ {
		p.line(answersNB[q-1])
	}
	p.command("nivå samarbeide Vi tek råda dykkar med så langt det går an.")
	p.line(answersNB[3])
	press(p, "", ActionGroup, "children")
	p.command("grupper legg til Born")
	p.command("status")
	says(t, p,
		"< level\n  # "+textsNN.LevelTitle,
		fmt.Sprintf(textsNN.LevelSetOwn, "Samarbeide", "Vi tek råda dykkar med så langt det går an."),
		"< groups\n  # "+textsNN.GroupsTitle,
		fmt.Sprintf(textsNN.GroupAdded, "Born"),
		fmt.Sprintf(textsNN.GroupAlready, "Born"),
		"  - Nivå: Samarbeide. Lovnaden: «Vi tek råda dykkar med så langt det går an.»",
		"  - Grupper: 0 av 1 planlagde nådd.",
	)
	golden(t, "coaching-nn-console.txt", strings.Join(p.log, "\n")+"\n")
}

// Bad input gets a clear answer and changes nothing.
var coachingBadInput = []stepTest{
	{name: "an unknown level lists the five",
		given: atQ(5), in: cmd("nivå superbra"),
		want: []string{privatef(textsNB.LevelUnknown, "superbra", "Informere, Konsultere, Involvere, Samarbeide, Medbestemme")}, current: 5},
	{name: "an unknown level in English lists the English five",
		given: steps(atQ(5), typed("lang en")), in: cmd("level maximal"),
		want: []string{privatef(textsEN.LevelUnknown, "maximal", "Inform, Consult, Involve, Collaborate, Empower")}, current: 5},
	{name: "an empty promise keeps the level's own and says so",
		given: atQ(5), in: cmd("nivå involvere «  »"),
		want: []string{say(fmt.Sprintf(textsNB.PromiseEmpty, "Involvere", textsNB.LevelPromises[2]))}, current: 5, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Level != "involve" || p.c.Promise != "" {
				t.Errorf("level %q, promise %q", p.c.Level, p.c.Promise)
			}
		}},
	{name: "an empty promise under the offer changes nothing and is kept as a note",
		given: steps(atQ(5), typed("nivå konsultere Vi lytter.")), in: thread("w2", "«»"),
		want: []string{"ack m5", private(fmt.Sprintf(textsNB.PromiseEmpty, "Konsultere", "Vi lytter."))}, current: 5, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Promise != "Vi lytter." || len(p.c.Notes) != 1 {
				t.Errorf("promise %q, notes %+v", p.c.Promise, p.c.Notes)
			}
		}},
	{name: "a promise under the offer before any level is a note",
		given: atQ(5), in: thread("w2", "Vi lover mye."),
		want: []string{"ack m5", private(textsNB.LevelFirst)}, current: 5, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if p.c.Level != "" || p.c.Promise != "" || len(p.c.Notes) != 1 {
				t.Errorf("level %q, promise %q, notes %d", p.c.Level, p.c.Promise, len(p.c.Notes))
			}
		}},
	{name: "removing a group not on the list",
		given: atQ(5), in: cmd("grupper fjern Barn"),
		want: []string{privatef(textsNB.GroupNotFound, "Barn")}, current: 5},
	{name: "groups with an unknown word shows how",
		given: atQ(5), in: cmd("grupper sorter"),
		want: []string{private(textsNB.GroupsUsage)}, current: 5},
	{name: "a reached press for a group not on the list",
		given: completed, in: act(ActionReached, "ghosts"),
		want: []string{privatef(textsNB.GroupNotFound, "ghosts")}, state: StateCompleted, current: QuestionCount},
	{name: "a long reply under the checklist is a note, not a group",
		given: atQ(5), in: thread("w3", strings.Repeat("Vi burde også tenke på de som jobber nattskift, ", 3)),
		want: []string{"ack m5", private(textsNB.GroupsUsage)}, current: 5, changed: true,
		check: func(t *testing.T, p *play, _ Outcome) {
			if len(p.c.Groups) != 0 || len(p.c.Notes) != 1 {
				t.Errorf("groups %+v, notes %d", p.c.Groups, len(p.c.Notes))
			}
		}},
	{name: "a skipped question 3 brings no level offer",
		given: atQ(3), in: cmd("hopp"),
		want: []string{privatef(textsNB.Skipped, 3), prompt(4)}, current: 4, changed: true},
}

func TestCoachingBadInput(t *testing.T) { runSteps(t, coachingBadInput) }

func TestParseLevelEveryLanguage(t *testing.T) {
	for _, l := range Langs {
		for i, name := range textsFor(l).LevelNames {
			if got, ok := ParseLevel(strings.ToUpper(name)); !ok || got != Levels[i] {
				t.Errorf("%s %q: %q, %v", l, name, got, ok)
			}
		}
	}
	for _, w := range []string{"", "medvirke", "inform!"} {
		if _, ok := ParseLevel(w); ok {
			t.Errorf("ParseLevel(%q) is a level", w)
		}
	}
	for _, l := range Langs {
		if n := len(textsFor(l).LevelPromises); n != len(Levels) || len(textsFor(l).LevelMeanings) != len(Levels) {
			t.Errorf("%s: %d promises for %d levels", l, n, len(Levels))
		}
		if n := len(textsFor(l).GroupNames); n != len(GroupKeys) {
			t.Errorf("%s: %d group names for %d groups", l, n, len(GroupKeys))
		}
		if !strings.HasPrefix(textsFor(l).GroupNames[0], "B") && !strings.HasPrefix(textsFor(l).GroupNames[0], "C") {
			t.Errorf("%s: children are not first", l)
		}
	}
}

// TestHelpListsTheCoaching: help shows level and groups in every language,
// under words ParseCommand knows, Norwegian ones in bokmål and nynorsk.
func TestHelpListsTheCoaching(t *testing.T) {
	for _, l := range Langs {
		listed := map[Verb]string{}
		for _, line := range helpLines(textsFor(l)) {
			head, _, _ := strings.Cut(line, " – ")
			for _, w := range strings.Fields(head) {
				if v := ParseCommand(w).Verb; v == VerbLevel || v == VerbGroups {
					listed[v] = w
				}
			}
		}
		for _, v := range []Verb{VerbLevel, VerbGroups} {
			w, ok := listed[v]
			if !ok {
				t.Errorf("%s help does not list %s", l, v)
			}
			if l != EN && (w == "level" || w == "groups") {
				t.Errorf("%s help uses the English word %q", l, w)
			}
		}
		if last := helpLines(textsFor(l)); !strings.HasPrefix(last[len(last)-1], "h") {
			t.Errorf("%s help does not end with help: %q", l, last[len(last)-1])
		}
	}
}
