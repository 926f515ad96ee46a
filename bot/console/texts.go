package console

import "github.com/oslo-involve/involve/dialogs"

// consoleTexts are the few things the console says itself, about the
// terminal rather than the case; everything else comes from dialogs.
type consoleTexts struct {
	// NoThreads opens every run: how a plain line is taken here.
	NoThreads string
	// Keys lists the console's own keys, after any help.
	Keys string
	// Unknown answers a ":" line it does not know (%s: the line).
	Unknown string
	// NotCommand answers a "/" line that is not /involve.
	NotCommand string
	// TooLong refuses a line over the limit (%d: the limit in bytes).
	TooLong string
	// Saved says where an export was written (%s: the path).
	Saved string
	// NotSaved says an export could not be written (%s: the path, %v: why).
	NotSaved string
}

var texts = map[dialogs.Lang]consoleTexts{
	dialogs.NB: {
		NoThreads:  "Konsollen har ingen tråder: en vanlig linje svarer på det jeg spurte om sist. Skriv :hjelp for tastene.",
		Keys:       "I konsollen: :1, :2, … trykker knappene i siste melding · :påminn stiller ukespørsmålet nå · :avslutt avslutter (Ctrl-D også).",
		Unknown:    "Den kjenner jeg ikke: «%s». Skriv :hjelp for tastene.",
		NotCommand: "Kommandoer begynner med /involve, for eksempel /involve hjelp.",
		TooLong:    "Linjen er for lang (mer enn %d byte), så jeg har ikke lagret noe av den. Del den opp og prøv igjen.",
		Saved:      "Lagret i %s.",
		NotSaved:   "Kunne ikke lagre %s: %v",
	},
	dialogs.NN: {
		NoThreads:  "Konsollen har ingen trådar: ei vanleg linje svarar på det eg spurde om sist. Skriv :hjelp for tastane.",
		Keys:       "I konsollen: :1, :2, … trykkjer knappane i siste melding · :påminn stiller vekespørsmålet no · :avslutt avsluttar (Ctrl-D òg).",
		Unknown:    "Den kjenner eg ikkje: «%s». Skriv :hjelp for tastane.",
		NotCommand: "Kommandoar byrjar med /involve, til dømes /involve hjelp.",
		TooLong:    "Linja er for lang (meir enn %d byte), så eg har ikkje lagra noko av ho. Del ho opp og prøv igjen.",
		Saved:      "Lagra i %s.",
		NotSaved:   "Kunne ikkje lagre %s: %v",
	},
	dialogs.EN: {
		NoThreads:  "The console has no threads: a plain line answers what I asked last. Type :help for the keys.",
		Keys:       "In the console: :1, :2, … press the buttons of the last message · :nudge asks the weekly question now · :quit ends (so does Ctrl-D).",
		Unknown:    "I don't know that one: \"%s\". Type :help for the keys.",
		NotCommand: "Commands begin with /involve, for example /involve help.",
		TooLong:    "The line is too long (over %d bytes), so I kept none of it. Split it up and try again.",
		Saved:      "Saved in %s.",
		NotSaved:   "Could not save %s: %v",
	},
}

func textsFor(l dialogs.Lang) consoleTexts {
	if t, ok := texts[l]; ok {
		return t
	}
	return texts[dialogs.NB]
}
