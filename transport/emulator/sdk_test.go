package emulator

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// sdkClient returns the official Lambda client pointed at the emulator.
func sdkClient(c *http.Client, base string, creds aws.Credentials) *lambda.Client {
	return lambda.New(lambda.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(base),
		HTTPClient:   c,
		Credentials:  aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return creds, nil }),
		Retryer:      aws.NopRetryer{},
	})
}

// TestOfficialSDK drives the emulator with aws-sdk-go-v2's Lambda client,
// with signature verification on, through both transports.
func TestOfficialSDK(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, clk := seeded(t, Options{Credentials: &testCreds})
		c, base := m.dial(t, s)
		cl := sdkClient(c, base, testCreds)
		ctx := context.Background()
		arn := arnPrefix + "my-function"

		put, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(arn), Qualifier: aws.String("BLUE"), ProvisionedConcurrentExecutions: aws.Int32(4),
		})
		if err != nil {
			t.Fatal(err)
		}
		if put.Status != types.ProvisionedConcurrencyStatusEnumInProgress || aws.ToInt32(put.RequestedProvisionedConcurrentExecutions) != 4 ||
			aws.ToString(put.LastModified) != t0Wire {
			t.Errorf("put = %+v", put)
		}
		for _, q := range []string{"1", "2", "3"} {
			if q == "1" {
				continue // BLUE points to 1
			}
			if _, err := cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function:" + q), ProvisionedConcurrentExecutions: aws.Int32(1), Qualifier: aws.String(q),
			}); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(DefaultReadyAfter)
		get, err := cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if get.Status != types.ProvisionedConcurrencyStatusEnumReady || aws.ToInt32(get.AvailableProvisionedConcurrentExecutions) != 4 {
			t.Errorf("get = %+v", get)
		}

		var arns []string
		p := lambda.NewListProvisionedConcurrencyConfigsPaginator(cl, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String("my-function"), MaxItems: aws.Int32(2),
		})
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, it := range out.ProvisionedConcurrencyConfigs {
				arns = append(arns, aws.ToString(it.FunctionArn))
			}
		}
		want := []string{arn + ":3", arn + ":2", arn + ":BLUE"} // newest first
		if d := cmp.Diff(want, arns); d != "" || pages != 2 {
			t.Errorf("listed %d pages (-want +got):\n%s", pages, d)
		}

		if _, err := cl.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(arn), Qualifier: aws.String("BLUE"),
		}); err != nil {
			t.Fatal(err)
		}

		// Typed errors come out of the SDK's own deserializers.
		_, err = cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(arn), Qualifier: aws.String("BLUE"),
		})
		var nf *types.ProvisionedConcurrencyConfigNotFoundException
		if !errors.As(err, &nf) || aws.ToString(nf.Message) != "No Provisioned Concurrency Config found for this function" || aws.ToString(nf.Type) != "User" {
			t.Errorf("get after delete: %v", err)
		}
		_, err = cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("nope"), Qualifier: aws.String("7"),
		})
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &rnf) || aws.ToString(rnf.Message) != "Function not found: "+arnPrefix+"nope:7" {
			t.Errorf("unknown function: %v", err)
		}
		_, err = cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("3"), ProvisionedConcurrentExecutions: aws.Int32(5000),
		})
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) {
			t.Errorf("over the account limit: %v", err)
		}
		_, err = cl.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("GREEN"), ProvisionedConcurrentExecutions: aws.Int32(1),
		})
		var conflict *types.ResourceConflictException
		if !errors.As(err, &conflict) || aws.ToString(conflict.Message) != msgAliasOnProvisionedVersion {
			t.Errorf("alias on provisioned version: %v", err)
		}

		s.InjectFaults(FaultThrottle, FaultServiceError)
		_, err = cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("2"),
		})
		var tmr *types.TooManyRequestsException
		if !errors.As(err, &tmr) || aws.ToString(tmr.RetryAfterSeconds) != "1" || tmr.Reason != types.ThrottleReasonCallerRateLimitExceeded {
			t.Errorf("throttled: %v", err)
		}
		_, err = cl.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("2"),
		})
		var svc *types.ServiceException
		if !errors.As(err, &svc) || aws.ToString(svc.Type) != "Service" {
			t.Errorf("service error: %v", err)
		}

		wrong := testCreds
		wrong.SecretAccessKey = "wrong"
		_, err = sdkClient(c, base, wrong).GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("2"),
		})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidSignatureException" {
			t.Errorf("wrong secret: %v", err)
		}
	})
}
