package residents

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// updateBudget bounds the text of the updates shown on one page, so that the
// page stays under 30 KB however much the team publishes; the newest come
// first and at least one is always shown.
const updateBudget = 12 << 10

// view is what the template renders.
type view struct {
	Kind     string // "form", "thanks", or "message"
	Lang     string
	T        *texts
	DocTitle string
	HasError bool
	Message  string
	Page     Page
	// ContentLang is the language the team writes in (the page's default),
	// marked on what the team wrote so that a screen reader reads a
	// Norwegian title right on the English page (WCAG 3.1.2).
	ContentLang string
	NextBefore  string
	NextAfter   string
	LevelText   string
	Updates     []updateView
	Form        formView
	Action      string
	Back        string
	LangLinks   []langLink
	A11yURL     string

	AgeOptions []ageOption
}

type updateView struct{ Text, Date, ISO string }

type formView struct {
	Text      string
	Age       Age
	Token     string
	Notice    string
	TextError string
	AgeError  string
}

type langLink struct {
	Lang, Name, Href string
	Current          bool
}

type ageOption struct {
	ID, Value, Label string
	Checked          bool
}

// newView starts a view of the page with the code in lang.
func (h *Handler) newView(kind, code, lang string) *view {
	v := &view{Kind: kind, Lang: lang, T: textsFor(lang), A11yURL: h.AccessibilityURL}
	back := "./" + url.PathEscape(code)
	for _, l := range Langs {
		v.LangLinks = append(v.LangLinks, langLink{Lang: l, Name: allTexts[l].LangName, Href: back + "?lang=" + l, Current: l == lang})
	}
	v.Action = back + "?lang=" + lang
	v.Back = v.Action
	return v
}

// formPage fills v with the page and the form.
func (h *Handler) formPage(v *view, p Page, f formView) {
	v.setPage(p)
	v.DocTitle = p.Title
	v.LevelText = v.T.Levels[p.Level]
	v.Form = f
	v.HasError = f.Notice != "" || f.TextError != "" || f.AgeError != ""
	loc := h.Location
	used := 0
	for _, u := range p.Updates {
		if len(v.Updates) > 0 && used+len(u.Text) > updateBudget {
			break
		}
		used += len(u.Text)
		at := u.At.In(loc)
		v.Updates = append(v.Updates, updateView{Text: u.Text, Date: LongDate(v.Lang, at), ISO: at.Format(time.DateOnly)})
	}
	v.AgeOptions = make([]ageOption, 0, len(Ages)+1)
	for i, a := range Ages {
		v.AgeOptions = append(v.AgeOptions, ageOption{ID: strconv.Itoa(i + 1), Value: string(a), Label: v.T.AgeLabels[a], Checked: f.Age == a})
	}
	v.AgeOptions = append(v.AgeOptions, ageOption{ID: "none", Value: "", Label: v.T.AgeNone, Checked: f.Age == AgeNone || !f.Age.Valid()})
}

// setPage sets the team's page and the language it is written in.
func (v *view) setPage(p Page) {
	v.Page = p
	v.ContentLang = chooseLang("", p)
	v.NextBefore, v.NextAfter, _ = strings.Cut(v.T.Next, "%s")
}

// render writes v with the status and the headers every page carries.
func (h *Handler) render(w http.ResponseWriter, status int, v *view) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		// Only a bug gets here: the template is fixed and its data are strings.
		h.Log.Error("residents: render page", "kind", v.Kind, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Security-Policy", cspHeader)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cache-Control", "no-store")
	if h.hsts {
		hd.Set("Strict-Transport-Security", hstsHeader)
	}
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
