// This file holds provconc's errors to the way code written for
// aws-sdk-go-v2's lambda client inspects errors: errors.As into
// smithy.APIError for the code, message and fault, and the HTTPStatusCode
// and ServiceRequestID methods of its response error. The official client
// answers the same bytes and is the referee.

package awslambda_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// smithyView is what code written for the official client reads from an
// error.
type smithyView struct {
	Code, Message string
	Fault         smithy.ErrorFault
	StatusCode    int
	RequestID     string
}

func smithyViewOf(t *testing.T, err error) smithyView {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("errors.As(%T, *smithy.APIError) = false for %v", err, err)
	}
	v := smithyView{Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage(), Fault: apiErr.ErrorFault()}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		v.StatusCode = status.HTTPStatusCode()
	}
	var requestID interface{ ServiceRequestID() string }
	if errors.As(err, &requestID) {
		v.RequestID = requestID.ServiceRequestID()
	}
	return v
}

func TestErrorsAnswerSmithyAPIErrorAsTheOfficialClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		code   string // X-Amzn-ErrorType
		body   string
		// fault is what provconc reports where it knowingly differs from
		// the official client; zero to compare with it.
		fault smithy.ErrorFault
	}{
		{"InvalidParameterValue", 400, "InvalidParameterValueException", `{"Type":"User","message":"Provisioned Concurrency Configs cannot be applied to unpublished function versions."}`, 0},
		{"ResourceNotFound with a code suffix", 404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/", `{"Type":"User","Message":"Function not found: arn:aws:lambda:us-west-2:123456789012:function:my-function:BLUE"}`, 0},
		{"ProvisionedConcurrencyConfigNotFound", 404, "ProvisionedConcurrencyConfigNotFoundException", `{"Type":"User","message":"No Provisioned Concurrency Config found for this function"}`, 0},
		{"ResourceConflict", 409, "ResourceConflictException", `{"Type":"User","message":"Alias with weights can not be used with Provisioned Concurrency"}`, 0},
		{"TooManyRequests", 429, "TooManyRequestsException", `{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}`, 0},
		{"Service", 500, "ServiceException", `{"Type":"Service","message":"internal"}`, 0},
		{"EC2Throttled, a throttle the service models as its fault", 502, "EC2ThrottledException", `{"Type":"Server","message":"Lambda was throttled by Amazon EC2"}`, 0},
		{"ValidationException, not modelled", 400, "ValidationException", `{"message":"1 validation error detected"}`,
			// provconc counts it as an invalid parameter (APIError.ErrorFault).
			smithy.FaultClient},
		{"AccessDenied, not modelled", 403, "AccessDeniedException", `{"Message":"User: arn:aws:iam::123456789012:user/dev is not authorized"}`, 0},
		{"code only in the body", 409, "", `{"__type":"com.amazonaws.lambda#ResourceConflictException","message":"busy"}`, 0},
		{"__type before code in the body", 409, "", `{"code":"ServiceException","__type":"com.amazonaws.lambda#ResourceConflictException","message":"busy"}`, 0},
		{"code neither client knows", 400, "QuantumFluxException", `{"Type":"User","message":"later"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("X-Amzn-RequestId", "0b0f4a4c-7d2e-4b1a-9f1e-3b1f0c2d5e6a")
				w.Header().Set("Content-Type", "application/json")
				if tt.code != "" {
					w.Header().Set("X-Amzn-ErrorType", tt.code)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			cfg := aws.Config{Region: "us-west-2", Credentials: testCreds, RetryMaxAttempts: 1, BaseEndpoint: aws.String(srv.URL)}

			official := lambda.NewFromConfig(cfg)
			_, offErr := official.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
			})
			ours, err := awslambda.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, ourErr := ours.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})

			want := smithyViewOf(t, offErr)
			if tt.fault != smithy.FaultUnknown {
				want.Fault = tt.fault
			}
			if diff := cmp.Diff(want, smithyViewOf(t, ourErr)); diff != "" {
				t.Errorf("what code written for the official client reads (-official +provconc):\n%s", diff)
			}
			var apiErr *provconc.APIError
			if !errors.As(ourErr, &apiErr) {
				t.Errorf("errors.As(*provconc.APIError) = false for %v", ourErr)
			}
		})
	}
}

// The official client takes the request id from X-Amzn-RequestId, else from
// X-Amz-RequestId (aws/middleware's RequestIDRetriever), on success and
// failure alike.
func TestRequestIDHeadersAsTheOfficialClient(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		header map[string]string
		want   string
	}{
		{"X-Amzn-RequestId", map[string]string{"X-Amzn-RequestId": "amzn-1"}, "amzn-1"},
		{"X-Amz-RequestId only", map[string]string{"X-Amz-RequestId": "amz-2"}, "amz-2"},
		{"both: X-Amzn-RequestId wins", map[string]string{"X-Amzn-RequestId": "amzn-3", "X-Amz-RequestId": "amz-3"}, "amzn-3"},
		{"neither", nil, ""},
	} {
		for _, status := range []int{200, 404} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.Header().Set("Content-Type", "application/json")
				if status != 200 {
					w.Header().Set("X-Amzn-ErrorType", "ProvisionedConcurrencyConfigNotFoundException")
					w.WriteHeader(status)
					_, _ = io.WriteString(w, `{"Type":"User","message":"No Provisioned Concurrency Config found for this function"}`)
					return
				}
				_, _ = io.WriteString(w, `{"RequestedProvisionedConcurrentExecutions":1,"Status":"READY","LastModified":"2019-11-21T19:32:12+0000"}`)
			}))
			cfg := aws.Config{Region: "us-west-2", Credentials: testCreds, RetryMaxAttempts: 1, BaseEndpoint: aws.String(srv.URL)}
			offOut, offErr := lambda.NewFromConfig(cfg).GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
			})
			ours, err := awslambda.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			out, ourErr := ours.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			srv.Close()
			var official, got string
			if status == 200 {
				if offErr != nil || ourErr != nil {
					t.Fatalf("%s: errors %v, %v", tt.name, offErr, ourErr)
				}
				official, _ = awsmiddleware.GetRequestIDMetadata(offOut.ResultMetadata)
				got = out.Metadata.RequestID
			} else {
				official, got = smithyViewOf(t, offErr).RequestID, smithyViewOf(t, ourErr).RequestID
			}
			if official != tt.want {
				t.Fatalf("%s, HTTP %d: the official client reads request id %q, the test expects %q", tt.name, status, official, tt.want)
			}
			if got != official {
				t.Errorf("%s, HTTP %d: request id %q, want %q as the official client reads it", tt.name, status, got, official)
			}
		}
	}
}

// The counts are 32-bit integers in the service's model; the official
// client refuses an answer whose count does not fit, and so does provconc,
// rather than hand on a number the service cannot have meant.
func TestCountsOutsideInt32AreInvalidResponse(t *testing.T) {
	t.Parallel()
	for _, count := range []string{"2147483648", "-2147483649", "9223372036854775807"} {
		for _, field := range []string{"RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions", "AllocatedProvisionedConcurrentExecutions"} {
			config := `{"` + field + `":` + count + `,"Status":"READY"}`
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.URL.Query().Get("List") != "" {
					_, _ = io.WriteString(w, `{"ProvisionedConcurrencyConfigs":[`+config+`]}`)
					return
				}
				_, _ = io.WriteString(w, config)
			}))
			cfg := aws.Config{Region: "us-west-2", Credentials: testCreds, RetryMaxAttempts: 1, BaseEndpoint: aws.String(srv.URL)}
			official := lambda.NewFromConfig(cfg)
			_, offGet := official.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
			_, offList := official.ListProvisionedConcurrencyConfigs(context.Background(), &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
			if offGet == nil || offList == nil {
				t.Fatalf("%s: the official client took %s (Get error %v, List error %v)", field, count, offGet, offList)
			}
			ours, err := awslambda.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, getErr := ours.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
			_, listErr := ours.List(context.Background(), &provconc.ListInput{FunctionName: "f"})
			srv.Close()
			for op, err := range map[string]error{"Get": getErr, "List": listErr} {
				if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(fmt.Sprint(err), field) {
					t.Errorf("%s of %s %s: err = %v, want ErrInvalidResponse naming the field", op, field, count, err)
				}
			}
		}
	}
}
