package emulator

import (
	"testing"
	"time"
)

// TestSCFTriggerBeforeLaterRequests: a TriggerAction that came due while
// nothing read the state is applied before a later Put or Delete decides
// anything. On the service it ran at its time: the version is allocating
// the new amount (Delete is refused with FailedOperation.ProvisionedInProgress,
// which the seed lists), and the amount counts against the function's quota
// for its other versions.
func TestSCFTriggerBeforeLaterRequests(t *testing.T) {
	t.Parallel()
	// setup: version 1 holds 5 (Done) with an action at 18:30 UTC+8
	// (10:30 UTC, half an hour after t0) that sets 800 of the 900 the
	// function may provision; no request comes between the Put and `at`.
	setup := func(t *testing.T, at time.Duration) (*Server, func(action string, params obj) reply) {
		s, clk := scfSeeded(t, Options{ReadyAfter: time.Minute})
		c, url := scfModes[0].dial(t, s)
		call := func(action string, params obj) reply { return scfCall(t, c, url, action, params) }
		scfResponse(t, call(scfActionPut, obj{
			"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 5,
			"TriggerActions": list{obj{"TriggerName": "peak", "TriggerProvisionedConcurrencyNum": 800, "TriggerCronConfig": "0 30 18 * * * *"}},
		}))
		clk.Advance(at)
		return s, call
	}

	t.Run("delete while the action allocates", func(t *testing.T) {
		t.Parallel()
		s, call := setup(t, 30*time.Minute+30*time.Second)
		want := scfErr{"FailedOperation.ProvisionedInProgress", "The function version already has a provisioned concurrency setting task in progress. Please try again later."}
		if got := scfErrorOf(t, call(scfActionDelete, obj{"FunctionName": "my-function", "Qualifier": "1"})); got != want {
			t.Errorf("delete: %+v, want %+v", got, want)
		}
		if _, ok := s.SCFProvisionedConfig("", "my-function", "1"); !ok {
			t.Error("the configuration is gone")
		}
	})

	t.Run("put on another version", func(t *testing.T) {
		t.Parallel()
		_, call := setup(t, 32*time.Minute)
		want := scfErr{"LimitExceeded.FunctionTotalProvisionedConcurrencyNum", "The total amount of provisioned concurrency of the function has exceeded the limit."}
		if got := scfErrorOf(t, call(scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 200})); got != want {
			t.Errorf("put 200 beside 800 under 900: %+v, want %+v", got, want)
		}
	})
}
