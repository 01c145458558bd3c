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

// PeekAnswer leaves a replay of the body, which Do takes as its answer
// without reading it again; a replay already read from is read on as any
// body; the error that ended the read comes after the bytes.
func TestPeekAnswer(t *testing.T) {
	const body = `{"Response":{"RequestId":"r"}}`
	var peeked []byte
	classify := func(resp *http.Response, err error) retry.Decision {
		if err == nil {
			peeked, _ = PeekAnswer(resp)
		}
		return retry.DefaultClassifier(resp, err)
	}
	hc := &http.Client{Transport: answerWith(func() io.ReadCloser { return io.NopCloser(strings.NewReader(body)) })}
	client := NewClient(Config{HTTPClient: hc, Retry: retry.Options{Classify: classify}})
	out, err := client.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://127.0.0.1:1/x"}, "test Get")
	if err != nil || string(out.Body) != body {
		t.Fatalf("Do = %q, %v; want %q", out.Body, err, body)
	}
	if len(peeked) == 0 || &peeked[0] != &out.Body[0] {
		t.Error("Do read the answer again instead of taking the bytes PeekAnswer read")
	}

	resp := &http.Response{ContentLength: -1, Body: io.NopCloser(strings.NewReader(body))}
	if got, err := PeekAnswer(resp); string(got) != body || err != nil {
		t.Fatalf("PeekAnswer = %q, %v", got, err)
	}
	head := make([]byte, 5)
	if n, err := resp.Body.Read(head); n != 5 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	rest, err := readBody(resp.Body, -1)
	if string(head)+string(rest) != body || err != nil {
		t.Errorf("the replay read on gives %q, %v; want the rest of %q", rest, err, body)
	}

	cut := &http.Response{ContentLength: -1, Body: &cutBody{r: strings.NewReader(`{"Resp`), cancel: func() {}}}
	if got, err := PeekAnswer(cut); string(got) != `{"Resp` || !errors.Is(err, errClosed) {
		t.Fatalf("PeekAnswer of a cut body = %q, %v", got, err)
	}
	if again, err := readBody(cut.Body, -1); string(again) != `{"Resp` || !errors.Is(err, errClosed) {
		t.Errorf("the replay of a cut body gives %q, %v; want the bytes, then the error", again, err)
	}

	big := &http.Response{ContentLength: -1, Body: io.NopCloser(strings.NewReader(strings.Repeat("x", MaxBodyBytes+10)))}
	if got, err := PeekAnswer(big); len(got) <= MaxBodyBytes || err != nil {
		t.Fatalf("PeekAnswer of a body past the limit read %d bytes, %v", len(got), err)
	}
	if all, err := io.ReadAll(big.Body); len(all) != MaxBodyBytes+10 || err != nil {
		t.Errorf("the replay of a body past the limit gives %d bytes, %v; want all %d", len(all), err, MaxBodyBytes+10)
	}
}

// lyingBody claims to have read n bytes whatever the buffer.
type lyingBody struct{ n int }

func (b lyingBody) Read(p []byte) (int, error) { return b.n, nil }
func (b lyingBody) Close() error               { return nil }

// A body whose Read breaks io.Reader's contract, claiming more bytes than
// the buffer holds or fewer than none, is an error, not a panic.
func TestBodyBreakingTheReaderContractIsAnError(t *testing.T) {
	for _, n := range []int{-1, 1 << 20} {
		hc := &http.Client{Transport: answerWith(func() io.ReadCloser { return lyingBody{n: n} })}
		client := NewClient(Config{HTTPClient: hc, AttemptTimeout: -1, Retry: retry.Options{MaxAttempts: 1}})
		_, err := client.Do(context.Background(), Request{Method: http.MethodGet, URL: "http://127.0.0.1:1/x"}, "test Get")
		if err == nil || !strings.Contains(err.Error(), "Read returned") {
			t.Errorf("a body reading %d bytes: err = %v, want an error naming the Read", n, err)
		}
	}
}
