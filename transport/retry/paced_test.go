// These tests check how the Transport treats throttles while its
// RateLimiter paces it: retried as long as the context allows, outside a
// default attempt limit (inside one the caller set) and the retry budget,
// after the part of Retry-After beyond its one-second resolution (all of it
// for a throttle that turned pacing on with nothing admitted before).

package retry_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc/transport/retry"
)

// steppingClock is a clock that its Sleep moves on.
type steppingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *steppingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func TestPacedThrottles(t *testing.T) {
	t.Parallel()
	date := func(d time.Duration) string { return testNow.Add(d).Format(http.TimeFormat) }
	throttled := step{status: 429}
	tests := []struct {
		name  string
		opts  retry.Options
		steps []step
		want  outcome
		// wantWaited is the Stats.Waited the call must end with: the
		// waits the service asked for, not the limiter's turns.
		wantWaited time.Duration
	}{
		{
			name:  "throttled beyond the attempt limit",
			steps: []step{throttled, throttled, throttled, throttled, throttled, {status: 200}},
			want:  outcome{Status: 200, Attempts: 6, Calls: 6},
		},
		{
			name:  "unpaced, throttles count against the attempt limit",
			opts:  retry.Options{DisableRateLimit: true},
			steps: []step{throttled, throttled, throttled, {status: 200}},
			want:  outcome{Status: 429, Attempts: 3, GiveUpReason: retry.ReasonMaxAttempts, Calls: 3},
			// Backoff: half of 100ms, then half of 200ms.
			wantWaited: 150 * time.Millisecond,
		},
		{
			name:  "other failures still count",
			steps: []step{throttled, throttled, {status: 500}, {status: 500}, {status: 500}, {status: 200}},
			want:  outcome{Status: 500, Attempts: 5, GiveUpReason: retry.ReasonMaxAttempts, Calls: 5},
			// The 500s' backoff starts at the first of them.
			wantWaited: 150 * time.Millisecond,
		},
		{
			name:  "a MaxAttempts set counts throttles too",
			opts:  retry.Options{MaxAttempts: 3},
			steps: []step{throttled, throttled, throttled, throttled, {status: 200}},
			want:  outcome{Status: 429, Attempts: 3, GiveUpReason: retry.ReasonMaxAttempts, Calls: 3},
		},
		{
			// Backoff counts the 500s alone: half of 100ms.
			name:       "a MaxAttempts set: throttles still do not lengthen other failures' backoff",
			opts:       retry.Options{MaxAttempts: 6},
			steps:      []step{throttled, throttled, throttled, throttled, {status: 500}, {status: 500}, {status: 200}},
			want:       outcome{Status: 500, Attempts: 6, GiveUpReason: retry.ReasonMaxAttempts, Calls: 6},
			wantWaited: 50 * time.Millisecond,
		},
		{
			// Nothing else is known of the service yet.
			name:       "the Retry-After of the throttle that turns pacing on is honoured",
			steps:      []step{{status: 429, retryAfter: "1"}, {status: 200}},
			want:       outcome{Status: 200, Attempts: 2, Calls: 2},
			wantWaited: time.Second,
		},
		{
			name:       "the date form too",
			steps:      []step{{status: 429, retryAfter: date(5 * time.Second)}, {status: 200}},
			want:       outcome{Status: 200, Attempts: 2, Calls: 2},
			wantWaited: 5 * time.Second,
		},
		{
			name:  "later, a Retry-After of a second is the limiter's to time",
			steps: []step{throttled, {status: 429, retryAfter: "1"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 3, Calls: 3},
		},
		{
			name:       "later, a longer Retry-After waits beyond its resolution",
			steps:      []step{throttled, {status: 429, retryAfter: "5"}, {status: 200}},
			want:       outcome{Status: 200, Attempts: 3, Calls: 3},
			wantWaited: 4 * time.Second,
		},
		{
			name:       "capped at MaxRetryAfter",
			opts:       retry.Options{MaxRetryAfter: 3 * time.Second},
			steps:      []step{{status: 429, retryAfter: "3600"}, {status: 200}},
			want:       outcome{Status: 200, Attempts: 2, Calls: 2},
			wantWaited: 3 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := &steppingClock{t: testNow}
			next := &fakeNext{steps: tt.steps}
			opts := tt.opts
			opts.Sleep, opts.Now, opts.Jitter = clk.Sleep, clk.Now, halfRand
			tr := retry.New(next, opts)
			ctx, stats := retry.WithStats(context.Background())
			resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "https://lambda.us-east-1.amazonaws.com/x", nil))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := outcome{Status: resp.StatusCode, Attempts: stats.Attempts, GiveUpReason: stats.GiveUpReason, Calls: next.callCount()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if stats.Waited != tt.wantWaited {
				t.Errorf("waited %v, want %v", stats.Waited, tt.wantWaited)
			}
			// Throttles take nothing from the budget; a 500 retry does.
			retries500 := 0
			for _, s := range tt.steps[:next.callCount()-1] {
				if s.status == 500 {
					retries500++
				}
			}
			if !opts.DisableRateLimit {
				if got, want := tr.Budget().Remaining(), retry.DefaultBudgetCapacity-retries500*retry.RetryCost; got != want {
					t.Errorf("budget %d after the call, want %d", got, want)
				}
			}
			if l := tr.RateLimiter(); l != nil {
				if _, on := l.Rate(); !on {
					t.Error("a throttle left the limiter off")
				}
			}
		})
	}
}

// A throttle that turns pacing on right after the service admitted a call
// leaves a Retry-After of a second to the limiter, which starts from that
// success; with nothing admitted before it, it is honoured in full (see
// TestPacedThrottles).
func TestPacedThrottleAfterASuccess(t *testing.T) {
	t.Parallel()
	clk := &steppingClock{t: testNow}
	next := &fakeNext{steps: []step{{status: 200}, {status: 429, retryAfter: "1"}, {status: 200}}}
	tr := retry.New(next, retry.Options{Sleep: clk.Sleep, Now: clk.Now, Jitter: halfRand})
	var waited []time.Duration
	for range 2 {
		ctx, stats := retry.WithStats(context.Background())
		resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "https://lambda.us-east-1.amazonaws.com/x", nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
		waited = append(waited, stats.Waited)
	}
	if want := []time.Duration{0, 0}; !slices.Equal(waited, want) {
		t.Errorf("waited %v in the two calls, want %v", waited, want)
	}
	if next.callCount() != 3 {
		t.Errorf("%d attempts, want 3", next.callCount())
	}
}

// A service that never stops throttling holds a call until its context
// would end: the Transport gives up, with the last throttle and the reason
// ReasonDeadline, as soon as the limiter's next turn lies past the
// deadline, after more attempts than the default MaxAttempts; and the
// limiter, cut by every throttle, sends them ever more slowly.
func TestPacedThrottlesEndWithTheContext(t *testing.T) {
	t.Parallel()
	start := time.Now()
	clk := &steppingClock{t: start}
	next := &fakeNext{steps: []step{{status: 429}}}
	tr := retry.New(next, retry.Options{Sleep: clk.Sleep, Now: clk.Now, Jitter: halfRand})
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(10*time.Second))
	defer cancel()
	ctx, stats := retry.WithStats(ctx)
	resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "https://lambda.us-east-1.amazonaws.com/x", nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The first throttle turns the limiter on at 20/s; the next, of the
	// starting rate, cuts it by three quarters, and each further one by
	// half (none is admitted in between), down to the floor of 0.5/s. The
	// retries go at 0.05, 0.25, 0.65, 1.45, 3.05, 5.05, 7.05 and 9.05s;
	// the next would come at 11.05s, past the deadline.
	if resp.StatusCode != 429 || stats.GiveUpReason != retry.ReasonDeadline || stats.Attempts != 9 || stats.Throttles != 9 {
		t.Errorf("status %d after %d attempts (%d throttled), give-up reason %q; want 429 after 9, all throttled, for the deadline",
			resp.StatusCode, stats.Attempts, stats.Throttles, stats.GiveUpReason)
	}
	if rate, _ := tr.RateLimiter().Rate(); rate != 0.5 {
		t.Errorf("rate %v after 9 throttles, want it cut to its floor, 0.5", rate)
	}
}
