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
