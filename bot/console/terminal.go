package console

import (
	"errors"
	"io"
	"os"

	"github.com/chzyer/readline"
)

// Terminal is a line editor over a terminal: arrow keys move in the line,
// ↑ and ↓ go through the lines typed before, and a long paste is taken
// whole (raw mode reads past the terminal's canonical line limit).
type Terminal struct {
	rl *readline.Instance
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
		Stdin:           in,
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
	return &Terminal{rl: rl}, nil
}

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

// ReadLine reads one edited line. Ctrl-D on an empty line and Ctrl-C end
// the input (io.EOF).
func (t *Terminal) ReadLine() (string, error) {
	line, err := t.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", io.EOF
	}
	return line, err
}

// Close gives the terminal back as it was.
func (t *Terminal) Close() error { return t.rl.Close() }
