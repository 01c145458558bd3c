// Tests that a service's tests can mock the wire with httpmock in every way
// httpmock offers, before or after the client is built, as they can with the
// official client. These tests replace http.DefaultTransport, so none of
// them runs in parallel: parallel tests of the package wait until they end.

package awslambda_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

const mockConfigURL = "https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/my-function/provisioned-concurrency"

// throttleThenConfig answers a 429 TooManyRequestsException first and the
// config after, counting the requests.
func throttleThenConfig(calls *atomic.Int32) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		if req.Header.Get("Authorization") == "" || req.Header.Get("User-Agent") == "" {
			return httpmock.NewStringResponse(400, "unsigned or anonymous request"), nil
		}
		if calls.Add(1) == 1 {
			resp := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
			resp.Header.Set("X-Amzn-ErrorType", "TooManyRequestsException")
			resp.Header.Set("X-Amzn-RequestId", "req-throttled")
			return resp, nil
		}
		resp := httpmock.NewStringResponse(http.StatusOK, `{"AllocatedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":5,"LastModified":"2024-05-01T12:00:00+0000","RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`)
		resp.Header.Set("X-Amzn-RequestId", "req-ok")
		return resp, nil
	}
}

func TestHTTPMockInEveryOrder(t *testing.T) {
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
	})
	build := func(t *testing.T, hc aws.HTTPClient) *provconc.Client {
		t.Helper()
		c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: creds, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	cases := []struct {
		name string
		// setUp builds the client and mocks the wire in its own order,
		// returning the client and the mock to register on.
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
			mt.RegisterResponder(http.MethodGet, mockConfigURL+"?Qualifier=BLUE", throttleThenConfig(&calls))
			out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			if err != nil {
				t.Fatalf("Get through httpmock: %v (mock info: %v)", err, mt.GetCallCountInfo())
			}
			if out.Status != provconc.StatusReady || out.Metadata.Attempts != 2 || out.Metadata.RequestID != "req-ok" || calls.Load() != 2 {
				t.Errorf("Get = %+v after %d mocked calls; want READY after a 429 and a 200", out, calls.Load())
			}
		})
	}
}
