package emulator

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Shorthands for JSON bodies.
type obj = map[string]any
type list = []any

// versionInfo is a VersionProvisionedConcurrencyInfo as decoded from JSON.
func versionInfo(q string, allocated, available int, status, reason string, triggers list) obj {
	if triggers == nil {
		triggers = list{}
	}
	return obj{
		"AllocatedProvisionedConcurrencyNum": float64(allocated),
		"AvailableProvisionedConcurrencyNum": float64(available),
		"Status":                             status,
		"StatusReason":                       reason,
		"Qualifier":                          q,
		"TriggerActions":                     triggers,
	}
}

func getAnswer(unallocated int, items ...obj) obj {
	allocated := list{}
	for _, it := range items {
		allocated = append(allocated, it)
	}
	return obj{"UnallocatedConcurrencyNum": float64(unallocated), "Allocated": allocated}
}

func TestSCFLifecycle(t *testing.T) {
	t.Parallel()
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		s, clk := scfSeeded(t, Options{ReadyAfter: 10 * time.Second})
		c, url := m.dial(t, s)

		put := scfCall(t, c, url, scfActionPut, obj{
			"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 10, "Namespace": "default",
		})
		if d := cmp.Diff(obj{}, scfResponse(t, put)); d != "" {
			t.Errorf("Put answer carries more than RequestId (-want +got):\n%s", d)
		}
		// The raw bytes: RequestId is the only key of Response.
		if !strings.HasPrefix(string(put.body), `{"Response":{"RequestId":"`) {
			t.Errorf("Put body = %s", put.body)
		}

		get := scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Qualifier": "1"})
		want := getAnswer(890, versionInfo("1", 10, 0, "InProgress", "", nil))
		if d := cmp.Diff(want, scfResponse(t, get)); d != "" {
			t.Errorf("Get while allocating (-want +got):\n%s", d)
		}

		clk.Advance(10 * time.Second)
		get = scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Qualifier": "1"})
		want = getAnswer(890, versionInfo("1", 10, 10, "Done", "", nil))
		if d := cmp.Diff(want, scfResponse(t, get)); d != "" {
			t.Errorf("Get once ready (-want +got):\n%s", d)
		}

		// Version 3 then version 2: Get without Qualifier lists by number.
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "3", "VersionProvisionedConcurrencyNum": 5}))
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 7}))
		all := scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function"})
		want = getAnswer(878,
			versionInfo("1", 10, 10, "Done", "", nil),
			versionInfo("2", 7, 0, "InProgress", "", nil),
			versionInfo("3", 5, 0, "InProgress", "", nil))
		if d := cmp.Diff(want, scfResponse(t, all)); d != "" {
			t.Errorf("Get of every version (-want +got):\n%s", d)
		}

		// A version without a configuration answers an empty list.
		clk.Advance(10 * time.Second)
		del := scfCall(t, c, url, scfActionDelete, obj{"FunctionName": "my-function", "Qualifier": "1", "Namespace": "default"})
		if d := cmp.Diff(obj{}, scfResponse(t, del)); d != "" {
			t.Errorf("Delete answer (-want +got):\n%s", d)
		}
		get = scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Qualifier": "1"})
		if d := cmp.Diff(getAnswer(888), scfResponse(t, get)); d != "" {
			t.Errorf("Get after Delete (-want +got):\n%s", d)
		}
		// Deleting it again is not an error.
		scfResponse(t, scfCall(t, c, url, scfActionDelete, obj{"FunctionName": "my-function", "Qualifier": "1"}))
		if _, ok := s.SCFProvisionedConfig("", "my-function", "1"); ok {
			t.Error("the configuration survived Delete")
		}
		cfg, ok := s.SCFProvisionedConfig("default", "my-function", "2")
		if !ok || cfg.Status != SCFStatusDone || cfg.Allocated != 7 || cfg.Available != 7 || !cfg.LastModified.Equal(t0.Add(10*time.Second)) {
			t.Errorf("SCFProvisionedConfig = %+v, %v", cfg, ok)
		}
	})
}

func TestSCFPutRefusedWhileInProgress(t *testing.T) {
	t.Parallel()
	s, clk := scfSeeded(t, Options{ReadyAfter: time.Minute})
	c, url := scfModes[1].dial(t, s)
	params := obj{"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 3}
	scfResponse(t, scfCall(t, c, url, scfActionPut, params))

	inProgress := scfErr{"FailedOperation.ProvisionedInProgress",
		"The function version already has a provisioned concurrency setting task in progress. Please try again later."}
	params["VersionProvisionedConcurrencyNum"] = 4
	if got := scfErrorOf(t, scfCall(t, c, url, scfActionPut, params)); got != inProgress {
		t.Errorf("second Put = %+v", got)
	}
	if got := scfErrorOf(t, scfCall(t, c, url, scfActionDelete, obj{"FunctionName": "my-function", "Qualifier": "2"})); got != inProgress {
		t.Errorf("Delete while allocating = %+v", got)
	}
	// Other versions are not blocked.
	scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "3", "VersionProvisionedConcurrencyNum": 1}))

	clk.Advance(time.Minute)
	scfResponse(t, scfCall(t, c, url, scfActionPut, params))
	cfg, _ := s.SCFProvisionedConfig("", "my-function", "2")
	if cfg.Status != SCFStatusInProgress || cfg.Allocated != 4 || cfg.Available != 3 {
		t.Errorf("after the new Put: %+v (want InProgress, 4 set, the 3 warm ones still available)", cfg)
	}
}

func TestSCFFailedAllocations(t *testing.T) {
	t.Parallel()
	t.Run("FailNextSCFAllocation", func(t *testing.T) {
		t.Parallel()
		s, clk := scfSeeded(t, Options{})
		c, url := scfModes[1].dial(t, s)
		s.FailNextSCFAllocation("", "my-function", "1", "function initialization failed: Init timeout")
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 10}))
		clk.Advance(DefaultReadyAfter)
		got := scfResponse(t, scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Qualifier": "1"}))
		want := getAnswer(890, versionInfo("1", 10, 0, "Failed", "function initialization failed: Init timeout", nil))
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
		// Only the next allocation fails.
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 10}))
		clk.Advance(DefaultReadyAfter)
		if cfg, _ := s.SCFProvisionedConfig("", "my-function", "1"); cfg.Status != SCFStatusDone || cfg.StatusReason != "" {
			t.Errorf("second allocation: %+v", cfg)
		}
	})
	t.Run("SCFOptions.AllocationHook", func(t *testing.T) {
		t.Parallel()
		var calls []string
		s, clk := scfSeeded(t, Options{SCF: SCFOptions{AllocationHook: func(ns, fn, q string, n int) error {
			calls = append(calls, ns+"/"+fn+":"+q)
			if ns == "team" {
				return errors.New("no capacity in team")
			}
			return nil
		}}})
		c, url := scfModes[1].dial(t, s)
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "team-function", "Namespace": "team", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 1}))
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 1}))
		clk.Advance(DefaultReadyAfter)
		team, _ := s.SCFProvisionedConfig("team", "team-function", "1")
		mine, _ := s.SCFProvisionedConfig("", "my-function", "1")
		if team.Status != SCFStatusFailed || team.StatusReason != "no capacity in team" || mine.Status != SCFStatusDone {
			t.Errorf("team %+v, mine %+v", team, mine)
		}
		if d := cmp.Diff([]string{"team/team-function:1", "default/my-function:1"}, calls); d != "" {
			t.Errorf("hook calls (-want +got):\n%s", d)
		}
	})
	t.Run("Options.AllocationHook", func(t *testing.T) {
		t.Parallel()
		s, clk := scfSeeded(t, Options{AllocationHook: func(fn, q string, n int) error {
			if fn == "my-function" && q == "2" && n == 4 {
				return errors.New("FUNCTION_ERROR_INIT_FAILURE")
			}
			return nil
		}})
		c, url := scfModes[1].dial(t, s)
		scfResponse(t, scfCall(t, c, url, scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 4}))
		clk.Advance(DefaultReadyAfter)
		if cfg, _ := s.SCFProvisionedConfig("", "my-function", "2"); cfg.Status != SCFStatusFailed || cfg.StatusReason != "FUNCTION_ERROR_INIT_FAILURE" {
			t.Errorf("%+v", cfg)
		}
	})
}

func TestSCFTriggerActionsAndTracking(t *testing.T) {
	t.Parallel()
	s, clk := scfSeeded(t, Options{})
	c, url := scfModes[0].dial(t, s)
	scfResponse(t, scfCall(t, c, url, scfActionPut, obj{
		"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 2,
		"ProvisionedType": "Default",
		"TriggerActions": list{
			obj{"TriggerName": "morning-peak", "TriggerProvisionedConcurrencyNum": 20, "TriggerCronConfig": "0 30 8 * * * *", "ProvisionedType": "Default"},
			obj{"TriggerName": "night", "TriggerProvisionedConcurrencyNum": 2, "TriggerCronConfig": "0 0 23 * * * *"},
		},
	}))
	scfResponse(t, scfCall(t, c, url, scfActionPut, obj{
		"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 0,
		"ProvisionedType": "ConcurrencyUtilizationTracking", "TrackingTarget": 0.75, "MinCapacity": 3, "MaxCapacity": 50,
	}))
	clk.Advance(DefaultReadyAfter)
	got := scfResponse(t, scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Namespace": "default"}))
	want := getAnswer(895,
		versionInfo("1", 2, 2, "Done", "", list{
			obj{"TriggerName": "morning-peak", "TriggerProvisionedConcurrencyNum": float64(20), "TriggerCronConfig": "0 30 8 * * * *", "ProvisionedType": "Default"},
			obj{"TriggerName": "night", "TriggerProvisionedConcurrencyNum": float64(2), "TriggerCronConfig": "0 0 23 * * * *", "ProvisionedType": "Default"}, // echoed though not sent
		}),
		versionInfo("2", 3, 3, "Done", "", nil))
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	cfg, _ := s.SCFProvisionedConfig("", "my-function", "2")
	if cfg.ProvisionedType != SCFProvisionedTypeUtilizationTracking || cfg.TrackingTarget != 0.75 || cfg.MinCapacity != 3 || cfg.MaxCapacity != 50 {
		t.Errorf("tracking config: %+v", cfg)
	}
}

func TestSCFErrorAnswers(t *testing.T) {
	t.Parallel()
	put := func(extra obj) obj {
		p := obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 5}
		for k, v := range extra {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		return p
	}
	tracking := func(extra obj) obj {
		p := put(obj{"VersionProvisionedConcurrencyNum": 0, "ProvisionedType": "ConcurrencyUtilizationTracking",
			"TrackingTarget": 0.5, "MinCapacity": 1, "MaxCapacity": 10})
		for k, v := range extra {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		return p
	}
	trigger := func(name string, n int, cron string) obj {
		return obj{"TriggerName": name, "TriggerProvisionedConcurrencyNum": n, "TriggerCronConfig": cron}
	}
	var (
		qualifier     = scfErr{"InvalidParameterValue.Qualifier", "Unsupported function version."}
		fnNotFound    = scfErr{"ResourceNotFound.Function", "The function does not exist."}
		verNotFound   = scfErr{"ResourceNotFound.FunctionVersion", "The function version does not exist."}
		nsNotFound    = scfErr{"ResourceNotFound.Namespace", "Namespace does not exist."}
		invalidValue  = scfErr{"InvalidParameterValue", "Incorrect parameter value."}
		minCapacity   = scfErr{"InvalidParameterValue.MinCapacity", "MinCapacity parameter input error."}
		trackingError = scfErr{"InvalidParameterValue.TrackingTarget", "TrackingTarget parameter error"}
	)
	missing := func(p string) scfErr {
		return scfErr{"MissingParameter", "The request is missing a required parameter `" + p + "`."}
	}
	cases := []struct {
		name    string
		action  string
		headers map[string]string
		params  any
		want    scfErr
	}{
		// Request level.
		{"empty action", "", nil, obj{}, missing("Action")},
		{"no version", scfActionGet, map[string]string{"X-TC-Version": ""}, obj{}, missing("Version")},
		{"other version", scfActionGet, map[string]string{"X-TC-Version": "2019-01-01"}, obj{},
			scfErr{"NoSuchVersion", "The specified api version=`2019-01-01` does not exist in service=`scf`."}},
		{"other action", "ListFunctions", nil, obj{}, scfErr{"InvalidAction", "The request `Action` is invalid or not found."}},
		{"body not JSON", scfActionGet, nil, "{", scfErr{"InvalidParameter", "The request body is not a valid JSON object."}},
		{"body an array", scfActionGet, nil, "[]", scfErr{"InvalidParameter", "The request body is not a valid JSON object."}},
		{"unknown parameter", scfActionGet, nil, obj{"FunctionName": "my-function", "Qualfier": "1"},
			scfErr{"UnknownParameter", "The parameter `Qualfier` is not recognized."}},
		{"unknown trigger field", scfActionPut, nil, put(obj{"TriggerActions": list{obj{"TriggerName": "a", "Cron": "x"}}}),
			scfErr{"UnknownParameter", "The parameter `TriggerActions.0.Cron` is not recognized."}},
		{"string count", scfActionPut, nil, put(obj{"VersionProvisionedConcurrencyNum": "5"}),
			scfErr{"InvalidParameter", "Parameter `VersionProvisionedConcurrencyNum` type error."}},
		{"negative count", scfActionPut, nil, put(obj{"VersionProvisionedConcurrencyNum": -1}),
			scfErr{"InvalidParameter", "Parameter `VersionProvisionedConcurrencyNum` type error."}},
		{"numeric name", scfActionGet, nil, obj{"FunctionName": 5}, scfErr{"InvalidParameter", "Parameter `FunctionName` type error."}},
		{"string target", scfActionPut, nil, tracking(obj{"TrackingTarget": "0.5"}), scfErr{"InvalidParameter", "Parameter `TrackingTarget` type error."}},

		// Missing parameters.
		{"Get without name", scfActionGet, nil, obj{"Qualifier": "1"}, missing("FunctionName")},
		{"Get with empty name", scfActionGet, nil, obj{"FunctionName": ""}, missing("FunctionName")},
		{"Put without qualifier", scfActionPut, nil, put(obj{"Qualifier": nil}), missing("Qualifier")},
		{"Put without count", scfActionPut, nil, put(obj{"VersionProvisionedConcurrencyNum": nil}), missing("VersionProvisionedConcurrencyNum")},
		{"Put with null count", scfActionPut, nil, `{"FunctionName":"my-function","Qualifier":"1","VersionProvisionedConcurrencyNum":null}`, missing("VersionProvisionedConcurrencyNum")},
		{"Delete without qualifier", scfActionDelete, nil, obj{"FunctionName": "my-function"}, missing("Qualifier")},

		// Qualifiers.
		{"Put $LATEST", scfActionPut, nil, put(obj{"Qualifier": "$LATEST"}), qualifier},
		{"Get $LATEST", scfActionGet, nil, obj{"FunctionName": "my-function", "Qualifier": "$LATEST"}, qualifier},
		{"Delete $LATEST", scfActionDelete, nil, obj{"FunctionName": "my-function", "Qualifier": "$LATEST"}, qualifier},
		{"Put alias", scfActionPut, nil, put(obj{"Qualifier": "live"}), qualifier},
		{"Put version 0", scfActionPut, nil, put(obj{"Qualifier": "0"}), qualifier},

		// Resources.
		{"unknown namespace", scfActionGet, nil, obj{"FunctionName": "my-function", "Namespace": "nope"}, nsNotFound},
		{"Put unknown namespace", scfActionPut, nil, put(obj{"Namespace": "nope"}), nsNotFound},
		{"function of another namespace", scfActionGet, nil, obj{"FunctionName": "team-function"}, fnNotFound},
		{"empty namespace", scfActionDelete, nil, obj{"FunctionName": "my-function", "Namespace": "empty", "Qualifier": "1"}, fnNotFound},
		{"unknown function", scfActionPut, nil, put(obj{"FunctionName": "nope"}), fnNotFound},
		{"Put unknown version", scfActionPut, nil, put(obj{"Qualifier": "9"}), verNotFound},
		{"Get unknown version", scfActionGet, nil, obj{"FunctionName": "my-function", "Qualifier": "9"}, verNotFound},
		{"Delete unknown version", scfActionDelete, nil, obj{"FunctionName": "my-function", "Qualifier": "9"}, verNotFound},

		// Values.
		{"static count 0", scfActionPut, nil, put(obj{"VersionProvisionedConcurrencyNum": 0}), invalidValue},
		{"unknown type", scfActionPut, nil, put(obj{"ProvisionedType": "Dynamic"}),
			scfErr{"InvalidParameterValue.ProvisionType", "ProvisionType input parameter error"}},
		{"tracking with count", scfActionPut, nil, tracking(obj{"VersionProvisionedConcurrencyNum": 3}), invalidValue},
		{"tracking without target", scfActionPut, nil, tracking(obj{"TrackingTarget": nil}), missing("TrackingTarget")},
		{"tracking without max", scfActionPut, nil, tracking(obj{"MaxCapacity": nil}), missing("MaxCapacity")},
		{"target 1", scfActionPut, nil, tracking(obj{"TrackingTarget": 1}), trackingError},
		{"target 0", scfActionPut, nil, tracking(obj{"TrackingTarget": 0}), trackingError},
		{"target three decimals", scfActionPut, nil, tracking(obj{"TrackingTarget": 0.123}), trackingError},
		{"min 0", scfActionPut, nil, tracking(obj{"MinCapacity": 0}), minCapacity},
		{"max over quota", scfActionPut, nil, tracking(obj{"MaxCapacity": 901}),
			scfErr{"LimitExceeded.MaxCapacity", "Reached the upper limit of dynamic scaling."}},

		// Trigger actions.
		{"trigger without cron", scfActionPut, nil, put(obj{"TriggerActions": list{obj{"TriggerName": "a", "TriggerProvisionedConcurrencyNum": 1}}}),
			missing("TriggerActions.0.TriggerCronConfig")},
		{"blank trigger name", scfActionPut, nil, put(obj{"TriggerActions": list{trigger(" ", 1, "0 0 8 * * * *")}}),
			scfErr{"InvalidParameterValue.ProvisionTriggerName", "TriggerName input parameter error"}},
		{"duplicate trigger name", scfActionPut, nil, put(obj{"TriggerActions": list{trigger("a", 1, "0 0 8 * * * *"), trigger("a", 2, "0 0 9 * * * *")}}),
			scfErr{"InvalidParameterValue.ProvisionTriggerNameDuplicate", "TriggerName already exists"}},
		{"duplicate cron", scfActionPut, nil, put(obj{"TriggerActions": list{trigger("a", 1, "0 0 8 * * * *"), trigger("b", 2, "0  0 8 * * * *")}}),
			scfErr{"InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", "Cron expression of the scheduled action already exists"}},
		{"six-field cron", scfActionPut, nil, put(obj{"TriggerActions": list{trigger("a", 1, "0 0 8 * * *")}}),
			scfErr{"InvalidParameterValue.TriggerCronConfig", "TriggerCronConfig input parameter error"}},
		{"trigger amount 0", scfActionPut, nil, put(obj{"TriggerActions": list{trigger("a", 0, "0 0 8 * * * *")}}),
			scfErr{"InvalidParameterValue.TriggerProvisionedConcurrencyNum", "TriggerProvisionedConcurrencyNum input parameter error"}},
		{"trigger type", scfActionPut, nil, put(obj{"TriggerActions": list{obj{"TriggerName": "a", "TriggerProvisionedConcurrencyNum": 1, "TriggerCronConfig": "0 0 8 * * * *", "ProvisionedType": "ConcurrencyUtilizationTracking"}}}),
			scfErr{"InvalidParameterValue.ProvisionType", "ProvisionType input parameter error"}},
		{"trigger amount over quota", scfActionPut, nil, put(obj{"TriggerActions": list{trigger("a", 901, "0 0 8 * * * *")}}),
			scfErr{"LimitExceeded.ProvisionTriggerAction", "The number of provisioned concurrency specified for the scheduled action is too large."}},

		// The function's pool: 1000 - 100.
		{"over the function quota", scfActionPut, nil, put(obj{"VersionProvisionedConcurrencyNum": 901}),
			scfErr{"LimitExceeded.FunctionTotalProvisionedConcurrencyNum", "The total amount of provisioned concurrency of the function has exceeded the limit."}},
	}
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		s, _ := scfSeeded(t, Options{})
		c, url := m.dial(t, s)
		for _, tc := range cases {
			req := scfRequest(t, url, tc.action, tc.params)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			if got := scfErrorOf(t, send(t, c, req)); got != tc.want {
				t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			}
		}
		// Nothing was stored by any of them.
		got := scfResponse(t, scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function"}))
		if d := cmp.Diff(getAnswer(900), got); d != "" {
			t.Errorf("state after the refused requests (-want +got):\n%s", d)
		}
	})
}

func TestSCFFunctionPool(t *testing.T) {
	t.Parallel()
	s, clk := scfSeeded(t, Options{SCF: SCFOptions{FunctionConcurrencyQuota: 150, AccountProvisionedQuota: 60}})
	c, url := scfModes[1].dial(t, s)
	p := func(fn, ns, q string, n int) reply {
		return scfCall(t, c, url, scfActionPut, obj{"FunctionName": fn, "Namespace": ns, "Qualifier": q, "VersionProvisionedConcurrencyNum": n})
	}
	// Function limit 150 - 100 = 50 over versions 1..3.
	scfResponse(t, p("my-function", "", "1", 30))
	scfResponse(t, p("my-function", "", "2", 20))
	if got := scfErrorOf(t, p("my-function", "", "3", 1)); got.Code != "LimitExceeded.FunctionTotalProvisionedConcurrencyNum" {
		t.Errorf("over the function limit: %+v", got)
	}
	// Replacing a version's own amount counts only the others (once its
	// first allocation is done: SCF refuses a Put while one runs).
	clk.Advance(DefaultReadyAfter)
	scfResponse(t, p("my-function", "", "2", 10))
	got := scfResponse(t, scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function", "Qualifier": "3"}))
	if d := cmp.Diff(getAnswer(10), got); d != "" {
		t.Errorf("Unallocated after the replacement (-want +got):\n%s", d)
	}
	// The account cap (60) counts every namespace: 40 used, 20 left.
	if e := scfErrorOf(t, p("team-function", "team", "1", 21)); e != (scfErr{"FailedOperation.ProvisionedExceedAvailable", "Running out of available provisioned concurrency quota"}) {
		t.Errorf("over the account cap: %+v", e)
	}
	scfResponse(t, p("team-function", "team", "1", 20))
}

func TestSCFThrottlingAndFaults(t *testing.T) {
	t.Parallel()
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		s, clk := scfSeeded(t, Options{Faults: Faults{RatePerSecond: 2, Burst: 2}})
		c, url := m.dial(t, s)
		get := obj{"FunctionName": "my-function", "Qualifier": "1"}
		scfResponse(t, scfCall(t, c, url, scfActionGet, get))
		scfResponse(t, scfCall(t, c, url, scfActionGet, get))
		throttled := scfErr{"RequestLimitExceeded",
			"Your current request times equals to `3` in a second, which exceeds the frequency limit `2` for a second. Please reduce the frequency of calls."}
		if got := scfErrorOf(t, scfCall(t, c, url, scfActionGet, get)); got != throttled {
			t.Errorf("throttled: %+v", got)
		}
		clk.Advance(500 * time.Millisecond)
		if _, ok := scfResponse(t, scfCall(t, c, url, scfActionGet, get))["Error"]; ok {
			t.Error("still throttled after a token came back")
		}

		s.SetFaults(Faults{})
		s.InjectFaults(FaultThrottle, FaultServiceError, FaultUnavailable)
		if got := scfErrorOf(t, scfCall(t, c, url, scfActionGet, get)); got.Code != "RequestLimitExceeded" ||
			!strings.Contains(got.Message, "exceeds the frequency limit `20` for a second") {
			t.Errorf("scripted throttle: %+v", got)
		}
		if got := scfErrorOf(t, scfCall(t, c, url, scfActionGet, get)); got != (scfErr{"InternalError", "Internal error."}) {
			t.Errorf("scripted service error: %+v", got)
		}
		r := scfCall(t, c, url, scfActionGet, get)
		if r.status != http.StatusServiceUnavailable || r.header.Get("Content-Type") != "text/html" || !strings.Contains(string(r.body), "503") {
			t.Errorf("scripted unavailable: %d %q %s", r.status, r.header.Get("Content-Type"), r.body)
		}
	})
}

func TestSCFTransportFaults(t *testing.T) {
	t.Parallel()
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		s, _ := scfSeeded(t, Options{})
		c, url := m.dial(t, s)
		put := obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 2}
		s.InjectFaults(FaultTruncate, FaultReset)

		resp, err := c.Do(scfRequest(t, url, scfActionPut, put))
		if err != nil {
			t.Fatal(err)
		}
		_, err = readAllErr(resp)
		if !errors.Is(err, errUnexpectedEOF) {
			t.Errorf("truncated answer: err = %v", err)
		}
		// The truncated Put ran.
		if _, ok := s.SCFProvisionedConfig("", "my-function", "1"); !ok {
			t.Error("the truncated Put did not run")
		}
		if _, err := c.Do(scfRequest(t, url, scfActionGet, obj{"FunctionName": "my-function"})); err == nil {
			t.Error("reset: no error")
		}
	})
}

func TestSCFRoutingBesideLambda(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{})
	must(t, s.CreateFunction("my-function"))
	v, err := s.PublishVersion("my-function")
	must(t, err)
	srv, base := modes[0].dial(t, s)

	// Lambda still answers its own paths on the same listener.
	r := do(t, srv, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier="+v, putBody(3))
	if r.status != http.StatusAccepted {
		t.Fatalf("Lambda Put: %d %s", r.status, r.body)
	}
	// An SCF POST under a base path is SCF.
	got := scfResponse(t, scfCall(t, srv, base+"/scf/base", scfActionGet, obj{"FunctionName": "my-function"}))
	if d := cmp.Diff(getAnswer(900), got); d != "" {
		t.Errorf("SCF under a base path (-want +got):\n%s", d)
	}
	// The two clouds' functions are separate: the Lambda config is not SCF's.
	if _, ok := s.SCFProvisionedConfig("", "my-function", "1"); ok {
		t.Error("the Lambda config shows up on the SCF side")
	}
	// A GET with X-TC-Action is an SCF request too (API 3.0 documents GET),
	// its parameters in the query.
	req := scfRequest(t, base+"/?FunctionName=my-function", scfActionGet, obj{})
	req.Method = http.MethodGet
	req.Body, req.ContentLength = http.NoBody, 0
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if d := cmp.Diff(getAnswer(900), scfResponse(t, send(t, srv, req))); d != "" {
		t.Errorf("GET with X-TC-Action (-want +got):\n%s", d)
	}
	// A Lambda GET stays Lambda's.
	if r := do(t, srv, http.MethodGet, base+"/2019-09-30/functions/nope/provisioned-concurrency?List=ALL", ""); r.header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" {
		t.Errorf("Lambda GET: %d %s", r.status, r.header.Get("X-Amzn-ErrorType"))
	}
}

func TestSCFRequestIDsAreDistinct(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{Seed: 7})
	c, url := scfModes[1].dial(t, s)
	seen := map[string]bool{}
	for range 5 {
		r := scfCall(t, c, url, scfActionGet, obj{"FunctionName": "my-function"})
		var env struct{ Response struct{ RequestId string } }
		if err := json.Unmarshal(r.body, &env); err != nil {
			t.Fatal(err)
		}
		if seen[env.Response.RequestId] {
			t.Fatalf("request id %s repeated", env.Response.RequestId)
		}
		seen[env.Response.RequestId] = true
	}
}

func TestSCFSeedingErrors(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"name too short", s.CreateSCFFunction("", "a"), ErrInvalidName},
		{"name starts with a digit", s.CreateSCFFunction("", "1abc"), ErrInvalidName},
		{"name ends with '-'", s.CreateSCFFunction("", "abc-"), ErrInvalidName},
		{"bad namespace", s.CreateSCFFunction("a b", "abc"), ErrInvalidName},
		{"namespace too long", s.CreateSCFNamespace(strings.Repeat("n", 31)), ErrInvalidName},
		{"default exists", s.CreateSCFNamespace("default"), ErrAlreadyExists},
		{"first create", s.CreateSCFFunction("", "fn"), nil},
		{"second create", s.CreateSCFFunction("default", "fn"), ErrAlreadyExists},
		{"same name elsewhere", s.CreateSCFFunction("other", "fn"), nil},
		{"publish unknown", func() error { _, err := s.PublishSCFVersion("", "nope"); return err }(), ErrNotFound},
		{"publish in unknown namespace", func() error { _, err := s.PublishSCFVersion("nope", "fn"); return err }(), ErrNotFound},
		{"delete unknown", s.DeleteSCFFunction("", "nope"), ErrNotFound},
		{"delete", s.DeleteSCFFunction("other", "fn"), nil},
	}
	for _, tc := range cases {
		if !errors.Is(tc.err, tc.want) || (tc.want == nil && tc.err != nil) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if v, err := s.PublishSCFVersion("", "fn"); err != nil || v != "1" {
		t.Errorf("first version = %q, %v", v, err)
	}
	if v, _ := s.PublishSCFVersion("", "fn"); v != "2" {
		t.Errorf("second version = %q", v)
	}
}

func TestSCFCredentialsRedacted(t *testing.T) {
	t.Parallel()
	c := SCFCredentials{SecretID: "AKIDEXAMPLE", SecretKey: "sekrit", Token: "tok"}
	asJSON, err := json.Marshal(struct{ Credentials SCFCredentials }{c})
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("setup", "credentials", c)
	for _, s := range []string{c.String(), c.GoString(), fmtV(c), fmtSharpV(&c), string(asJSON), logged.String()} {
		if strings.Contains(s, "sekrit") || strings.Contains(s, "tok}") || strings.Contains(s, ": tok") {
			t.Errorf("secret printed: %s", s)
		}
		if !strings.Contains(s, "AKIDEXAMPLE") {
			t.Errorf("SecretId missing: %s", s)
		}
	}
}
