package readme

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// readme:begin aws-options
func newClient(cfg aws.Config, tp trace.TracerProvider, mp metric.MeterProvider) (*provconc.Client, error) {
	return awslambda.NewClient(cfg, func(o *awslambda.Options) {
		o.Timeout = 30 * time.Second       // the call from its first turn, retries included (default 60s)
		o.AttemptTimeout = 5 * time.Second // each attempt, to the last byte of the answer (default 20s)
		o.AppID = "billing-service"        // User-Agent: provconc/<version> ... app/billing-service
		o.TracerProvider = tp              // default: the global providers, looked up at each call
		o.MeterProvider = mp
	})
}

// readme:end

// The snippets are compiled, never run: they need an account.
var _ = newClient
