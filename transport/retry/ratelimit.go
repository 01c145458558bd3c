// This file holds the RateLimiter: client-side pacing shared by every call of
// a Transport, which turns on when the service first throttles and then
// adapts its rate to what the service admits, so that the goroutines sharing
// a client stop spending their attempts on throttles. The package doc says
// why the algorithm is what it is.

package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of the RateLimiter. Rates are in attempts per second.
const (
	// rateMeterSlot is the length of each of the two slots of the success
	// meter that sets the starting rate: the starting rate is the successes
	// of the last second or so, per second.
	rateMeterSlot = 500 * time.Millisecond
	// rateMinStart is the lowest starting rate: low enough that a service
	// admitting two requests a second is overshot by three cuts only, high
	// enough that one admitting a thousand is reached in about a tenth of a
	// second of slow start.
	rateMinStart = 20.0
	// rateMin is the floor the rate is never cut below.
	rateMin = 0.5
	// rateSlowStartDoubling is the fastest the rate doubles while starting;
	// rateSlowStartStep is the most one success raises it by then, so at
	// low rates it grows per success, not per unit of time.
	rateSlowStartDoubling = 20 * time.Millisecond
	rateSlowStartStep     = 2.0
	// rateProbeSuccesses is the number of successes the rate takes after a
	// cut to climb back to a peak of rateProbeRef or less (concavely,
	// slowing as it nears it), and then to go rateProbeStep beyond it
	// (convexly, faster and faster: the cube of the distance). The climb
	// back to a higher peak takes more, by the square root of the ratio
	// (see climbSuccesses): that is what pulls clients that share a limit
	// towards like shares.
	rateProbeSuccesses = 32
	rateProbeRef       = 20.0
	rateProbeStep      = 0.1
	// rateClimbTime and rateBeyondTime bound the climb in time: back to the
	// peak within rateClimbTime of the cut, and then one rateProbeStep
	// beyond it every rateBeyondTime at least, so a rate cut far below what
	// the service admits (a client that lost its share to others that have
	// since gone) does not take a success at a time to find it again. Only
	// time while successes come counts: each success adds the time since
	// the last, up to rateClimbGap or two turns at the current rate if
	// longer (below two turns a second), so a limiter left idle does not
	// come back far above its peak, while one held to a turn a second or
	// less, which is its pace and not idleness, climbs in time too (at the
	// floor of 0.5/s, three clients that lost their shares to a fourth
	// stayed there for a minute after it had gone).
	rateClimbTime  = 16 * time.Second
	rateBeyondTime = 4 * time.Second
	rateClimbGap   = time.Second
	// rateStartPeak and rateStartGrowth: after a throttle of the starting
	// rate with nothing admitted at it, the rate, cut to a quarter, climbs
	// back by rateStartGrowth with each waited success, up to
	// rateStartPeak times the rate throttled, and then probes beyond as a
	// flat curve does (see admittedLocked).
	rateStartPeak   = 0.9
	rateStartGrowth = 0.1
	// rateReprobe is how far beyond the peak (in rateProbeStep spans, the
	// cube of it: +80%) the rate goes without a throttle before slow start
	// takes over again, doubling the rate until the service's new limit is
	// found.
	rateReprobe = 2.0
	// What a throttle multiplies the rate by (see cutLocked): after
	// rateQuickSuccesses successes or more since the last cut, between
	// rateCutFar and rateCutNear, aiming rateEstimateMargin below what
	// those successes say the service admits; after fewer, rateCutQuick;
	// after none, rateCutBlind.
	rateCutNear        = 0.95
	rateCutFar         = 0.9
	rateCutQuick       = 0.8
	rateCutBlind       = 0.5
	rateQuickSuccesses = 4
	rateEstimateMargin = 0.97
	// rateUsualRTTRise is how slowly the usual round trip, the lowest
	// seen, rises towards longer ones: by 1/rateUsualRTTRise of the
	// difference with each answer, so that it follows a service that got
	// slower over a few hundred answers but not the odd late one.
	rateUsualRTTRise = 64
	// rateSpreadGain is how fast the mean lateness of round trips (beyond
	// the usual one) follows them: 1/rateSpreadGain of the difference
	// with each answer, quick enough that a service whose answers vary
	// by more than an interval is known as such within a few dozen.
	rateSpreadGain = 16
	// rateExcuseSuccesses and rateExcuseMax: a throttle an epoch may be
	// put down to the way rather than the rate, and one more for every
	// rateExcuseSuccesses waited successes in it, rateExcuseMax at most
	// (see throttledLocked).
	rateExcuseSuccesses = 32
	rateExcuseMax       = 4
	// A run of cuts with nothing admitted between them (blind cuts) is
	// taken back when admissions resume (see recoverLocked), if the run
	// lasted rateRecoverTurns turns or more at the rate it is taken back
	// to, or the rate fell below rateRecoverBelow times what the service
	// admitted to paced attempts over the last rateRecentSlots slots of
	// rateRecentSlot; and to that admitted rate times rateRecoverAbove at
	// most. The admitted rate is over a second at least, so that a burst
	// does not pass for a rate.
	rateRecoverTurns = 8
	rateRecoverBelow = 0.7
	rateRecoverAbove = 1.5
	rateRecentSlots  = 20
	rateRecentSlot   = 100 * time.Millisecond
	rateRecentMin    = time.Second
	// rateSpinInterval and rateSpinWindow: at rates of 200/s or more, the
	// last millisecond of a wait is spent yielding in a loop rather than
	// on a timer, which on a loaded machine fires up to a millisecond
	// late, a whole interval at 1,000/s (see spinUntil).
	rateSpinInterval = 5 * time.Millisecond
	rateSpinWindow   = time.Millisecond
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
// slows down to the service's rate instead of collecting throttles.
//
// It starts off, costing next to nothing: attempts go out at once, but for
// a first wave that starts together (the start gate, below). The first
// throttle (Decision.Throttle, such as HTTP 429 or Tencent SCF's
// RequestLimitExceeded) turns it on, at the rate of the successes of the
// last second (at least 20/s). From then on every attempt waits for its
// turn, in order, at the current rate, which follows what the service
// admits:
//
//   - While starting, each success that had to wait for its turn doubles
//     the rate, at most every 20ms, until a throttle comes back.
//   - A throttle of an attempt sent at the current rate cuts the rate to a
//     little below what the successes since the last cut say the service
//     admits (k successes between two throttles at a rate r: about
//     r·k/(k+1)), by 5% at least and 10% at most; by 20% when fewer than
//     four successes came since the last cut, or none but some before it;
//     by half when none came twice in a row, or at the end of slow start
//     (by three quarters when nothing was admitted at the starting rate).
//     A little below the rate it was throttled at is the peak, the
//     limiter's estimate of what the service admits; after a halving, the
//     peak is halfway (in ratio) between that rate and the rate after the
//     cut. After the three-quarter cut of the starting rate, the peak is
//     90% of it, and each waited success raises the rate by 10% until it
//     gets there (or a throttle comes); the curve from there is flat.
//   - Between throttles, each success that had to wait raises the rate
//     along a cubic curve: back to the peak in 32 successes (more for a
//     peak above 20/s: 226 at 1,000/s), slowing as it nears it, then
//     beyond, faster and faster: 10% past it in 32 more, 80% in 64, and
//     then slow start again, so a service whose limit rose is found
//     again. With successes coming at least once a second, however few,
//     the rate is back at the peak 16 seconds after a cut and 10% past it
//     4 seconds later (time with none counts a second at most, or two
//     turns if longer). A cut that leaves the peak at the floor, at the
//     rate's floor or with a service that looks like a bucket with a
//     burst of one, skips the climb: 10% past the peak in 32 successes
//     or 4 seconds of them from the cut (see the package doc, "A flat
//     curve").
//   - Cuts in a row with nothing admitted between them (blind cuts) are
//     taken back when the service admits again, if it stopped admitting
//     rather than slowed down, as a limit kept in windows (so many
//     requests a second) does once a window's number is spent: the run
//     lasted 8 turns or more, or left the rate below 70% of what paced
//     attempts were admitted at over the last two seconds. The rate goes
//     back to where the last cut with successes left it, at most 1.5
//     times that admitted rate, or after the first throttle (by the
//     run's length alone) to the starting rate, in slow start from there
//     when the first wave's count over the time since its first success
//     is more than twice that rate (a window shorter than a second, or a
//     bucket's burst); and back down to where the run left it if the
//     service refuses the take-back at once (see recoverLocked, and
//     "Blind runs taken back" in the package doc for the cases and the
//     reasons).
//
// Throttles of attempts sent before a cut do not cut again, so a wave of
// throttles answered to attempts already on their way counts once; nor do
// those of attempts sent no later than an attempt let through unpaced
// (before the first throttle) was last seen admitted, since such attempts,
// many when many callers went at once, take the tokens the first paced ones
// find gone. Nor, once an epoch and once more for every 32 waited successes
// in it (four times at most), does a throttle of an attempt that seems to
// have reached the service out of turn: its answer came more than half an
// interval later than usual (beyond the usual spread of round trips), or,
// while starting or below the peak, it arrived less than half an interval
// after the latest-sent admitted attempt, sent within two intervals of it
// (taking each arrival as its send plus how late its answer came): with a
// burst of one, a service refuses such an attempt at any rate.
//
// With such a service, an attempt held up on the way takes the token of
// the turn after it, and the attempt sent then, on time, is refused. So
// when the service looks like a bucket with a burst of one (a throttle came
// to an attempt sent less than an interval after a late admitted attempt
// may have reached the service, and no two successes of the run before
// pacing turned on came closer together than half an interval), the next
// turn after an admitted answer that took longer than the usual round trip
// is kept at least an interval after that attempt may have reached the
// service: its send plus all of the delay.
//
// A turn never lies far ahead: the waiter at the head of the line looks at
// the rate at least every 20ms; at 200/s or more it spends the last
// millisecond of a wait yielding in a loop instead of on a timer, which
// fires too late for a service that admits one request a millisecond (at
// 1,000/s or more, that keeps one processor busy for as long as it paces
// at such a rate). A wait ends as soon as the context ends, and is not
// started when it would outlast the context's deadline. The package doc
// explains why the algorithm converges.
//
// While off, it holds back the first wave of attempts of goroutines that
// start together: at most two out at once at first, one more for each
// success and twice as many every 20ms while attempts wait (see "The first
// wave" in the package doc), until the first throttle or 512.
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
	// precise says the clock and sleep are the real ones, so short
	// waits at high rates end by spinning (see spinUntil); coarseClock
	// says a spin found the clock standing still, so waits only sleep.
	precise     bool
	coarseClock atomic.Bool

	// on says pacing is active; read without the lock on the fast path.
	on atomic.Bool
	// gate holds back the first wave while off (see startGate).
	gate startGate

	mu sync.Mutex
	// head is held by the waiter at the head of the line; entry by the
	// first attempt next in line for it (see wait).
	head, entry chan struct{}

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
	// starting says the rate is in slow start: no throttle has cut it
	// since pacing turned on, since the curve went 80% past its peak
	// (rateReprobe), or since the start's blind run was taken back in slow start
	// (see recoverLocked).
	starting bool
	// grown is when the epoch began or its last waited success came, each
	// of which raises the rate; climbed is the time the epoch's successes
	// came over (each gap at most rateClimbGap, or two turns if longer),
	// which bounds the curve's climb.
	grown   time.Time
	climbed time.Duration
	// peak is the rate the last cut was made at, the top of the cubic
	// curve; floor is where the cut left the rate, its bottom. flatCut
	// says the last cut left the peak at the floor, at the rate's floor
	// or with a burst of one, to be probed beyond at once (see
	// admittedLocked); a blind run taken back does not (a take-back
	// refused at once goes back to the run's, see cutLocked).
	peak, floor float64
	flatCut     bool
	// growing says the rate climbs back from a blind cut of the starting
	// rate by rateStartGrowth a success, towards its peak (see
	// admittedLocked).
	growing bool
	// quickClimb says the last cut ended slow start, with successes at
	// the rate before it and no sign of a burst: the curve climbs back in
	// rateProbeSuccesses (see cutLocked).
	quickClimb bool
	// prevCalm is calm when the last epoch ended.
	prevCalm int
	// calm counts the successes of attempts let through in the current
	// epoch that had to wait for their turn: how far along the curve the
	// rate is.
	calm int
	// excused counts the throttles of the current epoch put down to the
	// way rather than the rate (see outOfTurnLocked), which spares them
	// their cut: one, and one more for every rateExcuseSuccesses waited
	// successes of the epoch, rateExcuseMax at most.
	excused int

	// usualRTT is the usual round trip of a paced attempt: the lowest
	// seen (rttSeen says there is one), rising slowly towards longer
	// ones; meanLate is the mean of how much longer than that the round
	// trips are, their usual spread. lastSent is when the latest-sent of
	// the admitted attempts answered so far was sent, lastDelay how much
	// longer than the usual round trip its answer took, and lastLate how
	// much of that lies beyond the usual spread (see lateLocked).
	usualRTT  time.Duration
	meanLate  time.Duration
	rttSeen   bool
	lastSent  time.Time
	lastDelay time.Duration
	lastLate  time.Duration
	// lateRefusalSeen says a throttle came to an attempt sent less than an
	// interval after a late admitted attempt may have reached the
	// service (see refusedBehindLateLocked); startClosestGap is the
	// shortest time between two successes of the run before pacing
	// turned on, noGap when the meter held fewer than two then.
	// Together they say whether the service looks like a bucket with a
	// burst of one (see burstOfOneLocked). Pacing, once on, stays on, and
	// so do they.
	lateRefusalSeen bool
	startClosestGap time.Duration
	// unpacedAdmitted is when an attempt let through before pacing
	// turned on was last seen admitted since it did: until then,
	// attempts the limiter did not pace were taking the service's tokens.
	unpacedAdmitted time.Time

	// Blind runs (see recoverLocked). recoverRate and recoverPeak are
	// where the last cut with successes in its epoch left the rate and
	// the peak, or the starting rate when measured (the success meter
	// held two successes or more); 0 for none. blindRun says the last
	// cut came with nothing admitted in its epoch. admittedAt is when
	// the last waited success came, or, until one has, the last success
	// before pacing turned on; pacedAdmitted says a waited success has
	// come since pacing turned on. recent counts the successes of paced
	// attempts.
	recoverRate, recoverPeak float64
	blindRun                 bool
	// tookBackAt is when a blind run was last taken back at
	// once, while no attempt sent since has been admitted, nor a cut
	// come (zero otherwise).
	tookBackAt time.Time
	// beforeTakeBack is the curve the blind run last taken back had left
	// (see runCurve), to go back to if the service refuses the take-back
	// at once.
	beforeTakeBack runCurve
	admittedAt     time.Time
	pacedAdmitted  bool
	recent         recentCounter

	// While off: a two-slot meter of successes for the starting rate;
	// when the last success came; the shortest time between two
	// successes of the run it ends, successes each less than a second
	// after the one before (noGap after the first); and when that run
	// began (kept from then on: nothing counts once on). startCount is
	// the meter's successes when pacing turned on.
	slotStart   time.Time
	slotCount   int
	prevCount   int
	lastSuccess time.Time
	closestGap  time.Duration
	runStart    time.Time
	startCount  int
}

// noGap stands for the gap between two successes when there was one or
// none: longer than any interval.
const noGap = time.Duration(math.MaxInt64)

// NewRateLimiter returns a RateLimiter, off until the service throttles.
func NewRateLimiter(opts RateLimiterOptions) *RateLimiter {
	l := &RateLimiter{now: opts.Now, sleep: opts.Sleep, head: make(chan struct{}, 1), entry: make(chan struct{}, 1)}
	l.gate.window = gateFirstWindow
	if l.now == nil {
		l.now = time.Now
	}
	if l.sleep == nil {
		l.sleep = sleepContext
		l.precise = opts.Now == nil
	}
	return l
}

// Rate returns the pace in attempts per second and true while the limiter
// paces attempts, or 0 and false before the first throttle, while it does
// not (it may still hold back a first wave; see RateLimiter).
func (l *RateLimiter) Rate() (float64, bool) {
	if !l.on.Load() {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate, true
}

// done gives back what the attempt of p held (its slot of the start
// gate), once it has ended or was not sent. l may be nil: a permit of no
// limiter holds nothing.
func (l *RateLimiter) done(p *permit) {
	if p.gated {
		p.gated = false
		l.gate.release()
	}
}

// permit is what an attempt carries from wait to observe.
type permit struct {
	// epoch is the epoch the attempt was let through in; 0 while off.
	epoch uint64
	// waited says the attempt had to wait for its turn: the limiter was
	// what held the client back, so a success may raise the rate.
	waited bool
	// sent is when the attempt was let through, while on.
	sent time.Time
	// gated says the attempt holds a slot of the start gate.
	gated bool
}

// wait blocks until the caller may send an attempt, the context ends (its
// error is returned), or the wait would outlast the context's deadline
// (errRateLimitDeadline, at once).
//
// Waiters line up on the head channel, which Go serves in order; the one at
// the head sleeps until its turn, at the rate of the moment. It looks again
// at least every rateRecheck, so a rate raised or cut during its sleep takes
// effect at once; the others wait in line.
//
// A retry (a call's attempt after its first) goes ahead of first attempts:
// those line up at the entry first, so that only one at a time waits for
// the head beside the retries. A call once under way thus ends within a
// few turns, whatever the line behind it; its time bound counts from its
// first turn (see callbound), and a throttled attempt sent back to the end
// of a long line would outlast it.
func (l *RateLimiter) wait(ctx context.Context, retry bool) (permit, error) {
	if !l.on.Load() {
		gated, err := l.gate.enter(ctx)
		switch {
		case err != nil:
			return permit{}, err
		case !l.on.Load():
			return permit{gated: gated}, nil
		case gated:
			// Let through as pacing turned on (a slot given back
			// between the two): give it back and wait for a turn.
			l.gate.release()
		}
		// The gate opened as pacing turned on: wait for a turn.
	}
	waited := false
	if !retry {
		w, err := enter(ctx, l.entry)
		if err != nil {
			return permit{}, err
		}
		waited = w
	}
	w, err := enter(ctx, l.head)
	if !retry {
		// At the head, or gone: the next first attempt may wait for it.
		<-l.entry
	}
	if err != nil {
		return permit{}, err
	}
	waited = waited || w
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
			// A turn taken a little late (timer slack) keeps the
			// schedule, so the pace does not lose what the timers lose;
			// one taken later than an interval starts it again from now,
			// so a line that ran empty does not send a burst.
			if now.Sub(at) < interval {
				l.last = at
			} else {
				l.last = now
			}
			p := permit{epoch: l.epoch, waited: waited, sent: now}
			l.mu.Unlock()
			return p, nil
		}
		l.mu.Unlock()
		waited = true
		d := at.Sub(now)
		if deadline, ok := ctx.Deadline(); ok && !now.Add(d).Before(deadline) {
			return permit{}, errRateLimitDeadline
		}
		if l.precise && interval <= rateSpinInterval && !l.coarseClock.Load() {
			if d <= rateSpinWindow {
				err := spinUntil(ctx, at)
				if err == nil {
					continue
				}
				if err != errFrozenClock {
					return permit{}, err
				}
				// A clock that stands still while goroutines run
				// (a simulated one; Windows, whose clock moves in
				// ticks of 0.5 to 15.6ms) will again: sleep from
				// now on.
				l.coarseClock.Store(true)
			} else {
				// Wake a little early: the timer is late by
				// up to a millisecond, the spin is not.
				d -= rateSpinWindow
			}
		}
		chunk := min(d, rateRecheck)
		if err := l.sleep(ctx, chunk); err != nil {
			return permit{}, err
		}
		slept = now.Add(chunk)
	}
}

// enter takes the slot of gate, waiting for it if it is held, and says
// whether it had to wait; if ctx ends first, it returns ctx's error and the
// slot is not taken.
func enter(ctx context.Context, gate chan struct{}) (waited bool, err error) {
	select {
	case gate <- struct{}{}:
		return false, nil
	default:
	}
	select {
	case gate <- struct{}{}:
		return true, nil
	case <-ctx.Done():
		return true, ctx.Err()
	}
}

// errFrozenClock reports a clock that does not move while spinUntil yields:
// a simulated one (testing/synctest), which only moves while every
// goroutine sleeps, so the wait must sleep instead.
var errFrozenClock = errors.New("retry: the clock does not move while spinning")

// spinUntil yields the processor in a loop until time t, or until ctx
// ends (its error). A Go timer on a loaded machine fires 0.1 to 1ms late,
// and more one time in a hundred; a service with a burst of one at 1,000/s
// admits a request only a millisecond or more after the last, and its
// token is lost for every late one, so at such rates the limiter waits the
// last millisecond this way, which runs other goroutines meanwhile
// (runtime.Gosched). The cost is that millisecond of one processor per
// turn: a fifth of one at 200/s, and at 1,000/s or more the whole of one,
// for as long as the limiter paces at such a rate. It gives up with
// errFrozenClock when the clock stands still.
func spinUntil(ctx context.Context, t time.Time) error {
	last := time.Now()
	still := 0
	for {
		now := time.Now()
		if !now.Before(t) {
			return nil
		}
		if now.Equal(last) {
			if still++; still > 64 {
				return errFrozenClock
			}
		} else {
			last, still = now, 0
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		runtime.Gosched()
	}
}

// observe feeds back the outcome of an attempt: throttled (the classifier's
// Decision.Throttle), or admitted (a response the service did not throttle).
// A transport failure is neither. It says whether the attempt's throttle
// turned pacing on with nothing measured: no success in the last second to
// set the starting rate by, so the service's Retry-After is all the client
// knows of it.
func (l *RateLimiter) observe(p permit, throttled, admitted bool) (blindStart bool) {
	if !throttled && !admitted {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	switch {
	case !l.on.Load() && throttled:
		n, _ := l.meterLocked(now)
		l.startLocked(now)
		return n == 0
	case !l.on.Load():
		l.countLocked(now)
		l.gate.admitted()
		return false
	}
	// Times kept from earlier answers that lie ahead of now: the clock
	// stepped back (an injected one, or a wall clock without a monotonic
	// reading). Forget them rather than judge by them.
	if l.lastSent.After(now) {
		l.lastSent = time.Time{}
	}
	if l.unpacedAdmitted.After(now) {
		l.unpacedAdmitted = time.Time{}
	}
	if l.tookBackAt.After(now) {
		// Every attempt sent since would seem sent before the
		// take-back, and none say it held: from now on they do.
		l.tookBackAt = now
	}
	late, delay, timed := l.lateLocked(p, now)
	if throttled {
		if timed && l.refusedBehindLateLocked(p) {
			l.lateRefusalSeen = true
		}
		l.throttledLocked(p, now, late, timed)
		return false
	}
	if p.epoch == 0 {
		l.unpacedAdmitted = now
	} else {
		l.recent.add(now)
	}
	if timed && p.sent.After(l.lastSent) {
		// Only admitted attempts: a refusal takes no token, so
		// arriving close behind one explains nothing.
		l.lastSent, l.lastDelay, l.lastLate = p.sent, delay, late
		l.spaceBehindLocked(p.sent, delay)
	}
	if !l.tookBackAt.IsZero() && p.epoch == l.epoch && !p.sent.Before(l.tookBackAt) {
		// Admitted at the rate a blind run was taken back to: the
		// take-back held.
		l.tookBackAt = time.Time{}
	}
	l.admittedLocked(p, now)
	return false
}

// spaceBehindLocked keeps the next turn not yet taken at least an interval
// after the latest-sent admitted attempt, sent at sent and answered delay
// later than the usual round trip, may have reached the service (taking all
// of the delay to have been on the way there, where outOfTurnLocked takes
// only what lies beyond the usual spread: erring late costs a wait here,
// and would spare a cut there), when the service looks like a bucket with a
// burst of one (see burstOfOneLocked): such a bucket refuses an attempt
// arriving less than its interval after the last one it admitted, so one
// held up on the way takes the token of the turn after it, whose attempt,
// sent on time, is refused at any rate. The delay may have been on the way
// back instead, or at the service, and then the turn waits for nothing:
// hence only for such a service. With round trips longer than an interval
// the turns after it have mostly gone already; what this spaces is a line
// that ran short, as with one caller, who sends the next attempt when the
// answer comes.
func (l *RateLimiter) spaceBehindLocked(sent time.Time, delay time.Duration) {
	if !l.burstOfOneLocked() {
		return
	}
	if reached := sent.Add(delay); reached.After(l.last) {
		l.last = reached
	}
}

// burstOfOneLocked says whether the service looks like a bucket with a
// burst of one: a throttle came to an attempt sent after a late admitted
// attempt (more than a quarter of an interval late beyond the usual spread)
// and less than an interval after it may have reached the service, and no
// two successes of the run before pacing turned on came closer together
// than half an interval (a service with a larger burst admits requests that
// close, as a first wave of callers shows; one admitting one request a turn
// does not). Neither alone will do: a late answer and a throttle come
// together by chance whatever the burst, and a client sharing a limit may
// see no more than one success of the first wave.
func (l *RateLimiter) burstOfOneLocked() bool {
	return l.lateRefusalSeen && l.startClosestGap > l.intervalLocked()/2
}

// refusedBehindLateLocked says whether a throttled attempt of the current
// epoch was sent after the latest-sent admitted attempt, one answered more
// than a quarter of an interval late beyond the usual spread, and less
// than an interval after that one may have reached the service: one sign
// of a burst of one (see burstOfOneLocked), whether or not it cuts.
func (l *RateLimiter) refusedBehindLateLocked(p permit) bool {
	if p.epoch != l.epoch || l.lastSent.IsZero() || !p.sent.After(l.lastSent) {
		return false
	}
	interval := l.intervalLocked()
	return l.lastLate > interval/4 && p.sent.Sub(l.lastSent) < l.lastDelay+interval
}

// throttledLocked cuts the rate for a throttle of an attempt sent at the
// current rate, late by late if timed (see lateLocked), unless something
// other than the rate explains it.
func (l *RateLimiter) throttledLocked(p permit, now time.Time, late time.Duration, timed bool) {
	if p.epoch != l.epoch || !l.unpacedAdmitted.IsZero() && !p.sent.After(l.unpacedAdmitted) {
		// Sent at an earlier rate, or no later than an attempt let
		// through before pacing turned on was last admitted: such
		// attempts were emptying the service's bucket, not this rate.
		return
	}
	if timed && l.excused < min(1+l.calm/rateExcuseSuccesses, rateExcuseMax) && l.outOfTurnLocked(p, late) {
		// The attempt reached the service out of turn: the jitter of
		// the way, not the rate. Counted, as a rate too high for the
		// service can be late too: a few excuses at most, and then a
		// throttle cuts. A stalled way delays attempts in clusters,
		// so a long calm earns more than one.
		l.excused++
		return
	}
	l.cutLocked(now)
}

// lateLocked notes how long a paced attempt took to answer and returns how
// much later than usual its answer came, beyond the usual spread of round
// trips (twice their mean lateness), so that a service whose answers
// always vary by more than an interval does not make every attempt look
// late, and how much later than the usual round trip it came (delay);
// timed is false for an attempt let through unpaced, or when the clock
// stepped back.
func (l *RateLimiter) lateLocked(p permit, now time.Time) (late, delay time.Duration, timed bool) {
	if p.sent.IsZero() || now.Before(p.sent) {
		return 0, 0, false
	}
	rtt := now.Sub(p.sent)
	if !l.rttSeen || rtt < l.usualRTT {
		l.usualRTT, l.rttSeen = rtt, true
	} else {
		l.usualRTT += (rtt - l.usualRTT) / rateUsualRTTRise
	}
	delay = rtt - l.usualRTT
	l.meanLate += (delay - l.meanLate) / rateSpreadGain
	return max(delay-2*l.meanLate, 0), delay, true
}

// outOfTurnLocked says whether a throttled attempt, late by late (see
// lateLocked), seems to have reached the service out of turn, where a
// bucket with a small burst refuses it at any rate: its answer came more
// than half an interval late (held up on the way, it took the token of the
// attempt sent after it, or found it taken), or, while starting or below
// the peak, it reached the service less than half an interval after the
// latest-sent admitted attempt, if that was sent within two intervals of
// it, before or after. When each reached the service is taken to be when
// it was sent plus how late its answer came: the part of the delay that
// was on the way there, at most. Above the peak, a throttle of an attempt
// that came on time is what probing for a higher rate looks for.
func (l *RateLimiter) outOfTurnLocked(p permit, late time.Duration) bool {
	interval := l.intervalLocked()
	if late > interval/2 {
		return true
	}
	if !l.starting && l.rate >= l.peak {
		return false
	}
	gap := p.sent.Sub(l.lastSent)
	if l.lastSent.IsZero() || gap.Abs() > 2*interval {
		return false
	}
	behind := gap + late - l.lastLate
	return behind >= 0 && behind < interval/2
}

// cutLocked lowers the rate after a throttle of an attempt sent at it.
func (l *RateLimiter) cutLocked(now time.Time) {
	throttledAt := l.rate
	// How far above the service's rate R the rate r was: its bucket was
	// empty when the epoch began (a throttle began it) and is empty again,
	// and at r above R a bucket admits about R/(r-R) attempts between two
	// refusals, so the k successes since the cut say R is about r·k/(k+1).
	// The cut goes a little below that, 5% off when k is large (near the
	// limit) and 10% at most: a throttle can also be the jitter of the way
	// (a request overtaken by the next, at any rate, when the burst is
	// one), and a deeper cut for each would sink the rate. Fewer than four
	// successes say the last cut fell well short: 20% off. None at all
	// since the last cut nor in the epoch before, and R may be anywhere
	// below: half.
	factor := rateCutBlind
	switch k := float64(l.calm); {
	case l.calm >= rateQuickSuccesses:
		factor = min(max(k/(k+1)*rateEstimateMargin, rateCutFar), rateCutNear)
	case l.calm > 0:
		factor = rateCutQuick
	case l.prevCalm > 0:
		// Nothing admitted since the last cut, but something before
		// it: the last cut may merely have come a turn too soon for
		// the next token (the jitter of the way, or other clients
		// sharing the limit), so one blind epoch is cut as one that
		// fell short; a second in a row halves.
		factor = rateCutQuick
	}
	blind := factor == rateCutBlind
	// Slow start throttled after successes overshot by a doubling at
	// most: the service admits at least the halved rate, and the curve
	// climbs back in rateProbeSuccesses. The longer climb of a high peak
	// pulls clients sharing a limit to like shares over the run, not at
	// its start, where it cost a client alone at 1,000/s a tenth of a
	// second at two thirds of the rate (simulated: 1.20 times the ideal
	// with a burst of one, 1.17 since). Not when the first wave showed a
	// burst, two successes within half an interval: it may have hidden
	// the limit, and the halving's peak be too high to climb to quickly.
	quickClimb := l.starting && l.calm > 0 && l.startClosestGap > l.intervalLocked()/2
	if l.starting {
		// Slow start doubles the rate, so it overshoots by up to a
		// doubling, further when the service's burst hid the limit
		// for a while (the successes it counts were admitted from the
		// burst, and say nothing of the rate): it halves. A starting
		// rate throttled before anything was admitted at it may be far
		// above the service's: a quarter. Slow start taken up again 80%
		// past the peak halves too: back to about the peak when the
		// throttle comes at once.
		factor = rateCutBlind
		if l.calm == 0 {
			factor = rateCutBlind * rateCutBlind
		}
	}
	rate := math.Max(throttledAt*factor, rateMin)
	// The top of the next curve: a little below the rate throttled, or, if
	// the service admits less than at the last cut (it lowered its limit,
	// or another client takes a share), lower, to make room.
	peak := throttledAt * (1 - rateProbeStep/4)
	if throttledAt < l.peak {
		peak = throttledAt * (1 - rateProbeStep/2)
	}
	// The starting rate, refused before anything was admitted at it: the
	// service admits anything below it, and the quarter gets under most
	// limits. The rate grows back by 10% a success to just below the rate
	// refused, overshooting a limit it meets by 10% at most (and what a
	// burst hides): a limit anywhere up to 90% of the starting rate is
	// found in 14 successes or fewer, where a climb to the halfway guess
	// and beyond it left one of 15/s at 5-10/s for seconds.
	startBlind := l.starting && l.calm == 0
	switch {
	case startBlind:
		peak = throttledAt * rateStartPeak
	case blind || l.starting:
		// Nothing was admitted at the rate throttled, or slow start
		// overshot: the service's limit lies further below it than a
		// throttle near the limit says, maybe far below. Aim the curve
		// halfway down (in ratio).
		peak = math.Sqrt(throttledAt * rate)
	}
	l.peak = max(peak, rate) // never below the rate: where they meet, the curve is flat
	l.rate = rate
	// A flat curve is probed beyond at once (see admittedLocked) if it
	// lies at the rate's floor or the service looks like a bucket with a
	// burst of one, as decided here: a sign of such a bucket that comes
	// later waits for the next cut.
	l.flatCut = peak <= rate && (rate <= rateMin || l.burstOfOneLocked())
	l.growing = startBlind && peak > rate
	l.quickClimb = quickClimb
	l.floor = rate
	l.starting = false
	l.blindRun = l.calm == 0
	switch {
	case !l.tookBackAt.IsZero():
		// Refused after a blind run was taken back, before any
		// attempt sent since was admitted: the service did slow down
		// (its limit fell, or a bucket with a large burst and a low
		// rate passed for a window), and the rate the run ended at is
		// what it admits. Back to it, on the curve it was on, rather
		// than down from the rate refused a blind cut at a time.
		// Nothing to take back to until a cut with successes says
		// again where the rate stands.
		c := l.beforeTakeBack
		l.rate, l.floor, l.peak = c.rate, c.floor, c.peak
		l.flatCut, l.growing, l.quickClimb = c.flatCut, c.growing, false
		l.recoverRate, l.recoverPeak = 0, 0
	case !l.blindRun:
		l.recoverRate, l.recoverPeak = l.rate, l.peak
	}
	l.tookBackAt = time.Time{}
	l.newEpochLocked(now)
}

// newEpochLocked starts an epoch: the service's bucket is empty now, so the
// next turn is one interval on.
func (l *RateLimiter) newEpochLocked(now time.Time) {
	l.epoch++
	l.prevCalm, l.calm = l.calm, 0
	l.last, l.clock, l.grown = now, now, now
	l.climbed = 0
	l.excused = 0
}

// startLocked turns pacing on at the rate of recent successes.
func (l *RateLimiter) startLocked(now time.Time) {
	l.rate = math.Max(rateMinStart, l.successRateLocked(now))
	l.startClosestGap = noGap
	l.recoverRate, l.recoverPeak = 0, 0
	if n, _ := l.meterLocked(now); n > 1 {
		l.startClosestGap = l.closestGap
		// Two successes or more say something of the service (a
		// window's worth, or a burst): a blind run after the first
		// throttle may be taken back to the starting rate, the 20/s
		// floor if they measured less (see recoverLocked). One says
		// nothing.
		l.recoverRate, l.recoverPeak = l.rate, l.rate
		l.startCount = n
	}
	l.admittedAt = l.lastSuccess
	l.starting = true
	l.newEpochLocked(now)
	l.on.Store(true)
	l.gate.openGate()
}

// admittedLocked counts a success and, for one that had to wait for its
// turn, raises the rate: while starting, by up to rateSlowStartStep,
// doubling at most every rateSlowStartDoubling; later, along the cubic
// curve from floor to peak and beyond (at once beyond, after a cut that
// left the curve flat at the rate's floor or with a burst of one).
func (l *RateLimiter) admittedLocked(p permit, now time.Time) {
	if p.epoch != l.epoch || !p.waited {
		return
	}
	l.calm++
	if l.recoverLocked(now) {
		return
	}
	// Clamped at 0: an injected clock may step back.
	since := max(now.Sub(l.grown), 0)
	l.grown = now
	if l.starting {
		l.rate *= math.Min(rateSlowStartStep, math.Exp2(since.Seconds()/rateSlowStartDoubling.Seconds()))
		return
	}
	if l.growing {
		if l.rate < l.peak {
			l.rate = min(l.rate*(1+rateStartGrowth), l.peak)
			return
		}
		// At the peak, just below the starting rate that was refused,
		// and no throttle: the curve from here is flat, probed beyond
		// at once. The successes of the growth still count, for the
		// probe and for how near the limit the next throttle says the
		// rate was.
		l.growing, l.flatCut = false, true
		l.floor = l.peak
	}
	// How far along the curve: by successes, or by the time they came
	// over when they come too seldom.
	l.climbed += min(since, max(rateClimbGap, 2*l.intervalLocked()))
	climb, climbTime := climbSuccesses(l.peak), rateClimbTime
	if l.quickClimb {
		climb = rateProbeSuccesses
	}
	if l.flatCut {
		// The cut left the curve flat (its peak at its floor), and
		// climbing it would hold the rate there for up to
		// rateClimbTime: it probes beyond at once instead where that
		// costs little. At the rate's floor, the client has lost its
		// share to others (or the service all but stopped), and its
		// attempts are admitted again. With a burst of one, a cut
		// leaves the peak at the floor after a long calm (48 successes
		// or more) below the last peak, and a service admitting less
		// than the rate refuses every other attempt: a long calm says
		// it admits the rate, and the throttle was the jitter of the
		// way (a stalled way refuses them in clusters), which a probe
		// finds at once if not.
		climb, climbTime = 0, 0
	} else if climbed := max(float64(l.calm)/climb, float64(l.climbed)/float64(climbTime)); climbed < 1 {
		x := climbed - 1
		l.rate = l.peak + (l.peak-l.floor)*x*x*x
		return
	}
	x := max((float64(l.calm)-climb)/rateProbeSuccesses, float64(l.climbed-climbTime)/float64(rateBeyondTime), 0)
	if x >= rateReprobe {
		// No throttle at 80% past the peak: the service's limit rose,
		// maybe far. Slow start finds it in a few doublings.
		// A throttle then halves the rate, back to about the peak
		// when it comes at once (see cutLocked).
		x = rateReprobe
		l.starting = true
	}
	l.rate = l.peak * (1 + rateProbeStep*x*x*x)
}

// recoverLocked takes back a run of blind cuts (see RateLimiter) at the
// first waited success after it, if the service stopped admitting rather
// than slowed down: the run lasted rateRecoverTurns turns at the rate it
// would be taken back to, or left the rate below rateRecoverBelow times
// what the service admitted to paced attempts of late. It returns true when
// it set the rate, at once: back to where the last cut with successes
// before the run left it, at most rateRecoverAbove times that admitted
// rate. After the blind cuts that follow the first throttle (no waited
// success yet), there is no admitted rate to bound it or to judge the rate
// by, so only the length of the run counts, and the rate to go back to is
// the starting rate, which the successes before pacing began set (a
// window's worth, or a bucket's burst that says nothing of its rate). A
// take-back the service refuses before admitting anything sent after it
// (a bucket with a large burst and a low rate) is undone at that throttle
// (see cutLocked): it costs one throttle.
func (l *RateLimiter) recoverLocked(now time.Time) bool {
	stopped := now.Sub(l.admittedAt)
	first := !l.pacedAdmitted
	l.admittedAt, l.pacedAdmitted = now, true
	blind := l.blindRun
	l.blindRun = false
	if !blind || l.starting || l.recoverRate == 0 {
		return false
	}
	to := l.recoverRate
	admitted := l.recent.rate(now)
	if !first {
		to = min(to, admitted*rateRecoverAbove)
	}
	if l.rate >= to {
		return false
	}
	if stopped.Seconds()*to < rateRecoverTurns && (first || l.rate >= admitted*rateRecoverBelow) {
		// A short run, the rate not far below what was admitted: a
		// service that slowed down, or a rate far too high for it.
		return false
	}
	l.beforeTakeBack = runCurve{l.rate, l.floor, l.peak, l.flatCut, l.growing}
	l.recoveredLocked(to)
	if first {
		// The first wave's count over the time from its first success
		// to now is more than twice the rate taken back to (for a wave
		// admitted at once, which the meter counts over a second: the
		// wave and the run took less than half a second): a window
		// shorter than a second (100 requests each 100ms), or a
		// bucket's burst and then its rate, which may be anything.
		// Slow start finds out from the starting rate, rather than the
		// curve held near it (a window of 100 per 100ms, 256 callers,
		// over loopback: a median of 3.7 times the ideal in four runs,
		// 2.7 in six with slow start; BENCHMARKS.md). It doubles from the
		// take-back, not from the run's last cut.
		if span := now.Sub(l.runStart); span > 0 && float64(l.startCount)/span.Seconds() > 2*to {
			l.starting = true
			l.grown = now
		}
	}
	l.last = now
	l.tookBackAt = now
	return true
}

// runCurve is the curve a blind run left: its rate, floor and peak, and
// how the rate goes up it (see flatCut and growing). A run's last cut
// found nothing admitted in its epoch, so it did not end slow start with
// successes: it never leaves quickClimb set.
type runCurve struct {
	rate, floor, peak float64
	flatCut, growing  bool
}

// recoveredLocked sets the rate a blind run was taken back to, and the
// curve on from there: up to the peak of the cut it went back to, or to
// rateProbeStep above the rate if that is lower.
func (l *RateLimiter) recoveredLocked(to float64) {
	l.rate, l.floor = to, to
	l.peak = max(min(l.recoverPeak, to*(1+rateProbeStep)), to)
	l.flatCut, l.growing, l.quickClimb = false, false, false
	l.starting = false
}

// recentCounter counts events (successes) over the last rateRecentSlots
// slots of rateRecentSlot, for their rate.
type recentCounter struct {
	slots [rateRecentSlots]int
	// at is when the current slot, slots[cur], began; first is when the
	// first event was counted.
	at, first time.Time
	cur       int
}

// advance moves the slots on to now, emptying those it passes.
func (c *recentCounter) advance(now time.Time) {
	since := now.Sub(c.at)
	if c.at.IsZero() || since < 0 || since >= rateRecentSlots*rateRecentSlot {
		// Nothing recent, or the clock stepped back: start again.
		c.slots, c.at, c.cur = [rateRecentSlots]int{}, now, 0
		return
	}
	for ; since >= rateRecentSlot; since -= rateRecentSlot {
		c.at = c.at.Add(rateRecentSlot)
		c.cur = (c.cur + 1) % rateRecentSlots
		c.slots[c.cur] = 0
	}
}

// add counts an event at now.
func (c *recentCounter) add(now time.Time) {
	c.advance(now)
	if c.first.IsZero() || now.Before(c.first) {
		c.first = now
	}
	c.slots[c.cur]++
}

// rate returns the events per second over the slots, or over the time
// since the first if that is shorter, but over rateRecentMin at least.
func (c *recentCounter) rate(now time.Time) float64 {
	c.advance(now)
	n := 0
	for _, k := range c.slots {
		n += k
	}
	span := min(max(now.Sub(c.first), rateRecentMin), rateRecentSlots*rateRecentSlot)
	return float64(n) / span.Seconds()
}

// climbSuccesses is the number of successes the rate takes to climb back
// to peak after a cut: rateProbeSuccesses for a peak of rateProbeRef or
// less, more for a higher one, by the square root of the ratio (226 at
// 1,000/s). Clients that share a limit are throttled in proportion to
// their rates, and each throttle cuts by a like fraction, so a rate that
// also climbed back in a like number of successes would climb faster in
// time the higher it is, and the shares would stay wherever the start left
// them; climbing more slowly the higher the peak, in successes and in
// time, the larger shares give way and the smaller grow.
func climbSuccesses(peak float64) float64 {
	return rateProbeSuccesses * math.Sqrt(max(peak/rateProbeRef, 1))
}

// countLocked counts a success in the meter, and notes how soon after the
// last it came.
func (l *RateLimiter) countLocked(now time.Time) {
	if gap := now.Sub(l.lastSuccess); l.lastSuccess.IsZero() || gap < 0 || gap >= 2*rateMeterSlot {
		// The first of a run of successes.
		l.closestGap = noGap
		l.runStart = now
	} else {
		l.closestGap = min(l.closestGap, gap)
	}
	l.lastSuccess = now
	switch since := now.Sub(l.slotStart); {
	case since >= 0 && since < rateMeterSlot:
	case since >= 0 && since < 2*rateMeterSlot:
		l.prevCount, l.slotCount = l.slotCount, 0
		l.slotStart = l.slotStart.Add(rateMeterSlot)
	default:
		// Stale, or the clock stepped back: start again from now.
		l.prevCount, l.slotCount = 0, 0
		l.slotStart = now
	}
	l.slotCount++
}

// meterLocked returns the successes of the last slot and the current one,
// and the time they came over (a second for a run that began in the slot
// the meter holds last, prevCount 0): none when the meter went a second
// without a success, or the clock stepped back before its slot began.
func (l *RateLimiter) meterLocked(now time.Time) (int, time.Duration) {
	switch since := now.Sub(l.slotStart); {
	case l.slotStart.IsZero() || since < 0 || since >= 2*rateMeterSlot:
		return 0, 0
	case l.prevCount == 0:
		// A run of successes that began when the meter's slot did,
		// less than a second ago, all of them in that slot (a success
		// after the slot moves the meter on, prevCount then being
		// that slot's): over a second, so that a first wave admitted
		// at once (a window's count, or a bucket's burst) passes for
		// that many a second, not up to twice as many. Taken back to
		// twice a window's count after the rest of the window, a
		// client spent the next window's count in half of it and was
		// refused for the other half (simulated windows of a second
		// over ten windows: 1.23 times the ideal with sliding ones,
		// 1.18 since; 12.5% of requests throttled with fixed ones of
		// 20, 6.2% since). Also once the slot is past with nothing
		// since: counted over the time since it began, 100 in 10ms
		// passed for 200/s half a second after, and 100/s just before.
		return l.slotCount, time.Second
	case since >= rateMeterSlot:
		return l.slotCount, since
	default:
		return l.prevCount + l.slotCount, rateMeterSlot + since
	}
}

// successRateLocked estimates successes per second over the last slot and
// the current one.
func (l *RateLimiter) successRateLocked(now time.Time) float64 {
	n, over := l.meterLocked(now)
	if n == 0 {
		return 0
	}
	return float64(n) / over.Seconds()
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
