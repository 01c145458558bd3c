// This file checks, in well under a second, that every implementation the
// benchmarks compare works and agrees, so `go test ./...` catches a broken
// benchmark without running any.

package bench

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/provconc/provconc/transport/emulator"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	t.Run("Get", func(t *testing.T) {
		for _, srv := range []string{serve(t, fixedGetHandler()).URL, serve(t, newEmulator(t, emulator.Options{})).URL} {
			for _, impl := range getImpls(t, srv, nil) {
				if n, err := impl.get(ctx); err != nil || n != 100 {
					t.Errorf("%s against %s: (%d, %v), want 100", impl.name, srv, n, err)
				}
			}
		}
		for _, impl := range getImpls(t, "http://lambda.test", memoryTransport{}) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s in memory: (%d, %v), want 100", impl.name, n, err)
			}
		}
	})
	t.Run("SCFGet", func(t *testing.T) {
		srv := serve(t, fixedSCFHandler())
		for _, impl := range scfImpls(t, srv.URL, nil) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s: (%d, %v), want 100", impl.name, n, err)
			}
		}
		for _, impl := range scfImpls(t, "http://scf.test", memorySCFTransport{}) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s in memory: (%d, %v), want 100", impl.name, n, err)
			}
		}
	})
	t.Run("ListAll", func(t *testing.T) {
		const configs = 3*listPageSize + 7
		emu := emulator.New(emulator.Options{})
		if err := emu.CreateFunction(functionName); err != nil {
			t.Fatal(err)
		}
		seedConfigs(t, emu, configs, 1)
		srv := serve(t, emu)
		for _, impl := range append(walkImpls(t, srv.URL, nil), struct {
			name string
			walk walkFunc
		}{"collect", newCollectWalk(t, srv.URL)}) {
			pages := 0
			n, err := impl.walk(ctx, func() { pages++ })
			if err != nil || n != configs || pages != 4 {
				t.Errorf("%s: %d configs in %d pages, %v; want %d in 4", impl.name, n, pages, err, configs)
			}
		}
	})
}

// TestSmokeTokenBucket checks that the throttling benchmark's bucket refuses
// as each cloud does and that provconc gets through it.
func TestSmokeTokenBucket(t *testing.T) {
	for _, scf := range []bool{false, true} {
		shape := throttleShape{rate: 1, burst: 1, calls: 2, retryAfter: retryAfterCeil, scf: scf}
		next := fixedGetHandler()
		if scf {
			next = fixedSCFHandler()
		}
		h := newTokenBucketHandler(shape, next)
		srv := serve(t, h)
		var statuses []int
		var bodies []string
		for range 2 {
			resp, err := http.Post(srv.URL, "application/json", strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses = append(statuses, resp.StatusCode)
			bodies = append(bodies, string(b))
			if len(statuses) == 2 && resp.Header.Get("Retry-After") != "1" {
				t.Errorf("scf=%v: Retry-After %q on the refusal, want 1", scf, resp.Header.Get("Retry-After"))
			}
		}
		switch {
		case !scf && (statuses[0] != 200 || statuses[1] != 429 || !strings.Contains(bodies[1], "CallerRateLimitExceeded")):
			t.Errorf("lambda: %v %q, want 200 then a 429 TooManyRequestsException", statuses, bodies)
		case scf && (statuses[1] != 200 || !strings.Contains(bodies[1], `"Code":"RequestLimitExceeded"`)):
			t.Errorf("scf: %v %q, want a 200 carrying RequestLimitExceeded", statuses, bodies)
		}
		if h.requests.Load() != 2 || h.throttled.Load() != 1 {
			t.Errorf("scf=%v: counted %d requests, %d throttled; want 2, 1", scf, h.requests.Load(), h.throttled.Load())
		}
	}
	// provconc gets 20 calls through a bucket of a burst of one at 100/s
	// from 8 goroutines, throttled on the way.
	shape := throttleShape{rate: 100, burst: 1, callers: 8, calls: 20}
	h := newTokenBucketHandler(shape, fixedGetHandler())
	srv := serve(t, h)
	run := runThrottledShape([]getFunc{newProvconcGet(t, srv.URL, nil)}, shape)
	if run.failed != 0 || h.throttled.Load() == 0 {
		t.Errorf("%d calls failed (%v), %d throttled; want none failed and some throttled", run.failed, run.firstErr, h.throttled.Load())
	}
}
