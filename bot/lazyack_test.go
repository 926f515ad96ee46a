package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// An acknowledgement's delivery is not written by itself (it rides on the
// next write), so after a crash it comes back; the prompt after it in the
// same channel, in flight at the crash, must then still be sent as
// uncertain (looked for before posting again), not taken for a reply that
// never left.
func TestCrashAfterLazyAckKeepsThePromptInFlightUncertain(t *testing.T) {
	r := newRig(t, "")
	r.handle(bot.Event{Channel: "C1", ChannelName: "sak-x", Input: dialogs.Input{Kind: dialogs.InputJoined}})
	r.deliver()
	_, ref := r.lastPrompt("C1")

	// The file as a SIGKILL would leave it while question 2 is being sent:
	// a copy of the committed file taken inside that send.
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	var once sync.Once
	r.sender.fail = func(m bot.Outgoing, _ int) error {
		if m.Reply.Kind == dialogs.ReplyPrompt {
			once.Do(func() {
				b, err := os.ReadFile(r.path)
				if err == nil {
					err = os.WriteFile(crashed, b, 0o600)
				}
				if err != nil {
					t.Error(err)
				}
			})
		}
		return nil
	}
	r.handle(answer("C1", ref, "Et svar", 1))
	r.deliver()
	if n := r.sender.count(dialogs.ReplyAck); n != 1 {
		t.Fatalf("%d acknowledgements sent, want 1", n)
	}
	if items, err := r.db.Outbox(context.Background(), 10); err != nil || len(items) != 0 {
		t.Fatalf("outbox after delivery: %d items, %v; want none", len(items), err)
	}

	after := newRig(t, crashed)
	after.deliver()
	ps := after.sender.posted("C1")
	var kinds []dialogs.ReplyKind
	for _, p := range ps {
		kinds = append(kinds, p.Reply.Kind)
	}
	if len(ps) != 2 || ps[0].Reply.Kind != dialogs.ReplyAck || ps[1].Reply.Kind != dialogs.ReplyPrompt {
		t.Fatalf("after the crash: sent %v, want the acknowledgement again and the prompt in flight", kinds)
	}
	if !ps[1].Uncertain {
		t.Error("the prompt in flight at the crash was sent again without being looked for first")
	}
}
