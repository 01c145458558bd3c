// This file decides which answers are worth another attempt: the Classifier
// seam, the default policy, and the helpers a protocol's own classifier needs
// (reading a body without consuming it, parsing Retry-After).

package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// Decision is a Classifier's verdict on one attempt.
type Decision struct {
	// Retry asks for another attempt. The Transport may still stop: at the
	// attempt limit, on an empty retry budget, or when the wait would outlast
	// the context's deadline.
	Retry bool
	// Throttle marks the failure as the service limiting the caller's rate
	// (HTTP 429, Tencent SCF RequestLimitExceeded). It is counted in
	// Stats.Throttles.
	Throttle bool
	// RetryAfter is how long the service asked the caller to wait, when it
	// said so somewhere other than the Retry-After header (in the body, say).
	// Zero lets the Transport read the Retry-After header itself, with its
	// own clock; when neither gives a wait, the Transport backs off
	// exponentially.
	RetryAfter time.Duration
}

// Classifier inspects the outcome of one attempt, either a response or an
// error (never both), and decides whether to retry.
//
// A Classifier may read resp.Body, but it must leave a body that yields the
// whole answer from the start, because the response may be returned to the
// caller; PeekBody does this. It must not close resp.Body. It is called on
// the goroutine of RoundTrip, once per attempt, and must be safe for
// concurrent use across calls.
//
// The Transport never retries once the request's context has ended, whatever
// the Classifier says.
type Classifier func(resp *http.Response, err error) Decision

// DefaultClassifier retries HTTP 429 (marked as a throttle), 500, 502, 503
// and 504, and connection failures: dial errors, refused and reset
// connections, a connection closed before the response arrived, network
// timeouts, an attempt's own deadline included (a per-attempt timeout, or
// the Timeout of the http.Client the attempt went through), and any error
// with a ConnectionError method returning true, as aws-sdk-go-v2 marks every
// failure of its HTTP client and provconc's protocols mark their HTTP
// client's (a mock's error responder included), unless it names a malformed
// request (an unsupported scheme, an invalid header) or the redirect limit
// of an http.Client ("stopped after 10 redirects"). It never
// retries a cancelled context (nor, since the Transport does not classify
// once the call's context has ended, the call's own deadline), a TLS
// certificate or handshake failure, a host that does not exist, or any
// other status.
//
// Retry-After is not read here: the Transport reads the header for every
// classifier, with its own clock, so both header forms are honoured the same
// way whatever classifier a protocol supplies.
func DefaultClassifier(resp *http.Response, err error) Decision {
	if err != nil {
		return Decision{Retry: retryableError(err)}
	}
	if resp == nil {
		return Decision{}
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return Decision{Retry: true, Throttle: true}
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return Decision{Retry: true}
	}
	return Decision{}
}

// retryableError reports whether a transport error is a connection failure
// that another attempt may not meet. The refusals come first: several of them
// (a certificate error inside a dial, a deadline) also look like timeouts or
// network errors.
func retryableError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// The Transport stops before classifying once the call's context
		// has ended, so a deadline seen here is an attempt's own (a
		// per-attempt timeout, an http.Client.Timeout): a network timeout.
		return true
	}
	if isTLSFailure(err) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var connErr interface{ ConnectionError() bool }
	if errors.As(err, &connErr) && connErr.ConnectionError() {
		// Marked by whoever sent the attempt as its HTTP client's failure,
		// as aws-sdk-go-v2 marks every one: retried, as there and in
		// go-retryablehttp, unless the request itself is at fault.
		return !requestAtFault(err.Error())
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	// Some platforms and wrappers only say it in words.
	msg := err.Error()
	return strings.Contains(msg, "connection reset") || strings.Contains(msg, "use of closed network connection")
}

// requestAtFault reports the messages net/http gives, untyped, for a
// request that fails the same way on every attempt: an unsupported scheme,
// an invalid header, and the redirect limit of an http.Client with the
// default policy ("stopped after 10 redirects"), as go-retryablehttp
// recognises them.
func requestAtFault(msg string) bool {
	if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "invalid header") {
		return true
	}
	rest, found := strings.CutSuffix(msg, " redirects")
	if !found {
		return false
	}
	i := strings.LastIndex(rest, "stopped after ")
	return i >= 0 && isDigits(rest[i+len("stopped after "):])
}

// isTLSFailure reports certificate and handshake failures, which repeat on
// every attempt.
func isTLSFailure(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		authorityErr x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidErr   x509.CertificateInvalidError
		alertErr     tls.AlertError
		recordErr    tls.RecordHeaderError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &authorityErr) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr) ||
		errors.As(err, &alertErr) || errors.As(err, &recordErr)
}

// DefaultPeekLimit is the number of body bytes PeekBody reads when given a
// limit of zero or less.
const DefaultPeekLimit = 64 << 10

// PeekBody reads up to limit bytes of resp.Body (DefaultPeekLimit if limit is
// zero or less) and puts back a body that yields those bytes followed by the
// unread rest, so whoever reads resp.Body next sees the whole answer. Closing
// the new body closes the original. It returns the bytes read and any read
// error other than the end of the body; a nil resp or body gives nothing.
//
// A read error is also kept for whoever reads resp.Body next: after the
// peeked bytes, the new body returns that same error rather than reading the
// original body again. The first error is the one that says why (an HTTP/1
// body that ended with its request's context gives the context's error once,
// then only "use of closed network connection"), so a classifier that
// ignores it loses nothing.
//
// Classifiers use it to look inside a response, such as a Tencent SCF 200
// that carries a throttling error.
func PeekBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp == nil || resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultPeekLimit
	}
	peeked, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	after := err
	if err == nil && int64(len(peeked)) < limit {
		// The body ended within the limit: nothing is left to read.
		after = io.EOF
	}
	resp.Body = &peekedBody{rest: peeked, err: after, body: resp.Body}
	return peeked, err
}

// peekedBody replays the peeked bytes, then returns the error that ended the
// peek, or reads on from the original body when the peek stopped at its
// limit.
type peekedBody struct {
	rest []byte
	err  error
	body io.ReadCloser
}

func (b *peekedBody) Read(p []byte) (int, error) {
	if len(b.rest) > 0 {
		n := copy(p, b.rest)
		b.rest = b.rest[n:]
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.body.Read(p)
}

func (b *peekedBody) Close() error { return b.body.Close() }

// ParseRetryAfter parses a Retry-After header value (RFC 9110 section
// 10.2.3) in either form, delta-seconds ("120") or HTTP-date (IMF-fixdate,
// RFC 850 or asctime, as http.ParseTime accepts), and returns the wait it asks
// for, measured from now for a date. A date in the past gives zero. A value
// that is empty, negative, fractional or otherwise malformed gives false. A
// number of seconds too large for a time.Duration gives the largest
// duration; callers cap it.
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if isDigits(value) {
		const maxSeconds = math.MaxInt64 / int64(time.Second)
		var secs int64
		for i := 0; i < len(value); i++ {
			secs = secs*10 + int64(value[i]-'0')
			if secs > maxSeconds {
				return time.Duration(math.MaxInt64), true
			}
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
