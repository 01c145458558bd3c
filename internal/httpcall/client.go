package httpcall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/callbound"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/internal/telemetry"
	"github.com/provconc/provconc/internal/typednil"
	"github.com/provconc/provconc/transport/retry"
)

// Default bounds of a call, used when a protocol's Options leave them zero.
// The official Tencent client gives up on a request after 60 seconds; a call
// here is bounded the same way, and each of its attempts (three by default)
// gets a third of that, so a server that never answers costs a retry or two,
// not the whole call.
const (
	DefaultTimeout        = 60 * time.Second
	DefaultAttemptTimeout = 20 * time.Second
)

// Doer sends one HTTP request: an *http.Client, an aws.HTTPClient such as
// aws-sdk-go-v2's *awshttp.BuildableClient, or any client of the same shape.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Config is what a protocol gives NewClient.
type Config struct {
	// HTTPClient sends every attempt, looked up when the attempt is made, so
	// whatever the caller changes later (httpmock.ActivateNonDefault, a new
	// Transport) applies. Nil sends through a pooled transport of the
	// client's own, or through http.DefaultTransport once someone has
	// replaced it (httpmock.Activate).
	HTTPClient Doer
	// Sign wraps the sender with the protocol's signature; nil sends
	// unsigned requests. Retries wrap signing, so every attempt is signed
	// afresh.
	Sign func(next http.RoundTripper) http.RoundTripper
	// Retry tunes the retry transport, used as given.
	Retry retry.Options
	// Timeout bounds a whole call, retries and waits included, when the
	// caller's context has no earlier deadline: DefaultTimeout if zero, none
	// if negative. It counts from the call's first turn (see callbound).
	Timeout time.Duration
	// AttemptTimeout bounds each attempt, from sending the request to
	// reading the last byte of the answer: DefaultAttemptTimeout if zero,
	// none if negative. An attempt that runs out is retried like a network
	// timeout.
	AttemptTimeout time.Duration
	// Header holds headers set on every attempt after signing, so they
	// must be ones the signature does not cover (User-Agent, say). Each
	// value slice must have its length as its capacity, so that a later
	// Header.Add copies rather than writes into the shared array.
	Header http.Header
}

// Client is what a protocol sends through: signing inside retries, inside
// the call's time bounds. It is safe for concurrent use.
type Client struct {
	// retry is called directly, not through an http.Client: it returns
	// redirects as answers and never both a response and an error, which is
	// all an http.Client would add, at the cost of copying every request's
	// headers for redirects that never come.
	retry      *retry.Transport
	timeout    time.Duration
	timeoutErr error
}

// NewClient builds the Client of cfg.
func NewClient(cfg Config) *Client {
	hc := cfg.HTTPClient
	if typednil.Is(hc) {
		// `var hc *http.Client; opts.HTTPClient = hc` is no client, and
		// calling it would panic: the default sender takes its place.
		hc = nil
	}
	s := &sender{client: hc, attemptTimeout: bound(cfg.AttemptTimeout, DefaultAttemptTimeout), header: cfg.Header}
	if s.attemptTimeout > 0 {
		s.timeoutErr = &timeoutError{what: "attempt", after: s.attemptTimeout}
	}
	var next http.RoundTripper = s
	if cfg.Sign != nil {
		next = cfg.Sign(next)
	}
	c := &Client{retry: retry.New(next, cfg.Retry), timeout: bound(cfg.Timeout, DefaultTimeout)}
	if c.timeout > 0 {
		c.timeoutErr = &timeoutError{what: "call", after: c.timeout}
	}
	return c
}

// Retry returns the retry transport of the client.
func (c *Client) Retry() *retry.Transport { return c.retry }

// CloseIdleConnections closes the idle connections of the client's own pool;
// a caller's client is the caller's to close.
func (c *Client) CloseIdleConnections() { c.retry.CloseIdleConnections() }

// bound gives def for zero and nothing for a negative value.
func bound(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// timeoutError is the cause of a call or an attempt that ran out of the
// time the client gives it. Like net/http's own timeout errors it is a
// net.Error whose Timeout is true and matches context.DeadlineExceeded.
type timeoutError struct {
	what  string
	after time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("%s timed out after %v: %v", e.what, e.after, context.DeadlineExceeded)
}
func (e *timeoutError) Timeout() bool        { return true }
func (e *timeoutError) Temporary() bool      { return true }
func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// stdTransport is http.DefaultTransport as net/http made it. The default
// sender uses a pooled clone of it until someone replaces
// http.DefaultTransport (httpmock.Activate does), and the replacement from
// then on.
var stdTransport, _ = http.DefaultTransport.(*http.Transport)

// sender is the innermost RoundTripper: it sends one attempt through the
// caller's client, looked up now, within the attempt's time bound.
type sender struct {
	client         Doer
	attemptTimeout time.Duration
	timeoutErr     error // the cause of an attempt that runs out
	header         http.Header
	poolOnce       sync.Once
	pool           http.RoundTripper
}

func (s *sender) RoundTrip(req *http.Request) (*http.Response, error) {
	// The request is the attempt's own clone (made by the retry transport
	// or the signer), so its headers are ours to add to. These are set
	// here, after signing, because neither service signs them, and so no
	// clone on the way has to copy them.
	for k, v := range s.header {
		req.Header[k] = v
	}
	telemetry.Inject(req.Context(), req.Header)
	var cancel context.CancelFunc
	if s.attemptTimeout > 0 {
		var ctx context.Context
		ctx, cancel = callbound.Within(req.Context(), s.attemptTimeout, s.timeoutErr)
		if cancel != nil {
			req = req.WithContext(ctx)
		}
	}
	var resp *http.Response
	err := req.Context().Err()
	sent := err == nil
	if sent {
		// An attempt whose context ended while it was being signed goes
		// no further, whether or not the caller's client would look.
		resp, err = s.send(req)
		if err == nil && resp == nil {
			// A Doer or RoundTripper breaking its contract: no answer
			// to read, and not retried, as in the official client (an
			// empty answer there, status 0, one attempt).
			err = errNoResponse
		}
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			// A RoundTripper that breaks its contract must not leak.
			resp.Body.Close()
		}
		// The caller's http.Client wraps errors in a *url.Error naming the
		// URL whole, query included; a sendError names it by the one rule
		// for URLs instead (redact.URL).
		var urlErr *url.Error
		if errors.As(err, &urlErr) && urlErr.Err != nil {
			err = urlErr.Err
		}
		var refusal *redirectRefusal
		if errors.As(err, &refusal) {
			// The caller's redirect policy said no: its own error, as
			// http.Client would return it, and not retried.
			err = refusal.err
		} else if sent && !errors.Is(err, provconc.ErrInvalidResponse) {
			// Whatever the HTTP client failed with, the request may not
			// have reached the service: a connection failure, as the
			// official clients (smithy's RequestSendError) and
			// go-retryablehttp count it, which the classifier may retry.
			err = &sendError{err: err, method: req.Method, url: req.URL.String()}
		}
		if cancel != nil {
			err = attemptCause(req.Context(), err)
			cancel()
		}
		return nil, err
	}
	if resp.Body == nil {
		// A caller's RoundTripper or Doer may leave it out; http.Client
		// would put an empty body in its place.
		resp.Body = http.NoBody
	}
	if cancel != nil {
		resp.Body = &boundBody{ReadCloser: resp.Body, ctx: req.Context(), cancel: cancel}
	}
	return resp, nil
}

// send hands req to the caller's client as it is now.
func (s *sender) send(req *http.Request) (*http.Response, error) {
	switch c := s.client.(type) {
	case nil:
		return s.defaultTransport().RoundTrip(req)
	case *http.Client:
		if c.Jar == nil && c.Timeout == 0 && c.CheckRedirect == nil {
			// What Do would do with no cookies, no timeout and redirects
			// returned as answers: hand the request to the client's
			// transport as it is now, without Do's own allocations.
			rt := c.Transport
			if rt == nil {
				rt = http.DefaultTransport
			}
			return rt.RoundTrip(req)
		}
		// A copy made now, so the caller's later changes apply; without a
		// redirect policy of the caller's, redirects come back as answers.
		hc := *c
		if check := c.CheckRedirect; check == nil {
			hc.CheckRedirect = noRedirects
		} else {
			// A redirect the caller's policy refuses is marked, so that it
			// is not taken for a connection failure and retried: the
			// service would send it again.
			hc.CheckRedirect = func(r *http.Request, via []*http.Request) error {
				err := check(r, via)
				if err != nil && err != http.ErrUseLastResponse {
					err = &redirectRefusal{err: err}
				}
				return err
			}
		}
		return hc.Do(req)
	default:
		// Its redirect policy cannot be seen or changed (aws-sdk-go-v2's
		// BuildableClient follows redirects): an answer from another host
		// is refused, as the default sender and a plain *http.Client never
		// follow one. A client or transport that rewrote the host is
		// refused alike: the answer is not the endpoint's. The error names
		// hosts only (URL.Host holds no user information).
		resp, err := c.Do(req)
		if err == nil && resp != nil && resp.Request != nil && resp.Request.URL != nil && resp.Request.URL.Host != req.URL.Host {
			discardBody(resp)
			return nil, fmt.Errorf("the HTTP client followed a redirect (or rewrote the host) from %s to %s, whose answer is refused: %w",
				redact.Quote(req.URL.Host), redact.Quote(resp.Request.URL.Host), provconc.ErrInvalidResponse)
		}
		return resp, err
	}
}

// errNoResponse is the failure of an attempt whose HTTP client returned
// neither a response nor an error.
var errNoResponse = fmt.Errorf("the HTTP client returned neither a response nor an error: %w", provconc.ErrInvalidResponse)

// sendError is an error the caller's HTTP client (or the default
// transport) returned for an attempt. Its ConnectionError method marks it as
// a connection failure for retry.DefaultClassifier, as aws-sdk-go-v2's
// RequestSendError is marked; it reads and unwraps as the error it holds.
type sendError struct {
	err error
	// method and url name the request as the official clients' error does
	// (`Get "https://...": ...`), so a test whose stub did not match sees
	// what was sent; the URL is shown by redact.URL's rule.
	method, url string
}

func (e *sendError) Error() string {
	op := e.method
	if len(op) > 1 {
		op = op[:1] + strings.ToLower(op[1:]) // net/http's url.Error: "Get"
	}
	return op + " " + redact.QuoteURL(e.url) + ": " + e.err.Error()
}
func (e *sendError) Unwrap() error         { return e.err }
func (e *sendError) ConnectionError() bool { return true }

// redirectRefusal is the error a caller's CheckRedirect refused a redirect
// with, marked on its way through http.Client so that RoundTrip does not
// take it for a connection failure.
type redirectRefusal struct{ err error }

func (e *redirectRefusal) Error() string { return e.err.Error() }
func (e *redirectRefusal) Unwrap() error { return e.err }

// discardBody reads a little of an unwanted answer's body, so its
// connection may be reused, and closes it.
func discardBody(resp *http.Response) {
	if resp.Body != nil {
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		resp.Body.Close()
	}
}

// defaultTransport is the pooled clone of net/http's transport, sized for
// many goroutines sharing one client (the standard two idle connections per
// host would make most concurrent calls dial anew), or whatever replaced
// http.DefaultTransport since.
func (s *sender) defaultTransport() http.RoundTripper {
	current := http.DefaultTransport
	if t, ok := current.(*http.Transport); !ok || t != stdTransport || t == nil {
		return current
	}
	s.poolOnce.Do(func() { s.pool = pooledTransport() })
	return s.pool
}

// pooledTransport is a private clone of net/http's default transport with a
// larger idle pool and nothing else changed: proxy from the environment, TLS
// verification, dial and handshake timeouts.
func pooledTransport() http.RoundTripper {
	if stdTransport == nil {
		return http.DefaultTransport
	}
	t := stdTransport.Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 64
	return t
}

// CloseIdleConnections reaches the pool of the default sender; the caller's
// client is left alone.
func (s *sender) CloseIdleConnections() {
	if s.client != nil {
		return
	}
	if c, ok := s.defaultTransport().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// attemptCause gives the error of an attempt whose context has ended the
// context's cause: the attempt's or the call's timeout, or the caller's
// deadline. A transport that tears the connection down when the context
// ends reports only what that did to the read ("use of closed network
// connection"), which would hide why.
func attemptCause(ctx context.Context, err error) error {
	ctxErr := ctx.Err()
	switch {
	case ctxErr == nil:
		return err
	case err == ctxErr:
		return context.Cause(ctx)
	case errors.Is(err, ctxErr) && (context.Cause(ctx) == ctxErr || errors.Is(err, context.Cause(ctx))):
		// Says already all the context has to say.
		return err
	}
	// Say which bound ran out, or why the context ended, when err does
	// not: a wait cut short reports only the context's error.
	return fmt.Errorf("%w (%v)", context.Cause(ctx), err)
}

// boundBody ends the attempt's time bound when the answer is read or closed,
// and reports a read cut short by the bound as the timeout it was.
type boundBody struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
}

func (b *boundBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = attemptCause(b.ctx, err)
	}
	return n, err
}

func (b *boundBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
