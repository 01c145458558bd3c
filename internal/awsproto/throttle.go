package awsproto

import (
	"encoding/json"
	"net/http"

	"github.com/provconc/provconc/transport/retry"
)

// throttleCodes are the error codes the official clients count as throttles
// whatever the status they come with (aws-sdk-go-v2's
// retry.DefaultThrottleErrorCodes): S3's 503 SlowDown, Lambda's 502
// EC2ThrottledException, the 400 ThrottlingException of many services.
var throttleCodes = map[string]bool{
	"Throttling":                             true,
	"ThrottlingException":                    true,
	"ThrottledException":                     true,
	"RequestThrottledException":              true,
	"TooManyRequestsException":               true,
	"ProvisionedThroughputExceededException": true,
	"TransactionInProgressException":         true,
	"RequestLimitExceeded":                   true,
	"BandwidthLimitExceeded":                 true,
	"LimitExceededException":                 true,
	"RequestThrottled":                       true,
	"SlowDown":                               true,
	"PriorRequestNotComplete":                true,
	"EC2ThrottledException":                  true,
}

// IsThrottleCode reports whether a sanitized error code (see SanitizeCode)
// is one the official clients count as a throttle.
func IsThrottleCode(code string) bool { return throttleCodes[code] }

// throttlePeekLimit bounds how much of an error answer the classifier reads
// for its code: an AWS error body is a few hundred bytes.
const throttlePeekLimit = 4096

// ThrottleCodeClassifier retries what base retries and, besides, marks as a
// throttle, and retries, an error answer whose code (X-Amzn-ErrorType, else
// the body's __type or code, as the official clients read it) isThrottle
// says is one (IsThrottleCode when nil): a 503 SlowDown or a 400
// ThrottlingException is the service asking for less, as a 429 is, and the
// Transport's rate limiter must see it so (paced, not counted against a
// default MaxAttempts), or calls fail where the official clients slow
// down. A protocol whose service models one of those codes as something
// else (a quota) passes its own isThrottle.
func ThrottleCodeClassifier(base retry.Classifier, isThrottle func(code string) bool) retry.Classifier {
	if isThrottle == nil {
		isThrottle = IsThrottleCode
	}
	return func(resp *http.Response, err error) retry.Decision {
		d := base(resp, err)
		if d.Throttle || err != nil || resp == nil || resp.StatusCode < http.StatusBadRequest {
			return d
		}
		if isThrottle(errorCode(resp)) {
			d.Retry, d.Throttle = true, true
		}
		return d
	}
}

// errorCode returns the sanitized code of an error answer, leaving its body
// whole for the protocol to decode.
func errorCode(resp *http.Response) string {
	if code := resp.Header.Get("X-Amzn-Errortype"); code != "" {
		return SanitizeCode(code)
	}
	body, err := retry.PeekBody(resp, throttlePeekLimit)
	if err != nil {
		return ""
	}
	var we struct {
		Type string `json:"__type"`
		Code string
	}
	// A body that is not JSON leaves we empty; a code that is not text
	// (a number) leaves __type read, as the official clients read it.
	_ = json.Unmarshal(body, &we)
	if we.Type != "" {
		return SanitizeCode(we.Type)
	}
	return SanitizeCode(we.Code)
}
