package httpcall

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/transport/retry"
)

// RetryAfter reads the answer's Retry-After (seconds or an HTTP date) as the
// retry transport does; a missing or malformed value, or a time already
// past, is zero.
func (r *Response) RetryAfter() time.Duration {
	d, ok := retry.ParseRetryAfter(r.Header.Get("Retry-After"), time.Now())
	if !ok {
		return 0
	}
	return d
}

// Describe says what an answer that carries no error of the service (a
// gateway's or proxy's page) was: its status, content type and size.
func (r *Response) Describe() string {
	msg := "unexpected HTTP " + strconv.Itoa(r.StatusCode) + " answer ("
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if len(ct) > 64 {
			ct = ct[:64] + "..."
		}
		msg += ct + ", "
	}
	return msg + strconv.Itoa(len(r.Body)) + " bytes)"
}

// KindOfStatus gives a kind to an answer that carries no error code of the
// service, by its status alone: throttles, refused credentials and server
// failures; nil for any other.
func KindOfStatus(status int) error {
	switch {
	case status == http.StatusTooManyRequests:
		return provconc.ErrTooManyRequests
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return provconc.ErrAccessDenied
	case status >= 500:
		return provconc.ErrService
	}
	return nil
}

// InvalidResponse wraps a failure to decode an answer so that it matches
// provconc.ErrInvalidResponse and names the call and its request id
// ("unknown" when the answer carried none).
func InvalidResponse(describe, requestID string, err error) error {
	if requestID == "" {
		requestID = "unknown"
	}
	return fmt.Errorf("provconc: %s: decoding response [request id %s]: %w: %w", describe, redact.Clip(requestID), provconc.ErrInvalidResponse, err)
}
