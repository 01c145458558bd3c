// This file tests the SCF extensions as JSON inside a provconc.Config and
// ListOutput: SCF's parameter names, and a round trip back to the concrete
// types when the caller presets them.

package tencentscf_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

func TestConfigDetailsJSON(t *testing.T) {
	t.Parallel()
	free := 12
	in := provconc.Config{
		FunctionName: "my-function", Qualifier: "3", Requested: 10, Available: 4, Status: provconc.StatusInProgress,
		Extension: &tencentscf.ConfigDetails{
			Namespace: "default",
			TriggerActions: []tencentscf.TriggerAction{
				{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *", ProvisionedType: tencentscf.ProvisionedTypeDefault},
				{TriggerName: "night", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: "0 0 22 * * * *"},
			},
			UnallocatedConcurrency: &free,
		},
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"FunctionName":"my-function","Qualifier":"3","RequestedProvisionedConcurrentExecutions":10,` +
		`"AvailableProvisionedConcurrentExecutions":4,"AllocatedProvisionedConcurrentExecutions":0,"Status":"IN_PROGRESS",` +
		`"Extension":{"Provider":"tencent-scf","Details":{"Namespace":"default","TriggerActions":[` +
		`{"TriggerName":"morning-peak","TriggerProvisionedConcurrencyNum":20,"TriggerCronConfig":"0 30 8 * * * *","ProvisionedType":"Default"},` +
		`{"TriggerName":"night","TriggerProvisionedConcurrencyNum":1,"TriggerCronConfig":"0 0 22 * * * *"}],` +
		`"UnallocatedConcurrencyNum":12}}}`
	if string(data) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", data, want)
	}
	got := provconc.Config{Extension: &tencentscf.ConfigDetails{}}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestListDetailsJSON(t *testing.T) {
	t.Parallel()
	free := 0
	in := provconc.ListOutput{
		Configs:   []provconc.Config{{FunctionName: "fn", Qualifier: "1", Requested: 2, Status: provconc.StatusReady, Extension: &tencentscf.ConfigDetails{Namespace: "ns"}}},
		Extension: &tencentscf.ListDetails{Namespace: "ns", UnallocatedConcurrency: &free},
		Metadata:  provconc.Metadata{RequestID: "eac6b301-a322-493a-8e36-83b295459397", Attempts: 1},
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := provconc.ListOutput{Extension: &tencentscf.ListDetails{}}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	// The page's extension comes back typed; each config's comes back raw
	// (the slice's elements are new), and decodes into the type on demand.
	raw, ok := got.Configs[0].Extension.(*provconc.RawExtension)
	if !ok || raw.Provider() != tencentscf.ProviderName {
		t.Fatalf("config extension = %#v, want a tencent-scf *RawExtension", got.Configs[0].Extension)
	}
	var details tencentscf.ConfigDetails
	if err := json.Unmarshal(raw.Details, &details); err != nil {
		t.Fatal(err)
	}
	got.Configs[0].Extension = &details
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
