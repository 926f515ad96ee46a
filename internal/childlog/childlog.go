package childlog

import (
	"bytes"
	"encoding/json"
	"sync"
)

// keep bounds the log kept in memory; beyond it the oldest half goes.
const keep = 1 << 20

// tailSize is how much of the log Tail returns.
const tailSize = 4000

// Log is an io.Writer for a child's standard output and error. It needs
// [log] format = "json" in the child's config.
type Log struct {
	mu     sync.Mutex
	buf    []byte
	line   []byte
	listen chan string
}

// New returns a Log that has seen nothing yet.
func New() *Log { return &Log{listen: make(chan string, 1)} }

// Listening delivers the address of the first "involvebot serving" line.
func (l *Log) Listening() <-chan string { return l.listen }

// Write keeps p and looks for the serving line in every complete line.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if len(l.buf) > keep {
		l.buf = append(l.buf[:0], l.buf[len(l.buf)-keep/2:]...)
	}
	l.line = append(l.line, p...)
	for {
		i := bytes.IndexByte(l.line, '\n')
		if i < 0 {
			break
		}
		var rec struct {
			Msg    string `json:"msg"`
			Listen string `json:"listen"`
		}
		if json.Unmarshal(l.line[:i], &rec) == nil && rec.Msg == "involvebot serving" && rec.Listen != "" {
			select {
			case l.listen <- rec.Listen:
			default:
			}
		}
		l.line = l.line[i+1:]
	}
	return len(p), nil
}

// Tail returns the end of the log, for failure messages.
func (l *Log) Tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf[max(len(l.buf)-tailSize, 0):])
}
