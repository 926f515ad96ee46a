package residents

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPageShowsWhatTheTeamPublished(t *testing.T) {
	r := newRig(t)
	res := r.get("/r/" + testCode)
	if res.status != http.StatusOK {
		t.Fatalf("status %d, want 200", res.status)
	}
	body := html.UnescapeString(res.body)
	for _, want := range []string{
		`<html lang="nb">`,
		"<title>Grorud sentrum</title>",
		`<h1 lang="nb">Grorud sentrum</h1>`,
		"Vi lager et nytt torg ved T-banen.",
		"Hvor mye kan du påvirke?",
		nb.Levels[LevelConsult],
		"Vårt løfte til deg",
		testPage.Promise,
		`<label for="text">Hva sitter du igjen med?</label>`,
		"Under 13 år", "13–18 år", "19–66 år", "67 år eller eldre", "Vil ikke si",
		"Dette har vi gjort med det dere sa",
		`<time datetime="2026-11-30">30. november 2026</time>`,
		// 23:30 UTC on 2 October is 3 October in Oslo.
		`<time datetime="2026-10-03">3. oktober 2026</time>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Children and young people first; the newest update first.
	if strings.Index(body, "Under 13 år") > strings.Index(body, "67 år eller eldre") {
		t.Error("age bands not youngest first")
	}
	if strings.Index(body, "Benkene blir stående") > strings.Index(body, "Vi flyttet møtet") {
		t.Error("updates not newest first")
	}
	// Nothing but the one question: no name, no e-mail, no address.
	for _, unwanted := range []string{`type="email"`, `name="name"`, `name="email"`, `name="address"`, "<script", "<link", "<img", "@import", "url("} {
		if strings.Contains(res.body, unwanted) {
			t.Errorf("page has %q", unwanted)
		}
	}
	if n := strings.Count(res.body, "<textarea"); n != 1 {
		t.Errorf("%d text fields, want one question", n)
	}
}

func TestEveryPageHasStrictHeadersAndNoCookie(t *testing.T) {
	r := newRig(t)
	tok := r.freshToken()
	for name, res := range map[string]response{
		"form":    r.get("/r/" + testCode),
		"unknown": r.get("/r/aaaaaaaaaa"),
		"error":   r.post("/r/"+testCode, url.Values{"token": {tok}}),
		"thanks":  r.post("/r/"+testCode, url.Values{"token": {tok}, "text": {"Fint"}}),
	} {
		h := res.header
		if got := h.Get("Content-Security-Policy"); !strings.HasPrefix(got, "default-src 'none'; style-src 'sha256-") ||
			!strings.Contains(got, "form-action 'self'") || !strings.Contains(got, "img-src 'self' data:") {
			t.Errorf("%s: CSP %q", name, got)
		}
		if h.Get("Set-Cookie") != "" {
			t.Errorf("%s: sets a cookie", name)
		}
		for k, want := range map[string]string{
			"Content-Type":           "text/html; charset=utf-8",
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
			"Cache-Control":          "no-store",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", name, k, got, want)
			}
		}
		if len(res.body) >= 30<<10 {
			t.Errorf("%s: %d bytes, want under 30 KB", name, len(res.body))
		}
	}
}

// TestStyleHashMatchesTheInlineStyle keeps the CSP hash and the page's one
// style element in step: a browser would ignore a style whose hash differs.
func TestStyleHashMatchesTheInlineStyle(t *testing.T) {
	r := newRig(t)
	body := r.get("/r/" + testCode).body
	i, j := strings.Index(body, "<style>"), strings.Index(body, "</style>")
	if i < 0 || j < i || strings.Count(body, "<style") != 1 {
		t.Fatal("want exactly one style element")
	}
	if body[i+len("<style>"):j] != css {
		t.Fatal("the style element is not the hashed css")
	}
	if strings.Contains(body, " style=") {
		t.Error("a style attribute would need 'unsafe-inline'")
	}
}

func TestLanguages(t *testing.T) {
	r := newRig(t)
	for _, tc := range []struct{ query, pageLang, wantLang, want string }{
		{"", "", "nb", "Hva sitter du igjen med?"},
		{"?lang=nb", "", "nb", "Hva sitter du igjen med?"},
		{"?lang=nn", "", "nn", "Kva sit du igjen med?"},
		{"?lang=en", "", "en", "What are you left with?"},
		{"?lang=de", "", "nb", "Hva sitter du igjen med?"},
		{"", "nn", "nn", "Dette har vi gjort med det de sa"},
		{"?lang=nb", "en", "nb", "Dette har vi gjort med det dere sa"},
	} {
		p := testPage
		p.Lang = tc.pageLang
		r.store.Put(testCode, p)
		body := html.UnescapeString(r.get("/r/" + testCode + tc.query).body)
		if !strings.Contains(body, `<html lang="`+tc.wantLang+`">`) || !strings.Contains(body, tc.want) {
			t.Errorf("%q on a %q page: want lang %s and %q", tc.query, tc.pageLang, tc.wantLang, tc.want)
		}
		// The other languages are one link away, each marked with its language.
		for _, l := range Langs {
			link := `href="./` + testCode + `?lang=` + l + `" lang="` + l + `" hreflang="` + l + `"`
			if !strings.Contains(body, link) {
				t.Errorf("%q: no link to %s", tc.query, l)
			}
		}
	}
}

// TestTeamTextsAreMarkedWithTheirLanguage: on the English page the team's
// Norwegian words are marked as Norwegian (WCAG 3.1.2, language of parts).
func TestTeamTextsAreMarkedWithTheirLanguage(t *testing.T) {
	r := newRig(t)
	body := r.get("/r/" + testCode + "?lang=en").body
	for _, want := range []string{`<html lang="en">`, `<h1 lang="nb">Grorud sentrum</h1>`, `<p class="about pre" lang="nb">`, `<blockquote class="pre" lang="nb">`, `<p class="pre" lang="nb">Benkene`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	p := testPage
	p.Lang = "nn"
	r.store.Put(testCode, p)
	tok := r.freshToken()
	res := r.post("/r/"+testCode+"?lang=en", url.Values{"token": {tok}, "text": {"Fine"}})
	if !strings.Contains(res.body, `The team behind «<span lang="nn">Grorud sentrum</span>» reads every answer.`) {
		t.Error("the thank-you page does not mark the title's language")
	}
}

func TestSubmitStoresTheAnswerThenThanks(t *testing.T) {
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			r := newRig(t)
			tok := r.token(r.get("/r/" + testCode + "?lang=" + lang))
			r.clock.Advance(40 * time.Second)
			text := "  Jeg skjønte endelig hva «planprogram» betyr.\r\nTakk!  "
			res := r.post("/r/"+testCode+"?lang="+lang, url.Values{"token": {tok}, "text": {text}, "age": {"13-18"}})
			if res.status != http.StatusOK {
				t.Fatalf("status %d, want 200\n%s", res.status, res.body)
			}
			tx := textsFor(lang)
			body := html.UnescapeString(res.body)
			for _, want := range []string{tx.ThanksTitle, tx.ThanksSaved, tx.NextHeading, strings.Replace(tx.Next, "%s", `<span lang="nb">Grorud sentrum</span>`, 1), `<html lang="` + lang + `">`} {
				if !strings.Contains(body, want) {
					t.Errorf("thank-you page lacks %q", want)
				}
			}
			got := r.store.Answers(testCode)
			want := Answer{Text: "Jeg skjønte endelig hva «planprogram» betyr.\nTakk!", Age: Age13to18, At: r.clock.Now(), Lang: lang}
			if len(got) != 1 || got[0] != want {
				t.Fatalf("stored %+v, want %+v", got, want)
			}
		})
	}
}

func TestAnswerOfExactly2000CharactersIsTaken(t *testing.T) {
	r := newRig(t)
	text := strings.Repeat("æ", MaxTextRunes)
	if res := r.post("/r/"+testCode, url.Values{"token": {r.freshToken()}, "text": {text}}); res.status != http.StatusOK {
		t.Fatalf("status %d, want 200", res.status)
	}
	if got := r.store.Answers(testCode); len(got) != 1 || got[0].Text != text || got[0].Age != AgeNone {
		t.Fatalf("stored %d answers", len(got))
	}
}

func TestTheSameFormSentTwiceIsStoredOnce(t *testing.T) {
	r := newRig(t)
	tok := r.freshToken()
	form := url.Values{"token": {tok}, "text": {"Bra møte."}, "age": {"67+"}}
	for i := 0; i < 3; i++ {
		if res := r.post("/r/"+testCode, form); res.status != http.StatusOK {
			t.Fatalf("send %d: status %d", i+1, res.status)
		}
	}
	if n := len(r.store.Answers(testCode)); n != 1 {
		t.Fatalf("%d answers stored, want 1", n)
	}
	// Back in the browser, the same form with other words is a new answer.
	form.Set("text", "Og en ting til: lys på stien.")
	if res := r.post("/r/"+testCode, form); res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	if n := len(r.store.Answers(testCode)); n != 2 {
		t.Fatalf("%d answers stored, want 2", n)
	}
}

func TestHoneypotPretendsAndStoresNothing(t *testing.T) {
	r := newRig(t)
	res := r.post("/r/"+testCode, url.Values{"token": {r.freshToken()}, "text": {"Kjøp billig"}, "website": {"http://spam.example"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, nb.ThanksTitle) {
		t.Fatalf("status %d; want the thank-you page", res.status)
	}
	if n := r.store.Count(); n != 0 {
		t.Fatalf("%d answers stored, want none", n)
	}
	if strings.Contains(r.get("/r/"+testCode).body, `<div class="hp"><label for="website">`) == false {
		t.Fatal("the honeypot field is not in the form")
	}
}

func TestStoreFailureKeepsTheTextAndStoresNothing(t *testing.T) {
	r := newRig(t)
	fs := &failingStore{MemStore: r.store, fail: true}
	r.h.Store = fs
	tok := r.freshToken()
	form := url.Values{"token": {tok}, "text": {"Viktig <svar> & mer"}, "age": {"u13"}}
	res := r.post("/r/"+testCode, form)
	if res.status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", res.status)
	}
	if !strings.Contains(res.body, "Viktig &lt;svar&gt; &amp; mer</textarea>") || !strings.Contains(res.body, `value="u13" checked`) {
		t.Fatal("the resident's text and age are not kept in the form")
	}
	if !strings.Contains(html.UnescapeString(res.body), nb.ErrStore) {
		t.Fatal("no clear message")
	}
	// The store is back; the same form goes through, once.
	fs.setFail(false)
	if res := r.post("/r/"+testCode, form); res.status != http.StatusOK {
		t.Fatalf("after recovery: status %d", res.status)
	}
	if n := r.store.Count(); n != 1 {
		t.Fatalf("%d answers, want 1", n)
	}
}
