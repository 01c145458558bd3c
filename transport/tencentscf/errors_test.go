// Every error code of PutProvisionedConcurrencyConfig's table and the common
// codes map onto the right sentinel and keep what SCF sent; throttles and
// internal errors inside a 200 are retried; other failures are clear errors.

package tencentscf_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// seedCodes is the error table of PutProvisionedConcurrencyConfig
// (https://www.tencentcloud.com/document/api/583/39225), each with the kind
// it maps to.
var seedCodes = []struct {
	code, message string
	kind          error
}{
	{"FailedOperation.DebugModeStatus", "This operation cannot be performed in the current debugging status.", provconc.ErrResourceConflict},
	{"FailedOperation.FunctionVersionStatusNotActive", "This operation cannot be performed in the current function version status. Please try again when the version is in normal status.", provconc.ErrResourceConflict},
	{"FailedOperation.InsufficientBalance", "The current account or namespace is in arrears. Please try again when it becomes available.", provconc.ErrAccessDenied},
	{"FailedOperation.ProvisionCreateTimer", "Failed to create the scheduled provisioned concurrency scaling action", provconc.ErrService},
	{"FailedOperation.ProvisionDeleteTimer", "Failed to delete the scheduled provisioned concurrency scaling action", provconc.ErrService},
	{"FailedOperation.ProvisionedExceedAvailable", "Running out of available provisioned concurrency quota", provconc.ErrInvalidParameterValue},
	{"FailedOperation.ProvisionedExceedReserved", "The provisioned concurrency exceeds the limit.", provconc.ErrInvalidParameterValue},
	{"FailedOperation.ProvisionedInProgress", "The function version already has a provisioned concurrency setting task in progress. Please try again later.", provconc.ErrResourceConflict},
	{"FailedOperation.ServiceClosed", "ServiceClosed. Please check and try again.", provconc.ErrAccessDenied},
	{"FailedOperation.UnOpenedService", "The specified service has not been activated. Please submit a ticket for activation.", provconc.ErrAccessDenied},
	{"InternalError", "Internal error.", provconc.ErrService},
	{"InvalidParameterValue", "Incorrect parameter value.", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.FunctionName", "The function does not exist.", provconc.ErrResourceNotFound},
	{"InvalidParameterValue.MinCapacity", "MinCapacity parameter input error.", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", "Cron expression of the scheduled action already exists", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.ProvisionTriggerName", "TriggerName input parameter error", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.ProvisionTriggerNameDuplicate", "TriggerName already exists", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.ProvisionType", "ProvisionType input parameter error", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.Qualifier", "Unsupported function version.", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.TrackingTarget", "TrackingTarget parameter error", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.TriggerCronConfig", "TriggerCronConfig input parameter error", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.TriggerCronConfigTimeInterval", "The interval of triggering specified in TriggerCronConfig is smaller than the specified value.", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.TriggerProvisionedConcurrencyNum", "TriggerProvisionedConcurrencyNum input parameter error", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.FunctionProvisionedConcurrencyMemory", "The value of FunctionProvisionedConcurrencyMemory has reached the upper limit. You can submit a ticket to increase it at https://mc.tencent.com/dI7DzbBV.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.FunctionTotalProvisionedConcurrencyMemory", "The value of FunctionTotalProvisionedConcurrencyMemory has reached the upper limit. You can submit a ticket to increase it at https://mc.tencent.com/dI7DzbBV.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.FunctionTotalProvisionedConcurrencyNum", "The total amount of provisioned concurrency of the function has exceeded the limit.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.MaxCapacity", "Reached the upper limit of dynamic scaling.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.ProvisionTriggerAction", "The number of provisioned concurrency specified for the scheduled action is too large.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded.ProvisionTriggerInterval", "The interval of triggering is too short.", provconc.ErrInvalidParameterValue},
	{"MissingParameter", "Missing parameter.", provconc.ErrInvalidParameterValue},
	{"ResourceNotFound.Function", "The function does not exist.", provconc.ErrResourceNotFound},
	{"ResourceNotFound.FunctionName", "The function does not exist.", provconc.ErrResourceNotFound},
	{"ResourceNotFound.FunctionVersion", "The function version does not exist.", provconc.ErrResourceNotFound},
	{"ResourceNotFound.Namespace", "Namespace does not exist.", provconc.ErrResourceNotFound},
	{"ResourceNotFound.Version", "The version does not exist.", provconc.ErrResourceNotFound},
	{"UnauthorizedOperation", "Unauthorized operation.", provconc.ErrAccessDenied},
}

// commonCodes are API 3.0 common codes and categories met by every action.
var commonCodes = []struct {
	code, message string
	kind          error
}{
	{"AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.", provconc.ErrAccessDenied},
	{"AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than 5 minutes.", provconc.ErrAccessDenied},
	{"AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.", provconc.ErrAccessDenied},
	{"AuthFailure.TokenFailure", "Token verification failed.", provconc.ErrAccessDenied},
	{"AuthFailure.UnauthorizedOperation", "The request is not authorized.", provconc.ErrAccessDenied},
	{"UnauthorizedOperation.CAM", "CAM authentication failed.", provconc.ErrAccessDenied},
	{"OperationDenied.AccountIsolate", "Your account is isolated.", provconc.ErrAccessDenied},
	{"IpInBlacklist", "IP address is on the blocklist.", provconc.ErrAccessDenied},
	{"IpNotInWhitelist", "IP address is not on the allowlist.", provconc.ErrAccessDenied},
	{"RequestLimitExceeded", "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second.", provconc.ErrTooManyRequests},
	{"RequestLimitExceeded.UinLimitExceeded", "Your account's request frequency exceeds the limit.", provconc.ErrTooManyRequests},
	{"RequestLimitExceeded.IPLimitExceeded", "Your IP's request frequency exceeds the limit.", provconc.ErrTooManyRequests},
	{"RequestLimitExceeded.GlobalRegionUinLimitExceeded", "Your account's global request frequency exceeds the limit.", provconc.ErrTooManyRequests},
	{"InternalError.System", "Internal system error.", provconc.ErrService},
	{"ServiceUnavailable", "Service is unavailable now.", provconc.ErrService},
	{"ResourceInsufficient", "Insufficient resources.", provconc.ErrService},
	{"ResourceNotFound", "The resource does not exist.", provconc.ErrResourceNotFound},
	{"InvalidParameter", "The parameter is invalid.", provconc.ErrInvalidParameterValue},
	{"InvalidParameter.Payload", "Invalid request parameter.", provconc.ErrInvalidParameterValue},
	{"InvalidParameterValue.Namespace", "Namespace parameter error.", provconc.ErrInvalidParameterValue},
	{"MissingParameter.FunctionName", "FunctionName is missing.", provconc.ErrInvalidParameterValue},
	{"LimitExceeded", "Quota limit exceeded.", provconc.ErrInvalidParameterValue},
	{"UnsupportedOperation", "Unsupported operation.", provconc.ErrInvalidParameterValue},
	{"UnsupportedOperation.Region", "The region is not supported.", provconc.ErrInvalidParameterValue},
	{"InvalidAction", "The action does not exist.", provconc.ErrInvalidParameterValue},
	{"UnknownParameter", "Unknown parameter: Foo.", provconc.ErrInvalidParameterValue},
	{"UnsupportedRegion", "The API does not support this region.", provconc.ErrInvalidParameterValue},
	{"FailedOperation", "Operation failed.", provconc.ErrResourceConflict},
	{"FailedOperation.FunctionStatusError", "The function is not in a state that allows this operation.", provconc.ErrResourceConflict},
	{"ResourceInUse.Function", "The function is in use.", provconc.ErrResourceConflict},
	{"ResourceUnavailable.Function", "The function is unavailable.", provconc.ErrResourceConflict},
	{"DryRunOperation", "The request would have succeeded.", nil},
	{"SomethingNew.Detail", "A category this SDK does not know.", nil},
}

func TestEveryErrorCodeMapsAndKeepsWhatWasSent(t *testing.T) {
	t.Parallel()
	all := append(append(seedCodes[:0:0], seedCodes...), commonCodes...)
	for _, tc := range all {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			const requestID = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"
			h := newHarness(t, noRetries, ok(errorBody(tc.code, tc.message, requestID)))
			_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 10})
			var apiErr *provconc.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("errors.Is(err, %v) = false; Kind = %v", tc.kind, apiErr.Kind)
			}
			want := provconc.APIError{
				Provider: "tencent-scf", Operation: "PutProvisionedConcurrencyConfig",
				Code: tc.code, Message: tc.message, StatusCode: 200, RequestID: requestID, Attempts: 1, Kind: tc.kind,
			}
			if diff := cmp.Diff(want, *apiErr, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if got := tencentscf.KindOf(tc.code); got != tc.kind {
				t.Errorf("KindOf(%q) = %v, want %v", tc.code, got, tc.kind)
			}
		})
	}
}

func TestNonRetryableCodesAreNotRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"ResourceNotFound.FunctionVersion", "FailedOperation.ProvisionedInProgress", "AuthFailure.SignatureFailure", "LimitExceeded.MaxCapacity"} {
		h := newHarness(t, nil, ok(errorBody(code, "no", "r-1")))
		_, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != code || errors.Is(err, provconc.ErrRetryExhausted) {
			t.Errorf("%s: err = %v", code, err)
		}
		if n := len(h.requests()); n != 1 {
			t.Errorf("%s: sent %d requests, want 1", code, n)
		}
	}
}

func TestThrottleInside200ThenSuccessIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, ok(fixture(t, "error_request_limit.json")), ok(fixture(t, "get_version_done.json")))
	out, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Metadata.Attempts != 2 || out.Metadata.RequestID != "b5b41468-520d-4192-b42f-595cc34b6c1c" || out.Status != provconc.StatusReady || out.Requested != 10 {
		t.Errorf("output %+v, want the second answer decoded whole after 2 attempts", out)
	}
	// Backoff with full jitter: half (Rand 0.5) of the 100ms base.
	if diff := cmp.Diff([]time.Duration{50 * time.Millisecond}, h.waits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	sent := h.requests()
	if len(sent) != 2 {
		t.Fatalf("sent %d requests, want 2", len(sent))
	}
	if sent[0].Body != sent[1].Body || sent[1].Body != `{"FunctionName":"my-function","Namespace":"default","Qualifier":"1"}` {
		t.Errorf("bodies %q and %q, want the same full body twice", sent[0].Body, sent[1].Body)
	}
	// Each attempt is signed afresh, at its own time.
	if sent[0].Timestamp == sent[1].Timestamp || sent[0].Authorization == sent[1].Authorization {
		t.Errorf("attempts share timestamp %s or signature", sent[0].Timestamp)
	}
	for _, s := range sent {
		if !authPattern.MatchString(s.Authorization) {
			t.Errorf("Authorization = %q", s.Authorization)
		}
	}
}

func TestThrottlesInside200ExhaustRetries(t *testing.T) {
	t.Parallel()
	throttle := ok(errorBody("RequestLimitExceeded.UinLimitExceeded", "Your account's request frequency exceeds the limit.", "7a1b2c3d-0000-4000-8000-000000000001"))
	h := newHarness(t, nil, throttle, throttle, throttle)
	_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 1})
	var exhausted *provconc.RetryExhaustedError
	if !errors.As(err, &exhausted) {
		t.Fatalf("error %v is not a *RetryExhaustedError", err)
	}
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, provconc.ErrTooManyRequests) || !errors.Is(err, provconc.ErrRetryExhausted) {
		t.Fatalf("error %v must unwrap to a throttling *APIError", err)
	}
	if exhausted.Attempts != 3 || exhausted.Reason != "max attempts" || apiErr.Attempts != 3 ||
		apiErr.Code != "RequestLimitExceeded.UinLimitExceeded" || apiErr.StatusCode != 200 || apiErr.RequestID != "7a1b2c3d-0000-4000-8000-000000000001" {
		t.Errorf("exhausted %+v, api error %+v", exhausted, apiErr)
	}
	if n := len(h.requests()); n != 3 {
		t.Errorf("sent %d requests, want 3", n)
	}
	if diff := cmp.Diff([]time.Duration{50 * time.Millisecond, 100 * time.Millisecond}, h.waits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestInternalErrorInside200IsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, ok(fixture(t, "error_internal.json")), ok(fixture(t, "delete_ok.json")))
	out, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
	if err != nil || out.Metadata.Attempts != 2 {
		t.Fatalf("err = %v, out = %+v; want success after one retry", err, out)
	}
}

func TestRetriesDisabledLeaveTheThrottleBare(t *testing.T) {
	t.Parallel()
	h := newHarness(t, noRetries, ok(fixture(t, "error_request_limit.json")))
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrTooManyRequests) || errors.Is(err, provconc.ErrRetryExhausted) {
		t.Fatalf("err = %v, want a bare throttle error", err)
	}
}

func TestNonSCFAnswers(t *testing.T) {
	t.Parallel()
	gateway := answer{502, map[string]string{"Content-Type": "text/html"}, "<html><body>502 Bad Gateway</body></html>"}
	tests := []struct {
		name     string
		answers  []answer
		kind     error
		status   int
		attempts int
	}{
		{"5xx page, retried then exhausted", []answer{gateway, gateway, gateway}, provconc.ErrService, 502, 3},
		{"503 then success", []answer{{503, nil, ""}, ok(fixture(t, "delete_ok.json"))}, nil, 0, 2},
		{"429 without a body", []answer{{429, nil, ""}, {429, nil, ""}, {429, nil, ""}}, provconc.ErrTooManyRequests, 429, 3},
		{"403 from a proxy", []answer{{403, map[string]string{"Content-Type": "text/plain"}, "Forbidden"}}, provconc.ErrAccessDenied, 403, 1},
		{"404 from a proxy", []answer{{404, map[string]string{"Content-Type": "text/plain"}, "404 page not found"}}, nil, 404, 1},
		{"SCF error with a non-200 status", []answer{{400, nil, errorBody("InvalidParameter", "bad", "r-2")}}, provconc.ErrInvalidParameterValue, 400, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil, tt.answers...)
			out, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
			if tt.status == 0 {
				if err != nil || out.Metadata.Attempts != tt.attempts {
					t.Fatalf("err = %v, out = %+v", err, out)
				}
				return
			}
			var apiErr *provconc.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want an *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Kind != tt.kind || apiErr.Attempts != tt.attempts || apiErr.Message == "" {
				t.Errorf("APIError %+v, want status %d kind %v attempts %d", *apiErr, tt.status, tt.kind, tt.attempts)
			}
			if got := errors.Is(err, provconc.ErrRetryExhausted); got != (tt.attempts == 3) {
				t.Errorf("errors.Is(err, ErrRetryExhausted) = %v", got)
			}
			if n := len(h.requests()); n != tt.attempts {
				t.Errorf("sent %d requests, want %d", n, tt.attempts)
			}
		})
	}
}

func TestOwnClassifierStillSeesOtherAnswers(t *testing.T) {
	t.Parallel()
	var seen []int
	h := newHarness(t, func(o *tencentscf.Options) {
		o.Retry.Classify = func(resp *http.Response, err error) (d retry.Decision) {
			if resp != nil {
				seen = append(seen, resp.StatusCode)
			}
			return d
		}
	}, ok(fixture(t, "error_request_limit.json")), ok(errorBody("ResourceNotFound.Function", "The function does not exist.", "r-3")))
	_, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
	// The throttle inside the 200 is retried by the protocol; the next 200
	// goes to the user's classifier, which declines to retry it.
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "ResourceNotFound.Function" || apiErr.Attempts != 2 {
		t.Fatalf("err = %v", err)
	}
	if diff := cmp.Diff([]int{200}, seen); diff != "" {
		t.Errorf("user classifier saw (-want +got):\n%s", diff)
	}
}

func TestAPIErrorTextCarriesCodeAndRequestID(t *testing.T) {
	t.Parallel()
	h := newHarness(t, noRetries, ok(errorBody("ResourceNotFound.FunctionVersion", "The function version does not exist.", "req-abc")))
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	want := "provconc: tencent-scf GetProvisionedConcurrencyConfig: ResourceNotFound.FunctionVersion (HTTP 200): The function version does not exist. [request id req-abc]"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant   %s", err, want)
	}
	if strings.Contains(err.Error(), testSecretKey) {
		t.Error("error carries the secret key")
	}
}
