// These tests hold the start gate (startgate.go) on the simulated clock of
// testing/synctest, against services written here: a token bucket, a
// barrier that answers nobody until enough requests are in, and one that
// never answers.

package retry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/provconc/provconc/internal/callbound"
)

// answer builds a response of status to r.
func answer(r *http.Request, status int) *http.Response {
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     http.Header{},
		Body:       io.NopCloser(strings.NewReader("{}")),
		Request:    r,
	}
}

// gateBucket is a token bucket of rate per second holding at most burst
// tokens, full at first, reached one way in half a millisecond.
type gateBucket struct {
	rate  float64
	burst float64

	mu        sync.Mutex
	tokens    float64
	at        time.Time
	requests  int
	throttled int
}

func (b *gateBucket) RoundTrip(r *http.Request) (*http.Response, error) {
	time.Sleep(500 * time.Microsecond)
	b.mu.Lock()
	now := time.Now()
	if b.at.IsZero() {
		b.tokens = b.burst
	} else {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.at).Seconds()*b.rate)
	}
	b.at = now
	b.requests++
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	} else {
		b.throttled++
	}
	b.mu.Unlock()
	time.Sleep(500 * time.Microsecond)
	if !ok {
		return answer(r, http.StatusTooManyRequests), nil
	}
	return answer(r, http.StatusOK), nil
}

// heldUntil returns a service that counts the requests it gets in sent and
// answers each with 200 once release is closed, or fails it when its
// context ends first.
func heldUntil(release <-chan struct{}, sent *atomic.Int32) roundTripFunc {
	return func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
		return answer(r, http.StatusOK), nil
	}
}

// callAll makes calls calls through tr from callers goroutines and returns
// how many failed.
func callAll(t *testing.T, tr http.RoundTripper, callers, calls int) int {
	t.Helper()
	next := make(chan struct{}, calls)
	for range calls {
		next <- struct{}{}
	}
	close(next)
	var (
		failed atomic.Int32
		wg     sync.WaitGroup
	)
	for range callers {
		wg.Go(func() {
			for range next {
				req, _ := http.NewRequest(http.MethodGet, "https://service.test/", nil)
				resp, err := tr.RoundTrip(req)
				if err != nil || resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				if err == nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	return int(failed.Load())
}

// Before the gate, 64 callers starting together on a bucket with a burst of
// one sent 64 attempts at once, and 63 were refused before anything could
// be paced: over a run of 200 calls at 10/s, a quarter of all requests. The
// gate lets two out at first and one more per success, so the first wave
// meets the limit with a few attempts out.
func TestStartGateSparesTheFirstWave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &gateBucket{rate: 10, burst: 1}
		tr := New(b, Options{})
		if failed := callAll(t, tr, 64, 200); failed > 0 {
			t.Errorf("%d calls failed", failed)
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		// The first wave (one or two), the 20/s start and its cuts
		// down to 10/s, and a probe or two above it.
		if b.throttled > 12 {
			t.Errorf("%d of %d requests throttled, want at most 12", b.throttled, b.requests)
		}
	})
}

// A service may hold requests until enough have come (a test's barrier, a
// batching front end): the gate must not wait for answers that wait for
// it. While attempts wait at the gate, the window doubles every gateRamp.
func TestStartGateRampsWithoutAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const want = 64
		var (
			mu      sync.Mutex
			arrived int
			all     = make(chan struct{})
		)
		barrier := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			arrived++
			if arrived == want {
				close(all)
			}
			mu.Unlock()
			<-all
			return answer(r, http.StatusOK), nil
		})
		start := time.Now()
		if failed := callAll(t, New(barrier, Options{}), want, want); failed > 0 {
			t.Errorf("%d calls failed", failed)
		}
		// 2, 4, 8, 16, 32, 64: five doublings.
		if took := time.Since(start); took != 5*gateRamp {
			t.Errorf("%d callers held by a barrier took %v, want %v", want, took, 5*gateRamp)
		}
	})
}

// An attempt whose context ends while it waits at the gate returns the
// context's error, takes no slot and leaves none taken; the attempts out
// give theirs back when they end.
func TestStartGateWaiterLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var sent atomic.Int32
		next := heldUntil(release, &sent)
		tr := New(next, Options{})
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range gateFirstWindow {
			wg.Go(func() {
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://service.test/", nil)
				if resp, err := tr.RoundTrip(req); err == nil {
					resp.Body.Close()
				}
			})
		}
		synctest.Wait()
		errc := make(chan error, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://service.test/", nil)
			_, err := tr.RoundTrip(req)
			errc <- err
		}()
		synctest.Wait()
		if n := sent.Load(); n != gateFirstWindow {
			t.Fatalf("%d attempts sent, want the first window's %d", n, gateFirstWindow)
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("the waiter whose context ended got %v, want context.Canceled", err)
		}
		close(release)
		wg.Wait()
		g := &tr.RateLimiter().gate
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.inflight != 0 || len(g.waiters) != 0 {
			t.Errorf("after every attempt ended: %d slots taken, %d waiting; want none", g.inflight, len(g.waiters))
		}
	})
}

// A client that is never throttled opens the gate for good after
// gateOpenWindow successes, and from then on its callers go out together.
func TestStartGateOpensForAServiceThatAdmits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			time.Sleep(time.Millisecond)
			return answer(r, http.StatusOK), nil
		})
		tr := New(next, Options{})
		if failed := callAll(t, tr, 1, gateOpenWindow); failed > 0 {
			t.Fatalf("%d calls failed", failed)
		}
		if !tr.RateLimiter().gate.open.Load() {
			t.Fatalf("the gate is shut after %d successes", gateOpenWindow)
		}
		start := time.Now()
		if failed := callAll(t, tr, 256, 256); failed > 0 {
			t.Fatalf("%d calls failed", failed)
		}
		if took := time.Since(start); took != time.Millisecond {
			t.Errorf("256 callers took %v once the gate opened, want one round trip", took)
		}
	})
}

// Pacing, once on, replaces the gate: the attempts that waited at it line
// up for turns instead, and the gate lets everything through after.
func TestStartGateOpensWhenPacingBegins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &gateBucket{rate: 100, burst: 1}
		tr := New(b, Options{})
		if failed := callAll(t, tr, 32, 64); failed > 0 {
			t.Errorf("%d calls failed", failed)
		}
		l := tr.RateLimiter()
		if !l.on.Load() || !l.gate.open.Load() {
			t.Errorf("pacing on %v, gate open %v; want both", l.on.Load(), l.gate.open.Load())
		}
		// Opened by the throttle, not widened open by successes or the
		// ramp while the waiters of 32 callers sat at it.
		l.gate.mu.Lock()
		defer l.gate.mu.Unlock()
		if l.gate.window >= gateOpenWindow {
			t.Errorf("the gate opened at a window of %d: widened open, not by the throttle", l.gate.window)
		}
	})
}

// What the gate costs a client whose service admits everything: its first
// callers go out over a few round trips rather than at once, once in its
// life. 256 callers starting together, one call each, finish within the
// round trips it takes the window to double from two to 256 (seven), or,
// when round trips are long, soon after the ramp has let them all out.
func TestStartGateCostsAFewRoundTrips(t *testing.T) {
	for _, rtt := range []time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond} {
		synctest.Test(t, func(t *testing.T) {
			next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				time.Sleep(rtt)
				return answer(r, http.StatusOK), nil
			})
			start := time.Now()
			if failed := callAll(t, New(next, Options{}), 256, 256); failed > 0 {
				t.Fatalf("%d calls failed", failed)
			}
			took := time.Since(start)
			t.Logf("round trip %v: 256 callers took %v", rtt, took)
			if limit := min(8*rtt, 7*gateRamp+rtt); took > limit {
				t.Errorf("round trip %v: 256 callers took %v, want at most %v", rtt, took, limit)
			}
		})
	}
}

// The slot of the attempt whose throttle turns pacing on must not let a
// waiter at the gate out unpaced: the service has just refused, and the
// waiter's attempt would be refused too. It waits for a paced turn, as do
// the others the opening gate lets through.
func TestStartGateThrottleLetsNoWaiterOutUnpaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var (
			mu       sync.Mutex
			arrivals []time.Duration
		)
		next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			n := len(arrivals)
			arrivals = append(arrivals, time.Since(start))
			mu.Unlock()
			switch n {
			case 0: // refused at once: pacing turns on
				time.Sleep(time.Millisecond)
				return answer(r, http.StatusTooManyRequests), nil
			case 1: // slow, so its slot stays taken
				time.Sleep(time.Second)
			}
			return answer(r, http.StatusOK), nil
		})
		tr := New(next, Options{})
		var wg sync.WaitGroup
		call := func() {
			req, _ := http.NewRequest(http.MethodGet, "https://service.test/", nil)
			if resp, err := tr.RoundTrip(req); err == nil {
				resp.Body.Close()
			}
		}
		for range gateFirstWindow {
			wg.Go(call)
		}
		synctest.Wait()
		wg.Go(call) // waits at the gate
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		if len(arrivals) != 4 {
			t.Fatalf("%d requests, want 4", len(arrivals))
		}
		// The throttle came back at 1ms; pacing turned on there, so the
		// next attempt goes a paced interval later, not at once.
		if arrivals[2] <= time.Millisecond {
			t.Errorf("an attempt went out at %v, as the throttle came back (requests at %v)", arrivals[2], arrivals)
		}
	})
}

// Every attempt that takes a slot of the gate gives it back, once, however
// its call ends: answers, errors, a RoundTripper returning neither, a body
// that cannot be rewound for a retry, the caller's context or the call's
// time bound ending while it waits at the gate, in the paced line, before
// a retry or during an attempt, with and without a throttle to open the
// gate, with MaxAttempts left zero or set.
func TestStartGateGivesEverySlotBack(t *testing.T) {
	for seed := range 12 {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			rnd := rand.New(rand.NewPCG(uint64(seed), 1))
			intn := func(n int) int {
				mu.Lock()
				defer mu.Unlock()
				return rnd.IntN(n)
			}
			next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				select {
				case <-time.After(time.Duration(intn(30)) * time.Millisecond):
				case <-r.Context().Done():
					return nil, r.Context().Err()
				}
				switch intn(8) {
				case 0:
					return nil, errors.New("connection reset")
				case 1:
					return nil, nil
				case 2:
					return answer(r, http.StatusInternalServerError), nil
				case 3:
					if seed%2 == 0 {
						return answer(r, http.StatusTooManyRequests), nil
					}
				}
				return answer(r, http.StatusOK), nil
			})
			opts := Options{}
			if seed%3 == 0 {
				opts.MaxAttempts = 4
			}
			tr := New(next, opts)
			var wg sync.WaitGroup
			for i := range 200 {
				wg.Go(func() {
					ctx := context.Background()
					switch intn(4) {
					case 0:
						var cancel context.CancelFunc
						ctx, cancel = context.WithTimeout(ctx, time.Duration(intn(60))*time.Millisecond)
						defer cancel()
					case 1:
						ctx, _ = callbound.With(ctx, time.Duration(1+intn(40))*time.Millisecond, errors.New("call bound"))
					}
					req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://service.test/", nil)
					if i%5 == 0 {
						req.Body = io.NopCloser(strings.NewReader("x"))
						rewinds := 0
						req.GetBody = func() (io.ReadCloser, error) {
							if rewinds++; rewinds%2 == 1 {
								return nil, errors.New("no rewind")
							}
							return io.NopCloser(strings.NewReader("x")), nil
						}
					}
					if resp, err := tr.RoundTrip(req); err == nil {
						resp.Body.Close()
					}
				})
			}
			wg.Wait()
			g := &tr.RateLimiter().gate
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.inflight != 0 || len(g.waiters) != 0 {
				t.Errorf("seed %d: after every call ended, %d slots taken and %d waiting; want none", seed, g.inflight, len(g.waiters))
			}
		})
	}
}

// Callers whose deadlines are shorter than gateRamp, behind attempts that
// take long, each leave before a ramp; the window still doubles for the
// time it has been full, so a later one gets through.
func TestStartGateRampsForShortDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var sent atomic.Int32
		next := heldUntil(release, &sent)
		tr := New(next, Options{})
		var wg sync.WaitGroup
		for range gateFirstWindow {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodGet, "https://service.test/", nil)
				if resp, err := tr.RoundTrip(req); err == nil {
					resp.Body.Close()
				}
			})
		}
		synctest.Wait()
		// One caller every 25ms, each giving up after 10ms, for 250ms:
		// none is waiting when gateRamp has passed since it came.
		for range 10 {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
				defer cancel()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://service.test/", nil)
				if resp, err := tr.RoundTrip(req); err == nil {
					resp.Body.Close()
				}
			})
			time.Sleep(25 * time.Millisecond)
		}
		if n := sent.Load(); n <= gateFirstWindow {
			t.Errorf("%d attempts sent in 250ms behind %d that hang, want callers with 10ms deadlines let through as the window doubles", n, gateFirstWindow)
		}
		close(release)
		wg.Wait()
	})
}
