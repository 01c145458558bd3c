// This file measures what OpenTelemetry costs a Get: nothing collected
// (the global providers of a service that installed no SDK), and an SDK
// that samples and records every span and metric.

package bench

import (
	"context"
	"net/http"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// BenchmarkTelemetry measures one Get answered from memory (server=memory
// of BenchmarkGet, so only the client's own work counts):
//
//   - otel=none: the global providers, which record nothing until a
//     service installs an SDK; the default of every client;
//   - otel=sdk: the OpenTelemetry SDK sampling every span (kept in memory
//     by a processor that drops it) and a manual metric reader.
//
// bounds=off turns the call and attempt timeouts off, to compare with
// releases that had none; bounds=default keeps them.
func BenchmarkTelemetry(b *testing.B) {
	tracing := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	metering := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		_ = tracing.Shutdown(context.Background())
		_ = metering.Shutdown(context.Background())
	})
	for _, tc := range []struct {
		name string
		opts func(*awslambda.Options)
	}{
		{"otel=none/bounds=off", func(o *awslambda.Options) { o.Timeout, o.AttemptTimeout = -1, -1 }},
		{"otel=none/bounds=default", func(*awslambda.Options) {}},
		{"otel=none/bounds=call", func(o *awslambda.Options) { o.AttemptTimeout = -1 }},
		{"otel=none/bounds=attempt", func(o *awslambda.Options) { o.Timeout = -1 }},
		{"otel=sdk/bounds=default", func(o *awslambda.Options) { o.TracerProvider, o.MeterProvider = tracing, metering }},
	} {
		c, err := newProvconc("http://lambda.test", withHTTPClient(&http.Client{Transport: memoryTransport{}}), tc.opts)
		if err != nil {
			b.Fatal(err)
		}
		in := &provconc.GetInput{FunctionName: functionName, Qualifier: "1"}
		b.Run(tc.name, func(b *testing.B) {
			benchGet(b, func(ctx context.Context) (int, error) {
				out, err := c.Get(ctx, in)
				if err != nil {
					return 0, err
				}
				return out.Requested, nil
			})
		})
	}
}
