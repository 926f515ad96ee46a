package main

import "runtime/debug"

// serveGCPercent is the garbage collector's target for serve, unless GOGC
// is set. serve's live heap is small (about 3 MiB idle and 22 MiB while
// answers stream in: the database is a mapped file, not heap), so at Go's
// default of 100 the collector runs every few MiB allocated, and an answer
// end to end allocates about 140 KB. At 400, measured with involvebench
// answers on 2 cores, the server's CPU per answer went from about 340-370
// µs to about 280 µs and answers from about 3,000/s to about 3,500-3,700/s,
// for a heap that peaks at about five times the live one instead of two
// (involvebench ops: RSS peak while 5,000 answers come in 44 → 67 MiB).
const serveGCPercent = 400

// tuneGC sets serve's garbage collector target unless the operator set one
// in GOGC. GOMEMLIMIT, when set, still caps the heap.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(serveGCPercent)
}
