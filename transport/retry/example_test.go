package retry_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/provconc/provconc/transport/retry"
)

// New wraps the transport requests go through; the http.Client stays an
// ordinary one. Here a service is unavailable at the first call and asks to
// wait a second.
func ExampleNew() {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready")
	}))
	defer srv.Close()

	client := &http.Client{Transport: retry.New(http.DefaultTransport, retry.Options{
		MaxAttempts: 3,
		// Real code leaves Sleep nil; this one reports the wait instead.
		Sleep: func(ctx context.Context, d time.Duration) error {
			fmt.Println("waiting", d)
			return ctx.Err()
		},
	})}

	ctx, stats := retry.WithStats(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if err != nil {
		panic(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body), "after", stats.Attempts, "attempts")
	// Output:
	// waiting 1s
	// 200 ready after 2 attempts
}

// A protocol whose service throttles inside a 200 supplies a classifier that
// peeks at the body; the caller still reads the whole body.
func ExampleClassifier() {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			io.WriteString(w, `{"Response":{"Error":{"Code":"RequestLimitExceeded"},"RequestId":"a"}}`)
			return
		}
		io.WriteString(w, `{"Response":{"RequestId":"b"}}`)
	}))
	defer srv.Close()

	classify := func(resp *http.Response, err error) retry.Decision {
		if d := retry.DefaultClassifier(resp, err); d.Retry || resp == nil {
			return d
		}
		body, _ := retry.PeekBody(resp, 0)
		throttled := strings.Contains(string(body), `"Code":"RequestLimitExceeded"`)
		return retry.Decision{Retry: throttled, Throttle: throttled}
	}
	tr := retry.New(nil, retry.Options{Classify: classify, BaseDelay: time.Millisecond})

	ctx, stats := retry.WithStats(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader(`{}`))
	resp, err := tr.RoundTrip(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	fmt.Println("attempts:", stats.Attempts, "throttles:", stats.Throttles)
	// Output:
	// {"Response":{"RequestId":"b"}}
	// attempts: 2 throttles: 1
}
