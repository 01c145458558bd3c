// Goroutine leaks as go.uber.org/goleak sees them: the whole process, not
// the pprof labels of faults_test.go. The test uses the clients of both
// protocols as a user would (the default transport, a caller's
// *http.Client), ends their calls by a deadline while the server holds the
// answer back or trickles it, closes its servers, and then no goroutine of
// the SDK or of net/http may be left. It is not parallel, so no other
// test's goroutines are in the process while it checks; IgnoreCurrent
// leaves out whatever earlier tests left behind, which is theirs to answer
// for.

package reliability

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.uber.org/goleak"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/tencentscf"
)

// leakClients gives a client of each protocol on endpoint, sending
// through hc (nil: the protocol's own pooled transport).
func leakClients(t *testing.T, endpoint string, hc *http.Client) map[string]*provconc.Client {
	t.Helper()
	var awsHC aws.HTTPClient
	if hc != nil {
		awsHC = hc
	}
	a, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: awsHC},
		func(o *awslambda.Options) { o.Endpoint = endpoint })
	if err != nil {
		t.Fatal(err)
	}
	opts := tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("AKIDleak", "leak-key", ""), Endpoint: endpoint}
	if hc != nil {
		opts.HTTPClient = hc
	}
	s, err := newSCFClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*provconc.Client{awslambda.ProviderName: a, tencentscf.ProviderName: s}
}

// A deadline while the server holds the answer back, and while it trickles
// a body that never ends; with the protocols' own transport and with a
// caller's client.
func TestGoleakDeadlineMidAnswer(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	hold := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read to the end: net/http's server sees a client hang up (and
		// ends the request's context) only once the body has been read.
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer hold.Close()
	trickle := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	}))
	defer trickle.Close()
	for _, srv := range []*httptest.Server{hold, trickle} {
		for _, hc := range []*http.Client{nil, srv.Client()} {
			for name, c := range leakClients(t, srv.URL, hc) {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				_, err := c.Get(ctx, &provconc.GetInput{FunctionName: "fn-leak", Qualifier: "1"})
				cancel()
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
}
