// This file maps SCF's dotted error codes (Category.Detail) onto the root
// package's sentinels, and decides which answers are worth another attempt:
// SCF answers throttles and internal errors with HTTP 200, so a retry policy
// that looks at the status alone would miss them.

package tencentscf

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/transport/retry"
)

// detailKinds refines a category for the codes whose description says more
// than their category. The descriptions are those of the
// PutProvisionedConcurrencyConfig error table and the API 3.0 common error
// codes.
// codeProvisionedInProgress refuses a Put while the version's allocation
// runs; Put looks behind it when an earlier attempt may have started it.
const codeProvisionedInProgress = "FailedOperation.ProvisionedInProgress"

var detailKinds = map[string]error{
	// "The function version already has a provisioned concurrency setting
	// task in progress. Please try again later."
	codeProvisionedInProgress: provconc.ErrResourceConflict,
	// "This operation cannot be performed in the current debugging status."
	"FailedOperation.DebugModeStatus": provconc.ErrResourceConflict,
	// "...in the current function version status. Please try again when the
	// version is in normal status."
	"FailedOperation.FunctionVersionStatusNotActive": provconc.ErrResourceConflict,
	// The account cannot use the service until its owner acts (arrears, a
	// service not activated or closed): no retry helps, as with a refusal of
	// the credentials (AWS answers an account that has not opted in with a
	// 403 too).
	"FailedOperation.InsufficientBalance": provconc.ErrAccessDenied,
	"FailedOperation.ServiceClosed":       provconc.ErrAccessDenied,
	"FailedOperation.UnOpenedService":     provconc.ErrAccessDenied,
	// "Failed to create / delete the scheduled provisioned concurrency
	// scaling action": the service failed on its side.
	"FailedOperation.ProvisionCreateTimer": provconc.ErrService,
	"FailedOperation.ProvisionDeleteTimer": provconc.ErrService,
	// "Running out of available provisioned concurrency quota" and "The
	// provisioned concurrency exceeds the limit": AWS answers an exhausted
	// pool with InvalidParameterValueException, and so does this SDK.
	"FailedOperation.ProvisionedExceedAvailable": provconc.ErrInvalidParameterValue,
	"FailedOperation.ProvisionedExceedReserved":  provconc.ErrInvalidParameterValue,
	// "The function does not exist." The name was well-formed (it passed
	// the input checks), so this is a missing function, as
	// ResourceNotFound.Function says for the other operations.
	"InvalidParameterValue.FunctionName": provconc.ErrResourceNotFound,
	// Common codes without a dotted category.
	"ServiceUnavailable":       provconc.ErrService,
	"ActionOffline":            provconc.ErrInvalidParameterValue,
	"InvalidAction":            provconc.ErrInvalidParameterValue,
	"InvalidRequest":           provconc.ErrInvalidParameterValue,
	"NoSuchProduct":            provconc.ErrInvalidParameterValue,
	"NoSuchVersion":            provconc.ErrInvalidParameterValue,
	"UnknownParameter":         provconc.ErrInvalidParameterValue,
	"UnsupportedProtocol":      provconc.ErrInvalidParameterValue,
	"UnsupportedRegion":        provconc.ErrInvalidParameterValue,
	"RequestSizeLimitExceeded": provconc.ErrInvalidParameterValue,
	"IpInBlacklist":            provconc.ErrAccessDenied,
	"IpNotInWhitelist":         provconc.ErrAccessDenied,
}

// categoryKinds maps the part of a code before the first '.' (or the whole
// code when it has none).
var categoryKinds = map[string]error{
	"AuthFailure":           provconc.ErrAccessDenied,
	"UnauthorizedOperation": provconc.ErrAccessDenied,
	"OperationDenied":       provconc.ErrAccessDenied,
	"RequestLimitExceeded":  provconc.ErrTooManyRequests,
	"InternalError":         provconc.ErrService,
	"ResourceInsufficient":  provconc.ErrService,
	"ResourceNotFound":      provconc.ErrResourceNotFound,
	"InvalidParameter":      provconc.ErrInvalidParameterValue,
	"InvalidParameterValue": provconc.ErrInvalidParameterValue,
	"MissingParameter":      provconc.ErrInvalidParameterValue,
	"LimitExceeded":         provconc.ErrInvalidParameterValue,
	"UnsupportedOperation":  provconc.ErrInvalidParameterValue,
	"FailedOperation":       provconc.ErrResourceConflict,
	"ResourceInUse":         provconc.ErrResourceConflict,
	"ResourceUnavailable":   provconc.ErrResourceConflict,
}

// KindOf returns the provconc sentinel an SCF error code maps to, such as
// provconc.ErrResourceNotFound for "ResourceNotFound.FunctionVersion", or
// nil for a code it does not know (DryRunOperation, a new category). Known
// details refine their category; see the package documentation for the
// table.
func KindOf(code string) error {
	if kind, ok := detailKinds[code]; ok {
		return kind
	}
	category, _, _ := strings.Cut(code, ".")
	return categoryKinds[category]
}

// classifyPeekLimit bounds how much of a 200 the classifier looks at. An
// error answer is a few hundred bytes; a longer body is a success, which
// the classifier leaves alone.
const classifyPeekLimit = 16 << 10

// newClassifier returns the retry.Classifier of the protocol: a 200 whose
// body carries an error of kind ErrTooManyRequests (RequestLimitExceeded and
// its details, marked as a throttle) or ErrService (InternalError and the
// like) is retried with the same backoff and budget as a 429 or a 503;
// every other answer goes to next (retry.DefaultClassifier if nil), with
// its body intact.
func newClassifier(next retry.Classifier) retry.Classifier {
	if next == nil {
		next = retry.DefaultClassifier
	}
	return func(resp *http.Response, err error) retry.Decision {
		if err == nil && resp != nil && resp.StatusCode == http.StatusOK {
			switch errorKindInBody(resp) {
			case provconc.ErrTooManyRequests:
				return retry.Decision{Retry: true, Throttle: true}
			case provconc.ErrService:
				return retry.Decision{Retry: true}
			}
		}
		return next(resp, err)
	}
}

// errorKindInBody returns the kind of the SCF error a response carries, nil
// for none, leaving the body whole for whoever reads it next. It reads the
// body whole, as the protocol will (httpcall.PeekAnswer, so it is read into
// memory once), and looks at its first classifyPeekLimit bytes. A body that
// fails while read (a deadline mid-answer) is left to the next reader, which
// meets the same error: PeekAnswer keeps it.
func errorKindInBody(resp *http.Response) error {
	body, _ := httpcall.PeekAnswer(resp)
	if len(body) > classifyPeekLimit {
		body = body[:classifyPeekLimit]
	}
	// Most answers are successes: skip decoding them.
	if !bytes.Contains(body, []byte(`"Error"`)) {
		return nil
	}
	var env struct {
		Response struct {
			Error *struct{ Code string }
		}
	}
	if json.Unmarshal(body, &env) != nil || env.Response.Error == nil {
		return nil
	}
	return KindOf(env.Response.Error.Code)
}
