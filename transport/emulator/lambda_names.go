package emulator

import (
	"regexp"
	"strings"
)

// Documented constraints of the provisioned concurrency operations (AWS
// Lambda API reference, GetProvisionedConcurrencyConfig; seeds/002).
const (
	functionNamePattern = `(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	qualifierPattern    = `(|[a-zA-Z0-9$_-]+)`
	functionNameMax     = 140
	bareNameMax         = 64
	qualifierMax        = 128
	maxItemsMax         = 50
)

var (
	functionNameRE = regexp.MustCompile(`^(?:` + functionNamePattern + `)$`)
	qualifierRE    = regexp.MustCompile(`^(?:` + qualifierPattern + `)$`)
	regionRE       = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d$`)
	accountRE      = regexp.MustCompile(`^\d{12}$`)
	nameRE         = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	partitionRE    = regexp.MustCompile(`^aws[a-zA-Z-]*$`)
)

// functionRef is a parsed FunctionName path parameter.
type functionRef struct {
	name      string
	qualifier string // from the name; "" when absent
	region    string // "" when absent
	account   string // "" when absent
}

// parseFunctionRef splits a FunctionName that already matched the
// documented pattern. It accepts the documented forms: name, name:qualifier,
// partial ARN account:function:name[:qualifier] and full ARN
// arn:partition:lambda:region:account:function:name[:qualifier]. It splits on
// colons rather than running the pattern's optional groups, so that
// "my-func-1:live" is a name and a qualifier, not a region and a name.
func parseFunctionRef(raw string) (functionRef, bool) {
	parts := strings.Split(raw, ":")
	var ref functionRef
	switch {
	case parts[0] == "arn":
		if len(parts) != 7 && len(parts) != 8 {
			return ref, false
		}
		if !partitionRE.MatchString(parts[1]) || parts[2] != "lambda" || !regionRE.MatchString(parts[3]) ||
			!accountRE.MatchString(parts[4]) || parts[5] != "function" {
			return ref, false
		}
		ref.region, ref.account = parts[3], parts[4]
		parts = parts[6:]
	case len(parts) >= 3 && parts[1] == "function":
		if !accountRE.MatchString(parts[0]) || len(parts) > 4 {
			return ref, false
		}
		ref.account = parts[0]
		parts = parts[2:]
	case len(parts) > 2:
		return ref, false
	}
	if !nameRE.MatchString(parts[0]) {
		return ref, false
	}
	ref.name = parts[0]
	if len(parts) == 2 {
		if parts[1] == "" {
			return ref, false
		}
		ref.qualifier = parts[1]
	}
	return ref, true
}

// functionNameViolation checks the FunctionName constraints, returning the
// violation text or "".
func functionNameViolation(raw string) string {
	switch {
	case raw == "":
		return violation(&raw, "functionName", "Member must have length greater than or equal to 1")
	case !functionNameRE.MatchString(raw):
		return violation(&raw, "functionName", "Member must satisfy regular expression pattern: "+functionNamePattern)
	case len(raw) > functionNameMax:
		// AWS snapshot test_function_arns long_function_arn_exc.
		return violation(&raw, "functionName", "Member must have length less than or equal to 140")
	}
	return ""
}

// qualifierViolation checks the Qualifier constraints.
func qualifierViolation(q string) string {
	switch {
	case q == "":
		return violation(&q, "qualifier", "Member must have length greater than or equal to 1")
	case !qualifierRE.MatchString(q):
		return violation(&q, "qualifier", "Member must satisfy regular expression pattern: "+qualifierPattern)
	case len(q) > qualifierMax:
		return violation(&q, "qualifier", "Member must have length less than or equal to 128")
	}
	return ""
}
