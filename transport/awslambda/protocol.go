// Package awslambda speaks the AWS Lambda provisioned-concurrency API
// (REST-JSON, API version 2019-09-30) for a provconc.Client: the same paths,
// query names, bodies and answers as the official SDK, SigV4 signing through
// aws-sdk-go-v2's signer, and retries through transport/retry.
//
// An aws.Config from config.LoadDefaultConfig plugs straight in:
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	...
//	client, err := awslambda.NewClient(cfg)
package awslambda

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/awsproto"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/telemetry"
	"github.com/provconc/provconc/transport/retry"
)

// ProviderName names this protocol in errors and extensions.
const ProviderName = "aws-lambda"

// signingName is the SigV4 service name of Lambda.
const signingName = "lambda"

// serviceID is the service's name in the AWS SDKs, their span names and
// rpc.service.
const serviceID = "Lambda"

// Options configures a Protocol. transport/tencentscf's Options have the
// same fields for the same ideas.
type Options struct {
	// Region is the AWS region, such as "us-west-2". Required; it picks the
	// endpoint (in any partition: aws, aws-cn, aws-us-gov, aws-iso*, ...) and
	// the signing scope.
	Region string
	// Credentials signs requests. Required; pass the Credentials of an
	// aws.Config, or aws.AnonymousCredentials{} to send unsigned requests
	// (to an emulator, say). A provider that is not already an
	// *aws.CredentialsCache is wrapped in one.
	Credentials aws.CredentialsProvider
	// Endpoint overrides the service URL, for emulators, LocalStack and
	// proxies: "http://127.0.0.1:4566". A base path is kept.
	Endpoint string
	// HTTPClient sends each attempt: an *http.Client, aws-sdk-go-v2's
	// *awshttp.BuildableClient, or anything with its Do method. It is used
	// as it is when the attempt is made, so its timeouts, proxy and TLS
	// settings apply, and a Transport swapped in later (by
	// httpmock.ActivateNonDefault, say) is the one used. An *http.Client
	// without a CheckRedirect of its own does not follow redirects (the
	// service never redirects, and a signed request must not go
	// elsewhere). Another client may follow one (BuildableClient does): the
	// request then reaches the other host, but its answer is refused with
	// ErrInvalidResponse, the error naming both hosts. Such a client, or
	// its transport, that rewrites the URL's host is refused the same way.
	// Nil sends through a pooled transport of the
	// protocol's own, or through http.DefaultTransport once something has
	// replaced it (httpmock.Activate).
	HTTPClient aws.HTTPClient
	// Timeout bounds each call, retries and waits included, when the
	// context has no earlier deadline: 60s if zero; negative for no bound.
	// It counts from the call's first turn: time in the rate limiter's line
	// behind the client's other calls, while it paces them, is bounded by
	// the context alone (see "Time limits" in the README).
	Timeout time.Duration
	// AttemptTimeout bounds each attempt, from sending the request to the
	// last byte of the answer; an attempt that runs out is retried like a
	// network timeout: 20s if zero; negative for no bound.
	AttemptTimeout time.Duration
	// AppID names the application in the User-Agent ("app/<AppID>"), as
	// aws.Config.AppID does for the official clients. Characters the header
	// does not allow become '-'.
	AppID string
	// Retry tunes retries; the zero value gives the defaults of
	// transport/retry. Set Retry.MaxAttempts to 1 to disable retries.
	Retry retry.Options
	// Logger receives debug records of each attempt; nil for none. Secrets
	// and signatures are never logged.
	Logger *slog.Logger
	// TracerProvider traces each operation (a span named as the AWS SDK's
	// instrumentation names it, "Lambda.GetProvisionedConcurrencyConfig",
	// with an event per attempt); nil for the global provider, which
	// records nothing until the service installs one.
	TracerProvider trace.TracerProvider
	// MeterProvider records the operations' duration, attempts, throttles
	// and rate-limiter waits; nil for the global provider.
	MeterProvider metric.MeterProvider
	// Now is the signing clock; nil for time.Now.
	Now func() time.Time
}

// Protocol implements provconc.Protocol for AWS Lambda. It is safe for
// concurrent use.
type Protocol struct {
	baseURL    string
	region     string
	partition  string
	httpClient *httpcall.Client
	telemetry  *telemetry.Telemetry
}

var _ provconc.Protocol = (*Protocol)(nil)

// New checks opts and returns a Protocol. It fails on a missing or malformed
// region, missing credentials, or a malformed endpoint.
func New(opts Options) (*Protocol, error) {
	if err := awsproto.ValidateRegion("awslambda", opts.Region); err != nil {
		return nil, err
	}
	if err := awsproto.CheckCredentials("awslambda", opts.Credentials); err != nil {
		return nil, err
	}
	baseURL, err := awsproto.ResolveEndpoint("awslambda", "lambda", opts.Region, opts.Endpoint)
	if err != nil {
		return nil, err
	}
	sign := awsproto.Sign("awslambda", signingName, opts.Region, opts.Credentials, opts.Now)
	retryOpts := opts.Retry
	if retryOpts.Classify == nil {
		retryOpts.Classify = retry.DefaultClassifier
	}
	retryOpts.Classify = awsproto.SkewAwareClassifier(awsproto.ThrottleCodeClassifier(retryOpts.Classify, nil))
	if retryOpts.Logger == nil {
		retryOpts.Logger = opts.Logger
	}
	retryOpts.OnAttempt = telemetry.OnAttemptAfter(retryOpts.OnAttempt)
	return &Protocol{
		baseURL:   baseURL,
		region:    opts.Region,
		partition: awsproto.PartitionForRegion(opts.Region).Name,
		httpClient: httpcall.NewClient(httpcall.Config{
			HTTPClient:     opts.HTTPClient,
			Sign:           sign,
			Retry:          retryOpts,
			Timeout:        opts.Timeout,
			AttemptTimeout: opts.AttemptTimeout,
			Header:         http.Header{"User-Agent": {awsproto.UserAgent("lambda#2019-09-30", opts.AppID)}},
		}),
		telemetry: telemetry.New(telemetry.Settings{
			TracerProvider: opts.TracerProvider,
			MeterProvider:  opts.MeterProvider,
			System:         "aws-api",
			Service:        serviceID,
			Region:         opts.Region,
			RequestIDKey:   "aws.request_id",
			Endpoint:       baseURL,
		}),
	}, nil
}

// NewClient returns a provconc.Client speaking to AWS Lambda with an
// aws.Config; see NewFromConfig.
func NewClient(cfg aws.Config, optFns ...func(*Options)) (*provconc.Client, error) {
	p, err := NewFromConfig(cfg, optFns...)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}

// RateLimiter returns the limiter that paces the protocol's attempts once
// the service throttles, or nil when pacing is off. Give it to another
// protocol's Options.Retry.RateLimiter to make both share one estimate of
// the rate the service admits.
func (p *Protocol) RateLimiter() *retry.RateLimiter { return p.httpClient.Retry().RateLimiter() }

// Region returns the region the protocol signs for.
func (p *Protocol) Region() string { return p.region }

// Endpoint returns the base URL requests go to.
// It is the URL as used, not a redacted form: New refuses an endpoint with
// user information, a query or a fragment, so it holds no secret. Messages
// and logs show endpoints by one redaction rule instead (see
// Options.String).
func (p *Protocol) Endpoint() string { return p.baseURL }

// Put sets provisioned concurrency (PutProvisionedConcurrencyConfig,
// PUT /2019-09-30/functions/{FunctionName}/provisioned-concurrency). The
// service answers 202 with Status IN_PROGRESS.
func (p *Protocol) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	ctx, op := p.telemetry.Start(ctx, opPut)
	out, err := p.put(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	ref, err := checkPut(in)
	if err != nil {
		return nil, err
	}
	req := p.newRequest(http.MethodPut, in.FunctionName, ref.Qualifier, putBody(in.ProvisionedConcurrentExecutions))
	cfg, md, err := p.callConfig(ctx, opPut, req, ref)
	if err != nil {
		return nil, err
	}
	return &provconc.PutOutput{Config: cfg, Metadata: md}, nil
}

// Get reads a config (GetProvisionedConcurrencyConfig, GET same path).
func (p *Protocol) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	ctx, op := p.telemetry.Start(ctx, opGet)
	out, err := p.get(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	ref, err := checkVersion(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	req := p.newRequest(http.MethodGet, in.FunctionName, ref.Qualifier, nil)
	cfg, md, err := p.callConfig(ctx, opGet, req, ref)
	if err != nil {
		return nil, err
	}
	return &provconc.GetOutput{Config: cfg, Metadata: md}, nil
}

// List reads one page (ListProvisionedConcurrencyConfigs, GET same path with
// List=ALL, Marker and MaxItems).
func (p *Protocol) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	ctx, op := p.telemetry.Start(ctx, opList)
	out, err := p.list(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) list(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	ref, err := checkList(in)
	if err != nil {
		return nil, err
	}
	req := p.newListRequest(in.FunctionName, in.Marker, in.MaxItems)
	resp, err := p.do(ctx, opList, req)
	if err != nil {
		return nil, err
	}
	return decodeList(resp, ref)
}

// Delete removes a config (DeleteProvisionedConcurrencyConfig, DELETE same
// path); the service answers 204.
func (p *Protocol) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	ctx, op := p.telemetry.Start(ctx, opDelete)
	out, err := p.delete(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	ref, err := checkVersion(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	req := p.newRequest(http.MethodDelete, in.FunctionName, ref.Qualifier, nil)
	resp, err := p.do(ctx, opDelete, req)
	if err != nil {
		return nil, err
	}
	return &provconc.DeleteOutput{Metadata: metadata(resp)}, nil
}
