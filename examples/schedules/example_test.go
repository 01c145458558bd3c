package schedules_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/examples/schedules"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

// clock is the emulator's fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// The plan applied to both clouds of one emulator, then the clock moved
// through a Monday: Application Auto Scaling and SCF's triggers change the
// provisioned concurrency at 08:00 and 20:00 Berlin time (07:00 and 19:00
// UTC in January).
func Example() {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 1, 5, 5, 0, 0, 0, time.UTC)} // Monday
	emu := emulator.New(emulator.Options{Now: clk.Now, ReadyAfter: -1})
	must(emu.CreateFunction("orders"))
	v, err := emu.PublishVersion("orders")
	must(err)
	must(emu.CreateAlias("orders", "live", v))
	// Target tracking acts on measured utilization; here nothing is in use,
	// so it scales in to the evening minimum at 19:00. With no data at all,
	// Application Auto Scaling would leave the 10 in place.
	must(emu.SetConcurrencyInUse("orders", "live", 0))
	must(emu.CreateSCFFunction("default", "orders"))
	scfVersion, err := emu.PublishSCFVersion("default", "orders")
	must(err)

	plan, err := schedules.BusinessHours()
	must(err)

	aws, err := autoscaling.New(autoscaling.Options{
		Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client(), Endpoint: "http://emulator",
	})
	must(err)
	must(schedules.Apply(ctx, aws, "orders", "live", plan))

	scf, err := tencentscf.New(tencentscf.Options{
		Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("id", "key", ""), HTTPClient: emu.Client(), Endpoint: "http://emulator",
	})
	must(err)
	// SCF's cron runs in UTC+8: the Berlin times are converted with the
	// offset in force at the reference time.
	_, err = scf.PutScaling(ctx, &provconc.PutScalingInput{
		FunctionName: "orders", Qualifier: scfVersion, Plan: plan,
		Extension: &tencentscf.ScalingOptions{ReferenceTime: clk.Now()},
	})
	must(err)

	actions, err := aws.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{ResourceID: autoscaling.ResourceID("orders", "live")})
	must(err)
	for _, a := range actions.ScheduledActions {
		fmt.Printf("AWS %s: %s %s min %d max %d\n", a.ScheduledActionName, a.Schedule, a.Timezone, *a.ScalableTargetAction.MinCapacity, *a.ScalableTargetAction.MaxCapacity)
	}
	got, err := scf.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: scfVersion})
	must(err)
	cfg, _ := emu.SCFProvisionedConfig("default", "orders", scfVersion)
	for i, s := range got.Plan.Schedules {
		fmt.Printf("SCF %s: %q (%s %s) amount %d\n", s.Name, cfg.TriggerActions[i].TriggerCronConfig, s.Expression, s.TimeZone, s.Executions)
	}

	for _, at := range []string{"06:59", "07:00", "19:00"} {
		t, _ := time.Parse("15:04", at)
		clk.Set(time.Date(2026, 1, 5, t.Hour(), t.Minute(), 0, 0, time.UTC))
		lambda, _ := emu.ProvisionedConfig("orders", "live")
		tencent, _ := emu.SCFProvisionedConfig("default", "orders", scfVersion)
		fmt.Printf("%s UTC: AWS %d, SCF %s\n", at, lambda.Requested, describeSCF(tencent))
	}
	// Output:
	// AWS business-hours-start: cron(0 8 ? * MON-FRI *) Europe/Berlin min 10 max 50
	// AWS business-hours-end: cron(0 20 ? * MON-FRI *) Europe/Berlin min 2 max 50
	// SCF business-hours-start: "0 0 15 * * 1-5 *" (cron(0 15 ? * 2-6 *) Asia/Shanghai) amount 10
	// SCF business-hours-end: "0 0 3 * * 2-6 *" (cron(0 3 ? * 3-7 *) Asia/Shanghai) amount 2
	// 06:59 UTC: AWS 2, SCF tracking 0.7 in [2, 50], amount 2
	// 07:00 UTC: AWS 10, SCF tracking 0.7 in [2, 50], amount 10
	// 19:00 UTC: AWS 2, SCF tracking 0.7 in [2, 50], amount 2
}

func describeSCF(c emulator.SCFConfig) string {
	return fmt.Sprintf("tracking %g in [%d, %d], amount %d", c.TrackingTarget, c.MinCapacity, c.MaxCapacity, c.Allocated)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
