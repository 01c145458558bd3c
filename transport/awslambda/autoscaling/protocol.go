// Package autoscaling speaks Application Auto Scaling (JSON 1.1, API version
// 2016-02-06) for Lambda provisioned concurrency: scalable targets with
// ServiceNamespace "lambda" and ScalableDimension
// "lambda:function:ProvisionedConcurrency", scheduled actions and
// target-tracking policies on LambdaProvisionedConcurrencyUtilization. Every
// call is POST / with X-Amz-Target: AnyScaleFrontendService.<Operation>,
// signed with SigV4 under the name application-autoscaling, sent through
// the same retrying, timed and instrumented client as transport/awslambda;
// requests are byte for byte those of aws-sdk-go-v2's applicationautoscaling
// client.
//
// Protocol also implements provconc.ScalingAPI: PutScaling turns a
// provconc.ScalingPlan into a registered target, scheduled actions and a
// tracking policy, and removes the ones the plan no longer has.
package autoscaling

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/awsproto"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/internal/telemetry"
	"github.com/provconc/provconc/transport/retry"
)

// ProviderName names this protocol in errors.
const ProviderName = "aws-application-autoscaling"

// Wire constants of the service.
const (
	signingName   = "application-autoscaling"
	serviceID     = "Application Auto Scaling"
	targetPrefix  = "AnyScaleFrontendService."
	contentType   = "application/x-amz-json-1.1"
	apiVersion    = "2016-02-06"
	endpointSDKID = "Application Auto Scaling"
)

// Lambda's names in Application Auto Scaling.
const (
	// ServiceNamespace is the namespace of Lambda resources.
	ServiceNamespace = "lambda"
	// ScalableDimension is Lambda's provisioned concurrency.
	ScalableDimension = "lambda:function:ProvisionedConcurrency"
	// MetricType is the predefined metric of target tracking.
	MetricType = "LambdaProvisionedConcurrencyUtilization"
)

// Options configures a Protocol. The fields are those of
// awslambda.Options, for the same ideas.
type Options struct {
	// Region is the AWS region, such as "eu-central-1". Required.
	Region string
	// Credentials signs requests. Required; aws.AnonymousCredentials{}
	// sends unsigned requests (to an emulator, say).
	Credentials aws.CredentialsProvider
	// Endpoint overrides the service URL, such as "http://127.0.0.1:4566".
	Endpoint string
	// HTTPClient sends each attempt, used as it is when the attempt is
	// made; nil for a pooled transport of the protocol's own.
	HTTPClient aws.HTTPClient
	// Timeout bounds each call, retries included: 60s if zero, none if
	// negative. It counts from the call's first turn, as in
	// awslambda.Options.
	Timeout time.Duration
	// AttemptTimeout bounds each attempt: 20s if zero, none if negative.
	AttemptTimeout time.Duration
	// AppID names the application in the User-Agent ("app/<AppID>").
	AppID string
	// Retry tunes retries; the zero value gives transport/retry's defaults.
	Retry retry.Options
	// Logger receives debug records of each attempt; nil for none.
	Logger *slog.Logger
	// TracerProvider traces each operation as the AWS SDK instrumentation
	// names it ("Application Auto Scaling.PutScheduledAction"); nil for the
	// global provider.
	TracerProvider trace.TracerProvider
	// MeterProvider records durations, attempts and throttles; nil for the
	// global provider.
	MeterProvider metric.MeterProvider
	// Now is the signing clock; nil for time.Now.
	Now func() time.Time
}

// fields is the safe view of the options, the fields of awslambda.Options
// under the same names.
func (o Options) fields() redact.Fields {
	creds := "nil"
	if o.Credentials != nil {
		creds = fmt.Sprintf("%T %s", o.Credentials, redact.Marker)
	}
	return redact.Fields{
		{Key: "Region", Value: redact.Clip(o.Region)},
		{Key: "Credentials", Value: creds},
		{Key: "Endpoint", Value: redact.URL(o.Endpoint)},
		{Key: "HTTPClient", Value: redact.SetOrNil(o.HTTPClient != nil)},
		{Key: "Timeout", Value: o.Timeout},
		{Key: "AttemptTimeout", Value: o.AttemptTimeout},
		{Key: "AppID", Value: redact.Clip(o.AppID)},
		{Key: "Retry.MaxAttempts", Value: o.Retry.MaxAttempts},
		{Key: "Logger", Value: redact.SetOrNil(o.Logger != nil)},
		{Key: "TracerProvider", Value: redact.SetOrNil(o.TracerProvider != nil)},
		{Key: "MeterProvider", Value: redact.SetOrNil(o.MeterProvider != nil)},
		{Key: "Now", Value: redact.SetOrNil(o.Now != nil)},
	}
}

// String describes the options with the credentials shown by type only.
func (o Options) String() string { return o.fields().String("autoscaling.Options") }

// GoString is String, so %#v redacts too.
func (o Options) GoString() string { return o.String() }

// Format writes String for every verb, so no verb reaches the credentials.
func (o Options) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(o.String())) }

// LogValue gives slog the redacted form.
func (o Options) LogValue() slog.Value { return o.fields().LogValue() }

// MarshalJSON encodes the redacted form.
func (o Options) MarshalJSON() ([]byte, error) { return o.fields().MarshalJSON() }

// Protocol calls Application Auto Scaling. It is safe for concurrent use.
type Protocol struct {
	baseURL    string
	region     string
	httpClient *httpcall.Client
	telemetry  *telemetry.Telemetry
	now        func() time.Time
}

var _ provconc.ScalingAPI = (*Protocol)(nil)

// New checks opts and returns a Protocol.
func New(opts Options) (*Protocol, error) {
	if err := awsproto.ValidateRegion("autoscaling", opts.Region); err != nil {
		return nil, err
	}
	if err := awsproto.CheckCredentials("autoscaling", opts.Credentials); err != nil {
		return nil, err
	}
	baseURL, err := awsproto.ResolveEndpoint("autoscaling", "application-autoscaling", opts.Region, opts.Endpoint)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sign := awsproto.Sign("autoscaling", signingName, opts.Region, opts.Credentials, now)
	retryOpts := opts.Retry
	if retryOpts.Classify == nil {
		retryOpts.Classify = retry.DefaultClassifier
	}
	retryOpts.Classify = awsproto.SkewAwareClassifier(awsproto.ThrottleCodeClassifier(retryOpts.Classify, isThrottle))
	if retryOpts.Logger == nil {
		retryOpts.Logger = opts.Logger
	}
	retryOpts.OnAttempt = telemetry.OnAttemptAfter(retryOpts.OnAttempt)
	return &Protocol{
		baseURL: baseURL,
		region:  opts.Region,
		now:     now,
		httpClient: httpcall.NewClient(httpcall.Config{
			HTTPClient:     opts.HTTPClient,
			Sign:           sign,
			Retry:          retryOpts,
			Timeout:        opts.Timeout,
			AttemptTimeout: opts.AttemptTimeout,
			Header:         http.Header{"User-Agent": {awsproto.UserAgent("application-auto-scaling#"+apiVersion, opts.AppID)}},
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

// NewFromConfig returns a Protocol using what applies of an aws.Config:
// Region, Credentials (none sends unsigned requests, as the official
// client does), HTTPClient, AppID, the retry attempts, and the endpoint as
// the official client finds it (the deprecated EndpointResolverWithOptions
// or EndpointResolver, whose SigningRegion becomes the Region;
// AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING, the profile's services
// section, BaseEndpoint; FIPS and dual-stack endpoints when the config's
// sources ask for them, refused with a custom endpoint); optFns adjust the
// options after.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) (*Protocol, error) {
	set, err := awsproto.FromConfig("autoscaling", cfg, endpointSDKID, signingName)
	if err != nil {
		return nil, err
	}
	opts := Options{
		Region:      set.Region,
		Credentials: set.Credentials,
		Endpoint:    set.Endpoint,
		HTTPClient:  cfg.HTTPClient,
		AppID:       cfg.AppID,
	}
	opts.Retry.MaxAttempts = set.MaxAttempts
	opts.Retry.DisableRateLimit = set.DisableRateLimit
	fips, dualStack := set.FIPS, set.DualStack
	for _, fn := range optFns {
		fn(&opts)
	}
	if (fips || dualStack) && opts.Endpoint == "" {
		if fips && !dualStack && awsproto.PartitionForRegion(opts.Region).Name == "aws-us-gov" {
			// The service's FIPS endpoints in GovCloud are its plain ones,
			// as its endpoint rules say.
			fips = false
		}
		opts.Endpoint = awsproto.PublicEndpoint("application-autoscaling", opts.Region, fips, dualStack)
	}
	return New(opts)
}

// Region returns the region the protocol signs for.
func (p *Protocol) Region() string { return p.region }

// Endpoint returns the base URL requests go to.
func (p *Protocol) Endpoint() string { return p.baseURL }

// isThrottle says whether an error code is the service's throttle: its
// ThrottlingException ("Rate exceeded", with HTTP 400, which a classifier
// looking at the status alone misses) and the codes the official clients
// count as throttles whatever the status (a front end's 503 SlowDown), but
// LimitExceededException, which this service answers for a per-account
// resource limit that no retry lifts (see kindOf).
func isThrottle(code string) bool { return kindOf(code, 0) == provconc.ErrTooManyRequests }
