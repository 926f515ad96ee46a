package bottest

import (
	"testing"
	"time"
)

// Patience bounds every wait of the kit. It is not a timing claim: a busy
// machine may take long, and only a hung test should reach it.
const Patience = 30 * time.Second

// WaitFor polls cond until it holds, and fails the test, naming what it
// waited for, when it still does not after Patience.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Patience)
	for wait := time.Millisecond; !cond(); wait = min(2*wait, 20*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("bottest: gave up waiting for %s", what)
		}
		time.Sleep(wait)
	}
}
