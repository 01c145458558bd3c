package awsproto

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/provconc/provconc/transport/retry"
)

// Clock skew correction, as the official SDK does it (the AWS Clock Skew
// Correction SEP): every answer's Date header tells how far the local clock
// is from the service's, and signing uses the corrected time, so a client
// whose clock drifted keeps working. A signature refused because of the skew
// is retried once the skew is known.
const (
	// skewThreshold is how far signing time and service time may differ
	// before a signature error counts as clock skew.
	skewThreshold = 4 * time.Minute
	// maxTrustedRoundTrip bounds how long a round trip may take for its
	// Date header to measure the skew.
	maxTrustedRoundTrip = 15 * time.Minute
	// amzDateLayout is the form of the X-Amz-Date header.
	amzDateLayout = "20060102T150405Z"
)

// clockSkewCodes are the error codes a skewed signature may come back with.
var clockSkewCodes = map[string]bool{
	"InvalidSignatureException": true,
	"SignatureDoesNotMatch":     true,
	"AuthFailure":               true,
	"RequestTimeTooSkewed":      true,
	"AccessDeniedException":     true,
}

// clockSkew is the offset of the service's clock from the local one, shared
// by every request of a Protocol.
type clockSkew struct{ nanos atomic.Int64 }

func (s *clockSkew) get() time.Duration { return time.Duration(s.nanos.Load()) }

// observe records the skew an answer shows: its Date against the local time
// it arrived at. Answers from a cache (Age) or after too long a round trip
// measure nothing.
func (s *clockSkew) observe(resp *http.Response, sentAt, receivedAt time.Time) {
	date := resp.Header.Get("Date")
	if date == "" || resp.Header.Get("Age") != "" || receivedAt.Sub(sentAt) > maxTrustedRoundTrip {
		return
	}
	server, err := http.ParseTime(date)
	if err != nil {
		return
	}
	s.nanos.Store(int64(server.Sub(receivedAt)))
}

// SkewAwareClassifier retries what base retries and, besides, a signature
// refused because the signing time was off from the service's time by more
// than the threshold: the signer has learnt the skew from that answer, so
// the next attempt is signed with the corrected time.
func SkewAwareClassifier(base retry.Classifier) retry.Classifier {
	return func(resp *http.Response, err error) retry.Decision {
		d := base(resp, err)
		if d.Retry || err != nil || resp == nil || resp.StatusCode != http.StatusForbidden || resp.Request == nil {
			return d
		}
		if !clockSkewCodes[SanitizeCode(resp.Header.Get("X-Amzn-Errortype"))] {
			return d
		}
		signedAt, err := time.Parse(amzDateLayout, resp.Request.Header.Get("X-Amz-Date"))
		if err != nil {
			return d
		}
		server, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil {
			return d
		}
		if gap := server.Sub(signedAt); gap > skewThreshold || gap < -skewThreshold {
			d.Retry = true
		}
		return d
	}
}
