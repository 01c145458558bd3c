// This file measures one Get, the cost a user pays on every call, through
// provconc's default client, a hand-written floor, and the official SDK.

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// getFunc is one implementation of Get: it reads the config of
// my-function version 1 and returns the requested concurrency.
type getFunc func(ctx context.Context) (int, error)

// getImpls returns the implementations compared by BenchmarkGet, in the
// order they are reported, each talking to endpoint, through rt if it is
// not nil (else each through its pool).
func getImpls(tb testing.TB, endpoint string, rt http.RoundTripper) []struct {
	name string
	get  getFunc
} {
	return []struct {
		name string
		get  getFunc
	}{
		{"floor", newFloorGet(tb, endpoint, rt)},
		{"provconc", newProvconcGet(tb, endpoint, rt)},
		{"awssdk", newAWSSDKGet(tb, endpoint, rt)},
	}
}

// BenchmarkGet measures one GetProvisionedConcurrencyConfig, one goroutine
// at a time, over a kept-alive loopback connection:
//
//   - impl=floor: a hand-written net/http GET signed with aws-sdk-go-v2's
//     SigV4 signer and decoded with encoding/json, nothing else;
//   - impl=provconc: provconc's default AWS client (awslambda.New, retries
//     on, its default pool);
//   - impl=awssdk: aws-sdk-go-v2's lambda client, its default retryer.
//
// All three sign with the same static credentials behind an
// aws.CredentialsCache, and use pools with the same settings.
//
// server=fixed answers every request from memory with a real-shaped body;
// server=emulator is the in-process emulator behind the same kind of
// listener, which adds its own (equal) cost to every call.
func BenchmarkGet(b *testing.B) {
	servers := []struct {
		name    string
		handler func(testing.TB) http.Handler
	}{
		{"fixed", func(testing.TB) http.Handler { return fixedGetHandler() }},
		{"emulator", func(tb testing.TB) http.Handler { return newEmulator(tb, emulator.Options{}) }},
	}
	for _, s := range servers {
		srv := serve(b, s.handler(b))
		for _, impl := range getImpls(b, srv.URL, nil) {
			b.Run(fmt.Sprintf("server=%s/impl=%s", s.name, impl.name), func(b *testing.B) {
				benchGet(b, impl.get)
			})
		}
	}
	// server=memory answers from memory inside the client's process, with
	// no socket: a RoundTripper in place of the pool. What is left is each
	// client's own work, free of the loopback's noise.
	for _, impl := range getImpls(b, "http://lambda.test", memoryTransport{}) {
		b.Run("server=memory/impl="+impl.name, func(b *testing.B) {
			benchGet(b, impl.get)
		})
	}
}

// benchGet times get.
func benchGet(b *testing.B, get getFunc) {
	ctx := context.Background()
	// One call outside the timing opens the connection.
	if _, err := get(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n, err := get(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if n != 100 {
			b.Fatalf("requested = %d, want 100", n)
		}
	}
}

// memoryTransport answers every request with getAnswer, from memory.
type memoryTransport struct{}

func (memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header: http.Header{
			"Content-Type":     {"application/json"},
			"X-Amzn-Requestid": {"f6d8ac3c-ba5f-4d4f-9d4b-6e0e4a6c7b1a"},
		},
		ContentLength: int64(len(getAnswer)),
		Body:          io.NopCloser(strings.NewReader(getAnswer)),
		Request:       req,
	}, nil
}

// floorConfig is the floor's view of a Get answer.
type floorConfig struct {
	RequestedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	AllocatedProvisionedConcurrentExecutions int
	Status                                   string
	StatusReason                             string
	LastModified                             string
}

// emptyPayloadHash is the SHA-256 of an empty body.
const emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// newFloorGet returns the least a Go program can do for a signed Get: build
// the URL, sign, send, read, decode. No validation, no retries, no error
// decoding beyond the status.
func newFloorGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	if rt == nil {
		rt = newPool(tb)
	}
	client := &http.Client{Transport: rt}
	creds := newCredentials()
	signer := v4.NewSigner()
	url := endpoint + "/2019-09-30/functions/" + functionName + "/provisioned-concurrency?Qualifier=1"
	return func(ctx context.Context) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, err
		}
		c, err := creds.Retrieve(ctx)
		if err != nil {
			return 0, err
		}
		if err := signer.SignHTTP(ctx, c, req, emptyPayloadHash, "lambda", region, time.Now()); err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("floor: HTTP %d: %s", resp.StatusCode, body)
		}
		var cfg floorConfig
		if err := json.Unmarshal(body, &cfg); err != nil {
			return 0, err
		}
		return cfg.RequestedProvisionedConcurrentExecutions, nil
	}
}

// newProvconcGet returns Get through provconc's default client, on rt
// instead of its own pool if rt is not nil.
func newProvconcGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	var optFns []func(*awslambda.Options)
	if rt != nil {
		optFns = append(optFns, withHTTPClient(&http.Client{Transport: rt}))
	}
	return newProvconcGetWith(tb, endpoint, optFns...)
}

// newProvconcGetWith returns Get through provconc's client with options.
func newProvconcGetWith(tb testing.TB, endpoint string, optFns ...func(*awslambda.Options)) getFunc {
	c, err := newProvconc(endpoint, optFns...)
	if err != nil {
		tb.Fatal(err)
	}
	in := &provconc.GetInput{FunctionName: functionName, Qualifier: "1"}
	return func(ctx context.Context) (int, error) {
		out, err := c.Get(ctx, in)
		if err != nil {
			return 0, err
		}
		return out.Requested, nil
	}
}

// newAWSSDKGet returns Get through the official lambda client, on rt
// instead of a pool if rt is not nil.
func newAWSSDKGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	var optFns []func(*lambda.Options)
	if rt != nil {
		optFns = append(optFns, func(o *lambda.Options) { o.HTTPClient = &http.Client{Transport: rt} })
	}
	return newAWSSDKGetWith(tb, endpoint, optFns...)
}
