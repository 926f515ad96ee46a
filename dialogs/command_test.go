package dialogs

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// parseTests is the specification of ParseCommand: what a team member
// types after /involve (or after an @mention), and what the coach hears.
var parseTests = []struct {
	in   string
	want Command
}{
	// Nothing, or only the command's own name, asks for help.
	{"", Command{Verb: VerbHelp}},
	{"   \t\n", Command{Verb: VerbHelp}},
	{"/involve", Command{Verb: VerbHelp}},
	{"involve", Command{Verb: VerbHelp}},
	{"  /involve  ", Command{Verb: VerbHelp}},

	// Every subcommand of the README's command table, by its English name.
	{"start", Command{Verb: VerbStart, Word: "start"}},
	{"status", Command{Verb: VerbStatus, Word: "status"}},
	{"summary", Command{Verb: VerbSummary, Word: "summary"}},
	{"report De fikk svar", Command{Verb: VerbReport, Word: "report", Args: "De fikk svar"}},
	{"skip", Command{Verb: VerbSkip, Word: "skip"}},
	{"pause", Command{Verb: VerbPause, Word: "pause"}},
	{"resume", Command{Verb: VerbResume, Word: "resume"}},
	{"close", Command{Verb: VerbClose, Word: "close"}},
	{"export", Command{Verb: VerbExport, Word: "export"}},
	{"lang en", Command{Verb: VerbLang, Word: "lang", Args: "en"}},
	{"forget", Command{Verb: VerbForget, Word: "forget"}},
	{"forget yes", Command{Verb: VerbForget, Word: "forget", Args: "yes"}},
	{"help", Command{Verb: VerbHelp, Word: "help"}},

	// The Norwegian words people think of first.
	{"hjelp", Command{Verb: VerbHelp, Word: "hjelp"}},
	{"?", Command{Verb: VerbHelp, Word: "?"}},
	{"begynn", Command{Verb: VerbStart, Word: "begynn"}},
	{"oppsummering", Command{Verb: VerbSummary, Word: "oppsummering"}},
	{"oppsummer", Command{Verb: VerbSummary, Word: "oppsummer"}},
	{"rapport Stor oppmøte", Command{Verb: VerbReport, Word: "rapport", Args: "Stor oppmøte"}},
	{"rapporter De så skissene", Command{Verb: VerbReport, Word: "rapporter", Args: "De så skissene"}},
	{"hopp over", Command{Verb: VerbSkip, Word: "hopp", Args: "over"}},
	{"neste", Command{Verb: VerbSkip, Word: "neste"}},
	{"fortsett", Command{Verb: VerbResume, Word: "fortsett"}},
	{"lukk", Command{Verb: VerbClose, Word: "lukk"}},
	{"avslutt", Command{Verb: VerbClose, Word: "avslutt"}},
	{"eksport", Command{Verb: VerbExport, Word: "eksport"}},
	{"eksporter", Command{Verb: VerbExport, Word: "eksporter"}},
	{"språk nb", Command{Verb: VerbLang, Word: "språk", Args: "nb"}},
	{"sprak en", Command{Verb: VerbLang, Word: "sprak", Args: "en"}},
	{"language en", Command{Verb: VerbLang, Word: "language", Args: "en"}},
	{"glem", Command{Verb: VerbForget, Word: "glem"}},
	// "slett" is not forget: "/involve slett 3" is a guess at "innbyggere slett 3", and
	// must never offer to delete the whole case.
	{"slett 3", Command{Verb: VerbUnknown, Word: "slett", Args: "3"}},
	{"start ny", Command{Verb: VerbStart, Word: "start", Args: "ny"}},

	// A leading "/involve" or "involve" is tolerated, once.
	{"/involve start", Command{Verb: VerbStart, Word: "start"}},
	{"involve status", Command{Verb: VerbStatus, Word: "status"}},
	{"/involve /involve start", Command{Verb: VerbUnknown, Word: "/involve", Args: "start"}},
	{"/involve\u00a0start", Command{Verb: VerbStart, Word: "start"}},   // a no-break space after the name
	{"involve\u3000status", Command{Verb: VerbStatus, Word: "status"}}, // an ideographic space
	{"involvement", Command{Verb: VerbUnknown, Word: "involvement"}},
	{"/involvestart", Command{Verb: VerbUnknown, Word: "/involvestart"}},

	// The arguments keep their inner spacing and case; only their ends are trimmed.
	{"involve  report  De fikk   svar", Command{Verb: VerbReport, Word: "report", Args: "De fikk   svar"}},
	{"report \tDe fikk svar\n", Command{Verb: VerbReport, Word: "report", Args: "De fikk svar"}},
	{"report Linje én\nLinje to", Command{Verb: VerbReport, Word: "report", Args: "Linje én\nLinje to"}},
	{"report", Command{Verb: VerbReport, Word: "report"}},

	// Case does not matter for the words, and is kept in the arguments.
	{"START", Command{Verb: VerbStart, Word: "start"}},
	{"/INVOLVE Status", Command{Verb: VerbStatus, Word: "status"}},
	{"Involve SPRÅK EN", Command{Verb: VerbLang, Word: "språk", Args: "EN"}},
	{"Rapport NAV-kontoret", Command{Verb: VerbReport, Word: "rapport", Args: "NAV-kontoret"}},
	{"\t start \n", Command{Verb: VerbStart, Word: "start"}},

	// Anything else is unknown, and the word is echoed lower-cased.
	{"dans", Command{Verb: VerbUnknown, Word: "dans"}},
	{"Dans nå", Command{Verb: VerbUnknown, Word: "dans", Args: "nå"}},
	{"@channel", Command{Verb: VerbUnknown, Word: "@channel"}},
	{strings.Repeat("x", 40), Command{Verb: VerbUnknown, Word: strings.Repeat("x", 40)}},
	{strings.Repeat("x", 41), Command{Verb: VerbUnknown, Word: strings.Repeat("x", 40) + "…"}},
	{strings.Repeat("Æ", 500) + " rest", Command{Verb: VerbUnknown, Word: strings.Repeat("æ", 40) + "…", Args: "rest"}},

	// Invalid UTF-8 is dropped, not echoed.
	{"st\xffart", Command{Verb: VerbStart, Word: "start"}},
	{"\xff\xfe", Command{Verb: VerbHelp}},
	{"report \xffDe fikk svar\xc3", Command{Verb: VerbReport, Word: "report", Args: "De fikk svar"}},
	{"d\xe2\x82ans", Command{Verb: VerbUnknown, Word: "dans"}},
}

func TestParseCommand(t *testing.T) {
	for _, tc := range parseTests {
		if got := ParseCommand(tc.in); got != tc.want {
			t.Errorf("ParseCommand(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

func TestYesAndAgain(t *testing.T) {
	for _, s := range []string{"yes", "ja", "J", " JA ", "confirm", "bekreft"} {
		if !yes(s) {
			t.Errorf("yes(%q) = false", s)
		}
	}
	for _, s := range []string{"", "no", "nei", "yess", "ja takk"} {
		if yes(s) {
			t.Errorf("yes(%q) = true", s)
		}
	}
	for _, s := range []string{"ny", "new", "Igjen", "på nytt", "runde"} {
		if !again(s) {
			t.Errorf("again(%q) = false", s)
		}
	}
	for _, s := range []string{"", "nå", "nei"} {
		if again(s) {
			t.Errorf("again(%q) = true", s)
		}
	}
}

// knownVerbs are all the verbs ParseCommand may return.
// knownVerbs are the verbs a command can parse to: those of the words the
// coach knows, help (an empty line) and unknown.
var knownVerbs = func() map[Verb]bool {
	m := map[Verb]bool{VerbHelp: true, VerbUnknown: true}
	for _, v := range aliases {
		m[v] = true
	}
	return m
}()

func FuzzParseCommand(f *testing.F) {
	for _, tc := range parseTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c := ParseCommand(in)
		if !knownVerbs[c.Verb] {
			t.Fatalf("ParseCommand(%q).Verb = %q", in, c.Verb)
		}
		if n := utf8.RuneCountInString(c.Word); n > maxWord+1 {
			t.Fatalf("ParseCommand(%q).Word is %d runes long", in, n)
		}
		if !utf8.ValidString(c.Word) || !utf8.ValidString(c.Args) {
			t.Fatalf("ParseCommand(%q) = %+v: invalid UTF-8", in, c)
		}
		if c.Args != strings.TrimSpace(c.Args) {
			t.Fatalf("ParseCommand(%q).Args = %q is not trimmed", in, c.Args)
		}
		switch {
		case c.Verb == VerbUnknown && c.Word == "":
			t.Fatalf("ParseCommand(%q) is unknown without a word", in)
		case c.Verb != VerbUnknown && c.Word != "" && aliases[c.Word] != c.Verb:
			t.Fatalf("ParseCommand(%q) = %+v: the word is no alias of the verb", in, c)
		}
		if c.Verb != VerbUnknown {
			// What the coach understood, typed again, is understood the same.
			again := ParseCommand(string(c.Verb) + " " + c.Args)
			if again.Verb != c.Verb || again.Args != c.Args {
				t.Fatalf("ParseCommand(%q) = %+v, but its canonical form parses as %+v", in, c, again)
			}
		}
	})
}
