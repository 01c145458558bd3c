package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/provconc/provconc/internal/redact"
)

// Defaults used when the corresponding Options field is zero.
const (
	DefaultRegion             = "us-east-1"
	DefaultAccountID          = "123456789012"
	DefaultAccountConcurrency = 1000
	DefaultUnreservedMinimum  = 100
)

// DefaultMaxClockSkew is how far a signature's time may be from the
// emulator's clock when Options.MaxClockSkew is zero: five minutes, the
// limit of both services (SigV4: "Signature expired: ... - 5 min.";
// TencentCloud API: "Timestamp and server time cannot differ by more than
// five minutes", AuthFailure.SignatureExpire).
const DefaultMaxClockSkew = 5 * time.Minute

// NoClockSkewLimit, as Options.MaxClockSkew, turns the clock-skew check off.
const NoClockSkewLimit time.Duration = -1

// Options configures a Server. The zero value is usable.
type Options struct {
	// Region is the region the emulator pretends to be (default us-east-1).
	// It appears in ARNs and must match the SigV4 credential scope.
	Region string
	// AccountID is the 12-digit account id used in ARNs (default 123456789012).
	AccountID string

	// Now is the clock; it drives READY transitions, LastModified, the token
	// bucket and the SigV4 clock-skew check. Default time.Now. Operations
	// read it while they hold the emulator's lock, so each sees a time no
	// earlier than the one before it, as long as the clock does not go back.
	Now func() time.Time
	// Seed makes request ids and random faults deterministic.
	Seed int64

	// ReadyAfter is how long an allocation stays IN_PROGRESS on the Now
	// clock. Zero means DefaultReadyAfter, so that code which forgets to
	// wait fails here as it would on AWS (where it takes minutes); a
	// negative value makes the configuration READY on the first read after
	// the Put. The Put answer itself is always IN_PROGRESS, as on AWS.
	ReadyAfter time.Duration

	// AccountConcurrency is the account's concurrent executions limit
	// (default 1000).
	AccountConcurrency int
	// UnreservedMinimum is the concurrency that must stay unreserved (default
	// 100). A negative value means no minimum.
	UnreservedMinimum int

	// AllocationHook, when set, decides the outcome of every allocation that
	// completes: a non-nil error makes the configuration FAILED with the
	// error's text as StatusReason. It runs under the emulator's lock and must
	// not call back into the Server.
	AllocationHook func(function, qualifier string, requested int) error

	// Credentials, when set, makes the emulator verify the AWS SigV4
	// signature of every request against this key pair and its session
	// token: a request must carry exactly that token, and none when it has
	// none (AWS refuses a stale AWS_SESSION_TOKEN beside long-term keys).
	Credentials *aws.Credentials
	// MaxClockSkew rejects signed requests whose X-Amz-Date (for SCF,
	// X-TC-Timestamp or the v1 Timestamp parameter) is further than this
	// from Now, as the services do. Zero means DefaultMaxClockSkew, the
	// services' own limit; a negative value (NoClockSkewLimit) turns the
	// check off, which a test needs when it signs with the wall clock but
	// runs the emulator on a fake one.
	MaxClockSkew time.Duration

	// Faults are the injected failures active from the start; see SetFaults.
	Faults Faults

	// SCF configures the Tencent Cloud SCF protocol served next to the
	// Lambda one (POST requests carrying X-TC-Action).
	SCF SCFOptions
}

// Server is the emulator. It is an http.Handler and an http.RoundTripper and
// is safe for concurrent use. Create it with New.
type Server struct {
	region    string
	accountID string
	partition string
	now       func() time.Time
	seed      int64
	creds     *aws.Credentials
	scfCreds  *SCFCredentials
	maxSkew   time.Duration // 0: no check

	requests  atomic.Uint64
	state     *state
	faults    *faultInjector
	protocols []protocol
}

// New returns a Server configured by opts.
func New(opts Options) *Server {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.AccountID == "" {
		opts.AccountID = DefaultAccountID
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AccountConcurrency == 0 {
		opts.AccountConcurrency = DefaultAccountConcurrency
	}
	switch {
	case opts.UnreservedMinimum == 0:
		opts.UnreservedMinimum = DefaultUnreservedMinimum
	case opts.UnreservedMinimum < 0:
		opts.UnreservedMinimum = 0
	}
	switch {
	case opts.MaxClockSkew == 0:
		opts.MaxClockSkew = DefaultMaxClockSkew
	case opts.MaxClockSkew < 0:
		opts.MaxClockSkew = 0 // no check
	}
	var creds *aws.Credentials
	if opts.Credentials != nil {
		c := *opts.Credentials
		creds = &c
	}
	var scfCreds *SCFCredentials
	if opts.SCF.Credentials != nil {
		c := *opts.SCF.Credentials
		scfCreds = &c
	}
	s := &Server{
		region:    opts.Region,
		accountID: opts.AccountID,
		partition: partitionOf(opts.Region),
		now:       opts.Now,
		seed:      opts.Seed,
		creds:     creds,
		scfCreds:  scfCreds,
		maxSkew:   opts.MaxClockSkew,
		state: newState(stateConfig{
			now:                opts.Now,
			readyAfter:         opts.ReadyAfter,
			accountConcurrency: opts.AccountConcurrency,
			unreservedMinimum:  opts.UnreservedMinimum,
			hook:               opts.AllocationHook,
		}),
		faults: newFaultInjector(opts.Seed, opts.Now, opts.Faults),
	}
	s.state.scf = newSCFAccount(opts.SCF, opts.AllocationHook)
	// Protocols are tried in order; the last one also answers requests that no
	// protocol recognises. Tencent SCF (POST with X-TC-Action) and
	// Application Auto Scaling (POST with X-Amz-Target) go in front of the
	// Lambda one.
	s.protocols = []protocol{&scfProtocol{s: s}, &aasProtocol{s: s}, &lambdaProtocol{s: s}}
	return s
}

// Region returns the region the emulator serves.
func (s *Server) Region() string { return s.region }

// AccountID returns the account id used in ARNs.
func (s *Server) AccountID() string { return s.accountID }

// Client returns an *http.Client whose transport is the emulator itself.
func (s *Server) Client() *http.Client { return &http.Client{Transport: s} }

// partitionOf derives the ARN partition from a region name.
func partitionOf(region string) string {
	switch {
	case len(region) > 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) > 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	default:
		return "aws"
	}
}

// protocol is one wire protocol served over the shared state.
type protocol interface {
	// match reports whether the request belongs to this protocol.
	match(r *http.Request) bool
	// serve answers one request. It authenticates the caller, then calls
	// x.admit to apply the shared throttling and injected server errors, which
	// it renders in its own wire shape, and finally runs the operation.
	serve(x *exchange)
}

// exchange is one request being served. Its body is read by the protocol,
// after it has checked what the headers carry (see readBody).
type exchange struct {
	s *Server
	r *http.Request
	// src is the unread request body (nil when there is none); rw, when
	// serving a socket, lets the size cap close the connection.
	src  io.Reader
	rw   http.ResponseWriter
	body []byte
	// readErr is a failure to read the body other than its size; in
	// process it is returned to the caller, as a transport would.
	readErr error
	// params is the SCF action's parameters as a JSON object, whatever
	// the request form (JSON body, query string or form).
	params   []byte
	id       string
	w        *recorder
	decision faultDecision
}

// admission is the verdict of the shared admission checks.
type admission struct {
	throttled   bool
	retryAfter  int // seconds, when throttled
	serverError int // 0, 500 or 503
}

// admit applies the token bucket and the injected server errors decided for
// this request.
func (x *exchange) admit() admission {
	d := x.decision
	if d.throttle {
		return admission{throttled: true, retryAfter: d.retryAfter}
	}
	if ok, wait := x.s.faults.take(); !ok {
		return admission{throttled: true, retryAfter: wait}
	}
	return admission{serverError: d.serverError}
}

// wireFault is what the transport must do to the answer.
type wireFault int

const (
	wireOK wireFault = iota
	wireReset
	wireTruncate
)

// process runs the request through faults, the protocol and the state. The
// protocol reads the body from src when it needs it, after authenticating
// the headers. process returns an error when the request's context ends
// during injected latency and, in process (rw nil), when the body cannot be
// read.
func (s *Server) process(r *http.Request, src io.Reader, rw http.ResponseWriter) (*recorder, wireFault, error) {
	x := &exchange{s: s, r: r, src: src, rw: rw, id: s.nextRequestID(), w: newRecorder()}

	if d := s.faults.latency(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			return nil, wireOK, r.Context().Err()
		case <-t.C:
		}
	}

	d := s.faults.decide()
	if d.reset {
		return nil, wireReset, nil
	}
	p := s.protocols[len(s.protocols)-1]
	for _, cand := range s.protocols {
		if cand.match(r) {
			p = cand
			break
		}
	}
	x.decision = d
	p.serve(x)
	if x.readErr != nil && rw == nil {
		return nil, wireOK, x.readErr
	}
	if d.truncate {
		if len(x.w.body.Bytes()) == 0 {
			// Nothing to cut: the connection dies before a complete answer.
			return nil, wireReset, nil
		}
		return x.w, wireTruncate, nil
	}
	return x.w, wireOK, nil
}

// nextRequestID returns a UUID-shaped id derived from the seed and a counter.
func (s *Server) nextRequestID() string {
	n := s.requests.Add(1)
	var in [16]byte
	binary.BigEndian.PutUint64(in[:8], uint64(s.seed))
	binary.BigEndian.PutUint64(in[8:], n)
	sum := sha256.Sum256(in[:])
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40 // version 4 layout
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ServeHTTP implements http.Handler. The body is read only once the
// headers have passed authentication, and never beyond the protocol's size
// cap (see Options and the package documentation).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec, fault, err := s.process(r, r.Body, w)
	if err != nil {
		return // the client went away during injected latency
	}
	if fault == wireReset {
		resetConnection(w)
		return
	}
	for k, v := range rec.header {
		if spelled, ok := wireSpelling[k]; ok {
			k = spelled // HTTP/1.1 keys are case-insensitive; keep AWS's look
		}
		w.Header()[k] = append([]string(nil), v...)
	}
	// The Date header comes from the emulator's clock on both transports, so
	// a client that corrects clock skew from it sees the same skew either way.
	if w.Header().Get("Date") == "" {
		w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	}
	b := rec.body.Bytes()
	if rec.status != http.StatusNoContent && rec.status != http.StatusNotModified {
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	}
	w.WriteHeader(rec.status)
	if fault == wireTruncate {
		// Declare the full length, send half: the server then closes the
		// connection and the client reads io.ErrUnexpectedEOF.
		_, _ = w.Write(b[:len(b)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		return
	}
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// RoundTrip implements http.RoundTripper: it serves req in process. It does
// not modify req, always closes its body, and honours req.Context() before
// and during injected latency. The body is read as ServeHTTP reads it:
// after the headers are authenticated, up to the size cap.
func (s *Server) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sreq, err := serverSideRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	var src io.Reader
	if req.Body != nil && req.Body != http.NoBody {
		src = req.Body
	}
	rec, fault, err := s.process(sreq, src, nil)
	if err != nil {
		return nil, err
	}
	if fault == wireReset {
		return nil, connectionResetError()
	}
	b := rec.body.Bytes()
	resp := &http.Response{
		Status:     fmt.Sprintf("%d %s", rec.status, http.StatusText(rec.status)),
		StatusCode: rec.status,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     rec.header.Clone(),
		Request:    req,
	}
	if resp.Header.Get("Date") == "" {
		resp.Header.Set("Date", s.now().UTC().Format(http.TimeFormat))
	}
	switch {
	case req.Method == http.MethodHead:
		resp.Body = http.NoBody
	case fault == wireTruncate:
		resp.ContentLength = int64(len(b))
		resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
		resp.Body = &truncatedBody{r: bytes.NewReader(b[:len(b)/2])}
	case len(b) == 0:
		resp.Body = http.NoBody
		if rec.status != http.StatusNoContent {
			resp.Header.Set("Content-Length", "0")
		}
	default:
		resp.ContentLength = int64(len(b))
		resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	return resp, nil
}

// wireSpelling maps canonical header keys to the spelling AWS uses. Only
// ServeHTTP uses it: an in-process http.Response keeps canonical keys so that
// Header.Get works on it.
var wireSpelling = map[string]string{
	"X-Amzn-Requestid": "X-Amzn-RequestId",
	"X-Amzn-Errortype": "X-Amzn-ErrorType",
}

// serverSideRequest builds what a server would see for a client request,
// leaving req untouched. Its body is left to process, which reads the
// client's.
func serverSideRequest(ctx context.Context, req *http.Request) (*http.Request, error) {
	if req.URL == nil {
		return nil, fmt.Errorf("emulator: request has no URL")
	}
	r := req.Clone(ctx)
	r.Body = http.NoBody
	if req.Body != nil && req.Body != http.NoBody && req.ContentLength == 0 {
		r.ContentLength = -1 // a body of unknown length arrives chunked
	}
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.RequestURI = req.URL.RequestURI()
	r.RemoteAddr = "pipe"
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	// A server reads a field value without the whitespace around it (RFC
	// 9110, section 5.5), so " GetProvisionedConcurrencyConfig" is the
	// action on a socket; it must be here too. Clone copied the values.
	for _, vs := range r.Header {
		for i, v := range vs {
			vs[i] = strings.Trim(v, " \t")
		}
	}
	return r, nil
}

// recorder collects an answer in memory.
type recorder struct {
	status      int
	header      http.Header
	body        bytes.Buffer
	wroteHeader bool
}

func newRecorder() *recorder {
	return &recorder{status: http.StatusOK, header: make(http.Header)}
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.wroteHeader {
		return
	}
	rec.wroteHeader = true
	rec.status = code
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(p)
}

// String describes the Server without its credentials, so that printing it
// (%v, %s, %q) never shows a secret key or token.
func (s *Server) String() string {
	return "emulator.Server{Region: " + s.region + ", AccountID: " + s.accountID +
		", SigV4 check: " + strconv.FormatBool(s.creds != nil) + ", TC3 check: " + strconv.FormatBool(s.scfCreds != nil) + "}"
}

// GoString is String, so %#v redacts too.
func (s *Server) GoString() string { return s.String() }

// String describes the Options without their credentials' secrets.
func (o Options) String() string {
	creds := "none"
	if o.Credentials != nil {
		creds = o.Credentials.AccessKeyID + " " + redact.Marker
	}
	scf := "none"
	if o.SCF.Credentials != nil {
		scf = o.SCF.Credentials.String()
	}
	return "emulator.Options{Region: " + o.Region + ", AccountID: " + o.AccountID +
		", ReadyAfter: " + o.ReadyAfter.String() + ", Credentials: " + creds + ", SCF.Credentials: " + scf + "}"
}

// GoString is String, so %#v redacts too.
func (o Options) GoString() string { return o.String() }
