package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// The official client sends the action's parameters in a query or a form
// only for request types with `name` tags (its CommonRequest carries none
// there), so the tests declare the SCF requests as tencentcloud-sdk-go
// scf/v20180416/models.go does: a *tchttp.BaseRequest and tagged fields.

type officialTrigger struct {
	TriggerName                      *string `json:"TriggerName,omitempty" name:"TriggerName"`
	TriggerProvisionedConcurrencyNum *uint64 `json:"TriggerProvisionedConcurrencyNum,omitempty" name:"TriggerProvisionedConcurrencyNum"`
	TriggerCronConfig                *string `json:"TriggerCronConfig,omitempty" name:"TriggerCronConfig"`
	ProvisionedType                  *string `json:"ProvisionedType,omitempty" name:"ProvisionedType"`
}

type officialPut struct {
	*tchttp.BaseRequest
	FunctionName                     *string            `json:"FunctionName,omitempty" name:"FunctionName"`
	Qualifier                        *string            `json:"Qualifier,omitempty" name:"Qualifier"`
	VersionProvisionedConcurrencyNum *uint64            `json:"VersionProvisionedConcurrencyNum,omitempty" name:"VersionProvisionedConcurrencyNum"`
	Namespace                        *string            `json:"Namespace,omitempty" name:"Namespace"`
	TriggerActions                   []*officialTrigger `json:"TriggerActions,omitempty" name:"TriggerActions"`
	ProvisionedType                  *string            `json:"ProvisionedType,omitempty" name:"ProvisionedType"`
	TrackingTarget                   *float64           `json:"TrackingTarget,omitempty" name:"TrackingTarget"`
	MinCapacity                      *uint64            `json:"MinCapacity,omitempty" name:"MinCapacity"`
	MaxCapacity                      *uint64            `json:"MaxCapacity,omitempty" name:"MaxCapacity"`
}

// officialScope is the Get and Delete request (same fields).
type officialScope struct {
	*tchttp.BaseRequest
	FunctionName *string `json:"FunctionName,omitempty" name:"FunctionName"`
	Namespace    *string `json:"Namespace,omitempty" name:"Namespace"`
	Qualifier    *string `json:"Qualifier,omitempty" name:"Qualifier"`
}

type officialAnswer struct {
	*tchttp.BaseResponse
	Response map[string]any `json:"Response"`
}

func newOfficialRequest[T any](r *T, base **tchttp.BaseRequest, action string) *T {
	*base = &tchttp.BaseRequest{}
	(*base).Init().WithApiInfo("scf", SCFAPIVersion, action)
	return r
}

// callTyped sends one typed request with the official client and returns
// Response without RequestId.
func callTyped(c *common.Client, req tchttp.Request) (map[string]any, error) {
	resp := &officialAnswer{BaseResponse: &tchttp.BaseResponse{}}
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	delete(resp.Response, "RequestId")
	return resp.Response, nil
}

// requestForm is one way the official client can send a request.
type requestForm struct {
	name, method, sign string
}

var requestForms = []requestForm{
	{"POST TC3", "POST", "TC3-HMAC-SHA256"},
	{"GET TC3", "GET", "TC3-HMAC-SHA256"},
	{"POST HmacSHA1", "POST", "HmacSHA1"},
	{"POST HmacSHA256", "POST", "HmacSHA256"},
	{"GET HmacSHA1", "GET", "HmacSHA1"},
	{"GET HmacSHA256", "GET", "HmacSHA256"},
}

func (f requestForm) tweak(p *profile.ClientProfile) {
	p.HttpProfile.ReqMethod = f.method
	p.SignMethod = f.sign
}

// TestOfficialSCFClientRequestForms drives Put, Get and Delete with the
// official client in every request method and signature method it offers
// (profile.HttpProfile.ReqMethod, profile.ClientProfile.SignMethod), over
// HTTP and in process, with the emulator on the wall clock and its default
// clock-skew limit; a wrong secret is refused in every form.
func TestOfficialSCFClientRequestForms(t *testing.T) {
	t.Parallel()
	for _, m := range officialModes {
		for _, f := range requestForms {
			t.Run(m.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				s, _ := scfSeeded(t, Options{Now: time.Now, ReadyAfter: -1, SCF: SCFOptions{Credentials: &SCFCredentials{
					SecretID: scfTestCreds.SecretID, SecretKey: scfTestCreds.SecretKey, Token: "session-token",
				}}})
				c := m.dial(t, s, common.NewTokenCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey, "session-token"), f.tweak)

				var put officialPut
				newOfficialRequest(&put, &put.BaseRequest, scfActionPut)
				put.FunctionName, put.Qualifier, put.Namespace = ptr("my-function"), ptr("2"), ptr("default")
				put.VersionProvisionedConcurrencyNum = ptr[uint64](8)
				put.TriggerActions = []*officialTrigger{{
					TriggerName: ptr("peak"), TriggerProvisionedConcurrencyNum: ptr[uint64](12), TriggerCronConfig: ptr("0 0 9 * * MON-FRI *"),
				}}
				if got, err := callTyped(c, &put); err != nil || len(got) != 0 {
					t.Fatalf("Put: %v %v", got, err)
				}

				var get officialScope
				newOfficialRequest(&get, &get.BaseRequest, scfActionGet)
				get.FunctionName = ptr("my-function")
				got, err := callTyped(c, &get)
				if err != nil {
					t.Fatal(err)
				}
				want := getAnswer(892, versionInfo("2", 8, 8, "Done", "", list{obj{
					"TriggerName": "peak", "TriggerProvisionedConcurrencyNum": float64(12), "TriggerCronConfig": "0 0 9 * * MON-FRI *", "ProvisionedType": "Default",
				}}))
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("Get (-want +got):\n%s", d)
				}

				// An error of the action comes back through the same form.
				get.FunctionName = ptr("nope")
				if _, err := callTyped(c, &get); sdkCode(err) != "ResourceNotFound.Function" {
					t.Errorf("unknown function: %v", err)
				}

				// Wrong secret, unknown SecretId: refused, nothing changes.
				for _, bad := range []struct {
					cred common.CredentialIface
					code string
				}{
					{common.NewTokenCredential(scfTestCreds.SecretID, "wrong-secret", "session-token"), "AuthFailure.SignatureFailure"},
					{common.NewTokenCredential("AKIDSOMEONEELSE", scfTestCreds.SecretKey, "session-token"), "AuthFailure.SecretIdNotFound"},
					{common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), "AuthFailure.TokenFailure"},
				} {
					bc := m.dial(t, s, bad.cred, f.tweak)
					var del officialScope
					newOfficialRequest(&del, &del.BaseRequest, scfActionDelete)
					del.FunctionName, del.Qualifier = ptr("my-function"), ptr("2")
					if _, err := callTyped(bc, &del); sdkCode(err) != bad.code {
						t.Errorf("Delete with %s: %v, want %s", bad.code, err, bad.code)
					}
				}
				if cfg, ok := s.SCFProvisionedConfig("", "my-function", "2"); !ok || cfg.Allocated != 8 {
					t.Errorf("a refused Delete changed the state: %+v %v", cfg, ok)
				}

				var del officialScope
				newOfficialRequest(&del, &del.BaseRequest, scfActionDelete)
				del.FunctionName, del.Qualifier = ptr("my-function"), ptr("2")
				if _, err := callTyped(c, &del); err != nil {
					t.Fatal(err)
				}
				if _, ok := s.SCFProvisionedConfig("", "my-function", "2"); ok {
					t.Error("Delete left the config")
				}
			})
		}
	}
}

// captureOfficial returns the request the official client sends for get in
// form f, signed with scfTestCreds, and its body.
func captureOfficial(t *testing.T, f requestForm, get *officialScope) (*http.Request, []byte) {
	t.Helper()
	var captured *http.Request
	var body []byte
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		captured = r
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"Response":{"RequestId":"x"}}`)), Request: r}, nil
	})
	prof := profile.NewClientProfile()
	prof.DisableRegionBreaker = true
	f.tweak(prof)
	c := common.NewCommonClient(common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), "ap-guangzhou", prof).WithHttpTransport(rt)
	if _, err := callTyped(c, get); err != nil {
		t.Fatal(err)
	}
	if captured == nil {
		t.Fatal("the SDK sent nothing")
	}
	return captured, body
}

// TestSCFRequestFormsRefuseTampering: what the official client signed,
// changed after signing, fails in every form; malformed common parameters
// get their own codes.
func TestSCFRequestFormsRefuseTampering(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{Now: time.Now, ReadyAfter: -1, SCF: SCFOptions{Credentials: &scfTestCreds}})
	signatureFailure := "AuthFailure.SignatureFailure"
	replay := func(orig *http.Request, body []byte, edit func(u *url.URL, form url.Values, h http.Header)) scfErr {
		t.Helper()
		u := *orig.URL
		h := orig.Header.Clone()
		if orig.Method == http.MethodPost && isFormEncoded(orig) {
			form, err := url.ParseQuery(string(body))
			if err != nil {
				t.Fatal(err)
			}
			edit(&u, form, h)
			body = []byte(form.Encode())
		} else {
			edit(&u, nil, h)
		}
		req, err := http.NewRequest(orig.Method, u.String(), bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = h
		if u.Host == orig.URL.Host {
			req.Host = orig.Host
		}
		r := send(t, s.Client(), req)
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var env struct{ Response map[string]any }
		if err := json.Unmarshal(r.body, &env); err != nil {
			t.Fatal(err)
		}
		e, _ := env.Response["Error"].(map[string]any)
		code, _ := e["Code"].(string)
		msg, _ := e["Message"].(string)
		return scfErr{code, msg}
	}
	setQuery := func(u *url.URL, k, v string) {
		q := u.Query()
		q.Set(k, v)
		u.RawQuery = q.Encode()
	}
	for _, f := range requestForms {
		var get officialScope
		newOfficialRequest(&get, &get.BaseRequest, scfActionGet)
		get.FunctionName, get.Qualifier = ptr("my-function"), ptr("1")
		orig, body := captureOfficial(t, f, &get)
		if got := replay(orig, body, func(*url.URL, url.Values, http.Header) {}); got.Code != "" {
			t.Errorf("%s: the untouched request is refused: %+v", f.name, got)
		}
		edits := map[string]struct {
			edit func(u *url.URL, form url.Values, h http.Header)
			want string
		}{}
		switch {
		case f.sign == "TC3-HMAC-SHA256" && f.method == "GET":
			edits["query changed"] = struct {
				edit func(u *url.URL, form url.Values, h http.Header)
				want string
			}{func(u *url.URL, _ url.Values, _ http.Header) { setQuery(u, "Qualifier", "2") }, signatureFailure}
			edits["host changed"] = struct {
				edit func(u *url.URL, form url.Values, h http.Header)
				want string
			}{func(u *url.URL, _ url.Values, _ http.Header) { u.Host = "scf.ap-guangzhou.tencentcloudapi.com" }, signatureFailure}
		case f.sign != "TC3-HMAC-SHA256":
			set := func(k, v string) func(u *url.URL, form url.Values, h http.Header) {
				return func(u *url.URL, form url.Values, _ http.Header) {
					if form != nil {
						form.Set(k, v)
						return
					}
					setQuery(u, k, v)
				}
			}
			del := func(k string) func(u *url.URL, form url.Values, h http.Header) {
				return func(u *url.URL, form url.Values, _ http.Header) {
					if form != nil {
						form.Del(k)
						return
					}
					q := u.Query()
					q.Del(k)
					u.RawQuery = q.Encode()
				}
			}
			type edit = struct {
				edit func(u *url.URL, form url.Values, h http.Header)
				want string
			}
			edits["parameter changed"] = edit{set("Qualifier", "2"), signatureFailure}
			edits["parameter added"] = edit{set("Namespace", "default"), signatureFailure}
			edits["other method named"] = edit{set("SignatureMethod", map[string]string{"HmacSHA1": "HmacSHA256", "HmacSHA256": "HmacSHA1"}[f.sign]), signatureFailure}
			edits["unknown method"] = edit{set("SignatureMethod", "HmacMD5"), signatureFailure}
			edits["signature not base64"] = edit{set("Signature", "%%%"), signatureFailure}
			edits["no Nonce"] = edit{del("Nonce"), "MissingParameter"}
			edits["Nonce not a number"] = edit{set("Nonce", "x"), "InvalidParameter"}
			edits["no Signature"] = edit{del("Signature"), "MissingParameter"}
			edits["unknown SecretId"] = edit{set("SecretId", "AKIDSOMEONEELSE"), "AuthFailure.SecretIdNotFound"}
			edits["old Timestamp"] = edit{set("Timestamp", "1"), "AuthFailure.SignatureExpire"}
			edits["host changed"] = edit{func(u *url.URL, form url.Values, h http.Header) { u.Host = "scf.ap-guangzhou.tencentcloudapi.com" }, signatureFailure}
		}
		for name, e := range edits {
			if got := replay(orig, body, e.edit); got.Code != e.want {
				t.Errorf("%s, %s: %+v, want %s", f.name, name, got, e.want)
			}
		}
	}
}

// TestSCFFlattenedParameters: a query or form's flattened names are
// checked as the JSON body's are, errors naming the parameter.
func TestSCFFlattenedParameters(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{})
	c := s.Client()
	get := func(t *testing.T, action, query string) reply {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, "https://scf.tencentcloudapi.com/?Action="+action+"&Version=2018-04-16&"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		return send(t, c, req)
	}
	cases := []struct {
		action, query string
		want          scfErr
	}{
		{scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=abc",
			scfErr{"InvalidParameter", "Parameter `VersionProvisionedConcurrencyNum` type error."}},
		{scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=1&TriggerActions.1.TriggerName=x",
			scfErr{"InvalidParameter", "Parameter `TriggerActions` type error."}},
		{scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=1&TriggerActions=x",
			scfErr{"InvalidParameter", "Parameter `TriggerActions` type error."}},
		{scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=1&TriggerActions.0.Bogus=x",
			scfErr{"UnknownParameter", "The parameter `TriggerActions.0.Bogus` is not recognized."}},
		{scfActionGet, "FunctionName=my-function&Bogus=1", scfErr{"UnknownParameter", "The parameter `Bogus` is not recognized."}},
		{scfActionGet, "FunctionName.0=my-function", scfErr{"InvalidParameter", "Parameter `FunctionName` type error."}},
		{scfActionGet, "Namespace=default", scfErr{"MissingParameter", "The request is missing a required parameter `FunctionName`."}},
		{scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=0&ProvisionedType=ConcurrencyUtilizationTracking&TrackingTarget=NaN&MinCapacity=1&MaxCapacity=2",
			scfErr{"InvalidParameter", "Parameter `TrackingTarget` type error."}},
		{"", "FunctionName=my-function", scfErr{"MissingParameter", "The request is missing a required parameter `Action`."}},
	}
	for _, tc := range cases {
		if got := scfErrorOf(t, get(t, tc.action, tc.query)); got != tc.want {
			t.Errorf("%s?%s: %+v, want %+v", tc.action, tc.query, got, tc.want)
		}
	}
	// A flattened Put with a schedule and tracking parameters lands as the
	// JSON one does.
	r := get(t, scfActionPut, "FunctionName=my-function&Qualifier=1&VersionProvisionedConcurrencyNum=0&ProvisionedType=ConcurrencyUtilizationTracking"+
		"&TrackingTarget=0.5&MinCapacity=2&MaxCapacity=4&TriggerActions.0.TriggerName=peak&TriggerActions.0.TriggerProvisionedConcurrencyNum=3"+
		"&TriggerActions.0.TriggerCronConfig="+url.QueryEscape("0 0 9 * * * *"))
	if got := scfResponse(t, r); len(got) != 0 {
		t.Fatalf("flattened Put: %v", got)
	}
	cfg, ok := s.SCFProvisionedConfig("", "my-function", "1")
	if !ok || cfg.Allocated != 2 || cfg.MaxCapacity != 4 || len(cfg.TriggerActions) != 1 || cfg.TriggerActions[0].TriggerName != "peak" {
		t.Errorf("flattened Put stored %+v", cfg)
	}
}

// FuzzSCFFlattenedParameters: any query decodes to a JSON object or an API
// error, never a panic, and the parsers accept what it builds without
// panicking.
func FuzzSCFFlattenedParameters(f *testing.F) {
	f.Add("FunctionName=f&Qualifier=1&VersionProvisionedConcurrencyNum=2&TriggerActions.0.TriggerName=a")
	f.Add("TriggerActions.0=1&TriggerActions.0.TriggerName=x&TriggerActions.1.Bogus.2=y")
	f.Add("a..b=1&.=2&TriggerActions.-1.TriggerName=z&TrackingTarget=1e400")
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		for _, specs := range [][]scfParamSpec{scfPutParams, scfGetParams, scfDeleteParams} {
			b, e := scfParamsJSON(values, specs)
			if e != nil {
				continue
			}
			var obj map[string]any
			if err := json.Unmarshal(b, &obj); err != nil {
				t.Fatalf("%q gave %s, not a JSON object: %v", query, b, err)
			}
			_, _ = parseSCFPut(b)
			_, _ = parseSCFGet(b)
			_, _ = parseSCFDelete(b)
		}
	})
}
