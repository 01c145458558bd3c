// Package telemetry traces and measures the operations of both protocols
// through the OpenTelemetry API: one span per operation, named and
// attributed as the AWS SDK instrumentation does it, an event per attempt,
// and a few metrics. It links only the API; the SDK is the service's.
//
// With no provider set (the global ones before a service installs an SDK,
// or the no-op ones) it costs a type check per call and allocates nothing:
// a library must not make its callers pay for telemetry they do not collect.
package telemetry

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/transport/retry"
)

// ScopeName is the instrumentation scope of every span and metric.
const ScopeName = "github.com/provconc/provconc"

// Attribute keys beyond the semantic conventions' own, and the metric names.
const (
	// AttemptEvent names the span event of each attempt.
	AttemptEvent = "provconc.attempt"

	metricDuration      = "rpc.client.call.duration"
	metricAttempts      = "provconc.client.attempts"
	metricThrottles     = "provconc.client.throttles"
	metricRateLimitWait = "provconc.client.rate_limit.wait"
)

// Settings describe a protocol to New.
type Settings struct {
	// TracerProvider and MeterProvider are the caller's; nil for the global
	// ones, looked up at each call so a provider installed later counts.
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// System is the rpc.system value ("aws-api"), Service the rpc.service
	// value and span name prefix ("Lambda"), Region the cloud.region value.
	System, Service, Region string
	// RequestIDKey is the attribute naming the service's request id
	// ("aws.request_id").
	RequestIDKey attribute.Key
	// Endpoint is the base URL requests go to; its host and port are the
	// server.address and server.port values (443 or 80 when the URL names
	// none).
	Endpoint string
}

// Telemetry instruments one protocol. It is safe for concurrent use.
type Telemetry struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	service        string
	requestIDKey   attribute.Key
	// common are the attributes of every span and measurement but the
	// method: system, service, region, server address and port.
	common []attribute.KeyValue
	tracer atomic.Pointer[tracerFor]
	meter  atomic.Pointer[metersFor]
}

// New returns the Telemetry of a protocol.
func New(s Settings) *Telemetry {
	common := []attribute.KeyValue{
		attribute.String("rpc.system", s.System),
		attribute.String("rpc.service", s.Service),
		attribute.String("cloud.region", s.Region),
	}
	if u, err := url.Parse(s.Endpoint); err == nil && u.Hostname() != "" {
		port, err := strconv.Atoi(u.Port())
		if err != nil {
			port = 443
			if u.Scheme == "http" {
				port = 80
			}
		}
		common = append(common, attribute.String("server.address", u.Hostname()), attribute.Int("server.port", port))
	}
	return &Telemetry{
		tracerProvider: s.TracerProvider,
		meterProvider:  s.MeterProvider,
		service:        s.Service,
		requestIDKey:   s.RequestIDKey,
		common:         common,
	}
}

// Operation is one call being traced and measured. A nil *Operation, which
// Start returns when nothing is collected, does nothing.
type Operation struct {
	t        *Telemetry
	span     trace.Span
	meters   *meters
	method   string
	start    time.Time
	status   int
	attempts int64
	throttle int64
	paced    time.Duration
}

type opKey struct{}

// Start begins the operation method ("GetProvisionedConcurrencyConfig").
// The returned context carries the span, so the attempts (and whatever the
// caller's HTTP client traces) nest inside it.
func (t *Telemetry) Start(ctx context.Context, method string) (context.Context, *Operation) {
	tracer := t.currentTracer()
	m := t.currentMeters()
	if tracer == nil && m == nil {
		return ctx, nil
	}
	op := &Operation{t: t, meters: m, method: method, start: time.Now()}
	if tracer != nil {
		attrs := make([]attribute.KeyValue, 0, len(t.common)+1)
		attrs = append(attrs, t.common...)
		attrs = append(attrs, attribute.String("rpc.method", method))
		ctx, op.span = tracer.Start(ctx, t.service+"."+method,
			trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	}
	return context.WithValue(ctx, opKey{}, op), op
}

// OnAttempt is the retry.Options.OnAttempt of a traced protocol: an event on
// the operation's span for each attempt, and the counts for its metrics.
func OnAttempt(ctx context.Context, a retry.Attempt) {
	op, _ := ctx.Value(opKey{}).(*Operation)
	if op == nil {
		return
	}
	op.attempts++
	if a.Throttled {
		op.throttle++
	}
	op.paced += a.Paced
	if a.StatusCode != 0 {
		op.status = a.StatusCode
	}
	if op.span == nil || !op.span.IsRecording() {
		return
	}
	attrs := []attribute.KeyValue{
		attribute.Int("provconc.attempt", a.Number),
		attribute.Bool("provconc.throttled", a.Throttled),
		attribute.Bool("provconc.retry", a.Retry),
		attribute.Float64("provconc.backoff", a.Wait.Seconds()),
		attribute.Float64("provconc.rate_limit.wait", a.Paced.Seconds()),
	}
	if a.StatusCode != 0 {
		attrs = append(attrs, attribute.Int("http.response.status_code", a.StatusCode))
	}
	if a.Err != nil {
		attrs = append(attrs, attribute.String("error.type", errorType(a.Err)))
	}
	if a.GiveUpReason != "" {
		attrs = append(attrs, attribute.String("provconc.give_up_reason", a.GiveUpReason))
	}
	op.span.AddEvent(AttemptEvent, trace.WithAttributes(attrs...))
}

// Inject writes the trace context of the span in ctx (the operation's,
// when it is traced) into the headers of an attempt, through the global
// propagator (otel.SetTextMapPropagator), as the AWS SDK's OpenTelemetry
// instrumentation does, so that whatever the request reaches can join the
// trace. Without a valid span, or with the default propagator, which
// propagates nothing, it writes nothing and allocates nothing. Neither
// service signs these headers, so they are added after signing.
func Inject(ctx context.Context, header http.Header) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return
	}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(header))
}

// OnAttemptAfter is the retry.Options.OnAttempt of a traced protocol whose
// caller may have a hook of its own: own, if set, runs first.
func OnAttemptAfter(own func(context.Context, retry.Attempt)) func(context.Context, retry.Attempt) {
	if own == nil {
		return OnAttempt
	}
	return func(ctx context.Context, a retry.Attempt) {
		own(ctx, a)
		OnAttempt(ctx, a)
	}
}

// End ends the operation with its outcome: the operation's output (a
// provconc output, or the *provconc.Metadata of another, naming the
// request), or its error.
func (op *Operation) End(ctx context.Context, out any, err error) {
	if op == nil {
		return
	}
	requestID := requestIDOf(out)
	status := op.status
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		if apiErr.RequestID != "" {
			requestID = apiErr.RequestID
		}
		if apiErr.StatusCode != 0 {
			status = apiErr.StatusCode
		}
	}
	var errType string
	if err != nil {
		errType = errorType(err)
	}
	if op.span != nil {
		if op.span.IsRecording() {
			attrs := make([]attribute.KeyValue, 0, 4)
			if requestID != "" {
				// As the server sent it, so cut as every shown value is.
				attrs = append(attrs, op.t.requestIDKey.String(redact.Clip(requestID)))
			}
			if status != 0 {
				attrs = append(attrs, attribute.Int("http.response.status_code", status))
			}
			attrs = append(attrs, attribute.Int64("provconc.attempts", op.attempts))
			if err != nil {
				attrs = append(attrs, attribute.String("error.type", errType))
				// Error texts show what the server sent cut, and hide any
				// credential its message quotes.
				op.span.SetStatus(codes.Error, err.Error())
			}
			op.span.SetAttributes(attrs...)
		}
		op.span.End()
	}
	if m := op.meters; m != nil {
		attrs := make([]attribute.KeyValue, 0, len(op.t.common)+2)
		attrs = append(attrs, op.t.common...)
		attrs = append(attrs, attribute.String("rpc.method", op.method))
		if err != nil {
			attrs = append(attrs, attribute.String("error.type", errType))
		}
		set := metric.WithAttributeSet(attribute.NewSet(attrs...))
		m.duration.Record(ctx, time.Since(op.start).Seconds(), set)
		m.attempts.Add(ctx, op.attempts, set)
		m.throttles.Add(ctx, op.throttle, set)
		m.rateLimitWait.Record(ctx, op.paced.Seconds(), set)
	}
}

// requestIDOf is the request id of a provconc output, or of the
// *provconc.Metadata of any other; empty for none.
func requestIDOf(out any) string {
	switch o := out.(type) {
	case *provconc.Metadata:
		if o != nil {
			return o.RequestID
		}
	case *provconc.PutOutput:
		if o != nil {
			return o.Metadata.RequestID
		}
	case *provconc.GetOutput:
		if o != nil {
			return o.Metadata.RequestID
		}
	case *provconc.ListOutput:
		if o != nil {
			return o.Metadata.RequestID
		}
	case *provconc.DeleteOutput:
		if o != nil {
			return o.Metadata.RequestID
		}
	}
	return ""
}

// errorType names an error for error.type, as the conventions ask: the
// service's code when it sent one, else the HTTP status of a failed answer
// ("502"), the SDK's kind otherwise, or the timeout; "_OTHER" for anything
// else.
func errorType(err error) string {
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.Code != "":
			return redact.Clip(apiErr.Code)
		case apiErr.StatusCode >= 300:
			// An answer with no service error (a gateway's page, a redirect): the
			// conventions name an HTTP failure by its status code.
			return strconv.Itoa(apiErr.StatusCode)
		}
	}
	var inErr *provconc.InputError
	switch {
	case errors.As(err, &inErr):
		return "InputError"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, provconc.ErrInvalidResponse):
		return "InvalidResponse"
	case errors.Is(err, provconc.ErrRetryExhausted):
		return "RetryExhausted"
	}
	return "_OTHER"
}

// tracerFor is the tracer of one provider, cached until the provider
// changes.
type tracerFor struct {
	provider trace.TracerProvider
	tracer   trace.Tracer
}

// currentTracer returns the tracer to use now, nil when nothing would
// record.
func (t *Telemetry) currentTracer() trace.Tracer {
	p := t.tracerProvider
	if p == nil {
		p = otel.GetTracerProvider()
	}
	if isNoopTracerProvider(p) {
		return nil
	}
	if c := t.tracer.Load(); c != nil && c.provider == p {
		return c.tracer
	}
	c := &tracerFor{provider: p, tracer: p.Tracer(ScopeName, trace.WithInstrumentationVersion(provconc.Version))}
	t.tracer.Store(c)
	return c.tracer
}

// meters are the instruments of one provider.
type meters struct {
	duration      metric.Float64Histogram
	attempts      metric.Int64Counter
	throttles     metric.Int64Counter
	rateLimitWait metric.Float64Histogram
}

type metersFor struct {
	provider metric.MeterProvider
	meters   *meters
}

// currentMeters returns the instruments to record with now, nil when
// nothing would collect them.
func (t *Telemetry) currentMeters() *meters {
	p := t.meterProvider
	if p == nil {
		p = otel.GetMeterProvider()
	}
	if isNoopMeterProvider(p) {
		return nil
	}
	if c := t.meter.Load(); c != nil && c.provider == p {
		return c.meters
	}
	m := newMeters(p.Meter(ScopeName, metric.WithInstrumentationVersion(provconc.Version)))
	t.meter.Store(&metersFor{provider: p, meters: m})
	return m
}

// secondsBuckets are the bucket boundaries the semantic conventions advise
// for durations in seconds (rpc.client.call.duration's): the SDK's default
// ones are made for milliseconds, and would put every call shorter than 5 s
// in one bucket.
var secondsBuckets = metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)

// newMeters creates the instruments. An instrument the provider refuses is
// replaced by a no-op one: metrics must never fail a call.
func newMeters(m metric.Meter) *meters {
	var noop metricnoop.Meter
	duration, err := m.Float64Histogram(metricDuration, metric.WithUnit("s"), secondsBuckets,
		metric.WithDescription("Duration of provconc operations, retries and waits included."))
	if err != nil {
		duration, _ = noop.Float64Histogram(metricDuration)
	}
	attempts, err := m.Int64Counter(metricAttempts, metric.WithUnit("{attempt}"),
		metric.WithDescription("HTTP attempts made by provconc operations."))
	if err != nil {
		attempts, _ = noop.Int64Counter(metricAttempts)
	}
	throttles, err := m.Int64Counter(metricThrottles, metric.WithUnit("{attempt}"),
		metric.WithDescription("Attempts the service throttled."))
	if err != nil {
		throttles, _ = noop.Int64Counter(metricThrottles)
	}
	wait, err := m.Float64Histogram(metricRateLimitWait, metric.WithUnit("s"), secondsBuckets,
		metric.WithDescription("Time an operation's attempts waited for the client's rate limiter."))
	if err != nil {
		wait, _ = noop.Float64Histogram(metricRateLimitWait)
	}
	return &meters{duration: duration, attempts: attempts, throttles: throttles, rateLimitWait: wait}
}

// The global providers before a service installs its own delegate to
// nothing; their types are unexported, so they are recognised by the type
// the global functions return at start-up, when nothing can have set them
// yet only if that type is the delegating one.
var (
	globalTracerProviderType = delegatingType(otel.GetTracerProvider(), "*global.tracerProvider")
	globalMeterProviderType  = delegatingType(otel.GetMeterProvider(), "*global.meterProvider")
)

func delegatingType(v any, name string) reflect.Type {
	t := reflect.TypeOf(v)
	if t == nil || t.String() != name {
		return nil
	}
	return t
}

// isNoopTracerProvider reports whether p records nothing now. The global
// delegating provider, which a caller may pass explicitly (taken from
// otel.GetTracerProvider before main installs an SDK), records nothing
// while it is still the global one; once a provider is installed with
// otel.SetTracerProvider it forwards to it, so it counts as recording.
func isNoopTracerProvider(p trace.TracerProvider) bool {
	switch p.(type) {
	case tracenoop.TracerProvider, *tracenoop.TracerProvider:
		return true
	}
	return globalTracerProviderType != nil && reflect.TypeOf(p) == globalTracerProviderType &&
		reflect.TypeOf(otel.GetTracerProvider()) == globalTracerProviderType
}

// isNoopMeterProvider is isNoopTracerProvider for meters.
func isNoopMeterProvider(p metric.MeterProvider) bool {
	switch p.(type) {
	case metricnoop.MeterProvider, *metricnoop.MeterProvider:
		return true
	}
	return globalMeterProviderType != nil && reflect.TypeOf(p) == globalMeterProviderType &&
		reflect.TypeOf(otel.GetMeterProvider()) == globalMeterProviderType
}
