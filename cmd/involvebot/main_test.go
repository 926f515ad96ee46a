package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// runCLI drives the real entry point.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// seedQuestions are the Norwegian questions, in order (dialogs' tests pin
// them to the seed's wording).
var seedQuestions = func() []string {
	var out []string
	for _, q := range dialogs.Questions(dialogs.NB) {
		out = append(out, q.Text)
	}
	return out
}()

func TestConsoleWholeDialogueAndContinue(t *testing.T) {
	db := filepath.Join(t.TempDir(), "involve.db")
	// First run: seven answers, then the input ends.
	var in strings.Builder
	for i := 1; i <= 7; i++ {
		in.WriteString("svar nummer " + string(rune('0'+i)) + "\n")
	}
	out, errOut, code := runCLI(t, in.String(), "console", "-db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pos := 0
	for i, q := range seedQuestions[:8] {
		at := strings.Index(out[pos:], q)
		if at < 0 {
			t.Fatalf("question %d %q missing or out of order in:\n%s", i+1, q, out)
		}
		pos += at + len(q)
	}
	if strings.Contains(out, seedQuestions[8]) {
		t.Fatal("question 9 asked after 7 answers")
	}

	// Second run on the same file continues at question 8.
	in.Reset()
	for i := 8; i <= 14; i++ {
		in.WriteString("svar " + seedQuestions[i-1][:12] + "\n")
	}
	in.WriteString(":nudge\nDe fikk se skissene\n:quit\nthis line is never read\n")
	out, errOut, code = runCLI(t, in.String(), "console", "-db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "8/14") || !strings.Contains(out, seedQuestions[7]) {
		t.Fatalf("second run did not continue at question 8:\n%s", out)
	}
	if strings.Contains(out, "── 1/14 ──") {
		t.Fatal("second run started over")
	}
	for _, want := range []string{"Ferdig med alle 14", "svar nummer 3", "Hva satt innbyggerne igjen med?"} {
		if !strings.Contains(out, want) {
			t.Fatalf("missing %q in:\n%s", want, out)
		}
	}

	// The export holds every answer and the outcome report.
	md, errOut, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-demo")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	for _, want := range append([]string{"svar nummer 1", "svar nummer 7", "De fikk se skissene"}, seedQuestions...) {
		if !strings.Contains(md, want) && !strings.Contains(md, strings.ReplaceAll(want, "\"", "\\\"")) {
			t.Fatalf("export lacks %q:\n%s", want, md)
		}
	}
	js, _, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-demo", "-format", "json")
	var doc dialogs.Document
	if code != 0 || json.Unmarshal([]byte(js), &doc) != nil || len(doc.Outcomes) != 1 || len(doc.Rounds) != 1 {
		t.Fatalf("json export: code %d, %+v", code, doc)
	}
	answers := 0
	for _, q := range doc.Rounds[0].Questions {
		answers += len(q.Answers)
	}
	if answers != 14 {
		t.Fatalf("json export has %d answers, want 14", answers)
	}

	cases, _, code := runCLI(t, "", "cases", "-db", db)
	if code != 0 || !strings.Contains(cases, "sak-demo") || !strings.Contains(cases, "completed") {
		t.Fatalf("cases: %d %s", code, cases)
	}
}

func TestConsoleEnglish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "involve.db")
	out, _, code := runCLI(t, "/involve status\n", "console", "-db", db, "-lang", "en", "-channel", "case-bench")
	if code != 0 || !strings.Contains(out, "What must we have thought about beforehand?") || !strings.Contains(out, "Question 1 of 14 is waiting for an answer.") {
		t.Fatalf("english console: %d\n%s", code, out)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[nudge]\ntimezone = \"Europe/Olso\"\n"), 0o600)
	none := filepath.Join(dir, "none.toml")
	os.WriteFile(none, []byte("[coach]\nlanguage = \"nb\"\n"), 0o600)
	db := filepath.Join(dir, "x.db")
	runCLI(t, "", "console", "-db", db, "-channel", "kanal")

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"export missing db", []string{"export", "-db", missing, "-channel", "C1"}, 1, "no database at"},
		{"export unknown channel", []string{"export", "-db", db, "-channel", "C404"}, 1, `no case for channel "C404"`},
		{"export without channel", []string{"export", "-db", db}, 2, "-channel ID is required"},
		{"export bad format", []string{"export", "-db", db, "-channel", "kanal", "-format", "pdf"}, 2, "use md, json or docx"},
		{"cases missing db", []string{"cases", "-db", missing}, 1, "no database at"},
		{"console bad lang", []string{"console", "-db", db, "-lang", "de"}, 2, "use nb, nn or en"},
		{"serve without config", []string{"serve"}, 2, "-config FILE is required"},
		{"serve bad config", []string{"serve", "-config", bad}, 1, "bad.toml:2: nudge.timezone"},
		{"serve no platform", []string{"serve", "-config", none}, 1, "involvebot console"},
		{"bad flag", []string{"cases", "-nope"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("a failed export created the database")
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "involvebot ") {
		t.Fatalf("version: %d %q", code, out)
	}
}
