package awslambda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
)

// lockedBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// signatureRecorder remembers every signature that went on the wire.
type signatureRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	sigs []string
}

func (r *signatureRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if auth := req.Header.Get("Authorization"); auth != "" {
		if i := strings.Index(auth, "Signature="); i >= 0 {
			r.mu.Lock()
			r.sigs = append(r.sigs, auth[i+len("Signature="):])
			r.mu.Unlock()
		}
	}
	return r.next.RoundTrip(req)
}

// Every operation, successes, throttles with retries, refused signatures
// and client-side refusals, with debug logging on: no secret key, session
// token or signature may appear in a log line or an error string.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	const token = "session-token-example"
	emu := emulator.New(emulator.Options{Credentials: &aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: secret, SessionToken: token}})
	if err := emu.CreateFunction("f"); err != nil {
		t.Fatal(err)
	}
	v, _ := emu.PublishVersion("f")
	_ = emu.CreateAlias("f", "live", v)

	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := &signatureRecorder{next: emu}
	newClient := func(secretKey string) *provconc.Client {
		creds := aws.NewCredentialsCache(credentialsFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: secretKey, SessionToken: token}, nil
		}))
		p, err := awslambda.New(awslambda.Options{
			Region: "us-east-1", Credentials: creds, HTTPClient: &http.Client{Transport: rec}, Logger: logger,
			// Unpaced, so throttles end at the attempt limit, an error path.
			Retry: retry.Options{DisableRateLimit: true, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := provconc.NewClient(p)
		return c
	}
	good, bad := newClient(secret), newClient("not-the-secret")
	ctx := context.Background()

	var errs []error
	keep := func(_ any, err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	keep(good.Put(ctx, &provconc.PutInput{FunctionName: "f", Qualifier: "live", ProvisionedConcurrentExecutions: 2}))
	keep(good.Get(ctx, &provconc.GetInput{FunctionName: "f:live"}))
	keep(good.List(ctx, &provconc.ListInput{FunctionName: "f"}))
	emu.InjectFaults(emulator.FaultThrottle, emulator.FaultServiceError, emulator.FaultThrottle)
	keep(good.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "live"})) // three failures: retries run out
	keep(good.Delete(ctx, &provconc.DeleteInput{FunctionName: "f", Qualifier: "live"}))
	keep(good.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "live"})) // not found
	keep(bad.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "live"}))  // signature refused
	keep(good.Put(ctx, &provconc.PutInput{FunctionName: "f", Qualifier: "live"})) // refused client-side

	if len(errs) < 4 {
		t.Fatalf("only %d errors; the scenario must exercise the error paths", len(errs))
	}
	if !strings.Contains(logs.String(), "attempt") {
		t.Fatalf("debug logging recorded nothing; the check would prove nothing:\n%s", logs.String())
	}
	rec.mu.Lock()
	sigs := append([]string(nil), rec.sigs...)
	rec.mu.Unlock()
	if len(sigs) == 0 {
		t.Fatal("no signed request recorded")
	}
	secrets := append([]string{secret, token}, sigs...)
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("a log line contains secret material %q", s)
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), s) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), s) {
				t.Errorf("error %v contains secret material %q", err, s)
			}
		}
	}
}

// A Protocol printed with any verb shows no credential.
func TestProtocolPrintsNoCredentials(t *testing.T) {
	t.Parallel()
	const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := testCreds.Retrieve(context.Background()); err != nil { // fill the cache, the worst case
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, p); strings.Contains(out, secret) || strings.Contains(out, "session-token-example") {
			t.Errorf("fmt %s of a Protocol shows a credential: %s", verb, out)
		}
	}
}

// Lambda refuses a signature made with temporary credentials as AWS does:
// InvalidSignatureException, whose message quotes the canonical request,
// the x-amz-security-token header line with the request's own token among
// its lines. The token must not reach the error string, the APIError's
// Message or a log line; the rest of the message stays readable.
func TestEchoedSessionTokenHidden(t *testing.T) {
	t.Parallel()
	const token = "FwoGZXIvYXdzEXAMPLE/SESSION+TOKEN0123456789=="
	var sent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Store(r.Header.Get("X-Amz-Security-Token"))
		msg := "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n" +
			"The Canonical String for this request should have been\n'GET\n" + r.URL.Path + "\nQualifier=1\nhost:" + r.Host +
			"\nx-amz-date:" + r.Header.Get("X-Amz-Date") + "\nx-amz-security-token:" + r.Header.Get("X-Amz-Security-Token") +
			"\n\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\n" +
			"The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n" + r.Header.Get("X-Amz-Date") + "\n...'\n"
		body, _ := json.Marshal(map[string]string{"message": msg})
		w.Header().Set("X-Amzn-ErrorType", "InvalidSignatureException")
		w.Header().Set("X-Amzn-RequestId", "req-sig")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	var logs lockedBuffer
	p, err := awslambda.New(awslambda.Options{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("ASIAEXAMPLEKEYID", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token),
		Endpoint:    srv.URL,
		Logger:      slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
	if sent.Load() != token {
		t.Fatalf("the server saw token %q; the check would prove nothing", sent.Load())
	}
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, provconc.ErrAccessDenied) {
		t.Fatalf("err = %v, want an APIError matching ErrAccessDenied", err)
	}
	for what, text := range map[string]string{
		"the error": fmt.Sprintf("%v %+v %#v", err, err, err), "Message": apiErr.Message, "the log": logs.String(),
	} {
		if strings.Contains(text, token) || strings.Contains(text, token[:12]) {
			t.Errorf("%s shows the session token: %s", what, text)
		}
	}
	for _, want := range []string{"The request signature we calculated does not match", "\nx-amz-security-token:[REDACTED]\n", "host;x-amz-date;x-amz-security-token"} {
		if !strings.Contains(apiErr.Message, want) || !strings.Contains(err.Error(), want) {
			t.Errorf("the message lost %q: %q", want, apiErr.Message)
		}
	}
}
