// Each operation's exact request on the wire and its decoded output, and the
// options New accepts and refuses.

package tencentscf_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// authPattern is the Authorization header of a TC3 signature by testCreds on
// 2024-05-01.
var authPattern = regexp.MustCompile(`^TC3-HMAC-SHA256 Credential=` + testSecretID +
	`/2024-05-01/scf/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`)

// wireRequest is the request of one action to the default endpoint.
func wireRequest(action, body string) sentRequest {
	return sentRequest{
		Method:      "POST",
		URL:         "https://scf.tencentcloudapi.com/",
		Body:        body,
		ContentType: "application/json",
		Action:      action,
		Version:     "2018-04-16",
		Region:      "ap-guangzhou",
		Timestamp:   "1714564800",
		Token:       testToken,
	}
}

func TestOperationsOnTheWire(t *testing.T) {
	t.Parallel()
	morning := tencentscf.TriggerAction{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *", ProvisionedType: tencentscf.ProvisionedTypeDefault}
	night := tencentscf.TriggerAction{TriggerName: "night", TriggerProvisionedConcurrencyNum: 2, TriggerCronConfig: "0 0 23 * * * *"}
	tests := []struct {
		name        string
		answer      answer
		call        func(*provconc.Client) (any, error)
		wantRequest sentRequest
		want        any
	}{
		{
			name:   "Put static by name and qualifier",
			answer: ok(fixture(t, "put_ok.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 10})
			},
			wantRequest: wireRequest("PutProvisionedConcurrencyConfig",
				`{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":10,"Namespace":"default"}`),
			want: &provconc.PutOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "1", Requested: 10, Status: provconc.StatusInProgress,
					Extension: &tencentscf.ConfigDetails{Namespace: "default"}},
				Metadata: provconc.Metadata{RequestID: "eac6b301-a322-493a-8e36-83b295459397", Attempts: 1},
			},
		},
		{
			name:   "Put static with scheduled actions in a namespace",
			answer: ok(fixture(t, "put_ok.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 10,
					Extension: &tencentscf.PutParameters{Namespace: "prod", ProvisionedType: tencentscf.ProvisionedTypeDefault, TriggerActions: []tencentscf.TriggerAction{morning, night}}})
			},
			wantRequest: wireRequest("PutProvisionedConcurrencyConfig",
				`{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":10,"Namespace":"prod",`+
					`"TriggerActions":[{"TriggerName":"morning-peak","TriggerProvisionedConcurrencyNum":20,"TriggerCronConfig":"0 30 8 * * * *","ProvisionedType":"Default"},`+
					`{"TriggerName":"night","TriggerProvisionedConcurrencyNum":2,"TriggerCronConfig":"0 0 23 * * * *"}],"ProvisionedType":"Default"}`),
			want: &provconc.PutOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "1", Requested: 10, Status: provconc.StatusInProgress,
					Extension: &tencentscf.ConfigDetails{Namespace: "prod", TriggerActions: []tencentscf.TriggerAction{morning, night}}},
				Metadata: provconc.Metadata{RequestID: "eac6b301-a322-493a-8e36-83b295459397", Attempts: 1},
			},
		},
		{
			name:   "Put with utilization tracking sends 0 and the tracking parameters",
			answer: ok(fixture(t, "put_ok.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function:2",
					Extension: &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.75, MinCapacity: 2, MaxCapacity: 50}})
			},
			wantRequest: wireRequest("PutProvisionedConcurrencyConfig",
				`{"FunctionName":"my-function","Qualifier":"2","VersionProvisionedConcurrencyNum":0,"Namespace":"default",`+
					`"ProvisionedType":"ConcurrencyUtilizationTracking","TrackingTarget":0.75,"MinCapacity":2,"MaxCapacity":50}`),
			want: &provconc.PutOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "2", Requested: 0, Status: provconc.StatusInProgress,
					Extension: &tencentscf.ConfigDetails{Namespace: "default"}},
				Metadata: provconc.Metadata{RequestID: "eac6b301-a322-493a-8e36-83b295459397", Attempts: 1},
			},
		},
		{
			name:   "Put with name:version and a Scope",
			answer: ok(fixture(t, "put_ok.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Put(context.Background(), &provconc.PutInput{FunctionName: "my_function:7", Qualifier: "7", ProvisionedConcurrentExecutions: 5,
					Extension: &tencentscf.Scope{Namespace: "staging"}})
			},
			wantRequest: wireRequest("PutProvisionedConcurrencyConfig",
				`{"FunctionName":"my_function","Qualifier":"7","VersionProvisionedConcurrencyNum":5,"Namespace":"staging"}`),
			want: &provconc.PutOutput{
				Config: provconc.Config{FunctionName: "my_function", Qualifier: "7", Requested: 5, Status: provconc.StatusInProgress,
					Extension: &tencentscf.ConfigDetails{Namespace: "staging"}},
				Metadata: provconc.Metadata{RequestID: "eac6b301-a322-493a-8e36-83b295459397", Attempts: 1},
			},
		},
		{
			name:   "Get a ready version with its scheduled actions",
			answer: ok(fixture(t, "get_version_done.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"default","Qualifier":"1"}`),
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "1", Requested: 10, Available: 10, Status: provconc.StatusReady,
					Extension: &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: ptr(170),
						TriggerActions: []tencentscf.TriggerAction{morning, night}}},
				Metadata: provconc.Metadata{RequestID: "b5b41468-520d-4192-b42f-595cc34b6c1c", Attempts: 1},
			},
		},
		{
			name:   "Get in progress in a namespace",
			answer: ok(fixture(t, "get_version_in_progress.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function:3", Extension: &tencentscf.Scope{Namespace: "prod"}})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"prod","Qualifier":"3"}`),
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "3", Requested: 100, Available: 35, Status: provconc.StatusInProgress,
					Extension: &tencentscf.ConfigDetails{Namespace: "prod", UnallocatedConcurrency: ptr(80)}},
				Metadata: provconc.Metadata{RequestID: "6c7f1b82-2a5e-4d0e-9a9b-2f0d3c51e8a4", Attempts: 1},
			},
		},
		{
			name:   "Get a failed allocation",
			answer: ok(fixture(t, "get_version_failed.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "2"})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"default","Qualifier":"2"}`),
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "2", Requested: 10, Status: provconc.StatusFailed,
					StatusReason: "function initialization failed: Init timeout",
					Extension:    &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: ptr(190)}},
				Metadata: provconc.Metadata{RequestID: "0f6a2c1e-7d43-4b8e-a1c2-5e9d8b7a6f10", Attempts: 1},
			},
		},
		{
			name: "Get keeps an unknown status as sent",
			answer: ok(`{"Response":{"Allocated":[{"AllocatedProvisionedConcurrencyNum":4,"AvailableProvisionedConcurrencyNum":4,` +
				`"Status":"Scaling","Qualifier":"5"}],"RequestId":"11111111-2222-4333-8444-555555555555"}}`),
			call: func(c *provconc.Client) (any, error) {
				return c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "5"})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"default","Qualifier":"5"}`),
			want: &provconc.GetOutput{
				Config: provconc.Config{FunctionName: "my-function", Qualifier: "5", Requested: 4, Available: 4, Status: "Scaling",
					Extension: &tencentscf.ConfigDetails{Namespace: "default"}},
				Metadata: provconc.Metadata{RequestID: "11111111-2222-4333-8444-555555555555", Attempts: 1},
			},
		},
		{
			name:   "List every version in one page; MaxItems is ignored",
			answer: ok(fixture(t, "list_all.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", MaxItems: 2})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"default"}`),
			want: &provconc.ListOutput{
				Configs: []provconc.Config{
					{FunctionName: "my-function", Qualifier: "1", Requested: 10, Available: 10, Status: provconc.StatusReady,
						Extension: &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: ptr(55)}},
					{FunctionName: "my-function", Qualifier: "3", Requested: 100, Available: 35, Status: provconc.StatusInProgress,
						Extension: &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: ptr(55), TriggerActions: []tencentscf.TriggerAction{
							{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 120, TriggerCronConfig: "0 30 8 * * MON-FRI *", ProvisionedType: tencentscf.ProvisionedTypeDefault},
						}}},
					{FunctionName: "my-function", Qualifier: "4", Requested: 35, Status: provconc.StatusFailed, StatusReason: "function initialization failed: Init timeout",
						Extension: &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: ptr(55)}},
				},
				Extension: &tencentscf.ListDetails{Namespace: "default", UnallocatedConcurrency: ptr(55)},
				Metadata:  provconc.Metadata{RequestID: "d1e2f3a4-b5c6-4789-90ab-cdef01234567", Attempts: 1},
			},
		},
		{
			name:   "List a function without configs in a namespace",
			answer: ok(fixture(t, "list_empty.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", Extension: &tencentscf.Scope{Namespace: "prod"}})
			},
			wantRequest: wireRequest("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"prod"}`),
			want: &provconc.ListOutput{
				Extension: &tencentscf.ListDetails{Namespace: "prod", UnallocatedConcurrency: ptr(200)},
				Metadata:  provconc.Metadata{RequestID: "5b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", Attempts: 1},
			},
		},
		{
			name:   "Delete",
			answer: ok(fixture(t, "delete_ok.json")),
			call: func(c *provconc.Client) (any, error) {
				return c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
			},
			wantRequest: wireRequest("DeleteProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Namespace":"default","Qualifier":"1"}`),
			want:        &provconc.DeleteOutput{Metadata: provconc.Metadata{RequestID: "3c140219-cfe9-470e-b241-907877d6fb03", Attempts: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil, tt.answer)
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
			if diff := cmp.Diff(tt.wantRequest, sent[0], cmp.FilterPath(func(p cmp.Path) bool {
				return p.Last().String() == ".Authorization"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
			if !authPattern.MatchString(sent[0].Authorization) {
				t.Errorf("Authorization = %q, want a TC3 signature for scf on 2024-05-01", sent[0].Authorization)
			}
		})
	}
}

func TestGetOfVersionWithoutConfigIsNotFound(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		fixture(t, "get_version_empty.json"),
		// Another version's entry does not answer for this one.
		strings.Replace(fixture(t, "get_version_done.json"), `"Qualifier": "1"`, `"Qualifier": "9"`, 1),
	} {
		h := newHarness(t, nil, ok(body))
		_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
		if !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
			t.Fatalf("err = %v, want ErrProvisionedConcurrencyConfigNotFound", err)
		}
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err %T is not an *APIError", err)
		}
		if apiErr.Provider != "tencent-scf" || apiErr.Operation != "GetProvisionedConcurrencyConfig" || apiErr.Code != "" ||
			apiErr.StatusCode != 200 || apiErr.RequestID == "" || apiErr.Attempts != 1 || apiErr.Retryable() ||
			!strings.Contains(apiErr.Message, "version 1 of function my-function (namespace default)") {
			t.Errorf("APIError = %+v", *apiErr)
		}
	}
}

func TestEndpointOverrideKeepsBasePath(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *tencentscf.Options) {
		o.Endpoint = "http://127.0.0.1:9000/scf-proxy/"
		o.Namespace = "team-a"
	}, ok(fixture(t, "delete_ok.json")))
	if _, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	s := h.requests()[0]
	if s.URL != "http://127.0.0.1:9000/scf-proxy/" || s.Body != `{"FunctionName":"my-function","Namespace":"team-a","Qualifier":"1"}` {
		t.Errorf("sent %s %s", s.URL, s.Body)
	}
}

func TestNewChecksOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts tencentscf.Options
		want string
	}{
		{"no region", tencentscf.Options{Credentials: testCreds}, "Region is required"},
		{"upper-case region", tencentscf.Options{Region: "AP-Guangzhou", Credentials: testCreds}, "Region"},
		{"region without a hyphen", tencentscf.Options{Region: "guangzhou", Credentials: testCreds}, "Region"},
		{"region with a space", tencentscf.Options{Region: "ap guangzhou", Credentials: testCreds}, "Region"},
		{"region ending in a hyphen", tencentscf.Options{Region: "ap-guangzhou-", Credentials: testCreds}, "Region"},
		{"no credentials", tencentscf.Options{Region: "ap-guangzhou"}, "Credentials are required"},
		{"empty credentials", tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.Credentials{}}, "empty SecretId or SecretKey"},
		{"nil pointer credentials", tencentscf.Options{Region: "ap-guangzhou", Credentials: (*tencentscf.Credentials)(nil)}, "nil"},
		{"endpoint without scheme", tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "localhost:9000"}, "http or https"},
		{"endpoint with query", tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://localhost:9000/?a=b"}, "query"},
		{"endpoint and international", tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://localhost:9000", International: true}, "not both"},
		{"bad namespace", tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Namespace: "my namespace"}, "Namespace"},
	}
	for _, tt := range tests {
		_, err := tencentscf.New(tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestEndpointPassword(t *testing.T) {
	t.Parallel()
	_, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://user:hunter2@proxy.example"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v, want a refusal that does not repeat the password", err)
	}
	_, err = tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://user:hunter2@proxy.example/%zz"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v, want a refusal that does not repeat the password", err)
	}
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		opts tencentscf.Options
		want string
	}{
		{tencentscf.Options{}, "https://scf.tencentcloudapi.com"},
		{tencentscf.Options{International: true}, "https://scf.intl.tencentcloudapi.com"},
		{tencentscf.Options{Endpoint: "https://scf.ap-shanghai-fsi.tencentcloudapi.com"}, "https://scf.ap-shanghai-fsi.tencentcloudapi.com"},
		{tencentscf.Options{Endpoint: "http://127.0.0.1:9000/proxy/"}, "http://127.0.0.1:9000/proxy"},
	}
	for _, tt := range tests {
		tt.opts.Region, tt.opts.Credentials = "ap-shanghai-fsi", testCreds
		p, err := tencentscf.New(tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if p.Endpoint() != tt.want || p.Region() != "ap-shanghai-fsi" || p.Namespace() != "default" {
			t.Errorf("endpoint %q region %q namespace %q, want %q", p.Endpoint(), p.Region(), p.Namespace(), tt.want)
		}
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, answer{307, map[string]string{"Location": "https://elsewhere.example/steal", "Content-Type": "text/html"}, ""})
	_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 307 || apiErr.Kind != nil {
		t.Fatalf("err = %v, want an *APIError with status 307 and no kind", err)
	}
	if n := len(h.requests()); n != 1 {
		t.Errorf("sent %d requests, want 1: a signed request must not follow a redirect", n)
	}
}

func TestMalformedAnswersAreInvalidResponse(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty body":                  ``,
		"not JSON":                    `<html>OK</html>`,
		"no Response":                 `{"RequestId":"x"}`,
		"null Response":               `{"Response":null}`,
		"neither Error nor RequestId": `{"Response":{"Allocated":[]}}`,
		"count of the wrong type":     `{"Response":{"Allocated":[{"AllocatedProvisionedConcurrencyNum":"ten","Qualifier":"1"}],"RequestId":"r"}}`,
		"negative count":              `{"Response":{"UnallocatedConcurrencyNum":-1,"Allocated":[],"RequestId":"r"}}`,
		"count beyond int":            `{"Response":{"Allocated":[{"AllocatedProvisionedConcurrencyNum":18446744073709551615,"Qualifier":"1"}],"RequestId":"r"}}`,
		"truncated":                   `{"Response":{"Allocated":[{"Status":"Do`,
	}
	for name, body := range tests {
		h := newHarness(t, nil, ok(body))
		_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
		if !errors.Is(err, provconc.ErrInvalidResponse) {
			t.Errorf("%s: err = %v, want ErrInvalidResponse", name, err)
		}
		if n := len(h.requests()); n != 1 {
			t.Errorf("%s: sent %d requests, want 1 (a malformed 200 is not retried)", name, n)
		}
	}
}

// An answer with one field of the wrong type is still read for its error
// and request id, as tencentcloud-sdk-go common v1.3.209 reads an error
// answer (it decodes Error and RequestId alone: a RequestLimitExceeded or
// a ResourceNotFound.Function beside a malformed Allocated is reported as
// that code, with its RequestId). Before, the service's error became
// ErrInvalidResponse, after the classifier had already retried the same
// body as the throttle it is, and a success's request id was "unknown".
func TestMalformedAnswerKeepsTheServiceErrorAndRequestID(t *testing.T) {
	t.Parallel()
	t.Run("an error beside a malformed field", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, noRetries, ok(`{"Response":{"Error":{"Code":"ResourceNotFound.Function","Message":"m"},"Allocated":{},"RequestId":"req-e"}}`))
		_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "ResourceNotFound.Function" || apiErr.RequestID != "req-e" || !errors.Is(err, provconc.ErrResourceNotFound) {
			t.Fatalf("err = %v, want the service's ResourceNotFound.Function with request id req-e", err)
		}
	})
	t.Run("a throttle beside a malformed field, retried throughout", func(t *testing.T) {
		t.Parallel()
		throttle := ok(`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"Allocated":{},"RequestId":"req-t"}}`)
		h := newHarness(t, nil, throttle, throttle, throttle)
		_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "RequestLimitExceeded" || !errors.Is(err, provconc.ErrTooManyRequests) || errors.Is(err, provconc.ErrInvalidResponse) {
			t.Fatalf("err = %v, want the RequestLimitExceeded it was retried for", err)
		}
		if n := len(h.requests()); n != 3 {
			t.Errorf("sent %d requests, want 3", n)
		}
	})
	t.Run("a success with a malformed field", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, nil, ok(`{"Response":{"UnallocatedConcurrencyNum":-5,"Allocated":[],"RequestId":"req-s"}}`))
		_, err := h.client.List(context.Background(), &provconc.ListInput{FunctionName: "my-function"})
		if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(err.Error(), "[request id req-s]") {
			t.Fatalf("err = %v, want ErrInvalidResponse naming request id req-s", err)
		}
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, ok(`{"Response":{"RequestId":"r","Pad":"`+strings.Repeat("x", 2<<20)+`"}}`))
	_, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
	if !errors.Is(err, provconc.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse for a body over the cap", err)
	}
}

func TestExtensionsFromElsewhereAreRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	calls := map[string]func() error{
		"Put with a foreign extension": func() error {
			_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 1, Extension: fakeExtension{}})
			return err
		},
		"Get with PutParameters": func() error {
			_, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1", Extension: &tencentscf.PutParameters{}})
			return err
		},
		"List with details of an answer": func() error {
			_, err := h.client.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", Extension: &tencentscf.ListDetails{}})
			return err
		},
		"Delete with a typed nil foreign extension": func() error {
			_, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1", Extension: (*fakePtrExtension)(nil)})
			return err
		},
	}
	for name, call := range calls {
		var inErr *provconc.InputError
		if err := call(); !errors.As(err, &inErr) || inErr.Field != "Extension" {
			t.Errorf("%s: err = %v, want an *InputError on Extension", name, err)
		}
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("sent %d requests", n)
	}
}

func TestNilExtensionsMeanDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, ok(fixture(t, "put_ok.json")), ok(fixture(t, "delete_ok.json")))
	if _, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 1, Extension: (*tencentscf.PutParameters)(nil)}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1", Extension: (*tencentscf.Scope)(nil)}); err != nil {
		t.Fatal(err)
	}
	for _, s := range h.requests() {
		if !strings.Contains(s.Body, `"Namespace":"default"`) {
			t.Errorf("body %s, want the default namespace", s.Body)
		}
	}
}

type fakeExtension struct{}

func (fakeExtension) Provider() string { return "aws-lambda" }

type fakePtrExtension struct{}

func (*fakePtrExtension) Provider() string { return "other" }

func TestClientWithHTTPTimeoutAndOwnTransportIsUsed(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "https://scf.intl.tencentcloudapi.com/", httpmock.NewStringResponder(200, fixture(t, "delete_ok.json")))
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-singapore", Credentials: testCreds, International: true, HTTPClient: &http.Client{Transport: mt, Timeout: math.MaxInt32}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	if mt.GetTotalCallCount() != 1 {
		t.Errorf("calls = %d", mt.GetTotalCallCount())
	}
}

func TestExtensionsNameTheProvider(t *testing.T) {
	t.Parallel()
	for _, ext := range []provconc.Extension{&tencentscf.PutParameters{}, &tencentscf.Scope{}, &tencentscf.ConfigDetails{}, &tencentscf.ListDetails{}} {
		if got := ext.Provider(); got != "tencent-scf" {
			t.Errorf("%T.Provider() = %q", ext, got)
		}
	}
}

func TestGetTakesTheOnlyEntryWhenItsQualifierIsMissing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil, ok(`{"Response":{"Allocated":[{"AllocatedProvisionedConcurrencyNum":6,"AvailableProvisionedConcurrencyNum":2,"Status":"InProgress"}],"RequestId":"r-7"}}`))
	out, err := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "8"})
	if err != nil {
		t.Fatal(err)
	}
	want := provconc.Config{FunctionName: "my-function", Qualifier: "8", Requested: 6, Available: 2, Status: provconc.StatusInProgress,
		Extension: &tencentscf.ConfigDetails{Namespace: "default"}}
	if diff := cmp.Diff(want, out.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

// A retried Put refused with FailedOperation.ProvisionedInProgress succeeds
// only when an earlier attempt may have been acted on (a 5xx, not a
// throttle) and a Get shows the version holding exactly what was asked:
// the task is then most likely the one that attempt started.
func TestRetriedPutMeetingItsOwnTaskSucceeds(t *testing.T) {
	t.Parallel()
	const inProgress = "FailedOperation.ProvisionedInProgress"
	const (
		put = "PutProvisionedConcurrencyConfig"
		get = "GetProvisionedConcurrencyConfig"
	)
	gateway := answer{status: http.StatusBadGateway, body: "<html>502 Bad Gateway</html>"}
	throttled := ok(fixture(t, "error_request_limit.json"))
	refused := ok(errorBody(inProgress, "The function version already has a provisioned concurrency setting task in progress. Please try again later.", "req-refused"))
	inProgress100 := ok(fixture(t, "get_version_in_progress.json"))
	done100 := ok(strings.Replace(fixture(t, "get_version_in_progress.json"), `"InProgress"`, `"Done"`, 1))
	failed100 := ok(strings.Replace(fixture(t, "get_version_in_progress.json"), `"InProgress"`, `"Failed"`, 1))
	tracking := &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.6, MinCapacity: 10, MaxCapacity: 200}
	tests := []struct {
		name       string
		answers    []answer
		count      int
		opts       *tencentscf.PutParameters
		wantStatus provconc.Status // "" for the conflict returned
		actions    []string        // the actions sent, in order
	}{
		{"own task after a 502", []answer{gateway, refused, inProgress100}, 100, nil, provconc.StatusInProgress, []string{put, put, get}},
		{"own task done by the time of the read", []answer{gateway, refused, done100}, 100, nil, provconc.StatusReady, []string{put, put, get}},
		{"another amount in progress", []answer{gateway, refused, inProgress100}, 50, nil, "", []string{put, put, get}},
		{"the task failed", []answer{gateway, refused, failed100}, 100, nil, "", []string{put, put, get}},
		{"confirming read fails", []answer{gateway, refused, ok(errorBody("ResourceNotFound.Function", "function not found", "req-get"))}, 100, nil, "", []string{put, put, get}},
		// A throttled attempt was refused outright: the task is another's.
		{"earlier attempt throttled", []answer{throttled, refused}, 100, nil, "", []string{put, put}},
		{"refused at the first attempt", []answer{refused}, 100, nil, "", []string{put}},
		// A Get does not show tracking settings, so nothing can confirm them.
		{"utilization tracking", []answer{gateway, refused}, 0, tracking, "", []string{put, put}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, func(o *tencentscf.Options) { o.Retry.MaxAttempts = 2 }, tt.answers...)
			in := &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", ProvisionedConcurrentExecutions: tt.count}
			if tt.opts != nil {
				in.Extension = tt.opts
			}
			out, err := h.client.Put(context.Background(), in)
			var actions []string
			for _, r := range h.requests() {
				actions = append(actions, r.Action)
			}
			if diff := cmp.Diff(tt.actions, actions); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
			if tt.wantStatus == "" {
				var apiErr *provconc.APIError
				if !errors.Is(err, provconc.ErrResourceConflict) || !errors.As(err, &apiErr) || apiErr.Code != inProgress || apiErr.RequestID != "req-refused" {
					t.Fatalf("err = %v, want the Put's own ProvisionedInProgress conflict", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.Config.Status != tt.wantStatus || out.Config.Requested != tt.count || out.Metadata.Attempts != 2 || out.Metadata.RequestID != "req-refused" {
				t.Errorf("Put = %+v; want %s with %d requested after 2 attempts", out, tt.wantStatus, tt.count)
			}
		})
	}
}
