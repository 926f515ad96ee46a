// Package bottest is the test kit of the engine and its adapters, named
// like net/http/httptest: an engine on a real bbolt database under
// t.TempDir() that is checked at cleanup and can be reopened (New), a
// Handler and a Sender that record what passes through them, a Clock the
// test moves by hand, and WaitFor, the one way a test waits for something
// asynchronous to happen.
//
// It is for tests only. It knows the engine and the bbolt store; it knows
// nothing of any platform: each adapter's own fakes (slacktest, the fake
// Bot Framework) speak the platform's wire format.
package bottest
