package etcdstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
)

// eventTTL is how long a seen event id is kept: Slack retries within
// minutes and Socket Mode redelivers within the hour; housekeeping prunes
// them after 48 hours, the lease is the backstop.
const eventTTL = 49 * time.Hour

// Store is a bot.Store in etcd.
type Store struct {
	cli    *clientv3.Client
	own    bool // Close closes cli
	prefix string

	// Timeout bounds each etcd call whose context has no deadline of its
	// own (a caller's deadline bounds the rest). Default 5s.
	Timeout time.Duration
	// Metrics counts conflicts; the default does nothing.
	Metrics Observer
	// Limits are the cluster's limits per request. Default DefaultLimits.
	Limits Limits

	nonce  string
	seq    atomic.Uint64
	closed atomic.Bool

	mu    sync.Mutex
	keys  map[uint64]string // outbox id → key, for the items this store handed out
	lease clientv3.LeaseID
	until time.Time // when the lease stops being used for new event ids

	layouts layouts
	crash   string // tests: "staged" or "flipped" stops a split commit there, as a crash would
}

var _ bot.Store = (*Store)(nil)

// Observer counts what the store sees.
type Observer interface {
	// Conflict counts a commit refused because another writer changed the case.
	Conflict()
}

type nopObserver struct{}

func (nopObserver) Conflict() {}

// New returns a store over an open client, keeping its keys under prefix.
// Close does not close cli.
func New(cli *clientv3.Client, prefix string) *Store {
	if prefix == "" {
		prefix = "/involve/"
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	var b [6]byte
	rand.Read(b[:])
	return &Store{
		cli: cli, prefix: prefix, Timeout: 5 * time.Second, Metrics: nopObserver{}, Limits: DefaultLimits,
		nonce: hex.EncodeToString(b[:]), keys: make(map[uint64]string),
	}
}

// Client returns the etcd client the store uses.
func (s *Store) Client() *clientv3.Client { return s.cli }

// Prefix returns the key prefix the store keeps its keys under.
func (s *Store) Prefix() string { return s.prefix }

// Close closes the client if the store opened it.
func (s *Store) Close() error {
	if s.closed.Swap(true) || !s.own {
		return nil
	}
	return s.cli.Close()
}

// Err returns nil: etcd's failures are reported per call, and a
// replicated store does not fail for good (see the package doc).
func (s *Store) Err() error { return nil }

// Ping reports whether the cluster answers a linearizable read.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, err := s.cli.Get(ctx, s.prefix+"s/", clientv3.WithCountOnly())
	if err != nil {
		return fmt.Errorf("etcdstore: ping: %w", err)
	}
	return nil
}

// ctx bounds one call to etcd by the caller's deadline; a caller without
// one (housekeeping, start-up) is bounded by Timeout instead, so that no
// call waits for an unreachable cluster forever.
func (s *Store) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.Timeout)
}

func esc(channel string) string { return url.PathEscape(channel) }

func (s *Store) casePrefix(ch string) string { return s.prefix + "c/" + esc(ch) + "/" }
func (s *Store) headKey(ch string) string    { return s.casePrefix(ch) + "h" }
func (s *Store) refsPrefix(ch string) string { return s.casePrefix(ch) + "r/" }
func (s *Store) nudgeKey(ch string) string   { return s.prefix + "n/" + esc(ch) }
func (s *Store) obPrefix(ch string) string   { return s.prefix + "o/" + esc(ch) + "/" }
func (s *Store) deadPrefix(ch string) string { return s.prefix + "d/" + esc(ch) + "/" }
func (s *Store) eventKey(id string) string   { return s.prefix + "e/" + id }
func (s *Store) stateKey(k string) string    { return s.prefix + "s/" + k }
func (s *Store) codeKey(code string) string  { return s.prefix + "p/" + esc(code) }
func (s *Store) markPrefix(ch string) string { return s.prefix + "k/" + esc(ch) + "/" }
func (s *Store) stagePrefix(ch, token string) string {
	return s.prefix + "q/" + esc(ch) + "/" + token + "/"
}

// newNonce names a new outbox key: unique across replicas (a random
// instance part) and within one (a counter).
func (s *Store) newNonce() string {
	return fmt.Sprintf("%s%016x", s.nonce, s.seq.Add(1))
}

// eventLease returns a lease for new event ids, granting a new one each
// hour, so that ids expire between eventTTL and eventTTL+1h after.
func (s *Store) eventLease(ctx context.Context) (clientv3.LeaseID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lease != 0 && time.Now().Before(s.until) {
		return s.lease, nil
	}
	l, err := s.cli.Grant(ctx, int64(eventTTL/time.Second))
	if err != nil {
		return 0, fmt.Errorf("etcdstore: lease for event ids: %w", err)
	}
	s.lease, s.until = l.ID, time.Now().Add(time.Hour)
	return l.ID, nil
}

// State returns a copy of a state value, nil if unset.
func (s *Store) State(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.stateKey(key))
	if err != nil {
		return nil, fmt.Errorf("etcdstore: state %s: %w", key, err)
	}
	if len(r.Kvs) == 0 {
		return nil, nil
	}
	return r.Kvs[0].Value, nil
}

// SetState stores a state value; nil deletes it.
func (s *Store) SetState(ctx context.Context, key string, value []byte) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	var err error
	if value == nil {
		_, err = s.cli.Delete(ctx, s.stateKey(key))
	} else {
		_, err = s.cli.Put(ctx, s.stateKey(key), string(value))
	}
	if err != nil {
		return fmt.Errorf("etcdstore: set state %s: %w", key, err)
	}
	return nil
}

func unesc(s string) (string, error) {
	ch, err := url.PathUnescape(s)
	if err != nil {
		return "", fmt.Errorf("etcdstore: key %q: %w", s, err)
	}
	return ch, nil
}

// CreateState stores a state value only if the key has none, in one
// transaction, and returns the value kept: value, or the one another
// replica stored first.
func (s *Store) CreateState(ctx context.Context, key string, value []byte) ([]byte, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	k := s.stateKey(key)
	r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
		Then(clientv3.OpPut(k, string(value))).Else(clientv3.OpGet(k)).Commit()
	if err != nil {
		return nil, fmt.Errorf("etcdstore: create state %s: %w", key, err)
	}
	if r.Succeeded {
		return append([]byte(nil), value...), nil
	}
	if kvs := r.Responses[0].GetResponseRange().Kvs; len(kvs) == 1 {
		return kvs[0].Value, nil
	}
	return nil, nil
}
