package etcdstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/storetest"
	"github.com/oslo-involve/involve/etcdstore"
)

// reopenable is a store on the shared member that can close its
// connection and open a new one on the same prefix.
type reopenable struct {
	*etcdstore.Store
}

func (r reopenable) Reopen(t *testing.T) bot.Store {
	t.Helper()
	prefix, endpoints := r.Prefix(), r.Client().Endpoints()
	r.Close()
	s, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: endpoints, Prefix: prefix, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return reopenable{s}
}

// TestConformance runs the suite every bot.Store passes on an embedded
// etcd member, each subtest under a prefix of its own.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return reopenable{open(t)} })
}
