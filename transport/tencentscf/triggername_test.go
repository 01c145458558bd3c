package tencentscf_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// TestTriggerNameOneRule: the client, the emulator (driven by the official
// common client, so nothing of ours checks first) and
// provconc.ScalingPlan.CheckSCF take and refuse the same trigger names:
// SCF documents no pattern or length for TriggerName, so only an empty or
// blank name is refused (tencentscf.TriggerNameRule), by the emulator with
// InvalidParameterValue.ProvisionTriggerName.
func TestTriggerNameOneRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"peak", true},
		{"business-hours_start", true},
		{"peak hours", true},
		{" peak ", true},
		{"1st", true},
		{"-x", true},
		{"peak.hours", true},
		{"a/b:c|d", true},
		{"峰值", true},
		{strings.Repeat("a", 61), true},
		{strings.Repeat("a", 101), true},
		{"", false},
		{" ", false},
		{"\t\n", false},
		{"\u3000", false}, // an ideographic space is white space too
	} {
		clock := &scfClock{t: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}

		// Ours, against the emulator.
		emu, version := scfEmulator(t, clock)
		_, err := scfProtocol(t, emu).Put(context.Background(), &provconc.PutInput{
			FunctionName: "orders", Qualifier: version, ProvisionedConcurrentExecutions: 2,
			Extension: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{{TriggerName: tc.name, TriggerProvisionedConcurrencyNum: 3, TriggerCronConfig: "0 0 9 * * * *"}}},
		})
		var in *provconc.InputError
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q: ours refused it: %v", tc.name, err)
		case !tc.ok && (!errors.As(err, &in) || in.Field != "PutParameters.TriggerActions[0].TriggerName" || in.Rule != tencentscf.TriggerNameRule):
			t.Errorf("%q: ours %v, want an InputError on PutParameters.TriggerActions[0].TriggerName with TriggerNameRule", tc.name, err)
		}
		if _, put := emu.SCFProvisionedConfig("default", "orders", version); put != tc.ok {
			t.Errorf("%q: ours left a config %v, want %v", tc.name, put, tc.ok)
		}

		// The official client, against a fresh emulator.
		emu, version = scfEmulator(t, clock)
		prof := profile.NewClientProfile()
		prof.HttpProfile.Scheme = "HTTP"
		prof.HttpProfile.Endpoint = "scf.emulator.invalid"
		prof.DisableRegionBreaker = true
		off := common.NewCommonClient(common.NewCredential(scfID, scfKey), "ap-guangzhou", prof).WithHttpTransport(emu)
		req := tchttp.NewCommonRequest("scf", "2018-04-16", "PutProvisionedConcurrencyConfig")
		if err := req.SetActionParameters(map[string]any{
			"FunctionName": "orders", "Qualifier": version, "VersionProvisionedConcurrencyNum": 2,
			"TriggerActions": []map[string]any{{"TriggerName": tc.name, "TriggerProvisionedConcurrencyNum": 3, "TriggerCronConfig": "0 0 9 * * * *"}},
		}); err != nil {
			t.Fatal(err)
		}
		err = off.Send(req, tchttp.NewCommonResponse())
		var sdkErr *tcerr.TencentCloudSDKError
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q: the emulator refused it: %v", tc.name, err)
		case !tc.ok && (!errors.As(err, &sdkErr) || sdkErr.Code != "InvalidParameterValue.ProvisionTriggerName"):
			t.Errorf("%q: the emulator answered %v, want InvalidParameterValue.ProvisionTriggerName", tc.name, err)
		}

		// The model.
		plan := provconc.ScalingPlan{Schedules: []provconc.Schedule{{Name: tc.name, Expression: "cron(0 9 * * ? *)", Executions: 3}}}
		err = plan.CheckSCF()
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q: CheckSCF refused it: %v", tc.name, err)
		case !tc.ok && (!errors.As(err, &in) || in.Field != "Schedules[0].Name"):
			t.Errorf("%q: CheckSCF %v, want an InputError on Schedules[0].Name", tc.name, err)
		}
	}
}
