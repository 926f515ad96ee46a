package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// part is one long-running piece of serve: it runs until its context ends
// and returns nil then, or returns early with why it stopped.
type part struct {
	name string
	run  func(ctx context.Context) error
}

// errPartStopped means a part returned while it should still run.
var errPartStopped = errors.New("stopped by itself")

// runParts runs every part until ctx ends, or until one of them stops: then
// it stops the others, waits for them, and returns the first one's error,
// named (a part that returned nil early is an error too: nothing may go
// quiet while serve looks healthy). It returns nil when ctx ended.
func runParts(ctx context.Context, parts ...part) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, p := range parts {
		wg.Go(func() {
			err := p.run(ctx)
			if ctx.Err() != nil {
				return // asked to stop
			}
			if err == nil {
				err = errPartStopped
			}
			once.Do(func() { first = fmt.Errorf("%s: %w", p.name, err) })
			cancel()
		})
	}
	wg.Wait()
	return first
}
