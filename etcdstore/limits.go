package etcdstore

import clientv3 "go.etcd.io/etcd/client/v3"

// Limits are what one etcd request may hold; the store splits its work to
// fit them (see the package doc).
type Limits struct {
	// MaxOps is the most operations one branch of a transaction may hold:
	// the members' --max-txn-ops (etcd's default 128).
	MaxOps int
	// MaxBytes is the largest request a member takes: its
	// --max-request-bytes (etcd's default 1.5 MiB).
	MaxBytes int
}

// DefaultLimits are etcd's defaults. A cluster started with larger values
// may be given them (Config.Limits); smaller ones must be given, or large
// commits fail.
var DefaultLimits = Limits{MaxOps: 128, MaxBytes: 1536 * 1024}

// opOverhead is what one operation costs in a request beside its key and
// value (protobuf framing, a lease, flags), counted generously.
const opOverhead = 48

// reserve is kept free in every request for its compares, its header and
// the framing of the raft proposal.
const reserve = 64 * 1024

func (l Limits) withDefaults() Limits {
	if l.MaxOps <= 0 {
		l.MaxOps = DefaultLimits.MaxOps
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	return l
}

// budget is the bytes of keys and values one request may carry.
func (l Limits) budget() int {
	return max(l.withDefaults().MaxBytes-reserve, l.withDefaults().MaxBytes/2)
}

// txnSize is what a transaction of cmps and ops costs against the limits.
type txnSize struct{ ops, bytes int }

func (z *txnSize) add(key string, value int) {
	z.ops++
	z.bytes += len(key) + value + opOverhead
}

func (z txnSize) fits(l Limits) bool {
	l = l.withDefaults()
	return z.ops <= l.MaxOps && z.bytes <= l.budget()
}

// sizeOf adds up ops as they will be sent.
func sizeOf(ops []clientv3.Op) txnSize {
	var z txnSize
	for _, op := range ops {
		z.add(string(op.KeyBytes())+string(op.RangeBytes()), len(op.ValueBytes()))
	}
	return z
}
