package provconc

import (
	"strconv"
	"strings"
	"testing"
)

// feed gives g the markers of a walk, from a start through a tail into a
// loop: tail distinct markers, then a loop of lambda markers repeated for
// ever. It returns the index of the marker the guard called repeated, or -1
// after limit markers.
func feed(g *markerGuard, prefix string, tail, lambda, limit int) int {
	for i := 0; i < limit; i++ {
		n := i
		if n >= tail+lambda {
			n = tail + (n-tail)%lambda
		}
		if g.repeated(prefix + strconv.Itoa(n)) {
			return i
		}
	}
	return -1
}

// While the set holds every digest, a loop of any length is caught at its
// first repeat.
func TestMarkerGuardCatchesLoopsAtTheFirstRepeat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ tail, lambda int }{
		{0, 1}, {5, 1}, {0, 2}, {3, 2}, {10, 1000}, {1, markerGuardExact - 1},
	} {
		var g markerGuard
		if got, want := feed(&g, "m", tc.tail, tc.lambda, 10*markerGuardExact), tc.tail+tc.lambda; got != want {
			t.Errorf("tail %d, loop of %d: repeat reported at marker %d, want %d", tc.tail, tc.lambda, got, want)
		}
	}
}

// Past the cap the set stops growing, and a loop is still caught: at once
// when it leads back into the set, within Brent's bound when it is made of
// later markers only.
func TestMarkerGuardStaysBoundedAndStillCatchesLoops(t *testing.T) {
	t.Parallel()
	var g markerGuard
	if got := feed(&g, "distinct-", 100_000, 1, 100_000); got != -1 {
		t.Fatalf("100000 distinct markers: repeat reported at %d", got)
	}
	if len(g.set) != markerGuardExact {
		t.Errorf("after 100000 markers the guard holds %d digests, want %d", len(g.set), markerGuardExact)
	}
	// Back to a marker of the set: caught on the spot.
	if !g.repeated("distinct-17") {
		t.Error("a marker of the first pages, seen again late, was not caught")
	}

	for _, tc := range []struct{ tail, lambda int }{
		{markerGuardExact, 1}, {markerGuardExact, 2}, {markerGuardExact + 10, 3},
		{markerGuardExact + 900, 700}, {markerGuardExact, 5000}, {3 * markerGuardExact, 123},
	} {
		var g markerGuard
		got := feed(&g, "m", tc.tail, tc.lambda, 100*markerGuardExact)
		after := tc.tail - markerGuardExact // markers past the cap before the loop
		bound := markerGuardExact + 2*max(tc.lambda, after+2) + tc.lambda
		if got < tc.tail+tc.lambda || got > bound {
			t.Errorf("tail %d, loop of %d past the cap: repeat reported at marker %d, want within [%d, %d]",
				tc.tail, tc.lambda, got, tc.tail+tc.lambda, bound)
		}
		if len(g.set) != markerGuardExact {
			t.Errorf("tail %d, loop of %d: guard holds %d digests, want %d", tc.tail, tc.lambda, len(g.set), markerGuardExact)
		}
	}
}

// The guard keeps digests, not markers: its size does not depend on the
// markers' length.
func TestMarkerGuardKeepsNoMarker(t *testing.T) {
	t.Parallel()
	var g markerGuard
	long := strings.Repeat("x", 32<<10)
	for i := range 10 {
		g.repeated(long + strconv.Itoa(i))
	}
	if len(g.set) != 10 {
		t.Fatalf("guard holds %d digests, want 10", len(g.set))
	}
	var _ map[uint64]struct{} = g.set // fixed-size keys, by type
}
