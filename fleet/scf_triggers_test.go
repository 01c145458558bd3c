// Tests that SCF trigger actions own the amount between their firings: an
// applied state stays as desired after a trigger fires, and a change to it
// does not put the entry's amount back in a trigger's window.

package fleet_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/emulator"
)

// scfTriggerStates are one schedule written both ways an SCF entry takes
// it: peak (10) at 08:00 Berlin (07:00 UTC, 15:00 UTC+8) and off-peak (2)
// at 20:00 Berlin (19:00 UTC, 03:00 UTC+8 the next day), weekdays, on an
// amount of 2.
var scfTriggerStates = map[string]string{
	"TriggerActions": `
Configs:
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 2
    TriggerActions:
      - {TriggerName: peak, TriggerProvisionedConcurrencyNum: 10, TriggerCronConfig: "0 0 15 * * 1-5 *"}
      - {TriggerName: night, TriggerProvisionedConcurrencyNum: 2, TriggerCronConfig: "0 0 3 * * 2-6 *"}
`,
	"Scaling": `
Configs:
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 2
    Scaling:
      Schedules:
        - {Name: peak, Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 10}
        - {Name: night, Expression: "cron(0 20 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 2}
`,
}

const ordersKey = "tencent/ap-guangzhou default/orders:1"

func TestSCFTriggersOwnTheAmount(t *testing.T) {
	t.Parallel()
	for name, src := range scfTriggerStates {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			w := newWorld(t, emulator.Options{}, gz)
			w.scfFunction(gz, "orders", 1)
			applyOpts := fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()}
			amount := func() int {
				t.Helper()
				got, ok := w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
				if !ok {
					t.Fatal("orders:1 has no config")
				}
				return got.Allocated
			}
			d := mustParse(t, "fleet.yaml", src)
			if rep, err := fleet.Apply(ctx, mustPlan(t, d, w.Clients(), fleet.PlanOptions{}), w.Clients(), applyOpts); err != nil || rep.Err() != nil {
				t.Fatal(err, rep.Err())
			}
			if n := amount(); n != 2 {
				t.Fatalf("after the first apply (Thursday 09:00 UTC): amount %d, want the entry's 2", n)
			}

			// Friday 08:00 UTC: peak fired at 07:00 UTC.
			_ = w.clock.Sleep(ctx, 23*time.Hour)
			if n := amount(); n != 10 {
				t.Fatalf("after peak fired: amount %d, want 10", n)
			}
			p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
			if p.HasChanges() {
				t.Errorf("re-plan after peak fired: %+v", p.Changes)
			}
			rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts)
			if err != nil || rep.Err() != nil || rep.Tally.Unchanged != 1 || rep.Results[0].Requested != 10 {
				t.Errorf("re-apply: %v %v %+v %+v", err, rep.Err(), rep.Tally, rep.Results)
			}
			if n := amount(); n != 10 {
				t.Errorf("after re-apply: amount %d, want peak's 10 kept", n)
			}

			// Changing the off-peak time inside the peak window keeps peak's
			// amount: it is the trigger in force.
			edited := strings.NewReplacer("0 0 3 * * 2-6 *", "0 0 4 * * 2-6 *", "cron(0 20 ? * MON-FRI *)", "cron(0 21 ? * MON-FRI *)").Replace(src)
			p = mustPlan(t, mustParse(t, "fleet.yaml", edited), w.Clients(), fleet.PlanOptions{})
			if c := changeOf(t, p, ordersKey); c.Action != fleet.Update || c.Reason != "TriggerActions differ" || !c.KeepsAmount() {
				t.Fatalf("plan of an edited trigger (KeepsAmount %v): %+v", c.KeepsAmount(), c)
			}
			if rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts); err != nil || rep.Err() != nil || rep.Tally.Applied != 1 || rep.Results[0].Requested != 10 {
				t.Fatalf("apply of an edited trigger: %v %v %+v %+v", err, rep.Err(), rep.Tally, rep.Results)
			}
			if n := amount(); n != 10 {
				t.Errorf("after the edited trigger is applied: amount %d, want peak's 10 kept", n)
			}

			// An amount no trigger sets is a difference, and the entry's
			// amount goes back.
			d = mustParse(t, "fleet.yaml", edited)
			in := d.Configs[0].PutInput()
			in.ProvisionedConcurrentExecutions = 7
			if _, err := w.clients[gz].Put(ctx, in); err != nil {
				t.Fatal(err)
			}
			w.settle()
			p = mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
			if c := changeOf(t, p, ordersKey); c.Action != fleet.Update || !strings.Contains(c.Reason, "ProvisionedConcurrentExecutions 7 -> 2 (none of its trigger actions sets 7)") {
				t.Fatalf("plan after a change by hand: %+v", c)
			}
			if rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts); err != nil || rep.Err() != nil || rep.Tally.Applied != 1 {
				t.Fatalf("apply after a change by hand: %v %v %+v", err, rep.Err(), rep.Tally)
			}
			if n := amount(); n != 2 {
				t.Errorf("after the change by hand is undone: amount %d, want 2", n)
			}
		})
	}
}

// TestSCFTrackingAmountStillCompared: with utilization tracking and no
// trigger actions the amount SCF reports (MinCapacity) is still compared.
func TestSCFTrackingAmountStillCompared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, gz)
	w.scfFunction(gz, "orders", 1)
	src := `
Configs:
  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: orders, Qualifier: "1", ProvisionedConcurrentExecutions: 0,
     ProvisionedType: ConcurrencyUtilizationTracking, TrackingTarget: 0.5, MinCapacity: 2, MaxCapacity: 8}
`
	d := mustParse(t, "fleet.yaml", src)
	if rep, err := fleet.Apply(ctx, mustPlan(t, d, w.Clients(), fleet.PlanOptions{}), w.Clients(), fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()}); err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	p := mustPlan(t, mustParse(t, "fleet.yaml", strings.Replace(src, "MinCapacity: 2", "MinCapacity: 3", 1)), w.Clients(), fleet.PlanOptions{})
	if c := changeOf(t, p, ordersKey); c.Action != fleet.Update || c.Reason != "ProvisionedConcurrentExecutions 2 -> 3" {
		t.Errorf("plan of a MinCapacity change: %+v", c)
	}
}

// changeOf returns the plan's change of key, or fails the test.
func changeOf(t *testing.T, p *fleet.Plan, key string) fleet.Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Key.String() == key {
			return c
		}
	}
	t.Fatalf("no change for %s in %+v", key, p.Changes)
	return fleet.Change{}
}

// TestSCFTrackingWithSchedulesAmountCompared: with utilization tracking the
// amount SCF reports is MinCapacity even when a trigger action sets the same
// number, so a MinCapacity edit is planned (Apply puts it too).
func TestSCFTrackingWithSchedulesAmountCompared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, gz)
	w.scfFunction(gz, "orders", 1)
	src := `
Configs:
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 0
    Scaling:
      Tracking: {TargetUtilization: 0.5, MinCapacity: 2, MaxCapacity: 8}
      Schedules:
        - {Name: night, Expression: "cron(0 20 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 2}
`
	applyOpts := fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()}
	d := mustParse(t, "fleet.yaml", src)
	if rep, err := fleet.Apply(ctx, mustPlan(t, d, w.Clients(), fleet.PlanOptions{}), w.Clients(), applyOpts); err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	if p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{}); p.HasChanges() {
		t.Fatalf("re-plan of the applied state: %+v", p.Changes)
	}
	p := mustPlan(t, mustParse(t, "fleet.yaml", strings.Replace(src, "MinCapacity: 2", "MinCapacity: 3", 1)), w.Clients(), fleet.PlanOptions{})
	if c := changeOf(t, p, ordersKey); c.Action != fleet.Update || !strings.Contains(c.Reason, "ProvisionedConcurrentExecutions 2 -> 3") {
		t.Fatalf("plan of a MinCapacity change: %+v", c)
	}
	if rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts); err != nil || rep.Err() != nil || rep.Tally.Applied != 1 {
		t.Fatalf("apply of a MinCapacity change: %v %v %+v", err, rep.Err(), rep.Tally)
	}
	got, ok := w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
	if !ok || got.Allocated != 3 {
		t.Errorf("after the MinCapacity change: %+v, want 3 allocated", got)
	}
}
