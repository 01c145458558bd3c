// OpenTelemetry, held against the OpenTelemetry SDK: the spans and metrics
// both protocols give a service that installs it, recorded by the SDK's
// in-memory span recorder and manual metric reader.

package reliability

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jarcoal/httpmock"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// telemetryCase is one cloud's client behind a mock that throttles the
// first attempt of each call and answers the second.
type telemetryCase struct {
	name, spanName, system, service, requestIDKey, requestID string
	// notFoundCode is the service's code for a config that is not there.
	notFoundCode string
	build        func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp *sdkmetric.MeterProvider) *provconc.Client
	respond      func(call int32, found bool) *http.Response
}

func telemetryCases() []telemetryCase {
	return []telemetryCase{
		{
			name: "aws", spanName: "Lambda.GetProvisionedConcurrencyConfig", system: "aws-api", service: "Lambda",
			requestIDKey: "aws.request_id", requestID: "req-ok", notFoundCode: "ProvisionedConcurrencyConfigNotFoundException",
			build: func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp *sdkmetric.MeterProvider) *provconc.Client {
				opts := func(o *awslambda.Options) {
					o.Retry.Sleep = noSleep
					if tp != nil {
						o.TracerProvider = tp
					}
					if mp != nil {
						o.MeterProvider = mp
					}
				}
				c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: hc}, opts)
				if err != nil {
					t.Fatal(err)
				}
				return c
			},
			respond: func(call int32, found bool) *http.Response {
				switch {
				case call%2 == 1:
					resp := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
					resp.Header.Set("X-Amzn-ErrorType", "TooManyRequestsException")
					resp.Header.Set("X-Amzn-RequestId", "req-throttled")
					return resp
				case !found:
					resp := httpmock.NewStringResponse(http.StatusNotFound, `{"Type":"User","message":"No Provisioned Concurrency Config found for this function"}`)
					resp.Header.Set("X-Amzn-ErrorType", "ProvisionedConcurrencyConfigNotFoundException")
					resp.Header.Set("X-Amzn-RequestId", "req-missing")
					return resp
				}
				resp := httpmock.NewStringResponse(http.StatusOK, `{"AllocatedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":5,"LastModified":"2024-05-01T12:00:00+0000","RequestedProvisionedConcurrentExecutions":5,"Status":"READY"}`)
				resp.Header.Set("X-Amzn-RequestId", "req-ok")
				return resp
			},
		},
		{
			name: "tencent", spanName: "scf.GetProvisionedConcurrencyConfig", system: "tencentcloud-api", service: "scf",
			requestIDKey: "tencentcloud.request_id", requestID: "scf-req-ok", notFoundCode: "ResourceNotFound.FunctionVersion",
			build: func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp *sdkmetric.MeterProvider) *provconc.Client {
				opts := tencentscf.Options{
					Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("AKIDEXAMPLE", "secret", ""), HTTPClient: hc,
					Retry: retry.Options{Sleep: noSleep},
				}
				if tp != nil {
					opts.TracerProvider = tp
				}
				if mp != nil {
					opts.MeterProvider = mp
				}
				c, err := newSCFClient(opts)
				if err != nil {
					t.Fatal(err)
				}
				return c
			},
			respond: func(call int32, found bool) *http.Response {
				switch {
				case call%2 == 1:
					return httpmock.NewStringResponse(http.StatusOK, `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too many"},"RequestId":"scf-req-throttled"}}`)
				case !found:
					return httpmock.NewStringResponse(http.StatusOK, `{"Response":{"Error":{"Code":"ResourceNotFound.FunctionVersion","Message":"no such version"},"RequestId":"scf-req-missing"}}`)
				}
				return httpmock.NewStringResponse(http.StatusOK, `{"Response":{"UnallocatedConcurrencyNum":95,"Allocated":[{"AllocatedProvisionedConcurrencyNum":5,"AvailableProvisionedConcurrencyNum":5,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}],"RequestId":"scf-req-ok"}}`)
			},
		},
	}
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func TestTelemetrySpansAndMetrics(t *testing.T) {
	t.Parallel()
	for _, tc := range telemetryCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			recorder := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			mt := httpmock.NewMockTransport()
			var calls atomic.Int32
			found := true
			mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { return tc.respond(calls.Add(1), found), nil })
			c := tc.build(t, &http.Client{Transport: mt}, tp, mp)

			// The caller's span is the parent of the operation's.
			ctx, parent := tp.Tracer("test").Start(context.Background(), "caller")
			if _, err := c.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
				t.Fatal(err)
			}
			found = false
			_, err := c.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
			if !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) && !errors.Is(err, provconc.ErrResourceNotFound) {
				t.Fatalf("second Get: %v; want not found", err)
			}
			parent.End()

			spans := recorder.Ended()
			if len(spans) != 3 {
				t.Fatalf("%d spans ended, want 2 operations and the caller's", len(spans))
			}
			for i, span := range spans[:2] {
				if span.Name() != tc.spanName || span.SpanKind() != trace.SpanKindClient {
					t.Errorf("span %d: %q kind %v; want %q, client", i, span.Name(), span.SpanKind(), tc.spanName)
				}
				if span.Parent().SpanID() != parent.SpanContext().SpanID() {
					t.Errorf("span %d is not a child of the caller's span", i)
				}
				if span.InstrumentationScope().Name != "github.com/provconc/provconc" || span.InstrumentationScope().Version != provconc.Version {
					t.Errorf("span %d scope = %+v", i, span.InstrumentationScope())
				}
				attrs := attributeMap(span.Attributes())
				for k, want := range map[string]any{
					"rpc.system": tc.system, "rpc.service": tc.service, "rpc.method": "GetProvisionedConcurrencyConfig",
					"provconc.attempts": int64(2),
				} {
					if attrs[k] != want {
						t.Errorf("span %d: %s = %v, want %v", i, k, attrs[k], want)
					}
				}
				if attrs["cloud.region"] == nil {
					t.Errorf("span %d has no cloud.region", i)
				}
				// Two attempts: the first throttled and retried, the second final.
				events := span.Events()
				if len(events) != 2 {
					t.Fatalf("span %d: %d events, want one per attempt", i, len(events))
				}
				first, second := attributeMap(events[0].Attributes), attributeMap(events[1].Attributes)
				if events[0].Name != "provconc.attempt" || first["provconc.attempt"] != int64(1) || first["provconc.throttled"] != true || first["provconc.retry"] != true {
					t.Errorf("span %d first attempt event = %s %v", i, events[0].Name, first)
				}
				if second["provconc.attempt"] != int64(2) || second["provconc.throttled"] != false || second["provconc.retry"] != false {
					t.Errorf("span %d second attempt event = %v", i, second)
				}
			}
			ok, missing := attributeMap(spans[0].Attributes()), attributeMap(spans[1].Attributes())
			if ok[tc.requestIDKey] != tc.requestID || ok["http.response.status_code"] != int64(200) || ok["error.type"] != nil || spans[0].Status().Code == codes.Error {
				t.Errorf("successful span attributes = %v, status %v", ok, spans[0].Status())
			}
			if missing["error.type"] != tc.notFoundCode || missing[tc.requestIDKey] == nil || spans[1].Status().Code != codes.Error {
				t.Errorf("failed span attributes = %v, status %v; want error.type %s", missing, spans[1].Status(), tc.notFoundCode)
			}

			var rm metricdata.ResourceMetrics
			if err := reader.Collect(context.Background(), &rm); err != nil {
				t.Fatal(err)
			}
			sums := map[string]int64{}
			var durations uint64
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					switch data := m.Data.(type) {
					case metricdata.Sum[int64]:
						for _, p := range data.DataPoints {
							sums[m.Name] += p.Value
						}
					case metricdata.Histogram[float64]:
						if m.Name == "rpc.client.call.duration" {
							for _, p := range data.DataPoints {
								durations += p.Count
							}
						}
					}
				}
			}
			if sums["provconc.client.attempts"] != 4 || sums["provconc.client.throttles"] != 2 || durations != 2 {
				t.Errorf("metrics: attempts %d, throttles %d, durations %d; want 4, 2, 2", sums["provconc.client.attempts"], sums["provconc.client.throttles"], durations)
			}
		})
	}
}

// With no provider installed the global ones record nothing, and a
// provider installed later (as a service does in main after building its
// clients) is found at the next call.
func TestTelemetryFollowsTheGlobalProvider(t *testing.T) {
	// Not parallel: it sets the global provider.
	for _, tc := range telemetryCases() {
		t.Run(tc.name, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			var calls atomic.Int32
			mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { return tc.respond(calls.Add(1), true), nil })
			c := tc.build(t, &http.Client{Transport: mt}, nil, nil)
			if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
				t.Fatal(err)
			}
			recorder := tracetest.NewSpanRecorder()
			prev := otel.GetTracerProvider()
			otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder)))
			t.Cleanup(func() { otel.SetTracerProvider(prev) })
			if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
				t.Fatal(err)
			}
			if spans := recorder.Ended(); len(spans) != 1 || spans[0].Name() != tc.spanName {
				t.Errorf("after the global provider was set: %d spans, want 1 named %s", len(spans), tc.spanName)
			}
		})
	}
}

func attributeMap(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}
