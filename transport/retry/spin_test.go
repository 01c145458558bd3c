//go:build go1.25

package retry

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestSpinUntilReachesTheTime(t *testing.T) {
	t.Parallel()
	at := time.Now().Add(300 * time.Microsecond)
	if err := spinUntil(context.Background(), at); err != nil {
		t.Fatalf("spinUntil: %v", err)
	}
	if now := time.Now(); now.Before(at) {
		t.Fatalf("spinUntil returned %v before the time it was given", at.Sub(now))
	}
}

func TestSpinUntilEndsWithTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := spinUntil(ctx, time.Now().Add(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Fatalf("spinUntil with a canceled context: %v, want context.Canceled", err)
	}
}

// In a synctest bubble time stands still while a goroutine runs: spinning
// would never end, so spinUntil must say so and the limiter sleep instead.
func TestSpinUntilGivesUpOnAFrozenClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if err := spinUntil(context.Background(), time.Now().Add(time.Millisecond)); !errors.Is(err, errFrozenClock) {
			t.Fatalf("spinUntil on a frozen clock: %v, want errFrozenClock", err)
		}
	})
}

// pacingAt returns a limiter on the real clock and sleep (the simulated
// ones inside a synctest bubble), pacing at rate.
func pacingAt(rate float64) *RateLimiter {
	l := NewRateLimiter(RateLimiterOptions{})
	l.mu.Lock()
	defer l.mu.Unlock()
	l.startLocked(time.Now())
	l.rate = rate
	return l
}

// A limiter on the real clock paces a high rate by spinning through the
// last millisecond of each wait, and still ends every wait at or after the
// turn it waited for; on the simulated clock it sleeps (the goodput tests
// run it there at 1,000/s).
func TestRateLimiterPacesHighRatesOnTheRealClock(t *testing.T) {
	t.Parallel()
	l := pacingAt(2000)
	if !l.precise {
		t.Fatal("a limiter on the real clock and sleep does not spin")
	}
	ctx := context.Background()
	for range 20 {
		next, _ := l.nextTurn()
		if _, err := l.wait(ctx, false); err != nil {
			t.Fatal(err)
		}
		if now := time.Now(); now.Before(next) {
			t.Fatalf("a turn taken %v before it was due", next.Sub(now))
		}
	}
	if NewRateLimiter(RateLimiterOptions{Now: time.Now}).precise {
		t.Fatal("a limiter on an injected clock spins")
	}
}

// A limiter whose spin finds the clock standing still stops spinning: under
// synctest, and where the clock moves in coarse ticks (Windows), its waits
// only sleep, and still end on time.
func TestRateLimiterStopsSpinningOnAFrozenClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := pacingAt(2000)
		start := time.Now()
		for range 10 {
			if _, err := l.wait(context.Background(), false); err != nil {
				t.Fatal(err)
			}
		}
		if !l.coarseClock.Load() {
			t.Fatal("the limiter still spins after its clock stood still")
		}
		// Ten turns at 2,000/s, the first half an interval after the start:
		// simulated time moved with the sleeps.
		if got := time.Since(start); got < 4500*time.Microsecond {
			t.Fatalf("ten turns at 2,000/s took %v of simulated time, want at least 4.5ms", got)
		}
	})
}
