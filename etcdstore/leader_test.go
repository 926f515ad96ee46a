package etcdstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/etcdstore/etcdtest"
)

// timeline records what happened, in order, across replicas.
type timeline struct {
	mu     sync.Mutex
	events []string
	at     map[string]time.Time
}

func (tl *timeline) add(ev string) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.events = append(tl.events, ev)
	if tl.at == nil {
		tl.at = make(map[string]time.Time)
	}
	tl.at[ev] = time.Now()
}

func (tl *timeline) index(ev string) int {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	for i, e := range tl.events {
		if e == ev {
			return i
		}
	}
	return -1
}

// oneAtATime returns an error naming the first moment two replicas led
// at once: a replica may lead only after the one before it stopped.
func (tl *timeline) oneAtATime() error {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	leading := ""
	for i, e := range tl.events {
		name, what, _ := strings.Cut(e, " ")
		switch {
		case what == "leads" && leading != "":
			return fmt.Errorf("event %d, %q, while %s still led: %v", i, e, leading, tl.events)
		case what == "leads":
			leading = name
		case what == "stops" && name == leading:
			leading = ""
		}
	}
	return nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func elector(t *testing.T, tl *timeline, name string, prefix string, endpoints ...string) *etcdstore.Elector {
	t.Helper()
	s, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: endpoints, Prefix: prefix, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := etcdstore.NewElector(s, name)
	e.TTL = 2 * time.Second
	e.OnChange = func(leading bool) {
		if leading {
			tl.add(name + " leads")
		} else {
			tl.add(name + " stops")
		}
	}
	return e
}

// TestLeaderCutOffStopsBeforeAnotherStarts cuts the leader off from etcd
// (its only member stops): it must stop leading before the other replica,
// which reaches the two remaining members, starts.
func TestLeaderCutOffStopsBeforeAnotherStarts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-member cluster")
	}
	c := etcdtest.Start(t, 3)
	var tl timeline
	a := elector(t, &tl, "a", "/lead/", c.Members[0].Client)
	b := elector(t, &tl, "b", "/lead/", c.Members[1].Client, c.Members[2].Client)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	actx, err := a.Lead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bled := make(chan error, 1)
	go func() {
		_, err := b.Lead(ctx)
		bled <- err
	}()
	if who, err := b.Leader(ctx); err != nil || who != "a" {
		t.Fatalf("leader seen by b: %q %v", who, err)
	}
	cut := time.Now()
	c.Members[0].Stop()
	if err := <-bled; err != nil {
		t.Fatal(err)
	}
	<-actx.Done()
	ia, ib := tl.index("a stops"), tl.index("b leads")
	if ia < 0 || ib < 0 || ia > ib {
		t.Fatalf("timeline %v: a must stop before b leads", tl.events)
	}
	t.Logf("cut off: a stopped after %v, b led after %v (TTL %v)",
		tl.at["a stops"].Sub(cut).Round(time.Millisecond), tl.at["b leads"].Sub(cut).Round(time.Millisecond), b.TTL)
}

// TestLeaderResignsOnStop: a replica that stops hands the lead over at once.
func TestLeaderResignsOnStop(t *testing.T) {
	s := open(t)
	var tl timeline
	p := s.Prefix()
	a := elector(t, &tl, "a", p, s.Client().Endpoints()...)
	b := elector(t, &tl, "b", p, s.Client().Endpoints()...)
	actx, acancel := context.WithCancel(context.Background())
	if _, err := a.Lead(actx); err != nil {
		t.Fatal(err)
	}
	bctx, bcancel := context.WithCancel(context.Background())
	defer bcancel()
	bled := make(chan error, 1)
	go func() { _, err := b.Lead(bctx); bled <- err }()
	time.Sleep(50 * time.Millisecond) // let b campaign (the order below holds either way)
	acancel()
	if err := <-bled; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a to stop", func() bool { return !a.Leading() })
	if !b.Leading() || tl.index("a stops") > tl.index("b leads") {
		t.Fatalf("timeline %v", tl.events)
	}
	t.Logf("handed over in %v", tl.at["b leads"].Sub(tl.at["a stops"]).Round(time.Millisecond))
}
