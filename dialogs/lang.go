package dialogs

// Lang is a language the coach speaks.
type Lang string

// The languages of the coach. Norwegian bokmål is the default.
const (
	NB Lang = "nb" // Norwegian bokmål
	NN Lang = "nn" // Norwegian nynorsk
	EN Lang = "en" // English
)

// Langs lists every language the coach speaks, the default first.
var Langs = []Lang{NB, NN, EN}

// ParseLang returns the language for a code such as "nb", "nn", "no", "en".
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "nb", "no", "nob", "norsk", "bokmål", "bokmal":
		return NB, true
	case "nn", "nno", "nynorsk":
		return NN, true
	case "en", "eng", "english", "engelsk":
		return EN, true
	}
	return "", false
}
