//go:build go1.25

// These tests run provconc's default clients, both clouds, against token
// buckets of many shapes on the simulated clock of testing/synctest: time
// moves only when every goroutine of the test waits, so a run of minutes
// takes a fraction of a second, the figures do not depend on the machine,
// and the assertions are about counts (failed calls, the share of
// throttled answers) and simulated time, never the wall clock.
//
// The servers here are written from how token buckets and the two clouds
// behave, not from the RateLimiter's code: a bucket of rate and burst that
// starts full, a request taking a token or being refused; Lambda refusing
// with 429 TooManyRequestsException and a Retry-After header in one of
// several forms, SCF with RequestLimitExceeded inside an HTTP 200; a limit
// that halves or doubles in the middle of a run; several clients sharing
// one limit.

package retry_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// raForm is what a refusal says about when to come back.
type raForm int

const (
	raNone raForm = iota // no Retry-After
	raCeil               // the wait for the next token, whole seconds rounded up
	raZero               // "0": shorter than the real wait whenever the bucket is empty
	raOne                // "1" whatever the wait
	raDate               // the HTTP-date form of raCeil
)

func (f raForm) String() string { return [...]string{"none", "ceil", "zero", "one", "date"}[f] }

// simShape is one service and one load.
type simShape struct {
	rate, after float64 // the bucket's rate, and its rate once calls/2 were admitted (0: unchanged)
	burst       int
	callers     int // goroutines per client
	clients     int // independent clients sharing the bucket (0: one)
	// own says each client has calls/clients calls of its own to make,
	// rather than all taking from one pool: the run ends when the
	// slowest client is done.
	own   bool
	calls int
	ra    raForm
	scf   bool
	// latency is the round trip of an answer; each is drawn uniformly
	// between half and one and a half times it. 1ms if zero.
	latency time.Duration
	// stall, if set, delays one request in twenty on its way to the
	// service by up to that much more (uniformly): the scheduling hiccups
	// of a loaded machine, which make a request reach the service after
	// the one sent next, or too close before it.
	stall time.Duration
	// slowAnswer, if set, delays one answer in twenty on its way back by
	// up to that much more: late answers to requests that reached the
	// service in turn, which say nothing of the jitter of the way there.
	slowAnswer time.Duration
	// serve, if set, is how long the service takes over each request,
	// one at a time, so that requests arriving together are admitted or
	// refused, and answered, in the order they came: the first wave's
	// admitted callers hear back, and call again, before the throttled
	// ones (and the limiter) hear of the first throttle.
	serve time.Duration
	// window, if set, makes the service a counter of fixed windows of
	// that length instead of a token bucket: it admits burst requests in
	// each window (counted from the start) and refuses the rest until the
	// next one begins; sliding makes the window slide, admitting a request
	// when fewer than burst were admitted in the window before it. rate
	// should then be burst per window, for the ideal.
	window  time.Duration
	sliding bool
	// maxRatio is the elapsed/ideal the test holds the shape to: 1.15 if
	// zero, below 0 for none; maxShare the share of requests throttled
	// the test allows: 10% if zero, below 0 for none.
	maxRatio, maxShare float64
}

func (s simShape) String() string {
	cloud := "lambda"
	if s.scf {
		cloud = "scf"
	}
	r := fmt.Sprint(s.rate)
	if s.after != 0 {
		r += "to" + fmt.Sprint(s.after)
	}
	name := fmt.Sprintf("%s-r%s-b%d-c%dx%d-n%d-ra%s", cloud, r, s.burst, s.callers, max(s.clients, 1), s.calls, s.ra)
	if s.latency > time.Millisecond {
		// Round trips shorter than the default are in the shape's
		// comment; longer ones are rare enough to name.
		name += "-rtt" + s.latency.String()
	}
	if s.stall > 0 {
		name += "-stall" + s.stall.String()
	}
	if s.slowAnswer > 0 {
		name += "-slowanswer" + s.slowAnswer.String()
	}
	if s.serve > 0 {
		name += "-serve" + s.serve.String()
	}
	if s.window > 0 {
		kind := "fixed"
		if s.sliding {
			kind = "sliding"
		}
		name += "-" + kind + s.window.String()
	}
	if s.own {
		name += "-own"
	}
	return name
}

// ideal is the earliest the last call can end: the bucket admits burst at
// once, then rate per second (after per second past half the calls).
func (s simShape) ideal() time.Duration {
	secs := float64(s.calls-s.burst) / s.rate
	if s.after != 0 {
		half := s.calls / 2
		secs = float64(half-s.burst)/s.rate + float64(s.calls-half)/s.after
	}
	return time.Duration(secs * float64(time.Second))
}

// bucket is a token bucket server.
type bucket struct {
	shape simShape

	mu       sync.Mutex
	rate     float64
	tokens   float64
	at       time.Time
	admitted int
	// start, windowAdmitted, and admittedAt (the times of the admissions
	// of the last window, oldest first) count for a windowed service.
	start          time.Time
	windowAdmitted int
	windowIndex    int64
	admittedAt     []time.Time

	// serving is held while the service takes over a request (see
	// simShape.serve): a channel, as synctest counts a goroutine waiting
	// on one, not on a mutex, as durably blocked.
	serving chan struct{}

	requests, throttled atomic.Int64
}

func newBucket(s simShape) *bucket {
	now := time.Now()
	return &bucket{shape: s, rate: s.rate, tokens: float64(s.burst), at: now, start: now, serving: make(chan struct{}, 1)}
}

func (b *bucket) take() (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if w := b.shape.window; w > 0 {
		return b.takeWindowLocked(now, w)
	}
	b.tokens = math.Min(float64(b.shape.burst), b.tokens+now.Sub(b.at).Seconds()*b.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		b.admitted++
		if b.shape.after != 0 && b.admitted == b.shape.calls/2 {
			b.rate = b.shape.after
		}
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// takeWindowLocked admits a request to a windowed service (see
// simShape.window).
func (b *bucket) takeWindowLocked(now time.Time, w time.Duration) (bool, time.Duration) {
	if b.shape.sliding {
		for len(b.admittedAt) > 0 && now.Sub(b.admittedAt[0]) >= w {
			b.admittedAt = b.admittedAt[1:]
		}
		if len(b.admittedAt) < b.shape.burst {
			b.admittedAt = append(b.admittedAt, now)
			return true, 0
		}
		return false, w - now.Sub(b.admittedAt[0])
	}
	elapsed := now.Sub(b.start)
	if i := int64(elapsed / w); i != b.windowIndex {
		b.windowIndex, b.windowAdmitted = i, 0
	}
	if b.windowAdmitted < b.shape.burst {
		b.windowAdmitted++
		return true, 0
	}
	return false, time.Duration(b.windowIndex+1)*w - elapsed
}

const (
	simLambdaAnswer = `{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,"LastModified":"2019-12-31T20:28:49+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"READY"}`
	simSCFAnswer    = `{"Response":{"UnallocatedConcurrencyNum":170,"Allocated":[{"AllocatedProvisionedConcurrencyNum":100,"AvailableProvisionedConcurrencyNum":100,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}],"RequestId":"b5b41468-520d-4192-b42f-595cc34b6c1c"}}`
	simSCFThrottle  = `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"Your current request times equals to the maximum number of requests per second."},"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}`
	simLambdaRefuse = `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`
)

func (b *bucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	b.requests.Add(1)
	if b.shape.serve > 0 {
		b.serving <- struct{}{}
		time.Sleep(b.shape.serve)
	}
	ok, wait := b.take()
	if b.shape.serve > 0 {
		<-b.serving
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if ok {
		w.WriteHeader(http.StatusOK)
		if b.shape.scf {
			_, _ = io.WriteString(w, simSCFAnswer)
		} else {
			_, _ = io.WriteString(w, simLambdaAnswer)
		}
		return
	}
	b.throttled.Add(1)
	secs := int(math.Ceil(wait.Seconds()))
	switch b.shape.ra {
	case raCeil:
		h.Set("Retry-After", strconv.Itoa(secs))
	case raZero:
		h.Set("Retry-After", "0")
	case raOne:
		h.Set("Retry-After", "1")
	case raDate:
		// The date form has whole seconds too: the next whole second at
		// which a token is there.
		h.Set("Retry-After", time.Now().Add(wait).Add(time.Second-1).UTC().Format(http.TimeFormat))
	}
	if b.shape.scf {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, simSCFThrottle)
		return
	}
	h.Set("X-Amzn-ErrorType", "TooManyRequestsException")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = io.WriteString(w, simLambdaRefuse)
}

// simTransport answers through a handler in memory after a simulated round
// trip, unless the request's context ends on the way.
type simTransport struct {
	h          http.Handler
	latency    time.Duration
	stall      time.Duration
	slowAnswer time.Duration
	mu         sync.Mutex
	rnd        *rand.Rand
}

func (t *simTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	d := time.Duration((0.5 + t.rnd.Float64()) * float64(t.latency))
	stall, slow := t.oneInTwentyLocked(t.stall), t.oneInTwentyLocked(t.slowAnswer)
	t.mu.Unlock()
	time.Sleep(d/2 + stall)
	if err := req.Context().Err(); err != nil {
		// A real transport sends nothing for an attempt whose
		// context has ended.
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	time.Sleep(d/2 + slow)
	resp := rec.Result()
	resp.Request = req
	if req.Body != nil {
		req.Body.Close()
	}
	return resp, nil
}

// oneInTwentyLocked returns, one time in twenty, a delay of up to most
// (uniformly), and 0 otherwise or when most is 0.
func (t *simTransport) oneInTwentyLocked(most time.Duration) time.Duration {
	if most > 0 && t.rnd.IntN(20) == 0 {
		return time.Duration(t.rnd.Float64() * float64(most))
	}
	return 0
}

// simResult is what a run came to.
type simResult struct {
	elapsed             time.Duration
	failed              int64
	requests, throttled int64
	perClient           []int64
	// latePerClient counts each client's calls over the second half of
	// the run (after half the calls were done): the shares the clients
	// settled at, not those of the race at the start.
	latePerClient []int64
	firstErr      error
}

func (r simResult) ratio(s simShape) float64 { return r.elapsed.Seconds() / s.ideal().Seconds() }
func (r simResult) share() float64           { return float64(r.throttled) / float64(r.requests) }

func (r simResult) String() string {
	return fmt.Sprintf("elapsed %v, throttled %d of %d requests (%.1f%%), %d failed calls, calls per client %v",
		r.elapsed.Round(time.Millisecond), r.throttled, r.requests, 100*r.share(), r.failed, r.perClient)
}

// simRun runs a shape with provconc's default clients, each with the
// default retry options, inside a synctest bubble. Every call's context
// ends after ten times the ideal and a minute: a call fails only if it
// outlasts that.
func simRun(t *testing.T, s simShape, seed uint64) simResult {
	t.Helper()
	var res simResult
	synctest.Test(t, func(t *testing.T) {
		b := newBucket(s)
		latency := s.latency
		if latency == 0 {
			latency = time.Millisecond
		}
		clients := max(s.clients, 1)
		gets := make([]func(context.Context) error, clients)
		var limiters []*retry.RateLimiter
		for i := range gets {
			var ropts retry.Options
			if simTrace != "" {
				// Watch the rate: the same limiter the Transport would
				// make for itself.
				ropts.RateLimiter = retry.NewRateLimiter(retry.RateLimiterOptions{})
				limiters = append(limiters, ropts.RateLimiter)
			}
			hc := &http.Client{Transport: &simTransport{h: b, latency: latency, stall: s.stall, slowAnswer: s.slowAnswer, rnd: rand.New(rand.NewPCG(seed, uint64(i)))}}
			var (
				c   *provconc.Client
				err error
			)
			if s.scf {
				creds := tencentscf.NewCredentials("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "")
				c, err = tencentscf.NewClient(creds, "ap-guangzhou", func(o *tencentscf.Options) {
					o.Endpoint, o.HTTPClient, o.Retry = "https://scf.tencentcloudapi.test", hc, ropts
				})
			} else {
				var p *awslambda.Protocol
				p, err = awslambda.New(awslambda.Options{
					Region:      "us-east-1",
					Credentials: aws.AnonymousCredentials{},
					Endpoint:    "https://lambda.test",
					HTTPClient:  hc,
					Retry:       ropts,
				})
				if err == nil {
					c, err = provconc.NewClient(p)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			in := &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"}
			gets[i] = func(ctx context.Context) error {
				out, err := c.Get(ctx, in)
				if err == nil && out.Requested != 100 && out.Allocated != 100 {
					err = fmt.Errorf("a Get answered %+v", out)
				}
				return err
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*s.ideal()+time.Minute)
		defer cancel()
		var (
			next, failed atomic.Int64
			wg           sync.WaitGroup
			once         sync.Once
		)
		per := make([]atomic.Int64, clients)
		late := make([]atomic.Int64, clients)
		var completed atomic.Int64
		start := time.Now()
		done := make(chan struct{})
		if len(limiters) > 0 {
			go func() {
				tick := time.NewTicker(s.ideal() / 40)
				defer tick.Stop()
				for {
					select {
					case <-done:
						return
					case <-tick.C:
					}
					line := fmt.Sprintf("t=%6.2fs req=%5d thr=%4d", time.Since(start).Seconds(), b.requests.Load(), b.throttled.Load())
					for _, l := range limiters {
						r, _ := l.Rate()
						line += fmt.Sprintf(" rate=%7.1f", r)
					}
					t.Log(line)
				}
			}()
		}
		pools := make([]*atomic.Int64, clients)
		for i := range pools {
			pools[i] = &next
			if s.own {
				pools[i] = new(atomic.Int64)
			}
		}
		for i, get := range gets {
			limit := int64(s.calls)
			if s.own {
				limit /= int64(clients)
			}
			for range s.callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for pools[i].Add(1) <= limit {
						if err := get(ctx); err != nil {
							failed.Add(1)
							once.Do(func() { res.firstErr = err })
							continue
						}
						per[i].Add(1)
						if completed.Add(1) > int64(s.calls)/2 {
							late[i].Add(1)
						}
					}
				}()
			}
		}
		wg.Wait()
		close(done)
		res.elapsed = time.Since(start)
		res.failed = failed.Load()
		res.requests, res.throttled = b.requests.Load(), b.throttled.Load()
		for i := range per {
			res.perClient = append(res.perClient, per[i].Load())
			res.latePerClient = append(res.latePerClient, late[i].Load())
		}
	})
	return res
}

// simTrace, when set in the environment as PROVCONC_SIM_TRACE, logs the
// limiters' rates during each run, for tuning.
var simTrace = os.Getenv("PROVCONC_SIM_TRACE")

// simShapes are the shapes the CI test holds to the figures: no
// failed call, at most 10% of requests throttled, and elapsed within 1.15
// times the ideal, except where maxShare and maxRatio say otherwise. Each
// run is long enough (in simulated time) that the throttles nothing can
// avoid, those of the first attempts of callers beyond the burst, stay a
// small share.
var simShapes = []simShape{
	{rate: 2, burst: 1, callers: 1, calls: 120, ra: raNone},
	{rate: 2, burst: 1, callers: 4, calls: 120, ra: raCeil},
	// 256 callers at 2/s: each call waits two minutes in line, longer
	// than the default Timeout (60s), which counts from a call's first
	// turn, and from its first paced one for the 255 attempts that went
	// out together before pacing began and were refused (2,864 calls
	// failed when the line counted; 146 with only the first turn left
	// out).
	{rate: 2, burst: 1, callers: 256, calls: 5120, ra: raNone},
	{rate: 10, burst: 1, callers: 8, calls: 400, ra: raZero},
	{rate: 50, burst: 10, callers: 32, calls: 1000, ra: raOne},
	{rate: 200, burst: 10, callers: 32, calls: 2000, ra: raCeil},
	{rate: 200, burst: 100, callers: 256, calls: 4000, ra: raNone},
	// A burst of one at 1,000/s leaves no room for jitter: a request
	// arriving less than 1ms after the last admitted one is refused, and
	// the answers' jitter (100µs either way here) alone costs the pace
	// 5-10%, on top of the start from 20/s. These two get 1.2.
	{rate: 1000, burst: 1, callers: 1, calls: 4000, ra: raCeil, latency: 200 * time.Microsecond, maxRatio: 1.2},
	{rate: 1000, burst: 1, callers: 32, calls: 5000, ra: raNone, latency: 200 * time.Microsecond, maxRatio: 1.2},
	// The same on a loaded machine: one request in twenty held up to 3ms
	// on its way, so that it is overtaken or arrives too close to the
	// next, and refused at any rate. The pace suffers (an exact pacer
	// that knew the rate would too): a throttle here says nothing of the
	// rate, and each that cuts costs a climb back of 226 successes at
	// 1,000/s (the price of fair shares, see climbSuccesses). The limiter
	// spaces turns behind late answers, and lets throttles the round
	// trips show came out of turn go uncut: one caller and 32 took 2.74
	// times the ideal each with neither (the excuse was once an epoch,
	// for an answer a whole interval late), 2.29 and 2.27 with the
	// excuses alone, 1.29 and 1.73 with both; 1.28 and 1.39 since a cut
	// that leaves the curve flat probes beyond at once instead of holding
	// the rate there for the climb (the bound of 1.6 leaves room for
	// another machine's scheduling). The calls and the share of throttles
	// must not suffer.
	{rate: 1000, burst: 1, callers: 1, calls: 4000, ra: raCeil, latency: 200 * time.Microsecond, stall: 3 * time.Millisecond, maxRatio: 1.5},
	{rate: 1000, burst: 1, callers: 32, calls: 5000, ra: raNone, latency: 200 * time.Microsecond, stall: 3 * time.Millisecond, maxRatio: 1.6},
	// Answers late on their way back, to requests that reached the
	// service in turn: a late answer alone says nothing of the way there,
	// and the throttles of a rate too high must still cut it. At 1,000/s
	// slow start sends two attempts back to back when a raise brings a
	// turn forward; the one refused must not halve the rate (1.35 when
	// it did); it gets 1.2, like the burst of one at 1,000/s above.
	{rate: 200, burst: 1, callers: 32, calls: 2000, ra: raNone, latency: 200 * time.Microsecond, slowAnswer: 5 * time.Millisecond},
	{rate: 1000, burst: 1, callers: 32, calls: 5000, ra: raNone, latency: 200 * time.Microsecond, slowAnswer: 5 * time.Millisecond, maxRatio: 1.2},
	{rate: 1000, burst: 100, callers: 256, calls: 8000, ra: raDate},
	// The same without Retry-After, served one request at a time as a
	// real server does when many come at once: the first wave's admitted
	// callers call again before the first throttle is heard of, and those
	// unpaced attempts take the tokens the first paced ones find gone
	// (they quartered the starting rate: 1.15 times the ideal, against
	// 1.00 since).
	{rate: 1000, burst: 100, callers: 256, calls: 8000, ra: raNone, latency: 200 * time.Microsecond, serve: 20 * time.Microsecond},
	{rate: 100, after: 50, burst: 10, callers: 16, calls: 1000, ra: raCeil},
	{rate: 100, after: 200, burst: 10, callers: 16, calls: 2000, ra: raNone},
	{rate: 20, after: 10, burst: 5, callers: 8, calls: 400, ra: raZero, scf: true},
	{rate: 100, burst: 10, callers: 32, calls: 1500, ra: raNone, scf: true},
	// A limit kept in windows of a second rather than a bucket: so many
	// requests a window, the rest refused until the next (SCF documents
	// "20 requests per second"), or in any second (sliding). Asked too
	// much, it admits nothing for the rest of the window; the blind cuts
	// that sank the rate to about one request a second are taken back
	// when it admits again. 4.2, 9.9 and 2.9 times the ideal before
	// (seed 1); 1.11, 1.13 and 1.28 once taken back, the first time by
	// slow start from about one request a second; 1.08, 1.05 and 1.15
	// since that too goes back at once. A pacer spreads each window's
	// count over it, where the service would admit it all at once: over
	// twenty windows, 1.05 is the least it can take.
	{rate: 20, burst: 20, callers: 8, calls: 400, ra: raNone, scf: true, window: time.Second, maxRatio: 1.2},
	{rate: 100, burst: 100, callers: 32, calls: 2000, ra: raCeil, window: time.Second, maxRatio: 1.2},
	{rate: 20, burst: 20, callers: 8, calls: 400, ra: raNone, scf: true, window: time.Second, sliding: true, maxRatio: 1.2},
	// Clients sharing a limit converge to like shares. With calls of
	// their own, the run ends with the slowest client, and how slow it is
	// depends on how the start shared the limit out, which the pull
	// towards like shares evens only gently. Over 24 seeds: 1.12 times the
	// ideal on average and 1.37 at worst before the start gate, 1.14 and
	// 1.44 with it, 1.22 and 1.87 since its slot goes back only after a
	// throttle has turned pacing on (no waiter goes out unpaced then).
	// This seed drew 1.10, 1.33 and 1.12; a change that fails it here may
	// only have drawn worse, and the seeds' mean (PROVCONC_SIM_GRID) says
	// which.
	{rate: 300, burst: 10, callers: 16, clients: 3, calls: 3000, ra: raCeil},
	{rate: 300, burst: 10, callers: 16, clients: 3, calls: 3000, ra: raCeil, own: true},
	// The same with round trips of 10 to 30ms: answers that vary by more
	// than an interval must not pass for late ones (over six seeds, the
	// throttles they excused let one client of three sink to 3% of the
	// second half before the limiter measured that spread).
	{rate: 300, burst: 10, callers: 16, clients: 3, calls: 3000, ra: raCeil, latency: 20 * time.Millisecond},
	// About 8% of requests throttled over 24 seeds; this seed drew 10.3%
	// with the start gate alone, 8.8% since.
	{rate: 30, burst: 10, callers: 4, clients: 3, calls: 600, ra: raCeil, own: true, maxRatio: 3},
	// Clients sharing a limit with a burst of one. The client whose turns
	// fall just as the bucket's token comes back takes nearly all of
	// them, and the others' attempts, arriving at other times, find it
	// empty: they are cut to the floor. When the winner's calls are done,
	// theirs are admitted again, and used to wait at the floor for the
	// whole climb back to a peak that was the floor too (4.95 times the
	// ideal, a call failed by its Timeout; 8 of 400 calls at 10/s, 5 with
	// calls of their own); a flat curve now probes beyond at once. The
	// figures are looser: independent clients on a burst of one collide
	// (two requests a turn apart at most: the second is refused, whoever
	// sent it), the more the nearer they come to the limit together. Since:
	// 2.59 times the ideal with 8.8% throttled, and 3.31 with 19.8%.
	{rate: 100, burst: 1, callers: 32, clients: 4, calls: 2000, ra: raNone, own: true, maxRatio: 3},
	{rate: 10, burst: 1, callers: 8, clients: 4, calls: 400, ra: raNone, own: true, maxRatio: 4, maxShare: 0.25},
}

// limit returns a shape's limit v, or def if v is zero; below 0, none.
func limit(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func TestGoodputSimulated(t *testing.T) {
	for _, s := range simShapes {
		t.Run(s.String(), func(t *testing.T) {
			t.Parallel()
			r := simRun(t, s, 1)
			t.Logf("%s: elapsed/ideal %.3f; %v; over the second half %v", s, r.ratio(s), r, r.latePerClient)
			if r.failed != 0 {
				t.Errorf("%d calls failed; the first: %v", r.failed, r.firstErr)
			}
			if maxShare := limit(s.maxShare, 0.10); maxShare > 0 && r.share() > maxShare {
				t.Errorf("%.1f%% of requests throttled, want at most %.3g%%", 100*r.share(), 100*maxShare)
			}
			if maxRatio := limit(s.maxRatio, 1.15); maxRatio > 0 && r.ratio(s) > maxRatio {
				t.Errorf("elapsed %.3f of the ideal, want at most %v", r.ratio(s), maxRatio)
			}
			if s.clients > 1 && !s.own {
				// Over the second half of the run, after the start's
				// scramble, each client makes at least a quarter of
				// an equal share.
				var late int64
				for _, n := range r.latePerClient {
					late += n
				}
				for i, n := range r.latePerClient {
					if n*int64(4*s.clients) < late {
						t.Errorf("client %d made %d of the last %d calls, want at least a quarter of an equal share; per client %v", i+1, n, late, r.latePerClient)
					}
				}
			}
		})
	}
}
