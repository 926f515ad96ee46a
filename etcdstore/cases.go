package etcdstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Kinds of records, the letter after the channel in their key.
const (
	kindAnswer = "a/"
	kindReport = "b/"
	kindNote   = "m/"
	kindRef    = "r/"
	keyHead    = "h"
)

func recordKey(casePrefix, kind string, i int) string {
	return fmt.Sprintf("%s%s%08d", casePrefix, kind, i)
}

// ref is a posted reference as stored: its place among the references
// written by the same commit, which share a mod revision. References are
// in the order they were last written: a commit adds only new ones, and
// Delivered writes one again as the latest posted.
type ref struct {
	I int            `json:"i"`
	P dialogs.Posted `json:"p"`
}

// Load returns the case of channel with its posted references and its
// revision, or bot.ErrNotFound.
func (s *Store) Load(ctx context.Context, channel string) (*dialogs.Case, bot.Revision, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.casePrefix(channel), clientv3.WithPrefix())
	if err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	c, rev, err := decodeCase(r.Kvs, len(s.casePrefix(channel)), true)
	if err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	if c == nil {
		return nil, 0, bot.ErrNotFound
	}
	return c, rev, nil
}

// decodeCase builds a case from its keys (in key order; skip is the
// length of their common prefix). It returns nil without a head.
func decodeCase(kvs []*mvccpb.KeyValue, skip int, refs bool) (*dialogs.Case, bot.Revision, error) {
	var (
		c     *dialogs.Case
		rev   bot.Revision
		rs    []*mvccpb.KeyValue
		recs  = map[string]*[]json.RawMessage{}
		lists [3][]json.RawMessage
	)
	recs[kindAnswer], recs[kindReport], recs[kindNote] = &lists[0], &lists[1], &lists[2]
	for _, kv := range kvs {
		k := string(kv.Key[skip:])
		switch {
		case k == keyHead:
			rev = bot.Revision(kv.ModRevision)
			c = new(dialogs.Case)
			if err := json.Unmarshal(kv.Value, c); err != nil {
				return nil, 0, err
			}
		case len(k) > 2 && recs[k[:2]] != nil:
			l := recs[k[:2]]
			*l = append(*l, kv.Value)
		case strings.HasPrefix(k, kindRef):
			rs = append(rs, kv)
		}
	}
	if c == nil {
		return nil, 0, nil
	}
	if err := decodeList(lists[0], &c.Answers); err != nil {
		return nil, 0, err
	}
	if err := decodeList(lists[1], &c.Reports); err != nil {
		return nil, 0, err
	}
	if err := decodeList(lists[2], &c.Notes); err != nil {
		return nil, 0, err
	}
	if refs {
		var err error
		if c.Prompts, err = decodeRefs(rs); err != nil {
			return nil, 0, err
		}
	}
	return c, rev, nil
}

func decodeList[T any](raw []json.RawMessage, out *[]T) error {
	if len(raw) == 0 {
		*out = nil
		return nil
	}
	*out = make([]T, len(raw))
	for i, v := range raw {
		if err := json.Unmarshal(v, &(*out)[i]); err != nil {
			return err
		}
	}
	return nil
}

// decodeRefs returns posted references in the order they were written.
func decodeRefs(kvs []*mvccpb.KeyValue) ([]dialogs.Posted, error) {
	type placed struct {
		rev int64
		r   ref
	}
	all := make([]placed, 0, len(kvs))
	for _, kv := range kvs {
		p := placed{rev: kv.ModRevision}
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

// Cases calls fn with every case, in key order, with its records but
// without its posted references. It reads pages of one snapshot.
func (s *Store) Cases(ctx context.Context, fn func(c *dialogs.Case) error) error {
	root := s.prefix + "c/"
	var (
		cur  string
		kvs  []*mvccpb.KeyValue
		emit = func() error {
			if len(kvs) == 0 {
				return nil
			}
			c, _, err := decodeCase(kvs, len(root)+len(cur)+1, false)
			kvs = kvs[:0]
			if err != nil {
				return fmt.Errorf("etcdstore: case %s: %w", cur, err)
			}
			if c == nil {
				return nil
			}
			return fn(c)
		}
	)
	err := s.scan(ctx, root, func(kv *mvccpb.KeyValue) error {
		rest := string(kv.Key[len(root):])
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return nil
		}
		if ch := rest[:i]; ch != cur {
			if err := emit(); err != nil {
				return err
			}
			cur = ch
		}
		kvs = append(kvs, kv)
		return nil
	})
	if err != nil {
		return err
	}
	return emit()
}

// recordOps writes the records of c that differ from was (all of them
// when was is nil).
func recordOps(prefix string, c, was *dialogs.Case) []clientv3.Op {
	var ops []clientv3.Op
	var wa []dialogs.Answer
	var wr, wn []dialogs.Report
	if was != nil {
		wa, wr, wn = was.Answers, was.Reports, was.Notes
	}
	ops = appendRecords(ops, prefix, kindAnswer, c.Answers, wa)
	ops = appendRecords(ops, prefix, kindReport, c.Reports, wr)
	return appendRecords(ops, prefix, kindNote, c.Notes, wn)
}

func appendRecords[T comparable](ops []clientv3.Op, prefix, kind string, now, was []T) []clientv3.Op {
	for i, r := range now {
		if i < len(was) && was[i] == r {
			continue
		}
		b, err := json.Marshal(r)
		if err != nil {
			continue // plain data: cannot fail
		}
		ops = append(ops, clientv3.OpPut(recordKey(prefix, kind, i), string(b)))
	}
	for i := len(now); i < len(was); i++ {
		ops = append(ops, clientv3.OpDelete(recordKey(prefix, kind, i)))
	}
	return ops
}

// CodeChannel returns the channel of the case whose residents' page has
// code, or bot.ErrNotFound.
func (s *Store) CodeChannel(ctx context.Context, code string) (string, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	r, err := s.cli.Get(ctx, s.codeKey(code))
	if err != nil {
		return "", fmt.Errorf("etcdstore: code: %w", err)
	}
	if len(r.Kvs) == 0 {
		return "", bot.ErrNotFound
	}
	return string(r.Kvs[0].Value), nil
}
