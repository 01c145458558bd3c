package tencentscf_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// The documented shapes, written independently of validate.go.
var (
	scfFunctionName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$`)
	scfVersion      = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	scfNamespace    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,60}$`)
	scfCron         = regexp.MustCompile(`^[A-Za-z0-9*,\-/?#]+( [A-Za-z0-9*,\-/?#]+){6}$`)
)

// recordingSCF answers every request with an empty success and keeps the
// bodies sent.
type recordingSCF struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recordingSCF) RoundTrip(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	req.Body.Close()
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	r.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"Response":{"RequestId":"r-1"}}`)), Request: req}, nil
}

// FuzzInputValidation feeds arbitrary function names, qualifiers,
// namespaces and cron expressions to Put and Get: a refusal sends nothing
// and says so in a bounded message; what is sent has the documented shape.
func FuzzInputValidation(f *testing.F) {
	for _, s := range [][4]string{
		{"my-function", "1", "", "0 30 8 * * * *"},
		{"my-function:2", "", "team", "0  30 8 * * MON-FRI *"},
		{"my-function:2", "3", "default", "0 0 0 L * ? 2030"},
		{"arn:aws:lambda:us-east-1:1:function:f", "1", "", ""},
		{"f", "$LATEST", "bad ns", "* * * * * *"},
		{"my_function9", "01", strings.Repeat("n", 61), "0 0 0 * * * * *"},
		{"my-function", "99999999999999999999", "a", "0 0 0 * * * \x00"},
		{"é-function", "1", "ns", "0 0 0 * * * é"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, functionName, qualifier, namespace, cron string) {
		rec := &recordingSCF{}
		p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds,
			HTTPClient: &http.Client{Transport: rec}, Retry: retry.Options{MaxAttempts: 1}})
		if err != nil {
			t.Fatal(err)
		}
		opts := &tencentscf.PutParameters{Namespace: namespace}
		if cron != "" {
			opts.TriggerActions = []tencentscf.TriggerAction{{TriggerName: "t", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: cron}}
		}
		_, err = p.Put(context.Background(), &provconc.PutInput{FunctionName: functionName, Qualifier: qualifier,
			ProvisionedConcurrentExecutions: 1, Extension: opts})
		if checkRefusal(t, err, rec) {
			return
		}
		if err != nil {
			t.Fatalf("Put(%q, %q, %q, %q) = %v after sending", functionName, qualifier, namespace, cron, err)
		}
		var sent struct {
			FunctionName, Qualifier, Namespace string
			TriggerActions                     []struct{ TriggerCronConfig string }
		}
		if len(rec.bodies) != 1 || json.Unmarshal(rec.bodies[0], &sent) != nil {
			t.Fatalf("Put sent %d bodies: %q", len(rec.bodies), rec.bodies)
		}
		if !scfFunctionName.MatchString(sent.FunctionName) || !scfVersion.MatchString(sent.Qualifier) ||
			!scfNamespace.MatchString(sent.Namespace) || (namespace != "" && sent.Namespace != namespace) ||
			!strings.HasPrefix(functionName, sent.FunctionName) {
			t.Fatalf("Put(%q, %q, %q) sent %+v", functionName, qualifier, namespace, sent)
		}
		// The expression goes as written; its fields have the documented shape.
		if cron != "" && (len(sent.TriggerActions) != 1 || sent.TriggerActions[0].TriggerCronConfig != cron ||
			!scfCron.MatchString(strings.Join(strings.Fields(cron), " "))) {
			t.Fatalf("cron %q sent as %+v", cron, sent.TriggerActions)
		}

		rec = &recordingSCF{}
		p, _ = tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, HTTPClient: &http.Client{Transport: rec}})
		_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: functionName, Qualifier: qualifier, Extension: &tencentscf.Scope{Namespace: namespace}})
		if errors.Is(err, provconc.ErrInvalidInput) {
			t.Fatalf("Get refused what Put accepted: %v", err)
		}
	})
}

// checkRefusal reports whether err refuses the input, and fails if such a
// refusal sent anything or runs long.
func checkRefusal(t *testing.T, err error, rec *recordingSCF) bool {
	t.Helper()
	if !errors.Is(err, provconc.ErrInvalidInput) {
		return false
	}
	if len(rec.bodies) != 0 {
		t.Fatalf("refused input (%v) was sent: %q", err, rec.bodies)
	}
	if len(err.Error()) > 1200 {
		t.Fatalf("refusal of %d bytes", len(err.Error()))
	}
	return true
}
