package emulator

import (
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// scfCodeScenario reaches one documented code by behaviour: opts configure
// the emulator, seed prepares it, and params are the request that must be
// refused (before, when set, runs first with the same client).
type scfCodeScenario struct {
	opts   SCFOptions
	seed   func(t *testing.T, s *Server)
	before map[string]any // a Put sent first, which must succeed
	params map[string]any
}

// shortAction is "Put", "Get" or "Delete" for an action name.
func shortAction(action string) string {
	return strings.TrimSuffix(action, "ProvisionedConcurrencyConfig")
}

// scfScenarios are keyed by "Put Code" (or Get, Delete). Every row of scfDocumentedCodes
// that is not injection-only on an action must have one.
func scfScenarios() map[string]scfCodeScenario {
	put := func(extra map[string]any) map[string]any {
		p := map[string]any{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 5}
		for k, v := range extra {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		return p
	}
	tracking := func(target float64, minCap, maxCap int) map[string]any {
		return put(map[string]any{"VersionProvisionedConcurrencyNum": 0, "ProvisionedType": "ConcurrencyUtilizationTracking",
			"TrackingTarget": target, "MinCapacity": minCap, "MaxCapacity": maxCap})
	}
	trigger := func(name string, n int, cron string) map[string]any {
		return map[string]any{"TriggerName": name, "TriggerProvisionedConcurrencyNum": n, "TriggerCronConfig": cron}
	}
	triggers := func(a ...map[string]any) map[string]any {
		list := make([]any, len(a))
		for i := range a {
			list[i] = a[i]
		}
		return put(map[string]any{"TriggerActions": list})
	}
	scoped := func(extra map[string]any) map[string]any {
		p := map[string]any{"FunctionName": "my-function", "Qualifier": "1"}
		for k, v := range extra {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		return p
	}
	out := map[string]scfCodeScenario{
		"Put FailedOperation.FunctionVersionStatusNotActive": {
			seed:   func(t *testing.T, s *Server) { must(t, s.SetSCFVersionStatus("", "my-function", "1", "Publishing")) },
			params: put(nil)},
		"Put FailedOperation.ProvisionedExceedAvailable": {opts: SCFOptions{AccountProvisionedQuota: 10}, params: put(map[string]any{"VersionProvisionedConcurrencyNum": 11})},
		"Put FailedOperation.ProvisionedExceedReserved": {
			seed:   func(t *testing.T, s *Server) { must(t, s.SetSCFReservedConcurrency("", "my-function", 4)) },
			params: put(nil)},
		"Put FailedOperation.ProvisionedInProgress":    {before: put(nil), params: put(map[string]any{"VersionProvisionedConcurrencyNum": 6})},
		"Delete FailedOperation.ProvisionedInProgress": {before: put(nil), params: scoped(nil)},
		"Put InvalidParameterValue":                    {params: put(map[string]any{"VersionProvisionedConcurrencyNum": 0})},
		"Put InvalidParameterValue.MinCapacity":        {params: tracking(0.5, 0, 10)},
		"Put InvalidParameterValue.ProvisionTriggerCronConfigDuplicate": {
			params: triggers(trigger("a", 1, "0 0 8 * * * *"), trigger("b", 1, "0  0 8 * * * *"))},
		"Put InvalidParameterValue.ProvisionTriggerName":          {params: triggers(trigger(" ", 1, "0 0 8 * * * *"))},
		"Put InvalidParameterValue.ProvisionTriggerNameDuplicate": {params: triggers(trigger("a", 1, "0 0 8 * * * *"), trigger("a", 1, "0 0 9 * * * *"))},
		"Put InvalidParameterValue.ProvisionType":                 {params: put(map[string]any{"ProvisionedType": "Bursting"})},
		// A static Put may carry TrackingTarget, within its range.
		"Put InvalidParameterValue.TrackingTarget":                   {params: put(map[string]any{"TrackingTarget": 1.5})},
		"Put InvalidParameterValue.TriggerCronConfig":                {params: triggers(trigger("a", 1, "0 8 * * *"))},
		"Put InvalidParameterValue.TriggerCronConfigTimeInterval":    {params: triggers(trigger("a", 1, "*/30 * * * * * *"))},
		"Put InvalidParameterValue.TriggerProvisionedConcurrencyNum": {params: triggers(trigger("a", 0, "0 0 8 * * * *"))},
		// 9 x 128 MB > 1 GB for the account.
		"Put LimitExceeded.FunctionProvisionedConcurrencyMemory": {opts: SCFOptions{AccountProvisionedMemoryQuota: 1024},
			params: put(map[string]any{"VersionProvisionedConcurrencyNum": 9})},
		// 5 x 512 MB > 2 GB for the function.
		"Put LimitExceeded.FunctionTotalProvisionedConcurrencyMemory": {opts: SCFOptions{FunctionProvisionedMemoryQuota: 2048},
			seed: func(t *testing.T, s *Server) { must(t, s.SetSCFFunctionMemory("", "my-function", 512)) }, params: put(nil)},
		"Put LimitExceeded.FunctionTotalProvisionedConcurrencyNum": {params: put(map[string]any{"VersionProvisionedConcurrencyNum": 901})},
		"Put LimitExceeded.MaxCapacity":                            {params: tracking(0.5, 1, 901)},
		"Put LimitExceeded.ProvisionTriggerAction":                 {params: triggers(trigger("a", 901, "0 0 8 * * * *"))},
		// Two actions 30 seconds apart, under the default minute.
		"Put LimitExceeded.ProvisionTriggerInterval": {params: triggers(trigger("a", 1, "0 0 8 * * * *"), trigger("b", 2, "30 0 8 * * * *"))},
		"Get InvalidParameterValue.Namespace":        {params: map[string]any{"FunctionName": "my-function", "Namespace": strings.Repeat("n", 31)}},
	}
	for _, a := range scfAll {
		base, action := put, shortAction(a)
		if a != scfActionPut {
			base = scoped
		}
		out[action+" InvalidParameterValue.FunctionName"] = scfCodeScenario{params: base(map[string]any{"FunctionName": "9-lives"})}
		out[action+" InvalidParameterValue.Qualifier"] = scfCodeScenario{params: base(map[string]any{"Qualifier": "$LATEST"})}
		out[action+" MissingParameter"] = scfCodeScenario{params: base(map[string]any{"FunctionName": nil})}
		out[action+" ResourceNotFound.Function"] = scfCodeScenario{params: base(map[string]any{"FunctionName": "nope-function"})}
		out[action+" ResourceNotFound.FunctionVersion"] = scfCodeScenario{params: base(map[string]any{"Qualifier": "9"})}
		out[action+" ResourceNotFound.Namespace"] = scfCodeScenario{params: base(map[string]any{"Namespace": "nowhere"})}
		out[action+" ResourceNotFound.Version"] = scfCodeScenario{
			seed:   func(t *testing.T, s *Server) { must(t, s.DeleteSCFVersion("", "my-function", "3")) },
			params: base(map[string]any{"Qualifier": "3"})}
	}
	return out
}

// TestSCFEveryDocumentedCode reaches every documented code of the three
// actions through tencentcloud-sdk-go's common client, signed: by the
// behaviour behind it where the emulator models one, by InjectSCFErrors
// where it does not. The answer's code and message are the table's.
func TestSCFEveryDocumentedCode(t *testing.T) {
	t.Parallel()
	scenarios := scfScenarios()
	used := map[string]bool{}
	counts := map[string]int{}
	for _, row := range scfDocumentedCodes {
		for _, action := range row.actions {
			counts[action]++
			key := shortAction(action) + " " + row.code
			injected := slices.Contains(row.injectedOn, action)
			sc, modelled := scenarios[key]
			switch {
			case injected && modelled:
				t.Errorf("%s: injection-only in the table, yet a scenario models it", key)
				continue
			case !injected && !modelled:
				t.Errorf("%s: the table says it is modelled; no scenario reaches it", key)
				continue
			}
			used[key] = true
			t.Run(key, func(t *testing.T) {
				t.Parallel()
				s, _ := scfSeeded(t, Options{SCF: SCFOptions{
					Credentials:                    &scfTestCreds,
					AccountProvisionedQuota:        sc.opts.AccountProvisionedQuota,
					FunctionProvisionedMemoryQuota: sc.opts.FunctionProvisionedMemoryQuota,
					AccountProvisionedMemoryQuota:  sc.opts.AccountProvisionedMemoryQuota,
				}})
				c := officialModes[1].dial(t, s, common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), nil)
				if sc.seed != nil {
					sc.seed(t, s)
				}
				if sc.before != nil {
					if _, err := sendOfficial(t, c, scfActionPut, sc.before); err != nil {
						t.Fatalf("the Put before: %v", err)
					}
				}
				params := sc.params
				if injected {
					must(t, s.InjectSCFErrors(SCFError{Action: action, Code: row.code}))
					params = map[string]any{"FunctionName": "my-function", "Qualifier": "1"}
					if action == scfActionPut {
						params["VersionProvisionedConcurrencyNum"] = 1
					}
				}
				_, err := sendOfficial(t, c, action, params)
				var sdkErr *tcerr.TencentCloudSDKError
				if !errors.As(err, &sdkErr) || sdkErr.Code != row.code {
					t.Fatalf("%s answered %v; want %s", action, err, row.code)
				}
				wantMsg := row.message
				if row.code == "MissingParameter" {
					// The observed wording names the parameter.
					wantMsg = "The request is missing a required parameter `FunctionName`."
				}
				if sdkErr.Message != wantMsg || !uuidShape.MatchString(sdkErr.RequestId) {
					t.Errorf("message %q, request id %q; want %q", sdkErr.Message, sdkErr.RequestId, wantMsg)
				}
			})
		}
	}
	// The documented lists: 36 codes for Put (seeds/004), 11 for Get, and
	// 9 for Delete plus the common MissingParameter.
	if want := map[string]int{scfActionPut: 36, scfActionGet: 11, scfActionDelete: 10}; !maps.Equal(want, counts) {
		t.Errorf("codes per action %v, want %v", counts, want)
	}
	for key := range scenarios {
		if !used[key] {
			t.Errorf("scenario %q matches no documented code of its action", key)
		}
	}
}

// TestSCFErrorTableInDocs checks that SCF_ERRORS.md shows every code of the
// table, so the readers' table cannot fall behind the code.
func TestSCFErrorTableInDocs(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("SCF_ERRORS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range scfDocumentedCodes {
		if !strings.Contains(string(doc), "| `"+row.code+"` |") {
			t.Errorf("SCF_ERRORS.md has no row for %s", row.code)
		}
	}
}

// TestInjectSCFErrors checks the injection queue: per action, once each,
// with the documented message unless one is given, and its refusals.
func TestInjectSCFErrors(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{})
	c, url := scfModes[1].dial(t, s)
	get := map[string]any{"FunctionName": "my-function"}
	must(t, s.InjectSCFErrors(
		SCFError{Action: scfActionDelete, Code: "UnauthorizedOperation"},
		SCFError{Code: "FailedOperation.Custom", Message: "a code of the test's own"},
	))
	// The Delete-only error waits; the unbound one answers this Get.
	if e := scfErrorOf(t, scfCall(t, c, url, scfActionGet, get)); e != (scfErr{"FailedOperation.Custom", "a code of the test's own"}) {
		t.Errorf("first Get: %+v", e)
	}
	scfResponse(t, scfCall(t, c, url, scfActionGet, get))
	if e := scfErrorOf(t, scfCall(t, c, url, scfActionDelete, map[string]any{"FunctionName": "my-function", "Qualifier": "1"})); e != (scfErr{"UnauthorizedOperation", "Unauthorized operation."}) {
		t.Errorf("Delete: %+v", e)
	}
	scfResponse(t, scfCall(t, c, url, scfActionDelete, map[string]any{"FunctionName": "my-function", "Qualifier": "1"}))

	for _, bad := range []SCFError{
		{Action: "ListFunctions", Code: "InternalError"},
		{Code: ""},
		{Code: "FailedOperation.Typo"},
	} {
		if err := s.InjectSCFErrors(SCFError{Code: "InternalError"}, bad); err == nil {
			t.Errorf("InjectSCFErrors(%+v) = nil, want an error", bad)
		}
	}
	// Nothing was queued by the refused calls.
	scfResponse(t, scfCall(t, c, url, scfActionGet, get))
}

// TestSCFTriggerIntervals checks the reading of cron schedules behind the
// two interval codes.
func TestSCFTriggerIntervals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		crons []string
		want  string // "" when accepted
	}{
		{"every minute, on the minute", []string{"0 * * * * * *"}, ""},
		{"every 30 seconds", []string{"*/30 * * * * * *"}, "InvalidParameterValue.TriggerCronConfigTimeInterval"},
		{"two seconds of a minute", []string{"0,59 0 8 * * * *"}, "InvalidParameterValue.TriggerCronConfigTimeInterval"},
		{"hours 8 to 18 every 15 minutes", []string{"0 0/15 8-18 * * * *"}, ""},
		{"midnight and 23:59:30, every day", []string{"0 0 0 * * * *", "30 59 23 * * * *"}, "LimitExceeded.ProvisionTriggerInterval"},
		{"midnight and 23:59:30, different days", []string{"0 0 0 * * MON *", "30 59 23 * * TUE *"}, ""},
		{"a minute apart", []string{"0 0 8 * * * *", "0 1 8 * * * *"}, ""},
		{"same named days, 10 seconds apart", []string{"0 0 8 ? JAN-DEC MON-FRI *", "10 0 8 ? JAN-DEC MON-FRI *"}, "LimitExceeded.ProvisionTriggerInterval"},
	}
	for _, tt := range tests {
		var actions []SCFTriggerAction
		for _, c := range tt.crons {
			actions = append(actions, SCFTriggerAction{TriggerCronConfig: c})
		}
		got := ""
		if e := checkTriggerIntervals(actions, time.Minute); e != nil {
			got = e.code
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if e := checkTriggerIntervals([]SCFTriggerAction{{TriggerCronConfig: "* * * * * * *"}}, 0); e != nil {
		t.Errorf("disabled check answered %v", e)
	}
}

// TestSCFAndReservedSeedingErrors checks the seeding methods added for the
// modelled codes refuse what they cannot do, naming it.
func TestSCFAndReservedSeedingErrors(t *testing.T) {
	t.Parallel()
	s, _ := scfSeeded(t, Options{})
	must(t, s.CreateFunction("lambda-fn"))
	checks := []struct {
		name string
		err  error
		want error
	}{
		{"status of an unknown version", s.SetSCFVersionStatus("", "my-function", "9", "Publishing"), ErrNotFound},
		{"status in an unknown function", s.SetSCFVersionStatus("", "nope-function", "1", "Publishing"), ErrNotFound},
		{"delete an unknown version", s.DeleteSCFVersion("", "my-function", "9"), ErrNotFound},
		{"memory of an unknown function", s.SetSCFFunctionMemory("", "nope-function", 256), ErrNotFound},
		{"reserved of an unknown SCF function", s.SetSCFReservedConcurrency("team", "my-function", 5), ErrNotFound},
		{"reserved of an unknown Lambda function", s.SetReservedConcurrency("nope", 5), ErrNotFound},
		{"reserved leaving less than the minimum", s.SetReservedConcurrency("lambda-fn", 901), ErrConflict},
	}
	for _, c := range checks {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}
	if err := s.SetSCFFunctionMemory("", "my-function", 0); err == nil || !strings.Contains(err.Error(), "at least 1") {
		t.Errorf("memory 0: %v", err)
	}
	// Back to Active, and a reservation removed, the Put goes through.
	must(t, s.SetSCFVersionStatus("", "my-function", "1", "Publishing"))
	must(t, s.SetSCFVersionStatus("", "my-function", "1", SCFVersionStatusActive))
	must(t, s.SetSCFReservedConcurrency("", "my-function", 0))
	must(t, s.SetSCFReservedConcurrency("", "my-function", -1))
	c, url := scfModes[1].dial(t, s)
	scfResponse(t, scfCall(t, c, url, scfActionPut, map[string]any{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 5}))
	// A deleted version loses its configuration.
	must(t, s.DeleteSCFVersion("", "my-function", "1"))
	if _, ok := s.SCFProvisionedConfig("", "my-function", "1"); ok {
		t.Error("the deleted version kept its configuration")
	}
	// Lambda: 900 leaves exactly the minimum; a negative value removes it.
	must(t, s.SetReservedConcurrency("lambda-fn", 900))
	if _, unreserved, _ := s.state.accountSettings(); unreserved != 100 {
		t.Errorf("unreserved with 900 reserved: %d", unreserved)
	}
	must(t, s.SetReservedConcurrency("lambda-fn", -1))
	if _, unreserved, _ := s.state.accountSettings(); unreserved != 1000 {
		t.Errorf("unreserved after removal: %d", unreserved)
	}
}
