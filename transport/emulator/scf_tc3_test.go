package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

var scfTestCreds = SCFCredentials{SecretID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", SecretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"}

// officialSCF is tencentcloud-sdk-go's CommonClient pointed at the
// emulator: through an httptest server over plain HTTP (Scheme "HTTP",
// Endpoint "127.0.0.1:port"), or in process with the emulator as its
// transport (the default endpoint, never dialled).
type officialSCF struct {
	name string
	dial func(t *testing.T, s *Server, cred common.CredentialIface, tweak func(*profile.ClientProfile)) *common.Client
}

var officialModes = []officialSCF{
	{"handler", func(t *testing.T, s *Server, cred common.CredentialIface, tweak func(*profile.ClientProfile)) *common.Client {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		prof := profile.NewClientProfile()
		prof.HttpProfile.Scheme = "HTTP"
		prof.HttpProfile.Endpoint = strings.TrimPrefix(srv.URL, "http://")
		prof.DisableRegionBreaker = true // its backup endpoint is the real service
		if tweak != nil {
			tweak(prof)
		}
		return common.NewCommonClient(cred, "ap-guangzhou", prof)
	}},
	{"roundtripper", func(t *testing.T, s *Server, cred common.CredentialIface, tweak func(*profile.ClientProfile)) *common.Client {
		prof := profile.NewClientProfile()
		prof.DisableRegionBreaker = true
		if tweak != nil {
			tweak(prof)
		}
		return common.NewCommonClient(cred, "ap-guangzhou", prof).WithHttpTransport(s)
	}},
}

// sendOfficial calls one action with the official client and returns the
// decoded Response (nil on error) and the error.
func sendOfficial(t *testing.T, c *common.Client, action string, params map[string]any) (map[string]any, error) {
	t.Helper()
	req := tchttp.NewCommonRequest("scf", SCFAPIVersion, action)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(resp.GetBody(), &env); err != nil {
		t.Fatal(err)
	}
	return env.Response, nil
}

// sdkCode returns the code of a TencentCloudSDKError ("" otherwise).
func sdkCode(err error) string {
	var e *tcerr.TencentCloudSDKError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestOfficialSCFClient drives the SCF actions with tencentcloud-sdk-go's
// common client, signature verification on, through both transports.
func TestOfficialSCFClient(t *testing.T) {
	t.Parallel()
	for _, m := range officialModes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			s, clk := scfSeeded(t, Options{SCF: SCFOptions{Credentials: &scfTestCreds}})
			c := m.dial(t, s, common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), nil)

			put, err := sendOfficial(t, c, scfActionPut, map[string]any{
				"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 8, "Namespace": "default",
				"TriggerActions": []any{map[string]any{"TriggerName": "peak", "TriggerProvisionedConcurrencyNum": 12, "TriggerCronConfig": "0 0 9 * * MON-FRI *"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(put) != 1 || !uuidShape.MatchString(put["RequestId"].(string)) {
				t.Errorf("Put = %v", put)
			}
			clk.Advance(DefaultReadyAfter)
			get, err := sendOfficial(t, c, scfActionGet, map[string]any{"FunctionName": "my-function"})
			if err != nil {
				t.Fatal(err)
			}
			delete(get, "RequestId")
			want := getAnswer(892, versionInfo("2", 8, 8, "Done", "", list{obj{
				"TriggerName": "peak", "TriggerProvisionedConcurrencyNum": float64(12), "TriggerCronConfig": "0 0 9 * * MON-FRI *", "ProvisionedType": "Default",
			}}))
			if d := cmp.Diff(want, get); d != "" {
				t.Errorf("Get (-want +got):\n%s", d)
			}
			if _, err := sendOfficial(t, c, scfActionDelete, map[string]any{"FunctionName": "my-function", "Qualifier": "2"}); err != nil {
				t.Fatal(err)
			}

			// Errors come out of the SDK's own decoding, with the request id.
			_, err = sendOfficial(t, c, scfActionGet, map[string]any{"FunctionName": "nope"})
			var sdkErr *tcerr.TencentCloudSDKError
			if !errors.As(err, &sdkErr) || sdkErr.Code != "ResourceNotFound.Function" || sdkErr.Message != "The function does not exist." ||
				!uuidShape.MatchString(sdkErr.RequestId) {
				t.Errorf("unknown function: %v", err)
			}
			s.InjectFaults(FaultThrottle)
			if _, err = sendOfficial(t, c, scfActionGet, map[string]any{"FunctionName": "my-function"}); sdkCode(err) != "RequestLimitExceeded" {
				t.Errorf("throttled: %v", err)
			}
		})
	}
}

func TestTC3Refusals(t *testing.T) {
	t.Parallel()
	get := map[string]any{"FunctionName": "my-function", "Qualifier": "1"}
	signatureFailure := scfErr{"AuthFailure.SignatureFailure", msgSCFSignatureFailure}
	for _, m := range officialModes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			s, _ := scfSeeded(t, Options{
				Now:          func() time.Time { return now.Add(10 * time.Minute) },
				MaxClockSkew: 15 * time.Minute,
				SCF:          SCFOptions{Credentials: &SCFCredentials{SecretID: scfTestCreds.SecretID, SecretKey: scfTestCreds.SecretKey, Token: "session-token"}},
			})
			good := common.NewTokenCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey, "session-token")
			cases := []struct {
				name  string
				cred  common.CredentialIface
				tweak func(*profile.ClientProfile)
				want  string
			}{
				{"good", good, nil, ""},
				{"unsigned payload", good, func(p *profile.ClientProfile) { p.UnsignedPayload = true }, ""},
				{"wrong secret", common.NewTokenCredential(scfTestCreds.SecretID, "wrong", "session-token"), nil, "AuthFailure.SignatureFailure"},
				{"unknown id", common.NewTokenCredential("AKIDother", scfTestCreds.SecretKey, "session-token"), nil, "AuthFailure.SecretIdNotFound"},
				{"wrong token", common.NewTokenCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey, "other"), nil, "AuthFailure.TokenFailure"},
				{"no token", common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), nil, "AuthFailure.TokenFailure"},
			}
			for _, tc := range cases {
				c := m.dial(t, s, tc.cred, tc.tweak)
				_, err := sendOfficial(t, c, scfActionGet, get)
				if got := sdkCode(err); got != tc.want || (tc.want == "" && err != nil) {
					t.Errorf("%s: %v, want code %q", tc.name, err, tc.want)
				}
			}

			// The emulator's clock runs 10 minutes ahead: within a
			// 15-minute skew the official client passes, within 5 it does not.
			strict, _ := scfSeeded(t, Options{
				Now:          func() time.Time { return time.Now().Add(10 * time.Minute) },
				MaxClockSkew: 5 * time.Minute,
				SCF:          SCFOptions{Credentials: &scfTestCreds},
			})
			c := m.dial(t, strict, common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), nil)
			_, err := sendOfficial(t, c, scfActionGet, get)
			var sdkErr *tcerr.TencentCloudSDKError
			if !errors.As(err, &sdkErr) || sdkErr.Code != "AuthFailure.SignatureExpire" || sdkErr.Message != "The signature is expired, please request again." {
				t.Errorf("skewed clock: %v", err)
			}
		})
	}

	// Requests the official client would not send, through a capturing
	// transport: the SDK signs, the test tampers, the emulator judges.
	s, _ := scfSeeded(t, Options{SCF: SCFOptions{Credentials: &scfTestCreds}})
	tamper := func(f func(r *http.Request) *http.Request) scfErr {
		t.Helper()
		prof := profile.NewClientProfile()
		prof.DisableRegionBreaker = true
		var got reply
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r2 := f(r)
			got = send(t, s.Client(), r2)
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(got.body)), Request: r}, nil
		})
		c := common.NewCommonClient(common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), "ap-guangzhou", prof).WithHttpTransport(rt)
		_, _ = sendOfficial(t, c, scfActionGet, get)
		return scfErrorOf(t, got)
	}
	withBody := func(r *http.Request, b string) *http.Request {
		r2 := r.Clone(r.Context())
		r2.Body = io.NopCloser(strings.NewReader(b))
		r2.ContentLength = int64(len(b))
		return r2
	}
	refusals := []struct {
		name string
		f    func(r *http.Request) *http.Request
		want scfErr
	}{
		{"body changed", func(r *http.Request) *http.Request {
			return withBody(r, `{"FunctionName":"my-function","Qualifier":"2"}`)
		}, signatureFailure},
		{"host changed", func(r *http.Request) *http.Request { r.Host = "scf.intl.tencentcloudapi.com"; return r }, signatureFailure},
		{"content type changed", func(r *http.Request) *http.Request {
			r.Header.Set("Content-Type", "application/json; charset=utf-8")
			return r
		}, signatureFailure},
		{"timestamp changed", func(r *http.Request) *http.Request {
			r.Header.Set("X-TC-Timestamp", "1")
			return r
		}, signatureFailure},
		{"host not signed", func(r *http.Request) *http.Request {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "SignedHeaders=content-type;host", "SignedHeaders=content-type", 1))
			return r
		}, signatureFailure},
		{"no Authorization", func(r *http.Request) *http.Request { r.Header.Del("Authorization"); return r }, signatureFailure},
		{"other algorithm", func(r *http.Request) *http.Request {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "TC3-HMAC-SHA256", "HMAC-SHA256", 1))
			return r
		}, scfErr{"AuthFailure.InvalidAuthorization", "Authorization in the request header is invalid."}},
		{"no timestamp", func(r *http.Request) *http.Request { r.Header.Del("X-TC-Timestamp"); return r },
			scfErr{"MissingParameter", "The request is missing a required parameter `Timestamp`."}},
		{"service scope", func(r *http.Request) *http.Request {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/scf/", "/cvm/", 1))
			return r
		}, signatureFailure},
	}
	for _, tc := range refusals {
		if got := tamper(tc.f); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestTC3AcceptsNormalisedHeaders checks the other side of the canonical
// form: a value the client signed lower-cased still verifies when sent in
// another case with spaces around it.
func TestTC3AcceptsNormalisedHeaders(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{SCF: SCFOptions{Credentials: &scfTestCreds}})
	var captured *http.Request
	var capturedBody []byte
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		captured = r
		capturedBody, _ = io.ReadAll(r.Body)
		body := `{"Response":{"RequestId":"x"}}`
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
	prof := profile.NewClientProfile()
	prof.DisableRegionBreaker = true
	c := common.NewCommonClient(common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), "ap-guangzhou", prof).WithHttpTransport(rt)
	_, _ = sendOfficial(t, c, scfActionGet, map[string]any{"FunctionName": "my-function"})
	if captured == nil {
		t.Fatal("nothing captured")
	}
	req, err := http.NewRequest(http.MethodPost, "https://SCF.TencentCloudAPI.com/", bytes.NewReader(capturedBody))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = captured.Header.Clone()
	req.Header.Set("Content-Type", " Application/JSON ")
	if got := scfResponse(t, send(t, s.Client(), req)); got["Error"] != nil {
		t.Errorf("normalised headers refused: %v", got["Error"])
	}
}

// TestTC3MatchesSDKSigner recomputes, with the emulator's code, the
// signature of requests the official SDK signed (plain, with a token, with
// an unsigned payload, with non-ASCII and nested parameters) and compares.
func TestTC3MatchesSDKSigner(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		cred   common.CredentialIface
		tweak  func(*profile.ClientProfile)
		params map[string]any
	}{
		{"plain", common.NewCredential("AKIDEXAMPLE", "secret-1"), nil, map[string]any{"FunctionName": "my-function"}},
		{"token", common.NewTokenCredential("AKIDEXAMPLE", "secret-2", "tok"), nil, map[string]any{"FunctionName": "fn", "Qualifier": "3"}},
		{"unsigned payload", common.NewCredential("AKIDEXAMPLE", "secret-3"), func(p *profile.ClientProfile) { p.UnsignedPayload = true },
			map[string]any{"FunctionName": "fn"}},
		{"nested", common.NewCredential("AKIDEXAMPLE", "secret-4"), nil, map[string]any{
			"FunctionName": "fn", "Namespace": "命名空间", "TriggerActions": []any{map[string]any{"TriggerName": "a&b<c>", "TriggerCronConfig": "0 0 8 * * * *"}},
		}},
	}
	for _, tc := range cases {
		secretKey := tc.cred.GetSecretKey()
		checked := false
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			body, _ := io.ReadAll(r.Body)
			a, ok := parseTC3(r.Header.Get("Authorization"))
			if !ok {
				t.Fatalf("%s: SDK Authorization %q", tc.name, r.Header.Get("Authorization"))
			}
			names := slices.Clone(a.signedHeaders)
			want := tc3Signature(secretKey, tc3Input{
				method:        r.Method,
				query:         r.URL.RawQuery,
				service:       a.service,
				headers:       canonicalTC3Headers(r, names, r.Host),
				signedHeaders: strings.Join(names, ";"),
				payloadHash:   tc3PayloadHash(r, body),
				timestamp:     r.Header.Get(headerTCTime),
				date:          a.date,
			})
			if want != a.signature {
				t.Errorf("%s: emulator %s, SDK %s", tc.name, want, a.signature)
			}
			checked = true
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"Response":{"RequestId":"x"}}`)), Request: r}, nil
		})
		prof := profile.NewClientProfile()
		prof.DisableRegionBreaker = true
		if tc.tweak != nil {
			tc.tweak(prof)
		}
		c := common.NewCommonClient(tc.cred, "ap-guangzhou", prof).WithHttpTransport(rt)
		if _, err := sendOfficial(t, c, scfActionGet, tc.params); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !checked {
			t.Errorf("%s: the SDK sent nothing", tc.name)
		}
	}
}

// TestTC3CanonicalHeaders pins the canonical form of the signed headers.
func TestTC3CanonicalHeaders(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest(http.MethodPost, "https://SCF.tencentcloudapi.com/", nil)
	req.Header.Set("Content-Type", " Application/JSON ")
	req.Header.Set("X-TC-Action", "GetProvisionedConcurrencyConfig")
	got := canonicalTC3Headers(req, []string{"content-type", "host", "x-tc-action"}, req.URL.Host)
	want := "content-type:application/json\nhost:scf.tencentcloudapi.com\nx-tc-action:getprovisionedconcurrencyconfig\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
