// This file defines every error the SDK returns: sentinels that answer
// errors.Is for the kind of failure, and the types that answer errors.As for
// the detail. Protocols map their wire codes onto these, so code that handles
// errors works the same against every cloud.

package provconc

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"

	"github.com/provconc/provconc/internal/redact"
)

// Sentinels for the documented kinds of service error. An *APIError matches
// the one its Kind names. SCF codes are mapped by their category, with the
// exceptions named below where a code's description says more;
// transport/tencentscf's package doc has the whole table.
var (
	// ErrInvalidParameterValue: the service refused a parameter
	// (InvalidParameterValueException, ValidationException; SCF most of
	// InvalidParameter*, MissingParameter, LimitExceeded.*, and the quota
	// refusals FailedOperation.ProvisionedExceedAvailable and
	// ProvisionedExceedReserved, as AWS answers an exhausted pool; but SCF
	// InvalidParameterValue.FunctionName is ErrResourceNotFound).
	ErrInvalidParameterValue = errors.New("provconc: invalid parameter value")
	// ErrResourceNotFound: the function, version or alias does not exist
	// (ResourceNotFoundException; SCF ResourceNotFound.* and
	// InvalidParameterValue.FunctionName, "The function does not exist.").
	ErrResourceNotFound = errors.New("provconc: resource not found")
	// ErrProvisionedConcurrencyConfigNotFound: the version or alias has no
	// provisioned concurrency config.
	ErrProvisionedConcurrencyConfigNotFound = errors.New("provconc: provisioned concurrency config not found")
	// ErrResourceConflict: the resource is in a state that forbids the call,
	// for example an update already in progress (ResourceConflictException;
	// SCF most of FailedOperation.*, ResourceInUse.*, ResourceUnavailable.*;
	// but the account states FailedOperation.InsufficientBalance,
	// ServiceClosed and UnOpenedService are ErrAccessDenied, the timer
	// failures ProvisionCreateTimer and ProvisionDeleteTimer ErrService, and
	// ProvisionedExceedAvailable and ProvisionedExceedReserved
	// ErrInvalidParameterValue).
	ErrResourceConflict = errors.New("provconc: resource conflict")
	// ErrTooManyRequests: the call was throttled (TooManyRequestsException,
	// or another code the official AWS clients count as a throttle, such as
	// SlowDown or ThrottlingException, whatever the status, but Application
	// Auto Scaling's LimitExceededException, a per-account resource limit
	// no retry lifts, which is ErrInvalidParameterValue; SCF
	// RequestLimitExceeded and RequestLimitExceeded.*, sent inside an HTTP
	// 200).
	ErrTooManyRequests = errors.New("provconc: too many requests")
	// ErrService: the service failed internally (ServiceException; SCF
	// InternalError, InternalError.*, ServiceUnavailable,
	// ResourceInsufficient.*, FailedOperation.ProvisionCreateTimer and
	// ProvisionDeleteTimer).
	ErrService = errors.New("provconc: service error")
	// ErrAccessDenied: the credentials were refused or lack permission
	// (AccessDeniedException, UnrecognizedClientException,
	// InvalidSignatureException, ExpiredTokenException; SCF AuthFailure.*,
	// UnauthorizedOperation, OperationDenied.*, and the account states
	// FailedOperation.InsufficientBalance, ServiceClosed and UnOpenedService).
	ErrAccessDenied = errors.New("provconc: access denied")
)

// Sentinels for failures detected by the SDK itself.
var (
	// ErrInvalidInput: an input failed a documented rule before anything was
	// sent. The error is an *InputError naming the field and the rule.
	ErrInvalidInput = errors.New("provconc: invalid input")
	// ErrAllocationFailed: a wait ended because the allocation reached
	// FAILED. The error is an *AllocationFailedError.
	ErrAllocationFailed = errors.New("provconc: provisioned concurrency allocation failed")
	// ErrRepeatedMarker: the service returned a pagination marker it had
	// returned before, so the walk stopped rather than loop forever.
	ErrRepeatedMarker = errors.New("provconc: service repeated a pagination marker")
	// ErrInvalidResponse: the service's answer could not be read as the
	// documented shape (malformed JSON, an oversized body, an unknown
	// timestamp form, a count, capacity or cooldown outside the model's
	// 32-bit integers), or the answer came from another host than the
	// endpoint's: a cross-host redirect the caller's HTTPClient followed
	// (or a host it rewrote) is refused, not retried.
	ErrInvalidResponse = errors.New("provconc: invalid response from service")
	// ErrRetryExhausted: retries ended (attempt limit, retry budget or
	// deadline) without success. The error is a *RetryExhaustedError.
	ErrRetryExhausted = errors.New("provconc: retries exhausted")
)

// APIError is an error answered by the service. Use errors.As to read it and
// errors.Is with the sentinels to test its kind.
//
// It also answers the way code written for aws-sdk-go-v2 inspects errors:
// errors.As into a smithy.APIError gives ErrorCode, ErrorMessage and
// ErrorFault, and its HTTPStatusCode and ServiceRequestID methods are those
// of the official clients' response error.
type APIError struct {
	// Provider names the protocol that decoded the answer ("aws-lambda",
	// "tencent-scf").
	Provider string
	// Operation is the wire operation, such as
	// "GetProvisionedConcurrencyConfig".
	Operation string
	// Code is the service's error code as sent, less any AWS ":" suffix,
	// such as "ResourceNotFoundException" or "ResourceNotFound.FunctionVersion".
	Code string
	// Message is the service's message, whole but for the values of any
	// credential it quotes (a session token or a signature in the canonical
	// request of a refused signature), which the protocols hide when they
	// decode it. Error shows it cut after 1 KiB.
	Message string
	// Type is AWS's error type ("User" or "Service"); empty if not sent.
	Type string
	// StatusCode is the HTTP status of the answer. Tencent SCF answers errors
	// with 200.
	StatusCode int
	// RequestID is the service's request id, as sent. Error shows at most
	// 160 bytes of it.
	RequestID string
	// RetryAfter is how long the service asked the caller to wait; zero when
	// it did not say.
	RetryAfter time.Duration
	// Reason is the throttle reason AWS sends with a 429, such as
	// "CallerRateLimitExceeded"; empty otherwise.
	Reason string
	// Attempts is how many HTTP attempts the call made, retries included.
	Attempts int
	// Kind is the sentinel this error matches with errors.Is, such as
	// ErrResourceNotFound; nil for a code the SDK does not know, whose Code
	// and Message still tell what happened.
	Kind error
}

// Error formats the error with its code, message, status and request id.
// What the server sent is cut (a code and a request id after 160 bytes, the
// message after 1 KiB) and any credential the message quotes is hidden, so
// that a hostile or echoing server cannot flood or leak into a log line.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("provconc: ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteByte(' ')
	}
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	switch {
	case e.Code != "":
		b.WriteString(redact.Clip(e.Code))
	case e.Kind != nil:
		// No wire code (an SCF read with no entry, a gateway's page): the
		// kind says what it was.
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "provconc: "))
	default:
		b.WriteString("error")
	}
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteByte(')')
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(redact.Message(e.Message))
	}
	if e.RequestID != "" {
		b.WriteString(" [request id ")
		b.WriteString(redact.Clip(e.RequestID))
		b.WriteByte(']')
	}
	return b.String()
}

// Unwrap returns the sentinel of the error's kind, so errors.Is works.
func (e *APIError) Unwrap() error { return e.Kind }

// Compile-time check that code written for the official clients finds an
// *APIError with errors.As into a smithy.APIError.
var _ smithy.APIError = (*APIError)(nil)

// ErrorCode returns Code, for smithy.APIError.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns Message, for smithy.APIError.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault says whose fault the error is, for smithy.APIError, from its
// Kind as the official Lambda client decides it from the modelled error:
// FaultServer for ErrService; FaultClient for ErrInvalidParameterValue,
// ErrResourceNotFound, ErrProvisionedConcurrencyConfigNotFound,
// ErrResourceConflict and ErrTooManyRequests; FaultUnknown for the rest
// (ErrAccessDenied and unknown codes), which the service does not model.
// Differences: a ValidationException, which the official client does not
// model either, counts as ErrInvalidParameterValue and so as FaultClient,
// and a throttle code it does not model (ThrottlingException, SlowDown) as
// ErrTooManyRequests and FaultClient. EC2ThrottledException, a throttle too,
// is FaultServer, as Lambda models it: EC2 throttled the service, not the
// caller.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	switch e.Kind {
	case ErrService:
		return smithy.FaultServer
	case ErrTooManyRequests:
		if e.Code == "EC2ThrottledException" {
			return smithy.FaultServer
		}
		return smithy.FaultClient
	case ErrInvalidParameterValue, ErrResourceNotFound, ErrProvisionedConcurrencyConfigNotFound,
		ErrResourceConflict:
		return smithy.FaultClient
	}
	return smithy.FaultUnknown
}

// HTTPStatusCode returns StatusCode, as the official clients' response
// error does.
func (e *APIError) HTTPStatusCode() int { return e.StatusCode }

// ServiceRequestID returns RequestID, as the official clients' response
// error does.
func (e *APIError) ServiceRequestID() string { return e.RequestID }

// Retryable reports whether repeating the same call may succeed: throttles
// and service failures.
func (e *APIError) Retryable() bool {
	if e.Kind == ErrTooManyRequests || e.Kind == ErrService {
		return true
	}
	switch e.StatusCode {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// InputError reports an input that failed a documented rule. Nothing was
// sent. It matches ErrInvalidInput.
type InputError struct {
	// Field names the input field, such as "FunctionName".
	Field string
	// Rule says what the field must satisfy.
	Rule string
	// Value is the offending value, empty when the field was missing. A
	// value longer than 160 bytes is cut to its start followed by "…", so
	// a hostile input cannot flood a log line.
	Value string
	// ValueLen is the length in bytes of a value that was cut; 0 when
	// Value is whole.
	ValueLen int
}

// Error names the field, the value and the rule. A value cut by
// NewInputError shows its start and its length: "aaaa…" (1048576 bytes).
func (e *InputError) Error() string {
	if e.Value == "" {
		return "provconc: invalid " + e.Field + ": " + e.Rule
	}
	shown := redact.Quote(e.Value)
	if e.ValueLen > len(e.Value) {
		shown = strconv.Quote(e.Value) + " (" + strconv.Itoa(e.ValueLen) + " bytes)"
	}
	return "provconc: invalid " + e.Field + " " + shown + ": " + e.Rule
}

// Is reports ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// NewInputError returns an *InputError for field, with a value longer than
// 160 bytes cut (see InputError.Value). Protocols use it for their own rules.
func NewInputError(field, value, rule string) *InputError {
	e := &InputError{Field: field, Value: redact.Clip(value), Rule: rule}
	if len(e.Value) != len(value) {
		e.ValueLen = len(value)
	}
	return e
}

// AllocationFailedError reports a wait that ended with the allocation in
// FAILED. It matches ErrAllocationFailed.
type AllocationFailedError struct {
	// Config is the config as last read, with StatusReason.
	Config Config
}

// Error includes the service's StatusReason, cut after 160 bytes as
// WaitTimeoutError cuts it, since the server wrote it. A config without a
// FunctionName (a test's fake answer) is not named.
func (e *AllocationFailedError) Error() string {
	msg := "provconc: provisioned concurrency allocation failed"
	if e.Config.FunctionName != "" {
		msg += " for " + redact.Clip(e.Config.FunctionName)
		if e.Config.Qualifier != "" {
			msg += ":" + redact.Clip(e.Config.Qualifier)
		}
	}
	if e.Config.StatusReason != "" {
		msg += ": " + redact.Clip(e.Config.StatusReason)
	}
	return msg
}

// Is reports ErrAllocationFailed.
func (e *AllocationFailedError) Is(target error) bool { return target == ErrAllocationFailed }

// RetryExhaustedError reports a call whose retries ended without success. It
// matches ErrRetryExhausted (and context.DeadlineExceeded when the deadline
// ended them), and unwraps to the last attempt's error (an *APIError or a
// transport error), so errors.As and the kind sentinels see through it.
type RetryExhaustedError struct {
	// Attempts is the number of attempts made.
	Attempts int
	// Reason says why retrying stopped: "max attempts", "retry budget
	// exhausted" or "deadline".
	Reason string
	// Err is the last attempt's error.
	Err error
}

// Error gives the attempts, the reason and the last error.
func (e *RetryExhaustedError) Error() string {
	attempts := " attempts ("
	if e.Attempts == 1 {
		attempts = " attempt ("
	}
	return "provconc: giving up after " + strconv.Itoa(e.Attempts) + attempts + e.Reason + "): " + errString(e.Err)
}

// Unwrap returns the last attempt's error.
func (e *RetryExhaustedError) Unwrap() error { return e.Err }

// Is reports ErrRetryExhausted, and context.DeadlineExceeded when retrying
// stopped for the deadline (Reason "deadline"): the wait before the next
// attempt would have outlasted it, so the call ran out of time as surely as
// if it had waited, and errors.Is(err, context.DeadlineExceeded) holds as it
// does for the official clients, whose retry sleep runs into the deadline.
func (e *RetryExhaustedError) Is(target error) bool {
	return target == ErrRetryExhausted || target == context.DeadlineExceeded && e.Reason == reasonDeadline
}

// reasonDeadline is transport/retry's ReasonDeadline, which this package
// cannot import.
const reasonDeadline = "deadline"

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
