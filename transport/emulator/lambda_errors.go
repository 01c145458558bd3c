package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/provconc/provconc/internal/redact"
)

// awsError is an AWS Lambda error answer: status, code (X-Amzn-ErrorType)
// and JSON body. The body keys differ per exception, as in the service
// model: ResourceNotFoundException and ServiceException use "Message", the
// other modelled exceptions "message" (aws-sdk-go-v2 service/lambda schemas).
type awsError struct {
	status     int
	code       string
	body       map[string]any
	retryAfter int
}

func (e *awsError) Error() string { return e.code }

// writeAWSError renders e on the exchange.
func (x *exchange) writeAWSError(e *awsError) {
	h := x.w.Header()
	h.Set("X-Amzn-RequestId", x.id)
	h.Set("X-Amzn-ErrorType", e.code)
	h.Set("Content-Type", "application/json")
	if e.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	b, _ := json.Marshal(e.body)
	x.w.WriteHeader(e.status)
	_, _ = x.w.Write(b)
}

// errValidation is the framework's constraint violation answer, with every
// violation of the request listed. Wording and shape from the AWS snapshot
// (e.g. put_provisioned_invalid_param_0: code ValidationException, 400, the
// body has only a message; "2 validation errors detected: a; b" in
// test_layer_exceptions).
func errValidation(violations ...string) *awsError {
	n := len(violations)
	head := "1 validation error detected: "
	if n > 1 {
		head = fmt.Sprintf("%d validation errors detected: ", n)
	}
	return &awsError{
		status: http.StatusBadRequest,
		code:   "ValidationException",
		body:   map[string]any{"message": head + strings.Join(violations, "; ")},
	}
}

// violation formats one constraint violation ("Value 'x' at 'field' failed
// to satisfy constraint: ..."); a nil value prints as null, and a long one
// is cut (redact.Clip), so a hostile request does not come back whole.
func violation(value *string, field, constraint string) string {
	v := "null"
	if value != nil {
		v = "'" + redact.Clip(*value) + "'"
	}
	return fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", v, field, constraint)
}

// errInvalidParameter is InvalidParameterValueException with Type User and
// lower-case message (AWS snapshot, e.g. put_provisioned_latest).
func errInvalidParameter(msg string) *awsError {
	return &awsError{
		status: http.StatusBadRequest,
		code:   "InvalidParameterValueException",
		body:   map[string]any{"Type": "User", "message": msg},
	}
}

// errInvalidParameterUntyped is InvalidParameterValueException without the
// Type key, as the account-limit answers come (AWS snapshot,
// test_provisioned_concurrency_limits: only "message").
func errInvalidParameterUntyped(msg string) *awsError {
	return &awsError{
		status: http.StatusBadRequest,
		code:   "InvalidParameterValueException",
		body:   map[string]any{"message": msg},
	}
}

// errResourceNotFound uses capital "Message" (AWS snapshot; SDK model).
func errResourceNotFound(msg string) *awsError {
	return &awsError{
		status: http.StatusNotFound,
		code:   "ResourceNotFoundException",
		body:   map[string]any{"Type": "User", "Message": msg},
	}
}

// errConfigNotFound: AWS snapshot get_provisioned_config_doesnotexist.
func errConfigNotFound() *awsError {
	return &awsError{
		status: http.StatusNotFound,
		code:   "ProvisionedConcurrencyConfigNotFoundException",
		body:   map[string]any{"Type": "User", "message": "No Provisioned Concurrency Config found for this function"},
	}
}

// errResourceConflict: AWS snapshot test_lambda_provisioned_lifecycle.
func errResourceConflict(msg string) *awsError {
	return &awsError{
		status: http.StatusConflict,
		code:   "ResourceConflictException",
		body:   map[string]any{"Type": "User", "message": msg},
	}
}

// errTooManyRequests: body as quoted from real 429s in
// fyoorer/ShadowClone#25 and #46 ({"Reason":"CallerRateLimitExceeded",
// "Type":"User","message":"Rate exceeded"}); Retry-After is the header bound
// to retryAfterSeconds in the SDK model.
func errTooManyRequests(retryAfter int) *awsError {
	return &awsError{
		status:     http.StatusTooManyRequests,
		code:       "TooManyRequestsException",
		body:       map[string]any{"Reason": "CallerRateLimitExceeded", "Type": "User", "message": "Rate exceeded"},
		retryAfter: retryAfter,
	}
}

// errService: ServiceException, Type Service, capital Message (SDK model).
// The message text is a guess.
func errService() *awsError {
	return &awsError{
		status: http.StatusInternalServerError,
		code:   "ServiceException",
		body:   map[string]any{"Type": "Service", "Message": "An internal error occurred. Please try again."},
	}
}

// errUnavailable: the code and text are guesses; the Lambda model has no
// 503 exception for these operations.
func errUnavailable() *awsError {
	return &awsError{
		status: http.StatusServiceUnavailable,
		code:   "ServiceUnavailableException",
		body:   map[string]any{"Type": "Service", "message": "Service Unavailable"},
	}
}

// errAccessDenied: a function ARN of another account (AWS snapshot,
// test_function_arns function_arn_other_account_exc: 403 with a null message).
func errAccessDenied() *awsError {
	return &awsError{
		status: http.StatusForbidden,
		code:   "AccessDeniedException",
		body:   map[string]any{"Message": nil},
	}
}

// errSerialization: an unreadable JSON body. Code and status follow the
// rest-json protocol (floci-io/floci#2537 reports 400 SerializationException
// from Lambda); the message text is a guess.
func errSerialization(msg string) *awsError {
	return &awsError{
		status: http.StatusBadRequest,
		code:   "SerializationException",
		body:   map[string]any{"message": msg},
	}
}

// errUnknownOperation answers a path or method no operation serves. Code,
// status and text are guesses.
func errUnknownOperation() *awsError {
	return &awsError{
		status: http.StatusNotFound,
		code:   "UnknownOperationException",
		body:   map[string]any{"message": "Unknown operation"},
	}
}

// Authentication failures (403).

// errMissingAuthentication: unsigned request; as quoted for
// lambda.us-east-1.amazonaws.com in brefphp/bref#1250.
func errMissingAuthentication() *awsError {
	return &awsError{
		status: http.StatusForbidden,
		code:   "MissingAuthenticationTokenException",
		body:   map[string]any{"message": "Missing Authentication Token"},
	}
}

// errUnrecognizedClient: unknown access key or session token; 403 from
// Lambda as quoted in iann0036/iamlive#58.
func errUnrecognizedClient() *awsError {
	return &awsError{
		status: http.StatusForbidden,
		code:   "UnrecognizedClientException",
		body:   map[string]any{"message": "The security token included in the request is invalid."},
	}
}

// Signature mismatch text as quoted in aws/aws-sdk-js#168 and
// smithy545/aws-apps-scripts#12.
const signatureMismatch = "The request signature we calculated does not match the signature you provided. " +
	"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// errInvalidSignature: 403 InvalidSignatureException.
func errInvalidSignature(msg string) *awsError {
	return &awsError{
		status: http.StatusForbidden,
		code:   "InvalidSignatureException",
		body:   map[string]any{"message": msg},
	}
}

// errIncompleteSignature: a malformed Authorization header. Code from the
// SigV4 error family; the text is a guess.
func errIncompleteSignature(msg string) *awsError {
	return &awsError{
		status: http.StatusForbidden,
		code:   "IncompleteSignatureException",
		body:   map[string]any{"message": msg},
	}
}
