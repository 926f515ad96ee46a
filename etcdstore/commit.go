package etcdstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
)

// maxItems bounds the outbox items of one commit: an id is the commit's
// etcd revision shifted left by 8 bits, plus the item's place in it.
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
// is at ch.Base and ch.EventID was not seen.
func (s *Store) Commit(ctx context.Context, ch bot.Change) (bot.Committed, error) {
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
		c.Answers, c.Reports, c.Notes, c.Prompts = nil, nil, nil, nil
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
		if it.Nonce == "" {
			it.Nonce = bot.NewNonce()
		}
		b, err := json.Marshal(it)
		if err != nil {
			return bot.Committed{}, fmt.Errorf("etcdstore: encode outbox item: %w", err)
		}
		items[i], values[i], keys[i] = it, string(b), s.obPrefix(it.Channel)+s.newNonce()
	}
	for attempt := 0; ; attempt++ {
		res, retry, err := s.commitOnce(ctx, ch, head, items, keys, values)
		if !retry || attempt == 9 {
			return res, err
		}
	}
}

func (s *Store) commitOnce(ctx context.Context, ch bot.Change, head string, items []bot.Outgoing, keys, values []string) (res bot.Committed, retry bool, err error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	cmps := []clientv3.Cmp{s.caseCmp(ch.Channel, ch.Base)}
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
		// The residents' page code goes with the case. The head read here
		// is the one the revision check below holds the commit to.
		hr, err := s.cli.Get(ctx, s.headKey(ch.Channel))
		if err != nil {
			return res, false, fmt.Errorf("etcdstore: commit: %w", err)
		}
		if len(hr.Kvs) == 1 {
			var h struct {
				Residents *struct {
					Code string `json:"code"`
				} `json:"residents"`
			}
			if json.Unmarshal(hr.Kvs[0].Value, &h) == nil && h.Residents != nil && h.Residents.Code != "" {
				ops = append(ops, clientv3.OpDelete(s.codeKey(h.Residents.Code)))
			}
		}
		ops = append(ops,
			clientv3.OpDelete(s.casePrefix(ch.Channel), clientv3.WithPrefix()),
			clientv3.OpDelete(s.nudgeKey(ch.Channel)),
			clientv3.OpDelete(s.deadPrefix(ch.Channel), clientv3.WithPrefix()),
		)
	}
	if head != "" {
		ops = append(ops, clientv3.OpPut(s.headKey(ch.Channel), head))
		if p := ch.Case.Residents; p != nil && p.Code != "" {
			// The page's code finds its case (CodeChannel); the page's
			// answers live in the head, which every answer rewrites.
			ops = append(ops, clientv3.OpPut(s.codeKey(p.Code), ch.Channel))
		}
		if ch.Case.Active() {
			last := int64(0)
			if !ch.Case.Nudge.LastSlot.IsZero() {
				last = ch.Case.Nudge.LastSlot.Unix()
			}
			ops = append(ops, clientv3.OpPut(s.nudgeKey(ch.Channel), strconv.FormatInt(last, 10)))
		} else {
			ops = append(ops, clientv3.OpDelete(s.nudgeKey(ch.Channel)))
		}
		was := ch.Was
		if ch.Base == 0 {
			was = nil
		} else if was == nil {
			// What is stored must be known to write only what differs
			// and drop what is gone: read it (a later change conflicts).
			var rev bot.Revision
			if was, rev, err = s.Load(ctx, ch.Channel); err != nil || rev != ch.Base {
				s.Metrics.Conflict()
				return res, false, fmt.Errorf("etcdstore: commit %s at revision %d: %w", ch.Channel, ch.Base, bot.ErrConflict)
			}
		}
		ops = append(ops, recordOps(s.casePrefix(ch.Channel), ch.Case, was)...)
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
			k := s.refsPrefix(ch.Channel) + esc(p.Ref)
			v, err := json.Marshal(ref{I: i, P: p})
			if err != nil {
				return res, false, fmt.Errorf("etcdstore: encode ref: %w", err)
			}
			ops = append(ops, clientv3.OpPut(k, string(v)))
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
			_, rev, err := s.Load(ctx, ch.Channel)
			if (err == nil || err == bot.ErrNotFound) && rev == ch.Base {
				return res, true, nil
			}
		}
		s.Metrics.Conflict()
		return res, false, fmt.Errorf("etcdstore: commit %s at revision %d: %w", ch.Channel, ch.Base, bot.ErrConflict)
	}
	rev := r.Header.Revision
	if ch.Forget {
		s.forgetChannel(ch.Channel)
	}
	res.Rev = ch.Base
	switch {
	case ch.Forget:
		res.Rev = 0
	case head != "":
		res.Rev = bot.Revision(rev)
	}
	if len(items) > 0 {
		// The keys are not kept here: on a replica that does not lead
		// they would never be delivered and forgotten. The leader learns
		// them from its feed (FollowOutbox).
		res.Items = make([]bot.Outgoing, len(items))
		for i, it := range items {
			it.ID = uint64(rev)<<8 | uint64(i)
			res.Items[i] = it
		}
	}
	return res, false, nil
}
