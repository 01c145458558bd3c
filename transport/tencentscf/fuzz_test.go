// FuzzAnswerDecoding feeds arbitrary answers to every operation and checks
// what the protocol makes of them against the documented answer shape,
// decoded independently below. The committed seeds are in
// testdata/fuzz/FuzzAnswerDecoding.

package tencentscf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// fuzzAnswer is one answer served.
type fuzzAnswer struct {
	action string // X-TC-Action of the request it answered
	status int
	body   []byte
}

// fuzzServer answers the first request, the second, and every later one
// (retries, the Get a retried Put may make) with three scripted answers,
// and records what it served.
type fuzzServer struct {
	answers    [3]fuzzAnswer
	retryAfter string

	mu     sync.Mutex
	served []fuzzAnswer
}

func (s *fuzzServer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	s.mu.Lock()
	a := s.answers[min(len(s.served), len(s.answers)-1)]
	a.action = req.Header.Get("X-TC-Action")
	s.served = append(s.served, a)
	s.mu.Unlock()
	h := http.Header{"Content-Type": {"application/json"}}
	if s.retryAfter != "" {
		h.Set("Retry-After", s.retryAfter)
	}
	return &http.Response{
		StatusCode:    a.status,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)),
		Request:       req,
	}, nil
}

// fuzzEnvelope is the documented answer, {"Response": {...}}, with the
// field types of tencentcloud-sdk-go's scf/v20180416 models: the reference
// the protocol's decoding is checked against.
type fuzzEnvelope struct {
	Response *struct {
		Error *struct {
			Code    string
			Message string
		}
		RequestId                 string
		UnallocatedConcurrencyNum *uint64
		Allocated                 []fuzzVersion
	}
}

type fuzzVersion struct {
	AllocatedProvisionedConcurrencyNum *uint64
	AvailableProvisionedConcurrencyNum *uint64
	Status                             string
	StatusReason                       string
	Qualifier                          string
	TriggerActions                     []struct {
		TriggerName                      string
		TriggerProvisionedConcurrencyNum *uint64
		TriggerCronConfig                string
		ProvisionedType                  string
	}
}

// fuzzDoc is what an answer's body says, read with fuzzEnvelope.
type fuzzDoc struct {
	ok        bool // the body decodes as an envelope with a Response
	partial   bool // ok, but a field had the wrong type (the others were read)
	requestID string
	code      string
	message   string
	failed    bool // Response.Error carries a code or a message
	env       fuzzEnvelope
}

func fuzzRead(body []byte) fuzzDoc {
	var d fuzzDoc
	// A field of the wrong type leaves the others read, and the error
	// and request id count, as the official client reads an error answer.
	err := json.Unmarshal(body, &d.env)
	var typeErr *json.UnmarshalTypeError
	if (err != nil && !errors.As(err, &typeErr)) || d.env.Response == nil {
		return d
	}
	r := d.env.Response
	d.ok, d.partial, d.requestID = true, err != nil, r.RequestId
	if r.Error != nil {
		d.code, d.message = r.Error.Code, r.Error.Message
		d.failed = d.code != "" || d.message != ""
	}
	return d
}

// fits reports whether an optional count fits an int, as the SDK's Config
// needs.
func fits(v *uint64) bool { return v == nil || *v <= math.MaxInt }

func (v *fuzzVersion) fits() bool {
	ok := fits(v.AllocatedProvisionedConcurrencyNum) && fits(v.AvailableProvisionedConcurrencyNum)
	for _, a := range v.TriggerActions {
		ok = ok && fits(a.TriggerProvisionedConcurrencyNum)
	}
	return ok
}

func count(v *uint64) int {
	if v == nil {
		return 0
	}
	return int(*v)
}

// fuzzRetryable reports whether an answer is one the protocol may try
// again: a 429 or a 5xx the retry policy names, or SCF's throttle or
// internal error inside a 200.
func fuzzRetryable(a fuzzAnswer) bool {
	switch a.status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusOK:
		d := fuzzRead(a.body)
		k := tencentscf.KindOf(d.code)
		return d.ok && (k == provconc.ErrTooManyRequests || k == provconc.ErrService)
	}
	return false
}

// fuzzStatusKind is the kind of a non-200 answer that carries no SCF error.
func fuzzStatusKind(status int) error {
	switch {
	case status == http.StatusTooManyRequests:
		return provconc.ErrTooManyRequests
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return provconc.ErrAccessDenied
	case status >= 500:
		return provconc.ErrService
	}
	return nil
}

// FuzzAnswerDecoding feeds arbitrary answers (a first, a second, a third
// for every later request, a Retry-After) to Put, Get, List and Delete, with
// retries off or on. Whatever the service sends, the protocol must not
// panic, and:
//
//   - a result comes only from a 200 whose body is a well-formed success
//     (a RequestId, no Error, no field of the wrong type), and carries its
//     request id; Get and List
//     report exactly the versions the body lists;
//   - a well-formed success is never refused, unless a count overflows;
//   - every error is either an *provconc.APIError or matches
//     provconc.ErrInvalidResponse, never both and never neither; an
//     ErrInvalidResponse comes only from a 200;
//   - an APIError carries the status, code, message and request id of the
//     answer it came from (also when another field has the wrong type),
//     and the kind its code or status names;
//   - only a retryable answer (429, 5xx, SCF throttle or internal error) is
//     ever tried again, and a retried Put that meets its own task in
//     progress succeeds only on a Get showing that task.
func FuzzAnswerDecoding(f *testing.F) {
	const (
		done     = `{"Response":{"UnallocatedConcurrencyNum":10,"Allocated":[{"AllocatedProvisionedConcurrencyNum":5,"AvailableProvisionedConcurrencyNum":5,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}],"RequestId":"r-ok"}}`
		progress = `{"Response":{"UnallocatedConcurrencyNum":10,"Allocated":[{"AllocatedProvisionedConcurrencyNum":1,"AvailableProvisionedConcurrencyNum":0,"Status":"InProgress","Qualifier":"1"}],"RequestId":"r-get"}}`
		idOnly   = `{"Response":{"RequestId":"r-1"}}`
		throttle = `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"Your current request times equals to 21"},"RequestId":"r-t"}}`
		conflict = `{"Response":{"Error":{"Code":"FailedOperation.ProvisionedInProgress","Message":"in progress"},"RequestId":"r-c"}}`
	)
	type answer struct {
		status int
		body   string
	}
	ok := func(body string) answer { return answer{200, body} }
	seeds := []struct {
		op              uint8
		answers         [3]answer
		after           string
		retriesDisabled bool
	}{
		{1, [3]answer{ok(done), ok(done), ok(done)}, "", false},
		{2, [3]answer{ok(done)}, "", true},
		{0, [3]answer{ok(idOnly)}, "", true},
		{3, [3]answer{ok(idOnly)}, "", true},
		{1, [3]answer{ok(throttle), ok(done), ok(done)}, "2", false},
		// A Put whose first answer was lost meets its own task, and a Get
		// confirms it; then the same with a Get that does not.
		{0, [3]answer{{502, "<html>bad gateway</html>"}, ok(conflict), ok(progress)}, "", false},
		{0, [3]answer{{502, ""}, ok(conflict), ok(done)}, "", false},
		{0, [3]answer{ok(conflict), ok(progress), ok(progress)}, "", false},
		// After a throttle the task cannot be the Put's own: no Get.
		{0, [3]answer{ok(throttle), ok(conflict), ok(progress)}, "", false},
		{1, [3]answer{ok(`{"Response":{"Allocated":[],"RequestId":"r-e"}}`)}, "", true},
		{1, [3]answer{ok(`{"Response":{"Allocated":[{"Qualifier":"","AllocatedProvisionedConcurrencyNum":3}],"RequestId":"r-x"}}`)}, "", true},
		{2, [3]answer{ok(`{"Response":{"UnallocatedConcurrencyNum":18446744073709551615,"RequestId":"r-big"}}`)}, "", true},
		{2, [3]answer{ok(`{"Response":{"Allocated":[{"AllocatedProvisionedConcurrencyNum":-1}],"RequestId":"r-neg"}}`)}, "", true},
		{3, [3]answer{ok(`{"Response":{"Error":{"Code":"","Message":""},"RequestId":"r-empty-error"}}`)}, "", true},
		{3, [3]answer{ok(`{"Response":{"Error":{"Code":"ResourceNotFound.Function"},"RequestId":""}}`)}, "", true},
		{3, [3]answer{ok(`{"Response":null}`)}, "", true},
		{3, [3]answer{ok(`{"Response":{}}`)}, "", true},
		{2, [3]answer{ok(`[1,2]`)}, "", true},
		{1, [3]answer{{403, `<html>forbidden</html>`}}, "", true},
		{1, [3]answer{{404, `{"Response":{"RequestId":"r-404"}}`}}, "", true},
		{0, [3]answer{{503, `{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r-503"}}`}, {503, ""}, {503, ""}}, "-3", false},
		{2, [3]answer{ok(throttle), ok(throttle), ok(throttle)}, "Wed, 21 Oct 2015 07:28:00 GMT", false},
		{1, [3]answer{ok(`{"Response":{"Allocated":[{"Qualifier":"1","Status":"Elsewhere","TriggerActions":[{"TriggerProvisionedConcurrencyNum":null}]}],"RequestId":"r-u"}}`)}, "", true},
	}
	for _, s := range seeds {
		op := s.op
		if s.retriesDisabled {
			op |= 4
		}
		a := s.answers
		for i := range a {
			if a[i].status == 0 {
				a[i] = a[max(i-1, 0)]
			}
		}
		f.Add(op, a[0].status, []byte(a[0].body), a[1].status, []byte(a[1].body), a[2].status, []byte(a[2].body), s.after)
	}
	f.Fuzz(func(t *testing.T, op uint8, status1 int, body1 []byte, status2 int, body2 []byte, status3 int, body3 []byte, after string) {
		srv := &fuzzServer{retryAfter: fuzzHeaderValue(after), answers: [3]fuzzAnswer{
			{status: status1, body: body1}, {status: status2, body: body2}, {status: status3, body: body3},
		}}
		for _, a := range srv.answers {
			if a.status < 100 || a.status > 999 {
				t.Skip() // net/http itself refuses such status codes
			}
		}
		maxAttempts := 3
		if op&4 != 0 {
			maxAttempts = 1
		}
		p, err := tencentscf.New(tencentscf.Options{
			Region:      "ap-guangzhou",
			Credentials: testCreds,
			HTTPClient:  &http.Client{Transport: srv},
			Retry: retry.Options{
				// Unpaced, so a server throttling to the end ends the call
				// at the attempt limit.
				DisableRateLimit: true,
				MaxAttempts:      maxAttempts,
				Sleep:            func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
				Jitter:           func() float64 { return 0 },
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var (
			out      any
			md       provconc.Metadata
			action   string
			callsMax = maxAttempts
		)
		switch op % 4 {
		case 0:
			action, callsMax = "PutProvisionedConcurrencyConfig", 2*maxAttempts
			var o *provconc.PutOutput
			if o, err = p.Put(ctx, &provconc.PutInput{FunctionName: "fuzz-fn", Qualifier: "1", ProvisionedConcurrentExecutions: 1}); o != nil {
				out, md = o, o.Metadata
			}
		case 1:
			action = "GetProvisionedConcurrencyConfig"
			var o *provconc.GetOutput
			if o, err = p.Get(ctx, &provconc.GetInput{FunctionName: "fuzz-fn", Qualifier: "1"}); o != nil {
				out, md = o, o.Metadata
			}
		case 2:
			action = "GetProvisionedConcurrencyConfig"
			var o *provconc.ListOutput
			if o, err = p.List(ctx, &provconc.ListInput{FunctionName: "fuzz-fn"}); o != nil {
				out, md = o, o.Metadata
			}
		case 3:
			action = "DeleteProvisionedConcurrencyConfig"
			var o *provconc.DeleteOutput
			if o, err = p.Delete(ctx, &provconc.DeleteInput{FunctionName: "fuzz-fn", Qualifier: "1"}); o != nil {
				out, md = o, o.Metadata
			}
		}
		if (out == nil) == (err == nil) {
			t.Fatalf("result %v and error %v: want exactly one", out, err)
		}
		served := srv.served
		if len(served) == 0 || len(served) > callsMax {
			t.Fatalf("%d requests sent, want 1 to %d", len(served), callsMax)
		}

		// Which answers belong to the operation itself, and which to the
		// Get a retried Put makes to look behind a conflict.
		own, confirm := served, []fuzzAnswer(nil)
		for i, a := range served {
			if a.action != action {
				own, confirm = served[:i], served[i:]
				break
			}
		}
		for _, a := range confirm {
			if a.action != "GetProvisionedConcurrencyConfig" {
				t.Fatalf("%s sent a %s", action, a.action)
			}
		}
		// Only a retryable answer is tried again.
		for i := 0; i+1 < len(own); i++ {
			if !fuzzRetryable(own[i]) {
				t.Fatalf("attempt %d answered HTTP %d %q, which is not retryable, yet was tried again", i+1, own[i].status, own[i].body)
			}
		}
		for i := 0; i+1 < len(confirm); i++ {
			if !fuzzRetryable(confirm[i]) {
				t.Fatalf("confirming Get answered HTTP %d %q, which is not retryable, yet was tried again", confirm[i].status, confirm[i].body)
			}
		}
		last := own[len(own)-1]
		lastDoc := fuzzRead(last.body)
		if len(confirm) > 0 {
			fuzzCheckConfirmedPut(t, own, confirm, out, err)
			return
		}
		if err == nil {
			fuzzCheckResult(t, op%4, last, lastDoc, out, md, len(own))
			return
		}
		fuzzCheckError(t, op%4, last, lastDoc, err, len(own), maxAttempts)
	})
}

// fuzzCheckResult checks a success against the answer it came from.
func fuzzCheckResult(t *testing.T, op uint8, last fuzzAnswer, d fuzzDoc, out any, md provconc.Metadata, attempts int) {
	t.Helper()
	if last.status != http.StatusOK || !d.ok || d.partial || d.failed || d.requestID == "" {
		t.Fatalf("success from HTTP %d %q, which is not a well-formed success", last.status, last.body)
	}
	if md.RequestID != d.requestID || md.Attempts != attempts {
		t.Fatalf("metadata %+v, want request id %q and %d attempts", md, d.requestID, attempts)
	}
	switch op {
	case 1:
		cfg := out.(*provconc.GetOutput).Config
		v := fuzzFind(d.env.Response.Allocated, "1")
		if v == nil {
			t.Fatalf("Get succeeded, yet %q lists no version 1", last.body)
		}
		if cfg.Qualifier != "1" || cfg.Requested != count(v.AllocatedProvisionedConcurrencyNum) || cfg.Available != count(v.AvailableProvisionedConcurrencyNum) {
			t.Fatalf("Get answered %+v from %q", cfg, last.body)
		}
	case 2:
		o := out.(*provconc.ListOutput)
		if len(o.Configs) != len(d.env.Response.Allocated) || o.NextMarker != "" {
			t.Fatalf("List answered %d configs (marker %q) from %q", len(o.Configs), o.NextMarker, last.body)
		}
		for i, c := range o.Configs {
			v := d.env.Response.Allocated[i]
			if c.Qualifier != v.Qualifier || c.Requested != count(v.AllocatedProvisionedConcurrencyNum) {
				t.Fatalf("List config %d is %+v, the body says %+v", i, c, v)
			}
		}
	case 0:
		if o := out.(*provconc.PutOutput); o.Requested != 1 || o.Status != provconc.StatusInProgress {
			t.Fatalf("Put answered %+v", o.Config)
		}
	}
}

// fuzzCheckError checks a failure against the answer it came from: a
// well-formed success is refused only for a count that overflows, or (Get)
// a version missing from the list.
func fuzzCheckError(t *testing.T, op uint8, last fuzzAnswer, d fuzzDoc, err error, attempts, maxAttempts int) {
	t.Helper()
	var apiErr *provconc.APIError
	isAPI, isInvalid := errors.As(err, &apiErr), errors.Is(err, provconc.ErrInvalidResponse)
	if isAPI == isInvalid {
		t.Fatalf("error %v (%T): APIError %v, ErrInvalidResponse %v; want exactly one", err, err, isAPI, isInvalid)
	}
	if errors.Is(err, provconc.ErrInvalidInput) {
		t.Fatalf("valid input refused: %v", err)
	}
	if isInvalid {
		// A non-200 without an SCF error is an APIError for its status,
		// and an SCF error an APIError for its code: only a 200 that is
		// not an answer of the API is unreadable.
		if last.status != http.StatusOK || (d.ok && d.failed) {
			t.Fatalf("HTTP %d %q gave ErrInvalidResponse: %v", last.status, last.body, err)
		}
		if d.ok && !d.partial && d.requestID != "" {
			fuzzCheckOverflow(t, op, last, d, err)
		}
		return
	}
	if apiErr.Provider != tencentscf.ProviderName || apiErr.StatusCode != last.status || apiErr.Attempts != attempts || apiErr.RetryAfter < 0 {
		t.Fatalf("APIError %+v, want provider %s, HTTP %d, %d attempts, Retry-After >= 0", apiErr, tencentscf.ProviderName, last.status, attempts)
	}
	// Retries end "exhausted" only on an answer still worth retrying, and
	// never when they were off.
	if errors.Is(err, provconc.ErrRetryExhausted) && (maxAttempts == 1 || !apiErr.Retryable() || !fuzzRetryable(last)) {
		t.Fatalf("error %v after %d of %d attempts claims retries were exhausted", err, attempts, maxAttempts)
	}
	switch {
	case d.ok && d.failed:
		// The SCF error in the body decides, whatever the status.
		if apiErr.Code != d.code || apiErr.Message != d.message || apiErr.RequestID != d.requestID {
			t.Fatalf("APIError %+v from %q", apiErr, last.body)
		}
		if k := tencentscf.KindOf(d.code); k != nil && !errors.Is(err, k) {
			t.Fatalf("code %s gave kind %v, want %v", d.code, apiErr.Kind, k)
		}
	case last.status != http.StatusOK:
		// No SCF error: the status names the kind.
		if apiErr.Code != "" || apiErr.Kind != fuzzStatusKind(last.status) || (d.ok && apiErr.RequestID != d.requestID) {
			t.Fatalf("HTTP %d %q gave %+v, want no code and kind %v", last.status, last.body, apiErr, fuzzStatusKind(last.status))
		}
	case op == 1 && d.ok && !d.partial && d.requestID != "":
		// A well-formed Get answer without version 1: not found, with the
		// answer's request id and no code, since SCF sends none.
		if fuzzFind(d.env.Response.Allocated, "1") != nil || apiErr.Code != "" ||
			!errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) || apiErr.RequestID != d.requestID {
			t.Fatalf("Get of %q failed with %+v", last.body, apiErr)
		}
	default:
		t.Fatalf("HTTP 200 %q gave APIError %+v: a 200 without an SCF error is a success or unreadable", last.body, apiErr)
	}
}

// fuzzCheckOverflow accepts ErrInvalidResponse for a well-formed success
// only when a count the operation reads does not fit an int.
func fuzzCheckOverflow(t *testing.T, op uint8, last fuzzAnswer, d fuzzDoc, err error) {
	t.Helper()
	r := d.env.Response
	switch op {
	case 0, 3: // Put and Delete read nothing but the request id
	case 1:
		if v := fuzzFind(r.Allocated, "1"); !fits(r.UnallocatedConcurrencyNum) || (v != nil && !v.fits()) {
			return
		}
	case 2:
		overflow := !fits(r.UnallocatedConcurrencyNum)
		for i := range r.Allocated {
			overflow = overflow || !r.Allocated[i].fits()
		}
		if overflow {
			return
		}
	}
	t.Fatalf("well-formed success %q refused: %v", last.body, err)
}

// fuzzThrottled reports an answer the service refused outright: a 429, or
// a 200 carrying RequestLimitExceeded or one of its details.
func fuzzThrottled(a fuzzAnswer) bool {
	if a.status == http.StatusTooManyRequests {
		return true
	}
	d := fuzzRead(a.body)
	return a.status == http.StatusOK && d.ok && tencentscf.KindOf(d.code) == provconc.ErrTooManyRequests
}

// fuzzCheckConfirmedPut checks a Put that met a conflict after a retry and
// looked behind it with a Get: it does so only when an earlier attempt was
// not a throttle, and succeeds only if the Get shows version 1 in progress
// or done with the amount asked and no scheduled actions; otherwise the
// conflict is the error.
func fuzzCheckConfirmedPut(t *testing.T, own, confirm []fuzzAnswer, out any, err error) {
	t.Helper()
	conflict := fuzzRead(own[len(own)-1].body)
	if len(own) < 2 || conflict.code != "FailedOperation.ProvisionedInProgress" {
		t.Fatalf("Put made a Get after %d attempts ending in %q: only a retried Put meeting a task in progress does", len(own), own[len(own)-1].body)
	}
	uncertain := false
	for _, a := range own[:len(own)-1] {
		uncertain = uncertain || !fuzzThrottled(a)
	}
	if !uncertain {
		t.Fatalf("Put made a Get though every earlier attempt was throttled, so none started a task")
	}
	if err != nil {
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != conflict.code || apiErr.RequestID != conflict.requestID {
			t.Fatalf("unconfirmed Put failed with %v, want the conflict", err)
		}
		return
	}
	get := confirm[len(confirm)-1]
	d := fuzzRead(get.body)
	if get.status != http.StatusOK || !d.ok || d.partial || d.failed || d.requestID == "" {
		t.Fatalf("Put confirmed by HTTP %d %q, which is not a well-formed success", get.status, get.body)
	}
	v := fuzzFind(d.env.Response.Allocated, "1")
	if v == nil || (v.Status != "InProgress" && v.Status != "Done") || count(v.AllocatedProvisionedConcurrencyNum) != 1 || len(v.TriggerActions) != 0 {
		t.Fatalf("Put confirmed by %q, which does not show its task", get.body)
	}
	want := provconc.StatusInProgress
	if v.Status == "Done" {
		want = provconc.StatusReady
	}
	if o := out.(*provconc.PutOutput); o.Requested != 1 || o.Status != want || o.Metadata.RequestID != conflict.requestID {
		t.Fatalf("confirmed Put answered %+v, want %s", o, want)
	}
}

// fuzzFind is the version a Get of q reads: the entry with that qualifier,
// or the only entry when it names none.
func fuzzFind(all []fuzzVersion, q string) *fuzzVersion {
	for i := range all {
		if all[i].Qualifier == q {
			return &all[i]
		}
	}
	if len(all) == 1 && all[0].Qualifier == "" {
		return &all[0]
	}
	return nil
}

// fuzzHeaderValue keeps a fuzzed header value to what net/http can carry.
func fuzzHeaderValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7f {
			return -1
		}
		return r
	}, s)
}
