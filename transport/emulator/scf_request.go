// This file reads an SCF request in every form API 3.0 documents ("Request
// Structure" and "Signature" pages of every product) and the official
// clients send (tencentcloud-sdk-go common@v1.3.209 client.go,
// tencentcloud-sdk-nodejs 4.1 abstract_client.js):
//
//   - TC3-HMAC-SHA256, common parameters in X-TC-* headers: POST with a
//     JSON body, or GET with the action's parameters in the query string
//     (Content-Type application/x-www-form-urlencoded);
//   - signature v1 (HmacSHA1 or HmacSHA256): common and action parameters
//     together, in the query string (GET) or a form-encoded body (POST),
//     signed over "METHOD host path?k=v&..." with keys sorted, the
//     signature base64 in the Signature parameter.
//
// Nested parameters arrive flattened in a query or form
// ("TriggerActions.0.TriggerName=peak"); they are rebuilt into the JSON
// object a POST would carry, so one parser (scf_params.go) checks every
// form. A TC3 request is authenticated from its headers before its body is
// read; a v1 GET has no body to read; a v1 POST carries its credentials in
// its body, so it is read first, capped at the documented 1 MB.

package emulator

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"hash"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// v1 signature methods.
const (
	scfSignHmacSHA1   = "HmacSHA1"
	scfSignHmacSHA256 = "HmacSHA256"
)

// scfCommonV1Params are the common parameters of signature v1; the other
// parameters of a v1 request are the action's.
var scfCommonV1Params = []string{
	"Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
	"SignatureMethod", "Token", "RequestClient", "Language",
}

// isSCFRequest reports whether r is an SCF request in any form: X-TC-Action
// on a POST or GET; a GET whose query names an Action; a form-encoded POST
// (Lambda has no form-encoded or Action-carrying request).
func isSCFRequest(r *http.Request) bool {
	switch r.Method {
	case http.MethodPost:
		return headerValues(r.Header, "X-TC-Action") != nil || isFormEncoded(r)
	case http.MethodGet:
		return headerValues(r.Header, "X-TC-Action") != nil || r.URL.Query().Has("Action")
	}
	return false
}

// isFormEncoded reports a Content-Type of application/x-www-form-urlencoded.
func isFormEncoded(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(firstHeader(r, "Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// readSCFRequest authenticates an SCF request (when SCFOptions.Credentials
// is set), reads what it needs of it, and sets x.params to the action's
// parameters as a JSON object. It returns the action, or the error to
// answer.
func (p *scfProtocol) readSCFRequest(x *exchange) (string, *scfError) {
	r := x.r
	if headerValues(r.Header, "X-TC-Action") != nil || strings.HasPrefix(r.Header.Get("Authorization"), tc3Algorithm+" ") {
		return p.readTC3Request(x)
	}
	return p.readV1Request(x)
}

// checkSCFActionVersion applies the request-level checks (the order is the
// emulator's guess).
func checkSCFActionVersion(action, version string) *scfError {
	switch {
	case action == "":
		return errSCFMissingParameter("Action")
	case version == "":
		return errSCFMissingParameter("Version")
	case version != SCFAPIVersion:
		return errSCFNoSuchVersion(version)
	case action != scfActionPut && action != scfActionGet && action != scfActionDelete:
		return errSCFInvalidAction()
	}
	return nil
}

// readTC3Request: common parameters in headers; headers authenticated
// before the body is read.
func (p *scfProtocol) readTC3Request(x *exchange) (string, *scfError) {
	r := x.r
	action := firstHeader(r, "X-TC-Action")
	if e := checkSCFActionVersion(action, firstHeader(r, "X-TC-Version")); e != nil {
		return "", e
	}
	var a tc3Auth
	if p.s.scfCreds != nil {
		var e *scfError
		if a, e = p.s.checkTC3Headers(r); e != nil {
			return "", e
		}
	}
	var query string
	if r.Method == http.MethodGet {
		// A GET's parameters are its query; a body, if any, is not read.
		query = r.URL.RawQuery
		if len(query) > maxSCFQuery {
			return "", errSCFRequestSizeLimit()
		}
		values, err := url.ParseQuery(query)
		if err != nil {
			return "", errSCFMalformedQuery()
		}
		params, e := scfParamsJSON(values, scfParamSpecs(action))
		if e != nil {
			return "", e
		}
		x.params = params
	} else {
		if err := x.readBody(maxSCFBodyTC3); err != nil {
			return "", errSCFBody(err)
		}
		x.params = x.body
	}
	if p.s.scfCreds != nil {
		if e := p.s.verifyTC3(r, a, query, x.body); e != nil {
			return "", e
		}
	}
	return action, nil
}

// readV1Request: every parameter in the query (GET) or the form body
// (POST), signed with HmacSHA1 or HmacSHA256.
func (p *scfProtocol) readV1Request(x *exchange) (string, *scfError) {
	r := x.r
	raw := r.URL.RawQuery
	if r.Method == http.MethodGet {
		if len(raw) > maxSCFQuery {
			return "", errSCFRequestSizeLimit()
		}
	} else {
		if err := x.readBody(maxSCFBodyV1); err != nil {
			return "", errSCFBody(err)
		}
		raw = string(x.body)
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return "", errSCFMalformedQuery()
	}
	action := values.Get("Action")
	if e := checkSCFActionVersion(action, values.Get("Version")); e != nil {
		return "", e
	}
	if p.s.scfCreds != nil {
		if e := p.s.verifyV1(r, values); e != nil {
			return "", e
		}
	}
	actionParams := url.Values{}
	for k, v := range values {
		if !slices.Contains(scfCommonV1Params, k) {
			actionParams[k] = v
		}
	}
	params, e := scfParamsJSON(actionParams, scfParamSpecs(action))
	if e != nil {
		return "", e
	}
	x.params = params
	return action, nil
}

// verifyV1 checks a signature v1 request: common parameters present and
// well formed, SecretId known, token, clock skew, then the signature,
// base64(HMAC(SecretKey, METHOD + host + path + "?" + k=v&... sorted by
// key, values as sent before encoding)). On loopback the host is also tried
// without its port, as for TC3.
func (s *Server) verifyV1(r *http.Request, v url.Values) *scfError {
	creds := s.scfCreds
	for _, name := range []string{"SecretId", "Timestamp", "Nonce", "Signature"} {
		if v.Get(name) == "" {
			return errSCFMissingParameter(name)
		}
	}
	unix, err := strconv.ParseInt(v.Get("Timestamp"), 10, 64)
	if err != nil {
		return errSCFTypeError("Timestamp")
	}
	if _, err := strconv.ParseUint(v.Get("Nonce"), 10, 64); err != nil {
		return errSCFTypeError("Nonce")
	}
	if subtle.ConstantTimeCompare([]byte(v.Get("SecretId")), []byte(creds.SecretID)) != 1 {
		return errSCFSecretIDNotFound()
	}
	if creds.Token != "" && subtle.ConstantTimeCompare([]byte(v.Get("Token")), []byte(creds.Token)) != 1 {
		return errSCFTokenFailure()
	}
	if e := s.checkSCFTime(time.Unix(unix, 0)); e != nil {
		return e
	}
	var newHash func() hash.Hash
	switch v.Get("SignatureMethod") {
	case "", scfSignHmacSHA1: // HmacSHA1 is the documented default
		newHash = sha1.New
	case scfSignHmacSHA256:
		newHash = sha256.New
	default:
		return errSCFSignatureFailure()
	}
	keys := make([]string, 0, len(v))
	for k, vals := range v {
		if len(vals) != 1 {
			return errSCFSignatureFailure() // a repeated parameter signs ambiguously
		}
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var params strings.Builder
	for i, k := range keys {
		if i > 0 {
			params.WriteByte('&')
		}
		params.WriteString(k + "=" + v.Get(k))
	}
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	got, err := base64.StdEncoding.DecodeString(v.Get("Signature"))
	if err != nil {
		return errSCFSignatureFailure()
	}
	for _, host := range signedHostCandidates(requestHost(r)) {
		mac := hmac.New(newHash, []byte(creds.SecretKey))
		mac.Write([]byte(r.Method + host + path + "?" + params.String()))
		if hmac.Equal(mac.Sum(nil), got) {
			return nil
		}
	}
	return errSCFSignatureFailure()
}

// scfParamSpecs returns the parameters of an action.
func scfParamSpecs(action string) []scfParamSpec {
	switch action {
	case scfActionPut:
		return scfPutParams
	case scfActionGet:
		return scfGetParams
	default:
		return scfDeleteParams
	}
}

// scfParamsJSON rebuilds the JSON object of a flattened parameter list:
// "a.0.b=x" becomes {"a": [{"b": "x"}]}. A value is written as the JSON
// type its parameter has (a count that is not a whole number stays a
// string, so the parser reports the type error by name); a name the action
// does not have is kept, so the parser reports it as unknown.
func scfParamsJSON(values url.Values, specs []scfParamSpec) ([]byte, *scfError) {
	root := &formNode{}
	for k, vals := range values {
		root.insert(strings.Split(k, "."), vals[0])
	}
	b, err := json.Marshal(root.object(specs))
	if err != nil {
		return nil, errSCFMalformedQuery()
	}
	return b, nil
}

// formNode is one segment of flattened parameter names.
type formNode struct {
	value    *string
	children map[string]*formNode
}

func (n *formNode) insert(path []string, value string) {
	if len(path) == 0 {
		n.value = &value
		return
	}
	if n.children == nil {
		n.children = map[string]*formNode{}
	}
	c := n.children[path[0]]
	if c == nil {
		c = &formNode{}
		n.children[path[0]] = c
	}
	c.insert(path[1:], value)
}

// object renders the node's children as a JSON object, typed by specs.
func (n *formNode) object(specs []scfParamSpec) map[string]any {
	out := make(map[string]any, len(n.children))
	for name, c := range n.children {
		kind, known := scfString, false
		for _, s := range specs {
			if s.name == name {
				kind, known = s.kind, true
			}
		}
		if !known {
			out[name] = c.untyped()
			continue
		}
		out[name] = c.typed(kind)
	}
	return out
}

// typed renders a parameter of the given kind; a shape that does not fit
// the kind is rendered as is, for the parser to refuse.
func (n *formNode) typed(kind scfKind) any {
	if n.children != nil || n.value == nil {
		if kind == scfTriggerList {
			if list, ok := n.list(); ok {
				return list
			}
		}
		return n.untyped()
	}
	v := *n.value
	switch kind {
	case scfUint:
		if _, err := strconv.ParseUint(v, 10, 64); err == nil {
			return json.Number(v)
		}
	case scfFloat:
		if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return v
}

// list renders children indexed 0..n-1 as a list of trigger actions.
func (n *formNode) list() ([]any, bool) {
	if n.value != nil {
		return nil, false
	}
	out := make([]any, len(n.children))
	for k, c := range n.children {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(out) || strconv.Itoa(i) != k {
			return nil, false
		}
		if c.value != nil || c.children == nil {
			out[i] = c.untyped()
			continue
		}
		out[i] = c.object(scfTriggerParams)
	}
	return out, true
}

// untyped renders a node without a spec: a leaf as a string, a node with
// children as an object (a leaf that also has children keeps its
// children).
func (n *formNode) untyped() any {
	if n.children == nil {
		if n.value == nil {
			return nil
		}
		return *n.value
	}
	return n.object(nil)
}

// errSCFMalformedQuery: a query or form that does not decode. Code and text
// are the emulator's guesses.
func errSCFMalformedQuery() *scfError {
	return &scfError{"InvalidParameter", "The request parameters could not be decoded."}
}
