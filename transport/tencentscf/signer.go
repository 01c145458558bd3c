// This file signs requests with TC3-HMAC-SHA256, the signature of Tencent
// Cloud API 3.0, exactly as tencentcloud-sdk-go's common client computes it
// for a POST with a JSON body (see signer_test.go, which compares the two).
// The signer is an http.RoundTripper placed inside the retry transport, so
// every attempt gets a fresh timestamp and current credentials.

package tencentscf

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/provconc/provconc/internal/payloadhash"
)

// Constants of the TC3-HMAC-SHA256 scheme for this service.
const (
	signAlgorithm  = "TC3-HMAC-SHA256"
	signService    = "scf"
	signTerminator = "tc3_request"
	// signedHeaders are the headers the official SDK signs; the service
	// requires content-type and host.
	signedHeaders = "content-type;host"
)

// signingTransport signs each request it carries and passes a signed copy
// on; the caller's request is left untouched, as the RoundTripper contract
// asks.
type signingTransport struct {
	next        http.RoundTripper
	credentials CredentialSource
	now         func() time.Time
}

// RoundTrip sets X-TC-Timestamp, X-TC-Token (for temporary keys) and
// Authorization on a clone of req and sends it.
func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	payloadHash, err := payloadhash.Of(req)
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("tencentscf: %w", err)
	}
	secretID, secretKey, token := t.credentials.GetCredential()
	if secretID == "" || secretKey == "" {
		closeBody(req)
		return nil, errors.New("tencentscf: signing request: the credentials have an empty SecretId or SecretKey")
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	timestamp := t.now().Unix()
	signed := req.Clone(req.Context())
	signed.Header.Set("X-TC-Timestamp", strconv.FormatInt(timestamp, 10))
	if token != "" {
		signed.Header.Set("X-TC-Token", token)
	} else {
		signed.Header.Del("X-TC-Token")
	}
	signed.Header.Set("Authorization", authorization(secretID, secretKey, canonicalInput{
		method:      req.Method,
		host:        host,
		contentType: req.Header.Get("Content-Type"),
		payloadHash: payloadHash,
		timestamp:   timestamp,
	}))
	return t.next.RoundTrip(signed)
}

// canonicalInput is what the signature covers besides the keys.
type canonicalInput struct {
	method      string
	host        string
	contentType string
	payloadHash string // hex SHA-256 of the body
	timestamp   int64  // Unix seconds, as sent in X-TC-Timestamp
}

// authorization computes the Authorization header value:
//
//	TC3-HMAC-SHA256 Credential={SecretId}/{date}/scf/tc3_request, SignedHeaders=content-type;host, Signature={hex}
//
// from the canonical request (method, URI "/", empty query string, the two
// signed headers, payload hash), the string to sign (algorithm, timestamp,
// credential scope, hash of the canonical request) and the key derived from
// SecretKey by the HMAC chain date, service, "tc3_request". The date is the
// UTC date of the timestamp.
//
// The canonical URI is always "/" and the header values are taken as sent,
// as in the official SDK, which signs "/" even when its endpoint carries a
// path. The host is lower-cased: hosts are case-insensitive, the service
// lower-cases header values before it compares, and the official SDK's
// lower-case hosts are left as they are.
func authorization(secretID, secretKey string, in canonicalInput) string {
	date := time.Unix(in.timestamp, 0).UTC().Format("2006-01-02")
	scope := date + "/" + signService + "/" + signTerminator

	var b strings.Builder
	b.Grow(256)
	b.WriteString(in.method)
	b.WriteString("\n/\n\ncontent-type:")
	b.WriteString(in.contentType)
	b.WriteString("\nhost:")
	b.WriteString(strings.ToLower(in.host))
	b.WriteString("\n\n")
	b.WriteString(signedHeaders)
	b.WriteByte('\n')
	b.WriteString(in.payloadHash)
	canonicalHash := sha256.Sum256([]byte(b.String()))

	b.Reset()
	b.WriteString(signAlgorithm)
	b.WriteByte('\n')
	b.WriteString(strconv.FormatInt(in.timestamp, 10))
	b.WriteByte('\n')
	b.WriteString(scope)
	b.WriteByte('\n')
	b.WriteString(hex.EncodeToString(canonicalHash[:]))
	stringToSign := b.String()

	key := hmacSHA256([]byte("TC3"+secretKey), date)
	key = hmacSHA256(key, signService)
	key = hmacSHA256(key, signTerminator)
	signature := hex.EncodeToString(hmacSHA256(key, stringToSign))

	return signAlgorithm + " Credential=" + secretID + "/" + scope +
		", SignedHeaders=" + signedHeaders + ", Signature=" + signature
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
