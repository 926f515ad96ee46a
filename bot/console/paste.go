package console

import (
	"bytes"
	"io"
	"strings"
)

// Bracketed paste: a terminal asked to (ESC[?2004h) wraps whatever is
// pasted in ESC[200~ … ESC[201~, so a paste can be told from typing. The
// line editor takes one line per Enter; a pasted line break would end the
// line there, and the rest of a three-paragraph paste would answer the
// next questions. So inside a paste, line breaks reach the editor as
// LineBreak, shown as ↵ in the line, and become line breaks again when the
// line is read: a paste is one answer, sent with Enter like a typed one.
const (
	pasteOn    = "\x1b[?2004h"
	pasteOff   = "\x1b[?2004l"
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// LineBreak stands for a line break pasted into the line being edited.
const LineBreak = '↵'

// pasteReader turns the line breaks of a bracketed paste into LineBreak and
// drops the markers; everything typed outside a paste passes as it is.
type pasteReader struct {
	r       io.ReadCloser
	pasting bool
	held    []byte // the start of a marker, waiting for its end
	breaks  int    // line breaks pasted and not yet passed on: a paste's last ones are dropped
	lastCR  bool   // the last pasted byte was \r (so a \n after it is the same break)
	out     []byte // filtered, not yet read
}

func newPasteReader(r io.ReadCloser) *pasteReader { return &pasteReader{r: r} }

func (p *pasteReader) Read(b []byte) (int, error) {
	for len(p.out) == 0 {
		buf := make([]byte, 4096)
		n, err := p.r.Read(buf)
		p.filter(buf[:n])
		if err != nil {
			if len(p.out) == 0 {
				p.out = append(p.out, p.held...)
				p.held = nil
				if len(p.out) == 0 {
					return 0, err
				}
			}
			break
		}
	}
	n := copy(b, p.out)
	p.out = p.out[n:]
	return n, nil
}

// filter passes data on into p.out.
func (p *pasteReader) filter(data []byte) {
	data = append(p.held, data...)
	p.held = nil
	for len(data) > 0 {
		if data[0] == 0x1b {
			marker := pasteStart
			if p.pasting {
				marker = pasteEnd
			}
			switch {
			case bytes.HasPrefix(data, []byte(marker)):
				p.pasting = !p.pasting
				if !p.pasting {
					p.breaks, p.lastCR = 0, false // trailing line breaks end no line
				}
				data = data[len(marker):]
				continue
			case len(data) < len(marker) && strings.HasPrefix(marker, string(data)):
				p.held = append(p.held[:0], data...)
				return
			}
		}
		c := data[0]
		data = data[1:]
		if !p.pasting {
			p.out = append(p.out, c)
			continue
		}
		switch {
		case c == '\n' && p.lastCR:
			p.lastCR = false
		case c == '\r' || c == '\n':
			p.breaks++
			p.lastCR = c == '\r'
		case c == '\t':
			p.flush()
			p.out = append(p.out, ' ')
		case c < 0x20 || c == 0x7f:
			// A control key inside a paste would edit the line: dropped.
			p.lastCR = false
		default:
			p.flush()
			p.out = append(p.out, c)
		}
	}
}

// flush passes on the line breaks pasted before more text.
func (p *pasteReader) flush() {
	p.lastCR = false
	for ; p.breaks > 0; p.breaks-- {
		p.out = append(p.out, string(LineBreak)...)
	}
}

func (p *pasteReader) Close() error { return p.r.Close() }

// unbreak turns the pasted line breaks of a line back into "\n".
func unbreak(line string) string {
	return strings.ReplaceAll(line, string(LineBreak), "\n")
}
