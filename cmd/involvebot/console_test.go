package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/storage"
)

// TestConsoleOnADatabaseInUse names both programs that may hold the file.
func TestConsoleOnADatabaseInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, errOut, code := runCLI(t, "", "console", "-db", path)
	if code == 0 || !strings.Contains(errOut, "involvebot serve") || !strings.Contains(errOut, "involvebot console") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestConsoleNynorsk(t *testing.T) {
	db := filepath.Join(t.TempDir(), "involve.db")
	out, _, code := runCLI(t, "/involve status\n", "console", "-db", db, "-lang", "nn", "-channel", "sak-nn")
	if code != 0 || !strings.Contains(out, "Kva må vi ha tenkt på i forkant?") || !strings.Contains(out, "Spørsmål 1 av 14 ventar på svar.") {
		t.Fatalf("nynorsk console: %d\n%s", code, out)
	}
}

func TestConfigAcceptsNynorsk(t *testing.T) {
	c, err := ParseConfig([]byte("[coach]\nlanguage = \"nn\"\n"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil || c.Coach.Language != "nn" {
		t.Fatalf("coach.language = %q: %v", c.Coach.Language, err)
	}
}

// The console's export writes the Markdown and the Word document, the same
// chapter /involve export sends to Slack, next to where it runs.
func TestConsoleExportWritesTheWordDocument(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out, _, code := runCLI(t, "Vi møter folk på torget.\n/involve eksport\n", "console", "-db", "involve.db", "-channel", "sak-torg")
	docs, _ := filepath.Glob(filepath.Join(dir, "involve-sak-torg-*.docx"))
	mds, _ := filepath.Glob(filepath.Join(dir, "involve-sak-torg-*.md"))
	if code != 0 || len(docs) != 1 || len(mds) != 1 {
		t.Fatalf("exit %d, documents %v %v\n%s", code, docs, mds, out)
	}
	b, err := os.ReadFile(docs[0])
	if err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("%s is no Word document: %v", docs[0], err)
	}
	if !strings.Contains(out, filepath.Base(docs[0])) {
		t.Errorf("the console does not say where the Word document is:\n%s", out)
	}
}
