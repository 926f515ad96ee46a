package residents

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/oslo-involve/involve/internal/textclean"
)

// post takes one answer. Whatever goes wrong, the resident gets a page in
// their language that says what to do, with their text kept in the form, and
// nothing is stored; the thank-you page comes only after the store has made
// the answer durable.
func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	h.init()
	now := h.Now()
	code := NormalizeCode(r.PathValue("code"))
	lang := r.URL.Query().Get("lang")
	if !h.sameSite(r) {
		h.crossSite(w, code, lang)
		return
	}

	r.Body = http.MaxBytesReader(w, r.Body, h.MaxBody)
	if err := r.ParseForm(); err != nil {
		l := chooseLang(lang, Page{})
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.message(w, http.StatusRequestEntityTooLarge, code, l, textsFor(l).TooLargeTitle, textsFor(l).TooLarge)
			return
		}
		h.message(w, http.StatusBadRequest, code, l, textsFor(l).BadFormTitle, textsFor(l).BadForm)
		return
	}
	allowed := h.limiter.allow(h.ClientAddr(r), now)

	p, err := h.page(r.Context(), code)
	lang = chooseLang(lang, p)
	if err != nil {
		h.notOpen(w, code, lang, err)
		return
	}
	tx := textsFor(lang)
	token := r.PostForm.Get("token")
	a := Answer{Text: cleanText(r.PostForm.Get("text")), Age: Age(r.PostForm.Get("age")), At: now, Lang: lang}
	f := formView{Text: a.Text, Age: a.Age}

	// From here on a refusal shows the form again, with a token the resident
	// can send at once when the one they sent was ours.
	state, issued := h.key.judge(code, token, now, h.TokenMinAge, h.TokenMaxAge)
	switch state {
	case tokenTooNew:
		f.Token = token
	case tokenOK, tokenStale:
		f.Token = h.key.issue(code, now.Add(-h.TokenMinAge))
	default:
		f.Token = h.key.issue(code, now)
	}
	if !allowed {
		h.Log.Debug("residents: rate limit", "code", code)
		f.Notice = tx.ErrRate
		w.Header().Set("Retry-After", "60")
		h.refuse(w, http.StatusTooManyRequests, code, lang, p, f)
		return
	}
	if r.PostForm.Get("website") != "" {
		// The honeypot: a field people never see. Whoever filled it in is
		// told it went well, and nothing is stored.
		h.Log.Debug("residents: honeypot filled", "code", code)
		h.thanks(w, code, lang, p)
		return
	}

	status := http.StatusUnprocessableEntity
	switch state {
	case tokenMissing, tokenInvalid, tokenFuture:
		status, f.Notice = http.StatusBadRequest, tx.ErrToken
	case tokenStale:
		status, f.Notice = http.StatusBadRequest, tx.ErrStale
	case tokenTooNew:
		status, f.Notice = http.StatusBadRequest, tx.ErrTooNew
	}
	if n := utf8.RuneCountInString(a.Text); n == 0 {
		f.TextError = tx.ErrEmpty
	} else if n > MaxTextRunes {
		f.TextError = strings.Replace(tx.ErrTooLong, "%s", tx.number(n), 1)
	}
	if !a.Age.Valid() {
		f.AgeError = tx.ErrAge
	}
	if f.Notice != "" || f.TextError != "" || f.AgeError != "" {
		h.refuse(w, status, code, lang, p, f)
		return
	}

	key := submissionKey(token, a)
	if !h.seen.reserve(key, issued.Add(h.TokenMaxAge), now) {
		// The same form with the same words, again: it is stored already.
		h.thanks(w, code, lang, p)
		return
	}
	if !h.admit(w, code, lang, p, f, token, issued, now) {
		h.seen.release(key)
		return
	}
	if err := h.Store.Submit(r.Context(), code, a); err != nil {
		h.seen.release(key)
		h.uses.give(token)
		if errors.Is(err, ErrFull) {
			h.full(w, code, lang, p, f)
			return
		}
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrClosed) {
			h.notOpen(w, code, lang, err)
			return
		}
		h.Log.Error("residents: store answer", "code", code, "err", err)
		f.Notice = tx.ErrStore
		h.refuse(w, http.StatusServiceUnavailable, code, lang, p, f)
		return
	}
	h.Log.Debug("residents: answer stored", "code", code, "lang", lang)
	h.thanks(w, code, lang, p)
}

// cleanText is the text as the team will read it: valid UTF-8, line breaks
// as "\n", no control characters, no space around it.
func cleanText(s string) string {
	return strings.TrimSpace(textclean.Clean(s))
}

func (h *Handler) refuse(w http.ResponseWriter, status int, code, lang string, p Page, f formView) {
	v := h.newView("form", code, lang)
	h.formPage(v, p, f)
	h.render(w, status, v)
}

func (h *Handler) thanks(w http.ResponseWriter, code, lang string, p Page) {
	v := h.newView("thanks", code, lang)
	v.setPage(p)
	v.DocTitle = v.T.ThanksTitle + " – " + p.Title
	h.render(w, http.StatusOK, v)
}
