// The harness every protocol test goes through: scripted answers served by
// httpmock, every request recorded as it reached the wire, and a recorded
// sleep so retries take no time.

package tencentscf_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Test keys, shaped like real ones; the secret parts must never show up in
// errors, logs or printed values.
const (
	testSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	testSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLEKEY"
	testToken     = "tmp-session-token-EXAMPLE-3f9a1c"
)

var testCreds = tencentscf.NewCredentials(testSecretID, testSecretKey, testToken)

// testNow is the signing clock of the harness: 2024-05-01T12:00:00Z.
var testNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// answer is one scripted HTTP answer.
type answer struct {
	status int
	header map[string]string
	body   string
}

// ok answers 200 with body.
func ok(body string) answer { return answer{status: http.StatusOK, body: body} }

// sentRequest is what the protocol put on the wire.
type sentRequest struct {
	Method        string
	URL           string
	Body          string
	ContentType   string
	Action        string
	Version       string
	Region        string
	Timestamp     string
	Token         string
	Authorization string
}

// harness serves scripted answers through httpmock and records every request.
type harness struct {
	t       *testing.T
	mu      sync.Mutex
	sent    []sentRequest
	answers []answer
	sleeps  []time.Duration
	client  *provconc.Client
}

// newHarness returns a harness whose protocol signs with testCreds at testNow
// (one second later for each further request), with the retry defaults and
// a recording sleep; mod adjusts the options.
func newHarness(t *testing.T, mod func(*tencentscf.Options), answers ...answer) *harness {
	t.Helper()
	h := &harness{t: t, answers: answers}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(h.respond)
	var clockMu sync.Mutex
	tick := 0
	opts := tencentscf.Options{
		Region:      "ap-guangzhou",
		Credentials: testCreds,
		HTTPClient:  &http.Client{Transport: mt},
		Now: func() time.Time {
			clockMu.Lock()
			defer clockMu.Unlock()
			tick++
			return testNow.Add(time.Duration(tick-1) * time.Second)
		},
		Retry: retry.Options{
			// One call's retries, waits and attempt limit, unpaced: the
			// pacing a throttle turns on is transport/retry's to test.
			DisableRateLimit: true,
			Jitter:           func() float64 { return 0.5 },
			Sleep: func(ctx context.Context, d time.Duration) error {
				h.mu.Lock()
				h.sleeps = append(h.sleeps, d)
				h.mu.Unlock()
				return ctx.Err()
			},
		},
	}
	if mod != nil {
		mod(&opts)
	}
	var err error
	h.client, err = newSCFClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent = append(h.sent, sentRequest{
		Method:        req.Method,
		URL:           req.URL.String(),
		Body:          string(body),
		ContentType:   req.Header.Get("Content-Type"),
		Action:        req.Header.Get("X-TC-Action"),
		Version:       req.Header.Get("X-TC-Version"),
		Region:        req.Header.Get("X-TC-Region"),
		Timestamp:     req.Header.Get("X-TC-Timestamp"),
		Token:         req.Header.Get("X-TC-Token"),
		Authorization: req.Header.Get("Authorization"),
	})
	if len(h.answers) == 0 {
		h.t.Errorf("unexpected request %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(500, "no answer scripted"), nil
	}
	a := h.answers[0]
	h.answers = h.answers[1:]
	resp := httpmock.NewStringResponse(a.status, a.body)
	resp.Header.Set("Content-Type", "application/json")
	for k, v := range a.header {
		resp.Header.Set(k, v)
	}
	resp.Request = req
	return resp, nil
}

func (h *harness) requests() []sentRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]sentRequest(nil), h.sent...)
}

func (h *harness) waits() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

// noRetries disables retries, so each call makes exactly one attempt.
func noRetries(o *tencentscf.Options) { o.Retry.MaxAttempts = 1 }

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// errorBody is an SCF error answer in the documented shape.
func errorBody(code, message, requestID string) string {
	var env struct {
		Response struct {
			Error struct {
				Code    string
				Message string
			}
			RequestId string
		}
	}
	env.Response.Error.Code, env.Response.Error.Message, env.Response.RequestId = code, message, requestID
	b, err := json.MarshalIndent(env, "", "    ")
	if err != nil {
		panic(err)
	}
	return string(b)
}

func ptr(n int) *int { return &n }

// newSCFClient builds a client from full Options: tencentscf.New, then
// provconc.NewClient.
func newSCFClient(opts tencentscf.Options) (*provconc.Client, error) {
	p, err := tencentscf.New(opts)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}
