// This file measures goodput against a throttling service: 32 goroutines
// share one client and make a fixed number of Gets against the emulator
// limited to a fixed rate, and the benchmark reports how close the run
// comes to the service's rate, how many requests were refused, and how many
// calls failed.

package bench

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/provconc/provconc/transport/emulator"
)

const (
	// throttleRate is the emulator's token bucket rate, in requests per
	// second.
	throttleRate = 200
	// throttleBurst is the bucket's capacity; it starts full.
	throttleBurst = 10
	// throttleCalls is the number of calls of one run.
	throttleCalls = 1000
	// throttleWorkers is the number of goroutines sharing the client.
	throttleWorkers = 32
	// throttleTimeout bounds one run: every call's context ends then.
	throttleTimeout = 2 * time.Minute
)

// idealThrottled is the shortest time throttleCalls calls can take: the
// bucket admits throttleBurst at once and then throttleRate per second, so
// the last of n successes cannot come before (n-burst)/rate.
const idealThrottled = time.Duration(float64(throttleCalls-throttleBurst) / throttleRate * float64(time.Second))

// statusCounter counts the requests a handler answers, and the 429s among
// them.
type statusCounter struct {
	next      http.Handler
	requests  atomic.Int64
	throttled atomic.Int64
}

func (c *statusCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.requests.Add(1)
	c.next.ServeHTTP(&countingWriter{ResponseWriter: w, c: c}, r)
}

// countingWriter notes a 429 as it is written.
type countingWriter struct {
	http.ResponseWriter
	c *statusCounter
}

func (w *countingWriter) WriteHeader(code int) {
	if code == http.StatusTooManyRequests {
		w.c.throttled.Add(1)
	}
	w.ResponseWriter.WriteHeader(code)
}

// BenchmarkThrottled runs throttleCalls Gets from throttleWorkers goroutines
// sharing one client against the emulator limited to throttleRate requests
// per second (burst throttleBurst), once per iteration with a fresh server
// and client, and reports per run:
//
//   - elapsed/ideal: the run's wall time over idealThrottled; 1 is the
//     service's limit;
//   - 429-share: 429 answers as a share of all requests the server saw;
//   - failed-calls: calls that returned an error;
//   - requests/call: HTTP requests per call, retries included.
//
// Implementations: impl=provconc is provconc's default client; impl=awssdk-
// standard and impl=awssdk-adaptive are aws-sdk-go-v2's lambda client with
// retry.NewStandard() and retry.NewAdaptiveMode() at their defaults (3
// attempts, a 500-token retry quota, exponential backoff with jitter up to
// 20s; adaptive adds a client-side token bucket it turns on at the first
// throttle).
//
// Run it with -benchtime 1x: one iteration takes about five seconds.
func BenchmarkThrottled(b *testing.B) {
	impls := []struct {
		name string
		get  func(tb testing.TB, endpoint string) getFunc
	}{
		{"provconc", func(tb testing.TB, endpoint string) getFunc { return newProvconcGet(tb, endpoint, nil) }},
		{"awssdk-standard", func(tb testing.TB, endpoint string) getFunc {
			return newAWSSDKGetWith(tb, endpoint, func(o *lambda.Options) { o.Retryer = awsretry.NewStandard() })
		}},
		{"awssdk-adaptive", func(tb testing.TB, endpoint string) getFunc {
			return newAWSSDKGetWith(tb, endpoint, func(o *lambda.Options) { o.Retryer = awsretry.NewAdaptiveMode() })
		}},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			var sum throttledRun
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				emu := newEmulator(b, emulator.Options{})
				counter := &statusCounter{next: emu}
				srv := serve(b, counter)
				get := impl.get(b, srv.URL)
				// The bucket starts full now, after the seeding.
				emu.SetFaults(emulator.Faults{RatePerSecond: throttleRate, Burst: throttleBurst})
				b.StartTimer()
				run := runThrottled(get)
				b.StopTimer()
				run.requests = counter.requests.Load()
				run.throttled = counter.throttled.Load()
				srv.Close()
				if run.firstErr != nil {
					b.Logf("run %d: %d calls failed; the first: %v", i, run.failed, run.firstErr)
				}
				sum.add(run)
			}
			n := float64(b.N)
			b.ReportMetric(sum.elapsed.Seconds()/idealThrottled.Seconds()/n, "elapsed/ideal")
			b.ReportMetric(float64(sum.throttled)/float64(sum.requests), "429-share")
			b.ReportMetric(float64(sum.failed)/n, "failed-calls")
			b.ReportMetric(float64(sum.requests)/float64(throttleCalls)/n, "requests/call")
		})
	}
}

// throttledRun is the outcome of one or more runs.
type throttledRun struct {
	elapsed   time.Duration
	failed    int64
	requests  int64
	throttled int64
	firstErr  error
}

func (s *throttledRun) add(r throttledRun) {
	s.elapsed += r.elapsed
	s.failed += r.failed
	s.requests += r.requests
	s.throttled += r.throttled
}

// runThrottled makes throttleCalls calls from throttleWorkers goroutines.
func runThrottled(get getFunc) throttledRun {
	ctx, cancel := context.WithTimeout(context.Background(), throttleTimeout)
	defer cancel()
	var (
		next   atomic.Int64
		failed atomic.Int64
		wg     sync.WaitGroup
		once   sync.Once
		first  error
	)
	start := time.Now()
	for range throttleWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= throttleCalls {
				if _, err := get(ctx); err != nil {
					failed.Add(1)
					once.Do(func() { first = err })
				}
			}
		}()
	}
	wg.Wait()
	return throttledRun{elapsed: time.Since(start), failed: failed.Load(), firstErr: errors.Join(first)}
}

// newAWSSDKGetWith is newAWSSDKGet with options, such as a retryer.
func newAWSSDKGetWith(tb testing.TB, endpoint string, optFns ...func(*lambda.Options)) getFunc {
	c := newAWSSDK(tb, endpoint, optFns...)
	in := &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String(functionName), Qualifier: aws.String("1")}
	return func(ctx context.Context) (int, error) {
		out, err := c.GetProvisionedConcurrencyConfig(ctx, in)
		if err != nil {
			return 0, err
		}
		return int(aws.ToInt32(out.RequestedProvisionedConcurrentExecutions)), nil
	}
}
