package docx

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// created is when the cases of the tests start: a Friday in November 2026.
var created = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// exported is when their documents are written.
var exported = time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC)

// oslo is Oslo's winter time, without the system's zone data.
var oslo = time.FixedZone("CET", 60*60)

// people answer in turn; only the -names document shows them.
var people = []struct{ id, name string }{{"U0KARI", "Kari Nordmann"}, {"U0OLA", "Ola Hansen"}, {"U0FATIMA", "Fatima Ali"}}

// answersNB are a planning team's answers to the 14 questions.
var answersNB = [dialogs.QuestionCount]string{
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

var answersEN = [dialogs.QuestionCount]string{
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

// player runs a case through the coach as a platform would: prompts and
// nudges are posted under references of their own, answers are replies in
// their threads.
type player struct {
	co     dialogs.Coach
	c      *dialogs.Case
	at     time.Time
	refs   int
	prompt string // the newest prompt or nudge
}

func newPlayer(lang dialogs.Lang) *player {
	co := dialogs.Coach{Lang: lang, Location: oslo}
	return &player{co: co, c: co.NewCase("C0SAKGRORUD", "slack", "sak-grorud-sentrum", created), at: created}
}

func (p *player) step(in dialogs.Input) {
	if in.At.IsZero() {
		p.at = p.at.Add(time.Minute)
		in.At = p.at
	} else {
		p.at = in.At
	}
	for _, r := range p.co.Step(p.c, in).Replies {
		if r.Kind == dialogs.ReplyPrompt || r.Kind == dialogs.ReplyNudge {
			p.refs++
			p.prompt = "p" + strconv.Itoa(p.refs)
			p.c.Record(r, p.prompt, in.At)
		}
	}
}

func (p *player) say(who int, text string) {
	p.refs++
	person := people[who%len(people)]
	p.step(dialogs.Input{Kind: dialogs.InputMessage, Thread: p.prompt, Ref: "m" + strconv.Itoa(p.refs),
		User: person.id, Name: person.name, Text: text})
}

// finished plays a whole case: every question answered perAnswer times
// (the first answer is answers[i], the others say so), and reports weekly
// reports after the questions, two each week.
func finished(tb testing.TB, lang dialogs.Lang, answers [dialogs.QuestionCount]string, perQuestion, reports int) *dialogs.Case {
	tb.Helper()
	p := newPlayer(lang)
	p.step(dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: people[0].id, Name: people[0].name})
	for i := range dialogs.QuestionCount {
		q := p.prompt
		p.say(i, answers[i])
		next := p.prompt
		for k := 1; k < perQuestion; k++ {
			p.prompt = q
			p.say(i+k, fmt.Sprintf("Tillegg %d til spørsmål %d.", k, i+1))
		}
		p.prompt = next
		if i+1 < dialogs.QuestionCount && p.c.Current != i+2 {
			tb.Fatalf("after question %d the coach asks %d", i+1, p.c.Current)
		}
	}
	slot := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for n := 0; n < reports; n++ {
		if n%2 == 0 {
			p.step(dialogs.Input{Kind: dialogs.InputNudge, Slot: slot, At: slot})
			slot = slot.AddDate(0, 0, 7)
		}
		p.say(n, fmt.Sprintf("Rapport %d: de fikk se skissene.", n+1))
	}
	if len(p.c.Reports) != reports {
		tb.Fatalf("%d reports, want %d", len(p.c.Reports), reports)
	}
	return p.c
}

// chapter is the document of c as of exported.
func chapter(c *dialogs.Case, names bool) dialogs.Chapter {
	return dialogs.Coach{Location: oslo}.Document(c, exported).Chapter(names)
}
