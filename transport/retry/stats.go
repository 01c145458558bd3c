// This file lets a caller see what the Transport did for one call: how many
// attempts it made and why it stopped, carried in the request's context.

package retry

import (
	"context"
	"time"
)

// Reasons retrying stopped, as found in Stats.GiveUpReason and
// provconc.RetryExhaustedError.Reason.
const (
	// ReasonMaxAttempts: the attempt limit (Options.MaxAttempts) was reached;
	// throttles the RateLimiter paces do not count towards it unless the
	// caller set MaxAttempts.
	ReasonMaxAttempts = "max attempts"
	// ReasonBudgetExhausted: the retry Budget had too few tokens.
	ReasonBudgetExhausted = "retry budget exhausted"
	// ReasonDeadline: the wait before the next attempt would have outlasted
	// the context's deadline. A provconc.RetryExhaustedError with this
	// reason matches context.DeadlineExceeded.
	ReasonDeadline = "deadline"
)

// Stats describes the attempts the Transport made for one call. Get one from
// WithStats and read it after RoundTrip (or the http.Client call that made
// it) has returned: the Transport writes it only on the goroutine of
// RoundTrip, so reading it afterwards on the same goroutine, or on another
// one that synchronised with it, is free of races. Reading it during the call,
// or sharing one context from WithStats between concurrent calls, is a race.
type Stats struct {
	// Attempts is the number of HTTP attempts made, the first included. It
	// adds up over every RoundTrip made with the context, such as the hops of
	// a redirect an http.Client follows.
	Attempts int
	// GiveUpReason says why retrying stopped while the last answer was still
	// worth retrying: ReasonMaxAttempts, ReasonBudgetExhausted or
	// ReasonDeadline. It is empty when the last answer was final (a success,
	// or an error the classifier does not retry), when the context ended, and
	// when retries are disabled (Options.MaxAttempts 1). It describes the last
	// RoundTrip made with the context.
	//
	// A protocol that decodes a retryable service error from the response
	// wraps it in a provconc.RetryExhaustedError with this reason.
	GiveUpReason string
	// Throttles is the number of attempts the classifier marked as throttled.
	Throttles int
	// Waited is the total time spent waiting between attempts.
	Waited time.Duration
	// Paced is the total time the attempts waited for the RateLimiter's
	// turn (before the first throttle, at its start gate). It is measured
	// only while Options.OnAttempt is set, to keep the clock off the path
	// of a call nobody observes.
	Paced time.Duration
}

// statsKey is the context key under which WithStats stores a *Stats.
type statsKey struct{}

// WithStats returns a context that carries a new, zero Stats, and that Stats.
// Send a request with the context through a Transport, then read the Stats
// once the call has returned. Use one WithStats per call.
func WithStats(ctx context.Context) (context.Context, *Stats) {
	s := new(Stats)
	return context.WithValue(ctx, statsKey{}, s), s
}

// statsFrom returns the Stats that WithStats put in ctx, or nil.
func statsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}
