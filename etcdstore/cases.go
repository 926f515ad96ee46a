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
	c, rev, lay, err := decodeCase(r.Kvs, len(s.casePrefix(channel)), true)
	if err != nil {
		return nil, 0, fmt.Errorf("etcdstore: case %s: %w", channel, err)
	}
	if c == nil {
		return nil, 0, bot.ErrNotFound
	}
	s.layouts.set(channel, rev, lay)
	return c, rev, nil
}

// decodeCase builds a case from its keys (in key order; skip is the
// length of their common prefix) and tells its layout. It returns nil
// without a head. Records of another generation than the case's (left by
// a split commit that did not finish) are passed over.
func decodeCase(kvs []*mvccpb.KeyValue, skip int, refs bool) (*dialogs.Case, bot.Revision, layout, error) {
	type rec struct {
		kind, rest string
		v          []byte
	}
	var (
		c    *dialogs.Case
		rev  bot.Revision
		lay  layout
		rs   []*mvccpb.KeyValue
		recs []rec
	)
	for _, kv := range kvs {
		k := string(kv.Key[skip:])
		switch {
		case k == keyHead:
			rev = bot.Revision(kv.ModRevision)
			c = new(dialogs.Case)
			if err := json.Unmarshal(kv.Value, c); err != nil {
				return nil, 0, lay, err
			}
		case k == keyGen:
			lay = layout{gen: string(kv.Value), keyed: true}
		case strings.HasPrefix(k, kindRef):
			rs = append(rs, kv)
		case len(k) > 2 && slices.Contains(recordKinds, k[:2]):
			recs = append(recs, rec{k[:2], k[2:], kv.Value})
		}
	}
	if c == nil {
		return nil, 0, lay, nil
	}
	var lists [4][]json.RawMessage
	for _, r := range recs {
		if inGen(r.rest, lay.gen) {
			i := slices.Index(recordKinds, r.kind)
			lists[i] = append(lists[i], r.v)
		}
	}
	if err := decodeList(lists[0], &c.Answers); err != nil {
		return nil, 0, lay, err
	}
	if err := decodeList(lists[1], &c.Reports); err != nil {
		return nil, 0, lay, err
	}
	if err := decodeList(lists[2], &c.Notes); err != nil {
		return nil, 0, lay, err
	}
	if lay.keyed && c.Residents != nil {
		if err := decodeList(lists[3], &c.Residents.Answers); err != nil {
			return nil, 0, lay, err
		}
	}
	if refs {
		var err error
		if c.Prompts, err = decodeRefs(rs); err != nil {
			return nil, 0, lay, err
		}
	}
	return c, rev, lay, nil
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
			c, _, _, err := decodeCase(kvs, len(root)+len(cur)+1, false)
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
