package telemetry

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"
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
		// The global delegating providers, passed explicitly before any SDK
		// is installed (this process installs none; the test that does runs
		// in a process of its own).
		"global passed": {TracerProvider: otel.GetTracerProvider(), MeterProvider: otel.GetMeterProvider()},
		"noop":          {TracerProvider: tracenoop.NewTracerProvider(), MeterProvider: metricnoop.NewMeterProvider()},
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
		// An HTTP failure with no service code is named by its status.
		{&provconc.APIError{StatusCode: 502, Kind: provconc.ErrService}, "502"},
		{&provconc.RetryExhaustedError{Err: &provconc.APIError{StatusCode: 503, Kind: provconc.ErrService}}, "503"},
		{&provconc.APIError{StatusCode: 307}, "307"},
		// SCF's read of a version with no config: no code, an HTTP 200.
		{&provconc.APIError{StatusCode: 200, Kind: provconc.ErrProvisionedConcurrencyConfigNotFound}, "_OTHER"},
		// A code is what the server sent: cut as every shown value is.
		{&provconc.APIError{Code: strings.Repeat("C", 1<<20), StatusCode: 400}, strings.Repeat("C", 160) + "…"},
		{context.DeadlineExceeded, "timeout"},
		{context.Canceled, "canceled"},
		{errors.New("boom"), "_OTHER"},
	} {
		if got := errorType(tc.err); got != tc.want {
			t.Errorf("errorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// A caller that passes the global delegating providers explicitly (taken
// from otel.GetTracerProvider and otel.GetMeterProvider while building its
// clients, before main installs the SDK) gets spans and metrics once the SDK
// is installed: the delegates forward to it from then on.
func TestGlobalDelegatesPassedExplicitlyRecordOnceInstalled(t *testing.T) {
	if inFreshProcess(t) {
		return
	}
	tel := New(Settings{
		TracerProvider: otel.GetTracerProvider(), MeterProvider: otel.GetMeterProvider(),
		System: "aws-api", Service: "Lambda", Region: "us-east-1", RequestIDKey: "aws.request_id",
	})
	ctx := context.Background()
	if _, op := tel.Start(ctx, "GetProvisionedConcurrencyConfig"); op != nil {
		t.Fatal("an operation was started before any SDK was installed")
	}

	recorder := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder)))
	reader := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))

	c, op := tel.Start(ctx, "GetProvisionedConcurrencyConfig")
	OnAttempt(c, retry.Attempt{Number: 1, StatusCode: 200})
	op.End(c, &provconc.GetOutput{Metadata: provconc.Metadata{RequestID: "req-1"}}, nil)

	if spans := recorder.Ended(); len(spans) != 1 || spans[0].Name() != "Lambda.GetProvisionedConcurrencyConfig" {
		t.Errorf("after the SDK was installed: %d spans, want 1 named Lambda.GetProvisionedConcurrencyConfig", len(spans))
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	var attempts int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == metricAttempts {
				for _, dp := range sum.DataPoints {
					attempts += dp.Value
				}
			}
		}
	}
	if attempts != 1 {
		t.Errorf("after the SDK was installed: %s = %d, want 1", metricAttempts, attempts)
	}
}

// inFreshProcess runs the calling test again in a child process of the test
// binary and reports true in the parent, which then has nothing more to do;
// in the child it reports false, and the test runs. A test that installs
// global OpenTelemetry providers needs a process of its own: the global
// delegates forward to the first provider ever installed, and only once.
func inFreshProcess(t *testing.T) bool {
	t.Helper()
	const env = "PROVCONC_TELEMETRY_CHILD"
	if os.Getenv(env) == t.Name() {
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), env+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("in a fresh process: %v\n%s", err, out)
	}
	return true
}

// The durations are histograms in seconds, so they carry the bucket
// boundaries the semantic conventions advise for them (those of
// semconv/v1.43.0's rpc.client.call.duration): the SDK's default
// boundaries are made for milliseconds and would put every call shorter
// than 5 s in one bucket.
func TestDurationHistogramsHaveSecondsBuckets(t *testing.T) {
	want := histogramBounds(t, func(m metric.Meter) {
		d, err := rpcconv.NewClientCallDuration(m)
		if err != nil {
			t.Fatal(err)
		}
		d.Record(context.Background(), 0.02, rpcconv.SystemNameAttr("aws-api"))
	})["rpc.client.call.duration"]
	if len(want) == 0 {
		t.Fatal("the semantic conventions' instrument has no boundaries")
	}
	got := histogramBounds(t, func(m metric.Meter) {
		ms := newMeters(m)
		ms.duration.Record(context.Background(), 0.02)
		ms.rateLimitWait.Record(context.Background(), 0.02)
	})
	for _, name := range []string{metricDuration, metricRateLimitWait} {
		if !slices.Equal(got[name], want) {
			t.Errorf("%s bucket boundaries = %v; want %v", name, got[name], want)
		}
	}
}

// histogramBounds records through a meter of a fresh SDK and returns the
// bucket boundaries of each histogram collected.
func histogramBounds(t *testing.T, record func(metric.Meter)) map[string][]float64 {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	record(mp.Meter("test"))
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	bounds := map[string][]float64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && len(h.DataPoints) > 0 {
				bounds[m.Name] = h.DataPoints[0].Bounds
			}
		}
	}
	return bounds
}

// server.address and server.port come from the endpoint, with the scheme's
// port when the URL names none.
func TestServerAttributesFromTheEndpoint(t *testing.T) {
	for endpoint, want := range map[string][2]any{
		"https://lambda.us-east-1.amazonaws.com": {"lambda.us-east-1.amazonaws.com", int64(443)},
		"http://127.0.0.1:4566/prefix":           {"127.0.0.1", int64(4566)},
		"http://localstack":                      {"localstack", int64(80)},
		"https://[::1]:8443":                     {"::1", int64(8443)},
	} {
		tel := New(Settings{Endpoint: endpoint})
		got := map[attribute.Key]any{}
		for _, kv := range tel.common {
			got[kv.Key] = kv.Value.AsInterface()
		}
		if got["server.address"] != want[0] || got["server.port"] != want[1] {
			t.Errorf("%s: server.address %v, server.port %v; want %v and %v", endpoint, got["server.address"], got["server.port"], want[0], want[1])
		}
	}
}
