package residents

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserAccessibility loads the page in headless Chromium at 320 and
// 1280 CSS pixels, sends the form, and runs axe-core's WCAG 2.1 AA rules on
// the form, the error page and the thank-you page, then checks the HTML with
// the Nu Html Checker (testdata/browser/check.mjs).
//
// It needs node, java, Debian's chromium and `npm ci` in testdata/browser. Without
// them it skips, unless INVOLVE_BROWSER_TESTS or CI is set: then it fails.
// INVOLVE_UPDATE_SCREENSHOT=1 writes testdata/page-320.png for the README.
func TestBrowserAccessibility(t *testing.T) {
	required := os.Getenv("INVOLVE_BROWSER_TESTS") != "" || os.Getenv("CI") != ""
	missing := func(what string) {
		t.Helper()
		if required {
			t.Fatalf("browser test required (INVOLVE_BROWSER_TESTS or CI set) but %s", what)
		}
		t.Skipf("skipping the browser test: %s (set INVOLVE_BROWSER_TESTS=1 to require it)", what)
	}
	if testing.Short() && !required {
		t.Skip("skipping the browser test in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		missing(chromium + " is missing (apt-get install chromium)")
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing("java is not installed (the HTML checker needs it)")
	}
	dir := filepath.Join("testdata", "browser")
	for _, m := range []string{"playwright-core", "axe-core", "vnu-jar"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", m)); err != nil {
			missing(m + " is missing (npm ci in residents/testdata/browser)")
		}
	}

	store := NewMemStore()
	store.Put(testCode, testPage)
	h, err := New(store, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	// The browser sends the form at once; the minimum age of a form is
	// covered by the handler tests.
	h.TokenMinAge = 0
	h.AccessibilityURL = "https://uustatus.no/nb/erklaringer/publisert/example"
	srv := httptest.NewServer(h)
	defer srv.Close()

	shot := filepath.Join(t.TempDir(), "page-320.png")
	if os.Getenv("INVOLVE_UPDATE_SCREENSHOT") != "" {
		shot, _ = filepath.Abs(filepath.Join("testdata", "page-320.png"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "check.mjs", srv.URL, testCode, shot)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser check failed: %v\n%s", err, out)
	}
	t.Logf("browser check: %s", strings.TrimSpace(string(out)))

	answers := store.Answers(testCode)
	if len(answers) != 2 {
		t.Fatalf("%d answers stored, want one per width", len(answers))
	}
	for _, a := range answers {
		if !strings.HasPrefix(a.Text, "Jeg vet nå når neste møte er.") || a.Age != Age13to18 || a.Lang != "nb" {
			t.Errorf("stored %+v", a)
		}
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("no screenshot: %v", err)
	}
}
