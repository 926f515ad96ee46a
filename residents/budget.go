package residents

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// budgets bound the answers the server takes, beside the per-address limit:
// per page and in all, each a token bucket in memory. They hold when many
// addresses send at once (a botnet, or a flood through one proxy), which no
// per-address limit sees. Only answers that would be stored spend them.
type budgets struct {
	pageLimit rate.Limit
	pageBurst int
	maxPages  int
	global    *rate.Limiter
	mu        sync.Mutex
	pages     map[string]*rate.Limiter
}

func newBudgets(pageLimit rate.Limit, pageBurst int, globalLimit rate.Limit, globalBurst, maxPages int) *budgets {
	return &budgets{pageLimit: pageLimit, pageBurst: pageBurst, maxPages: maxPages,
		global: rate.NewLimiter(globalLimit, globalBurst), pages: make(map[string]*rate.Limiter)}
}

// allow reports whether the page with the code may take one more answer at
// now, and spends it from both budgets when it may.
func (b *budgets) allow(code string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	lim, ok := b.pages[code]
	if !ok {
		if len(b.pages) >= b.maxPages {
			// Codes come here only once their page was found open, so the
			// map holds real pages; drop those whose budget is whole again.
			for c, l := range b.pages {
				if l.TokensAt(now) >= float64(b.pageBurst) {
					delete(b.pages, c)
				}
			}
		}
		lim = rate.NewLimiter(b.pageLimit, b.pageBurst)
		b.pages[code] = lim
	}
	page := lim.ReserveN(now, 1)
	if !page.OK() || page.DelayFrom(now) > 0 {
		page.CancelAt(now)
		return false
	}
	if !b.global.AllowN(now, 1) {
		page.CancelAt(now)
		return false
	}
	return true
}

// admit decides whether an answer that passed every check of its form may
// be stored: the page is not full, its form has not taken its answers yet,
// and the page's and the server's budgets allow one more. When not, it
// answers with the form again (the text kept) and reports false. A twin of
// an answer already taken never gets here: it spends nothing.
func (h *Handler) admit(w http.ResponseWriter, code, lang string, p Page, f formView, token string, issued, now time.Time) bool {
	tx := textsFor(lang)
	if h.MaxAnswers > 0 && p.Answers >= h.MaxAnswers {
		h.full(w, code, lang, p, f)
		return false
	}
	if h.AnswersPerToken > 0 && !h.uses.take(token, h.AnswersPerToken, issued.Add(h.TokenMaxAge), now) {
		h.Log.Debug("residents: form used up", "code", code)
		f.Notice = tx.ErrTokenUsed
		f.Token = h.key.issue(code, now.Add(-h.TokenMinAge))
		h.refuse(w, http.StatusTooManyRequests, code, lang, p, f)
		return false
	}
	if !h.budgets.allow(code, now) {
		h.uses.give(token)
		h.Log.Debug("residents: budget spent", "code", code)
		f.Notice = tx.ErrBusy
		w.Header().Set("Retry-After", "60")
		h.refuse(w, http.StatusTooManyRequests, code, lang, p, f)
		return false
	}
	return true
}

// full answers for a page that holds as many answers as it may.
func (h *Handler) full(w http.ResponseWriter, code, lang string, p Page, f formView) {
	h.Log.Debug("residents: page full", "code", code)
	f.Notice = textsFor(lang).ErrFull
	h.refuse(w, http.StatusForbidden, code, lang, p, f)
}
