package backoff

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// delays reads like the rule: doubling from First, held at Max.
var delays = []struct {
	p    Policy
	want []time.Duration // for n = 1, 2, …
}{
	{Policy{First: time.Second, Max: 256 * time.Second}, []time.Duration{1e9, 2e9, 4e9, 8e9, 16e9, 32e9, 64e9, 128e9, 256e9, 256e9, 256e9}},
	{Policy{First: time.Minute, Max: 15 * time.Minute}, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute}},
	{Policy{First: time.Second, Max: 3 * time.Second}, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}},
}

func TestDelay(t *testing.T) {
	for _, tt := range delays {
		var got []time.Duration
		for n := 1; n <= len(tt.want); n++ {
			got = append(got, tt.p.Delay(n))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: delays %v, want %v", tt.p, got, tt.want)
		}
	}
	if d := (Policy{First: time.Second, Max: time.Hour}).Delay(1 << 30); d != time.Hour {
		t.Errorf("a huge n gives %v, want the ceiling", d)
	}
}

var (
	errBusy  = errors.New("busy")
	errFinal = errors.New("final")
)

func TestRetry(t *testing.T) {
	var slept []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	classify := func(err error) (time.Duration, bool) {
		switch {
		case errors.Is(err, errFinal):
			return 0, false
		case err.Error() == "slow down":
			return 7 * time.Second, true
		}
		return 0, true
	}
	r := Retry{Policy: Policy{First: time.Second, Max: 3 * time.Second}, Attempts: 4, Classify: classify, Sleep: sleep}

	// Every attempt fails: four tries, three waits, the last error.
	calls := 0
	err := r.Do(context.Background(), func(context.Context) error { calls++; return errBusy })
	if !errors.Is(err, errBusy) || calls != 4 || !slices.Equal(slept, []time.Duration{1e9, 2e9, 3e9}) {
		t.Errorf("failing: err %v, %d calls, waits %v", err, calls, slept)
	}
	// A wait the other side named wins; success ends it.
	slept, calls = nil, 0
	err = r.Do(context.Background(), func(context.Context) error {
		if calls++; calls == 1 {
			return errors.New("slow down")
		}
		return nil
	})
	if err != nil || calls != 2 || !slices.Equal(slept, []time.Duration{7 * time.Second}) {
		t.Errorf("retry-after: err %v, %d calls, waits %v", err, calls, slept)
	}
	// A final error is not retried.
	slept, calls = nil, 0
	err = r.Do(context.Background(), func(context.Context) error { calls++; return errFinal })
	if !errors.Is(err, errFinal) || calls != 1 || slept != nil {
		t.Errorf("final: err %v, %d calls, waits %v", err, calls, slept)
	}
	// An ended context ends the wait.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.Sleep = nil
	err = r.Do(ctx, func(context.Context) error { return errBusy })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v, want context.Canceled", err)
	}
}

func ExamplePolicy_Delay() {
	p := Policy{First: time.Second, Max: 5 * time.Second}
	for n := 1; n <= 4; n++ {
		fmt.Println(p.Delay(n))
	}
	// Output:
	// 1s
	// 2s
	// 4s
	// 5s
}
