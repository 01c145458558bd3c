//lint:file-ignore SA1019 these tests exercise the deprecated endpoint resolvers, which the official clients still honour

package autoscaling_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// The aws.Config's (deprecated) endpoint resolver is asked, as the official
// applicationautoscaling client asks it, and wins over BaseEndpoint; its
// signing region becomes the region signed for.
func TestNewFromConfigHonoursTheEndpointResolver(t *testing.T) {
	var asked []string
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		BaseEndpoint: aws.String("http://base.invalid:1234"),
		EndpointResolverWithOptions: aws.EndpointResolverWithOptionsFunc(func(service, region string, _ ...any) (aws.Endpoint, error) {
			asked = append(asked, service+" "+region)
			return aws.Endpoint{URL: "http://localstack:4566", SigningRegion: "eu-west-1"}, nil
		}),
	}
	p, err := autoscaling.NewFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Endpoint() != "http://localstack:4566" || p.Region() != "eu-west-1" {
		t.Errorf("endpoint %q, region %q; want the resolver's http://localstack:4566 and eu-west-1", p.Endpoint(), p.Region())
	}
	if len(asked) != 1 || asked[0] != "Application Auto Scaling us-east-1" {
		t.Errorf("resolver asked %q; want once for %q", asked, "Application Auto Scaling us-east-1")
	}
	cfg.EndpointResolverWithOptions = aws.EndpointResolverWithOptionsFunc(func(string, string, ...any) (aws.Endpoint, error) {
		return aws.Endpoint{}, &aws.EndpointNotFoundError{}
	})
	if p, err = autoscaling.NewFromConfig(cfg); err != nil || p.Endpoint() != "http://base.invalid:1234" || p.Region() != "us-east-1" {
		t.Errorf("with the resolver answering not found: %v, %v; want BaseEndpoint in us-east-1", p, err)
	}
}

// An aws.Config without Credentials is accepted, its requests unsigned, as
// the official client accepts it.
func TestNewFromConfigWithoutCredentials(t *testing.T) {
	if _, err := autoscaling.NewFromConfig(aws.Config{Region: "us-east-1"}); err != nil {
		t.Errorf("NewFromConfig without Credentials: %v", err)
	}
}
