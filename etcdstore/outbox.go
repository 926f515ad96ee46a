package etcdstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// decodeItem reads an outbox or dead-letter value; its id is the create
// revision of its key and its place in that commit.
func decodeItem(kv *mvccpb.KeyValue) (bot.Outgoing, error) {
	var it bot.Outgoing
	if err := json.Unmarshal(kv.Value, &it); err != nil {
		return it, fmt.Errorf("etcdstore: outbox item %q: %w", kv.Key, err)
	}
	it.ID = uint64(kv.CreateRevision)<<8 | it.ID&0xff
	return it, nil
}

// Outbox returns up to limit undelivered items in id order.
func (s *Store) Outbox(ctx context.Context, limit int) ([]bot.Outgoing, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	if err := s.settle(ctx); err != nil {
		return nil, err
	}
	opts := []clientv3.OpOption{clientv3.WithPrefix(), clientv3.WithSort(clientv3.SortByCreateRevision, clientv3.SortAscend)}
	if limit < 1<<20 {
		// Items of one commit share a revision: read past the limit so
		// that sorting them by place cannot drop a lower id.
		opts = append(opts, clientv3.WithLimit(int64(limit)+maxItems))
	}
	r, err := s.cli.Get(ctx, s.prefix+"o/", opts...)
	if err != nil {
		return nil, fmt.Errorf("etcdstore: outbox: %w", err)
	}
	out := make([]bot.Outgoing, 0, min(len(r.Kvs), limit))
	keys := make(map[uint64]string, len(r.Kvs))
	for _, kv := range r.Kvs {
		it, err := decodeItem(kv)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
		keys[it.ID] = string(kv.Key)
	}
	slices.SortFunc(out, func(a, b bot.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	s.mu.Lock()
	for _, it := range out {
		s.keys[it.ID] = keys[it.ID]
	}
	s.mu.Unlock()
	return out, nil
}

// itemKey finds the key of an outbox item: known if this store handed the
// item out, else looked up among its channel's items.
func (s *Store) itemKey(ctx context.Context, id uint64, channel string) (string, error) {
	s.mu.Lock()
	k, ok := s.keys[id]
	s.mu.Unlock()
	if ok {
		return k, nil
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.obPrefix(channel), clientv3.WithPrefix(),
		clientv3.WithMinCreateRev(int64(id>>8)), clientv3.WithMaxCreateRev(int64(id>>8)))
	if err != nil {
		return "", fmt.Errorf("etcdstore: outbox item %d: %w", id, err)
	}
	for _, kv := range r.Kvs {
		if it, err := decodeItem(kv); err == nil && it.ID == id {
			return string(kv.Key), nil
		}
	}
	return "", nil // gone
}

func (s *Store) forgetKey(id uint64) {
	s.mu.Lock()
	delete(s.keys, id)
	s.mu.Unlock()
}

// forgetChannel drops the keys kept of a forgotten channel's items.
func (s *Store) forgetChannel(channel string) {
	prefix := s.obPrefix(channel)
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, k := range s.keys {
		if strings.HasPrefix(k, prefix) {
			delete(s.keys, id)
		}
	}
}

// encodeItem is an item's stored value: its place in its commit stands
// for its id, which the key's create revision completes.
func encodeItem(it bot.Outgoing) (string, error) {
	it.ID &= 0xff
	b, err := json.Marshal(it)
	return string(b), err
}

// Retry stores a failed item's delivery state, if it is still in the outbox.
func (s *Store) Retry(ctx context.Context, it bot.Outgoing) error {
	k, err := s.itemKey(ctx, it.ID, it.Channel)
	if err != nil || k == "" {
		return err
	}
	v, err := encodeItem(it)
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err = s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", int64(it.ID>>8))).
		Then(clientv3.OpPut(k, v)).Commit()
	if err != nil {
		return fmt.Errorf("etcdstore: retry %d: %w", it.ID, err)
	}
	return nil
}

// Dead moves an item into the dead letters, if it is still in the outbox.
func (s *Store) Dead(ctx context.Context, it bot.Outgoing) error {
	k, err := s.itemKey(ctx, it.ID, it.Channel)
	if err != nil || k == "" {
		return err
	}
	v, err := json.Marshal(it)
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err = s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", int64(it.ID>>8))).
		Then(clientv3.OpDelete(k), clientv3.OpPut(s.deadPrefix(it.Channel)+strconv.FormatUint(it.ID, 16), string(v))).Commit()
	if err != nil {
		return fmt.Errorf("etcdstore: dead letter %d: %w", it.ID, err)
	}
	s.forgetKey(it.ID)
	return nil
}

// Delivered removes a delivered item and records where it was posted,
// if its case still exists, in one transaction; recording a reference
// writes the case's head again (unchanged) for the new revision.
func (s *Store) Delivered(ctx context.Context, id uint64, channel string, posted *dialogs.Posted) (from, to bot.Revision, err error) {
	k, err := s.itemKey(ctx, id, channel)
	if err != nil {
		return 0, 0, err
	}
	head := s.headKey(channel)
	ops := []clientv3.Op{clientv3.OpGet(head, clientv3.WithKeysOnly())}
	var els []clientv3.Op
	if k != "" {
		ops = append(ops, clientv3.OpDelete(k))
		els = append(els, clientv3.OpDelete(k))
	}
	if posted != nil {
		v, err := json.Marshal(ref{P: *posted})
		if err != nil {
			return 0, 0, err
		}
		ops = append(ops, clientv3.OpPut(s.refsPrefix(channel)+esc(posted.Ref), string(v)),
			clientv3.OpPut(head, "", clientv3.WithIgnoreValue()))
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(head), ">", 0)).Then(ops...).Else(els...).Commit()
	if err != nil {
		return 0, 0, fmt.Errorf("etcdstore: delivered %d: %w", id, err)
	}
	s.forgetKey(id)
	if !r.Succeeded {
		return 0, 0, nil
	}
	from = bot.Revision(r.Responses[0].GetResponseRange().Kvs[0].ModRevision)
	to = from
	if posted != nil {
		to = bot.Revision(r.Header.Revision)
		s.layouts.moved(channel, from, to)
	}
	return from, to, nil
}

// NudgeDue returns the channels whose case the weekly nudge is for and
// that have not handled slot yet, in key order.
func (s *Store) NudgeDue(ctx context.Context, slot time.Time) ([]string, error) {
	var out []string
	prefix := s.prefix + "n/"
	err := s.scan(ctx, prefix, func(kv *mvccpb.KeyValue) error {
		last, err := strconv.ParseInt(string(kv.Value), 10, 64)
		if err != nil {
			return fmt.Errorf("etcdstore: nudge index %q: %w", kv.Key, err)
		}
		if last < slot.Unix() {
			ch, err := unesc(string(kv.Key[len(prefix):]))
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// PruneEvents forgets seen event ids recorded before cutoff. Their lease
// would drop them a day later anyway.
func (s *Store) PruneEvents(ctx context.Context, cutoff time.Time) (int, error) {
	var old []string
	err := s.scan(ctx, s.prefix+"e/", func(kv *mvccpb.KeyValue) error {
		if at, err := strconv.ParseInt(string(kv.Value), 10, 64); err == nil && at < cutoff.Unix() {
			old = append(old, string(kv.Key))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	if err := s.dropStaged(ctx, cutoff); err != nil {
		return 0, err
	}
	for batch := range slices.Chunk(old, s.limits().MaxOps) {
		ops := make([]clientv3.Op, len(batch))
		for i, k := range batch {
			ops[i] = clientv3.OpDelete(k)
		}
		ctx, cancel := s.ctx(ctx)
		_, err := s.cli.Txn(ctx).Then(ops...).Commit()
		cancel()
		if err != nil {
			return n, fmt.Errorf("etcdstore: prune events: %w", err)
		}
		n += len(batch)
	}
	return n, nil
}

// FollowOutbox calls snapshot with the whole outbox, then added with the
// items any replica adds after that read, from an etcd watch that starts
// at the next revision, until ctx ends. A watch that breaks (compacted
// away, no leader) returns its error: follow again.
func (s *Store) FollowOutbox(ctx context.Context, snapshot, added func(items []bot.Outgoing)) error {
	rctx, cancel := s.ctx(ctx)
	err := s.settle(rctx)
	var r *clientv3.GetResponse
	if err == nil {
		r, err = s.cli.Get(rctx, s.prefix+"o/", clientv3.WithPrefix())
	}
	cancel()
	if err != nil {
		return fmt.Errorf("etcdstore: outbox: %w", err)
	}
	items, err := s.remember(r.Kvs)
	if err != nil {
		return err
	}
	snapshot(items)
	wctx, stop := context.WithCancel(clientv3.WithRequireLeader(ctx))
	defer stop()
	wch := s.cli.Watch(wctx, s.prefix+"o/", clientv3.WithPrefix(), clientv3.WithRev(r.Header.Revision+1))
	for resp := range wch {
		if err := resp.Err(); err != nil {
			return fmt.Errorf("etcdstore: outbox watch: %w", err)
		}
		var created []*mvccpb.KeyValue
		for _, ev := range resp.Events {
			if ev.Type == clientv3.EventTypePut && ev.Kv.Version == 1 {
				created = append(created, ev.Kv)
			}
		}
		items, err := s.remember(created)
		if err != nil {
			return err
		}
		if len(items) > 0 {
			added(items)
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("etcdstore: outbox watch ended")
}

// remember decodes outbox keys, in id order, and keeps their keys.
func (s *Store) remember(kvs []*mvccpb.KeyValue) ([]bot.Outgoing, error) {
	out := make([]bot.Outgoing, 0, len(kvs))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, kv := range kvs {
		it, err := decodeItem(kv)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
		s.keys[it.ID] = string(kv.Key)
	}
	slices.SortFunc(out, func(a, b bot.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
