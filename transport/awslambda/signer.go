package awslambda

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// emptyPayloadHash is the SHA-256 of an empty body.
const emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// signingTransport signs each request it carries with SigV4 and passes it
// on. It sits inside the retry transport, so every attempt is signed afresh
// with a current timestamp and current credentials.
type signingTransport struct {
	next        http.RoundTripper
	credentials aws.CredentialsProvider
	signer      *v4.Signer
	region      string
	now         func() time.Time
	skew        *clockSkew
}

// RoundTrip signs a copy of req; req itself is left untouched, as the
// RoundTripper contract asks.
func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	payloadHash, err := hashPayload(req)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	creds, err := t.credentials.Retrieve(req.Context())
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("awslambda: retrieving credentials: %w", err)
	}
	signed := req.Clone(req.Context())
	sentAt := t.now()
	if err := t.signer.SignHTTP(req.Context(), creds, signed, payloadHash, signingName, t.region, sentAt.Add(t.skew.get())); err != nil {
		closeBody(req)
		return nil, fmt.Errorf("awslambda: signing request: %w", err)
	}
	resp, err := t.next.RoundTrip(signed)
	if err == nil {
		t.skew.observe(resp, sentAt, t.now())
	}
	return resp, err
}

// hashPayload returns the hex SHA-256 of the request body, read through
// GetBody so the body itself stays unread.
func hashPayload(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
		return emptyPayloadHash, nil
	}
	if req.GetBody == nil {
		return "", fmt.Errorf("awslambda: cannot sign a request body without GetBody")
	}
	body, err := req.GetBody()
	if err != nil {
		return "", fmt.Errorf("awslambda: reading request body to sign: %w", err)
	}
	defer body.Close()
	h := sha256.New()
	if _, err := io.Copy(h, body); err != nil {
		return "", fmt.Errorf("awslambda: reading request body to sign: %w", err)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])), nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
