package console_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/console"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// Keys as a terminal sends them.
const (
	keyLeft  = "\x1b[D"
	keyRight = "\x1b[C"
	keyUp    = "\x1b[A"
	keyEnter = "\r"
	keyCtrlD = "\x04"
	keyCtrlC = "\x03"
)

// csi matches a terminal control sequence.
var csi = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")

// rig runs a console on the slave side of a pseudo-terminal, as
// `involvebot console` does on a real one, and types on the master side.
type rig struct {
	t      testing.TB
	db     *storage.DB
	e      *bot.Engine
	ptmx   *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	mark   int // how far waitFor has read
	done   chan error
	closed chan struct{}
}

func newRig(t testing.TB, channel string) *rig {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "involve.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, db: db, ptmx: ptmx, done: make(chan error, 1), closed: make(chan struct{})}
	go func() {
		defer close(r.closed)
		buf := make([]byte, 32*1024)
		for {
			n, err := ptmx.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	term, err := console.NewTerminal(tty, tty, "> ")
	if err != nil {
		t.Fatal(err)
	}
	r.e = bot.New(db, bot.Options{Lang: dialogs.NB, Prefixes: []string{"sak-"}, AutoStart: true})
	c := console.New(r.e, channel, term.Stdout())
	c.Dir = t.TempDir()
	go func() {
		err := c.RunLines(context.Background(), term)
		term.Close()
		r.done <- err
	}()
	return r
}

// ready waits for the next question, s, and the prompt after it.
func (r *rig) ready(s string) {
	r.t.Helper()
	r.waitFor(s)
	r.waitFor("> ")
}

// output is everything the terminal showed so far.
func (r *rig) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// waitFor waits until the terminal shows s after what the last waitFor
// found; it polls the output, it does not time anything.
func (r *rig) waitFor(s string) {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a bound for a hung test, not a timing claim
	for {
		r.mu.Lock()
		i := bytes.Index(r.out.Bytes()[r.mark:], []byte(s))
		if i >= 0 {
			r.mark += i + len(s)
		}
		r.mu.Unlock()
		if i >= 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the terminal never showed %q:\n%s", s, r.output())
		}
		time.Sleep(time.Millisecond)
	}
}

// waitUntil polls the output until ok holds.
func (r *rig) waitUntil(what string, ok func(out string) bool) {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a bound for a hung test, not a timing claim
	for !ok(r.output()) {
		if time.Now().After(deadline) {
			out := r.output()
			r.t.Fatalf("%s: never; the output ends %q", what, out[max(0, len(out)-60):])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// typeKeys types keys in small pieces, as a person or a paste would.
func (r *rig) typeKeys(keys string) {
	r.t.Helper()
	for len(keys) > 0 {
		n := min(len(keys), 512)
		if _, err := io.WriteString(r.ptmx, keys[:n]); err != nil {
			r.t.Fatal(err)
		}
		keys = keys[n:]
	}
}

func (r *rig) answers(question int) []string {
	r.t.Helper()
	c, err := r.e.Case("sak-demo")
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, a := range c.Answers {
		if a.Question == question {
			out = append(out, a.Text)
		}
	}
	return out
}

func TestTerminalLineEditing(t *testing.T) {
	r := newRig(t, "sak-demo")
	r.ready(dialogs.Questions(dialogs.NB)[0].Text)
	// Type "abc", go left twice, insert "X": arrow keys edit the line,
	// they are never stored.
	r.typeKeys("abc" + keyLeft + keyLeft + "X" + keyRight + "Y" + keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[1].Text)
	if got := r.answers(1); len(got) != 1 || got[0] != "aXbYc" {
		t.Fatalf("answer to 1 = %q, want aXbYc", got)
	}
	// ↑ brings back the line before; edited and sent, it answers question 2.
	r.typeKeys(keyUp + "!" + keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[2].Text)
	if got := r.answers(2); len(got) != 1 || got[0] != "aXbYc!" {
		t.Fatalf("answer to 2 = %q, want aXbYc!", got)
	}
	if got := r.answers(3); len(got) != 0 {
		t.Fatalf("a stray key answered question 3: %q", got)
	}
	// Ctrl-D on an empty line ends the console, on a line of its own.
	r.typeKeys(keyCtrlD)
	if err := <-r.done; err != nil {
		t.Fatal(err)
	}
	r.waitUntil("the console ends on a line of its own", func(out string) bool {
		// What is left on screen: escapes that clear the line are no text.
		plain := strings.ReplaceAll(csi.ReplaceAllString(out, ""), "\r", "")
		return strings.HasSuffix(plain, "> \n")
	})
}

func TestTerminalTakesALongPasteWhole(t *testing.T) {
	r := newRig(t, "sak-demo")
	r.ready(dialogs.Questions(dialogs.NB)[0].Text)
	// 5 KB, past the 4,096-byte line limit of a terminal in canonical mode.
	long := strings.Repeat("Vi møter folk på torget før høringen. ", 140)[:5000]
	long = strings.TrimSpace(long)
	r.typeKeys(long + keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[1].Text)
	if got := r.answers(1); len(got) != 1 || got[0] != long {
		t.Fatalf("the answer has %d bytes, want %d", len(strings.Join(got, "")), len(long))
	}
	r.typeKeys(":quit" + keyEnter)
	if err := <-r.done; err != nil {
		t.Fatal(err)
	}
}

// BenchmarkTerminalPaste is a 5 KB paste into the line editor, answered:
// the line editor redraws the line as it grows, so a paste costs more than
// its size suggests.
func BenchmarkTerminalPaste(b *testing.B) {
	r := newRig(b, "sak-demo")
	long := strings.TrimSpace(strings.Repeat("Vi møter folk på torget før høringen. ", 140)[:5000])
	r.ready(dialogs.Questions(dialogs.NB)[0].Text)
	b.ResetTimer()
	for range b.N {
		r.typeKeys(long + keyEnter)
		// The answer is stored before the next question (or the summary) is shown.
		r.waitFor("✓")
		r.waitFor("> ")
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/paste")
}

// A three-paragraph answer pasted at a question is one answer to that
// question (bracketed paste), sent with Enter like a typed line; the next
// question gets nothing of it.
func TestTerminalPasteIsOneAnswer(t *testing.T) {
	r := newRig(t, "sak-demo")
	r.ready(dialogs.Questions(dialogs.NB)[0].Text)
	r.waitUntil("bracketed paste is turned on", func(out string) bool { return strings.Contains(out, "\x1b[?2004h") })
	paras := []string{
		strings.TrimSpace(strings.Repeat("Vi møter folk på torget før høringen. ", 25)),
		strings.TrimSpace(strings.Repeat("Ungdomsklubben får et eget møte, med pizza. ", 20)),
		strings.TrimSpace(strings.Repeat("Vi sier tydelig hva som ligger fast. ", 22)),
	}
	// As a terminal sends a paste: line breaks as \r (xterm) or \n, the
	// whole wrapped in ESC[200~ … ESC[201~, a trailing line break too.
	paste := "\x1b[200~" + paras[0] + "\r\r" + paras[1] + "\n\n" + paras[2] + "\r\n" + "\x1b[201~"
	r.typeKeys(paste)
	r.waitFor("↵")
	if got := r.answers(1); len(got) != 0 {
		t.Fatalf("the paste answered before Enter: %q", got)
	}
	r.typeKeys(keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[1].Text)
	want := strings.Join(paras, "\n\n")
	if got := r.answers(1); len(got) != 1 || got[0] != want {
		t.Fatalf("answers to 1 = %d (%q), want the three paragraphs as one", len(got), got)
	}
	if got := r.answers(2); len(got) != 0 {
		t.Fatalf("the paste spilled into question 2: %q", got)
	}
	// Typed lines are still one answer each.
	r.typeKeys("Rollen vår er å lytte." + keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[2].Text)
	if got := r.answers(2); len(got) != 1 || got[0] != "Rollen vår er å lytte." {
		t.Fatalf("answer to 2 = %q", got)
	}
	r.typeKeys(":quit" + keyEnter)
	if err := <-r.done; err != nil {
		t.Fatal(err)
	}
	r.waitUntil("bracketed paste is turned off again", func(out string) bool { return strings.Contains(out, "\x1b[?2004l") })
}

// Ctrl-C clears the half-typed line, as in a shell, and the console goes
// on; nothing of the cleared line is stored.
func TestTerminalCtrlCClearsTheLine(t *testing.T) {
	r := newRig(t, "sak-demo")
	r.ready(dialogs.Questions(dialogs.NB)[0].Text)
	r.typeKeys("halvskrevet" + keyCtrlC)
	r.waitFor("^C")
	r.typeKeys("Det vi faktisk mener." + keyEnter)
	r.ready(dialogs.Questions(dialogs.NB)[1].Text)
	if got := r.answers(1); len(got) != 1 || got[0] != "Det vi faktisk mener." {
		t.Fatalf("answer to 1 = %q, want only the line after Ctrl-C", got)
	}
	r.typeKeys(keyCtrlD)
	if err := <-r.done; err != nil {
		t.Fatal(err)
	}
}
