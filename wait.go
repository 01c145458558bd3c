// This file waits for an allocation to settle. Put answers while the service
// is still allocating (IN_PROGRESS); WaitUntilReady polls Get with capped,
// jittered backoff until READY or FAILED, until its maximum wait has passed,
// or until the context ends.

package provconc

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/provconc/provconc/internal/redact"
)

// DefaultMaxWait is how long WaitUntilReady waits when WaitOptions.MaxWait is
// zero. Allocating provisioned concurrency usually takes a few minutes; ten
// minutes lets a large allocation finish while a stuck one still ends, as the
// official SDKs' waiters bound every wait.
const DefaultMaxWait = 10 * time.Minute

// ErrWaitTimeout: a wait ended because its maximum wait (or the context's
// deadline) passed before the allocation reached READY or FAILED. The error
// is a *WaitTimeoutError.
var ErrWaitTimeout = errors.New("provconc: gave up waiting for provisioned concurrency")

// WaitOptions tunes WaitUntilReady. The zero value of each field picks the
// default.
type WaitOptions struct {
	// MinDelay is the shortest wait between polls, as in the official
	// SDKs' waiters. Each wait is drawn between MinDelay and a bound that
	// starts at MinDelay and doubles after each poll up to MaxDelay; so the
	// first wait is MinDelay. Default 1s.
	MinDelay time.Duration
	// MaxDelay caps the wait between polls. Default 15s.
	MaxDelay time.Duration
	// MaxWait bounds the whole wait: once it has passed, WaitUntilReady reads
	// the config one last time and gives up with a *WaitTimeoutError naming
	// the last status and reason. Zero means DefaultMaxWait; a negative value
	// means no bound but the context's.
	MaxWait time.Duration
	// Progress, if set, is called with each config read, terminal ones
	// included, from the waiting goroutine.
	Progress func(Config)
	// Sleep waits for d or until ctx ends, returning ctx.Err() in the latter
	// case. Tests inject it; the default uses a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0,1] that places each wait between
	// MinDelay and the current bound; the default is math/rand/v2. Tests
	// inject it.
	Jitter func() float64
	// Now returns the current time, against which MaxWait is measured; the
	// default is time.Now. Tests inject a fake clock that Sleep advances.
	Now func() time.Time
}

// WaitUntilReady polls Get until the config is READY and returns it. It ends
// with an *AllocationFailedError (matching ErrAllocationFailed) when the
// allocation reaches FAILED; with a *WaitTimeoutError (matching
// ErrWaitTimeout and context.DeadlineExceeded) naming the last status and
// reason seen when MaxWait or the context's deadline passes first; with the
// context's error when ctx is cancelled; and with Get's error when Get fails
// with anything but a retryable service error (throttles and service
// failures are polled through). A version or alias with no config fails at
// once with ErrProvisionedConcurrencyConfigNotFound.
func WaitUntilReady(ctx context.Context, api GetAPI, in *GetInput, optFns ...func(*WaitOptions)) (*GetOutput, error) {
	if in == nil {
		return nil, NewInputError("GetInput", "", "must not be nil")
	}
	if api == nil {
		return nil, errors.New("provconc: WaitUntilReady: api is nil")
	}
	if isNilClient(api) {
		return nil, errZeroClient
	}
	opts := waitOptions(optFns)
	w := waiter{opts: opts, params: *in, start: opts.Now()}
	if opts.MaxWait > 0 {
		// The real-time bound also ends a Get still in flight at the
		// deadline; the loop below measures MaxWait on opts.Now, so a fake
		// clock decides when a test's wait gives up.
		var cancel context.CancelFunc
		w.ctx, cancel = context.WithTimeout(ctx, opts.MaxWait)
		defer cancel()
	} else {
		w.ctx = ctx
	}
	return w.run(ctx, api)
}

// waitOptions applies optFns to the defaults and repairs values that make no
// sense.
func waitOptions(optFns []func(*WaitOptions)) WaitOptions {
	opts := WaitOptions{MinDelay: time.Second, MaxDelay: 15 * time.Second}
	for _, fn := range optFns {
		fn(&opts)
	}
	if opts.MinDelay <= 0 {
		opts.MinDelay = time.Second
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 15 * time.Second
	}
	if opts.MaxDelay < opts.MinDelay {
		opts.MaxDelay = opts.MinDelay
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepContext
	}
	if opts.Jitter == nil {
		opts.Jitter = rand.Float64
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return opts
}

// waiter is one run of WaitUntilReady and what it has seen so far.
type waiter struct {
	opts   WaitOptions
	params GetInput
	// ctx is the caller's context, bounded by MaxWait when there is one.
	ctx   context.Context
	start time.Time
	polls int
	// last is the config of the last successful poll; seen tells whether
	// there was one.
	last Config
	seen bool
	// lastErr is the error of the last poll, if it failed transiently.
	lastErr error
}

func (w *waiter) run(parent context.Context, api GetAPI) (*GetOutput, error) {
	delay := w.opts.MinDelay
	for {
		out, err := api.Get(w.ctx, &w.params)
		w.polls++
		if err == nil && out == nil {
			return nil, errors.New("provconc: WaitUntilReady: Get returned neither a config nor an error")
		}
		switch {
		case err == nil:
			w.last, w.seen, w.lastErr = out.Config, true, nil
			if w.opts.Progress != nil {
				w.opts.Progress(out.Config)
			}
			switch out.Status {
			case StatusReady:
				return out, nil
			case StatusFailed:
				return out, &AllocationFailedError{Config: out.Config}
			}
		case w.ctx.Err() != nil && parent.Err() == nil:
			// Get was cut short by MaxWait, not by the caller.
			w.lastErr = err
			return nil, w.timeout(false)
		case errors.Is(err, context.DeadlineExceeded) && errors.Is(parent.Err(), context.DeadlineExceeded):
			// Get was cut short by the caller's deadline.
			w.lastErr = err
			return nil, w.timeout(true)
		case !isTransient(err):
			return nil, err
		default:
			w.lastErr = err
		}
		// Wait between MinDelay and the current delay, so many waiters
		// started together drift apart, yet never poll sooner than
		// MinDelay, which the official SDKs' waiters also treat as a floor.
		span := delay - w.opts.MinDelay
		extra := time.Duration(w.opts.Jitter() * float64(span))
		if extra < 0 || extra > span {
			// float64 rounds the longest durations up past the largest
			// Duration, whose conversion then turns negative.
			extra = span
		}
		wait := w.opts.MinDelay + extra
		if w.opts.MaxWait > 0 {
			remaining := w.opts.MaxWait - w.opts.Now().Sub(w.start)
			if remaining <= 0 {
				return nil, w.timeout(false)
			}
			// The last poll falls due at the deadline, not after it.
			wait = min(wait, remaining)
		}
		if err := w.opts.Sleep(w.ctx, wait); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, w.timeout(errors.Is(parent.Err(), context.DeadlineExceeded))
			}
			return nil, err
		}
		if delay > w.opts.MaxDelay/2 {
			delay = w.opts.MaxDelay // doubling would pass the cap, or overflow
		} else {
			delay *= 2
		}
	}
}

// timeout builds the error of a wait that ran out of time: the caller's
// deadline when byCaller, else MaxWait.
func (w *waiter) timeout(byCaller bool) *WaitTimeoutError {
	e := &WaitTimeoutError{
		FunctionName: w.params.FunctionName,
		Qualifier:    w.params.Qualifier,
		Waited:       w.opts.Now().Sub(w.start),
		Polls:        w.polls,
		LastErr:      w.lastErr,
	}
	if !byCaller {
		e.MaxWait = w.opts.MaxWait
	}
	if w.seen {
		last := w.last
		e.Last = &last
	}
	return e
}

// WaitTimeoutError reports a wait that ran out of time (WaitOptions.MaxWait
// or the context's deadline) before the allocation reached READY or FAILED.
// It matches ErrWaitTimeout and context.DeadlineExceeded, and unwraps to the
// last poll's error when that poll failed, so errors.As still finds a
// throttling *APIError.
type WaitTimeoutError struct {
	// FunctionName and Qualifier are those of the GetInput waited on.
	FunctionName, Qualifier string
	// MaxWait is the bound that ran out; zero when it was the context's
	// deadline.
	MaxWait time.Duration
	// Waited is how long the wait lasted, measured on WaitOptions.Now.
	Waited time.Duration
	// Polls is how many times Get was called.
	Polls int
	// Last is the config of the last successful read, with its Status and
	// StatusReason; nil when no read succeeded.
	Last *Config
	// LastErr is the error of the last read when it failed (a throttle, a
	// service error, or the read cut short by the deadline); nil otherwise.
	LastErr error
}

// Error names the function, the bound, and the last status and reason seen
// (or the last read's error).
func (e *WaitTimeoutError) Error() string {
	var b strings.Builder
	b.WriteString("provconc: gave up waiting for ")
	b.WriteString(redact.Clip(e.FunctionName))
	if e.Qualifier != "" {
		b.WriteByte(':')
		b.WriteString(redact.Clip(e.Qualifier))
	}
	b.WriteString(" to be READY")
	if e.MaxWait > 0 {
		b.WriteString(" after ")
		b.WriteString(e.MaxWait.String())
	} else {
		b.WriteString(": context deadline exceeded")
	}
	switch {
	case e.Last != nil:
		b.WriteString("; last status ")
		b.WriteString(string(e.Last.Status))
		if e.Last.Status == "" {
			b.WriteString("(none)")
		}
		if e.Last.StatusReason != "" {
			b.WriteString(" (")
			b.WriteString(redact.Clip(e.Last.StatusReason))
			b.WriteByte(')')
		}
	default:
		b.WriteString("; no config read")
	}
	if e.LastErr != nil {
		b.WriteString("; last read failed: ")
		b.WriteString(e.LastErr.Error())
	}
	return b.String()
}

// Is reports ErrWaitTimeout and context.DeadlineExceeded.
func (e *WaitTimeoutError) Is(target error) bool {
	return target == ErrWaitTimeout || target == context.DeadlineExceeded
}

// Unwrap returns the last read's error, if it failed.
func (e *WaitTimeoutError) Unwrap() error { return e.LastErr }

// WaitUntilReady polls Get until the config is READY; see the package-level
// WaitUntilReady.
func (c *Client) WaitUntilReady(ctx context.Context, in *GetInput, optFns ...func(*WaitOptions)) (*GetOutput, error) {
	return WaitUntilReady(ctx, c, in, optFns...)
}

// isTransient reports whether a failed poll is worth repeating: a retryable
// service error, even once the transport's own retries are spent.
func isTransient(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Retryable()
}

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
