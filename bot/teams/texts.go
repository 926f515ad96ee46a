package teams

import "github.com/oslo-involve/involve/dialogs"

// adapterTexts are the few words the Teams adapter adds itself; everything
// else the coach says comes from dialogs.
type adapterTexts struct {
	// CardFallback is shown by Teams clients that cannot render a card.
	CardFallback string
	// Part labels one of several messages a long text was split into.
	Part string
}

var texts = map[dialogs.Lang]adapterTexts{
	dialogs.NB: {
		CardFallback: "Denne meldingen kan ikke vises her. Åpne Teams i nettleseren eller på PC for å se den.",
		Part:         "del %d av %d",
	},
	dialogs.NN: {
		CardFallback: "Denne meldinga kan ikkje visast her. Opne Teams i nettlesaren eller på PC for å sjå ho.",
		Part:         "del %d av %d",
	},
	dialogs.EN: {
		CardFallback: "This message can't be shown here. Open Teams in a browser or on a computer to see it.",
		Part:         "part %d of %d",
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
