// This file verifies TC3-HMAC-SHA256, the request signature of Tencent
// Cloud API 3.0, when SCFOptions.Credentials is set. It recomputes the
// signature from the request the way the service does (the "Signature v3"
// page of every API 3.0 product, e.g.
// https://www.tencentcloud.com/document/api/614/42761, and the signer of
// tencentcloud-sdk-go common@v1.3.209 client.go, sendWithSignatureV3):
//
//	CanonicalRequest = Method \n "/" \n "" \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(payload))
//	StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/scf/tc3_request \n hex(SHA256(CanonicalRequest))
//	Key              = HMAC(HMAC(HMAC("TC3"+SecretKey, Date), "scf"), "tc3_request")
//	Signature        = hex(HMAC(Key, StringToSign))
//
// CanonicalHeaders lists the headers named in the Authorization header's
// SignedHeaders (content-type and host at least), as "name:value\n" with
// names and values lower-cased and trimmed, in ascending order. Date is the
// UTC date of X-TC-Timestamp. A payload sent as X-TC-Content-SHA256:
// UNSIGNED-PAYLOAD is hashed as that literal string, as the SDK signs it.

package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TC3 constants.
const (
	tc3Algorithm   = "TC3-HMAC-SHA256"
	tc3Service     = "scf"
	tc3Terminator  = "tc3_request"
	tc3Unsigned    = "UNSIGNED-PAYLOAD"
	headerTCTime   = "X-TC-Timestamp"
	headerTCToken  = "X-TC-Token"
	headerTCSHA256 = "X-TC-Content-SHA256"
)

// SCFCredentials is the key pair (and, for temporary keys, the token) SCF
// requests must be signed with when set in SCFOptions.Credentials. Its
// String and GoString methods never print the secret key or token.
type SCFCredentials struct {
	SecretID  string
	SecretKey string
	// Token, when set, must arrive as X-TC-Token.
	Token string
}

// String returns the SecretId with the secrets redacted.
func (c SCFCredentials) String() string {
	s := "SCFCredentials{SecretID: " + c.SecretID + ", SecretKey: REDACTED"
	if c.Token != "" {
		s += ", Token: REDACTED"
	}
	return s + "}"
}

// GoString is String, so %#v redacts too.
func (c SCFCredentials) GoString() string { return c.String() }

// LogValue redacts the secrets in log/slog output, whatever the handler.
func (c SCFCredentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON redacts the secrets, so a test that dumps its setup as JSON
// does not print them.
func (c SCFCredentials) MarshalJSON() ([]byte, error) {
	v := struct {
		SecretID  string
		SecretKey string
		Token     string `json:",omitempty"`
	}{SecretID: c.SecretID, SecretKey: "REDACTED"}
	if c.Token != "" {
		v.Token = "REDACTED"
	}
	return json.Marshal(v)
}

// tc3Auth is a parsed Authorization header.
type tc3Auth struct {
	secretID   string
	date       string
	service    string
	terminator string
	authParams
}

// parseTC3 parses "TC3-HMAC-SHA256 Credential=ID/date/service/tc3_request,
// SignedHeaders=a;b, Signature=hex".
func parseTC3(h string) (tc3Auth, bool) {
	var a tc3Auth
	var ok bool
	a.authParams, ok = parseAuthorization(h, tc3Algorithm, func(f []string) bool {
		if len(f) != 4 {
			return false
		}
		a.secretID, a.date, a.service, a.terminator = f[0], f[1], f[2], f[3]
		return true
	})
	if !ok || a.secretID == "" {
		return a, false
	}
	return a, true
}

// verifyTC3 checks the request's signature against the configured
// credentials; it returns the error to answer, nil for a good request.
// Checks run in this order: Authorization present and well formed,
// X-TC-Timestamp present and numeric, SecretId known, token, clock skew
// (Options.MaxClockSkew; zero disables it), scope, signature.
func (s *Server) verifyTC3(r *http.Request, body []byte) *scfError {
	creds := s.scfCreds
	authz := r.Header.Get("Authorization")
	if authz == "" {
		// Guess: an unsigned request fails as a wrong signature.
		return errSCFSignatureFailure()
	}
	a, ok := parseTC3(authz)
	if !ok {
		return errSCFInvalidAuthorization()
	}
	ts := r.Header.Get(headerTCTime)
	if ts == "" {
		return errSCFMissingParameter("Timestamp")
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errSCFTypeError("Timestamp")
	}
	if subtle.ConstantTimeCompare([]byte(a.secretID), []byte(creds.SecretID)) != 1 {
		return errSCFSecretIDNotFound()
	}
	if creds.Token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get(headerTCToken)), []byte(creds.Token)) != 1 {
		return errSCFTokenFailure()
	}
	signedAt := time.Unix(unix, 0).UTC()
	if s.maxSkew > 0 {
		if d := s.now().Sub(signedAt); d > s.maxSkew || d < -s.maxSkew {
			return errSCFSignatureExpire()
		}
	}
	date := signedAt.Format("2006-01-02")
	if a.date != date || a.service != tc3Service || a.terminator != tc3Terminator {
		return errSCFSignatureFailure()
	}
	names := make([]string, len(a.signedHeaders))
	for i, n := range a.signedHeaders {
		names[i] = strings.ToLower(strings.TrimSpace(n))
	}
	slices.Sort(names)
	if !slices.Contains(names, "content-type") || !slices.Contains(names, "host") {
		return errSCFSignatureFailure()
	}
	want := tc3Signature(creds.SecretKey, tc3Input{
		method:        r.Method,
		headers:       canonicalTC3Headers(r, names),
		signedHeaders: strings.Join(names, ";"),
		payloadHash:   tc3PayloadHash(r, body),
		timestamp:     ts,
		date:          date,
	})
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(a.signature))) != 1 {
		return errSCFSignatureFailure()
	}
	return nil
}

// tc3Input is what a TC3 signature covers besides the key.
type tc3Input struct {
	method        string
	headers       string // canonical headers, each line ending in \n
	signedHeaders string
	payloadHash   string
	timestamp     string
	date          string
}

// tc3Signature computes the hex signature.
func tc3Signature(secretKey string, in tc3Input) string {
	canonical := in.method + "\n/\n\n" + in.headers + "\n" + in.signedHeaders + "\n" + in.payloadHash
	sum := sha256.Sum256([]byte(canonical))
	scope := in.date + "/" + tc3Service + "/" + tc3Terminator
	stringToSign := tc3Algorithm + "\n" + in.timestamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := tc3HMAC([]byte("TC3"+secretKey), in.date)
	key = tc3HMAC(key, tc3Service)
	key = tc3HMAC(key, tc3Terminator)
	return hex.EncodeToString(tc3HMAC(key, stringToSign))
}

func tc3HMAC(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// canonicalTC3Headers renders the signed headers, names already lower-case
// and sorted. The host is the request's Host.
func canonicalTC3Headers(r *http.Request, names []string) string {
	var b strings.Builder
	for _, n := range names {
		var v string
		if n == "host" {
			v = r.Host
			if v == "" && r.URL != nil {
				v = r.URL.Host
			}
		} else {
			v = strings.Join(headerValues(r.Header, n), ",")
		}
		b.WriteString(n)
		b.WriteByte(':')
		b.WriteString(strings.ToLower(strings.TrimSpace(v)))
		b.WriteByte('\n')
	}
	return b.String()
}

// tc3PayloadHash is the hex SHA-256 of the body, or of the literal
// UNSIGNED-PAYLOAD when the client declared it.
func tc3PayloadHash(r *http.Request, body []byte) string {
	if r.Header.Get(headerTCSHA256) == tc3Unsigned {
		body = []byte(tc3Unsigned)
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
