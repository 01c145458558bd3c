// This file holds the start gate: the window a RateLimiter keeps, before
// the service first throttles, on how many attempts are out at once (see
// "The first wave" in the package doc).

package retry

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of the start gate.
const (
	// gateFirstWindow is how many attempts a client has out at once
	// before any has been admitted.
	gateFirstWindow = 2
	// gateOpenWindow is the window at which the gate opens for good,
	// widened by successes or doubled by the ramp: a client that far
	// into its life without a throttle has found a service that admits
	// its callers.
	gateOpenWindow = 512
	// gateRamp is how often the window doubles while it is full and
	// attempts come to the gate, whether or not answers widen it too: a
	// service slow to answer, or one that holds requests until enough
	// have come, still gets them all within a few of these. It also
	// bounds what the gate holds back: with round trips of several of
	// these, the window has let the first wave out before the first
	// answer comes.
	gateRamp = 20 * time.Millisecond
)

// startGate holds back the first wave of a client that has not been
// throttled yet: at most window attempts are out at once, each answer that
// is not a throttle widens the window by one (doubling it each round trip,
// as TCP's slow start does), and it doubles for every gateRamp it stays
// full while attempts come to it, until a throttle turns pacing on or the
// window reaches gateOpenWindow. Either opens the gate for good.
type startGate struct {
	open atomic.Bool

	mu       sync.Mutex
	inflight int
	window   int
	waiters  []*gateWaiter
	// fullSince is when an attempt came to the gate and found the window
	// full, since which (or since the last doubling) it has stayed full.
	fullSince time.Time
	// ramp wakes the waiters to double the window every gateRamp.
	ramp *time.Timer
}

// gateWaiter is an attempt waiting at the gate; ch is closed when it is
// let through, granted saying whether it took a slot (false: the gate
// opened).
type gateWaiter struct {
	ch      chan struct{}
	granted bool
}

// enter waits until the attempt may go. gated says it took a slot, which
// release must give back when the attempt ends; false with a nil error
// says the gate is open.
func (g *startGate) enter(ctx context.Context) (gated bool, err error) {
	if g.open.Load() {
		return false, nil
	}
	g.mu.Lock()
	if g.open.Load() {
		g.mu.Unlock()
		return false, nil
	}
	// The window doubles for the time it has been full, so that callers
	// that each wait less than gateRamp (short deadlines) behind attempts
	// that take long still widen it.
	if g.rampLocked(time.Now()) {
		g.mu.Unlock()
		return false, nil
	}
	if g.inflight < g.window && len(g.waiters) == 0 {
		g.inflight++
		g.mu.Unlock()
		return true, nil
	}
	w := &gateWaiter{ch: make(chan struct{})}
	g.waiters = append(g.waiters, w)
	if g.ramp == nil {
		g.ramp = time.AfterFunc(gateRamp, g.rampUp)
	}
	g.mu.Unlock()
	select {
	case <-w.ch:
		return w.granted, nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-w.ch:
		if w.granted {
			g.inflight--
			g.grantLocked()
		}
	default:
		for i, x := range g.waiters {
			if x == w {
				g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
				break
			}
		}
	}
	return false, ctx.Err()
}

// release gives back the slot of an attempt that ended.
func (g *startGate) release() {
	g.mu.Lock()
	g.inflight--
	g.grantLocked()
	g.mu.Unlock()
}

// admitted widens the window for an attempt the service admitted.
func (g *startGate) admitted() {
	if g.open.Load() {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.window++
	if g.window >= gateOpenWindow {
		g.openLocked()
		return
	}
	g.grantLocked()
}

// openGate opens the gate for good, letting every waiter through.
func (g *startGate) openGate() {
	if g.open.Load() {
		return
	}
	g.mu.Lock()
	g.openLocked()
	g.mu.Unlock()
}

// openLocked opens the gate; the caller holds g.mu.
func (g *startGate) openLocked() {
	g.open.Store(true)
	for _, w := range g.waiters {
		close(w.ch)
	}
	g.waiters = nil
}

// rampUp wakes the waiters gateRamp after one queued: the window doubles
// for the time it has stayed full, and it looks again after as long while
// any still wait.
func (g *startGate) rampUp() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ramp = nil
	if g.open.Load() || len(g.waiters) == 0 {
		return
	}
	if g.rampLocked(time.Now()) {
		return
	}
	g.grantLocked()
	if len(g.waiters) > 0 {
		g.ramp = time.AfterFunc(gateRamp, g.rampUp)
	}
}

// rampLocked doubles the window once for every gateRamp it has been full
// (as attempts coming to it found), and says whether that opened the gate;
// the caller holds g.mu.
func (g *startGate) rampLocked(now time.Time) (opened bool) {
	if g.inflight < g.window {
		g.fullSince = time.Time{}
		return false
	}
	if g.fullSince.IsZero() || now.Before(g.fullSince) {
		g.fullSince = now
		return false
	}
	for ; now.Sub(g.fullSince) >= gateRamp; g.fullSince = g.fullSince.Add(gateRamp) {
		g.window *= 2
		if g.window >= gateOpenWindow {
			g.openLocked()
			return true
		}
	}
	return false
}

// grantLocked lets waiters through, in order, while the window has room;
// the caller holds g.mu.
func (g *startGate) grantLocked() {
	for len(g.waiters) > 0 && g.inflight < g.window && !g.open.Load() {
		w := g.waiters[0]
		g.waiters = g.waiters[1:]
		g.inflight++
		w.granted = true
		close(w.ch)
	}
}
