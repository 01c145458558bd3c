package awslambda_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/provconc/provconc/transport/awslambda"
)

// variantSource is a config source saying whether FIPS and dual-stack
// endpoints are wanted, as config.LoadDefaultConfig's sources say it.
type variantSource struct{ fips, dualStack bool }

func (s variantSource) GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error) {
	if s.fips {
		return aws.FIPSEndpointStateEnabled, true, nil
	}
	return aws.FIPSEndpointStateDisabled, true, nil
}

func (s variantSource) GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error) {
	if s.dualStack {
		return aws.DualStackEndpointStateEnabled, true, nil
	}
	return aws.DualStackEndpointStateDisabled, true, nil
}

// FIPS and dual-stack endpoints, asked for in the aws.Config's sources
// (AWS_USE_FIPS_ENDPOINT, use_dualstack_endpoint...), are the ones the
// official Lambda client's endpoint rules give, in every partition. They
// were ignored: a service bound to FIPS endpoints sent to the plain ones.
func TestNewFromConfigHonoursFIPSAndDualStack(t *testing.T) {
	regions := []string{"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1", "eusc-de-east-1"}
	for _, region := range regions {
		for _, fips := range []bool{false, true} {
			for _, dualStack := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s fips=%v dualstack=%v", region, fips, dualStack), func(t *testing.T) {
					want, err := lambda.NewDefaultEndpointResolverV2().ResolveEndpoint(context.Background(),
						lambda.EndpointParameters{Region: aws.String(region), UseFIPS: aws.Bool(fips), UseDualStack: aws.Bool(dualStack)})
					if err != nil {
						t.Fatal(err)
					}
					p, err := awslambda.NewFromConfig(aws.Config{
						Region:        region,
						Credentials:   credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
						ConfigSources: []any{variantSource{fips, dualStack}},
					})
					if err != nil {
						t.Fatal(err)
					}
					if got := p.Endpoint(); got != want.URI.String() {
						t.Errorf("endpoint %s; the official client's is %s", got, want.URI.String())
					}
				})
			}
		}
	}
}

// The variables reach NewFromConfig through config.LoadDefaultConfig, and
// a custom endpoint with FIPS is refused, as the official rules refuse it.
func TestNewFromConfigFIPSFromTheEnvironment(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	t.Setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-west-2"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")))
	if err != nil {
		t.Fatal(err)
	}
	p, err := awslambda.NewFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Endpoint() != "https://lambda-fips.us-west-2.api.aws" {
		t.Errorf("endpoint %s; want https://lambda-fips.us-west-2.api.aws", p.Endpoint())
	}
	cfg.BaseEndpoint = aws.String("http://127.0.0.1:4566")
	if _, err := awslambda.NewFromConfig(cfg); err == nil || !strings.Contains(err.Error(), "FIPS and dual-stack") {
		t.Errorf("FIPS with a custom endpoint: %v; want it refused", err)
	}
	// An explicit Endpoint in the options is the caller's choice.
	if p, err := awslambda.NewFromConfig(aws.Config{Region: "us-west-2", Credentials: cfg.Credentials, ConfigSources: cfg.ConfigSources},
		func(o *awslambda.Options) { o.Endpoint = "http://127.0.0.1:4566" }); err != nil || p.Endpoint() != "http://127.0.0.1:4566" {
		t.Errorf("explicit Endpoint with FIPS asked: %v, %v", p, err)
	}
}
