// This file lists every error code SCF documents for the three provisioned
// concurrency actions, with its description and how the emulator reaches
// it: by modelling the behaviour behind it, or, where the behaviour lies
// outside the emulated account (billing, service activation, permissions,
// the timer service), by injection through InjectSCFErrors. The codes of
// Put are the table of seeds/004; those of Get and Delete the "可能返回的错
// 误码" lists of tencentcloud-sdk-go scf/v20180416/client.go, plus
// MissingParameter, the common code every action answers for a missing
// required parameter. SCF_ERRORS.md shows the same table for readers; a
// test reaches every row with the official client.

package emulator

import "slices"

// scfCode is one documented error code.
type scfCode struct {
	code    string
	message string   // the documented description, which the emulator answers
	actions []string // the actions that document it
	// injectedOn lists the actions on which only InjectSCFErrors reaches
	// the code; on the others the emulator models its behaviour.
	injectedOn []string
}

var (
	scfAll    = []string{scfActionPut, scfActionGet, scfActionDelete}
	scfPutGet = []string{scfActionPut, scfActionGet}
	scfOnlyP  = []string{scfActionPut}
	scfOnlyG  = []string{scfActionGet}
)

// scfDocumentedCodes is the table, in the order of seeds/004, then the
// codes only Get documents.
var scfDocumentedCodes = []scfCode{
	{"FailedOperation.DebugModeStatus", "This operation cannot be performed in the current debugging status.", scfOnlyP, scfOnlyP},
	{"FailedOperation.FunctionVersionStatusNotActive", errSCFVersionNotActive().message, scfOnlyP, nil},
	{"FailedOperation.InsufficientBalance", "The current account or namespace is in arrears. Please try again when it becomes available.", scfOnlyP, scfOnlyP},
	{"FailedOperation.ProvisionCreateTimer", "Failed to create the scheduled provisioned concurrency scaling action", scfOnlyP, scfOnlyP},
	{"FailedOperation.ProvisionDeleteTimer", "Failed to delete the scheduled provisioned concurrency scaling action", scfOnlyP, scfOnlyP},
	{"FailedOperation.ProvisionedExceedAvailable", errSCFExceedAvailable().message, scfOnlyP, nil},
	{"FailedOperation.ProvisionedExceedReserved", errSCFExceedReserved().message, scfOnlyP, nil},
	{"FailedOperation.ProvisionedInProgress", errSCFProvisionedInProgress().message, []string{scfActionPut, scfActionDelete}, nil},
	{"FailedOperation.ServiceClosed", "ServiceClosed. Please check and try again.", scfOnlyP, scfOnlyP},
	{"FailedOperation.UnOpenedService", "The specified service has not been activated. Please submit a ticket for activation.", scfOnlyP, scfOnlyP},
	{"InternalError", errSCFInternal().message, scfAll, scfAll},
	// Get documents the bare code too, with no behaviour behind it that
	// the emulator knows: injected there.
	{"InvalidParameterValue", errSCFInvalidValue().message, scfPutGet, scfOnlyG},
	{"InvalidParameterValue.FunctionName", errSCFFunctionNameInvalid().message, scfAll, nil},
	{"InvalidParameterValue.MinCapacity", errSCFMinCapacity().message, scfOnlyP, nil},
	{"InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", errSCFTriggerCronDuplicate().message, scfOnlyP, nil},
	{"InvalidParameterValue.ProvisionTriggerName", errSCFTriggerName().message, scfOnlyP, nil},
	{"InvalidParameterValue.ProvisionTriggerNameDuplicate", errSCFTriggerNameDuplicate().message, scfOnlyP, nil},
	{"InvalidParameterValue.ProvisionType", errSCFProvisionType().message, scfOnlyP, nil},
	{"InvalidParameterValue.Qualifier", errSCFQualifier().message, scfAll, nil},
	{"InvalidParameterValue.TrackingTarget", errSCFTrackingTarget().message, scfOnlyP, nil},
	{"InvalidParameterValue.TriggerCronConfig", errSCFTriggerCron().message, scfOnlyP, nil},
	{"InvalidParameterValue.TriggerCronConfigTimeInterval", errSCFTriggerCronInterval().message, scfOnlyP, nil},
	{"InvalidParameterValue.TriggerProvisionedConcurrencyNum", errSCFTriggerNum().message, scfOnlyP, nil},
	{"LimitExceeded.FunctionProvisionedConcurrencyMemory", errSCFAccountMemoryLimit().message, scfOnlyP, nil},
	{"LimitExceeded.FunctionTotalProvisionedConcurrencyMemory", errSCFFunctionMemoryLimit().message, scfOnlyP, nil},
	{"LimitExceeded.FunctionTotalProvisionedConcurrencyNum", errSCFFunctionTotalLimit().message, scfOnlyP, nil},
	{"LimitExceeded.MaxCapacity", errSCFMaxCapacityLimit().message, scfOnlyP, nil},
	{"LimitExceeded.ProvisionTriggerAction", errSCFTriggerActionLimit().message, scfOnlyP, nil},
	{"LimitExceeded.ProvisionTriggerInterval", errSCFTriggerInterval().message, scfOnlyP, nil},
	{"MissingParameter", "Missing parameter.", scfAll, nil},
	{"ResourceNotFound.Function", errSCFFunctionNotFound().message, scfAll, nil},
	// The service documents two codes with one description; the emulator
	// answers ResourceNotFound.Function for a missing function and this
	// one only when injected.
	{"ResourceNotFound.FunctionName", "The function does not exist.", scfOnlyP, scfOnlyP},
	{"ResourceNotFound.FunctionVersion", errSCFVersionNotFound().message, scfAll, nil},
	{"ResourceNotFound.Namespace", errSCFNamespaceNotFound().message, scfAll, nil},
	{"ResourceNotFound.Version", errSCFVersionDeleted().message, scfAll, nil},
	{"UnauthorizedOperation", "Unauthorized operation.", scfAll, scfAll},
	{"InvalidParameterValue.Namespace", errSCFNamespaceInvalid().message, scfOnlyG, nil},
}

// scfCodeMessage returns the documented description of a code, and whether
// the table has it. Common codes the emulator renders itself count too.
func scfCodeMessage(code string) (string, bool) {
	i := slices.IndexFunc(scfDocumentedCodes, func(c scfCode) bool { return c.code == code })
	if i < 0 {
		return "", false
	}
	return scfDocumentedCodes[i].message, true
}
