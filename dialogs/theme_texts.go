package dialogs

// themeTexts are the coach's words about themes, in one language. They are
// a table of their own beside texts, one concept each.
type themeTexts struct {
	Heading      string // the themes' heading
	About        string // what the themes are: the coach's grouping of words, not a judgement
	None         string // nothing to group yet
	Usage        string
	Answers      string // %s: residents' answers' numbers
	Reports      string // %s: the reports' numbers
	FollowUpLine string // %s: the follow-up
	Renamed      string // %d, %s
	Merged       string // %d merged into %d, %s its name
	Split        string // %s the answers, %d the new theme, %s its name
	SplitName    string // %s: the theme split from
	NotInTheme   string // %d: the theme
	NoSuchTheme  string // %d
	FollowedUp   string // %d
	Digest       string // %s: the largest themes' names
}

var themeTextsNB = themeTexts{
	Heading:      "Tema i svarene",
	About:        "Dette er coachens gruppering av ordene i svarene, ikke en vurdering av hva folk mente. Gi temaene egne navn, slå dem sammen eller del dem med /involve tema.",
	None:         "Det er ikke nok svar å gruppere ennå. Temaene kommer når innbyggerne har svart og dere har meldt fra om noen uker.",
	Usage:        "Skriv /involve tema for listen, /involve tema 2 navn Trygg skolevei, /involve tema slå sammen 1 3, /involve tema 2 del 4 9 eller /involve tema 2 oppfølging <hva dere gjorde>.",
	Answers:      "innbyggersvar %s",
	Reports:      "tilbakemelding %s",
	FollowUpLine: "oppfølging: %s",
	Renamed:      "Tema %d heter nå «%s».",
	Merged:       "Tema %d er slått sammen med tema %d, «%s».",
	Split:        "Innbyggersvar %s er nå tema %d, «%s».",
	SplitName:    "%s (del)",
	NotInTheme:   "Ingen av de svarene er i tema %d.",
	NoSuchTheme:  "Det finnes ikke noe tema nummer %d. /involve tema viser listen.",
	FollowedUp:   "Notert hva dere gjorde med tema %d.",
	Digest:       "tema i svarene: %s",
}

var themeTextsNN = themeTexts{
	Heading:      "Tema i svara",
	About:        "Dette er coachen si gruppering av orda i svara, ikkje ei vurdering av kva folk meinte. Gi temaa eigne namn, slå dei saman eller del dei med /involve tema.",
	None:         "Det er ikkje nok svar å gruppere enno. Temaa kjem når innbyggjarane har svara og de har meldt frå nokre veker.",
	Usage:        "Skriv /involve tema for lista, /involve tema 2 namn Trygg skuleveg, /involve tema slå saman 1 3, /involve tema 2 del 4 9 eller /involve tema 2 oppfølging <kva de gjorde>.",
	Answers:      "innbyggjarsvar %s",
	Reports:      "tilbakemelding %s",
	FollowUpLine: "oppfølging: %s",
	Renamed:      "Tema %d heiter no «%s».",
	Merged:       "Tema %d er slått saman med tema %d, «%s».",
	Split:        "Innbyggjarsvar %s er no tema %d, «%s».",
	SplitName:    "%s (del)",
	NotInTheme:   "Ingen av dei svara er i tema %d.",
	NoSuchTheme:  "Det finst ikkje noko tema nummer %d. /involve tema viser lista.",
	FollowedUp:   "Notert kva de gjorde med tema %d.",
	Digest:       "tema i svara: %s",
}

var themeTextsEN = themeTexts{
	Heading:      "Themes in the answers",
	About:        "This is the coach's grouping of the words in the answers, not a judgement of what people meant. Give the themes your own names, merge them or split them with /involve theme.",
	None:         "There are not enough answers to group yet. Themes come once residents have answered and you have reported for a few weeks.",
	Usage:        "Type /involve theme for the list, /involve theme 2 name Safe way to school, /involve theme merge 1 3, /involve theme 2 split 4 9 or /involve theme 2 followup <what you did>.",
	Answers:      "residents' answers %s",
	Reports:      "reports %s",
	FollowUpLine: "follow-up: %s",
	Renamed:      "Theme %d is now called “%s”.",
	Merged:       "Theme %d is merged into theme %d, “%s”.",
	Split:        "Residents' answers %s are now theme %d, “%s”.",
	SplitName:    "%s (part)",
	NotInTheme:   "None of those answers is in theme %d.",
	NoSuchTheme:  "There is no theme number %d. /involve theme shows the list.",
	FollowedUp:   "Noted what you did with theme %d.",
	Digest:       "themes in the answers: %s",
}

func themeTextsFor(l Lang) *themeTexts {
	switch l {
	case NN:
		return &themeTextsNN
	case EN:
		return &themeTextsEN
	}
	return &themeTextsNB
}
