package residents

import (
	"net/http"
	"net/url"
	"strings"
)

// sameSite reports whether a POST may come from the page's own form: a
// browser says where a request comes from in Sec-Fetch-Site (every current
// browser) and Origin (every POST). A form on another site that posts here
// with a token fetched from the page is refused: "cross-site", or an Origin
// other than the public address's. "same-origin", "same-site" and "none"
// (typed or bookmarked) pass, and so does a client that sends neither
// header (an old browser, a screen reader's own, curl): the token, the
// limits and the budgets still hold for those.
func (h *Handler) sameSite(r *http.Request) bool {
	if strings.EqualFold(strings.TrimSpace(r.Header.Get("Sec-Fetch-Site")), "cross-site") {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" || h.origin == "" {
		return true
	}
	return strings.EqualFold(strings.TrimRight(origin, "/"), h.origin)
}

// originOf is the origin of an absolute URL ("https://host[:port]"), or "".
func originOf(public string) string {
	u, err := url.Parse(public)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// hstsHeader asks browsers to reach the page over HTTPS only, for a year:
// sent when the public address is https (the TLS proxy in front may add
// its own; the browser keeps one).
const hstsHeader = "max-age=31536000"

// crossSite answers a POST refused by sameSite: a clear page, nothing stored.
func (h *Handler) crossSite(w http.ResponseWriter, code, lang string) {
	l := chooseLang(lang, Page{})
	h.Log.Debug("residents: cross-site post refused", "code", code)
	h.message(w, http.StatusForbidden, code, l, textsFor(l).CrossSiteTitle, textsFor(l).CrossSite)
}
