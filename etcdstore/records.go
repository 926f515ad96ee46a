package etcdstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Kinds of records, the letters after the channel in their key.
const (
	kindAnswer   = "a/"
	kindReport   = "b/"
	kindNote     = "m/"
	kindResident = "v/" // a residents' answer, by its number
	kindRef      = "r/"
	keyHead      = "h"
	keyGen       = "g"
)

var recordKinds = []string{kindAnswer, kindReport, kindNote, kindResident}

// layout is how a case's records are kept: under which generation (""
// the first: c/CHANNEL/a/NNNNNNNN; else c/CHANNEL/a/GEN/NNNNNNNN), and
// whether the residents' answers have keys of their own (a case written
// before they had keeps them in its head, and has no generation key).
type layout struct {
	gen   string
	keyed bool
}

// newLayout is the layout of a case created now.
var newLayout = layout{keyed: true}

func recordKey(casePrefix, kind, gen string, i int) string {
	width := 8
	if kind == kindResident {
		width = 10
	}
	if gen != "" {
		return fmt.Sprintf("%s%s%s/%0*d", casePrefix, kind, gen, width, i)
	}
	return fmt.Sprintf("%s%s%0*d", casePrefix, kind, width, i)
}

// inGen reports whether a record key's rest (after its kind) belongs to gen.
func inGen(rest, gen string) bool {
	if gen == "" {
		return !strings.Contains(rest, "/")
	}
	return strings.HasPrefix(rest, gen+"/")
}

// layouts remembers the layout of the cases this store read or wrote, at
// their revision, so that a commit knows it without reading it.
type layouts struct {
	mu sync.Mutex
	m  map[string]layoutAt
}

type layoutAt struct {
	rev bot.Revision
	l   layout
}

func (ls *layouts) get(ch string, rev bot.Revision) (layout, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	a, ok := ls.m[ch]
	return a.l, ok && a.rev == rev
}

func (ls *layouts) set(ch string, rev bot.Revision, l layout) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = make(map[string]layoutAt)
	}
	if rev == 0 {
		delete(ls.m, ch)
		return
	}
	ls.m[ch] = layoutAt{rev, l}
}

// moved follows a case whose head alone was written again (a reference).
func (ls *layouts) moved(ch string, from, to bot.Revision) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if a, ok := ls.m[ch]; ok && a.rev == from {
		ls.m[ch] = layoutAt{to, a.l}
	}
}

// headValue is the case as its head keeps it: without its records, its
// posted references and (in the keyed layout) its residents' answers.
func headValue(c dialogs.Case) (string, error) {
	c.Answers, c.Reports, c.Notes, c.Prompts = nil, nil, nil, nil
	if c.Residents != nil {
		p := *c.Residents
		p.Answers = nil
		c.Residents = &p
	}
	b, err := json.Marshal(&c)
	return string(b), err
}

func residentsOf(c *dialogs.Case) []dialogs.ResidentAnswer {
	if c == nil || c.Residents == nil {
		return nil
	}
	return c.Residents.Answers
}

// recordOps writes the records of c that differ from was (all of them
// when was is nil), in the layout l.
func recordOps(prefix string, l layout, c, was *dialogs.Case) []clientv3.Op {
	var ops []clientv3.Op
	var wa []dialogs.Answer
	var wr, wn []dialogs.Report
	var wv []dialogs.ResidentAnswer
	if was != nil {
		wa, wr, wn = was.Answers, was.Reports, was.Notes
		if l.keyed {
			wv = residentsOf(was)
		}
	}
	ops = appendRecords(ops, prefix, kindAnswer, l.gen, c.Answers, wa)
	ops = appendRecords(ops, prefix, kindReport, l.gen, c.Reports, wr)
	ops = appendRecords(ops, prefix, kindNote, l.gen, c.Notes, wn)
	return appendResidents(ops, prefix, l.gen, residentsOf(c), wv)
}

func appendRecords[T comparable](ops []clientv3.Op, prefix, kind, gen string, now, was []T) []clientv3.Op {
	for i, r := range now {
		if i < len(was) && was[i] == r {
			continue
		}
		b, err := json.Marshal(r)
		if err != nil {
			continue // plain data: cannot fail
		}
		ops = append(ops, clientv3.OpPut(recordKey(prefix, kind, gen, i), string(b)))
	}
	for i := len(now); i < len(was); i++ {
		ops = append(ops, clientv3.OpDelete(recordKey(prefix, kind, gen, i)))
	}
	return ops
}

// appendResidents keys residents' answers by their number, which is never
// reused: adding one writes one key, removing one deletes one.
func appendResidents(ops []clientv3.Op, prefix, gen string, now, was []dialogs.ResidentAnswer) []clientv3.Op {
	held := make(map[int]dialogs.ResidentAnswer, len(was))
	for _, a := range was {
		held[a.N] = a
	}
	for _, a := range now {
		if h, ok := held[a.N]; ok {
			delete(held, a.N)
			if h == a {
				continue
			}
		}
		b, err := json.Marshal(a)
		if err != nil {
			continue
		}
		ops = append(ops, clientv3.OpPut(recordKey(prefix, kindResident, gen, a.N), string(b)))
	}
	for n := range held {
		ops = append(ops, clientv3.OpDelete(recordKey(prefix, kindResident, gen, n)))
	}
	return ops
}

// dropOtherGens deletes every record of the case that is not under gen:
// two ranges per kind, around gen's own keys.
func dropOtherGens(prefix, gen string) []clientv3.Op {
	var ops []clientv3.Op
	for _, kind := range recordKinds {
		all, own := prefix+kind, prefix+kind+gen+"/"
		ops = append(ops,
			clientv3.OpDelete(all, clientv3.WithRange(own)),
			clientv3.OpDelete(clientv3.GetPrefixRangeEnd(own), clientv3.WithRange(clientv3.GetPrefixRangeEnd(all))))
	}
	return ops
}
