package tencentscf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// secretEndpoints carry "hunter2" where URLs carry secrets: a password, a
// token in the query or the fragment, a URL that does not parse.
var secretEndpoints = []string{
	"https://user:hunter2@proxy.example",
	"https://proxy.example/?token=hunter2",
	"https://proxy.example/scf#hunter2",
	"http://user:hunter2@[::1:bad-port/",
	"http://user:hunter2@proxy.example/%zz",
	"ftp://user:hunter2@proxy.example",
	"https://user:hunter2@",
	// User information without "//", which net/url reads as a scheme, and
	// a user name holding "@".
	"admin:hunter2@proxy.internal:8080",
	"https://user@hunter2@proxy.example",
}

// printed is every form Options take in a message, a log record or JSON.
func printed(t *testing.T, o tencentscf.Options) []string {
	t.Helper()
	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("options", "opts", o)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("options", "opts", o)
	encoded, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return []string{
		fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o), fmt.Sprintf("%s", o), o.String(),
		fmt.Sprint(&o), jsonLog.String(), textLog.String(), string(encoded),
	}
}

// An endpoint's secrets show nowhere: not in New's refusal, not in the
// printed, logged or encoded Options. A password shows as xxxxx and a query
// or fragment as [REDACTED], the rule of internal/redact.
func TestEndpointSecretsNeverShow(t *testing.T) {
	t.Parallel()
	for _, endpoint := range secretEndpoints {
		o := tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: endpoint}
		p, err := tencentscf.New(o)
		if err == nil || p != nil {
			t.Errorf("New with Endpoint %q = %v, %v; want a refusal (user info, query and fragment are refused)", endpoint, p, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "Endpoint") {
			t.Errorf("New with a secret endpoint: %v", err)
		}
		for _, s := range printed(t, o) {
			if strings.Contains(s, "hunter2") {
				t.Errorf("Options with Endpoint %q printed as %s", endpoint, s)
			}
		}
	}
	o := tencentscf.Options{Region: "ap-guangzhou", Endpoint: "https://user:hunter2@proxy.example/p?token=hunter2"}
	if got, want := o.String(), `Endpoint: "https://user:xxxxx@proxy.example/p?[REDACTED]"`; !strings.Contains(got, want) {
		t.Errorf("Options.String() = %s, want it to hold %s", got, want)
	}
	// The getter returns the endpoint as used, which New made sure carries
	// no secret; what it returns is what requests go to.
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://127.0.0.1:9000/proxy"})
	if err != nil || p.Endpoint() != "http://127.0.0.1:9000/proxy" {
		t.Errorf("Endpoint() = %q, %v", p.Endpoint(), err)
	}
}

// megabyte is a hostile input.
var megabyte = strings.Repeat("a", 1<<20)

// checkCut fails unless msg is short, shows the start of a value of n bytes
// and says how long it was.
func checkCut(t *testing.T, what, msg string, n int) {
	t.Helper()
	if len(msg) > 500 || !strings.Contains(msg, strings.Repeat("a", 100)+fmt.Sprintf(`…" (%d bytes)`, n)) {
		t.Errorf("%s: %d bytes, want the start of the value and its length: %.300q", what, len(msg), msg)
	}
}

// A megabyte input comes back cut, with its length, in every error and in
// the printed and logged Options.
func TestHostileInputIsCut(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		o tencentscf.Options
		n int
	}{
		"region":           {tencentscf.Options{Region: megabyte, Credentials: testCreds}, 1 << 20},
		"namespace":        {tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Namespace: megabyte}, 1 << 20},
		"endpoint":         {tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "ftp://" + megabyte}, 1<<20 + 6},
		"endpoint no host": {tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http:" + megabyte}, 1<<20 + 5},
	} {
		_, err := tencentscf.New(tc.o)
		if err == nil {
			t.Errorf("%s: New accepted a megabyte value", name)
			continue
		}
		checkCut(t, name, err.Error(), tc.n)
		for _, s := range printed(t, tc.o) {
			if len(s) > 1000 {
				t.Errorf("%s: Options printed in %d bytes", name, len(s))
			}
		}
	}

	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"function name": func() error {
			_, err := p.Get(ctx, &provconc.GetInput{FunctionName: megabyte, Qualifier: "1"})
			return err
		},
		"qualifier": func() error {
			_, err := p.Get(ctx, &provconc.GetInput{FunctionName: "fn", Qualifier: megabyte})
			return err
		},
		"scope namespace": func() error {
			_, err := p.Delete(ctx, &provconc.DeleteInput{FunctionName: "fn", Qualifier: "1", Extension: &tencentscf.Scope{Namespace: megabyte}})
			return err
		},
		"marker": func() error {
			_, err := p.List(ctx, &provconc.ListInput{FunctionName: "fn", Marker: megabyte})
			return err
		},
		"cron": func() error {
			_, err := p.Put(ctx, &provconc.PutInput{FunctionName: "fn", Qualifier: "1", ProvisionedConcurrentExecutions: 1,
				Extension: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{{
					TriggerName: "t", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: "0 0 0 * * * " + megabyte + "!"}}}})
			return err
		},
	} {
		err := call()
		if name == "cron" {
			// The rule names the bad field too, cut the same way.
			if msg := fmt.Sprint(err); len(msg) > 800 || strings.Count(msg, "(1048577 bytes)") != 1 || strings.Count(msg, "(1048589 bytes)") != 1 {
				t.Errorf("cron: %d bytes: %.400q", len(msg), msg)
			}
			continue
		}
		checkCut(t, name, fmt.Sprint(err), 1<<20)
	}
}

// What a hostile server sends is cut where it is shown: a huge message, a
// long request id and a long code make a short error string, while the
// APIError keeps the message and the request id as sent.
func TestServerValuesAreCut(t *testing.T) {
	t.Parallel()
	message, requestID, code := megabyte[:1<<19], strings.Repeat("r", 8000), strings.Repeat("C", 4000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":%q,"Message":%q},"RequestId":%q}}`, code, message, requestID)
	}))
	defer srv.Close()
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: "fn", Qualifier: "1"})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an APIError", err)
	}
	msg := err.Error()
	if len(msg) > 1600 || !strings.Contains(msg, strings.Repeat("a", 1000)+"… (524288 bytes)") ||
		!strings.Contains(msg, "[request id "+strings.Repeat("r", 160)+"…]") || !strings.Contains(msg, strings.Repeat("C", 160)+"…") {
		t.Errorf("error of %d bytes: %.300q…", len(msg), msg)
	}
	if apiErr.Message != message || apiErr.RequestID != requestID {
		t.Errorf("APIError kept a %d-byte message and a %d-byte request id; want them as sent", len(apiErr.Message), len(apiErr.RequestID))
	}
}

// A message quoting the request's credentials (its Authorization header,
// its session token) shows neither, in the error or in the APIError.
func TestEchoedCredentialsHidden(t *testing.T) {
	t.Parallel()
	const token = "scfSessionToken-EXAMPLE0123456789"
	var sent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Store(r.Header.Get("Authorization"))
		msg := "The provided credentials could not be validated.\nAuthorization: " + r.Header.Get("Authorization") + "\nX-TC-Token: " + r.Header.Get("X-TC-Token") + "\n"
		body, _ := json.Marshal(map[string]any{"Response": map[string]any{
			"Error": map[string]string{"Code": "AuthFailure.SignatureFailure", "Message": msg}, "RequestId": "req-auth"}})
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Endpoint: srv.URL,
		Credentials: tencentscf.NewCredentials("AKIDscfEchoTestExample", "scfSecretKey-EXAMPLE", token)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: "fn", Qualifier: "1"})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, provconc.ErrAccessDenied) {
		t.Fatalf("err = %v, want an APIError matching ErrAccessDenied", err)
	}
	auth, _ := sent.Load().(string)
	i := strings.Index(auth, "Signature=")
	if i < 0 {
		t.Fatalf("the server saw Authorization %q; the check would prove nothing", auth)
	}
	signature := auth[i+len("Signature="):]
	for what, text := range map[string]string{"the error": fmt.Sprintf("%v %+v %#v", err, err, err), "Message": apiErr.Message} {
		for _, secret := range []string{token, signature, "AKIDscfEchoTestExample"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %q: %s", what, secret, text)
			}
		}
		if !strings.Contains(text, "could not be validated.\nAuthorization: [REDACTED]\nX-TC-Token: [REDACTED]\n") {
			t.Errorf("%s lost the message's words: %q", what, text)
		}
	}
}
