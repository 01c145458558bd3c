package autoscaling_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// TestIntegersOutsideInt32AreInvalidResponse serves answers with an
// Integer of the service's model (32 bits) that does not fit to both
// clients: the official client refuses each, and provconc answers
// ErrInvalidResponse naming the field rather than hand on a capacity the
// service cannot have meant. The largest int32 is read by both.
func TestIntegersOutsideInt32AreInvalidResponse(t *testing.T) {
	t.Parallel()
	type answer struct {
		op, field, body string
	}
	answers := []answer{
		{"DescribeScalableTargets", "ScalableTargets[0].MinCapacity", `{"ScalableTargets":[{"ResourceId":"function:f:1","MinCapacity":#,"MaxCapacity":5}]}`},
		{"DescribeScalableTargets", "ScalableTargets[1].MaxCapacity", `{"ScalableTargets":[{"ResourceId":"function:f:1","MinCapacity":1,"MaxCapacity":5},{"ResourceId":"function:f:2","MinCapacity":1,"MaxCapacity":#}]}`},
		{"DescribeScalableTargets", "ScalableTargets[0].PredictedCapacity", `{"ScalableTargets":[{"ResourceId":"function:f:1","MinCapacity":1,"MaxCapacity":5,"PredictedCapacity":#}]}`},
		{"DescribeScheduledActions", "ScheduledActions[0].ScalableTargetAction.MinCapacity", `{"ScheduledActions":[{"ScheduledActionName":"a","Schedule":"rate(1 day)","ScalableTargetAction":{"MinCapacity":#}}]}`},
		{"DescribeScheduledActions", "ScheduledActions[0].ScalableTargetAction.MaxCapacity", `{"ScheduledActions":[{"ScheduledActionName":"a","Schedule":"rate(1 day)","ScalableTargetAction":{"MinCapacity":1,"MaxCapacity":#}}]}`},
		{"DescribeScalingPolicies", "ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.ScaleInCooldown", `{"ScalingPolicies":[{"PolicyName":"p","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.7,"ScaleInCooldown":#}}]}`},
		{"DescribeScalingPolicies", "ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown", `{"ScalingPolicies":[{"PolicyName":"p","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.7,"ScaleOutCooldown":#}}]}`},
	}
	ctx := context.Background()
	for _, a := range answers {
		for _, n := range []string{"2147483647", "2147483648", "9999999999", "-2147483649", "9223372036854775807"} {
			body := strings.Replace(a.body, "#", n, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/x-amz-json-1.1")
				_, _ = w.Write([]byte(body))
			}))
			endpoint := func(o *aas.Options) { o.BaseEndpoint = &srv.URL }
			var offErr, err error
			p, perr := autoscaling.NewFromConfig(awsConfig(http.DefaultTransport), func(o *autoscaling.Options) { o.Endpoint = srv.URL; o.Retry.MaxAttempts = 1 })
			if perr != nil {
				t.Fatal(perr)
			}
			switch a.op {
			case "DescribeScalableTargets":
				_, offErr = official(http.DefaultTransport).DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: types.ServiceNamespaceLambda}, endpoint)
				_, err = p.DescribeScalableTargets(ctx, &autoscaling.DescribeScalableTargetsInput{})
			case "DescribeScheduledActions":
				_, offErr = official(http.DefaultTransport).DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: types.ServiceNamespaceLambda}, endpoint)
				_, err = p.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{})
			case "DescribeScalingPolicies":
				_, offErr = official(http.DefaultTransport).DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: types.ServiceNamespaceLambda}, endpoint)
				_, err = p.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{})
			}
			srv.Close()
			if n == "2147483647" {
				if offErr != nil || err != nil {
					t.Errorf("%s with %s: official error %v, ours %v; want both to read it", a.field, n, offErr, err)
				}
				continue
			}
			if offErr == nil {
				t.Errorf("%s with %s: the official client read it", a.field, n)
			}
			if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(fmt.Sprint(err), a.field) {
				t.Errorf("%s with %s: err = %v, want ErrInvalidResponse naming the field", a.field, n, err)
			}
		}
	}
}

// overInt32 is 2^31 where int has 64 bits; on 32-bit platforms it wraps to
// a negative amount, which is refused under the same field.
var overInt32 = func() int { n := int64(1) << 31; return int(n) }()

// TestCapacitiesOutsideInt32RefusedBeforeSending: the official client's
// capacities and cooldowns are int32, so a larger one cannot be sent;
// provconc refuses it with an InputError naming the field, and nothing
// reaches the service.
func TestCapacitiesOutsideInt32RefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, sent := countingServer(t, 200, `{}`)
	p := newAgainst(t, srv.URL, 1)
	ctx := context.Background()
	one, over := 1, overInt32
	planWith := func(change func(*provconc.ScalingPlan)) *provconc.PutScalingInput {
		plan := acceptancePlan(t)
		change(&plan)
		return &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan}
	}
	bad := []struct {
		field string
		call  func() error
	}{
		{"MinCapacity", func() error {
			_, err := p.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: &over})
			return err
		}},
		{"MaxCapacity", func() error {
			_, err := p.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: &one, MaxCapacity: &over})
			return err
		}},
		{"ScalableTargetAction.MinCapacity", func() error {
			_, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: "a", Schedule: "rate(1 day)",
				ScalableTargetAction: &autoscaling.ScalableTargetAction{MinCapacity: &over}})
			return err
		}},
		{"ScalableTargetAction.MaxCapacity", func() error {
			_, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: "a", Schedule: "rate(1 day)",
				ScalableTargetAction: &autoscaling.ScalableTargetAction{MinCapacity: &one, MaxCapacity: &over}})
			return err
		}},
		{"TargetTrackingScalingPolicyConfiguration.ScaleInCooldown", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p",
				TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: 0.7, ScaleInCooldown: &over}})
			return err
		}},
		{"TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p",
				TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: 0.7, ScaleOutCooldown: &over}})
			return err
		}},
		{"Schedules[0].Executions", func() error {
			_, err := p.PutScaling(ctx, planWith(func(plan *provconc.ScalingPlan) { plan.Schedules[0].Executions = over }))
			return err
		}},
		{"Schedules[0].MaxCapacity", func() error {
			_, err := p.PutScaling(ctx, planWith(func(plan *provconc.ScalingPlan) { plan.Schedules[0].MaxCapacity = over }))
			return err
		}},
		{"Tracking.MaxCapacity", func() error {
			_, err := p.PutScaling(ctx, planWith(func(plan *provconc.ScalingPlan) { plan.Tracking.MaxCapacity = over }))
			return err
		}},
	}
	for _, b := range bad {
		var ie *provconc.InputError
		if err := b.call(); !errors.As(err, &ie) || ie.Field != b.field {
			t.Errorf("%s: %v, want an InputError on it", b.field, err)
		}
	}
	if got := sent.Load(); got != 0 {
		t.Errorf("%d requests reached the service, want 0", got)
	}
}
