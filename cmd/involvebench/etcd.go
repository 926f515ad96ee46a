package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/etcdstore/etcdtest"
	"github.com/oslo-involve/involve/storage"
)

// etcd measures answers end to end on a three-member etcd cluster (in
// this process, on this machine's disk) with 1, 2 and 3 replicas, against
// bbolt in the same run, and how long the scheduler takes to move when
// its leader dies.
func (r *report) etcd() error {
	dir, err := os.MkdirTemp("", "involvebench-etcd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cluster, err := etcdtest.New(filepath.Join(dir, "etcd"), 3)
	if err != nil {
		return err
	}
	defer cluster.Close()
	channels, each := 200, 10
	if r.quick {
		channels, each = 60, 5
	}
	rows := [][]string{{"store", "replicas", "answers", "acknowledged/s", "delivered/s (✅ posted)", "ack p50", "ack p99", "conflicts (each stepped again)"}}
	db, err := storage.Open(filepath.Join(dir, "bbolt.db"), nil)
	if err != nil {
		return err
	}
	res, err := answersOn([]bot.Store{db}, nil, channels, each, "bbolt")
	db.Close()
	if err != nil {
		return err
	}
	rows = append(rows, res.row("bbolt (one file)", 1))
	for n := 1; n <= 3; n++ {
		var stores []bot.Store
		var ets []*etcdstore.Store
		for i := range n {
			eps := cluster.Endpoints()
			mine := append([]string{eps[i]}, append(append([]string{}, eps[:i]...), eps[i+1:]...)...)
			s, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: mine, Prefix: fmt.Sprintf("/bench%d/", n)})
			if err != nil {
				return err
			}
			defer s.Close()
			stores, ets = append(stores, s), append(ets, s)
		}
		res, err := answersOn(stores, ets, channels, each, fmt.Sprintf("etcd%d", n))
		if err != nil {
			return err
		}
		rows = append(rows, res.row("etcd, 3 members", n))
	}
	failover, resign, err := failoverTime(cluster.Endpoints())
	if err != nil {
		return err
	}
	r.add(section{
		title: "Several replicas on etcd",
		intro: fmt.Sprintf("Answers end to end: %d cases started, then %d answers to each case's first question from 32 callers at once, "+
			"handed round-robin to the replicas (engines in this process, each on its own etcd client, preferring its own member); "+
			"each answer is committed before it is acknowledged, and its ✅ is delivered by the elected leader to an in-process platform. "+
			"etcd runs three members in this process on this machine's disk, beside a bbolt file in the same run.", channels, each),
		rows: rows,
		notes: []string{
			fmt.Sprintf("Scheduler failover (session TTL 5 s): the leader's connection cut (a crash) → another replica leads after **%s**; "+
				"a leader that stops cleanly resigns → another leads after **%s**.", dur(failover), dur(resign)),
			"Conflicts come from two replicas stepping the same case at once (answers to one case spread over the replicas); each is stepped again on the case as stored, so none is lost.",
		},
	})
	return nil
}

type answerRun struct {
	n                int
	acked, delivered time.Duration
	p50, p99         time.Duration
	conflicts        int64
}

func (a answerRun) row(store string, replicas int) []string {
	return []string{store, fmt.Sprint(replicas), fmt.Sprint(a.n),
		fmt.Sprintf("%.0f", float64(a.n)/a.acked.Seconds()), fmt.Sprintf("%.0f", float64(a.n)/a.delivered.Seconds()),
		dur(a.p50), dur(a.p99), fmt.Sprintf("%d (%.1f%%)", a.conflicts, 100*float64(a.conflicts)/float64(a.n))}
}

// platformSink posts instantly and names each post.
type platformSink struct{ n atomic.Int64 }

func (p *platformSink) Send(context.Context, bot.Outgoing) (string, error) {
	return fmt.Sprintf("1700000000.%06d", p.n.Add(1)), nil
}

type conflictCount struct{ n atomic.Int64 }

func (c *conflictCount) Conflict() { c.n.Add(1) }

// answersOn runs the answer load on one engine per store; with etcd
// stores the engines share the outbox and elect a leader.
func answersOn(stores []bot.Store, ets []*etcdstore.Store, channels, each int, tag string) (answerRun, error) {
	sink := &platformSink{}
	conflicts := &conflictCount{}
	var engines []*bot.Engine
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel below: deferred calls run last first
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i, s := range stores {
		e := bot.New(s, bot.Options{Prefixes: []string{"sak-"}, AutoStart: true, Shared: ets != nil})
		e.Register("slack", sink)
		engines = append(engines, e)
		var leader bot.Leader = bot.Alone{}
		if ets != nil {
			ets[i].Metrics = conflicts
			leader = etcdstore.NewElector(ets[i], fmt.Sprintf("%s-r%d", tag, i))
		}
		wg.Go(func() { bot.WhileLeading(ctx, leader, nil, e.Run) })
	}
	var next atomic.Int64
	handle := func(ev bot.Event) error {
		e := engines[int(next.Add(1))%len(engines)]
		_, err := e.Handle(context.Background(), ev)
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: starting %d cases\n", tag, channels)
	// Start every case and wait for its first prompt to be posted.
	err := parallel(32, channels, func(i int) error {
		return handle(bot.Event{ID: fmt.Sprintf("%s-start-%d", tag, i), Platform: "slack", Channel: fmt.Sprintf("C%05d", i), ChannelName: fmt.Sprintf("sak-%d", i),
			Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U1"}})
	})
	if err != nil {
		return answerRun{}, err
	}
	prompts := make([]string, channels)
	deadline := time.Now().Add(2 * time.Minute)
	for i := range channels {
		for {
			c, _, err := stores[0].Load(context.Background(), fmt.Sprintf("C%05d", i))
			if err == nil {
				for _, p := range c.Prompts {
					if p.Kind == dialogs.PostedPrompt && p.Question == 1 {
						prompts[i] = p.Ref
					}
				}
			}
			if prompts[i] != "" {
				break
			}
			if time.Now().After(deadline) {
				return answerRun{}, fmt.Errorf("%s: case %d's first prompt was not posted", tag, i)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	before := sink.n.Load()
	n := channels * each
	lat := make([]time.Duration, n)
	start := time.Now()
	err = parallel(32, n, func(k int) error {
		i, j := k%channels, k/channels
		t0 := time.Now()
		err := handle(bot.Event{ID: fmt.Sprintf("%s-a-%d", tag, k), Platform: "slack", Channel: fmt.Sprintf("C%05d", i),
			Input: dialogs.Input{Kind: dialogs.InputMessage, Text: fmt.Sprintf("svar %d", j), User: fmt.Sprintf("U%d", j),
				Thread: prompts[i], Ours: true, Ref: fmt.Sprintf("1700000001.%06d", k)}})
		lat[k] = time.Since(t0)
		return err
	})
	if err != nil {
		return answerRun{}, err
	}
	acked := time.Since(start)
	// Delivered: the outbox is empty.
	for {
		left, err := stores[0].Outbox(context.Background(), 1)
		if err != nil {
			return answerRun{}, err
		}
		pending := 0
		for _, e := range engines {
			pending += e.Pending()
		}
		if len(left) == 0 && pending == 0 {
			break
		}
		if time.Now().After(start.Add(5 * time.Minute)) {
			return answerRun{}, fmt.Errorf("%s: %d replies delivered, some still waiting after 5 minutes", tag, sink.n.Load()-before)
		}
		time.Sleep(time.Millisecond)
	}
	delivered := time.Since(start)
	fmt.Fprintf(os.Stderr, "%s: %d answers, %d replies delivered\n", tag, n, sink.n.Load()-before)
	p50, p99 := quantiles(lat)
	return answerRun{n: n, acked: acked, delivered: delivered, p50: p50, p99: p99, conflicts: conflicts.n.Load()}, nil
}

// failoverTime measures how long the scheduler takes to move: once when
// the leader's connection is cut, once when it resigns.
func failoverTime(endpoints []string) (crash, resign time.Duration, err error) {
	measure := func(crashIt bool) (time.Duration, error) {
		prefix := fmt.Sprintf("/failover-%v/", crashIt)
		var els []*etcdstore.Elector
		var stores []*etcdstore.Store
		for range 2 {
			s, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: endpoints, Prefix: prefix})
			if err != nil {
				return 0, err
			}
			defer s.Close()
			stores = append(stores, s)
			els = append(els, etcdstore.NewElector(s, fmt.Sprintf("r%d", len(els))))
		}
		ctx0, cancel0 := context.WithCancel(context.Background())
		defer cancel0()
		if _, err := els[0].Lead(ctx0); err != nil {
			return 0, err
		}
		led := make(chan time.Time, 1)
		ctx1, cancel1 := context.WithCancel(context.Background())
		defer cancel1()
		go func() {
			if _, err := els[1].Lead(ctx1); err == nil {
				led <- time.Now()
			}
		}()
		time.Sleep(200 * time.Millisecond) // the second is campaigning
		start := time.Now()
		if crashIt {
			stores[0].Client().Close()
		} else {
			cancel0()
		}
		select {
		case at := <-led:
			return at.Sub(start), nil
		case <-time.After(time.Minute):
			return 0, fmt.Errorf("no new leader within a minute")
		}
	}
	if crash, err = measure(true); err != nil {
		return 0, 0, err
	}
	resign, err = measure(false)
	return crash, resign, err
}
