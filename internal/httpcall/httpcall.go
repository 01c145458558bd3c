// Package httpcall is the one place where protocols send a request and read
// the answer: it builds the client (signing inside retries, no redirects, a
// pooled transport), records the retry transport's attempt count, reads the
// body with a bound, and classifies transport failures. Protocols build the
// request and decode the bytes; nothing else in them touches net/http.
package httpcall

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
)

// MaxBodyBytes bounds how much of an answer is read. The largest real answer
// (a List page of 50 configs) is about 20 KiB; anything far larger is not an
// answer of this API and is refused rather than held in memory.
const MaxBodyBytes = 1 << 20

// Response is an answer read whole.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Attempts is how many HTTP attempts the call took.
	Attempts int
	// GiveUpReason is set when the retry transport stopped retrying a
	// retryable answer; empty otherwise.
	GiveUpReason string
	// Throttles is how many of the attempts were throttled: those the
	// service refused outright, unlike a 5xx or a lost connection, after
	// which it may have acted.
	Throttles int
}

// Request is what a protocol sends. Body is kept as bytes so every retry
// attempt can rewind it. Header is never written to (each attempt is sent
// as a clone), so a protocol may share one between calls.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Do sends r and reads the answer. A transport failure comes back as an
// error wrapping the cause (and a *provconc.RetryExhaustedError when retries
// were spent); a call or an attempt that runs out of time gives an error
// matching context.DeadlineExceeded; a body longer than MaxBodyBytes is an
// error matching provconc.ErrInvalidResponse.
func (c *Client) Do(ctx context.Context, r Request, describe string) (*Response, error) {
	ctx, cancel := withTimeout(ctx, c.timeout, c.timeoutErr)
	if cancel != nil {
		defer cancel()
	}
	ctx, stats := retry.WithStats(ctx)
	var body io.Reader = http.NoBody
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, fmt.Errorf("provconc: %s: building request: %w", describe, err)
	}
	if r.Header != nil {
		req.Header = r.Header
	}
	resp, err := c.retry.RoundTrip(req)
	if err != nil {
		return nil, fmt.Errorf("provconc: %s: %w", describe, attemptCause(ctx, err))
	}
	defer resp.Body.Close()
	data, err := readBody(resp.Body, resp.ContentLength)
	out := &Response{
		StatusCode:   resp.StatusCode,
		Header:       resp.Header,
		Attempts:     stats.Attempts,
		GiveUpReason: stats.GiveUpReason,
		Throttles:    stats.Throttles,
	}
	if err != nil {
		// A body cut by the deadline must say so: a caller's transport may
		// report only the closed connection.
		return out, fmt.Errorf("provconc: %s: reading response (HTTP %d): %w", describe, resp.StatusCode, attemptCause(ctx, err))
	}
	if len(data) > MaxBodyBytes {
		return out, fmt.Errorf("provconc: %s: response body exceeds %d bytes: %w", describe, MaxBodyBytes, provconc.ErrInvalidResponse)
	}
	out.Body = data
	return out, nil
}

// readBody reads body up to MaxBodyBytes+1 bytes. An announced length sizes
// the buffer at once, so a List page is read without the copies of a
// growing buffer; bytes past it, should a RoundTripper send any, are read
// all the same.
func readBody(body io.Reader, length int64) ([]byte, error) {
	var buf bytes.Buffer
	if length >= 0 && length <= MaxBodyBytes {
		// bytes.Buffer reads while MinRead bytes are free: with them spare,
		// the read that meets the end needs no growth.
		buf.Grow(int(length) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(body, MaxBodyBytes+1))
	return buf.Bytes(), err
}
