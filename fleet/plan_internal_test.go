// Tests of the plan's unexported helpers.

package fleet

import "testing"

// TestDecreasingKeptAmount: an SCF update that keeps the amount a trigger
// action set gives nothing back, though the entry's amount is smaller, so
// Apply does not run it with the decreases.
func TestDecreasingKeptAmount(t *testing.T) {
	t.Parallel()
	scf := func(n int, triggers ...int) *Entry {
		e := &Entry{Cloud: Tencent, Region: "ap-guangzhou", FunctionName: "orders", Qualifier: "1", ProvisionedConcurrentExecutions: n}
		for _, tn := range triggers {
			e.TriggerActions = append(e.TriggerActions, TriggerAction{TriggerName: "t" + string(rune('a'+len(e.TriggerActions))), TriggerProvisionedConcurrencyNum: tn, TriggerCronConfig: "0 0 15 * * 1-5 *"})
		}
		return e
	}
	tracking := scf(0, 10)
	tracking.ProvisionedType, tracking.TrackingTarget, tracking.MinCapacity, tracking.MaxCapacity = "ConcurrencyUtilizationTracking", 0.5, 2, 20
	for _, tc := range []struct {
		name             string
		c                Change
		keeps, decreases bool
	}{
		{"trigger's amount kept", Change{Action: Update, Before: &Actual{Requested: 10}, After: scf(2, 10, 2)}, true, false},
		{"amount set by hand", Change{Action: Update, Before: &Actual{Requested: 7}, After: scf(2, 10, 2)}, false, true},
		{"entry's amount equals the trigger's", Change{Action: Update, Before: &Actual{Requested: 2}, After: scf(2, 10, 2)}, false, false},
		{"tracking: MinCapacity compared", Change{Action: Update, Before: &Actual{Requested: 10}, After: tracking}, false, true},
		{"AWS", Change{Action: Update, Before: &Actual{Requested: 10}, After: &Entry{Cloud: AWS, ProvisionedConcurrentExecutions: 2}}, false, true},
		{"create", Change{Action: Create, After: scf(2, 10)}, false, false},
		{"delete", Change{Action: Delete, Before: &Actual{Requested: 10}}, false, true},
	} {
		if got := tc.c.KeepsAmount(); got != tc.keeps {
			t.Errorf("%s: KeepsAmount() = %v, want %v", tc.name, got, tc.keeps)
		}
		if got := tc.c.decreasing(); got != tc.decreases {
			t.Errorf("%s: decreasing() = %v, want %v", tc.name, got, tc.decreases)
		}
	}
}
