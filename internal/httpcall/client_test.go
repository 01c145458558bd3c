package httpcall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
)

// The default pool keeps enough idle connections for many goroutines, and
// nothing else of http.DefaultTransport changes: proxy from the
// environment, TLS verification, timeouts.
func TestDefaultTransportIsABoundedPoolWithStandardTLS(t *testing.T) {
	tr, ok := pooledTransport().(*http.Transport)
	if !ok {
		t.Fatalf("pooledTransport is %T", pooledTransport())
	}
	if tr == http.DefaultTransport {
		t.Fatal("pooledTransport returned the shared http.DefaultTransport, which callers may change")
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
	std := stdTransport
	if tr.Proxy == nil || tr.IdleConnTimeout != std.IdleConnTimeout || tr.TLSHandshakeTimeout != std.TLSHandshakeTimeout || !tr.ForceAttemptHTTP2 {
		t.Errorf("pooledTransport changed more than the pool: %+v", tr)
	}
}

// NewClient leaves the caller's client as it was: nothing is copied into
// it or out of it.
func TestNewClientLeavesTheCallersClientAlone(t *testing.T) {
	inner := &http.Transport{}
	redirect := func(*http.Request, []*http.Request) error { return nil }
	base := &http.Client{Transport: inner, Timeout: 7 * time.Second, CheckRedirect: redirect}
	c := NewClient(Config{HTTPClient: base})
	if base.Transport != inner || base.Timeout != 7*time.Second || base.CheckRedirect == nil {
		t.Errorf("the caller's client changed: %+v", base)
	}
	if c.Retry() == nil {
		t.Error("no retry transport")
	}
}

// Without a CheckRedirect of the caller's, a redirect comes back as the
// answer and its target sees nothing: with the default sender and with a
// caller's *http.Client alike.
func TestNewClientDoesNotFollowRedirects(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	defer srv.Close()
	for name, hc := range map[string]Doer{"default": nil, "caller's *http.Client": &http.Client{}} {
		c := NewClient(Config{HTTPClient: hc})
		resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL}, "test")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if resp.StatusCode != http.StatusTemporaryRedirect || reached.Load() != 0 {
			t.Errorf("%s: status %d, target reached %d times; want the 307 itself and no request to the target", name, resp.StatusCode, reached.Load())
		}
	}
}

// A client whose redirect policy the SDK cannot see (aws-sdk-go-v2's
// BuildableClient follows redirects, as a plain http.Client does) may follow
// one; the answer of another host is then refused, and not retried.
func TestRedirectFollowedByTheCallersDoerIsRefused(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, "{}")
	}))
	defer target.Close()
	// Another host name for the same loopback server.
	targetURL := strings.Replace(target.URL, "127.0.0.1", "localhost", 1)
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		http.Redirect(w, r, targetURL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	follows := &http.Client{}
	c := NewClient(Config{HTTPClient: doerFunc(follows.Do), Retry: retry.Options{MaxAttempts: 3}})
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL + "/x"}, "test")
	if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(err.Error(), "from \"127.0.0.1:") || !strings.Contains(err.Error(), "to \"localhost:") {
		t.Fatalf("resp %v, err %v; want the followed redirect refused, from the endpoint's host to the other", resp, err)
	}
	if sent.Load() != 1 || reached.Load() != 1 {
		t.Errorf("%d requests sent, %d reached the target; want 1 and 1 (followed once, not retried)", sent.Load(), reached.Load())
	}

	// A redirect on the same host, or none, is the answer as before.
	same := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/x" {
			http.Redirect(w, r, "/y", http.StatusTemporaryRedirect)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer same.Close()
	resp, err = c.Do(context.Background(), Request{Method: http.MethodGet, URL: same.URL + "/x"}, "test")
	if err != nil || string(resp.Body) != "ok" {
		t.Errorf("same-host redirect: %v, %v", resp, err)
	}
}

// A client (or its transport) that rewrites the URL's host is refused as a
// followed redirect is; the error names both hosts and no user
// information.
func TestHostRewrittenByTheCallersDoerIsRefused(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, "{}")
	}))
	defer target.Close()
	other := strings.TrimPrefix(strings.Replace(target.URL, "127.0.0.1", "localhost", 1), "http://")
	rewrites := doerFunc(func(req *http.Request) (*http.Response, error) {
		r := req.Clone(req.Context())
		r.URL.Host, r.URL.User, r.Host = other, url.UserPassword("u", "hunter2"), ""
		return http.DefaultTransport.RoundTrip(r)
	})
	c := NewClient(Config{HTTPClient: rewrites, Retry: retry.Options{MaxAttempts: 3}})
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://u:hunter2@127.0.0.1:1/x"}, "test")
	if !errors.Is(err, provconc.ErrInvalidResponse) || !strings.Contains(err.Error(), `from "127.0.0.1:1" to "`+other+`"`) || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("resp %v, err %v; want the rewritten host refused, hosts only", resp, err)
	}
	if reached.Load() != 1 {
		t.Errorf("the other host was reached %d times, want 1 (not retried)", reached.Load())
	}
}

// The caller's client is looked up at each attempt: a Transport set on it
// after the client was built carries the next call.
func TestCallersClientIsReadAtEachCall(t *testing.T) {
	hc := &http.Client{}
	c := NewClient(Config{HTTPClient: hc})
	var seen atomic.Int32
	hc.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen.Add(1)
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNoContent || seen.Load() != 1 {
		t.Errorf("status %d, swapped transport saw %d requests; want 204 through it", resp.StatusCode, seen.Load())
	}
}

// A Doer that is not an *http.Client (an aws.HTTPClient such as
// awshttp.BuildableClient) is called as it is.
func TestAnyDoerIsUsed(t *testing.T) {
	var seen atomic.Int32
	d := doerFunc(func(r *http.Request) (*http.Response, error) {
		seen.Add(1)
		if r.Header.Get("User-Agent") != "ua/1" {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: r}, nil
	})
	c := NewClient(Config{HTTPClient: d, Header: http.Header{"User-Agent": {"ua/1"}}})
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "ok" || seen.Load() != 1 {
		t.Errorf("body %q, %d calls", resp.Body, seen.Load())
	}
}

// With no client given, a replaced http.DefaultTransport (httpmock.Activate
// does this) carries the calls, whether it was replaced before or after the
// client was built.
func TestDefaultSenderFollowsAReplacedDefaultTransport(t *testing.T) {
	orig := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = orig })
	var seen atomic.Int32
	fake := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen.Add(1)
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})
	before := NewClient(Config{})
	http.DefaultTransport = fake
	after := NewClient(Config{})
	for _, c := range []*Client{before, after} {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if seen.Load() != 2 {
		t.Errorf("replaced DefaultTransport saw %d calls, want 2", seen.Load())
	}
}

// A server that never answers costs one AttemptTimeout per attempt, and the
// call ends with an error that is a deadline and says which bound ran out.
func TestAttemptTimeoutIsRetriedAndNamed(t *testing.T) {
	var served atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := NewClient(Config{
		AttemptTimeout: 50 * time.Millisecond,
		Retry:          retry.Options{MaxAttempts: 2, DisableRateLimit: true, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
	})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL}, "test")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "attempt timed out after 50ms") {
		t.Fatalf("err = %v; want the attempt's timeout", err)
	}
	if served.Load() != 2 {
		t.Errorf("server saw %d attempts, want 2 (the timed-out attempt retried)", served.Load())
	}
}

// The call's Timeout bounds retries and waits together, and applies when
// the caller's context has no deadline of its own.
func TestCallTimeoutBoundsTheWholeCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := NewClient(Config{Timeout: 80 * time.Millisecond, AttemptTimeout: -1, Retry: retry.Options{DisableRateLimit: true}})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL}, "test")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "call timed out after 80ms") {
		t.Fatalf("err = %v; want the call's timeout", err)
	}
}

// A body that stalls after the headers ends with the deadline as its cause,
// not with what closing the connection did to the read.
func TestStalledBodyReportsTheDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("{"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	for name, cfg := range map[string]Config{
		"attempt timeout": {AttemptTimeout: 60 * time.Millisecond},
		"caller deadline": {AttemptTimeout: -1, Timeout: -1},
	} {
		c := NewClient(cfg)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if name == "caller deadline" {
			cancel()
			ctx, cancel = context.WithTimeout(context.Background(), 60*time.Millisecond)
		}
		_, err := c.Do(ctx, Request{Method: http.MethodGet, URL: srv.URL}, "test")
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v; want one matching context.DeadlineExceeded", name, err)
		}
	}
}

// Zero takes the default bound and a negative value none.
func TestBound(t *testing.T) {
	if bound(0, time.Minute) != time.Minute || bound(-1, time.Minute) != 0 || bound(time.Second, time.Minute) != time.Second {
		t.Error("bound: zero must give the default, negative none, positive itself")
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

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
	c := NewClient(Config{Sign: sign, Retry: retry.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
	resp, err := c.Do(context.Background(), Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("payload")}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Attempts != 2 || signed.Load() != 2 || served.Load() != 2 {
		t.Errorf("status %d after %d attempts, %d signed, %d served; want 200 after 2, each signed", resp.StatusCode, resp.Attempts, signed.Load(), served.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// throttlingDoer admits one request every interval (none if negative) and
// answers the others with 429, like a token bucket with a burst of one,
// after taking delay over each; it counts both, and fails a request whose
// context has ended, as a real transport does.
type throttlingDoer struct {
	interval, delay     time.Duration
	mu                  sync.Mutex
	next                time.Time
	admitted, throttled int
}

func (d *throttlingDoer) Do(r *http.Request) (*http.Response, error) {
	if d.delay > 0 {
		time.Sleep(d.delay)
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	status := http.StatusOK
	if d.interval < 0 || now.Before(d.next) {
		status = http.StatusTooManyRequests
		d.throttled++
	} else {
		d.next = now.Add(d.interval)
		d.admitted++
	}
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// The call's Timeout counts from its first turn: many calls sharing a
// client that the service admits slowly wait in the rate limiter's line
// longer than the Timeout, and none fails for it.
func TestCallTimeoutLeavesOutTheLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		doer := &throttlingDoer{interval: 200 * time.Millisecond} // 5/s
		c := NewClient(Config{HTTPClient: doer, Timeout: time.Second})
		const calls = 40 // eight seconds of turns at 5/s
		var (
			wg     sync.WaitGroup
			failed atomic.Int32
		)
		for range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/"}, "test")
				if err != nil || resp.StatusCode != http.StatusOK {
					if failed.Add(1) == 1 {
						t.Errorf("a call failed: %v", err)
					}
				}
			}()
		}
		wg.Wait()
		if failed.Load() != 0 || doer.admitted != calls {
			t.Errorf("%d calls failed, %d admitted, want none and %d", failed.Load(), doer.admitted, calls)
		}
	})
}

// Once a call has had its turn at the limiter's pace, its Timeout bounds
// it: retried throttle after throttle, it gives up a Timeout after that
// turn, when the next turn would come too late, with the last answer.
func TestCallTimeoutBoundsPacedRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		doer := &throttlingDoer{interval: -1} // refuses everything
		c := NewClient(Config{HTTPClient: doer, Timeout: time.Second})
		start := time.Now()
		resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/"}, "test")
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || resp.GiveUpReason != retry.ReasonDeadline {
			t.Fatalf("Do = %+v, %v; want the last throttle, given up for the deadline", resp, err)
		}
		// The first attempt, unpaced, turned pacing on at 20/s; the bound
		// started again at the first paced turn, a twentieth of a second
		// later, and the call gave up once the next turn (the rate halving
		// with each throttle) lay beyond it.
		if elapsed := time.Since(start); elapsed > time.Second+50*time.Millisecond {
			t.Errorf("the call ended after %v, want within a second of its first paced turn", elapsed)
		}
		if resp.Attempts != doer.throttled || doer.throttled < 3 {
			t.Errorf("%d attempts (%d seen), want the paced retries", resp.Attempts, doer.throttled)
		}
	})
}

// Only a first attempt that went out before pacing began and was throttled
// starts the bound again at its retry's turn: one that failed otherwise
// keeps the bound of its first turn.
func TestCallTimeoutRestartsOnlyAfterAnUnpacedThrottle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		doer := doerFunc(func(r *http.Request) (*http.Response, error) {
			status := http.StatusTooManyRequests
			if r.URL.Path == "/failing" {
				status = http.StatusInternalServerError
			}
			return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
		})
		c := NewClient(Config{HTTPClient: doer, Timeout: time.Second, AttemptTimeout: -1,
			Retry: retry.Options{MaxAttempts: 50, BaseDelay: 400 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Jitter: func() float64 { return 1 }}})
		start := time.Now()
		done := make(chan time.Duration)
		go func() {
			_, _ = c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/failing"}, "test")
			done <- time.Since(start)
		}()
		time.Sleep(100 * time.Millisecond)
		// Another call is throttled: pacing turns on while the first
		// backs off from its 500.
		_, _ = c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/throttled"}, "test")
		if elapsed := <-done; elapsed > time.Second {
			t.Errorf("the call answered 500s ran %v, want at most its Timeout of 1s", elapsed)
		}
	})
}

// A caller who gives up while its call waits for its first paced turn,
// longer than Timeout after its first attempt, sees its own cancellation,
// not the bound of that first attempt.
func TestCancelInLineIsTheCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		doer := &throttlingDoer{interval: 200 * time.Millisecond, delay: 10 * time.Millisecond}
		c := NewClient(Config{HTTPClient: doer, Timeout: time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		var (
			wg       sync.WaitGroup
			canceled atomic.Int32
		)
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Do(ctx, Request{Method: http.MethodGet, URL: "https://lambda.test/"}, "test"); err != nil {
					if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("err = %v, want the caller's cancellation", err)
					}
					canceled.Add(1)
				}
			}()
		}
		time.Sleep(3 * time.Second) // a fifth of the line through
		cancel()
		wg.Wait()
		if canceled.Load() == 0 {
			t.Error("no call was still in line when the caller gave up")
		}
	})
}

// A caller's client that retries too (through a retry.Transport of its
// own) neither finds nor starts the call's bound: its attempts keep their
// own time bound.
func TestNestedRetryKeepsTheAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var attempts atomic.Int32
		hang := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		inner := &http.Client{Transport: retry.New(hang, retry.Options{MaxAttempts: 1})}
		c := NewClient(Config{HTTPClient: inner, Timeout: 10 * time.Second, AttemptTimeout: 50 * time.Millisecond,
			Retry: retry.Options{MaxAttempts: 2, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
		start := time.Now()
		_, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/"}, "test")
		if elapsed := time.Since(start); elapsed != 100*time.Millisecond || attempts.Load() != 2 {
			t.Errorf("%d attempts over %v, want 2 cut at 50ms each", attempts.Load(), elapsed)
		}
		if !strings.Contains(fmt.Sprint(err), "attempt timed out after 50ms") {
			t.Errorf("err = %v, want the attempt's timeout", err)
		}
	})
}

// The bound ends with the call: nothing of it outlives Do.
func TestCallBoundEndsWithTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen context.Context
		doer := doerFunc(func(r *http.Request) (*http.Response, error) {
			seen = r.Context()
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
		})
		c := NewClient(Config{HTTPClient: doer, Timeout: time.Minute, AttemptTimeout: -1})
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "https://lambda.test/"}, "test"); err != nil {
			t.Fatal(err)
		}
		if seen == nil || !errors.Is(seen.Err(), context.Canceled) {
			t.Errorf("the attempt's context is not ended after the call: %v", seen.Err())
		}
	})
}

// A call whose context has already ended sends nothing, whatever the
// caller's client does with the context: a mock (httpmock's MockTransport)
// or a custom Doer may not look at it, and would carry the request and
// answer it. The official aws-sdk-go-v2 client sends nothing either, and
// returns the context's error.
func TestEndedContextSendsNothing(t *testing.T) {
	ended := map[string]func() (context.Context, error){
		"canceled": func() (context.Context, error) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, context.Canceled
		},
		"past deadline": func() (context.Context, error) {
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			t.Cleanup(cancel)
			return ctx, context.DeadlineExceeded
		},
	}
	for name, mk := range ended {
		t.Run(name, func(t *testing.T) {
			var sent, signed atomic.Int32
			d := doerFunc(func(r *http.Request) (*http.Response, error) {
				sent.Add(1)
				return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: r}, nil
			})
			sign := func(next http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(r *http.Request) (*http.Response, error) {
					signed.Add(1)
					return next.RoundTrip(r)
				})
			}
			c := NewClient(Config{HTTPClient: d, Sign: sign})
			ctx, want := mk()
			resp, err := c.Do(ctx, Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
			if !errors.Is(err, want) || resp != nil {
				t.Errorf("Do = %v, %v; want no answer and an error matching %v", resp, err, want)
			}
			if sent.Load() != 0 || signed.Load() != 0 {
				t.Errorf("%d requests signed, %d sent; want none", signed.Load(), sent.Load())
			}
		})
	}
}

// A context that ends while the attempt is being signed (a slow credential
// provider, say) stops the attempt before the caller's client sees it.
func TestContextEndedWhileSigningSendsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sent atomic.Int32
	d := doerFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})
	sign := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			cancel()
			return next.RoundTrip(r)
		})
	}
	c := NewClient(Config{HTTPClient: d, Sign: sign})
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
	if !errors.Is(err, context.Canceled) || resp != nil || sent.Load() != 0 {
		t.Errorf("Do = %v, %v after %d sends; want context.Canceled and nothing sent", resp, err, sent.Load())
	}
}

// An answer without a body, as a caller's Doer or RoundTripper may give,
// reads as empty, with or without an attempt timeout, and whether or not
// it is retried.
func TestAnswerWithoutABodyIsEmpty(t *testing.T) {
	for _, attemptTimeout := range []time.Duration{-1, 0} {
		for _, status := range []int{http.StatusOK, http.StatusServiceUnavailable} {
			t.Run(fmt.Sprintf("attempt timeout %v, HTTP %d", attemptTimeout, status), func(t *testing.T) {
				d := doerFunc(func(r *http.Request) (*http.Response, error) {
					return &http.Response{StatusCode: status, Header: http.Header{}, Request: r}, nil
				})
				c := NewClient(Config{HTTPClient: d, AttemptTimeout: attemptTimeout, Retry: retry.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
				resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
				if err != nil || resp.StatusCode != status || len(resp.Body) != 0 {
					t.Errorf("Do = %+v, %v; want HTTP %d with an empty body", resp, err, status)
				}
			})
		}
	}
}

// A redirect the caller's HTTP client refuses is not a connection failure:
// the service would send the same redirect again, as a redirect to another
// host, which provconc refuses itself, is not retried either. Neither the
// caller's CheckRedirect refusing it nor net/http's own limit ("stopped
// after 10 redirects", met by a Doer that follows redirects) is retried;
// one attempt is made. go-retryablehttp does not retry the limit;
// aws-sdk-go-v2 (service/lambda v1.114.2) retries both, three attempts
// of the same refusal, where provconc sides with its own refusals.
func TestRefusedRedirectIsNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/again", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	errRefused := errors.New("redirects are not allowed here")
	clients := map[string]struct {
		client  Doer
		want    error
		perCall int32
	}{
		"caller's CheckRedirect refuses": {
			client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return errRefused }},
			want:   errRefused, perCall: 1,
		},
		"a Doer stops after 10 redirects": {
			client:  doerFunc((&http.Client{}).Do),
			perCall: 10,
		},
	}
	for name, tt := range clients {
		t.Run(name, func(t *testing.T) {
			hits.Store(0)
			c := NewClient(Config{HTTPClient: tt.client, Retry: retry.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
			resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL}, "test")
			if err == nil || resp != nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("Do = %v, %v; want the redirect's refusal (%v)", resp, err, tt.want)
			}
			if got := hits.Load(); got != tt.perCall {
				t.Errorf("the server saw %d requests; want %d, one attempt's (%v)", got, tt.perCall, err)
			}
		})
	}
}

// A Doer that answers neither a response nor an error (breaking the
// contract of Do) fails the attempt instead of panicking, with or without
// an attempt timeout. It is not retried: the official client (smithy-go
// v1.28.9) reads an empty answer in its place, status 0, and fails after one
// attempt.
func TestDoerWithoutAnswerOrErrorFails(t *testing.T) {
	for _, attemptTimeout := range []time.Duration{-1, 0} {
		t.Run(fmt.Sprintf("attempt timeout %v", attemptTimeout), func(t *testing.T) {
			var calls atomic.Int32
			d := doerFunc(func(*http.Request) (*http.Response, error) {
				calls.Add(1)
				return nil, nil
			})
			c := NewClient(Config{HTTPClient: d, AttemptTimeout: attemptTimeout, Retry: retry.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
			resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://example.invalid/x"}, "test")
			if !errors.Is(err, provconc.ErrInvalidResponse) || resp != nil || !strings.Contains(err.Error(), "neither a response nor an error") {
				t.Errorf("Do = %+v, %v; want ErrInvalidResponse saying the client answered nothing", resp, err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("%d attempts; want 1", n)
			}
		})
	}
}

// A nil pointer held in the HTTPClient interface (var hc *http.Client;
// opts.HTTPClient = hc) is no client at all: the call goes through the
// default sender, as with a nil interface, instead of panicking.
func TestTypedNilClientIsTheDefault(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	var hc *http.Client
	var pd *doerPointer
	for _, d := range []Doer{hc, pd} {
		c := NewClient(Config{HTTPClient: d})
		resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL}, "Get")
		if err != nil || string(resp.Body) != "ok" {
			t.Errorf("%T(nil): %v, %+v", d, err, resp)
		}
		c.CloseIdleConnections()
	}
}

type doerPointer struct{}

func (*doerPointer) Do(*http.Request) (*http.Response, error) { panic("called on nil") }

// A request the HTTP client failed to send is named in the error, as the
// official clients name it (`Get "https://...": no responder found`), so a
// test whose stub matched nothing sees what went out; the query is hidden by
// the one rule for URLs, through every kind of client.
func TestSendFailureNamesTheRequest(t *testing.T) {
	noResponder := errors.New("no responder found")
	rt := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, noResponder })
	clients := map[string]Doer{
		"*http.Client sending through its transport": &http.Client{Transport: rt},
		"*http.Client with a timeout (Do)":           &http.Client{Transport: rt, Timeout: time.Minute},
		"another Doer": doerFunc(func(r *http.Request) (*http.Response, error) {
			return nil, &url.Error{Op: "Put", URL: r.URL.String(), Err: noResponder}
		}),
	}
	for name, hc := range clients {
		t.Run(name, func(t *testing.T) {
			c := NewClient(Config{HTTPClient: hc, Retry: retry.Options{MaxAttempts: 1}})
			_, err := c.Do(context.Background(), Request{Method: http.MethodPut, URL: "https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/f/provisioned-concurrency?Qualifier=live"}, "test")
			want := `provconc: test: Put "https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/f/provisioned-concurrency?[REDACTED]": no responder found`
			if err == nil || err.Error() != want {
				t.Errorf("error = %v, want %s", err, want)
			}
			if !errors.Is(err, noResponder) {
				t.Errorf("errors.Is(err, the client's error) = false: %v", err)
			}
		})
	}
}
