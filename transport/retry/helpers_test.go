// This file holds the fakes the tests share: a scripted inner RoundTripper,
// a sleep that records its waits, and bodies that report being closed.

package retry_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testNow is the fixed clock of the deterministic tests.
var testNow = time.Date(2025, time.March, 14, 15, 9, 26, 0, time.UTC)

func fixedNow() time.Time { return testNow }

func halfRand() float64 { return 0.5 }

// step is one scripted answer of fakeNext: an error, or a response.
type step struct {
	status     int
	retryAfter string
	body       string
	err        error
}

// fakeNext is an inner RoundTripper that answers from a script (repeating
// the last step), records what each attempt carried, and tracks whether the
// response bodies it served were closed.
type fakeNext struct {
	steps []step

	mu         sync.Mutex
	calls      int
	bodies     []string
	served     []*trackedBody
	idleCloses int
}

func (f *fakeNext) RoundTrip(req *http.Request) (*http.Response, error) {
	var body string
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body.Close()
		body = string(b)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.steps[min(f.calls, len(f.steps)-1)]
	f.calls++
	f.bodies = append(f.bodies, body)
	if s.err != nil {
		return nil, s.err
	}
	tb := &trackedBody{Reader: strings.NewReader(s.body)}
	f.served = append(f.served, tb)
	h := http.Header{}
	if s.retryAfter != "" {
		h.Set("Retry-After", s.retryAfter)
	}
	return &http.Response{
		StatusCode:    s.status,
		Status:        http.StatusText(s.status),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          tb,
		ContentLength: int64(len(s.body)),
		Request:       req,
	}, nil
}

func (f *fakeNext) CloseIdleConnections() {
	f.mu.Lock()
	f.idleCloses++
	f.mu.Unlock()
}

func (f *fakeNext) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// unclosedDiscards counts served response bodies, other than the last,
// that were left open: every response the Transport discards must be closed.
func (f *fakeNext) unclosedDiscards() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for i, b := range f.served {
		if i < len(f.served)-1 && !b.closed.Load() {
			n++
		}
	}
	return n
}

// trackedBody is a body that remembers being closed.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error {
	b.closed.Store(true)
	return nil
}

// sleepRecorder is an Options.Sleep that returns at once and records the
// waits it was asked for.
type sleepRecorder struct {
	mu     sync.Mutex
	sleeps []time.Duration
}

func (s *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.sleeps = append(s.sleeps, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) Sleeps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.sleeps...)
}

// newRequest builds a request or fails the test.
func newRequest(t testing.TB, ctx context.Context, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// readAll reads and closes a response body or fails the test.
func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response body: %v", err)
	}
	return string(b)
}
