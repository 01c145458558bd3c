// The fault matrix: one row per way a server or network can misbehave, run
// against both protocols' clients, built through their public constructors
// and talking to a loopback httptest server that misbehaves as the row says.
// Each row pins the exact outcome, a recovered result with its attempt
// count or a typed error, and every row also checks that the call did not
// panic, left no goroutine behind and sent nothing once it had returned.
//
// Goroutines are counted by pprof label rather than by runtime.NumGoroutine:
// the rows run in parallel with each other and with the load tests, so a
// global count would move for reasons unrelated to the row. A goroutine
// inherits the labels of the goroutine that starts it, so everything a row
// starts (its servers, the client's connections and their read and write
// loops) carries the row's label, and the row can count exactly its own.

package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

const (
	// faultTimeout is the deadline of a row's call unless the row sets its
	// own. It is longer than retry.DefaultMaxBackoff, so a capped
	// Retry-After still fits before it and the call can recover.
	faultTimeout = 30 * time.Second
	// faultLateWindow is how long a row watches the server after the call
	// returned, for a request that should not come.
	faultLateWindow = 50 * time.Millisecond
	// faultSettle bounds the wait for a row's goroutines to end after its
	// connections and servers are closed.
	faultSettle = 5 * time.Second
	// faultSlowAnswer is when the slow server would answer: far beyond the
	// deadline of its row.
	faultSlowAnswer = 10 * time.Second
	// faultLabelKey is the pprof label that marks a row's goroutines.
	faultLabelKey = "faultrow"
	// faultHugeBody is what the oversized rows offer to send: far more than
	// httpcall.MaxBodyBytes and more than loopback socket buffers can hold
	// (tcp_rmem and tcp_wmem allow tens of MiB), so a server that got it
	// all out would prove the client kept reading.
	faultHugeBody = 256 << 20
	// faultReadSlack is how far past httpcall.MaxBodyBytes the client may
	// read from the network: one more byte tells it the body is too long.
	faultReadSlack = 64 << 10
)

// Test keys; the signatures are checked for shape only.
const (
	faultAWSAccessKey = "AKIDFAULTEXAMPLE"
	faultAWSSecret    = "fault-secret-access-key"
	faultSCFSecretID  = "AKIDfaultSCFEXAMPLE"
	faultSCFSecretKey = "fault-scf-secret-key"
)

// Bodies of the answers the rows send.
const (
	faultAWSConfig = `{"RequestedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,` +
		`"AllocatedProvisionedConcurrentExecutions":100,"Status":"READY","LastModified":"2019-11-21T19:32:12+0000"}`
	faultSCFConfig = `{"Response":{"UnallocatedConcurrencyNum":90,"Allocated":[{"AllocatedProvisionedConcurrencyNum":10,` +
		`"AvailableProvisionedConcurrencyNum":10,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}],` +
		`"RequestId":"%s"}}`
	faultAWSThrottle     = `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`
	faultAWSServiceError = `{"Type":"Service","message":"Internal error"}`
	faultAWSNotFound     = `{"Type":"User","message":"Function not found: my-function"}`
	faultSCFError        = `{"Response":{"Error":{"Code":"%s","Message":"%s"},"RequestId":"%s"}}`
	faultPage            = `<html><body><h1>%d %s</h1></body></html>`
	faultRedirectPage    = `<html><body>Moved</body></html>`
	faultSCFInternalMsg  = "internal error, please retry"
	faultSCFThrottleMsg  = "request limit exceeded"
	faultSCFNotFoundMsg  = "the function does not exist"
)

// faultProto is one protocol under test: how to build its client, what it
// sends for the Get every row makes, and what its answers look like.
type faultProto struct {
	name string
	// op is the wire operation of the Get.
	op string
	in *provconc.GetInput
	// config is what the Get returns from a good answer.
	config provconc.Config
	// newClient builds the client through the protocol's public
	// constructor, with hc as its HTTP client.
	newClient func(endpoint string, hc *http.Client, ro retry.Options) (*provconc.Client, error)
	// checkRequest reports a request that is not the signed Get.
	checkRequest func(r *http.Request, body []byte) error
}

var faultAWS = &faultProto{
	name: awslambda.ProviderName,
	op:   "GetProvisionedConcurrencyConfig",
	in:   &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"},
	config: provconc.Config{
		FunctionName: "my-function", Qualifier: "BLUE",
		Requested: 100, Allocated: 100, Available: 100,
		Status:       provconc.StatusReady,
		LastModified: time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC),
	},
	newClient: func(endpoint string, hc *http.Client, ro retry.Options) (*provconc.Client, error) {
		cfg := aws.Config{
			Region: "us-west-2",
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: faultAWSAccessKey, SecretAccessKey: faultAWSSecret}, nil
			}),
			HTTPClient: hc,
		}
		return awslambda.NewClient(cfg, func(o *awslambda.Options) {
			o.Endpoint = endpoint
			o.Retry = ro
		})
	},
	checkRequest: func(r *http.Request, _ []byte) error {
		const path = "/2019-09-30/functions/my-function/provisioned-concurrency"
		if r.Method != http.MethodGet || r.URL.Path != path || r.URL.RawQuery != "Qualifier=BLUE" {
			return fmt.Errorf("%s %s, want GET %s?Qualifier=BLUE", r.Method, r.URL, path)
		}
		if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+faultAWSAccessKey+"/") {
			return fmt.Errorf("request not signed with SigV4: Authorization %q", auth)
		}
		return nil
	},
}

var faultSCF = &faultProto{
	name: tencentscf.ProviderName,
	op:   "GetProvisionedConcurrencyConfig",
	in:   &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"},
	config: provconc.Config{
		FunctionName: "my-function", Qualifier: "1",
		Requested: 10, Available: 10,
		Status:    provconc.StatusReady,
		Extension: &tencentscf.ConfigDetails{Namespace: "default", UnallocatedConcurrency: faultInt(90)},
	},
	newClient: func(endpoint string, hc *http.Client, ro retry.Options) (*provconc.Client, error) {
		return newSCFClient(tencentscf.Options{
			Region:      "ap-guangzhou",
			Credentials: tencentscf.NewCredentials(faultSCFSecretID, faultSCFSecretKey, ""),
			Endpoint:    endpoint,
			HTTPClient:  hc,
			Retry:       ro,
		})
	},
	checkRequest: func(r *http.Request, body []byte) error {
		const want = `{"FunctionName":"my-function","Namespace":"default","Qualifier":"1"}`
		if r.Method != http.MethodPost || r.URL.Path != "/" || r.Header.Get("X-TC-Action") != "GetProvisionedConcurrencyConfig" || string(body) != want {
			return fmt.Errorf("%s %s action %q body %s, want POST / GetProvisionedConcurrencyConfig %s", r.Method, r.URL, r.Header.Get("X-TC-Action"), body, want)
		}
		if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "TC3-HMAC-SHA256 Credential="+faultSCFSecretID+"/") {
			return fmt.Errorf("request not signed with TC3: Authorization %q", auth)
		}
		return nil
	},
}

var faultProtos = []*faultProto{faultAWS, faultSCF}

func faultInt(n int) *int { return &n }

// faultRequestID is the request id of the n-th request a server sees.
func faultRequestID(n int) string { return "req-" + strconv.Itoa(n) }

// faultExchange is one request as a row's serve function sees it.
type faultExchange struct {
	p *faultProto
	w http.ResponseWriter
	r *http.Request
	// n counts the server's requests from 1.
	n int
	// target is the URL of a second server, where redirects point.
	target string
	srv    *faultServer
}

// okBody returns the good answer's body and sets its headers, without
// writing anything.
func (x *faultExchange) okBody() []byte {
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	if x.p == faultAWS {
		h.Set("X-Amzn-RequestId", faultRequestID(x.n))
		return []byte(faultAWSConfig)
	}
	return fmt.Appendf(nil, faultSCFConfig, faultRequestID(x.n))
}

// ok writes the good answer.
func (x *faultExchange) ok() {
	body := x.okBody()
	x.w.WriteHeader(http.StatusOK)
	_, _ = x.w.Write(body)
}

// throttle answers 429: AWS's TooManyRequestsException, or for SCF, which
// throttles inside a 200, a gateway's page. retryAfter is sent when not
// empty.
func (x *faultExchange) throttle(retryAfter string) {
	h := x.w.Header()
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	if x.p == faultAWS {
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-RequestId", faultRequestID(x.n))
		h.Set("X-Amzn-ErrorType", "TooManyRequestsException")
		x.w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(x.w, faultAWSThrottle)
		return
	}
	x.page(http.StatusTooManyRequests)
}

// status answers a 5xx: a 500 in the protocol's own error shape (AWS
// ServiceException; SCF InternalError, here with the status a proxy might
// put on it), any other status as a gateway's HTML page.
func (x *faultExchange) status(code int) {
	switch {
	case code != http.StatusInternalServerError:
		x.page(code)
	case x.p == faultAWS:
		h := x.w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-RequestId", faultRequestID(x.n))
		h.Set("X-Amzn-ErrorType", "ServiceException")
		x.w.WriteHeader(code)
		_, _ = io.WriteString(x.w, faultAWSServiceError)
	default:
		x.scfError(code, "InternalError", faultSCFInternalMsg)
	}
}

// page answers status with an HTML page, as a gateway or proxy does.
func (x *faultExchange) page(status int) {
	x.w.Header().Set("Content-Type", "text/html")
	x.w.WriteHeader(status)
	_, _ = io.WriteString(x.w, faultPageBody(status))
}

func faultPageBody(status int) string { return fmt.Sprintf(faultPage, status, http.StatusText(status)) }

// scfError answers an SCF error envelope with the given status.
func (x *faultExchange) scfError(status int, code, msg string) {
	x.w.Header().Set("Content-Type", "application/json")
	x.w.WriteHeader(status)
	_, _ = fmt.Fprintf(x.w, faultSCFError, code, msg, faultRequestID(x.n))
}

// reset resets the connection with a TCP RST (SO_LINGER 0), after whatever
// the handler has written so far is flushed.
func (x *faultExchange) reset() {
	conn, _, err := http.NewResponseController(x.w).Hijack()
	if err != nil {
		x.srv.problem("hijack: %v", err)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// huge offers a faultHugeBody-byte 200 and records how much of it got
// out. With Content-Length announced or chunked.
func (x *faultExchange) huge(announce bool) {
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-RequestId", faultRequestID(x.n))
	if announce {
		h.Set("Content-Length", strconv.Itoa(faultHugeBody))
	}
	// A bound on a stuck write, so a client that stops reading without
	// closing fails the row instead of hanging it.
	_ = http.NewResponseController(x.w).SetWriteDeadline(time.Now().Add(faultSettle))
	x.w.WriteHeader(http.StatusOK)
	// The body opens like an answer, then pads with spaces.
	pad := bytes.Repeat([]byte{' '}, 64<<10)
	first := append(fmt.Appendf(nil, `{"Response":{"RequestId":"%s","Pad":"`, faultRequestID(x.n)), pad...)[:len(pad)]
	var err error
	for sent, chunk := 0, first; sent < faultHugeBody && err == nil; sent, chunk = sent+len(chunk), pad {
		var n int
		n, err = x.w.Write(chunk)
		x.srv.written.Add(int64(n))
	}
	x.srv.mu.Lock()
	x.srv.writeErr, x.srv.writeDone = err, true
	x.srv.mu.Unlock()
}

// faultServer is a loopback server that records every request's arrival
// and hands it to the row.
type faultServer struct {
	*httptest.Server
	mu       sync.Mutex
	arrivals []time.Time
	problems []string
	// written counts the body bytes the huge rows got out; writeErr is how
	// their writing ended, once writeDone.
	written   atomic.Int64
	writeErr  error
	writeDone bool
}

func faultNewServer(p *faultProto, target string, serve func(*faultExchange)) *faultServer {
	s := &faultServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.arrivals = append(s.arrivals, time.Now())
		n := len(s.arrivals)
		s.mu.Unlock()
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.problem("request %d: reading the body: %v", n, err)
		}
		if err := p.checkRequest(r, body); err != nil {
			s.problem("request %d: %v", n, err)
		}
		serve(&faultExchange{p: p, w: w, r: r, n: n, target: target, srv: s})
	}))
	return s
}

func (s *faultServer) problem(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
}

func (s *faultServer) requests() (int, []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals), append([]time.Time(nil), s.arrivals...)
}

// faultCounting is the client's inner RoundTripper: it counts the response
// body bytes the SDK reads off the network.
type faultCounting struct {
	next *http.Transport
	read atomic.Int64
}

func (c *faultCounting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if resp != nil && resp.Body != nil {
		resp.Body = &faultCountingBody{ReadCloser: resp.Body, n: &c.read}
	}
	return resp, err
}

type faultCountingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *faultCountingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// faultWaits records the waits the retry transport asks its Sleep for.
type faultWaits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *faultWaits) add(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
}

func (w *faultWaits) get() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// faultWant is the exact outcome of a row.
type faultWant struct {
	// ok: the Get returns the protocol's config, with Metadata.Attempts
	// attempts and the request id of the last request.
	ok       bool
	attempts int
	// requests is how many requests the server sees.
	requests int
	// waits are the backoff waits asked of Sleep, in order.
	waits []time.Duration
	// is lists exactly the faultSentinels the error matches.
	is []error
	// exhausted is the RetryExhaustedError's Reason; empty when errors.As
	// must find none. Its Attempts must be attempts.
	exhausted string
	// apiErr is the *APIError errors.As must find, nil when it must find
	// none.
	apiErr *provconc.APIError
	// syntax says errors.As finds a *json.SyntaxError.
	syntax bool
	// contains are substrings of the error's text.
	contains []string
	// maxElapsed bounds how long the call may take; zero for no bound.
	minElapsed, maxElapsed time.Duration
}

// faultSentinels are the errors every failing row is checked against: a row
// names those that must match, and every other must not.
var faultSentinels = []error{
	provconc.ErrInvalidParameterValue, provconc.ErrResourceNotFound,
	provconc.ErrProvisionedConcurrencyConfigNotFound, provconc.ErrResourceConflict,
	provconc.ErrTooManyRequests, provconc.ErrService, provconc.ErrAccessDenied,
	provconc.ErrInvalidInput, provconc.ErrAllocationFailed, provconc.ErrRepeatedMarker,
	provconc.ErrInvalidResponse, provconc.ErrRetryExhausted,
	context.DeadlineExceeded, context.Canceled, io.ErrUnexpectedEOF, syscall.ECONNRESET,
}

// faultRow is one fault.
type faultRow struct {
	name string
	// only names the one protocol the fault belongs to; empty for both.
	only string
	// timeout is the call's deadline; faultTimeout if zero.
	timeout time.Duration
	// cancelInSleep makes the first backoff wait cancel the call's context,
	// as a caller giving up would.
	cancelInSleep bool
	// slow makes the handler hold the request until the client hangs up.
	slow bool
	// huge says the row reports how much of a huge body got out.
	huge bool
	// redirect says the row checks that the redirect target saw nothing.
	redirect bool
	serve    func(x *faultExchange)
	want     func(p *faultProto) faultWant
}

// faultAPIError is the *APIError of a final answer of a row's Get.
func faultAPIError(p *faultProto, e provconc.APIError) *provconc.APIError {
	e.Provider, e.Operation = p.name, p.op
	return &e
}

// faultGatewayError is the *APIError an HTML page with status decodes to:
// no code, and a message that describes the answer.
func faultGatewayError(p *faultProto, status, attempts int, kind error) *provconc.APIError {
	e := provconc.APIError{StatusCode: status, Attempts: attempts, Kind: kind}
	e.Message = fmt.Sprintf("unexpected HTTP %d answer (text/html, %d bytes)", status, len(faultPageBody(status)))
	return faultAPIError(p, e)
}

// faultThrottleError is the *APIError of the 429 that x.throttle sends as
// the n-th request.
func faultThrottleError(p *faultProto, n int, retryAfter time.Duration) *provconc.APIError {
	if p == faultSCF {
		e := faultGatewayError(p, http.StatusTooManyRequests, n, provconc.ErrTooManyRequests)
		e.RetryAfter = retryAfter
		return e
	}
	return faultAPIError(p, provconc.APIError{
		Code: "TooManyRequestsException", Message: "Rate exceeded", Type: "User",
		StatusCode: http.StatusTooManyRequests, RequestID: faultRequestID(n),
		RetryAfter: retryAfter, Reason: "CallerRateLimitExceeded", Attempts: n,
		Kind: provconc.ErrTooManyRequests,
	})
}

// faultStatusError is the *APIError of the status that x.status sends as
// the n-th request.
func faultStatusError(p *faultProto, status, n int) *provconc.APIError {
	switch {
	case status != http.StatusInternalServerError:
		return faultGatewayError(p, status, n, provconc.ErrService)
	case p == faultAWS:
		return faultAPIError(p, provconc.APIError{
			Code: "ServiceException", Message: "Internal error", Type: "Service",
			StatusCode: status, RequestID: faultRequestID(n), Attempts: n, Kind: provconc.ErrService,
		})
	}
	return faultAPIError(p, provconc.APIError{
		Code: "InternalError", Message: faultSCFInternalMsg,
		StatusCode: status, RequestID: faultRequestID(n), Attempts: n, Kind: provconc.ErrService,
	})
}

// faultRecovered is the outcome of a call that succeeds at attempt n.
func faultRecovered(n int, waits ...time.Duration) faultWant {
	return faultWant{ok: true, attempts: n, requests: n, waits: waits}
}

// Backoff waits with Rand fixed at 0.5: half the ceiling, which starts at
// retry.DefaultBaseDelay and doubles.
const (
	faultBackoff1 = retry.DefaultBaseDelay / 2
	faultBackoff2 = retry.DefaultBaseDelay
)

// faultRows is the matrix.
func faultRows() []faultRow {
	rows := []faultRow{
		{
			name: "429 burst then success",
			serve: func(x *faultExchange) {
				if x.n <= 2 {
					x.throttle("1")
					return
				}
				x.ok()
			},
			// Retry-After: 1 is honoured for both protocols: the transport
			// reads the header whatever the classifier.
			want: func(*faultProto) faultWant { return faultRecovered(3, time.Second, time.Second) },
		},
		{
			name:  "429 throughout",
			serve: func(x *faultExchange) { x.throttle("1") },
			want: func(p *faultProto) faultWant {
				return faultWant{
					attempts: 3, requests: 3, waits: []time.Duration{time.Second, time.Second},
					is:        []error{provconc.ErrTooManyRequests, provconc.ErrRetryExhausted},
					exhausted: retry.ReasonMaxAttempts,
					apiErr:    faultThrottleError(p, 3, time.Second),
					contains:  []string{"giving up after 3 attempts (max attempts)"},
				}
			},
		},
	}
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		rows = append(rows,
			faultRow{
				name: fmt.Sprintf("%d once then success", status),
				serve: func(x *faultExchange) {
					if x.n == 1 {
						x.status(status)
						return
					}
					x.ok()
				},
				want: func(*faultProto) faultWant { return faultRecovered(2, faultBackoff1) },
			},
			faultRow{
				name:  fmt.Sprintf("%d throughout", status),
				serve: func(x *faultExchange) { x.status(status) },
				want: func(p *faultProto) faultWant {
					return faultWant{
						attempts: 3, requests: 3, waits: []time.Duration{faultBackoff1, faultBackoff2},
						is:        []error{provconc.ErrService, provconc.ErrRetryExhausted},
						exhausted: retry.ReasonMaxAttempts,
						apiErr:    faultStatusError(p, status, 3),
						contains:  []string{fmt.Sprintf("(HTTP %d)", status)},
					}
				},
			})
	}
	rows = append(rows,
		faultRow{
			name: "reset before headers then success",
			serve: func(x *faultExchange) {
				if x.n == 1 {
					x.reset()
					return
				}
				x.ok()
			},
			want: func(*faultProto) faultWant { return faultRecovered(2, faultBackoff1) },
		},
		faultRow{
			name:  "reset before headers throughout",
			serve: func(x *faultExchange) { x.reset() },
			// No answer ever came, so the error is the connection's,
			// wrapped in the exhausted retries; there is no APIError.
			want: func(*faultProto) faultWant {
				return faultWant{
					attempts: 3, requests: 3, waits: []time.Duration{faultBackoff1, faultBackoff2},
					is:        []error{provconc.ErrRetryExhausted, syscall.ECONNRESET},
					exhausted: retry.ReasonMaxAttempts,
				}
			},
		},
		faultRow{
			name: "reset after headers",
			serve: func(x *faultExchange) {
				body := x.okBody()
				x.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				x.w.WriteHeader(http.StatusOK)
				_, _ = x.w.Write(body[:len(body)/2])
				x.reset()
			},
			// The status arrived and the retry transport returned it; the
			// reset shows only while the body is read, after retries are
			// over. As with the official clients, the call fails with the
			// connection's error and is not retried (the request may have
			// acted, and a Put is not idempotent on SCF).
			want: func(*faultProto) faultWant {
				return faultWant{requests: 1, is: []error{syscall.ECONNRESET}, contains: []string{"reading response (HTTP 200)"}}
			},
		},
		faultRow{
			name:    "server slower than the deadline",
			timeout: 500 * time.Millisecond,
			slow:    true,
			// The deadline cuts the only attempt short: no retry, no
			// RetryExhaustedError, just the context's error, soon after the
			// deadline and long before the server would answer.
			want: func(*faultProto) faultWant {
				return faultWant{
					requests: 1, is: []error{context.DeadlineExceeded},
					minElapsed: 500 * time.Millisecond, maxElapsed: 500*time.Millisecond + time.Second,
				}
			},
		},
		faultRow{
			name:    "Retry-After beyond the deadline",
			timeout: 5 * time.Second,
			serve:   func(x *faultExchange) { x.throttle("10") },
			// A wait that would outlast the deadline is not started: the
			// call gives up at once, well before the deadline, with the
			// reason "deadline", and matches context.DeadlineExceeded as
			// the official clients' error does when their retry sleep runs
			// into the deadline.
			want: func(p *faultProto) faultWant {
				return faultWant{
					attempts: 1, requests: 1,
					is:         []error{provconc.ErrTooManyRequests, provconc.ErrRetryExhausted, context.DeadlineExceeded},
					exhausted:  retry.ReasonDeadline,
					apiErr:     faultThrottleError(p, 1, 10*time.Second),
					maxElapsed: 2 * time.Second,
				}
			},
		},
		faultRow{
			name:          "cancelled during backoff",
			cancelInSleep: true,
			serve:         func(x *faultExchange) { x.status(http.StatusServiceUnavailable) },
			// The caller gives up while the transport waits to retry: the
			// call ends with context.Canceled and the retry is never sent.
			want: func(*faultProto) faultWant {
				return faultWant{
					requests: 1, waits: []time.Duration{faultBackoff1},
					is:       []error{context.Canceled},
					contains: []string{"waiting before attempt 2"},
				}
			},
		},
		faultRow{
			name: "truncated body",
			serve: func(x *faultExchange) {
				body := x.okBody()
				x.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				x.w.WriteHeader(http.StatusOK)
				_, _ = x.w.Write(body[:len(body)/2])
				// Returning short of Content-Length makes the server close
				// the connection: the client meets an early EOF.
			},
			want: func(*faultProto) faultWant {
				return faultWant{requests: 1, is: []error{io.ErrUnexpectedEOF}, contains: []string{"reading response (HTTP 200)"}}
			},
		},
		faultRow{
			name: "malformed JSON in 200",
			serve: func(x *faultExchange) {
				body := x.okBody()
				x.w.WriteHeader(http.StatusOK)
				_, _ = x.w.Write(body[:len(body)-3])
			},
			want: func(p *faultProto) faultWant {
				return faultWant{requests: 1, is: []error{provconc.ErrInvalidResponse}, syntax: true, contains: []string{faultDecodeFailed(p, "req-1")}}
			},
		},
		faultRow{
			name: "empty 200",
			serve: func(x *faultExchange) {
				x.okBody() // the headers only
				x.w.WriteHeader(http.StatusOK)
			},
			want: func(p *faultProto) faultWant {
				return faultWant{requests: 1, is: []error{provconc.ErrInvalidResponse}, syntax: true, contains: []string{faultDecodeFailed(p, "req-1")}}
			},
		},
		faultRow{
			name:  "HTML page in 200",
			serve: func(x *faultExchange) { x.page(http.StatusOK) },
			want: func(p *faultProto) faultWant {
				return faultWant{requests: 1, is: []error{provconc.ErrInvalidResponse}, syntax: true, contains: []string{faultDecodeFailed(p, "")}}
			},
		},
		faultRow{
			name:  "oversized body with Content-Length",
			huge:  true,
			serve: func(x *faultExchange) { x.huge(true) },
			want:  faultWantOversized,
		},
		faultRow{
			name:  "oversized chunked body",
			huge:  true,
			serve: func(x *faultExchange) { x.huge(false) },
			want:  faultWantOversized,
		},
	)
	// Retry-After values that are no wait at all fall back to the backoff;
	// huge ones are cut to the cap (MaxRetryAfter, by default
	// retry.DefaultMaxBackoff), and the call still recovers.
	for _, c := range []struct {
		value string
		wait  time.Duration
	}{
		{"soon", faultBackoff1},
		{"-5", faultBackoff1},
		{"999999", retry.DefaultMaxBackoff},
		{time.Now().AddDate(1, 0, 0).UTC().Format(http.TimeFormat), retry.DefaultMaxBackoff},
	} {
		name := "Retry-After " + c.value
		if strings.Contains(c.value, "GMT") {
			name = "Retry-After a year ahead"
		}
		rows = append(rows, faultRow{
			name: name,
			serve: func(x *faultExchange) {
				if x.n == 1 {
					x.throttle(c.value)
					return
				}
				x.ok()
			},
			want: func(*faultProto) faultWant { return faultRecovered(2, c.wait) },
		})
	}
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		rows = append(rows, faultRow{
			name:     fmt.Sprintf("%d redirect", status),
			redirect: true,
			serve: func(x *faultExchange) {
				x.w.Header().Set("Location", x.target+"/moved")
				x.w.Header().Set("Content-Type", "text/html")
				x.w.WriteHeader(status)
				_, _ = io.WriteString(x.w, faultRedirectPage)
			},
			// Not followed (a signed request must not go elsewhere) and not
			// retried: the 3xx comes back as an APIError with its status,
			// of no known kind.
			want: func(p *faultProto) faultWant {
				e := faultAPIError(p, provconc.APIError{StatusCode: status, Attempts: 1,
					Message: fmt.Sprintf("unexpected HTTP %d answer (text/html, %d bytes)", status, len(faultRedirectPage))})
				return faultWant{requests: 1, apiErr: e, contains: []string{fmt.Sprintf("(HTTP %d)", status)}}
			},
		})
	}
	rows = append(rows,
		faultRow{
			name: "not found",
			serve: func(x *faultExchange) {
				if x.p == faultSCF {
					x.scfError(http.StatusOK, "ResourceNotFound.Function", faultSCFNotFoundMsg)
					return
				}
				x.w.Header().Set("Content-Type", "application/json")
				x.w.Header().Set("X-Amzn-RequestId", faultRequestID(x.n))
				x.w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/")
				x.w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(x.w, faultAWSNotFound)
			},
			// A final answer: one attempt, no retry, the kind from the code.
			want: func(p *faultProto) faultWant {
				e := provconc.APIError{RequestID: "req-1", Attempts: 1, Kind: provconc.ErrResourceNotFound}
				if p == faultSCF {
					e.Code, e.Message, e.StatusCode = "ResourceNotFound.Function", faultSCFNotFoundMsg, http.StatusOK
				} else {
					e.Code, e.Message, e.Type, e.StatusCode = "ResourceNotFoundException", "Function not found: my-function", "User", http.StatusNotFound
				}
				return faultWant{requests: 1, is: []error{provconc.ErrResourceNotFound}, apiErr: faultAPIError(p, e)}
			},
		},
	)
	// SCF answers its throttles and internal errors inside an HTTP 200.
	for _, c := range []struct {
		code string
		msg  string
		kind error
	}{
		{"InternalError", faultSCFInternalMsg, provconc.ErrService},
		{"RequestLimitExceeded", faultSCFThrottleMsg, provconc.ErrTooManyRequests},
		{"RequestLimitExceeded.UinLimitExceeded", faultSCFThrottleMsg, provconc.ErrTooManyRequests},
	} {
		rows = append(rows,
			faultRow{
				name: c.code + " in 200 then success",
				only: tencentscf.ProviderName,
				serve: func(x *faultExchange) {
					if x.n == 1 {
						x.scfError(http.StatusOK, c.code, c.msg)
						return
					}
					x.ok()
				},
				want: func(*faultProto) faultWant { return faultRecovered(2, faultBackoff1) },
			},
			faultRow{
				name:  c.code + " in 200 throughout",
				only:  tencentscf.ProviderName,
				serve: func(x *faultExchange) { x.scfError(http.StatusOK, c.code, c.msg) },
				want: func(p *faultProto) faultWant {
					return faultWant{
						attempts: 3, requests: 3, waits: []time.Duration{faultBackoff1, faultBackoff2},
						is:        []error{c.kind, provconc.ErrRetryExhausted},
						exhausted: retry.ReasonMaxAttempts,
						apiErr: faultAPIError(p, provconc.APIError{
							Code: c.code, Message: c.msg, StatusCode: http.StatusOK,
							RequestID: "req-3", Attempts: 3, Kind: c.kind,
						}),
					}
				},
			})
	}
	return rows
}

// faultDecodeFailed is the start of a decoding error's text. AWS takes the
// request id from a header; SCF's is inside the body that failed to decode.
// A missing one reads "unknown".
func faultDecodeFailed(p *faultProto, requestID string) string {
	if p == faultSCF || requestID == "" {
		requestID = "unknown"
	}
	return fmt.Sprintf("provconc: %s %s: decoding response [request id %s]", p.name, p.op, requestID)
}

func faultWantOversized(p *faultProto) faultWant {
	return faultWant{
		requests: 1, is: []error{provconc.ErrInvalidResponse},
		contains: []string{fmt.Sprintf("response body exceeds %d bytes", httpcall.MaxBodyBytes)},
	}
}

// TestFaultMatrix runs every row against both protocols.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	for _, p := range faultProtos {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			for _, row := range faultRows() {
				if row.only != "" && row.only != p.name {
					continue
				}
				t.Run(row.name, func(t *testing.T) {
					t.Parallel()
					label := t.Name()
					pprof.Do(context.Background(), pprof.Labels(faultLabelKey, label), func(context.Context) {
						faultRunRow(t, p, row)
					})
					faultCheckNoLeak(t, label)
				})
			}
		})
	}
}

// faultRunRow runs one row: it serves the fault, makes the call and checks
// everything the row promises. Everything it starts is closed before it
// returns.
func faultRunRow(t *testing.T, p *faultProto, row faultRow) {
	want := row.want(p)

	// The redirect target counts what reaches it; nothing should.
	var targetHits atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { targetHits.Add(1) }))
	defer target.Close()

	// The slow handler answers after faultSlowAnswer, unless the client
	// hangs up first or the row ends (release); hungUp says the client did.
	release := make(chan struct{})
	var hungUp atomic.Bool
	handled := make(chan struct{}, 1)
	serve := row.serve
	if row.slow {
		serve = func(x *faultExchange) {
			defer func() {
				select {
				case handled <- struct{}{}:
				default: // a second request: the count reports it
				}
			}()
			select {
			case <-x.r.Context().Done():
				hungUp.Store(true)
			case <-time.After(faultSlowAnswer):
				x.ok()
			case <-release:
			}
		}
	}
	srv := faultNewServer(p, target.URL, serve)
	// Deferred in this order: release the slow handler, then close the
	// server, which waits for handlers to return.
	defer srv.Close()
	defer close(release)

	// A private pool, so closing it touches no other row.
	pool := &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute}
	counting := &faultCounting{next: pool}
	defer pool.CloseIdleConnections()

	timeout := row.timeout
	if timeout == 0 {
		timeout = faultTimeout
	}
	// Started before the deadline is set, so elapsed is never below it.
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	waits := &faultWaits{}
	ro := retry.Options{
		// One call's retries, unpaced, so throttles count against the
		// attempt limit as the rows expect: the pacing a throttle turns
		// on by default is transport/retry's to test.
		DisableRateLimit: true,
		// Record the wait instead of sleeping, so backoff is instant and
		// exact; a row may cancel the call here as a caller giving up.
		Sleep: func(ctx context.Context, d time.Duration) error {
			waits.add(d)
			if row.cancelInSleep {
				cancel()
			}
			return ctx.Err()
		},
		Jitter: func() float64 { return 0.5 },
	}
	client, err := p.newClient(srv.URL, &http.Client{Transport: counting}, ro)
	if err != nil {
		t.Errorf("building the client: %v", err)
		return
	}

	out, panicked, err := faultCall(func() (*provconc.GetOutput, error) { return client.Get(ctx, p.in) })
	returned := time.Now()
	elapsed := returned.Sub(start)
	cancel()
	if panicked != nil {
		t.Errorf("Get panicked: %v", panicked)
		return
	}

	// Nothing may reach the server once the call has returned: watch it a
	// little longer.
	seen, _ := srv.requests()
	time.Sleep(faultLateWindow)
	total, arrivals := srv.requests()
	if total != seen {
		t.Errorf("%d requests arrived after the call returned", total-seen)
	}
	for i, at := range arrivals {
		if at.After(returned) {
			t.Errorf("request %d arrived %v after the call returned", i+1, at.Sub(returned))
		}
	}
	if total != want.requests {
		t.Errorf("the server saw %d requests, want %d", total, want.requests)
	}
	srv.mu.Lock()
	for _, pr := range srv.problems {
		t.Errorf("server: %s", pr)
	}
	srv.mu.Unlock()
	if got := waits.get(); !cmp.Equal(got, want.waits, cmpopts.EquateEmpty()) {
		t.Errorf("backoff waits %v, want %v", got, want.waits)
	}
	if want.maxElapsed > 0 && (elapsed < want.minElapsed || elapsed > want.maxElapsed) {
		t.Errorf("the call took %v, want between %v and %v", elapsed, want.minElapsed, want.maxElapsed)
	}
	if row.redirect && targetHits.Load() != 0 {
		t.Errorf("the redirect was followed: its target saw %d requests", targetHits.Load())
	}
	if row.slow {
		// The client must have hung up on the server, not left the
		// request hanging.
		select {
		case <-handled:
			if !hungUp.Load() {
				t.Error("the slow handler ended without the client hanging up")
			}
		case <-time.After(faultSettle):
			t.Error("the client did not hang up on the slow server")
		}
	}
	if row.huge {
		// The client stops at the cap and hangs up: it read about
		// MaxBodyBytes, and the server could not get the body out.
		if read := counting.read.Load(); read > httpcall.MaxBodyBytes+faultReadSlack {
			t.Errorf("the client read %d body bytes, want at most %d", read, httpcall.MaxBodyBytes+faultReadSlack)
		}
		var done bool
		var werr error
		faultWaitFor(func() bool {
			srv.mu.Lock()
			defer srv.mu.Unlock()
			done, werr = srv.writeDone, srv.writeErr
			return done
		})
		// A write that timed out means the client stopped reading without
		// closing; one that ended without error, that it read everything.
		if written := srv.written.Load(); !done || werr == nil || errors.Is(werr, os.ErrDeadlineExceeded) {
			t.Errorf("the server wrote %d of %d bytes and its writing ended with %v (done %v); want the client to hang up", written, faultHugeBody, werr, done)
		}
	}
	faultCheckOutcome(t, p, want, out, err)
}

// faultCheckOutcome compares the call's result with the row's.
func faultCheckOutcome(t *testing.T, p *faultProto, want faultWant, out *provconc.GetOutput, err error) {
	t.Helper()
	if want.ok {
		if err != nil {
			t.Errorf("Get failed: %v", err)
			return
		}
		if diff := cmp.Diff(p.config, out.Config); diff != "" {
			t.Errorf("config (-want +got):\n%s", diff)
		}
		md := provconc.Metadata{RequestID: faultRequestID(want.attempts), Attempts: want.attempts}
		if out.Metadata != md {
			t.Errorf("metadata %+v, want %+v", out.Metadata, md)
		}
		return
	}
	if err == nil {
		t.Errorf("Get succeeded with %+v, want an error", out)
		return
	}
	if out != nil {
		t.Errorf("Get returned %+v with its error", out)
	}
	for _, s := range faultSentinels {
		wanted := false
		for _, w := range want.is {
			wanted = wanted || w == s
		}
		if got := errors.Is(err, s); got != wanted {
			t.Errorf("errors.Is(err, %v) = %v, want %v; err: %v", s, got, wanted, err)
		}
	}
	var exhausted *provconc.RetryExhaustedError
	switch {
	case errors.As(err, &exhausted) != (want.exhausted != ""):
		t.Errorf("errors.As(*RetryExhaustedError) = %v, want %v; err: %v", exhausted != nil, want.exhausted != "", err)
	case exhausted != nil && (exhausted.Attempts != want.attempts || exhausted.Reason != want.exhausted):
		t.Errorf("exhausted after %d attempts (%s), want %d (%s)", exhausted.Attempts, exhausted.Reason, want.attempts, want.exhausted)
	}
	var apiErr *provconc.APIError
	switch {
	case errors.As(err, &apiErr) != (want.apiErr != nil):
		t.Errorf("errors.As(*APIError) = %v, want %v; err: %v", apiErr != nil, want.apiErr != nil, err)
	case apiErr != nil:
		// Kind is compared with errors.Is: it holds a sentinel.
		if diff := cmp.Diff(*want.apiErr, *apiErr, cmpopts.EquateErrors()); diff != "" {
			t.Errorf("APIError (-want +got):\n%s", diff)
		}
	}
	var syntaxErr *json.SyntaxError
	if got := errors.As(err, &syntaxErr); got != want.syntax {
		t.Errorf("errors.As(*json.SyntaxError) = %v, want %v; err: %v", got, want.syntax, err)
	}
	// Every error names the provider and the operation.
	for _, s := range append([]string{p.name + " " + p.op}, want.contains...) {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
}

// faultCall runs call, turning a panic into a value so the row can report
// it and go on to close what it opened.
func faultCall(call func() (*provconc.GetOutput, error)) (out *provconc.GetOutput, panicked any, err error) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf("%v\n%s", r, debug.Stack())
		}
	}()
	out, err = call()
	return out, nil, err
}

// faultCheckNoLeak fails t if goroutines labelled label are still running
// once they have had faultSettle to end.
func faultCheckNoLeak(t *testing.T, label string) {
	t.Helper()
	var n int
	var stacks string
	faultWaitFor(func() bool {
		n, stacks = faultLabelled(label)
		return n == 0
	})
	if n != 0 {
		t.Errorf("%d goroutines left behind:\n%s", n, stacks)
	}
}

// faultLabelled counts the goroutines that carry label and returns their
// stacks.
func faultLabelled(label string) (int, string) {
	var b strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return -1, err.Error()
	}
	// debug=1 groups goroutines by stack and labels: "N @ pcs", then
	// "# labels: {...}", then the frames; groups are separated by a blank
	// line.
	needle := fmt.Sprintf("%q:%q", faultLabelKey, label)
	total := 0
	var stacks []string
	for _, group := range strings.Split(b.String(), "\n\n") {
		if !strings.Contains(group, needle) {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(group, "%d @", &n); err != nil {
			n = 1
		}
		total += n
		stacks = append(stacks, group)
	}
	return total, strings.Join(stacks, "\n\n")
}

// faultWaitFor polls cond until it holds or faultSettle has passed.
func faultWaitFor(cond func() bool) {
	deadline := time.Now().Add(faultSettle)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// TestFaultLeakCheckSeesLabelledGoroutines shows the leak check can fail: a
// goroutine started under a row's label, and one started by that one,
// are counted until they end.
func TestFaultLeakCheckSeesLabelledGoroutines(t *testing.T) {
	t.Parallel()
	label := t.Name()
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(2)
	pprof.Do(context.Background(), pprof.Labels(faultLabelKey, label), func(context.Context) {
		go func() {
			go func() {
				started.Done()
				<-release
			}()
			started.Done()
			<-release
		}()
	})
	started.Wait()
	if n, stacks := faultLabelled(label); n != 2 {
		t.Errorf("counted %d labelled goroutines, want 2:\n%s", n, stacks)
	}
	if n, _ := faultLabelled(label + "-other"); n != 0 {
		t.Errorf("counted %d goroutines under a label nobody used, want 0", n)
	}
	close(release)
	faultCheckNoLeak(t, label)
}

// TestFaultCallReportsPanic shows a panicking call is reported, not lost.
func TestFaultCallReportsPanic(t *testing.T) {
	t.Parallel()
	_, panicked, _ := faultCall(func() (*provconc.GetOutput, error) { panic("boom") })
	if s, _ := panicked.(string); !strings.HasPrefix(s, "boom\n") {
		t.Errorf("panicked = %v, want the panic value and its stack", panicked)
	}
	out, panicked, err := faultCall(func() (*provconc.GetOutput, error) { return &provconc.GetOutput{}, nil })
	if out == nil || err != nil || panicked != nil {
		t.Errorf("a call that returns gave %v, %v, %v", out, err, panicked)
	}
}

// newSCFClient builds a client from full Options: tencentscf.New, then
// provconc.NewClient.
func newSCFClient(opts tencentscf.Options) (*provconc.Client, error) {
	p, err := tencentscf.New(opts)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}
