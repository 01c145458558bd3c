package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
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

var servingURL = regexp.MustCompile(`on (http://\S+)\n`)

// start runs pcemulator with args (on 127.0.0.1:0 unless they say
// otherwise) until the test ends and returns its URL and what it wrote to
// stderr.
func start(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	if !slices.Contains(args, "-addr") {
		args = append([]string{"-addr", "127.0.0.1:0"}, args...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, &out, &errOut) }()
	var result error
	stopped := false
	t.Cleanup(func() {
		cancel()
		if !stopped {
			result = <-done
		}
		if result != nil {
			t.Errorf("run: %v", result)
		}
	})
	for range 500 { // the listener is up within milliseconds
		if m := servingURL.FindStringSubmatch(out.String()); m != nil {
			return m[1], &errOut
		}
		select {
		case err := <-done:
			stopped = true
			t.Fatalf("run returned early: %v\n%s", err, errOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("pcemulator did not start:\n%s\n%s", out.String(), errOut.String())
	return "", nil
}

// The listen address is loopback unless -allow-remote says otherwise.
func TestLoopbackByDefault(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.10:0", "example.com:0"} {
		var out, errOut syncBuffer
		err := run(context.Background(), []string{"-addr", addr}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "-allow-remote") || !strings.Contains(err.Error(), "not a loopback address") {
			t.Errorf("-addr %s: %v", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		if _, err := parseFlags([]string{"-addr", addr}, io.Discard); err != nil {
			t.Errorf("-addr %s: %v", addr, err)
		}
	}
	c, err := parseFlags([]string{"-addr", "0.0.0.0:9350", "-allow-remote"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w := remoteWarning(c)
	for _, want := range []string{"WARNING", "0.0.0.0:9350", "read and change its state", "plain HTTP", "-access-key"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	c, _ = parseFlags([]string{"-addr", "0.0.0.0:9350", "-allow-remote", "-access-key", "a", "-secret-key", "b", "-scf-secret-id", "c", "-scf-secret-key", "d"}, io.Discard)
	if strings.Contains(remoteWarning(c), "-access-key") {
		t.Error("the warning asks for signatures that are required")
	}
	// On loopback nothing is printed to stderr.
	_, errOut := start(t, "-addr", "127.0.0.1:0")
	if errOut.String() != "" {
		t.Errorf("stderr on loopback: %q", errOut.String())
	}
}

// With -allow-remote the server starts and warns on stderr.
func TestAllowRemoteWarns(t *testing.T) {
	t.Parallel()
	_, errOut := start(t, "-addr", "0.0.0.0:0", "-allow-remote")
	if got := errOut.String(); !strings.Contains(got, "WARNING: listening on 0.0.0.0:0, beyond loopback") {
		t.Errorf("stderr: %q", got)
	}
}

func TestFlagChecks(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-read-timeout", "0s"},
		{"-write-timeout", "-1s"},
		{"-latency", "2s", "-write-timeout", "1s"},
		{"-max-clock-skew", "-1m"},
		{"-addr", "127.0.0.1"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// A client that trickles its body is cut off by the read timeout.
func TestSlowBodyIsCutOff(t *testing.T) {
	t.Parallel()
	url, _ := start(t, "-read-timeout", "300ms", "-read-header-timeout", "200ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, conn)
		close(closed)
	}()
	fmt.Fprintf(conn, "PUT /2019-09-30/functions/demo-api/provisioned-concurrency?Qualifier=live HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
	const n = 400 // one byte every 10ms: far past the read timeout
	sent := 0
trickle:
	for sent < n {
		select {
		case <-closed:
			break trickle
		case <-time.After(10 * time.Millisecond):
		}
		if _, err := conn.Write([]byte{'{'}); err != nil {
			break trickle
		}
		sent++
	}
	if sent >= n {
		t.Errorf("the server kept a connection that sent %d bytes of 100000 one at a time", sent)
	}
}

// Signatures are checked against the clock with the services' five-minute
// limit unless -max-clock-skew says otherwise, and a request is refused on
// its headers, before its body arrives.
func TestSignaturesOnTheServer(t *testing.T) {
	t.Parallel()
	creds := aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}
	signed := func(t *testing.T, url string, at time.Time) *http.Request {
		body := `{"ProvisionedConcurrentExecutions":1}`
		req, err := http.NewRequest(http.MethodPut, url+"/2019-09-30/functions/demo-api/provisioned-concurrency?Qualifier=live", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(body))
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", at); err != nil {
			t.Fatal(err)
		}
		return req
	}
	do := func(t *testing.T, req *http.Request) (int, string) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	url, _ := start(t, "-access-key", creds.AccessKeyID, "-secret-key", creds.SecretAccessKey)
	if status, body := do(t, signed(t, url, time.Now().Add(-10*time.Minute))); status != http.StatusForbidden || !strings.Contains(body, "Signature expired") {
		t.Errorf("signed 10 minutes ago: %d %s", status, body)
	}
	if status, body := do(t, signed(t, url, time.Now())); status != http.StatusAccepted {
		t.Errorf("signed now: %d %s", status, body)
	}
	// Temporary credentials: the token must be the one -session-token
	// gives, and a key started without one refuses a request carrying one.
	creds.SessionToken = "temporary-token"
	if status, body := do(t, signed(t, url, time.Now())); status != http.StatusForbidden || !strings.Contains(body, "security token included in the request is invalid") {
		t.Errorf("a token the key has none of: %d %s", status, body)
	}
	temporary, _ := start(t, "-access-key", creds.AccessKeyID, "-secret-key", creds.SecretAccessKey, "-session-token", creds.SessionToken)
	if status, body := do(t, signed(t, temporary, time.Now())); status != http.StatusAccepted {
		t.Errorf("-session-token, signed with it: %d %s", status, body)
	}
	creds.SessionToken = ""
	if status, body := do(t, signed(t, temporary, time.Now())); status != http.StatusForbidden {
		t.Errorf("-session-token, signed without it: %d %s", status, body)
	}
	if _, err := parseFlags([]string{"-session-token", "x"}, io.Discard); err == nil || !strings.Contains(err.Error(), "-session-token") {
		t.Errorf("-session-token without -access-key: err = %v; want it refused naming the flag", err)
	}
	lax, _ := start(t, "-access-key", creds.AccessKeyID, "-secret-key", creds.SecretAccessKey, "-max-clock-skew", "0")
	if status, body := do(t, signed(t, lax, time.Now().Add(-time.Hour))); status != http.StatusAccepted {
		t.Errorf("-max-clock-skew 0, signed an hour ago: %d %s", status, body)
	}

	// An unknown key is refused on the headers: the answer comes although
	// the announced body is never sent (the deadline only guards the test).
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	now := time.Now().UTC()
	fmt.Fprintf(conn, "PUT /2019-09-30/functions/demo-api/provisioned-concurrency?Qualifier=live HTTP/1.1\r\nHost: x\r\nX-Amz-Date: %s\r\n"+
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIDOTHER/%s/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n"+
		"Content-Length: 5000000\r\n\r\n", now.Format("20060102T150405Z"), now.Format("20060102"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Amzn-ErrorType") != "UnrecognizedClientException" {
		t.Errorf("unknown key: %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
}
