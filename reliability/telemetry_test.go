// OpenTelemetry, held against the OpenTelemetry SDK: the spans and metrics
// both protocols give a service that installs it, recorded by the SDK's
// in-memory span recorder and manual metric reader.

package reliability

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/jarcoal/httpmock"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
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
	build        func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp metric.MeterProvider) *provconc.Client
	respond      func(call int32, found bool) *http.Response
}

func telemetryCases() []telemetryCase {
	return []telemetryCase{
		{
			name: "aws", spanName: "Lambda.GetProvisionedConcurrencyConfig", system: "aws-api", service: "Lambda",
			requestIDKey: "aws.request_id", requestID: "req-ok", notFoundCode: "ProvisionedConcurrencyConfigNotFoundException",
			build: func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp metric.MeterProvider) *provconc.Client {
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
			build: func(t *testing.T, hc *http.Client, tp trace.TracerProvider, mp metric.MeterProvider) *provconc.Client {
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
			var host atomic.Value
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				host.Store(req.URL.Host)
				return tc.respond(calls.Add(1), found), nil
			})
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
				// The semantic conventions' server attributes of an RPC
				// client: the host requests went to, and its port.
				if attrs["server.address"] != host.Load() || attrs["server.port"] != int64(443) {
					t.Errorf("span %d: server.address %v, server.port %v; want %v and 443", i, attrs["server.address"], attrs["server.port"], host.Load())
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
								if v, _ := p.Attributes.Value("server.address"); v.AsString() != host.Load() {
									t.Errorf("rpc.client.call.duration server.address = %v; want %v", v.String(), host.Load())
								}
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

// A service that passes the global providers explicitly, as taken from
// otel.GetTracerProvider and otel.GetMeterProvider while it builds its
// clients, and installs the SDK afterwards in main, gets spans and metrics:
// the global delegates forward to the SDK once it is installed.
func TestTelemetryGlobalDelegatesPassedExplicitly(t *testing.T) {
	// Not parallel, and in a process of its own: the global delegates
	// forward only to the first provider ever installed.
	if inFreshProcess(t) {
		return
	}
	type built struct {
		tc telemetryCase
		c  *provconc.Client
	}
	var clients []built
	for _, tc := range telemetryCases() {
		mt := httpmock.NewMockTransport()
		var calls atomic.Int32
		mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { return tc.respond(calls.Add(1), true), nil })
		clients = append(clients, built{tc, tc.build(t, &http.Client{Transport: mt}, otel.GetTracerProvider(), otel.GetMeterProvider())})
	}
	recorder := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder)))
	reader := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	for _, b := range clients {
		if _, err := b.c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
			t.Fatalf("%s: %v", b.tc.name, err)
		}
	}
	var names []string
	for _, span := range recorder.Ended() {
		names = append(names, span.Name())
	}
	if len(names) != 2 || names[0] != clients[0].tc.spanName || names[1] != clients[1].tc.spanName {
		t.Errorf("spans %q; want one per client", names)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var attempts int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if data, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "provconc.client.attempts" {
				for _, p := range data.DataPoints {
					attempts += p.Value
				}
			}
		}
	}
	if attempts != 4 {
		t.Errorf("provconc.client.attempts = %d, want 4 (two per call)", attempts)
	}
}

// inFreshProcess runs the calling test again in a child process of the test
// binary and reports true in the parent, which has nothing more to do; in
// the child it reports false, and the test runs there.
func inFreshProcess(t *testing.T) bool {
	t.Helper()
	const env = "PROVCONC_RELIABILITY_CHILD"
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

// What the server sent reaches a span cut and without credentials: the
// session token a refused signature's message quotes is not in the status,
// and a long request id is cut; an answer without a service code (a
// gateway's 502 page) is named by its status in error.type, as the
// conventions ask.
func TestTelemetryShowsServerValuesSafely(t *testing.T) {
	t.Parallel()
	const token = "FwoGZXIvYXdzEXAMPLE/SESSION+TOKEN0123456789=="
	longID := strings.Repeat("r", 8000)
	answers := map[string]func(*http.Request) *http.Response{
		"aws signature": func(r *http.Request) *http.Response {
			body, _ := json.Marshal(map[string]string{"message": "The request signature we calculated does not match the signature you provided.\n\n" +
				"The Canonical String for this request should have been\n'GET\n" + r.URL.Path + "\nQualifier=1\nhost:" + r.Host +
				"\nx-amz-security-token:" + r.Header.Get("X-Amz-Security-Token") + "\n\nhost;x-amz-security-token\ne3b0'"})
			resp := httpmock.NewBytesResponse(http.StatusForbidden, body)
			resp.Header.Set("X-Amzn-ErrorType", "InvalidSignatureException")
			resp.Header.Set("X-Amzn-RequestId", longID)
			return resp
		},
		"aws 502": func(*http.Request) *http.Response {
			resp := httpmock.NewStringResponse(http.StatusBadGateway, "<html>bad gateway</html>")
			resp.Header.Set("Content-Type", "text/html")
			return resp
		},
		"scf 502": func(*http.Request) *http.Response {
			resp := httpmock.NewStringResponse(http.StatusBadGateway, "<html>bad gateway</html>")
			resp.Header.Set("Content-Type", "text/html")
			return resp
		},
	}
	want := map[string]struct {
		errorType string
		status    int64
	}{
		"aws signature": {"InvalidSignatureException", 403},
		"aws 502":       {"502", 502},
		"scf 502":       {"502", 502},
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recorder := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
			mt := httpmock.NewMockTransport()
			var sent atomic.Value
			mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				sent.Store(r.Header.Get("X-Amz-Security-Token"))
				return answer(r), nil
			})
			hc := &http.Client{Transport: mt}
			var c *provconc.Client
			var err error
			if strings.HasPrefix(name, "scf") {
				c, err = newSCFClient(tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("AKIDEXAMPLE", "secret", ""),
					HTTPClient: hc, TracerProvider: tp, Retry: retry.Options{MaxAttempts: 1}})
			} else {
				c, err = awslambda.NewClient(aws.Config{Region: "us-east-1", HTTPClient: hc,
					Credentials: credentials.NewStaticCredentialsProvider("ASIAEXAMPLEKEYID", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token)},
					func(o *awslambda.Options) { o.TracerProvider = tp; o.Retry.MaxAttempts = 1 })
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err == nil {
				t.Fatal("Get succeeded")
			}
			spans := recorder.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans, want 1", len(spans))
			}
			span := spans[0]
			attrs := attributeMap(span.Attributes())
			if attrs["error.type"] != want[name].errorType || attrs["http.response.status_code"] != want[name].status || span.Status().Code != codes.Error {
				t.Errorf("error.type %v, status code %v, span status %v; want %s, %d, an error",
					attrs["error.type"], attrs["http.response.status_code"], span.Status(), want[name].errorType, want[name].status)
			}
			if name != "aws signature" {
				return
			}
			if sent.Load() != token {
				t.Fatalf("the session token was not sent; the check would prove nothing")
			}
			if status := span.Status().Description; strings.Contains(status, token) || !strings.Contains(status, "x-amz-security-token:[REDACTED]") {
				t.Errorf("span status = %q; want the token hidden, the rest kept", status)
			}
			if id, _ := attrs["aws.request_id"].(string); id != strings.Repeat("r", 160)+"…" {
				t.Errorf("aws.request_id of %d bytes, want the first 160 and …", len(id))
			}
		})
	}
}

// The trace context goes out with every attempt through the global
// propagator, as the AWS SDK's OpenTelemetry instrumentation (otelaws)
// injects it, so a proxy or the service can join the trace: the
// operation's span is the parent the request names. The header is added
// after signing, so neither signature covers it.
func TestTelemetryPropagatesTheTraceContext(t *testing.T) {
	// Not parallel: it sets the global propagator.
	prev := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })
	for _, tc := range telemetryCases() {
		t.Run(tc.name, func(t *testing.T) {
			recorder := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
			mt := httpmock.NewMockTransport()
			var calls atomic.Int32
			var mu sync.Mutex
			var parents, signed []string
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				mu.Lock()
				parents = append(parents, req.Header.Get("traceparent"))
				signed = append(signed, req.Header.Get("Authorization"))
				mu.Unlock()
				return tc.respond(calls.Add(1), true), nil
			})
			c := tc.build(t, &http.Client{Transport: mt}, tp, nil)
			if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
				t.Fatal(err)
			}
			spans := recorder.Ended()
			if len(spans) != 1 || len(parents) != 2 {
				t.Fatalf("%d spans, %d requests; want 1 span and 2 attempts", len(spans), len(parents))
			}
			sc := spans[0].SpanContext()
			want := "00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-01"
			for i, got := range parents {
				if got != want {
					t.Errorf("attempt %d: traceparent %q; want %q, the operation's span", i+1, got, want)
				}
				if strings.Contains(strings.ToLower(signed[i]), "traceparent") {
					t.Errorf("attempt %d: the signature covers traceparent: %s", i+1, signed[i])
				}
			}
		})
	}
	// A signed Lambda request too (the case above sends anonymously).
	signedMock := httpmock.NewMockTransport()
	var lastAuth, lastParent atomic.Value
	signedMock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		lastAuth.Store(req.Header.Get("Authorization"))
		lastParent.Store(req.Header.Get("traceparent"))
		return telemetryCases()[0].respond(2, true), nil
	})
	tp := sdktrace.NewTracerProvider()
	sc, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), HTTPClient: &http.Client{Transport: signedMock}},
		func(o *awslambda.Options) { o.TracerProvider = tp })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	if auth, _ := lastAuth.Load().(string); !strings.Contains(auth, "SignedHeaders=") || strings.Contains(auth, "traceparent") || lastParent.Load() == "" {
		t.Errorf("signed Lambda request: Authorization %q, traceparent %q; want a signature not covering the traceparent sent", auth, lastParent.Load())
	}

	// Outside any span nothing is written.
	mt := httpmock.NewMockTransport()
	var header atomic.Value
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		header.Store(req.Header.Get("traceparent"))
		return telemetryCases()[0].respond(2, true), nil
	})
	c := telemetryCases()[0].build(t, &http.Client{Transport: mt}, nil, nil)
	if _, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	if got := header.Load(); got != "" {
		t.Errorf("untraced call sent traceparent %q", got)
	}
}
