// This file holds provconc's errors to the way code written for
// aws-sdk-go-v2's lambda client inspects errors: errors.As into
// smithy.APIError for the code, message and fault, and the HTTPStatusCode
// and ServiceRequestID methods of its response error. The official client
// answers the same bytes and is the referee.

package awslambda_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
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
		{"ValidationException, not modelled", 400, "ValidationException", `{"message":"1 validation error detected"}`,
			// provconc counts it as an invalid parameter (APIError.ErrorFault).
			smithy.FaultClient},
		{"AccessDenied, not modelled", 403, "AccessDeniedException", `{"Message":"User: arn:aws:iam::123456789012:user/dev is not authorized"}`, 0},
		{"code only in the body", 409, "", `{"__type":"com.amazonaws.lambda#ResourceConflictException","message":"busy"}`, 0},
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
