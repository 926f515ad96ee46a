package main

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/etcdstore/etcdtest"
)

// TestServeResidentsOnEtcdWithoutSecret: with the residents' page on, etcd
// as the store and no residents.secret, serve starts (it used to crash on
// a nil database) and keeps the random key in etcd.
func TestServeResidentsOnEtcdWithoutSecret(t *testing.T) {
	c := etcdtest.Start(t, 1)
	doc := etcdConfigDoc(c.Endpoints(), "/involve/", "") + "public_url = \"http://127.0.0.1:3000\"\n\n[residents]\nenabled = true\n"
	cfg, err := ParseConfig([]byte(doc), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, nil, cfg)
	if code, _ := get(t, s.base, "/r/nocode00000", ""); code != 404 {
		t.Errorf("an unknown page: %d, want 404", code)
	}
	st, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: c.Endpoints(), Prefix: "/involve/", DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.State(context.Background(), residentsSecretKey); err != nil || len(v) < minResidentsSecret {
		t.Fatalf("the secret kept in etcd: %d bytes, %v", len(v), err)
	}
}

// TestResidentsSecretSharedByReplicas: replicas that start at once on one
// etcd make one secret between them, and keep it across restarts.
func TestResidentsSecretSharedByReplicas(t *testing.T) {
	c := etcdtest.Start(t, 1)
	open := func() *etcdstore.Store {
		st, err := etcdstore.Open(context.Background(), etcdstore.Config{Endpoints: c.Endpoints(), Prefix: "/involve/", DialTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	const n = 4
	got := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		st := open()
		wg.Go(func() {
			s, err := residentsSecret(st, "")
			if err != nil {
				t.Error(err)
			}
			got[i] = s
		})
	}
	wg.Wait()
	for i := range got {
		if len(got[i]) < minResidentsSecret || !bytes.Equal(got[i], got[0]) {
			t.Fatalf("replica %d has a secret of its own (%d bytes)", i, len(got[i]))
		}
	}
	if s, _ := residentsSecret(open(), ""); !bytes.Equal(s, got[0]) {
		t.Fatal("the secret changed across a restart")
	}
}
