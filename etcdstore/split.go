package etcdstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
)

// This file commits a change too large for one etcd transaction (see the
// package doc for why it stays whole): what readers must not see early is
// staged under keys no reader takes, one transaction flips the case over,
// and the replies staged move into the outbox after it, in order.

// errCrash is what a split commit stopped by a test returns.
var errCrash = errors.New("etcdstore: stopped as by a crash")

// newToken names a split commit's staged keys: the time it began (so that
// leftovers of one that never flipped can be told by age) and a nonce.
func (s *Store) newToken() string {
	return fmt.Sprintf("t%x.%s", time.Now().Unix(), s.newNonce())
}

// tokenTime is when the split commit named token began.
func tokenTime(token string) (time.Time, bool) {
	t, _, ok := strings.Cut(strings.TrimPrefix(token, "t"), ".")
	n, err := strconv.ParseInt(t, 16, 64)
	return time.Unix(n, 0), ok && err == nil
}

func (s *Store) commitSplit(_ context.Context, c *change) (res bot.Committed, retry bool, err error) {
	// Each of its transactions has the store's timeout: a split commit
	// writes megabytes, more than one call's time allows.
	ctx := context.Background()
	l := s.limits()
	ch := c.ch
	token := s.newToken()
	var cleanup []clientv3.Op // what was staged, to drop if the flip is refused
	defer func() {
		if len(cleanup) > 0 && err != nil && !retry {
			s.cli.Txn(ctx).Then(cleanup...).Commit() // best effort: leftovers are passed over
		}
	}()
	stage := func(ops []clientv3.Op) error {
		for _, part := range chunks(ops, l, 1) {
			cctx, cancel := s.ctx(ctx)
			r, err := s.cli.Txn(cctx).If(s.caseCmp(ch.Channel, ch.Base)).Then(part...).Commit()
			cancel()
			if err != nil {
				return fmt.Errorf("etcdstore: commit %s: stage: %w", ch.Channel, err)
			}
			if !r.Succeeded {
				s.Metrics.Conflict()
				return fmt.Errorf("etcdstore: commit %s at revision %d: %w", ch.Channel, ch.Base, bot.ErrConflict)
			}
		}
		return nil
	}
	flip := slices.Clone(c.fixed)
	cmps := c.cmps
	if ch.Forget {
		// The outbox goes as a range; the new replies cannot share the
		// transaction with it and are staged.
		flip = append(flip, clientv3.OpDelete(s.obPrefix(ch.Channel), clientv3.WithPrefix()))
	} else {
		cmps = append(slices.Clone(cmps), c.obCmp...)
	}
	if c.head != "" {
		if z := sizeOf(slices.Concat(flip, c.gen, c.records)); z.fits(l) {
			flip = slices.Concat(flip, c.gen, c.records)
		} else {
			// A new generation of every record, then the flip makes it
			// the case's and drops every other.
			c.lay.gen = token
			for _, kind := range recordKinds {
				cleanup = append(cleanup, clientv3.OpDelete(s.casePrefix(ch.Channel)+kind+token+"/", clientv3.WithPrefix()))
			}
			if err := stage(recordOps(s.casePrefix(ch.Channel), c.lay, ch.Case, nil)); err != nil {
				return res, false, err
			}
			flip = append(flip, clientv3.OpPut(s.casePrefix(ch.Channel)+keyGen, token))
			flip = append(flip, dropOtherGens(s.casePrefix(ch.Channel), token)...)
		}
	}
	var direct []clientv3.Op
	for i, it := range c.items {
		v, err := encodeItem(withPlace(it, i))
		if err != nil {
			return res, false, fmt.Errorf("etcdstore: encode outbox item: %w", err)
		}
		direct = append(direct, clientv3.OpPut(s.obPrefix(it.Channel)+s.newNonce(), v))
	}
	staged := false
	if len(direct) > 0 {
		if !ch.Forget && len(direct) < maxItems && sizeOf(append(slices.Clone(flip), direct...)).fits(l) {
			flip = append(flip, direct...)
		} else {
			// The replies, in chunks that each fit one transaction of the
			// move after the flip; the marker the flip writes says they
			// are the commit's and which chunk moves next.
			parts := chunks(direct, l, 2)
			var puts []clientv3.Op
			for j, part := range parts {
				vals := make([]json.RawMessage, len(part))
				for i, op := range part {
					vals[i] = op.ValueBytes()
				}
				b, _ := json.Marshal(vals)
				puts = append(puts, clientv3.OpPut(s.stagePrefix(ch.Channel, token)+fmt.Sprintf("%06d", j), string(b)))
			}
			cleanup = append(cleanup, clientv3.OpDelete(s.stagePrefix(ch.Channel, token), clientv3.WithPrefix()))
			if err := stage(puts); err != nil {
				return res, false, err
			}
			flip = append(flip, clientv3.OpPut(s.markPrefix(ch.Channel)+token, fmt.Sprintf("0 %d", len(parts))))
			staged = true
		}
	}
	if len(cmps) > l.MaxOps || !sizeOf(flip).fits(l) {
		return res, false, fmt.Errorf("etcdstore: commit %s: %d operations of %d bytes do not fit one transaction even split (the members' --max-txn-ops %d, --max-request-bytes %d)",
			ch.Channel, len(flip), sizeOf(flip).bytes, l.MaxOps, l.MaxBytes)
	}
	if s.crash == "staged" {
		cleanup = nil
		return res, false, errCrash
	}
	fctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Txn(fctx).If(cmps...).Then(flip...).Else(c.els...).Commit()
	if err != nil {
		cleanup = nil // it may have been written: a later commit or the leader settles it
		return res, false, fmt.Errorf("etcdstore: commit: %w", err)
	}
	if !r.Succeeded {
		res, retry, err := s.refused(fctx, c, r)
		if err == nil && !retry {
			s.cli.Txn(ctx).Then(cleanup...).Commit()
		}
		return res, retry, err
	}
	cleanup = nil
	res = s.committed(c, r.Header.Revision)
	if !staged {
		for i, it := range c.items {
			res.Items = append(res.Items, withID(it, r.Header.Revision, i))
		}
		return res, false, nil
	}
	if s.crash == "flipped" {
		return res, false, errCrash
	}
	moved, err := s.move(ctx, ch.Channel, token)
	if err != nil {
		// Committed: the replies left move with the channel's next commit,
		// or when a leader follows the outbox. The caller sees an error and
		// steps the event again, which is a duplicate then.
		return res, false, fmt.Errorf("etcdstore: commit %s: move replies: %w", ch.Channel, err)
	}
	res.Items = moved
	return res, false, nil
}

// chunks splits ops into parts that fit one transaction with room for
// spare more operations.
func chunks(ops []clientv3.Op, l Limits, spare int) [][]clientv3.Op {
	var out [][]clientv3.Op
	var part []clientv3.Op
	var z txnSize
	for _, op := range ops {
		var one txnSize
		one.add(string(op.KeyBytes())+string(op.RangeBytes()), len(op.ValueBytes()))
		if len(part) > 0 && (z.ops+1+spare > min(l.MaxOps, maxItems-1) || z.bytes+one.bytes > l.budget()) {
			out = append(out, part)
			part, z = nil, txnSize{}
		}
		part = append(part, op)
		z.ops, z.bytes = z.ops+1, z.bytes+one.bytes
	}
	if len(part) > 0 {
		out = append(out, part)
	}
	return out
}

// move moves a flipped split commit's staged replies into the outbox, one
// chunk a transaction, each held to the marker's count so that a chunk
// moves once whoever moves it. It returns the items it moved.
func (s *Store) move(ctx context.Context, channel, token string) ([]bot.Outgoing, error) {
	mk := s.markPrefix(channel) + token
	var out []bot.Outgoing
	for {
		var done bool
		var err error
		if out, done, err = s.moveOne(ctx, channel, token, mk, out); err != nil || done {
			return out, err
		}
	}
}

// moveOne moves the marker's next chunk, within the store's timeout, and
// reports whether none is left.
func (s *Store) moveOne(parent context.Context, channel, token, mk string, out []bot.Outgoing) (_ []bot.Outgoing, done bool, _ error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), s.Timeout)
	defer cancel()
	r, err := s.cli.Get(ctx, mk)
	if err != nil {
		return out, false, err
	}
	if len(r.Kvs) == 0 {
		return out, true, nil
	}
	at := string(r.Kvs[0].Value)
	var j, n int
	if _, err := fmt.Sscanf(at, "%d %d", &j, &n); err != nil {
		return out, false, fmt.Errorf("marker %s: %q", mk, at)
	}
	cr, err := s.cli.Get(ctx, s.stagePrefix(channel, token)+fmt.Sprintf("%06d", j))
	if err != nil {
		return out, false, err
	}
	var vals []json.RawMessage
	if len(cr.Kvs) == 1 {
		if err := json.Unmarshal(cr.Kvs[0].Value, &vals); err != nil {
			return out, false, fmt.Errorf("staged replies %s/%d: %w", token, j, err)
		}
	}
	items := make([]bot.Outgoing, len(vals))
	ops := make([]clientv3.Op, 0, len(vals)+2)
	for i, v := range vals {
		if err := json.Unmarshal(v, &items[i]); err != nil {
			return out, false, fmt.Errorf("staged reply %s/%d/%d: %w", token, j, i, err)
		}
		// An item's place in the transaction completes its id.
		enc, err := encodeItem(withPlace(items[i], i))
		if err != nil {
			return out, false, err
		}
		ops = append(ops, clientv3.OpPut(s.obPrefix(items[i].Channel)+s.newNonce(), enc))
	}
	if j+1 < n {
		ops = append(ops, clientv3.OpPut(mk, fmt.Sprintf("%d %d", j+1, n)))
	} else {
		ops = append(ops, clientv3.OpDelete(mk), clientv3.OpDelete(s.stagePrefix(channel, token), clientv3.WithPrefix()))
	}
	tr, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.Value(mk), "=", at)).Then(ops...).Commit()
	if err != nil {
		return out, false, err
	}
	if tr.Succeeded {
		for i, it := range items {
			out = append(out, withID(it, tr.Header.Revision, i))
		}
	}
	return out, false, nil
}

// settleChannel moves the replies of any flipped split commit of channel.
func (s *Store) settleChannel(ctx context.Context, channel string) error {
	r, err := s.cli.Get(ctx, s.markPrefix(channel), clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return fmt.Errorf("etcdstore: split commits of %s: %w", channel, err)
	}
	for _, kv := range r.Kvs {
		if _, err := s.move(ctx, channel, string(kv.Key[len(s.markPrefix(channel)):])); err != nil {
			return fmt.Errorf("etcdstore: split commit of %s: %w", channel, err)
		}
	}
	return nil
}

// settle moves the replies of every flipped split commit whose mover went
// away, before the outbox is read.
func (s *Store) settle(ctx context.Context) error {
	root := s.prefix + "k/"
	var marks [][2]string
	err := s.scan(ctx, root, func(kv *mvccpb.KeyValue) error {
		ch, token, ok := strings.Cut(string(kv.Key[len(root):]), "/")
		if ok {
			marks = append(marks, [2]string{ch, token})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range marks {
		ch, err := unesc(m[0])
		if err != nil {
			return err
		}
		if _, err := s.move(ctx, ch, m[1]); err != nil {
			return fmt.Errorf("etcdstore: split commit of %s: %w", ch, err)
		}
	}
	return nil
}

// dropStaged deletes replies staged before cutoff by split commits that
// never flipped (the process died before): no marker names them.
func (s *Store) dropStaged(ctx context.Context, cutoff time.Time) error {
	root := s.prefix + "q/"
	seen := map[string]bool{}
	var old []string
	err := s.scan(ctx, root, func(kv *mvccpb.KeyValue) error {
		parts := strings.SplitN(string(kv.Key[len(root):]), "/", 3)
		if len(parts) < 3 || seen[parts[0]+"/"+parts[1]] {
			return nil
		}
		seen[parts[0]+"/"+parts[1]] = true
		if at, ok := tokenTime(parts[1]); ok && at.Before(cutoff) {
			old = append(old, parts[0]+"/"+parts[1])
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range old {
		ch, token, _ := strings.Cut(o, "/")
		ctx, cancel := s.ctx(ctx)
		mk := s.prefix + "k/" + ch + "/" + token
		_, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(mk), "=", 0)).
			Then(clientv3.OpDelete(root+o+"/", clientv3.WithPrefix())).Commit()
		cancel()
		if err != nil {
			return fmt.Errorf("etcdstore: drop staged replies: %w", err)
		}
	}
	return nil
}
