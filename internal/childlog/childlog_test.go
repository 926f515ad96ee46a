package childlog

import (
	"fmt"
	"strings"
	"testing"
)

func TestLogFindsTheAddress(t *testing.T) {
	l := New()
	// A line may arrive in pieces; other lines are kept, not parsed.
	fmt.Fprintln(l, `time=… level=INFO msg=starting`)
	line := `{"time":"2026-11-30T09:00:00Z","level":"INFO","msg":"involvebot serving","listen":"127.0.0.1:41234","platforms":"slack"}` + "\n"
	l.Write([]byte(line[:20]))
	select {
	case addr := <-l.Listening():
		t.Fatalf("address %q before the line was complete", addr)
	default:
	}
	l.Write([]byte(line[20:]))
	if addr := <-l.Listening(); addr != "127.0.0.1:41234" {
		t.Fatalf("address %q", addr)
	}
	if !strings.Contains(l.Tail(), "msg=starting") {
		t.Fatalf("tail %q", l.Tail())
	}
}

func TestLogKeepsTheEnd(t *testing.T) {
	l := New()
	for i := range 50000 {
		fmt.Fprintf(l, "line %d of a long log\n", i)
	}
	if tail := l.Tail(); !strings.HasSuffix(tail, "line 49999 of a long log\n") || len(tail) != tailSize {
		t.Fatalf("tail %d bytes, ends %q", len(tail), tail[max(len(tail)-40, 0):])
	}
}
