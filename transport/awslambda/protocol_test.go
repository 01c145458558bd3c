package awslambda_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
)

// answer is one scripted HTTP answer.
type answer struct {
	status int
	header map[string]string
	body   string
}

// sentRequest is what the protocol put on the wire.
type sentRequest struct {
	Method    string
	Path      string // escaped, as sent
	Query     string
	Body      string
	Header    http.Header
	Signature string
}

// harness serves scripted answers through httpmock and records every request.
type harness struct {
	t       *testing.T
	mu      sync.Mutex
	sent    []sentRequest
	answers []answer
	sleeps  []time.Duration
	client  *provconc.Client
}

var testCreds = aws.NewCredentialsCache(credentialsFunc(func(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", SessionToken: "session-token-example"}, nil
}))

type credentialsFunc func(context.Context) (aws.Credentials, error)

func (f credentialsFunc) Retrieve(ctx context.Context) (aws.Credentials, error) { return f(ctx) }

func newHarness(t *testing.T, answers ...answer) *harness {
	t.Helper()
	h := &harness{t: t, answers: answers}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(h.respond)
	p, err := awslambda.New(awslambda.Options{
		Region:      "us-west-2",
		Credentials: testCreds,
		HTTPClient:  &http.Client{Transport: mt},
		Now:         func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) },
		Retry: retry.Options{
			// One call's retries, waits and attempt limit, unpaced: the
			// pacing a throttle turns on is transport/retry's to test.
			DisableRateLimit: true,
			Jitter:           func() float64 { return 0.5 },
			Sleep: func(ctx context.Context, d time.Duration) error {
				h.mu.Lock()
				h.sleeps = append(h.sleeps, d)
				h.mu.Unlock()
				return ctx.Err()
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.client, err = provconc.NewClient(p)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	auth := req.Header.Get("Authorization")
	sig := ""
	if i := strings.Index(auth, "Signature="); i >= 0 {
		sig = auth[i+len("Signature="):]
	}
	h.sent = append(h.sent, sentRequest{
		Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
		Body: string(body), Header: req.Header.Clone(), Signature: sig,
	})
	if len(h.answers) == 0 {
		h.t.Errorf("unexpected request %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(500, "no answer scripted"), nil
	}
	a := h.answers[0]
	h.answers = h.answers[1:]
	resp := httpmock.NewStringResponse(a.status, a.body)
	for k, v := range a.header {
		resp.Header.Set(k, v)
	}
	if resp.Header.Get("X-Amzn-RequestId") == "" {
		resp.Header.Set("X-Amzn-RequestId", "req-"+http.StatusText(a.status))
	}
	resp.Request = req
	return resp, nil
}

func (h *harness) requests() []sentRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]sentRequest(nil), h.sent...)
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOperationsOnTheWire(t *testing.T) {
	t.Parallel()
	const arn = "arn:aws:lambda:us-west-2:123456789012:function:my-function"
	tests := []struct {
		name        string
		answer      answer
		call        func(*provconc.Client) (any, error)
		wantRequest sentRequest
		want        any
	}{
		{
			name:   "Put by name and qualifier",
			answer: answer{status: 202, body: fixture(t, "put_in_progress.json")},
			call: func(c *provconc.Client) (any, error) {
				return c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100})
			},
			wantRequest: sentRequest{Method: "PUT", Path: "/2019-09-30/functions/my-function/provisioned-concurrency", Query: "Qualifier=BLUE", Body: `{"ProvisionedConcurrentExecutions":100}`},
			want: &provconc.PutOutput{
				Config:   provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Requested: 100, Status: provconc.StatusInProgress, LastModified: ts("2019-11-21T19:32:12Z")},
				Metadata: provconc.Metadata{RequestID: "req-Accepted", Attempts: 1},
			},
		},
		{
			name:   "Get by full ARN escapes the colons and fills the qualified ARN",
			answer: answer{status: 200, body: fixture(t, "get_ready.json")},
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: arn, Qualifier: "BLUE"})
			},
			wantRequest: sentRequest{Method: "GET", Path: "/2019-09-30/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Amy-function/provisioned-concurrency", Query: "Qualifier=BLUE"},
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", FunctionARN: arn + ":BLUE",
					Requested: 100, Allocated: 100, Available: 100, Status: provconc.StatusReady, LastModified: ts("2019-12-31T20:28:49Z")},
				Metadata: provconc.Metadata{RequestID: "req-OK", Attempts: 1},
			},
		},
		{
			name:   "Get with the qualifier in the name sends it as the Qualifier too",
			answer: answer{status: 200, body: fixture(t, "get_failed.json")},
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: "123456789012:function:my-function:7"})
			},
			wantRequest: sentRequest{Method: "GET", Path: "/2019-09-30/functions/123456789012%3Afunction%3Amy-function%3A7/provisioned-concurrency", Query: "Qualifier=7"},
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "7", Requested: 900, Status: provconc.StatusFailed,
					StatusReason: "FUNCTION_ERROR_INIT_FAILURE", LastModified: ts("2019-12-31T20:28:49Z")},
				Metadata: provconc.Metadata{RequestID: "req-OK", Attempts: 1},
			},
		},
		{
			name:   "List with marker and MaxItems",
			answer: answer{status: 200, body: fixture(t, "list_page1.json")},
			call: func(c *provconc.Client) (any, error) {
				return c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", Marker: "a b/c=", MaxItems: 2})
			},
			wantRequest: sentRequest{Method: "GET", Path: "/2019-09-30/functions/my-function/provisioned-concurrency", Query: "List=ALL&Marker=a%20b%2Fc%3D&MaxItems=2"},
			want: &provconc.ListOutput{
				Configs: []provconc.Config{
					{FunctionName: "my-function", Qualifier: "GREEN", FunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:my-function:GREEN",
						Requested: 100, Allocated: 100, Available: 100, Status: provconc.StatusReady, LastModified: ts("2019-12-31T20:29:00Z")},
					{FunctionName: "my-function", Qualifier: "BLUE", FunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:my-function:BLUE",
						Requested: 100, Allocated: 100, Available: 100, Status: provconc.StatusReady, LastModified: ts("2019-12-31T20:28:49Z")},
				},
				NextMarker: "eyJwb3MiOjJ9",
				Metadata:   provconc.Metadata{RequestID: "req-OK", Attempts: 1},
			},
		},
		{
			name:   "Delete answers 204",
			answer: answer{status: 204},
			call: func(c *provconc.Client) (any, error) {
				return c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "$LATEST"})
			},
			wantRequest: sentRequest{Method: "DELETE", Path: "/2019-09-30/functions/my-function/provisioned-concurrency", Query: "Qualifier=%24LATEST"},
			want:        &provconc.DeleteOutput{Metadata: provconc.Metadata{RequestID: "req-No Content", Attempts: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.answer)
			got, err := tt.call(h.client)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			sent := h.requests()
			if len(sent) != 1 {
				t.Fatalf("sent %d requests, want 1", len(sent))
			}
			s := sent[0]
			if diff := cmp.Diff(tt.wantRequest, s, cmp.FilterPath(func(p cmp.Path) bool {
				f := p.Last().String()
				return f == ".Header" || f == ".Signature"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
			auth := s.Header.Get("Authorization")
			if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/lambda/aws4_request") {
				t.Errorf("Authorization = %q, want a SigV4 lambda signature for us-west-2", auth)
			}
			if got := s.Header.Get("X-Amz-Security-Token"); got != "session-token-example" {
				t.Errorf("X-Amz-Security-Token = %q", got)
			}
			if s.Body != "" && s.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q with a body", s.Header.Get("Content-Type"))
			}
		})
	}
}

func TestDocumentedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer answer
		kind   error
		want   provconc.APIError // Kind and Attempts are checked apart
	}{
		{"InvalidParameterValue", answer{400, map[string]string{"X-Amzn-ErrorType": "InvalidParameterValueException"}, `{"Type":"User","message":"Provisioned Concurrency Configs cannot be applied to unpublished function versions."}`},
			provconc.ErrInvalidParameterValue, provconc.APIError{Code: "InvalidParameterValueException", Type: "User", StatusCode: 400, Message: "Provisioned Concurrency Configs cannot be applied to unpublished function versions."}},
		{"ValidationException counts as invalid parameter", answer{400, map[string]string{"X-Amzn-ErrorType": "ValidationException"}, `{"message":"1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1"}`},
			provconc.ErrInvalidParameterValue, provconc.APIError{Code: "ValidationException", StatusCode: 400, Message: "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1"}},
		{"ResourceNotFound uses capital Message and a code suffix", answer{404, map[string]string{"X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"}, `{"Type":"User","Message":"Function not found: arn:aws:lambda:us-west-2:123456789012:function:my-function:BLUE"}`},
			provconc.ErrResourceNotFound, provconc.APIError{Code: "ResourceNotFoundException", Type: "User", StatusCode: 404, Message: "Function not found: arn:aws:lambda:us-west-2:123456789012:function:my-function:BLUE"}},
		{"ProvisionedConcurrencyConfigNotFound", answer{404, map[string]string{"X-Amzn-ErrorType": "ProvisionedConcurrencyConfigNotFoundException"}, `{"Type":"User","message":"No Provisioned Concurrency Config found for this function"}`},
			provconc.ErrProvisionedConcurrencyConfigNotFound, provconc.APIError{Code: "ProvisionedConcurrencyConfigNotFoundException", Type: "User", StatusCode: 404, Message: "No Provisioned Concurrency Config found for this function"}},
		{"ResourceConflict", answer{409, map[string]string{"X-Amzn-ErrorType": "ResourceConflictException"}, `{"Type":"User","message":"Alias with weights can not be used with Provisioned Concurrency"}`},
			provconc.ErrResourceConflict, provconc.APIError{Code: "ResourceConflictException", Type: "User", StatusCode: 409, Message: "Alias with weights can not be used with Provisioned Concurrency"}},
		{"AccessDenied", answer{403, map[string]string{"X-Amzn-ErrorType": "AccessDeniedException"}, `{"Message":"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:GetProvisionedConcurrencyConfig"}`},
			provconc.ErrAccessDenied, provconc.APIError{Code: "AccessDeniedException", StatusCode: 403, Message: "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:GetProvisionedConcurrencyConfig"}},
		{"UnrecognizedClient", answer{403, map[string]string{"X-Amzn-ErrorType": "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/"}, `{"message":"The security token included in the request is invalid."}`},
			provconc.ErrAccessDenied, provconc.APIError{Code: "UnrecognizedClientException", StatusCode: 403, Message: "The security token included in the request is invalid."}},
		{"InvalidSignature", answer{403, map[string]string{"X-Amzn-ErrorType": "InvalidSignatureException"}, `{"message":"The request signature we calculated does not match the signature you provided."}`},
			provconc.ErrAccessDenied, provconc.APIError{Code: "InvalidSignatureException", StatusCode: 403, Message: "The request signature we calculated does not match the signature you provided."}},
		{"ExpiredToken", answer{403, map[string]string{"X-Amzn-ErrorType": "ExpiredTokenException"}, `{"message":"The security token included in the request is expired"}`},
			provconc.ErrAccessDenied, provconc.APIError{Code: "ExpiredTokenException", StatusCode: 403, Message: "The security token included in the request is expired"}},
		{"code only in the body as __type with a namespace", answer{409, nil, `{"__type":"com.amazonaws.lambda#ResourceConflictException","message":"busy"}`},
			provconc.ErrResourceConflict, provconc.APIError{Code: "ResourceConflictException", StatusCode: 409, Message: "busy"}},
		{"unknown code keeps its code", answer{400, map[string]string{"X-Amzn-ErrorType": "SnapStartNotReadyException"}, `{"Type":"User","message":"later"}`},
			nil, provconc.APIError{Code: "SnapStartNotReadyException", Type: "User", StatusCode: 400, Message: "later"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.answer)
			_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			var apiErr *provconc.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("errors.Is(err, %v) = false", tt.kind)
			}
			if tt.kind == nil && apiErr.Kind != nil {
				t.Errorf("Kind = %v, want nil for an unknown code", apiErr.Kind)
			}
			want := tt.want
			want.Provider, want.Operation, want.Kind, want.Attempts = "aws-lambda", "GetProvisionedConcurrencyConfig", apiErr.Kind, 1
			want.RequestID = "req-" + http.StatusText(tt.answer.status)
			if diff := cmp.Diff(want, *apiErr, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if n := len(h.requests()); n != 1 {
				t.Errorf("sent %d requests, want 1 (no retry of a %d)", n, tt.answer.status)
			}
		})
	}
}

func TestThrottleThenSuccessIsRetried(t *testing.T) {
	t.Parallel()
	throttle := answer{429, map[string]string{"X-Amzn-ErrorType": "TooManyRequestsException", "Retry-After": "2"},
		`{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`}
	h := newHarness(t, throttle, answer{status: 200, body: fixture(t, "get_ready.json")})
	out, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Metadata.Attempts != 2 || out.Status != provconc.StatusReady {
		t.Errorf("attempts=%d status=%s, want 2 READY", out.Metadata.Attempts, out.Status)
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second}, h.sleeps); diff != "" {
		t.Errorf("waits (-want +got), Retry-After: 2 must be honoured:\n%s", diff)
	}
	sent := h.requests()
	if len(sent) != 2 || sent[0].Signature == "" || sent[1].Signature == "" {
		t.Fatalf("want two signed attempts, got %+v", sent)
	}
}

func TestThrottlesExhaustRetries(t *testing.T) {
	t.Parallel()
	throttle := answer{429, map[string]string{"X-Amzn-ErrorType": "TooManyRequestsException", "Retry-After": "1"},
		`{"Reason":"ConcurrentInvocationLimitExceeded","Type":"User","message":"Rate exceeded"}`}
	h := newHarness(t, throttle, throttle, throttle)
	_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 1})
	var exhausted *provconc.RetryExhaustedError
	if !errors.As(err, &exhausted) {
		t.Fatalf("error %v is not a *RetryExhaustedError", err)
	}
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, provconc.ErrTooManyRequests) || !errors.Is(err, provconc.ErrRetryExhausted) {
		t.Fatalf("error %v must unwrap to a throttling *APIError", err)
	}
	if exhausted.Attempts != 3 || apiErr.Attempts != 3 || apiErr.RetryAfter != time.Second || apiErr.Reason != "ConcurrentInvocationLimitExceeded" {
		t.Errorf("attempts=%d/%d retryAfter=%v reason=%q", exhausted.Attempts, apiErr.Attempts, apiErr.RetryAfter, apiErr.Reason)
	}
	if n := len(h.requests()); n != 3 {
		t.Errorf("sent %d requests, want 3", n)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		h := newHarness(t,
			answer{status, map[string]string{"X-Amzn-ErrorType": "ServiceException"}, `{"Type":"Service","message":"internal"}`},
			answer{status: 204})
		out, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
		if err != nil || out.Metadata.Attempts != 2 {
			t.Errorf("status %d: err=%v out=%+v, want success after one retry", status, err, out)
		}
	}
}

func TestNonJSONGatewayErrorStillHasAKind(t *testing.T) {
	t.Parallel()
	gateway := answer{502, map[string]string{"Content-Type": "text/html"}, "<html><body>Bad Gateway</body></html>"}
	h := newHarness(t, gateway, gateway, gateway)
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrService) || !errors.Is(err, provconc.ErrRetryExhausted) {
		t.Fatalf("err = %v, want ErrService after exhausted retries", err)
	}
}

func TestInvalidInputSendsNothing(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 65)
	tests := []struct {
		name  string
		call  func(*provconc.Client) error
		field string
	}{
		{"empty name", func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{Qualifier: "1"})
			return err
		}, "FunctionName"},
		{"name too long", func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: long, Qualifier: "1"})
			return err
		}, "FunctionName"},
		{"bad name character", func(c *provconc.Client) error {
			_, err := c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my.function", Qualifier: "1"})
			return err
		}, "FunctionName"},
		{"missing qualifier", func(c *provconc.Client) error {
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", ProvisionedConcurrentExecutions: 1})
			return err
		}, "Qualifier"},
		{"contradicting qualifier", func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function:BLUE", Qualifier: "GREEN"})
			return err
		}, "Qualifier"},
		{"bad qualifier", func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "a/b"})
			return err
		}, "Qualifier"},
		{"qualifier too long", func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: strings.Repeat("q", 129)})
			return err
		}, "Qualifier"},
		{"count below 1", func(c *provconc.Client) error {
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1"})
			return err
		}, "ProvisionedConcurrentExecutions"},
		{"count above int32", func(c *provconc.Client) error {
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: aboveInt32})
			return err
		}, "ProvisionedConcurrentExecutions"},
		{"MaxItems above 50", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", MaxItems: 51})
			return err
		}, "MaxItems"},
		{"MaxItems negative", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", MaxItems: -1})
			return err
		}, "MaxItems"},
		{"foreign extension", func(c *provconc.Client) error {
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 1, Extension: fakeExtension{}})
			return err
		}, "Extension"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			err := tt.call(h.client)
			var inErr *provconc.InputError
			if !errors.As(err, &inErr) || !errors.Is(err, provconc.ErrInvalidInput) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if inErr.Field != tt.field || inErr.Rule == "" {
				t.Errorf("field %q rule %q, want field %q and a rule", inErr.Field, inErr.Rule, tt.field)
			}
			if n := len(h.requests()); n != 0 {
				t.Errorf("sent %d requests for invalid input", n)
			}
		})
	}
}

type fakeExtension struct{}

func (fakeExtension) Provider() string { return "other" }

func TestMalformedAnswersAreInvalidResponse(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"Status":`, `[]`, `{"LastModified":"yesterday"}`, `{"RequestedProvisionedConcurrentExecutions":"many"}`} {
		h := newHarness(t, answer{status: 200, body: body})
		_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		if !errors.Is(err, provconc.ErrInvalidResponse) {
			t.Errorf("body %s: err = %v, want ErrInvalidResponse", body, err)
		}
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, answer{status: 200, body: `{"StatusReason":"` + strings.Repeat("x", 2<<20) + `"}`})
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse for a body over the cap", err)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, answer{307, map[string]string{"Location": "https://elsewhere.example/steal"}, ""})
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 307 {
		t.Fatalf("err = %v, want an *APIError with status 307", err)
	}
	if n := len(h.requests()); n != 1 {
		t.Errorf("sent %d requests, want 1: a signed request must not follow a redirect", n)
	}
}

func TestNewChecksOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts awslambda.Options
		want string
	}{
		{"no region", awslambda.Options{Credentials: testCreds}, "Region is required"},
		{"bad region", awslambda.Options{Region: "us west", Credentials: testCreds}, "Region"},
		{"no credentials", awslambda.Options{Region: "us-east-1"}, "Credentials are required"},
		{"endpoint without scheme", awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "localhost:4566"}, "http or https"},
		{"endpoint with query", awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "http://localhost:4566/?a=b"}, "query"},
	}
	for _, tt := range tests {
		_, err := awslambda.New(tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestEndpointsForEveryPartition(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"us-east-1":       "https://lambda.us-east-1.amazonaws.com",
		"eu-west-3":       "https://lambda.eu-west-3.amazonaws.com",
		"cn-north-1":      "https://lambda.cn-north-1.amazonaws.com.cn",
		"us-gov-west-1":   "https://lambda.us-gov-west-1.amazonaws.com",
		"us-iso-east-1":   "https://lambda.us-iso-east-1.c2s.ic.gov",
		"us-isob-east-1":  "https://lambda.us-isob-east-1.sc2s.sgov.gov",
		"eu-isoe-west-1":  "https://lambda.eu-isoe-west-1.cloud.adc-e.uk",
		"us-isof-south-1": "https://lambda.us-isof-south-1.csp.hci.ic.gov",
		"eusc-de-east-1":  "https://lambda.eusc-de-east-1.amazonaws.eu",
	}
	for region, want := range tests {
		p, err := awslambda.New(awslambda.Options{Region: region, Credentials: testCreds})
		if err != nil {
			t.Fatal(err)
		}
		if p.Endpoint() != want {
			t.Errorf("%s: endpoint %q, want %q", region, p.Endpoint(), want)
		}
	}
	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "http://127.0.0.1:4566/proxy/"})
	if err != nil || p.Endpoint() != "http://127.0.0.1:4566/proxy" {
		t.Errorf("override: %v %q", err, p.Endpoint())
	}
}

func TestAnonymousCredentialsSendUnsigned(t *testing.T) {
	t.Parallel()
	var got http.Header
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		got = req.Header.Clone()
		return httpmock.NewStringResponse(204, ""), nil
	})
	client, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: &http.Client{Transport: mt}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "f", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "" {
		t.Errorf("anonymous request carries Authorization %q", got.Get("Authorization"))
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var calls int
	var mu sync.Mutex
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		resp := httpmock.NewStringResponse(503, `{"Type":"Service","message":"unavailable"}`)
		resp.Header.Set("X-Amzn-ErrorType", "ServiceException")
		return resp, nil
	})
	p, err := awslambda.New(awslambda.Options{
		Region: "us-east-1", Credentials: testCreds, HTTPClient: &http.Client{Transport: mt},
		Retry: retry.Options{BaseDelay: time.Hour, MaxBackoff: time.Hour, Jitter: func() float64 { return 0.9 }},
		// No call bound: the wait must end by the cancellation alone.
		Timeout: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := p.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Get did not return after its context was cancelled mid-backoff")
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Errorf("sent %d requests, want 1 (none after cancellation)", calls)
	}
}

// A signature refused because the local clock is 10 minutes slow is retried
// once, signed with the time the answer's Date header gave; later calls sign
// with the corrected clock from the start.
func TestClockSkewIsCorrected(t *testing.T) {
	t.Parallel()
	serverNow := time.Date(2024, 5, 1, 12, 10, 0, 0, time.UTC) // the harness clock says 12:00
	skewed := answer{403, map[string]string{"X-Amzn-ErrorType": "InvalidSignatureException", "Date": serverNow.Format(http.TimeFormat)},
		`{"message":"Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z (20240501T121000Z - 5 min.)"}`}
	ok := answer{200, map[string]string{"Date": serverNow.Format(http.TimeFormat)}, fixture(t, "get_ready.json")}
	h := newHarness(t, skewed, ok, ok)
	out, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if err != nil || out.Metadata.Attempts != 2 {
		t.Fatalf("Get = %+v, %v; want success on the 2nd attempt", out, err)
	}
	if _, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, r := range h.requests() {
		dates = append(dates, r.Header.Get("X-Amz-Date"))
	}
	if diff := cmp.Diff([]string{"20240501T120000Z", "20240501T121000Z", "20240501T121000Z"}, dates); diff != "" {
		t.Errorf("signing times (-want +got):\n%s", diff)
	}
}

// aboveInt32 is 2^31 where int has 64 bits; a variable, so the package also
// builds where int has 32 (and the value wraps below 1, refused all the same).
var aboveInt32 = int(int64(1) << 31 & int64(^uint(0)>>1))
