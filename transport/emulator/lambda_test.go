package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const arnPrefix = "arn:aws:lambda:us-east-1:123456789012:function:"

func TestOperationsHappyPath(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, clk := seeded(t, Options{})
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=BLUE"

		put := do(t, c, http.MethodPut, url, putBody(5))
		checkRequestID(t, put)
		if put.status != http.StatusAccepted {
			t.Fatalf("Put status = %d, body %s", put.status, put.body)
		}
		if ct := put.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Put Content-Type = %q", ct)
		}
		wantPut := map[string]any{
			"AllocatedProvisionedConcurrentExecutions": 0.0,
			"AvailableProvisionedConcurrentExecutions": 0.0,
			"LastModified": t0Wire,
			"RequestedProvisionedConcurrentExecutions": 5.0,
			"Status": "IN_PROGRESS",
		}
		if d := cmp.Diff(wantPut, put.json(t)); d != "" {
			t.Errorf("Put body (-want +got):\n%s", d)
		}

		// By default the allocation takes DefaultReadyAfter: a Get right
		// after the Put reads what the Put answered, as on AWS.
		early := do(t, c, http.MethodGet, url, "")
		if d := cmp.Diff(wantPut, early.json(t)); d != "" {
			t.Errorf("Get before DefaultReadyAfter (-want +got):\n%s", d)
		}
		clk.Advance(DefaultReadyAfter - time.Nanosecond)
		if got := do(t, c, http.MethodGet, url, "").json(t); got["Status"] != "IN_PROGRESS" {
			t.Errorf("Get just before DefaultReadyAfter: %v", got)
		}
		clk.Advance(time.Nanosecond)

		get := do(t, c, http.MethodGet, url, "")
		checkRequestID(t, get)
		wantGet := map[string]any{
			"AllocatedProvisionedConcurrentExecutions": 5.0,
			"AvailableProvisionedConcurrentExecutions": 5.0,
			"LastModified": t0Wire,
			"RequestedProvisionedConcurrentExecutions": 5.0,
			"Status": "READY",
		}
		if get.status != http.StatusOK {
			t.Fatalf("Get status = %d, body %s", get.status, get.body)
		}
		if d := cmp.Diff(wantGet, get.json(t)); d != "" {
			t.Errorf("Get body (-want +got):\n%s", d)
		}

		list := do(t, c, http.MethodGet, base+pcPathFor("my-function")+"?List=ALL", "")
		checkRequestID(t, list)
		item := map[string]any{"FunctionArn": arnPrefix + "my-function:BLUE"}
		for k, v := range wantGet {
			item[k] = v
		}
		wantList := map[string]any{"ProvisionedConcurrencyConfigs": []any{item}}
		if d := cmp.Diff(wantList, list.json(t)); d != "" {
			t.Errorf("List body (-want +got):\n%s", d)
		}

		del := do(t, c, http.MethodDelete, url, "")
		checkRequestID(t, del)
		if del.status != http.StatusNoContent || len(del.body) != 0 {
			t.Errorf("Delete = %d %q, want 204 and no body", del.status, del.body)
		}
		// Deleting again is not an error (AWS snapshot delete_provisioned_config_doesnotexist).
		if again := do(t, c, http.MethodDelete, url, ""); again.status != http.StatusNoContent {
			t.Errorf("second Delete status = %d, want 204", again.status)
		}
		empty := do(t, c, http.MethodGet, base+pcPathFor("my-function")+"?List=ALL", "")
		if d := cmp.Diff(map[string]any{"ProvisionedConcurrencyConfigs": []any{}}, empty.json(t)); d != "" {
			t.Errorf("List after delete (-want +got):\n%s", d)
		}
	})
}

// TestFunctionNameForms checks that every documented name form reaches the
// same configuration, with ':' escaped or not.
func TestFunctionNameForms(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		forms := []struct{ name, query string }{
			{"my-function", "?Qualifier=1"},
			{"my-function:1", ""},
			{"my-function:1", "?Qualifier=1"},
			{"123456789012:function:my-function", "?Qualifier=1"},
			{"123456789012:function:my-function:1", ""},
			{"arn:aws:lambda:us-east-1:123456789012:function:my-function", "?Qualifier=1"},
			{"arn:aws:lambda:us-east-1:123456789012:function:my-function:1", "?Qualifier=1"},
		}
		for i, f := range forms {
			for _, escaped := range []bool{true, false} {
				p := pcPathFor(f.name)
				if !escaped {
					p = "/2019-09-30/functions/" + f.name + "/provisioned-concurrency"
				}
				r := do(t, c, http.MethodPut, base+p+f.query, putBody(i+1))
				if r.status != http.StatusAccepted {
					t.Errorf("Put %q escaped=%v: %d %s", f.name, escaped, r.status, r.body)
				}
			}
		}
		got, ok := s.ProvisionedConfig("my-function", "1")
		if !ok || got.Requested != len(forms) {
			t.Errorf("config = %+v %v, want requested %d", got, ok, len(forms))
		}
	})
}

func TestErrorAnswers(t *testing.T) {
	t.Parallel()
	long65 := strings.Repeat("a", 65)
	longARN := arnPrefix + strings.Repeat("b", 141-len(arnPrefix))
	validation := func(msg string) wireError {
		return wireError{400, "ValidationException", map[string]any{"message": msg}}
	}
	invalid := func(msg string) wireError {
		return wireError{400, "InvalidParameterValueException", map[string]any{"Type": "User", "message": msg}}
	}
	notFound := func(msg string) wireError {
		return wireError{404, "ResourceNotFoundException", map[string]any{"Type": "User", "Message": msg}}
	}
	tests := []struct {
		name   string
		method string
		fn     string
		query  string
		body   string
		want   wireError
	}{
		{"put on $LATEST", "PUT", "my-function", "?Qualifier=$LATEST", putBody(1), invalid(msgPutLatest)},
		{"get on $LATEST", "GET", "my-function", "?Qualifier=$LATEST", "", invalid(msgGetLatest)},
		{"delete on $LATEST", "DELETE", "my-function", "?Qualifier=$LATEST", "", invalid(msgGetLatest)},
		{"put on alias of $LATEST", "PUT", "my-function", "?Qualifier=EDGE", putBody(1), invalid(msgPutLatest)},
		{"put unknown function version", "PUT", "nope", "?Qualifier=1", putBody(1),
			notFound("Function not found: " + arnPrefix + "nope:1")},
		{"put unknown function alias", "PUT", "nope", "?Qualifier=noalias", putBody(1),
			notFound("Cannot find alias arn: " + arnPrefix + "nope:noalias")},
		{"get unknown version", "GET", "my-function", "?Qualifier=10", "",
			notFound("Function not found: " + arnPrefix + "my-function:10")},
		{"delete unknown alias", "DELETE", "my-function", "?Qualifier=noalias", "",
			notFound("Cannot find alias arn: " + arnPrefix + "my-function:noalias")},
		{"list unknown function", "GET", "nope", "?List=ALL", "",
			notFound("Function not found: " + arnPrefix + "nope")},
		{"get without config", "GET", "my-function", "?Qualifier=2", "",
			wireError{404, "ProvisionedConcurrencyConfigNotFoundException",
				map[string]any{"Type": "User", "message": "No Provisioned Concurrency Config found for this function"}}},
		{"count zero", "PUT", "my-function", "?Qualifier=1", putBody(0), validation(
			"1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"count missing", "PUT", "my-function", "?Qualifier=1", "{}", validation(
			"1 validation error detected: Value null at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null")},
		{"no body", "PUT", "my-function", "?Qualifier=1", "", validation(
			"1 validation error detected: Value null at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null")},
		{"malformed JSON", "PUT", "my-function", "?Qualifier=1", `{"ProvisionedConcurrentExecutions":`,
			wireError{400, "SerializationException", map[string]any{"message": "Start of structure or map found where not expected, or the JSON is malformed."}}},
		{"count is a string", "PUT", "my-function", "?Qualifier=1", `{"ProvisionedConcurrentExecutions":"5"}`,
			wireError{400, "SerializationException", map[string]any{"message": "NUMBER_VALUE can not be converted to an Integer"}}},
		{"bad function name", "GET", "bad.name", "?Qualifier=1", "", validation(
			"1 validation error detected: Value 'bad.name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + functionNamePattern)},
		{"ARN too long", "GET", longARN, "?Qualifier=1", "", validation(
			"1 validation error detected: Value '" + longARN + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140")},
		{"bare name too long", "GET", long65, "?Qualifier=1", "", invalid(
			"1 validation error detected: Value '" + long65 + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64")},
		{"bad qualifier", "GET", "my-function", "?Qualifier=a.b", "", validation(
			"1 validation error detected: Value 'a.b' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)")},
		{"qualifier too long", "GET", "my-function", "?Qualifier=" + strings.Repeat("q", 129), "", validation(
			"1 validation error detected: Value '" + strings.Repeat("q", 129) + "' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128")},
		{"two violations", "PUT", "bad.name", "?Qualifier=1", putBody(0), validation(
			"2 validation errors detected: Value 'bad.name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
				functionNamePattern + "; Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"qualifier mismatch", "PUT", "my-function:1", "?Qualifier=2", putBody(1), invalid(msgQualifierMismatch)},
		{"qualifier mismatch in ARN", "GET", arnPrefix + "my-function:BLUE", "?Qualifier=GREEN", "", invalid(msgQualifierMismatch)},
		{"no qualifier at all", "GET", "my-function", "", "", validation(
			"1 validation error detected: Value null at 'qualifier' failed to satisfy constraint: Member must not be null")},
		{"ARN of another region", "GET", "arn:aws:lambda:us-west-2:123456789012:function:my-function", "?Qualifier=1", "",
			notFound("Functions from 'us-west-2' are not reachable in this region ('us-east-1')")},
		{"ARN of another account", "GET", "arn:aws:lambda:us-east-1:210987654321:function:my-function", "?Qualifier=1", "",
			wireError{403, "AccessDeniedException", map[string]any{"Message": nil}}},
		{"max items zero", "GET", "my-function", "?List=ALL&MaxItems=0", "", validation(
			"1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"max items 51", "GET", "my-function", "?List=ALL&MaxItems=51", "", validation(
			"1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"invalid marker", "GET", "my-function", "?List=ALL&Marker=not-a-marker", "", invalid(msgInvalidMarker)},
		{"marker of another function", "GET", "my-function", "?List=ALL&Marker=" + encodeMarker("other-function", 1), "", invalid(msgInvalidMarker)},
		{"unknown method", "POST", "my-function", "?Qualifier=1", "", wireError{404, "UnknownOperationException", map[string]any{"message": "Unknown operation"}}},
	}
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := do(t, c, tc.method, base+pcPathFor(tc.fn)+tc.query, tc.body)
				checkRequestID(t, r)
				if d := cmp.Diff(tc.want, asWireError(t, r)); d != "" {
					t.Errorf("answer (-want +got):\n%s", d)
				}
			})
		}
		t.Run("unknown path", func(t *testing.T) {
			r := do(t, c, http.MethodGet, base+"/2015-03-31/functions/my-function", "")
			checkRequestID(t, r)
			want := wireError{404, "UnknownOperationException", map[string]any{"message": "Unknown operation"}}
			if d := cmp.Diff(want, asWireError(t, r)); d != "" {
				t.Errorf("answer (-want +got):\n%s", d)
			}
		})
	})
}

func TestAliasVersionExclusivity(t *testing.T) {
	t.Parallel()
	// Sequence and answers from the AWS snapshot test_lambda_provisioned_lifecycle.
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		url := func(q string) string { return base + pcPathFor("my-function") + "?Qualifier=" + q }

		if r := do(t, c, "PUT", url("1"), putBody(1)); r.status != 202 {
			t.Fatalf("put on version: %d %s", r.status, r.body)
		}
		r := do(t, c, "PUT", url("BLUE"), putBody(1))
		want := wireError{409, "ResourceConflictException", map[string]any{"Type": "User", "message": msgAliasOnProvisionedVersion}}
		if d := cmp.Diff(want, asWireError(t, r)); d != "" {
			t.Errorf("put on alias (-want +got):\n%s", d)
		}
		if r := do(t, c, "DELETE", url("1"), ""); r.status != 204 {
			t.Fatalf("delete version config: %d", r.status)
		}
		if r := do(t, c, "PUT", url("BLUE"), putBody(1)); r.status != 202 {
			t.Fatalf("put on alias: %d %s", r.status, r.body)
		}
		r = do(t, c, "PUT", url("1"), putBody(1))
		want = wireError{409, "ResourceConflictException", map[string]any{"Type": "User", "message": msgVersionPointedByAlias}}
		if d := cmp.Diff(want, asWireError(t, r)); d != "" {
			t.Errorf("put on version (-want +got):\n%s", d)
		}
		// Version 2 is free (GREEN has no config).
		if r := do(t, c, "PUT", url("2"), putBody(1)); r.status != 202 {
			t.Errorf("put on version 2: %d %s", r.status, r.body)
		}
		// Deleting the alias removes its configuration.
		must(t, s.DeleteAlias("my-function", "BLUE"))
		r = do(t, c, "GET", url("BLUE"), "")
		if got := asWireError(t, r); got.Code != "ResourceNotFoundException" ||
			got.Body["Message"] != "Cannot find alias arn: "+arnPrefix+"my-function:BLUE" {
			t.Errorf("get after alias delete = %+v", got)
		}
	})
}

func TestAccountPool(t *testing.T) {
	t.Parallel()
	// Messages from the AWS snapshot test_provisioned_concurrency_limits.
	exceeds := func(n int) wireError {
		return wireError{400, "InvalidParameterValueException", map[string]any{"message": "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [" + itoa(n) + "]."}}
	}
	below := wireError{400, "InvalidParameterValueException", map[string]any{"message": "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."}}
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{AccountConcurrency: 1000, UnreservedMinimum: 100})
		c, base := m.dial(t, s)
		url := func(fn, q string) string { return base + pcPathFor(fn) + "?Qualifier=" + q }
		steps := []struct {
			fn, q string
			n     int
			want  *wireError
		}{
			{"my-function", "1", 1001, ptr(exceeds(1000))},
			{"my-function", "1", 1000, &below},
			{"my-function", "1", 901, &below},
			{"my-function", "1", 900, nil},
			{"my-function", "1", 900, nil}, // replacing does not count itself
			{"other-function", "1", 1, &below},
			// The limit quoted is the account's, whatever others hold.
			{"other-function", "1", 101, &below},
			{"other-function", "1", 1001, ptr(exceeds(1000))},
			{"my-function", "1", 850, nil},
			{"other-function", "1", 50, nil},
		}
		for i, st := range steps {
			r := do(t, c, "PUT", url(st.fn, st.q), putBody(st.n))
			if st.want == nil {
				if r.status != 202 {
					t.Errorf("step %d: %d %s, want 202", i, r.status, r.body)
				}
				continue
			}
			if d := cmp.Diff(*st.want, asWireError(t, r)); d != "" {
				t.Errorf("step %d (-want +got):\n%s", i, d)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestReservedConcurrencyWire checks the raw answers of the reserved
// concurrency and account settings operations: paths with their own API
// versions, bodies and status codes.
func TestReservedConcurrencyWire(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		put := do(t, c, http.MethodPut, base+"/2017-10-31/functions/my-function/concurrency", `{"ReservedConcurrentExecutions": 5}`)
		if put.status != http.StatusOK || string(put.body) != `{"ReservedConcurrentExecutions":5}` {
			t.Errorf("put = %d %s", put.status, put.body)
		}
		get := do(t, c, http.MethodGet, base+"/2019-09-30/functions/"+strings.ReplaceAll(arnPrefix, ":", "%3A")+"my-function/concurrency", "")
		if get.status != http.StatusOK || string(get.body) != `{"ReservedConcurrentExecutions":5}` {
			t.Errorf("get = %d %s", get.status, get.body)
		}
		settings := do(t, c, http.MethodGet, base+"/2016-08-19/account-settings/", "")
		want := `{"AccountLimit":{"TotalCodeSize":80530636800,"CodeSizeUnzipped":262144000,"CodeSizeZipped":52428800,"ConcurrentExecutions":1000,"UnreservedConcurrentExecutions":995},"AccountUsage":{"TotalCodeSize":0,"FunctionCount":2}}`
		if settings.status != http.StatusOK || string(settings.body) != want {
			t.Errorf("account settings = %d %s", settings.status, settings.body)
		}
		if del := do(t, c, http.MethodDelete, base+"/2017-10-31/functions/my-function/concurrency", ""); del.status != http.StatusNoContent || len(del.body) != 0 {
			t.Errorf("delete = %d %q", del.status, del.body)
		}
		if get := do(t, c, http.MethodGet, base+"/2019-09-30/functions/my-function/concurrency", ""); get.status != http.StatusOK || string(get.body) != `{}` {
			t.Errorf("get after delete = %d %s", get.status, get.body)
		}
		// Each operation lives under its own API version only.
		for _, r := range []struct{ method, path string }{
			{http.MethodGet, "/2017-10-31/functions/my-function/concurrency"},
			{http.MethodPut, "/2019-09-30/functions/my-function/concurrency"},
			{http.MethodPost, "/2016-08-19/account-settings"},
		} {
			if got := asWireError(t, do(t, c, r.method, base+r.path, `{"ReservedConcurrentExecutions": 1}`)); got.Code != "UnknownOperationException" {
				t.Errorf("%s %s = %+v", r.method, r.path, got)
			}
		}
		if got := asWireError(t, do(t, c, http.MethodPut, base+"/2017-10-31/functions/my-function/concurrency", `{}`)); got.Status != 400 ||
			got.Body["message"] != "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null" {
			t.Errorf("put without a count = %+v", got)
		}
	})
}
