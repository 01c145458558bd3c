package autoscaling_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/retry"
)

// A throttle that comes with another status than 400, with a code the
// official clients count as a throttle whatever the status (a front end's
// 503 SlowDown), is retried as a throttle, paced, with default options, as
// the official client retries it and slows down; a 5xx failure would end
// the call at the third attempt. LimitExceededException, which aws-sdk-go-v2
// also lists, is this service's per-account resource limit: refused at
// once, as no retry lifts it.
func TestThrottleCodesArePacedThrottles(t *testing.T) {
	t.Parallel()
	answers := map[string]struct {
		status int
		code   string
		body   string // with no X-Amzn-ErrorType when set
	}{
		"503 SlowDown":                    {503, "SlowDown", ""},
		"502 EC2ThrottledException":       {502, "EC2ThrottledException", ""},
		"400 ThrottlingException":         {400, "ThrottlingException", ""},
		"503 RequestThrottledException":   {503, "RequestThrottledException", ""},
		"400 LimitExceededException (no)": {400, "LimitExceededException", ""},
		// The official client reads the code from the body's code when
		// there is no __type, and reads __type whatever code holds.
		"400 body code ThrottlingException":        {400, "", `{"code":"ThrottlingException","message":"Rate exceeded"}`},
		"400 __type ThrottlingException, code 400": {400, "", `{"__type":"ThrottlingException","code":400,"message":"Rate exceeded"}`},
	}
	for name, a := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/x-amz-json-1.1")
				if n.Add(1) > 3 {
					_, _ = io.WriteString(w, `{"ScalableTargets":[]}`)
					return
				}
				if a.body != "" {
					w.WriteHeader(a.status)
					_, _ = io.WriteString(w, a.body)
					return
				}
				w.Header().Set("X-Amzn-ErrorType", a.code)
				w.WriteHeader(a.status)
				_, _ = io.WriteString(w, `{"message":"slow down"}`)
			}))
			t.Cleanup(srv.Close)
			var throttled atomic.Int32
			p, err := autoscaling.New(autoscaling.Options{
				Region: "eu-central-1", Credentials: aws.AnonymousCredentials{}, Endpoint: srv.URL,
				Retry: retry.Options{OnAttempt: func(_ context.Context, at retry.Attempt) {
					if at.Throttled {
						throttled.Add(1)
					}
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{})
			if a.code == "LimitExceededException" {
				if !errors.Is(err, provconc.ErrInvalidParameterValue) || n.Load() != 1 {
					t.Errorf("after %d requests: %v, want ErrInvalidParameterValue at once", n.Load(), err)
				}
				return
			}
			if err != nil || n.Load() != 4 || throttled.Load() != 3 {
				t.Errorf("after %d requests (%d throttled): %v, want success at the fourth, three throttles", n.Load(), throttled.Load(), err)
			}
		})
	}
}

// A throttle code ends a call that runs out of attempts as ErrTooManyRequests,
// whatever its status.
func TestThrottleCodesAreTooManyRequests(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Amzn-ErrorType", "SlowDown")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"message":"slow down"}`)
	}))
	t.Cleanup(srv.Close)
	p, err := autoscaling.New(autoscaling.Options{
		Region: "eu-central-1", Credentials: aws.AnonymousCredentials{}, Endpoint: srv.URL,
		Retry: retry.Options{MaxAttempts: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.DescribeScalableTargets(context.Background(), &autoscaling.DescribeScalableTargetsInput{})
	if !errors.Is(err, provconc.ErrTooManyRequests) {
		t.Errorf("DescribeScalableTargets: %v, want ErrTooManyRequests", err)
	}
}

// A ScalableDimension set without a resource id is not sent: the service
// takes a dimension only with one ("If you specify a scalable dimension, you
// must also specify a resource ID"), and the official client sends none
// unless asked.
func TestNoDimensionWithoutResourceID(t *testing.T) {
	t.Parallel()
	var (
		mu     sync.Mutex
		bodies []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	p, err := autoscaling.New(autoscaling.Options{Region: "eu-central-1", Credentials: aws.AnonymousCredentials{}, Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dim := autoscaling.ScalableDimension
	if _, err := p.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{ScalableDimension: dim}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{ScalableDimension: dim}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DescribeScalableTargets(ctx, &autoscaling.DescribeScalableTargetsInput{ScalableDimension: dim}); err != nil {
		t.Fatal(err)
	}
	want := `{"ServiceNamespace":"lambda"}`
	mu.Lock()
	defer mu.Unlock()
	for i, b := range bodies {
		if b != want {
			t.Errorf("request %d: %s, want %s", i+1, b, want)
		}
	}
}
