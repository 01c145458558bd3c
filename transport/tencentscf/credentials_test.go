// Credentials: the official SDK's credentials plug in, the environment is
// read, and secrets never show in printed values, logs or errors.

package tencentscf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// The official interface and every credential type it offers satisfy
// CredentialSource, with no conversion.
var (
	_ tencentscf.CredentialSource = common.CredentialIface(nil)
	_ tencentscf.CredentialSource = (*common.Credential)(nil)
	_ tencentscf.CredentialSource = (*common.CvmRoleCredential)(nil)
	_ tencentscf.CredentialSource = (*common.RoleArnCredential)(nil)
)

func TestOfficialCredentialSignsRequests(t *testing.T) {
	t.Parallel()
	var auth, token string
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		auth, token = req.Header.Get("Authorization"), req.Header.Get("X-TC-Token")
		return httpmock.NewStringResponse(200, `{"Response":{"RequestId":"r-1"}}`), nil
	})
	// What a user of tencentcloud-sdk-go already has, e.g. from
	// common.DefaultProviderChain().GetCredential().
	var cred common.CredentialIface = common.NewTokenCredential(testSecretID, testSecretKey, testToken)
	client, err := newSCFClient(tencentscf.Options{Region: "ap-guangzhou", Credentials: cred, HTTPClient: &http.Client{Transport: mt}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(auth, "TC3-HMAC-SHA256 Credential="+testSecretID+"/") || token != testToken {
		t.Errorf("Authorization %q token %q", auth, token)
	}
}

func TestNilOfficialCredentialIsRefused(t *testing.T) {
	t.Parallel()
	_, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: (*common.Credential)(nil)})
	if err == nil || !strings.Contains(err.Error(), "nil *common.Credential") {
		t.Errorf("err = %v", err)
	}
}

func TestEmptyKeysAtSigningTimeSendNothing(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	client, err := newSCFClient(tencentscf.Options{Region: "ap-guangzhou", Credentials: common.NewCredential("", ""), HTTPClient: &http.Client{Transport: mt}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "1"})
	if err == nil || !strings.Contains(err.Error(), "empty SecretId or SecretKey") {
		t.Errorf("err = %v", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Errorf("sent %d requests", mt.GetTotalCallCount())
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	// t.Setenv forbids t.Parallel.
	t.Setenv(tencentscf.EnvSecretID, testSecretID)
	t.Setenv(tencentscf.EnvSecretKey, testSecretKey)
	t.Setenv(tencentscf.EnvSessionToken, testToken)
	c, err := tencentscf.CredentialsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if id, key, token := c.GetCredential(); id != testSecretID || key != testSecretKey || token != testToken ||
		c.GetSecretId() != id || c.GetSecretKey() != key || c.GetToken() != token {
		t.Errorf("read %q %q %q", id, key, token)
	}

	t.Setenv(tencentscf.EnvSessionToken, "")
	if c, err := tencentscf.CredentialsFromEnv(); err != nil || c.GetToken() != "" {
		t.Errorf("without token: %v %q", err, c.GetToken())
	}

	t.Setenv(tencentscf.EnvSecretKey, "")
	_, err = tencentscf.CredentialsFromEnv()
	if err == nil || !strings.Contains(err.Error(), tencentscf.EnvSecretKey) || strings.Contains(err.Error(), testSecretID) {
		t.Errorf("err = %v, want it to name the missing variable and no value", err)
	}
	t.Setenv(tencentscf.EnvSecretID, "")
	_, err = tencentscf.CredentialsFromEnv()
	if err == nil || !strings.Contains(err.Error(), tencentscf.EnvSecretID+" and "+tencentscf.EnvSecretKey) {
		t.Errorf("err = %v", err)
	}
}

// secrets are the values that must never be printed.
var secrets = []string{testSecretKey, testToken, testSecretID, "hunter2"}

func assertRedacted(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks a secret: %s", what, s)
		}
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	t.Parallel()
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	official := common.NewTokenCredential(testSecretID, testSecretKey, testToken)
	values := map[string]any{
		"Credentials":                         testCreds,
		"*Credentials":                        &testCreds,
		"Options with Credentials":            tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds},
		"*Options with *Credentials":          &tencentscf.Options{Region: "ap-guangzhou", Credentials: &testCreds},
		"Options with an official credential": tencentscf.Options{Region: "ap-guangzhou", Credentials: official},
		"*Protocol":                           p,
		"[]Credentials":                       []tencentscf.Credentials{testCreds},
		"map of Credentials":                  map[string]tencentscf.Credentials{"k": testCreds},
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T"} {
			assertRedacted(t, name+" "+verb, fmt.Sprintf(verb, v))
		}
	}
	if s := testCreds.String(); s != "tencentscf.Credentials{SecretId: AKID****, SecretKey: [REDACTED], SessionToken: [REDACTED]}" {
		t.Errorf("String() = %s", s)
	}
	if s := fmt.Sprintf("%#v", tencentscf.NewCredentials("AKIDshort", "k", "")); s != "tencentscf.Credentials{SecretId: AKID****, SecretKey: [REDACTED], SessionToken: none}" {
		t.Errorf("%%#v = %s", s)
	}

	for name, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: json: %v", name, err)
		}
		assertRedacted(t, name+" as JSON", string(b))
	}

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("creds", "credentials", testCreds, "pointer", &testCreds, "options", tencentscf.Options{Credentials: testCreds},
		"official", tencentscf.Options{Region: "ap-guangzhou", Credentials: official}, "official-pointer", &tencentscf.Options{Credentials: official})
	log.Info("text", slog.Any("credentials", testCreds))
	slog.New(slog.NewTextHandler(&buf, nil)).Info("creds", "credentials", testCreds, "official", tencentscf.Options{Credentials: official})
	assertRedacted(t, "slog output", buf.String())
	if !strings.Contains(buf.String(), `"secret_key":"[REDACTED]"`) || !strings.Contains(buf.String(), `*common.Credential [REDACTED]`) {
		t.Errorf("slog output %s, want the redacted group", buf.String())
	}
}

func TestLogsAndErrorsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := newHarness(t, func(o *tencentscf.Options) { o.Logger = logger },
		ok(fixture(t, "error_request_limit.json")), ok(fixture(t, "error_request_limit.json")), ok(fixture(t, "error_request_limit.json")),
		ok(errorBody("AuthFailure.SignatureFailure", "The provided credentials could not be validated.", "r-9")))
	_, err1 := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	_, err2 := h.client.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	if err1 == nil || err2 == nil {
		t.Fatal("want errors")
	}
	if buf.Len() == 0 {
		t.Fatal("nothing was logged at Debug")
	}
	assertRedacted(t, "log", buf.String())
	assertRedacted(t, "error", err1.Error()+err2.Error())
	for _, s := range h.requests() {
		sig := s.Authorization[strings.Index(s.Authorization, "Signature=")+len("Signature="):]
		if strings.Contains(buf.String(), sig) || strings.Contains(err1.Error()+err2.Error(), sig) {
			t.Error("a signature reached the log or an error")
		}
	}
}
