package autoscaling_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
)

func acceptancePlan(t *testing.T) provconc.ScalingPlan {
	t.Helper()
	s, err := provconc.WeeklyWindow{
		Name: "business-hours", Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		From: "08:00", To: "20:00", TimeZone: "Europe/Berlin", Executions: 10, Outside: 2,
	}.Schedules()
	if err != nil {
		t.Fatal(err)
	}
	return provconc.ScalingPlan{Schedules: s, Tracking: &provconc.TrackingPolicy{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}}
}

// TestPutScalingOnEmulator applies the acceptance plan, reads it back with
// both clients, lets the schedules run through a summer week (Berlin on
// UTC+2), replaces the plan, and deletes it.
func TestPutScalingOnEmulator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	monday := time.Date(2026, 7, 6, 4, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: monday}
	emu := newEmulator(t, clock)
	// Utilization is measured (nothing in use), so tracking may scale in
	// to the evening minimum; without data it could not.
	if err := emu.SetConcurrencyInUse("orders", "live", 0); err != nil {
		t.Fatal(err)
	}
	p := ours(t, emu)
	plan := acceptancePlan(t)

	out, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan})
	if err != nil {
		t.Fatal(err)
	}
	// Register; one page each of actions and policies, to see what is
	// there; two actions and one policy; the pages again, to prune.
	if len(out.Metadata) != 8 {
		t.Errorf("PutScaling made %d calls, want 8", len(out.Metadata))
	}
	got, err := p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(plan, got.Plan); d != "" {
		t.Errorf("GetScaling (-put +got):\n%s", d)
	}
	actions, err := official(emu).DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: "lambda", ResourceId: aws.String(resource)})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, a := range actions.ScheduledActions {
		seen = append(seen, fmt.Sprintf("%s %s %s %d-%d", *a.ScheduledActionName, *a.Schedule, *a.Timezone, *a.ScalableTargetAction.MinCapacity, *a.ScalableTargetAction.MaxCapacity))
	}
	want := []string{
		"business-hours-start cron(0 8 ? * MON-FRI *) Europe/Berlin 10-50",
		"business-hours-end cron(0 20 ? * MON-FRI *) Europe/Berlin 2-50",
	}
	if d := cmp.Diff(want, seen); d != "" {
		t.Errorf("actions as the official client reads them (-want +got):\n%s", d)
	}

	// In July 08:00 Berlin is 06:00 UTC and 20:00 is 18:00 UTC.
	for _, step := range []struct {
		at       time.Time
		amount   int
		min, max int
	}{
		{monday, 2, 2, 50},
		{monday.Add(2*time.Hour - time.Second), 2, 2, 50},
		{monday.Add(2 * time.Hour), 10, 10, 50},
		{monday.Add(14 * time.Hour), 2, 2, 50},
		{monday.Add(5*24*time.Hour + 2*time.Hour), 2, 2, 50}, // Saturday: no action
		{monday.Add(7*24*time.Hour + 2*time.Hour), 10, 10, 50},
	} {
		clock.Set(step.at)
		lo, hi, ok := emu.ScalableTargetBounds("orders", "live")
		cfg, _ := emu.ProvisionedConfig("orders", "live")
		if !ok || lo != step.min || hi != step.max || cfg.Requested != step.amount {
			t.Errorf("%v: bounds %d-%d (%v), amount %d; want %d-%d, %d", step.at, lo, hi, ok, cfg.Requested, step.min, step.max, step.amount)
		}
	}
	// Tracking reacts to the concurrency in use: 21 in use at 70% asks 30.
	if err := emu.SetConcurrencyInUse("orders", "live", 21); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := emu.ProvisionedConfig("orders", "live"); cfg.Requested != 30 {
		t.Errorf("21 in use at 0.7: amount %d, want 30", cfg.Requested)
	}

	// A smaller plan replaces the first: the end action and the policy go.
	small := provconc.ScalingPlan{Schedules: []provconc.Schedule{{Name: "business-hours-start", Expression: "cron(0 9 ? * MON *)", Executions: 5}}}
	if _, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders:live", Plan: small}); err != nil {
		t.Fatal(err)
	}
	got, err = p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(small, got.Plan); d != "" {
		t.Errorf("after replacing (-put +got):\n%s", d)
	}
	// Bounds are cleared too, though PutScheduledAction keeps what it is
	// not sent.
	bounded := provconc.ScalingPlan{Schedules: []provconc.Schedule{small.Schedules[0]}}
	bounded.Schedules[0].Start = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	bounded.Schedules[0].End = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, plan := range []provconc.ScalingPlan{bounded, small} {
		if _, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan}); err != nil {
			t.Fatal(err)
		}
		got, err = p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live"})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(plan, got.Plan); d != "" {
			t.Errorf("bounds (-put +got):\n%s", d)
		}
	}
	if _, err := p.DeleteScaling(ctx, &provconc.DeleteScalingInput{FunctionName: "orders", Qualifier: "live"}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := emu.ScalableTargetBounds("orders", "live"); ok {
		t.Error("target still registered after DeleteScaling")
	}
	// Deleting again finds nothing to remove and succeeds.
	if _, err := p.DeleteScaling(ctx, &provconc.DeleteScalingInput{FunctionName: "orders", Qualifier: "live"}); err != nil {
		t.Errorf("second DeleteScaling: %v", err)
	}
	got, err = p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live"})
	if err != nil || len(got.Plan.Schedules) != 0 || got.Plan.Tracking != nil {
		t.Errorf("GetScaling after delete: %+v, %v", got, err)
	}
}

// countingServer answers every request with status and body and counts
// the requests.
func countingServer(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-RequestId", "req-1")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func newAgainst(t *testing.T, url string, attempts int) *autoscaling.Protocol {
	t.Helper()
	p, err := autoscaling.New(autoscaling.Options{
		Region: "eu-central-1", Credentials: aws.AnonymousCredentials{}, Endpoint: url,
		// Unpaced: these tests count one call's attempts, a throttle's
		// among them, as the standard retry mode makes them.
		Retry: retry.Options{MaxAttempts: attempts, DisableRateLimit: true, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestErrorKinds: each documented error, in the body shape of the
// official client's snapshots, maps onto its sentinel with code, message
// and request id.
func TestErrorKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code   string
		status int
		kind   error
		tries  int32
	}{
		{"ValidationException", 400, provconc.ErrInvalidParameterValue, 1},
		{"ObjectNotFoundException", 400, provconc.ErrResourceNotFound, 1},
		{"ConcurrentUpdateException", 400, provconc.ErrResourceConflict, 1},
		{"LimitExceededException", 400, provconc.ErrInvalidParameterValue, 1},
		{"FailedResourceAccessException", 400, provconc.ErrAccessDenied, 1},
		{"InvalidNextTokenException", 400, provconc.ErrInvalidParameterValue, 1},
		{"InternalServiceException", 500, provconc.ErrService, 3},
		{"ThrottlingException", 400, provconc.ErrTooManyRequests, 3},
	} {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			srv, n := countingServer(t, tc.status, `{"__type":"`+tc.code+`","Message":"__Message__"}`)
			_, err := newAgainst(t, srv.URL, 3).DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{})
			var apiErr *provconc.APIError
			if !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Message != "__Message__" || apiErr.RequestID != "req-1" || !errors.Is(err, tc.kind) {
				t.Errorf("err = %v, want %s matching %v", err, tc.code, tc.kind)
			}
			if got := n.Load(); got != tc.tries {
				t.Errorf("%d attempts, want %d", got, tc.tries)
			}
			if tc.tries > 1 && !errors.Is(err, provconc.ErrRetryExhausted) {
				t.Errorf("err = %v, want retries exhausted", err)
			}
		})
	}
	// A code in the header wins, with its suffix stripped; a proxy's page
	// says what came.
	srv, _ := countingServer(t, 400, `{"__type":"com.amazon#Other","Message":"m"}`)
	_, err := newAgainst(t, srv.URL, 1).DescribeScalingPolicies(context.Background(), &autoscaling.DescribeScalingPoliciesInput{})
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "Other" || apiErr.Kind != nil {
		t.Errorf("namespaced code: %v", err)
	}
	srv, _ = countingServer(t, 502, `<html>bad gateway</html>`)
	_, err = newAgainst(t, srv.URL, 1).DescribeScheduledActions(context.Background(), &autoscaling.DescribeScheduledActionsInput{})
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "unexpected HTTP 502") || !errors.Is(err, provconc.ErrService) {
		t.Errorf("gateway page: %v", err)
	}
	srv, _ = countingServer(t, 200, `{"ScheduledActions":[{"CreationTime":"yesterday"}]}`)
	_, err = newAgainst(t, srv.URL, 1).DescribeScheduledActions(context.Background(), &autoscaling.DescribeScheduledActionsInput{})
	if !errors.Is(err, provconc.ErrInvalidResponse) {
		t.Errorf("bad timestamp: %v, want ErrInvalidResponse", err)
	}
}

// TestInputRefusedBeforeSending: bad input is refused with an InputError
// naming the field, and nothing reaches the service.
func TestInputRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, n := countingServer(t, 200, `{}`)
	p := newAgainst(t, srv.URL, 1)
	ctx := context.Background()
	bad := []struct {
		field string
		call  func() error
	}{
		{"ResourceID", func() error {
			_, err := p.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: "orders:live"})
			return err
		}},
		{"MaxCapacity", func() error {
			_, err := p.RegisterScalableTarget(ctx, &autoscaling.RegisterScalableTargetInput{ResourceID: resource, MinCapacity: aws.Int(5), MaxCapacity: aws.Int(4)})
			return err
		}},
		{"Schedules[0].Expression", func() error {
			_, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: "a", Schedule: "cron(0 8 * * * *)"})
			return err
		}},
		{"Schedules[0].TimeZone", func() error {
			_, err := p.PutScheduledAction(ctx, &autoscaling.PutScheduledActionInput{ResourceID: resource, ScheduledActionName: "a", Schedule: "rate(1 hour)", Timezone: "Europe/Nowhere"})
			return err
		}},
		{"ScheduledActionName", func() error {
			_, err := p.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{ResourceID: resource, ScheduledActionName: "a/b"})
			return err
		}},
		{"TargetTrackingScalingPolicyConfiguration.TargetValue", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p", TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: 0.05}})
			return err
		}},
		{"TargetTrackingScalingPolicyConfiguration.TargetValue", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p", TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: math.NaN()}})
			return err
		}},
		{"TargetTrackingScalingPolicyConfiguration.TargetValue", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p", TargetTrackingScalingPolicyConfiguration: &autoscaling.TargetTrackingConfiguration{TargetValue: math.Inf(1),
				PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: "ALBRequestCountPerTarget"}}})
			return err
		}},
		{"PolicyType", func() error {
			_, err := p.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{ResourceID: resource, PolicyName: "p", PolicyType: "StepScaling"})
			return err
		}},
		{"MaxResults", func() error {
			_, err := p.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{MaxResults: 51})
			return err
		}},
		{"MaxResults", func() error { // DescribeScalingPolicies takes 1-10 (API reference)
			_, err := p.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{MaxResults: 11})
			return err
		}},
		{"Qualifier", func() error {
			_, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "$LATEST", Plan: acceptancePlan(t)})
			return err
		}},
		{"Tracking.TargetUtilization", func() error {
			plan := acceptancePlan(t)
			plan.Tracking.TargetUtilization = 0.95
			_, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: "live", Plan: plan})
			return err
		}},
		{"Extension", func() error {
			_, err := p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: "live", Extension: fakeExtension{}})
			return err
		}},
	}
	for _, b := range bad {
		var ie *provconc.InputError
		if err := b.call(); !errors.As(err, &ie) || ie.Field != b.field {
			t.Errorf("%s: %v, want an InputError on it", b.field, err)
		}
	}
	if got := n.Load(); got != 0 {
		t.Errorf("%d requests reached the service, want 0", got)
	}
}

type fakeExtension struct{}

func (fakeExtension) Provider() string { return "other" }

// TestPaginatorStopsOnRepeatedToken: a service that hands back a token it
// gave before ends the walk with ErrRepeatedMarker.
func TestPaginatorStopsOnRepeatedToken(t *testing.T) {
	t.Parallel()
	srv, n := countingServer(t, 200, `{"NextToken":"same","ScalingPolicies":[]}`)
	pg := autoscaling.NewDescribeScalingPoliciesPaginator(newAgainst(t, srv.URL, 1), nil)
	var err error
	for pg.HasMorePages() && err == nil {
		_, err = pg.NextPage(context.Background())
	}
	if !errors.Is(err, provconc.ErrRepeatedMarker) || n.Load() != 2 {
		t.Errorf("err %v after %d pages, want ErrRepeatedMarker after 2", err, n.Load())
	}
}

// TestSignedForApplicationAutoScaling: the emulator checks the SigV4
// scope; a request signed for Lambda is refused.
func TestSignedForApplicationAutoScaling(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: monday0600}
	emu := newEmulator(t, clock)
	if _, err := ours(t, emu).DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{}); err != nil {
		t.Fatalf("signed request refused: %v", err)
	}
	wrongKey := aws.Credentials{AccessKeyID: testCreds.AccessKeyID, SecretAccessKey: "wrong"}
	p, err := autoscaling.New(autoscaling.Options{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return wrongKey, nil }),
		HTTPClient: emu.Client(), Endpoint: "http://x", Retry: retry.Options{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{})
	if !errors.Is(err, provconc.ErrAccessDenied) {
		t.Errorf("wrong key: %v, want ErrAccessDenied", err)
	}
	_ = emulator.StatusReady
}
