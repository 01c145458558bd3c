package retry_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
)

var (
	errReset = &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}
	errDial  = &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	errCert  = &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}
)

// outcome is what a call through the Transport looked like from outside.
type outcome struct {
	Status       int
	Err          string // "" or "exhausted: <reason> after <n>" or "error"
	Attempts     int
	GiveUpReason string
	Sleeps       []time.Duration
	Calls        int
}

func TestRoundTripRetries(t *testing.T) {
	t.Parallel()
	date := func(d time.Duration, layout string) string { return testNow.Add(d).Format(layout) }
	ms := time.Millisecond
	tests := []struct {
		name      string
		opts      retry.Options
		steps     []step
		want      outcome
		wantCause error // the error must match it with errors.Is
	}{
		{
			name:  "429 then 200 recovers",
			steps: []step{{status: 429}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "Retry-After seconds",
			steps: []step{{status: 429, retryAfter: "7"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{7 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After IMF-fixdate",
			steps: []step{{status: 503, retryAfter: date(9*time.Second, http.TimeFormat)}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{9 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After RFC 850 date",
			steps: []step{{status: 429, retryAfter: date(11*time.Second, time.RFC850)}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{11 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After asctime date",
			steps: []step{{status: 429, retryAfter: date(13*time.Second, time.ANSIC)}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{13 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After capped at MaxBackoff by default",
			steps: []step{{status: 429, retryAfter: "3600"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{20 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After capped at MaxRetryAfter",
			opts:  retry.Options{MaxRetryAfter: 5 * time.Second},
			steps: []step{{status: 429, retryAfter: "3600"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{5 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After beyond a Duration capped",
			steps: []step{{status: 503, retryAfter: "99999999999999999999999"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{20 * time.Second}, Calls: 2},
		},
		{
			name:  "Retry-After date far ahead capped",
			steps: []step{{status: 503, retryAfter: date(48*time.Hour, http.TimeFormat)}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{20 * time.Second}, Calls: 2},
		},
		{
			name:  "garbage Retry-After ignored",
			steps: []step{{status: 429, retryAfter: "soon"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "negative Retry-After ignored",
			steps: []step{{status: 429, retryAfter: "-5"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "fractional Retry-After ignored",
			steps: []step{{status: 429, retryAfter: "1.5"}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "past Retry-After date falls back to backoff",
			steps: []step{{status: 503, retryAfter: date(-time.Hour, http.TimeFormat)}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "500 retried",
			steps: []step{{status: 500}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "502 retried",
			steps: []step{{status: 502}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "503 retried",
			steps: []step{{status: 503}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "504 retried",
			steps: []step{{status: 504}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "400 not retried",
			steps: []step{{status: 400}, {status: 200}},
			want:  outcome{Status: 400, Attempts: 1, Calls: 1},
		},
		{
			name:  "403 not retried",
			steps: []step{{status: 403}, {status: 200}},
			want:  outcome{Status: 403, Attempts: 1, Calls: 1},
		},
		{
			name:  "404 not retried",
			steps: []step{{status: 404}, {status: 200}},
			want:  outcome{Status: 404, Attempts: 1, Calls: 1},
		},
		{
			name:  "409 not retried even with Retry-After",
			steps: []step{{status: 409, retryAfter: "1"}, {status: 200}},
			want:  outcome{Status: 409, Attempts: 1, Calls: 1},
		},
		{
			name:  "501 not retried",
			steps: []step{{status: 501}, {status: 200}},
			want:  outcome{Status: 501, Attempts: 1, Calls: 1},
		},
		{
			name:  "connection reset retried",
			steps: []step{{err: errReset}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "dial error retried",
			steps: []step{{err: errDial}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "unexpected EOF retried",
			steps: []step{{err: io.ErrUnexpectedEOF}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 2, Sleeps: []time.Duration{50 * ms}, Calls: 2},
		},
		{
			name:  "attempt limit returns the last response",
			steps: []step{{status: 503}},
			want: outcome{Status: 503, Attempts: 3, GiveUpReason: retry.ReasonMaxAttempts,
				Sleeps: []time.Duration{50 * ms, 100 * ms}, Calls: 3},
		},
		{
			name:  "backoff doubles up to MaxBackoff",
			opts:  retry.Options{MaxAttempts: 6, BaseDelay: time.Second, MaxBackoff: 3 * time.Second},
			steps: []step{{status: 500}},
			want: outcome{Status: 500, Attempts: 6, GiveUpReason: retry.ReasonMaxAttempts, Calls: 6,
				Sleeps: []time.Duration{500 * ms, time.Second, 1500 * ms, 1500 * ms, 1500 * ms}},
		},
		{
			name:  "full jitter scales the ceiling",
			opts:  retry.Options{Jitter: func() float64 { return 0.25 }},
			steps: []step{{status: 503}, {status: 503}, {status: 200}},
			want:  outcome{Status: 200, Attempts: 3, Sleeps: []time.Duration{25 * ms, 50 * ms}, Calls: 3},
		},
		{
			name:  "connection errors exhausted",
			steps: []step{{err: errReset}},
			want: outcome{Err: "exhausted: max attempts after 3", Attempts: 3, GiveUpReason: retry.ReasonMaxAttempts,
				Sleeps: []time.Duration{50 * ms, 100 * ms}, Calls: 3},
			wantCause: syscall.ECONNRESET,
		},
		{
			name:      "TLS certificate error not retried",
			steps:     []step{{err: errCert}, {status: 200}},
			want:      outcome{Err: "error", Attempts: 1, Calls: 1},
			wantCause: errCert,
		},
		{
			name:      "cancellation from the inner transport not retried",
			steps:     []step{{err: context.Canceled}, {status: 200}},
			want:      outcome{Err: "error", Attempts: 1, Calls: 1},
			wantCause: context.Canceled,
		},
		{
			name:  "retries disabled",
			opts:  retry.Options{MaxAttempts: 1},
			steps: []step{{status: 503}, {status: 200}},
			want:  outcome{Status: 503, Attempts: 1, Calls: 1},
		},
		{
			name:      "retries disabled leaves errors alone",
			opts:      retry.Options{MaxAttempts: 1},
			steps:     []step{{err: errReset}, {status: 200}},
			want:      outcome{Err: "error", Attempts: 1, Calls: 1},
			wantCause: syscall.ECONNRESET,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			next := &fakeNext{steps: tt.steps}
			var rec sleepRecorder
			opts := tt.opts
			// These cases are about the waits of one call's retries and
			// the attempt limit: without the pacing a throttle turns on,
			// which TestPacedThrottles covers.
			opts.DisableRateLimit = true
			opts.Sleep, opts.Now = rec.Sleep, fixedNow
			if opts.Jitter == nil {
				opts.Jitter = halfRand
			}
			tr := retry.New(next, opts)
			ctx, stats := retry.WithStats(context.Background())
			resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "https://lambda.us-east-1.amazonaws.com/x", nil))

			got := outcome{Attempts: stats.Attempts, GiveUpReason: stats.GiveUpReason, Sleeps: rec.Sleeps(), Calls: next.callCount()}
			switch {
			case err != nil && resp != nil:
				t.Fatalf("RoundTrip returned both a response and the error %v", err)
			case err != nil:
				got.Err = "error"
				var exhausted *provconc.RetryExhaustedError
				if errors.As(err, &exhausted) {
					got.Err = fmt.Sprintf("exhausted: %s after %d", exhausted.Reason, exhausted.Attempts)
				}
				if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
					t.Errorf("error %v does not match %v", err, tt.wantCause)
				}
			default:
				got.Status = resp.StatusCode
				resp.Body.Close()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if n := next.unclosedDiscards(); n != 0 {
				t.Errorf("%d discarded response bodies left open", n)
			}
			if next.idleCloses != 0 {
				t.Errorf("CloseIdleConnections called %d times", next.idleCloses)
			}
		})
	}
}

func TestRetryExhaustedErrorMatchesSentinel(t *testing.T) {
	t.Parallel()
	tr := retry.New(&fakeNext{steps: []step{{err: errDial}}}, retry.Options{Sleep: new(sleepRecorder).Sleep})
	_, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, "http://example.test/", nil))
	if !errors.Is(err, provconc.ErrRetryExhausted) {
		t.Fatalf("error %v does not match provconc.ErrRetryExhausted", err)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "dial" {
		t.Errorf("error %v does not unwrap to the dial error", err)
	}
}

func TestDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opts       retry.Options
		steps      []step
		wantStatus int
		wantErr    bool
	}{
		{
			name:       "Retry-After longer than the deadline",
			steps:      []step{{status: 429, retryAfter: "30"}, {status: 200}},
			wantStatus: 429,
		},
		{
			name:       "backoff longer than the deadline",
			opts:       retry.Options{BaseDelay: 10 * time.Second, Jitter: func() float64 { return 0.99 }},
			steps:      []step{{status: 503}, {status: 200}},
			wantStatus: 503,
		},
		{
			name:    "connection error",
			opts:    retry.Options{BaseDelay: 10 * time.Second, Jitter: func() float64 { return 0.99 }},
			steps:   []step{{err: errReset}, {status: 200}},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			next := &fakeNext{steps: tt.steps}
			var rec sleepRecorder
			opts := tt.opts
			opts.Sleep = rec.Sleep // Now stays real: it must agree with the deadline.
			tr := retry.New(next, opts)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			ctx, stats := retry.WithStats(ctx)
			start := time.Now()
			resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "http://example.test/", nil))
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("RoundTrip took %v; it should give up at once", elapsed)
			}
			if tt.wantErr {
				var exhausted *provconc.RetryExhaustedError
				if !errors.As(err, &exhausted) || exhausted.Reason != retry.ReasonDeadline || exhausted.Attempts != 1 {
					t.Fatalf("got error %v, want a RetryExhaustedError for the deadline after 1 attempt", err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tt.wantStatus {
					t.Errorf("status %d, want %d", resp.StatusCode, tt.wantStatus)
				}
			}
			if len(rec.Sleeps()) != 0 {
				t.Errorf("slept %v; want no sleep", rec.Sleeps())
			}
			if diff := cmp.Diff(retry.Stats{Attempts: 1, GiveUpReason: retry.ReasonDeadline, Throttles: stats.Throttles}, *stats); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
			if next.callCount() != 1 {
				t.Errorf("%d requests, want 1", next.callCount())
			}
		})
	}
}

func TestContextCanceledDuringWait(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	served := make(chan struct{}, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		served <- struct{}{}
	}))
	defer srv.Close()

	// The real Sleep: the wait is 20s (Retry-After capped at MaxBackoff).
	tr := retry.New(srv.Client().Transport, retry.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx, stats := retry.WithStats(ctx)
	go func() {
		<-served
		time.Sleep(50 * time.Millisecond) // let RoundTrip start waiting
		cancel()
	}()
	start := time.Now()
	resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodPost, srv.URL, strings.NewReader(`{"a":1}`)))
	elapsed := time.Since(start)
	if resp != nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d); want the context error", resp.StatusCode)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v does not match context.Canceled", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("RoundTrip returned after %v; want promptly after the cancellation", elapsed)
	}
	time.Sleep(100 * time.Millisecond) // a stray request would show now
	if n := requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
	if stats.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", stats.Attempts)
	}
}

func TestContextCanceledByInjectedSleep(t *testing.T) {
	t.Parallel()
	next := &fakeNext{steps: []step{{status: 503}, {status: 200}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := retry.New(next, retry.Options{
		Sleep: func(ctx context.Context, d time.Duration) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		},
	})
	resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "http://example.test/", nil))
	if resp != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("got (%v, %v), want the wrapped context error", resp, err)
	}
	if !strings.Contains(err.Error(), "waiting before attempt 2") {
		t.Errorf("error %q does not say which wait ended", err)
	}
	if next.callCount() != 1 {
		t.Errorf("%d requests, want 1", next.callCount())
	}
	if next.unclosedDiscards() != 0 || !next.served[0].closed.Load() {
		t.Error("the discarded 503 body was not closed")
	}
}

func TestBudgetSharedAndRefilled(t *testing.T) {
	t.Parallel()
	var flaky atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/fail":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/flaky":
			if flaky.Add(1)%2 == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}
	}))
	defer srv.Close()

	budget := retry.NewBudget(10)
	var rec sleepRecorder
	tr := retry.New(srv.Client().Transport, retry.Options{MaxAttempts: 5, Budget: budget, Sleep: rec.Sleep, Jitter: halfRand})

	type call struct {
		Path      string
		Status    int
		Stats     retry.Stats
		Remaining int
	}
	do := func(path string) call {
		ctx, stats := retry.WithStats(context.Background())
		resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, srv.URL+path, nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return call{Path: path, Status: resp.StatusCode, Stats: *stats, Remaining: budget.Remaining()}
	}
	var got []call
	for _, path := range []string{"/fail", "/fail", "/ok", "/flaky", "/ok"} {
		got = append(got, do(path))
	}
	ms := time.Millisecond
	want := []call{
		// Two retries take 5 tokens each and empty the bucket.
		{Path: "/fail", Status: 503, Stats: retry.Stats{Attempts: 3, GiveUpReason: retry.ReasonBudgetExhausted, Waited: 150 * ms}, Remaining: 0},
		// Another request through the same Transport finds it empty.
		{Path: "/fail", Status: 503, Stats: retry.Stats{Attempts: 1, GiveUpReason: retry.ReasonBudgetExhausted}, Remaining: 0},
		// A first-attempt success refunds 1.
		{Path: "/ok", Status: 200, Stats: retry.Stats{Attempts: 1}, Remaining: 1},
		// Too few tokens for a retry.
		{Path: "/flaky", Status: 503, Stats: retry.Stats{Attempts: 1, GiveUpReason: retry.ReasonBudgetExhausted}, Remaining: 1},
		{Path: "/ok", Status: 200, Stats: retry.Stats{Attempts: 1}, Remaining: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{50 * ms, 100 * ms}, rec.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestBudgetCosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		opts          retry.Options
		steps         []step
		wantRemaining int
	}{
		{"successful retry refunds its cost", retry.Options{}, []step{{status: 503}, {status: 200}}, 100},
		{"failed retry keeps its cost", retry.Options{MaxAttempts: 2}, []step{{status: 503}}, 95},
		{"connection retry costs more", retry.Options{MaxAttempts: 2}, []step{{err: errReset}}, 90},
		{"successful connection retry refunds its cost", retry.Options{}, []step{{err: errReset}, {status: 200}}, 100},
		{"refund stops at capacity", retry.Options{}, []step{{status: 200}}, 100},
		{"404 refunds nothing", retry.Options{}, []step{{status: 404}}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := tt.opts
			opts.Budget = retry.NewBudget(100)
			opts.Sleep = new(sleepRecorder).Sleep
			tr := retry.New(&fakeNext{steps: tt.steps}, opts)
			resp, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, "http://example.test/", nil))
			if err == nil {
				resp.Body.Close()
			}
			if got := tr.Budget().Remaining(); got != tt.wantRemaining {
				t.Errorf("Remaining() = %d, want %d", got, tt.wantRemaining)
			}
		})
	}
}

func TestBudgetSharedBetweenTransports(t *testing.T) {
	t.Parallel()
	budget := retry.NewBudget(5)
	opts := retry.Options{Budget: budget, Sleep: new(sleepRecorder).Sleep}
	a := retry.New(&fakeNext{steps: []step{{status: 503}}}, opts)
	b := retry.New(&fakeNext{steps: []step{{status: 503}}}, opts)
	for i, tr := range []*retry.Transport{a, b} {
		ctx, stats := retry.WithStats(context.Background())
		resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, "http://example.test/", nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		wantAttempts := []int{2, 1}[i]
		if stats.Attempts != wantAttempts || stats.GiveUpReason != retry.ReasonBudgetExhausted {
			t.Errorf("transport %d: stats %+v, want %d attempts and an exhausted budget", i, *stats, wantAttempts)
		}
	}
}

func TestBodyRewoundOnEveryAttempt(t *testing.T) {
	t.Parallel()
	const payload = `{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":5}`
	tests := []struct {
		name string
		body func() io.Reader
	}{
		{"bytes.Reader with GetBody", func() io.Reader { return bytes.NewReader([]byte(payload)) }},
		{"strings.Reader with GetBody", func() io.Reader { return strings.NewReader(payload) }},
		{"plain reader without GetBody", func() io.Reader {
			return io.MultiReader(strings.NewReader(payload[:10]), strings.NewReader(payload[10:]))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			type seen struct {
				Body          string
				ContentLength string
			}
			var (
				mu   sync.Mutex
				got  []seen
				want []seen
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				got = append(got, seen{Body: string(b), ContentLength: r.Header.Get("Content-Length")})
				n := len(got)
				mu.Unlock()
				if n < 3 {
					w.WriteHeader(http.StatusServiceUnavailable)
				}
			}))
			defer srv.Close()
			tr := retry.New(srv.Client().Transport, retry.Options{Sleep: new(sleepRecorder).Sleep})
			req := newRequest(t, context.Background(), http.MethodPost, srv.URL, tt.body())
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			for range 3 {
				want = append(want, seen{Body: payload, ContentLength: strconv.Itoa(len(payload))})
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("bodies the server received (-want +got):\n%s", diff)
			}
		})
	}
}

// signer is an inner RoundTripper like a careless request signer: it signs
// the request it is given in place, then forwards it.
type signer struct {
	next  http.RoundTripper
	calls atomic.Int32
}

func (s *signer) RoundTrip(req *http.Request) (*http.Response, error) {
	n := s.calls.Add(1)
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		req.Body.Close()
		return nil, errors.New("signer: cannot hash a body without GetBody")
	}
	req.Header.Add("Authorization", "SIG-"+strconv.Itoa(int(n)))
	req.Header.Set("X-Amz-Date", strconv.Itoa(int(n)))
	req.URL.Path += "/signed"
	return s.next.RoundTrip(req)
}

func TestEachAttemptGoesThroughNext(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		auth [][]string
		path []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Values("Authorization"))
		path = append(path, r.URL.Path)
		n := len(auth)
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()

	sign := &signer{next: srv.Client().Transport}
	tr := retry.New(sign, retry.Options{Sleep: new(sleepRecorder).Sleep})
	req := newRequest(t, context.Background(), http.MethodPost, srv.URL+"/fn", io.MultiReader(strings.NewReader("{}")))
	req.Header.Set("Content-Type", "application/json")
	wantHeader := req.Header.Clone()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if got := sign.calls.Load(); got != 3 {
		t.Errorf("the signer saw %d attempts, want 3", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([][]string{{"SIG-1"}, {"SIG-2"}, {"SIG-3"}}, auth); diff != "" {
		t.Errorf("Authorization per attempt (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/fn/signed", "/fn/signed", "/fn/signed"}, path); diff != "" {
		t.Errorf("path per attempt (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantHeader, req.Header); diff != "" {
		t.Errorf("the caller's headers changed (-want +got):\n%s", diff)
	}
	if req.URL.Path != "/fn" {
		t.Errorf("the caller's URL path changed to %q", req.URL.Path)
	}
}

// closeTracker is a request body that remembers being closed.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestRequestBodyClosed(t *testing.T) {
	t.Parallel()
	// A port nothing listens on: every attempt fails to dial.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + ln.Addr().String() + "/"
	ln.Close()

	tests := []struct {
		name    string
		body    io.Reader
		getBody bool
		url     string
	}{
		{"unreadable body", failingReader{}, false, "http://example.test/"},
		{"dial failures, body without GetBody", strings.NewReader("x"), false, deadURL},
		{"dial failures, body with GetBody", strings.NewReader("x"), true, deadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := &closeTracker{Reader: tt.body}
			req := newRequest(t, context.Background(), http.MethodPost, tt.url, body)
			if tt.getBody {
				req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("x")), nil }
			}
			tr := retry.New(&http.Transport{}, retry.Options{Sleep: new(sleepRecorder).Sleep})
			resp, err := tr.RoundTrip(req)
			if err == nil {
				resp.Body.Close()
				t.Fatal("RoundTrip succeeded; want an error")
			}
			// http.Transport may close the body on its own goroutine.
			for i := 0; i < 100 && !body.closed.Load(); i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if !body.closed.Load() {
				t.Error("the request body was not closed")
			}
		})
	}
	t.Run("no URL", func(t *testing.T) {
		t.Parallel()
		body := &closeTracker{Reader: strings.NewReader("x")}
		req := &http.Request{Method: http.MethodPost, Header: http.Header{}, Body: body}
		if _, err := retry.New(&fakeNext{}, retry.Options{}).RoundTrip(req); err == nil {
			t.Fatal("RoundTrip succeeded; want an error")
		}
		if !body.closed.Load() {
			t.Error("the request body was not closed")
		}
	})
}

func TestCallerRequestUntouched(t *testing.T) {
	t.Parallel()
	next := &fakeNext{steps: []step{{status: 500}, {status: 500}, {status: 200}}}
	tr := retry.New(&signer{next: next}, retry.Options{Sleep: new(sleepRecorder).Sleep})
	req := newRequest(t, context.Background(), http.MethodPut, "https://h.test/a?Qualifier=1", strings.NewReader(`{"n":1}`))
	req.Header.Set("X-Trace", "t")
	type snapshot struct {
		Method, URL, Host string
		Header            http.Header
		ContentLength     int64
	}
	snap := func() snapshot {
		return snapshot{req.Method, req.URL.String(), req.Host, req.Header.Clone(), req.ContentLength}
	}
	before := snap()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if diff := cmp.Diff(before, snap()); diff != "" {
		t.Errorf("the caller's request changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`{"n":1}`, `{"n":1}`, `{"n":1}`}, next.bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}

func TestRedirectsNotFollowed(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/from" {
			http.Redirect(w, r, "/to", http.StatusFound)
		}
	}))
	defer srv.Close()
	tr := retry.New(srv.Client().Transport, retry.Options{})

	resp, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, srv.URL+"/from", nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || requests.Load() != 1 {
		t.Errorf("RoundTrip: status %d after %d requests; want the 302 after 1", resp.StatusCode, requests.Load())
	}

	// The caller's http.Client decides, and follows by default.
	client := &http.Client{Transport: tr}
	resp, err = client.Do(newRequest(t, context.Background(), http.MethodGet, srv.URL+"/from", nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || requests.Load() != 3 {
		t.Errorf("http.Client: status %d after %d requests; want 200 after 3", resp.StatusCode, requests.Load())
	}
}

func TestTLSCertificateErrorNotRetried(t *testing.T) {
	t.Parallel()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()

	// A transport that does not trust the test server's certificate.
	tr := retry.New(&http.Transport{}, retry.Options{Sleep: new(sleepRecorder).Sleep})
	ctx, stats := retry.WithStats(context.Background())
	resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodGet, srv.URL, nil))
	if err == nil {
		resp.Body.Close()
		t.Fatal("RoundTrip succeeded; want a certificate error")
	}
	var verifyErr *tls.CertificateVerificationError
	if !errors.As(err, &verifyErr) {
		t.Errorf("error %v is not a certificate verification error", err)
	}
	if errors.Is(err, provconc.ErrRetryExhausted) {
		t.Errorf("error %v claims retries were exhausted", err)
	}
	if stats.Attempts != 1 || conns.Load() != 1 {
		t.Errorf("%d attempts over %d connections, want 1 and 1", stats.Attempts, conns.Load())
	}
}

func TestConnectionResetRetried(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			conn.(*net.TCPConn).SetLinger(0) // close with a RST
			conn.Close()
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var rec sleepRecorder
	tr := retry.New(srv.Client().Transport, retry.Options{Sleep: rec.Sleep, Jitter: halfRand})
	ctx, stats := retry.WithStats(context.Background())
	resp, err := tr.RoundTrip(newRequest(t, ctx, http.MethodPost, srv.URL, strings.NewReader("{}")))
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); body != "ok" || stats.Attempts != 2 || requests.Load() != 2 {
		t.Errorf("body %q after %d attempts and %d requests; want ok after 2 and 2", body, stats.Attempts, requests.Load())
	}
	if diff := cmp.Diff([]time.Duration{50 * time.Millisecond}, rec.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestNeverClosesIdleConnections(t *testing.T) {
	t.Parallel()
	scripts := [][]step{
		{{err: errReset}},
		{{status: 503}},
		{{status: 503}, {status: 200}},
		{{err: errCert}},
	}
	for _, steps := range scripts {
		next := &fakeNext{steps: steps}
		tr := retry.New(next, retry.Options{Sleep: new(sleepRecorder).Sleep})
		resp, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, "http://example.test/", nil))
		if err == nil {
			resp.Body.Close()
		}
		if next.idleCloses != 0 {
			t.Errorf("script %v: CloseIdleConnections called %d times", steps, next.idleCloses)
		}
	}
	next := &fakeNext{steps: []step{{status: 200}}}
	retry.New(next, retry.Options{}).CloseIdleConnections()
	if next.idleCloses != 1 {
		t.Errorf("an explicit CloseIdleConnections reached next %d times, want 1", next.idleCloses)
	}
}

func TestStatsPerCallUnderConcurrency(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Call")
		mu.Lock()
		again := seen[id]
		seen[id] = true
		mu.Unlock()
		if !again {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	tr := retry.New(srv.Client().Transport, retry.Options{Sleep: new(sleepRecorder).Sleep})
	const calls = 20
	var wg sync.WaitGroup
	results := make([]retry.Stats, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, stats := retry.WithStats(context.Background())
			req := newRequest(t, ctx, http.MethodGet, srv.URL, nil)
			req.Header.Set("X-Call", strconv.Itoa(i))
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			results[i] = *stats
		}()
	}
	wg.Wait()
	for i, s := range results {
		if diff := cmp.Diff(retry.Stats{Attempts: 2, Throttles: 1, Waited: s.Waited}, s); diff != "" {
			t.Errorf("call %d stats (-want +got):\n%s", i, diff)
		}
	}
}
