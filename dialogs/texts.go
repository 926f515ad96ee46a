package dialogs

// texts holds everything the coach says in one language. Each field is a
// complete message or a fmt pattern; a test checks that both languages fill
// every field and agree on the verbs.
type texts struct {
	WelcomeTitle string
	Welcome      string
	IntroTitle   string
	Intro        string

	Progress    string // %d/%d
	SkipLabel   string
	PauseLabel  string
	StartLabel  string
	ResumeLabel string

	Skipped        string // %d: the question skipped
	NothingToSkip  string
	Paused         string
	AlreadyPaused  string
	NothingToPause string
	Resumed        string
	NotPaused      string
	Closed         string
	AlreadyClosed  string

	Running       string // %d/%d: the open question
	RunningPaused string // %d/%d
	NewRoundAsk   string // %d: the round that would start
	NewRoundLabel string
	CancelLabel   string
	NewRound      string // %d: the round that starts
	NotStarted    string // a plain line before /involve start (console)

	CompletedTitle string
	Completed      string

	StatusTitle     string
	StatusNew       string
	StatusAsking    string // %d/%d
	StatusPaused    string // %d/%d
	StatusCompleted string
	StatusClosed    string
	StatusAnswered  string // %d of %d questions answered
	StatusReports   string // %d outcome reports
	StatusNudges    string
	StatusNudgesOff string
	StatusRound     string // %d

	SummaryTitle     string // %s: the channel
	SummaryNoAnswers string
	IntentionHeading string
	OutcomeHeading   string
	NoOutcomes       string
	Skipped1         string // shown for a question without answers

	ReportUsage         string
	Reported            string
	Nothing             string
	NudgesPaused        string
	NudgesAlreadyPaused string
	NudgesResumed       string

	NudgeTitle       string // %d: week
	Nudge            string
	NudgeNoIntent    string
	NudgeIntent      string
	NudgeTipLead     string
	NudgeQuiet       string // after three silent weeks, said once
	NothingLabel     string
	PauseNudgesLabel string
	CloseLabel       string

	LangSet     string
	LangUnknown string

	ForgetAsk      string
	ForgetYesLabel string
	ForgetNoLabel  string
	Forgotten      string
	ForgetKept     string
	ForgetNothing  string

	HelpTitle   string
	HelpIntro   string
	HelpUnknown string // %s: the unknown subcommand
	HelpLines   []string
	HelpTip     string

	ExportReady string
	ExportEmpty string

	Tips []string

	// The plan document.
	DocUntitled    string   // the title when the case has no name
	DocSubtitle    string   // %s: the day it was written
	DocLongDate    string   // %d day, %s month, %d year
	DocMonths      []string // January to December
	DocIntention   string
	DocNoIntention string
	DocOutcomes    string
	DocNoOutcomes  string
	DocWanted      string // leads the intention, quoted beside the outcome table
	DocQuoted      string // %s: words quoted inline
	DocWeek        string
	DocDate        string
	DocReported    string
	DocBy          string
	DocNothing     string // a week with nothing to report
	DocHowHeading  string
	DocHow         []string // headings for questions 2, 12, 9, 11, 6, 7 (howQuestions)
	DocHowNone     string
	DocAppendix    string
	DocNoAnswer    string
	DocRound       string // %d
	DocNotes       string
}

var textsNB = texts{
	WelcomeTitle: "Hei! Jeg er Involve, en coach for innbyggerinvolvering.",
	Welcome: "Før dere involverer innbyggerne, går vi gjennom 14 korte refleksjonsspørsmål sammen. " +
		"Svar i tråden under hvert spørsmål – flere kan gjerne svare, og det er lov å svare kort. " +
		"Det er ikke farlig å feile.",
	IntroTitle: "Hei! Jeg er Involve.",
	Intro: "Jeg hjelper team å involvere innbyggerne i arbeidet de allerede gjør, med 14 korte refleksjonsspørsmål " +
		"og en ukentlig sjekk av hva innbyggerne satt igjen med. Trykk Start når dere er klare.",

	Progress:    "%d/%d",
	SkipLabel:   "Hopp over",
	PauseLabel:  "Ta en pause",
	StartLabel:  "Start",
	ResumeLabel: "Fortsett",

	Skipped:        "Vi hopper over spørsmål %d. Dere kan fortsatt svare i tråden senere.",
	NothingToSkip:  "Det er ikke noe åpent spørsmål å hoppe over.",
	Paused:         "Greit, vi tar en pause. Skriv /involve resume når dere vil fortsette.",
	AlreadyPaused:  "Vi har allerede pause. Skriv /involve resume for å fortsette.",
	NothingToPause: "Det er ikke noe å sette på pause ennå. Skriv /involve start for å begynne.",
	Resumed:        "Velkommen tilbake! Vi fortsetter der vi slapp.",
	NotPaused:      "Ingenting er satt på pause.",
	Closed:         "Saken er lukket. Takk for innsatsen! Jeg sender ingen flere påminnelser her.",
	AlreadyClosed:  "Saken er allerede lukket. Skriv /involve start hvis dere vil ta en ny runde.",

	Running:       "Vi er allerede i gang: spørsmål %d/%d står åpent. Svar i tråden under det.",
	RunningPaused: "Vi har pause på spørsmål %d/%d. Skriv /involve resume for å fortsette.",
	NewRoundAsk:   "Dere har gått gjennom spørsmålene før. Vil dere ta dem på nytt som runde %d? Svarene fra før blir tatt vare på. Trykk «Ny runde» eller skriv /involve start ny.",
	NewRoundLabel: "Ny runde",
	CancelLabel:   "Avbryt",
	NewRound:      "Runde %d – vi begynner på nytt.",
	NotStarted:    "Vi har ikke begynt ennå. Skriv /involve start, så stiller jeg det første spørsmålet.",

	CompletedTitle: "Ferdig med alle 14 spørsmålene – godt jobbet!",
	Completed: "Her er det dere har tenkt. Hver uke spør jeg hva innbyggerne faktisk satt igjen med, " +
		"så dere kan holde det opp mot det dere ønsket.",

	StatusTitle:     "Status",
	StatusNew:       "Vi har ikke begynt ennå. Skriv /involve start.",
	StatusAsking:    "Spørsmål %d/%d står åpent.",
	StatusPaused:    "Pause på spørsmål %d/%d.",
	StatusCompleted: "Alle spørsmålene er gjennomgått.",
	StatusClosed:    "Saken er lukket.",
	StatusAnswered:  "%d av %d spørsmål har svar.",
	StatusReports:   "%d rapporter om hva innbyggerne satt igjen med.",
	StatusNudges:    "Ukentlig påminnelse er på.",
	StatusNudgesOff: "Ukentlig påminnelse er satt på pause.",
	StatusRound:     "Runde %d.",

	SummaryTitle:     "Oppsummering: %s",
	SummaryNoAnswers: "Ingen svar ennå.",
	IntentionHeading: "Det vi ønsket at de skulle sitte igjen med",
	OutcomeHeading:   "Det innbyggerne satt igjen med",
	NoOutcomes:       "Ingen rapporter ennå.",
	Skipped1:         "(ikke besvart)",

	ReportUsage:         "Skriv hva innbyggerne satt igjen med, for eksempel: /involve report De fikk se skissene og vet når neste møte er.",
	Reported:            "Takk! Notert hva innbyggerne satt igjen med.",
	Nothing:             "Notert: ingenting å melde denne uken. Vi snakkes neste uke.",
	NudgesPaused:        "Jeg setter de ukentlige påminnelsene på pause. Skriv /involve resume når dere vil ha dem igjen.",
	NudgesAlreadyPaused: "Påminnelsene er allerede på pause.",
	NudgesResumed:       "Påminnelsene er på igjen. Jeg spør neste gang det er tid.",

	NudgeTitle:       "Uke %d: Hva satt innbyggerne igjen med?",
	Nudge:            "Svar i tråden – en setning holder. Har dere ikke møtt innbyggere denne uken, trykk «Ingenting denne uken».",
	NudgeNoIntent:    "Dere har ikke skrevet ned hva de skulle sitte igjen med ennå (spørsmål 13).",
	NudgeIntent:      "Dette ønsket dere at de skulle sitte igjen med:",
	NudgeTipLead:     "Tips: ",
	NudgeQuiet:       "Jeg har ikke hørt noe på tre uker, og det er helt greit. Vil dere sette påminnelsene på pause eller lukke saken?",
	NothingLabel:     "Ingenting denne uken",
	PauseNudgesLabel: "Pause påminnelser",
	CloseLabel:       "Lukk saken",

	LangSet:     "Greit, jeg snakker bokmål her fra nå av.",
	LangUnknown: "Jeg kan bokmål og engelsk: skriv /involve lang nb eller /involve lang en.",

	ForgetAsk:      "Dette sletter alt jeg har lagret om saken: svar, rapporter og referanser. Det kan ikke angres. Skriv /involve forget yes eller trykk Slett innen ti minutter.",
	ForgetYesLabel: "Slett",
	ForgetNoLabel:  "Behold",
	Forgotten:      "Alt om saken er slettet.",
	ForgetKept:     "Greit, jeg sletter ingenting.",
	ForgetNothing:  "Skriv /involve forget først, så spør jeg om dere er sikre.",

	HelpTitle:   "Slik bruker dere Involve",
	HelpIntro:   "Skriv /involve og en av disse:",
	HelpUnknown: "Den kjenner jeg ikke: «%s».",
	HelpLines: []string{
		"start – begynn på refleksjonsspørsmålene",
		"status – hvor står vi?",
		"summary – oppsummering: det dere ønsket og det som skjedde",
		"report <tekst> – hva innbyggerne satt igjen med",
		"skip – hopp over spørsmålet som står åpent",
		"pause / resume – ta en pause, eller fortsett",
		"close – lukk saken",
		"export – saken som dokument (Markdown)",
		"lang nb|en – bytt språk",
		"forget – slett alt om saken",
		"help – denne listen",
	},
	HelpTip: "Svar på spørsmålene i tråden under hvert spørsmål.",

	ExportReady: "Her er saken som dokument, klar for medvirkningskapittelet i planbeskrivelsen.",
	ExportEmpty: "Det er ingenting å eksportere ennå.",

	Tips: []string{
		"Hold det lavterskel, både internt og eksternt.",
		"Vi må involvere på deltakernes premisser (tid, sted, omfang, utbytte).",
		"Involvering av innbyggere er en opplevelse, og vi må ha menneskefokuset i sentrum uansett om vi samhandler digitalt eller fysisk.",
		"Innbyggerinvolvering er et lagspill – vi må også levere verdi.",
		"Finn ut hva medvirkningsrommet er i hver enkelt sak.",
		"Det viktigste er at vi prøver, og det er ikke farlig å feile.",
	},

	// The plan document.
	DocUntitled:    "Innbyggerinvolvering",
	DocSubtitle:    "Innbyggerinvolvering · %s",
	DocLongDate:    "%d. %s %d",
	DocMonths:      []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	DocIntention:   "Hva vi ønsket at innbyggerne skulle sitte igjen med",
	DocNoIntention: "Ikke besvart ennå (spørsmål 13).",
	DocOutcomes:    "Hva innbyggerne satt igjen med",
	DocNoOutcomes:  "Ingen rapporter ennå.",
	DocWanted:      "Det vi ønsket:",
	DocQuoted:      "«%s»",
	DocWeek:        "Uke",
	DocDate:        "Dato",
	DocReported:    "Det som ble meldt",
	DocBy:          "Meldt av",
	DocNothing:     "Ingenting å melde denne uken",
	DocHowHeading:  "Hvordan vi involverte",
	DocHow:         []string{"Vår rolle", "Hvor vi møtte innbyggerne", "Tonen vi brukte", "Tiden vi ba om", "Verdi for innbyggerne på kort sikt", "Verdi for innbyggerne på lengre sikt"},
	DocHowNone:     "Ikke besvart ennå.",
	DocAppendix:    "Vedlegg: refleksjonsspørsmålene",
	DocNoAnswer:    "Ikke besvart.",
	DocRound:       "runde %d",
	DocNotes:       "Andre svar til coachen",
}

var textsEN = texts{
	WelcomeTitle: "Hi! I'm Involve, a coach for involving residents.",
	Welcome: "Before you involve residents, let's go through 14 short reflection questions together. " +
		"Answer in the thread under each question. Several of you can answer, and short answers are fine. " +
		"Failing is not dangerous.",
	IntroTitle: "Hi! I'm Involve.",
	Intro: "I help teams involve residents in the work they already do, with 14 short reflection questions " +
		"and a weekly check of what the residents were left with. Press Start when you're ready.",

	Progress:    "%d/%d",
	SkipLabel:   "Skip",
	PauseLabel:  "Pause",
	StartLabel:  "Start",
	ResumeLabel: "Resume",

	Skipped:        "Skipping question %d. You can still answer in its thread later.",
	NothingToSkip:  "There is no open question to skip.",
	Paused:         "Fine, let's take a break. Type /involve resume when you want to go on.",
	AlreadyPaused:  "We're already on a break. Type /involve resume to go on.",
	NothingToPause: "There is nothing to pause yet. Type /involve start to begin.",
	Resumed:        "Welcome back! Let's pick up where we left off.",
	NotPaused:      "Nothing is paused.",
	Closed:         "The case is closed. Thanks for your work! I won't send any more reminders here.",
	AlreadyClosed:  "The case is already closed. Type /involve start if you want another round.",

	Running:       "We're already under way: question %d/%d is open. Answer in its thread.",
	RunningPaused: "We're on a break at question %d/%d. Type /involve resume to go on.",
	NewRoundAsk:   "You've been through the questions before. Do you want to go through them again as round %d? The earlier answers are kept. Press \"New round\" or type /involve start new.",
	NewRoundLabel: "New round",
	CancelLabel:   "Cancel",
	NewRound:      "Round %d – let's start again.",
	NotStarted:    "We haven't started yet. Type /involve start and I'll ask the first question.",

	CompletedTitle: "All 14 questions done – well done!",
	Completed: "Here is what you've thought through. Every week I'll ask what the residents were actually left with, " +
		"so you can hold it up against what you intended.",

	StatusTitle:     "Status",
	StatusNew:       "We haven't started yet. Type /involve start.",
	StatusAsking:    "Question %d/%d is open.",
	StatusPaused:    "Paused at question %d/%d.",
	StatusCompleted: "All the questions have been asked.",
	StatusClosed:    "The case is closed.",
	StatusAnswered:  "%d of %d questions have answers.",
	StatusReports:   "%d reports of what the residents were left with.",
	StatusNudges:    "The weekly reminder is on.",
	StatusNudgesOff: "The weekly reminder is paused.",
	StatusRound:     "Round %d.",

	SummaryTitle:     "Summary: %s",
	SummaryNoAnswers: "No answers yet.",
	IntentionHeading: "What we wanted them to be left with",
	OutcomeHeading:   "What the residents were left with",
	NoOutcomes:       "No reports yet.",
	Skipped1:         "(not answered)",

	ReportUsage:         "Write what the residents were left with, for example: /involve report They saw the sketches and know when the next meeting is.",
	Reported:            "Thanks! Noted what the residents were left with.",
	Nothing:             "Noted: nothing to report this week. Talk to you next week.",
	NudgesPaused:        "I'm pausing the weekly reminders. Type /involve resume when you want them back.",
	NudgesAlreadyPaused: "The reminders are already paused.",
	NudgesResumed:       "The reminders are back on. I'll ask next time it's due.",

	NudgeTitle:       "Week %d: What were the residents left with?",
	Nudge:            "Answer in the thread – one sentence is enough. If you didn't meet any residents this week, press \"Nothing this week\".",
	NudgeNoIntent:    "You haven't written down what they should be left with yet (question 13).",
	NudgeIntent:      "This is what you wanted them to be left with:",
	NudgeTipLead:     "Tip: ",
	NudgeQuiet:       "I haven't heard anything for three weeks, and that's fine. Do you want to pause the reminders or close the case?",
	NothingLabel:     "Nothing this week",
	PauseNudgesLabel: "Pause reminders",
	CloseLabel:       "Close the case",

	LangSet:     "OK, I'll speak English here from now on.",
	LangUnknown: "I speak Norwegian bokmål and English: type /involve lang nb or /involve lang en.",

	ForgetAsk:      "This deletes everything I keep about the case: answers, reports and references. It cannot be undone. Type /involve forget yes or press Delete within ten minutes.",
	ForgetYesLabel: "Delete",
	ForgetNoLabel:  "Keep",
	Forgotten:      "Everything about the case has been deleted.",
	ForgetKept:     "OK, I won't delete anything.",
	ForgetNothing:  "Type /involve forget first, and I'll ask whether you're sure.",

	HelpTitle:   "How to use Involve",
	HelpIntro:   "Type /involve and one of these:",
	HelpUnknown: "I don't know that one: \"%s\".",
	HelpLines: []string{
		"start – begin the reflection questions",
		"status – where do we stand?",
		"summary – what you intended beside what happened",
		"report <text> – what the residents were left with",
		"skip – skip the open question",
		"pause / resume – take a break, or go on",
		"close – close the case",
		"export – the case as a document (Markdown)",
		"lang nb|en – change language",
		"forget – delete everything about the case",
		"help – this list",
	},
	HelpTip: "Answer each question in the thread under it.",

	ExportReady: "Here is the case as a document, ready for the involvement chapter of the plan description.",
	ExportEmpty: "There is nothing to export yet.",

	Tips: []string{
		"Keep it low-threshold, both internally and externally.",
		"Involve on the participants' terms (time, place, scope, benefit).",
		"Involving residents is an experience: keep people at the centre, whether you meet digitally or in person.",
		"Involving residents is a team effort – we must deliver value too.",
		"Find out what the room for participation is in each case.",
		"The most important thing is that we try, and failing is not dangerous.",
	},

	// The plan document.
	DocUntitled:    "Involving residents",
	DocSubtitle:    "Involving residents · %s",
	DocLongDate:    "%d %s %d",
	DocMonths:      []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	DocIntention:   "What we wanted the residents to be left with",
	DocNoIntention: "Not answered yet (question 13).",
	DocOutcomes:    "What the residents were left with",
	DocNoOutcomes:  "No reports yet.",
	DocWanted:      "What we wanted:",
	DocQuoted:      "“%s”",
	DocWeek:        "Week",
	DocDate:        "Date",
	DocReported:    "What was reported",
	DocBy:          "Reported by",
	DocNothing:     "Nothing to report this week",
	DocHowHeading:  "How we involved residents",
	DocHow:         []string{"Our role", "Where we met residents", "The tone we used", "The time we asked for", "Value for residents in the short term", "Value for residents in the longer term"},
	DocHowNone:     "Not answered yet.",
	DocAppendix:    "Appendix: the reflection questions",
	DocNoAnswer:    "Not answered.",
	DocRound:       "round %d",
	DocNotes:       "Other replies to the coach",
}

func textsFor(l Lang) *texts {
	if l == EN {
		return &textsEN
	}
	return &textsNB
}
