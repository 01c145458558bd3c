// Tests that a service's tests can mock the wire with httpmock in every way
// httpmock offers, before or after the client is built. These tests replace
// http.DefaultTransport, so none of them runs in parallel: parallel tests of
// the package wait until they end.

package tencentscf_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

func TestHTTPMockInEveryOrder(t *testing.T) {
	limited, done := fixture(t, "error_request_limit.json"), fixture(t, "get_version_done.json")
	build := func(t *testing.T, hc tencentscf.HTTPClient) *provconc.Client {
		t.Helper()
		c, err := newSCFClient(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	cases := []struct {
		name  string
		setUp func(t *testing.T) (*provconc.Client, *httpmock.MockTransport)
	}{
		{"Activate before building, no HTTPClient", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			httpmock.Activate(t)
			return build(t, nil), httpmock.DefaultTransport
		}},
		{"Activate after building, no HTTPClient", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			c := build(t, nil)
			httpmock.Activate(t)
			return c, httpmock.DefaultTransport
		}},
		{"Activate after building with http.DefaultClient", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			c := build(t, http.DefaultClient)
			httpmock.Activate(t)
			return c, httpmock.DefaultTransport
		}},
		{"ActivateNonDefault before building", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			hc := &http.Client{}
			httpmock.ActivateNonDefault(hc)
			t.Cleanup(func() { httpmock.DeactivateNonDefault(hc) })
			return build(t, hc), httpmock.DefaultTransport
		}},
		{"ActivateNonDefault after building", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			hc := &http.Client{}
			c := build(t, hc)
			httpmock.ActivateNonDefault(hc)
			t.Cleanup(func() { httpmock.DeactivateNonDefault(hc) })
			return c, httpmock.DefaultTransport
		}},
		{"Transport swapped after building", func(t *testing.T) (*provconc.Client, *httpmock.MockTransport) {
			hc := &http.Client{}
			c := build(t, hc)
			mt := httpmock.NewMockTransport()
			hc.Transport = mt
			return c, mt
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := tc.setUp(t)
			var calls atomic.Int32
			// SCF throttles inside a 200: RequestLimitExceeded first, the
			// config after.
			mt.RegisterResponder(http.MethodPost, "https://scf.tencentcloudapi.com/", func(req *http.Request) (*http.Response, error) {
				if req.Header.Get("Authorization") == "" || req.Header.Get("X-TC-RequestClient") == "" {
					return httpmock.NewStringResponse(400, "unsigned request"), nil
				}
				if calls.Add(1) == 1 {
					return httpmock.NewStringResponse(http.StatusOK, limited), nil
				}
				return httpmock.NewStringResponse(http.StatusOK, done), nil
			})
			out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
			if err != nil {
				t.Fatalf("Get through httpmock: %v (mock info: %v)", err, mt.GetCallCountInfo())
			}
			if out.Status != provconc.StatusReady || out.Metadata.Attempts != 2 || calls.Load() != 2 {
				t.Errorf("Get = %+v after %d mocked calls; want READY after a throttle and an answer", out, calls.Load())
			}
		})
	}
}
