package warmer_test

// readme:begin testing-httpmock
import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc/examples/warmer"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Both tests use httpmock's default responders, so they do not run in
// parallel. The mock goes on the *http.Client before the provconc client
// is built from it.

func TestWarmWithHTTPMockAWS(t *testing.T) {
	httpClient := &http.Client{}
	httpmock.ActivateNonDefault(httpClient)
	t.Cleanup(httpmock.DeactivateAndReset)

	// The official client sends the FunctionName as given, path-escaped.
	const url = "https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/my-function%3ABLUE/provisioned-concurrency?Qualifier=BLUE"
	headers := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"0b4d3a5e-1111-2222-3333-444455556666"}}
	httpmock.RegisterResponder(http.MethodPut, url, httpmock.NewStringResponder(202,
		`{"RequestedProvisionedConcurrentExecutions":10,"AvailableProvisionedConcurrentExecutions":0,`+
			`"AllocatedProvisionedConcurrentExecutions":0,"Status":"IN_PROGRESS","LastModified":"2019-11-21T19:32:12+0000"}`).HeaderSet(headers))
	httpmock.RegisterResponder(http.MethodGet, url, httpmock.NewStringResponder(200,
		`{"RequestedProvisionedConcurrentExecutions":10,"AvailableProvisionedConcurrentExecutions":10,`+
			`"AllocatedProvisionedConcurrentExecutions":10,"Status":"READY","LastModified":"2019-11-21T19:32:12+0000"}`).HeaderSet(headers))

	client, err := awslambda.NewClient(aws.Config{
		Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: httpClient,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := warmer.Warm(context.Background(), client, "my-function:BLUE", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Available != 10 {
		t.Errorf("Warm = %+v, want 10 available", cfg)
	}
	if calls := httpmock.GetCallCountInfo(); calls["PUT "+url] != 1 || calls["GET "+url] != 1 {
		t.Errorf("calls = %v, want one PUT and one GET", calls)
	}
}

func TestWarmWithHTTPMockTencent(t *testing.T) {
	httpClient := &http.Client{}
	httpmock.ActivateNonDefault(httpClient)
	t.Cleanup(httpmock.DeactivateAndReset)

	// Every SCF call is a POST to "/"; the action is in the X-TC-Action header.
	answers := map[string]string{
		"PutProvisionedConcurrencyConfig": `{"Response":{"RequestId":"eac6b301-a322-493a-8e36-83b295459397"}}`,
		"GetProvisionedConcurrencyConfig": `{"Response":{"UnallocatedConcurrencyNum":90,"Allocated":[{"AllocatedProvisionedConcurrencyNum":10,` +
			`"AvailableProvisionedConcurrencyNum":10,"Status":"Done","StatusReason":"","Qualifier":"1"}],"RequestId":"b5b41468-520d-4192-b42f-595cc34b6c1c"}}`,
	}
	httpmock.RegisterResponder(http.MethodPost, "https://scf.tencentcloudapi.com/", func(req *http.Request) (*http.Response, error) {
		body, ok := answers[req.Header.Get("X-TC-Action")]
		if !ok {
			t.Errorf("unexpected action %q", req.Header.Get("X-TC-Action"))
		}
		resp := httpmock.NewStringResponse(200, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})

	creds := tencentscf.NewCredentials("AKIDEXAMPLE", "example-secret-key", "")
	client, err := tencentscf.NewClient(creds, "ap-guangzhou", func(o *tencentscf.Options) {
		o.HTTPClient = httpClient
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := warmer.Warm(context.Background(), client, "my-function:1", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Available != 10 {
		t.Errorf("Warm = %+v, want 10 available", cfg)
	}
	if n := httpmock.GetTotalCallCount(); n != 2 {
		t.Errorf("%d calls, want a Put and a Get", n)
	}
}

// readme:end
