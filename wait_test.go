// This file tests WaitUntilReady with a scripted GetAPI, an injected sleep
// that records the waits, and fixed jitter.

package provconc_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

// answer is one scripted Get result.
type answer struct {
	status provconc.Status
	reason string
	err    error
}

// fakeGet is a provconc.GetAPI answering from a script, one answer a call.
type fakeGet struct {
	t      *testing.T
	mu     sync.Mutex
	script []answer
	inputs []*provconc.GetInput
	ctxOK  []bool
}

func newFakeGet(t *testing.T, script ...answer) *fakeGet { return &fakeGet{t: t, script: script} }

func (f *fakeGet) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inputs = append(f.inputs, in)
	f.ctxOK = append(f.ctxOK, hasTestMarker(ctx))
	n := len(f.inputs)
	if n > len(f.script) {
		f.t.Errorf("Get called %d times, the script has %d answers", n, len(f.script))
		return nil, errors.New("fakeGet: script exhausted")
	}
	a := f.script[n-1]
	if a.err != nil {
		return nil, a.err
	}
	out := &provconc.GetOutput{Config: waitConfig(a.status, a.reason)}
	out.Metadata = provconc.Metadata{RequestID: fmt.Sprintf("req-%d", n), Attempts: 1}
	return out, nil
}

func (f *fakeGet) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.inputs)
}

func waitConfig(s provconc.Status, reason string) provconc.Config {
	c := provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Requested: 100, Allocated: 100, Status: s, StatusReason: reason}
	if s == provconc.StatusReady {
		c.Available = 100
	}
	return c
}

// sleepRecorder is an injected Sleep that records each wait and returns at
// once (or with err, when set). It gives up after maxSleeps waits, so a wait
// that would never end fails the test instead of hanging it.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
	err   error
}

const maxSleeps = 1000

var errTooManySleeps = errors.New("sleepRecorder: too many sleeps; the wait does not end")

func (s *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	if len(s.waits) > maxSleeps {
		return errTooManySleeps
	}
	return s.err
}

func (s *sleepRecorder) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// fixedJitter returns the values in order, repeating the last one.
func fixedJitter(vs ...float64) func() float64 {
	var mu sync.Mutex
	i := 0
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		v := vs[min(i, len(vs)-1)]
		i++
		return v
	}
}

// testWaitOptions injects the recorder and jitter, and records progress.
func testWaitOptions(sleep *sleepRecorder, jitter func() float64, progress *[]provconc.Status, minDelay, maxDelay time.Duration) func(*provconc.WaitOptions) {
	return func(o *provconc.WaitOptions) {
		o.Sleep = sleep.Sleep
		o.Jitter = jitter
		o.MinDelay = minDelay
		o.MaxDelay = maxDelay
		if progress != nil {
			o.Progress = func(c provconc.Config) { *progress = append(*progress, c.Status) }
		}
	}
}

var (
	inProgress = answer{status: provconc.StatusInProgress}
	ready      = answer{status: provconc.StatusReady}
)

func TestWaitUntilReadyReady(t *testing.T) {
	t.Parallel()
	api := newFakeGet(t, inProgress, inProgress, ready)
	sleep := &sleepRecorder{}
	var progress []provconc.Status
	in := &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}
	before := *in

	out, err := provconc.WaitUntilReady(testContext(), api, in, testWaitOptions(sleep, fixedJitter(0), &progress, time.Second, 10*time.Second))
	if err != nil {
		t.Fatalf("WaitUntilReady error: %v", err)
	}
	want := &provconc.GetOutput{Config: waitConfig(provconc.StatusReady, ""), Metadata: provconc.Metadata{RequestID: "req-3", Attempts: 1}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	wantProgress := []provconc.Status{provconc.StatusInProgress, provconc.StatusInProgress, provconc.StatusReady}
	if diff := cmp.Diff(wantProgress, progress); diff != "" {
		t.Errorf("Progress calls mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{time.Second, time.Second}, sleep.Waits()); diff != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", diff)
	}
	if api.Calls() != 3 {
		t.Errorf("Get called %d times, want 3", api.Calls())
	}
	for i, got := range api.inputs {
		if diff := cmp.Diff(before, *got); diff != "" {
			t.Errorf("call %d input mismatch (-want +got):\n%s", i, diff)
		}
		if !api.ctxOK[i] {
			t.Errorf("call %d did not receive the caller's context", i)
		}
	}
	if diff := cmp.Diff(before, *in); diff != "" {
		t.Errorf("the caller's input was modified (-before +after):\n%s", diff)
	}
}

func TestWaitUntilReadyAlreadyReady(t *testing.T) {
	t.Parallel()
	api := newFakeGet(t, ready)
	sleep := &sleepRecorder{}
	out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn"}, testWaitOptions(sleep, fixedJitter(0), nil, 0, 0))
	if err != nil || out == nil || out.Status != provconc.StatusReady {
		t.Fatalf("WaitUntilReady = %+v, %v; want READY", out, err)
	}
	if n := len(sleep.Waits()); n != 0 {
		t.Errorf("slept %d times before returning a READY config", n)
	}
}

func TestWaitUntilReadyFailed(t *testing.T) {
	t.Parallel()
	api := newFakeGet(t, inProgress, answer{status: provconc.StatusFailed, reason: "FUNCTION_ERROR_INIT_FAILURE"})
	sleep := &sleepRecorder{}
	var progress []provconc.Status
	_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}, testWaitOptions(sleep, fixedJitter(0), &progress, 0, 0))
	var afe *provconc.AllocationFailedError
	if !errors.As(err, &afe) {
		t.Fatalf("WaitUntilReady error = %v (%T), want *AllocationFailedError", err, err)
	}
	if !errors.Is(err, provconc.ErrAllocationFailed) {
		t.Errorf("errors.Is(%v, ErrAllocationFailed) = false", err)
	}
	if diff := cmp.Diff(waitConfig(provconc.StatusFailed, "FUNCTION_ERROR_INIT_FAILURE"), afe.Config); diff != "" {
		t.Errorf("AllocationFailedError.Config mismatch (-want +got):\n%s", diff)
	}
	if api.Calls() != 2 || len(sleep.Waits()) != 1 {
		t.Errorf("Get called %d times and slept %d times, want 2 and 1", api.Calls(), len(sleep.Waits()))
	}
	if diff := cmp.Diff([]provconc.Status{provconc.StatusInProgress, provconc.StatusFailed}, progress); diff != "" {
		t.Errorf("Progress calls mismatch (-want +got):\n%s", diff)
	}
}

func TestWaitUntilReadyBackoff(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		name      string
		untouched bool // leave MinDelay and MaxDelay as WaitUntilReady set them
		unbounded bool // no MaxWait, so no wait is cut to its end
		min, max  time.Duration
		jitter    []float64
		polls     int // IN_PROGRESS answers before READY
		want      []time.Duration
	}{
		{
			// wait = MinDelay + jitter*(bound-MinDelay); with no jitter,
			// MinDelay every time.
			name: "no jitter", min: time.Second, max: 5 * time.Second, jitter: []float64{0}, polls: 4,
			want: []time.Duration{time.Second, time.Second, time.Second, time.Second},
		},
		{
			// bound: 1s 2s 4s 5s 5s 5s, reached with the fullest jitter.
			name: "full jitter, capped", min: time.Second, max: 5 * time.Second, jitter: []float64{1}, polls: 6,
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second},
		},
		{
			name: "half jitter", min: time.Second, max: 5 * time.Second, jitter: []float64{0.5}, polls: 5,
			want: []time.Duration{time.Second, 1500 * ms, 2500 * ms, 3 * time.Second, 3 * time.Second},
		},
		{
			name: "varying jitter", min: 200 * ms, max: 3 * time.Second, jitter: []float64{0.25, 1, 0, 0.75, 0.5, 0.1}, polls: 6,
			// bounds: 200ms 400ms 800ms 1.6s 3s 3s
			want: []time.Duration{200 * ms, 400 * ms, 200 * ms, 1250 * ms, 1600 * ms, 480 * ms},
		},
		{
			// Defaults: MinDelay 1s, MaxDelay 15s.
			name: "defaults", untouched: true, jitter: []float64{1}, polls: 6,
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second},
		},
		{
			// "The zero value of each field picks the default", also when an
			// option function writes the zero explicitly.
			name: "explicit zero delays pick the defaults", min: 0, max: 0, jitter: []float64{1}, polls: 6,
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second},
		},
		{
			name: "zero MaxDelay picks the default cap", min: 4 * time.Second, max: 0, jitter: []float64{1}, polls: 4,
			want: []time.Duration{4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second},
		},
		{
			name: "negative MinDelay means the default", min: -time.Second, max: 2 * time.Second, jitter: []float64{1}, polls: 3,
			want: []time.Duration{time.Second, 2 * time.Second, 2 * time.Second},
		},
		{
			name: "MaxDelay below MinDelay is raised to it", min: 2 * time.Second, max: time.Second, jitter: []float64{1}, polls: 3,
			want: []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second},
		},
		{
			name: "MaxDelay equal to MinDelay", min: 300 * ms, max: 300 * ms, jitter: []float64{0.5}, polls: 3,
			want: []time.Duration{300 * ms, 300 * ms, 300 * ms},
		},
		{
			// Doubling saturates at the cap instead of overflowing.
			name: "MaxDelay the longest duration", unbounded: true, min: 1 << 61, max: 1<<63 - 1, jitter: []float64{1}, polls: 4,
			want: []time.Duration{1 << 61, 1 << 62, 1<<63 - 1, 1<<63 - 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var script []answer
			for i := 0; i < tt.polls; i++ {
				script = append(script, inProgress)
			}
			api := newFakeGet(t, append(script, ready)...)
			sleep := &sleepRecorder{}
			opt := testWaitOptions(sleep, fixedJitter(tt.jitter...), nil, tt.min, tt.max)
			if tt.untouched {
				opt = func(o *provconc.WaitOptions) {
					o.Sleep = sleep.Sleep
					o.Jitter = fixedJitter(tt.jitter...)
				}
			}
			noBound := func(o *provconc.WaitOptions) {
				if tt.unbounded {
					o.MaxWait = -1
				}
			}
			_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn"}, opt, noBound)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, sleep.Waits()); diff != "" {
				t.Errorf("waits mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// MinDelay is a floor, as in the official SDKs' waiters (smithy-go's
// waiter.ComputeDelay picks each delay between MinDelay and the doubling
// cap): whatever the jitter draws, no poll comes sooner than MinDelay after
// the last, and none later than MaxDelay.
func TestWaitUntilReadyNeverPollsSoonerThanMinDelay(t *testing.T) {
	t.Parallel()
	const minDelay, maxDelay = 2 * time.Second, 10 * time.Second
	for _, jitter := range []float64{0, 0.01, 0.5, 0.999} {
		api := newFakeGet(t, append(repeat(inProgress, 8), ready)...)
		sleep := &sleepRecorder{}
		if _, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn"},
			testWaitOptions(sleep, fixedJitter(jitter), nil, minDelay, maxDelay)); err != nil {
			t.Fatal(err)
		}
		waits := sleep.Waits()
		if len(waits) != 8 {
			t.Fatalf("jitter %v: %d waits, want 8", jitter, len(waits))
		}
		for i, w := range waits {
			if w < minDelay || w > maxDelay {
				t.Errorf("jitter %v: wait %d is %v, want within MinDelay %v and MaxDelay %v", jitter, i, w, minDelay, maxDelay)
			}
		}
	}
}

func TestWaitUntilReadyPollsThroughRetryableErrors(t *testing.T) {
	t.Parallel()
	throttle := &provconc.APIError{Code: "TooManyRequestsException", StatusCode: 429, Kind: provconc.ErrTooManyRequests}
	unavailable := &provconc.APIError{Code: "ServiceUnavailable", StatusCode: 503}
	scfThrottle := &provconc.APIError{Code: "RequestLimitExceeded", StatusCode: 200, Kind: provconc.ErrTooManyRequests}
	exhausted := &provconc.RetryExhaustedError{Attempts: 3, Reason: "max attempts", Err: &provconc.APIError{StatusCode: 500, Kind: provconc.ErrService}}
	api := newFakeGet(t,
		inProgress,
		answer{err: throttle},
		answer{err: fmt.Errorf("get: %w", unavailable)},
		answer{err: scfThrottle},
		answer{err: exhausted},
		ready,
	)
	sleep := &sleepRecorder{}
	var progress []provconc.Status
	out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}, testWaitOptions(sleep, fixedJitter(1), &progress, time.Second, 4*time.Second))
	if err != nil {
		t.Fatalf("WaitUntilReady error: %v", err)
	}
	if out.Status != provconc.StatusReady {
		t.Errorf("Status = %q, want READY", out.Status)
	}
	if api.Calls() != 6 {
		t.Errorf("Get called %d times, want 6", api.Calls())
	}
	// Failed polls back off like the others.
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}, sleep.Waits()); diff != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", diff)
	}
	// Progress sees configs only.
	if diff := cmp.Diff([]provconc.Status{provconc.StatusInProgress, provconc.StatusReady}, progress); diff != "" {
		t.Errorf("Progress calls mismatch (-want +got):\n%s", diff)
	}
}

func TestWaitUntilReadyStopsOnOtherErrors(t *testing.T) {
	t.Parallel()
	notFound := &provconc.APIError{Code: "ProvisionedConcurrencyConfigNotFoundException", StatusCode: 404, Kind: provconc.ErrProvisionedConcurrencyConfigNotFound}
	denied := &provconc.APIError{Code: "AccessDeniedException", StatusCode: 403, Kind: provconc.ErrAccessDenied}
	plain := errors.New("dial tcp: connection refused")
	tests := []struct {
		name      string
		script    []answer
		wantErr   error
		wantSleep int
	}{
		{name: "config not found at once", script: []answer{{err: notFound}}, wantErr: provconc.ErrProvisionedConcurrencyConfigNotFound},
		{name: "config not found after a poll", script: []answer{inProgress, {err: notFound}}, wantErr: provconc.ErrProvisionedConcurrencyConfigNotFound, wantSleep: 1},
		{name: "access denied", script: []answer{{err: fmt.Errorf("get: %w", denied)}}, wantErr: provconc.ErrAccessDenied},
		{name: "non-API error", script: []answer{{err: plain}}, wantErr: plain},
		{name: "context error from Get", script: []answer{{err: context.DeadlineExceeded}}, wantErr: context.DeadlineExceeded},
		{name: "input error from Get", script: []answer{{err: provconc.NewInputError("FunctionName", "bad name", "must match")}}, wantErr: provconc.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFakeGet(t, tt.script...)
			sleep := &sleepRecorder{}
			out, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn"}, testWaitOptions(sleep, fixedJitter(0), nil, 0, 0))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WaitUntilReady error = %v, want %v", err, tt.wantErr)
			}
			if out != nil {
				t.Errorf("WaitUntilReady returned an output with its error: %+v", out)
			}
			if api.Calls() != len(tt.script) {
				t.Errorf("Get called %d times, want %d", api.Calls(), len(tt.script))
			}
			if n := len(sleep.Waits()); n != tt.wantSleep {
				t.Errorf("slept %d times, want %d", n, tt.wantSleep)
			}
		})
	}
}

func TestWaitUntilReadySleepError(t *testing.T) {
	t.Parallel()
	// An injected Sleep that reports the context's end stops the wait.
	api := newFakeGet(t, inProgress)
	sleep := &sleepRecorder{err: context.Canceled}
	_, err := provconc.WaitUntilReady(testContext(), api, &provconc.GetInput{FunctionName: "fn"}, testWaitOptions(sleep, fixedJitter(0), nil, 0, 0))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitUntilReady error = %v, want context.Canceled", err)
	}
	if api.Calls() != 1 {
		t.Errorf("Get called %d times after the sleep failed, want 1", api.Calls())
	}
}

func TestWaitUntilReadyContextEndsDuringRealSleep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		wantErr error
	}{
		{
			name: "cancelled",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(testContext())
				time.AfterFunc(50*time.Millisecond, cancel)
				return ctx, cancel
			},
			wantErr: context.Canceled,
		},
		{
			name: "deadline",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(testContext(), 50*time.Millisecond)
			},
			wantErr: context.DeadlineExceeded,
		},
		{
			name: "already cancelled",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(testContext())
				cancel()
				return ctx, cancel
			},
			wantErr: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := tt.ctx()
			defer cancel()
			// The fake ignores the context, so only the real sleep can notice.
			api := newFakeGet(t, inProgress)
			done := make(chan error, 1)
			go func() {
				_, err := provconc.WaitUntilReady(ctx, api, &provconc.GetInput{FunctionName: "fn"}, func(o *provconc.WaitOptions) {
					o.MinDelay = time.Hour // the sleep would last at least 30 minutes
					o.MaxDelay = time.Hour
				})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("WaitUntilReady did not return within 10s of the context ending")
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WaitUntilReady error = %v, want %v", err, tt.wantErr)
			}
			if api.Calls() != 1 {
				t.Errorf("Get called %d times, want 1", api.Calls())
			}
		})
	}
}

func TestWaitUntilReadyNilInput(t *testing.T) {
	t.Parallel()
	api := newFakeGet(t)
	out, err := provconc.WaitUntilReady(testContext(), api, nil)
	if out != nil {
		t.Errorf("output = %+v, want nil", out)
	}
	checkInputError(t, err, "GetInput", "nil")
	if api.Calls() != 0 {
		t.Errorf("Get called %d times for a nil input", api.Calls())
	}
}

func TestClientWaitUntilReady(t *testing.T) {
	t.Parallel()
	proto := &fakeProtocol{getOut: &provconc.GetOutput{Config: waitConfig(provconc.StatusReady, "")}}
	client, err := provconc.NewClient(proto)
	if err != nil {
		t.Fatal(err)
	}
	in := &provconc.GetInput{FunctionName: "fn", Qualifier: "1"}
	out, err := client.WaitUntilReady(testContext(), in, func(o *provconc.WaitOptions) {
		o.Sleep = (&sleepRecorder{}).Sleep
	})
	if err != nil || out.Status != provconc.StatusReady {
		t.Fatalf("Client.WaitUntilReady = %+v, %v; want READY", out, err)
	}
	if diff := cmp.Diff([]string{"Get"}, proto.Calls()); diff != "" {
		t.Errorf("protocol calls mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(*in, *proto.getIn[0]); diff != "" {
		t.Errorf("Get input mismatch (-want +got):\n%s", diff)
	}
	_, err = client.WaitUntilReady(testContext(), nil)
	checkInputError(t, err, "GetInput", "nil")
	if n := len(proto.Calls()); n != 1 {
		t.Errorf("protocol called %d times in all, want 1", n)
	}
}

// A Get that breaks its contract with (nil, nil) ends the wait with an error
// instead of a panic.
func TestWaitUntilReadyNilOutput(t *testing.T) {
	t.Parallel()
	_, err := provconc.WaitUntilReady(context.Background(), nilGet{}, &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if err == nil {
		t.Fatal("want an error for a Get that returned neither a config nor an error")
	}
}

type nilGet struct{}

func (nilGet) Get(context.Context, *provconc.GetInput) (*provconc.GetOutput, error) { return nil, nil }
