package retry_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc/transport/retry"
)

// A Transport built with no inner RoundTripper sends through
// http.DefaultTransport as it is at each attempt, as an http.Client with no
// Transport does: httpmock activated after New is used, retries included.
// (A loopback URL: were the mock bypassed, nothing leaves the machine.)
func TestNilNextFollowsDefaultTransport(t *testing.T) {
	// Not parallel: httpmock.Activate replaces http.DefaultTransport.
	tr := retry.New(nil, retry.Options{MaxAttempts: 2, DisableRateLimit: true, Sleep: new(sleepRecorder).Sleep})
	hc := &http.Client{Transport: tr}
	httpmock.Activate(t)
	responses := []*http.Response{
		httpmock.NewStringResponse(http.StatusServiceUnavailable, "busy"),
		httpmock.NewStringResponse(http.StatusOK, "mocked"),
	}
	httpmock.RegisterResponder(http.MethodGet, "http://127.0.0.1:9/x", httpmock.ResponderFromMultipleResponses(responses))
	resp, err := hc.Get("http://127.0.0.1:9/x")
	if err != nil {
		t.Fatalf("a Transport built before httpmock.Activate bypassed the mock: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "mocked" {
		t.Errorf("answer %d %q, want 200 \"mocked\"", resp.StatusCode, body)
	}
	if n := httpmock.GetTotalCallCount(); n != 2 {
		t.Errorf("the mock saw %d attempts, want 2 (the 503, then the retry)", n)
	}
	// CloseIdleConnections reaches the current http.DefaultTransport
	// without failing, whatever it is.
	tr.CloseIdleConnections()
}
