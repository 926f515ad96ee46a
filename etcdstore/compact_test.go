package etcdstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// TestForgetLeavesNoEarlierRevision forgets a case and reads the keyspace
// at a revision from before the forget: etcd must have compacted it away,
// so that no earlier revision still holds the case's words.
func TestForgetLeavesNoEarlierRevision(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	const marker = "Forgettable-Marker-7Q"
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := &dialogs.Case{Channel: "C0FORGET", Platform: "slack", Lang: dialogs.NB, State: dialogs.StateAsking, Current: 2, Round: 1,
		Answers: []dialogs.Answer{{Round: 1, Question: 1, Author: "U1", Name: marker, Text: marker + " answer", At: at}},
		Created: at, Updated: at}
	res, err := s.Commit(ctx, bot.Change{Channel: c.Channel, Case: c, At: at})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Client().Get(ctx, s.Prefix(), clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	before := r.Header.Revision
	if !holds(r, marker) {
		t.Fatal("the marker is not stored before the forget")
	}
	if _, err := s.Commit(ctx, bot.Change{Channel: c.Channel, Base: res.Rev, Forget: true, At: at}); err != nil {
		t.Fatal(err)
	}
	old, err := s.Client().Get(ctx, s.Prefix(), clientv3.WithPrefix(), clientv3.WithRev(before))
	if err == nil {
		if holds(old, marker) {
			t.Fatalf("revision %d still holds the forgotten case", before)
		}
		t.Fatalf("revision %d is still readable after the forget", before)
	}
	if !strings.Contains(err.Error(), "compacted") {
		t.Fatalf("read at revision %d: %v, want a compacted revision", before, err)
	}
}

func holds(r *clientv3.GetResponse, marker string) bool {
	for _, kv := range r.Kvs {
		if strings.Contains(string(kv.Value), marker) {
			return true
		}
	}
	return false
}
