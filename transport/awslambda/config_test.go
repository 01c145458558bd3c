package awslambda_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// configCounter serves the emulator and records each request's
// User-Agent.
type configCounter struct {
	next      http.RoundTripper
	requests  atomic.Int32
	userAgent atomic.Value
}

func (c *configCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	c.userAgent.Store(r.Header.Get("User-Agent"))
	return c.next.RoundTrip(r)
}

// What an aws.Config says reaches the wire: the HTTP client of any
// aws.HTTPClient type, the AppID in the User-Agent, the attempt limit.
func TestNewFromConfigHonoursTheConfig(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	_ = emu.CreateFunction("f")
	_, _ = emu.PublishVersion("f")
	counter := &configCounter{next: emu}
	c, err := awslambda.NewClient(aws.Config{
		Region: "us-east-1", Credentials: testCreds, HTTPClient: doerFunc(counter.RoundTrip), AppID: "billing svc/2",
		BaseEndpoint: aws.String("https://lambda.example.test"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 2}); err != nil {
		t.Fatal(err)
	}
	ua, _ := counter.userAgent.Load().(string)
	if !strings.HasPrefix(ua, "provconc/"+provconc.Version+" ") || !strings.HasSuffix(ua, " app/billing-svc-2") || !strings.Contains(ua, " lang/go#") {
		t.Errorf("User-Agent = %q; want provconc/%s ... app/billing-svc-2", ua, provconc.Version)
	}
	if counter.requests.Load() != 1 {
		t.Errorf("%d requests through the config's client, want 1", counter.requests.Load())
	}
}

// A BuildableClient itself, with its own timeout, carries the calls.
func TestNewFromConfigUsesABuildableClient(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	_ = emu.CreateFunction("f")
	_, _ = emu.PublishVersion("f")
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		emu.ServeHTTP(w, r)
	}))
	defer srv.Close()
	// The service's client dials wherever it likes (here, the loopback
	// server for any host); that it is the one used is the point.
	hc := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		}
	})
	c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: testCreds, HTTPClient: hc, BaseEndpoint: aws.String("http://lambda.example.test")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"}); !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
		t.Fatalf("Get: %v; want the emulator's not-found through the BuildableClient", err)
	}
	if requests.Load() != 1 {
		t.Errorf("%d requests through the BuildableClient, want 1", requests.Load())
	}
}

// A BuildableClient follows redirects, which the SDK cannot turn off in
// it: the answer of the other host is refused, and the call not retried.
func TestRedirectFollowedByABuildableClientIsRefused(t *testing.T) {
	t.Parallel()
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, `{"AllocatedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":5,"LastModified":"2024-05-01T12:00:00+0000","RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`)
	}))
	defer target.Close()
	// Another host name for the same loopback server.
	targetURL := strings.Replace(target.URL, "127.0.0.1", "localhost", 1)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, targetURL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer origin.Close()
	c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: testCreds, HTTPClient: awshttp.NewBuildableClient(), BaseEndpoint: aws.String(origin.URL)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(err.Error(), "followed a redirect") {
		t.Fatalf("Get = %+v, %v; want the redirected answer refused", out, err)
	}
	if reached.Load() != 1 {
		t.Errorf("the target was reached %d times, want 1: followed once, not retried", reached.Load())
	}
}

// Retry settings: the Retryer's MaxAttempts, overridden by
// RetryMaxAttempts; RetryMode standard or adaptive, and nothing else.
func TestNewFromConfigRetrySettings(t *testing.T) {
	t.Parallel()
	// A 503 on every attempt: unlike a throttle, which the rate limiter
	// retries until it is admitted, it is retried within the attempt
	// limit, which is what is counted here.
	failing := func(counter *atomic.Int32) doerFunc {
		return func(r *http.Request) (*http.Response, error) {
			counter.Add(1)
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"X-Amzn-Errortype": {"ServiceException"}},
				Body: http.NoBody, Request: r}, nil
		}
	}
	noWait := func(o *awslambda.Options) {
		o.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	for _, tc := range []struct {
		name string
		cfg  aws.Config
		want int32
	}{
		{"defaults", aws.Config{}, 3},
		{"RetryMaxAttempts", aws.Config{RetryMaxAttempts: 5}, 5},
		{"Retryer", aws.Config{Retryer: func() aws.Retryer { return aws.NopRetryer{} }}, 1},
		{"RetryMaxAttempts over Retryer", aws.Config{Retryer: func() aws.Retryer { return aws.NopRetryer{} }, RetryMaxAttempts: 2}, 2},
		{"standard", aws.Config{RetryMode: aws.RetryModeStandard, RetryMaxAttempts: 4}, 4},
		{"adaptive", aws.Config{RetryMode: aws.RetryModeAdaptive, RetryMaxAttempts: 4}, 4},
	} {
		var counter atomic.Int32
		cfg := tc.cfg
		cfg.Region, cfg.Credentials, cfg.HTTPClient = "us-east-1", testCreds, failing(&counter)
		c, err := awslambda.NewClient(cfg, noWait)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, err = c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		if !errors.Is(err, provconc.ErrService) || counter.Load() != tc.want {
			t.Errorf("%s: %d attempts, err %v; want %d attempts ending in the 503", tc.name, counter.Load(), err, tc.want)
		}
	}
	if _, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: testCreds, RetryMode: "legacy"}); err == nil || !strings.Contains(err.Error(), "RetryMode") {
		t.Errorf("RetryMode legacy: err = %v; want it refused naming RetryMode", err)
	}
	// The standard mode has no client-side rate limiting; nor does the
	// protocol then.
	p, err := awslambda.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: testCreds, RetryMode: aws.RetryModeStandard})
	if err != nil {
		t.Fatal(err)
	}
	if p.RateLimiter() != nil {
		t.Error("RetryMode standard: the rate limiter is on")
	}
	if p, _ := awslambda.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: testCreds}); p.RateLimiter() == nil {
		t.Error("default RetryMode: the rate limiter is off")
	}
}

// An attempt limit set in the aws.Config counts throttles too, while the
// rate limiter paces: a service that throttles every attempt gets that many
// and no more, and the call ends with the throttle.
func TestNewFromConfigAttemptLimitCountsThrottles(t *testing.T) {
	t.Parallel()
	var counter atomic.Int32
	throttling := doerFunc(func(r *http.Request) (*http.Response, error) {
		counter.Add(1)
		return &http.Response{StatusCode: http.StatusTooManyRequests,
			Header: http.Header{"X-Amzn-Errortype": {"TooManyRequestsException"}},
			Body:   io.NopCloser(strings.NewReader(`{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}`)), Request: r}, nil
	})
	c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: testCreds, HTTPClient: throttling, RetryMaxAttempts: 3},
		func(o *awslambda.Options) {
			o.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
		})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrTooManyRequests) || counter.Load() != 3 {
		t.Errorf("%d attempts, err %v; want 3 attempts ending in the throttle", counter.Load(), err)
	}
}

// APIOptions cannot apply; with a Logger the protocol says so.
func TestNewFromConfigSaysAPIOptionsAreNotUsed(t *testing.T) {
	t.Parallel()
	var logged strings.Builder
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	_, err := awslambda.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: testCreds,
		APIOptions: []func(*middleware.Stack) error{func(*middleware.Stack) error { return nil }},
	}, func(o *awslambda.Options) { o.Logger = logger })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "APIOptions are not used") {
		t.Errorf("log = %q; want a warning that APIOptions are not used", logged.String())
	}
}

// Interceptors and ServiceOptions reach into the official clients alike;
// they are named in the same warning, and nothing is said when none is set.
func TestNewFromConfigSaysInterceptorsAndServiceOptionsAreNotUsed(t *testing.T) {
	t.Parallel()
	var logged strings.Builder
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	cfg := aws.Config{Region: "us-east-1", Credentials: testCreds}
	if _, err := awslambda.NewFromConfig(cfg, func(o *awslambda.Options) { o.Logger = logger }); err != nil {
		t.Fatal(err)
	}
	if logged.Len() != 0 {
		t.Errorf("with no hooks set, log = %q; want nothing", logged.String())
	}
	cfg.Interceptors.AddBeforeTransmit(beforeTransmit{})
	cfg.ServiceOptions = []func(string, any){func(string, any) {}}
	if _, err := awslambda.NewFromConfig(cfg, func(o *awslambda.Options) { o.Logger = logger }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "Interceptors, ServiceOptions are not used") {
		t.Errorf("log = %q; want a warning naming Interceptors and ServiceOptions", logged.String())
	}
}

type beforeTransmit struct{}

func (beforeTransmit) BeforeTransmit(context.Context, *smithyhttp.InterceptorContext) error {
	return nil
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// An aws.Config without Credentials, as a test against a mock builds it,
// gives unsigned requests, as the official client sends them, rather than
// an error.
func TestNewFromConfigWithoutCredentialsSendsUnsigned(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var auth []string
	var mu sync.Mutex
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		return httpmock.NewStringResponse(http.StatusOK, `{"RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`), nil
	})
	cfg := aws.Config{Region: "us-east-1", HTTPClient: &http.Client{Transport: mt}}
	_, offErr := lambda.NewFromConfig(cfg).GetProvisionedConcurrencyConfig(context.Background(),
		&lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
	c, err := awslambda.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient without Credentials: %v; the official client accepts the config (its call: %v)", err, offErr)
	}
	out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if offErr != nil || err != nil || out.Status != provconc.StatusReady || len(auth) != 2 || auth[0] != "" || auth[1] != "" {
		t.Errorf("official: %v; provconc: %v; Authorization sent %q; want both unsigned and READY", offErr, err, auth)
	}
}

// zeroAttemptsRetryer is an aws.Retryer whose MaxAttempts is 0, which
// aws.Retryer documents as retrying until the attempt succeeds.
type zeroAttemptsRetryer struct{ aws.NopRetryer }

func (zeroAttemptsRetryer) MaxAttempts() int { return 0 }

// A Retryer's MaxAttempts of 0 means no limit, as aws.Retryer documents: a
// 503 six times and then an answer is retried past the default three
// attempts and succeeds.
func TestNewFromConfigRetryerZeroAttemptsIsUnlimited(t *testing.T) {
	t.Parallel()
	var counter atomic.Int32
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		if counter.Add(1) <= 6 {
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"X-Amzn-Errortype": {"ServiceException"}},
				Body: http.NoBody, Request: r}, nil
		}
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`)), Request: r}, nil
	})
	cfg := aws.Config{Region: "us-east-1", Credentials: testCreds, HTTPClient: doer,
		Retryer: func() aws.Retryer { return zeroAttemptsRetryer{} }}
	c, err := awslambda.NewClient(cfg, func(o *awslambda.Options) {
		o.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if err != nil || out.Status != provconc.StatusReady || counter.Load() != 7 {
		t.Errorf("%d attempts, err %v; want 7 attempts ending READY", counter.Load(), err)
	}
}
