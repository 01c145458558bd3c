// This file measures one SCF GetProvisionedConcurrencyConfig through
// provconc's Tencent protocol and through tencentcloud-sdk-go's common
// client, against the same fixed loopback answer.

package bench

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

const (
	scfRegion    = "ap-guangzhou"
	scfSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	scfSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// scfGetAnswer is a GetProvisionedConcurrencyConfig answer for version 1,
// shaped as the API 3.0 documentation shows it, scheduled actions included.
const scfGetAnswer = `{"Response":{"UnallocatedConcurrencyNum":170,"Allocated":[{"AllocatedProvisionedConcurrencyNum":100,"AvailableProvisionedConcurrencyNum":100,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[{"TriggerName":"morning-peak","TriggerProvisionedConcurrencyNum":120,"TriggerCronConfig":"0 30 8 * * * *","ProvisionedType":"Default"}]}],"RequestId":"b5b41468-520d-4192-b42f-595cc34b6c1c"}}`

// fixedSCFHandler answers every request with scfGetAnswer.
func fixedSCFHandler() http.Handler {
	body := []byte(scfGetAnswer)
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// BenchmarkSCFGet measures one GetProvisionedConcurrencyConfig of version 1,
// one goroutine at a time, over a kept-alive loopback connection:
//
//   - impl=floor: a hand-written net/http POST with a hand-written
//     TC3-HMAC-SHA256 signature and encoding/json, nothing else;
//   - impl=provconc: provconc's Tencent SCF client (tencentscf.New with
//     static credentials, retries on, its default pool);
//   - impl=tcsdk: tencentcloud-sdk-go's common.NewCommonClient sending a
//     CommonRequest "GetProvisionedConcurrencyConfig" and decoding into the
//     documented response model, on a pool like provconc's.
//
// Both sign with TC3-HMAC-SHA256 with the same key pair.
func BenchmarkSCFGet(b *testing.B) {
	srv := serve(b, fixedSCFHandler())
	for _, impl := range scfImpls(b, srv.URL, nil) {
		b.Run("server=fixed/impl="+impl.name, func(b *testing.B) { benchGet(b, impl.get) })
	}
	// server=memory answers inside the client's process with no socket:
	// what is left is each client's own work.
	for _, impl := range scfImpls(b, "http://scf.test", memorySCFTransport{}) {
		b.Run("server=memory/impl="+impl.name, func(b *testing.B) { benchGet(b, impl.get) })
	}
}

// scfImpls returns the implementations BenchmarkSCFGet compares, each
// talking to endpoint, through rt if it is not nil (else each through its
// pool).
func scfImpls(tb testing.TB, endpoint string, rt http.RoundTripper) []struct {
	name string
	get  getFunc
} {
	return []struct {
		name string
		get  getFunc
	}{
		{"floor", newFloorSCFGet(tb, endpoint, rt)},
		{"provconc", newProvconcSCFGet(tb, endpoint, rt)},
		{"tcsdk", newTCSDKGet(tb, endpoint, rt)},
	}
}

// newProvconcSCFGet returns Get through provconc's Tencent SCF client.
func newProvconcSCFGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	opts := tencentscf.Options{
		Region:      scfRegion,
		Credentials: tencentscf.NewCredentials(scfSecretID, scfSecretKey, ""),
		Endpoint:    endpoint,
	}
	if rt != nil {
		opts.HTTPClient = &http.Client{Transport: rt}
	}
	c, err := newSCFClient(opts)
	if err != nil {
		tb.Fatal(err)
	}
	in := &provconc.GetInput{FunctionName: functionName, Qualifier: "1"}
	return func(ctx context.Context) (int, error) {
		out, err := c.Get(ctx, in)
		if err != nil {
			return 0, err
		}
		return out.Requested, nil
	}
}

// tcGetResponse is GetProvisionedConcurrencyConfigResponse of
// tencentcloud-sdk-go's scf/v20180416 models (a module the proxy here does
// not serve), for the common client to decode into.
type tcGetResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		UnallocatedConcurrencyNum *uint64 `json:"UnallocatedConcurrencyNum,omitempty"`
		Allocated                 []*struct {
			AllocatedProvisionedConcurrencyNum *uint64 `json:"AllocatedProvisionedConcurrencyNum,omitempty"`
			AvailableProvisionedConcurrencyNum *uint64 `json:"AvailableProvisionedConcurrencyNum,omitempty"`
			Status                             *string `json:"Status,omitempty"`
			StatusReason                       *string `json:"StatusReason,omitempty"`
			Qualifier                          *string `json:"Qualifier,omitempty"`
			TriggerActions                     []*struct {
				TriggerName                      *string `json:"TriggerName,omitempty"`
				TriggerProvisionedConcurrencyNum *uint64 `json:"TriggerProvisionedConcurrencyNum,omitempty"`
				TriggerCronConfig                *string `json:"TriggerCronConfig,omitempty"`
				ProvisionedType                  *string `json:"ProvisionedType,omitempty"`
			} `json:"TriggerActions,omitempty"`
		} `json:"Allocated,omitempty"`
		RequestId *string `json:"RequestId,omitempty"`
	} `json:"Response"`
}

// newTCSDKGet returns Get through tencentcloud-sdk-go's common client.
func newTCSDKGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	if rt == nil {
		rt = newPool(tb)
	}
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Endpoint = strings.TrimPrefix(endpoint, "http://")
	prof.DisableRegionBreaker = true // its backup endpoint is the real service
	c := common.NewCommonClient(common.NewCredential(scfSecretID, scfSecretKey), scfRegion, prof).
		WithHttpTransport(rt)
	params := map[string]any{"FunctionName": functionName, "Qualifier": "1", "Namespace": "default"}
	return func(ctx context.Context) (int, error) {
		req := tchttp.NewCommonRequest("scf", "2018-04-16", "GetProvisionedConcurrencyConfig")
		req.SetContext(ctx)
		if err := req.SetActionParameters(params); err != nil {
			return 0, err
		}
		resp := &tcGetResponse{BaseResponse: &tchttp.BaseResponse{}}
		if err := c.Send(req, resp); err != nil {
			return 0, err
		}
		for _, a := range resp.Response.Allocated {
			if a.Qualifier != nil && *a.Qualifier == "1" && a.AllocatedProvisionedConcurrencyNum != nil {
				return int(*a.AllocatedProvisionedConcurrencyNum), nil
			}
		}
		return 0, nil
	}
}

// newSCFClient builds a client from full Options: tencentscf.New, then
// provconc.NewClient.
func newSCFClient(opts tencentscf.Options) (*provconc.Client, error) {
	p, err := tencentscf.New(opts)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}
