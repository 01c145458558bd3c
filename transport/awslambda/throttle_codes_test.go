package awslambda_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
)

// throttleCodeAnswers are throttles that come with another status than 429,
// or with the code only in the body: aws-sdk-go-v2 retries each and counts
// it as a throttle (retry.DefaultThrottleErrorCodes, whatever the status),
// so its adaptive rate limiter slows down for it.
var throttleCodeAnswers = []struct {
	name string
	answer
}{
	{"503 SlowDown", answer{503, map[string]string{"X-Amzn-ErrorType": "SlowDown"}, `{"message":"Please reduce your request rate."}`}},
	{"400 ThrottlingException", answer{400, map[string]string{"X-Amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"}, `{"message":"Rate exceeded"}`}},
	{"400 __type ThrottlingException", answer{400, nil, `{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}`}},
	{"400 code RequestLimitExceeded", answer{400, nil, `{"code":"RequestLimitExceeded","message":"Request limit exceeded."}`}},
	// The official client reads __type whatever code holds.
	{"400 __type ThrottlingException, code 400", answer{400, nil, `{"__type":"ThrottlingException","code":400,"message":"Rate exceeded"}`}},
	{"502 EC2ThrottledException", answer{502, map[string]string{"X-Amzn-ErrorType": "EC2ThrottledException"}, `{"Type":"Server","message":"throttled by EC2"}`}},
	{"503 RequestThrottledException", answer{503, map[string]string{"X-Amzn-ErrorType": "RequestThrottledException"}, `{"message":"Request throttled"}`}},
}

// throttleCodeServer answers throttles times with a, then a READY config.
func throttleCodeServer(t *testing.T, a answer, throttles int) *httptest.Server {
	ready := fixture(t, "get_ready.json")
	var (
		mu   sync.Mutex
		sent int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent++
		n := sent
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n > throttles {
			_, _ = w.Write([]byte(ready))
			return
		}
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func throttleCodeClient(t *testing.T, endpoint string, ro retry.Options) *provconc.Client {
	c, err := awslambda.NewClient(aws.Config{Region: "us-west-2", Credentials: testCreds}, func(o *awslambda.Options) {
		o.Endpoint = endpoint
		o.Retry = ro
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// With default options a throttle is retried, paced, until the service
// admits the call: three answers of each throttle code in a row, and the
// fourth attempt gets the config. A throttle classified as an ordinary
// failure ends the call at the third attempt (the 5xx) or the first (the
// 400s).
func TestThrottleCodesArePacedThrottles(t *testing.T) {
	t.Parallel()
	for _, tt := range throttleCodeAnswers {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := throttleCodeServer(t, tt.answer, 3)
			var (
				mu        sync.Mutex
				throttled []bool
			)
			c := throttleCodeClient(t, srv.URL, retry.Options{OnAttempt: func(_ context.Context, a retry.Attempt) {
				mu.Lock()
				throttled = append(throttled, a.Throttled)
				mu.Unlock()
			}})
			out, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if out.Metadata.Attempts != 4 || out.Status != provconc.StatusReady {
				t.Errorf("attempts=%d status=%s, want 4 READY", out.Metadata.Attempts, out.Status)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := []bool{true, true, true, false}; !equalBools(throttled, want) {
				t.Errorf("attempts throttled %v, want %v", throttled, want)
			}
		})
	}
}

// A throttle that ends the call (here by the caller's MaxAttempts) is an
// ErrTooManyRequests, whatever its status.
func TestThrottleCodesAreTooManyRequests(t *testing.T) {
	t.Parallel()
	for _, tt := range throttleCodeAnswers {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := throttleCodeServer(t, tt.answer, 2)
			c := throttleCodeClient(t, srv.URL, retry.Options{MaxAttempts: 2})
			_, err := c.Get(context.Background(), &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
			if !errors.Is(err, provconc.ErrTooManyRequests) || !errors.Is(err, provconc.ErrRetryExhausted) {
				t.Errorf("Get: %v, want a throttle (ErrTooManyRequests) given up after 2 attempts", err)
			}
		})
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
