package httpcall

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/provconc/provconc/transport/retry"
)

// cutBody yields its bytes, then cancels the call's context and fails with
// an error that does not mention it, as a transport whose connection was
// closed under it does.
type cutBody struct {
	r      io.Reader
	cancel context.CancelFunc
}

var errClosed = errors.New("read tcp 127.0.0.1:1->127.0.0.1:2: use of closed network connection")

func (b *cutBody) Read(p []byte) (int, error) {
	if n, _ := b.r.Read(p); n > 0 {
		return n, nil
	}
	b.cancel()
	return 0, errClosed
}

func (b *cutBody) Close() error { return nil }

// answerWith is a transport answering every request with the body made by
// its function.
type answerWith func() io.ReadCloser

func (f answerWith) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, ContentLength: -1, Header: http.Header{}, Body: f(), Request: r}, nil
}

// A body cut when the context ends gives an error matching the context's,
// with the transport's own words kept.
func TestBodyCutByTheContextKeepsItsCause(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hc := &http.Client{Transport: answerWith(func() io.ReadCloser {
		return &cutBody{r: strings.NewReader(`{"Resp`), cancel: cancel}
	})}
	client := NewClient(Config{HTTPClient: hc, AttemptTimeout: -1, Retry: retry.Options{MaxAttempts: 1}})
	out, err := client.Do(ctx, Request{Method: http.MethodGet, URL: "http://127.0.0.1:1/x"}, "test Get")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), errClosed.Error()) {
		t.Fatalf("err = %v, want one matching context.Canceled that quotes the transport's error", err)
	}
	if out == nil || out.StatusCode != 200 {
		t.Errorf("response = %+v, want the status read", out)
	}

	// A body that fails while the context is live keeps its error alone.
	hc.Transport = answerWith(func() io.ReadCloser {
		return &cutBody{r: strings.NewReader(""), cancel: func() {}}
	})
	_, err = client.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://127.0.0.1:1/x"}, "test Get")
	if !errors.Is(err, errClosed) || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the transport's error alone", err)
	}
}
