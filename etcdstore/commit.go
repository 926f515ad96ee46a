package etcdstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// maxItems bounds the outbox items of one etcd transaction: an id is its
// revision shifted left by 8 bits, plus the item's place in it. A commit
// of more is split (split.go).
const maxItems = 256

// scan calls fn with every key under prefix, in key order, reading pages
// at one revision.
func (s *Store) scan(ctx context.Context, prefix string, fn func(kv *mvccpb.KeyValue) error) error {
	end := clientv3.GetPrefixRangeEnd(prefix)
	key := prefix
	var rev int64
	for {
		ctx, cancel := s.ctx(ctx)
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
func (s *Store) Seen(ctx context.Context, eventID string) (bool, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.eventKey(eventID), clientv3.WithCountOnly())
	if err != nil {
		return false, fmt.Errorf("etcdstore: seen: %w", err)
	}
	return r.Count > 0, nil
}

// caseCmp holds while channel's case is at base: the head's mod revision
// is the case's revision, since every change to the case writes its head.
func (s *Store) caseCmp(channel string, base bot.Revision) clientv3.Cmp {
	return clientv3.Compare(clientv3.ModRevision(s.headKey(channel)), "=", int64(base))
}

// Commit writes ch in one etcd transaction that holds only while the case
// is at ch.Base, ch.EventID was not seen and no split commit of the
// channel is still moving its replies; a change too large for one
// transaction is split (see split.go).
func (s *Store) Commit(ctx context.Context, ch bot.Change) (bot.Committed, error) {
	if ch.Channel == "" {
		return bot.Committed{}, fmt.Errorf("etcdstore: commit without a channel")
	}
	if err := s.Err(); err != nil {
		return bot.Committed{}, err
	}
	var head string
	if ch.Case != nil && !ch.Forget {
		var err error
		if head, err = headValue(*ch.Case); err != nil {
			return bot.Committed{}, fmt.Errorf("etcdstore: encode case: %w", err)
		}
	}
	items := make([]bot.Outgoing, len(ch.Outbox))
	for i, it := range ch.Outbox {
		it.ID = 0
		if it.Nonce == "" {
			it.Nonce = bot.NewNonce() // beside the id, so that ids repeated after a restore are told apart
		}
		items[i] = it
	}
	for attempt := 0; ; attempt++ {
		res, retry, err := s.commitOnce(ctx, ch, head, items)
		if !retry || attempt == 9 {
			return res, err
		}
	}
}

// change is a commit made into etcd operations: what every form of it
// writes, and the parts a split commit writes in other ways.
type change struct {
	ch      bot.Change
	head    string
	cmps    []clientv3.Cmp
	els     []clientv3.Op
	fixed   []clientv3.Op // the event id, the head and its index entries, references, forget's ranges
	gen     []clientv3.Op // the generation key, when it changes
	obDel   []clientv3.Op // forget: the channel's outbox keys, one by one
	obCmp   []clientv3.Cmp
	records []clientv3.Op // the records that differ, in place
	lay     layout        // the case's layout after the commit
	items   []bot.Outgoing
}

func (s *Store) commitOnce(ctx context.Context, ch bot.Change, head string, items []bot.Outgoing) (res bot.Committed, retry bool, err error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	c := &change{ch: ch, head: head, items: items}
	c.cmps = []clientv3.Cmp{s.caseCmp(ch.Channel, ch.Base),
		clientv3.Compare(clientv3.CreateRevision(s.markPrefix(ch.Channel)), "=", 0).WithPrefix()}
	c.els = []clientv3.Op{clientv3.OpGet(s.markPrefix(ch.Channel), clientv3.WithPrefix(), clientv3.WithCountOnly())}
	if ch.EventID != "" {
		lease, err := s.eventLease(ctx)
		if err != nil {
			return res, false, err
		}
		ek := s.eventKey(ch.EventID)
		c.cmps = append(c.cmps, clientv3.Compare(clientv3.CreateRevision(ek), "=", 0))
		c.fixed = append(c.fixed, clientv3.OpPut(ek, strconv.FormatInt(ch.At.Unix(), 10), clientv3.WithLease(lease)))
		c.els = append(c.els, clientv3.OpGet(ek, clientv3.WithCountOnly()))
	}
	if ch.Forget {
		if err := s.forgetOps(ctx, c); err != nil {
			return res, false, err
		}
	}
	if head != "" {
		if err := s.caseOps(ctx, c); err != nil {
			return res, false, err
		}
	}
	ops := slices.Concat(c.fixed, c.gen, c.obDel, c.records)
	for i, it := range items {
		v, err := encodeItem(withPlace(it, i))
		if err != nil {
			return res, false, fmt.Errorf("etcdstore: encode outbox item: %w", err)
		}
		ops = append(ops, clientv3.OpPut(s.obPrefix(it.Channel)+s.newNonce(), v))
	}
	cmps := append(slices.Clone(c.cmps), c.obCmp...)
	if len(items) >= maxItems || len(cmps) > s.limits().MaxOps || !sizeOf(ops).fits(s.limits()) {
		return s.commitSplit(ctx, c)
	}
	r, err := s.cli.Txn(ctx).If(cmps...).Then(ops...).Else(c.els...).Commit()
	if err != nil {
		return res, false, fmt.Errorf("etcdstore: commit: %w", err)
	}
	if !r.Succeeded {
		return s.refused(ctx, c, r)
	}
	res = s.committed(c, r.Header.Revision)
	if len(items) > 0 {
		// The keys are not kept here: on a replica that does not lead
		// they would never be delivered and forgotten. The leader learns
		// them from its feed (FollowOutbox).
		res.Items = make([]bot.Outgoing, len(items))
		for i, it := range items {
			res.Items[i] = withID(it, r.Header.Revision, i)
		}
	}
	return res, false, nil
}

func (s *Store) limits() Limits { return s.Limits.withDefaults() }

func withPlace(it bot.Outgoing, i int) bot.Outgoing {
	it.ID = uint64(i)
	return it
}

func withID(it bot.Outgoing, rev int64, i int) bot.Outgoing {
	it.ID = uint64(rev)<<8 | uint64(i)
	return it
}

// forgetOps deletes the channel's case and everything kept of it.
func (s *Store) forgetOps(ctx context.Context, c *change) error {
	// The channel's outbox keys are deleted one by one (new ones are added
	// under the same prefix in this transaction), so none may appear
	// between reading them and committing. A split forget deletes the
	// range instead and adds its new ones after (split.go).
	ob := s.obPrefix(c.ch.Channel)
	r, err := s.cli.Get(ctx, ob, clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return fmt.Errorf("etcdstore: commit: %w", err)
	}
	c.obCmp = append(c.obCmp, clientv3.Compare(clientv3.ModRevision(ob), "<", r.Header.Revision+1).WithRange(clientv3.GetPrefixRangeEnd(ob)))
	for _, kv := range r.Kvs {
		c.obDel = append(c.obDel, clientv3.OpDelete(string(kv.Key)))
	}
	// The residents' page code goes with the case. The head read here is
	// the one the revision check holds the commit to.
	hr, err := s.cli.Get(ctx, s.headKey(c.ch.Channel))
	if err != nil {
		return fmt.Errorf("etcdstore: commit: %w", err)
	}
	if len(hr.Kvs) == 1 {
		var h struct {
			Residents *struct {
				Code string `json:"code"`
			} `json:"residents"`
		}
		if json.Unmarshal(hr.Kvs[0].Value, &h) == nil && h.Residents != nil && h.Residents.Code != "" {
			c.fixed = append(c.fixed, clientv3.OpDelete(s.codeKey(h.Residents.Code)))
		}
	}
	c.fixed = append(c.fixed,
		clientv3.OpDelete(s.casePrefix(c.ch.Channel), clientv3.WithPrefix()),
		clientv3.OpDelete(s.nudgeKey(c.ch.Channel)),
		clientv3.OpDelete(s.deadPrefix(c.ch.Channel), clientv3.WithPrefix()),
	)
	return nil
}

// caseOps writes the case's head, its index entries, its new references
// and its records that differ from what is stored.
func (s *Store) caseOps(ctx context.Context, c *change) error {
	ch := c.ch
	c.fixed = append(c.fixed, clientv3.OpPut(s.headKey(ch.Channel), c.head))
	if p := ch.Case.Residents; p != nil && p.Code != "" {
		c.fixed = append(c.fixed, clientv3.OpPut(s.codeKey(p.Code), ch.Channel))
	}
	if ch.Case.Active() {
		last := int64(0)
		if !ch.Case.Nudge.LastSlot.IsZero() {
			last = ch.Case.Nudge.LastSlot.Unix()
		}
		c.fixed = append(c.fixed, clientv3.OpPut(s.nudgeKey(ch.Channel), strconv.FormatInt(last, 10)))
	} else {
		c.fixed = append(c.fixed, clientv3.OpDelete(s.nudgeKey(ch.Channel)))
	}
	lay, was, err := s.base(ctx, ch)
	if err != nil {
		return err
	}
	c.lay = layout{gen: lay.gen, keyed: true}
	if !lay.keyed || ch.Base == 0 {
		c.gen = []clientv3.Op{clientv3.OpPut(s.casePrefix(ch.Channel)+keyGen, lay.gen)}
	}
	c.records = recordOps(s.casePrefix(ch.Channel), lay, ch.Case, was)
	held := make(map[string]bool)
	if was != nil {
		for _, p := range was.Prompts {
			held[p.Ref] = true
		}
	}
	for i, p := range ch.Case.Prompts {
		if held[p.Ref] {
			continue // held at Base, and kept as it is
		}
		v, err := json.Marshal(ref{I: i, P: p})
		if err != nil {
			return fmt.Errorf("etcdstore: encode ref: %w", err)
		}
		c.fixed = append(c.fixed, clientv3.OpPut(s.refsPrefix(ch.Channel)+esc(p.Ref), string(v)))
	}
	return nil
}

// base returns the layout of the case at ch.Base and the case as stored
// then (nil for a new case).
func (s *Store) base(ctx context.Context, ch bot.Change) (layout, *dialogs.Case, error) {
	if ch.Base == 0 {
		return newLayout, nil, nil
	}
	conflict := func() (layout, *dialogs.Case, error) {
		s.Metrics.Conflict()
		return layout{}, nil, fmt.Errorf("etcdstore: commit %s at revision %d: %w", ch.Channel, ch.Base, bot.ErrConflict)
	}
	was := ch.Was
	if was == nil {
		// What is stored must be known to write only what differs and
		// drop what is gone: read it (a later change conflicts).
		var rev bot.Revision
		var err error
		if was, rev, err = s.Load(ctx, ch.Channel); err != nil || rev != ch.Base {
			return conflict()
		}
	}
	if l, ok := s.layouts.get(ch.Channel, ch.Base); ok {
		return l, was, nil
	}
	// The generation key and the head, which sort next to each other.
	p := s.casePrefix(ch.Channel)
	r, err := s.cli.Get(ctx, p+keyGen, clientv3.WithRange(p+keyHead+"\x00"))
	if err != nil {
		return layout{}, nil, fmt.Errorf("etcdstore: commit: %w", err)
	}
	var l layout
	found := false
	for _, kv := range r.Kvs {
		switch string(kv.Key) {
		case p + keyGen:
			l = layout{gen: string(kv.Value), keyed: true}
		case p + keyHead:
			found = bot.Revision(kv.ModRevision) == ch.Base
		}
	}
	if !found {
		return conflict()
	}
	s.layouts.set(ch.Channel, ch.Base, l)
	return l, was, nil
}

// refused tells why a commit's compares failed: a duplicate event, a
// split commit of the channel still moving its replies (finished here,
// then the commit is tried again), an outbox that moved under a forget, or
// a conflict.
func (s *Store) refused(ctx context.Context, c *change, r *clientv3.TxnResponse) (bot.Committed, bool, error) {
	pending := r.Responses[0].GetResponseRange().Count > 0
	if pending {
		if err := s.settleChannel(ctx, c.ch.Channel); err != nil {
			return bot.Committed{}, false, err
		}
	}
	if c.ch.EventID != "" && r.Responses[1].GetResponseRange().Count > 0 {
		return bot.Committed{Duplicate: true}, false, nil
	}
	if pending {
		return bot.Committed{}, true, nil
	}
	if c.ch.Forget {
		// The case may be as it was and only its outbox moved on.
		_, rev, err := s.Load(ctx, c.ch.Channel)
		if (err == nil || err == bot.ErrNotFound) && rev == c.ch.Base {
			return bot.Committed{}, true, nil
		}
	}
	s.Metrics.Conflict()
	return bot.Committed{}, false, fmt.Errorf("etcdstore: commit %s at revision %d: %w", c.ch.Channel, c.ch.Base, bot.ErrConflict)
}

// committed is the result of a commit that wrote at rev, before its items.
func (s *Store) committed(c *change, rev int64) bot.Committed {
	res := bot.Committed{Rev: c.ch.Base}
	switch {
	case c.ch.Forget:
		s.forgetChannel(c.ch.Channel)
		s.layouts.set(c.ch.Channel, 0, layout{})
		res.Rev = 0
	case c.head != "":
		res.Rev = bot.Revision(rev)
		s.layouts.set(c.ch.Channel, res.Rev, c.lay)
	}
	return res
}
