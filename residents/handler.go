package residents

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// MaxTextRunes is the most characters an answer may have.
const MaxTextRunes = 2000

// Defaults of the Handler's optional fields.
const (
	// DefaultMaxBody leaves room for 2,000 characters however they are
	// written: percent-encoded, one emoji takes 12 bytes.
	DefaultMaxBody      = 32 << 10
	DefaultTokenMinAge  = 2 * time.Second
	DefaultTokenMaxAge  = 2 * time.Hour
	DefaultRateBurst    = 20
	DefaultMaxAddresses = 10000
	defaultSeen         = 100000

	// DefaultPageBurst and DefaultGlobalBurst are the answers one page, and
	// all pages together, take at once before their budgets refill at
	// DefaultPageLimit and DefaultGlobalLimit: a hall of 300 answering the
	// QR code on the screen within minutes gets through, a flood does not.
	DefaultPageBurst   = 600
	DefaultGlobalBurst = 3000
	// DefaultMaxAnswers is the most answers one page keeps; then it takes no more.
	DefaultMaxAnswers = 10000
	// DefaultAnswersPerToken is the most answers one form takes: a resident
	// may send a second thought from the thank-you page's way back, a script
	// may not reuse one form for ever.
	DefaultAnswersPerToken = 3
	defaultTokenUses       = 100000
	defaultBudgetPages     = 10000
)

// DefaultPageLimit and DefaultGlobalLimit are the rates the budgets refill at.
var (
	DefaultPageLimit   = rate.Limit(2)  // 120 a minute per page
	DefaultGlobalLimit = rate.Limit(10) // 600 a minute in all
)

// DefaultRateLimit lets one address send one answer every six seconds on
// average after a burst of DefaultRateBurst: a school class on one network
// can answer together, a script cannot flood the page.
var DefaultRateLimit = rate.Every(6 * time.Second)

// Handler serves the residents' pages: GET /r/{code} shows a page and its
// form, POST /r/{code} takes an answer. Set its optional fields before the
// first request.
type Handler struct {
	// Store gives the pages and takes the answers. Required.
	Store Store
	// Now is the clock; time.Now by default.
	Now func() time.Time
	// Log receives what goes wrong; never an answer's text, never an address.
	Log *slog.Logger
	// Location is the time zone of the updates' dates; Europe/Oslo by default.
	Location *time.Location
	// AccessibilityURL, when set, is linked from every page as the
	// accessibility statement.
	AccessibilityURL string
	// TokenMinAge and TokenMaxAge bound the age of a form token: a form sent
	// sooner than the minimum after it was shown is likely a script's, one
	// sent after the maximum is asked again.
	TokenMinAge, TokenMaxAge time.Duration
	// RateLimit and RateBurst limit the answers per client address;
	// rate.Inf turns the limit off.
	RateLimit rate.Limit
	RateBurst int
	// MaxAddresses bounds the addresses the rate limiter remembers.
	MaxAddresses int
	// MaxBody bounds the bytes of a submitted form.
	MaxBody int64
	// ClientAddr says which address a request comes from, for the rate limit
	// only. By default the connection's peer; behind a reverse proxy use
	// ForwardedFor. IPv6 clients count by their /64 (ClientKey).
	ClientAddr func(*http.Request) string
	// PublicURL is the address residents reach the page on. When set, a
	// POST whose Origin is another is refused, and with https every page
	// carries Strict-Transport-Security.
	PublicURL string
	// PageLimit and PageBurst are the budget of answers one page takes,
	// GlobalLimit and GlobalBurst that of all pages together, whatever
	// addresses they come from; rate.Inf turns one off.
	PageLimit, GlobalLimit rate.Limit
	PageBurst, GlobalBurst int
	// MaxAnswers is the most answers a page takes (0: no cap here; the
	// engine keeps its own).
	MaxAnswers int
	// AnswersPerToken is the most answers one form token takes.
	AnswersPerToken int

	key     tokenKey
	once    sync.Once
	limiter *addrLimiter
	seen    *seenSet
	uses    *tokenUses
	budgets *budgets
	origin  string
	hsts    bool
	mux     *http.ServeMux
}

// New returns a Handler over store whose form tokens are signed with secret
// (at least 32 bytes, kept by the server: forms given out before a change of
// secret are asked again, with the resident's text kept).
func New(store Store, secret []byte) (*Handler, error) {
	if store == nil {
		return nil, errors.New("residents: no store")
	}
	if len(secret) < 32 {
		return nil, fmt.Errorf("residents: form secret of %d bytes, want at least 32", len(secret))
	}
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		loc = time.UTC
	}
	h := &Handler{
		Store:        store,
		Now:          time.Now,
		Log:          slog.New(slog.DiscardHandler),
		Location:     loc,
		TokenMinAge:  DefaultTokenMinAge,
		TokenMaxAge:  DefaultTokenMaxAge,
		RateLimit:    DefaultRateLimit,
		RateBurst:    DefaultRateBurst,
		MaxAddresses: DefaultMaxAddresses,
		MaxBody:      DefaultMaxBody,
		ClientAddr:   PeerAddr,

		PageLimit: DefaultPageLimit, PageBurst: DefaultPageBurst,
		GlobalLimit: DefaultGlobalLimit, GlobalBurst: DefaultGlobalBurst,
		MaxAnswers: DefaultMaxAnswers, AnswersPerToken: DefaultAnswersPerToken,
		key: tokenKey(append([]byte(nil), secret...)),
	}
	return h, nil
}

// Register adds the residents' routes to mux: GET and POST /r/{code}.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /r/{code}", h.get)
	mux.HandleFunc("POST /r/{code}", h.post)
}

// ServeHTTP serves the residents' routes and nothing else.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.init()
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) init() {
	h.once.Do(func() {
		h.limiter = newAddrLimiter(h.RateLimit, h.RateBurst, max(h.MaxAddresses, 1))
		h.seen = newSeenSet(defaultSeen)
		h.uses = newTokenUses(defaultTokenUses)
		h.budgets = newBudgets(h.PageLimit, max(h.PageBurst, 1), h.GlobalLimit, max(h.GlobalBurst, 1), defaultBudgetPages)
		h.origin = originOf(h.PublicURL)
		h.hsts = strings.HasPrefix(h.origin, "https://")
		h.mux = http.NewServeMux()
		h.Register(h.mux)
	})
}

// PeerAddr is the address of the connection's peer, without its port.
func PeerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ForwardedFor is the address the reverse proxy in front of this server saw:
// the last entry of X-Forwarded-For, which that proxy appended (the entries
// before it come from the client and may be made up). Without the header it
// is the peer's address. Use it only behind exactly one proxy that sets the header.
func ForwardedFor(r *http.Request) string {
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return PeerAddr(r)
	}
	last := xff[len(xff)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	if last = strings.TrimSpace(last); last == "" {
		return PeerAddr(r)
	}
	return last
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	h.init()
	code := NormalizeCode(r.PathValue("code"))
	p, err := h.page(r.Context(), code)
	lang := chooseLang(r.URL.Query().Get("lang"), p)
	if err != nil {
		h.notOpen(w, code, lang, err)
		return
	}
	v := h.newView("form", code, lang)
	h.formPage(v, p, formView{Token: h.key.issue(code, h.Now())})
	h.render(w, http.StatusOK, v)
}

// page looks the code up. A code that cannot be one of ours is not looked
// up: it exists no more than an unknown one does.
func (h *Handler) page(ctx context.Context, code string) (Page, error) {
	if !ValidCode(code) {
		return Page{}, ErrNotFound
	}
	return h.Store.Page(ctx, code)
}

// chooseLang is the language asked for, else the page's, else bokmål.
func chooseLang(asked string, p Page) string {
	if validLang(asked) {
		return asked
	}
	if validLang(p.Lang) {
		return p.Lang
	}
	return DefaultLang
}

// notOpen answers for a code that takes no answers. An unknown code and a
// closed page get the very same page and status, after the same work, so
// that a prober learns nothing of which codes exist.
func (h *Handler) notOpen(w http.ResponseWriter, code, lang string, err error) {
	if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrClosed) {
		h.Log.Error("residents: read page", "code", code, "err", err)
		h.message(w, http.StatusServiceUnavailable, code, lang, textsFor(lang).BadFormTitle, textsFor(lang).Unavailable)
		return
	}
	h.message(w, http.StatusNotFound, code, lang, textsFor(lang).GoneTitle, textsFor(lang).Gone)
}

func (h *Handler) message(w http.ResponseWriter, status int, code, lang, title, msg string) {
	v := h.newView("message", code, lang)
	v.DocTitle, v.Message = title, msg
	v.HasError = status != http.StatusNotFound
	h.render(w, status, v)
}
