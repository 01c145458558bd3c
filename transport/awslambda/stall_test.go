package awslambda_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// stallingServer answers with headers and the first bytes of a body, then
// sends nothing more until the client goes away: a network that stalls
// mid-answer.
func stallingServer(t *testing.T, status int, head string) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(head))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv
}

// A body that stalls past the caller's deadline, or the client's timeout,
// ends in an error that says so: errors.Is(err, context.DeadlineExceeded),
// whatever the closed connection said.
func TestStalledBodyKeepsTheDeadline(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusOK, http.StatusTooManyRequests, http.StatusInternalServerError} {
		srv := stallingServer(t, status, `{"RequestedProvisionedConcurrentExecutions":`)
		p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, err = p.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("HTTP %d, stalled body: err = %v, want one matching context.DeadlineExceeded", status, err)
		}

		p, err = awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: srv.URL, HTTPClient: &http.Client{Timeout: 50 * time.Millisecond},
			// A stalled 429 is a throttle, retried until admitted: the call's own
			// bound ends it, matching context.DeadlineExceeded too.
			Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("HTTP %d, stalled body, client timeout: err = %v, want one matching context.DeadlineExceeded", status, err)
		}
	}
}
