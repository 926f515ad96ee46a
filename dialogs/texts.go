package dialogs

// texts holds everything the coach says in one language. Each field is a
// complete message or a fmt pattern; a test checks that every language
// fills every field and that they agree on the verbs.
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
	StatusReports0  string // no outcome reports
	StatusReports1  string // one outcome report
	StatusReports   string // %d outcome reports (two or more)
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
	NudgesResumed       string   // %s: when the coach asks next (NextAsk, or NextAskDefault)
	NextAsk             string   // %s weekday, %d day, %s month: "mandag 7. desember"
	NextAskDefault      string   // when the schedule is not known
	Weekdays            []string // Sunday to Saturday, as time.Weekday counts
	NothingAlready      string   // "nothing this week" after the week's report
	NothingEntry        string   // the dated entry for a week with nothing to report
	WeekLabel           string   // %d: the ISO week, as a list item begins

	Reminder    string // %d, %s: the open question, quoted, after a quiet week
	NudgeNotYet string // %d/%d: the open question; the weekly question waits for the reflection

	NotedNew       string // a line kept as a note before the questions began
	NotedDone      string // a line kept as a note when nothing is asked
	NotedClosed    string // a line kept as a note in a closed case
	PausedAnswer   string // %d: a line kept as the answer to the paused question
	AnswerUsage    string
	AnswerSaved    string // %d: answer N stored
	AnswerNotAsked string // %d, %d: a question not asked yet, and the open one

	ForgetNotYours string

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
	DocNoIntention string
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

	// Coaching.
	CoachingHelp      []string // help lines for level and groups
	LevelNames        []string // the five levels, in the order of Levels
	LevelMeanings     []string // what each level means, one line
	LevelPromises     []string // the promise to residents at each level, in our own words
	LevelTitle        string
	LevelAsk          string
	LevelLine         string // %s name, %s meaning, %s promise
	LevelOwnWords     string
	LevelChosen       string // %s: the level chosen, leads the promise quoted
	LevelSet          string // %s level, %s promise
	LevelSetOwn       string // %s level, %s the team's own promise
	PromiseEmpty      string // %s level, %s the promise kept: own words that said nothing
	PromiseSet        string // %s: the new promise
	LevelUnknown      string // %s what was typed, %s the five levels
	LevelFirst        string // a reply under the offer before a level was chosen
	LevelStatus       string // %s level, %s promise
	LevelHeading      string
	Beside            string   // %s level, %s promise, %s the answer to question 14
	Apart             string   // said kindly when promise and answer pull apart
	GroupNames        []string // the coach's groups, in the order of GroupKeys
	GroupsTitle       string
	GroupsAsk         string
	GroupsDuty        string // children and young people: plan- og bygningsloven § 5-1
	GroupsHow         string
	GroupsHeading     string
	GroupsNone        string
	GroupLine         string // %s group, %s planned or not, %s reached or not
	GroupPlanned      string
	GroupNotPlanned   string
	GroupNotReached   string
	GroupReachedWeeks string // %s: the weeks
	GroupAdded        string // %s
	GroupRemoved      string // %s
	GroupAlready      string // %s
	GroupNotFound     string // %s
	GroupsFull        string // %d: the most groups a list holds
	GroupsUsage       string
	GroupsReachedAsk  string
	GroupReached      string // %s group, %d week
	GroupsStatus      string // %d reached of %d planned
	DocLevel          string // %s: the level
	DocGroup          string
	DocPlanned        string
	DocReached        string
	DocReachedWeeks   string // %s: the weeks
	DocYes            string
	DocNo             string
	DigestTitle       string // %d: the week
	DigestPart        string // %d of %d: a digest in several messages
	DigestIntro       string
	DigestNone        string
	DigestNew         string
	DigestAsking      string // %d of %d
	DigestPaused      string // %d of %d
	DigestComplete    string
	DigestClosed      string
	DigestNoReports   string
	DigestWeeks0      string
	DigestWeeks1      string
	DigestWeeks       string // %d weeks since the last report
	DigestLevel       string // %s
	DigestNoLevel     string
	DigestGroups      string // %d reached of %d planned
	DigestNoGroups    string
	DigestLatest      string // %s: the latest outcome, one line
	// Residents.
	ResidentsNotConfigured string   // the page is not configured: what to set
	ResidentsTitleTooLong  string   // %d: the most characters a title may have
	ResidentsOpened        string   // %s: the page's title
	ResidentsHow           string   // under the link: print the QR code, what happens to answers
	ResidentsNotOpen       string   // off, with no open page
	ResidentsClosed        string   // the page was closed
	ResidentsDeleteUsage   string   // delete without a number
	ResidentsDeleted       string   // %d: the answer removed
	ResidentsNoSuchAnswer  string   // %d: no answer with that number
	ResidentsDeleteLabel   string   // the button on each posted answer
	ResidentsWeek          string   // %d: the ISO week; a week's thread root
	ResidentsWeekAbout     string   // under the week's root
	ResidentsAnswerLine    string   // %d: the answer's number
	ResidentsAge           string   // %s: the age band
	ResidentsAges          []string // under 13, 13–18, 19–66, 67+
	ResidentsHeading       string   // the residents' own words, in the summary and the document
	ResidentsNone          string   // no answers yet
	StatusResidents        string   // %d answers, %s the link
	StatusResidentsClosed  string   // %d answers
	UpdateNoPage           string
	UpdateUsage            string
	UpdateTooLong          string // %d
	UpdatePublished        string
	UpdateOffer            string // after a report, once
	DocUpdates             string // the heading of the published updates
	DocAge                 string // the age band column
	// The medvirkning chapter: activities, follow-ups, the title (issue 21).
	ChapterHelp         []string // help lines for activities, follow-ups and the title
	MethodNames         []string // the methods, in the order of MethodKeys
	ActivityCount       string   // %d people took part
	ActivityFormTitle   string
	ActivityFormAsk     string
	ActivityMissing     string // the day or the place is missing
	ActivityBadDate     string // %s: the date not understood
	ActivityRecorded    string // %d number, %s the activity in one line
	ActivityDeleted     string // %d
	ActivityNoSuch      string // %d
	ActivityDeleteUsage string
	ActivitiesFull      string // %d
	ActivitiesTitle     string
	ActivitiesNone      string
	ActivitiesHow       string
	ActivityNudge       string // the weekly question's offer to record one
	ActivityNudgeHow    string
	ActivityLabel       string // the button that opens the form
	FormDate            string
	FormDateHint        string
	FormPlace           string
	FormMethod          string
	FormGroups          string
	FormParticipants    string
	FormWhat            string
	FormSubmit          string
	FormOptional        string // said when a console line may be left empty
	ActivitiesStatus    string // %d activities
	FollowupUsage       string
	FollowupNoSuch      string // %s: the input's number as typed
	FollowupSet         string // %s number, %s the follow-up
	FollowupDeleted     string // %s number
	FollowupTooLong     string // %d
	InputsTitle         string
	InputsNone          string
	InputsHow           string
	InputFollowed       string // %s: the follow-up
	InputNotFollowed    string
	InputReport         string // a weekly report, as an input's source
	InputResident       string // a resident's answer, as an input's source
	TitleSet            string // %s
	TitleShow           string // %s
	TitleTooLong        string // %d
	DocActivities       string
	DocActivitiesLead   string
	DocActivitiesNone   string
	DocPlace            string
	DocMethod           string
	DocGroups           string
	DocParticipants     string
	DocChildren         string
	DocChildrenDuty     string
	DocChildrenDone     string
	DocChildrenSaid     string
	DocChildrenNoneDone string
	DocChildrenNoneSaid string
	DocInputs           string
	DocInputsLead       string
	DocInputsNone       string
	DocNumber           string
	DocInput            string
	DocFollowup         string
	DocNotFollowed      string
	DocIntentBeside     string
	DocFullAppendix     string // the heading before the team's own reflection, in a full export
	DocNamesSuffix      string // the names version's file name ends so
	DocFullSuffix       string // the full version's file name ends so

	// Personal chat greeting (lifecycle.go): what the coach is for and
	// how to start in a channel; no Start button.
	PersonalTitle    string
	PersonalGreeting string
}

var textsNB = texts{
	WelcomeTitle: "Hei! Jeg er Involve, en coach for innbyggerinvolvering.",
	Welcome: "Før dere involverer innbyggerne, går vi gjennom 14 korte refleksjonsspørsmål sammen. " +
		"Svar i tråden under hvert spørsmål – flere kan gjerne svare, og korte svar holder. " +
		"Det viktigste er at dere prøver – det er ikke farlig å feile.",
	IntroTitle: "Hei! Jeg er Involve.",
	Intro: "Jeg hjelper team med å involvere innbyggerne i arbeidet de allerede gjør: 14 korte refleksjonsspørsmål " +
		"først, og så spør jeg hver uke hva innbyggerne satt igjen med. Trykk Start når dere er klare.",

	Progress:    "%d/%d",
	SkipLabel:   "Hopp over",
	PauseLabel:  "Ta en pause",
	StartLabel:  "Start",
	ResumeLabel: "Fortsett",

	Skipped:        "Vi hopper over spørsmål %d. Dere kan svare på det senere med /involve svar.",
	NothingToSkip:  "Det er ikke noe spørsmål som venter på svar nå.",
	Paused:         "Greit, vi tar en pause. Skriv /involve fortsett når dere vil gå videre.",
	AlreadyPaused:  "Vi har allerede pause. Skriv /involve fortsett for å gå videre.",
	NothingToPause: "Det er ikke noe å ta pause fra ennå. Skriv /involve start for å begynne.",
	Resumed:        "Velkommen tilbake! Vi fortsetter der vi slapp.",
	NotPaused:      "Det er ingen pause å fortsette fra.",
	Closed:         "Saken er avsluttet. Takk for innsatsen! Jeg sender ikke flere påminnelser her.",
	AlreadyClosed:  "Saken er allerede avsluttet. Skriv /involve start hvis dere vil ta en ny runde.",

	Running:       "Vi er allerede i gang: spørsmål %d av %d venter på svar. Svar i tråden under det.",
	RunningPaused: "Vi har pause ved spørsmål %d av %d. Skriv /involve fortsett for å gå videre.",
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
	StatusAsking:    "Spørsmål %d av %d venter på svar.",
	StatusPaused:    "Pause ved spørsmål %d av %d.",
	StatusCompleted: "Dere har gått gjennom alle spørsmålene.",
	StatusClosed:    "Saken er avsluttet.",
	StatusAnswered:  "%d av %d spørsmål har svar.",
	StatusReports0:  "Ingen tilbakemeldinger ennå om hva innbyggerne satt igjen med.",
	StatusReports1:  "Én tilbakemelding om hva innbyggerne satt igjen med.",
	StatusReports:   "%d tilbakemeldinger om hva innbyggerne satt igjen med.",
	StatusNudges:    "Jeg spør hver uke hva innbyggerne satt igjen med.",
	StatusNudgesOff: "De ukentlige påminnelsene har pause.",
	StatusRound:     "Runde %d.",

	SummaryTitle:     "Oppsummering: %s",
	SummaryNoAnswers: "Ingen svar ennå.",
	IntentionHeading: "Hva vi ønsket at innbyggerne skulle sitte igjen med",
	OutcomeHeading:   "Hva innbyggerne satt igjen med",
	NoOutcomes:       "Ingen tilbakemeldinger ennå.",
	Skipped1:         "(ikke besvart)",

	ReportUsage:         "Skriv hva innbyggerne satt igjen med, for eksempel: /involve rapport De fikk se skissene og vet når neste møte er.",
	Reported:            "Takk! Notert hva innbyggerne satt igjen med.",
	Nothing:             "Notert: ingenting å melde denne uken. Vi snakkes neste uke.",
	NudgesPaused:        "Jeg tar pause fra de ukentlige påminnelsene. Skriv /involve fortsett når dere vil ha dem igjen.",
	NudgesAlreadyPaused: "Påminnelsene har allerede pause.",
	NudgesResumed:       "Påminnelsene er på igjen. Jeg spør igjen %s.",
	NextAsk:             "%s %d. %s",
	NextAskDefault:      "neste mandag",
	Weekdays:            []string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	NothingAlready:      "Dere har allerede fortalt hva innbyggerne satt igjen med denne uken, og det står. Vi snakkes neste uke.",
	NothingEntry:        "Ingenting denne uken",
	WeekLabel:           "Uke %d",

	Reminder:    "Det har vært stille her en stund. Spørsmål %d venter fortsatt på svar: «%s» Svar i tråden når dere har tid, eller skriv /involve hopp.",
	NudgeNotYet: "Ukens spørsmål om hva innbyggerne satt igjen med, kommer når dere er ferdige med refleksjonsspørsmålene. Nå venter spørsmål %d av %d på svar.",

	NotedNew:       "Jeg har tatt vare på det du skrev, som et notat. Vi har ikke begynt ennå: skriv /involve start, så stiller jeg det første spørsmålet.",
	NotedDone:      "Jeg har tatt vare på det du skrev, som et notat. Skal det telle som tilbakemelding om hva innbyggerne satt igjen med, skriv /involve rapport og teksten.",
	NotedClosed:    "Saken er avsluttet, men jeg har tatt vare på det du skrev, som et notat. Skriv /involve start hvis dere vil ta en ny runde.",
	PausedAnswer:   "Lagret som svar på spørsmål %d. Vi har pause – skriv /involve fortsett når dere vil gå videre.",
	AnswerUsage:    "Skriv nummeret på spørsmålet og svaret, for eksempel: /involve svar 3 Reguleringen ligger fast, men utformingen av torget er åpen.",
	AnswerSaved:    "Lagret som svar på spørsmål %d.",
	AnswerNotAsked: "Spørsmål %d er ikke stilt ennå. Nå venter spørsmål %d på svar.",

	ForgetNotYours: "Det var en annen som ba om å slette saken, så bare den personen kan bekrefte. Ingenting er slettet.",

	NudgeTitle:       "Uke %d: Hva satt innbyggerne igjen med?",
	Nudge:            "Svar i tråden – én setning holder. Har dere ikke møtt innbyggere denne uken, trykk «Ingenting denne uken».",
	NudgeNoIntent:    "Dere har ikke skrevet ned hva de skulle sitte igjen med (spørsmål 13). Det kan dere gjøre med /involve svar 13 og teksten.",
	NudgeIntent:      "Dette ønsket dere at de skulle sitte igjen med:",
	NudgeTipLead:     "Tips: ",
	NudgeQuiet:       "Jeg har ikke hørt noe på tre uker, og det er helt greit. Vil dere ta pause fra påminnelsene eller avslutte saken?",
	NothingLabel:     "Ingenting denne uken",
	PauseNudgesLabel: "Pause påminnelser",
	CloseLabel:       "Avslutt saken",

	LangSet:     "Greit, jeg skriver bokmål her fra nå av.",
	LangUnknown: "Jeg kan bokmål, nynorsk og engelsk: skriv /involve språk nb, /involve språk nn eller /involve språk en.",

	ForgetAsk:      "Dette sletter alt jeg har lagret om saken: svar, tilbakemeldinger og notater. Det kan ikke angres. Trykk Slett eller skriv /involve glem ja innen ti minutter.",
	ForgetYesLabel: "Slett",
	ForgetNoLabel:  "Behold",
	Forgotten:      "Alt om saken er slettet.",
	ForgetKept:     "Greit, jeg sletter ingenting.",
	ForgetNothing:  "Skriv /involve glem først, så spør jeg om dere er sikre.",

	HelpTitle:   "Slik bruker dere Involve",
	HelpIntro:   "Skriv /involve og en av disse:",
	HelpUnknown: "Den kjenner jeg ikke: «%s».",
	HelpLines: []string{
		"start – begynn på refleksjonsspørsmålene",
		"status – hvor står vi?",
		"oppsummering – det dere ønsket, ved siden av det som skjedde",
		"rapport <tekst> – hva innbyggerne satt igjen med",
		"svar <nr> <tekst> – svar på et spørsmål, også et dere hoppet over",
		"hopp – hopp over spørsmålet som venter på svar",
		"pause / fortsett – ta en pause, eller gå videre",
		"avslutt – avslutt saken",
		"eksport – saken som kapittel til planbeskrivelsen (Word); eksport navn tar med navn",
		"språk nb|nn|en – bytt språk",
		"innbyggere [tittel] – innbyggersiden med lenke og QR-kode; innbyggere av stenger den",
		"oppdatering <tekst> – fortell innbyggerne hva dere har gjort",
		"glem – slett alt om saken",
		"hjelp – denne listen",
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
	DocSubtitle:    "Medvirkning · %s",
	DocLongDate:    "%d. %s %d",
	DocMonths:      []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	DocNoIntention: "Ikke besvart ennå (spørsmål 13).",
	DocNoOutcomes:  "Ingen tilbakemeldinger ennå.",
	DocWanted:      "Det vi ønsket:",
	DocQuoted:      "«%s»",
	DocWeek:        "Uke",
	DocDate:        "Dato",
	DocReported:    "Det som ble meldt",
	DocBy:          "Meldt av",
	DocNothing:     "Ingenting å melde denne uken",
	DocHowHeading:  "Slik planla vi å involvere innbyggerne",
	DocHow:         []string{"Vår rolle", "Hvor vi møtte innbyggerne", "Tonen vi brukte", "Tiden vi ba om", "Verdi for innbyggerne på kort sikt", "Verdi for innbyggerne på lengre sikt"},
	DocHowNone:     "Ikke besvart ennå.",
	DocAppendix:    "Vedlegg: refleksjonsspørsmålene",
	DocNoAnswer:    "Ikke besvart.",
	DocRound:       "runde %d",
	DocNotes:       "Andre merknader fra teamet",

	// Coaching.
	CoachingHelp: []string{
		"nivå <nivå> [egne ord] – medvirkningsnivået og løftet til innbyggerne",
		"grupper – gruppene dere vil nå; grupper legg til <navn>, grupper fjern <navn>",
	},
	LevelNames: []string{"Informere", "Konsultere", "Involvere", "Samarbeide", "Medbestemme"},
	LevelMeanings: []string{
		"Dere gir innbyggerne god informasjon, så de forstår saken og valgene.",
		"Dere ber om innspill på det dere har laget.",
		"Dere jobber med innbyggerne underveis, så det de er opptatt av, blir forstått og tatt med.",
		"Dere utvikler løsningene sammen med innbyggerne, også alternativene.",
		"Innbyggerne bestemmer, og dere gjennomfører.",
	},
	LevelPromises: []string{
		"Vi holder dere orientert.",
		"Vi lytter, og vi forteller dere hvordan innspillene deres påvirket beslutningen.",
		"Det dere er opptatt av, skal synes i alternativene vi legger fram, og vi forteller hvordan det påvirket beslutningen.",
		"Vi spør dere til råds og tar rådene med i løsningen så langt det lar seg gjøre.",
		"Vi gjennomfører det dere bestemmer.",
	},
	LevelTitle:        "Hvor mye kan innbyggerne påvirke?",
	LevelAsk:          "Dere har svart på hva det er rom for at de påvirker. Velg nivået som passer, så vet dere hva dere lover innbyggerne.",
	LevelLine:         "%s: %s Løftet: «%s»",
	LevelOwnWords:     "Vil dere si løftet med egne ord? Svar i tråden, eller skriv /involve nivå involvere og ordene deres.",
	LevelChosen:       "Dere har valgt %s. Løftet til innbyggerne:",
	LevelSet:          "Nivå: %s. Løftet til innbyggerne: «%s» Vil dere si det med egne ord, svar i tråden under nivåene eller skriv /involve nivå og ordene etter nivået.",
	LevelSetOwn:       "Nivå: %s. Løftet til innbyggerne, med deres egne ord: «%s»",
	PromiseEmpty:      "Jeg fant ingen ord til løftet, så nivået %s beholder sitt eget: «%s»",
	PromiseSet:        "Takk! Løftet til innbyggerne er nå: «%s»",
	LevelUnknown:      "Det nivået kjenner jeg ikke: «%s». Velg ett av disse: %s. For eksempel: /involve nivå involvere",
	LevelFirst:        "Jeg har tatt vare på det du skrev, som et notat. Velg et nivå først (knappene over, eller /involve nivå), så kan løftet sies med egne ord.",
	LevelStatus:       "Nivå: %s. Løftet: «%s»",
	LevelHeading:      "Løftet til innbyggerne",
	Beside:            "Dere valgte %s og lover innbyggerne: «%s» På spørsmål 14 svarte dere: «%s»",
	Apart:             "De to trekker kanskje i hver sin retning. Det kan være verdt en ny titt – enten på løftet eller på hva dere kan tilby.",
	GroupNames:        []string{"Barn", "Unge", "Eldre", "Personer med funksjonsnedsettelse", "Innbyggere med annet morsmål", "De som sjelden bruker digitale kanaler"},
	GroupsTitle:       "Hvem vil dere nå?",
	GroupsAsk:         "Hvilke grupper berører saken, og hvem trenger en egen vei inn? Trykk på gruppene dere vil nå. Egne grupper legger dere til ved å svare i tråden.",
	GroupsDuty:        "Barn og unge først: kommunen har et særlig ansvar for å sikre at de får medvirke (plan- og bygningsloven § 5-1).",
	GroupsHow:         "Trykk igjen for å ta en gruppe av listen. /involve grupper viser listen.",
	GroupsHeading:     "Gruppene vi vil nå",
	GroupsNone:        "Ingen grupper på listen ennå.",
	GroupLine:         "%s: %s, %s",
	GroupPlanned:      "planlagt",
	GroupNotPlanned:   "ikke lenger planlagt",
	GroupNotReached:   "ikke nådd ennå",
	GroupReachedWeeks: "nådd uke %s",
	GroupAdded:        "%s er med på listen.",
	GroupRemoved:      "%s er tatt av listen.",
	GroupAlready:      "%s er allerede på listen.",
	GroupNotFound:     "«%s» er ikke på listen. /involve grupper viser den.",
	GroupsFull:        "Listen har allerede %d grupper. Ta en av listen først med /involve grupper fjern og navnet.",
	GroupsUsage:       "Skriv /involve grupper for listen, /involve grupper legg til Ungdomsrådet eller /involve grupper fjern Eldre.",
	GroupsReachedAsk:  "Hvilke av gruppene nådde dere denne uken? Trykk på dem.",
	GroupReached:      "Notert: dere nådde %s i uke %d.",
	GroupsStatus:      "Grupper: %d av %d planlagte nådd.",
	DocLevel:          "Nivå: %s.",
	DocGroup:          "Gruppe",
	DocPlanned:        "Planlagt",
	DocReached:        "Nådd",
	DocReachedWeeks:   "Ja, uke %s",
	DocYes:            "Ja",
	DocNo:             "Nei",
	DigestTitle:       "Ukeoversikt, uke %d",
	DigestPart:        "del %d av %d",
	DigestIntro:       "Slik står sakene. Til orientering – ingen team får beskjed om denne oversikten.",
	DigestNone:        "Ingen saker er i gang ennå.",
	DigestNew:         "ikke startet",
	DigestAsking:      "spørsmål %d av %d",
	DigestPaused:      "pause ved spørsmål %d av %d",
	DigestComplete:    "refleksjonen er ferdig",
	DigestClosed:      "avsluttet",
	DigestNoReports:   "ingen tilbakemeldinger ennå",
	DigestWeeks0:      "tilbakemelding denne uken",
	DigestWeeks1:      "1 uke siden siste tilbakemelding",
	DigestWeeks:       "%d uker siden siste tilbakemelding",
	DigestLevel:       "nivå: %s",
	DigestNoLevel:     "nivå ikke valgt",
	DigestGroups:      "grupper nådd: %d av %d",
	DigestNoGroups:    "ingen grupper planlagt",
	DigestLatest:      "Sist: %s",
	// Residents.
	ResidentsNotConfigured: "Innbyggersiden er ikke slått på for denne installasjonen. Den som drifter Involve, må sette [residents] enabled = true og http.public_url (en https-adresse) i konfigurasjonen.",
	ResidentsTitleTooLong:  "Tittelen kan være på høyst %d tegn.",
	ResidentsOpened:        "Innbyggersiden for «%s» er åpen",
	ResidentsHow:           "Skriv ut QR-koden til en stand eller et møte. Innbyggerne svarer på ett spørsmål – «Hva sitter du igjen med?» – uten navn. Svarene kommer hit, i én tråd per uke. /involve innbyggere av stenger siden.",
	ResidentsNotOpen:       "Saken har ingen åpen innbyggerside. /involve innbyggere åpner en.",
	ResidentsClosed:        "Innbyggersiden er stengt. Den sier nå at saken ikke tar imot flere svar. /involve innbyggere åpner den igjen.",
	ResidentsDeleteUsage:   "Skriv /involve innbyggere slett <nr>, for eksempel /involve innbyggere slett 3.",
	ResidentsDeleted:       "Innbyggersvar %d er slettet.",
	ResidentsNoSuchAnswer:  "Det finnes ikke noe innbyggersvar nummer %d.",
	ResidentsDeleteLabel:   "Slett svaret",
	ResidentsWeek:          "Innbyggerne svarer – uke %d",
	ResidentsWeekAbout:     "Svar fra innbyggersiden denne uken kommer i tråden under. Ingen navn er med.",
	ResidentsAnswerLine:    "Innbyggersvar %d:",
	ResidentsAge:           "Alder: %s",
	ResidentsAges:          []string{"under 13", "13–18", "19–66", "67+"},
	ResidentsHeading:       "Det innbyggerne sa",
	ResidentsNone:          "Ingen svar fra innbyggersiden ennå.",
	StatusResidents:        "Innbyggersiden er åpen (%d svar): %s",
	StatusResidentsClosed:  "Innbyggersiden er stengt (%d svar).",
	UpdateNoPage:           "Saken har ingen innbyggerside ennå. /involve innbyggere åpner en.",
	UpdateUsage:            "Skriv /involve oppdatering <tekst>: hva dere har gjort med det innbyggerne sa.",
	UpdateTooLong:          "En oppdatering kan være på høyst %d tegn.",
	UpdatePublished:        "Publisert på innbyggersiden.",
	UpdateOffer:            "Vil dere fortelle innbyggerne hva dere har gjort? /involve oppdatering <tekst> publiserer en linje på innbyggersiden.",
	DocUpdates:             "Dette har vi gjort med det innbyggerne sa",
	DocAge:                 "Alder",
	// The medvirkning chapter: activities, follow-ups, the title (issue 21).
	ChapterHelp: []string{
		"aktivitet <dato> <sted>: <hva> – registrer det dere gjorde, for eksempel aktivitet 5.11.2026 Grorud bibliotek: åpent møte, Barn, 40 deltakere",
		"aktiviteter – listen; aktivitet slett <nr> sletter en",
		"oppfølging <nr> <tekst> – hva dere gjorde med et innspill; oppfølging viser innspillene",
		"tittel <tittel> – tittelen på dokumentet",
	},
	MethodNames:         []string{"åpent møte", "stand/stikkprøver i nærmiljøet", "skolebesøk/barnetråkk", "workshop", "digital undersøkelse", "befaring", "annet"},
	ActivityCount:       "%d deltakere",
	ActivityFormTitle:   "Registrer en aktivitet",
	ActivityFormAsk:     "Hva gjorde dere sammen med innbyggerne? Dato og sted trengs, resten fyller dere inn om dere vet det.",
	ActivityMissing:     "Jeg trenger dato og sted. Skriv for eksempel /involve aktivitet 5.11.2026 Grorud bibliotek: åpent møte, Barn, 40 deltakere",
	ActivityBadDate:     "Den datoen forstår jeg ikke: «%s». Skriv den som 5.11.2026, 5.11. eller «5. november».",
	ActivityRecorded:    "Aktivitet %d er registrert: %s",
	ActivityDeleted:     "Aktivitet %d er slettet.",
	ActivityNoSuch:      "Det finnes ingen aktivitet nummer %d. /involve aktiviteter viser listen.",
	ActivityDeleteUsage: "Skriv /involve aktivitet slett <nr>, for eksempel /involve aktivitet slett 2.",
	ActivitiesFull:      "Saken har allerede %d aktiviteter. Slett en først med /involve aktivitet slett <nr>.",
	ActivitiesTitle:     "Aktivitetene",
	ActivitiesNone:      "Ingen aktiviteter er registrert ennå. /involve aktivitet <dato> <sted>: <hva> registrerer en.",
	ActivitiesHow:       "/involve aktivitet slett <nr> sletter en.",
	ActivityNudge:       "Har dere hatt en aktivitet denne uken?",
	ActivityNudgeHow:    "Registrer den med /involve aktivitet <dato> <sted>: <hva>, eller trykk på «Registrer aktivitet».",
	ActivityLabel:       "Registrer aktivitet",
	FormDate:            "Dato",
	FormDateHint:        "for eksempel 5.11.2026",
	FormPlace:           "Sted",
	FormMethod:          "Metode",
	FormGroups:          "Grupper dere nådde",
	FormParticipants:    "Antall deltakere",
	FormWhat:            "Hva dere gjorde, med egne ord",
	FormSubmit:          "Lagre",
	FormOptional:        "(Enter hopper over)",
	ActivitiesStatus:    "Aktiviteter: %d registrert.",
	FollowupUsage:       "Skriv /involve oppfølging <nr> <tekst>, for eksempel /involve oppfølging 3 følges opp i planforslaget: … eller /involve oppfølging 3 tas ikke med fordi …",
	FollowupNoSuch:      "Det finnes ikke noe innspill «%s». /involve oppfølging viser innspillene med nummer.",
	FollowupSet:         "Oppfølgingen av innspill %s er notert: «%s»",
	FollowupDeleted:     "Oppfølgingen av innspill %s er slettet.",
	FollowupTooLong:     "En oppfølging kan være på høyst %d tegn.",
	InputsTitle:         "Innspillene",
	InputsNone:          "Ingen innspill ennå: ukerapportene og innbyggernes svar kommer her.",
	InputsHow:           "/involve oppfølging <nr> <tekst> sier hva dere gjorde med et innspill.",
	InputFollowed:       "oppfølging: %s",
	InputNotFollowed:    "ikke fulgt opp ennå",
	InputReport:         "ukerapport",
	InputResident:       "innbygger",
	TitleSet:            "Dokumentet heter nå «%s».",
	TitleShow:           "Dokumentet heter «%s». /involve tittel <tittel> gir det en annen tittel.",
	TitleTooLong:        "Tittelen kan være på høyst %d tegn.",
	DocActivities:       "Dette gjorde vi",
	DocActivitiesLead:   "Vi gjennomførte disse aktivitetene sammen med innbyggerne:",
	DocActivitiesNone:   "Ingen aktiviteter er registrert.",
	DocPlace:            "Sted",
	DocMethod:           "Metode",
	DocGroups:           "Grupper",
	DocParticipants:     "Deltakere",
	DocChildren:         "Barn og unge",
	DocChildrenDuty:     "Kommunen har et særlig ansvar for å sikre at barn og unge får medvirke (plan- og bygningsloven § 5-1).",
	DocChildrenDone:     "Dette gjorde vi for barn og unge:",
	DocChildrenSaid:     "Dette sa barn og unge:",
	DocChildrenNoneDone: "Ingen aktiviteter for barn og unge er registrert.",
	DocChildrenNoneSaid: "Ingen innspill fra barn og unge er kommet inn.",
	DocInputs:           "Innspill og oppfølging",
	DocInputsLead:       "Ukerapportene og innbyggernes svar, uke for uke, med det vi gjorde med dem.",
	DocInputsNone:       "Ingen innspill er kommet inn ennå.",
	DocNumber:           "Nr.",
	DocInput:            "Innspill",
	DocFollowup:         "Oppfølging",
	DocNotFollowed:      "Ikke fulgt opp ennå.",
	DocIntentBeside:     "Det vi ønsket, og det innbyggerne satt igjen med",
	DocFullAppendix:     "Vedlegg: teamets egen refleksjon",
	DocNamesSuffix:      "-med-navn",
	DocFullSuffix:       "-full",

	// Personal chat greeting.
	PersonalTitle: "Hei! Jeg er Involve.",
	PersonalGreeting: "Jeg hjelper team med å involvere innbyggerne i sakene de jobber med: 14 korte refleksjonsspørsmål, " +
		"og deretter et ukentlig spørsmål: «Hva satt innbyggerne igjen med?»\n\n" +
		"Arbeidet skjer i sakens kanal, ikke her. Skriv @Involve start i en kanal i teamet, " +
		"eller legg meg til i en kanal med et navn som begynner på sak-, så er jeg i gang der.",
}

var textsEN = texts{
	WelcomeTitle: "Hi! I'm Involve, a coach for involving residents.",
	Welcome: "Before you involve residents, let's go through 14 short reflection questions together. " +
		"Answer in the thread under each question. Several of you can answer, and short answers are fine. " +
		"The most important thing is that you try – it's fine to get things wrong.",
	IntroTitle: "Hi! I'm Involve.",
	Intro: "I help teams involve residents in the work they already do: 14 short reflection questions first, " +
		"then every week I ask what the residents were left with. Press Start when you're ready.",

	Progress:    "%d/%d",
	SkipLabel:   "Skip",
	PauseLabel:  "Pause",
	StartLabel:  "Start",
	ResumeLabel: "Resume",

	Skipped:        "Skipping question %d. You can answer it later with /involve answer.",
	NothingToSkip:  "No question is waiting for an answer right now.",
	Paused:         "Fine, let's take a break. Type /involve resume when you want to go on.",
	AlreadyPaused:  "We're already on a break. Type /involve resume to go on.",
	NothingToPause: "There is nothing to pause yet. Type /involve start to begin.",
	Resumed:        "Welcome back! Let's pick up where we left off.",
	NotPaused:      "Nothing is paused.",
	Closed:         "The case is closed. Thanks for your work! I won't send any more reminders here.",
	AlreadyClosed:  "The case is already closed. Type /involve start if you want another round.",

	Running:       "We're already under way: question %d of %d is waiting for an answer. Answer in its thread.",
	RunningPaused: "We're on a break at question %d of %d. Type /involve resume to go on.",
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
	StatusAsking:    "Question %d of %d is waiting for an answer.",
	StatusPaused:    "On a break at question %d of %d.",
	StatusCompleted: "You've been through all the questions.",
	StatusClosed:    "The case is closed.",
	StatusAnswered:  "%d of %d questions have answers.",
	StatusReports0:  "No reports yet of what the residents were left with.",
	StatusReports1:  "One report of what the residents were left with.",
	StatusReports:   "%d reports of what the residents were left with.",
	StatusNudges:    "Every week I ask what the residents were left with.",
	StatusNudgesOff: "The weekly reminders are paused.",
	StatusRound:     "Round %d.",

	SummaryTitle:     "Summary: %s",
	SummaryNoAnswers: "No answers yet.",
	IntentionHeading: "What we wanted the residents to be left with",
	OutcomeHeading:   "What the residents were left with",
	NoOutcomes:       "No reports yet.",
	Skipped1:         "(not answered)",

	ReportUsage:         "Write what the residents were left with, for example: /involve report They saw the sketches and know when the next meeting is.",
	Reported:            "Thanks! Noted what the residents were left with.",
	Nothing:             "Noted: nothing to report this week. Talk to you next week.",
	NudgesPaused:        "I'm pausing the weekly reminders. Type /involve resume when you want them back.",
	NudgesAlreadyPaused: "The reminders are already paused.",
	NudgesResumed:       "The reminders are back on. I'll ask again %s.",
	NextAsk:             "on %s %d %s",
	NextAskDefault:      "next Monday",
	Weekdays:            []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	NothingAlready:      "You've already told me what the residents were left with this week, and that stands. Talk to you next week.",
	NothingEntry:        "Nothing this week",
	WeekLabel:           "Week %d",

	Reminder:    "It's been quiet here for a while. Question %d is still waiting for an answer: \"%s\" Answer in this thread when you have time, or type /involve skip.",
	NudgeNotYet: "The weekly question about what the residents were left with starts once you're through the reflection questions. Question %d of %d is waiting for an answer.",

	NotedNew:       "I've kept what you wrote as a note. We haven't started yet: type /involve start and I'll ask the first question.",
	NotedDone:      "I've kept what you wrote as a note. If it tells what the residents were left with, type /involve report and the text.",
	NotedClosed:    "The case is closed, but I've kept what you wrote as a note. Type /involve start if you want another round.",
	PausedAnswer:   "Saved as the answer to question %d. We're on a break – type /involve resume when you want to go on.",
	AnswerUsage:    "Type the question's number and your answer, for example: /involve answer 3 The zoning is fixed, but the design of the square is open.",
	AnswerSaved:    "Saved as the answer to question %d.",
	AnswerNotAsked: "Question %d hasn't been asked yet. Question %d is waiting for an answer.",

	ForgetNotYours: "Someone else asked to delete the case, so only they can confirm. Nothing has been deleted.",

	NudgeTitle:       "Week %d: What were the residents left with?",
	Nudge:            "Answer in the thread – one sentence is enough. If you didn't meet any residents this week, press \"Nothing this week\".",
	NudgeNoIntent:    "You haven't written down what they should be left with (question 13). You can do it with /involve answer 13 and the text.",
	NudgeIntent:      "This is what you wanted them to be left with:",
	NudgeTipLead:     "Tip: ",
	NudgeQuiet:       "I haven't heard anything for three weeks, and that's fine. Do you want to pause the reminders or close the case?",
	NothingLabel:     "Nothing this week",
	PauseNudgesLabel: "Pause reminders",
	CloseLabel:       "Close the case",

	LangSet:     "OK, I'll write English here from now on.",
	LangUnknown: "I speak Norwegian bokmål, Norwegian nynorsk and English: type /involve lang nb, /involve lang nn or /involve lang en.",

	ForgetAsk:      "This deletes everything I keep about the case: answers, reports and notes. It cannot be undone. Press Delete or type /involve forget yes within ten minutes.",
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
		"summary – what you intended, beside what happened",
		"report <text> – what the residents were left with",
		"answer <no> <text> – answer a question, also one you skipped",
		"skip – skip the question waiting for an answer",
		"pause / resume – take a break, or go on",
		"close – close the case",
		"export – the case as a chapter for the plan description (Word); export names adds names",
		"lang nb|nn|en – change language",
		"residents [title] – the residents' page, with its link and QR code; residents off closes it",
		"update <text> – tell residents what you did",
		"forget – delete everything about the case",
		"help – this list",
	},
	HelpTip: "Answer each question in the thread under it.",

	ExportReady: "Here is the case as a document, ready for the involvement chapter of the plan description.",
	ExportEmpty: "There is nothing to export yet.",

	Tips: []string{
		"Make it easy to take part, both inside the organisation and outside it.",
		"Involve on the participants' terms (time, place, scope, benefit).",
		"Involving residents is an experience: keep people at the centre, whether you meet digitally or in person.",
		"Involving residents is a team effort – we must deliver value too.",
		"Find out what the room for participation is in each case.",
		"The most important thing is that we try – it's fine to get things wrong.",
	},

	// The plan document.
	DocUntitled:    "Involving residents",
	DocSubtitle:    "Involving residents · %s",
	DocLongDate:    "%d %s %d",
	DocMonths:      []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	DocNoIntention: "Not answered yet (question 13).",
	DocNoOutcomes:  "No reports yet.",
	DocWanted:      "What we wanted:",
	DocQuoted:      "“%s”",
	DocWeek:        "Week",
	DocDate:        "Date",
	DocReported:    "What was reported",
	DocBy:          "Reported by",
	DocNothing:     "Nothing to report this week",
	DocHowHeading:  "How we planned to involve residents",
	DocHow:         []string{"Our role", "Where we met residents", "The tone we used", "The time we asked for", "Value for residents in the short term", "Value for residents in the longer term"},
	DocHowNone:     "Not answered yet.",
	DocAppendix:    "Appendix: the reflection questions",
	DocNoAnswer:    "Not answered.",
	DocRound:       "round %d",
	DocNotes:       "Other notes from the team",

	// Coaching.
	CoachingHelp: []string{
		"level <level> [own words] – the level of influence and the promise to residents",
		"groups – the groups you mean to reach; groups add <name>, groups remove <name>",
	},
	LevelNames: []string{"Inform", "Consult", "Involve", "Collaborate", "Empower"},
	LevelMeanings: []string{
		"You give residents good information, so they understand the matter and the choices.",
		"You ask for feedback on what you have made.",
		"You work with residents along the way, so their concerns are understood and taken in.",
		"You develop the solutions with residents, the alternatives too.",
		"Residents decide, and you carry it out.",
	},
	LevelPromises: []string{
		"We will keep you informed.",
		"We will listen, and tell you how your input influenced the decision.",
		"Your concerns will show in the alternatives we put forward, and we will tell you how they influenced the decision.",
		"We will look to you for advice and build it into the solution as far as we can.",
		"We will carry out what you decide.",
	},
	LevelTitle:        "How much can residents influence?",
	LevelAsk:          "You have said what there is room for them to influence. Choose the level that fits, and you know what you promise residents.",
	LevelLine:         "%s: %s The promise: \"%s\"",
	LevelOwnWords:     "Want to put the promise in your own words? Answer in the thread, or type /involve level involve and your words.",
	LevelChosen:       "You chose %s. The promise to residents:",
	LevelSet:          "Level: %s. The promise to residents: \"%s\" To put it in your own words, answer in the thread under the levels or type /involve level and your words after the level.",
	LevelSetOwn:       "Level: %s. The promise to residents, in your own words: \"%s\"",
	PromiseEmpty:      "I found no words for the promise, so the level %s keeps its own: \"%s\"",
	PromiseSet:        "Thanks! The promise to residents is now: \"%s\"",
	LevelUnknown:      "I don't know that level: \"%s\". Choose one of these: %s. For example: /involve level involve",
	LevelFirst:        "I've kept what you wrote as a note. Choose a level first (the buttons above, or /involve level), then the promise can be put in your own words.",
	LevelStatus:       "Level: %s. The promise: \"%s\"",
	LevelHeading:      "The promise to residents",
	Beside:            "You chose %s and promise residents: \"%s\" To question 14 you answered: \"%s\"",
	Apart:             "The two may pull in different directions. It could be worth a second look – at the promise, or at what you can offer.",
	GroupNames:        []string{"Children", "Young people", "Older people", "People with disabilities", "Residents with another first language", "People who rarely use digital channels"},
	GroupsTitle:       "Who do you want to reach?",
	GroupsAsk:         "Which groups does the case affect, and who needs a way in of their own? Press the groups you want to reach. Add groups of your own by answering in the thread.",
	GroupsDuty:        "Children and young people first: the municipality has a special duty to make sure they can take part (Planning and Building Act, section 5-1).",
	GroupsHow:         "Press again to take a group off the list. /involve groups shows the list.",
	GroupsHeading:     "The groups we want to reach",
	GroupsNone:        "No groups on the list yet.",
	GroupLine:         "%s: %s, %s",
	GroupPlanned:      "planned",
	GroupNotPlanned:   "no longer planned",
	GroupNotReached:   "not reached yet",
	GroupReachedWeeks: "reached in week %s",
	GroupAdded:        "%s is on the list.",
	GroupRemoved:      "%s is off the list.",
	GroupAlready:      "%s is already on the list.",
	GroupNotFound:     "\"%s\" is not on the list. /involve groups shows it.",
	GroupsFull:        "The list already has %d groups. Take one off first with /involve groups remove and its name.",
	GroupsUsage:       "Type /involve groups for the list, /involve groups add Youth council or /involve groups remove Older people.",
	GroupsReachedAsk:  "Which of the groups did you reach this week? Press them.",
	GroupReached:      "Noted: you reached %s in week %d.",
	GroupsStatus:      "Groups: %d of %d planned reached.",
	DocLevel:          "Level: %s.",
	DocGroup:          "Group",
	DocPlanned:        "Planned",
	DocReached:        "Reached",
	DocReachedWeeks:   "Yes, week %s",
	DocYes:            "Yes",
	DocNo:             "No",
	DigestTitle:       "Weekly overview, week %d",
	DigestPart:        "part %d of %d",
	DigestIntro:       "Where the cases stand. For your information – no team is told about this overview.",
	DigestNone:        "No cases are under way yet.",
	DigestNew:         "not started",
	DigestAsking:      "question %d of %d",
	DigestPaused:      "paused at question %d of %d",
	DigestComplete:    "reflection complete",
	DigestClosed:      "closed",
	DigestNoReports:   "no reports yet",
	DigestWeeks0:      "reported this week",
	DigestWeeks1:      "1 week since the last report",
	DigestWeeks:       "%d weeks since the last report",
	DigestLevel:       "level: %s",
	DigestNoLevel:     "no level chosen",
	DigestGroups:      "groups reached: %d of %d",
	DigestNoGroups:    "no groups planned",
	DigestLatest:      "Latest: %s",
	// Residents.
	ResidentsNotConfigured: "The residents' page is not turned on for this installation. Whoever runs Involve must set [residents] enabled = true and http.public_url (an https address) in the configuration.",
	ResidentsTitleTooLong:  "The title can be at most %d characters.",
	ResidentsOpened:        "The residents' page for \"%s\" is open",
	ResidentsHow:           "Print the QR code for a stand or a meeting. Residents answer one question – \"What are you left with?\" – without their names. The answers come here, in one thread a week. /involve residents off closes the page.",
	ResidentsNotOpen:       "The case has no open residents' page. /involve residents opens one.",
	ResidentsClosed:        "The residents' page is closed. It now says the case takes no more answers. /involve residents opens it again.",
	ResidentsDeleteUsage:   "Type /involve residents delete <no.>, for example /involve residents delete 3.",
	ResidentsDeleted:       "Residents' answer %d is deleted.",
	ResidentsNoSuchAnswer:  "There is no residents' answer number %d.",
	ResidentsDeleteLabel:   "Delete the answer",
	ResidentsWeek:          "Residents answer – week %d",
	ResidentsWeekAbout:     "Answers from the residents' page this week come in the thread below. No names are included.",
	ResidentsAnswerLine:    "Residents' answer %d:",
	ResidentsAge:           "Age: %s",
	ResidentsAges:          []string{"under 13", "13–18", "19–66", "67+"},
	ResidentsHeading:       "What residents said",
	ResidentsNone:          "No answers from the residents' page yet.",
	StatusResidents:        "The residents' page is open (%d answers): %s",
	StatusResidentsClosed:  "The residents' page is closed (%d answers).",
	UpdateNoPage:           "The case has no residents' page yet. /involve residents opens one.",
	UpdateUsage:            "Type /involve update <text>: what you did with what residents said.",
	UpdateTooLong:          "An update can be at most %d characters.",
	UpdatePublished:        "Published on the residents' page.",
	UpdateOffer:            "Would you like to tell residents what you did? /involve update <text> publishes a line on the residents' page.",
	DocUpdates:             "What we did with what residents said",
	DocAge:                 "Age",
	// The medvirkning chapter: activities, follow-ups, the title (issue 21).
	ChapterHelp: []string{
		"activity <date> <place>: <what> – record what you did, e.g. activity 5.11.2026 Grorud library: open meeting, Children, 40 participants",
		"activities – the list; activity delete <no> removes one",
		"followup <no> <text> – what you did with an input; followup lists the inputs",
		"title <title> – the document's title",
	},
	MethodNames:         []string{"open meeting", "stand/street survey in the neighbourhood", "school visit/children's trail", "workshop", "digital survey", "site visit", "other"},
	ActivityCount:       "%d participants",
	ActivityFormTitle:   "Record an activity",
	ActivityFormAsk:     "What did you do with the residents? The date and the place are needed; fill in the rest if you know it.",
	ActivityMissing:     "I need a date and a place. Write, for example, /involve activity 5.11.2026 Grorud library: open meeting, Children, 40 participants",
	ActivityBadDate:     "I don't understand that date: “%s”. Write it as 5.11.2026, 2026-11-05 or “5 November”.",
	ActivityRecorded:    "Activity %d recorded: %s",
	ActivityDeleted:     "Activity %d deleted.",
	ActivityNoSuch:      "There is no activity number %d. /involve activities shows the list.",
	ActivityDeleteUsage: "Write /involve activity delete <no>, for example /involve activity delete 2.",
	ActivitiesFull:      "The case already has %d activities. Delete one first with /involve activity delete <no>.",
	ActivitiesTitle:     "Activities",
	ActivitiesNone:      "No activities recorded yet. /involve activity <date> <place>: <what> records one.",
	ActivitiesHow:       "/involve activity delete <no> removes one.",
	ActivityNudge:       "Did you hold an activity this week?",
	ActivityNudgeHow:    "Record it with /involve activity <date> <place>: <what>, or press “Record activity”.",
	ActivityLabel:       "Record activity",
	FormDate:            "Date",
	FormDateHint:        "for example 5.11.2026",
	FormPlace:           "Place",
	FormMethod:          "Method",
	FormGroups:          "Groups you reached",
	FormParticipants:    "Number of participants",
	FormWhat:            "What you did, in your own words",
	FormSubmit:          "Save",
	FormOptional:        "(Enter skips)",
	ActivitiesStatus:    "Activities: %d recorded.",
	FollowupUsage:       "Write /involve followup <no> <text>, for example /involve followup 3 taken up in the plan proposal: … or /involve followup 3 not taken up because …",
	FollowupNoSuch:      "There is no input “%s”. /involve followup lists the inputs with their numbers.",
	FollowupSet:         "The follow-up of input %s is noted: “%s”",
	FollowupDeleted:     "The follow-up of input %s is deleted.",
	FollowupTooLong:     "A follow-up can be at most %d characters.",
	InputsTitle:         "Inputs",
	InputsNone:          "No inputs yet: the weekly reports and the residents' answers come here.",
	InputsHow:           "/involve followup <no> <text> says what you did with an input.",
	InputFollowed:       "follow-up: %s",
	InputNotFollowed:    "not followed up yet",
	InputReport:         "weekly report",
	InputResident:       "resident",
	TitleSet:            "The document is now called “%s”.",
	TitleShow:           "The document is called “%s”. /involve title <title> gives it another title.",
	TitleTooLong:        "A title can be at most %d characters.",
	DocActivities:       "What we did",
	DocActivitiesLead:   "We held these activities with residents:",
	DocActivitiesNone:   "No activities were recorded.",
	DocPlace:            "Place",
	DocMethod:           "Method",
	DocGroups:           "Groups",
	DocParticipants:     "Participants",
	DocChildren:         "Children and young people",
	DocChildrenDuty:     "The municipality has a special duty to make sure that children and young people take part (Planning and Building Act § 5-1).",
	DocChildrenDone:     "What we did for children and young people:",
	DocChildrenSaid:     "What children and young people said:",
	DocChildrenNoneDone: "No activities for children and young people were recorded.",
	DocChildrenNoneSaid: "No input from children and young people came in.",
	DocInputs:           "Input and follow-up",
	DocInputsLead:       "The weekly reports and the residents' answers, week by week, with what we did with them.",
	DocInputsNone:       "No input has come in yet.",
	DocNumber:           "No.",
	DocInput:            "Input",
	DocFollowup:         "Follow-up",
	DocNotFollowed:      "Not followed up yet.",
	DocIntentBeside:     "What we wanted, and what the residents were left with",
	DocFullAppendix:     "Appendix: the team's own reflection",
	DocNamesSuffix:      "-with-names",
	DocFullSuffix:       "-full",

	// Personal chat greeting.
	PersonalTitle: "Hi! I'm Involve.",
	PersonalGreeting: "I help teams involve residents in the cases they work on: 14 short reflection questions, " +
		"then one weekly question: «What were the residents left with?»\n\n" +
		"The work happens in the case's channel, not here. Type @Involve start in a channel of the team, " +
		"or add me to a channel whose name starts with sak-, and I'll get going there.",
}

// textsFor returns the texts of l, bokmål for a language the coach does
// not speak.
func textsFor(l Lang) *texts {
	switch l {
	case EN:
		return &textsEN
	case NN:
		return &textsNN
	}
	return &textsNB
}
