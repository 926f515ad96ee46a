package residents

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"
)

func TestNewCodeIsShortValidAndUnique(t *testing.T) {
	seen := make(map[string]bool)
	for range 10000 {
		c := NewCode()
		if len(c) != CodeLen || !ValidCode(c) {
			t.Fatalf("code %q is not valid", c)
		}
		if seen[c] {
			t.Fatalf("code %q twice in 10,000", c)
		}
		seen[c] = true
	}
	for _, bad := range []string{"", "abc", "k7q2mxa4p0", "K7Q2MXA4PZ", "k7q2mxa4pz1", "k7q2mxa4p/"} {
		if ValidCode(bad) {
			t.Errorf("ValidCode(%q) = true", bad)
		}
	}
	if NormalizeCode(" K7Q2MXA4PZ ") != "k7q2mxa4pz" {
		t.Error("a code typed in capitals is not normalised")
	}
}

func TestLink(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"https://involve.oslo.kommune.no", "https://involve.oslo.kommune.no/r/k7q2mxa4pz"},
		{"https://involve.oslo.kommune.no/", "https://involve.oslo.kommune.no/r/k7q2mxa4pz"},
		{"https://example.no/involve/", "https://example.no/involve/r/k7q2mxa4pz"},
		{"http://127.0.0.1:3000", "http://127.0.0.1:3000/r/k7q2mxa4pz"},
		{"http://localhost:3000", "http://localhost:3000/r/k7q2mxa4pz"},
		{"http://[::1]:3000", "http://[::1]:3000/r/k7q2mxa4pz"},
	} {
		got, err := Link(tc.base, testCode)
		if err != nil || got != tc.want {
			t.Errorf("Link(%q) = %q, %v; want %q", tc.base, got, err, tc.want)
		}
	}
	for _, bad := range [][2]string{{"involve.oslo.kommune.no", testCode}, {"ftp://x.no", testCode}, {"https://x.no", "../admin"}, {"http://involve.oslo.kommune.no", testCode}, {"http://10.0.0.5:3000", testCode}} {
		if _, err := Link(bad[0], bad[1]); err == nil {
			t.Errorf("Link(%q, %q) gave no error", bad[0], bad[1])
		}
	}
}

func TestQRIsAPrintablePNG(t *testing.T) {
	b, err := QR("https://involve.oslo.kommune.no/r/k7q2mxa4pz")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 512 || s.Y != 512 {
		t.Fatalf("QR is %v, want 512x512", s)
	}
}

func TestLongDate(t *testing.T) {
	d := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"nb": "30. november 2026", "nn": "30. november 2026", "en": "30 November 2026", "xx": "30. november 2026"} {
		if got := LongDate(lang, d); got != want {
			t.Errorf("LongDate(%s) = %q, want %q", lang, got, want)
		}
	}
	if got := nb.number(2345); got != "2\u00a0345" {
		t.Errorf("nb number %q", got)
	}
	if got := en.number(1234567); got != "1,234,567" {
		t.Errorf("en number %q", got)
	}
}

// TestTextsAreComplete: every language says everything, with « » quotes
// where it quotes.
func TestTextsAreComplete(t *testing.T) {
	for _, lang := range Langs {
		tx := textsFor(lang)
		for _, l := range []Level{LevelInform, LevelConsult, LevelInvolve, LevelCollaborate, LevelEmpower} {
			if tx.Levels[l] == "" {
				t.Errorf("%s: no text for level %s", lang, l)
			}
		}
		for _, a := range Ages {
			if tx.AgeLabels[a] == "" {
				t.Errorf("%s: no label for age %s", lang, a)
			}
		}
		for _, s := range []string{tx.Question, tx.Send, tx.ThanksTitle, tx.Gone, tx.ErrEmpty, tx.ErrToken, tx.ErrStale, tx.ErrTooNew, tx.ErrRate, tx.ErrStore, tx.TooLarge, tx.BadForm, tx.Unavailable, tx.A11yStatement, tx.NoUpdates} {
			if s == "" {
				t.Errorf("%s: a text is missing", lang)
			}
			if strings.ContainsAny(s, "\"“”") {
				t.Errorf("%s: %q quotes without « »", lang, s)
			}
		}
		if !strings.Contains(tx.Next, "«%s»") || !strings.Contains(tx.ErrTooLong, "%s") {
			t.Errorf("%s: Next or ErrTooLong lost its placeholder", lang)
		}
	}
	if nb.Question != "Hva sitter du igjen med?" || nb.UpdatesHeading != "Dette har vi gjort med det dere sa" {
		t.Error("the bokmål question or heading changed")
	}
}

func TestPageStaysUnder30KB(t *testing.T) {
	r := newRig(t)
	p := testPage
	p.About = strings.Repeat("Om saken. ", 40)
	p.Promise = strings.Repeat("Vi lover mye. ", 40)
	p.Updates = nil
	for i := range 200 {
		p.Updates = append(p.Updates, Update{Text: strings.Repeat("Vi gjorde noe med det dere sa <&>. ", 14), At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)})
	}
	r.store.Put(testCode, p)
	for _, lang := range Langs {
		body := r.get("/r/" + testCode + "?lang=" + lang).body
		if len(body) >= 30000 {
			t.Errorf("%s: %d bytes, want under 30 KB", lang, len(body))
		}
		if !strings.Contains(body, `datetime="2026-01-01"`) {
			t.Errorf("%s: the newest update is not shown", lang)
		}
	}
}
