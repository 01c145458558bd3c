// Tests that a service's tests can mock the wire with httpmock in every way
// httpmock offers, before or after the client is built, as they can with the
// official client. These tests replace http.DefaultTransport, so none of
// them runs in parallel: parallel tests of the package wait until they end.

package awslambda_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
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

// A responder that fails the way a network does (httpmock.NewErrorResponder,
// or no responder at all) fails the attempt, not the call: the official
// client retries any error its HTTP client returns (smithy's
// RequestSendError is a connection error), and so does provconc, so a test
// that loses the first request recovers on both. An error that is not the
// HTTP client's, from the credentials say, is not retried, on either.
func TestHTTPMockErrorRespondersAreRetriedLikeTheOfficialClient(t *testing.T) {
	ok := func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusOK, `{"AllocatedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":5,"LastModified":"2024-05-01T12:00:00+0000","RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`)
		resp.Header.Set("X-Amzn-RequestId", "req-ok")
		return resp, nil
	}
	tests := []struct {
		name         string
		first        httpmock.Responder
		creds        aws.CredentialsProvider
		wantAttempts int32
		wantErr      error
	}{
		{"error responder", httpmock.NewErrorResponder(errors.New("dial tcp 10.0.0.1:443: connect: network is unreachable")), nil, 2, nil},
		{"connection failure", httpmock.ConnectionFailure, nil, 2, nil},
		{"credentials error", nil, aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errNoCredentials
		}), 0, errNoCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodGet, mockConfigURL+"?Qualifier=BLUE", func(req *http.Request) (*http.Response, error) {
				if calls.Add(1)%2 == 1 && tt.first != nil {
					return tt.first(req)
				}
				return ok(req)
			})
			creds := tt.creds
			if creds == nil {
				creds = credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")
			}
			cfg := aws.Config{Region: "us-east-1", Credentials: creds, HTTPClient: &http.Client{Transport: mt}}
			_, offErr := lambda.NewFromConfig(cfg).GetProvisionedConcurrencyConfig(context.Background(),
				&lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
			offCalls := calls.Swap(0)
			c, err := awslambda.NewClient(cfg, func(o *awslambda.Options) { o.Retry.Sleep = noSleep })
			if err != nil {
				t.Fatal(err)
			}
			out, ourErr := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			if offCalls != tt.wantAttempts || calls.Load() != tt.wantAttempts {
				t.Errorf("requests: official %d, provconc %d; want %d each", offCalls, calls.Load(), tt.wantAttempts)
			}
			if tt.wantErr == nil {
				if offErr != nil || ourErr != nil || out.Status != provconc.StatusReady || out.Metadata.Attempts != 2 {
					t.Errorf("official: %v; provconc: %+v, %v; want both READY after a retry", offErr, out, ourErr)
				}
			} else if !errors.Is(offErr, tt.wantErr) || !errors.Is(ourErr, tt.wantErr) {
				t.Errorf("official: %v; provconc: %v; want both to wrap %v", offErr, ourErr, tt.wantErr)
			}
		})
	}
}

var errNoCredentials = errors.New("no credentials here")

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// A call whose context has already ended sends nothing through a mock,
// which, unlike net/http's transport, does not look at the context: the
// official client sends nothing either, and both return the context's error.
func TestHTTPMockEndedContextSendsNothing(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(http.StatusOK, `{"RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`), nil
	})
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), HTTPClient: &http.Client{Transport: mt}}
	off := lambda.NewFromConfig(cfg)
	c, err := awslambda.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Credentials fetched once, as a service's earlier calls would have.
	if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	mt.ZeroCallCounters()
	_, offErr := off.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
	offSent := mt.GetTotalCallCount()
	_, ourErr := c.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
	if sent := mt.GetTotalCallCount() - offSent; offSent != 0 || sent != 0 || !errors.Is(offErr, context.Canceled) || !errors.Is(ourErr, context.Canceled) {
		t.Errorf("official: %d sent, %v; provconc: %d sent, %v; want nothing sent and context.Canceled", offSent, offErr, sent, ourErr)
	}
}
