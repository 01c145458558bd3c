package emulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTokenBucketThrottles(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, clk := seeded(t, Options{Faults: Faults{RatePerSecond: 2, Burst: 2}})
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=1"
		type step struct {
			advance    time.Duration
			status     int
			retryAfter string
		}
		steps := []step{
			{0, 404, ""}, {0, 404, ""}, // the burst (404: no configuration yet)
			{0, 429, "1"},
			{500 * time.Millisecond, 404, ""}, // one token back
			{0, 429, "1"},
			{2 * time.Second, 404, ""}, {0, 404, ""}, // refilled to the burst, not beyond
			{0, 429, "1"},
		}
		for i, st := range steps {
			clk.Advance(st.advance)
			r := do(t, c, http.MethodGet, url, "")
			checkRequestID(t, r)
			if r.status != st.status || r.header.Get("Retry-After") != st.retryAfter {
				t.Fatalf("step %d: %d Retry-After %q, want %d %q", i, r.status, r.header.Get("Retry-After"), st.status, st.retryAfter)
			}
			if r.status == 429 {
				want := wireError{429, "TooManyRequestsException",
					map[string]any{"Reason": "CallerRateLimitExceeded", "Type": "User", "message": "Rate exceeded"}}
				if d := cmp.Diff(want, asWireError(t, r)); d != "" {
					t.Errorf("step %d (-want +got):\n%s", i, d)
				}
			}
		}

		// A slow bucket tells the caller how long to wait.
		s.SetFaults(Faults{RatePerSecond: 0.2})
		do(t, c, http.MethodGet, url, "")
		if r := do(t, c, http.MethodGet, url, ""); r.status != 429 || r.header.Get("Retry-After") != "5" {
			t.Errorf("slow bucket: %d Retry-After %q, want 429 5", r.status, r.header.Get("Retry-After"))
		}
		clk.Advance(5 * time.Second)
		if r := do(t, c, http.MethodGet, url, ""); r.status == 429 {
			t.Errorf("after waiting Retry-After: still throttled")
		}
	})
}

func TestInjectedServerErrors(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=1"
		s.InjectFaults(FaultServiceError, FaultUnavailable, FaultThrottle)
		want := []wireError{
			{500, "ServiceException", map[string]any{"Type": "Service", "Message": "An internal error occurred. Please try again."}},
			{503, "ServiceUnavailableException", map[string]any{"Type": "Service", "message": "Service Unavailable"}},
			{429, "TooManyRequestsException", map[string]any{"Reason": "CallerRateLimitExceeded", "Type": "User", "message": "Rate exceeded"}},
		}
		for i, w := range want {
			r := do(t, c, http.MethodPut, url, putBody(1))
			checkRequestID(t, r)
			if d := cmp.Diff(w, asWireError(t, r)); d != "" {
				t.Errorf("fault %d (-want +got):\n%s", i, d)
			}
		}
		if _, ok := s.ProvisionedConfig("my-function", "1"); ok {
			t.Error("a refused Put changed the state")
		}
		if r := do(t, c, http.MethodPut, url, putBody(1)); r.status != 202 {
			t.Errorf("after the queue: %d", r.status)
		}
	})
}

func TestRandomFaultsAreDeterministic(t *testing.T) {
	t.Parallel()
	run := func(seed int64) []int {
		s, _ := seeded(t, Options{Seed: seed, Faults: Faults{ServiceErrorRate: 0.3, UnavailableRate: 0.2}})
		c := s.Client()
		var out []int
		for range 40 {
			r := do(t, c, http.MethodGet, "https://x"+pcPathFor("my-function")+"?Qualifier=1", "")
			out = append(out, r.status)
		}
		return out
	}
	a, b := run(7), run(7)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", d)
	}
	counts := map[int]int{}
	for _, st := range a {
		counts[st]++
	}
	if counts[500] == 0 || counts[503] == 0 || counts[404] == 0 {
		t.Errorf("fault mix %v lacks a kind", counts)
	}
	if d := cmp.Diff(a, run(8)); d == "" {
		t.Error("different seeds gave the same faults")
	}
}

func TestRequestIDsAreDeterministic(t *testing.T) {
	t.Parallel()
	ids := func(seed int64) []string {
		s := New(Options{Seed: seed})
		var out []string
		for range 3 {
			r := do(t, s.Client(), http.MethodGet, "https://x/", "")
			out = append(out, r.header.Get("X-Amzn-RequestId"))
		}
		return out
	}
	a := ids(1)
	if d := cmp.Diff(a, ids(1)); d != "" {
		t.Errorf("same seed (-first +second):\n%s", d)
	}
	if a[0] == a[1] || a[0] == ids(2)[0] {
		t.Errorf("ids not distinct: %v", a)
	}
	for _, id := range a {
		if !uuidShape.MatchString(id) {
			t.Errorf("id %q is not UUID-shaped", id)
		}
	}
}

func TestLatencyHonoursContext(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{Faults: Faults{Latency: time.Minute}})
		c, base := m.dial(t, s)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=1", nil)
		start := time.Now()
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatal("request succeeded despite the deadline")
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want context.DeadlineExceeded", err)
		}
		if el := time.Since(start); el > 10*time.Second {
			t.Errorf("took %v, the context was not honoured", el)
		}
		s.SetFaults(Faults{Latency: 20 * time.Millisecond})
		start = time.Now()
		if r := do(t, c, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=1", putBody(1)); r.status != 202 {
			t.Errorf("with small latency: %d", r.status)
		}
		if el := time.Since(start); el < 20*time.Millisecond {
			t.Errorf("answered in %v, before the latency", el)
		}
	})
}

func TestConnectionReset(t *testing.T) {
	t.Parallel()
	t.Run("roundtripper", func(t *testing.T) {
		t.Parallel()
		s, _ := seeded(t, Options{})
		s.InjectFaults(FaultReset)
		req, _ := http.NewRequest(http.MethodPut, "https://x"+pcPathFor("my-function")+"?Qualifier=1", nil)
		resp, err := s.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
			t.Fatal("no error")
		}
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("error %v, want ECONNRESET", err)
		}
	})
	t.Run("handler", func(t *testing.T) {
		t.Parallel()
		s, _ := seeded(t, Options{})
		c, base := modes[0].dial(t, s)
		s.InjectFaults(FaultReset)
		resp, err := c.Get(base + pcPathFor("my-function") + "?Qualifier=1")
		if err == nil {
			resp.Body.Close()
			t.Fatal("no error")
		}
		if r := do(t, c, http.MethodGet, base+pcPathFor("my-function")+"?Qualifier=1", ""); r.status != 404 {
			t.Errorf("next request: %d", r.status)
		}
	})
}

func TestTruncatedBody(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		s.InjectFaults(FaultTruncate)
		resp, err := c.Do(mustRequest(t, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=1", putBody(3)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("read %q, error %v, want io.ErrUnexpectedEOF", b, err)
		}
		if resp.StatusCode != 202 || resp.ContentLength <= int64(len(b)) {
			t.Errorf("status %d, Content-Length %d, read %d bytes", resp.StatusCode, resp.ContentLength, len(b))
		}
		// The operation ran; only the answer was lost.
		if _, ok := s.ProvisionedConfig("my-function", "1"); !ok {
			t.Error("the truncated Put was not applied")
		}
	})
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = stringsReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
