package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// scfMode is one way of reaching the emulator for SCF: an httptest server
// or the in-process RoundTripper. dial returns a client and the URL to
// POST to.
type scfMode struct {
	name string
	dial func(t *testing.T, s *Server) (*http.Client, string)
}

var scfModes = []scfMode{
	{"handler", func(t *testing.T, s *Server) (*http.Client, string) {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		return srv.Client(), srv.URL + "/"
	}},
	{"roundtripper", func(t *testing.T, s *Server) (*http.Client, string) {
		return s.Client(), "https://scf.tencentcloudapi.com/"
	}},
}

// forEachSCFMode runs f once per transport, in parallel subtests.
func forEachSCFMode(t *testing.T, f func(t *testing.T, m scfMode)) {
	t.Helper()
	for _, m := range scfModes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			f(t, m)
		})
	}
}

// scfSeeded returns a Server on a fake clock with the SCF functions
// my-function (versions 1..3) in "default" and team-function (version 1)
// in namespace "team", plus an empty namespace "empty".
func scfSeeded(t *testing.T, opts Options) (*Server, *fakeClock) {
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
	must(t, s.CreateSCFFunction("", "my-function"))
	for range 3 {
		if _, err := s.PublishSCFVersion("", "my-function"); err != nil {
			t.Fatal(err)
		}
	}
	must(t, s.CreateSCFFunction("team", "team-function"))
	if _, err := s.PublishSCFVersion("team", "team-function"); err != nil {
		t.Fatal(err)
	}
	must(t, s.CreateSCFNamespace("empty"))
	return s, clk
}

// scfRequest builds an unsigned SCF request for action with params as its
// JSON body (a string is sent as is).
func scfRequest(t *testing.T, url, action string, params any) *http.Request {
	t.Helper()
	var body []byte
	switch p := params.(type) {
	case string:
		body = []byte(p)
	default:
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		body = b
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", SCFAPIVersion)
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	return req
}

// scfCall sends one action and reads the answer.
func scfCall(t *testing.T, c *http.Client, url, action string, params any) reply {
	t.Helper()
	return send(t, c, scfRequest(t, url, action, params))
}

// scfResponse checks the API-answer shape (HTTP 200, JSON, a UUID
// RequestId inside Response) and returns Response without RequestId.
func scfResponse(t *testing.T, r reply) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var env map[string]map[string]any
	if err := json.Unmarshal(r.body, &env); err != nil || len(env) != 1 || env["Response"] == nil {
		t.Fatalf("body %s is not {\"Response\": {...}}: %v", r.body, err)
	}
	resp := env["Response"]
	id, _ := resp["RequestId"].(string)
	if !uuidShape.MatchString(id) {
		t.Errorf("RequestId = %q, want a UUID", id)
	}
	delete(resp, "RequestId")
	return resp
}

// scfErr is an SCF error as compared in tests.
type scfErr struct{ Code, Message string }

// scfErrorOf returns the Response.Error of an answer, failing when there is
// none or when the Response holds anything else.
func scfErrorOf(t *testing.T, r reply) scfErr {
	t.Helper()
	resp := scfResponse(t, r)
	e, ok := resp["Error"].(map[string]any)
	if !ok || len(resp) != 1 {
		t.Fatalf("answer %s carries no error (or more than one)", r.body)
	}
	code, _ := e["Code"].(string)
	msg, _ := e["Message"].(string)
	return scfErr{code, msg}
}

// errUnexpectedEOF is what reading a truncated answer ends with.
var errUnexpectedEOF = io.ErrUnexpectedEOF

// readAllErr reads and closes a response body.
func readAllErr(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func fmtV(v any) string      { return fmt.Sprintf("%v %+v %s", v, v, v) }
func fmtSharpV(v any) string { return fmt.Sprintf("%#v", v) }
