// These tests drive the RateLimiter on a fake clock whose Sleep advances
// time, so every turn and every rate is exact.

package retry

import (
	"context"
	"errors"
	"math"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
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

// turnOn turns l on with two calls under way, one of them throttled.
func turnOn(t *testing.T, l *RateLimiter) {
	t.Helper()
	l.begin()
	l.begin()
	var caller uint64
	l.observe(permit{}, &caller, true, true)
	l.end()
	l.end()
	if _, on := l.Rate(); !on {
		t.Fatal("the limiter did not turn on")
	}
}

// mustWait takes a turn or fails the test.
func mustWait(t *testing.T, l *RateLimiter) permit {
	t.Helper()
	p, err := l.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

func TestRateLimiterOffForOneCallsRetries(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	var caller uint64
	l.begin()
	for range 5 {
		l.observe(permit{}, &caller, true, true)
		clk.Advance(10 * time.Millisecond)
	}
	l.end()
	if rate, on := l.Rate(); on {
		t.Fatalf("one call's throttles turned the limiter on at %v", rate)
	}
	// Off, it lets every attempt through at once.
	for range 3 {
		if p := mustWait(t, l); p != (permit{}) {
			t.Fatalf("permit %+v while off", p)
		}
	}
	if len(clk.sleeps) != 0 {
		t.Fatalf("slept %v while off", clk.sleeps)
	}
}

func TestRateLimiterTurnsOn(t *testing.T) {
	t.Parallel()
	t.Run("another call under way", func(t *testing.T) {
		t.Parallel()
		l, _ := newTestLimiter()
		turnOn(t, l)
	})
	t.Run("another call throttled within a second", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		var a, b uint64
		l.begin()
		l.observe(permit{}, &a, true, true)
		l.end()
		clk.Advance(900 * time.Millisecond)
		l.begin()
		l.observe(permit{}, &b, true, true)
		l.end()
		if _, on := l.Rate(); !on {
			t.Fatal("two calls throttled 900ms apart left the limiter off")
		}
	})
	t.Run("not when the other throttle is older", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		var a, b uint64
		l.observe(permit{}, &a, true, true)
		clk.Advance(1100 * time.Millisecond)
		l.observe(permit{}, &b, true, true)
		if _, on := l.Rate(); on {
			t.Fatal("two calls throttled 1.1s apart turned the limiter on")
		}
	})
}

func TestRateLimiterStartsAtRecentSuccessRate(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	var none uint64
	// 30 successes 5ms apart: the meter's two slots hold the last 150ms.
	for range 30 {
		l.observe(permit{}, &none, false, true)
		clk.Advance(5 * time.Millisecond)
	}
	// The current slot began 50ms ago and holds 10 successes, the previous
	// one 20: 30 over the last 150ms.
	turnOn(t, l)
	rate, _ := l.Rate()
	if want := 30 / 0.15; !approx(rate, want) {
		t.Fatalf("starting rate %v, want %v", rate, want)
	}
}

func TestRateLimiterStartsAtLeastAtOnePerSecond(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter()
	turnOn(t, l)
	if rate, _ := l.Rate(); rate != rateMinStart {
		t.Fatalf("starting rate %v with no successes, want %v", rate, rateMinStart)
	}
}

func TestRateLimiterPacesTurns(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	var none uint64
	for range 20 {
		l.observe(permit{}, &none, false, true)
		clk.Advance(10 * time.Millisecond)
	}
	turnOn(t, l)
	rate, _ := l.Rate() // 20 successes over 200ms: 100/s
	interval := time.Duration(float64(time.Second) / rate)
	start := clk.Now()
	for i := 1; i <= 5; i++ {
		p := mustWait(t, l)
		if !p.waited || p.epoch != 1 {
			t.Fatalf("turn %d: permit %+v, want a wait in epoch 1", i, p)
		}
		// Each turn is one interval after the previous one; the first one
		// interval after turning on, as the service's bucket is empty then.
		if got, want := clk.Now().Sub(start), time.Duration(i)*interval; got != want {
			t.Fatalf("turn %d at %v, want %v", i, got, want)
		}
	}
	// The interval (10ms) is below the recheck period: one sleep per turn.
	if len(clk.sleeps) != 5 {
		t.Fatalf("sleeps %v, want 5", clk.sleeps)
	}
}

func TestRateLimiterLongWaitsLookAgain(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l) // 1/s
	mustWait(t, l)
	want := []time.Duration{}
	for range 50 {
		want = append(want, rateRecheck)
	}
	if len(clk.sleeps) != len(want) {
		t.Fatalf("%d sleeps, want %d of %v", len(clk.sleeps), len(want), rateRecheck)
	}
	for i, d := range clk.sleeps {
		if d != want[i] {
			t.Fatalf("sleep %d = %v, want %v", i, d, want[i])
		}
	}
}

func TestRateLimiterSlowStartDoubles(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter()
	turnOn(t, l)
	before, _ := l.Rate()
	var caller uint64
	for range 10 {
		p := mustWait(t, l)
		l.observe(p, &caller, false, true)
	}
	after, _ := l.Rate()
	if want := before + 10*math.Ln2/rateSlowStartDoubling.Seconds(); !approx(after, want) {
		t.Fatalf("rate after 10 waited successes %v, want %v", after, want)
	}
}

func TestRateLimiterCutToMeasuredRate(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	var caller uint64
	// Raise the rate to well above 100/s, as a slow start would.
	l.mu.Lock()
	l.rate = 400
	l.mu.Unlock()
	// 40 successes come back over the next 200ms: the service admits 200/s.
	var last permit
	for range 40 {
		clk.Advance(5 * time.Millisecond)
		last = permit{epoch: 1}
		l.observe(last, &caller, false, true)
	}
	l.observe(last, &caller, true, true)
	rate, _ := l.Rate()
	if want := 200 * (1 - rateMargin); !approx(rate, want) {
		t.Fatalf("rate after the cut %v, want %v", rate, want)
	}
	l.mu.Lock()
	starting, epoch := l.starting, l.epoch
	l.mu.Unlock()
	if starting || epoch != 2 {
		t.Fatalf("after the cut: starting %v, epoch %d; want false, 2", starting, epoch)
	}
	// A throttle of an attempt sent before the cut does not cut again.
	l.observe(last, &caller, true, true)
	if again, _ := l.Rate(); again != rate {
		t.Fatalf("a stale throttle moved the rate from %v to %v", rate, again)
	}
	// Successes of waited attempts then raise it by slope per second.
	p := mustWait(t, l)
	l.observe(p, &caller, false, true)
	slope := rate * rateMargin / rateRecovery.Seconds()
	if got, want := l.rateNow(), rate+slope/rate; !approx(got, want) {
		t.Fatalf("rate after a success %v, want %v", got, want)
	}
}

func TestRateLimiterBlindCutHalves(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// successes, and the time between them, before the throttle.
		successes int
		gap       time.Duration
		// idle is a pause before the throttle that leaves the line empty.
		idle time.Duration
	}{
		{"too short a span", 40, time.Millisecond, 0},
		{"too few successes", 5, 50 * time.Millisecond, 0},
		{"the line ran empty", 40, 5 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter()
			turnOn(t, l)
			l.mu.Lock()
			l.rate = 400
			l.mu.Unlock()
			var caller uint64
			for range tt.successes {
				clk.Advance(tt.gap)
				l.observe(permit{epoch: 1}, &caller, false, true)
			}
			p := permit{epoch: 1}
			if tt.idle > 0 {
				clk.Advance(tt.idle)
				p = mustWait(t, l)
			}
			l.observe(p, &caller, true, true)
			if rate, _ := l.Rate(); rate != 400*rateCut {
				t.Fatalf("rate after the cut %v, want %v", rate, 400*rateCut)
			}
			l.mu.Lock()
			starting := l.starting
			l.mu.Unlock()
			if !starting {
				t.Fatal("a blind cut did not start again")
			}
		})
	}
}

func TestRateLimiterRateFloor(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter()
	turnOn(t, l)
	var caller uint64
	for range 10 {
		l.mu.Lock()
		epoch := l.epoch
		l.mu.Unlock()
		l.observe(permit{epoch: epoch}, &caller, true, true)
	}
	if rate, _ := l.Rate(); rate != rateMin {
		t.Fatalf("rate after ten blind cuts %v, want the floor %v", rate, rateMin)
	}
}

func TestRateLimiterWaitHonoursContext(t *testing.T) {
	t.Parallel()
	t.Run("deadline before the turn", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l) // 1/s: the first turn is a second away
		ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(500*time.Millisecond))
		defer cancel()
		_, err := l.wait(ctx)
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
		if _, err := l.wait(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("wait = %v, want context.Canceled", err)
		}
	})
	t.Run("canceled at the head", func(t *testing.T) {
		t.Parallel()
		l, clk := newTestLimiter()
		turnOn(t, l)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := l.wait(ctx); !errors.Is(err, context.Canceled) {
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
			var caller uint64
			l.begin()
			defer l.end()
			for i := range 50 {
				p, err := l.wait(context.Background())
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
				l.observe(p, &caller, (g+i)%7 == 0, true)
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

// A clock that steps back neither panics the limiter nor makes a caller
// wait out the step.
func TestRateLimiterClockSteppingBack(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter()
	turnOn(t, l)
	var caller uint64
	l.mu.Lock()
	l.rate = 400
	l.mu.Unlock()
	// A measured cut, then the clock goes back 10 s.
	for range 20 {
		clk.Advance(5 * time.Millisecond)
		l.observe(permit{epoch: 1}, &caller, false, true)
	}
	l.observe(permit{epoch: 1}, &caller, true, true)
	clk.Advance(-10 * time.Second)
	before := len(clk.sleeps)
	p := mustWait(t, l)
	l.observe(p, &caller, false, true) // computes the climb since the cut
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
	turnOn(t, l) // 1/s
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
	// The 429 cuts the rate to its floor, 0.5/s: the next turn is 2 s on.
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
