// These tests drive the RateLimiter on a fake clock whose Sleep advances
// time, so every turn and every rate is exact.

package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// fakeClock is a clock that only moves when Sleep is called.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, time.March, 14, 15, 9, 26, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}

func newTestLimiter() (*RateLimiter, *fakeClock) {
	clk := newFakeClock()
	return NewRateLimiter(RateLimiterOptions{Now: clk.Now, Sleep: clk.Sleep}), clk
}

// turnOn turns l on with a throttle.
func turnOn(t *testing.T, l *RateLimiter) {
	t.Helper()
	l.observe(permit{}, true, true)
	if _, on := l.Rate(); !on {
		t.Fatal("the limiter did not turn on")
	}
}

// setRate sets the rate, as if the limiter had got there.
func setRate(l *RateLimiter, rate float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate = rate
}

// epochNow returns the current epoch.
func epochNow(l *RateLimiter) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.epoch
}

// cut throttles an attempt of the current epoch and returns the rate after.
func cut(l *RateLimiter) float64 {
	l.observe(permit{epoch: epochNow(l), waited: true}, true, true)
	return l.rateNow()
}

// succeed feeds n successes of waited attempts of the current epoch.
func succeed(l *RateLimiter, n int) {
	for range n {
		l.observe(permit{epoch: epochNow(l), waited: true}, false, true)
	}
}

// mustWait takes a turn or fails the test.
func mustWait(t *testing.T, l *RateLimiter) permit {
	t.Helper()
	p, err := l.wait(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

func TestRateLimiterOffUntilAThrottle(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	for range 50 {
		l.observe(permit{}, false, true)  // successes
		l.observe(permit{}, false, false) // transport failures
		clk.Advance(10 * time.Millisecond)
	}
	if rate, on := l.Rate(); on {
		t.Fatalf("no throttle, yet the limiter is on at %v", rate)
	}
	// Off, it lets attempts through at once, unpaced (the start gate,
	// widened by the 50 successes, holds none of these three).
	for range 3 {
		if p := mustWait(t, l); p.epoch != 0 || p.waited || !p.sent.IsZero() {
			t.Fatalf("permit %+v while off", p)
		}
	}
	if len(clk.sleeps) != 0 {
		t.Fatalf("slept %v while off", clk.sleeps)
	}
	// One throttle, even of a call alone, turns it on.
	turnOn(t, l)
}

func TestRateLimiterStartsAtRecentSuccessRate(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	// 300 successes 5ms apart: the meter's two slots hold the last 1.5s.
	for range 300 {
		l.observe(permit{}, false, true)
		clk.Advance(5 * time.Millisecond)
	}
	// The current slot began 500ms ago... and was just closed: it holds
	// 100 successes, the previous one 100 too, over the last second.
	turnOn(t, l)
	rate, _ := l.Rate()
	if want := 200 / 1.0; !approx(rate, want) {
		t.Fatalf("starting rate %v, want %v", rate, want)
	}
}

// A first wave admitted at once, after a quiet second, is that many a
// second: a window's count or a bucket's burst says no more. The meter's
// half-second slot made 100 successes in 10ms 190/s, and a blind run after
// the rest of a window of 100 was taken back to that.
func TestRateLimiterStartsAtABurstPerSecond(t *testing.T) {
	t.Parallel()
	l, _ := onAfterAWave(t, 100, 100*time.Microsecond)
	if rate, _ := l.Rate(); rate != 100 {
		t.Fatalf("starting rate %v after 100 successes in 10ms, want 100", rate)
	}
}

// A first wave admitted at once is that many a second however long after
// it the first throttle comes, up to the second the meter looks back
// over: half a second or more after it began, the meter's slot is past,
// and the wave counted over the time since (100 in 10ms: 200/s at 500ms,
// 133/s at 750ms, where it was 100/s at 499ms).
func TestRateLimiterStartsAtABurstPerSecondAfterItsSlot(t *testing.T) {
	t.Parallel()
	for _, after := range []time.Duration{rateMeterSlot - time.Millisecond, rateMeterSlot, 3 * rateMeterSlot / 2, 2*rateMeterSlot - time.Millisecond} {
		l, clk := newTestLimiter()
		first := clk.Now().Add(100 * time.Microsecond)
		for range 100 {
			clk.Advance(100 * time.Microsecond)
			l.observe(permit{}, false, true)
		}
		clk.Advance(first.Add(after).Sub(clk.Now()))
		turnOn(t, l)
		if rate, _ := l.Rate(); rate != 100 {
			t.Errorf("starting rate %v after 100 successes in 10ms, throttled %v after the first; want 100", rate, after)
		}
	}
}

func TestRateLimiterStartsAtLeastAtMinStart(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter()
	l.observe(permit{}, false, true) // one success is no rate
	turnOn(t, l)
	if rate, _ := l.Rate(); rate != rateMinStart {
		t.Fatalf("starting rate %v after one success, want %v", rate, rateMinStart)
	}
}

func TestRateLimiterStartsAfterTheClockStepsBack(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	// Ten successes 1ms apart, then the clock steps back a little less
	// than a meter slot: the meter's slot begins at a time that has not
	// come yet, and says no rate at all (it once said ten successes in
	// 9ms, 1,100/s).
	for range 10 {
		clk.Advance(time.Millisecond)
		l.observe(permit{}, false, true)
	}
	clk.Advance(-rateMeterSlot + time.Microsecond)
	turnOn(t, l)
	if rate, _ := l.Rate(); rate != rateMinStart {
		t.Fatalf("starting rate %v after the clock stepped back, want %v", rate, rateMinStart)
	}
}

func TestRateLimiterPacesTurns(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	setRate(l, 100)
	start := clk.Now()
	for i := 1; i <= 5; i++ {
		p := mustWait(t, l)
		if !p.waited || p.epoch != 1 {
			t.Fatalf("turn %d: permit %+v, want a wait in epoch 1", i, p)
		}
		// Each turn is one interval after the previous one; the first one
		// interval after turning on, as the service's bucket is empty then.
		if got, want := clk.Now().Sub(start), time.Duration(i)*10*time.Millisecond; got != want {
			t.Fatalf("turn %d at %v, want %v", i, got, want)
		}
	}
	// The interval (10ms) is below the recheck period: one sleep per turn.
	if len(clk.sleeps) != 5 {
		t.Fatalf("sleeps %v, want 5", clk.sleeps)
	}
	// A turn taken late by less than an interval keeps the schedule; one
	// later than that starts it from now, sending no burst.
	clk.Advance(15 * time.Millisecond) // the next was due 5ms ago
	mustWait(t, l)
	if got := clk.Now().Sub(start); got != 65*time.Millisecond {
		t.Fatalf("a late turn at %v, want at once (65ms)", got)
	}
	mustWait(t, l) // due at 70ms on the schedule
	if got := clk.Now().Sub(start); got != 70*time.Millisecond {
		t.Fatalf("the turn after a late one at %v, want 70ms", got)
	}
	clk.Advance(time.Second)
	mustWait(t, l)
	mustWait(t, l)
	if got := clk.Now().Sub(start); got != 1080*time.Millisecond {
		t.Fatalf("after an idle second, the second turn at %v, want one interval after the first (1080ms)", got)
	}
}

func TestRateLimiterLongWaitsLookAgain(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	setRate(l, 1)
	mustWait(t, l)
	if len(clk.sleeps) != 50 {
		t.Fatalf("%d sleeps, want 50 of %v", len(clk.sleeps), rateRecheck)
	}
	for i, d := range clk.sleeps {
		if d != rateRecheck {
			t.Fatalf("sleep %d = %v, want %v", i, d, rateRecheck)
		}
	}
}

func TestRateLimiterSlowStart(t *testing.T) {
	t.Parallel()
	t.Run("by success at low rates", func(t *testing.T) {
		t.Parallel()
		l, _ := newTestLimiter()
		// 20/s, then 40/s: turns 50ms and 25ms apart, more than the
		// doubling time.
		turnOn(t, l)
		for i := range 2 {
			p := mustWait(t, l)
			l.observe(p, false, true)
			if got, want := l.rateNow(), rateMinStart*math.Pow(rateSlowStartStep, float64(i+1)); !approx(got, want) {
				t.Fatalf("rate after %d waited successes %v, want %v", i+1, got, want)
			}
		}
	})
	t.Run("by time at high rates", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		setRate(l, 1000)
		// Ten successes 1ms apart: the rate doubles every 20ms of them.
		for range 10 {
			clk.Advance(time.Millisecond)
			succeed(l, 1)
		}
		if got, want := l.rateNow(), 1000*math.Exp2(10*time.Millisecond.Seconds()/rateSlowStartDoubling.Seconds()); !approx(got, want) {
			t.Fatalf("rate after 10ms of successes %v, want %v", got, want)
		}
	})
	t.Run("not by successes that did not wait", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		for range 10 {
			clk.Advance(100 * time.Millisecond)
			l.observe(permit{epoch: 1}, false, true)
		}
		if got := l.rateNow(); got != rateMinStart {
			t.Fatalf("the client asked for less than the pace, yet the rate rose to %v", got)
		}
	})
}

// After the starting rate is refused with nothing admitted at it, the rate
// (a quarter of it) grows back by rateStartGrowth with each waited success,
// up to just below the rate refused; from there the curve is flat and
// probed beyond. A throttle on the way cuts as usual and ends the growth.
func TestRateLimiterStartBlindClimb(t *testing.T) {
	t.Parallel()
	start := rateMinStart * rateCutBlind * rateCutBlind
	top := rateMinStart * rateStartPeak
	t.Run("to just below the starting rate, then beyond", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		if got := cut(l); !approx(got, start) {
			t.Fatalf("rate after the starting rate was refused %v, want %v", got, start)
		}
		want := start
		for want < top {
			clk.Advance(100 * time.Millisecond)
			succeed(l, 1)
			want = min(want*(1+rateStartGrowth), top)
			if got := l.rateNow(); !approx(got, want) {
				t.Fatalf("rate %v after a success, want %v", got, want)
			}
		}
		// At the peak: a flat curve, probed beyond from where the
		// growth's successes put it (a few percent past at most), then
		// further within rateProbeSuccesses more successes.
		clk.Advance(100 * time.Millisecond)
		succeed(l, 1)
		if got := l.rateNow(); got < top || got > top*(1+rateProbeStep/4) {
			t.Fatalf("rate %v at the peak, want it at or just past %v (the start of a flat curve)", got, top)
		}
		for range rateProbeSuccesses {
			clk.Advance(50 * time.Millisecond)
			succeed(l, 1)
		}
		if got := l.rateNow(); got <= top*(1+rateProbeStep/2) {
			t.Fatalf("rate %v after %d more successes, want it probing beyond %v", got, rateProbeSuccesses, top)
		}
	})
	t.Run("a throttle at the peak is near the limit", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		cut(l)
		for l.rateNow() < top {
			clk.Advance(100 * time.Millisecond)
			succeed(l, 1)
		}
		clk.Advance(100 * time.Millisecond)
		succeed(l, 1)
		// The growth's successes say the rate was near the limit: a cut
		// of 10% at most, not the halving of a cut with none.
		at := l.rateNow()
		if got := cut(l); got < at*rateCutFar-1e-9 {
			t.Fatalf("rate after a throttle at the peak %v: %v, want %v or more", at, got, at*rateCutFar)
		}
	})
	t.Run("a throttle on the way cuts and ends it", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		cut(l)
		for range 5 {
			clk.Advance(100 * time.Millisecond)
			succeed(l, 1)
		}
		at := l.rateNow()
		if got, want := cut(l), at*rateCutFar; !approx(got, want) {
			t.Fatalf("rate after a throttle at %v, five successes on: %v, want %v", at, got, want)
		}
		l.mu.Lock()
		growing := l.growing
		l.mu.Unlock()
		if growing {
			t.Fatal("still growing after a throttle")
		}
	})
	t.Run("a blind run taken back ends it", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		// Two successes before the first throttle: a window's worth, or
		// a burst; the blind cut that follows is a run that may be
		// taken back when the service admits again after a pause, as a
		// limit kept in windows does (see recoverLocked).
		l.observe(permit{}, false, true)
		clk.Advance(10 * time.Millisecond)
		l.observe(permit{}, false, true)
		turnOn(t, l)
		start := l.rateNow()
		cut(l)
		clk.Advance(time.Second)
		succeed(l, 1)
		l.mu.Lock()
		growing, starting, rate := l.growing, l.starting, l.rate
		l.mu.Unlock()
		if growing || starting || rate != start {
			t.Fatalf("growing %v, starting %v, rate %v after the run was taken back; want back at the starting rate %v at once", growing, starting, rate, start)
		}
	})
	t.Run("only for the starting rate", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		succeed(l, 3)
		cut(l) // slow start overshot: halved, the curve as usual
		clk.Advance(100 * time.Millisecond)
		cut(l) // nothing admitted since: blind, halved again
		l.mu.Lock()
		growing := l.growing
		l.mu.Unlock()
		if growing {
			t.Fatal("a blind cut after the start grows like the start's")
		}
	})
}

// nearLimit is a count of successes between two throttles that says the
// rate was near the service's: the cut is rateCutNear.
const nearLimit = 40

func TestRateLimiterCuts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		starting  bool
		successes int // waited successes since the last cut
		before    int // and in the epoch before
		want      float64
		// wantPeak is the top of the next curve: a little below the rate
		// throttled, or, when nothing was admitted at it or slow start
		// overshot, halfway (in ratio) between it and the rate after the
		// cut; just below it again for the starting rate.
		wantPeak float64
	}{
		{"end of slow start", true, 50, 0, 100 * rateCutBlind, 100 * math.Sqrt(rateCutBlind)},
		// k successes between two throttles: the service admits about
		// k/(k+1) of the rate; the cut aims 3% below that, between 5%
		// and 10% off.
		{"near the limit", false, 100, 0, 100 * rateCutNear, 100 * (1 - rateProbeStep/4)},
		{"32 successes", false, 32, 0, 100 * 32.0 / 33 * rateEstimateMargin, 100 * (1 - rateProbeStep/4)},
		{"19 successes", false, 19, 0, 100 * 0.95 * rateEstimateMargin, 100 * (1 - rateProbeStep/4)},
		{"four successes", false, rateQuickSuccesses, 0, 100 * rateCutFar, 100 * (1 - rateProbeStep/4)},
		{"soon after a cut", false, rateQuickSuccesses - 1, 0, 100 * rateCutQuick, 100 * (1 - rateProbeStep/4)},
		{"one success", false, 1, 0, 100 * rateCutQuick, 100 * (1 - rateProbeStep/4)},
		// Nothing since the cut, but some before it: the cut may have
		// come a turn too soon. Nothing twice in a row: halve.
		{"nothing after an epoch with some", false, 0, 12, 100 * rateCutQuick, 100 * (1 - rateProbeStep/4)},
		{"at once after a cut", false, 0, 0, 100 * rateCutBlind, 100 * math.Sqrt(rateCutBlind)},
		// The starting rate refused before anything was admitted at it:
		// a quarter, and a peak just below the rate refused.
		{"at once after starting", true, 0, 0, 100 * rateCutBlind * rateCutBlind, 100 * rateStartPeak},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newTestLimiter()
			turnOn(t, l)
			l.mu.Lock()
			l.starting = tt.starting
			l.prevCalm = tt.before
			l.peak, l.floor = 100, 100
			l.mu.Unlock()
			succeed(l, tt.successes)
			setRate(l, 100)
			if got := cut(l); !approx(got, tt.want) {
				t.Fatalf("rate after the cut %v, want %v", got, tt.want)
			}
			l.mu.Lock()
			starting, epoch, peak := l.starting, l.epoch, l.peak
			l.mu.Unlock()
			if starting || epoch != 2 || !approx(peak, tt.wantPeak) {
				t.Fatalf("after the cut: starting %v, epoch %d, peak %v; want false, 2, %v", starting, epoch, peak, tt.wantPeak)
			}
		})
	}
}

func TestRateLimiterStaleThrottlesDoNotCut(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter()
	turnOn(t, l)
	setRate(l, 100)
	before := epochNow(l)
	after := cut(l)
	// Attempts sent before the cut come back throttled: they were sent
	// at the old rate, and say nothing of the new one.
	for range 20 {
		l.observe(permit{epoch: before, waited: true}, true, true)
	}
	if got := l.rateNow(); got != after {
		t.Fatalf("stale throttles moved the rate from %v to %v", after, got)
	}
	// Nor do their successes raise it.
	for range 20 {
		l.observe(permit{epoch: before, waited: true}, false, true)
	}
	if got := l.rateNow(); got != after {
		t.Fatalf("stale successes moved the rate from %v to %v", after, got)
	}
}

// afterAnUnpacedSuccess returns a limiter that turned on 12ms ago and
// has just seen an attempt let through before that admitted, its clock,
// and its rate.
func afterAnUnpacedSuccess(t *testing.T) (*RateLimiter, *fakeClock, float64) {
	t.Helper()
	l, clk := newTestLimiter()
	turnOn(t, l)
	clk.Advance(12 * time.Millisecond)
	l.observe(permit{}, false, true)
	return l, clk, l.rateNow()
}

func TestRateLimiterUnpacedAttemptsDoNotCut(t *testing.T) {
	t.Parallel()
	// Many callers went at once before the first throttle: while their
	// attempts, let through unpaced, are still being admitted, the first
	// paced attempts find the service's bucket empty whatever the rate.
	l, clk, rate := afterAnUnpacedSuccess(t)
	sentEarly := clk.Now().Add(-2 * time.Millisecond)
	clk.Advance(time.Millisecond)
	l.observe(permit{epoch: epochNow(l), waited: true, sent: sentEarly}, true, true)
	if got := l.rateNow(); got != rate {
		t.Fatalf("a throttle of an attempt sent while unpaced ones were admitted cut the rate from %v to %v", rate, got)
	}
	// Once they are done, a throttle at the starting rate cuts it.
	sentLate := sentEarly.Add(time.Duration(float64(time.Second) / rate))
	clk.Advance(sentLate.Sub(clk.Now()) + 3*time.Millisecond)
	l.observe(permit{epoch: epochNow(l), waited: true, sent: sentLate}, true, true)
	if got, want := l.rateNow(), rate*rateCutBlind*rateCutBlind; !approx(got, want) {
		t.Fatalf("a throttle of an attempt sent after the unpaced ones left the rate at %v, want %v", got, want)
	}
}

func TestRateLimiterUnpacedRuleAfterTheClockStepsBack(t *testing.T) {
	t.Parallel()
	l, clk, rate := afterAnUnpacedSuccess(t)
	// The clock steps back an hour: attempts sent from now on are not
	// older than that success, whatever the clock says.
	clk.Advance(-time.Hour)
	sent := clk.Now()
	clk.Advance(time.Millisecond)
	l.observe(permit{epoch: epochNow(l), waited: true, sent: sent}, true, true)
	if got, want := l.rateNow(), rate*rateCutBlind*rateCutBlind; !approx(got, want) {
		t.Fatalf("after the clock stepped back, a throttle left the rate at %v, want %v", got, want)
	}
}

// answerAt feeds back an attempt of the current epoch sent at sent and
// answered rtt later, moving the clock on to then: throttled or admitted.
func answerAt(l *RateLimiter, clk *fakeClock, sent time.Time, rtt time.Duration, throttled bool) {
	answerInEpoch(l, clk, epochNow(l), sent, rtt, throttled)
}

// answerInEpoch is answerAt for an attempt let through in epoch.
func answerInEpoch(l *RateLimiter, clk *fakeClock, epoch uint64, sent time.Time, rtt time.Duration, throttled bool) {
	clk.Advance(sent.Add(rtt).Sub(clk.Now()))
	l.observe(permit{epoch: epoch, waited: true, sent: sent}, throttled, !throttled)
}

func TestRateLimiterExcusesThrottlesOutOfTurn(t *testing.T) {
	t.Parallel()
	const usual = time.Millisecond
	// A limiter below the peak, past slow start, whose attempts go out
	// one interval apart (10.5ms at the rate after the cut) and come back
	// in the usual time; next(i) is when the i-th attempt from now goes.
	setUp := func(t *testing.T) (l *RateLimiter, clk *fakeClock, rate float64, gap time.Duration, next func(int) time.Time) {
		l, clk, floor := cutNearTheLimit(t, 100)
		gap = time.Duration(float64(time.Second) / floor)
		start := clk.Now()
		next = func(i int) time.Time { return start.Add(time.Duration(10+i) * gap) }
		for i := range 10 {
			answerAt(l, clk, start.Add(time.Duration(i)*gap), usual, false)
		}
		return l, clk, l.rateNow(), gap, next
	}
	t.Run("held up on the way", func(t *testing.T) {
		t.Parallel()
		l, clk, rate, gap, next := setUp(t)
		// Its answer came three quarters of an interval late: held
		// up on the way, it reached the service in the next turn's
		// slot.
		answerAt(l, clk, next(0), usual+gap*3/4, true)
		if got := l.rateNow(); got != rate {
			t.Fatalf("a throttle of an attempt held up on the way cut the rate from %v to %v", rate, got)
		}
		// Once an epoch (with fewer than 32 successes in it): a
		// second cuts, late or not.
		answerAt(l, clk, next(1), usual+2*gap, true)
		cutTo := l.rateNow()
		if cutTo >= rate {
			t.Fatalf("a second late throttle in the epoch left the rate at %v", cutTo)
		}
		// The next epoch excuses one again.
		answerAt(l, clk, next(2), usual+3*gap, true)
		if got := l.rateNow(); got != cutTo {
			t.Fatalf("the first late throttle of the next epoch cut the rate from %v to %v", cutTo, got)
		}
	})
	// 10 successes came in the epoch before: with more, throttles held up
	// on the way are excused, one and one more for every 32 successes, four
	// at most, and the next cuts.
	for _, tt := range []struct {
		name      string
		successes int
		excused   int
	}{
		{"one more for every 32 successes", 22, 2}, // 32 in all
		{"four at most", 150, 4},                   // 160 would earn six
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk, _, gap, next := setUp(t)
			for i := range tt.successes {
				answerAt(l, clk, next(i), usual, false)
			}
			rate := l.rateNow()
			for i := range tt.excused {
				answerAt(l, clk, next(tt.successes+i), usual+gap, true)
				if got := l.rateNow(); got != rate {
					t.Fatalf("throttle %d held up on the way cut the rate from %v to %v", i+1, rate, got)
				}
			}
			answerAt(l, clk, next(tt.successes+tt.excused), usual+gap, true)
			if got := l.rateNow(); got >= rate {
				t.Fatalf("late throttle %d in the epoch left the rate at %v", tt.excused+1, got)
			}
		})
	}
	// The admitted attempt before came back predLate intervals late;
	// this one, sent after intervals after it, came back throttled late
	// intervals later than usual: they reached the service less than half
	// an interval apart, or this one came more than half an interval late
	// (excused), or not.
	for _, tt := range []struct {
		name                  string
		predLate, after, late float64
		excused               bool
	}{
		{"close behind a late one", 0.7, 1, 0, true},  // 0.3 apart
		{"in turn", 0.4, 1, 0, false},                 // 0.6 apart
		{"beyond two intervals", 2.35, 2.5, 0, false}, // another turn's
		{"in turn, a little late", 0, 1, 0.4, false},  // 1.4 apart, less than half an interval late
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk, _, gap, next := setUp(t)
			in := func(f float64) time.Duration { return time.Duration(f * float64(gap)) }
			answerAt(l, clk, next(0), usual+in(tt.predLate), false)
			rate := l.rateNow()
			answerAt(l, clk, next(0).Add(in(tt.after)), usual+in(tt.late), true)
			if got := l.rateNow(); tt.excused && got != rate {
				t.Fatalf("the throttle cut the rate from %v to %v", rate, got)
			} else if !tt.excused && got >= rate {
				t.Fatalf("the throttle left the rate at %v", got)
			}
		})
	}
	t.Run("after the clock steps back", func(t *testing.T) {
		t.Parallel()
		l, clk, _, gap, _ := setUp(t)
		// The admitted attempts seen so far lie an hour ahead of the
		// clock now: forgotten, the next ones are judged among
		// themselves.
		clk.Advance(-time.Hour)
		at := clk.Now()
		answerAt(l, clk, at, usual+gap*7/10, false)
		rate := l.rateNow()
		answerAt(l, clk, at.Add(gap), usual, true)
		if got := l.rateNow(); got != rate {
			t.Fatalf("a throttle close behind a late one cut the rate from %v to %v", rate, got)
		}
	})
	t.Run("sent close together", func(t *testing.T) {
		t.Parallel()
		l, clk, rate, gap, next := setUp(t)
		// Two attempts sent a twentieth of an interval apart (a turn
		// taken late keeps the schedule; a raise of the rate brings a
		// turn forward), the second admitted and answered first: the
		// first reached the service just behind it.
		first, second := next(0), next(0).Add(gap/20)
		answerAt(l, clk, second, usual, false)
		if got := l.rateNow(); got <= rate {
			t.Fatalf("a success left the rate at %v", got)
		}
		rate = l.rateNow()
		answerAt(l, clk, first, usual+gap/10, true)
		if got := l.rateNow(); got != rate {
			t.Fatalf("a throttle of an attempt sent close to another cut the rate from %v to %v", rate, got)
		}
	})
	t.Run("starting", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		start := clk.Now()
		// Three successes 50ms apart take 20/s to about 80/s.
		for i := range 3 {
			answerAt(l, clk, start.Add(time.Duration(i)*50*time.Millisecond), usual, false)
		}
		rate := l.rateNow()
		interval := time.Duration(float64(time.Second) / rate)
		answerAt(l, clk, start.Add(150*time.Millisecond), usual+interval*2, true)
		if got := l.rateNow(); got != rate {
			t.Fatalf("in slow start, a throttle of an attempt overtaken on the way cut the rate from %v to %v", rate, got)
		}
		// Not one in turn: slow start ends.
		answerAt(l, clk, start.Add(160*time.Millisecond), usual, true)
		if got := l.rateNow(); got >= rate {
			t.Fatalf("in slow start, a throttle in turn left the rate at %v", got)
		}
	})
	t.Run("behind a refused one", func(t *testing.T) {
		t.Parallel()
		l, clk, rate, gap, next := setUp(t)
		// The attempt before was refused (sent before the last cut,
		// so it cut nothing) and came back late: a refusal takes no
		// token, so arriving close behind it explains nothing.
		answerInEpoch(l, clk, epochNow(l)-1, next(0), usual+gap*7/10, true)
		answerAt(l, clk, next(1), usual, true)
		if got := l.rateNow(); got >= rate {
			t.Fatalf("a throttle of an attempt close behind a refused one left the rate at %v", got)
		}
	})
	t.Run("answers that vary by more than an interval", func(t *testing.T) {
		t.Parallel()
		l, clk, rate, gap, next := setUp(t)
		// Round trips alternately usual and two intervals longer
		// (answers of an earlier epoch, so the rate stays put): a
		// throttle 1.5 intervals late is within their spread.
		for i := range 40 {
			answerInEpoch(l, clk, epochNow(l)-1, next(i), usual+time.Duration(i%2)*2*gap, false)
		}
		answerAt(l, clk, next(40), usual+gap*3/2, true)
		if got := l.rateNow(); got >= rate {
			t.Fatalf("a throttle within the usual spread of round trips left the rate at %v", got)
		}
	})
	t.Run("above the peak", func(t *testing.T) {
		t.Parallel()
		l, clk, _, gap, next := setUp(t)
		// Beyond a rate the service admitted, a throttle close behind
		// a late admitted attempt cuts: probing past the peak looks
		// for just such a throttle.
		answerAt(l, clk, next(0), usual+gap*7/10, false)
		setRate(l, 105)
		answerAt(l, clk, next(1), usual, true)
		if got := l.rateNow(); got >= 105 {
			t.Fatalf("a throttle close behind a late one, above the peak, left the rate at %v", got)
		}
	})
	t.Run("held up, above the peak", func(t *testing.T) {
		t.Parallel()
		l, clk, _, gap, next := setUp(t)
		// One held up on the way is excused above the peak too: the
		// way, not the rate, put it in another's turn.
		setRate(l, 105)
		answerAt(l, clk, next(0), usual+gap, true)
		if got := l.rateNow(); got != 105 {
			t.Fatalf("a throttle held up on the way, above the peak, cut the rate to %v", got)
		}
	})
}

func TestRateLimiterSpacesBehindLateAnswers(t *testing.T) {
	t.Parallel()
	const usual = time.Millisecond
	ms := func(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }
	for _, tt := range []struct {
		name string
		// successesAt are the unpaced successes before the first
		// throttle, from the first.
		successesAt []time.Duration
		// An admitted attempt answers predLate intervals later than
		// usual; then one sent throttleAfter intervals after it is
		// throttled, unless noThrottle.
		predLate, throttleAfter float64
		noThrottle              bool
		// earlierEpoch: the throttled attempt was let through before
		// the last cut, at another rate.
		earlierEpoch bool
		spaces       bool
	}{
		{name: "one success, then a refusal behind a late answer", successesAt: []time.Duration{0}, predLate: 0.5, throttleAfter: 1, spaces: true},
		{name: "successes two intervals apart", successesAt: []time.Duration{0, ms(20), ms(40)}, predLate: 0.5, throttleAfter: 1, spaces: true},
		{name: "a close pair in a run that ended", successesAt: []time.Duration{0, ms(1), ms(1500), ms(1520)}, predLate: 0.5, throttleAfter: 1, spaces: true},
		{name: "successes close together: a burst of more than one", successesAt: []time.Duration{0, ms(1), ms(2)}, predLate: 0.5, throttleAfter: 1},
		{name: "two of them close together", successesAt: []time.Duration{0, ms(20), ms(21)}, predLate: 0.5, throttleAfter: 1},
		{name: "no refusal behind a late answer", successesAt: []time.Duration{0}, predLate: 0.5, noThrottle: true},
		{name: "the refusal long after the late answer", successesAt: []time.Duration{0}, predLate: 0.5, throttleAfter: 1.6},
		{name: "the refusal of one sent before the late one", successesAt: []time.Duration{0}, predLate: 0.5, throttleAfter: -0.5},
		// 0.27 intervals later than usual is 0.24 beyond the spread
		// that answer itself adds (twice a sixteenth of it).
		{name: "an answer late by a quarter of an interval, within the spread", successesAt: []time.Duration{0}, predLate: 0.27, throttleAfter: 1},
		{name: "the refusal of one sent before the last cut", successesAt: []time.Duration{0}, predLate: 0.5, throttleAfter: 1, earlierEpoch: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Cut near 100/s: an interval is about 10.5ms.
			l, clk, floor := cutNearTheLimitAfter(t, 100, tt.successesAt)
			interval := time.Duration(float64(time.Second) / floor)
			in := func(f float64) time.Duration { return time.Duration(f * float64(interval)) }
			start := clk.Now()
			answerAt(l, clk, start, usual, false)
			lateSent := start.Add(interval)
			answerAt(l, clk, lateSent, usual+in(tt.predLate), false)
			if !tt.noThrottle {
				sent := lateSent.Add(in(tt.throttleAfter))
				// Answered no earlier than now, in the usual time
				// if it can be.
				rtt := max(usual, clk.Now().Sub(sent))
				epoch := epochNow(l)
				if tt.earlierEpoch {
					epoch--
				}
				answerInEpoch(l, clk, epoch, sent, rtt, true)
			}
			// An admitted attempt answered three intervals late: it
			// may have reached the service that late.
			sent := clk.Now().Add(interval)
			answerAt(l, clk, sent, usual+3*interval, false)
			next, _ := l.nextTurn()
			l.mu.Lock()
			reached, gap := clk.Now().Add(-l.usualRTT), l.intervalLocked()
			l.mu.Unlock()
			if tt.spaces && !next.Equal(reached.Add(gap)) {
				t.Fatalf("the next turn is %v after the late attempt was sent, want an interval (%v) after it may have reached the service, %v after", next.Sub(sent), gap, reached.Add(gap).Sub(sent))
			}
			if !tt.spaces && next.Sub(sent) > 2*interval {
				t.Fatalf("the next turn is %v after the late attempt was sent (an interval is %v): spaced behind it", next.Sub(sent), interval)
			}
		})
	}
}

// cutNearTheLimit returns a limiter past slow start, just cut by a throttle
// at rate after many successes, its clock, and the rate after the cut.
func cutNearTheLimit(t *testing.T, rate float64) (*RateLimiter, *fakeClock, float64) {
	t.Helper()
	return cutNearTheLimitAfter(t, rate, nil)
}

// cutNearTheLimitAfter is cutNearTheLimit for a limiter that saw unpaced
// successes at the given times from the first, before the first throttle.
func cutNearTheLimitAfter(t *testing.T, rate float64, successesAt []time.Duration) (*RateLimiter, *fakeClock, float64) {
	t.Helper()
	l, clk := newTestLimiter()
	first := clk.Now()
	for _, at := range successesAt {
		clk.Advance(first.Add(at).Sub(clk.Now()))
		l.observe(permit{}, false, true)
	}
	turnOn(t, l)
	l.mu.Lock()
	l.starting = false
	l.peak, l.floor = rate, rate
	l.mu.Unlock()
	succeed(l, nearLimit)
	setRate(l, rate)
	return l, clk, cut(l)
}

func TestRateLimiterProbesAlongTheCurve(t *testing.T) {
	t.Parallel()
	for _, rate := range []float64{rateProbeRef, 100} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			t.Parallel()
			l, _, floor := cutNearTheLimit(t, rate) // 95%
			peak := rate * (1 - rateProbeStep/4)
			// The climb back takes 32 successes up to 20/s, more above.
			climb := int(math.Round(climbSuccesses(peak)))
			if rate == rateProbeRef && climb != rateProbeSuccesses {
				t.Fatalf("the climb to %v takes %d successes, want %d", peak, climb, rateProbeSuccesses)
			}
			// Concave up to the peak, a little below the rate
			// throttled: most of the way back in half the climb.
			half := climbSuccesses(peak) / 2
			succeed(l, int(half))
			x := (float64(int(half)) - climbSuccesses(peak)) / climbSuccesses(peak)
			if got, want := l.rateNow(), peak+(peak-floor)*x*x*x; !approx(got, want) {
				t.Fatalf("halfway back: %v, want %v", got, want)
			}
			succeed(l, climb-int(half))
			if got := l.rateNow(); math.Abs(got-peak) > 1e-4*peak {
				t.Fatalf("after %d successes: %v, want the peak, %v", climb, got, peak)
			}
			// Then convex beyond it, 32 successes to a span, whatever
			// the rate.
			extra := float64(climb) - climbSuccesses(peak)
			succeed(l, rateProbeSuccesses/2)
			x = (float64(rateProbeSuccesses/2) + extra) / rateProbeSuccesses
			if got, want := l.rateNow(), peak*(1+rateProbeStep*x*x*x); !approx(got, want) {
				t.Fatalf("half a span past the peak: %v, want %v", got, want)
			}
			succeed(l, rateProbeSuccesses/2)
			x = (float64(rateProbeSuccesses) + extra) / rateProbeSuccesses
			if got, want := l.rateNow(), peak*(1+rateProbeStep*x*x*x); !approx(got, want) {
				t.Fatalf("one span past the peak: %v, want %v", got, want)
			}
			// Two spans past it (+80%) and still no throttle: the
			// limit rose, and slow start takes over again, doubling
			// the rate with each success.
			succeed(l, rateProbeSuccesses)
			l.mu.Lock()
			starting, at := l.starting, l.rate
			l.mu.Unlock()
			if !starting || !approx(at, peak*(1+8*rateProbeStep)) {
				t.Fatalf("two spans past the peak: starting %v at %v, want slow start at %v", starting, at, peak*(1+8*rateProbeStep))
			}
		})
	}
}

func TestClimbSuccesses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ peak, want float64 }{
		{0.5, 32}, {2, 32}, {20, 32}, {80, 64}, {320, 128}, {1000, 32 * math.Sqrt(50)},
	} {
		if got := climbSuccesses(tt.peak); !approx(got, tt.want) {
			t.Errorf("climbSuccesses(%v) = %v, want %v", tt.peak, got, tt.want)
		}
	}
}

// A rate cut far below what the service admits climbs back in time too,
// not only a success at a time: a client that lost its share to others
// that then went away finds the room within seconds, not minutes. Only time
// while successes come counts, so a limiter left idle comes back where it
// was.
func TestRateLimiterClimbsInTime(t *testing.T) {
	t.Parallel()
	l, clk, floor := cutNearTheLimit(t, 2)
	peak := 2 * (1 - rateProbeStep/4)
	// succeedEverySecond feeds n successes a second apart: half the
	// pace of the curve's successes at 2/s, so time leads.
	succeedEverySecond := func(n int) {
		for range n {
			clk.Advance(time.Second)
			succeed(l, 1)
		}
	}
	succeedEverySecond(int(rateClimbTime/time.Second) / 2)
	if got, want := l.rateNow(), peak-(peak-floor)/8; !approx(got, want) {
		t.Fatalf("half the climb time after the cut: %v, want %v", got, want)
	}
	succeedEverySecond(int(rateClimbTime/time.Second) / 2)
	if got := l.rateNow(); !approx(got, peak) {
		t.Fatalf("the climb time after the cut: %v, want the peak, %v", got, peak)
	}
	succeedEverySecond(int(rateBeyondTime / time.Second))
	if got, want := l.rateNow(), peak*(1+rateProbeStep); !approx(got, want) {
		t.Fatalf("a span's time past the peak: %v, want %v", got, want)
	}
	// An hour without a success counts as rateClimbGap.
	clk.Advance(time.Hour)
	succeed(l, 1)
	x := 1 + float64(rateClimbGap)/float64(rateBeyondTime)
	if got, want := l.rateNow(), peak*(1+rateProbeStep*x*x*x); !approx(got, want) {
		t.Fatalf("after an hour idle: %v, want %v", got, want)
	}
	// Successes that keep coming, with no throttle, hand over to slow
	// start at 80% past the peak: two spans' time past it, the idle hour
	// counting one second.
	succeedEverySecond(int((rateBeyondTime - rateClimbGap) / time.Second))
	l.mu.Lock()
	starting, at := l.starting, l.rate
	l.mu.Unlock()
	if want := peak * (1 + 8*rateProbeStep); !starting || !approx(at, want) {
		t.Fatalf("two spans' time past the peak: starting %v at %v, want slow start from %v", starting, at, want)
	}
}

// Below a turn a second, a gap of two turns between successes is the
// pace, not idleness: at 0.5/s, successes two seconds apart bring the rate
// back to the peak in the climb time, not twice that.
func TestRateLimiterClimbsInTimeBelowATurnASecond(t *testing.T) {
	t.Parallel()
	l, clk, floor := cutNearTheLimit(t, 0.6)
	peak := 0.6 * (1 - rateProbeStep/4)
	if floor >= peak {
		t.Fatalf("the cut left %v, want below the peak %v", floor, peak)
	}
	gap := 2 * time.Second // a turn at 0.5/s
	for range int(rateClimbTime / gap) {
		clk.Advance(gap)
		succeed(l, 1)
	}
	if got := l.rateNow(); !approx(got, peak) {
		t.Fatalf("the climb time after the cut, successes %v apart: %v, want the peak, %v", gap, got, peak)
	}
	// An hour idle still counts two turns, not an hour.
	clk.Advance(time.Hour)
	x := 2 / l.rateNow() / rateBeyondTime.Seconds()
	succeed(l, 1)
	if got, want := l.rateNow(), peak*(1+rateProbeStep*x*x*x); !approx(got, want) {
		t.Fatalf("after an hour idle: %v, want %v", got, want)
	}
}

// A peak lower than the last one says the service admits less than it did
// (its limit fell, or another client takes a share): the next peak is set a
// little lower still, to make room.
func TestRateLimiterLowerPeakMakesRoom(t *testing.T) {
	t.Parallel()
	l, _, _ := cutNearTheLimit(t, 100)
	succeed(l, nearLimit)
	setRate(l, 80)
	cut(l)
	l.mu.Lock()
	peak := l.peak
	l.mu.Unlock()
	if want := 80 * (1 - rateProbeStep/2); !approx(peak, want) {
		t.Fatalf("peak %v after a throttle at 80 below the last at 100, want %v", peak, want)
	}
}

// cutToTheFloor returns a limiter turned on and cut blind ten times, and
// its clock.
func cutToTheFloor(t *testing.T) (*RateLimiter, *fakeClock) {
	t.Helper()
	l, clk := newTestLimiter()
	turnOn(t, l)
	for range 10 {
		cut(l)
	}
	return l, clk
}

func TestRateLimiterRateFloor(t *testing.T) {
	t.Parallel()
	l, _ := cutToTheFloor(t)
	if rate, _ := l.Rate(); rate != rateMin {
		t.Fatalf("rate after ten blind cuts %v, want the floor %v", rate, rateMin)
	}
}

// A client cut to the floor with its peak there too (blind cuts, its share
// taken by other clients) has nothing to climb back to: once its attempts
// are admitted, it probes beyond the peak at once, and slow start takes over
// within rateReprobe spans of rateBeyondTime, not after rateClimbTime at the
// floor first.
func TestRateLimiterProbesAtOnceFromTheFloor(t *testing.T) {
	t.Parallel()
	l, clk := cutToTheFloor(t)
	gap := 2 * time.Second // a turn at the floor
	clk.Advance(gap)
	succeed(l, 1)
	x := gap.Seconds() / rateBeyondTime.Seconds()
	if got, want := l.rateNow(), rateMin*(1+rateProbeStep*x*x*x); !approx(got, want) {
		t.Fatalf("after a success %v after the cuts to the floor: %v, want %v, beyond the flat peak", gap, got, want)
	}
	for range int(rateReprobe*float64(rateBeyondTime)/float64(gap)) - 1 {
		clk.Advance(gap)
		succeed(l, 1)
	}
	l.mu.Lock()
	starting := l.starting
	l.mu.Unlock()
	if !starting {
		t.Fatalf("no slow start %v after the cuts to the floor (rate %v)", time.Duration(rateReprobe*float64(rateBeyondTime)), l.rateNow())
	}
}

// With a burst of one, a throttle after a long calm below the last peak
// leaves the curve flat; the limiter probes beyond at once rather than
// hold the rate there for the climb. A curve a cut left flat elsewhere
// (above the rate's floor), one that is not flat, one that a blind run
// taken back left flat, and one whose burst of one showed only after the
// cut climb as before.
func TestRateLimiterProbesAtOnceAfterAFlatCutWithABurstOfOne(t *testing.T) {
	t.Parallel()
	const (
		before   = iota + 1 // the signs of a burst of one come before the cut
		after               // after it
		halfSign            // only one before it: successes close together came before pacing
	)
	for _, tt := range []struct {
		name string
		// The cut comes at rate after calm successes (100: a cut of 5%,
		// to the peak, flat; 10: of 10%, below it); if takenBack, a
		// blind run after it is taken back to where it left the rate.
		rate       float64
		calm       int
		flat       bool
		takenBack  bool
		burstOfOne int
		probes     bool
	}{
		{name: "flat, a burst of one", rate: 80, calm: 100, flat: true, burstOfOne: before, probes: true},
		{name: "flat at 1/s, a burst of one", rate: 1.05, calm: 100, flat: true, burstOfOne: before, probes: true},
		{name: "flat, another service", rate: 80, calm: 100, flat: true},
		{name: "flat at 1/s, above the floor, another service", rate: 1.05, calm: 100, flat: true},
		{name: "not flat, a burst of one", rate: 80, calm: 10, burstOfOne: before},
		{name: "flat, a burst of one seen after the cut", rate: 80, calm: 100, flat: true, burstOfOne: after},
		{name: "flat, one sign of a burst of one", rate: 80, calm: 100, flat: true, burstOfOne: halfSign},
		{name: "a blind run taken back, a burst of one", rate: 80, calm: 100, flat: true, takenBack: true, burstOfOne: before},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Cut near 100/s, then near the limit again: a hundred
			// successes are too few for slow start to take over.
			l, _, _ := cutNearTheLimit(t, 100)
			showBurstOfOne := func(closestGap time.Duration) {
				l.mu.Lock()
				l.lateRefusalSeen, l.startClosestGap = true, closestGap
				l.mu.Unlock()
			}
			succeed(l, tt.calm)
			setRate(l, tt.rate)
			switch tt.burstOfOne {
			case before:
				showBurstOfOne(noGap)
			case halfSign:
				showBurstOfOne(time.Millisecond)
			}
			cut(l)
			if tt.burstOfOne == after {
				showBurstOfOne(noGap)
			}
			l.mu.Lock()
			if tt.takenBack {
				l.recoveredLocked(l.recoverRate)
			}
			peak, floor := l.peak, l.floor
			l.mu.Unlock()
			if tt.flat != (peak == floor) {
				t.Fatalf("floor %v, peak %v: want a flat curve %v", floor, peak, tt.flat)
			}
			succeed(l, rateProbeSuccesses)
			got := l.rateNow()
			switch {
			case tt.probes && !approx(got, peak*(1+rateProbeStep)):
				t.Fatalf("%d successes after the cut the rate is %v, want %v, beyond the peak %v", rateProbeSuccesses, got, peak*(1+rateProbeStep), peak)
			case !tt.probes && got > peak*(1+1e-9):
				t.Fatalf("%d successes after the cut the rate is %v, want at most the peak %v", rateProbeSuccesses, got, peak)
			}
		})
	}
}

func TestRateLimiterWaitHonoursContext(t *testing.T) {
	t.Parallel()
	t.Run("deadline before the turn", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l) // 20/s: the first turn is 50ms away
		ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(30*time.Millisecond))
		defer cancel()
		_, err := l.wait(ctx, false)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("wait = %v, want a deadline error", err)
		}
		if len(clk.sleeps) != 0 {
			t.Fatalf("slept %v before giving up", clk.sleeps)
		}
	})
	t.Run("canceled in line", func(t *testing.T) {
		t.Parallel()
		l, _ := newTestLimiter()
		turnOn(t, l)
		l.head <- struct{}{} // another waiter holds the head
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, retry := range []bool{false, true} {
			if _, err := l.wait(ctx, retry); !errors.Is(err, context.Canceled) {
				t.Fatalf("wait (retry %v) = %v, want context.Canceled", retry, err)
			}
		}
		// The first attempt gave up its place at the entry.
		select {
		case l.entry <- struct{}{}:
		default:
			t.Fatal("the entry was not released")
		}
	})
	t.Run("canceled at the entry", func(t *testing.T) {
		t.Parallel()
		l, _ := newTestLimiter()
		turnOn(t, l)
		l.entry <- struct{}{} // another first attempt waits for the head
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := l.wait(ctx, false); !errors.Is(err, context.Canceled) {
			t.Fatalf("wait = %v, want context.Canceled", err)
		}
		<-l.entry
		mustWait(t, l) // neither gate is left held
	})
	t.Run("canceled at the head", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := l.wait(ctx, false); !errors.Is(err, context.Canceled) {
			t.Fatalf("wait = %v, want context.Canceled", err)
		}
		if len(clk.sleeps) != 1 {
			t.Fatalf("sleeps %v, want the one the context ended", clk.sleeps)
		}
		// The head is free again.
		select {
		case l.head <- struct{}{}:
		default:
			t.Fatal("the head was not released")
		}
	})
}

func TestRateLimiterConcurrentUse(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	start := clk.Now()
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		turns   int
		maxRate float64 // the highest rate any turn was granted at
	)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				p, err := l.wait(context.Background(), false)
				if err != nil {
					t.Error(err)
					return
				}
				rate, on := l.Rate()
				mu.Lock()
				turns++
				maxRate = max(maxRate, rate)
				mu.Unlock()
				if !on {
					t.Error("pacing turned off")
				}
				l.observe(p, (g+i)%7 == 0, true)
			}
		}()
	}
	wg.Wait()
	if turns != 16*50 {
		t.Fatalf("%d turns granted, want %d", turns, 16*50)
	}
	// Paced turns are one interval apart at the rate of the moment, so 800
	// of them take at least 799 intervals at the highest rate seen: the
	// fake clock only moves when a waiter sleeps for its turn.
	if elapsed, least := clk.Now().Sub(start), time.Duration(799/maxRate*float64(time.Second)); elapsed < least*99/100 {
		t.Errorf("800 turns took %v of the clock; paced at most %.1f/s they take at least %v", elapsed, maxRate, least)
	}
}

// TestRateLimiterAnyAnswersAnyClock feeds a limiter random outcomes, some
// of attempts let through long before, on a clock that jumps forward,
// stands still and steps back: the rate stays a number within its bounds,
// and every wait ends within an interval of sleeping.
func TestRateLimiterAnyAnswersAnyClock(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 8; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 0))
		l, clk := newTestLimiter()
		var permits []permit
		for range 2000 {
			switch rnd.IntN(10) {
			case 0:
				clk.Advance(-time.Duration(rnd.Int64N(int64(time.Hour))))
			case 1, 2:
				clk.Advance(time.Duration(rnd.Int64N(int64(3 * time.Second))))
			case 3:
				// The clock stands still.
			default:
				clk.Advance(time.Duration(rnd.Int64N(int64(5 * time.Millisecond))))
			}
			if rnd.IntN(2) == 0 || len(permits) == 0 {
				before := len(clk.sleeps)
				p, err := l.wait(context.Background(), false)
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				var slept time.Duration
				for _, d := range clk.sleeps[before:] {
					slept += d
				}
				if slept > time.Duration(float64(time.Second)/rateMin)+rateRecheck {
					t.Fatalf("seed %d: a wait slept %v", seed, slept)
				}
				permits = append(permits, p)
				continue
			}
			i := rnd.IntN(len(permits))
			p := permits[i]
			permits = append(permits[:i], permits[i+1:]...)
			switch rnd.IntN(3) {
			case 0:
				l.observe(p, true, true)
			case 1:
				l.observe(p, false, true)
			default:
				l.observe(p, false, false)
			}
			if rate, on := l.Rate(); on && !(rate >= rateMin && rate < math.Inf(1)) {
				t.Fatalf("seed %d: rate %v", seed, rate)
			}
		}
	}
}

// A clock that steps back neither panics the limiter nor makes a caller
// wait out the step.
func TestRateLimiterClockSteppingBack(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	setRate(l, 400)
	// Successes while starting, then the clock goes back 10 s.
	for range 20 {
		clk.Advance(5 * time.Millisecond)
		succeed(l, 1)
	}
	clk.Advance(-10 * time.Second)
	before := len(clk.sleeps)
	p := mustWait(t, l)
	l.observe(p, false, true) // slow start reads the time since it last grew
	var slept time.Duration
	for _, d := range clk.sleeps[before:] {
		slept += d
	}
	if rate, _ := l.Rate(); slept > time.Second || !(rate > 0) {
		t.Errorf("after the clock stepped back: slept %v, rate %v; want one interval at most", slept, rate)
	}
}

func TestTransportRateLimiterOptions(t *testing.T) {
	t.Parallel()
	next := http.DefaultTransport
	if New(next, Options{}).RateLimiter() == nil {
		t.Error("no RateLimiter by default")
	}
	if l := New(next, Options{DisableRateLimit: true}).RateLimiter(); l != nil {
		t.Error("DisableRateLimit left a RateLimiter")
	}
	if l := New(next, Options{MaxAttempts: 1}).RateLimiter(); l != nil {
		t.Error("retries disabled but a RateLimiter paces")
	}
	shared := NewRateLimiter(RateLimiterOptions{})
	a, b := New(next, Options{RateLimiter: shared}), New(next, Options{RateLimiter: shared})
	if a.RateLimiter() != shared || b.RateLimiter() != shared {
		t.Error("a RateLimiter passed in Options is not the one used")
	}
}

// rateNow reads the rate, on or off.
func (l *RateLimiter) rateNow() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate
}

func TestRateLimiterWaitEndsWithAFrozenClock(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	var sleeps []time.Duration
	l := NewRateLimiter(RateLimiterOptions{
		Now: clk.Now,
		// A Sleep that returns at once and leaves the clock where it was,
		// as tests inject.
		Sleep: func(ctx context.Context, d time.Duration) error {
			sleeps = append(sleeps, d)
			return ctx.Err()
		},
	})
	turnOn(t, l)
	setRate(l, 1)
	// The first turn is 1s on, the second 2s on from the frozen clock: 50
	// and then 100 sleeps of rateRecheck.
	for turn, want := range []int{50, 150} {
		mustWait(t, l)
		if len(sleeps) != want {
			t.Fatalf("turn %d after %d sleeps, want %d", turn+1, len(sleeps), want)
		}
	}
}

// When the limiter's next turn lies past the deadline, the retry is not
// planned: the call ends at once with the answer it has, the reason being
// the deadline, rather than with an error of the wait.
func TestTransportGivesUpWhenTheNextTurnIsPastTheDeadline(t *testing.T) {
	t.Parallel()
	l := NewRateLimiter(RateLimiterOptions{})
	turnOn(t, l)
	l.mu.Lock()
	l.rate = 0.1                               // a turn every 10 s
	l.last = time.Now().Add(-10 * time.Second) // the first is due now
	l.mu.Unlock()
	var sent atomic.Int32
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		n := sent.Add(1)
		status := http.StatusOK
		if n == 1 {
			status = http.StatusTooManyRequests
		}
		return &http.Response{StatusCode: status, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})
	tr := New(next, Options{RateLimiter: l, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	// The 429 cuts the rate by half (nothing was admitted since the last
	// cut), to its floor, 0.5/s: the next turn is 2 s on.
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	ctx, stats := WithStats(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://example.test/", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip: %v; want the 429 back", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || sent.Load() != 1 || stats.GiveUpReason != ReasonDeadline {
		t.Errorf("status %d after %d requests, give-up reason %q; want the 429 after 1, for the deadline", resp.StatusCode, sent.Load(), stats.GiveUpReason)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A retry goes ahead of the first attempts in line: only the one first
// attempt already waiting for the head goes before it. A call under way
// thus ends within a few turns however long the line, as its time bound,
// counted from its first turn, needs.
func TestRateLimiterLetsRetriesGoFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewRateLimiter(RateLimiterOptions{})
		turnOn(t, l)
		setRate(l, 10)
		var (
			mu    sync.Mutex
			order []string
			wg    sync.WaitGroup
		)
		take := func(name string, retry bool) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := l.wait(context.Background(), retry); err != nil {
					t.Error(err)
				}
				mu.Lock()
				order = append(order, name)
				mu.Unlock()
			}()
			synctest.Wait() // in line before the next comes
		}
		for _, name := range []string{"first 1", "first 2", "first 3", "first 4"} {
			take(name, false)
		}
		take("retry 1", true)
		take("first 5", false)
		take("retry 2", true)
		wg.Wait()
		want := []string{"first 1", "first 2", "retry 1", "retry 2", "first 3", "first 4", "first 5"}
		if !slices.Equal(order, want) {
			t.Errorf("turns went to %v, want %v", order, want)
		}
	})
}

// pacedSucceed feeds n waited successes of the current epoch, step apart
// on the clock.
func pacedSucceed(l *RateLimiter, clk *fakeClock, n int, step time.Duration) {
	for range n {
		clk.Advance(step)
		l.observe(permit{epoch: epochNow(l), waited: true, sent: clk.Now()}, false, true)
	}
}

// blindCuts throttles n attempts in a row, step apart, with nothing
// admitted between them.
func blindCuts(l *RateLimiter, clk *fakeClock, n int, step time.Duration) {
	for range n {
		clk.Advance(step)
		cut(l)
	}
}

// A run of cuts with nothing admitted between them is taken back when the
// service admits again, if it stopped admitting rather than slowed down:
// to where the last cut with successes left the rate, at most 1.5 times
// the rate admitted to paced attempts of late.
func TestRateLimiterTakesBackBlindRuns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// admitted successes over the two seconds before the cut with
		// successes, evenly; blind cuts after it, step apart; and the
		// time from the last of them to the success that ends the run.
		admitted       int
		blind          int
		step, after    time.Duration
		wantTakenBack  bool
		wantCappedRate bool // at 1.5 times the admitted rate
	}{
		// Three blind cuts leave 0.8·0.5·0.5 of the rate, over 130ms:
		// 13 turns at the rate before them.
		{"stopped for 13 turns", 200, 3, 10 * time.Millisecond, 100 * time.Millisecond, true, false},
		{"stopped for 5 turns, rate far below the admitted", 200, 3, 10 * time.Millisecond, 20 * time.Millisecond, true, false},
		// One blind cut (0.8) over 50ms: 5 turns, and 80% of the rate
		// is not far below what was admitted.
		{"slowed down", 200, 1, 10 * time.Millisecond, 40 * time.Millisecond, false, false},
		// Forty successes over two seconds: the recent rate (about 15/s
		// when the run ends) bounds the rate taken back to.
		{"stopped, the admitted rate far lower", 40, 4, 10 * time.Millisecond, 500 * time.Millisecond, true, true},
		{"no blind cut", 200, 0, 0, 100 * time.Millisecond, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter()
			turnOn(t, l) // at the floor, one success: nothing to take back to
			l.mu.Lock()
			l.starting = false
			l.peak, l.floor = 1000, 100 // a curve that stays below its top
			l.mu.Unlock()
			setRate(l, 100)
			pacedSucceed(l, clk, tt.admitted, 2*time.Second/time.Duration(tt.admitted))
			setRate(l, 100)
			clk.Advance(time.Millisecond)
			seen := cut(l) // with successes in its epoch
			l.mu.Lock()
			recoverPeak := l.peak
			l.mu.Unlock()
			blindCuts(l, clk, tt.blind, tt.step)
			blindRate := l.rateNow()
			clk.Advance(tt.after)
			pacedSucceed(l, clk, 1, 0)
			admitted := l.recentRate() // the success that ended the run counted

			l.mu.Lock()
			rate, floor, peak, last, now := l.rate, l.floor, l.peak, l.last, l.now()
			l.mu.Unlock()
			want := seen
			if tt.wantCappedRate {
				want = admitted * rateRecoverAbove
			}
			switch {
			case tt.wantTakenBack && (!approx(rate, want) || floor != rate || !approx(peak, max(min(recoverPeak, want*(1+rateProbeStep)), want)) || !last.Equal(now)):
				t.Errorf("rate %v, floor %v, peak %v, next turn from %v; want %v, %v, %v, from now (%v)",
					rate, floor, peak, last, want, want, max(min(recoverPeak, want*(1+rateProbeStep)), want), now)
			case !tt.wantTakenBack && (last.Equal(now) || rate > seen):
				t.Errorf("rate %v, next turn from now: %v, after the run (%v before it, %v after the blind cuts): taken back", rate, last.Equal(now), seen, blindRate)
			}
		})
	}
}

// The start's blind run taken back, after a first wave and a run that
// together took much less than a second (a window of 100 per 100ms): slow
// start goes on from the starting rate, which counts the wave over a
// second, since the service admitted it at ten times that. After a run
// of a second (a window of a second), the curve goes on from it as usual.
func TestRateLimiterTakeBackSlowStartsAfterAShortWindow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		run      time.Duration
		wantSlow bool
	}{
		{"a window of 100ms", 90 * time.Millisecond, true},
		{"a window of a second", 990 * time.Millisecond, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := onAfterAWave(t, 100, 100*time.Microsecond)
			start := l.rateNow()
			blindCuts(l, clk, 2, tt.run/4)
			clk.Advance(tt.run / 2)
			pacedSucceed(l, clk, 1, 0)
			l.mu.Lock()
			rate, starting := l.rate, l.starting
			l.mu.Unlock()
			if rate != start || starting != tt.wantSlow {
				t.Fatalf("after the run: rate %v (start %v), slow start %v; want back at the start, slow start %v", rate, start, starting, tt.wantSlow)
			}
		})
	}
}

// Slow start going on from a take-back doubles the rate at most every
// rateSlowStartDoubling from the take-back, as it does from the first
// throttle: timed from the run's last cut, a success 1ms after the
// take-back doubled it (100/s to 200/s).
func TestRateLimiterTakeBackSlowStartsFromTheTakeBack(t *testing.T) {
	t.Parallel()
	l, clk := onAfterAWave(t, 100, 100*time.Microsecond)
	start := l.rateNow()
	blindCuts(l, clk, 2, 20*time.Millisecond)
	clk.Advance(60 * time.Millisecond)
	pacedSucceed(l, clk, 1, 0)
	l.mu.Lock()
	rate, starting := l.rate, l.starting
	l.mu.Unlock()
	if rate != start || !starting {
		t.Fatalf("after the run: rate %v (start %v), slow start %v; want back at the start, slow start", rate, start, starting)
	}
	pacedSucceed(l, clk, 1, time.Millisecond)
	if got, want := l.rateNow(), start*math.Exp2(time.Millisecond.Seconds()/rateSlowStartDoubling.Seconds()); !approx(got, want) {
		t.Errorf("a success 1ms after the take-back set the rate to %v, want %v", got, want)
	}
}

// A take-back that went on in slow start and is refused at once goes back
// to the run's curve out of slow start.
func TestRateLimiterUndoesATakeBackInSlowStart(t *testing.T) {
	t.Parallel()
	l, clk := onAfterAWave(t, 100, 100*time.Microsecond)
	blindCuts(l, clk, 2, 20*time.Millisecond)
	l.mu.Lock()
	run := runCurve{l.rate, l.floor, l.peak, l.flatCut, l.growing}
	l.mu.Unlock()
	clk.Advance(60 * time.Millisecond)
	pacedSucceed(l, clk, 1, 0)
	clk.Advance(10 * time.Millisecond)
	cut(l)
	l.mu.Lock()
	got, starting := runCurve{l.rate, l.floor, l.peak, l.flatCut, l.growing}, l.starting
	l.mu.Unlock()
	if got != run || starting {
		t.Errorf("refused at once, the take-back left %+v, slow start %v; want the run's %+v, not starting", got, starting, run)
	}
}

// After the first throttle, blind cuts are taken back at once, to the
// starting rate when two successes or more came before it (the 20/s floor
// if they measured less), and not at all when one did, nor when the run
// was short: not the 70% rule either, as nothing paced was admitted yet.
func TestRateLimiterTakesBackTheStartsBlindRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// successes before the first throttle, gap apart; blind cuts
		// after it (a quarter, then halves), step apart; and the time
		// from the last to the success that ends the run.
		successes      int
		gap            time.Duration
		blind          int
		step, after    time.Duration
		wantTakenBack  bool
		wantStartLevel float64 // 0: the starting rate
	}{
		{"a window's worth at once", 20, time.Millisecond, 4, 100 * time.Millisecond, time.Second, true, 0},
		{"two successes measuring 2.5/s: back to the floor", 2, 400 * time.Millisecond, 4, 100 * time.Millisecond, time.Second, true, rateMinStart},
		{"one success says nothing", 1, time.Millisecond, 4, 100 * time.Millisecond, time.Second, false, 0},
		// 20 successes at once, then a run of 60ms: 2.4 turns at
		// 40/s, though the rate (40/32) is far below one success a
		// second, all that was paced and admitted.
		{"a short run", 20, time.Millisecond, 5, 5 * time.Millisecond, 30 * time.Millisecond, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter()
			for range tt.successes {
				clk.Advance(tt.gap)
				l.observe(permit{}, false, true)
			}
			turnOn(t, l)
			start := l.rateNow()
			if tt.wantStartLevel != 0 && start != tt.wantStartLevel {
				t.Fatalf("starting rate %v, want %v", start, tt.wantStartLevel)
			}
			blindCuts(l, clk, tt.blind, tt.step)
			clk.Advance(tt.after)
			pacedSucceed(l, clk, 1, 0)
			l.mu.Lock()
			rate, floor, peak, starting, blindRun := l.rate, l.floor, l.peak, l.starting, l.blindRun
			l.mu.Unlock()
			if takenBack := rate == start; takenBack != tt.wantTakenBack || blindRun || starting {
				t.Fatalf("rate %v (start %v), run still open %v, slow start %v, after the start's blind run; want taken back %v, false, false", rate, start, blindRun, starting, tt.wantTakenBack)
			}
			if tt.wantTakenBack && (floor != start || peak != start) {
				t.Errorf("floor %v, peak %v; want back at %v on the curve", floor, peak, start)
			}
		})
	}
}

// A take-back refused before any attempt sent after it was admitted is
// undone at that throttle: the rate goes back to where the blind run had
// left it, which the service admitted, on the curve it was on, rather than
// down from the rate refused, a blind cut at a time (a bucket with a large
// burst and a low rate, whose burst passed for a window's worth: 50 at
// once, then 2/s, was refused three more times on the way down).
func TestRateLimiterUndoesARefusedTakeBack(t *testing.T) {
	t.Parallel()
	l, clk := onAfterAWave(t, 20, time.Millisecond)
	start := l.rateNow()
	blindCuts(l, clk, 4, 100*time.Millisecond)
	l.mu.Lock()
	runRate, runFloor, runPeak := l.rate, l.floor, l.peak
	l.mu.Unlock()
	clk.Advance(time.Second)
	pacedSucceed(l, clk, 1, 0)
	if rate := l.rateNow(); rate != start {
		t.Fatalf("rate %v after the start's blind run, want taken back to %v", rate, start)
	}
	clk.Advance(10 * time.Millisecond)
	cut(l)
	l.mu.Lock()
	rate, floor, peak := l.rate, l.floor, l.peak
	l.mu.Unlock()
	if rate != runRate || floor != runFloor || peak != runPeak {
		t.Errorf("refused at once, the take-back left rate %v, floor %v, peak %v; want the run's %v, %v, %v", rate, floor, peak, runRate, runFloor, runPeak)
	}
	// And nothing is taken back again until a cut with successes.
	if got, before, after := runTakenBack(l, clk); got {
		t.Errorf("the next run was taken back (%v to %v)", before, after)
	}

	// The same for a run taken back later, to where a cut with successes
	// left the rate (as in takenBackAtOnce).
	l, clk = cutWithARunToTakeBack(t)
	blindCuts(l, clk, 3, 10*time.Millisecond)
	l.mu.Lock()
	runRate = l.rate
	l.mu.Unlock()
	takeBack(t, l, clk)
	clk.Advance(10 * time.Millisecond)
	if rate := cut(l); rate != runRate {
		t.Errorf("refused at once, the take-back to 95/s left the rate at %v, want the run's %v", rate, runRate)
	}
}

// A take-back refused at once goes back to the curve the run had left, its
// kind included: a run cut to the floor with its peak there too probes
// beyond it at once when admitted again (see TestRateLimiterProbesAtOnceFromTheFloor),
// and the start's blind cut grows back by rateStartGrowth a success. Set
// back to a plain curve, the first held the rate at the floor for the
// climb (16 seconds at 0.5/s), and the second climbed the cubic curve.
func TestRateLimiterUndoesARefusedTakeBackOnItsCurve(t *testing.T) {
	t.Parallel()
	t.Run("the floor", func(t *testing.T) {
		t.Parallel()
		l, clk := cutWithARunToTakeBack(t)
		blindCuts(l, clk, 12, 10*time.Millisecond)
		l.mu.Lock()
		rate, peak, flatCut := l.rate, l.peak, l.flatCut
		l.mu.Unlock()
		if rate != rateMin || peak != rateMin || !flatCut {
			t.Fatalf("after the blind run: rate %v, peak %v, flat %v; want the floor, flat", rate, peak, flatCut)
		}
		takeBack(t, l, clk)
		clk.Advance(10 * time.Millisecond)
		if rate := cut(l); rate != rateMin {
			t.Fatalf("refused at once, the take-back left the rate at %v, want the run's %v", rate, rateMin)
		}
		gap := 2 * time.Second // a turn at the floor
		clk.Advance(gap)
		succeed(l, 1)
		x := gap.Seconds() / rateBeyondTime.Seconds()
		if got, want := l.rateNow(), rateMin*(1+rateProbeStep*x*x*x); !approx(got, want) {
			t.Errorf("after a success %v after the take-back was undone: %v, want %v, beyond the flat peak", gap, got, want)
		}
	})
	t.Run("the start's blind cut", func(t *testing.T) {
		t.Parallel()
		l, clk := onAfterAWave(t, 20, time.Millisecond)
		start := l.rateNow()
		blindCuts(l, clk, 1, 10*time.Millisecond) // a quarter, growing back
		runRate := l.rateNow()
		clk.Advance(time.Second)
		pacedSucceed(l, clk, 1, 0)
		if rate := l.rateNow(); rate != start {
			t.Fatalf("rate %v after the start's blind run, want taken back to %v", rate, start)
		}
		clk.Advance(10 * time.Millisecond)
		if rate := cut(l); rate != runRate {
			t.Fatalf("refused at once, the take-back left the rate at %v, want the run's %v", rate, runRate)
		}
		pacedSucceed(l, clk, 1, 10*time.Millisecond)
		if got, want := l.rateNow(), runRate*(1+rateStartGrowth); !approx(got, want) {
			t.Errorf("a success after the take-back was undone: %v, want %v, 10%% up towards %v", got, want, rateStartPeak*start)
		}
	})
}

// A clock that steps back after a take-back leaves the time it was taken
// back at ahead of every attempt sent since, which then never says the
// take-back held: successes at the rate taken back to, and a throttle after
// them set the rate back to where the run had left it, as if refused at once.
func TestRateLimiterTakeBackHeldAfterTheClockStepsBack(t *testing.T) {
	t.Parallel()
	l, clk := takenBackAtOnce(t)
	clk.Advance(-time.Hour)
	pacedSucceed(l, clk, 50, 10*time.Millisecond)
	before := l.rateNow()
	clk.Advance(10 * time.Millisecond)
	if after := cut(l); after < rateCutFar*before {
		t.Errorf("a throttle after 50 successes at the rate taken back to (%v) cut it to %v, want %v or more", before, after, rateCutFar*before)
	}
}

// onAfterAWave returns a limiter turned on by a throttle after a first wave
// of n successes gap apart: a blind run after it may be taken back to the
// starting rate.
func onAfterAWave(t *testing.T, n int, gap time.Duration) (*RateLimiter, *fakeClock) {
	t.Helper()
	l, clk := newTestLimiter()
	for range n {
		clk.Advance(gap)
		l.observe(permit{}, false, true)
	}
	turnOn(t, l)
	return l, clk
}

// takenBackAtOnce returns a limiter that has just taken a blind run back at
// once, to 95/s.
func takenBackAtOnce(t *testing.T) (*RateLimiter, *fakeClock) {
	t.Helper()
	l, clk := cutWithARunToTakeBack(t)
	blindCuts(l, clk, 3, 10*time.Millisecond)
	takeBack(t, l, clk)
	return l, clk
}

// cutWithARunToTakeBack returns a limiter past slow start, cut once after
// 200 successes at 100/s: a blind run from here goes back to 95/s.
func cutWithARunToTakeBack(t *testing.T) (*RateLimiter, *fakeClock) {
	t.Helper()
	l, clk := newTestLimiter()
	turnOn(t, l)
	l.mu.Lock()
	l.starting = false
	l.peak, l.floor = 1000, 100
	l.mu.Unlock()
	setRate(l, 100)
	pacedSucceed(l, clk, 200, 10*time.Millisecond)
	setRate(l, 100)
	cut(l)
	return l, clk
}

// takeBack ends a blind run with a success 100ms after its last cut and
// fails the test unless that took the run back to about 95/s.
func takeBack(t *testing.T, l *RateLimiter, clk *fakeClock) {
	t.Helper()
	clk.Advance(100 * time.Millisecond)
	pacedSucceed(l, clk, 1, 0)
	if rate := l.rateNow(); rate < 90 {
		t.Fatalf("rate %v: the run was not taken back", rate)
	}
}

// runTakenBack runs a blind run like the one takenBackAtOnce took back
// and says whether the success that ends it takes it back too.
func runTakenBack(l *RateLimiter, clk *fakeClock) (bool, float64, float64) {
	blindCuts(l, clk, 3, 10*time.Millisecond)
	clk.Advance(100 * time.Millisecond)
	before := l.rateNow()
	pacedSucceed(l, clk, 1, 0)
	return l.rateNow() > 2*before, before, l.rateNow()
}

// A blind run taken back at once and refused before any attempt sent since
// was admitted says the service did slow down (its limit fell): the next
// blind run is not taken back until a cut with successes says again where
// the rate stands. A take-back the service admitted at, waited for or not,
// does not count as refused.
func TestRateLimiterTakingBackRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// after is what follows the take-back before the throttle.
		after    func(l *RateLimiter, clk *fakeClock)
		wantNext bool // the next run taken back
	}{
		{"refused at the next turn", func(l *RateLimiter, clk *fakeClock) { clk.Advance(10 * time.Millisecond) }, false},
		{"refused after a minute idle", func(l *RateLimiter, clk *fakeClock) { clk.Advance(time.Minute) }, false},
		{"admitted ten times", func(l *RateLimiter, clk *fakeClock) { pacedSucceed(l, clk, 10, 10*time.Millisecond) }, true},
		{"admitted once", func(l *RateLimiter, clk *fakeClock) { pacedSucceed(l, clk, 1, 10*time.Millisecond) }, true},
		{"admitted without waiting", func(l *RateLimiter, clk *fakeClock) {
			for range 5 {
				clk.Advance(20 * time.Millisecond)
				l.observe(permit{epoch: epochNow(l), sent: clk.Now()}, false, true)
			}
		}, true},
		{"an attempt sent before it admitted", func(l *RateLimiter, clk *fakeClock) {
			l.mu.Lock()
			sent := l.tookBackAt.Add(-time.Millisecond)
			l.mu.Unlock()
			clk.Advance(10 * time.Millisecond)
			l.observe(permit{epoch: epochNow(l), waited: true, sent: sent}, false, true)
		}, false},
		{"refused, then a cut with a success", func(l *RateLimiter, clk *fakeClock) {
			clk.Advance(10 * time.Millisecond)
			cut(l)
			pacedSucceed(l, clk, 1, 20*time.Millisecond)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := takenBackAtOnce(t)
			tt.after(l, clk)
			cut(l)
			if got, before, after := runTakenBack(l, clk); got != tt.wantNext {
				t.Errorf("the next run taken back: %v (%v to %v), want %v", got, before, after, tt.wantNext)
			}
		})
	}
}

func TestRecentCounter(t *testing.T) {
	t.Parallel()
	var c recentCounter
	at := time.Date(2025, time.March, 14, 15, 9, 26, 0, time.UTC)
	for i := range 10 {
		c.add(at.Add(time.Duration(i) * 10 * time.Millisecond))
	}
	// Ten within 90ms: over a second at least, not 111/s.
	if got := c.rate(at.Add(100 * time.Millisecond)); !approx(got, 10) {
		t.Errorf("rate %v, want 10/s over the shortest span", got)
	}
	for i := range 150 {
		c.add(at.Add(time.Second + time.Duration(i)*10*time.Millisecond))
	}
	// 160 over 2.5s, of which the last 2s hold 150 + 0.
	if got := c.rate(at.Add(2500 * time.Millisecond)); !approx(got, 75) {
		t.Errorf("rate %v, want 75/s over the last two seconds", got)
	}
	if got := c.rate(at.Add(10 * time.Second)); got != 0 {
		t.Errorf("rate %v long after the last, want 0", got)
	}
	c.add(at.Add(time.Minute))
	if got := c.rate(at.Add(30 * time.Second)); got != 0 {
		t.Errorf("rate %v after the clock stepped back, want 0", got)
	}
}

// recentRate reads the rate admitted to paced attempts of late.
func (l *RateLimiter) recentRate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent.rate(l.now())
}

// Slow start ends with a throttle within a doubling of the service's
// limit, the successes at the rate before showing it admits at least half:
// the climb back to the curve's peak takes rateProbeSuccesses, not the
// longer climb of a high peak, unless a first wave of successes admitted
// close together showed a burst, which may have hidden the limit (and the
// halving's peak be too high to climb to quickly).
func TestRateLimiterClimbsQuicklyAfterSlowStart(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name        string
		successesAt []time.Duration
		wantQuick   bool
	}{
		{name: "no burst seen", successesAt: []time.Duration{0}, wantQuick: true},
		{name: "a first wave admitted together", successesAt: []time.Duration{0, 100 * time.Microsecond, 200 * time.Microsecond}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter()
			first := clk.Now()
			for _, at := range tt.successesAt {
				clk.Advance(first.Add(at).Sub(clk.Now()))
				l.observe(permit{}, false, true)
			}
			turnOn(t, l)
			setRate(l, 1000)
			succeed(l, 5) // at 1,000/s: the clock does not move, so neither does the rate
			if got := cut(l); !approx(got, 500) {
				t.Fatalf("the end of slow start cut 1,000/s to %v, want 500", got)
			}
			peak := math.Sqrt(1000 * 500)
			succeed(l, rateProbeSuccesses)
			got := l.rateNow()
			if tt.wantQuick {
				if !approx(got, peak) {
					t.Fatalf("after %d successes: %v, want the peak, %v", rateProbeSuccesses, got, peak)
				}
				return
			}
			if got > 0.9*peak {
				t.Fatalf("after %d successes: %v, want the slow climb of a high peak, well below %v", rateProbeSuccesses, got, peak)
			}
			succeed(l, int(math.Ceil(climbSuccesses(peak)))-rateProbeSuccesses)
			if got := l.rateNow(); got < peak*(1-1e-4) {
				t.Fatalf("after the climb of %v successes: %v, want the peak, %v", climbSuccesses(peak), got, peak)
			}
		})
	}
}
