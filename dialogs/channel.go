package dialogs

import "strings"

// IsCaseChannel reports whether a channel's name marks it as a case
// channel: it starts with one of prefixes, ignoring case, spaces around a
// prefix and a leading "#" on the name. Empty prefixes mark nothing. The
// engine and the adapters that must decide before the engine (Slack joins
// a new case channel) ask this one rule.
func IsCaseChannel(name string, prefixes []string) bool {
	name = strings.ToLower(strings.TrimPrefix(name, "#"))
	for _, p := range prefixes {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
