package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/google/go-cmp/cmp"
)

var testCreds = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// signedRequest builds a Put request signed with the aws-sdk-go-v2 signer.
func signedRequest(t *testing.T, url, body string, creds aws.Credentials, region string, signedAt time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Amz-Sdk-Invocation-Id", "c0ffee")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", region, signedAt); err != nil {
		t.Fatal(err)
	}
	return req
}

func send(t *testing.T, c *http.Client, req *http.Request) reply {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

func TestSigV4Verification(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{Credentials: &testCreds})
		c, base := m.dial(t, s)
		url := base + pcPathFor(arnPrefix+"my-function") + "?Qualifier=BLUE"
		now := time.Now()

		if r := send(t, c, signedRequest(t, url, putBody(2), testCreds, "us-east-1", now)); r.status != 202 {
			t.Fatalf("signed request: %d %s", r.status, r.body)
		}

		wrongSecret := testCreds
		wrongSecret.SecretAccessKey = "not-the-secret"
		unknownKey := testCreds
		unknownKey.AccessKeyID = "AKIDUNKNOWN"
		// A session token the emulator's long-term key has none of: AWS
		// answers the stale-AWS_SESSION_TOKEN case with the invalid token.
		strayToken := testCreds
		strayToken.SessionToken = "stale-session-token"
		tampered := signedRequest(t, url, putBody(2), testCreds, "us-east-1", now)
		tampered.Body = io.NopCloser(strings.NewReader(putBody(3)))
		tampered.ContentLength = int64(len(putBody(3)))
		otherQuery := signedRequest(t, url, putBody(2), testCreds, "us-east-1", now)
		otherQuery.URL.RawQuery = "Qualifier=GREEN"
		unsigned, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(putBody(2)))
		garbled, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(putBody(2)))
		garbled.Header.Set("Authorization", "Bearer xyz")

		mismatch := wireError{403, "InvalidSignatureException", map[string]any{"message": signatureMismatch}}
		tests := []struct {
			name string
			req  *http.Request
			want wireError
		}{
			{"unsigned", unsigned, wireError{403, "MissingAuthenticationTokenException", map[string]any{"message": "Missing Authentication Token"}}},
			{"wrong secret", signedRequest(t, url, putBody(2), wrongSecret, "us-east-1", now), mismatch},
			{"unknown key", signedRequest(t, url, putBody(2), unknownKey, "us-east-1", now),
				wireError{403, "UnrecognizedClientException", map[string]any{"message": "The security token included in the request is invalid."}}},
			{"token the key has none of", signedRequest(t, url, putBody(2), strayToken, "us-east-1", now),
				wireError{403, "UnrecognizedClientException", map[string]any{"message": "The security token included in the request is invalid."}}},
			{"wrong region", signedRequest(t, url, putBody(2), testCreds, "eu-west-1", now),
				wireError{403, "InvalidSignatureException", map[string]any{"message": "Credential should be scoped to a valid region. "}}},
			{"body changed after signing", tampered, mismatch},
			{"query changed after signing", otherQuery, mismatch},
			{"not SigV4", garbled, wireError{403, "IncompleteSignatureException", map[string]any{
				"message": "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=AWS4-HMAC-SHA256"}}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := send(t, c, tc.req)
				checkRequestID(t, r)
				if d := cmp.Diff(tc.want, asWireError(t, r)); d != "" {
					t.Errorf("answer (-want +got):\n%s", d)
				}
			})
		}
		if got, _ := s.ProvisionedConfig("my-function", "GREEN"); got.Requested != 0 {
			t.Errorf("a refused request changed the state: %+v", got)
		}
	})
}

func TestSigV4SessionTokenAndSkew(t *testing.T) {
	t.Parallel()
	creds := testCreds
	creds.SessionToken = "session-token"
	clk := newFakeClock()
	s, _ := seeded(t, Options{Credentials: &creds, Now: clk.Now, MaxClockSkew: 5 * time.Minute})
	c := s.Client()
	url := "https://lambda.us-east-1.amazonaws.com" + pcPathFor("my-function") + "?Qualifier=1"

	if r := send(t, c, signedRequest(t, url, putBody(1), creds, "us-east-1", t0)); r.status != 202 {
		t.Fatalf("with token: %d %s", r.status, r.body)
	}
	noToken := creds
	noToken.SessionToken = ""
	if r := send(t, c, signedRequest(t, url, putBody(1), noToken, "us-east-1", t0)); r.header.Get("X-Amzn-ErrorType") != "UnrecognizedClientException" {
		t.Errorf("without token: %d %s", r.status, r.body)
	}
	r := send(t, c, signedRequest(t, url, putBody(1), creds, "us-east-1", t0.Add(-20*time.Minute)))
	want := wireError{403, "InvalidSignatureException", map[string]any{
		"message": "Signature expired: 20240501T094000Z is now earlier than 20240501T095500Z (20240501T100000Z - 5 min.)"}}
	if d := cmp.Diff(want, asWireError(t, r)); d != "" {
		t.Errorf("skewed (-want +got):\n%s", d)
	}
}
