package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReadyTransitionOnFakeClock(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, clk := seeded(t, Options{ReadyAfter: 2 * time.Minute})
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=GREEN"
		status := func() map[string]any {
			r := do(t, c, http.MethodGet, url, "")
			if r.status != 200 {
				t.Fatalf("get: %d %s", r.status, r.body)
			}
			return r.json(t)
		}
		if r := do(t, c, http.MethodPut, url, putBody(7)); r.status != 202 || r.json(t)["Status"] != "IN_PROGRESS" {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		clk.Advance(time.Minute)
		inProgress := map[string]any{
			"AllocatedProvisionedConcurrentExecutions": 0.0, "AvailableProvisionedConcurrentExecutions": 0.0,
			"LastModified": t0Wire, "RequestedProvisionedConcurrentExecutions": 7.0, "Status": "IN_PROGRESS",
		}
		if d := cmp.Diff(inProgress, status()); d != "" {
			t.Errorf("after 1m (-want +got):\n%s", d)
		}
		clk.Advance(time.Minute)
		ready := map[string]any{
			"AllocatedProvisionedConcurrentExecutions": 7.0, "AvailableProvisionedConcurrentExecutions": 7.0,
			"LastModified": t0Wire, "RequestedProvisionedConcurrentExecutions": 7.0, "Status": "READY",
		}
		if d := cmp.Diff(ready, status()); d != "" {
			t.Errorf("after 2m (-want +got):\n%s", d)
		}

		// A new request restarts the allocation; warm capacity stays reported,
		// capped at the new request.
		if r := do(t, c, http.MethodPut, url, putBody(3)); r.status != 202 {
			t.Fatalf("second put: %d", r.status)
		}
		got := status()
		if got["Status"] != "IN_PROGRESS" || got["AllocatedProvisionedConcurrentExecutions"] != 3.0 ||
			got["LastModified"] != "2024-05-01T10:02:00+0000" {
			t.Errorf("after second put: %v", got)
		}
		clk.Advance(2 * time.Minute)
		if got := status(); got["Status"] != "READY" || got["RequestedProvisionedConcurrentExecutions"] != 3.0 {
			t.Errorf("after second allocation: %v", got)
		}
	})
}

func TestPutWhileInProgressReplacesRequest(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{ReadyAfter: time.Minute})
	c := s.Client()
	url := "https://lambda.us-east-1.amazonaws.com" + pcPathFor("my-function") + "?Qualifier=1"
	do(t, c, http.MethodPut, url, putBody(5))
	clk.Advance(30 * time.Second)
	do(t, c, http.MethodPut, url, putBody(9))
	clk.Advance(45 * time.Second) // 75s after the first put, 45s after the second
	if got, _ := s.ProvisionedConfig("my-function", "1"); got.Status != StatusInProgress || got.Requested != 9 {
		t.Fatalf("config = %+v, want IN_PROGRESS with 9", got)
	}
	clk.Advance(15 * time.Second)
	want := Config{Function: "my-function", Qualifier: "1", Requested: 9, Allocated: 9, Available: 9,
		Status: StatusReady, LastModified: t0.Add(30 * time.Second)}
	got, ok := s.ProvisionedConfig("my-function", "1")
	if d := cmp.Diff(want, got); !ok || d != "" {
		t.Errorf("config (-want +got):\n%s", d)
	}
}

func TestFailedAllocation(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, clk := seeded(t, Options{})
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=BLUE"
		s.FailNextAllocation("my-function", "BLUE", "Function initialization failed")
		do(t, c, http.MethodPut, url, putBody(4))
		clk.Advance(DefaultReadyAfter)
		want := map[string]any{
			"AllocatedProvisionedConcurrentExecutions": 0.0, "AvailableProvisionedConcurrentExecutions": 0.0,
			"LastModified": t0Wire, "RequestedProvisionedConcurrentExecutions": 4.0,
			"Status": "FAILED", "StatusReason": "Function initialization failed",
		}
		if d := cmp.Diff(want, do(t, c, http.MethodGet, url, "").json(t)); d != "" {
			t.Errorf("get (-want +got):\n%s", d)
		}
		list := do(t, c, http.MethodGet, base+pcPathFor("my-function")+"?List=ALL", "").json(t)
		items := list["ProvisionedConcurrencyConfigs"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["StatusReason"] != "Function initialization failed" {
			t.Errorf("list = %v", list)
		}
		// The failure is consumed: the next allocation succeeds.
		do(t, c, http.MethodPut, url, putBody(4))
		clk.Advance(DefaultReadyAfter)
		if got := do(t, c, http.MethodGet, url, "").json(t); got["Status"] != "READY" || got["StatusReason"] != nil {
			t.Errorf("after retry: %v", got)
		}
	})
}

func TestAllocationHook(t *testing.T) {
	t.Parallel()
	var calls []string
	s, clk := seeded(t, Options{AllocationHook: func(fn, q string, n int) error {
		calls = append(calls, fmt.Sprintf("%s:%s:%d", fn, q, n))
		if n > 10 {
			return errors.New("not enough capacity")
		}
		return nil
	}})
	c := s.Client()
	base := "https://lambda.us-east-1.amazonaws.com" + pcPathFor("my-function")
	do(t, c, http.MethodPut, base+"?Qualifier=1", putBody(20))
	do(t, c, http.MethodPut, base+"?Qualifier=2", putBody(2))
	clk.Advance(DefaultReadyAfter)
	got1, _ := s.ProvisionedConfig("my-function", "1")
	got2, _ := s.ProvisionedConfig("my-function", "2")
	if got1.Status != StatusFailed || got1.StatusReason != "not enough capacity" || got2.Status != StatusReady {
		t.Errorf("configs = %+v, %+v", got1, got2)
	}
	if d := cmp.Diff([]string{"my-function:1:20", "my-function:2:2"}, calls); d != "" {
		t.Errorf("hook calls (-want +got):\n%s", d)
	}
}

// TestListNewestFirst replays the example of the boto3 reference for
// list_provisioned_concurrency_configs (seeds/003): BLUE configured at
// 20:28:49, GREEN at 20:29:00, and the list answers GREEN, then BLUE.
func TestListNewestFirst(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{ReadyAfter: -1})
	c := s.Client()
	base := "https://lambda.us-east-1.amazonaws.com" + pcPathFor("my-function")
	for _, q := range []string{"BLUE", "GREEN"} {
		if r := do(t, c, http.MethodPut, base+"?Qualifier="+q, putBody(100)); r.status != http.StatusAccepted {
			t.Fatalf("put %s: %d %s", q, r.status, r.body)
		}
		clk.Advance(11 * time.Second)
	}
	var got []string
	for _, it := range do(t, c, http.MethodGet, base+"?List=ALL", "").json(t)["ProvisionedConcurrencyConfigs"].([]any) {
		got = append(got, it.(map[string]any)["FunctionArn"].(string))
	}
	if d := cmp.Diff([]string{arnPrefix + "my-function:GREEN", arnPrefix + "my-function:BLUE"}, got); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		for range 4 {
			if _, err := s.PublishVersion("my-function"); err != nil {
				t.Fatal(err)
			}
		}
		c, base := m.dial(t, s)
		// Versions 3..7 and alias GREEN (version 2) get configurations, in
		// this order; they are listed newest first.
		order := []string{"5", "GREEN", "3", "7", "4", "6"}
		for i, q := range order {
			if r := do(t, c, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier="+q, putBody(i+1)); r.status != 202 {
				t.Fatalf("put %s: %d %s", q, r.status, r.body)
			}
		}
		var got []string
		var pages []int
		marker := ""
		for page := 0; ; page++ {
			if page > 10 {
				t.Fatal("pagination does not end")
			}
			url := base + pcPathFor("my-function") + "?List=ALL&MaxItems=4"
			if marker != "" {
				url += "&Marker=" + marker
			}
			r := do(t, c, http.MethodGet, url, "")
			if r.status != 200 {
				t.Fatalf("list: %d %s", r.status, r.body)
			}
			body := r.json(t)
			items := body["ProvisionedConcurrencyConfigs"].([]any)
			pages = append(pages, len(items))
			for _, it := range items {
				got = append(got, it.(map[string]any)["FunctionArn"].(string))
			}
			next, ok := body["NextMarker"].(string)
			if !ok {
				break
			}
			marker = next
			if page == 0 {
				// A configuration deleted between pages does not shift the next page.
				do(t, c, http.MethodDelete, base+pcPathFor("my-function")+"?Qualifier=6", "")
			}
		}
		var want []string
		for i := range order {
			want = append(want, arnPrefix+"my-function:"+order[len(order)-1-i])
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("listed ARNs (-want +got):\n%s", d)
		}
		if d := cmp.Diff([]int{4, 2}, pages); d != "" {
			t.Errorf("page sizes (-want +got):\n%s", d)
		}
		// Default page size is 50: everything left in one page.
		r := do(t, c, http.MethodGet, base+pcPathFor("my-function")+"?List=ALL", "").json(t)
		if n := len(r["ProvisionedConcurrencyConfigs"].([]any)); n != 5 || r["NextMarker"] != nil {
			t.Errorf("default list: %d items, NextMarker %v", n, r["NextMarker"])
		}
	})
}

func TestUpdateAliasReallocates(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{ReadyAfter: time.Minute})
	c := s.Client()
	url := "https://lambda.us-east-1.amazonaws.com" + pcPathFor("my-function") + "?Qualifier=BLUE"
	do(t, c, http.MethodPut, url, putBody(2))
	clk.Advance(time.Minute)
	if got, _ := s.ProvisionedConfig("my-function", "BLUE"); got.Status != StatusReady {
		t.Fatalf("before move: %+v", got)
	}
	clk.Advance(time.Second)
	must(t, s.UpdateAlias("my-function", "BLUE", "3"))
	// AWS keeps the counts while the new version is provisioned; only the
	// status goes back to IN_PROGRESS. The Put's LastModified stays.
	want := Config{
		Function: "my-function", Qualifier: "BLUE", Requested: 2, Allocated: 2, Available: 2,
		Status: StatusInProgress, LastModified: t0,
	}
	got, _ := s.ProvisionedConfig("my-function", "BLUE")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("after move (-want +got):\n%s", d)
	}
	// The configuration stays the alias's: version 3 has none of its own.
	if c, ok := s.ProvisionedConfig("my-function", "3"); ok {
		t.Errorf("version 3 got a configuration: %+v", c)
	}
	clk.Advance(time.Minute - time.Nanosecond)
	if got, _ := s.ProvisionedConfig("my-function", "BLUE"); got.Status != StatusInProgress {
		t.Errorf("before the new version is provisioned: %+v", got)
	}
	clk.Advance(time.Nanosecond)
	clk.Advance(time.Minute)
	if got, _ := s.ProvisionedConfig("my-function", "BLUE"); got.Status != StatusReady || got.Available != 2 {
		t.Errorf("after reallocation: %+v", got)
	}
	// The alias now points to 3: version 1 is free, version 3 is not.
	if r := do(t, c, http.MethodPut, "https://x"+pcPathFor("my-function")+"?Qualifier=1", putBody(1)); r.status != 202 {
		t.Errorf("put on version 1: %d %s", r.status, r.body)
	}
	if r := do(t, c, http.MethodPut, "https://x"+pcPathFor("my-function")+"?Qualifier=3", putBody(1)); r.status != 409 {
		t.Errorf("put on version 3: %d %s", r.status, r.body)
	}
	if err := s.UpdateAlias("my-function", "BLUE", "1"); !errors.Is(err, ErrConflict) {
		t.Errorf("moving onto a provisioned version: %v, want ErrConflict", err)
	}
}

func TestSeedingErrors(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	must(t, s.CreateFunction("fn"))
	v, err := s.PublishVersion("fn")
	if err != nil || v != "1" {
		t.Fatalf("PublishVersion = %q, %v", v, err)
	}
	if v, _ := s.PublishVersion("fn"); v != "2" {
		t.Errorf("second version = %q, want 2", v)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"invalid function name", s.CreateFunction("bad name"), ErrInvalidName},
		{"function name too long", s.CreateFunction(string(make([]byte, 65))), ErrInvalidName},
		{"duplicate function", s.CreateFunction("fn"), ErrAlreadyExists},
		{"publish unknown", func() error { _, err := s.PublishVersion("nope"); return err }(), ErrNotFound},
		{"numeric alias", s.CreateAlias("fn", "123", "1"), ErrInvalidName},
		{"alias on unknown version", s.CreateAlias("fn", "live", "9"), ErrNotFound},
		{"alias on unknown function", s.CreateAlias("nope", "live", "1"), ErrNotFound},
		{"alias ok", s.CreateAlias("fn", "live", "1"), nil},
		{"duplicate alias", s.CreateAlias("fn", "live", "2"), ErrAlreadyExists},
		{"update unknown alias", s.UpdateAlias("fn", "dead", "1"), ErrNotFound},
		{"delete unknown alias", s.DeleteAlias("fn", "dead"), ErrNotFound},
		{"delete unknown function", s.DeleteFunction("nope"), ErrNotFound},
	}
	for _, tc := range tests {
		if !errors.Is(tc.err, tc.want) || (tc.want == nil) != (tc.err == nil) {
			t.Errorf("%s: error %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	must(t, s.DeleteFunction("fn"))
	if _, ok := s.ProvisionedConfig("fn", "1"); ok {
		t.Error("config of a deleted function")
	}
}
