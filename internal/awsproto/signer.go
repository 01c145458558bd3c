package awsproto

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/provconc/provconc/internal/payloadhash"
	"github.com/provconc/provconc/internal/typednil"
)

// Sign returns the signing layer of a protocol for httpcall.Config.Sign:
// SigV4 for signingName in region with creds (cached unless they already
// are), correcting the clock by the skew the answers' Date headers show.
// Anonymous credentials give nil: requests go unsigned. pkg prefixes
// errors ("awslambda").
func Sign(pkg, signingName, region string, creds aws.CredentialsProvider, now func() time.Time) func(http.RoundTripper) http.RoundTripper {
	if aws.IsCredentialsProvider(creds, aws.AnonymousCredentials{}) {
		return nil
	}
	if _, cached := creds.(*aws.CredentialsCache); !cached {
		creds = aws.NewCredentialsCache(creds)
	}
	if now == nil {
		now = time.Now
	}
	skew := new(clockSkew)
	signer := v4.NewSigner()
	return func(next http.RoundTripper) http.RoundTripper {
		return &signingTransport{next: next, pkg: pkg, signingName: signingName, credentials: creds, signer: signer, region: region, now: now, skew: skew}
	}
}

// signingTransport signs each request it carries with SigV4 and passes it
// on. It sits inside the retry transport, so every attempt is signed afresh
// with a current timestamp and current credentials; the retry transport
// hands it a fresh clone of the caller's request for every attempt, so it
// signs that clone in place and makes no copy of its own.
type signingTransport struct {
	next        http.RoundTripper
	pkg         string
	signingName string
	credentials aws.CredentialsProvider
	signer      *v4.Signer
	region      string
	now         func() time.Time
	skew        *clockSkew
}

// RoundTrip signs the attempt's request and sends it.
func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	payloadHash, err := payloadhash.Of(req)
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("%s: %w", t.pkg, err)
	}
	creds, err := t.credentials.Retrieve(req.Context())
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("%s: retrieving credentials: %w", t.pkg, err)
	}
	sentAt := t.now()
	if err := t.signer.SignHTTP(req.Context(), creds, req, payloadHash, t.signingName, t.region, sentAt.Add(t.skew.get())); err != nil {
		closeBody(req)
		return nil, fmt.Errorf("%s: signing request: %w", t.pkg, err)
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		t.skew.observe(resp, sentAt, t.now())
	}
	return resp, err
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// SanitizeCode strips what a service may add around an error code: a ":…"
// suffix (ResourceNotFoundException:http://internal.amazon.com/...) and a
// "namespace#" prefix.
func SanitizeCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return strings.TrimSpace(code)
}

// CheckCredentials refuses missing credentials, a nil interface or a nil
// pointer in one (a nil *aws.CredentialsCache panics when unwrapped, any
// other at the first request). The provider is not called: it may fetch
// keys over the network.
func CheckCredentials(pkg string, creds aws.CredentialsProvider) error {
	if creds == nil {
		return errors.New(pkg + ": Credentials are required (use aws.AnonymousCredentials{} to send unsigned requests)")
	}
	if typednil.Is(creds) {
		return fmt.Errorf("%s: Credentials are a nil %T (use aws.AnonymousCredentials{} to send unsigned requests)", pkg, creds)
	}
	return nil
}
