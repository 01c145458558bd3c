package awslambda

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/provconc/provconc/internal/payloadhash"
)

// signingTransport signs each request it carries with SigV4 and passes it
// on. It sits inside the retry transport, so every attempt is signed afresh
// with a current timestamp and current credentials; the retry transport
// hands it a fresh clone of the caller's request for every attempt, so it
// signs that clone in place and makes no copy of its own.
type signingTransport struct {
	next        http.RoundTripper
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
		return nil, fmt.Errorf("awslambda: %w", err)
	}
	creds, err := t.credentials.Retrieve(req.Context())
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("awslambda: retrieving credentials: %w", err)
	}
	sentAt := t.now()
	if err := t.signer.SignHTTP(req.Context(), creds, req, payloadHash, signingName, t.region, sentAt.Add(t.skew.get())); err != nil {
		closeBody(req)
		return nil, fmt.Errorf("awslambda: signing request: %w", err)
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
