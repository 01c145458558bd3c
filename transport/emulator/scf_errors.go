// This file holds the error answers of the SCF protocol: code and message
// of every failure the emulator renders inside an HTTP 200
// {"Response": {"Error": {...}, "RequestId": ...}}.
//
// Where the message is marked "observed" it was quoted from a real answer;
// the others are the descriptions of the error-code tables (the
// PutProvisionedConcurrencyConfig page in seeds/004 and the Java SDK's
// ScfErrorCode enum, TencentCloud/tencentcloud-sdk-java-intl-en
// scf/v20180416/ScfErrorCode.java), which the live service may phrase
// differently.

package emulator

import (
	"fmt"
	"strconv"

	"github.com/provconc/provconc/internal/redact"
)

// scfError is one error answer: Response.Error.Code and .Message.
type scfError struct {
	code    string
	message string
}

func (e *scfError) Error() string { return e.code + ": " + e.message }

// Common errors of API 3.0.

// errSCFMissingParameter: observed "The request is missing a required
// parameter `Timestamp`." (tencentcloud-sdk-nodejs tests, PHP SDK docs;
// same pattern for `Region`, `MediaType`, `MaxPrice`).
func errSCFMissingParameter(name string) *scfError {
	return &scfError{"MissingParameter", "The request is missing a required parameter `" + name + "`."}
}

// Values a request sent are cut (redact.Clip) where a message echoes them,
// so a hostile request does not come back whole.

// errSCFUnknownParameter: observed "The parameter `EngSerViceType` is not
// recognized." (an ASR UnknownParameter answer quoted in a CloudBase log).
func errSCFUnknownParameter(name string) *scfError {
	return &scfError{"UnknownParameter", "The parameter `" + redact.Clip(name) + "` is not recognized."}
}

// errSCFTypeError: observed for the v1 common parameter Nonce ("Parameter
// `Nonce` type error."); the same wording for action parameters is a guess.
func errSCFTypeError(name string) *scfError {
	return &scfError{"InvalidParameter", "Parameter `" + name + "` type error."}
}

// errSCFMalformedBody: a body that is not a JSON object. Code and text are
// guesses.
func errSCFMalformedBody() *scfError {
	return &scfError{"InvalidParameter", "The request body is not a valid JSON object."}
}

// errSCFInvalidAction: observed "The request `Action` is invalid or not
// found." (a TencentCloud API answer quoted in a C++ client's header).
func errSCFInvalidAction() *scfError {
	return &scfError{"InvalidAction", "The request `Action` is invalid or not found."}
}

// errSCFNoSuchVersion: observed "The specified api version=`2019-07-22` does
// not exist in service=`tms`." (TencentCloud/tencentcloud-sdk-dotnet#45).
func errSCFNoSuchVersion(version string) *scfError {
	return &scfError{"NoSuchVersion", "The specified api version=`" + redact.Clip(version) + "` does not exist in service=`scf`."}
}

// errSCFRequestLimit: observed "Your current request times equals to `21`
// in a second, which exceeds the frequency limit `20` for a second. Please
// reduce the frequency of calls." (a TencentCloudSDKError quoted in a
// Kubernetes event log, and the same text for `23`/`20` in CloudBase).
func errSCFRequestLimit(times int, limit string) *scfError {
	return &scfError{"RequestLimitExceeded", fmt.Sprintf(
		"Your current request times equals to `%d` in a second, which exceeds the frequency limit `%s` for a second. Please reduce the frequency of calls.",
		times, limit)}
}

// errSCFInternal: the description "Internal error." (error-code tables).
func errSCFInternal() *scfError { return &scfError{"InternalError", "Internal error."} }

// Authentication errors.

// msgSCFSignatureFailure is the text of the documented example answer on
// every API 3.0 "Responses" and "Error Codes" page.
const msgSCFSignatureFailure = "The provided credentials could not be validated. Please check your signature is correct."

func errSCFSignatureFailure() *scfError {
	return &scfError{"AuthFailure.SignatureFailure", msgSCFSignatureFailure}
}

// errSCFSecretIDNotFound: observed (starsunyzl/ddns-scripts-dnspod#3,
// TencentCloud/tencentcloud-sdk-nodejs#138 and #279).
func errSCFSecretIDNotFound() *scfError {
	return &scfError{"AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."}
}

// errSCFSignatureExpire: observed "The signature is expired, please request
// again." (two independent captures of API 3.0 answers).
func errSCFSignatureExpire() *scfError {
	return &scfError{"AuthFailure.SignatureExpire", "The signature is expired, please request again."}
}

// errSCFInvalidAuthorization: a malformed Authorization header. The text is
// the common-code description.
func errSCFInvalidAuthorization() *scfError {
	return &scfError{"AuthFailure.InvalidAuthorization", "Authorization in the request header is invalid."}
}

// errSCFTokenFailure: a temporary credential's X-TC-Token that does not
// match. The text is the common-code description.
func errSCFTokenFailure() *scfError {
	return &scfError{"AuthFailure.TokenFailure", "Token error."}
}

// Errors of the provisioned concurrency actions (descriptions of seeds/004
// and ScfErrorCode).

func errSCFNamespaceNotFound() *scfError {
	return &scfError{"ResourceNotFound.Namespace", "Namespace does not exist."}
}

func errSCFFunctionNotFound() *scfError {
	return &scfError{"ResourceNotFound.Function", "The function does not exist."}
}

func errSCFVersionNotFound() *scfError {
	return &scfError{"ResourceNotFound.FunctionVersion", "The function version does not exist."}
}

// errSCFVersionDeleted answers a version that was published and deleted
// since (DeleteSCFVersion); a version never published is
// ResourceNotFound.FunctionVersion. The split between the two documented
// codes is the emulator's.
func errSCFVersionDeleted() *scfError {
	return &scfError{"ResourceNotFound.Version", "The version does not exist."}
}

// errSCFFunctionNameInvalid answers a FunctionName that breaks SCF's naming
// rule; the description is the table's.
func errSCFFunctionNameInvalid() *scfError {
	return &scfError{"InvalidParameterValue.FunctionName", "The function does not exist."}
}

// errSCFNamespaceInvalid answers a Get whose Namespace breaks the rule of
// up to 30 letters, digits, '-' and '_' (description from ScfErrorCode).
func errSCFNamespaceInvalid() *scfError {
	return &scfError{"InvalidParameterValue.Namespace", "Namespace error."}
}

func errSCFVersionNotActive() *scfError {
	return &scfError{"FailedOperation.FunctionVersionStatusNotActive",
		"This operation cannot be performed in the current function version status. Please try again when the version is in normal status."}
}

func errSCFExceedReserved() *scfError {
	return &scfError{"FailedOperation.ProvisionedExceedReserved", "The provisioned concurrency exceeds the limit."}
}

func errSCFFunctionMemoryLimit() *scfError {
	return &scfError{"LimitExceeded.FunctionTotalProvisionedConcurrencyMemory",
		"The value of FunctionTotalProvisionedConcurrencyMemory has reached the upper limit. You can submit a ticket to increase it at https://mc.tencent.com/dI7DzbBV."}
}

func errSCFAccountMemoryLimit() *scfError {
	return &scfError{"LimitExceeded.FunctionProvisionedConcurrencyMemory",
		"The value of FunctionProvisionedConcurrencyMemory has reached the upper limit. You can submit a ticket to increase it at https://mc.tencent.com/dI7DzbBV."}
}

func errSCFTriggerCronInterval() *scfError {
	return &scfError{"InvalidParameterValue.TriggerCronConfigTimeInterval",
		"The interval of triggering specified in TriggerCronConfig is smaller than the specified value."}
}

func errSCFTriggerInterval() *scfError {
	return &scfError{"LimitExceeded.ProvisionTriggerInterval", "The interval of triggering is too short."}
}

// errSCFQualifier answers $LATEST and qualifiers that are not version
// numbers (aliases cannot take provisioned concurrency).
func errSCFQualifier() *scfError {
	return &scfError{"InvalidParameterValue.Qualifier", "Unsupported function version."}
}

func errSCFProvisionedInProgress() *scfError {
	return &scfError{"FailedOperation.ProvisionedInProgress",
		"The function version already has a provisioned concurrency setting task in progress. Please try again later."}
}

func errSCFFunctionTotalLimit() *scfError {
	return &scfError{"LimitExceeded.FunctionTotalProvisionedConcurrencyNum",
		"The total amount of provisioned concurrency of the function has exceeded the limit."}
}

func errSCFExceedAvailable() *scfError {
	return &scfError{"FailedOperation.ProvisionedExceedAvailable", "Running out of available provisioned concurrency quota"}
}

func errSCFMaxCapacityLimit() *scfError {
	return &scfError{"LimitExceeded.MaxCapacity", "Reached the upper limit of dynamic scaling."}
}

func errSCFTriggerActionLimit() *scfError {
	return &scfError{"LimitExceeded.ProvisionTriggerAction",
		"The number of provisioned concurrency specified for the scheduled action is too large."}
}

// errSCFInvalidValue is the bare InvalidParameterValue, for values the
// tables give no detailed code (a static amount of 0, a tracking
// configuration with an amount).
func errSCFInvalidValue() *scfError {
	return &scfError{"InvalidParameterValue", "Incorrect parameter value."}
}

func errSCFProvisionType() *scfError {
	return &scfError{"InvalidParameterValue.ProvisionType", "ProvisionType input parameter error"}
}

func errSCFTrackingTarget() *scfError {
	return &scfError{"InvalidParameterValue.TrackingTarget", "TrackingTarget parameter error"}
}

func errSCFMinCapacity() *scfError {
	return &scfError{"InvalidParameterValue.MinCapacity", "MinCapacity parameter input error."}
}

func errSCFTriggerName() *scfError {
	return &scfError{"InvalidParameterValue.ProvisionTriggerName", "TriggerName input parameter error"}
}

func errSCFTriggerNameDuplicate() *scfError {
	return &scfError{"InvalidParameterValue.ProvisionTriggerNameDuplicate", "TriggerName already exists"}
}

func errSCFTriggerCron() *scfError {
	return &scfError{"InvalidParameterValue.TriggerCronConfig", "TriggerCronConfig input parameter error"}
}

func errSCFTriggerCronDuplicate() *scfError {
	return &scfError{"InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", "Cron expression of the scheduled action already exists"}
}

func errSCFTriggerNum() *scfError {
	return &scfError{"InvalidParameterValue.TriggerProvisionedConcurrencyNum", "TriggerProvisionedConcurrencyNum input parameter error"}
}

// formatRate prints a token-bucket rate the way the throttle message prints
// its limit: an integer when it is one.
func formatRate(r float64) string {
	if r == float64(int64(r)) {
		return strconv.FormatInt(int64(r), 10)
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}
