package callbound

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errCallTimeout = errors.New("call timed out")

// The bound starts at the first turn, once more at the first paced turn,
// and never again; the context it ends has the bound's cause.
func TestStartCountsFromTheFirstTurnAndTheFirstPacedOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent := context.Background()
		b := New(time.Minute, errCallTimeout)
		if From(With(parent, b)) != b {
			t.Fatal("From does not find the bound With put there")
		}
		if b.Context() != nil {
			t.Fatal("a bound not yet started has a context")
		}

		time.Sleep(10 * time.Second) // in line for the first turn
		unpaced := b.Start(parent, false)
		wantDeadline(t, unpaced, time.Minute)
		if again := b.Start(parent, false); again != unpaced {
			t.Error("a second unpaced turn started the bound again")
		}

		time.Sleep(2 * time.Minute) // in line for the first paced turn
		synctest.Wait()
		if unpaced.Err() == nil {
			t.Error("the bound of the unpaced turn did not end")
		}
		paced := b.Start(parent, true)
		wantDeadline(t, paced, time.Minute)
		if paced.Err() != nil || b.Context() != paced {
			t.Fatal("the first paced turn did not start a fresh bound")
		}
		if again := b.Start(parent, true); again != paced {
			t.Error("a second paced turn started the bound again")
		}
		if again := b.Start(parent, false); again != paced {
			t.Error("an unpaced turn after a paced one started the bound again")
		}

		time.Sleep(time.Minute)
		synctest.Wait()
		if !errors.Is(context.Cause(paced), errCallTimeout) {
			t.Errorf("cause = %v, want the bound's", context.Cause(paced))
		}
		b.Stop()
	})
}

// A caller's nearer deadline, no limit, and no bound at all leave the
// context as it is.
func TestStartLeavesNearerDeadlinesAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		near, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		b := New(time.Minute, errCallTimeout)
		if got := b.Start(near, false); got != near || b.Context() != nil {
			t.Error("a bound later than the caller's deadline was set")
		}
		if got := b.Start(near, true); got != near || b.Context() != nil {
			t.Error("a bound later than the caller's deadline was set at the paced turn")
		}
		b.Stop()

		none := New(0, errCallTimeout)
		if got := none.Start(near, true); got != near || none.Context() != nil {
			t.Error("a zero limit bounded the call")
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
