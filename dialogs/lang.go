package dialogs

// Lang is a language the coach speaks.
type Lang string

// The languages of the coach. Norwegian bokmål is the default.
const (
	NB Lang = "nb"
	EN Lang = "en"
)

// ParseLang returns the language for a code such as "nb", "no", "en".
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "nb", "no", "nob", "norsk", "bokmål", "bokmal":
		return NB, true
	case "en", "eng", "english", "engelsk":
		return EN, true
	}
	return "", false
}
