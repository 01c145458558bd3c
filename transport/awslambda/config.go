// This file maps an aws.Config onto Options: what a service already set up
// for its official clients applies here too, field by field, as the README's
// table says.

package awslambda

import (
	"context"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/internal/awsproto"
)

// NewFromConfig returns a Protocol using what applies of an aws.Config;
// optFns adjust the options after.
//
//   - Region, Credentials: as they are; no Credentials sends unsigned
//     requests, as the official clients do.
//   - The endpoint, found as the official Lambda client finds it: the
//     (deprecated) EndpointResolverWithOptions or EndpointResolver, asked
//     once here, whose SigningRegion, if any, becomes the Region; else
//     AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, the profile's services
//     section or endpoint_url, BaseEndpoint. FIPS and dual-stack
//     endpoints, when the config's sources ask for them, as the official
//     endpoint rules build them; with a custom endpoint, refused as there.
//   - HTTPClient, of any aws.HTTPClient type, used as it is at each attempt.
//   - AppID, in the User-Agent as "app/<AppID>".
//   - Retryer: its MaxAttempts (0: no limit, retried until the call's
//     context ends, as aws.Retryer documents it); RetryMaxAttempts, when
//     set, overrides it as in the official clients. The delays and the retry decisions are
//     provconc's own (transport/retry), since an aws.Retryer judges
//     smithy errors, which provconc does not produce.
//   - RetryMode: "adaptive" (and the empty default) paces attempts with
//     provconc's rate limiter; "standard" turns the limiter off, as the
//     standard mode has none; anything else is refused.
//
// APIOptions cannot apply: provconc has no smithy middleware stack; nor
// can Interceptors and ServiceOptions. Use
// Options.TracerProvider and MeterProvider for what otelaws adds there, or
// an HTTPClient wrapping its transport for anything else; when Logger is
// set, a warning names those that were set and not used.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) (*Protocol, error) {
	set, err := awsproto.FromConfig("awslambda", cfg, lambdaSDKID, signingName)
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
		opts.Endpoint = awsproto.PublicEndpoint("lambda", opts.Region, fips, dualStack)
	}
	if unused := awsproto.UnusedHooks(cfg); len(unused) > 0 && opts.Logger != nil {
		opts.Logger.LogAttrs(context.Background(), slog.LevelWarn,
			"awslambda: aws.Config."+strings.Join(unused, ", ")+" are not used: provconc has no smithy middleware stack, interceptors or service client Options; use Options.TracerProvider, MeterProvider or an HTTPClient that wraps its transport",
			slog.Int("apiOptions", len(cfg.APIOptions)))
	}
	return New(opts)
}

// lambdaSDKID is the service id the AWS configuration files and variables
// use for Lambda (AWS_ENDPOINT_URL_LAMBDA, "lambda =" in a services section).
const lambdaSDKID = "Lambda"
