// Package callbound carries a call's time bound (the protocols' Options.Timeout)
// from the client that sets it to the retry transport that starts it. The
// bound counts from the call's first turn, not from its start: a call may
// wait long in the rate limiter's line behind the other calls of its client
// (256 goroutines sharing a client that the service admits at 2/s wait two
// minutes each), and that wait is the client's pace, not the call going
// wrong; only the caller's own context bounds it.
package callbound

import (
	"context"
	"sync/atomic"
	"time"
)

// Bound is the time bound of one call.
type Bound struct {
	limit time.Duration
	cause error
	// started says Start has been called: from then on the bound is the
	// call's own, and From no longer finds it (a transport further down,
	// inside an attempt, must neither find nor restart it). ctx is the
	// context Start returned; cancel ends it when it is bounded.
	started atomic.Bool
	ctx     context.Context
	cancel  context.CancelFunc
}

type key struct{}

// boundContext carries a Bound: one allocation for both, as every call
// makes one.
type boundContext struct {
	context.Context
	bound Bound
}

func (c *boundContext) Value(k any) any {
	if k == (key{}) {
		return &c.bound
	}
	return c.Context.Value(k)
}

// With returns ctx carrying the bound of a call limited to limit from its
// first turn, whose context then ends with cause (a limit of zero or less
// is no bound), and that bound.
func With(ctx context.Context, limit time.Duration, cause error) (context.Context, *Bound) {
	c := &boundContext{Context: ctx, bound: Bound{limit: limit, cause: cause}}
	return c, &c.bound
}

// From returns the bound ctx carries, if it has not started yet, or nil.
func From(ctx context.Context) *Bound {
	b, _ := ctx.Value(key{}).(*Bound)
	if b == nil || b.started.Load() {
		return nil
	}
	return b
}

// Start bounds ctx, the call's unbounded context as a turn comes, and
// returns the context the call's attempts, retries and waits run under from
// then on: bounded, unless ctx ends sooner. From then on From does not find
// b, so that a transport further down (a caller's client may retry too)
// neither finds nor restarts it. The bound starts at the first turn; restart says to
// start it again, at the first paced turn of a call whose first attempt
// went out before pacing began and was throttled: its wait in line for the
// retry is no more the call going wrong than the line before a first turn.
// Otherwise it returns the context the bound started already.
func (b *Bound) Start(ctx context.Context, restart bool) context.Context {
	if b == nil {
		return ctx
	}
	if b.ctx != nil && !restart {
		return b.ctx
	}
	b.started.Store(true)
	b.Stop()
	b.ctx, b.cancel = ctx, nil
	if bounded, cancel := Within(ctx, b.limit, b.cause); cancel != nil {
		b.ctx, b.cancel = bounded, cancel
	}
	return b.ctx
}

// Within bounds ctx by d unless ctx already ends sooner; cause is what
// context.Cause reports when the bound is hit. It costs nothing, and the
// CancelFunc is nil, when d is zero or less or the caller's deadline is
// nearer.
func Within(ctx context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return ctx, nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= d {
		return ctx, nil
	}
	return context.WithTimeoutCause(ctx, d, cause)
}

// Context returns the context Start returned, and nil before: the context
// whose end says why a bounded call ended.
func (b *Bound) Context() context.Context {
	if b == nil {
		return nil
	}
	return b.ctx
}

// Stop releases the bound's timer once the call is over, answer read.
func (b *Bound) Stop() {
	if b != nil && b.cancel != nil {
		b.cancel()
	}
}
