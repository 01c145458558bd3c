package fleet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/emulator"
)

// scaling returns ScalingClients over the world's emulators.
func (w *world) scaling() fleet.ScalingClients {
	return func(tg fleet.Target) (provconc.ScalingAPI, error) {
		emu := w.emus[tg]
		if emu == nil || tg.Cloud != fleet.AWS {
			return nil, errors.New("no emulator for this target")
		}
		return autoscaling.New(autoscaling.Options{Region: tg.Region, Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client()})
	}
}

// getScaling reads a plan back through Application Auto Scaling.
func (w *world) getScaling(tg fleet.Target, fn, q string) provconc.ScalingPlan {
	w.t.Helper()
	api, err := w.scaling()(tg)
	if err != nil {
		w.t.Fatal(err)
	}
	out, err := api.GetScaling(context.Background(), &provconc.GetScalingInput{FunctionName: fn, Qualifier: q})
	if err != nil {
		w.t.Fatal(err)
	}
	return out.Plan
}

const awsScalingState = `
Configs:
  - Cloud: aws
    Region: us-east-1
    FunctionName: checkout
    Qualifier: live
    ProvisionedConcurrentExecutions: 2
    Scaling:
      Schedules:
        - {Name: peak, Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 10}
        - {Name: night, Expression: "cron(0 20 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 2}
      Tracking: {TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}
  - Cloud: aws
    Region: us-east-1
    FunctionName: checkout
    Qualifier: canary
    ProvisionedConcurrentExecutions: 3
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout}
`

const liveKey = "aws/us-east-1 checkout:live"

// TestScalingAWSPlanApply: a scaling plan in the desired state is created,
// left alone when as desired (the amount it moves included), updated,
// removed by an empty plan, and removed with its config by prune.
func TestScalingAWSPlanApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "2", "canary": "1"})
	planOpts := fleet.PlanOptions{Prune: true, Scaling: w.scaling()}
	applyOpts := fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns(), Scaling: w.scaling()}
	apply := func(p *fleet.Plan) *fleet.Report {
		t.Helper()
		rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts)
		if err != nil || rep.Err() != nil {
			t.Fatalf("apply: %v %v", err, rep.Err())
		}
		return rep
	}
	change := func(p *fleet.Plan, key string) fleet.Change {
		t.Helper()
		for _, c := range p.Changes {
			if c.Key.String() == key {
				return c
			}
		}
		t.Fatalf("no change for %s in %+v", key, p.Changes)
		return fleet.Change{}
	}

	// Create.
	d := mustParse(t, "fleet.yaml", awsScalingState)
	p := mustPlan(t, d, w.Clients(), planOpts)
	c := change(p, liveKey)
	if c.Action != fleet.Create || c.ScalingBefore != nil ||
		c.ScalingReason != "scaling: schedule night added, schedule peak added, tracking added" {
		t.Fatalf("plan of live: %+v", c)
	}
	apply(p)
	if lo, hi, ok := w.emus[east].ScalableTargetBounds("checkout", "live"); !ok || lo != 2 || hi != 50 {
		t.Errorf("scalable target bounds %d-%d (registered %v), want 2-50", lo, hi, ok)
	}
	got := w.getScaling(east, "checkout", "live")
	if len(got.Schedules) != 2 || got.Schedules[0].Name != "peak" || got.Schedules[0].Executions != 10 || got.Schedules[0].TimeZone != "Europe/Berlin" ||
		got.Tracking == nil || got.Tracking.TargetUtilization != 0.7 {
		t.Errorf("scaling after apply: %+v", got)
	}

	// No-op on re-plan and re-apply, even after the amount moved (the
	// scaling plan owns it).
	w.settle()
	w.put(east, "checkout", "live", 7)
	w.settle()
	p = mustPlan(t, d, w.Clients(), planOpts)
	if p.HasChanges() {
		t.Fatalf("plan after apply: %+v", p.Changes)
	}
	if c := change(p, liveKey); c.ScalingBefore == nil || len(c.ScalingBefore.Schedules) != 2 {
		t.Errorf("plan after apply does not show the scaling read: %+v", c)
	}
	if rep := apply(p); rep.Tally.Unchanged != len(p.Changes) {
		t.Errorf("re-apply: %+v", rep.Tally)
	}

	// Update: night goes, tracking at 60%.
	d2 := mustParse(t, "fleet.yaml", strings.NewReplacer(
		`        - {Name: night, Expression: "cron(0 20 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 2}`+"\n", "",
		"TargetUtilization: 0.7", "TargetUtilization: 0.6").Replace(awsScalingState))
	p = mustPlan(t, d2, w.Clients(), planOpts)
	c = change(p, liveKey)
	if c.Action != fleet.Update || !strings.Contains(c.ScalingReason, "schedule night removed") || !strings.Contains(c.ScalingReason, "tracking provconc-utilization-tracking 0.7") {
		t.Fatalf("plan of the update: %+v", c)
	}
	if rep := apply(p); outcomes(rep)[liveKey] != fleet.Applied {
		t.Errorf("update outcomes: %v", outcomes(rep))
	}
	got = w.getScaling(east, "checkout", "live")
	if len(got.Schedules) != 1 || got.Schedules[0].Name != "peak" || got.Tracking == nil || got.Tracking.TargetUtilization != 0.6 {
		t.Errorf("scaling after the update: %+v", got)
	}
	if p := mustPlan(t, d2, w.Clients(), planOpts); p.HasChanges() {
		t.Errorf("plan after the update: %+v", p.Changes)
	}

	// A saved plan keeps what was read and applies.
	p = mustPlan(t, d, w.Clients(), planOpts)
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := fleet.ReadPlan(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ReadPlan: %v", err)
	}
	if c := change(saved, liveKey); c.ScalingBefore == nil || c.ScalingReason == "" || c.After.Scaling == nil {
		t.Errorf("saved plan lost the scaling: %+v", c)
	}
	apply(saved)
	if got := w.getScaling(east, "checkout", "live"); len(got.Schedules) != 2 {
		t.Errorf("after the saved plan: %+v", got)
	}

	// An empty plan removes the scaling; the config stays.
	empty := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 2, Scaling: {}}
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: canary, ProvisionedConcurrentExecutions: 3}
`)
	p = mustPlan(t, empty, w.Clients(), planOpts)
	if c := change(p, liveKey); c.Action != fleet.Update || !strings.Contains(c.ScalingReason, "tracking removed") {
		t.Fatalf("plan of the empty scaling: %+v", c)
	}
	apply(p)
	if _, _, ok := w.emus[east].ScalableTargetBounds("checkout", "live"); ok {
		t.Error("the scalable target is still registered after an empty plan")
	}
	if w.requested(east, "checkout", "live") < 1 {
		t.Error("the config went with its scaling")
	}

	// Prune: the config goes, its scaling with it.
	apply(mustPlan(t, d, w.Clients(), planOpts))
	pruned := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: canary, ProvisionedConcurrentExecutions: 3}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout}
`)
	p = mustPlan(t, pruned, w.Clients(), planOpts)
	if c := change(p, liveKey); c.Action != fleet.Delete || c.ScalingBefore == nil || c.ScalingReason != "scaling: removed with the config" {
		t.Fatalf("plan of the prune: %+v", c)
	}
	apply(p)
	if _, _, ok := w.emus[east].ScalableTargetBounds("checkout", "live"); ok {
		t.Error("the scalable target is still registered after prune")
	}
	if n := w.requested(east, "checkout", "live"); n != -1 {
		t.Errorf("live after prune: %d", n)
	}
	if p := mustPlan(t, pruned, w.Clients(), planOpts); p.HasChanges() {
		t.Errorf("plan after prune: %+v", p.Changes)
	}

	// Without ScalingClients, a state with AWS scaling cannot be planned.
	if _, err := fleet.MakePlan(ctx, d, w.Clients(), fleet.PlanOptions{}); err == nil || !strings.Contains(err.Error(), "PlanOptions.Scaling") {
		t.Errorf("plan without Scaling clients: %v", err)
	}
}

// TestScalingSCFPlanApply: on SCF the plan goes into the config's own
// trigger actions and tracking, and re-planning finds it as desired.
func TestScalingSCFPlanApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, gz)
	w.scfFunction(gz, "orders", 2)
	src := `
Configs:
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 5
    Scaling:
      Schedules:
        - {Name: morning, Expression: "cron(30 8 * * ? *)", TimeZone: Asia/Shanghai, Executions: 20}
        - {Name: evening, Expression: "cron(0 12 ? * MON-FRI *)", Executions: 4}
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "2"
    ProvisionedConcurrentExecutions: 0
    Scaling:
      Tracking: {TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}
`
	d := mustParse(t, "fleet.yaml", src)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	if c := p.Counts(); c.Create != 2 {
		t.Fatalf("plan: %+v", p.Changes)
	}
	rep, err := fleet.Apply(ctx, p, w.Clients(), fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()})
	if err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	got, _ := w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
	if len(got.TriggerActions) != 2 || got.TriggerActions[0].TriggerCronConfig != "0 30 8 * * * *" ||
		got.TriggerActions[1].TriggerCronConfig != "0 0 20 * * 1-5 *" || got.TriggerActions[1].TriggerProvisionedConcurrencyNum != 4 {
		t.Errorf("orders:1 = %+v", got)
	}
	got2, _ := w.emus[gz].SCFProvisionedConfig("default", "orders", "2")
	if got2.ProvisionedType != emulator.SCFProvisionedTypeUtilizationTracking || got2.TrackingTarget != 0.7 || got2.MinCapacity != 2 || got2.MaxCapacity != 50 {
		t.Errorf("orders:2 = %+v", got2)
	}
	w.settle()
	if p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{}); p.HasChanges() {
		t.Fatalf("plan after apply: %+v", p.Changes)
	}
	d2 := mustParse(t, "fleet.yaml", strings.Replace(src, "cron(30 8 * * ? *)", "cron(0 9 * * ? *)", 1))
	p2 := mustPlan(t, d2, w.Clients(), fleet.PlanOptions{})
	if got := actions(p2); got["tencent/ap-guangzhou default/orders:1"] != fleet.Update || got["tencent/ap-guangzhou default/orders:2"] != fleet.NoOp {
		t.Fatalf("plan after a schedule change: %v", got)
	}
	if rep, err := fleet.Apply(ctx, p2, w.Clients(), fleet.ApplyOptions{}); err != nil || rep.Err() != nil || rep.Tally.Applied != 1 {
		t.Fatalf("apply: %v %v %+v", err, rep.Err(), rep.Tally)
	}
	got, _ = w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
	if got.TriggerActions[0].TriggerCronConfig != "0 0 9 * * * *" {
		t.Errorf("orders:1 triggers = %+v", got.TriggerActions)
	}
}

// TestScalingValidation: a scaling plan is checked with the cloud's rules,
// the error naming the file, line and field.
func TestScalingValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, entry, field, msg string
	}{
		{"aws target", `{Cloud: aws, Region: us-east-1, FunctionName: f, Qualifier: live, ProvisionedConcurrentExecutions: 1,
      Scaling: {Tracking: {TargetUtilization: 0.95, MinCapacity: 1, MaxCapacity: 5}}}`, "Scaling.Tracking.TargetUtilization", "0.1-0.9 on AWS"},
		{"scf rate", `{Cloud: tencent, Region: ap-guangzhou, FunctionName: f, Qualifier: "1", ProvisionedConcurrentExecutions: 1,
      Scaling: {Schedules: [{Name: a, Expression: "rate(1 hour)", Executions: 2}]}}`, "Scaling.Schedules[0].Expression", "cannot express rate"},
		{"scf both", `{Cloud: tencent, Region: ap-guangzhou, FunctionName: f, Qualifier: "1", ProvisionedConcurrentExecutions: 1,
      TriggerActions: [{TriggerName: a, TriggerProvisionedConcurrencyNum: 2, TriggerCronConfig: "0 0 8 * * * *"}],
      Scaling: {Schedules: [{Name: a, Expression: "cron(0 8 * * ? *)", Executions: 2}]}}`, "TriggerActions", "give one or the other"},
		{"start", `{Cloud: aws, Region: us-east-1, FunctionName: f, Qualifier: live, ProvisionedConcurrentExecutions: 1,
      Scaling: {Schedules: [{Name: a, Expression: "rate(1 hour)", Start: tomorrow, Executions: 2}]}}`, "Scaling.Schedules[0].Start", "RFC 3339"},
	} {
		_, err := fleet.Parse("fleet.yaml", []byte("Configs:\n  - "+tc.entry+"\n"))
		var ee *fleet.EntryError
		if !errors.As(err, &ee) || ee.Field != tc.field || ee.Line != 3 || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v (field %q), want field %s, line 3 (the field's) and %q", tc.name, err, fieldOf(ee), tc.field, tc.msg)
		}
	}
}

func fieldOf(e *fleet.EntryError) string {
	if e == nil {
		return ""
	}
	return e.Field
}

// TestScalingAWSTrackingBoundsWithSchedules: with schedules, an edit of the
// tracking's bounds is planned and applied (its MaxCapacity is also the
// scheduled actions'), while bounds a scheduled action set when it fired
// are no difference.
func TestScalingAWSTrackingBoundsWithSchedules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "2", "canary": "1"})
	planOpts := fleet.PlanOptions{Scaling: w.scaling()}
	applyOpts := fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns(), Scaling: w.scaling()}
	apply := func(p *fleet.Plan) {
		t.Helper()
		if rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts); err != nil || rep.Err() != nil {
			t.Fatalf("apply: %v %v", err, rep.Err())
		}
	}
	bounds := func(wantLo, wantHi int) {
		t.Helper()
		if lo, hi, ok := w.emus[east].ScalableTargetBounds("checkout", "live"); !ok || lo != wantLo || hi != wantHi {
			t.Errorf("scalable target bounds %d-%d (registered %v), want %d-%d", lo, hi, ok, wantLo, wantHi)
		}
	}
	noChange := func(d *fleet.Desired, when string) {
		t.Helper()
		if p := mustPlan(t, d, w.Clients(), planOpts); p.HasChanges() {
			c := changeOf(t, p, liveKey)
			t.Errorf("plan %s: %s %q", when, c.Action, c.ScalingReason)
		}
	}
	apply(mustPlan(t, mustParse(t, "fleet.yaml", awsScalingState), w.Clients(), planOpts))
	w.settle()
	bounds(2, 50)

	// 2-50 -> 5-100.
	wider := mustParse(t, "fleet.yaml", strings.Replace(awsScalingState, "MinCapacity: 2, MaxCapacity: 50", "MinCapacity: 5, MaxCapacity: 100", 1))
	p := mustPlan(t, wider, w.Clients(), planOpts)
	c := changeOf(t, p, liveKey)
	const want = "scaling: schedule night MaxCapacity 50 -> 100, schedule peak MaxCapacity 50 -> 100, " +
		"tracking provconc-utilization-tracking 0.7 [2, 50] -> provconc-utilization-tracking 0.7 [5, 100]"
	if c.Action != fleet.Update || c.ScalingReason != want {
		t.Fatalf("plan of 2-50 -> 5-100: %s %q, want update %q", c.Action, c.ScalingReason, want)
	}
	apply(p)
	bounds(5, 100)
	got := w.getScaling(east, "checkout", "live")
	if got.Tracking == nil || got.Tracking.MaxCapacity != 100 || len(got.Schedules) != 2 || got.Schedules[0].MaxCapacity != 0 || got.Schedules[1].MaxCapacity != 0 {
		t.Errorf("scaling after 5-100: %+v, want the actions' MaxCapacity the tracking's 100", got)
	}
	noChange(wider, "after 5-100 was applied")

	// MinCapacity alone, while the registered bounds hold.
	lower := mustParse(t, "fleet.yaml", strings.Replace(awsScalingState, "MinCapacity: 2, MaxCapacity: 50", "MinCapacity: 3, MaxCapacity: 100", 1))
	if c := changeOf(t, mustPlan(t, lower, w.Clients(), planOpts), liveKey); c.Action != fleet.Update ||
		c.ScalingReason != "scaling: tracking provconc-utilization-tracking 0.7 [5, 100] -> provconc-utilization-tracking 0.7 [3, 100]" {
		t.Fatalf("plan of MinCapacity 5 -> 3: %s %q", c.Action, c.ScalingReason)
	}
	apply(mustPlan(t, lower, w.Clients(), planOpts))
	bounds(3, 100)

	// Friday 07:30 UTC (08:30 Berlin): peak set its own bounds.
	_ = w.clock.Sleep(ctx, 22*time.Hour+30*time.Minute-time.Hour)
	bounds(10, 100)
	noChange(lower, "after peak fired")
}

// TestScalingAWSScheduleMaxCapacityFired: a schedule with its own
// MaxCapacity that fired is no difference, neither for it nor for the
// schedules whose MaxCapacity is the tracking's.
func TestScalingAWSScheduleMaxCapacityFired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "2", "canary": "1"})
	planOpts := fleet.PlanOptions{Scaling: w.scaling()}
	d := mustParse(t, "fleet.yaml", strings.Replace(awsScalingState, "Executions: 10}", "Executions: 10, MaxCapacity: 30}", 1))
	if rep, err := fleet.Apply(ctx, mustPlan(t, d, w.Clients(), planOpts), w.Clients(),
		fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns(), Scaling: w.scaling()}); err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	_ = w.clock.Sleep(ctx, 22*time.Hour+30*time.Minute)
	if lo, hi, _ := w.emus[east].ScalableTargetBounds("checkout", "live"); lo != 10 || hi != 30 {
		t.Fatalf("bounds after peak fired: %d-%d, want 10-30", lo, hi)
	}
	if p := mustPlan(t, d, w.Clients(), planOpts); p.HasChanges() {
		c := changeOf(t, p, liveKey)
		t.Errorf("plan after peak fired: %s %q", c.Action, c.ScalingReason)
	}
}

// TestScalingAWSFailedAllocationKeepsTheScheduledAmount: an AWS entry with
// a scaling plan leaves the amount to it (ProvisionedConcurrentExecutions
// is only what a Create puts). When the allocation of an amount a schedule
// set ends FAILED, the plan puts it again, and that Put must be of the
// amount in force, 10 at peak: it was of the entry's 2, which undid the
// schedule until its next firing.
func TestScalingAWSFailedAllocationKeepsTheScheduledAmount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "2", "canary": "1"})
	planOpts := fleet.PlanOptions{Scaling: w.scaling()}
	applyOpts := fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns(), Scaling: w.scaling()}
	d := mustParse(t, "fleet.yaml", awsScalingState)
	if rep, err := fleet.Apply(ctx, mustPlan(t, d, w.Clients(), planOpts), w.Clients(), applyOpts); err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	// The peak schedule fires (as Application Auto Scaling would put it),
	// and the allocation fails.
	w.emus[east].FailNextAllocation("checkout", "live", "")
	w.put(east, "checkout", "live", 10)
	w.settle()

	p := mustPlan(t, d, w.Clients(), planOpts)
	var live fleet.Change
	for _, c := range p.Changes {
		if c.Key.String() == liveKey {
			live = c
		}
	}
	if live.Action != fleet.Update || !strings.Contains(live.Reason, "FAILED") {
		t.Fatalf("plan of live: %+v", live)
	}
	rep, err := fleet.Apply(ctx, p, w.Clients(), applyOpts)
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	if got := w.requested(east, "checkout", "live"); got != 10 {
		t.Errorf("live holds %d after putting the FAILED allocation again, want the scheduled 10", got)
	}
	if p := mustPlan(t, d, w.Clients(), planOpts); p.HasChanges() {
		t.Errorf("plan after apply: %+v", p.Changes)
	}
}
