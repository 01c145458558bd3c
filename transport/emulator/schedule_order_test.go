package emulator

import (
	"net/http"
	"testing"
	"time"
)

// TestScheduledActionBeforeLaterRequests: a scheduled action that came due
// while nothing read the state is applied before the next request acts,
// whatever that request is. On the service the action ran at its time, so
// a Delete, a reservation or the account's settings afterwards see its
// effect; the emulator runs actions lazily and must not let a later request
// slip in before them.
func TestScheduledActionBeforeLaterRequests(t *testing.T) {
	t.Parallel()
	const base = "https://lambda.us-east-1.amazonaws.com"
	// setup: BLUE holds 2, and an action at 10:30 UTC raises its minimum to
	// 8; the clock is then moved to 11:00 with no request in between.
	setup := func(t *testing.T) (*Server, *http.Client) {
		s, clk := seeded(t, Options{ReadyAfter: -1})
		c := s.Client()
		if r := aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":100}`); r.status != 200 {
			t.Fatalf("register: %d %s", r.status, r.body)
		}
		if r := do(t, c, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=BLUE", putBody(2)); r.status != http.StatusAccepted {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if r := aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"raise","Schedule":"at(2024-05-01T10:30:00)","ScalableTargetAction":{"MinCapacity":8}}`); r.status != 200 {
			t.Fatalf("scheduled action: %d %s", r.status, r.body)
		}
		clk.Advance(time.Hour)
		return s, c
	}

	t.Run("delete", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		url := base + pcPathFor("my-function") + "?Qualifier=BLUE"
		if r := do(t, c, http.MethodDelete, url, ""); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		// The action ran at 10:30, before the Delete at 11:00: nothing
		// brings the configuration back.
		if r := do(t, c, http.MethodGet, url, ""); r.status != http.StatusNotFound {
			t.Errorf("get after delete: %d %s, want 404", r.status, r.body)
		}
		if cfg, ok := s.ProvisionedConfig("my-function", "BLUE"); ok {
			t.Errorf("configuration back after delete: %+v", cfg)
		}
	})

	t.Run("account settings", func(t *testing.T) {
		t.Parallel()
		_, c := setup(t)
		got := do(t, c, http.MethodGet, base+"/2016-08-19/account-settings/", "").json(t)
		limit, _ := got["AccountLimit"].(map[string]any)
		if u := limit["UnreservedConcurrentExecutions"]; u != float64(DefaultAccountConcurrency-8) {
			t.Errorf("UnreservedConcurrentExecutions = %v, want %d (the 8 the action set)", u, DefaultAccountConcurrency-8)
		}
	})

	t.Run("reservation", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		// BLUE holds 8 since 10:30: reserving 5 for the function is below it.
		r := do(t, c, http.MethodPut, base+"/2017-10-31/functions/my-function/concurrency", `{"ReservedConcurrentExecutions":5}`)
		if r.status != http.StatusBadRequest {
			t.Errorf("reserve 5 under 8 provisioned: %d %s, want 400", r.status, r.body)
		}
		if cfg, _ := s.ProvisionedConfig("my-function", "BLUE"); cfg.Requested != 8 {
			t.Errorf("BLUE requests %d, want the 8 the action set", cfg.Requested)
		}
	})
}
