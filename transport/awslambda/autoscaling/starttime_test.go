package autoscaling_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
)

// TestRecurringActionRunsAtStartTime: "If you specify a start time,
// Application Auto Scaling performs the action at this time, and then
// performs the action based on the specified recurrence" (User Guide,
// scheduled scaling with cron expressions). On the emulator, a cron and a
// rate action with a StartTime set the target's bounds at that time.
func TestRecurringActionRunsAtStartTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns, dim := types.ServiceNamespaceLambda, types.ScalableDimensionLambdaFunctionProvisionedConcurrency
	for _, schedule := range []string{"cron(0 8 ? * MON-FRI *)", "rate(1 day)"} {
		clock := &fakeClock{t: monday0600}
		emu := newEmulator(t, clock)
		c := official(emu)
		if _, err := c.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
			MinCapacity: aws.Int32(0), MaxCapacity: aws.Int32(10)}); err != nil {
			t.Fatal(err)
		}
		start := monday0600.Add(30 * time.Minute)
		if _, err := c.PutScheduledAction(ctx, &aas.PutScheduledActionInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
			ScheduledActionName: aws.String("a"), Schedule: aws.String(schedule), StartTime: &start,
			ScalableTargetAction: &types.ScalableTargetAction{MinCapacity: aws.Int32(5), MaxCapacity: aws.Int32(10)}}); err != nil {
			t.Fatal(err)
		}
		clock.Set(start.Add(-time.Second))
		if lo, _, _ := emu.ScalableTargetBounds("orders", "live"); lo != 0 {
			t.Errorf("%s: MinCapacity %d before StartTime, want 0", schedule, lo)
		}
		clock.Set(start)
		if lo, _, _ := emu.ScalableTargetBounds("orders", "live"); lo != 5 {
			t.Errorf("%s: MinCapacity %d at StartTime, want 5", schedule, lo)
		}
	}
}
