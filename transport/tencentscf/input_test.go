// Every documented input rule is checked before anything is sent, with an
// *provconc.InputError naming the field.

package tencentscf_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

func TestInvalidInputSendsNothing(t *testing.T) {
	t.Parallel()
	put := func(name, qualifier string, n int, opts *tencentscf.PutParameters) func(*provconc.Client) error {
		return func(c *provconc.Client) error {
			in := &provconc.PutInput{FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: n}
			if opts != nil {
				in.Extension = opts
			}
			_, err := c.Put(context.Background(), in)
			return err
		}
	}
	get := func(name, qualifier string, ext provconc.Extension) func(*provconc.Client) error {
		return func(c *provconc.Client) error {
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: ext})
			return err
		}
	}
	tracking := func(mod func(*tencentscf.PutParameters)) *tencentscf.PutParameters {
		o := &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.5, MinCapacity: 1, MaxCapacity: 10}
		mod(o)
		return o
	}
	action := func(name string, n int, cron string) tencentscf.TriggerAction {
		return tencentscf.TriggerAction{TriggerName: name, TriggerProvisionedConcurrencyNum: n, TriggerCronConfig: cron}
	}
	triggers := func(actions ...tencentscf.TriggerAction) *tencentscf.PutParameters {
		return &tencentscf.PutParameters{TriggerActions: actions}
	}
	const cron = "0 30 8 * * * *"
	tests := []struct {
		name  string
		call  func(*provconc.Client) error
		field string
	}{
		// Function names (CreateFunction's rule).
		{"empty name", get("", "1", nil), "FunctionName"},
		{"name of one character", get("f", "1", nil), "FunctionName"},
		{"name of 61 characters", get("f"+strings.Repeat("x", 60), "1", nil), "FunctionName"},
		{"name starting with a digit", get("1function", "1", nil), "FunctionName"},
		{"name starting with an underscore", get("_function", "1", nil), "FunctionName"},
		{"name ending with a hyphen", get("my-function-", "1", nil), "FunctionName"},
		{"name ending with an underscore", get("my_function_", "1", nil), "FunctionName"},
		{"name with a dot", get("my.function", "1", nil), "FunctionName"},
		{"AWS ARN", get("arn:aws:lambda:us-west-2:123456789012:function:my-function", "1", nil), "FunctionName"},
		{"AWS partial ARN", get("123456789012:function:my-function", "1", nil), "FunctionName"},
		{"Tencent resource name", get("qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/my-function", "1", nil), "FunctionName"},
		{"name with two qualifiers", get("my-function:1:2", "", nil), "FunctionName"},
		{"name with an empty version", get("my-function:", "", nil), "FunctionName"},
		// Qualifiers: published versions only.
		{"missing qualifier", put("my-function", "", 1, nil), "Qualifier"},
		{"$LATEST", put("my-function", "$LATEST", 1, nil), "Qualifier"},
		{"$LATEST in the name", get("my-function:$LATEST", "", nil), "Qualifier"},
		{"alias", get("my-function", "BLUE", nil), "Qualifier"},
		{"alias in the name", get("my-function:BLUE", "", nil), "Qualifier"},
		{"version 0", get("my-function", "0", nil), "Qualifier"},
		{"leading zero", get("my-function", "01", nil), "Qualifier"},
		{"negative version", get("my-function", "-1", nil), "Qualifier"},
		{"version of 21 digits", get("my-function", strings.Repeat("9", 21), nil), "Qualifier"},
		{"contradicting qualifiers", get("my-function:1", "2", nil), "Qualifier"},
		{"$LATEST on Delete", func(c *provconc.Client) error {
			_, err := c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "$LATEST"})
			return err
		}, "Qualifier"},
		// Amount and provisioned type.
		{"static amount 0", put("my-function", "1", 0, nil), "ProvisionedConcurrentExecutions"},
		{"static amount negative", put("my-function", "1", -5, nil), "ProvisionedConcurrentExecutions"},
		{"Default amount 0", put("my-function", "1", 0, &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeDefault}), "ProvisionedConcurrentExecutions"},
		{"unknown type", put("my-function", "1", 1, &tencentscf.PutParameters{ProvisionedType: "Dynamic"}), "PutParameters.ProvisionedType"},
		// A static Put may carry the tracking parameters (nothing forbids
		// it), but only within their documented ranges.
		{"TrackingTarget out of range without tracking", put("my-function", "1", 1, &tencentscf.PutParameters{TrackingTarget: 1.5}), "PutParameters.TrackingTarget"},
		{"TrackingTarget with three decimals without tracking", put("my-function", "1", 1, &tencentscf.PutParameters{TrackingTarget: 0.125}), "PutParameters.TrackingTarget"},
		{"MinCapacity negative without tracking", put("my-function", "1", 1, &tencentscf.PutParameters{MinCapacity: -1}), "PutParameters.MinCapacity"},
		{"MaxCapacity negative without tracking", put("my-function", "1", 1, &tencentscf.PutParameters{MaxCapacity: -9}), "PutParameters.MaxCapacity"},
		{"tracking with an amount", put("my-function", "1", 5, tracking(func(*tencentscf.PutParameters) {})), "ProvisionedConcurrentExecutions"},
		{"tracking without target", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.TrackingTarget = 0 })), "PutParameters.TrackingTarget"},
		{"tracking target 1", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.TrackingTarget = 1 })), "PutParameters.TrackingTarget"},
		{"tracking target negative", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.TrackingTarget = -0.5 })), "PutParameters.TrackingTarget"},
		{"tracking target NaN", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.TrackingTarget = math.NaN() })), "PutParameters.TrackingTarget"},
		{"tracking target with three decimals", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.TrackingTarget = 0.755 })), "PutParameters.TrackingTarget"},
		{"tracking without MinCapacity", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.MinCapacity = 0 })), "PutParameters.MinCapacity"},
		{"tracking without MaxCapacity", put("my-function", "1", 0, tracking(func(o *tencentscf.PutParameters) { o.MaxCapacity = 0 })), "PutParameters.MaxCapacity"},
		// Namespaces.
		{"bad namespace in PutParameters", put("my-function", "1", 1, &tencentscf.PutParameters{Namespace: "my namespace"}), "PutParameters.Namespace"},
		{"bad namespace in Scope", get("my-function", "1", &tencentscf.Scope{Namespace: "a/b"}), "Scope.Namespace"},
		{"namespace of 31 characters", get("my-function", "1", &tencentscf.Scope{Namespace: strings.Repeat("n", 31)}), "Scope.Namespace"},
		// Scheduled actions.
		{"trigger without name", put("my-function", "1", 1, triggers(action(" ", 1, cron))), "PutParameters.TriggerActions[0].TriggerName"},
		{"duplicate trigger names", put("my-function", "1", 1, triggers(action("peak", 1, cron), action("peak", 2, "0 0 9 * * * *"))), "PutParameters.TriggerActions[1].TriggerName"},
		{"trigger amount 0", put("my-function", "1", 1, triggers(action("peak", 0, cron))), "PutParameters.TriggerActions[0].TriggerProvisionedConcurrencyNum"},
		{"trigger without cron", put("my-function", "1", 1, triggers(action("peak", 1, ""))), "PutParameters.TriggerActions[0].TriggerCronConfig"},
		{"cron of 6 fields", put("my-function", "1", 1, triggers(action("peak", 1, "0 30 8 * * *"))), "PutParameters.TriggerActions[0].TriggerCronConfig"},
		{"cron of 8 fields", put("my-function", "1", 1, triggers(action("peak", 1, "0 30 8 * * * * *"))), "PutParameters.TriggerActions[0].TriggerCronConfig"},
		{"cron with a bad character", put("my-function", "1", 1, triggers(action("peak", 1, "0 30 8 * * * $(rm)"))), "PutParameters.TriggerActions[0].TriggerCronConfig"},
		{"duplicate cron spelled differently", put("my-function", "1", 1, triggers(action("a", 1, cron), action("b", 2, "0  30 8 * * *  *"))), "PutParameters.TriggerActions[1].TriggerCronConfig"},
		{"trigger with tracking type", put("my-function", "1", 1, triggers(tencentscf.TriggerAction{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: cron,
			ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking})), "PutParameters.TriggerActions[0].ProvisionedType"},
		// List.
		{"List of a qualified name", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function:1"})
			return err
		}, "FunctionName"},
		{"List with a marker", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", Marker: "eyJwb3MiOjJ9"})
			return err
		}, "Marker"},
		{"List with negative MaxItems", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "my-function", MaxItems: -1})
			return err
		}, "MaxItems"},
		{"List of a bad name", func(c *provconc.Client) error {
			_, err := c.List(context.Background(), &provconc.ListInput{FunctionName: "arn:aws:lambda:us-west-2:123456789012:function:f"})
			return err
		}, "FunctionName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			err := tt.call(h.client)
			var inErr *provconc.InputError
			if !errors.As(err, &inErr) || !errors.Is(err, provconc.ErrInvalidInput) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if inErr.Field != tt.field || inErr.Rule == "" {
				t.Errorf("field %q rule %q, want field %q and a rule", inErr.Field, inErr.Rule, tt.field)
			}
			if n := len(h.requests()); n != 0 {
				t.Errorf("sent %d requests for invalid input", n)
			}
		})
	}
}

func TestValidInputsAtTheEdges(t *testing.T) {
	t.Parallel()
	calls := []func(*provconc.Client) error{
		func(c *provconc.Client) error { // shortest and longest names
			_, err := c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "f1", Qualifier: "1"})
			return err
		},
		func(c *provconc.Client) error {
			_, err := c.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "F" + strings.Repeat("_-9", 19) + "Z", Qualifier: "12345678901234567890"})
			return err
		},
		func(c *provconc.Client) error { // two decimals, capacity bounds equal, namespace in PutParameters
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", Extension: &tencentscf.PutParameters{
				Namespace: "team_a-1", ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.07, MinCapacity: 1, MaxCapacity: 1}})
			return err
		},
		func(c *provconc.Client) error {
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", Extension: &tencentscf.PutParameters{
				ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.99, MinCapacity: 3, MaxCapacity: 300}})
			return err
		},
		func(c *provconc.Client) error { // a static Put carrying the tracking parameters; MaxCapacity below MinCapacity is not documented as wrong
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", ProvisionedConcurrentExecutions: 2, Extension: &tencentscf.PutParameters{
				TrackingTarget: 0.5, MinCapacity: 4, MaxCapacity: 3, Namespace: strings.Repeat("n", 30)}})
			return err
		},
		func(c *provconc.Client) error { // cron with names, ranges, steps and ?
			_, err := c.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", ProvisionedConcurrentExecutions: 1, Extension: &tencentscf.PutParameters{
				TriggerActions: []tencentscf.TriggerAction{
					{TriggerName: "weekday", TriggerProvisionedConcurrencyNum: 50, TriggerCronConfig: "0 0/15 8-18 ? JAN-DEC MON-FRI 2024,2025"},
					{TriggerName: "weekend", TriggerProvisionedConcurrencyNum: 5, TriggerCronConfig: "0 0 8 * * SAT,SUN *", ProvisionedType: tencentscf.ProvisionedTypeDefault},
				}}})
			return err
		},
	}
	for i, call := range calls {
		h := newHarness(t, nil, ok(fixture(t, "put_ok.json")))
		if err := call(h.client); err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
}

// A refusal of a cron expression names the bad field: quoted when short,
// by its place when long, so that control bytes, which quote four bytes
// long, cannot stretch the message beyond what the clipped expression
// beside it takes.
func TestCronRefusalNamesTheField(t *testing.T) {
	for _, tt := range []struct {
		name, cron, want string
	}{
		{"a short field", "0 30 8 * * * $(rm)", `cron field "$(rm)" may hold only`},
		{"a long field", strings.Repeat("\x03", 300) + " 0 8 * * * *", `cron field 1 (300 bytes) may hold only`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingSCF{}
			p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: testCreds, HTTPClient: &http.Client{Transport: rec}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 1,
				Extension: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{{TriggerName: "t", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: tt.cron}}}})
			if !errors.Is(err, provconc.ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Put refused with %v, want an invalid input naming %s", err, tt.want)
			}
			if len(err.Error()) > 1000 || len(rec.bodies) != 0 {
				t.Fatalf("refusal of %d bytes, %d requests sent", len(err.Error()), len(rec.bodies))
			}
		})
	}
}

// A TrackingTarget accepted as having two decimal places is sent with two:
// a computed value such as 1-0.7 (0.30000000000000004) passes the check,
// which allows for float error, and must not reach the service with
// seventeen digits, which the documented "two decimal places" refuses.
func TestTrackingTargetIsSentWithTwoDecimals(t *testing.T) {
	t.Parallel()
	// Variables, so the arithmetic happens in float64 at run time, not
	// exactly in constants.
	one, seven, hundredth := 1.0, 0.7, 0.07
	for _, tt := range []struct {
		target float64
		want   string
	}{
		{one - seven, `"TrackingTarget":0.3,`},
		{hundredth * 10, `"TrackingTarget":0.7,`},
		{0.29, `"TrackingTarget":0.29,`},
		{0.75, `"TrackingTarget":0.75,`},
	} {
		for _, typ := range []tencentscf.ProvisionedType{tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, ""} {
			h := newHarness(t, nil, ok(fixture(t, "put_ok.json")))
			count := 0
			if typ == "" {
				count = 1
			}
			_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3", ProvisionedConcurrentExecutions: count,
				Extension: &tencentscf.PutParameters{ProvisionedType: typ, TrackingTarget: tt.target, MinCapacity: 1, MaxCapacity: 5}})
			if err != nil {
				t.Fatalf("Put with TrackingTarget %v (%q): %v", tt.target, typ, err)
			}
			if body := h.requests()[0].Body; !strings.Contains(body, tt.want) {
				t.Errorf("TrackingTarget %v (%q) sent as %s, want %s", tt.target, typ, body, tt.want)
			}
		}
	}
}

// A TrackingTarget that passes as two decimal places only by the float
// tolerance, but whose two decimals are 0 or 1, is refused before anything
// is sent: sent with two decimals, it would leave the documented (0, 1),
// and 0 would drop the required field from the request altogether.
func TestTrackingTargetRoundingToABoundIsRefused(t *testing.T) {
	t.Parallel()
	for _, target := range []float64{1e-12, 1 - 1e-12} {
		h := newHarness(t, nil, ok(fixture(t, "put_ok.json")))
		_, err := h.client.Put(context.Background(), &provconc.PutInput{FunctionName: "my-function", Qualifier: "3",
			Extension: &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: target, MinCapacity: 1, MaxCapacity: 5}})
		var inErr *provconc.InputError
		if !errors.As(err, &inErr) || inErr.Field != "PutParameters.TrackingTarget" {
			t.Errorf("Put with TrackingTarget %v: %v; want an InputError naming PutParameters.TrackingTarget", target, err)
		}
		if n := len(h.requests()); n != 0 {
			t.Errorf("TrackingTarget %v: %d requests sent (%s); want none", target, n, h.requests()[0].Body)
		}
	}
}
