package etcdstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
)

// TestMemberHasDefaultLimits: the embedded member the package's tests
// (and the conformance suite's size cases) run on keeps etcd's default
// limits, so what passes here passes on a cluster left at its defaults.
func TestMemberHasDefaultLimits(t *testing.T) {
	s := open(t)
	ops := make([]clientv3.Op, etcdstore.DefaultLimits.MaxOps+1)
	for i := range ops {
		ops[i] = clientv3.OpPut(fmt.Sprintf("%sx/%d", s.Prefix(), i), "v")
	}
	if _, err := s.Client().Txn(context.Background()).Then(ops...).Commit(); !errors.Is(err, rpctypes.ErrTooManyOps) {
		t.Fatalf("a transaction of %d operations: %v, want etcd's too many operations", len(ops), err)
	}
	big := make([]byte, etcdstore.DefaultLimits.MaxBytes)
	if _, err := s.Client().Put(context.Background(), s.Prefix()+"x/big", string(big)); !errors.Is(err, rpctypes.ErrRequestTooLarge) {
		t.Fatalf("a request of 1.5 MiB: %v, want etcd's request too large", err)
	}
}

func keysUnder(t *testing.T, s *etcdstore.Store, p string) int64 {
	t.Helper()
	r, err := s.Client().Get(context.Background(), s.Prefix()+p, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		t.Fatal(err)
	}
	return r.Count
}

func replies(ch string, n int) []bot.Outgoing {
	out := make([]bot.Outgoing, n)
	for i := range out {
		out[i] = bot.Outgoing{Platform: "slack", Channel: ch, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: fmt.Sprint(i)}}
	}
	return out
}

// TestSplitCommitCrashBeforeFlip: a process that dies after staging a
// split commit and before its flip leaves nothing anyone sees: the case
// as it was, no reply, the event not seen; its redelivery commits whole,
// and the leftovers are dropped.
func TestSplitCommitCrashBeforeFlip(t *testing.T) {
	s := open(t)
	c := newCase("X1")
	for i := range 200 {
		c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: 1 + i%14, Author: "U1", Text: fmt.Sprint("svar ", i)})
	}
	r, err := s.Commit(context.Background(), bot.Change{Channel: "X1", Case: c})
	if err != nil {
		t.Fatal(err)
	}
	now := c.Clone()
	now.Answers = now.Answers[1:]
	ch := bot.Change{Channel: "X1", Base: r.Rev, Case: now, Was: c, EventID: "EvSplit", At: time.Now(), Outbox: replies("X1", 300)}
	etcdstore.CrashAt(s, "staged")
	if _, err := s.Commit(context.Background(), ch); err == nil {
		t.Fatal("the stopped commit returned no error")
	}
	etcdstore.CrashAt(s, "")
	other := etcdstore.New(s.Client(), s.Prefix()) // the replica the event goes to next
	got, rev, err := other.Load(context.Background(), "X1")
	if err != nil || rev != r.Rev || len(got.Answers) != 200 || got.Answers[0].Text != "svar 0" {
		t.Fatalf("after a crash before the flip: rev %d (was %d), %d answers, %v", rev, r.Rev, len(got.Answers), err)
	}
	if out, _ := other.Outbox(context.Background(), 1000); len(out) != 0 {
		t.Fatalf("%d replies of a commit that never flipped", len(out))
	}
	if seen, _ := other.Seen(context.Background(), "EvSplit"); seen {
		t.Fatal("the event of a commit that never flipped is seen: its redelivery would be lost")
	}
	done, err := other.Commit(context.Background(), ch)
	if err != nil || done.Duplicate || len(done.Items) != 300 {
		t.Fatalf("the redelivered event: %d items, %v", len(done.Items), err)
	}
	if got, _, _ := other.Load(context.Background(), "X1"); len(got.Answers) != 199 || got.Answers[0].Text != "svar 1" {
		t.Fatalf("after the redelivery: %d answers", len(got.Answers))
	}
	// The crashed commit's records went with the flip; its staged replies
	// go with housekeeping.
	if n := keysUnder(t, s, "c/X1/a/"); n != 199 {
		t.Fatalf("%d answer keys for 199 answers", n)
	}
	if n := keysUnder(t, s, "q/"); n == 0 {
		t.Fatal("no staged replies left by the crash: the test does not test it")
	}
	if _, err := other.PruneEvents(context.Background(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := keysUnder(t, s, "q/"); n != 0 {
		t.Fatalf("%d staged keys left after housekeeping", n)
	}
}

// TestSplitCommitCrashAfterFlip: a process that dies after the flip and
// before its replies moved loses none of them: its redelivered event is a
// duplicate, the channel's next commit moves them first (so that they stay
// before its own), and every reply is in the outbox once, in order.
func TestSplitCommitCrashAfterFlip(t *testing.T) {
	s := open(t)
	r, err := s.Commit(context.Background(), bot.Change{Channel: "X2", Case: newCase("X2")})
	if err != nil {
		t.Fatal(err)
	}
	ch := bot.Change{Channel: "X2", Base: r.Rev, EventID: "EvFlip", At: time.Now(), Outbox: replies("X2", 300)}
	etcdstore.CrashAt(s, "flipped")
	if _, err := s.Commit(context.Background(), ch); err == nil {
		t.Fatal("the stopped commit returned no error")
	}
	other := etcdstore.New(s.Client(), s.Prefix())
	if dup, err := other.Commit(context.Background(), ch); err != nil || !dup.Duplicate {
		t.Fatalf("the redelivered event: %+v %v, want a duplicate", dup.Duplicate, err)
	}
	next, err := other.Commit(context.Background(), bot.Change{Channel: "X2", Base: r.Rev, At: time.Now(), Outbox: replies("X2", 1)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := other.Outbox(context.Background(), 1000)
	if err != nil || len(out) != 301 {
		t.Fatalf("%d replies in the outbox, want 301 (%v)", len(out), err)
	}
	for i, it := range out[:300] {
		if it.Reply.Text != fmt.Sprint(i) {
			t.Fatalf("reply %d is %q", i, it.Reply.Text)
		}
	}
	if out[300].ID != next.Items[0].ID {
		t.Fatalf("the next commit's reply is not last: %d, want %d", out[300].ID, next.Items[0].ID)
	}
	checkOnceInOrder(t, out)
	if n := keysUnder(t, s, "q/") + keysUnder(t, s, "k/"); n != 0 {
		t.Fatalf("%d staging keys left", n)
	}
}

// TestSplitCommitMovedByTheLeader: replies left by a crash after the flip
// are in the snapshot of a leader that starts following the outbox.
func TestSplitCommitMovedByTheLeader(t *testing.T) {
	s := open(t)
	etcdstore.CrashAt(s, "flipped")
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "X3", EventID: "digest:1", At: time.Now(), Outbox: replies("X3", 200)}); err == nil {
		t.Fatal("the stopped commit returned no error")
	}
	lead := etcdstore.New(s.Client(), s.Prefix())
	ctx, cancel := context.WithCancel(context.Background())
	var snap []bot.Outgoing
	err := lead.FollowOutbox(ctx, func(items []bot.Outgoing) { snap = items; cancel() }, func([]bot.Outgoing) {})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap) != 200 {
		t.Fatalf("the leader's snapshot holds %d replies, want 200", len(snap))
	}
	checkOnceInOrder(t, snap)
}

// TestResidentsInTheHeadKept: a case written before residents' answers had
// keys of their own keeps them in its head; its next commit moves them to
// their keys and loses none.
func TestResidentsInTheHeadKept(t *testing.T) {
	s := open(t)
	c := newCase("X4")
	c.Residents = &dialogs.ResidentsPage{Code: "oldpage001", Open: true, Next: 3, Answers: []dialogs.ResidentAnswer{
		{N: 1, Text: "Benker"}, {N: 2, Text: "Trær"}}}
	head := *c
	head.Answers, head.Reports, head.Notes, head.Prompts = nil, nil, nil, nil
	b, _ := json.Marshal(&head)
	if _, err := s.Client().Put(context.Background(), s.Prefix()+"c/"+url.PathEscape("X4")+"/h", string(b)); err != nil {
		t.Fatal(err)
	}
	was, rev, err := s.Load(context.Background(), "X4")
	if err != nil || len(was.Residents.Answers) != 2 {
		t.Fatalf("the old head: %+v %v", was, err)
	}
	now := was.Clone()
	now.Residents.Answers = append(now.Residents.Answers, dialogs.ResidentAnswer{N: 3, Text: "Lys"})
	now.Residents.Next = 4
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "X4", Base: rev, Case: now, Was: was}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*etcdstore.Store{s, etcdstore.New(s.Client(), s.Prefix())} {
		got, _, err := st.Load(context.Background(), "X4")
		if err != nil || len(got.Residents.Answers) != 3 || got.Residents.Answers[0].Text != "Benker" {
			t.Fatalf("after the first commit: %+v %v", got.Residents, err)
		}
	}
	if n := keysUnder(t, s, "c/X4/v/"); n != 3 {
		t.Fatalf("%d residents' answer keys, want 3", n)
	}
}
