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
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/transport/retry"
)

// ProviderName names this protocol in errors and extensions.
const ProviderName = "aws-lambda"

// signingName is the SigV4 service name of Lambda.
const signingName = "lambda"

// Options configures a Protocol.
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
	// HTTPClient is the client requests go through; nil for a default one.
	// Its Transport (a pooled copy of http.DefaultTransport if nil) is
	// wrapped with signing and retries; its Timeout and CheckRedirect are
	// kept. Without a CheckRedirect of its own, redirects are not followed
	// (the service never redirects, and a signed request must not go
	// elsewhere).
	HTTPClient *http.Client
	// Retry tunes retries; the zero value gives the defaults of
	// transport/retry. Set Retry.MaxAttempts to 1 to disable retries.
	Retry retry.Options
	// Logger receives debug records of each attempt; nil for none. Secrets
	// and signatures are never logged.
	Logger *slog.Logger
	// Now is the signing clock; nil for time.Now.
	Now func() time.Time
}

// Protocol implements provconc.Protocol for AWS Lambda. It is safe for
// concurrent use.
type Protocol struct {
	baseURL    string
	region     string
	partition  string
	httpClient *http.Client
}

var _ provconc.Protocol = (*Protocol)(nil)

// New checks opts and returns a Protocol. It fails on a missing or malformed
// region, missing credentials, or a malformed endpoint.
func New(opts Options) (*Protocol, error) {
	if err := validateRegion(opts.Region); err != nil {
		return nil, err
	}
	if opts.Credentials == nil {
		return nil, errors.New("awslambda: Credentials are required (use aws.AnonymousCredentials{} to send unsigned requests)")
	}
	baseURL, err := resolveEndpoint(opts.Region, opts.Endpoint)
	if err != nil {
		return nil, err
	}
	var sign func(http.RoundTripper) http.RoundTripper
	if !aws.IsCredentialsProvider(opts.Credentials, aws.AnonymousCredentials{}) {
		creds := opts.Credentials
		if _, cached := creds.(*aws.CredentialsCache); !cached {
			creds = aws.NewCredentialsCache(creds)
		}
		now := opts.Now
		if now == nil {
			now = time.Now
		}
		sign = func(next http.RoundTripper) http.RoundTripper {
			return &signingTransport{next: next, credentials: creds, signer: v4.NewSigner(), region: opts.Region, now: now, skew: new(clockSkew)}
		}
	}
	retryOpts := opts.Retry
	if retryOpts.Classify == nil {
		retryOpts.Classify = retry.DefaultClassifier
	}
	retryOpts.Classify = skewAwareClassifier(retryOpts.Classify)
	if retryOpts.Logger == nil {
		retryOpts.Logger = opts.Logger
	}
	return &Protocol{
		baseURL:    baseURL,
		region:     opts.Region,
		partition:  partitionForRegion(opts.Region).name,
		httpClient: httpcall.NewClient(opts.HTTPClient, sign, retryOpts),
	}, nil
}

// NewFromConfig returns a Protocol using an aws.Config's region, credentials,
// endpoint and retry attempt limit; optFns adjust the options after. The
// endpoint is found as the official Lambda client finds it:
// AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, the profile's services section
// or endpoint_url, cfg.BaseEndpoint. cfg.HTTPClient is used when it is an
// *http.Client.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) (*Protocol, error) {
	opts := Options{Region: cfg.Region, Credentials: cfg.Credentials}
	opts.Endpoint = configuredEndpoint(context.Background(), cfg)
	if hc, ok := cfg.HTTPClient.(*http.Client); ok {
		opts.HTTPClient = hc
	}
	if cfg.RetryMaxAttempts > 0 {
		opts.Retry.MaxAttempts = cfg.RetryMaxAttempts
	}
	for _, fn := range optFns {
		fn(&opts)
	}
	return New(opts)
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

// Region returns the region the protocol signs for.
func (p *Protocol) Region() string { return p.region }

// Endpoint returns the base URL requests go to.
func (p *Protocol) Endpoint() string { return p.baseURL }

// Put sets provisioned concurrency (PutProvisionedConcurrencyConfig,
// PUT /2019-09-30/functions/{FunctionName}/provisioned-concurrency). The
// service answers 202 with Status IN_PROGRESS.
func (p *Protocol) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
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
