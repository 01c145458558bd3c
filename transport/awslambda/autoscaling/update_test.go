package autoscaling_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc"
)

// TestUpdateDropsStartAndEnd: "To update a scheduled action, specify the
// parameters that you want to change. If you don't specify start and end
// times, the old values are deleted" (PutScheduledAction, API reference).
// The official client updates an action without them and reads none back;
// PutScaling does the same in one PutScheduledAction, deleting nothing.
func TestUpdateDropsStartAndEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	emu := newEmulator(t, &fakeClock{t: monday0600})
	c := official(emu)
	ns, dim := types.ServiceNamespaceLambda, types.ScalableDimensionLambdaFunctionProvisionedConcurrency
	if _, err := c.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
		MinCapacity: aws.Int32(0), MaxCapacity: aws.Int32(10)}); err != nil {
		t.Fatal(err)
	}
	put := func(start, end *time.Time) {
		t.Helper()
		if _, err := c.PutScheduledAction(ctx, &aas.PutScheduledActionInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
			ScheduledActionName: aws.String("a"), Schedule: aws.String("rate(1 day)"), StartTime: start, EndTime: end}); err != nil {
			t.Fatal(err)
		}
	}
	start, end := monday0600.Add(time.Hour), monday0600.Add(48*time.Hour)
	put(&start, &end)
	put(nil, nil)
	got, err := c.DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: ns, ResourceId: aws.String(resource), ScalableDimension: dim})
	if err != nil {
		t.Fatal(err)
	}
	if a := got.ScheduledActions[0]; a.StartTime != nil || a.EndTime != nil {
		t.Errorf("after an update without them: StartTime %v, EndTime %v; want none", a.StartTime, a.EndTime)
	}

	// PutScaling: a schedule losing its start and end is one update.
	rec := &recorder{next: emu}
	p := ours(t, rec)
	plan := provconc.ScalingPlan{Schedules: []provconc.Schedule{{Name: "a", Expression: "rate(1 day)", Executions: 1, Start: start, End: end}}}
	if _, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan}); err != nil {
		t.Fatal(err)
	}
	plan.Schedules[0].Start, plan.Schedules[0].End = time.Time{}, time.Time{}
	rec.mu.Lock()
	rec.reqs = nil
	rec.mu.Unlock()
	if _, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan}); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	for _, r := range rec.reqs {
		if r.Target == "AnyScaleFrontendService.DeleteScheduledAction" {
			t.Errorf("PutScaling deleted the action to drop its start and end: %s", r.Body)
		}
	}
	rec.mu.Unlock()
	back, err := p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live"})
	if err != nil {
		t.Fatal(err)
	}
	if s := back.Plan.Schedules[0]; !s.Start.IsZero() || !s.End.IsZero() {
		t.Errorf("GetScaling after dropping them: Start %v, End %v; want zero", s.Start, s.End)
	}
}
