package callbound

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errCallTimeout = errors.New("call timed out")

// The bound starts at the first turn and only again when told to; a restart
// ends the bound before it, and the context a bound call runs under carries
// no bound for a transport further down to find.
func TestStartCountsFromTheFirstTurnAndRestartsWhenTold(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, b := With(context.Background(), time.Minute, errCallTimeout)
		if From(parent) != b {
			t.Fatal("From does not find the bound With put there")
		}
		if b.Context() != nil {
			t.Fatal("a bound not yet started has a context")
		}

		time.Sleep(10 * time.Second) // in line for the first turn
		first := b.Start(parent, false)
		wantDeadline(t, first, time.Minute)
		if From(first) != nil || From(parent) != nil {
			t.Error("a started bound is still found")
		}
		if again := b.Start(parent, false); again != first || b.Context() != first {
			t.Error("a second turn started the bound again")
		}

		time.Sleep(20 * time.Second) // in line for the first paced turn
		restarted := b.Start(parent, true)
		if !errors.Is(first.Err(), context.Canceled) {
			t.Errorf("the bound before the restart is not ended: %v", first.Err())
		}
		wantDeadline(t, restarted, time.Minute)
		if restarted.Err() != nil || b.Context() != restarted || From(restarted) != nil {
			t.Fatal("the restart did not start a fresh bound without the bound in it")
		}
		if again := b.Start(parent, false); again != restarted {
			t.Error("a turn after the restart started the bound again")
		}

		time.Sleep(time.Minute)
		synctest.Wait()
		if !errors.Is(context.Cause(restarted), errCallTimeout) {
			t.Errorf("cause = %v, want the bound's", context.Cause(restarted))
		}
		b.Stop()
	})
}

// A caller's nearer deadline and a zero limit leave the deadline as it is
// (the bound still hidden from transports further down); a nil bound
// leaves the context alone.
func TestStartLeavesNearerDeadlinesAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		near, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for name, limit := range map[string]time.Duration{
			"nearer deadline": time.Minute,
			"zero limit":      0,
		} {
			parent, b := With(near, limit, errCallTimeout)
			got := b.Start(parent, false)
			if deadline, _ := got.Deadline(); !deadline.Equal(time.Now().Add(time.Second)) {
				t.Errorf("%s: deadline %v, want the caller's", name, deadline)
			}
			if From(got) != nil || b.Context() != got {
				t.Errorf("%s: the call's context carries the bound", name)
			}
			cancel()
			if got.Err() == nil {
				t.Errorf("%s: the caller's cancellation does not reach the call", name)
			}
			b.Stop()
		}
		var absent *Bound
		if got := absent.Start(near, true); got != near || absent.Context() != nil {
			t.Error("a nil bound changed the context")
		}
		absent.Stop()
	})
}

func TestWithin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := Within(context.Background(), time.Second, errCallTimeout)
		if cancel == nil {
			t.Fatal("no bound set")
		}
		defer cancel()
		wantDeadline(t, ctx, time.Second)
		if same, c := Within(ctx, 2*time.Second, errCallTimeout); same != ctx || c != nil {
			t.Error("a bound later than the context's deadline was set")
		}
		if same, c := Within(ctx, 0, errCallTimeout); same != ctx || c != nil {
			t.Error("a zero bound was set")
		}
	})
}

// wantDeadline checks that ctx ends d from now (the simulated clock).
func wantDeadline(t *testing.T, ctx context.Context, d time.Duration) {
	t.Helper()
	deadline, ok := ctx.Deadline()
	if !ok || !deadline.Equal(time.Now().Add(d)) {
		t.Errorf("deadline %v (set %v), want %v from now", deadline, ok, d)
	}
}
