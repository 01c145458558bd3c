// Interop tests: aws-sdk-go-v2's applicationautoscaling client and this
// package against the emulator (SigV4 verified under the signing name
// application-autoscaling), both ways: the official client drives the
// emulator, and the two clients send byte-identical bodies for the same
// calls and read the same answers.

package autoscaling_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/emulator"
)

var testCreds = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// fakeClock is the emulator's controllable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// sent is one request as it went on the wire.
type sent struct {
	Target, ContentType, Body string
}

// recorder records every request body before the emulator serves it.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []sent
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(req.Body)
	req.Body.Close()
	r.mu.Lock()
	r.reqs = append(r.reqs, sent{req.Header.Get("X-Amz-Target"), req.Header.Get("Content-Type"), string(body)})
	r.mu.Unlock()
	clone := req.Clone(req.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	return r.next.RoundTrip(clone)
}

// newEmulator is an emulator with function "orders", version 1 and alias
// "live", on clock (Monday 2026-01-05 06:00 UTC).
func newEmulator(t testing.TB, clock *fakeClock) *emulator.Server {
	t.Helper()
	verify := testCreds
	s := emulator.New(emulator.Options{Now: clock.Now, Seed: 7, Credentials: &verify, ReadyAfter: time.Minute,
		// The emulator runs on the test's clock, the signers on the real one.
		MaxClockSkew: emulator.NoClockSkewLimit})
	if err := s.CreateFunction("orders"); err != nil {
		t.Fatal(err)
	}
	v, err := s.PublishVersion("orders")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAlias("orders", "live", v); err != nil {
		t.Fatal(err)
	}
	return s
}

func awsConfig(rt http.RoundTripper) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.StaticCredentialsProvider{Value: testCreds},
		HTTPClient:   &http.Client{Transport: rt},
		BaseEndpoint: aws.String("http://autoscaling.test"),
	}
}

func official(rt http.RoundTripper) *aas.Client {
	return aas.NewFromConfig(awsConfig(rt), func(o *aas.Options) { o.RetryMaxAttempts = 1 })
}

func ours(t *testing.T, rt http.RoundTripper) *autoscaling.Protocol {
	t.Helper()
	p, err := autoscaling.NewFromConfig(awsConfig(rt), func(o *autoscaling.Options) { o.Retry.MaxAttempts = 1 })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// bothOnATarget returns this client and the official one on an emulator
// at monday0600, with resource registered (capacity 0-10) through ours.
func bothOnATarget(t *testing.T) (*autoscaling.Protocol, *aas.Client) {
	t.Helper()
	emu := newEmulator(t, &fakeClock{t: monday0600})
	p, c := ours(t, emu), official(emu)
	if _, err := p.RegisterScalableTarget(context.Background(), &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: aws.Int(0), MaxCapacity: aws.Int(10)}); err != nil {
		t.Fatal(err)
	}
	return p, c
}

var monday0600 = time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)

const resource = "function:orders:live"

// TestOfficialClientDrivesEmulator: the official client registers a target,
// schedules an action in a time zone, tracks utilization, reads them back,
// and the scheduled action changes the alias's provisioned concurrency when
// the emulator's clock reaches it.
func TestOfficialClientDrivesEmulator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: monday0600}
	emu := newEmulator(t, clock)
	c := official(emu)
	ns, dim := types.ServiceNamespaceLambda, types.ScalableDimensionLambdaFunctionProvisionedConcurrency

	if _, err := c.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{
		ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
		MinCapacity: aws.Int32(2), MaxCapacity: aws.Int32(50),
	}); err != nil {
		t.Fatal(err)
	}
	// Registering moves the amount into [2, 50].
	if cfg, ok := emu.ProvisionedConfig("orders", "live"); !ok || cfg.Requested != 2 {
		t.Fatalf("after RegisterScalableTarget: %+v %v, want 2 requested", cfg, ok)
	}
	if _, err := c.PutScheduledAction(ctx, &aas.PutScheduledActionInput{
		ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
		ScheduledActionName: aws.String("business-hours-start"), Schedule: aws.String("cron(0 8 ? * MON-FRI *)"),
		Timezone:             aws.String("Europe/Berlin"),
		ScalableTargetAction: &types.ScalableTargetAction{MinCapacity: aws.Int32(10), MaxCapacity: aws.Int32(50)},
	}); err != nil {
		t.Fatal(err)
	}
	pol, err := c.PutScalingPolicy(ctx, &aas.PutScalingPolicyInput{
		ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
		PolicyName: aws.String("utilization"), PolicyType: types.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &types.TargetTrackingScalingPolicyConfiguration{
			TargetValue:                   aws.Float64(0.7),
			PredefinedMetricSpecification: &types.PredefinedMetricSpecification{PredefinedMetricType: types.MetricTypeLambdaProvisionedConcurrencyUtilization},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pol.Alarms) != 2 || aws.ToString(pol.PolicyARN) == "" {
		t.Errorf("PutScalingPolicy answered %d alarms and ARN %q; want 2 and an ARN", len(pol.Alarms), aws.ToString(pol.PolicyARN))
	}

	actions, err := c.DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: ns, ResourceId: aws.String(resource)})
	if err != nil {
		t.Fatal(err)
	}
	if len(actions.ScheduledActions) != 1 {
		t.Fatalf("DescribeScheduledActions: %d actions, want 1", len(actions.ScheduledActions))
	}
	a := actions.ScheduledActions[0]
	if aws.ToString(a.Schedule) != "cron(0 8 ? * MON-FRI *)" || aws.ToString(a.Timezone) != "Europe/Berlin" ||
		aws.ToInt32(a.ScalableTargetAction.MinCapacity) != 10 || !a.CreationTime.Equal(monday0600) {
		t.Errorf("DescribeScheduledActions: %+v", a)
	}
	policies, err := c.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	if len(policies.ScalingPolicies) != 1 || aws.ToFloat64(policies.ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.TargetValue) != 0.7 {
		t.Errorf("DescribeScalingPolicies: %+v", policies.ScalingPolicies)
	}

	// 07:00 UTC is 08:00 in Berlin in January: the action fires.
	clock.Set(monday0600.Add(59 * time.Minute))
	if cfg, _ := emu.ProvisionedConfig("orders", "live"); cfg.Requested != 2 {
		t.Fatalf("06:59 UTC: requested %d, want 2 (not yet due)", cfg.Requested)
	}
	clock.Set(monday0600.Add(time.Hour))
	targets, err := c.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	if got := targets.ScalableTargets[0]; aws.ToInt32(got.MinCapacity) != 10 || aws.ToInt32(got.MaxCapacity) != 50 {
		t.Errorf("target after the action: min %d max %d, want 10 50", aws.ToInt32(got.MinCapacity), aws.ToInt32(got.MaxCapacity))
	}
	if cfg, _ := emu.ProvisionedConfig("orders", "live"); cfg.Requested != 10 || cfg.Status != emulator.StatusInProgress {
		t.Errorf("07:00 UTC: %+v, want 10 requested, IN_PROGRESS", cfg)
	}

	// Errors come typed: a missing action and a target value out of range.
	_, err = c.DeleteScheduledAction(ctx, &aas.DeleteScheduledActionInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), ScheduledActionName: aws.String("nope")})
	var notFound *types.ObjectNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DeleteScheduledAction of a missing action: %v, want ObjectNotFoundException", err)
	}
	_, err = c.PutScalingPolicy(ctx, &aas.PutScalingPolicyInput{
		ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource),
		PolicyName: aws.String("too-high"), PolicyType: types.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &types.TargetTrackingScalingPolicyConfiguration{
			TargetValue:                   aws.Float64(0.95),
			PredefinedMetricSpecification: &types.PredefinedMetricSpecification{PredefinedMetricType: types.MetricTypeLambdaProvisionedConcurrencyUtilization},
		},
	})
	var invalid *types.ValidationException
	if !errors.As(err, &invalid) {
		t.Errorf("PutScalingPolicy with TargetValue 0.95: %v, want ValidationException", err)
	}
	if _, err := c.DeregisterScalableTarget(ctx, &aas.DeregisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: ns, ResourceId: aws.String(resource)})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSameWireAsOfficialClient runs the same calls through both clients
// against identically seeded emulators: the request bodies must be equal
// byte for byte, and the answers equal once read.
func TestSameWireAsOfficialClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	offClock, ourClock := &fakeClock{t: monday0600}, &fakeClock{t: monday0600}
	offRec := &recorder{next: newEmulator(t, offClock)}
	ourRec := &recorder{next: newEmulator(t, ourClock)}
	off, our := official(offRec), ours(t, ourRec)
	ns, dim := types.ServiceNamespaceLambda, types.ScalableDimensionLambdaFunctionProvisionedConcurrency
	start := time.Date(2026, 2, 1, 0, 0, 0, 500_000_000, time.UTC)
	end := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)

	if _, err := off.RegisterScalableTarget(ctx, &aas.RegisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), MinCapacity: aws.Int32(0), MaxCapacity: aws.Int32(40)}); err != nil {
		t.Fatal(err)
	}
	if _, err := our.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: aws.Int(0), MaxCapacity: aws.Int(40)}); err != nil {
		t.Fatal(err)
	}
	names := []string{"a <&> night", "b-morning", "c-once"}
	schedules := []string{"rate(2 hours)", "cron(30 7 ? * MON-FRI *)", "at(2026-03-01T09:00:00)"}
	for i, name := range names {
		if _, err := off.PutScheduledAction(ctx, &aas.PutScheduledActionInput{
			ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), ScheduledActionName: aws.String(name),
			Schedule: aws.String(schedules[i]), Timezone: aws.String("Asia/Tokyo"), StartTime: aws.Time(start), EndTime: aws.Time(end),
			ScalableTargetAction: &types.ScalableTargetAction{MinCapacity: aws.Int32(int32(i)), MaxCapacity: aws.Int32(30)},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := our.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{
			ResourceID: resource, ScheduledActionName: name, Schedule: schedules[i], Timezone: "Asia/Tokyo",
			StartTime: &autoscaling.EpochTime{Time: start}, EndTime: &autoscaling.EpochTime{Time: end},
			ScalableTargetAction: &autoscaling.ScalableTargetAction{MinCapacity: aws.Int(i), MaxCapacity: aws.Int(30)},
		}); err != nil {
			t.Fatal(err)
		}
	}
	cooldown := int32(60)
	if _, err := off.PutScalingPolicy(ctx, &aas.PutScalingPolicyInput{
		ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), PolicyName: aws.String("track"), PolicyType: types.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &types.TargetTrackingScalingPolicyConfiguration{
			TargetValue: aws.Float64(0.75), ScaleInCooldown: &cooldown, DisableScaleIn: aws.Bool(false),
			PredefinedMetricSpecification: &types.PredefinedMetricSpecification{PredefinedMetricType: types.MetricTypeLambdaProvisionedConcurrencyUtilization},
		},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := our.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		PolicyName: "track", PolicyType: "TargetTrackingScaling", ResourceID: resource,
		TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: 0.75, ScaleInCooldown: aws.Int(60), DisableScaleIn: aws.Bool(false)},
	}); err != nil {
		t.Fatal(err)
	}

	// Pages of one action each: both walk the same tokens.
	var offNames, ourNames []string
	op := aas.NewDescribeScheduledActionsPaginator(off, &aas.DescribeScheduledActionsInput{ServiceNamespace: ns, ResourceId: aws.String(resource), ScalableDimension: dim, MaxResults: aws.Int32(1)})
	for op.HasMorePages() {
		page, err := op.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.ScheduledActions {
			offNames = append(offNames, aws.ToString(a.ScheduledActionName)+" "+aws.ToString(a.Schedule)+" "+a.StartTime.UTC().Format(time.RFC3339Nano)+" "+a.EndTime.UTC().Format(time.RFC3339))
		}
	}
	pp := autoscaling.NewDescribeScheduledActionsPaginator(our, &autoscaling.DescribeScheduledActionsInput{ResourceID: resource, MaxResults: 1})
	for pp.HasMorePages() {
		page, err := pp.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.ScheduledActions {
			ourNames = append(ourNames, a.ScheduledActionName+" "+a.Schedule+" "+a.StartTime.UTC().Format(time.RFC3339Nano)+" "+a.EndTime.UTC().Format(time.RFC3339))
		}
	}
	if len(offNames) != 3 {
		t.Fatalf("official paginator read %d actions, want 3", len(offNames))
	}
	if d := cmp.Diff(offNames, ourNames); d != "" {
		t.Errorf("scheduled actions differ (-official +ours):\n%s", d)
	}
	offPol, err := off.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: ns, ResourceId: aws.String(resource), ScalableDimension: dim})
	if err != nil {
		t.Fatal(err)
	}
	ourPol, err := our.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{ResourceID: resource})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := offPol.ScalingPolicies[0], ourPol.ScalingPolicies[0]; aws.ToString(a.PolicyARN) != b.PolicyARN || len(a.Alarms) != len(b.Alarms) ||
		aws.ToFloat64(a.TargetTrackingScalingPolicyConfiguration.TargetValue) != b.TargetTrackingScalingPolicyConfiguration.TargetValue {
		t.Errorf("policies differ: official %+v, ours %+v", a, b)
	}
	offT, err := off.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceIds: []string{resource}})
	if err != nil {
		t.Fatal(err)
	}
	ourT, err := our.DescribeScalableTargets(ctx, &autoscaling.DescribeScalableTargetsInput{ResourceIDs: []string{resource}})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := offT.ScalableTargets[0], ourT.ScalableTargets[0]; aws.ToString(a.ScalableTargetARN) != b.ScalableTargetARN || aws.ToInt32(a.MaxCapacity) != int32(b.MaxCapacity) || !a.CreationTime.Equal(b.CreationTime.Time) {
		t.Errorf("targets differ: official %+v, ours %+v", a, b)
	}
	// Every target: no dimension without resource ids, as the official
	// client sends it.
	if _, err := off.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: ns}); err != nil {
		t.Fatal(err)
	}
	if _, err := our.DescribeScalableTargets(ctx, &autoscaling.DescribeScalableTargetsInput{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if _, err := off.DeleteScheduledAction(ctx, &aas.DeleteScheduledActionInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), ScheduledActionName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		if _, err := our.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{ResourceID: resource, ScheduledActionName: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := off.DeleteScalingPolicy(ctx, &aas.DeleteScalingPolicyInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource), PolicyName: aws.String("track")}); err != nil {
		t.Fatal(err)
	}
	if _, err := our.DeleteScalingPolicy(ctx, &autoscaling.DeleteScalingPolicyInput{ResourceID: resource, PolicyName: "track"}); err != nil {
		t.Fatal(err)
	}
	if _, err := off.DeregisterScalableTarget(ctx, &aas.DeregisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource)}); err != nil {
		t.Fatal(err)
	}
	if _, err := our.DeregisterScalableTarget(ctx, &autoscaling.DeregisterScalableTargetInput{ResourceID: resource}); err != nil {
		t.Fatal(err)
	}
	// The same error, read by both.
	_, offErr := off.DeregisterScalableTarget(ctx, &aas.DeregisterScalableTargetInput{ServiceNamespace: ns, ScalableDimension: dim, ResourceId: aws.String(resource)})
	_, ourErr := our.DeregisterScalableTarget(ctx, &autoscaling.DeregisterScalableTargetInput{ResourceID: resource})
	var offNF *types.ObjectNotFoundException
	var apiErr *provconc.APIError
	if !errors.As(offErr, &offNF) || !errors.As(ourErr, &apiErr) || apiErr.Code != "ObjectNotFoundException" ||
		apiErr.Message != offNF.ErrorMessage() || !errors.Is(ourErr, provconc.ErrResourceNotFound) {
		t.Errorf("missing target: official %v, ours %v", offErr, ourErr)
	}

	if d := cmp.Diff(offRec.reqs, ourRec.reqs); d != "" {
		t.Errorf("requests differ (-official +ours):\n%s", d)
	}
}
