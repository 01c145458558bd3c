// This file verifies TC3-HMAC-SHA256, the request signature of Tencent
// Cloud API 3.0, when SCFOptions.Credentials is set. It recomputes the
// signature from the request the way the service does (the "Signature v3"
// page of every API 3.0 product, e.g.
// https://www.tencentcloud.com/document/api/614/42761, and the signer of
// tencentcloud-sdk-go common@v1.3.209 client.go, sendWithSignatureV3):
//
//	CanonicalRequest = Method \n "/" \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(payload))
//	StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/scf/tc3_request \n hex(SHA256(CanonicalRequest))
//	Key              = HMAC(HMAC(HMAC("TC3"+SecretKey, Date), "scf"), "tc3_request")
//	Signature        = hex(HMAC(Key, StringToSign))
//
// CanonicalQueryString is the query of a GET as sent (its parameters are
// the action's) and empty for a POST. CanonicalHeaders lists the headers
// named in the Authorization header's SignedHeaders (content-type and host
// at least), as "name:value\n" with names and values lower-cased and
// trimmed, in ascending order. Date is the UTC date of X-TC-Timestamp. A
// payload sent as X-TC-Content-SHA256: UNSIGNED-PAYLOAD is hashed as that
// literal string, as the SDK signs it; a GET's payload is empty.
//
// Verification runs in two steps, so that an unknown caller cannot make
// the emulator read a body: checkTC3Headers before the body is read,
// verifyTC3 after.

package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net"
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
	// SecretID is the SecretId a request's Authorization header must
	// name.
	SecretID string
	// SecretKey is the secret key the TC3-HMAC-SHA256 signature is
	// checked with; never printed.
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

// checkTC3Headers checks what the headers of a TC3-signed request carry,
// before its body is read. Checks run in this order: Authorization present
// and well formed, X-TC-Timestamp present and numeric, SecretId known,
// token, clock skew (Options.MaxClockSkew), credential scope, and content-type
// and host among the signed headers.
func (s *Server) checkTC3Headers(r *http.Request) (tc3Auth, *scfError) {
	creds := s.scfCreds
	authz := r.Header.Get("Authorization")
	if authz == "" {
		// Guess: an unsigned request fails as a wrong signature.
		return tc3Auth{}, errSCFSignatureFailure()
	}
	a, ok := parseTC3(authz)
	if !ok {
		return a, errSCFInvalidAuthorization()
	}
	ts := r.Header.Get(headerTCTime)
	if ts == "" {
		return a, errSCFMissingParameter("Timestamp")
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return a, errSCFTypeError("Timestamp")
	}
	if subtle.ConstantTimeCompare([]byte(a.secretID), []byte(creds.SecretID)) != 1 {
		return a, errSCFSecretIDNotFound()
	}
	if creds.Token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get(headerTCToken)), []byte(creds.Token)) != 1 {
		return a, errSCFTokenFailure()
	}
	signedAt := time.Unix(unix, 0).UTC()
	if e := s.checkSCFTime(signedAt); e != nil {
		return a, e
	}
	if a.date != signedAt.Format("2006-01-02") || !tc3ScopeService(a.service, requestHost(r)) || a.terminator != tc3Terminator {
		return a, errSCFSignatureFailure()
	}
	for i, n := range a.signedHeaders {
		a.signedHeaders[i] = strings.ToLower(strings.TrimSpace(n))
	}
	slices.Sort(a.signedHeaders)
	if !slices.Contains(a.signedHeaders, "content-type") || !slices.Contains(a.signedHeaders, "host") {
		return a, errSCFSignatureFailure()
	}
	return a, nil
}

// checkSCFTime refuses a signing time (X-TC-Timestamp, or the v1
// Timestamp parameter) further than the clock-skew limit from the
// emulator's clock: AuthFailure.SignatureExpire ("Timestamp and server time
// cannot differ by more than five minutes", common error codes).
func (s *Server) checkSCFTime(signedAt time.Time) *scfError {
	if s.maxSkew <= 0 {
		return nil
	}
	if d := s.now().Sub(signedAt); d > s.maxSkew || d < -s.maxSkew {
		return errSCFSignatureExpire()
	}
	return nil
}

// tc3ScopeService reports whether the credential scope's service is one
// the emulator accepts for a request to host: "scf" always; on loopback
// also the host's first label, which the official Node.js SDK puts there
// (it takes the service from its endpoint, "127.0.0.1:9350".split(".")[0],
// where a real endpoint gives "scf"). The signature is verified with the
// service the client used, so a wrong key still fails.
func tc3ScopeService(service, host string) bool {
	if service == tc3Service {
		return true
	}
	first, _, _ := strings.Cut(host, ".")
	return loopbackHost(host) && service == first
}

// verifyTC3 checks the signature of a request whose headers
// checkTC3Headers accepted. query is the canonical query string (the raw
// query of a GET, empty for a POST, as the Signature v3 page has it) and
// payload the body (empty for a GET). On loopback the host is also tried
// without its port: the official Node.js SDK signs the URL's hostname but
// sends host:port, which a real endpoint, on the default port, never shows.
func (s *Server) verifyTC3(r *http.Request, a tc3Auth, query string, payload []byte) *scfError {
	in := tc3Input{
		method:        r.Method,
		query:         query,
		signedHeaders: strings.Join(a.signedHeaders, ";"),
		payloadHash:   tc3PayloadHash(r, payload),
		timestamp:     r.Header.Get(headerTCTime),
		date:          a.date,
		service:       a.service,
	}
	got := []byte(strings.ToLower(a.signature))
	for _, host := range signedHostCandidates(requestHost(r)) {
		in.headers = canonicalTC3Headers(r, a.signedHeaders, host)
		if subtle.ConstantTimeCompare([]byte(tc3Signature(s.scfCreds.SecretKey, in)), got) == 1 {
			return nil
		}
	}
	return errSCFSignatureFailure()
}

// tc3Input is what a TC3 signature covers besides the key.
type tc3Input struct {
	method        string
	query         string // canonical query string
	headers       string // canonical headers, each line ending in \n
	signedHeaders string
	payloadHash   string
	timestamp     string
	date          string
	service       string // of the credential scope
}

// tc3Signature computes the hex signature.
func tc3Signature(secretKey string, in tc3Input) string {
	canonical := in.method + "\n/\n" + in.query + "\n" + in.headers + "\n" + in.signedHeaders + "\n" + in.payloadHash
	sum := sha256.Sum256([]byte(canonical))
	scope := in.date + "/" + in.service + "/" + tc3Terminator
	stringToSign := tc3Algorithm + "\n" + in.timestamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := tc3HMAC([]byte("TC3"+secretKey), in.date)
	key = tc3HMAC(key, in.service)
	key = tc3HMAC(key, tc3Terminator)
	return hex.EncodeToString(tc3HMAC(key, stringToSign))
}

func tc3HMAC(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// canonicalTC3Headers renders the signed headers, names already lower-case
// and sorted, with host as the value of "host".
func canonicalTC3Headers(r *http.Request, names []string, host string) string {
	var b strings.Builder
	for _, n := range names {
		v := host
		if n != "host" {
			v = strings.Join(headerValues(r.Header, n), ",")
		}
		b.WriteString(n)
		b.WriteByte(':')
		b.WriteString(strings.ToLower(strings.TrimSpace(v)))
		b.WriteByte('\n')
	}
	return b.String()
}

// requestHost is the host the client addressed: the Host header, else the
// URL's.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// loopbackHost reports whether hostport (a Host value, port optional)
// names this machine: "localhost" or a loopback IP literal.
func loopbackHost(hostport string) bool {
	h := hostWithoutPort(hostport)
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	return ip != nil && ip.IsLoopback()
}

// hostWithoutPort drops a ":port" suffix, keeping an IPv6 literal's
// brackets, as a URL's hostname would be written in a Host header.
func hostWithoutPort(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return hostport
}

// signedHostCandidates lists the host values a signature may cover: the
// Host as sent and, on loopback, the same without its port.
func signedHostCandidates(host string) []string {
	if loopbackHost(host) {
		if bare := hostWithoutPort(host); bare != host {
			return []string{host, bare}
		}
	}
	return []string{host}
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
