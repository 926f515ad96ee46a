package teams

import (
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// TestAdapterTextsInEveryLanguage fails when a language of the coach has
// no Teams words or locale of its own.
func TestAdapterTextsInEveryLanguage(t *testing.T) {
	locales := map[string]bool{}
	for _, l := range dialogs.Langs {
		tx, ok := texts[l]
		if !ok || tx.CardFallback == "" || tx.Part == "" || tx.FileSent == "" || tx.FileDeclined == "" ||
			tx.FileFailed == "" || !strings.Contains(tx.FileDescription, "%s") {
			t.Errorf("%s: adapter texts %+v", l, tx)
		}
		locales[locale(l)] = true
	}
	if len(locales) != len(dialogs.Langs) {
		t.Errorf("locales %v: each language needs its own", locales)
	}
}
