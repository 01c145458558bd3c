package httpcall

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/provconc/provconc"
)

func TestDescribe(t *testing.T) {
	page := &Response{StatusCode: 502, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html></html>")}
	if got, want := page.Describe(), "unexpected HTTP 502 answer (text/html, 13 bytes)"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	bare := &Response{StatusCode: 307, Header: http.Header{}}
	if got, want := bare.Describe(), "unexpected HTTP 307 answer (0 bytes)"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	long := &Response{StatusCode: 200, Header: http.Header{"Content-Type": {strings.Repeat("x", 300)}}}
	if got := long.Describe(); !strings.Contains(got, strings.Repeat("x", 64)+"...,") || strings.Contains(got, strings.Repeat("x", 65)) {
		t.Errorf("a long content type is not cut at 64: %q", got)
	}
}

func TestRetryAfter(t *testing.T) {
	for value, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, "soon": 0, "-5": 0} {
		r := &Response{Header: http.Header{}}
		if value != "" {
			r.Header.Set("Retry-After", value)
		}
		if got := r.RetryAfter(); got != want {
			t.Errorf("RetryAfter(%q) = %v, want %v", value, got, want)
		}
	}
}

func TestKindOfStatus(t *testing.T) {
	for status, want := range map[int]error{
		429: provconc.ErrTooManyRequests, 401: provconc.ErrAccessDenied, 403: provconc.ErrAccessDenied,
		500: provconc.ErrService, 504: provconc.ErrService, 400: nil, 404: nil, 302: nil, 200: nil,
	} {
		if got := KindOfStatus(status); got != want {
			t.Errorf("KindOfStatus(%d) = %v, want %v", status, got, want)
		}
	}
}

func TestInvalidResponse(t *testing.T) {
	cause := errors.New("boom")
	err := InvalidResponse("aws-lambda GetProvisionedConcurrencyConfig", "", cause)
	if !errors.Is(err, provconc.ErrInvalidResponse) || !errors.Is(err, cause) ||
		!strings.HasPrefix(err.Error(), "provconc: aws-lambda GetProvisionedConcurrencyConfig: decoding response [request id unknown]: ") {
		t.Errorf("InvalidResponse = %v", err)
	}
	if err := InvalidResponse("x", "r-1", cause); !strings.Contains(err.Error(), "[request id r-1]") {
		t.Errorf("InvalidResponse = %v", err)
	}
}
