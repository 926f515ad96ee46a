package residents

import (
	"strconv"
	"strings"
	"time"
)

// Langs are the page's languages: Norwegian bokmål (the default), nynorsk and English.
var Langs = []string{"nb", "nn", "en"}

// DefaultLang is the language of a page that says nothing else.
const DefaultLang = "nb"

// validLang reports whether lang is one of Langs.
func validLang(lang string) bool {
	return lang == "nb" || lang == "nn" || lang == "en"
}

// texts are what the page says, in one language.
type texts struct {
	LangName, LangNav, Skip               string
	LevelHeading                          string
	Levels                                map[Level]string
	PromiseHeading                        string
	Question, QuestionHint                string
	AgeLegend, AgeHint, AgeNone           string
	AgeLabels                             map[Age]string
	Send, PrivacyNote                     string
	UpdatesHeading, NoUpdates             string
	ThanksTitle, ThanksSaved              string
	NextHeading, Next, Back               string
	GoneTitle, Gone                       string
	ErrorPrefix, ErrEmpty, ErrTooLong     string
	ErrAge, ErrToken, ErrStale, ErrTooNew string
	ErrRate, ErrStore                     string
	TooLargeTitle, TooLarge, BadFormTitle string
	BadForm, A11yStatement, Unavailable   string
	months                                [12]string
	longDate                              func(d int, month string, y int) string
	thousands                             string

	// The page under attack (issue 24): cross-site posts, the budgets,
	// the cap on answers per page and answers per form.
	CrossSiteTitle, CrossSite      string
	ErrBusy, ErrFull, ErrTokenUsed string
}

var allTexts = map[string]*texts{"nb": &nb, "nn": &nn, "en": &en}

var nb = texts{
	LangName:     "Bokmål",
	LangNav:      "Språk",
	Skip:         "Gå til spørsmålet",
	LevelHeading: "Hvor mye kan du påvirke?",
	Levels: map[Level]string{
		LevelInform:      "Vi informerer. Beslutningen tas et annet sted, men vi vil at du skal vite hva som skjer – og høre hva du sitter igjen med.",
		LevelConsult:     "Vi spør deg. Vi leser alle svar og tar dem med når vi bestemmer, og her forteller vi hva vi gjorde med dem.",
		LevelInvolve:     "Vi tar deg med. Det du sier, former arbeidet underveis, og her forteller vi hva vi gjorde med det.",
		LevelCollaborate: "Vi jobber sammen. Vi finner løsningene sammen med dere.",
		LevelEmpower:     "Dere bestemmer. Det dere kommer fram til, gjennomfører vi.",
	},
	PromiseHeading: "Vårt løfte til deg",
	Question:       "Hva sitter du igjen med?",
	QuestionHint:   "Skriv med dine egne ord, gjerne kort – høyst 2\u00a0000 tegn. Ikke skriv navn eller annet som viser hvem du er.",
	AgeLegend:      "Alder (frivillig)",
	AgeHint:        "Hjelper oss å se hvem vi har nådd.",
	AgeNone:        "Vil ikke si",
	AgeLabels: map[Age]string{
		AgeUnder13: "Under 13 år", Age13to18: "13–18 år", Age19to66: "19–66 år", Age67Plus: "67 år eller eldre",
	},
	Send:           "Send svaret",
	PrivacyNote:    "Vi lagrer bare det du skriver og aldersgruppen – ikke navn, e-post eller IP-adresse. Siden bruker ingen informasjonskapsler.",
	UpdatesHeading: "Dette har vi gjort med det dere sa",
	NoUpdates:      "Ingenting ennå. Vi skriver her når vi har gjort noe med det dere sa.",
	ThanksTitle:    "Takk for svaret!",
	ThanksSaved:    "Svaret ditt er lagret.",
	NextHeading:    "Hva skjer nå?",
	Next:           "Teamet bak «%s» leser alle svarene. Her på siden forteller de hva de har gjort med det dere sa.",
	Back:           "Tilbake til siden",
	GoneTitle:      "Denne siden tar ikke imot svar",
	Gone:           "Enten er saken ferdig og tar ikke lenger imot svar, eller så er adressen skrevet litt feil. Sjekk adressen, eller spør dem som ga deg lenken. Takk for at du ville svare!",
	ErrorPrefix:    "Feil: ",
	ErrEmpty:       "Skriv noen ord før du sender.",
	ErrTooLong:     "Svaret er %s tegn. Kort det ned til 2\u00a0000 tegn eller færre.",
	ErrAge:         "Velg en av aldersgruppene, eller «Vil ikke si».",
	ErrToken:       "Skjemaet kom ikke helt fram. Teksten din står der fortsatt – trykk «Send svaret» igjen.",
	ErrStale:       "Skjemaet har vært åpent lenge, så vi må be deg sende en gang til. Teksten din står der fortsatt.",
	ErrTooNew:      "Det gikk veldig fort! Se over svaret og trykk «Send svaret» en gang til.",
	ErrRate:        "Vi har fått mange svar fra samme nett akkurat nå. Vent et minutt og trykk «Send svaret» igjen. Teksten din står der fortsatt.",
	ErrStore:       "Vi klarte ikke å lagre svaret akkurat nå. Teksten din står der fortsatt – prøv igjen om litt.",
	TooLargeTitle:  "Svaret er for langt",
	TooLarge:       "Svaret var så langt at vi ikke kunne ta imot det. Gå tilbake, kort det ned til 2\u00a0000 tegn og send igjen.",
	BadFormTitle:   "Noe gikk galt",
	BadForm:        "Skjemaet kom ikke fram slik det skulle. Gå tilbake og prøv igjen.",
	A11yStatement:  "Tilgjengelighetserklæring",
	Unavailable:    "Siden kunne ikke vises akkurat nå. Prøv igjen om litt.",
	months:         [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	longDate:       func(d int, m string, y int) string { return strconv.Itoa(d) + ". " + m + " " + strconv.Itoa(y) },
	thousands:      "\u00a0",

	// The page under attack (issue 24).
	CrossSiteTitle: "Svaret kom fra en annen nettside",
	CrossSite:      "Vi tar bare imot svar som er skrevet på denne siden. Åpne lenken til saken og skriv svaret der – da kommer det fram.",
	ErrBusy:        "Mange svarer akkurat nå. Vent et minutt og trykk «Send svaret» igjen. Teksten din står der fortsatt.",
	ErrFull:        "Denne siden har tatt imot så mange svar som den kan. Spør gjerne dem som gav deg lenken om andre måter å si din mening på.",
	ErrTokenUsed:   "Dette skjemaet har allerede sendt flere svar. Vil du si mer, last inn siden på nytt og skriv i et nytt skjema. Teksten din står der fortsatt.",
}

var nn = texts{
	LangName:     "Nynorsk",
	LangNav:      "Språk",
	Skip:         "Gå til spørsmålet",
	LevelHeading: "Kor mykje kan du påverke?",
	Levels: map[Level]string{
		LevelInform:      "Vi informerer. Avgjerda blir teken ein annan stad, men vi vil at du skal vite kva som skjer – og høyre kva du sit igjen med.",
		LevelConsult:     "Vi spør deg. Vi les alle svar og tek dei med når vi bestemmer, og her fortel vi kva vi gjorde med dei.",
		LevelInvolve:     "Vi tek deg med. Det du seier, formar arbeidet undervegs, og her fortel vi kva vi gjorde med det.",
		LevelCollaborate: "Vi jobbar saman. Vi finn løysingane saman med dykk.",
		LevelEmpower:     "De bestemmer. Det de kjem fram til, gjennomfører vi.",
	},
	PromiseHeading: "Lovnaden vår til deg",
	Question:       "Kva sit du igjen med?",
	QuestionHint:   "Skriv med dine eigne ord, gjerne kort – høgst 2\u00a0000 teikn. Ikkje skriv namn eller anna som viser kven du er.",
	AgeLegend:      "Alder (frivillig)",
	AgeHint:        "Hjelper oss å sjå kven vi har nådd.",
	AgeNone:        "Vil ikkje seie",
	AgeLabels: map[Age]string{
		AgeUnder13: "Under 13 år", Age13to18: "13–18 år", Age19to66: "19–66 år", Age67Plus: "67 år eller eldre",
	},
	Send:           "Send svaret",
	PrivacyNote:    "Vi lagrar berre det du skriv og aldersgruppa – ikkje namn, e-post eller IP-adresse. Sida brukar ingen informasjonskapslar.",
	UpdatesHeading: "Dette har vi gjort med det de sa",
	NoUpdates:      "Ingenting enno. Vi skriv her når vi har gjort noko med det de sa.",
	ThanksTitle:    "Takk for svaret!",
	ThanksSaved:    "Svaret ditt er lagra.",
	NextHeading:    "Kva skjer no?",
	Next:           "Teamet bak «%s» les alle svara. Her på sida fortel dei kva dei har gjort med det de sa.",
	Back:           "Tilbake til sida",
	GoneTitle:      "Denne sida tek ikkje imot svar",
	Gone:           "Anten er saka ferdig og tek ikkje lenger imot svar, eller så er adressa skriven litt feil. Sjekk adressa, eller spør dei som gav deg lenkja. Takk for at du ville svare!",
	ErrorPrefix:    "Feil: ",
	ErrEmpty:       "Skriv nokre ord før du sender.",
	ErrTooLong:     "Svaret er %s teikn. Kort det ned til 2\u00a0000 teikn eller færre.",
	ErrAge:         "Vel ei av aldersgruppene, eller «Vil ikkje seie».",
	ErrToken:       "Skjemaet kom ikkje heilt fram. Teksten din står der framleis – trykk «Send svaret» igjen.",
	ErrStale:       "Skjemaet har vore ope lenge, så vi må be deg sende ein gong til. Teksten din står der framleis.",
	ErrTooNew:      "Det gjekk veldig fort! Sjå over svaret og trykk «Send svaret» ein gong til.",
	ErrRate:        "Vi har fått mange svar frå same nett akkurat no. Vent eit minutt og trykk «Send svaret» igjen. Teksten din står der framleis.",
	ErrStore:       "Vi klarte ikkje å lagre svaret akkurat no. Teksten din står der framleis – prøv igjen om litt.",
	TooLargeTitle:  "Svaret er for langt",
	TooLarge:       "Svaret var så langt at vi ikkje kunne ta imot det. Gå tilbake, kort det ned til 2\u00a0000 teikn og send igjen.",
	BadFormTitle:   "Noko gjekk gale",
	BadForm:        "Skjemaet kom ikkje fram slik det skulle. Gå tilbake og prøv igjen.",
	A11yStatement:  "Tilgjengelegheitserklæring",
	Unavailable:    "Sida kunne ikkje visast akkurat no. Prøv igjen om litt.",
	months:         nb.months,
	longDate:       nb.longDate,
	thousands:      "\u00a0",

	// The page under attack (issue 24).
	CrossSiteTitle: "Svaret kom frå ei anna nettside",
	CrossSite:      "Vi tek berre imot svar som er skrivne på denne sida. Opne lenkja til saka og skriv svaret der – då kjem det fram.",
	ErrBusy:        "Mange svarar akkurat no. Vent eit minutt og trykk «Send svaret» igjen. Teksten din står der framleis.",
	ErrFull:        "Denne sida har teke imot så mange svar som ho kan. Spør gjerne dei som gav deg lenkja om andre måtar å seie meininga di på.",
	ErrTokenUsed:   "Dette skjemaet har alt sendt fleire svar. Vil du seie meir, last inn sida på nytt og skriv i eit nytt skjema. Teksten din står der framleis.",
}

var en = texts{
	LangName:     "English",
	LangNav:      "Language",
	Skip:         "Skip to the question",
	LevelHeading: "How much can you influence?",
	Levels: map[Level]string{
		LevelInform:      "We inform. The decision is made elsewhere, but we want you to know what is happening – and to hear what you are left with.",
		LevelConsult:     "We ask you. We read every answer and weigh it when we decide, and here we tell you what we did with it.",
		LevelInvolve:     "We involve you. What you say shapes the work as it goes, and here we tell you what we did with it.",
		LevelCollaborate: "We work together. We find the solutions with you.",
		LevelEmpower:     "You decide. What you agree on, we carry out.",
	},
	PromiseHeading: "Our promise to you",
	Question:       "What are you left with?",
	QuestionHint:   "In your own words, short is fine – at most 2,000 characters. Please leave out names and anything that shows who you are.",
	AgeLegend:      "Age (optional)",
	AgeHint:        "Helps us see whom we have reached.",
	AgeNone:        "Rather not say",
	AgeLabels: map[Age]string{
		AgeUnder13: "Under 13", Age13to18: "13–18", Age19to66: "19–66", Age67Plus: "67 or older",
	},
	Send:           "Send your answer",
	PrivacyNote:    "We keep only what you write and the age group – no name, e-mail or IP address. This page uses no cookies.",
	UpdatesHeading: "What we did with what you said",
	NoUpdates:      "Nothing yet. We will write here when we have acted on what you said.",
	ThanksTitle:    "Thank you for your answer!",
	ThanksSaved:    "Your answer is saved.",
	NextHeading:    "What happens next?",
	Next:           "The team behind «%s» reads every answer. On this page they tell you what they did with what you said.",
	Back:           "Back to the page",
	GoneTitle:      "This page is not taking answers",
	Gone:           "Either the case is finished and no longer taking answers, or the address is slightly wrong. Check the address, or ask whoever gave you the link. Thank you for wanting to answer!",
	ErrorPrefix:    "Error: ",
	ErrEmpty:       "Write a few words before you send.",
	ErrTooLong:     "Your answer is %s characters. Please shorten it to 2,000 or fewer.",
	ErrAge:         "Choose one of the age groups, or «Rather not say».",
	ErrToken:       "The form did not quite arrive. Your text is still there – press «Send your answer» again.",
	ErrStale:       "The form has been open a long time, so please send it once more. Your text is still there.",
	ErrTooNew:      "That was very quick! Look over your answer and press «Send your answer» once more.",
	ErrRate:        "We have had many answers from the same network just now. Wait a minute and press «Send your answer» again. Your text is still there.",
	ErrStore:       "We could not save your answer just now. Your text is still there – please try again in a little while.",
	TooLargeTitle:  "Your answer is too long",
	TooLarge:       "Your answer was so long that we could not take it. Go back, shorten it to 2,000 characters and send it again.",
	BadFormTitle:   "Something went wrong",
	BadForm:        "The form did not arrive as it should. Go back and try again.",
	A11yStatement:  "Accessibility statement",
	Unavailable:    "The page could not be shown just now. Please try again in a little while.",
	months:         [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	longDate:       func(d int, m string, y int) string { return strconv.Itoa(d) + " " + m + " " + strconv.Itoa(y) },
	thousands:      ",",

	// The page under attack (issue 24).
	CrossSiteTitle: "The answer came from another website",
	CrossSite:      "We only take answers written on this page. Open the link to the case and write your answer there – then it gets through.",
	ErrBusy:        "Many people are answering just now. Wait a minute and press «Send your answer» again. Your text is still there.",
	ErrFull:        "This page has taken as many answers as it can. Do ask the people who gave you the link about other ways to have your say.",
	ErrTokenUsed:   "This form has already sent several answers. To say more, reload the page and write in a new form. Your text is still there.",
}

// LongDate writes t's date in the language's long form: "30. november 2026"
// in Norwegian, "30 November 2026" in English.
func LongDate(lang string, t time.Time) string {
	tx := textsFor(lang)
	return tx.longDate(t.Day(), tx.months[t.Month()-1], t.Year())
}

// number writes n with the language's thousands separator: "2 345", "2,345".
func (tx *texts) number(n int) string {
	s := strconv.Itoa(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(tx.thousands)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func textsFor(lang string) *texts {
	if tx, ok := allTexts[lang]; ok {
		return tx
	}
	return &nb
}
