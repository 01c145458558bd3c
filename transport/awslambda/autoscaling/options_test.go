package autoscaling_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// TestOptionsHideSecrets: no fmt verb reaches the keys.
func TestOptionsHideSecrets(t *testing.T) {
	t.Parallel()
	o := autoscaling.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDSECRETID", "s3cr3tk3y", "t0k3n"), Endpoint: "http://user:pw@host"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, o)
		for _, secret := range []string{"s3cr3tk3y", "t0k3n", "AKIDSECRETID", "pw@"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %q: %s", verb, secret, out)
			}
		}
	}
}

// TestNewRefusesBadOptions: the constructor fails early.
func TestNewRefusesBadOptions(t *testing.T) {
	t.Parallel()
	for _, o := range []autoscaling.Options{
		{Credentials: aws.AnonymousCredentials{}},
		{Region: "us east 1", Credentials: aws.AnonymousCredentials{}},
		{Region: "us-east-1"},
		{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, Endpoint: "ftp://x"},
		{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, Endpoint: "http://x/?q=1"},
	} {
		if _, err := autoscaling.New(o); err == nil {
			t.Errorf("New(%v) accepted", o)
		}
	}
	p, err := autoscaling.New(autoscaling.Options{Region: "cn-north-1", Credentials: aws.AnonymousCredentials{}})
	if err != nil || p.Endpoint() != "https://application-autoscaling.cn-north-1.amazonaws.com.cn" {
		t.Errorf("China endpoint: %v %v", p, err)
	}
	if _, err := autoscaling.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, RetryMode: "bogus"}); err == nil {
		t.Error("NewFromConfig accepted RetryMode bogus")
	}
}

// TestSpans: each operation is a span named as the AWS SDK instrumentation
// names it, with the request id.
func TestSpans(t *testing.T) {
	t.Parallel()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	clock := &fakeClock{t: monday0600}
	emu := newEmulator(t, clock)
	p, err := autoscaling.NewFromConfig(awsConfig(emu), func(o *autoscaling.Options) { o.TracerProvider = tp })
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{})
	if err != nil {
		t.Fatal(err)
	}
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].Name() != "Application Auto Scaling.DescribeScalableTargets" {
		t.Fatalf("spans %v", spans)
	}
	attrs := map[attribute.Key]string{}
	for _, kv := range spans[0].Attributes() {
		attrs[kv.Key] = kv.Value.AsString()
	}
	if attrs["rpc.method"] != "DescribeScalableTargets" || attrs["aws.request_id"] != out.Metadata.RequestID || out.Metadata.RequestID == "" {
		t.Errorf("span attributes %v, request id %q", attrs, out.Metadata.RequestID)
	}
}
