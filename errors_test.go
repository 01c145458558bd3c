// This file tests the error types: what their messages carry (and never
// carry), which sentinels they match, and what errors.As finds through them.

package provconc_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

// sentinels lists every exported sentinel error.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrInvalidParameterValue", provconc.ErrInvalidParameterValue},
	{"ErrResourceNotFound", provconc.ErrResourceNotFound},
	{"ErrProvisionedConcurrencyConfigNotFound", provconc.ErrProvisionedConcurrencyConfigNotFound},
	{"ErrResourceConflict", provconc.ErrResourceConflict},
	{"ErrTooManyRequests", provconc.ErrTooManyRequests},
	{"ErrService", provconc.ErrService},
	{"ErrAccessDenied", provconc.ErrAccessDenied},
	{"ErrInvalidInput", provconc.ErrInvalidInput},
	{"ErrAllocationFailed", provconc.ErrAllocationFailed},
	{"ErrRepeatedMarker", provconc.ErrRepeatedMarker},
	{"ErrRetryExhausted", provconc.ErrRetryExhausted},
}

// checkSentinels checks that err matches exactly the sentinels in want.
func checkSentinels(t *testing.T, err error, want ...error) {
	t.Helper()
	for _, s := range sentinels {
		wanted := false
		for _, w := range want {
			if w == s.err {
				wanted = true
			}
		}
		if got := errors.Is(err, s.err); got != wanted {
			t.Errorf("errors.Is(%v, %s) = %v, want %v", err, s.name, got, wanted)
		}
	}
}

func TestSentinelsDistinct(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, s := range sentinels {
		msg := s.err.Error()
		if !strings.HasPrefix(msg, "provconc: ") {
			t.Errorf("%s = %q, want the provconc: prefix", s.name, msg)
		}
		if other, dup := seen[msg]; dup {
			t.Errorf("%s and %s share the message %q", s.name, other, msg)
		}
		seen[msg] = s.name
	}
}

func TestAPIErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *provconc.APIError
		want string
	}{
		{
			name: "everything",
			err: &provconc.APIError{
				Provider:   "aws-lambda",
				Operation:  "GetProvisionedConcurrencyConfig",
				Code:       "ProvisionedConcurrencyConfigNotFoundException",
				Message:    "No Provisioned Concurrency Config found for this function",
				Type:       "User",
				StatusCode: 404,
				RequestID:  "8b5e8e1c-0000-4000-8000-000000000001",
				Kind:       provconc.ErrProvisionedConcurrencyConfigNotFound,
			},
			want: "provconc: aws-lambda GetProvisionedConcurrencyConfig: ProvisionedConcurrencyConfigNotFoundException (HTTP 404): No Provisioned Concurrency Config found for this function [request id 8b5e8e1c-0000-4000-8000-000000000001]",
		},
		{
			name: "tencent throttle inside a 200",
			err: &provconc.APIError{
				Provider: "tencent-scf", Operation: "PutProvisionedConcurrencyConfig",
				Code: "RequestLimitExceeded", Message: "rate limit", StatusCode: 200, RequestID: "r-1",
				Kind: provconc.ErrTooManyRequests,
			},
			want: "provconc: tencent-scf PutProvisionedConcurrencyConfig: RequestLimitExceeded (HTTP 200): rate limit [request id r-1]",
		},
		{name: "zero value", err: &provconc.APIError{}, want: "provconc: error"},
		{name: "code only", err: &provconc.APIError{Code: "ServiceException"}, want: "provconc: ServiceException"},
		{name: "status only", err: &provconc.APIError{StatusCode: 503}, want: "provconc: error (HTTP 503)"},
		{name: "message only", err: &provconc.APIError{Message: "boom"}, want: "provconc: error: boom"},
		{name: "request id only", err: &provconc.APIError{RequestID: "r-2"}, want: "provconc: error [request id r-2]"},
		{name: "provider only", err: &provconc.APIError{Provider: "aws-lambda"}, want: "provconc: aws-lambda error"},
		{name: "operation only", err: &provconc.APIError{Operation: "ListProvisionedConcurrencyConfigs"}, want: "provconc: ListProvisionedConcurrencyConfigs: error"},
		{
			// Fields the message does not show stay out of it.
			name: "unprinted fields",
			err: &provconc.APIError{
				Type: "Service", RetryAfter: 7 * time.Second, Reason: "CallerRateLimitExceeded",
				Attempts: 4,
			},
			want: "provconc: error",
		},
		{
			// With no wire code, the kind names the error.
			name: "kind without code",
			err: &provconc.APIError{
				Provider: "tencent-scf", Operation: "GetProvisionedConcurrencyConfig", StatusCode: 200,
				Message: "version 2 has no provisioned concurrency config", Kind: provconc.ErrProvisionedConcurrencyConfigNotFound,
			},
			want: "provconc: tencent-scf GetProvisionedConcurrencyConfig: provisioned concurrency config not found (HTTP 200): version 2 has no provisioned concurrency config",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("Error() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// An APIError however built (by a protocol, a mock, a caller) shows what a
// server sent cut, and no credential its message quotes.
func TestAPIErrorShowsServerValuesSafely(t *testing.T) {
	t.Parallel()
	e := &provconc.APIError{
		Code:      strings.Repeat("C", 1000),
		Message:   "signature mismatch\nx-amz-security-token:tok-123456789\n" + strings.Repeat("m", 5000),
		RequestID: strings.Repeat("r", 1000),
	}
	got := e.Error()
	for _, want := range []string{
		strings.Repeat("C", 160) + "…: ", "signature mismatch\nx-amz-security-token:[REDACTED]\nmmm", "… (5051 bytes)",
		"[request id " + strings.Repeat("r", 160) + "…]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Error() lacks %q: %.400q", want, got)
		}
	}
	if strings.Contains(got, "tok-123456789") || len(got) > 1500 {
		t.Errorf("Error() of %d bytes: %.400q", len(got), got)
	}
}

// TestAPIErrorMessageShowsOnlyWhatItWasGiven builds an APIError from every
// subset of the printed fields and checks that each given field appears and
// no placeholder for a missing one does.
func TestAPIErrorMessageShowsOnlyWhatItWasGiven(t *testing.T) {
	t.Parallel()
	const (
		provider  = "prov-P"
		operation = "OpO"
		code      = "CodeC"
		message   = "msg M"
		requestID = "rid-R"
	)
	for mask := 0; mask < 1<<6; mask++ {
		e := &provconc.APIError{}
		if mask&1 != 0 {
			e.Provider = provider
		}
		if mask&2 != 0 {
			e.Operation = operation
		}
		if mask&4 != 0 {
			e.Code = code
		}
		if mask&8 != 0 {
			e.Message = message
		}
		if mask&16 != 0 {
			e.StatusCode = 418
		}
		if mask&32 != 0 {
			e.RequestID = requestID
		}
		msg := e.Error()
		checks := []struct {
			what    string
			present bool
			want    bool
		}{
			{"provider", strings.Contains(msg, provider), e.Provider != ""},
			{"operation", strings.Contains(msg, operation), e.Operation != ""},
			{"code", strings.Contains(msg, code), e.Code != ""},
			{`"error" placeholder for a missing code`, strings.Contains(msg, "error"), e.Code == ""},
			{"message", strings.Contains(msg, message), e.Message != ""},
			{"HTTP status", strings.Contains(msg, "(HTTP 418)"), e.StatusCode != 0},
			{"any HTTP mention", strings.Contains(msg, "HTTP"), e.StatusCode != 0},
			{"request id", strings.Contains(msg, "[request id "+requestID+"]"), e.RequestID != ""},
			{"any request id mention", strings.Contains(msg, "request id"), e.RequestID != ""},
		}
		for _, c := range checks {
			if c.present != c.want {
				t.Errorf("fields %06b: %s present = %v, want %v in %q", mask, c.what, c.present, c.want, msg)
			}
		}
		if !strings.HasPrefix(msg, "provconc: ") || strings.HasSuffix(msg, " ") || strings.Contains(msg, "  ") || strings.Contains(msg, ": :") {
			t.Errorf("fields %06b: malformed message %q", mask, msg)
		}
	}
}

func TestAPIErrorKinds(t *testing.T) {
	t.Parallel()
	kinds := []error{
		provconc.ErrInvalidParameterValue,
		provconc.ErrResourceNotFound,
		provconc.ErrProvisionedConcurrencyConfigNotFound,
		provconc.ErrResourceConflict,
		provconc.ErrTooManyRequests,
		provconc.ErrService,
		provconc.ErrAccessDenied,
	}
	for _, kind := range kinds {
		t.Run(kind.Error(), func(t *testing.T) {
			t.Parallel()
			apiErr := &provconc.APIError{Code: "SomeCode", StatusCode: 400, RequestID: "r", Kind: kind}
			checkSentinels(t, apiErr, kind)
			// Through a wrapper too.
			wrapped := fmt.Errorf("put config: %w", apiErr)
			checkSentinels(t, wrapped, kind)
			var got *provconc.APIError
			if !errors.As(wrapped, &got) {
				t.Fatalf("errors.As(%v, *APIError) = false", wrapped)
			}
			if got != apiErr {
				t.Errorf("errors.As found %p, want the original %p", got, apiErr)
			}
			if errors.Unwrap(apiErr) != kind {
				t.Errorf("Unwrap() = %v, want %v", errors.Unwrap(apiErr), kind)
			}
		})
	}
	t.Run("unknown code", func(t *testing.T) {
		t.Parallel()
		apiErr := &provconc.APIError{Code: "SomethingNewException", StatusCode: 400}
		checkSentinels(t, apiErr) // matches no sentinel
		var got *provconc.APIError
		if !errors.As(fmt.Errorf("x: %w", apiErr), &got) || got.Code != "SomethingNewException" {
			t.Errorf("errors.As did not find the unknown-code APIError")
		}
	})
}

// Code written for aws-sdk-go-v2 reads errors through smithy.APIError and
// the response error's HTTPStatusCode and ServiceRequestID; it finds an
// *APIError that way, on either cloud and through the SDK's wrappers.
func TestAPIErrorAnswersAsSmithyAPIError(t *testing.T) {
	t.Parallel()
	faults := []struct {
		kind  error
		fault smithy.ErrorFault
	}{
		{provconc.ErrInvalidParameterValue, smithy.FaultClient},
		{provconc.ErrResourceNotFound, smithy.FaultClient},
		{provconc.ErrProvisionedConcurrencyConfigNotFound, smithy.FaultClient},
		{provconc.ErrResourceConflict, smithy.FaultClient},
		{provconc.ErrTooManyRequests, smithy.FaultClient},
		{provconc.ErrService, smithy.FaultServer},
		{provconc.ErrAccessDenied, smithy.FaultUnknown},
		{nil, smithy.FaultUnknown},
	}
	for _, f := range faults {
		apiErr := &provconc.APIError{Provider: "tencent-scf", Code: "ResourceNotFound.Function", Message: "m", StatusCode: 200, RequestID: "r-1", Kind: f.kind}
		wrapped := []error{
			apiErr,
			&provconc.RetryExhaustedError{Attempts: 3, Reason: "max attempts", Err: apiErr},
			&provconc.WaitTimeoutError{FunctionName: "f", LastErr: fmt.Errorf("get: %w", apiErr)},
		}
		for _, err := range wrapped {
			var got smithy.APIError
			if !errors.As(err, &got) {
				t.Fatalf("errors.As(%T, *smithy.APIError) = false", err)
			}
			if got.ErrorCode() != "ResourceNotFound.Function" || got.ErrorMessage() != "m" || got.ErrorFault() != f.fault {
				t.Errorf("kind %v through %T: ErrorCode, ErrorMessage, ErrorFault = %q, %q, %v; want ResourceNotFound.Function, m, %v",
					f.kind, err, got.ErrorCode(), got.ErrorMessage(), got.ErrorFault(), f.fault)
			}
			var status interface{ HTTPStatusCode() int }
			var requestID interface{ ServiceRequestID() string }
			if !errors.As(err, &status) || status.HTTPStatusCode() != 200 || !errors.As(err, &requestID) || requestID.ServiceRequestID() != "r-1" {
				t.Errorf("through %T: HTTPStatusCode or ServiceRequestID not found, or wrong", err)
			}
		}
	}
}

func TestAPIErrorRetryable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  provconc.APIError
		want bool
	}{
		{"throttle kind", provconc.APIError{Kind: provconc.ErrTooManyRequests, StatusCode: 429}, true},
		{"throttle kind inside a 200 (SCF)", provconc.APIError{Kind: provconc.ErrTooManyRequests, StatusCode: 200, Code: "RequestLimitExceeded"}, true},
		{"service kind", provconc.APIError{Kind: provconc.ErrService, StatusCode: 500}, true},
		{"service kind inside a 200 (SCF)", provconc.APIError{Kind: provconc.ErrService, StatusCode: 200, Code: "InternalError"}, true},
		{"429 without kind", provconc.APIError{StatusCode: 429}, true},
		{"500 without kind", provconc.APIError{StatusCode: 500}, true},
		{"502 without kind", provconc.APIError{StatusCode: 502}, true},
		{"503 without kind", provconc.APIError{StatusCode: 503}, true},
		{"504 without kind", provconc.APIError{StatusCode: 504}, true},
		{"501 without kind", provconc.APIError{StatusCode: 501}, false},
		{"400 invalid parameter", provconc.APIError{Kind: provconc.ErrInvalidParameterValue, StatusCode: 400}, false},
		{"403 access denied", provconc.APIError{Kind: provconc.ErrAccessDenied, StatusCode: 403}, false},
		{"404 not found", provconc.APIError{Kind: provconc.ErrResourceNotFound, StatusCode: 404}, false},
		{"404 config not found", provconc.APIError{Kind: provconc.ErrProvisionedConcurrencyConfigNotFound, StatusCode: 404}, false},
		{"409 conflict", provconc.APIError{Kind: provconc.ErrResourceConflict, StatusCode: 409}, false},
		{"unknown 400", provconc.APIError{StatusCode: 400}, false},
		{"zero value", provconc.APIError{}, false},
		{"SCF error inside a 200", provconc.APIError{Kind: provconc.ErrResourceNotFound, StatusCode: 200}, false},
	}
	for _, tt := range tests {
		if got := tt.err.Retryable(); got != tt.want {
			t.Errorf("%s: Retryable() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInputError(t *testing.T) {
	t.Parallel()
	err := provconc.NewInputError("Qualifier", "BL UE", "must match [a-zA-Z0-9$_-]+")
	want := &provconc.InputError{Field: "Qualifier", Value: "BL UE", Rule: "must match [a-zA-Z0-9$_-]+"}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("NewInputError mismatch (-want +got):\n%s", diff)
	}
	if got, want := err.Error(), `provconc: invalid Qualifier "BL UE": must match [a-zA-Z0-9$_-]+`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	checkSentinels(t, err, provconc.ErrInvalidInput)
	checkSentinels(t, fmt.Errorf("wrapped: %w", err), provconc.ErrInvalidInput)
	var got *provconc.InputError
	if !errors.As(fmt.Errorf("wrapped: %w", err), &got) || got != err {
		t.Errorf("errors.As did not find the *InputError")
	}

	missing := provconc.NewInputError("FunctionName", "", "is required")
	if got, want := missing.Error(), "provconc: invalid FunctionName: is required"; got != want {
		t.Errorf("Error() of a missing field = %q, want %q", got, want)
	}
}

func TestInputErrorTruncatesValue(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("v", 10000)
	err := provconc.NewInputError("FunctionName", long, "must be at most 140 characters long")
	if len(err.Value) >= 200 {
		t.Errorf("Value is %d bytes long, want it shortened", len(err.Value))
	}
	if !strings.HasSuffix(err.Value, "…") || !strings.HasPrefix(long, strings.TrimSuffix(err.Value, "…")) {
		t.Errorf("Value %q is not a prefix of the input followed by an ellipsis", err.Value)
	}
	msg := err.Error()
	if len(msg) > 300 {
		t.Errorf("Error() is %d bytes long for a 10000-byte value", len(msg))
	}
	for _, part := range []string{"FunctionName", `vvv…" (10000 bytes): `, "must be at most 140 characters long"} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q, want it to contain %q", msg, part)
		}
	}
	// A value within the limit is kept whole.
	short := strings.Repeat("s", 160)
	if e := provconc.NewInputError("F", short, "r"); e.Value != short || e.Error() != `provconc: invalid F "`+short+`": r` {
		t.Errorf("a 160-byte value was changed: Value %q, Error() %q", e.Value, e.Error())
	}
	// An InputError built by hand is cut when printed all the same.
	byHand := &provconc.InputError{Field: "F", Value: long, Rule: "r"}
	if msg := byHand.Error(); len(msg) > 300 || !strings.Contains(msg, "(10000 bytes)") {
		t.Errorf("Error() of a hand-built InputError with a 10000-byte value = %d bytes: %.80q", len(msg), msg)
	}
}

func TestAllocationFailedError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  provconc.Config
		want string
	}{
		{
			name: "with reason",
			cfg:  provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Status: provconc.StatusFailed, StatusReason: "FUNCTION_ERROR_INIT_FAILURE"},
			want: "provconc: provisioned concurrency allocation failed for my-function:BLUE: FUNCTION_ERROR_INIT_FAILURE",
		},
		{
			name: "without qualifier or reason",
			cfg:  provconc.Config{FunctionName: "my-function", Status: provconc.StatusFailed},
			want: "provconc: provisioned concurrency allocation failed for my-function",
		},
		{
			// A fake's answer often names nothing: no "for : " then.
			name: "without names",
			cfg:  provconc.Config{Status: provconc.StatusFailed, StatusReason: "FUNCTION_ERROR_INIT_FAILURE"},
			want: "provconc: provisioned concurrency allocation failed: FUNCTION_ERROR_INIT_FAILURE",
		},
		{
			// The reason is the server's text: a hostile or broken one is cut
			// as WaitTimeoutError cuts it, not printed whole.
			name: "reason of a megabyte",
			cfg:  provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Status: provconc.StatusFailed, StatusReason: strings.Repeat("r", 1<<20)},
			want: "provconc: provisioned concurrency allocation failed for my-function:BLUE: " + strings.Repeat("r", 160) + "…",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := &provconc.AllocationFailedError{Config: tt.cfg}
			if got := err.Error(); got != tt.want {
				t.Errorf("Error() = %.400q (%d bytes), want %q", got, len(got), tt.want)
			}
			checkSentinels(t, err, provconc.ErrAllocationFailed)
			var got *provconc.AllocationFailedError
			if !errors.As(fmt.Errorf("wait: %w", err), &got) {
				t.Fatal("errors.As did not find the *AllocationFailedError")
			}
			if diff := cmp.Diff(tt.cfg, got.Config); diff != "" {
				t.Errorf("Config mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRetryExhaustedError(t *testing.T) {
	t.Parallel()
	last := &provconc.APIError{
		Provider: "aws-lambda", Code: "TooManyRequestsException", StatusCode: 429,
		Message: "Rate exceeded", RequestID: "r-9", Reason: "CallerRateLimitExceeded",
		RetryAfter: 2 * time.Second, Attempts: 3, Kind: provconc.ErrTooManyRequests,
	}
	err := &provconc.RetryExhaustedError{Attempts: 3, Reason: "max attempts", Err: last}

	checkSentinels(t, err, provconc.ErrRetryExhausted, provconc.ErrTooManyRequests)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) = true for retries the attempt limit ended", err)
	}
	wrapped := fmt.Errorf("put: %w", err)
	checkSentinels(t, wrapped, provconc.ErrRetryExhausted, provconc.ErrTooManyRequests)

	var apiErr *provconc.APIError
	if !errors.As(wrapped, &apiErr) {
		t.Fatal("errors.As did not find the *APIError inside the *RetryExhaustedError")
	}
	if apiErr != last {
		t.Errorf("errors.As found %+v, want the last attempt's error", apiErr)
	}
	var re *provconc.RetryExhaustedError
	if !errors.As(wrapped, &re) || re.Attempts != 3 {
		t.Errorf("errors.As did not find the *RetryExhaustedError with its attempts")
	}
	if errors.Unwrap(err) != last {
		t.Errorf("Unwrap() = %v, want the last error", errors.Unwrap(err))
	}
	msg := err.Error()
	for _, part := range []string{"3 attempts", "max attempts", "TooManyRequestsException", "HTTP 429", "Rate exceeded", "r-9"} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q, want it to contain %q", msg, part)
		}
	}
}

func TestRetryExhaustedErrorOtherCauses(t *testing.T) {
	t.Parallel()
	t.Run("transport error", func(t *testing.T) {
		t.Parallel()
		netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		err := &provconc.RetryExhaustedError{Attempts: 5, Reason: "retry budget exhausted", Err: netErr}
		checkSentinels(t, err, provconc.ErrRetryExhausted)
		var apiErr *provconc.APIError
		if errors.As(err, &apiErr) {
			t.Errorf("errors.As found an *APIError in a transport failure: %v", apiErr)
		}
		var opErr *net.OpError
		if !errors.As(err, &opErr) {
			t.Errorf("errors.As did not find the *net.OpError")
		}
		if !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "retry budget exhausted") {
			t.Errorf("Error() = %q, want the cause and the reason", err.Error())
		}
	})
	t.Run("no cause", func(t *testing.T) {
		t.Parallel()
		err := &provconc.RetryExhaustedError{Attempts: 1, Reason: "deadline"}
		checkSentinels(t, err, provconc.ErrRetryExhausted)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("errors.Is(%v, context.DeadlineExceeded) = false, want true for retries the deadline ended", err)
		}
		if got, want := err.Error(), "provconc: giving up after 1 attempt (deadline): no error"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
}
