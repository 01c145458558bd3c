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
	"hash"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
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

// signingTransport signs each request it carries and passes it on. It sits
// inside the retry transport, which hands it a fresh clone of the caller's
// request for every attempt, so it signs that clone in place: the caller's
// request is never touched, and no second copy is made.
type signingTransport struct {
	next        http.RoundTripper
	credentials CredentialSource
	now         func() time.Time
	// keys holds the signing key of the last SecretKey and date seen: the
	// HMAC chain that derives it changes once a day, not once a call.
	keys atomic.Pointer[signingKey]
}

// RoundTrip sets X-TC-Timestamp, X-TC-Token (for temporary keys) and
// Authorization on the attempt's request and sends it.
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
	req.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(timestamp, 10)}
	if token != "" {
		req.Header["X-Tc-Token"] = []string{token}
	} else {
		delete(req.Header, "X-Tc-Token")
	}
	req.Header["Authorization"] = []string{t.authorization(secretID, secretKey, canonicalInput{
		method:      req.Method,
		host:        host,
		contentType: req.Header.Get("Content-Type"),
		payloadHash: payloadHash,
		timestamp:   timestamp,
	})}
	return t.next.RoundTrip(req)
}

// canonicalInput is what the signature covers besides the keys.
type canonicalInput struct {
	method      string
	host        string
	contentType string
	payloadHash string // hex SHA-256 of the body
	timestamp   int64  // Unix seconds, as sent in X-TC-Timestamp
}

// signingKey is the key the HMAC chain derives from a SecretKey for one UTC
// date, with a pool of HMACs keyed with it.
type signingKey struct {
	secretKey string
	date      [10]byte
	macs      sync.Pool // of hash.Hash, HMAC-SHA256 keyed with the derived key
}

// key returns the signing key of secretKey on date, derived anew only when
// either changed since the last call.
func (t *signingTransport) key(secretKey string, date [10]byte) *signingKey {
	if k := t.keys.Load(); k != nil && k.date == date && k.secretKey == secretKey {
		return k
	}
	derived := hmacSHA256([]byte("TC3"+secretKey), date[:])
	derived = hmacSHA256(derived, []byte(signService))
	derived = hmacSHA256(derived, []byte(signTerminator))
	k := &signingKey{secretKey: secretKey, date: date}
	k.macs.New = func() any { return hmac.New(sha256.New, derived) }
	t.keys.Store(k)
	return k
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
func (t *signingTransport) authorization(secretID, secretKey string, in canonicalInput) string {
	var date [10]byte
	time.Unix(in.timestamp, 0).UTC().AppendFormat(date[:0], "2006-01-02")

	bp := signBuffers.Get().(*[]byte)
	buf := (*bp)[:0]
	buf = append(buf, in.method...)
	buf = append(buf, "\n/\n\ncontent-type:"...)
	buf = append(buf, in.contentType...)
	buf = append(buf, "\nhost:"...)
	buf = appendLower(buf, in.host)
	buf = append(buf, "\n\n"+signedHeaders+"\n"...)
	buf = append(buf, in.payloadHash...)
	canonicalHash := sha256.Sum256(buf)

	buf = append(buf[:0], signAlgorithm+"\n"...)
	buf = strconv.AppendInt(buf, in.timestamp, 10)
	buf = append(buf, '\n')
	buf = append(buf, date[:]...)
	buf = append(buf, "/"+signService+"/"+signTerminator+"\n"...)
	buf = hex.AppendEncode(buf, canonicalHash[:])

	k := t.key(secretKey, date)
	mac := k.macs.Get().(hash.Hash)
	mac.Reset()
	mac.Write(buf)
	var sum [sha256.Size]byte
	signature := mac.Sum(sum[:0])
	k.macs.Put(mac)

	buf = append(buf[:0], signAlgorithm+" Credential="...)
	buf = append(buf, secretID...)
	buf = append(buf, '/')
	buf = append(buf, date[:]...)
	buf = append(buf, "/"+signService+"/"+signTerminator+", SignedHeaders="+signedHeaders+", Signature="...)
	buf = hex.AppendEncode(buf, signature)
	authorization := string(buf)
	*bp = buf
	signBuffers.Put(bp)
	return authorization
}

// signBuffers holds the buffers authorization builds its strings in: the
// canonical request, the string to sign and the header are each a few
// hundred bytes, written and dropped once per attempt.
var signBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 512)
	return &b
}}

// appendLower appends s in lower case (ASCII; hosts are ASCII on the wire).
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func hmacSHA256(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
