package emulator

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	sigv4Algorithm   = "AWS4-HMAC-SHA256"
	sigv4Service     = "lambda"
	amzDateLayout    = "20060102T150405Z"
	unsignedPayload  = "UNSIGNED-PAYLOAD"
	headerAmzDate    = "X-Amz-Date"
	headerAmzToken   = "X-Amz-Security-Token"
	headerAmzContent = "X-Amz-Content-Sha256"
)

// sigv4Auth is a parsed Authorization header.
type sigv4Auth struct {
	accessKey string
	date      string
	region    string
	service   string
	authParams
}

// parseSigV4 parses "AWS4-HMAC-SHA256 Credential=AKID/date/region/service/
// aws4_request, SignedHeaders=a;b, Signature=hex".
func parseSigV4(h string) (sigv4Auth, bool) {
	var a sigv4Auth
	var ok bool
	a.authParams, ok = parseAuthorization(h, sigv4Algorithm, func(f []string) bool {
		if len(f) != 5 || f[4] != "aws4_request" {
			return false
		}
		a.accessKey, a.date, a.region, a.service = f[0], f[1], f[2], f[3]
		return true
	})
	if !ok || a.accessKey == "" {
		return a, false
	}
	return a, true
}

// authParams is what follows the credential scope in the Authorization
// header of both SigV4 and TC3.
type authParams struct {
	signedHeaders []string
	signature     string
}

// parseAuthorization reads the Authorization layout SigV4 and TC3 share:
// "ALGORITHM Credential=a/b/..., SignedHeaders=x;y, Signature=hex". Each
// Credential, split at "/", goes to credential, which checks the scheme's
// scope and keeps its fields. It reports false for another algorithm, a
// part without "=", a scope credential refuses, or no signed headers or
// signature.
func parseAuthorization(h, algorithm string, credential func(scope []string) bool) (authParams, bool) {
	var p authParams
	rest, ok := strings.CutPrefix(h, algorithm+" ")
	if !ok {
		return p, false
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return p, false
		}
		switch k {
		case "Credential":
			if !credential(strings.Split(v, "/")) {
				return p, false
			}
		case "SignedHeaders":
			p.signedHeaders = strings.Split(v, ";")
		case "Signature":
			p.signature = v
		}
	}
	return p, len(p.signedHeaders) > 0 && p.signature != ""
}

// authenticateAWS authenticates a request of an AWS service (Lambda, or
// Application Auto Scaling, named by its signing name) and reads its body,
// up to maxBody, in
// the order that keeps an unknown caller from costing more than its
// headers: when Options.Credentials is set, the Authorization header is
// parsed and its key id, token, credential scope and X-Amz-Date (within
// the clock-skew limit) are checked before any body is read; the body is
// then read up to maxLambdaBody; last, the signature is verified over it.
// It returns the answer for a request that fails, nil for a good one.
func (s *Server) authenticateAWS(x *exchange, service string, maxBody int64) *awsError {
	var (
		a        sigv4Auth
		signedAt time.Time
	)
	if s.creds != nil {
		var e *awsError
		if a, signedAt, e = s.checkSigV4Headers(x.r, service); e != nil {
			return e
		}
	}
	if err := x.readBody(maxBody); err != nil {
		return errLambdaBody(x.r, err)
	}
	if s.creds != nil {
		return s.verifySigV4(x.r, a, signedAt, x.body, service)
	}
	return nil
}

// checkSigV4Headers checks what the headers of a signed request carry,
// without its body: the Authorization header's form, the access key id and
// session token, the credential scope and X-Amz-Date, which must be within
// the clock-skew limit of the emulator's clock.
func (s *Server) checkSigV4Headers(r *http.Request, service string) (sigv4Auth, time.Time, *awsError) {
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return sigv4Auth{}, time.Time{}, errMissingAuthentication()
	}
	a, ok := parseSigV4(authz)
	if !ok {
		// Guess: the service's exact text for a malformed header.
		return a, time.Time{}, errIncompleteSignature("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=" + sigv4Algorithm)
	}
	if subtle.ConstantTimeCompare([]byte(a.accessKey), []byte(s.creds.AccessKeyID)) != 1 {
		return a, time.Time{}, errUnrecognizedClient()
	}
	// The token must be the configured one; with none configured (a
	// long-term key), a request carrying one is refused as AWS refuses a
	// stale AWS_SESSION_TOKEN next to long-term keys (the cause listed for
	// "The security token included in the request is invalid" at
	// bobbyhadz.com/blog/aws-cli-security-token-included-request-invalid).
	token := r.Header.Get(headerAmzToken)
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.creds.SessionToken)) != 1 {
		return a, time.Time{}, errUnrecognizedClient()
	}
	if a.region != s.region {
		// Text as answered by AWS JSON services (trailing space included).
		return a, time.Time{}, errInvalidSignature("Credential should be scoped to a valid region. ")
	}
	if a.service != service {
		// Guess, modelled on the region message.
		return a, time.Time{}, errInvalidSignature("Credential should be scoped to correct service: '" + service + "'. ")
	}
	amzDate := r.Header.Get(headerAmzDate)
	signedAt, err := time.Parse(amzDateLayout, amzDate)
	if err != nil {
		// Guess: the text for a missing or unreadable date.
		return a, time.Time{}, errIncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if e := s.checkSigV4Time(amzDate, signedAt); e != nil {
		return a, time.Time{}, e
	}
	return a, signedAt, nil
}

// checkSigV4Time refuses a signing time further than the clock-skew limit
// from the emulator's clock, with the texts AWS answers either way
// ("Signature expired: 20151120T200815Z is now earlier than
// 20151120T201846Z (20151120T202346Z - 5 min.)", quoted by many SDK
// issues, e.g. remind101/logspout-kinesis#21; "Signature not yet current:
// 20181120T211543Z is still later than 20181120T211529Z (20181120T211029Z
// + 5 min.)", serverless/enterprise#11), as 403 InvalidSignatureException.
func (s *Server) checkSigV4Time(amzDate string, signedAt time.Time) *awsError {
	if s.maxSkew <= 0 {
		return nil
	}
	now := s.now().UTC()
	minutes := strconv.Itoa(int(s.maxSkew/time.Minute)) + " min.)"
	switch d := now.Sub(signedAt); {
	case d > s.maxSkew:
		return errInvalidSignature("Signature expired: " + amzDate + " is now earlier than " +
			now.Add(-s.maxSkew).Format(amzDateLayout) + " (" + now.Format(amzDateLayout) + " - " + minutes)
	case d < -s.maxSkew:
		return errInvalidSignature("Signature not yet current: " + amzDate + " is still later than " +
			now.Add(s.maxSkew).Format(amzDateLayout) + " (" + now.Format(amzDateLayout) + " + " + minutes)
	}
	return nil
}

// verifySigV4 checks the request's Signature Version 4, whose headers
// checkSigV4Headers accepted, by signing a copy of the request with
// aws-sdk-go-v2's signer: same method, path, query, X-Amz-Date, payload
// hash and exactly the headers the client listed in SignedHeaders. It
// returns the 403 answer for a request that fails, nil for a good one.
//
// A client that signs a header the Go signer never signs (User-Agent,
// Expect, X-Amzn-Trace-Id, Transfer-Encoding) cannot be verified and is
// refused. Presigned URLs are not supported.
func (s *Server) verifySigV4(r *http.Request, a sigv4Auth, signedAt time.Time, body []byte, service string) *awsError {
	token := r.Header.Get(headerAmzToken)
	sum := sha256.Sum256(body)
	actual := hex.EncodeToString(sum[:])
	payloadHash := actual
	if h := r.Header.Get(headerAmzContent); h != "" {
		if h != unsignedPayload && h != actual {
			return errInvalidSignature(signatureMismatch)
		}
		payloadHash = h
	}

	host := r.Host
	if host == "" && r.URL != nil {
		host = r.URL.Host
	}
	u := &url.URL{Scheme: "https", Host: host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	clone := &http.Request{Method: r.Method, URL: u, Host: host, Header: make(http.Header)}
	creds := aws.Credentials{AccessKeyID: s.creds.AccessKeyID, SecretAccessKey: s.creds.SecretAccessKey}
	for _, name := range a.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			clone.ContentLength = int64(len(body))
		case "x-amz-security-token":
			creds.SessionToken = token
			clone.Header.Set(headerAmzToken, token)
		default:
			vals := headerValues(r.Header, name)
			if vals == nil {
				return errInvalidSignature(signatureMismatch)
			}
			clone.Header[http.CanonicalHeaderKey(name)] = vals
		}
	}
	err := v4.NewSigner().SignHTTP(context.Background(), creds, clone, payloadHash, service, a.region, signedAt)
	if err != nil {
		return errInvalidSignature(signatureMismatch)
	}
	want, ok := parseSigV4(clone.Header.Get("Authorization"))
	if !ok || strings.Join(want.signedHeaders, ";") != strings.Join(a.signedHeaders, ";") ||
		subtle.ConstantTimeCompare([]byte(want.signature), []byte(a.signature)) != 1 {
		return errInvalidSignature(signatureMismatch)
	}
	return nil
}

// headerValues returns a copy of a header's values, also finding keys that
// a client stored without canonicalising them; nil when absent.
func headerValues(h http.Header, name string) []string {
	if v, ok := h[http.CanonicalHeaderKey(name)]; ok {
		return append([]string(nil), v...)
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return append([]string(nil), v...)
		}
	}
	return nil
}
