// This file holds the RateLimiter: client-side pacing shared by every call of
// a Transport, which turns on when the service throttles concurrent calls and
// then adapts its rate to what the service admits, so that many goroutines
// sharing one client stop spending their attempts (and their Retry-After
// waits) on 429s.

package retry

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of the RateLimiter. The rate is in attempts per second.
const (
	// rateEnableWindow: two different calls throttled within this window
	// turn pacing on. One call throttled again and again does not: its own
	// backoff and Retry-After already space its attempts.
	rateEnableWindow = time.Second
	// rateMeterSlot is the length of each of the two slots of the success
	// meter that sets the starting rate.
	rateMeterSlot = 100 * time.Millisecond
	// rateMinStart is the lowest starting rate.
	rateMinStart = 1.0
	// rateMin is the floor the rate is never cut below.
	rateMin = 0.5
	// rateSlowStartDoubling is how long the rate takes to double while
	// starting, as long as no throttle comes back.
	rateSlowStartDoubling = 100 * time.Millisecond
	// rateCut multiplies the rate at a throttle when the rate of successes
	// since the last cut is not known well enough to go by.
	rateCut = 0.5
	// rateMargin is how far below the service's measured rate the pace
	// goes after a cut, so the service's bucket refills a little and
	// absorbs the jitter of the client's timers.
	rateMargin = 0.05
	// rateRecovery is how long the rate takes, after a cut, to climb back by
	// the margin (or, after a blind cut, by a tenth); it goes on climbing at
	// the same pace, probing for room, until the next throttle.
	rateRecovery = 5 * time.Second
	// rateMinSpan and rateMinSuccesses are the least time and successes
	// between two cuts for their ratio to stand for the service's rate.
	rateMinSpan      = 100 * time.Millisecond
	rateMinSuccesses = 10
	// rateIdleGap: a turn taken this late says the line ran empty.
	rateIdleGap = 50 * time.Millisecond
	// rateRecheck is the longest the waiter at the head sleeps before it
	// looks at the rate again.
	rateRecheck = 20 * time.Millisecond
)

// errRateLimitDeadline reports a wait for the RateLimiter that would outlast
// the context's deadline. It wraps context.DeadlineExceeded.
var errRateLimitDeadline = fmt.Errorf("retry: the rate limiter's wait would outlast the context deadline: %w", context.DeadlineExceeded)

// RateLimiterOptions tune a RateLimiter.
type RateLimiterOptions struct {
	// Now is the clock: time.Now if nil.
	Now func() time.Time
	// Sleep waits d or until ctx ends, whichever is first, and then returns
	// ctx.Err() if ctx ended: a timer if nil.
	Sleep func(ctx context.Context, d time.Duration) error
}

// RateLimiter paces the attempts of every call that shares it, so that a
// client whose goroutines together ask more of the service than it admits
// slows down to the service's rate instead of collecting throttles, each of
// which costs its call a Retry-After wait.
//
// It starts off, costing next to nothing: attempts go out at once. When an
// attempt is throttled (Decision.Throttle, such as HTTP 429 or Tencent SCF's
// RequestLimitExceeded) while other calls are under way, or within a second
// of a throttle of another call, it turns on at the rate of the successes of
// the last tenth of a second or so; one call throttled again and again does
// not turn it on, its backoff already spaces its attempts. From then on every
// attempt waits for its turn, in order, at the current rate:
//
//   - While starting, each success that had to wait raises the rate so that
//     it doubles every 100ms, until a throttle comes back.
//   - A throttle of an attempt sent at the current rate is a cut. The
//     successes counted since the previous cut, over the time since, are
//     what the service admitted between two moments its bucket was empty:
//     its rate. When that span was long enough (100ms, 10 successes) and
//     the client kept the line busy throughout, the rate goes 5% below the
//     measured one, so the service's bucket refills a little and absorbs the
//     jitter of the client's timers, and then climbs slowly (the 5% in five
//     seconds, twice as fast every further five seconds) to find any room
//     the service has made. Otherwise the rate halves and starts again.
//
// Throttles of attempts sent before a cut do not cut again, so a wave of
// throttles answered to attempts already on their way counts once. A turn
// never lies far ahead: the waiter at the head of the line looks at the rate
// at least every 20ms. A wait ends as soon as the context ends, and is not
// started when it would outlast the context's deadline.
//
// Once on, pacing stays on for the life of the RateLimiter, its rate
// following the service's. Create a RateLimiter with NewRateLimiter; the
// zero value is not usable.
//
// A RateLimiter is safe for concurrent use. A Transport makes one of its own
// unless Options.RateLimiter gives one (pass the same one to several
// Transports that reach the same service under the same limit) or
// Options.DisableRateLimit is set.
type RateLimiter struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	// on says pacing is active; read without the lock on the fast path.
	on atomic.Bool
	// inflight counts the calls under way, to tell contention from one
	// call's retries.
	inflight atomic.Int64

	mu sync.Mutex
	// head is held by the waiter at the head of the line.
	head chan struct{}

	// rate is the pace in attempts per second, while on.
	rate float64
	// clock is the clock's last reading in wait or at a cut, to tell a
	// clock that stepped back from one that stands still while an
	// injected Sleep returns at once.
	clock time.Time
	// last is when the last turn was due; the next is one interval on.
	last time.Time
	// epoch counts cuts (and the start); an attempt carries the epoch it was
	// let through in, so only throttles of attempts sent at the current rate
	// cut it.
	epoch uint64
	// starting says no throttle has come back since pacing turned on.
	starting bool
	// slope is how fast, in attempts per second per second, the rate climbs
	// after a cut.
	slope float64
	// epochStart is when the epoch began (the last cut); epochSuccesses
	// counts the successes of attempts let through in it. Both ends being
	// throttles, the service's bucket was empty at each, so their ratio is
	// what the service admitted over the epoch: its rate, or a little less
	// if the client left the bucket full for a while.
	epochStart     time.Time
	epochSuccesses int
	// epochIdle says the line ran empty for a while during the epoch: the
	// client asked for less than the pace, the service's bucket may have
	// filled and overflowed, and the ratio says less than the service's
	// rate.
	epochIdle bool

	// While off: the last throttled call and when, to tell contention from
	// one call's retries, and a two-slot meter of successes for the starting
	// rate.
	callers      uint64
	lastCaller   uint64
	lastThrottle time.Time
	slotStart    time.Time
	slotCount    int
	prevCount    int
}

// NewRateLimiter returns a RateLimiter, off until the service throttles
// concurrent calls.
func NewRateLimiter(opts RateLimiterOptions) *RateLimiter {
	l := &RateLimiter{now: opts.Now, sleep: opts.Sleep, head: make(chan struct{}, 1)}
	if l.now == nil {
		l.now = time.Now
	}
	if l.sleep == nil {
		l.sleep = sleepContext
	}
	return l
}

// Rate returns the pace in attempts per second and true while the limiter
// paces attempts, or 0 and false while it lets them all through.
func (l *RateLimiter) Rate() (float64, bool) {
	if !l.on.Load() {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate, true
}

// begin and end bracket a call, so the limiter knows how many are under
// way.
func (l *RateLimiter) begin() { l.inflight.Add(1) }
func (l *RateLimiter) end()   { l.inflight.Add(-1) }

// permit is what an attempt carries from wait to observe.
type permit struct {
	// epoch is the epoch the attempt was let through in; 0 while off.
	epoch uint64
	// waited says the attempt had to wait for its turn: the limiter was
	// what held the client back, so a success may raise the rate.
	waited bool
}

// wait blocks until the caller may send an attempt, the context ends (its
// error is returned), or the wait would outlast the context's deadline
// (errRateLimitDeadline, at once).
//
// Waiters line up on the head channel, which Go serves in order; the one at
// the head sleeps until its turn, at the rate of the moment. It looks again
// at least every rateRecheck, so a rate raised or cut during its sleep takes
// effect at once; the others wait in line.
func (l *RateLimiter) wait(ctx context.Context) (permit, error) {
	if !l.on.Load() {
		return permit{}, nil
	}
	waited := false
	select {
	case l.head <- struct{}{}:
	default:
		waited = true
		select {
		case l.head <- struct{}{}:
		case <-ctx.Done():
			return permit{}, ctx.Err()
		}
	}
	defer func() { <-l.head }()
	// slept is how far this waiter's sleeps have brought it: time is at
	// least that far on, even by a clock that an injected Sleep leaves
	// behind, so every wait ends.
	var slept time.Time
	for {
		l.mu.Lock()
		now := l.now()
		if now.Before(l.clock) && l.last.After(now) {
			// The clock stepped back (an injected one, or a wall clock
			// without a monotonic reading): the schedule starts from now
			// rather than wait out the step.
			l.last = now
		}
		l.clock = now
		if now.Before(slept) {
			now = slept
		}
		interval := l.intervalLocked()
		at := l.last.Add(interval)
		if !at.After(now) {
			// A turn taken a little late (timer slack) keeps the schedule;
			// one taken after an idle spell starts it again from now.
			switch late := now.Sub(at); {
			case late < interval:
				l.last = at
			case late < rateIdleGap:
				l.last = now
			default:
				l.last = now
				l.epochIdle = true
			}
			p := permit{epoch: l.epoch, waited: waited}
			l.mu.Unlock()
			return p, nil
		}
		l.mu.Unlock()
		waited = true
		d := at.Sub(now)
		if deadline, ok := ctx.Deadline(); ok && !now.Add(d).Before(deadline) {
			return permit{}, errRateLimitDeadline
		}
		chunk := min(d, rateRecheck)
		if err := l.sleep(ctx, chunk); err != nil {
			return permit{}, err
		}
		slept = now.Add(chunk)
	}
}

// observe feeds back the outcome of an attempt: throttled (the classifier's
// Decision.Throttle), or admitted (a response the service did not throttle).
// A transport failure is neither. caller identifies the call across its
// attempts; the limiter numbers it on its first throttle.
func (l *RateLimiter) observe(p permit, caller *uint64, throttled, admitted bool) {
	switch {
	case throttled:
		l.mu.Lock()
		l.throttledLocked(p, caller)
		l.mu.Unlock()
	case !admitted:
	case !l.on.Load():
		l.mu.Lock()
		l.countLocked(l.now())
		l.mu.Unlock()
	default:
		l.mu.Lock()
		l.admittedLocked(p)
		l.mu.Unlock()
	}
}

// throttledLocked turns pacing on when a call is throttled while others are
// under way, or soon after another call was, and otherwise cuts the rate for
// a throttle of an attempt sent at the current rate.
func (l *RateLimiter) throttledLocked(p permit, caller *uint64) {
	now := l.now()
	if !l.on.Load() {
		if *caller == 0 {
			l.callers++
			*caller = l.callers
		}
		if l.inflight.Load() > 1 ||
			l.lastCaller != 0 && l.lastCaller != *caller && now.Sub(l.lastThrottle) < rateEnableWindow {
			l.startLocked(now)
			return
		}
		l.lastCaller, l.lastThrottle = *caller, now
		return
	}
	if p.epoch != l.epoch {
		return
	}
	l.cutLocked(now)
}

// cutLocked lowers the rate after a throttle: to a little below the rate of
// successes since the last cut when that was measured over long enough,
// else by rateCut; never by less than the margin.
func (l *RateLimiter) cutLocked(now time.Time) {
	span := now.Sub(l.epochStart)
	if span >= rateMinSpan && l.epochSuccesses >= rateMinSuccesses && !l.epochIdle {
		// The service's rate is known: pace a margin below it, and probe
		// slowly for more.
		measured := float64(l.epochSuccesses) / span.Seconds()
		l.rate = math.Min(measured, l.rate) * (1 - rateMargin)
		l.slope = l.rate * rateMargin / rateRecovery.Seconds()
		l.starting = false
	} else {
		// Too little to go by: halve, and find the rate again by doubling.
		l.rate *= rateCut
		l.starting = true
	}
	l.rate = math.Max(l.rate, rateMin)
	l.newEpochLocked(now)
}

// newEpochLocked starts an epoch: the service's bucket is empty now, so the
// next turn is one interval on.
func (l *RateLimiter) newEpochLocked(now time.Time) {
	l.epoch++
	l.epochStart, l.epochSuccesses, l.epochIdle = now, 0, false
	l.last, l.clock = now, now
}

// startLocked turns pacing on at the rate of recent successes.
func (l *RateLimiter) startLocked(now time.Time) {
	l.rate = math.Max(rateMinStart, l.successRateLocked(now))
	l.starting = true
	l.newEpochLocked(now)
	l.on.Store(true)
}

// admittedLocked raises the rate after a success: in the first epoch, to
// the rate of successes if that is higher (answers to attempts sent before
// pacing began may still come in), and for a success that had to wait,
// doubling every rateSlowStartDoubling while starting, else by slope per
// second.
// Successes arrive at about rate per second, hence the per-success steps.
func (l *RateLimiter) admittedLocked(p permit) {
	if p.epoch == 0 && l.epoch == 1 {
		now := l.now()
		l.countLocked(now)
		l.rate = math.Max(l.rate, l.successRateLocked(now))
		return
	}
	if p.epoch != l.epoch {
		return
	}
	l.epochSuccesses++
	if !p.waited {
		return
	}
	if l.starting {
		l.rate += math.Ln2 / rateSlowStartDoubling.Seconds()
		return
	}
	// The longer no throttle comes, the faster the probing: the slope
	// doubles every rateRecovery, so a rate far below the service's finds
	// it again in a few periods.
	// Clamped at 0: an injected clock may step back.
	periods := max(min(l.now().Sub(l.epochStart)/rateRecovery, 30), 0)
	l.rate += l.slope * float64(uint64(1)<<periods) / l.rate
}

// countLocked counts a success in the meter.
func (l *RateLimiter) countLocked(now time.Time) {
	switch since := now.Sub(l.slotStart); {
	case since < rateMeterSlot:
	case since < 2*rateMeterSlot:
		l.prevCount, l.slotCount = l.slotCount, 0
		l.slotStart = l.slotStart.Add(rateMeterSlot)
	default:
		l.prevCount, l.slotCount = 0, 0
		l.slotStart = now
	}
	l.slotCount++
}

// successRateLocked estimates successes per second over the last slot and
// the current one.
func (l *RateLimiter) successRateLocked(now time.Time) float64 {
	since := now.Sub(l.slotStart)
	switch {
	case l.slotStart.IsZero() || since >= 2*rateMeterSlot:
		return 0
	case since >= rateMeterSlot:
		return float64(l.slotCount) / since.Seconds()
	}
	return float64(l.prevCount+l.slotCount) / (rateMeterSlot + since).Seconds()
}

// nextTurn returns the earliest time the next attempt may go, and false
// while the limiter is off. Attempts already waiting go first, so the turn
// may come later still.
func (l *RateLimiter) nextTurn() (time.Time, bool) {
	if !l.on.Load() {
		return time.Time{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last.Add(l.intervalLocked()), true
}

// intervalLocked is the time between two turns at the current rate.
func (l *RateLimiter) intervalLocked() time.Duration {
	return time.Duration(float64(time.Second) / l.rate)
}
