package awslambda_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// secretEndpoints carry "hunter2" where URLs carry secrets: a password, a
// token in the query or the fragment, a URL that does not parse.
var secretEndpoints = []string{
	"https://user:hunter2@proxy.example",
	"https://proxy.example/?X-Amz-Security-Token=hunter2",
	"https://proxy.example/lambda#hunter2",
	"http://user:hunter2@[::1:bad-port/",
	"http://user:hunter2@proxy.example/%zz",
	"ftp://user:hunter2@proxy.example",
	"https://user:hunter2@",
	// User information without "//", which net/url reads as a scheme, and
	// a user name holding "@".
	"admin:hunter2@proxy.internal:8080",
	"https://user@hunter2@proxy.example",
}

// printed is every form Options take in a message or a log record.
func printed(o awslambda.Options) []string {
	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("options", "opts", o)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("options", "opts", o)
	return []string{
		fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o), fmt.Sprintf("%s", o), o.String(),
		fmt.Sprint(&o), jsonLog.String(), textLog.String(),
	}
}

// An endpoint's secrets show nowhere: not in New's refusal, not in the
// printed or logged Options. A password shows as xxxxx and a query or
// fragment as [REDACTED], the rule of internal/redact.
func TestEndpointSecretsNeverShow(t *testing.T) {
	t.Parallel()
	for _, endpoint := range secretEndpoints {
		o := awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: endpoint}
		p, err := awslambda.New(o)
		if err == nil || p != nil {
			t.Errorf("New with Endpoint %q = %v, %v; want a refusal (user info, query and fragment are refused)", endpoint, p, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "Endpoint") {
			t.Errorf("New with a secret endpoint: %v", err)
		}
		for _, s := range printed(o) {
			if strings.Contains(s, "hunter2") {
				t.Errorf("Options with Endpoint %q printed as %s", endpoint, s)
			}
		}
	}
	o := awslambda.Options{Region: "us-east-1", Endpoint: "https://user:hunter2@proxy.example/p?token=hunter2"}
	if got, want := o.String(), `Endpoint: "https://user:xxxxx@proxy.example/p?[REDACTED]"`; !strings.Contains(got, want) {
		t.Errorf("Options.String() = %s, want it to hold %s", got, want)
	}
	// The getter returns the endpoint as used, which New made sure carries
	// no secret; what it returns is what requests go to.
	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "http://127.0.0.1:4566/proxy"})
	if err != nil || p.Endpoint() != "http://127.0.0.1:4566/proxy" {
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
		o awslambda.Options
		n int
	}{
		"region":           {awslambda.Options{Region: megabyte, Credentials: testCreds}, 1 << 20},
		"region bad char":  {awslambda.Options{Region: megabyte + "!", Credentials: testCreds}, 1<<20 + 1},
		"endpoint":         {awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "ftp://" + megabyte}, 1<<20 + 6},
		"endpoint no host": {awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "http:" + megabyte}, 1<<20 + 5},
	} {
		o := tc.o
		_, err := awslambda.New(o)
		if err == nil {
			t.Errorf("%s: New accepted a megabyte value", name)
			continue
		}
		checkCut(t, name, err.Error(), tc.n)
		for _, s := range printed(o) {
			if len(s) > 1000 {
				t.Errorf("%s: Options printed in %d bytes", name, len(s))
			}
		}
	}

	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = p.Get(ctx, &provconc.GetInput{FunctionName: megabyte, Qualifier: "1"})
	checkCut(t, "function name", fmt.Sprint(err), 1<<20)
	_, err = p.Get(ctx, &provconc.GetInput{FunctionName: "fn", Qualifier: megabyte})
	checkCut(t, "qualifier", fmt.Sprint(err), 1<<20)
	_, err = p.Put(ctx, &provconc.PutInput{FunctionName: "fn:" + megabyte, ProvisionedConcurrentExecutions: 1})
	if msg := fmt.Sprint(err); len(msg) > 500 {
		t.Errorf("qualifier suffix: error of %d bytes", len(msg))
	}
}

// What a hostile server sends is cut where it is shown: a huge message,
// a long request id and a long code make a short error string, while the
// APIError keeps the message and the request id as sent.
func TestServerValuesAreCut(t *testing.T) {
	t.Parallel()
	requestID, code := strings.Repeat("r", 8000), strings.Repeat("C", 4000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amzn-ErrorType", code)
		w.Header().Set("X-Amzn-RequestId", requestID)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"Type":"User","message":%q}`, megabyte[:1<<19]) // under the 1 MiB body cap
	}))
	defer srv.Close()
	var logs bytes.Buffer
	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: srv.URL,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an APIError", err)
	}
	msg := err.Error()
	if len(msg) > 1600 || !strings.Contains(msg, strings.Repeat("a", 1000)+"… (524288 bytes)") ||
		!strings.Contains(msg, "[request id "+strings.Repeat("r", 160)+"…]") || !strings.Contains(msg, strings.Repeat("C", 160)+"…") {
		t.Errorf("error of %d bytes: %.300q…", len(msg), msg)
	}
	if len(apiErr.Message) != 1<<19 || apiErr.RequestID != requestID {
		t.Errorf("APIError kept a %d-byte message and a %d-byte request id; want them as sent", len(apiErr.Message), len(apiErr.RequestID))
	}
	if logs.Len() == 0 || logs.Len() > 2000 {
		t.Errorf("debug log of %d bytes for one attempt", logs.Len())
	}
}
