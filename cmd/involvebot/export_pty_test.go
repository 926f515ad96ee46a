//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY returns the terminal end of a new pseudo-terminal.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestExportDocxToTerminal: a Word document is refused on a terminal
// without -o, with a clear answer, and nothing is written there.
func TestExportDocxToTerminal(t *testing.T) {
	db := exportDB(t)
	tty := openPTY(t)
	var errb bytes.Buffer
	code := run(context.Background(), []string{"export", "-db", db, "-channel", "sak-grorud-sentrum", "-format", "docx"},
		strings.NewReader(""), tty, &errb)
	if code != 2 || !strings.Contains(errb.String(), "add -o FILE.docx") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// Markdown to the terminal is fine.
	errb.Reset()
	if code := run(context.Background(), []string{"export", "-db", db, "-channel", "sak-grorud-sentrum"},
		strings.NewReader(""), tty, &errb); code != 0 {
		t.Fatalf("markdown to a terminal: exit %d: %s", code, errb.String())
	}
}
