// This file is the HTTP layer pcctl puts under the protocols: it keeps the
// body of each operation's last successful answer, so that output shows the
// service's own fields and values (dates exactly as written, fields present
// or absent as sent), as the aws CLI and tccli print them; and with --debug
// it shows each request and answer on stderr, secrets redacted.

package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/provconc/provconc/internal/redact"
)

// maxCapturedBody bounds what is kept of one answer; the protocols refuse
// larger answers anyway.
const maxCapturedBody = 8 << 20

// maxDebugBody bounds what --debug shows of one body.
const maxDebugBody = 4 << 10

// capture is an http.RoundTripper that records answers (and logs exchanges
// with --debug). It is safe for concurrent use.
type capture struct {
	next  http.RoundTripper
	debug io.Writer // nil unless --debug
	now   func() time.Time

	mu     sync.Mutex
	bodies map[string][]byte // operation -> body of its last 2xx answer
}

func newCapture(next http.RoundTripper, debug io.Writer) *capture {
	if next == nil {
		next = http.DefaultTransport
	}
	return &capture{next: next, debug: debug, now: time.Now, bodies: map[string][]byte{}}
}

// body returns the body of the last successful answer to op, or nil.
func (c *capture) body(op string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bodies[op]
}

// RoundTrip sends req through the next RoundTripper and records the answer.
func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	op := operationOf(req)
	start := c.now()
	if c.debug != nil {
		c.logRequest(req, op)
	}
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		if c.debug != nil {
			c.logf("answer to %s: %s", op, oneLine(err.Error()))
		}
		return nil, err
	}
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxCapturedBody+1))
	if rerr != nil || len(data) > maxCapturedBody {
		// Hand the protocol what was read and the rest, untouched; keep none.
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{rerr}, resp.Body), resp.Body}
		return resp, nil
	}
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if resp.StatusCode/100 == 2 {
		c.mu.Lock()
		c.bodies[op] = data
		c.mu.Unlock()
	}
	if c.debug != nil {
		c.logResponse(resp, op, data, c.now().Sub(start))
	}
	return resp, nil
}

// errReader fails with err (nothing when nil).
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}

// Operation names as the services call them.
const (
	opPut    = "PutProvisionedConcurrencyConfig"
	opGet    = "GetProvisionedConcurrencyConfig"
	opList   = "ListProvisionedConcurrencyConfigs"
	opDelete = "DeleteProvisionedConcurrencyConfig"
)

// operationOf names the operation of a request: SCF's X-TC-Action,
// Application Auto Scaling's X-Amz-Target, or the Lambda operation its
// method and query select.
func operationOf(req *http.Request) string {
	if action := req.Header.Get("X-TC-Action"); action != "" {
		return action
	}
	if target := req.Header.Get("X-Amz-Target"); target != "" {
		return strings.TrimPrefix(target, "AnyScaleFrontendService.")
	}
	switch req.Method {
	case http.MethodPut:
		return opPut
	case http.MethodDelete:
		return opDelete
	}
	if req.URL.Query().Get("List") == "ALL" {
		return opList
	}
	return opGet
}

// secretHeaders are the headers --debug never shows.
var secretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Amz-Security-Token", "X-Tc-Token"}

func (c *capture) logRequest(req *http.Request, op string) {
	// The query is the SDK's own (Qualifier, List, Marker, MaxItems): the
	// endpoint it was built on may carry none, so it is shown; the rest of
	// the URL goes through the one redaction rule.
	u := *req.URL
	query := u.RawQuery
	u.RawQuery, u.ForceQuery = "", false
	shown := redact.URL(u.String())
	if query != "" {
		shown += "?" + query
	}
	c.logf("request %s: %s %s", op, req.Method, shown)
	c.logHeaders(req.Header)
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, maxDebugBody+1))
			_ = body.Close()
			c.logBody(data)
		}
	}
}

func (c *capture) logResponse(resp *http.Response, op string, data []byte, took time.Duration) {
	c.logf("answer to %s: %s in %s", op, resp.Status, took.Round(time.Millisecond))
	c.logHeaders(resp.Header)
	c.logBody(data)
}

func (c *capture) logHeaders(h http.Header) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		value := strings.Join(h[name], ", ")
		if slices.ContainsFunc(secretHeaders, func(s string) bool { return strings.EqualFold(s, name) }) {
			value = redact.Marker
		}
		c.logf("  %s: %s", name, oneLine(value))
	}
}

func (c *capture) logBody(data []byte) {
	if len(data) == 0 {
		return
	}
	s := string(data)
	if len(data) > maxDebugBody {
		s = string(data[:maxDebugBody]) + fmt.Sprintf("... (%d bytes)", len(data))
	}
	// A service refusing a signature may quote the request's own token.
	c.logf("  body: %s", oneLine(redact.Secrets(s)))
}

func (c *capture) logf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.debug, "pcctl debug: "+format+"\n", args...)
}
