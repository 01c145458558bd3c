package awsproto

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/internal/redact"
)

// ConfigSettings is what applies of an aws.Config to one of provconc's AWS
// protocols, read as the official clients read it (see FromConfig).
type ConfigSettings struct {
	// Region is the config's, or the SigningRegion of its endpoint
	// resolver when that gives one.
	Region string
	// Credentials are the config's; aws.AnonymousCredentials when it has
	// none, as the official clients then send unsigned requests (a
	// hand-built aws.Config, in a test against a mock, say).
	Credentials aws.CredentialsProvider
	// Endpoint is the one the config's sources set: its (deprecated)
	// endpoint resolver, the environment, the profile, BaseEndpoint; empty
	// for the public one.
	Endpoint string
	// MaxAttempts is the attempt limit the config sets, 0 for none (see
	// MaxAttempts).
	MaxAttempts int
	// DisableRateLimit says RetryMode is "standard", which paces nothing.
	DisableRateLimit bool
	// FIPS and DualStack say the config's sources ask for those endpoint
	// variants (never with an endpoint resolver's URL, which the official
	// clients leave them to).
	FIPS, DualStack bool
}

// FromConfig reads cfg for the protocol package pkg (named in errors), whose
// service has the SDK ID sdkID and the signing name signingName. It refuses
// what the official clients refuse: a failing endpoint resolver, FIPS or
// dual-stack with a custom endpoint, an unknown RetryMode.
func FromConfig(pkg string, cfg aws.Config, sdkID, signingName string) (ConfigSettings, error) {
	set := ConfigSettings{
		Region:      cfg.Region,
		Credentials: cfg.Credentials,
		Endpoint:    ConfiguredEndpoint(context.Background(), cfg, sdkID),
		MaxAttempts: MaxAttempts(cfg),
	}
	if set.Credentials == nil {
		set.Credentials = aws.AnonymousCredentials{}
	}
	resolved, signingRegion, err := ResolverEndpoint(pkg, cfg, sdkID, signingName)
	if err != nil {
		return ConfigSettings{}, err
	}
	set.FIPS, set.DualStack, err = EndpointVariants(context.Background(), pkg, cfg)
	if err != nil {
		return ConfigSettings{}, err
	}
	if resolved != "" {
		set.Endpoint = resolved
		if signingRegion != "" {
			set.Region = signingRegion
		}
		// The official clients leave the variants to such a resolver.
		set.FIPS, set.DualStack = false, false
	}
	if err := CheckVariantsWithEndpoint(pkg, set.Endpoint, set.FIPS, set.DualStack); err != nil {
		return ConfigSettings{}, err
	}
	switch cfg.RetryMode {
	case "", aws.RetryModeAdaptive:
	case aws.RetryModeStandard:
		set.DisableRateLimit = true
	default:
		return ConfigSettings{}, fmt.Errorf("%s: aws.Config.RetryMode %s: must be %q or %q", pkg, redact.Quote(string(cfg.RetryMode)), aws.RetryModeStandard, aws.RetryModeAdaptive)
	}
	return set, nil
}
