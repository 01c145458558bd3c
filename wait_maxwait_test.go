// This file tests the bound on WaitUntilReady (WaitOptions.MaxWait) on a
// fake clock that the injected sleep advances, so no test waits in real
// time.

package provconc_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

// fakeClock is a clock that moves only when Sleep is called, by exactly the
// duration asked.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waits) > maxSleeps {
		return errTooManySleeps
	}
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// repeat returns n copies of a.
func repeat(a answer, n int) []answer {
	s := make([]answer, n)
	for i := range s {
		s[i] = a
	}
	return s
}

func clockOptions(clock *fakeClock, maxWait time.Duration) func(*provconc.WaitOptions) {
	return func(o *provconc.WaitOptions) {
		o.Now = clock.Now
		o.Sleep = clock.Sleep
		o.Jitter = fixedJitter(0.999999) // waits of (almost) the full delay
		o.MinDelay = 2 * time.Second
		o.MaxDelay = 8 * time.Second
		o.MaxWait = maxWait
	}
}

func TestWaitUntilReadyMaxWait(t *testing.T) {
	t.Parallel()
	// Stuck IN_PROGRESS with a reason: the wait must end after MaxWait, with
	// a last read at the deadline, and name what it saw.
	stuck := answer{status: provconc.StatusInProgress, reason: "waiting for capacity"}
	api := newFakeGet(t, repeat(stuck, 100)...)
	clock := newFakeClock()
	start := clock.Now()
	out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}, clockOptions(clock, 20*time.Second))
	if out != nil {
		t.Errorf("WaitUntilReady returned an output with its error: %+v", out)
	}
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	for _, target := range []error{provconc.ErrWaitTimeout, context.DeadlineExceeded} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
	if errors.Is(err, provconc.ErrAllocationFailed) || errors.Is(err, context.Canceled) {
		t.Errorf("a timeout matches ErrAllocationFailed or context.Canceled: %v", err)
	}
	// Delays 2s, 4s, 8s, then capped at 8s; the last wait is cut to end
	// at the 20s deadline: 2+4+8+6 = 20, then one last read.
	waits := clock.Waits()
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	if total != 20*time.Second {
		t.Errorf("slept %v in all (%v), want exactly MaxWait 20s", total, waits)
	}
	if got := clock.Now().Sub(start); got != 20*time.Second {
		t.Errorf("clock moved %v, want 20s", got)
	}
	if api.Calls() != len(waits)+1 {
		t.Errorf("Get called %d times with %d sleeps, want one read after the last sleep", api.Calls(), len(waits))
	}
	want := waitConfig(provconc.StatusInProgress, "waiting for capacity")
	if wte.Last == nil {
		t.Fatal("WaitTimeoutError.Last = nil, want the last config read")
	}
	if diff := cmp.Diff(want, *wte.Last); diff != "" {
		t.Errorf("Last mismatch (-want +got):\n%s", diff)
	}
	if wte.MaxWait != 20*time.Second || wte.Waited != 20*time.Second || wte.Polls != api.Calls() || wte.LastErr != nil {
		t.Errorf("WaitTimeoutError = %+v, want MaxWait and Waited 20s, Polls %d, no LastErr", wte, api.Calls())
	}
	for _, part := range []string{"my-function:BLUE", "20s", "IN_PROGRESS", "waiting for capacity"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %q", err, part)
		}
	}
}

func TestWaitUntilReadyMaxWaitAfterThrottle(t *testing.T) {
	t.Parallel()
	// The last read was throttled: the error names the last status seen and
	// unwraps to the throttle.
	throttle := &provconc.APIError{Code: "TooManyRequestsException", StatusCode: 429, Kind: provconc.ErrTooManyRequests}
	script := append([]answer{{status: provconc.StatusInProgress}}, repeat(answer{err: throttle}, 100)...)
	api := newFakeGet(t, script...)
	clock := newFakeClock()
	_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, clockOptions(clock, 10*time.Second))
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	if !errors.Is(err, provconc.ErrTooManyRequests) {
		t.Errorf("errors.Is(err, ErrTooManyRequests) = false: the last read's error is lost")
	}
	if wte.Last == nil || wte.Last.Status != provconc.StatusInProgress {
		t.Errorf("Last = %+v, want the IN_PROGRESS config of the first read", wte.Last)
	}
	if !strings.Contains(err.Error(), "IN_PROGRESS") || !strings.Contains(err.Error(), "TooManyRequestsException") {
		t.Errorf("error %q does not name the last status and the last read's error", err)
	}
}

func TestWaitUntilReadyMaxWaitNoRead(t *testing.T) {
	t.Parallel()
	// Every read failed: the error says no config was read.
	api := newFakeGet(t, repeat(answer{err: &provconc.APIError{Code: "ServiceException", StatusCode: 500, Kind: provconc.ErrService}}, 100)...)
	clock := newFakeClock()
	_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, clockOptions(clock, 5*time.Second))
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	if wte.Last != nil || !strings.Contains(err.Error(), "no config read") {
		t.Errorf("error %q (Last %+v), want it to say no config was read", err, wte.Last)
	}
}

func TestWaitUntilReadyReadyAtDeadline(t *testing.T) {
	t.Parallel()
	// The read at the deadline finds READY: that is success, not a timeout.
	inProg := answer{status: provconc.StatusInProgress}
	api := newFakeGet(t, inProg, inProg, inProg, answer{status: provconc.StatusReady})
	clock := newFakeClock()
	out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, clockOptions(clock, 10*time.Second))
	if err != nil || out.Status != provconc.StatusReady {
		t.Fatalf("WaitUntilReady = %+v, %v; want READY", out, err)
	}
	// 2s, 4s, then 8s cut to the 4s left.
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second}, roundWaits(clock.Waits())); diff != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", diff)
	}
}

func TestWaitUntilReadyDefaultMaxWait(t *testing.T) {
	t.Parallel()
	api := newFakeGet(t, repeat(inProgress, 1000)...)
	clock := newFakeClock()
	_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, func(o *provconc.WaitOptions) {
		o.Now, o.Sleep = clock.Now, clock.Sleep
	})
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	if wte.MaxWait != provconc.DefaultMaxWait || wte.Waited != provconc.DefaultMaxWait {
		t.Errorf("MaxWait %v, Waited %v; want both DefaultMaxWait %v", wte.MaxWait, wte.Waited, provconc.DefaultMaxWait)
	}
}

func TestWaitUntilReadyNoMaxWait(t *testing.T) {
	t.Parallel()
	// A negative MaxWait lifts the bound: the wait outlasts DefaultMaxWait
	// and ends only when the allocation settles.
	script := append(repeat(inProgress, 200), ready)
	api := newFakeGet(t, script...)
	clock := newFakeClock()
	start := clock.Now()
	out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, func(o *provconc.WaitOptions) {
		o.Now, o.Sleep, o.MaxWait = clock.Now, clock.Sleep, -1
	})
	if err != nil || out.Status != provconc.StatusReady {
		t.Fatalf("WaitUntilReady = %+v, %v; want READY", out, err)
	}
	if waited := clock.Now().Sub(start); waited <= provconc.DefaultMaxWait {
		t.Errorf("waited %v, want more than DefaultMaxWait (the bound was lifted)", waited)
	}
}

func TestWaitUntilReadyMaxWaitRealDeadline(t *testing.T) {
	t.Parallel()
	// With the real clock, MaxWait also ends a Get in flight: the fake
	// blocks until its context ends.
	api := blockingGet{}
	done := make(chan error, 1)
	go func() {
		_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, func(o *provconc.WaitOptions) {
			o.MaxWait = 20 * time.Millisecond
		})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("WaitUntilReady did not return within 10s of a 20ms MaxWait")
	}
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	if wte.MaxWait != 20*time.Millisecond || wte.Polls != 1 || !errors.Is(wte.LastErr, context.DeadlineExceeded) {
		t.Errorf("WaitTimeoutError = %+v, want MaxWait 20ms, 1 poll cut short by the deadline", wte)
	}
}

func TestWaitUntilReadyCallerDeadline(t *testing.T) {
	t.Parallel()
	// The caller's deadline ends the wait first: a *WaitTimeoutError too,
	// with MaxWait zero since it was not the bound that ran out.
	ctx, cancel := context.WithTimeout(testContext(), 20*time.Millisecond)
	defer cancel()
	api := newFakeGet(t, answer{status: provconc.StatusInProgress, reason: "still allocating"})
	_, err := provconc.WaitUntilReady(ctx, api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, func(o *provconc.WaitOptions) {
		o.MinDelay, o.MaxDelay = time.Hour, time.Hour
		o.MaxWait = 2 * time.Hour
	})
	var wte *provconc.WaitTimeoutError
	if !errors.As(err, &wte) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *WaitTimeoutError", err, err)
	}
	if wte.MaxWait != 0 || wte.Last == nil || wte.Last.StatusReason != "still allocating" {
		t.Errorf("WaitTimeoutError = %+v, want MaxWait 0 and the last config", wte)
	}
	if !strings.Contains(err.Error(), "context deadline exceeded") || !strings.Contains(err.Error(), "still allocating") {
		t.Errorf("error %q does not say the context's deadline ended it and the last reason", err)
	}
}

// blockingGet answers only when its context ends.
type blockingGet struct{}

func (blockingGet) Get(ctx context.Context, _ *provconc.GetInput) (*provconc.GetOutput, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// roundWaits rounds waits to the millisecond, hiding the jitter's sliver.
func roundWaits(ws []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ws))
	for i, w := range ws {
		out[i] = w.Round(time.Millisecond)
	}
	return out
}
