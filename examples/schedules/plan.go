// Package schedules shows one scaling plan written once and applied to AWS
// Lambda (through Application Auto Scaling) and to Tencent SCF (through the
// TriggerActions of PutProvisionedConcurrencyConfig); example_test.go runs
// it against the emulator on a fake clock.
package schedules

// readme:begin schedules
import (
	"context"
	"time"

	"github.com/provconc/provconc"
)

// BusinessHours is "10 executions on weekdays 08:00-20:00 Europe/Berlin,
// tracking at 70% between 2 and 50", written once for both clouds.
func BusinessHours() (provconc.ScalingPlan, error) {
	schedules, err := provconc.WeeklyWindow{
		Name: "business-hours",
		Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		From: "08:00", To: "20:00", TimeZone: "Europe/Berlin",
		Executions: 10, Outside: 2,
	}.Schedules()
	if err != nil {
		return provconc.ScalingPlan{}, err
	}
	return provconc.ScalingPlan{
		Schedules: schedules,
		Tracking:  &provconc.TrackingPolicy{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50},
	}, nil
}

// Apply puts the plan on a version or alias of either cloud:
// autoscaling.Protocol for AWS, tencentscf.Protocol for Tencent SCF.
func Apply(ctx context.Context, cloud provconc.ScalingAPI, function, qualifier string, plan provconc.ScalingPlan) error {
	_, err := cloud.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: function, Qualifier: qualifier, Plan: plan})
	return err
}

// readme:end
