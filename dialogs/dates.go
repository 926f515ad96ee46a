package dialogs

import (
	"strconv"
	"time"
)

// months are the names of the months, lower case as Norwegian writes them
// inside a sentence.
var months = map[Lang][12]string{
	NB: {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	NN: {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// longDate writes a day in full, as a document or a summary does:
// "30. november 2026", "30 November 2026".
func longDate(l Lang, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	names, ok := months[l]
	if !ok {
		names = months[NB]
	}
	day, month, year := strconv.Itoa(t.Day()), names[t.Month()-1], strconv.Itoa(t.Year())
	if l == EN {
		return day + " " + month + " " + year
	}
	return day + ". " + month + " " + year
}
