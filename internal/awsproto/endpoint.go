// Package awsproto holds what the AWS protocols share (transport/awslambda
// and its autoscaling package): regions and partitions, endpoints found as
// the official clients find them, SigV4 signing with clock-skew
// correction, and the User-Agent.
package awsproto

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/internal/redact"
)

// Partition is an AWS partition: its name and the DNS suffixes of its
// endpoints, plain and dual-stack (IPv4 and IPv6).
type Partition struct {
	Name, DNSSuffix, DualStackDNSSuffix string
}

// PartitionForRegion picks the partition of a region by its prefix, as the
// official SDK's endpoint rules do. Unknown prefixes fall in the aws
// partition, as there.
func PartitionForRegion(region string) Partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return Partition{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}
	case strings.HasPrefix(region, "us-gov-"):
		return Partition{"aws-us-gov", "amazonaws.com", "api.aws"}
	case strings.HasPrefix(region, "us-isob-"):
		return Partition{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"}
	case strings.HasPrefix(region, "us-isof-"):
		return Partition{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"}
	case strings.HasPrefix(region, "us-iso-"):
		return Partition{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov"}
	case strings.HasPrefix(region, "eu-isoe-"):
		return Partition{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"}
	case strings.HasPrefix(region, "eusc-"):
		return Partition{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"}
	}
	return Partition{"aws", "amazonaws.com", "api.aws"}
}

// PublicEndpoint is the service's own endpoint in region, as the official
// endpoint rules build it: https://{host}[-fips].{region}.{suffix}, the
// suffix being the partition's dual-stack one when dualStack is set. Every
// partition offers both variants.
func PublicEndpoint(host, region string, fips, dualStack bool) string {
	p := PartitionForRegion(region)
	suffix := p.DNSSuffix
	if dualStack {
		suffix = p.DualStackDNSSuffix
	}
	if fips {
		host += "-fips"
	}
	return "https://" + host + "." + region + "." + suffix
}

// EndpointVariants reads whether an aws.Config's sources ask for FIPS
// and dual-stack endpoints (AWS_USE_FIPS_ENDPOINT,
// AWS_USE_DUALSTACK_ENDPOINT, use_fips_endpoint and use_dualstack_endpoint
// in the profile, config.WithUseFIPSEndpoint...), as the official clients
// read them: the first source that says wins. pkg prefixes errors.
func EndpointVariants(ctx context.Context, pkg string, cfg aws.Config) (fips, dualStack bool, err error) {
	type fipsSource interface {
		GetUseFIPSEndpoint(ctx context.Context) (aws.FIPSEndpointState, bool, error)
	}
	type dualStackSource interface {
		GetUseDualStackEndpoint(ctx context.Context) (aws.DualStackEndpointState, bool, error)
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(fipsSource); ok {
			v, found, err := p.GetUseFIPSEndpoint(ctx)
			if err != nil {
				return false, false, fmt.Errorf("%s: reading the FIPS endpoint setting: %w", pkg, err)
			}
			if found {
				fips = v == aws.FIPSEndpointStateEnabled
				break
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(dualStackSource); ok {
			v, found, err := p.GetUseDualStackEndpoint(ctx)
			if err != nil {
				return false, false, fmt.Errorf("%s: reading the dual-stack endpoint setting: %w", pkg, err)
			}
			if found {
				dualStack = v == aws.DualStackEndpointStateEnabled
				break
			}
		}
	}
	return fips, dualStack, nil
}

// CheckVariantsWithEndpoint refuses FIPS or dual-stack endpoints asked for
// together with a custom endpoint, as the official endpoint rules do
// ("FIPS and custom endpoint are not supported"): the custom one cannot be
// known to be either. pkg prefixes the error.
func CheckVariantsWithEndpoint(pkg, endpoint string, fips, dualStack bool) error {
	if endpoint == "" || (!fips && !dualStack) {
		return nil
	}
	what := "FIPS"
	if !fips {
		what = "dual-stack"
	} else if dualStack {
		what = "FIPS and dual-stack"
	}
	return fmt.Errorf("%s: the aws.Config asks for %s endpoints and sets the custom endpoint %s, which the official clients refuse as well: drop one", pkg, what, redact.QuoteURL(endpoint))
}

// ValidateRegion checks that region can stand in a host name: one label of
// at most 63 characters, as the official client's endpoint rules require.
// pkg prefixes the error ("awslambda").
func ValidateRegion(pkg, region string) error {
	if region == "" {
		return errors.New(pkg + ": Region is required")
	}
	if len(region) > 63 {
		return fmt.Errorf("%s: Region %s must be at most 63 characters (a host name label)", pkg, redact.Quote(region))
	}
	for i := 0; i < len(region); i++ {
		c := region[i]
		if !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '-' {
			return fmt.Errorf("%s: Region %s must contain only a-z, 0-9 and '-'", pkg, redact.Quote(region))
		}
	}
	if region[0] == '-' || region[len(region)-1] == '-' {
		return fmt.Errorf("%s: Region %s must not start or end with '-'", pkg, redact.Quote(region))
	}
	return nil
}

// ResolveEndpoint returns the base URL requests go to, without a trailing
// slash: the override when set, else the region's public endpoint,
// https://{host}.{region}.{partition DNS suffix}. pkg prefixes errors.
func ResolveEndpoint(pkg, host, region, override string) (string, error) {
	if override == "" {
		return PublicEndpoint(host, region, false, false), nil
	}
	// Every message shows the endpoint by redact's rule: it may carry a
	// password or a token.
	shown := redact.QuoteURL(override)
	u, err := url.Parse(override)
	if err != nil {
		return "", fmt.Errorf("%s: Endpoint %s is not a valid URL: %w", pkg, shown, redact.URLParseError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%s: Endpoint %s must be an http or https URL", pkg, shown)
	}
	if u.Host == "" {
		return "", fmt.Errorf("%s: Endpoint %s has no host", pkg, shown)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%s: Endpoint %s must not carry a query, fragment or user info", pkg, shown)
	}
	// A base path (a proxy prefix, say) is kept; requests go below it.
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// ConfiguredEndpoint finds the endpoint the official client of the service
// sdkID ("Lambda", "Application Auto Scaling") takes from an aws.Config, in
// its order: AWS_ENDPOINT_URL_<SDKID> (upper case, spaces as '_'), else
// AWS_ENDPOINT_URL, else the profile's services section, else the
// profile's endpoint_url; only the global ones when
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set. config.LoadDefaultConfig
// resolves only the global ones (into cfg.BaseEndpoint); the service ones
// are each service client's job. The config sources are reached through
// the methods the official loaders offer, so this package need not import
// the config module.
func ConfiguredEndpoint(ctx context.Context, cfg aws.Config, sdkID string) string {
	var global string
	if cfg.BaseEndpoint != nil {
		global = *cfg.BaseEndpoint
	}
	_, hasGlobal := os.LookupEnv("AWS_ENDPOINT_URL")
	_, hasService := os.LookupEnv("AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(sdkID, " ", "_")))
	if hasGlobal && !hasService {
		return global
	}
	type ignoreSource interface {
		GetIgnoreConfiguredEndpoints(ctx context.Context) (bool, bool, error)
	}
	type serviceEndpointSource interface {
		GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
	}
	for _, src := range cfg.ConfigSources {
		p, ok := src.(ignoreSource)
		if !ok {
			continue
		}
		ignore, found, err := p.GetIgnoreConfiguredEndpoints(ctx)
		if err == nil && found && ignore {
			return global
		}
		if err != nil || found {
			break
		}
	}
	for _, src := range cfg.ConfigSources {
		p, ok := src.(serviceEndpointSource)
		if !ok {
			continue
		}
		v, found, err := p.GetServiceBaseEndpoint(ctx, sdkID)
		if err != nil {
			break
		}
		if found {
			return v
		}
	}
	return global
}

// ResolverEndpoint asks the endpoint resolver of an aws.Config
// (EndpointResolverWithOptions, else EndpointResolver) for the endpoint of
// the service sdkID in cfg.Region, as the official clients do. Both fields
// are deprecated there, but still honoured ahead of every other source
// (BaseEndpoint, AWS_ENDPOINT_URL...), and many services point their tests
// at LocalStack through them: dropping them would send those tests to AWS.
//
// It returns the endpoint's URL and its signing region (empty for cfg's
// own), or no URL when no resolver is set or the resolver answers
// *aws.EndpointNotFoundError, on which the official clients fall back to
// the other sources. Any other error of the resolver, an empty URL, or a
// signing name other than signingName (provconc signs for its service
// alone) is an error naming pkg ("awslambda").
func ResolverEndpoint(pkg string, cfg aws.Config, sdkID, signingName string) (endpointURL, signingRegion string, err error) {
	// The official clients still honour the deprecated resolvers, so
	// provconc does.
	var ep aws.Endpoint //lint:ignore SA1019 honoured as the official clients do
	switch {
	case cfg.EndpointResolverWithOptions != nil: //lint:ignore SA1019 as above
		//lint:ignore SA1019 as above
		ep, err = cfg.EndpointResolverWithOptions.ResolveEndpoint(sdkID, cfg.Region)
	case cfg.EndpointResolver != nil: //lint:ignore SA1019 as above
		//lint:ignore SA1019 as above
		ep, err = cfg.EndpointResolver.ResolveEndpoint(sdkID, cfg.Region)
	default:
		return "", "", nil
	}
	var notFound *aws.EndpointNotFoundError
	switch {
	case errors.As(err, &notFound):
		return "", "", nil
	case err != nil:
		return "", "", fmt.Errorf("%s: aws.Config's endpoint resolver failed for %s in %s: %w", pkg, sdkID, redact.Quote(cfg.Region), err)
	case ep.URL == "":
		return "", "", fmt.Errorf("%s: aws.Config's endpoint resolver gave an empty URL for %s (answer *aws.EndpointNotFoundError to use the default endpoint)", pkg, sdkID)
	case ep.SigningName != "" && ep.SigningName != signingName:
		return "", "", fmt.Errorf("%s: aws.Config's endpoint resolver asks to sign as %s: must be %q or empty", pkg, redact.Quote(ep.SigningName), signingName)
	}
	return ep.URL, ep.SigningRegion, nil
}

// UnusedHooks names the hooks of an aws.Config that reach into the
// official clients' machinery and so cannot apply to provconc: APIOptions
// (the smithy middleware stack), Interceptors and ServiceOptions (which
// take a service client's own Options). Empty when none is set.
func UnusedHooks(cfg aws.Config) []string {
	var names []string
	if len(cfg.APIOptions) > 0 {
		names = append(names, "APIOptions")
	}
	interceptors := reflect.ValueOf(cfg.Interceptors)
	for i := 0; i < interceptors.NumField(); i++ {
		if f := interceptors.Field(i); f.Kind() == reflect.Slice && f.Len() > 0 {
			names = append(names, "Interceptors")
			break
		}
	}
	if len(cfg.ServiceOptions) > 0 {
		names = append(names, "ServiceOptions")
	}
	return names
}
