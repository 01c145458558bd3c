// This file waits for an allocation to settle. Put answers while the service
// is still allocating (IN_PROGRESS); WaitUntilReady polls Get with capped,
// jittered backoff until READY or FAILED, or until the context ends.

package provconc

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// WaitOptions tunes WaitUntilReady. The zero value of each field picks the
// default.
type WaitOptions struct {
	// MinDelay is the first wait between polls. Default 1s.
	MinDelay time.Duration
	// MaxDelay caps the wait between polls. Default 15s.
	MaxDelay time.Duration
	// Progress, if set, is called with each config read, terminal ones
	// included, from the waiting goroutine.
	Progress func(Config)
	// Sleep waits for d or until ctx ends, returning ctx.Err() in the latter
	// case. Tests inject it; the default uses a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0,1) used to spread polls; the default is
	// math/rand/v2. Tests inject it.
	Jitter func() float64
}

// WaitUntilReady polls Get until the config is READY and returns it. It ends
// with an *AllocationFailedError (matching ErrAllocationFailed) when the
// allocation reaches FAILED, with the context's error when ctx ends first,
// and with Get's error when Get fails with anything but a retryable service
// error (throttles and service failures are polled through). A version or
// alias with no config fails at once with
// ErrProvisionedConcurrencyConfigNotFound.
func WaitUntilReady(ctx context.Context, api GetAPI, in *GetInput, optFns ...func(*WaitOptions)) (*GetOutput, error) {
	if in == nil {
		return nil, NewInputError("GetInput", "", "must not be nil")
	}
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
	if opts.Sleep == nil {
		opts.Sleep = sleepContext
	}
	if opts.Jitter == nil {
		opts.Jitter = rand.Float64
	}
	params := *in
	delay := opts.MinDelay
	for {
		out, err := api.Get(ctx, &params)
		if err == nil && out == nil {
			return nil, errors.New("provconc: WaitUntilReady: Get returned neither a config nor an error")
		}
		switch {
		case err == nil:
			if opts.Progress != nil {
				opts.Progress(out.Config)
			}
			switch out.Status {
			case StatusReady:
				return out, nil
			case StatusFailed:
				return out, &AllocationFailedError{Config: out.Config}
			}
		case !isTransient(err):
			return nil, err
		}
		// Wait between half and all of the current delay, so many waiters
		// started together do not poll in step.
		wait := delay/2 + time.Duration(opts.Jitter()*float64(delay/2))
		if err := opts.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		delay = min(delay*2, opts.MaxDelay)
	}
}

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
