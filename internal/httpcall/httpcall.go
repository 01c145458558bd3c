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
	"github.com/provconc/provconc/internal/callbound"
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
	if err := ctx.Err(); err != nil {
		// Nothing is signed or sent for a call that has already ended: a
		// caller's client that ignores the context (a mock, say) would
		// otherwise carry it, and its answer would hide the end.
		return nil, fmt.Errorf("provconc: %s: %w", describe, attemptCause(ctx, err))
	}
	var bound *callbound.Bound
	if c.timeout > 0 {
		// The retry transport starts the bound at the call's first turn
		// (see callbound); the answer is read within it.
		ctx, bound = callbound.With(ctx, c.timeout, c.timeoutErr)
		defer bound.Stop()
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
	if bounded := bound.Context(); bounded != nil && ctx.Err() == nil {
		// Why the call ended: its bound, unless the caller's context
		// ended (which may have outlived a bound that started early).
		ctx = bounded
	}
	if err != nil {
		return nil, fmt.Errorf("provconc: %s: %w", describe, attemptCause(ctx, err))
	}
	defer resp.Body.Close()
	var data []byte
	if b, ok := resp.Body.(*answerBody); ok && b.off == 0 {
		// A classifier read it whole (PeekAnswer): take those bytes.
		data, err = b.data, b.readErr
	} else {
		data, err = readBody(resp.Body, resp.ContentLength)
	}
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

// readBody reads body up to MaxBodyBytes+1 bytes (a little more if a
// single read brings it). An announced length sizes the buffer at once, with
// a byte to spare so that the read that meets the end needs no growth;
// bytes past it, should a RoundTripper send any, are read all the same.
func readBody(body io.Reader, length int64) ([]byte, error) {
	size := 512
	if length >= 0 && length <= MaxBodyBytes {
		size = int(length) + 1
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := body.Read(data[len(data):cap(data)])
		if n < 0 || n > cap(data)-len(data) {
			// A Reader breaking io.Reader's contract (a caller's
			// transport may hand us anything) is an error, not a panic.
			return data, fmt.Errorf("provconc: reading the answer: the body's Read returned %d bytes for a buffer of %d", n, cap(data)-len(data))
		}
		data = data[:len(data)+n]
		switch {
		case err == io.EOF:
			return data, nil
		case err != nil:
			return data, err
		case len(data) > MaxBodyBytes:
			return data, nil
		}
	}
}

// PeekAnswer reads the body of an attempt's answer whole, as Do would (up
// to MaxBodyBytes+1 bytes), for a classifier that must look inside it, and
// leaves in resp.Body a replay of it, so that whoever reads the body next
// reads the same bytes and then the error that ended the read, if any. Do
// takes the bytes of a replay not yet read as they are, so the answer is
// read into memory once. It must not be called twice on one answer.
func PeekAnswer(resp *http.Response) ([]byte, error) {
	if resp == nil || resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	data, err := readBody(resp.Body, resp.ContentLength)
	resp.Body = &answerBody{data: data, readErr: err, body: resp.Body}
	return data, err
}

// answerBody replays an answer PeekAnswer read, then returns the error that
// ended the read, or reads on from the original body when the read stopped
// at the size limit.
type answerBody struct {
	data    []byte
	off     int
	readErr error // nil at the end of the body or at the size limit
	body    io.ReadCloser
}

func (b *answerBody) Read(p []byte) (int, error) {
	if b.off < len(b.data) {
		n := copy(p, b.data[b.off:])
		b.off += n
		return n, nil
	}
	if b.readErr != nil {
		return 0, b.readErr
	}
	if len(b.data) > MaxBodyBytes {
		return b.body.Read(p)
	}
	return 0, io.EOF
}

func (b *answerBody) Close() error { return b.body.Close() }
