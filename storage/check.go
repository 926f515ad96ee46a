package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged means the database file is not a whole, consistent bbolt
// file: it is empty, shorter than its own meta page says, or its pages do
// not check. Nothing was written to it.
var ErrDamaged = errors.New("storage: the database file is damaged")

// damaged is the error of a damaged file at path: what is wrong and what
// to do about it.
func damaged(path, what string) error {
	return fmt.Errorf("%w: %s %s. involve has not written to it and will not: "+
		"stop every involvebot on it, put the last good copy made by `involvebot backup` in its place "+
		"(keep the damaged file aside, it may be needed), and start again", ErrDamaged, path, what)
}

// The layout of a bbolt meta page (go.etcd.io/bbolt/internal/common):
// a 16-byte page header, then magic, version, page size, flags (4 bytes
// each), the root bucket (root page, sequence), the freelist page, the
// high-water mark (the number of pages in use), the transaction id and
// an FNV-64a checksum of everything before it.
const (
	pageHeaderSize = 16
	metaSize       = 64
	metaMagic      = 0xED0CDAED
	metaVersion    = 2
	metaPageFlag   = 0x04
	noFreelist     = ^uint64(0)
)

// meta is what checkFile reads of a meta page.
type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // the high-water mark
	txid     uint64
}

// parseMeta decodes the meta page at the start of b, or says why not.
func parseMeta(b []byte) (meta, bool) {
	if len(b) < pageHeaderSize+metaSize {
		return meta{}, false
	}
	if binary.LittleEndian.Uint16(b[8:])&metaPageFlag == 0 {
		return meta{}, false
	}
	m := b[pageHeaderSize : pageHeaderSize+metaSize]
	le := binary.LittleEndian
	if le.Uint32(m[0:]) != metaMagic || le.Uint32(m[4:]) != metaVersion {
		return meta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:]) {
		return meta{}, false
	}
	return meta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// checkFile looks at an existing database file before bbolt maps it: an
// empty file is refused (bbolt would make a new database of it), and so is
// a file shorter than the pages its meta page counts (bbolt would map past
// its end, and the first read or write there kills the process with
// SIGBUS). It reads the file only. A path that does not exist is fine: it
// is a new database.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	size := fi.Size()
	if size == 0 {
		return fmt.Errorf("%w: %s is empty (0 bytes), so it holds no database. involve will not make a new, empty one in its place: "+
			"put the last good copy made by `involvebot backup` there, or remove the file to start afresh on purpose", ErrDamaged, path)
	}
	// The first meta page gives the page size; the second one sits one
	// page further. Either may be torn: bbolt uses the valid one with the
	// higher transaction id, and so does this check.
	var (
		best  meta
		found bool
	)
	consider := func(off int64) (meta, bool) {
		buf := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return meta{}, false
		}
		m, ok := parseMeta(buf)
		if ok && (!found || m.txid > best.txid) {
			best, found = m, true
		}
		return m, ok
	}
	if m0, ok := consider(0); ok {
		consider(int64(m0.pageSize))
	} else {
		for i := 0; i <= 14; i++ { // as bbolt looks for the second meta page
			if _, ok := consider(1024 << i); ok {
				break
			}
		}
	}
	if !found {
		return damaged(path, "has no valid meta page (it is not a bbolt file, or its first pages were overwritten)")
	}
	need := int64(best.pgid) * int64(best.pageSize)
	if size < need {
		return damaged(path, fmt.Sprintf("is %d bytes long, but its meta page counts %d pages of %d bytes (%d bytes): it was cut short",
			size, best.pgid, best.pageSize, need))
	}
	if best.root >= best.pgid || (best.freelist != noFreelist && best.freelist >= best.pgid) {
		return damaged(path, "has a meta page that points past its own end")
	}
	return nil
}

// checkPages runs bbolt's consistency check over every page in one read
// transaction. A page bbolt cannot read (a panic or a fault in the
// mapping) is damage too.
func checkPages(b *bolt.DB, path string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = damaged(path, fmt.Sprintf("has a page that cannot be read (%v)", p))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var errs []error
	verr := b.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			if len(errs) < 5 {
				errs = append(errs, err)
			}
		}
		return nil
	})
	if verr != nil {
		return fmt.Errorf("storage: check %s: %w", path, verr)
	}
	if len(errs) > 0 {
		return damaged(path, fmt.Sprintf("does not check clean (%v)", errors.Join(errs...)))
	}
	return nil
}

// openBolt is bolt.Open that turns a panic in bbolt (a damaged freelist
// or meta page) into ErrDamaged.
func openBolt(path string, o *bolt.Options) (b *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, damaged(path, fmt.Sprintf("cannot be opened (%v)", p))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, o)
}
