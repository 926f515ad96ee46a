package dialogs

// textsNN is what the coach says in nynorsk.
var textsNN = texts{
	WelcomeTitle: "Hei! Eg er Involve, ein coach for innbyggjarinvolvering.",
	Welcome: "Før de involverer innbyggjarane, går vi gjennom 14 korte refleksjonsspørsmål saman. " +
		"Svar i tråden under kvart spørsmål – fleire kan gjerne svare, og korte svar held. " +
		"Det viktigaste er at de prøver – det er ikkje farleg å feile.",
	IntroTitle: "Hei! Eg er Involve.",
	Intro: "Eg hjelper team med å involvere innbyggjarane i arbeidet dei allereie gjer: 14 korte refleksjonsspørsmål " +
		"først, og så spør eg kvar veke kva innbyggjarane sat igjen med. Trykk Start når de er klare.",

	Progress:    "%d/%d",
	SkipLabel:   "Hopp over",
	PauseLabel:  "Ta ein pause",
	StartLabel:  "Start",
	ResumeLabel: "Hald fram",

	Skipped:        "Vi hoppar over spørsmål %d. De kan svare på det seinare med /involve svar.",
	NothingToSkip:  "Det er ikkje noko spørsmål som ventar på svar no.",
	Paused:         "Greitt, vi tek ein pause. Skriv /involve fortset når de vil gå vidare.",
	AlreadyPaused:  "Vi har allereie pause. Skriv /involve fortset for å gå vidare.",
	NothingToPause: "Det er ikkje noko å ta pause frå enno. Skriv /involve start for å byrje.",
	Resumed:        "Velkomne tilbake! Vi held fram der vi slapp.",
	NotPaused:      "Det er ingen pause å halde fram frå.",
	Closed:         "Saka er avslutta. Takk for innsatsen! Eg sender ikkje fleire påminningar her.",
	AlreadyClosed:  "Saka er allereie avslutta. Skriv /involve start om de vil ta ein ny runde.",

	Running:       "Vi er alt i gang: spørsmål %d av %d ventar på svar. Svar i tråden under det.",
	RunningPaused: "Vi har pause ved spørsmål %d av %d. Skriv /involve fortset for å gå vidare.",
	NewRoundAsk:   "De har gått gjennom spørsmåla før. Vil de ta dei på nytt som runde %d? Svara frå før blir tekne vare på. Trykk «Ny runde» eller skriv /involve start ny.",
	NewRoundLabel: "Ny runde",
	CancelLabel:   "Avbryt",
	NewRound:      "Runde %d – vi byrjar på nytt.",
	NotStarted:    "Vi har ikkje byrja enno. Skriv /involve start, så stiller eg det første spørsmålet.",

	CompletedTitle: "Ferdig med alle dei 14 spørsmåla – godt jobba!",
	Completed: "Her er det de har tenkt. Kvar veke spør eg kva innbyggjarane faktisk sat igjen med, " +
		"så de kan halde det opp mot det de ønskte.",

	StatusTitle:     "Status",
	StatusNew:       "Vi har ikkje byrja enno. Skriv /involve start.",
	StatusAsking:    "Spørsmål %d av %d ventar på svar.",
	StatusPaused:    "Pause ved spørsmål %d av %d.",
	StatusCompleted: "De har gått gjennom alle spørsmåla.",
	StatusClosed:    "Saka er avslutta.",
	StatusAnswered:  "%d av %d spørsmål har svar.",
	StatusReports0:  "Ingen tilbakemeldingar enno om kva innbyggjarane sat igjen med.",
	StatusReports1:  "Éi tilbakemelding om kva innbyggjarane sat igjen med.",
	StatusReports:   "%d tilbakemeldingar om kva innbyggjarane sat igjen med.",
	StatusNudges:    "Eg spør kvar veke kva innbyggjarane sat igjen med.",
	StatusNudgesOff: "Dei vekentlege påminningane har pause.",
	StatusRound:     "Runde %d.",

	SummaryTitle:     "Oppsummering: %s",
	SummaryNoAnswers: "Ingen svar enno.",
	IntentionHeading: "Det vi ønskte at innbyggjarane skulle sitje igjen med",
	OutcomeHeading:   "Det innbyggjarane sat igjen med",
	NoOutcomes:       "Ingen tilbakemeldingar enno.",
	Skipped1:         "(ikkje svart på)",

	ReportUsage:         "Skriv kva innbyggjarane sat igjen med, til dømes: /involve rapport Dei fekk sjå skissene og veit når neste møte er.",
	Reported:            "Takk! Notert kva innbyggjarane sat igjen med.",
	Nothing:             "Notert: ingenting å melde denne veka. Vi snakkast neste veke.",
	NudgesPaused:        "Eg tek pause frå dei vekentlege påminningane. Skriv /involve fortset når de vil ha dei att.",
	NudgesAlreadyPaused: "Påminningane har allereie pause.",
	NudgesResumed:       "Påminningane er på att. Eg spør igjen neste måndag.",
	NothingAlready:      "De har alt fortalt kva innbyggjarane sat igjen med denne veka, og det står. Vi snakkast neste veke.",
	NothingEntry:        "Ingenting denne veka",
	WeekLabel:           "Veke %d",

	Reminder:    "Det har vore stille her ei stund. Spørsmål %d ventar framleis på svar: «%s» Svar i tråden når de har tid, eller skriv /involve hopp.",
	NudgeNotYet: "Spørsmålet om kva innbyggjarane sat igjen med, kjem kvar veke når de er ferdige med refleksjonsspørsmåla. No ventar spørsmål %d av %d på svar.",

	NotedNew:       "Eg har teke vare på det du skreiv, som eit notat. Vi har ikkje byrja enno: skriv /involve start, så stiller eg det første spørsmålet.",
	NotedDone:      "Eg har teke vare på det du skreiv, som eit notat. Skal det telje som tilbakemelding om kva innbyggjarane sat igjen med, skriv /involve rapport og teksten.",
	NotedClosed:    "Saka er avslutta, men eg har teke vare på det du skreiv, som eit notat. Skriv /involve start om de vil ta ein ny runde.",
	PausedAnswer:   "Lagra som svar på spørsmål %d. Vi har pause – skriv /involve fortset når de vil gå vidare.",
	AnswerUsage:    "Skriv nummeret på spørsmålet og svaret, til dømes: /involve svar 3 Reguleringa ligg fast, men utforminga av torget er open.",
	AnswerSaved:    "Lagra som svar på spørsmål %d.",
	AnswerNotAsked: "Spørsmål %d er ikkje stilt enno. No ventar spørsmål %d på svar.",

	ForgetNotYours: "Det var ein annan som bad om å slette saka, så berre den personen kan stadfeste. Ingenting er sletta.",

	NudgeTitle:       "Veke %d: Kva sat innbyggjarane igjen med?",
	Nudge:            "Svar i tråden – éi setning held. Har de ikkje møtt innbyggjarar denne veka, trykk «Ingenting denne veka».",
	NudgeNoIntent:    "De har ikkje skrive ned kva dei skulle sitje igjen med (spørsmål 13). Det kan de gjere med /involve svar 13 og teksten.",
	NudgeIntent:      "Dette ønskte de at dei skulle sitje igjen med:",
	NudgeTipLead:     "Tips: ",
	NudgeQuiet:       "Eg har ikkje høyrt noko på tre veker, og det er heilt greitt. Vil de ta pause frå påminningane eller avslutte saka?",
	NothingLabel:     "Ingenting denne veka",
	PauseNudgesLabel: "Pause påminningar",
	CloseLabel:       "Avslutt saka",

	LangSet:     "Greitt, eg skriv nynorsk her frå no av.",
	LangUnknown: "Eg kan bokmål, nynorsk og engelsk: skriv /involve språk nb, /involve språk nn eller /involve språk en.",

	ForgetAsk:      "Dette slettar alt eg har lagra om saka: svar, tilbakemeldingar og notat. Det kan ikkje angrast. Trykk Slett eller skriv /involve gløym ja innan ti minutt.",
	ForgetYesLabel: "Slett",
	ForgetNoLabel:  "Behald",
	Forgotten:      "Alt om saka er sletta.",
	ForgetKept:     "Greitt, eg slettar ingenting.",
	ForgetNothing:  "Skriv /involve gløym først, så spør eg om de er sikre.",

	HelpTitle:   "Slik brukar de Involve",
	HelpIntro:   "Skriv /involve og ein av desse:",
	HelpUnknown: "Den kjenner eg ikkje: «%s».",
	HelpLines: []string{
		"start – byrj på refleksjonsspørsmåla",
		"status – kvar står vi?",
		"oppsummering – det de ønskte, ved sida av det som skjedde",
		"rapport <tekst> – kva innbyggjarane sat igjen med",
		"svar <nr> <tekst> – svar på eit spørsmål, også eitt de hoppa over",
		"hopp – hopp over spørsmålet som ventar på svar",
		"pause / fortset – ta ein pause, eller gå vidare",
		"avslutt – avslutt saka",
		"eksport – saka som dokument (Markdown)",
		"språk nb|nn|en – byt språk",
		"gløym – slett alt om saka",
		"hjelp – denne lista",
	},
	HelpTip: "Svar på spørsmåla i tråden under kvart spørsmål.",

	ExportReady: "Her er saka som dokument, klar for medverknadskapittelet i planomtalen.",
	ExportEmpty: "Det er ingenting å eksportere enno.",

	Tips: []string{
		"Hald det lågterskel, både internt og eksternt.",
		"Vi må involvere på premissane til deltakarane (tid, stad, omfang, utbyte).",
		"Involvering av innbyggjarar er ei oppleving, og vi må ha menneska i sentrum anten vi samhandlar digitalt eller fysisk.",
		"Innbyggjarinvolvering er eit lagspel – vi må også levere verdi.",
		"Finn ut kva medverknadsrommet er i kvar enkelt sak.",
		"Det viktigaste er at vi prøver, og det er ikkje farleg å feile.",
	},

	// The plan document. (Its nynorsk texts belong here once the
	// document's texts are fields of this struct.)
}
