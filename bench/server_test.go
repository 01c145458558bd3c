// This file holds what every benchmark shares: the credentials, the loopback
// servers, and the three kinds of client (provconc, the hand-written floor,
// the official SDK) built on identical connection pools.

package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
)

const (
	region       = "us-east-1"
	functionName = "my-function"
	accessKey    = "AKIDEXAMPLE"
	secretKey    = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

// newCredentials returns the provider every client signs with: a static
// provider wrapped in aws.CredentialsCache, as config.LoadDefaultConfig would
// hand it out. Each client gets its own cache.
func newCredentials() *aws.CredentialsCache {
	return aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""))
}

// newPool returns an http.Transport with the settings of provconc's default
// pool (http.DefaultTransport's, with 100 idle connections in all and 64 per
// host), so the floor and the official SDK keep connections alive exactly
// as provconc's default client does.
func newPool(tb testing.TB) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 64
	tb.Cleanup(t.CloseIdleConnections)
	return t
}

// serve starts a loopback server for h, closed at the end of tb.
func serve(tb testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// getAnswer is a Get answer of the real service (the README example of
// GetProvisionedConcurrencyConfig), as the fixed handler sends it.
const getAnswer = `{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,"LastModified":"2019-12-31T20:28:49+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"READY"}`

// fixedGetHandler answers every request with getAnswer and the headers the
// service sends, doing no other work: the server's share of a call is then
// as small as it can be, which makes client overheads stand out.
func fixedGetHandler() http.Handler {
	body := []byte(getAnswer)
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		h["X-Amzn-RequestId"] = []string{"f6d8ac3c-ba5f-4d4f-9d4b-6e0e4a6c7b1a"}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// newEmulator returns an emulator holding my-function with version 1 and a
// READY config of 100 on it. It checks no signature (the check would add
// the same server cost to every client).
func newEmulator(tb testing.TB, opts emulator.Options) *emulator.Server {
	emu := emulator.New(opts)
	if err := emu.CreateFunction(functionName); err != nil {
		tb.Fatal(err)
	}
	seedConfigs(tb, emu, 1, 100)
	return emu
}

// seedConfigs publishes n versions of my-function and puts a config of
// requested on each, through the emulator's in-process RoundTripper (no socket, no
// signing, no retries): the emulator's API has no other way to create
// configs.
func seedConfigs(tb testing.TB, emu *emulator.Server, n, requested int) {
	p, err := awslambda.New(awslambda.Options{
		Region:      region,
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  emu.Client(),
		Retry:       retry.Options{MaxAttempts: 1},
	})
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	for range n {
		v, err := emu.PublishVersion(functionName)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := p.Put(ctx, &provconc.PutInput{FunctionName: functionName, Qualifier: v, ProvisionedConcurrentExecutions: requested}); err != nil {
			tb.Fatal(err)
		}
	}
}

// newProvconc returns provconc's default client for the AWS Lambda protocol:
// awslambda.New with static credentials and the server as endpoint, retries
// and pool as by default.
func newProvconc(endpoint string, optFns ...func(*awslambda.Options)) (*provconc.Client, error) {
	opts := awslambda.Options{Region: region, Credentials: newCredentials(), Endpoint: endpoint}
	for _, fn := range optFns {
		fn(&opts)
	}
	p, err := awslambda.New(opts)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}

// newAWSSDK returns the official Lambda client pointed at endpoint, on a
// pool like provconc's. optFns adjust its options (the retryer, say).
func newAWSSDK(tb testing.TB, endpoint string, optFns ...func(*lambda.Options)) *lambda.Client {
	return lambda.New(lambda.Options{
		Region:       region,
		Credentials:  newCredentials(),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   &http.Client{Transport: newPool(tb)},
	}, optFns...)
}

// withHTTPClient sets the client provconc sends through.
func withHTTPClient(c *http.Client) func(*awslambda.Options) {
	return func(o *awslambda.Options) { o.HTTPClient = c }
}
