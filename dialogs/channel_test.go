package dialogs

import "testing"

// caseChannels is the case-channel rule, read as a table.
var caseChannels = []struct {
	name     string
	prefixes []string
	want     bool
}{
	{"sak-grorud-sentrum", []string{"sak-", "case-"}, true},
	{"case-parks", []string{"sak-", "case-"}, true},
	{"#sak-grorud", []string{"sak-"}, true},       // as a channel is written
	{"SAK-Grorud", []string{"sak-"}, true},        // names differ in case
	{"sak-grorud", []string{" SAK- "}, true},      // so do configured prefixes
	{"general", []string{"sak-", "case-"}, false}, // any other channel
	{"saksbehandling", []string{"sak-"}, false},   // a prefix, not a word
	{"sak-grorud", []string{"", "  "}, false},     // empty prefixes mark nothing
	{"sak-grorud", nil, false},                    // nor does no prefix
	{"min-sak-grorud", []string{"sak-"}, false},   // only at the start
}

func TestIsCaseChannel(t *testing.T) {
	for _, tt := range caseChannels {
		if got := IsCaseChannel(tt.name, tt.prefixes); got != tt.want {
			t.Errorf("IsCaseChannel(%q, %q) = %v, want %v", tt.name, tt.prefixes, got, tt.want)
		}
	}
}
