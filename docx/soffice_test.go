package docx

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// soffice returns LibreOffice's command. Without it the test is skipped
// on a developer's machine, and fails in CI (CI is set), where .ci/run
// installs it.
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("soffice is not installed, and CI must run the real-client test: .ci/run installs libreoffice-writer-nogui")
	}
	t.Skip("soffice is not installed: apt-get install libreoffice-writer-nogui to open the documents in a real client")
	return ""
}

// convert has LibreOffice convert every file in dir to format ("txt",
// "pdf"), with a profile of this test's own, and returns what it wrote by
// input name. A file it cannot load yields nothing.
func convert(t *testing.T, bin, dir, format string, names ...string) map[string][]byte {
	t.Helper()
	filter := format
	if format == "txt" {
		filter = "txt:Text (encoded):UTF8"
	}
	out := filepath.Join(dir, format)
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "profile"))
	args := []string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", filter, "--outdir", out}
	for _, n := range names {
		args = append(args, filepath.Join(dir, n))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, log.String())
	}
	got := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(n, ".docx")+"."+format))
		if err == nil {
			got[n] = b
		}
	}
	t.Logf("soffice %s: %s", format, strings.TrimSpace(log.String()))
	return got
}

// TestLibreOffice opens the documents in a real client: LibreOffice
// converts them to text and to PDF, and the text says what the chapter
// says, in order.
func TestLibreOffice(t *testing.T) {
	bin := soffice(t)
	dir := t.TempDir()
	nb := finished(t, dialogs.NB, answersNB, 2, 4)
	nb.Reports = append(nb.Reports, dialogs.Report{Author: "U0KARI", Name: "Kari Nordmann", At: exported.AddDate(0, 0, -1), Week: 50})
	hostileCase := dialogs.Coach{}.NewCase("C0X", "slack", "sak-<&>", created)
	hostileCase.Round = 1
	for i, h := range hostile {
		hostileCase.Answers = append(hostileCase.Answers, dialogs.Answer{Round: 1, Question: i%14 + 1, Author: "U1", Text: h, At: created})
	}
	docs := map[string][]byte{
		"nb.docx":       typeset(t, chapter(nb, false)),
		"nb-names.docx": typeset(t, chapter(nb, true)),
		"en.docx":       typeset(t, chapter(finished(t, dialogs.EN, answersEN, 1, 2), false)),
		"hostile.docx":  typeset(t, dialogs.Coach{}.Document(hostileCase, exported).Chapter(true)),
		"new.docx":      typeset(t, chapter(dialogs.Coach{}.NewCase("C0NEW", "slack", "sak-ny", created), false)),
	}
	// A broken document must fail: the harness would not see it otherwise.
	docs["broken.docx"] = docs["nb.docx"][:len(docs["nb.docx"])/2]
	var names []string
	for n, b := range docs {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	txt := convert(t, bin, dir, "txt", names...)
	if _, ok := txt["broken.docx"]; ok {
		t.Errorf("LibreOffice read a broken document: the test cannot tell a broken one from a good one")
	}
	for _, n := range names {
		if _, ok := txt[n]; !ok && n != "broken.docx" {
			t.Fatalf("LibreOffice could not open %s", n)
		}
	}

	text := string(txt["nb.docx"])
	// The title, the intention, the outcome table, in the chapter's order.
	inOrder(t, "nb", text,
		"Grorud sentrum", "Medvirkning · 8. desember 2026",
		"Hva vi ønsket at innbyggerne skulle sitte igjen med", answersNB[12],
		"Hva innbyggerne satt igjen med", "Det vi ønsket: «"+answersNB[12]+"»",
		"Uke", "Dato", "Det som ble meldt",
		"48", "23. november 2026", "Rapport 1: de fikk se skissene.",
		"49", "30. november 2026", "Rapport 4: de fikk se skissene.",
		"50", "7. desember 2026", "Ingenting å melde denne uken",
		"Slik planla vi å involvere innbyggerne", "Vår rolle", answersNB[1],
		"Vedlegg: refleksjonsspørsmålene")
	// The 14 questions in order, each answer under its question.
	appendix := text[strings.Index(text, "Vedlegg: refleksjonsspørsmålene"):]
	var want []string
	for i, q := range dialogs.Questions(dialogs.NB) {
		want = append(want, fmt.Sprintf("%d. %s", q.Number, q.Text), answersNB[i]+" (20. november 2026)",
			fmt.Sprintf("Tillegg 1 til spørsmål %d. (20. november 2026)", i+1))
	}
	inOrder(t, "nb appendix", appendix, want...)
	for _, p := range people {
		if strings.Contains(text, p.name) || strings.Contains(text, p.id) {
			t.Errorf("the document without names names %s", p.name)
		}
	}

	named := string(txt["nb-names.docx"])
	inOrder(t, "nb with names", named, "Meldt av", "Rapport 1: de fikk se skissene.", people[0].name,
		"1. "+dialogs.Questions(dialogs.NB)[0].Text, answersNB[0]+" ("+people[0].name+", 20. november 2026)")
	for _, p := range people {
		if !strings.Contains(named, p.name) {
			t.Errorf("the document with names lacks %s", p.name)
		}
	}

	inOrder(t, "en", string(txt["en.docx"]), "Grorud sentrum", "Involving residents · 8 December 2026",
		"What we wanted the residents to be left with", answersEN[12], "What the residents were left with",
		"Week", "Date", "What was reported", "How we planned to involve residents", "Our role", answersEN[1],
		"Appendix: the reflection questions", "1. What must we have thought about beforehand?", answersEN[0])

	inOrder(t, "hostile", string(txt["hostile.docx"]), "a < b && c > d", "emoji 🙂👩🏽‍🌾🇳🇴", "مرحبا بكم في الحي", "שלום לכולם")
	inOrder(t, "never started", string(txt["new.docx"]), "Ny", "Ikke besvart ennå (spørsmål 13).", "Ingen tilbakemeldinger ennå.",
		"14. Kan vi tilby noe mer enn at de \"bare må stole på oss\"?", "Ikke besvart.")

	pdf := convert(t, bin, dir, "pdf", "nb.docx", "hostile.docx")
	for _, n := range []string{"nb.docx", "hostile.docx"} {
		if b := pdf[n]; len(b) < 1000 || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s as PDF: %d bytes", n, len(b))
		}
	}
}

// inOrder fails unless each part is in text after the one before.
func inOrder(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("%s: %q is missing or out of order after %q", what, p, text[max(0, at-80):at])
			return
		}
		at += i + len(p)
	}
}
