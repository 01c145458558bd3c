package tencentscf_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Every request names provconc (and the application) in
// X-TC-RequestClient, and carries X-TC-Language when one is chosen, as the
// official client does.
func TestClientHeaders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		appID, language, wantClient string
	}{
		{"", "", "provconc_" + provconc.Version},
		{"billing/svc", "en-US", "provconc_" + provconc.Version + ": billing-svc"},
		{strings.Repeat("a", 200), "zh-CN", ("provconc_" + provconc.Version + ": " + strings.Repeat("a", 200))[:128]},
	} {
		mt := httpmock.NewMockTransport()
		var got http.Header
		mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
			got = r.Header.Clone()
			return httpmock.NewStringResponse(200, fixture(t, "delete_ok.json")), nil
		})
		p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, HTTPClient: &http.Client{Transport: mt}, AppID: tc.appID, Language: tc.language})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
			t.Fatal(err)
		}
		if got.Get("X-TC-RequestClient") != tc.wantClient || got.Get("X-TC-Language") != tc.language {
			t.Errorf("AppID %.10q, Language %q: sent X-TC-RequestClient %q, X-TC-Language %q; want %q, %q",
				tc.appID, tc.language, got.Get("X-TC-RequestClient"), got.Get("X-TC-Language"), tc.wantClient, tc.language)
		}
	}
	if _, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Language: "fr-FR"}); err == nil || !strings.Contains(err.Error(), "Language") {
		t.Errorf("Language fr-FR: err = %v; want it refused naming Language", err)
	}
}

// The headers of an action are built once and shared by its calls; what a
// caller's transport does to one request's headers must not reach the next.
func TestCallerTransportCannotTouchLaterRequests(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var seen []http.Header
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Clone())
		r.Header.Set("X-TC-Action", "Tampered")
		r.Header.Add("X-TC-Region", "elsewhere")
		r.Header["X-Tc-Version"][0] = "1999-01-01"
		r.Header.Set("X-Extra", "1")
		return httpmock.NewStringResponse(200, fixture(t, "delete_ok.json")), nil
	})
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, HTTPClient: &http.Client{Transport: mt}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := p.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 {
		t.Fatalf("%d requests sent, want 2", len(seen))
	}
	h := seen[1]
	if h.Get("X-TC-Action") != "DeleteProvisionedConcurrencyConfig" || len(h["X-Tc-Region"]) != 1 || h.Get("X-TC-Region") != "ap-guangzhou" ||
		h.Get("X-TC-Version") != "2018-04-16" || h.Get("X-Extra") != "" {
		t.Errorf("the second request carries what the transport did to the first: %v", h)
	}
}
