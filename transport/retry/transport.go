// This file holds the Transport: its options, its RoundTrip, and the hooks
// through which it drives go-retryablehttp's retry loop.

package retry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/callbound"
)

// Defaults for the zero fields of Options.
const (
	// DefaultMaxAttempts is the attempt limit, the first attempt included,
	// as in the AWS SDKs' standard retry mode.
	DefaultMaxAttempts = 3
	// DefaultBaseDelay is the backoff ceiling of the first retry; it doubles
	// with every further retry.
	DefaultBaseDelay = 100 * time.Millisecond
	// DefaultMaxBackoff caps the backoff ceiling.
	DefaultMaxBackoff = 20 * time.Second
)

// Options tune a Transport. The zero value gives the defaults.
type Options struct {
	// MaxAttempts is the most attempts one call makes, the first included:
	// DefaultMaxAttempts (3) if zero; 1 disables retries (a negative value
	// does too). Left zero, while the RateLimiter paces the Transport,
	// throttled attempts do not count: a throttled call is retried, at the
	// limiter's pace, until it is admitted or its context ends (see
	// "Throttles" in the package doc). Set, it bounds every attempt,
	// throttled or not. With retries disabled, a request body without
	// GetBody is streamed rather than buffered, and the Transport adds
	// nothing to the answer: no RetryExhaustedError, no give-up reason.
	MaxAttempts int
	// BaseDelay is the backoff ceiling of the first retry, doubling with each
	// further retry: DefaultBaseDelay (100ms) if zero or less. The wait is
	// drawn uniformly below the ceiling ("full jitter").
	BaseDelay time.Duration
	// MaxBackoff caps the backoff ceiling: DefaultMaxBackoff (20s) if zero or
	// less.
	MaxBackoff time.Duration
	// MaxRetryAfter caps a wait the service asked for with Retry-After (or a
	// classifier's Decision.RetryAfter); a longer request is cut to it:
	// MaxBackoff if zero or less.
	MaxRetryAfter time.Duration
	// Budget is the retry token bucket; nil gives the Transport a Budget of
	// its own with DefaultBudgetCapacity. Pass one Budget to several
	// Transports to make them share it. Retries of throttles the
	// RateLimiter paces take nothing from it.
	Budget *Budget
	// Classify decides which attempts to retry: DefaultClassifier if nil.
	// See Classifier for what it may do with the response body.
	Classify Classifier
	// Logger receives a Debug record per attempt and a Warn record when
	// retries end early; nil logs nothing at no cost. Records name the
	// method, host and path, never the query string nor any header value.
	Logger *slog.Logger
	// Sleep waits d or until ctx ends, whichever is first, and then returns
	// ctx.Err() if ctx ended: a timer by default. Tests inject one that
	// records the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used to read an HTTP-date Retry-After and to compare
	// waits with the context's deadline: time.Now if nil. It must agree with
	// the clock that set the deadline.
	Now func() time.Time
	// Jitter returns a number in [0, 1) that scales the backoff ceiling (the
	// name WaitOptions uses for the same idea):
	// math/rand/v2's Float64 if nil. It must be safe for concurrent use.
	Jitter func() float64
	// RateLimiter paces the attempts of every call once the service
	// throttles; see RateLimiter. Nil gives the Transport one of its own,
	// on its Now and Sleep. Pass one RateLimiter to several Transports that
	// share a limit of the service.
	RateLimiter *RateLimiter
	// DisableRateLimit turns pacing off, and the start gate with it (see
	// RateLimiter): every attempt goes out as soon as the backoff allows,
	// and throttles are retried like other failures, within MaxAttempts
	// and the Budget. Pacing is also off while retries are disabled.
	DisableRateLimit bool
	// OnAttempt, if set, is called after every attempt with the attempt's
	// request context and what became of it, on the goroutine of RoundTrip:
	// tracing and metrics hang here. It must be quick and safe for
	// concurrent use, and must not keep the Attempt's Err beyond the call.
	OnAttempt func(ctx context.Context, a Attempt)
}

// Attempt describes one attempt that has ended, for Options.OnAttempt.
type Attempt struct {
	// Number counts the call's attempts from 1.
	Number int
	// StatusCode is the answer's HTTP status; 0 when Err is set.
	StatusCode int
	// Err is why the attempt failed without an answer.
	Err error
	// Throttled says the Classifier marked the attempt as throttled.
	Throttled bool
	// Retry says another attempt follows, after Wait.
	Retry bool
	// Wait is the backoff before the next attempt (the RateLimiter's pacing
	// comes on top).
	Wait time.Duration
	// GiveUpReason is set when retrying stopped while the answer was still
	// worth retrying (see Stats.GiveUpReason).
	GiveUpReason string
	// Paced is how long the attempt waited for the RateLimiter's turn
	// before it was sent (before the first throttle, at its start gate).
	Paced time.Duration
}

// Transport is an http.RoundTripper that retries what its Classifier deems
// worth retrying, sending each attempt through the inner RoundTripper as a
// fresh clone of the request with a rewound body. It is safe for concurrent
// use; all its calls share one Budget.
type Transport struct {
	next        http.RoundTripper
	engine      *retryablehttp.Client
	budget      *Budget
	limiter     *RateLimiter // nil when pacing is off
	classify    Classifier
	log         *slog.Logger
	sleep       func(context.Context, time.Duration) error
	now         func() time.Time
	rand        func() float64
	maxAttempts int
	// throttlesCount says MaxAttempts was set, so throttles count
	// against it even while the limiter paces.
	throttlesCount bool
	baseDelay      time.Duration
	maxBackoff     time.Duration
	maxRetryAfter  time.Duration
	onAttempt      func(context.Context, Attempt)
}

var _ http.RoundTripper = (*Transport)(nil)

// New returns a Transport that sends attempts through next, tuned by opts.
// With next nil, each attempt goes to whatever http.DefaultTransport is when
// it is sent, so a replacement installed after New (httpmock.Activate, a
// test's or a service's own) is used, as by an http.Client with no
// Transport.
func New(next http.RoundTripper, opts Options) *Transport {
	if next == nil {
		next = defaultTransport{}
	}
	t := &Transport{
		next:           next,
		budget:         opts.Budget,
		classify:       opts.Classify,
		log:            opts.Logger,
		sleep:          opts.Sleep,
		now:            opts.Now,
		rand:           opts.Jitter,
		maxAttempts:    opts.MaxAttempts,
		throttlesCount: opts.MaxAttempts != 0,
		baseDelay:      opts.BaseDelay,
		maxBackoff:     opts.MaxBackoff,
		maxRetryAfter:  opts.MaxRetryAfter,
		onAttempt:      opts.OnAttempt,
	}
	if t.budget == nil {
		t.budget = NewBudget(DefaultBudgetCapacity)
	}
	if t.classify == nil {
		t.classify = DefaultClassifier
	}
	if t.sleep == nil {
		t.sleep = sleepContext
	}
	if t.now == nil {
		t.now = time.Now
	}
	if t.rand == nil {
		t.rand = rand.Float64
	}
	switch {
	case t.maxAttempts == 0:
		t.maxAttempts = DefaultMaxAttempts
	case t.maxAttempts < 0:
		t.maxAttempts = 1
	}
	if t.baseDelay <= 0 {
		t.baseDelay = DefaultBaseDelay
	}
	if t.maxBackoff <= 0 {
		t.maxBackoff = DefaultMaxBackoff
	}
	if t.maxRetryAfter <= 0 {
		t.maxRetryAfter = t.maxBackoff
	}
	if !opts.DisableRateLimit && t.maxAttempts > 1 {
		t.limiter = opts.RateLimiter
		if t.limiter == nil {
			t.limiter = NewRateLimiter(RateLimiterOptions{Now: opts.Now, Sleep: opts.Sleep})
		}
	}
	// go-retryablehttp runs the loop; every decision is ours, made in the
	// hooks. It sends through an *http.Client, so that client must not
	// follow redirects (the caller's client decides) and must not see
	// next's CloseIdleConnections, which the engine calls on every failure
	// (go-retryablehttp #237) and which would empty a pool shared with other
	// calls. The engine's own wait is zero: the real one, with the injected
	// Sleep and the context, happens in PrepareRetry.
	// The engine's own attempt limit must not end a call the hooks would
	// go on with: while pacing, throttles do not count against a default
	// MaxAttempts, so the hooks alone decide.
	retryMax := t.maxAttempts - 1
	if t.limiter != nil && !t.throttlesCount {
		retryMax = math.MaxInt32
	}
	t.engine = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     attemptSender{next: next},
			CheckRedirect: keepRedirect,
		},
		RetryMax:     retryMax,
		CheckRetry:   t.checkRetry,
		Backoff:      noEngineWait,
		ErrorHandler: finish,
		PrepareRetry: t.prepareRetry,
	}
	return t
}

// Budget returns the retry budget the Transport draws on.
func (t *Transport) Budget() *Budget { return t.budget }

// RateLimiter returns the RateLimiter that paces the Transport's attempts,
// or nil when pacing is off.
func (t *Transport) RateLimiter() *RateLimiter { return t.limiter }

// CloseIdleConnections closes the idle connections of the inner
// RoundTripper, if it has any, so that http.Client.CloseIdleConnections
// reaches through the Transport. The Transport never calls it on its own.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// RoundTrip sends req, retrying as the Classifier, the attempt limit, the
// Budget and the context allow. It keeps the http.RoundTripper contract: req
// is never modified, req.Body is always closed, redirects are returned rather
// than followed, and the answer is a response or an error, never both.
//
// Each attempt reaches the inner RoundTripper as a clone of req carrying the
// body from the start: req.Body for the first attempt, req.GetBody for the
// others. A body without GetBody is read into memory once first, unless
// retries are disabled; the clones then carry a GetBody of their own.
//
// When retries end while the answer was still worth retrying, RoundTrip
// returns the last response as it came, with the reason in the call's Stats,
// or, if the last attempt failed without a response, a
// *provconc.RetryExhaustedError that wraps its error. If the context ends
// during a wait, RoundTrip returns at once with an error wrapping the
// context's error, and makes no further attempt.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req == nil {
		return nil, errors.New("retry: nil request")
	}
	if req.URL == nil {
		closeRequestBody(req)
		return nil, errors.New("retry: request has no URL")
	}
	c := &call{t: t, orig: req, stats: statsFrom(req.Context())}
	if c.stats == nil {
		c.stats = &c.own
	} else {
		c.stats.GiveUpReason = ""
	}
	body, err := c.firstBody()
	if err != nil {
		return nil, err
	}
	if err := c.waitTurn(req.Context(), false); err != nil {
		if body != nil {
			body.Close()
		}
		return nil, c.interrupted(err)
	}
	// A call's time bound, set by a protocol's client, counts from its
	// first turn: the wait in line behind the other calls of the client
	// is the client's pace, bounded by the caller's context alone.
	c.bound = callbound.From(req.Context())
	ctx := c.bound.Start(req.Context(), false)
	// The first attempt goes straight to next: the engine, the http.Client
	// it sends through and the context that carries the call to the hooks
	// only earn their cost when a retry follows, which is rare. The same
	// code decides on both paths.
	resp, err := t.next.RoundTrip(c.attempt(ctx, body))
	switch {
	case err != nil && resp != nil:
		discard(resp)
		resp = nil
	case err == nil && resp == nil:
		err = fmt.Errorf("retry: %T returned neither a response nor an error", t.next)
	}
	again, err := c.afterAttempt(ctx, resp, err)
	if !again {
		if err != nil {
			if resp != nil {
				discard(resp)
			}
			return nil, err
		}
		return resp, nil
	}
	if resp != nil {
		discard(resp)
	}
	ctx = context.WithValue(ctx, callKey{}, c)
	second, err := c.nextAttempt(ctx)
	if err != nil {
		return nil, err
	}
	resp, err = t.engine.Do(&retryablehttp.Request{Request: second})
	if err != nil {
		if resp != nil {
			discard(resp)
		}
		if !c.ended {
			// Only the engine's own zero-length wait ends a call without
			// our hooks: it saw the context end.
			err = c.interrupted(err)
		}
		return nil, err
	}
	return resp, nil
}

// call is the state of one RoundTrip, found by the hooks in the context of
// the request the engine carries.
type call struct {
	t    *Transport
	orig *http.Request
	// getBody gives a fresh body for a retry; nil for a request without one.
	getBody func() (io.ReadCloser, error)
	// buffered says the body was read into memory, so the attempts carry a
	// GetBody and a ContentLength of the Transport's making.
	buffered bool
	length   int64
	stats    *Stats
	own      Stats // stats when the caller asked for none
	attempts int
	// wait is the pause before the next attempt, chosen by checkRetry.
	wait time.Duration
	// held is the number of budget tokens the attempt in flight took; they
	// go back if it succeeds.
	held int
	// ended says a hook returned the call's final error.
	ended bool
	// permit is the RateLimiter's word on the attempt in flight.
	permit permit
	// pacedThrottles counts the attempts throttled while a RateLimiter
	// paces the Transport: they do not count against a default
	// MaxAttempts, nor ever towards the backoff of other failures.
	pacedThrottles int
	// bound is the call's time bound, if a protocol's client set one (see
	// callbound); unpacedThrottle says the first attempt went out before
	// the RateLimiter paced the Transport and was throttled, and its retry
	// has yet to get a turn.
	bound           *callbound.Bound
	unpacedThrottle bool
	// blindStart says the attempt in flight was the throttle that turned
	// the RateLimiter on, with no success before it to start from.
	blindStart bool
	// throttled and paced describe the attempt in flight, for OnAttempt.
	throttled bool
	paced     time.Duration
}

// callKey is the context key of the *call.
type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// firstBody returns the body of the first attempt and prepares the bodies
// of the others.
func (c *call) firstBody() (io.ReadCloser, error) {
	req := c.orig
	switch {
	case req.Body == nil || req.Body == http.NoBody:
		return req.Body, nil
	case req.GetBody != nil:
		c.getBody = req.GetBody
		return req.Body, nil
	case c.t.maxAttempts == 1:
		return req.Body, nil
	}
	buf, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("retry: reading the request body: %w", err)
	}
	c.buffered, c.length = true, int64(len(buf))
	c.getBody = func() (io.ReadCloser, error) {
		if len(buf) == 0 {
			return http.NoBody, nil
		}
		return io.NopCloser(bytes.NewReader(buf)), nil
	}
	return c.getBody()
}

// attempt returns the request of one attempt: a clone of the caller's
// request, so whatever the inner RoundTripper does to it (a signer setting
// headers, say) touches neither the caller's request nor the next attempt.
func (c *call) attempt(ctx context.Context, body io.ReadCloser) *http.Request {
	r := c.orig.Clone(ctx)
	r.Body = body
	if c.buffered {
		r.GetBody, r.ContentLength = c.getBody, c.length
	}
	return r
}

// checkRetry is the engine's CheckRetry hook, called after every attempt.
// Returning false with a nil error hands the response to the caller as is.
func (t *Transport) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	// The engine's http.Client wraps next's errors in a *url.Error; the
	// caller's own http.Client adds one, so unwrap ours.
	if urlErr, ok := err.(*url.Error); ok {
		err = urlErr.Err
	}
	c := callFrom(ctx)
	if c == nil {
		return false, err
	}
	return c.afterAttempt(ctx, resp, err)
}

// afterAttempt settles the budget for the attempt that just ended and
// decides whether another follows, recording the outcome in the Stats.
func (c *call) afterAttempt(ctx context.Context, resp *http.Response, err error) (bool, error) {
	t := c.t
	c.attempts++
	c.stats.Attempts++
	held := c.held
	c.held = 0
	if ctx.Err() != nil {
		// The caller has gone: whatever came back is final.
		t.limiter.done(&c.permit)
		t.logAttempt(ctx, c, resp, err, false, 0)
		return false, c.fail(err)
	}
	d := t.classify(resp, err)
	c.throttled = d.Throttle
	if t.limiter != nil {
		c.blindStart = t.limiter.observe(c.permit, d.Throttle, err == nil)
		c.unpacedThrottle = d.Throttle && c.attempts == 1 && c.permit.epoch == 0
		// The slot of the start gate goes back only now: a throttle
		// has turned pacing on and opened the gate, so the slot lets
		// no waiter out unpaced into a service that just refused.
		t.limiter.done(&c.permit)
	}
	if d.Throttle {
		c.stats.Throttles++
	}
	if !d.Retry {
		if err == nil && resp.StatusCode < 400 {
			// A success gives back what its retry took, or a little.
			refund := SuccessRefund
			if held > 0 {
				refund = held
			}
			t.budget.refund(refund)
		}
		t.logAttempt(ctx, c, resp, err, false, 0)
		return false, c.fail(err)
	}
	if t.maxAttempts == 1 {
		// Retries are disabled: the Transport stays out of the way.
		t.logAttempt(ctx, c, resp, err, false, 0)
		return false, c.fail(err)
	}
	wait, reason := c.plan(ctx, resp, err, d)
	if reason != "" {
		c.stats.GiveUpReason = reason
		t.logGiveUp(ctx, c, resp, err, reason)
		if err != nil {
			return false, c.fail(&provconc.RetryExhaustedError{Attempts: c.attempts, Reason: reason, Err: err})
		}
		return false, nil
	}
	c.wait = wait
	t.logAttempt(ctx, c, resp, err, true, wait)
	return true, nil
}

// plan returns the wait before the next attempt, or the reason there will
// be none. The checks go from cheapest to the one that spends tokens.
//
// A throttle while a RateLimiter paces the Transport is retried for as long
// as the context allows: it counts against neither a default MaxAttempts
// nor the Budget, and its retry waits for the limiter's turn rather than a
// backoff (see "Throttles" in the package doc). A MaxAttempts the caller
// set counts it.
func (c *call) plan(ctx context.Context, resp *http.Response, err error, d Decision) (time.Duration, string) {
	t := c.t
	pacedThrottle := d.Throttle && t.limiter != nil
	if pacedThrottle {
		c.pacedThrottles++
	}
	counted := c.attempts - c.pacedThrottles
	if t.throttlesCount {
		counted = c.attempts
	}
	if counted >= t.maxAttempts {
		return 0, ReasonMaxAttempts
	}
	var wait time.Duration
	if pacedThrottle {
		wait = t.throttleWait(d, resp, c.blindStart)
	} else {
		wait = t.delay(c.attempts-c.pacedThrottles-1, d, resp)
	}
	if deadline, ok := ctx.Deadline(); ok {
		// The next attempt goes after the wait and, when pacing, no
		// earlier than the limiter's next turn: if that is past the
		// deadline, give up now, keeping this answer for the caller.
		at := t.now().Add(wait)
		if t.limiter != nil {
			if turn, on := t.limiter.nextTurn(); on && turn.After(at) {
				at = turn
			}
		}
		if !at.Before(deadline) {
			return 0, ReasonDeadline
		}
	}
	if pacedThrottle {
		return wait, ""
	}
	cost := RetryCost
	if err != nil {
		cost = ConnectionRetryCost
	}
	if !t.budget.take(cost) {
		return 0, ReasonBudgetExhausted
	}
	c.held = cost
	return wait, ""
}

// delay returns the wait before retry number retry (0 for the first): what
// the service asked for, capped, or else exponential backoff with full
// jitter.
func (t *Transport) delay(retry int, d Decision, resp *http.Response) time.Duration {
	if after := t.retryAfter(d, resp); after > 0 {
		return min(after, t.maxRetryAfter)
	}
	return t.backoff(retry)
}

// retryAfterResolution is the resolution of Retry-After: whole seconds, in
// either form.
const retryAfterResolution = time.Second

// throttleWait returns how long a throttled call waits, before it lines up
// for the RateLimiter's next turn, while the limiter paces, and no backoff:
// the service's Retry-After, capped, for a throttle that turned pacing on
// before anything was admitted (blindStart), when the service's word is all
// the client knows of it; otherwise the part of it beyond its resolution. A
// Retry-After of one second says only that the service will admit a request
// within the second; the limiter's pace, which starts from the successes
// before the first throttle, says when, more finely.
func (t *Transport) throttleWait(d Decision, resp *http.Response, blindStart bool) time.Duration {
	after := t.retryAfter(d, resp)
	if !blindStart {
		after -= retryAfterResolution
	}
	if after <= 0 {
		return 0
	}
	return min(after, t.maxRetryAfter)
}

// retryAfter returns the wait the service asked for: the classifier's, or
// the Retry-After header's, or 0.
func (t *Transport) retryAfter(d Decision, resp *http.Response) time.Duration {
	if d.RetryAfter > 0 {
		return d.RetryAfter
	}
	if resp != nil {
		if v := resp.Header.Get("Retry-After"); v != "" {
			after, _ := ParseRetryAfter(v, t.now())
			return after
		}
	}
	return 0
}

// backoff draws a wait uniformly below min(MaxBackoff, BaseDelay*2^retry).
func (t *Transport) backoff(retry int) time.Duration {
	ceiling := t.maxBackoff
	if retry < 62 && t.baseDelay <= ceiling>>retry {
		ceiling = t.baseDelay << retry
	}
	f := t.rand()
	switch {
	case !(f > 0): // also NaN
		return 0
	case f >= 1:
		return ceiling
	}
	return time.Duration(f * float64(ceiling))
}

// prepareRetry is the engine's PrepareRetry hook, called before every
// retry with the engine's shallow copy of the last attempt's request. It
// waits, then turns the copy into a fresh clone with a rewound body.
func (t *Transport) prepareRetry(r *http.Request) error {
	ctx := r.Context()
	c := callFrom(ctx)
	if c == nil {
		return errors.New("retry: retried request lost its call state")
	}
	next, err := c.nextAttempt(ctx)
	if err != nil {
		return err
	}
	*r = *next
	return nil
}

// nextAttempt waits as checkRetry planned and for the RateLimiter's turn,
// then returns the request of the next attempt, with a rewound body.
func (c *call) nextAttempt(ctx context.Context) (*http.Request, error) {
	if c.wait > 0 {
		if err := c.t.sleep(ctx, c.wait); err != nil {
			return nil, c.fail(c.interrupted(err))
		}
		c.stats.Waited += c.wait
	}
	if err := ctx.Err(); err != nil {
		return nil, c.fail(c.interrupted(err))
	}
	// A first attempt that went out before pacing began and was
	// throttled, with many others: its retry waits in line with the
	// first attempts, bounded by the caller's context alone, and its time
	// bound starts again at its turn (see callbound).
	turnCtx, retry := ctx, true
	if c.unpacedThrottle {
		turnCtx, retry = c.orig.Context(), false
	}
	if err := c.waitTurn(turnCtx, retry); err != nil {
		return nil, c.fail(c.interrupted(err))
	}
	if c.unpacedThrottle {
		c.unpacedThrottle = false
		if c.bound != nil {
			ctx = context.WithValue(c.bound.Start(c.orig.Context(), true), callKey{}, c)
		}
	}
	body := c.orig.Body
	if c.getBody != nil {
		b, err := c.getBody()
		if err != nil {
			c.t.limiter.done(&c.permit) // not sent
			return nil, c.fail(fmt.Errorf("retry: rewinding the request body for attempt %d: %w", c.attempts+1, err))
		}
		body = b
	}
	return c.attempt(ctx, body), nil
}

// waitTurn waits until the RateLimiter lets the next attempt go: the first
// of the call, or a retry, which goes ahead of first attempts (see
// RateLimiter.wait).
func (c *call) waitTurn(ctx context.Context, retry bool) error {
	if c.t.limiter == nil {
		return nil
	}
	var start time.Time
	if c.t.onAttempt != nil {
		start = c.t.now()
	}
	p, err := c.t.limiter.wait(ctx, retry)
	c.permit = p
	if c.t.onAttempt != nil {
		c.paced = c.t.now().Sub(start)
		c.stats.Paced += c.paced
	}
	return err
}

// fail marks err, if any, as the call's final error.
func (c *call) fail(err error) error {
	if err != nil {
		c.ended = true
	}
	return err
}

// interrupted wraps the error of a wait that the context cut short.
func (c *call) interrupted(err error) error {
	return fmt.Errorf("retry: waiting before attempt %d: %w", c.attempts+1, err)
}

// finish is the engine's ErrorHandler. The hooks already chose the error;
// it only makes sure no response travels with it.
func finish(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err == nil {
		return resp, nil
	}
	if resp != nil {
		discard(resp)
	}
	return nil, err
}

func noEngineWait(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 }

// keepRedirect makes the engine's http.Client return a 3xx as it came. (A
// 3xx whose Location does not parse still becomes an error there, as it
// would in the caller's own http.Client.)
func keepRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// defaultTransport sends through http.DefaultTransport as it is at each
// call, as net/http's own clients look it up.
type defaultTransport struct{}

func (defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// CloseIdleConnections reaches the current http.DefaultTransport, if it
// has idle connections to close.
func (defaultTransport) CloseIdleConnections() {
	if c, ok := http.DefaultTransport.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// attemptSender is the engine's view of the inner RoundTripper: RoundTrip
// only, so the engine cannot close the idle connections of next, and never a
// response together with an error.
type attemptSender struct{ next http.RoundTripper }

func (s attemptSender) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil && resp != nil {
		discard(resp)
		resp = nil
	}
	return resp, err
}

// drainLimit bounds how much of a discarded response body is read so its
// connection can be reused.
const drainLimit = 4 << 10

// discard drains a little of a response body, so its connection can be
// reused, and closes it.
func discard(resp *http.Response) {
	if resp.Body == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
	resp.Body.Close()
}

func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// sleepContext is the default Options.Sleep.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// report hands one ended attempt to OnAttempt.
func (t *Transport) report(ctx context.Context, c *call, resp *http.Response, err error, retry bool, wait time.Duration, reason string) {
	a := Attempt{Number: c.attempts, Err: err, Throttled: c.throttled, Retry: retry, Wait: wait, GiveUpReason: reason, Paced: c.paced}
	if resp != nil {
		a.StatusCode = resp.StatusCode
	}
	c.throttled, c.paced = false, 0
	t.onAttempt(ctx, a)
}

// logAttempt records one attempt at Debug.
func (t *Transport) logAttempt(ctx context.Context, c *call, resp *http.Response, err error, retry bool, wait time.Duration) {
	if t.onAttempt != nil {
		t.report(ctx, c, resp, err, retry, wait, "")
	}
	if t.log == nil || !t.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	t.log.LogAttrs(ctx, slog.LevelDebug, "retry: attempt",
		slog.Int("attempt", c.attempts),
		slog.String("method", c.method()),
		slog.String("host", c.orig.URL.Host),
		slog.String("path", c.orig.URL.Path),
		outcome(resp, err),
		slog.Bool("retry", retry),
		slog.Duration("wait", wait),
	)
}

// logGiveUp records at Warn that retries ended while the answer was still
// worth retrying.
func (t *Transport) logGiveUp(ctx context.Context, c *call, resp *http.Response, err error, reason string) {
	if t.onAttempt != nil {
		t.report(ctx, c, resp, err, false, 0, reason)
	}
	if t.log == nil || !t.log.Enabled(ctx, slog.LevelWarn) {
		return
	}
	t.log.LogAttrs(ctx, slog.LevelWarn, "retry: giving up",
		slog.Int("attempts", c.attempts),
		slog.String("reason", reason),
		slog.String("method", c.method()),
		slog.String("host", c.orig.URL.Host),
		slog.String("path", c.orig.URL.Path),
		outcome(resp, err),
	)
}

// method returns the request method, which an empty Method means GET.
func (c *call) method() string {
	if c.orig.Method == "" {
		return http.MethodGet
	}
	return c.orig.Method
}

// outcome names an attempt's status or error. Errors from the inner
// transports name addresses, not URLs with their query strings.
func outcome(resp *http.Response, err error) slog.Attr {
	if err != nil {
		return slog.String("error", err.Error())
	}
	return slog.Int("status", resp.StatusCode)
}
