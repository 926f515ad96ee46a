// Command involvebench runs the project's benchmarks on this machine and
// writes BENCHMARKS.md: every figure beside the physical references
// measured in the same run (a durable bbolt commit, a loopback HTTP round
// trip), so each reads as a ratio to the limit.
//
//	go run ./cmd/involvebench all            # everything, writes BENCHMARKS.md
//	go run ./cmd/involvebench core|answers|slack|teams|nudge|documents|ops|residents|etcd
package main
