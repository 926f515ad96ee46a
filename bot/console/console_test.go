package console_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/console"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// piped runs a console over piped input and returns what it printed.
func piped(t *testing.T, lang dialogs.Lang, dir, input string) (string, *bot.Engine) {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "involve.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := bot.New(db, bot.Options{Lang: lang, Prefixes: []string{"sak-"}, AutoStart: true})
	var out bytes.Buffer
	c := console.New(e, "sak-demo", &out)
	c.Dir = dir
	if err := c.Run(context.Background(), strings.NewReader(input)); err != nil {
		t.Fatalf("console: %v\n%s", err, out.String())
	}
	return out.String(), e
}

func TestPipedLineOverTheLimitIsRefusedAndTheConsoleGoesOn(t *testing.T) {
	huge := strings.Repeat("x", console.MaxLine+10)
	out, e := piped(t, dialogs.NB, t.TempDir(), "Første svar.\n"+huge+"\nAndre svar.\n")
	if !strings.Contains(out, "Linjen er for lang (mer enn 1048576 byte)") {
		t.Errorf("no clear message for the long line:\n%s", out[:min(len(out), 3000)])
	}
	c, err := e.Case("sak-demo")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range c.Answers {
		got = append(got, a.Text)
	}
	if strings.Join(got, "|") != "Første svar.|Andre svar." || c.Current != 3 {
		t.Errorf("answers %q, question %d open; want the lines around the long one, kept", got, c.Current)
	}
}

func TestPipedLineJustUnderTheLimitIsKeptWhole(t *testing.T) {
	long := strings.Repeat("y", console.MaxLine)
	_, e := piped(t, dialogs.NB, t.TempDir(), long+"\r\n")
	c, _ := e.Case("sak-demo")
	if len(c.Answers) != 1 || c.Answers[0].Text != long {
		t.Fatalf("a line of exactly the limit was not kept whole")
	}
}

func TestConsoleSaysItHasNoThreadsAndListsItsKeys(t *testing.T) {
	for _, tc := range []struct {
		lang           dialogs.Lang
		threads, nudge string
	}{
		{dialogs.NB, "Konsollen har ingen tråder", ":påminn stiller ukespørsmålet nå"},
		{dialogs.NN, "Konsollen har ingen trådar", ":påminn stiller vekespørsmålet no"},
		{dialogs.EN, "The console has no threads", ":nudge asks the weekly question now"},
	} {
		out, _ := piped(t, tc.lang, t.TempDir(), "/involve help\n:help\n")
		if !strings.Contains(out, tc.threads) {
			t.Errorf("%s: the welcome does not say the console has no threads:\n%s", tc.lang, out)
		}
		if n := strings.Count(out, tc.nudge); n != 2 || !(strings.Contains(out, ":quit") || strings.Contains(out, ":avslutt")) || !strings.Contains(out, ":1") {
			t.Errorf("%s: /involve help and :help list the console's keys %d times, want 2:\n%s", tc.lang, n, out)
		}
	}
}

func TestConsoleExportWritesTheFileItNames(t *testing.T) {
	dir := t.TempDir()
	out, _ := piped(t, dialogs.NB, dir, "Vi møter folk på torget.\n/involve eksport\n")
	files, _ := filepath.Glob(filepath.Join(dir, "involve-sak-demo-*.md"))
	if len(files) != 1 {
		t.Fatalf("files %v\n%s", files, out)
	}
	doc, err := os.ReadFile(files[0])
	if err != nil || !strings.Contains(string(doc), "Vi møter folk på torget.") {
		t.Fatalf("the file holds %q, %v", doc, err)
	}
	// A document to share: readable by others as the umask allows, like
	// any file the user writes.
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("the export's mode is %v (%v), want a document others may read (0644 under umask 022)", fi.Mode().Perm(), err)
	}
	if !strings.Contains(out, "Lagret i "+files[0]) {
		t.Errorf("the console does not say where the file is:\n%s", out)
	}
}

func TestConsoleTextsInEveryLanguage(t *testing.T) {
	for _, l := range dialogs.Langs {
		out, _ := piped(t, l, t.TempDir(), ":9\n/foo\n")
		if strings.Contains(out, "%!") || strings.Count(out, ":help")+strings.Count(out, ":hjelp") < 2 {
			t.Errorf("%s: %s", l, out)
		}
	}
}

// The console's keys have Norwegian names too: :hjelp lists them, :påminn
// asks the weekly question, :avslutt ends; none of them is stored.
func TestNorwegianConsoleKeys(t *testing.T) {
	out, e := piped(t, dialogs.NB, t.TempDir(), ":hjelp\n:avslutt\nEtter slutt.\n")
	if strings.Contains(out, "Den kjenner jeg ikke") || !strings.Contains(out, ":påminn") {
		t.Errorf(":hjelp was not the help:\n%s", out)
	}
	c, _ := e.Case("sak-demo")
	if len(c.Answers) != 0 {
		t.Errorf("answers %v: a key was stored, or :avslutt did not end the console", c.Answers)
	}
}
