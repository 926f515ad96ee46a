package dialogs

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Verb is a subcommand of /involve.
type Verb string

// The subcommands of /involve, as in the README's command table.
const (
	VerbHelp    Verb = "help"
	VerbStart   Verb = "start"
	VerbStatus  Verb = "status"
	VerbSummary Verb = "summary"
	VerbReport  Verb = "report"
	VerbSkip    Verb = "skip"
	VerbPause   Verb = "pause"
	VerbResume  Verb = "resume"
	VerbClose   Verb = "close"
	VerbExport  Verb = "export"
	VerbLang    Verb = "lang"
	VerbForget  Verb = "forget"
	VerbAnswer  Verb = "answer"
	VerbLevel   Verb = "level"
	VerbGroups  Verb = "groups"
	// VerbResidents opens, shows or closes the residents' page.
	VerbResidents Verb = "residents"
	// VerbUpdate publishes a "you said, we did" line on the page.
	VerbUpdate Verb = "update"
	// VerbActivity records an activity; VerbActivities lists them.
	VerbActivity   Verb = "activity"
	VerbActivities Verb = "activities"
	// VerbFollowup records what was done with an input.
	VerbFollowup Verb = "followup"
	// VerbTitle sets the document's title.
	VerbTitle Verb = "title"
	// VerbTheme lists the themes of the answers, and renames, merges or
	// splits them.
	VerbTheme Verb = "theme"
	// VerbUnknown is anything else; Command.Word holds what was typed.
	VerbUnknown Verb = "unknown"
)

// aliases lets people type the Norwegian word they think of first.
var aliases = map[string]Verb{
	"help": VerbHelp, "hjelp": VerbHelp, "?": VerbHelp,
	"start": VerbStart, "begynn": VerbStart, "byrj": VerbStart,
	"status":  VerbStatus,
	"summary": VerbSummary, "oppsummering": VerbSummary, "oppsummer": VerbSummary,
	"report": VerbReport, "rapport": VerbReport, "rapporter": VerbReport,
	"skip": VerbSkip, "hopp": VerbSkip, "neste": VerbSkip,
	"pause":  VerbPause,
	"resume": VerbResume, "fortsett": VerbResume, "fortset": VerbResume,
	"close": VerbClose, "lukk": VerbClose, "avslutt": VerbClose,
	"export": VerbExport, "eksport": VerbExport, "eksporter": VerbExport,
	"lang": VerbLang, "språk": VerbLang, "sprak": VerbLang, "language": VerbLang,
	"forget": VerbForget, "glem": VerbForget, "gløym": VerbForget,
	"answer": VerbAnswer, "svar": VerbAnswer,
	"level": VerbLevel, "nivå": VerbLevel, "niva": VerbLevel,
	"groups": VerbGroups, "grupper": VerbGroups, "gruppe": VerbGroups, "group": VerbGroups,
	"residents": VerbResidents, "innbyggere": VerbResidents, "innbyggjarar": VerbResidents,
	"update": VerbUpdate, "oppdatering": VerbUpdate, "oppdater": VerbUpdate,
	"activity": VerbActivity, "aktivitet": VerbActivity, "activities": VerbActivities, "aktiviteter": VerbActivities, "aktivitetar": VerbActivities,
	"followup": VerbFollowup, "oppfølging": VerbFollowup, "oppfolging": VerbFollowup, "title": VerbTitle, "tittel": VerbTitle,
	"theme": VerbTheme, "themes": VerbTheme, "tema": VerbTheme, "temaer": VerbTheme, "temaene": VerbTheme, "temaa": VerbTheme,
}

// Command is a parsed /involve line.
type Command struct {
	Verb Verb
	Word string // the subcommand as typed (lower-cased), for the unknown-command answer
	Args string // the rest of the line, trimmed, case kept
}

// maxWord bounds what an unknown subcommand is echoed as.
const maxWord = 40

// ParseCommand parses the text after "/involve" (or after an @mention).
// A leading "/involve" or "involve" is tolerated. An empty line is help.
func ParseCommand(line string) Command {
	line = strings.ToValidUTF8(line, "")
	line = strings.TrimSpace(line)
	for _, p := range []string{"/involve", "involve"} {
		if len(line) >= len(p) && strings.EqualFold(line[:len(p)], p) &&
			(len(line) == len(p) || startsWithSpace(line[len(p):])) {
			line = strings.TrimSpace(line[len(p):])
			break
		}
	}
	if line == "" {
		return Command{Verb: VerbHelp}
	}
	word, rest := line, ""
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		word, rest = line[:i], strings.TrimSpace(line[i:])
	}
	word = strings.ToLower(word)
	v, ok := aliases[word]
	if !ok {
		w := word
		if utf8.RuneCountInString(w) > maxWord {
			w = string([]rune(w)[:maxWord]) + "…"
		}
		return Command{Verb: VerbUnknown, Word: w, Args: rest}
	}
	return Command{Verb: v, Word: word, Args: rest}
}

// startsWithSpace reports whether s begins with white space, also a
// multi-byte one such as a no-break space.
func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// yes reports whether an argument confirms ("yes", "ja").
func yes(arg string) bool {
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "yes", "ja", "y", "j", "confirm", "bekreft":
		return true
	}
	return false
}

// no reports whether an argument declines ("no", "nei").
func no(arg string) bool {
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "no", "nei", "n", "cancel", "avbryt":
		return true
	}
	return false
}

// withNames reports whether an argument to export asks for people's names
// in the document ("names", "navn", nynorsk "namn").
func withNames(arg string) bool {
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "names", "navn", "namn", "med navn", "med namn", "with names":
		return true
	}
	return false
}

// again reports whether an argument to start asks for a new round.
func again(arg string) bool {
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "new", "ny", "again", "igjen", "på nytt", "round", "runde":
		return true
	}
	return false
}
