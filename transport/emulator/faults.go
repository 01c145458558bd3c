package emulator

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Faults configures injected failures. The zero value injects nothing.
// Random faults draw from a generator seeded with Options.Seed, so a given
// sequence of requests meets the same faults on every run.
type Faults struct {
	// RatePerSecond enables a token bucket refilled at this many requests
	// per second (on the Options.Now clock), shared by both protocols. A
	// request finding the bucket empty is answered 429
	// TooManyRequestsException with Retry-After (Lambda) or HTTP 200 with
	// RequestLimitExceeded (SCF). Zero disables throttling.
	RatePerSecond float64
	// Burst is the bucket capacity; zero means max(1, ceil(RatePerSecond)).
	// The bucket starts full.
	Burst int

	// ServiceErrorRate is the probability (0..1) of answering 500
	// ServiceException (SCF: HTTP 200 with InternalError) instead of running
	// the operation.
	ServiceErrorRate float64
	// UnavailableRate is the probability of answering 503 (SCF: a proxy's
	// HTML 503 page, not an answer of the API).
	UnavailableRate float64
	// ResetRate is the probability of resetting the connection instead of
	// answering (a network error for the RoundTripper).
	ResetRate float64
	// TruncateRate is the probability of cutting the answer's body short: the
	// operation runs, Content-Length announces the full body and only half of
	// it arrives.
	TruncateRate float64

	// Latency is added before every answer. The request's context is
	// honoured while waiting.
	Latency time.Duration
}

// FaultKind names one injected failure, for InjectFaults.
type FaultKind int

// The fault kinds.
const (
	// FaultThrottle answers 429 TooManyRequestsException with Retry-After: 1
	// (SCF: RequestLimitExceeded in an HTTP 200).
	FaultThrottle FaultKind = iota + 1
	// FaultServiceError answers 500 ServiceException (SCF: InternalError in
	// an HTTP 200).
	FaultServiceError
	// FaultUnavailable answers 503 (SCF: a proxy's HTML page).
	FaultUnavailable
	// FaultReset resets the connection.
	FaultReset
	// FaultTruncate runs the operation and truncates the answer's body.
	FaultTruncate
)

// String returns the kind's name.
func (k FaultKind) String() string {
	switch k {
	case FaultThrottle:
		return "throttle"
	case FaultServiceError:
		return "service-error"
	case FaultUnavailable:
		return "unavailable"
	case FaultReset:
		return "reset"
	case FaultTruncate:
		return "truncate"
	default:
		return "none"
	}
}

// SetFaults replaces the fault configuration. The token bucket restarts full.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// InjectFaults queues faults for the next requests: the n-th kind applies to
// the n-th request served from now on, before any random fault.
func (s *Server) InjectFaults(kinds ...FaultKind) { s.faults.inject(kinds) }

// SCFError is an error answer of the SCF protocol, for InjectSCFErrors.
type SCFError struct {
	// Action limits the answer to one action
	// ("PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig"
	// or "DeleteProvisionedConcurrencyConfig"); empty for whichever SCF
	// request comes next.
	Action string
	// Code is Response.Error.Code, such as
	// "FailedOperation.InsufficientBalance".
	Code string
	// Message is Response.Error.Message; empty for the documented
	// description of Code (see SCF_ERRORS.md), which a code outside the
	// documented ones must then not be.
	Message string
}

// InjectSCFErrors queues error answers of the SCF protocol, for the codes
// the emulated account has no behaviour behind (arrears, a service not
// opened, permissions, the timer service), or any other a test wants its
// handling of. Each answers, once, the next SCF request of its Action that
// passes authentication and throttling, in place of running it, as HTTP
// 200 with Response.Error. It refuses, injecting nothing, an Action that is
// not one of the three and an empty Code, or an unknown Code without a
// Message.
func (s *Server) InjectSCFErrors(errs ...SCFError) error {
	queued := make([]SCFError, 0, len(errs))
	for _, e := range errs {
		if e.Action != "" && !slices.Contains(scfAll, e.Action) {
			return fmt.Errorf("emulator: InjectSCFErrors: unknown action %q (want one of %s)", e.Action, strings.Join(scfAll, ", "))
		}
		if e.Code == "" {
			return fmt.Errorf("emulator: InjectSCFErrors: empty code")
		}
		if e.Message == "" {
			msg, ok := scfCodeMessage(e.Code)
			if !ok {
				return fmt.Errorf("emulator: InjectSCFErrors: code %q is not documented for provisioned concurrency; give its Message", e.Code)
			}
			e.Message = msg
		}
		queued = append(queued, e)
	}
	s.faults.injectSCF(queued)
	return nil
}

// injectSCF queues SCF error answers.
func (fi *faultInjector) injectSCF(errs []SCFError) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.scfQueue = append(fi.scfQueue, errs...)
}

// takeSCF removes and returns the first queued SCF error for action.
func (fi *faultInjector) takeSCF(action string) *scfError {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	i := slices.IndexFunc(fi.scfQueue, func(e SCFError) bool { return e.Action == "" || e.Action == action })
	if i < 0 {
		return nil
	}
	e := fi.scfQueue[i]
	fi.scfQueue = slices.Delete(fi.scfQueue, i, i+1)
	return &scfError{code: e.Code, message: e.Message}
}

// faultDecision is what the injector decided for one request.
type faultDecision struct {
	reset       bool
	truncate    bool
	throttle    bool
	retryAfter  int
	serverError int
}

// faultInjector holds the fault configuration, the queue of scripted faults,
// the seeded generator and the token bucket.
type faultInjector struct {
	mu    sync.Mutex
	now   func() time.Time
	rng   *rand.Rand
	cfg   Faults
	queue []FaultKind
	// scfQueue holds the SCF error answers queued by InjectSCFErrors.
	scfQueue []SCFError
	tokens   float64
	last     time.Time
}

func newFaultInjector(seed int64, now func() time.Time, f Faults) *faultInjector {
	fi := &faultInjector{
		now: now,
		rng: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
	}
	fi.set(f)
	return fi
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.cfg = f
	fi.tokens = float64(fi.burstLocked())
	fi.last = fi.now()
}

func (fi *faultInjector) inject(kinds []FaultKind) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.queue = append(fi.queue, kinds...)
}

func (fi *faultInjector) burstLocked() int {
	if fi.cfg.Burst > 0 {
		return fi.cfg.Burst
	}
	return max(1, int(math.Ceil(fi.cfg.RatePerSecond)))
}

func (fi *faultInjector) latency() time.Duration {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.cfg.Latency
}

// decide picks the faults for one request: a queued one if any, otherwise
// the random ones. Every configured rate consumes exactly one draw, so the
// sequence only depends on the seed and the number of requests.
func (fi *faultInjector) decide() faultDecision {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if len(fi.queue) > 0 {
		k := fi.queue[0]
		fi.queue = fi.queue[1:]
		switch k {
		case FaultThrottle:
			return faultDecision{throttle: true, retryAfter: 1}
		case FaultServiceError:
			return faultDecision{serverError: http.StatusInternalServerError}
		case FaultUnavailable:
			return faultDecision{serverError: http.StatusServiceUnavailable}
		case FaultReset:
			return faultDecision{reset: true}
		case FaultTruncate:
			return faultDecision{truncate: true}
		}
		return faultDecision{}
	}
	var d faultDecision
	draw := func(rate float64) bool {
		if rate <= 0 {
			return false
		}
		return fi.rng.Float64() < rate
	}
	if draw(fi.cfg.ResetRate) {
		d.reset = true
	}
	if draw(fi.cfg.ServiceErrorRate) {
		d.serverError = http.StatusInternalServerError
	}
	if draw(fi.cfg.UnavailableRate) && d.serverError == 0 {
		d.serverError = http.StatusServiceUnavailable
	}
	if draw(fi.cfg.TruncateRate) {
		d.truncate = true
	}
	return d
}

// take removes one token from the bucket. When the bucket is empty it
// returns false and the whole seconds after which a token will be there.
func (fi *faultInjector) take() (bool, int) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	rate := fi.cfg.RatePerSecond
	if rate <= 0 {
		return true, 0
	}
	now := fi.now()
	if elapsed := now.Sub(fi.last); elapsed > 0 {
		fi.tokens = math.Min(float64(fi.burstLocked()), fi.tokens+elapsed.Seconds()*rate)
	}
	fi.last = now
	if fi.tokens >= 1 {
		fi.tokens--
		return true, 0
	}
	wait := int(math.Ceil((1 - fi.tokens) / rate))
	return false, max(1, wait)
}

// resetConnection makes the client see a connection reset: it hijacks the
// connection and closes it with SO_LINGER 0 (a TCP RST). Where the
// connection cannot be hijacked (HTTP/2), it aborts the handler.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// connectionResetError is what a transport reports when the peer resets the
// connection; errors.Is(err, syscall.ECONNRESET) holds.
func connectionResetError() error {
	return &net.OpError{
		Op:   "read",
		Net:  "tcp",
		Addr: emulatorAddr{},
		Err:  os.NewSyscallError("read", syscall.ECONNRESET),
	}
}

// emulatorAddr is the pseudo address of the in-process emulator.
type emulatorAddr struct{}

func (emulatorAddr) Network() string { return "tcp" }
func (emulatorAddr) String() string  { return "emulator" }

// truncatedBody yields a prefix of the answer and then io.ErrUnexpectedEOF,
// as a transport does when the connection dies before Content-Length bytes.
type truncatedBody struct {
	r      io.Reader
	closed bool
}

func (b *truncatedBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, io.ErrClosedPipe
	}
	n, err := b.r.Read(p)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (b *truncatedBody) Close() error {
	b.closed = true
	return nil
}
