package retry_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc/transport/retry"
)

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// connectionError marks an error as its HTTP client's failure, as
// aws-sdk-go-v2's RequestSendError does.
type connectionError struct{ err error }

func (e connectionError) Error() string         { return e.err.Error() }
func (e connectionError) Unwrap() error         { return e.err }
func (e connectionError) ConnectionError() bool { return true }
func (e connectionError) not() error            { return notConnectionError(e) }

type notConnectionError connectionError

func (e notConnectionError) Error() string         { return e.err.Error() }
func (e notConnectionError) ConnectionError() bool { return false }

func TestDefaultClassifier(t *testing.T) {
	t.Parallel()
	status := func(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }
	tests := []struct {
		name string
		resp *http.Response
		err  error
		want retry.Decision
	}{
		{"200", status(200), nil, retry.Decision{}},
		{"302", status(302), nil, retry.Decision{}},
		{"400", status(400), nil, retry.Decision{}},
		{"403", status(403), nil, retry.Decision{}},
		{"404", status(404), nil, retry.Decision{}},
		{"429", status(429), nil, retry.Decision{Retry: true, Throttle: true}},
		{"500", status(500), nil, retry.Decision{Retry: true}},
		{"501", status(501), nil, retry.Decision{}},
		{"502", status(502), nil, retry.Decision{Retry: true}},
		{"503", status(503), nil, retry.Decision{Retry: true}},
		{"504", status(504), nil, retry.Decision{Retry: true}},
		{"505", status(505), nil, retry.Decision{}},
		{"connection reset", nil, errReset, retry.Decision{Retry: true}},
		{"connection refused", nil, errDial, retry.Decision{Retry: true}},
		{"broken pipe", nil, &net.OpError{Op: "write", Err: &os.SyscallError{Syscall: "write", Err: syscall.EPIPE}}, retry.Decision{Retry: true}},
		{"EOF before the response", nil, fmt.Errorf("net/http: transport connection broken: %w", io.EOF), retry.Decision{Retry: true}},
		{"unexpected EOF", nil, io.ErrUnexpectedEOF, retry.Decision{Retry: true}},
		{"timeout", nil, timeoutError{}, retry.Decision{Retry: true}},
		{"DNS temporary failure", nil, &net.OpError{Op: "dial", Err: &net.DNSError{Err: "server misbehaving", IsTemporary: true}}, retry.Decision{Retry: true}},
		{"reset in words only", nil, errors.New("read tcp: connection reset by peer"), retry.Decision{Retry: true}},
		{"DNS not found", nil, &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, retry.Decision{}},
		{"canceled", nil, context.Canceled, retry.Decision{}},
		{"an attempt's deadline (the call's context is checked by the Transport)", nil, fmt.Errorf("wrapped: %w", context.DeadlineExceeded), retry.Decision{Retry: true}},
		{"certificate verification", nil, errCert, retry.Decision{}},
		{"unknown authority", nil, x509.UnknownAuthorityError{}, retry.Decision{}},
		{"hostname mismatch", nil, x509.HostnameError{Host: "h"}, retry.Decision{}},
		{"certificate in a dial error", nil, &net.OpError{Op: "dial", Err: errCert}, retry.Decision{}},
		{"TLS alert", nil, tls.AlertError(42), retry.Decision{}},
		{"plain HTTP from an HTTPS port", nil, tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, retry.Decision{}},
		{"unsupported scheme", nil, errors.New(`unsupported protocol scheme "ftp"`), retry.Decision{}},
		{"the HTTP client's failure, marked", nil, connectionError{errors.New("no responder found")}, retry.Decision{Retry: true}},
		{"marked, but the scheme is at fault", nil, connectionError{errors.New(`unsupported protocol scheme "ftp"`)}, retry.Decision{}},
		{"marked, but the redirect limit is met", nil, connectionError{errors.New("stopped after 10 redirects")}, retry.Decision{}},
		{"marked, redirects only named", nil, connectionError{errors.New("stopped after many redirects")}, retry.Decision{Retry: true}},
		{"marked, but cancelled", nil, connectionError{context.Canceled}, retry.Decision{}},
		{"marked, but the certificate is refused", nil, connectionError{errCert}, retry.Decision{}},
		{"marked false", nil, connectionError{errors.New("boom")}.not(), retry.Decision{}},
		{"not marked", nil, errors.New("no responder found"), retry.Decision{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, retry.DefaultClassifier(tt.resp, tt.err)); diff != "" {
				t.Errorf("DefaultClassifier (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"120", 120 * time.Second, true},
		{" 3 ", 3 * time.Second, true},
		{"0", 0, true},
		{"99999999999999999999", time.Duration(1<<63 - 1), true},
		{testNow.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{testNow.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second, true},
		{testNow.Add(90 * time.Second).Format(time.ANSIC), 90 * time.Second, true},
		{testNow.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"+5", 0, false},
		{"1.5", 0, false},
		{"1e3", 0, false},
		{"soon", 0, false},
		{"Fri, 31 Dec 1999 23:59:59", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			got, ok := retry.ParseRetryAfter(tt.value, testNow)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestPeekBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		body  string
		limit int64
		want  string
	}{
		{"shorter than the limit", `{"ok":true}`, 1024, `{"ok":true}`},
		{"longer than the limit", strings.Repeat("abcdefgh", 100), 16, "abcdefghabcdefgh"},
		{"default limit", strings.Repeat("x", retry.DefaultPeekLimit+10), 0, strings.Repeat("x", retry.DefaultPeekLimit)},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := &trackedBody{Reader: strings.NewReader(tt.body)}
			resp := &http.Response{Body: orig}
			peeked, err := retry.PeekBody(resp, tt.limit)
			if err != nil || string(peeked) != tt.want {
				t.Fatalf("PeekBody = %q, %v; want %q", peeked, err, tt.want)
			}
			again, err := retry.PeekBody(resp, tt.limit)
			if err != nil || string(again) != tt.want {
				t.Fatalf("second PeekBody = %q, %v; want %q", again, err, tt.want)
			}
			all, err := io.ReadAll(resp.Body)
			if err != nil || string(all) != tt.body {
				t.Errorf("body after peeking = %q (%v); want the whole body", all, err)
			}
			resp.Body.Close()
			if !orig.closed.Load() {
				t.Error("closing the restored body did not close the original")
			}
		})
	}
	t.Run("no body", func(t *testing.T) {
		t.Parallel()
		for _, resp := range []*http.Response{nil, {}, {Body: http.NoBody}} {
			if b, err := retry.PeekBody(resp, 10); b != nil || err != nil {
				t.Errorf("PeekBody(%v) = %q, %v; want nothing", resp, b, err)
			}
		}
	})
}

// forgetfulBody yields its bytes, then fails first with why and afterwards
// with only the closed connection, as an HTTP/1 body does when its request's
// context ends.
type forgetfulBody struct {
	r     io.Reader
	reads int
}

var errClosedConn = errors.New("read tcp 127.0.0.1:1->127.0.0.1:2: use of closed network connection")

func (b *forgetfulBody) Read(p []byte) (int, error) {
	if n, _ := b.r.Read(p); n > 0 {
		return n, nil
	}
	b.reads++
	if b.reads == 1 {
		return 0, context.DeadlineExceeded
	}
	return 0, errClosedConn
}

func (b *forgetfulBody) Close() error { return nil }

// The error that ended a peek is what the next reader of the body meets,
// after the peeked bytes, not whatever the spent body says when read again.
func TestPeekBodyKeepsTheReadError(t *testing.T) {
	t.Parallel()
	orig := &forgetfulBody{r: strings.NewReader(`{"Response":`)}
	resp := &http.Response{Body: orig}
	peeked, err := retry.PeekBody(resp, 1024)
	if string(peeked) != `{"Response":` || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("PeekBody = %q, %v; want the bytes and the deadline", peeked, err)
	}
	all, err := io.ReadAll(resp.Body)
	if string(all) != `{"Response":` || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("reading after the peek = %q, %v; want the bytes and the deadline", all, err)
	}
	if _, err := resp.Body.Read(make([]byte, 8)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("reading again = %v; want the deadline again", err)
	}
	if orig.reads != 1 {
		t.Errorf("the original body was read %d times past its end, want 1", orig.reads)
	}
}

// scfClassifier is what a Tencent SCF protocol would supply: SCF answers
// every call with HTTP 200 and throttles with an error code in the body.
func scfClassifier(resp *http.Response, err error) retry.Decision {
	if d := retry.DefaultClassifier(resp, err); d.Retry || resp == nil || resp.StatusCode != http.StatusOK {
		return d
	}
	body, _ := retry.PeekBody(resp, 0)
	var answer struct {
		Response struct {
			Error struct{ Code string }
		}
	}
	if json.Unmarshal(body, &answer) != nil {
		return retry.Decision{}
	}
	code := answer.Response.Error.Code
	if code == "RequestLimitExceeded" || strings.HasPrefix(code, "RequestLimitExceeded.") {
		return retry.Decision{Retry: true, Throttle: true}
	}
	return retry.Decision{}
}

func TestClassifierReadsBody(t *testing.T) {
	t.Parallel()
	const (
		throttled = `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"Your request is too frequent."},"RequestId":"r-1"}}`
		answer    = `{"Response":{"UnallocatedConcurrencyNum":80,"Allocated":[],"RequestId":"r-2"}}`
	)
	tests := []struct {
		name      string
		answers   []string
		wantBody  string
		wantStats retry.Stats
	}{
		{
			name:      "throttle in a 200 retried",
			answers:   []string{throttled, answer},
			wantBody:  answer,
			wantStats: retry.Stats{Attempts: 2, Throttles: 1, Waited: 50 * time.Millisecond},
		},
		{
			name:      "last throttle returned intact",
			answers:   []string{throttled, throttled, throttled},
			wantBody:  throttled,
			wantStats: retry.Stats{Attempts: 3, Throttles: 3, GiveUpReason: retry.ReasonMaxAttempts, Waited: 150 * time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var (
				mu sync.Mutex
				n  int
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				body := tt.answers[min(n, len(tt.answers)-1)]
				n++
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, body)
			}))
			defer srv.Close()
			tr := retry.New(srv.Client().Transport, retry.Options{
				Classify: scfClassifier,
				Sleep:    new(sleepRecorder).Sleep,
				Jitter:   halfRand,
				// Unpaced, so throttles count against the attempt limit.
				DisableRateLimit: true,
			})
			ctx, stats := retry.WithStats(context.Background())
			req := newRequest(t, ctx, http.MethodPost, srv.URL, strings.NewReader(`{"FunctionName":"f"}`))
			req.Header.Set("X-TC-Action", "GetProvisionedConcurrencyConfig")
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, resp); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
			if diff := cmp.Diff(tt.wantStats, *stats); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecisionRetryAfterOverridesHeader(t *testing.T) {
	t.Parallel()
	var rec sleepRecorder
	next := &fakeNext{steps: []step{{status: 200, retryAfter: "9", body: "throttled"}, {status: 200, body: "ok"}}}
	tr := retry.New(next, retry.Options{
		Sleep: rec.Sleep,
		Classify: func(resp *http.Response, err error) retry.Decision {
			body, _ := retry.PeekBody(resp, 64)
			return retry.Decision{Retry: string(body) == "throttled", RetryAfter: 3 * time.Second}
		},
	})
	resp, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, "http://example.test/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, resp); got != "ok" {
		t.Errorf("body %q, want ok", got)
	}
	if diff := cmp.Diff([]time.Duration{3 * time.Second}, rec.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

// syncBuffer is a bytes.Buffer safe for the handler's writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	secrets := map[string]string{
		"Authorization":        "AWS4-HMAC-SHA256 Credential=AKIDSECRETKEYID/20250314/us-east-1/lambda/aws4_request, Signature=deadbeefsig",
		"X-Amz-Security-Token": "SESSIONTOKENSECRET",
		"X-Tc-Token":           "TCTOKENSECRET",
		"Cookie":               "session=COOKIESECRET",
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"responses", []step{{status: 503}, {status: 429, retryAfter: "1"}, {status: 503}}},
		{"connection errors", []step{{err: errReset}}},
		{"success", []step{{status: 500}, {status: 200}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf syncBuffer
			logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			tr := retry.New(&fakeNext{steps: tt.steps}, retry.Options{Logger: logger, Sleep: new(sleepRecorder).Sleep})
			req := newRequest(t, context.Background(), http.MethodPost,
				"https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/f/provisioned-concurrency?Qualifier=QUERYSECRET&X-Amz-Signature=SIGSECRET",
				strings.NewReader(`{"ProvisionedConcurrentExecutions":5}`))
			for k, v := range secrets {
				req.Header.Set(k, v)
			}
			resp, err := tr.RoundTrip(req)
			if err == nil {
				resp.Body.Close()
			}
			logs := buf.String()
			for _, want := range []string{"retry: attempt", "host=lambda.us-east-1.amazonaws.com", "path=/2019-09-30/functions/f/provisioned-concurrency", "method=POST"} {
				if !strings.Contains(logs, want) {
					t.Errorf("logs lack %q:\n%s", want, logs)
				}
			}
			if tt.name != "success" && !strings.Contains(logs, "level=WARN msg=\"retry: giving up\"") {
				t.Errorf("logs lack the give-up warning:\n%s", logs)
			}
			forbidden := []string{"QUERYSECRET", "SIGSECRET", "Qualifier=", "AKIDSECRETKEYID", "deadbeefsig", "SESSIONTOKENSECRET", "TCTOKENSECRET", "COOKIESECRET", "ProvisionedConcurrentExecutions"}
			for _, s := range forbidden {
				if strings.Contains(logs, s) {
					t.Errorf("logs contain %q:\n%s", s, logs)
				}
			}
		})
	}
}

func TestBudgetConcurrentUse(t *testing.T) {
	t.Parallel()
	b := retry.NewBudget(0)
	if b.Capacity() != retry.DefaultBudgetCapacity || b.Remaining() != retry.DefaultBudgetCapacity {
		t.Fatalf("NewBudget(0): capacity %d, remaining %d", b.Capacity(), b.Remaining())
	}
	// Drive the bucket through Transports sharing it: half the calls retry
	// once and fail, the others succeed at once.
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			steps := []step{{status: 200}}
			if i%2 == 0 {
				steps = []step{{status: 503}}
			}
			tr := retry.New(&fakeNext{steps: steps}, retry.Options{MaxAttempts: 2, Budget: b, Sleep: new(sleepRecorder).Sleep})
			resp, err := tr.RoundTrip(newRequest(t, context.Background(), http.MethodGet, "http://example.test/", nil))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	// 25 failed retries took 5 each; 25 first-attempt successes gave back
	// at most 1 each, never above the capacity.
	if got := b.Remaining(); got < 500-125 || got > 500-125+25 {
		t.Errorf("Remaining() = %d, want between %d and %d", got, 500-125, 500-125+25)
	}
}
