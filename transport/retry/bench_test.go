package retry_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/provconc/provconc/transport/retry"
)

// BenchmarkRoundTripNoRetry measures the cost the Transport adds to a call
// that succeeds at once: "plain" is a hand-written request on an
// http.Transport, "retry" the same request through a Transport wrapping an
// identical http.Transport, both against a loopback server. Compare their
// ns/op (the target is a ratio below 1.15).
func BenchmarkRoundTripNoRetry(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Response":{"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}`)
	}))
	defer srv.Close()
	payload := []byte(`{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":5}`)

	run := func(b *testing.B, rt http.RoundTripper) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(payload))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-TC-Action", "GetProvisionedConcurrencyConfig")
			resp, err := rt.RoundTrip(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	newBase := func(b *testing.B) *http.Transport {
		base := &http.Transport{MaxIdleConnsPerHost: 4}
		b.Cleanup(base.CloseIdleConnections)
		return base
	}
	b.Run("plain", func(b *testing.B) { run(b, newBase(b)) })
	b.Run("retry", func(b *testing.B) { run(b, retry.New(newBase(b), retry.Options{})) })
}

// okTransport answers every request at once from memory, so a benchmark
// through it measures only the Transport's own work.
type okTransport struct{}

func (okTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

// BenchmarkOverhead isolates the Transport's per-call cost on the success
// path from network noise: "direct" calls an in-memory RoundTripper,
// "retry" calls it through a Transport. The difference is what a call pays
// for retries it does not need.
func BenchmarkOverhead(b *testing.B) {
	payload := []byte(`{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":5}`)
	run := func(b *testing.B, rt http.RoundTripper) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://scf.tencentcloudapi.com/", bytes.NewReader(payload))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-TC-Action", "GetProvisionedConcurrencyConfig")
			resp, err := rt.RoundTrip(req)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	b.Run("direct", func(b *testing.B) { run(b, okTransport{}) })
	b.Run("retry", func(b *testing.B) { run(b, retry.New(okTransport{}, retry.Options{})) })
}
