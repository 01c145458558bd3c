package autoscaling_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// TestNamePatterns: the names the service's model allows reach the
// emulator and are kept, through this client and the official one, and
// the ones it refuses are refused by this client before sending and by
// the emulator. ScheduledActionName: 1-256 characters (not bytes),
// none of [:/|] or control characters, no space at either end. PolicyName:
// \p{Print}+, printable ASCII, so ':', '/', '|' and end spaces are
// allowed (botocore application-autoscaling 2016-02-06).
func TestNamePatterns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, c := bothOnATarget(t)
	tracking := func() *autoscaling.TargetTrackingConfiguration {
		return &autoscaling.TargetTrackingConfiguration{TargetValue: 0.7}
	}
	officialTracking := &types.TargetTrackingScalingPolicyConfiguration{TargetValue: aws.Float64(0.7),
		PredefinedMetricSpecification: &types.PredefinedMetricSpecification{PredefinedMetricType: types.MetricTypeLambdaProvisionedConcurrencyUtilization}}
	ns, dim := types.ServiceNamespaceLambda, types.ScalableDimensionLambdaFunctionProvisionedConcurrency

	for _, name := range []string{strings.Repeat("é", 256), "ä-1"} {
		if _, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: name, Schedule: "rate(1 day)"}); err != nil {
			t.Errorf("ScheduledActionName %.12q…: %v, want accepted", name, err)
		}
	}
	for _, name := range []string{"team/orders:pc|1", " padded ", strings.Repeat("p", 256)} {
		if _, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: name, TargetTrackingScalingPolicyConfiguration: tracking()}); err != nil {
			t.Errorf("PolicyName %.12q: %v, want accepted", name, err)
		}
		if _, err := p.DeleteScalingPolicy(ctx, &autoscaling.DeleteScalingPolicyInput{ResourceID: resource, PolicyName: name}); err != nil {
			t.Errorf("DeleteScalingPolicy %.12q: %v", name, err)
		}
	}

	for _, name := range []string{"pé", "p\tq", strings.Repeat("p", 257)} {
		var ie *provconc.InputError
		_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: name, TargetTrackingScalingPolicyConfiguration: tracking()})
		if !errors.As(err, &ie) || ie.Field != "PolicyName" {
			t.Errorf("PolicyName %.12q: %v, want an InputError on PolicyName", name, err)
		}
		_, err = c.PutScalingPolicy(ctx, &aas.PutScalingPolicyInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
			PolicyName: aws.String(name), PolicyType: types.PolicyTypeTargetTrackingScaling, TargetTrackingScalingPolicyConfiguration: officialTracking})
		if ve := (*types.ValidationException)(nil); !errors.As(err, &ve) {
			t.Errorf("emulator took PolicyName %.12q: %v, want a ValidationException", name, err)
		}
	}
	for _, name := range []string{" lead", "trail ", "a\x7fb", strings.Repeat("é", 257)} {
		var ie *provconc.InputError
		_, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: name, Schedule: "rate(1 day)"})
		if !errors.As(err, &ie) || ie.Field != "ScheduledActionName" {
			t.Errorf("ScheduledActionName %.12q: %v, want an InputError on it", name, err)
		}
		_, err = c.PutScheduledAction(ctx, &aas.PutScheduledActionInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
			ScheduledActionName: aws.String(name), Schedule: aws.String("rate(1 day)")})
		if ve := (*types.ValidationException)(nil); !errors.As(err, &ve) {
			t.Errorf("emulator took ScheduledActionName %.12q: %v, want a ValidationException", name, err)
		}
	}
}
