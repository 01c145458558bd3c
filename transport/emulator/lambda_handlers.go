package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/provconc/provconc/internal/redact"
)

// lastModifiedLayout is Lambda's timestamp: UTC, no colon in the offset
// ("2019-11-21T19:32:12+0000", boto3 documentation example).
const lastModifiedLayout = "2006-01-02T15:04:05-0700"

// pcPath matches the provisioned concurrency resource on the escaped path.
var pcPath = regexp.MustCompile(`^/2019-09-30/functions/([^/]*)/provisioned-concurrency/?$`)

// Messages of the provisioned concurrency operations.
const (
	// AWS snapshot put_provisioned_latest.
	msgPutLatest = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
	// AWS snapshot get_provisioned_latest and delete_provisioned_latest.
	msgGetLatest = "The function resource provided must be an alias or a published version."
	// AWS snapshot (put_url_config / event invoke config qualifier mismatch).
	msgQualifierMismatch = "The derived qualifier from the function name does not match the specified qualifier."
	// AWS snapshot test_lambda_provisioned_lifecycle.
	msgAliasOnProvisionedVersion = "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"
	msgVersionPointedByAlias     = "Version is pointed by a Provisioned Concurrency alias"
	// Guess: the service's text for a bad Marker is not known.
	msgInvalidMarker = "The marker is not valid."
)

// lambdaProtocol serves the AWS Lambda REST-JSON operations.
type lambdaProtocol struct{ s *Server }

// match accepts every request: the Lambda protocol is the default and
// answers unknown paths with UnknownOperationException.
func (p *lambdaProtocol) match(*http.Request) bool { return true }

func (p *lambdaProtocol) serve(x *exchange) {
	x.w.Header().Set("X-Amzn-RequestId", x.id)
	if e := p.s.authenticateAWS(x, sigv4Service, maxLambdaBody); e != nil {
		x.writeAWSError(e)
		return
	}
	switch adm := x.admit(); {
	case adm.throttled:
		x.writeAWSError(errTooManyRequests(adm.retryAfter))
		return
	case adm.serverError == http.StatusInternalServerError:
		x.writeAWSError(errService())
		return
	case adm.serverError == http.StatusServiceUnavailable:
		x.writeAWSError(errUnavailable())
		return
	}

	path := x.r.URL.EscapedPath()
	if accountSettingsPath.MatchString(path) {
		if x.r.Method != http.MethodGet {
			x.writeAWSError(errUnknownOperation())
			return
		}
		p.accountSettings(x)
		return
	}
	if m := reservedPath.FindStringSubmatch(path); m != nil {
		if e := p.serveReserved(x, m[1], m[2]); e != nil {
			x.writeAWSError(e)
		}
		return
	}
	m := pcPath.FindStringSubmatch(path)
	if m == nil {
		x.writeAWSError(errUnknownOperation())
		return
	}
	name, err := url.PathUnescape(m[1])
	if err != nil {
		x.writeAWSError(errValidation(violation(&m[1], "functionName", "Member must satisfy regular expression pattern: "+functionNamePattern)))
		return
	}
	query := x.r.URL.Query()
	var e *awsError
	switch x.r.Method {
	case http.MethodPut:
		e = p.put(x, name, query)
	case http.MethodGet:
		if query.Get("List") == "ALL" {
			e = p.list(x, name, query)
		} else {
			e = p.get(x, name, query)
		}
	case http.MethodDelete:
		e = p.delete(x, name, query)
	default:
		e = errUnknownOperation()
	}
	if e != nil {
		x.writeAWSError(e)
	}
}

// configJSON is a configuration on the wire. Keys in the service's order.
type configJSON struct {
	AllocatedProvisionedConcurrentExecutions int    `json:"AllocatedProvisionedConcurrentExecutions"`
	AvailableProvisionedConcurrentExecutions int    `json:"AvailableProvisionedConcurrentExecutions"`
	FunctionArn                              string `json:"FunctionArn,omitempty"`
	LastModified                             string `json:"LastModified"`
	RequestedProvisionedConcurrentExecutions int    `json:"RequestedProvisionedConcurrentExecutions"`
	Status                                   string `json:"Status"`
	StatusReason                             string `json:"StatusReason,omitempty"`
}

type listJSON struct {
	ProvisionedConcurrencyConfigs []configJSON `json:"ProvisionedConcurrencyConfigs"`
	NextMarker                    string       `json:"NextMarker,omitempty"`
}

func toJSON(v configView, arn string) configJSON {
	return configJSON{
		AllocatedProvisionedConcurrentExecutions: v.allocated,
		AvailableProvisionedConcurrentExecutions: v.available,
		FunctionArn:                              arn,
		LastModified:                             v.lastModified.UTC().Format(lastModifiedLayout),
		RequestedProvisionedConcurrentExecutions: v.requested,
		Status:                                   v.status,
		StatusReason:                             v.reason,
	}
}

func (x *exchange) writeJSON(status int, v any) {
	b, _ := json.Marshal(v)
	x.w.Header().Set("Content-Type", "application/json")
	x.w.WriteHeader(status)
	_, _ = x.w.Write(b)
}

// qualifierParam returns the Qualifier query parameter and whether it was
// sent at all.
func qualifierParam(q url.Values) (string, bool) {
	v, ok := q["Qualifier"]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// qualifiedViolations returns the Qualifier parameter, whether it was sent,
// and the constraint violations of the name and qualifier: the first checks
// of Put, Get and Delete, which the service reports together.
func qualifiedViolations(name string, query url.Values) (qual string, hasQual bool, vs []string) {
	qual, hasQual = qualifierParam(query)
	if v := functionNameViolation(name); v != "" {
		vs = append(vs, v)
	}
	if hasQual {
		if v := qualifierViolation(qual); v != "" {
			vs = append(vs, v)
		}
	}
	return qual, hasQual, vs
}

func (p *lambdaProtocol) put(x *exchange, name string, query url.Values) *awsError {
	count, e := decodePutBody(x.body)
	if e != nil {
		return e
	}
	qual, hasQual, vs := qualifiedViolations(name, query)
	switch {
	case count == nil:
		vs = append(vs, violation(nil, "provisionedConcurrentExecutions", "Member must not be null"))
	case *count < 1:
		// AWS snapshot put_provisioned_invalid_param_0.
		n := strconv.FormatInt(*count, 10)
		vs = append(vs, violation(&n, "provisionedConcurrentExecutions", "Member must have value greater than or equal to 1"))
	}
	if len(vs) > 0 {
		return errValidation(vs...)
	}
	fn, q, e := p.resolve(name, qual, hasQual, true)
	if e != nil {
		return e
	}
	if q == latest {
		return errInvalidParameter(msgPutLatest)
	}
	v, err := p.s.state.put(fn, q, int(*count))
	if err != nil {
		return p.stateError(err)
	}
	x.writeJSON(http.StatusAccepted, toJSON(v, ""))
	return nil
}

func (p *lambdaProtocol) get(x *exchange, name string, query url.Values) *awsError {
	fn, q, e := p.validateQualified(name, query)
	if e != nil {
		return e
	}
	v, err := p.s.state.get(fn, q)
	if err != nil {
		return p.stateError(err)
	}
	x.writeJSON(http.StatusOK, toJSON(v, ""))
	return nil
}

func (p *lambdaProtocol) delete(x *exchange, name string, query url.Values) *awsError {
	fn, q, e := p.validateQualified(name, query)
	if e != nil {
		return e
	}
	if err := p.s.state.delete(fn, q); err != nil {
		return p.stateError(err)
	}
	x.w.WriteHeader(http.StatusNoContent)
	return nil
}

// validateQualified runs the checks shared by Get and Delete.
func (p *lambdaProtocol) validateQualified(name string, query url.Values) (fn, q string, e *awsError) {
	qual, hasQual, vs := qualifiedViolations(name, query)
	if len(vs) > 0 {
		return "", "", errValidation(vs...)
	}
	fn, q, e = p.resolve(name, qual, hasQual, true)
	if e != nil {
		return "", "", e
	}
	if q == latest {
		return "", "", errInvalidParameter(msgGetLatest)
	}
	return fn, q, nil
}

func (p *lambdaProtocol) list(x *exchange, name string, query url.Values) *awsError {
	var vs []string
	if v := functionNameViolation(name); v != "" {
		vs = append(vs, v)
	}
	maxItems := maxItemsMax
	if raw, ok := query["MaxItems"]; ok && len(raw) > 0 {
		s := raw[0]
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			// Guess: the text for a non-integer MaxItems is not known.
			vs = append(vs, violation(&s, "maxItems", "Member must be an integer"))
		case n < 1:
			vs = append(vs, violation(&s, "maxItems", "Member must have value greater than or equal to 1"))
		case n > maxItemsMax:
			vs = append(vs, violation(&s, "maxItems", "Member must have value less than or equal to 50"))
		default:
			maxItems = n
		}
	}
	if len(vs) > 0 {
		return errValidation(vs...)
	}
	// A qualifier in the name is ignored for listing (a guess).
	fn, _, e := p.resolve(name, "", false, false)
	if e != nil {
		return e
	}
	// The marker is the last listed configuration's creation sequence; the
	// next page holds the older ones.
	before := uint64(math.MaxUint64)
	if m := query.Get("Marker"); m != "" {
		seq, ok := decodeMarker(m, fn)
		if !ok {
			return errInvalidParameter(msgInvalidMarker)
		}
		before = seq
	}
	views, err := p.s.state.list(fn)
	if err != nil {
		return p.stateError(err)
	}
	out := listJSON{ProvisionedConcurrencyConfigs: []configJSON{}}
	var last uint64
	for _, v := range views {
		if v.seq >= before {
			continue
		}
		if len(out.ProvisionedConcurrencyConfigs) == maxItems {
			out.NextMarker = encodeMarker(fn, last)
			break
		}
		out.ProvisionedConcurrencyConfigs = append(out.ProvisionedConcurrencyConfigs, toJSON(v, p.s.qualifiedARN(fn, v.qualifier)))
		last = v.seq
	}
	x.writeJSON(http.StatusOK, out)
	return nil
}

// resolve interprets a FunctionName that passed the pattern check and the
// Qualifier parameter. needQualifier makes a missing qualifier an error.
func (p *lambdaProtocol) resolve(raw, qual string, hasQual, needQualifier bool) (fn, q string, e *awsError) {
	ref, ok := parseFunctionRef(raw)
	if !ok {
		return "", "", errValidation(violation(&raw, "functionName", "Member must satisfy regular expression pattern: "+functionNamePattern))
	}
	if ref.account == "" && len(ref.name) > bareNameMax {
		// AWS snapshot test_function_arns long_function_name_exc: this one is
		// an InvalidParameterValueException worded like a validation error.
		return "", "", errInvalidParameter("1 validation error detected: " +
			violation(&raw, "functionName", "Member must have length less than or equal to 64"))
	}
	if ref.region != "" && ref.region != p.s.region {
		// AWS snapshot test_function_arns function_arn_other_region_exc.
		return "", "", errResourceNotFound(fmt.Sprintf("Functions from '%s' are not reachable in this region ('%s')", redact.Clip(ref.region), p.s.region))
	}
	if ref.account != "" && ref.account != p.s.accountID {
		return "", "", errAccessDenied()
	}
	if hasQual && ref.qualifier != "" && ref.qualifier != qual {
		return "", "", errInvalidParameter(msgQualifierMismatch)
	}
	q = qual
	if !hasQual {
		q = ref.qualifier
	}
	if needQualifier && q == "" {
		// Guess: the framework's text for the missing required parameter.
		return "", "", errValidation(violation(nil, "qualifier", "Member must not be null"))
	}
	return ref.name, q, nil
}

// stateError renders a state error in Lambda's words.
func (p *lambdaProtocol) stateError(err error) *awsError {
	var se *stateError
	if !errors.As(err, &se) {
		return errService()
	}
	switch se.kind {
	case kindFunctionNotFound:
		// AWS snapshot list_provisioned_functionname_doesnotexist.
		return errResourceNotFound("Function not found: " + p.s.functionARN(se.function))
	case kindVersionNotFound:
		// AWS snapshot put/get/delete_provisioned_version_doesnotexist.
		return errResourceNotFound("Function not found: " + p.s.qualifiedARN(se.function, se.qualifier))
	case kindAliasNotFound:
		// AWS snapshot put/get/delete_provisioned_qualifier_doesnotexist.
		return errResourceNotFound("Cannot find alias arn: " + p.s.qualifiedARN(se.function, se.qualifier))
	case kindConfigNotFound:
		return errConfigNotFound()
	case kindUnpublished:
		// Guess: an alias on $LATEST is refused like $LATEST itself.
		return errInvalidParameter(msgPutLatest)
	case kindAliasOnProvisioned:
		return errResourceConflict(msgAliasOnProvisionedVersion)
	case kindVersionPointedByPC:
		return errResourceConflict(msgVersionPointedByAlias)
	case kindExceedsUnreserved:
		// AWS snapshot put_provisioned_concurrency_account_limit_exceeded:
		// the number is the account's ConcurrentExecutions, whatever other
		// configurations hold.
		return errInvalidParameterUntyped(fmt.Sprintf(
			"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [%d].", se.limit))
	case kindBelowMinimum:
		// AWS snapshot put_provisioned_concurrency_below_unreserved_min_value.
		return errInvalidParameterUntyped(fmt.Sprintf(
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", se.minimum))
	case kindOverReserved:
		// LocalStack's AWS-validated provider (put_provisioned_concurrency_config).
		return errInvalidParameter(msgOverReserved)
	case kindReservedBelowMin:
		// Quoted from PutFunctionConcurrency answers in
		// aws-samples/siem-on-amazon-opensearch-service#175 and
		// milliHQ/terraform-aws-next-js#251 (only "message" in the body).
		return errInvalidParameterUntyped(fmt.Sprintf(
			"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", se.minimum))
	case kindReservedUnderPC:
		// Guess: AWS refuses reserved concurrency below the function's
		// provisioned concurrency; its text is not known.
		return errInvalidParameterUntyped(fmt.Sprintf(
			"Specified ReservedConcurrentExecutions for function is less than the function's provisioned concurrency [%d].", se.provisioned))
	}
	return errService()
}

// decodePutBody reads {"ProvisionedConcurrentExecutions": N}.
func decodePutBody(body []byte) (*int64, *awsError) {
	return decodeCountBody(body, "ProvisionedConcurrentExecutions")
}

// decodeCountBody reads a body holding one integer member, {"key": N}. A
// missing or null count returns nil; JSON that is not an object, or a count
// that is not a 32-bit integer, is a SerializationException.
func decodeCountBody(body []byte, key string) (*int64, *awsError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, errSerialization("Start of structure or map found where not expected, or the JSON is malformed.")
	}
	raw, ok := fields[key]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 32)
	if err != nil {
		return nil, errSerialization("NUMBER_VALUE can not be converted to an Integer")
	}
	return &n, nil
}

// Markers are opaque to clients: base64url of "pc1|function|sequence".
func encodeMarker(fn string, seq uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("pc1|" + fn + "|" + strconv.FormatUint(seq, 10)))
}

func decodeMarker(m, fn string) (uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 3 || parts[0] != "pc1" || parts[1] != fn {
		return 0, false
	}
	seq, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return 0, false
	}
	return seq, true
}

// functionARN is the unqualified ARN of a function.
func (s *Server) functionARN(fn string) string {
	return fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", s.partition, s.region, s.accountID, fn)
}

// qualifiedARN is the ARN of a version or alias.
func (s *Server) qualifiedARN(fn, q string) string { return s.functionARN(fn) + ":" + q }
