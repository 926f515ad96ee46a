package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A misspelt subcommand names the nearest one; a word far from every
// subcommand gets the usage alone.
func TestUnknownCommandSuggestsTheNearest(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{"consol", "did you mean console?"},
		{"exprot", "did you mean export?"},
		{"serv", "did you mean serve?"},
		{"frobnicate", ""},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{tc.arg}, strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("%s: exit %d, want 2", tc.arg, code)
		}
		first := strings.SplitN(errb.String(), "\n", 2)[0]
		if tc.want != "" && !strings.Contains(first, tc.want) {
			t.Errorf("%s: %q, want %q", tc.arg, first, tc.want)
		}
		if tc.want == "" && strings.Contains(first, "did you mean") {
			t.Errorf("%s: %q suggests a command far away", tc.arg, first)
		}
	}
}
