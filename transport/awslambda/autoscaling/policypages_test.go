package autoscaling_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// TestScalingPoliciesPageOfTen: DescribeScalingPolicies' MaxResults "can
// be between 1 and 10. The default value is 10" (API reference). The
// emulator answers the official client ten at a time and refuses 11; this
// client's paginator reads all twelve.
func TestScalingPoliciesPageOfTen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, c := bothOnATarget(t)
	for i := range 12 {
		if _, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p" + strconv.Itoa(i),
			TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: 0.7}}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := c.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: types.ServiceNamespaceLambda})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.ScalingPolicies) != 10 || aws.ToString(first.NextToken) == "" {
		t.Errorf("first page: %d policies, NextToken %q; want 10 and a token", len(first.ScalingPolicies), aws.ToString(first.NextToken))
	}
	_, err = c.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: types.ServiceNamespaceLambda, MaxResults: aws.Int32(11)})
	if ve := (*types.ValidationException)(nil); !errors.As(err, &ve) {
		t.Errorf("MaxResults 11: %v, want a ValidationException", err)
	}
	n := 0
	pages := autoscaling.NewDescribeScalingPoliciesPaginator(p, &autoscaling.DescribeScalingPoliciesInput{ResourceID: resource})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.ScalingPolicies)
	}
	if n != 12 {
		t.Errorf("paginator read %d policies, want 12", n)
	}
}
