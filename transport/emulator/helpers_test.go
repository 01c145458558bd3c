package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// t0 is the fake clock's start.
var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

const t0Wire = "2024-05-01T10:00:00+0000"

// fakeClock is a manually advanced clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// transportMode is one way of reaching the emulator.
type transportMode struct {
	name string
	// dial returns a client and the base URL to use with it.
	dial func(t *testing.T, s *Server) (*http.Client, string)
}

var modes = []transportMode{
	{"handler", func(t *testing.T, s *Server) (*http.Client, string) {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		return srv.Client(), srv.URL
	}},
	{"roundtripper", func(t *testing.T, s *Server) (*http.Client, string) {
		return s.Client(), "https://lambda.us-east-1.amazonaws.com"
	}},
}

// forEachMode runs f once per transport mode, in parallel subtests.
func forEachMode(t *testing.T, f func(t *testing.T, m transportMode)) {
	t.Helper()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			f(t, m)
		})
	}
}

// seeded returns a Server on a fake clock with my-function (versions 1..3,
// aliases BLUE->1, GREEN->2, EDGE->$LATEST) and other-function (version 1).
func seeded(t *testing.T, opts Options) (*Server, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	if opts.Now == nil {
		opts.Now = clk.Now
		if opts.MaxClockSkew == 0 {
			// Signers use the wall clock; the fake one starts in 2024.
			opts.MaxClockSkew = NoClockSkewLimit
		}
	}
	s := New(opts)
	must(t, s.CreateFunction("my-function"))
	for range 3 {
		if _, err := s.PublishVersion("my-function"); err != nil {
			t.Fatal(err)
		}
	}
	must(t, s.CreateAlias("my-function", "BLUE", "1"))
	must(t, s.CreateAlias("my-function", "GREEN", "2"))
	must(t, s.CreateAlias("my-function", "EDGE", "$LATEST"))
	must(t, s.CreateFunction("other-function"))
	if _, err := s.PublishVersion("other-function"); err != nil {
		t.Fatal(err)
	}
	return s, clk
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// pcPathFor builds the resource path, escaping ':' as the SDKs do.
func pcPathFor(function string) string {
	return "/2019-09-30/functions/" + strings.ReplaceAll(function, ":", "%3A") + "/provisioned-concurrency"
}

// reply is an answer read off the wire.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

// do sends one request and reads the whole answer.
func do(t *testing.T, c *http.Client, method, url, body string) reply {
	t.Helper()
	return doCtx(t, context.Background(), c, method, url, body)
}

func doCtx(t *testing.T, ctx context.Context, c *http.Client, method, url, body string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

var uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkRequestID fails unless the answer carries a UUID-shaped request id.
func checkRequestID(t *testing.T, r reply) {
	t.Helper()
	if id := r.header.Get("X-Amzn-RequestId"); !uuidShape.MatchString(id) {
		t.Errorf("X-Amzn-RequestId = %q, want a UUID", id)
	}
}

// wireError is an error answer as compared in tests.
type wireError struct {
	Status int
	Code   string
	Body   map[string]any
}

func asWireError(t *testing.T, r reply) wireError {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	return wireError{Status: r.status, Code: r.header.Get("X-Amzn-ErrorType"), Body: r.json(t)}
}

// putBody is the Put request body.
func putBody(n int) string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(map[string]int{"ProvisionedConcurrentExecutions": n})
	return b.String()
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func stringsReaderOrNil(s string) io.Reader {
	if s == "" {
		return nil
	}
	return strings.NewReader(s)
}
