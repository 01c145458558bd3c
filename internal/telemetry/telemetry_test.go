package telemetry

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
)

// With the global providers of a process that installed no SDK, or with
// the no-op ones, an operation costs no allocation: Start hands back the
// caller's context and a nil Operation, and the attempt hook finds nothing.
func TestNothingCollectedAllocatesNothing(t *testing.T) {
	for name, s := range map[string]Settings{
		"global": {},
		"noop":   {TracerProvider: tracenoop.NewTracerProvider(), MeterProvider: metricnoop.NewMeterProvider()},
	} {
		s.System, s.Service, s.Region, s.RequestIDKey = "aws-api", "Lambda", "us-east-1", attribute.Key("aws.request_id")
		tel := New(s)
		ctx := context.Background()
		allocs := testing.AllocsPerRun(100, func() {
			c, op := tel.Start(ctx, "GetProvisionedConcurrencyConfig")
			OnAttempt(c, retry.Attempt{Number: 1, StatusCode: 200})
			op.End(c, &provconc.GetOutput{}, nil)
			if c != ctx || op != nil {
				t.Fatalf("%s: Start gave a new context or an operation", name)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per operation, want 0", name, allocs)
		}
	}
}

// The global providers are recognised as the delegating ones; were their
// type to change in a new OpenTelemetry release, this fails rather than
// every call silently paying for spans nobody records.
func TestGlobalProvidersAreRecognised(t *testing.T) {
	if globalTracerProviderType == nil || globalMeterProviderType == nil {
		t.Fatalf("the global providers' types were not recognised: %v, %v", globalTracerProviderType, globalMeterProviderType)
	}
}

func TestErrorType(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&provconc.APIError{Code: "TooManyRequestsException"}, "TooManyRequestsException"},
		{&provconc.RetryExhaustedError{Err: &provconc.APIError{Code: "RequestLimitExceeded"}}, "RequestLimitExceeded"},
		{provconc.NewInputError("Qualifier", "x y", "must match"), "InputError"},
		{context.DeadlineExceeded, "timeout"},
		{context.Canceled, "canceled"},
		{errors.New("boom"), "_OTHER"},
	} {
		if got := errorType(tc.err); got != tc.want {
			t.Errorf("errorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
