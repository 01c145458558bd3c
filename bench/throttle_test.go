// This file measures goodput against throttling services: goroutines share
// one client (or several clients share one limit) and make a fixed number
// of Gets against a token-bucket server, and the benchmark reports how close
// each run comes to the service's rate, how many requests were refused, and
// how many calls failed. It sweeps rates, bursts, callers, Retry-After
// forms, a limit that halves or doubles in the middle of a run, and both
// clouds' ways of throttling.

package bench

import (
	"context"
	"errors"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// retryAfterForm is what a throttling answer says about when to come back.
type retryAfterForm int

const (
	// retryAfterNone: no Retry-After header.
	retryAfterNone retryAfterForm = iota
	// retryAfterCeil: the time until the bucket holds a token again, in
	// whole seconds rounded up, as delta-seconds must be.
	retryAfterCeil
	// retryAfterZero: "Retry-After: 0", shorter than the real wait
	// whenever the bucket is empty.
	retryAfterZero
	// retryAfterOne: "Retry-After: 1" whatever the wait, as the emulator
	// answers.
	retryAfterOne
)

func (f retryAfterForm) String() string {
	return [...]string{"none", "ceil", "zero", "one"}[f]
}

// throttleShape is one service and one load: a token bucket of rate and
// burst (starting full), whose rate becomes after once calls/2 requests
// have been admitted (0: it stays), hit by clients independent clients of
// callers goroutines each, together making calls calls.
type throttleShape struct {
	rate       float64
	burst      int
	after      float64
	callers    int
	clients    int
	calls      int
	retryAfter retryAfterForm
	// scf: throttle as Tencent SCF does (HTTP 200, RequestLimitExceeded),
	// else as Lambda does (429 TooManyRequestsException).
	scf bool
	// emulator: the project's emulator does the throttling (Lambda, its
	// own bucket and Retry-After: 1) instead of tokenBucketHandler.
	emulator bool
	// window, if set, makes the service a counter of fixed windows of
	// that length (from the first request) instead of a bucket: it admits
	// burst requests in each and refuses the rest until the next begins,
	// as a limit of "so many requests a second" may be kept. rate is then
	// burst per window, for the ideal.
	window time.Duration
}

func (s throttleShape) name() string {
	var b strings.Builder
	switch {
	case s.emulator:
		b.WriteString("emulator-")
	case s.scf:
		b.WriteString("scf-")
	default:
		b.WriteString("lambda-")
	}
	b.WriteString("r" + strconv.FormatFloat(s.rate, 'f', -1, 64))
	if s.after != 0 {
		b.WriteString("to" + strconv.FormatFloat(s.after, 'f', -1, 64))
	}
	b.WriteString("-b" + strconv.Itoa(s.burst) + "-c" + strconv.Itoa(s.callers))
	if s.clients > 1 {
		b.WriteString("x" + strconv.Itoa(s.clients))
	}
	b.WriteString("-n" + strconv.Itoa(s.calls) + "-ra" + s.retryAfter.String())
	if s.window > 0 {
		b.WriteString("-window" + s.window.String())
	}
	return b.String()
}

// ideal is the shortest time the calls can take: the bucket admits burst
// at once and then rate per second (after per second for the second half
// when the rate changes), so the last success cannot come earlier.
func (s throttleShape) ideal() time.Duration {
	secs := float64(s.calls-s.burst) / s.rate
	if s.after != 0 {
		half := s.calls / 2
		secs = float64(half-s.burst)/s.rate + float64(s.calls-half)/s.after
	}
	return time.Duration(secs * float64(time.Second))
}

// throttleShapes is the sweep. Each shape takes a few seconds at the
// service's rate (the slowest ones 10-20s); the number of calls is large
// enough that the throttles no client can avoid stay a small share: those
// of the first wave of callers beyond the burst, as nothing is known yet,
// and the few it takes to find a low rate from above.
var throttleShapes = []throttleShape{
	{rate: 2, burst: 1, callers: 1, calls: 40, retryAfter: retryAfterNone},
	// The same service over a minute: the throttles it takes to find a
	// rate far below the starting one weigh three times less.
	{rate: 2, burst: 1, callers: 1, calls: 120, retryAfter: retryAfterNone},
	{rate: 5, burst: 5, callers: 2, calls: 60, retryAfter: retryAfterCeil},
	{rate: 10, burst: 1, callers: 4, calls: 100, retryAfter: retryAfterZero},
	{rate: 20, burst: 1, callers: 1, calls: 80, retryAfter: retryAfterNone},
	{rate: 50, burst: 10, callers: 8, calls: 210, retryAfter: retryAfterZero},
	{rate: 200, burst: 10, callers: 32, calls: 1000, retryAfter: retryAfterOne, emulator: true},
	{rate: 200, burst: 10, callers: 32, calls: 1000, retryAfter: retryAfterCeil},
	{rate: 500, burst: 20, callers: 64, calls: 2000, retryAfter: retryAfterZero},
	{rate: 1000, burst: 1, callers: 1, calls: 3000, retryAfter: retryAfterCeil},
	{rate: 1000, burst: 1, callers: 32, calls: 3000, retryAfter: retryAfterNone},
	{rate: 1000, burst: 100, callers: 256, calls: 4000, retryAfter: retryAfterNone},
	{rate: 100, after: 50, burst: 10, callers: 16, calls: 300, retryAfter: retryAfterCeil},
	{rate: 100, after: 200, burst: 10, callers: 16, calls: 600, retryAfter: retryAfterNone},
	{rate: 300, burst: 10, callers: 16, clients: 3, calls: 1200, retryAfter: retryAfterCeil},
	{rate: 100, burst: 10, callers: 32, calls: 450, retryAfter: retryAfterNone, scf: true},
	{rate: 40, after: 20, burst: 2, callers: 4, calls: 160, retryAfter: retryAfterNone, scf: true},
	// A limit kept in fixed windows of a second: SCF's documented "20
	// requests per second", read literally, and the same for Lambda at
	// 100/s.
	{rate: 20, burst: 20, callers: 8, calls: 400, retryAfter: retryAfterNone, scf: true, window: time.Second},
	{rate: 100, burst: 100, callers: 32, calls: 2000, retryAfter: retryAfterCeil, window: time.Second},
}

// tokenBucketHandler throttles like a service with a token bucket: a
// request finding a token takes it and goes to next; one finding none is
// refused, as Lambda (429 TooManyRequestsException) or as SCF (an HTTP 200
// carrying RequestLimitExceeded) refuses. It counts requests and refusals.
type tokenBucketHandler struct {
	next       http.Handler
	scf        bool
	retryAfter retryAfterForm

	mu       sync.Mutex
	rate     float64
	burst    float64
	tokens   float64
	at       time.Time
	admitted int
	switchAt int
	after    float64
	// window, windowStart, windowIndex and windowAdmitted count for a
	// windowed service (see throttleShape.window).
	window         time.Duration
	windowStart    time.Time
	windowIndex    int64
	windowAdmitted int

	requests  atomic.Int64
	throttled atomic.Int64
}

func newTokenBucketHandler(s throttleShape, next http.Handler) *tokenBucketHandler {
	return &tokenBucketHandler{
		next: next, scf: s.scf, retryAfter: s.retryAfter,
		rate: s.rate, burst: float64(s.burst), tokens: float64(s.burst), at: time.Now(),
		switchAt: s.calls / 2, after: s.after, window: s.window,
	}
}

// take takes a token, or returns how long until there is one.
func (h *tokenBucketHandler) take() (bool, time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	if h.window > 0 {
		if h.windowStart.IsZero() {
			h.windowStart = now
		}
		elapsed := now.Sub(h.windowStart)
		if i := int64(elapsed / h.window); i != h.windowIndex {
			h.windowIndex, h.windowAdmitted = i, 0
		}
		if float64(h.windowAdmitted) < h.burst {
			h.windowAdmitted++
			return true, 0
		}
		return false, time.Duration(h.windowIndex+1)*h.window - elapsed
	}
	h.tokens = math.Min(h.burst, h.tokens+now.Sub(h.at).Seconds()*h.rate)
	h.at = now
	if h.tokens >= 1 {
		h.tokens--
		h.admitted++
		if h.after != 0 && h.admitted == h.switchAt {
			h.rate = h.after
		}
		return true, 0
	}
	return false, time.Duration((1 - h.tokens) / h.rate * float64(time.Second))
}

func (h *tokenBucketHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	ok, wait := h.take()
	if ok {
		h.next.ServeHTTP(w, r)
		return
	}
	h.throttled.Add(1)
	hdr := w.Header()
	switch h.retryAfter {
	case retryAfterCeil:
		hdr.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	case retryAfterZero:
		hdr.Set("Retry-After", "0")
	case retryAfterOne:
		hdr.Set("Retry-After", "1")
	}
	hdr.Set("Content-Type", "application/json")
	if h.scf {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"Your current request times equals to ` +
			`the maximum number of requests per second."},"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}`))
		return
	}
	hdr.Set("X-Amzn-ErrorType", "TooManyRequestsException")
	hdr.Set("X-Amzn-RequestId", "0a7bd6f2-6b0c-4c2e-8d53-7d2a3e1b0f11")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`))
}

// throttleImpl is a client implementation under test: newGet makes one
// independent client.
type throttleImpl struct {
	name   string
	newGet func(tb testing.TB, endpoint string) getFunc
}

func lambdaThrottleImpls() []throttleImpl {
	return []throttleImpl{
		{"provconc", func(tb testing.TB, endpoint string) getFunc { return newProvconcGet(tb, endpoint, nil) }},
		{"awssdk-standard", func(tb testing.TB, endpoint string) getFunc {
			return newAWSSDKGetWith(tb, endpoint, func(o *lambda.Options) { o.Retryer = awsretry.NewStandard() })
		}},
		{"awssdk-adaptive", func(tb testing.TB, endpoint string) getFunc {
			return newAWSSDKGetWith(tb, endpoint, func(o *lambda.Options) { o.Retryer = awsretry.NewAdaptiveMode() })
		}},
	}
}

func scfThrottleImpls() []throttleImpl {
	return []throttleImpl{
		{"provconc", func(tb testing.TB, endpoint string) getFunc { return newProvconcSCFGet(tb, endpoint, nil) }},
		{"tcsdk-retry3", func(tb testing.TB, endpoint string) getFunc {
			return newTCSDKGetRetrying(tb, endpoint, 3)
		}},
	}
}

// oracleThrottleImpls are references for the shapes with a burst of one at
// high rates, where the jitter of the way to the service, not the client's
// estimate, is what limits: clients that know the service's rate and send
// at a fixed interval a little longer than the bucket's (5% and 10%),
// shared by all callers, waiting the last stretch of each wait by spinning
// so their timers are exact, and retrying a throttled call at its next
// turn. No real client knows the rate; these show what the machine allows.
func oracleThrottleImpls(rate float64) []throttleImpl {
	oracle := func(slack float64) throttleImpl {
		name := "oracle-pacer-" + strconv.FormatFloat(slack, 'f', 2, 64)
		interval := time.Duration(slack / rate * float64(time.Second))
		return throttleImpl{name, func(tb testing.TB, endpoint string) getFunc {
			// One attempt per call: the pacer, not the client, retries.
			get := newProvconcGetWith(tb, endpoint, func(o *awslambda.Options) { o.Retry.MaxAttempts = -1 })
			p := &fixedPacer{interval: interval}
			return func(ctx context.Context) (int, error) {
				for {
					if err := p.wait(ctx); err != nil {
						return 0, err
					}
					n, err := get(ctx)
					if !errors.Is(err, provconc.ErrTooManyRequests) {
						return n, err
					}
				}
			}
		}}
	}
	return []throttleImpl{oracle(1.05), oracle(1.10)}
}

// fixedPacer lets attempts go one interval apart, in the order they ask.
type fixedPacer struct {
	interval time.Duration
	mu       sync.Mutex
	next     time.Time
}

// wait returns at the caller's turn: the timer takes it to a millisecond
// before, a loop yielding the processor the rest of the way.
func (p *fixedPacer) wait(ctx context.Context) error {
	p.mu.Lock()
	at := time.Now()
	if p.next.After(at) {
		at = p.next
	}
	p.next = at.Add(p.interval)
	p.mu.Unlock()
	if d := time.Until(at) - time.Millisecond; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	for time.Now().Before(at) {
		if err := ctx.Err(); err != nil {
			return err
		}
		runtime.Gosched()
	}
	return nil
}

// BenchmarkThrottled sweeps throttleShapes. For each shape and each
// implementation, one iteration is one run with a fresh server and fresh
// clients: callers goroutines per client make the shape's calls between
// them, every call's context ending after a generous timeout, and the
// benchmark reports per run:
//
//   - elapsed/ideal: the run's wall time over the shape's ideal; 1 is the
//     service's limit;
//   - throttle-share: throttled answers as a share of all requests the
//     server saw;
//   - failed-calls: calls that returned an error;
//   - requests/call: HTTP requests per call, retries included.
//
// Lambda shapes compare provconc's default client with aws-sdk-go-v2's
// lambda client using retry.NewStandard() and retry.NewAdaptiveMode() at
// their defaults; SCF shapes compare provconc's default SCF client with
// tencentcloud-sdk-go's common client allowed 3 rate-limit retries (its
// default is none).
//
// Run it with -benchtime 1x: one iteration takes a few seconds.
func BenchmarkThrottled(b *testing.B) {
	for _, shape := range throttleShapes {
		impls := lambdaThrottleImpls()
		if shape.scf {
			impls = scfThrottleImpls()
		}
		if shape.burst == 1 && shape.rate >= 200 && !shape.scf {
			impls = append(impls, oracleThrottleImpls(shape.rate)...)
		}
		for _, impl := range impls {
			b.Run("server="+shape.name()+"/impl="+impl.name, func(b *testing.B) {
				var sum throttledRun
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					run := runShape(b, shape, impl)
					if run.firstErr != nil {
						b.Logf("run %d: %d calls failed; the first: %v", i, run.failed, run.firstErr)
					}
					sum.add(run)
				}
				n := float64(b.N)
				b.ReportMetric(sum.elapsed.Seconds()/shape.ideal().Seconds()/n, "elapsed/ideal")
				b.ReportMetric(float64(sum.throttled)/float64(sum.requests), "throttle-share")
				b.ReportMetric(float64(sum.failed)/n, "failed-calls")
				b.ReportMetric(float64(sum.requests)/float64(shape.calls)/n, "requests/call")
			})
		}
	}
}

// runShape makes one run of shape with fresh servers and clients, timing
// only the calls.
func runShape(b *testing.B, shape throttleShape, impl throttleImpl) throttledRun {
	var (
		srvURL  string
		closeFn func()
		counts  func() (int64, int64)
		arm     func()
	)
	if shape.emulator {
		emu := newEmulator(b, emulator.Options{})
		counter := &statusCounter{next: emu}
		srv := serve(b, counter)
		srvURL, closeFn = srv.URL, srv.Close
		counts = func() (int64, int64) { return counter.requests.Load(), counter.throttled.Load() }
		// The bucket starts full once armed, after the seeding.
		arm = func() { emu.SetFaults(emulator.Faults{RatePerSecond: shape.rate, Burst: shape.burst}) }
	} else {
		next := fixedGetHandler()
		if shape.scf {
			next = fixedSCFHandler()
		}
		// The clients are made before the bucket, so none of their setup
		// runs on its clock.
		var h atomic.Pointer[tokenBucketHandler]
		srv := serve(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.Load().ServeHTTP(w, r) }))
		srvURL, closeFn = srv.URL, srv.Close
		counts = func() (int64, int64) { return h.Load().requests.Load(), h.Load().throttled.Load() }
		arm = func() { h.Store(newTokenBucketHandler(shape, next)) }
	}
	clients := max(shape.clients, 1)
	gets := make([]getFunc, clients)
	for i := range gets {
		gets[i] = impl.newGet(b, srvURL)
	}
	arm()
	b.StartTimer()
	run := runThrottledShape(gets, shape)
	b.StopTimer()
	run.requests, run.throttled = counts()
	closeFn()
	return run
}

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

// runThrottledShape makes shape.calls calls from shape.callers goroutines
// per client. Every call's context ends after ten times the ideal plus ten
// seconds: far more than any implementation needs unless it stalls.
func runThrottledShape(gets []getFunc, shape throttleShape) throttledRun {
	ctx, cancel := context.WithTimeout(context.Background(), 10*shape.ideal()+10*time.Second)
	defer cancel()
	var (
		next   atomic.Int64
		failed atomic.Int64
		wg     sync.WaitGroup
		once   sync.Once
		first  error
	)
	start := time.Now()
	for _, get := range gets {
		for range shape.callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(shape.calls) {
					if _, err := get(ctx); err != nil {
						failed.Add(1)
						once.Do(func() { first = err })
					}
				}
			}()
		}
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

// newTCSDKGetRetrying is newTCSDKGet with up to retries retries of a
// RequestLimitExceeded answer, at the SDK's own backoff.
func newTCSDKGetRetrying(tb testing.TB, endpoint string, retries int) getFunc {
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Endpoint = strings.TrimPrefix(endpoint, "http://")
	prof.DisableRegionBreaker = true // its backup endpoint is the real service
	prof.RateLimitExceededMaxRetries = retries
	c := common.NewCommonClient(common.NewCredential(scfSecretID, scfSecretKey), scfRegion, prof).
		WithHttpTransport(newPool(tb))
	params := map[string]any{"FunctionName": functionName, "Qualifier": "1", "Namespace": "default"}
	return func(ctx context.Context) (int, error) {
		req := tchttp.NewCommonRequest("scf", "2018-04-16", "GetProvisionedConcurrencyConfig")
		req.SetContext(ctx)
		if err := req.SetActionParameters(params); err != nil {
			return 0, err
		}
		resp := &tcGetResponse{BaseResponse: &tchttp.BaseResponse{}}
		if err := c.Send(req, resp); err != nil {
			return 0, err
		}
		return len(resp.Response.Allocated), nil
	}
}
