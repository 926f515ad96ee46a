package teams

import "github.com/oslo-involve/involve/dialogs"

// adapterTexts are the few words the Teams adapter adds itself; everything
// else the coach says comes from dialogs.
type adapterTexts struct {
	// CardFallback is shown by Teams clients that cannot render a card.
	CardFallback string
	// Part labels one of several messages a long text was split into.
	Part string
	// FileSent heads an export in the channel when its Word file was
	// offered in the asker's personal chat.
	FileSent string
	// FileDescription describes the Word file on its consent card (%s: the
	// case's name).
	FileDescription string
	// FileDeclined answers a declined file in the personal chat.
	FileDeclined string
	// FileFailed says the Word file could not be put in the person's
	// OneDrive.
	FileFailed string
}

var texts = map[dialogs.Lang]adapterTexts{
	dialogs.NB: {
		CardFallback:    "Denne meldingen kan ikke vises her. Åpne Teams i nettleseren eller på PC for å se den.",
		Part:            "del %d av %d",
		FileSent:        "Word-dokumentet er sendt til deg i en personlig chat med Involve. Godta det der, så havner det i OneDrive.",
		FileDescription: "Medvirkningskapittelet for %s, som Word-dokument.",
		FileDeclined:    "Greit, da sender jeg ikke filen. Dokumentet står som tekst i tråden i kanalen.",
		FileFailed:      "Jeg fikk ikke lagt Word-dokumentet i OneDrive. Dokumentet står som tekst i tråden i kanalen; prøv eksport igjen senere.",
	},
	dialogs.NN: {
		CardFallback:    "Denne meldinga kan ikkje visast her. Opne Teams i nettlesaren eller på PC for å sjå ho.",
		Part:            "del %d av %d",
		FileSent:        "Word-dokumentet er sendt til deg i ein personleg chat med Involve. Godta det der, så hamnar det i OneDrive.",
		FileDescription: "Medverknadskapittelet for %s, som Word-dokument.",
		FileDeclined:    "Greitt, då sender eg ikkje fila. Dokumentet står som tekst i tråden i kanalen.",
		FileFailed:      "Eg fekk ikkje lagt Word-dokumentet i OneDrive. Dokumentet står som tekst i tråden i kanalen; prøv eksport igjen seinare.",
	},
	dialogs.EN: {
		CardFallback:    "This message can't be shown here. Open Teams in a browser or on a computer to see it.",
		Part:            "part %d of %d",
		FileSent:        "The Word document was sent to you in a personal chat with Involve. Accept it there and it goes to your OneDrive.",
		FileDescription: "The involvement chapter for %s, as a Word document.",
		FileDeclined:    "All right, no file then. The document is in the channel thread as text.",
		FileFailed:      "I couldn't put the Word document in your OneDrive. The document is in the channel thread as text; try export again later.",
	},
}

// textsFor returns the adapter's texts in lang, Norwegian by default.
func textsFor(lang dialogs.Lang) adapterTexts {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts[dialogs.NB]
}

// locale is the activity locale for a language.
func locale(lang dialogs.Lang) string {
	switch lang {
	case dialogs.EN:
		return "en-US"
	case dialogs.NN:
		return "nn-NO"
	}
	return "nb-NO"
}
