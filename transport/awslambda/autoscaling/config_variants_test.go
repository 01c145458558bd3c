package autoscaling_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

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

// FIPS and dual-stack endpoints are the official applicationautoscaling
// client's, GovCloud's FIPS exception included.
func TestNewFromConfigHonoursFIPSAndDualStack(t *testing.T) {
	regions := []string{"us-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1", "eusc-de-east-1"}
	for _, region := range regions {
		for _, fips := range []bool{false, true} {
			for _, dualStack := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s fips=%v dualstack=%v", region, fips, dualStack), func(t *testing.T) {
					want, err := aas.NewDefaultEndpointResolverV2().ResolveEndpoint(context.Background(),
						aas.EndpointParameters{Region: aws.String(region), UseFIPS: aws.Bool(fips), UseDualStack: aws.Bool(dualStack)})
					if err != nil {
						t.Fatal(err)
					}
					p, err := autoscaling.NewFromConfig(aws.Config{
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
