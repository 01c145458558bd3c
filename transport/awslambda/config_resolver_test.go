//lint:file-ignore SA1019 these tests exercise the deprecated endpoint resolvers, which the official clients still honour

package awslambda_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// An aws.Config's endpoint resolver (EndpointResolverWithOptions or
// EndpointResolver: deprecated, and still the way many services point their
// tests at LocalStack) is honoured as the official Lambda client honours it,
// ahead of BaseEndpoint, its signing region included; a resolver that
// answers EndpointNotFoundError leaves the other sources in charge. The
// official client, sent through the same mock, is the referee: both clients
// must reach the same URL, signed for the same region.
func TestNewFromConfigHonoursTheEndpointResolver(t *testing.T) {
	const (
		localstack = "http://localstack:4566"
		base       = "http://base.invalid:1234"
	)
	type seen struct{ url, scope string }
	tests := []struct {
		name string
		set  func(cfg *aws.Config, services *[]string)
		want seen
	}{
		{"resolver with options", func(cfg *aws.Config, services *[]string) {
			cfg.EndpointResolverWithOptions = aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
				*services = append(*services, service+" "+region)
				return aws.Endpoint{URL: localstack}, nil
			})
		}, seen{localstack + "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", "/us-east-1/lambda/"}},
		{"resolver with a signing region", func(cfg *aws.Config, services *[]string) {
			cfg.EndpointResolverWithOptions = aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
				*services = append(*services, service+" "+region)
				return aws.Endpoint{URL: localstack, SigningRegion: "eu-west-1"}, nil
			})
		}, seen{localstack + "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", "/eu-west-1/lambda/"}},
		{"resolver without options", func(cfg *aws.Config, services *[]string) {
			cfg.EndpointResolver = aws.EndpointResolverFunc(func(service, region string) (aws.Endpoint, error) {
				*services = append(*services, service+" "+region)
				return aws.Endpoint{URL: localstack}, nil
			})
		}, seen{localstack + "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", "/us-east-1/lambda/"}},
		{"resolver not found", func(cfg *aws.Config, services *[]string) {
			cfg.EndpointResolverWithOptions = aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
				*services = append(*services, service+" "+region)
				return aws.Endpoint{}, &aws.EndpointNotFoundError{}
			})
		}, seen{base + "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", "/us-east-1/lambda/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []seen
			mt := httpmock.NewMockTransport()
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				auth := req.Header.Get("Authorization")
				scope := ""
				if i := strings.Index(auth, "/"); i >= 0 {
					if j := strings.Index(auth[i:], "aws4_request"); j >= 0 {
						scope = auth[i+9 : i+j]
					}
				}
				mu.Lock()
				got = append(got, seen{req.URL.String(), scope})
				mu.Unlock()
				return httpmock.NewStringResponse(http.StatusNotFound, `{"message":"nope"}`), nil
			})
			var services []string
			cfg := aws.Config{
				Region:           "us-east-1",
				Credentials:      credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
				HTTPClient:       &http.Client{Transport: mt},
				BaseEndpoint:     aws.String(base),
				RetryMaxAttempts: 1,
			}
			tt.set(&cfg, &services)
			_, _ = lambda.NewFromConfig(cfg).GetProvisionedConcurrencyConfig(context.Background(),
				&lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
			c, err := awslambda.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = c.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
			if len(got) != 2 || got[0] != tt.want || got[1] != tt.want {
				t.Errorf("requests (official, provconc) = %+v; want both %+v", got, tt.want)
			}
			for _, s := range services {
				if s != "Lambda us-east-1" {
					t.Errorf("resolver asked for %q; want %q, as the official client asks", s, "Lambda us-east-1")
				}
			}
		})
	}
}

// A resolver that fails, or answers what provconc cannot use, is refused
// by NewClient with the reason, not skipped: skipping it would send the
// requests to AWS.
func TestNewFromConfigRefusesAFailingResolver(t *testing.T) {
	errDown := errors.New("resolver down")
	tests := []struct {
		name string
		ep   aws.Endpoint
		err  error
		want string
	}{
		{"error", aws.Endpoint{}, errDown, "resolver down"},
		{"empty URL", aws.Endpoint{}, nil, "empty URL"},
		{"other signing name", aws.Endpoint{URL: "http://localhost:4566", SigningName: "execute-api"}, nil, `"execute-api"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := aws.Config{
				Region:      "us-east-1",
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
				EndpointResolverWithOptions: aws.EndpointResolverWithOptionsFunc(func(string, string, ...any) (aws.Endpoint, error) {
					return tt.ep, tt.err
				}),
			}
			_, err := awslambda.NewClient(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "endpoint resolver") {
				t.Fatalf("NewClient = %v; want an error about the endpoint resolver naming %s", err, tt.want)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("NewClient error %v does not wrap the resolver's", err)
			}
		})
	}
}
