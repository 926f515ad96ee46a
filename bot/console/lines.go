package console

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// LineReader gives one line of input at a time, without its line ending.
// It returns io.EOF at the end of the input. A terminal with line editing
// is one; piped input is read by Lines.
type LineReader interface {
	ReadLine() (string, error)
}

// ErrTooLong is returned, with the line dropped, for a line longer than
// the reader's limit; the next call reads the line after it.
var ErrTooLong = errors.New("console: line too long")

// Lines reads lines from r, each at most max bytes. A longer line is
// skipped whole, reported as ErrTooLong, and reading goes on after it.
func Lines(r io.Reader, max int) LineReader {
	return &lines{r: bufio.NewReaderSize(r, 64*1024), max: max}
}

type lines struct {
	r   *bufio.Reader
	max int
}

func (l *lines) ReadLine() (string, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > l.max+2 { // room for "\r\n"
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && (len(buf) > 0 || tooLong):
			// The last line without a line ending.
		case err != nil:
			return "", err
		}
		if tooLong {
			return "", ErrTooLong
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
		if len(line) > l.max {
			return "", ErrTooLong
		}
		return string(line), nil
	}
}
