package etcdstore

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// maxItems bounds the outbox items of one commit: an id is the commit's
// etcd revision shifted left by 8 bits, plus the item's place in it.
const maxItems = 256

// ref is a posted reference as stored: its place among the references
// added by the same commit, which share a create revision.
type ref struct {
	I int            `json:"i"`
	P dialogs.Posted `json:"p"`
}

// Case returns the case of channel with its posted references and its
// revision, or bot.ErrNotFound.
func (s *Store) Case(channel string) (*dialogs.Case, bot.Revision, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	r, err := s.cli.Txn(ctx).Then(
		clientv3.OpGet(s.headKey(channel)),
		clientv3.OpGet(s.refsPrefix(channel), clientv3.WithPrefix()),
	).Commit()
	if err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	heads := r.Responses[0].GetResponseRange().Kvs
	if len(heads) == 0 {
		return nil, 0, bot.ErrNotFound
	}
	c := new(dialogs.Case)
	if err := json.Unmarshal(heads[0].Value, c); err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	rev := heads[0].ModRevision
	refs := r.Responses[1].GetResponseRange().Kvs
	if c.Prompts, err = decodeRefs(refs); err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	for _, kv := range refs {
		rev = max(rev, kv.ModRevision)
	}
	return c, bot.Revision(rev), nil
}

// decodeRefs returns posted references in the order they were added.
func decodeRefs(kvs []*mvccpb.KeyValue) ([]dialogs.Posted, error) {
	type placed struct {
		rev int64
		r   ref
	}
	all := make([]placed, 0, len(kvs))
	for _, kv := range kvs {
		p := placed{rev: kv.CreateRevision}
		if err := json.Unmarshal(kv.Value, &p.r); err != nil {
			return nil, fmt.Errorf("ref %q: %w", kv.Key, err)
		}
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b placed) int {
		return cmp.Or(cmp.Compare(a.rev, b.rev), cmp.Compare(a.r.I, b.r.I))
	})
	if len(all) == 0 {
		return nil, nil
	}
	out := make([]dialogs.Posted, len(all))
	for i, p := range all {
		out[i] = p.r.P
	}
	return out, nil
}

// Cases calls fn with every case, in key order, without its posted
// references. It reads in pages of a consistent snapshot.
func (s *Store) Cases(fn func(c *dialogs.Case) error) error {
	return s.scan(s.prefix+"h/", func(kv *mvccpb.KeyValue) error {
		c := new(dialogs.Case)
		if err := json.Unmarshal(kv.Value, c); err != nil {
			return fmt.Errorf("etcdstore: case %q: %w", kv.Key, err)
		}
		return fn(c)
	})
}

// scan calls fn with every key under prefix, in key order, reading pages
// at one revision.
func (s *Store) scan(prefix string, fn func(kv *mvccpb.KeyValue) error) error {
	end := clientv3.GetPrefixRangeEnd(prefix)
	key := prefix
	var rev int64
	for {
		ctx, cancel := s.ctx()
		opts := []clientv3.OpOption{clientv3.WithRange(end), clientv3.WithLimit(500)}
		if rev != 0 {
			opts = append(opts, clientv3.WithRev(rev))
		}
		r, err := s.cli.Get(ctx, key, opts...)
		cancel()
		if err != nil {
			return fmt.Errorf("etcdstore: read %s: %w", prefix, err)
		}
		if rev == 0 {
			rev = r.Header.Revision
		}
		for _, kv := range r.Kvs {
			if err := fn(kv); err != nil {
				return err
			}
		}
		if !r.More || len(r.Kvs) == 0 {
			return nil
		}
		key = string(r.Kvs[len(r.Kvs)-1].Key) + "\x00"
	}
}

// Seen reports whether an event id was recorded and not yet pruned.
func (s *Store) Seen(eventID string) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	r, err := s.cli.Get(ctx, s.eventKey(eventID), clientv3.WithCountOnly())
	if err != nil {
		return false, fmt.Errorf("etcdstore: seen: %w", err)
	}
	return r.Count > 0, nil
}

// caseCmps are the compares that hold while channel's case is at base.
func (s *Store) caseCmps(channel string, base bot.Revision) []clientv3.Cmp {
	head := s.headKey(channel)
	if base == 0 {
		return []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(head), "=", 0)}
	}
	refs := s.refsPrefix(channel)
	next := int64(base) + 1
	return []clientv3.Cmp{
		clientv3.Compare(clientv3.CreateRevision(head), ">", 0),
		clientv3.Compare(clientv3.ModRevision(head), "<", next),
		clientv3.Compare(clientv3.ModRevision(refs), "<", next).WithRange(clientv3.GetPrefixRangeEnd(refs)),
	}
}

// Commit writes ch in one etcd transaction that holds only while the case
// is at ch.Base and ch.EventID was not seen.
func (s *Store) Commit(ch bot.Change) (bot.Committed, error) {
	if ch.Channel == "" {
		return bot.Committed{}, fmt.Errorf("etcdstore: commit without a channel")
	}
	if len(ch.Outbox) > maxItems {
		return bot.Committed{}, fmt.Errorf("etcdstore: commit of %d outbox items (at most %d)", len(ch.Outbox), maxItems)
	}
	if err := s.Err(); err != nil {
		return bot.Committed{}, err
	}
	var head string
	if ch.Case != nil && !ch.Forget {
		c := *ch.Case
		c.Prompts = nil
		b, err := json.Marshal(&c)
		if err != nil {
			return bot.Committed{}, fmt.Errorf("etcdstore: encode case: %w", err)
		}
		head = string(b)
	}
	items := make([]bot.Outgoing, len(ch.Outbox))
	values := make([]string, len(ch.Outbox))
	keys := make([]string, len(ch.Outbox))
	for i, it := range ch.Outbox {
		it.ID = uint64(i)
		b, err := json.Marshal(it)
		if err != nil {
			return bot.Committed{}, fmt.Errorf("etcdstore: encode outbox item: %w", err)
		}
		items[i], values[i], keys[i] = it, string(b), s.obPrefix(it.Channel)+s.newNonce()
	}
	for attempt := 0; ; attempt++ {
		res, retry, err := s.commitOnce(ch, head, items, keys, values)
		if !retry || attempt == 9 {
			return res, err
		}
	}
}

func (s *Store) commitOnce(ch bot.Change, head string, items []bot.Outgoing, keys, values []string) (res bot.Committed, retry bool, err error) {
	ctx, cancel := s.ctx()
	defer cancel()
	cmps := s.caseCmps(ch.Channel, ch.Base)
	var ops []clientv3.Op
	if ch.EventID != "" {
		lease, err := s.eventLease(ctx)
		if err != nil {
			return res, false, err
		}
		ek := s.eventKey(ch.EventID)
		cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(ek), "=", 0))
		ops = append(ops, clientv3.OpPut(ek, strconv.FormatInt(ch.At.Unix(), 10), clientv3.WithLease(lease)))
	}
	if ch.Forget {
		// The channel's outbox keys are deleted one by one (new ones are
		// added under the same prefix in this transaction), so none may
		// appear between reading them and committing.
		ob := s.obPrefix(ch.Channel)
		r, err := s.cli.Get(ctx, ob, clientv3.WithPrefix(), clientv3.WithKeysOnly())
		if err != nil {
			return res, false, fmt.Errorf("etcdstore: commit: %w", err)
		}
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(ob), "<", r.Header.Revision+1).WithRange(clientv3.GetPrefixRangeEnd(ob)))
		for _, kv := range r.Kvs {
			ops = append(ops, clientv3.OpDelete(string(kv.Key)))
		}
		ops = append(ops,
			clientv3.OpDelete(s.headKey(ch.Channel)),
			clientv3.OpDelete(s.refsPrefix(ch.Channel), clientv3.WithPrefix()),
			clientv3.OpDelete(s.nudgeKey(ch.Channel)),
			clientv3.OpDelete(s.deadPrefix(ch.Channel), clientv3.WithPrefix()),
		)
	}
	if head != "" {
		ops = append(ops, clientv3.OpPut(s.headKey(ch.Channel), head))
		if ch.Case.Active() {
			last := int64(0)
			if !ch.Case.Nudge.LastSlot.IsZero() {
				last = ch.Case.Nudge.LastSlot.Unix()
			}
			ops = append(ops, clientv3.OpPut(s.nudgeKey(ch.Channel), strconv.FormatInt(last, 10)))
		} else {
			ops = append(ops, clientv3.OpDelete(s.nudgeKey(ch.Channel)))
		}
		for i, p := range ch.Case.Prompts {
			// A reference held already is kept as it is.
			k := s.refsPrefix(ch.Channel) + esc(p.Ref)
			v, err := json.Marshal(ref{I: i, P: p})
			if err != nil {
				return res, false, fmt.Errorf("etcdstore: encode ref: %w", err)
			}
			ops = append(ops, clientv3.OpTxn(
				[]clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(k), "=", 0)},
				[]clientv3.Op{clientv3.OpPut(k, string(v))}, nil))
		}
	}
	for i := range items {
		ops = append(ops, clientv3.OpPut(keys[i], values[i]))
	}
	var els []clientv3.Op
	if ch.EventID != "" {
		els = append(els, clientv3.OpGet(s.eventKey(ch.EventID), clientv3.WithCountOnly()))
	}
	r, err := s.cli.Txn(ctx).If(cmps...).Then(ops...).Else(els...).Commit()
	if err != nil {
		return res, false, fmt.Errorf("etcdstore: commit: %w", err)
	}
	if !r.Succeeded {
		if ch.EventID != "" && r.Responses[0].GetResponseRange().Count > 0 {
			return bot.Committed{Duplicate: true}, false, nil
		}
		if ch.Forget {
			// The case may be as it was and only its outbox moved on.
			_, rev, err := s.Case(ch.Channel)
			if (err == nil || err == bot.ErrNotFound) && rev == ch.Base {
				return res, true, nil
			}
		}
		s.Metrics.Conflict()
		return res, false, fmt.Errorf("etcdstore: commit %s at revision %d: %w", ch.Channel, ch.Base, bot.ErrConflict)
	}
	rev := r.Header.Revision
	res.Rev = ch.Base
	switch {
	case ch.Forget:
		res.Rev = 0
	case head != "":
		res.Rev = bot.Revision(rev)
	}
	if len(items) > 0 {
		res.Items = make([]bot.Outgoing, len(items))
		s.mu.Lock()
		for i, it := range items {
			it.ID = uint64(rev)<<8 | uint64(i)
			res.Items[i] = it
			s.keys[it.ID] = keys[i]
		}
		s.mu.Unlock()
	}
	return res, false, nil
}
