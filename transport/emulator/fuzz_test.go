// FuzzRequestHandling sends arbitrary requests to the emulator, as an
// http.Handler and as an http.RoundTripper, and checks every answer has
// the documented shape and the emulated account stays consistent. The
// committed seeds are in testdata/fuzz/FuzzRequestHandling.

package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/provconc/provconc/transport/emulator"
)

// Fuzz flags, one bit each.
const (
	// fuzzCredentials makes the emulator check SigV4 and TC3 signatures.
	fuzzCredentials = 1 << iota
	// fuzzSign signs the request with the emulator's keys.
	fuzzSign
	// fuzzSlowAllocation keeps allocations in progress (ReadyAfter 1h).
	fuzzSlowAllocation
	// fuzzNoVersion sends an SCF action without X-TC-Version.
	fuzzNoVersion
)

var (
	fuzzNow      = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	fuzzAWSCreds = aws.Credentials{AccessKeyID: "AKIDFUZZEXAMPLE", SecretAccessKey: "fuzz-secret", SessionToken: "fuzz-token"}
	fuzzSCFCreds = emulator.SCFCredentials{SecretID: "AKIDFUZZSCFEXAMPLE", SecretKey: "fuzz-scf-secret", Token: "fuzz-scf-token"}
	// fuzzRequestID is the shape of every request id the emulator hands out.
	fuzzRequestID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// The emulated account every input starts from.
const (
	fuzzFunction    = "fz"
	fuzzSCFFunction = "fz-scf"
	fuzzNamespace   = "fz-ns"
)

// fuzzKey names one config in the emulator.
type fuzzKey struct {
	scf                            bool
	namespace, function, qualifier string
}

// fuzzKeys are every version and alias that exist, so a snapshot of them
// is the whole state a request can change.
var fuzzKeys = []fuzzKey{
	{false, "", fuzzFunction, "1"}, {false, "", fuzzFunction, "2"}, {false, "", fuzzFunction, "3"},
	{false, "", fuzzFunction, "live"}, {false, "", fuzzFunction, "blue"},
	{true, "default", fuzzSCFFunction, "1"}, {true, "default", fuzzSCFFunction, "2"}, {true, "default", fuzzSCFFunction, "3"},
	{true, fuzzNamespace, fuzzSCFFunction, "1"},
}

// FuzzRequestHandling sends an arbitrary method, target (path and query),
// X-TC-Action, headers ("Name: value" lines) and body to a seeded emulator,
// with signature checks on or off, signed or not, allocations instant or
// slow. Whatever arrives, the emulator must not panic, and:
//
//   - the handler and the round tripper give the same answer;
//   - the status is one the service documents, and never a 5xx (no fault
//     is injected);
//   - an SCF request (a POST with X-TC-Action) is answered HTTP 200 with
//     {"Response": {...}} carrying a request id, and an error there has a
//     code and a message;
//   - a Lambda answer carries X-Amzn-RequestId; an error also
//     X-Amzn-ErrorType and a JSON body with a message; a 204 has no body;
//   - afterwards every config is consistent (amounts in range, a known
//     status, a version and an alias on it never both configured, pools
//     within their limits), a failed or read-only request changed nothing,
//     and any other changed at most one config.
func FuzzRequestHandling(f *testing.F) {
	seeds := []struct {
		method, target, action, headers, body string
		flags                                 uint8
	}{
		{"PUT", "/2019-09-30/functions/fz/provisioned-concurrency?Qualifier=live", "", "Content-Type: application/json", `{"ProvisionedConcurrentExecutions": 4}`, 0},
		{"GET", "/2019-09-30/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afz/provisioned-concurrency?Qualifier=3", "", "", "", fuzzCredentials | fuzzSign},
		{"GET", "/2019-09-30/functions/fz/provisioned-concurrency?List=ALL&MaxItems=1", "", "", "", fuzzSlowAllocation},
		{"DELETE", "/2019-09-30/functions/fz:3/provisioned-concurrency", "", "", "", fuzzCredentials | fuzzSign | fuzzSlowAllocation},
		{"PUT", "/2019-09-30/functions/fz/provisioned-concurrency?Qualifier=1", "", "", `{"ProvisionedConcurrentExecutions": 2000}`, 0},
		{"PUT", "/2019-09-30/functions/fz/provisioned-concurrency?Qualifier=%24LATEST", "", "", `{"ProvisionedConcurrentExecutions": 1e3}`, 0},
		{"GET", "/2019-09-30/functions/fz/provisioned-concurrency?List=ALL&Marker=cGMxfGZ6fDk5", "", "", "", 0},
		{"GET", "/2019-09-30/functions/fz/provisioned-concurrency?Qualifier=1", "", "Authorization: AWS4-HMAC-SHA256 Credential=AKIDFUZZEXAMPLE/20240501/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00", "", fuzzCredentials},
		{"PATCH", "/2019-09-30/functions/fz/provisioned-concurrency", "", "", "", 0},
		{"POST", "/", "PutProvisionedConcurrencyConfig", "", `{"FunctionName":"fz-scf","Qualifier":"1","VersionProvisionedConcurrencyNum":3,"Namespace":"default"}`, fuzzCredentials | fuzzSign},
		{"POST", "/", "GetProvisionedConcurrencyConfig", "", `{"FunctionName":"fz-scf","Namespace":"default"}`, fuzzSlowAllocation},
		{"POST", "/scf", "DeleteProvisionedConcurrencyConfig", "", `{"FunctionName":"fz-scf","Qualifier":"2"}`, fuzzSlowAllocation},
		{"POST", "/", "PutProvisionedConcurrencyConfig", "", `{"FunctionName":"fz-scf","Qualifier":"1","VersionProvisionedConcurrencyNum":0,"ProvisionedType":"ConcurrencyUtilizationTracking","TrackingTarget":0.5,"MinCapacity":1,"MaxCapacity":10,"TriggerActions":[{"TriggerName":"a","TriggerProvisionedConcurrencyNum":2,"TriggerCronConfig":"0 0 8 * * * *"}]}`, 0},
		{"POST", "/", "PutProvisionedConcurrencyConfig", "", `{"FunctionName":"fz-scf","Qualifier":"1","VersionProvisionedConcurrencyNum":"3"}`, 0},
		{"POST", "/", "GetProvisionedConcurrencyConfig", "X-TC-Version: 2017-03-12", `{"FunctionName":"fz-scf"}`, fuzzNoVersion},
		{"POST", "/", "ListFunctions", "", `{}`, fuzzCredentials},
		{"POST", "/", "GetProvisionedConcurrencyConfig", "Authorization: TC3-HMAC-SHA256 Credential=AKIDFUZZSCFEXAMPLE/2024-05-01/scf/tc3_request, SignedHeaders=content-type;host, Signature=ff\nX-TC-Timestamp: 1714557600", `{"FunctionName":"fz-scf"}`, fuzzCredentials},
		{"POST", "/", "", "X-TC-Action: ", `[`, 0},
		// The other documented SCF forms: GET with TC3 headers, v1 in a
		// query, v1 in a form body.
		{"GET", "/?FunctionName=fz-scf&Namespace=default", "GetProvisionedConcurrencyConfig", "Content-Type: application/x-www-form-urlencoded", "", 0},
		{"GET", "/?Action=GetProvisionedConcurrencyConfig&Version=2018-04-16&FunctionName=fz-scf&Qualifier=2", "", "", "", 0},
		{"POST", "/", "", "Content-Type: application/x-www-form-urlencoded", "Action=PutProvisionedConcurrencyConfig&Version=2018-04-16&FunctionName=fz-scf&Qualifier=1" +
			"&VersionProvisionedConcurrencyNum=2&TriggerActions.0.TriggerName=a&TriggerActions.0.TriggerProvisionedConcurrencyNum=1&TriggerActions.0.TriggerCronConfig=0+0+8+*+*+*+*", fuzzCredentials},
		{"POST", "/", "", "X-Amz-Target: AnyScaleFrontendService.RegisterScalableTarget", `{"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:fz:live","MinCapacity":1,"MaxCapacity":5}`, 0},
		{"POST", "/", "", "X-Amz-Target: AnyScaleFrontendService.PutScheduledAction", `{"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:fz:live","ScheduledActionName":"a","Schedule":"cron(0 8 ? * MON-FRI *)","Timezone":"Europe/Berlin","ScalableTargetAction":{"MinCapacity":2}}`, fuzzSlowAllocation},
		{"POST", "/", "", "X-Amz-Target: AnyScaleFrontendService.DescribeScalingPolicies", `{"ServiceNamespace":"lambda","MaxResults":1,"NextToken":"b2Zmc2V0OjE"}`, fuzzCredentials | fuzzSign},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.action, s.headers, []byte(s.body), s.flags)
	}
	f.Fuzz(func(t *testing.T, method, target, action, headers string, body []byte, flags uint8) {
		client, ok := fuzzBuildRequest(method, target, action, headers, body, flags)
		if !ok {
			t.Skip() // not a request an HTTP client could send
		}
		// The same request as a server reads it off the wire; what a
		// server would refuse to parse never reaches a handler.
		var wire bytes.Buffer
		if err := client.Clone(context.Background()).Write(&wire); err != nil {
			t.Skip()
		}
		server, err := http.ReadRequest(bufio.NewReader(&wire))
		if err != nil {
			t.Skip()
		}
		isSCF := fuzzIsSCF(client)

		// One emulator answers as an http.Handler, its twin as an
		// http.RoundTripper; both start alike, so both answers and both
		// end states must be alike.
		handler, roundTripper := fuzzEmulator(t, flags), fuzzEmulator(t, flags)
		before := fuzzSnapshot(handler)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, server)
		served := rec.Result()
		servedBody, _ := io.ReadAll(served.Body)
		if client.GetBody != nil { // writing it out read the body
			if client.Body, err = client.GetBody(); err != nil {
				t.Fatal(err)
			}
		}
		tripped, err := roundTripper.RoundTrip(client)
		if err != nil {
			t.Fatalf("RoundTrip: %v (the handler answered %d)", err, served.StatusCode)
		}
		trippedBody, _ := io.ReadAll(tripped.Body)
		tripped.Body.Close()

		if served.StatusCode != tripped.StatusCode || !bytes.Equal(servedBody, trippedBody) {
			t.Fatalf("the handler answered %d %q, the round tripper %d %q", served.StatusCode, servedBody, tripped.StatusCode, trippedBody)
		}
		for _, h := range []string{"Content-Type", "X-Amzn-RequestId", "X-Amzn-ErrorType", "Retry-After"} {
			if a, b := fuzzHeader(served.Header, h), fuzzHeader(tripped.Header, h); a != b {
				t.Fatalf("%s: the handler sent %q, the round tripper %q", h, a, b)
			}
		}
		var changes bool
		isAAS := !isSCF && client.Method == http.MethodPost && strings.HasPrefix(client.Header.Get("X-Amz-Target"), "AnyScaleFrontendService.")
		switch {
		case isSCF:
			changes = fuzzCheckSCF(t, client, served, servedBody)
		case isAAS:
			changes = fuzzCheckAAS(t, client, served, servedBody)
		default:
			changes = fuzzCheckLambda(t, client, served, servedBody)
		}

		after := fuzzSnapshot(handler)
		fuzzCheckConsistent(t, after)
		changed := 0
		for k, v := range after {
			if before[k] != v {
				changed++
			}
		}
		if !changes && changed > 0 {
			t.Fatalf("a request that failed or only read changed %d configs:\nbefore %v\nafter  %v", changed, before, after)
		}
		if changed > 1 {
			t.Fatalf("one request changed %d configs:\nbefore %v\nafter  %v", changed, before, after)
		}
		if twin := fuzzSnapshot(roundTripper); fmt.Sprint(twin) != fmt.Sprint(after) {
			t.Fatalf("the handler left %v, the round tripper %v", after, twin)
		}
	})
}

// fuzzBuildRequest builds the client's request, signed when asked; ok is
// false for input no HTTP client would send.
func fuzzBuildRequest(method, target, action, headers string, body []byte, flags uint8) (*http.Request, bool) {
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	req, err := http.NewRequest(method, "http://emulator.test"+target, bytes.NewReader(body))
	if err != nil || req.URL.Host != "emulator.test" || req.URL.Fragment != "" {
		return nil, false
	}
	for _, line := range strings.Split(headers, "\n") {
		name, value, found := strings.Cut(line, ":")
		if !found {
			continue
		}
		value = strings.TrimSpace(value)
		if !fuzzToken(name) || !fuzzFieldValue(value) {
			return nil, false
		}
		req.Header.Add(name, value)
	}
	if action != "" {
		if !fuzzFieldValue(action) {
			return nil, false
		}
		req.Header.Set("X-TC-Action", action)
		if flags&fuzzNoVersion == 0 {
			req.Header.Set("X-TC-Version", emulator.SCFAPIVersion)
		}
		if req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	if flags&fuzzSign != 0 {
		if req.Method == http.MethodPost && len(req.Header.Values("X-Tc-Action")) > 0 {
			fuzzSignTC3(req, body)
		} else {
			sum := sha256.Sum256(body)
			if v4.NewSigner().SignHTTP(context.Background(), fuzzAWSCreds, req, hex.EncodeToString(sum[:]), "lambda", emulator.DefaultRegion, fuzzNow) != nil {
				return nil, false
			}
		}
	}
	return req, true
}

// fuzzSignTC3 signs an SCF request with TC3-HMAC-SHA256 as the documented
// algorithm has it (written here from the documentation, not taken from
// the emulator or the SDK): content-type and host signed.
func fuzzSignTC3(req *http.Request, body []byte) {
	ts := strconv.FormatInt(fuzzNow.Unix(), 10)
	date := fuzzNow.Format("2006-01-02")
	payload := sha256.Sum256(body)
	canonical := req.Method + "\n/\n\ncontent-type:" + strings.ToLower(req.Header.Get("Content-Type")) +
		"\nhost:" + req.URL.Host + "\n\ncontent-type;host\n" + hex.EncodeToString(payload[:])
	canonicalSum := sha256.Sum256([]byte(canonical))
	scope := date + "/scf/tc3_request"
	toSign := "TC3-HMAC-SHA256\n" + ts + "\n" + scope + "\n" + hex.EncodeToString(canonicalSum[:])
	mac := func(key []byte, data string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(data))
		return h.Sum(nil)
	}
	key := mac(mac(mac([]byte("TC3"+fuzzSCFCreds.SecretKey), date), "scf"), "tc3_request")
	req.Header.Set("X-TC-Timestamp", ts)
	req.Header.Set("X-TC-Token", fuzzSCFCreds.Token)
	req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+fuzzSCFCreds.SecretID+"/"+scope+
		", SignedHeaders=content-type;host, Signature="+hex.EncodeToString(mac(key, toSign)))
}

// fuzzEmulator returns the seeded emulator: Lambda function fz with
// versions 1-3, alias live on 1 and blue on 3, a config on 3; SCF function
// fz-scf with versions 1-3 and a config on 2, and fz-scf in namespace fz-ns
// with version 1. The configs are made by signed requests, so seeding
// also proves the test signs as the emulator verifies.
func fuzzEmulator(t *testing.T, flags uint8) *emulator.Server {
	t.Helper()
	opts := emulator.Options{Now: func() time.Time { return fuzzNow }, Seed: 1}
	if flags&fuzzSlowAllocation != 0 {
		opts.ReadyAfter = time.Hour
	}
	if flags&fuzzCredentials != 0 {
		opts.Credentials = &fuzzAWSCreds
		opts.SCF.Credentials = &fuzzSCFCreds
	}
	s := emulator.New(opts)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateFunction(fuzzFunction))
	must(s.CreateSCFFunction("", fuzzSCFFunction))
	must(s.CreateSCFFunction(fuzzNamespace, fuzzSCFFunction))
	for range 3 {
		_, err := s.PublishVersion(fuzzFunction)
		must(err)
		_, err = s.PublishSCFVersion("", fuzzSCFFunction)
		must(err)
	}
	_, err := s.PublishSCFVersion(fuzzNamespace, fuzzSCFFunction)
	must(err)
	must(s.CreateAlias(fuzzFunction, "live", "1"))
	must(s.CreateAlias(fuzzFunction, "blue", "3"))
	for _, seed := range []struct{ target, action, body string }{
		{"/2019-09-30/functions/fz/provisioned-concurrency?Qualifier=3", "", `{"ProvisionedConcurrentExecutions":5}`},
		{"/", "PutProvisionedConcurrencyConfig", `{"FunctionName":"fz-scf","Qualifier":"2","VersionProvisionedConcurrencyNum":4}`},
	} {
		method := http.MethodPut
		if seed.action != "" {
			method = http.MethodPost
		}
		req, ok := fuzzBuildRequest(method, seed.target, seed.action, "", []byte(seed.body), fuzzSign)
		if !ok {
			t.Fatal("seeding request refused")
		}
		resp, err := s.RoundTrip(req)
		must(err)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 || bytes.Contains(b, []byte(`"Error"`)) {
			t.Fatalf("seeding %s: %d %s", seed.target, resp.StatusCode, b)
		}
	}
	return s
}

// fuzzCheckLambda checks a Lambda answer and reports whether the request
// may have changed state (a Put or Delete that succeeded).
func fuzzCheckLambda(t *testing.T, req *http.Request, resp *http.Response, body []byte) bool {
	t.Helper()
	if id := fuzzHeader(resp.Header, "X-Amzn-RequestId"); !fuzzRequestID.MatchString(id) {
		t.Fatalf("answer %d has request id %q", resp.StatusCode, id)
	}
	if req.Method == http.MethodHead {
		// No operation answers HEAD (404, or 403 when the signature check
		// comes first), and a HEAD answer has no body.
		if (resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden) ||
			fuzzHeader(resp.Header, "X-Amzn-ErrorType") == "" || len(body) != 0 {
			t.Fatalf("HEAD answered %d %v %q", resp.StatusCode, resp.Header, body)
		}
		return false
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusAccepted:
		var v map[string]any
		if json.Unmarshal(body, &v) != nil || v == nil {
			t.Fatalf("%d answer %q is not a JSON object", resp.StatusCode, body)
		}
		return resp.StatusCode == http.StatusAccepted
	case http.StatusNoContent:
		if len(body) != 0 {
			t.Fatalf("204 with a body %q", body)
		}
		return true
	case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict:
	default:
		t.Fatalf("status %d for %s %s; the emulator answers 200, 202, 204, 400, 403, 404 or 409 without faults", resp.StatusCode, req.Method, req.URL)
	}
	code := fuzzHeader(resp.Header, "X-Amzn-ErrorType")
	if code == "" || !strings.HasPrefix(fuzzHeader(resp.Header, "Content-Type"), "application/json") {
		t.Fatalf("error %d without X-Amzn-ErrorType or a JSON Content-Type: %v", resp.StatusCode, resp.Header)
	}
	// The documented shape: {"Type": ..., "message": ...}, the key spelt
	// message or Message, the value a string (or null, as AWS sends for a
	// foreign account's function).
	var v map[string]any
	if json.Unmarshal(body, &v) != nil || v == nil {
		t.Fatalf("%s answer %q is not a JSON object", code, body)
	}
	msg, ok := v["message"]
	if !ok {
		msg, ok = v["Message"]
	}
	if _, isString := msg.(string); !ok || (msg != nil && !isString) {
		t.Fatalf("%s answer %q has no message", code, body)
	}
	return false
}

// fuzzCheckSCF checks an SCF answer and reports whether the request may
// have changed state (a Put or Delete that succeeded).
func fuzzCheckSCF(t *testing.T, req *http.Request, resp *http.Response, body []byte) bool {
	t.Helper()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(fuzzHeader(resp.Header, "Content-Type"), "application/json") {
		t.Fatalf("SCF answer %d %v; every answer of the API is a JSON 200", resp.StatusCode, resp.Header)
	}
	var env struct {
		Response *struct {
			Error *struct {
				Code    *string
				Message *string
			}
			RequestId string
		}
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Response == nil {
		t.Fatalf("SCF answer %q is not {\"Response\": {...}}: %v", body, err)
	}
	if !fuzzRequestID.MatchString(env.Response.RequestId) {
		t.Fatalf("SCF answer %q has request id %q", body, env.Response.RequestId)
	}
	if e := env.Response.Error; e != nil {
		if e.Code == nil || *e.Code == "" || e.Message == nil || *e.Message == "" {
			t.Fatalf("SCF error %q lacks a code or a message", body)
		}
		return false
	}
	return req.Header.Get("X-TC-Action") != "GetProvisionedConcurrencyConfig"
}

// fuzzIsSCF tells an SCF request in any form the emulator documents:
// X-TC-Action on a POST or GET, a GET whose query names an Action, a
// form-encoded POST.
func fuzzIsSCF(r *http.Request) bool {
	hasAction := len(r.Header.Values("X-Tc-Action")) > 0
	switch r.Method {
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return hasAction || (err == nil && mt == "application/x-www-form-urlencoded")
	case http.MethodGet:
		return hasAction || r.URL.Query().Has("Action")
	}
	return false
}

// fuzzSnapshot reads every config through the inspection API.
func fuzzSnapshot(s *emulator.Server) map[fuzzKey]string {
	out := map[fuzzKey]string{}
	for _, k := range fuzzKeys {
		if k.scf {
			if c, ok := s.SCFProvisionedConfig(k.namespace, k.function, k.qualifier); ok {
				out[k] = fmt.Sprintf("%d/%d %s %q %s", c.Allocated, c.Available, c.Status, c.StatusReason, c.ProvisionedType)
			}
			continue
		}
		if c, ok := s.ProvisionedConfig(k.function, k.qualifier); ok {
			out[k] = fmt.Sprintf("%d/%d/%d %s %q", c.Requested, c.Allocated, c.Available, c.Status, c.StatusReason)
		}
	}
	return out
}

// fuzzCheckConsistent checks the invariants of the emulated account.
func fuzzCheckConsistent(t *testing.T, snap map[fuzzKey]string) {
	t.Helper()
	lambdaTotal, scfTotal := 0, map[string]int{}
	for k, v := range snap {
		var a, b, c int
		var status string
		if k.scf {
			if _, err := fmt.Sscanf(v, "%d/%d %s", &a, &b, &status); err != nil {
				t.Fatalf("%v: %q", k, v)
			}
			if a < 1 || b < 0 || b > a || (status != emulator.SCFStatusDone && status != emulator.SCFStatusInProgress && status != emulator.SCFStatusFailed) {
				t.Fatalf("SCF %v is inconsistent: %s", k, v)
			}
			scfTotal[k.namespace+"/"+k.function] += a
			continue
		}
		if _, err := fmt.Sscanf(v, "%d/%d/%d %s", &a, &b, &c, &status); err != nil {
			t.Fatalf("%v: %q", k, v)
		}
		if a < 1 || b < 0 || c < 0 || b > a || c > a || (status != emulator.StatusReady && status != emulator.StatusInProgress && status != emulator.StatusFailed) {
			t.Fatalf("Lambda %v is inconsistent: %s", k, v)
		}
		lambdaTotal += a
	}
	// A version and an alias pointing to it never both hold a config.
	for alias, version := range map[string]string{"live": "1", "blue": "3"} {
		_, onAlias := snap[fuzzKey{false, "", fuzzFunction, alias}]
		_, onVersion := snap[fuzzKey{false, "", fuzzFunction, version}]
		if onAlias && onVersion {
			t.Fatalf("alias %s and its version %s both have a config: %v", alias, version, snap)
		}
	}
	if limit := emulator.DefaultAccountConcurrency - emulator.DefaultUnreservedMinimum; lambdaTotal > limit {
		t.Fatalf("Lambda configs request %d, more than the account's %d", lambdaTotal, limit)
	}
	for fn, total := range scfTotal {
		if limit := emulator.DefaultSCFFunctionConcurrencyQuota - emulator.SCFQuotaHeadroom; total > limit {
			t.Fatalf("SCF %s holds %d, more than its %d", fn, total, limit)
		}
	}
}

// fuzzHeader finds a header whatever the spelling of its key: the handler
// keeps AWS's (X-Amzn-RequestId), which Header.Get does not find.
func fuzzHeader(h http.Header, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// fuzzToken reports whether s is a valid header name (an RFC 9110 token).
func fuzzToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// fuzzFieldValue reports whether s can be sent as a header value.
func fuzzFieldValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// fuzzCheckAAS checks an Application Auto Scaling answer: a JSON object
// with a request id; an error as {"__type", "Message"} in JSON 1.1. Only a
// successful RegisterScalableTarget or PutScalingPolicy may change a
// configuration (new bounds, or tracking, move the amount).
func fuzzCheckAAS(t *testing.T, req *http.Request, resp *http.Response, body []byte) bool {
	t.Helper()
	if id := fuzzHeader(resp.Header, "X-Amzn-RequestId"); !fuzzRequestID.MatchString(id) {
		t.Fatalf("answer %d has request id %q", resp.StatusCode, id)
	}
	if ct := fuzzHeader(resp.Header, "Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Fatalf("answer %d has Content-Type %q", resp.StatusCode, ct)
	}
	var v map[string]any
	if json.Unmarshal(body, &v) != nil || v == nil {
		t.Fatalf("%d answer %q is not a JSON object", resp.StatusCode, body)
	}
	switch resp.StatusCode {
	case http.StatusOK:
		op := req.Header.Get("X-Amz-Target")
		return strings.HasSuffix(op, ".RegisterScalableTarget") || strings.HasSuffix(op, ".PutScalingPolicy")
	case http.StatusBadRequest, http.StatusForbidden:
	default:
		t.Fatalf("status %d for %s; the emulator answers 200, 400 or 403 without faults", resp.StatusCode, req.Header.Get("X-Amz-Target"))
	}
	if code, ok := v["__type"].(string); !ok || code == "" {
		t.Fatalf("error %d without __type: %q", resp.StatusCode, body)
	}
	if _, ok := v["Message"].(string); !ok {
		t.Fatalf("error %d without a Message string: %q", resp.StatusCode, body)
	}
	return false
}
