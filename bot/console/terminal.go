package console

import (
	"errors"
	"io"
	"os"

	"github.com/chzyer/readline"
)

// Terminal is a line editor over a terminal: arrow keys move in the line,
// ↑ and ↓ go through the lines typed before, Ctrl-C clears the line, and
// a paste is one line, however many lines it has (bracketed paste; raw
// mode reads past the terminal's canonical line limit).
type Terminal struct {
	rl  *readline.Instance
	out io.Writer
	fd  int
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	return readline.IsTerminal(int(f.Fd()))
}

// NewTerminal opens a line editor on the terminal in, writing to out, with
// prompt before each line. Close gives the terminal back as it was.
func NewTerminal(in *os.File, out io.Writer, prompt string) (*Terminal, error) {
	fd := int(in.Fd())
	var state *readline.State
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          prompt,
		Stdin:           newPasteReader(in),
		Stdout:          out,
		HistoryLimit:    500,
		InterruptPrompt: "^C",
		EOFPrompt:       "\n", // Ctrl-D leaves the shell's prompt on a line of its own
		FuncIsTerminal:  func() bool { return true },
		FuncGetWidth:    func() int { return width(fd) },
		// Raw while a line is edited, on in rather than on the process's
		// standard input; cooked again while the coach answers.
		FuncMakeRaw: func() (err error) {
			state, err = readline.MakeRaw(fd)
			return err
		},
		FuncExitRaw: func() error {
			if state == nil {
				return nil
			}
			return readline.Restore(fd, state)
		},
	})
	if err != nil {
		return nil, err
	}
	io.WriteString(out, pasteOn)
	return &Terminal{rl: rl, out: out, fd: fd}, nil
}

// Width is the terminal's width in columns now, 80 if it does not say.
func (t *Terminal) Width() int { return width(t.fd) }

// width is the terminal's width in columns, 80 if it does not say.
func width(fd int) int {
	if w, _, err := readline.GetSize(fd); err == nil && w > 0 {
		return w
	}
	return 80
}

// Stdout is where to write while a line is being edited: it keeps the
// prompt and the line below what is written.
func (t *Terminal) Stdout() io.Writer { return t.rl.Stdout() }

// ReadLine reads one edited line; the line breaks of a paste in it are
// "\n". Ctrl-C clears the line and starts a new one, as in a shell;
// Ctrl-D on an empty line ends the input (io.EOF).
func (t *Terminal) ReadLine() (string, error) {
	for {
		line, err := t.rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			continue // readline has shown ^C and cleared the line
		}
		return unbreak(line), err
	}
}

// Close gives the terminal back as it was.
func (t *Terminal) Close() error {
	io.WriteString(t.out, pasteOff)
	return t.rl.Close()
}
