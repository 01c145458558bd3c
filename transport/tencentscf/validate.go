// This file checks inputs against SCF's documented rules before anything is
// sent, returning a *provconc.InputError that names the field.
//
// Sources of the rules:
//   - Function names: CreateFunction, "2 to 60 characters, including English
//     letters, digits, hyphens (-), and underscores (_). The name must start
//     with a letter and cannot end with a hyphen or underscore"
//     (https://www.tencentcloud.com/document/api/583/18586, and the same text
//     on CreateFunctionRequest.FunctionName in tencentcloud-sdk-go's
//     scf/v20180416/models.go).
//   - Qualifier: "Function version number. Note: the $LATEST version does not
//     support provisioned concurrency" (PutProvisionedConcurrencyConfig,
//     https://www.tencentcloud.com/document/api/583/39225; Get and Delete
//     describe it as a version number too, and the Chinese page
//     https://cloud.tencent.com/document/api/583/51246 says 函数的版本号).
//     No page offers aliases for provisioned concurrency, so an alias name
//     is refused rather than left for the service to answer
//     InvalidParameterValue.Qualifier ("Unsupported function version").
//   - ProvisionedType, TrackingTarget, MinCapacity, MaxCapacity and
//     TriggerAction: the same PutProvisionedConcurrencyConfig page and the
//     TriggerAction data type ("Cron expression has seven required fields,
//     separated by spaces"; type "Default").
//   - Namespace: "A namespace contains up to 30 characters of letters,
//     digits, hyphens (-), and underscores (_)" (the description of
//     InvalidParameterValue.NamespaceInvalid in the official SDKs' SCF error
//     codes, e.g. tencentcloud-sdk-java-intl-en ScfErrorCode); the emulator
//     follows the same rule.

package tencentscf

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/redact"
)

// Documented limits.
const (
	minFunctionNameLength = 2
	maxFunctionNameLength = 60
	maxNamespaceLength    = 30
	// maxVersionDigits bounds a version number: SCF versions are counters,
	// and 20 digits already exceed what the service's uint64 can hold.
	maxVersionDigits = 20
	cronFields       = 7
)

// Rules quoted in InputErrors.
const (
	ruleFunctionName = "must be 2-60 letters, digits, '-' or '_', start with a letter and end with a letter or digit (SCF function name)"
	ruleNoARN        = "Tencent SCF names a function by its bare name, optionally with :version; ARNs and other qualified forms belong to AWS Lambda"
	ruleVersion      = "must be a published version number such as 1: SCF sets provisioned concurrency on versions, not on aliases"
	ruleLatest       = "$LATEST cannot take provisioned concurrency; name a published version"
	ruleNamespace    = "must be 1-30 letters, digits, '-' or '_'"
)

// functionRef is a function named by its bare name and, for Put, Get and
// Delete, a version.
type functionRef struct {
	name, qualifier string
}

// parseRef splits "name" or "name:version", checks both parts, and combines
// the version with a separate Qualifier the way the root package does for
// AWS: either place will do, and if both are given they must agree. With
// wantQualifier false (List), a qualifier is refused.
func parseRef(functionName, qualifier string, wantQualifier bool) (functionRef, error) {
	if functionName == "" {
		return functionRef{}, provconc.NewInputError("FunctionName", "", "is required")
	}
	name, suffix, qualified := strings.Cut(functionName, ":")
	if strings.HasPrefix(functionName, "arn:") || strings.HasPrefix(functionName, "qcs:") || strings.Contains(suffix, ":") {
		return functionRef{}, provconc.NewInputError("FunctionName", functionName, ruleNoARN)
	}
	if err := checkFunctionName(name, functionName); err != nil {
		return functionRef{}, err
	}
	if !wantQualifier {
		if qualified {
			return functionRef{}, provconc.NewInputError("FunctionName", functionName, "List reads every version: name the function without :version")
		}
		return functionRef{name: name}, nil
	}
	if qualified {
		if suffix == "" {
			return functionRef{}, provconc.NewInputError("FunctionName", functionName, "has an empty :version suffix")
		}
		if err := checkVersion(suffix); err != nil {
			return functionRef{}, err
		}
	}
	if qualifier != "" {
		if err := checkVersion(qualifier); err != nil {
			return functionRef{}, err
		}
	}
	switch {
	case qualifier == "":
		qualifier = suffix
	case qualified && suffix != qualifier:
		return functionRef{}, provconc.NewInputError("Qualifier", qualifier, "contradicts the version "+suffix+" in FunctionName")
	}
	if qualifier == "" {
		return functionRef{}, provconc.NewInputError("Qualifier", "", "is required (as Qualifier or as the :version suffix of FunctionName)")
	}
	return functionRef{name: name, qualifier: qualifier}, nil
}

// checkFunctionName checks a bare SCF function name; whole is what the
// caller passed, quoted in the error.
func checkFunctionName(name, whole string) error {
	if len(name) < minFunctionNameLength || len(name) > maxFunctionNameLength ||
		!isLetter(name[0]) || !isLetterOrDigit(name[len(name)-1]) {
		return provconc.NewInputError("FunctionName", whole, ruleFunctionName)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isLetterOrDigit(c) && c != '-' && c != '_' {
			return provconc.NewInputError("FunctionName", whole, ruleFunctionName)
		}
	}
	return nil
}

// checkVersion checks a qualifier: a version number, never $LATEST.
func checkVersion(q string) error {
	if q == provconc.LatestQualifier {
		return provconc.NewInputError("Qualifier", q, ruleLatest)
	}
	if len(q) > maxVersionDigits || q[0] == '0' {
		return provconc.NewInputError("Qualifier", q, ruleVersion)
	}
	for i := 0; i < len(q); i++ {
		if !isDigit(q[i]) {
			return provconc.NewInputError("Qualifier", q, ruleVersion)
		}
	}
	return nil
}

// checkNamespace checks a namespace named in an option or an extension;
// field names it in the error.
func checkNamespace(field, ns string) error {
	if ns == "" || len(ns) > maxNamespaceLength {
		return provconc.NewInputError(field, ns, ruleNamespace)
	}
	for i := 0; i < len(ns); i++ {
		if c := ns[i]; !isLetterOrDigit(c) && c != '-' && c != '_' {
			return provconc.NewInputError(field, ns, ruleNamespace)
		}
	}
	return nil
}

// checkPut checks the amount against the provisioned type and every rule of
// the Put options; opts may be nil.
func checkPut(count int, opts *PutParameters) error {
	var o PutParameters
	if opts != nil {
		o = *opts
	}
	switch o.ProvisionedType {
	case "", ProvisionedTypeDefault:
		if count < 1 {
			return provconc.NewInputError("ProvisionedConcurrentExecutions", strconv.Itoa(count),
				"must be at least 1 for static provisioned concurrency")
		}
		// The tracking parameters are not forbidden here: the documents
		// give only their own ranges, checked below when they are sent, and
		// the service and the official client accept them.
		if err := checkTrackingParameters(o, false); err != nil {
			return err
		}
	case ProvisionedTypeConcurrencyUtilizationTracking:
		if count != 0 {
			return provconc.NewInputError("ProvisionedConcurrentExecutions", strconv.Itoa(count),
				"must be 0 with ProvisionedType ConcurrencyUtilizationTracking (the amount follows TrackingTarget)")
		}
		if err := checkTrackingParameters(o, true); err != nil {
			return err
		}
	default:
		return provconc.NewInputError("PutParameters.ProvisionedType", string(o.ProvisionedType),
			"must be Default or ConcurrencyUtilizationTracking")
	}
	if o.Namespace != "" {
		if err := checkNamespace("PutParameters.Namespace", o.Namespace); err != nil {
			return err
		}
	}
	return checkTriggerActions(o.TriggerActions)
}

// checkTrackingParameters checks TrackingTarget, MinCapacity and
// MaxCapacity against what the PutProvisionedConcurrencyConfig page says of
// them: with utilization tracking all three are required; TrackingTarget is
// in (0,1) with two decimal places; MinCapacity "can not be smaller than 1".
// A zero value is one not sent. Nothing else is documented (not even that
// MaxCapacity be at least MinCapacity), so nothing else is refused; a
// negative count cannot be sent at all (the parameters are unsigned).
func checkTrackingParameters(o PutParameters, required bool) error {
	const requiredRule = " (required with ConcurrencyUtilizationTracking)"
	if required || o.TrackingTarget != 0 {
		if err := checkTrackingTarget(o.TrackingTarget); err != nil {
			return err
		}
	}
	if (required && o.MinCapacity < 1) || o.MinCapacity < 0 {
		return provconc.NewInputError("PutParameters.MinCapacity", strconv.Itoa(o.MinCapacity), "must be at least 1"+requiredRule)
	}
	if (required && o.MaxCapacity < 1) || o.MaxCapacity < 0 {
		return provconc.NewInputError("PutParameters.MaxCapacity", strconv.Itoa(o.MaxCapacity), "must be at least 1"+requiredRule)
	}
	return nil
}

// checkTrackingTarget checks (0, 1) with at most two decimal places.
func checkTrackingTarget(t float64) error {
	if !(t > 0 && t < 1) { // also refuses NaN
		return provconc.NewInputError("PutParameters.TrackingTarget", formatFloat(t),
			"must be between 0 and 1, exclusive (required with ConcurrencyUtilizationTracking)")
	}
	// A float cannot hold 0.07 exactly, so compare with a tolerance far
	// below the third decimal place.
	if scaled := t * 100; math.Abs(scaled-math.Round(scaled)) > 1e-9 {
		return provconc.NewInputError("PutParameters.TrackingTarget", formatFloat(t), "must have at most two decimal places")
	}
	// It is sent with exactly two (see put): those must be within the
	// range too, or 1e-12 would go out as 0, which drops the field, and
	// 0.999999999999 as 1.
	if r := math.Round(t*100) / 100; !(r > 0 && r < 1) {
		return provconc.NewInputError("PutParameters.TrackingTarget", formatFloat(t),
			"must be between 0.01 and 0.99 once rounded to two decimal places")
	}
	return nil
}

// TriggerNameRule is the one rule a trigger action's TriggerName follows
// here, in the emulator and in provconc.ScalingPlan.CheckSCF (which says
// it in its own words, for a schedule's Name): SCF's
// documents give the name no pattern or length (TriggerAction: "Scheduled
// action name"), only that a bad one is refused
// (InvalidParameterValue.ProvisionTriggerName) and a repeated one too
// (ProvisionTriggerNameDuplicate), so a name is required and nothing else
// is checked.
const TriggerNameRule = "is required: must not be empty or only white space (SCF documents no other rule for TriggerName)"

// checkTriggerActions checks each action and that names and schedules are
// unique, as SCF refuses duplicates (ProvisionTriggerNameDuplicate,
// ProvisionTriggerCronConfigDuplicate).
func checkTriggerActions(actions []TriggerAction) error {
	names := make(map[string]bool, len(actions))
	crons := make(map[string]bool, len(actions))
	for i, a := range actions {
		field := func(name string) string { return fmt.Sprintf("PutParameters.TriggerActions[%d].%s", i, name) }
		if strings.TrimSpace(a.TriggerName) == "" {
			return provconc.NewInputError(field("TriggerName"), a.TriggerName, TriggerNameRule)
		}
		if names[a.TriggerName] {
			return provconc.NewInputError(field("TriggerName"), a.TriggerName, "must be unique among the trigger actions")
		}
		names[a.TriggerName] = true
		if a.TriggerProvisionedConcurrencyNum < 1 {
			return provconc.NewInputError(field("TriggerProvisionedConcurrencyNum"), strconv.Itoa(a.TriggerProvisionedConcurrencyNum), "must be at least 1")
		}
		cron, err := normalizeCron(a.TriggerCronConfig)
		if err != nil {
			return provconc.NewInputError(field("TriggerCronConfig"), a.TriggerCronConfig, err.Error())
		}
		if crons[cron] {
			return provconc.NewInputError(field("TriggerCronConfig"), a.TriggerCronConfig, "must be unique among the trigger actions")
		}
		crons[cron] = true
		if a.ProvisionedType != "" && a.ProvisionedType != ProvisionedTypeDefault {
			return provconc.NewInputError(field("ProvisionedType"), string(a.ProvisionedType), "must be empty or Default, the only type SCF documents for trigger actions")
		}
	}
	return nil
}

// normalizeCron checks a seven-field cron expression and returns it with
// single spaces, so two spellings of one schedule count as duplicates.
// Fields may hold digits, letters (JAN, MON, L, W) and * , - / ? #.
func normalizeCron(expr string) (string, error) {
	fields := strings.Fields(expr)
	if len(fields) != cronFields {
		return "", fmt.Errorf("must be a cron expression of 7 space-separated fields (second minute hour day month weekday year), not %d", len(fields))
	}
	for n, f := range fields {
		for i := 0; i < len(f); i++ {
			if c := f[i]; !isLetterOrDigit(c) && !strings.ContainsRune("*,-/?#", rune(c)) {
				return "", fmt.Errorf("cron field %s may hold only digits, letters and * , - / ? #", cronFieldShown(n, f))
			}
		}
	}
	return strings.Join(fields, " "), nil
}

// cronFieldMaxShown is the longest cron field a refusal quotes, room for
// the fields of any usual schedule; a longer one is named by its place,
// since the expression, quoted beside it, shows it already, and a control
// byte quotes four bytes long.
const cronFieldMaxShown = 64

// cronFieldShown names the n-th (from 0) field of a cron expression, f,
// in a refusal: quoted, or by its place and length when long.
func cronFieldShown(n int, f string) string {
	if len(f) <= cronFieldMaxShown {
		return redact.Quote(f)
	}
	return fmt.Sprintf("%d (%d bytes)", n+1, len(f))
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func isLetter(c byte) bool        { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
func isDigit(c byte) bool         { return '0' <= c && c <= '9' }
func isLetterOrDigit(c byte) bool { return isLetter(c) || isDigit(c) }

// InputRules checks inputs against SCF's documented rules exactly as Protocol
// does before sending anything, and refuses them with the same
// *provconc.InputError. transport/mock takes it (mock.Protocol.Rules), so
// code tested against the mock meets the same refusals it would meet from
// the service. Its zero value is ready to use.
type InputRules struct{}

// rulesProtocol is a Protocol with no transport: only its checks are used,
// with the default namespace standing in for Options.Namespace (which
// changes no rule).
var rulesProtocol = &Protocol{namespace: DefaultNamespace}

// CheckPut checks the input of Put.
func (InputRules) CheckPut(in *provconc.PutInput) error {
	if in == nil {
		return provconc.NewInputError("PutInput", "", "must not be nil")
	}
	_, _, _, err := rulesProtocol.putParams(in)
	return err
}

// CheckGet checks the input of Get.
func (InputRules) CheckGet(in *provconc.GetInput) error {
	if in == nil {
		return provconc.NewInputError("GetInput", "", "must not be nil")
	}
	_, err := rulesProtocol.versionBody(in.FunctionName, in.Qualifier, in.Extension)
	return err
}

// CheckList checks the input of List.
func (InputRules) CheckList(in *provconc.ListInput) error {
	if in == nil {
		return provconc.NewInputError("ListInput", "", "must not be nil")
	}
	_, _, err := rulesProtocol.listParams(in)
	return err
}

// CheckDelete checks the input of Delete.
func (InputRules) CheckDelete(in *provconc.DeleteInput) error {
	if in == nil {
		return provconc.NewInputError("DeleteInput", "", "must not be nil")
	}
	_, err := rulesProtocol.versionBody(in.FunctionName, in.Qualifier, in.Extension)
	return err
}
