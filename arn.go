// This file parses and formats references to Lambda functions in the four
// documented forms (name, name:qualifier, partial ARN, full ARN) and checks
// them against the documented pattern and length rules, so a bad reference
// is refused before anything is sent.

package provconc

import (
	"strings"
)

// Documented limits of the AWS Lambda API.
const (
	// maxFunctionNameLength is the longest FunctionName, ARN forms included.
	maxFunctionNameLength = 140
	// maxBareFunctionNameLength is the longest function name on its own.
	maxBareFunctionNameLength = 64
	// maxQualifierLength is the longest Qualifier.
	maxQualifierLength = 128
)

// LatestQualifier names the unpublished version, which cannot take
// provisioned concurrency.
const LatestQualifier = "$LATEST"

// Rules quoted in InputErrors, from the documented patterns.
const (
	ruleFunctionNamePattern = "must match (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
	ruleQualifierPattern    = "must match [a-zA-Z0-9$_-]+"
)

// FunctionRef is a parsed reference to a Lambda function, optionally
// qualified by a version or alias. Parts the reference did not carry are
// empty.
type FunctionRef struct {
	// Partition is the ARN partition, such as "aws" or "aws-cn"; empty
	// unless the reference is an ARN (and possibly empty even then, as the
	// documented pattern allows "arn::lambda:").
	Partition string
	// Region is the region, such as "us-west-2".
	Region string
	// AccountID is the 12-digit account id.
	AccountID string
	// Name is the function name.
	Name string
	// Qualifier is the version number or alias name, "$LATEST" included.
	Qualifier string

	// parsed marks a FunctionRef that came from ParseFunctionRef; arn and
	// function then record whether the "arn:...:lambda:" prefix and the
	// "function:" keyword were present, so String gives back the same form.
	parsed, arn, function bool
}

// ParseFunctionRef parses a function reference in any documented form:
//
//	my-function
//	my-function:BLUE
//	123456789012:function:my-function
//	arn:aws:lambda:us-west-2:123456789012:function:my-function:7
//
// It accepts exactly what the documented pattern accepts, within the
// documented lengths (1..140 in all, 1..64 for the name), and otherwise
// returns an *InputError for field "FunctionName". The pattern is the
// current Lambda model's, whose region group also admits the ISO and
// European Sovereign Cloud regions (us-iso-east-1, eusc-de-east-1) that the
// 2019 API reference's pattern refused.
func ParseFunctionRef(s string) (FunctionRef, error) {
	if s == "" {
		return FunctionRef{}, NewInputError("FunctionName", "", "is required")
	}
	if len(s) > maxFunctionNameLength {
		return FunctionRef{}, NewInputError("FunctionName", s, "must be at most 140 characters long")
	}
	var buf [maxRefTokens]string
	tokens, ok := splitRef(s, buf[:0])
	if !ok {
		return FunctionRef{}, NewInputError("FunctionName", s, ruleFunctionNamePattern)
	}
	ref, ok := matchRef(tokens)
	if !ok {
		return FunctionRef{}, NewInputError("FunctionName", s, ruleFunctionNamePattern)
	}
	if len(ref.Name) > maxBareFunctionNameLength {
		return FunctionRef{}, NewInputError("FunctionName", s, "the function name must be at most 64 characters long")
	}
	return ref, nil
}

// String formats the reference in the form it was parsed from, or for a
// FunctionRef built by hand: as a full ARN when Partition, Region and
// AccountID are set, as a partial ARN when AccountID is (with the Region
// when it is set too), and as a bare name otherwise.
func (r FunctionRef) String() string {
	arn, function, region := r.arn, r.function, r.Region
	if !r.parsed {
		// Built by hand: choose the documented form. A region with no
		// account is left out: "us-west-2:fn" reads as function us-west-2
		// at alias fn.
		function = r.AccountID != ""
		arn = function && r.Partition != "" && r.Region != ""
		if !function {
			region = ""
		}
	}
	var b strings.Builder
	b.Grow(len(r.Partition) + len(r.Region) + len(r.AccountID) + len(r.Name) + len(r.Qualifier) + 32)
	if arn {
		b.WriteString("arn:")
		b.WriteString(r.Partition)
		b.WriteString(":lambda:")
	}
	if region != "" {
		b.WriteString(region)
		b.WriteByte(':')
	}
	if r.AccountID != "" {
		b.WriteString(r.AccountID)
		b.WriteByte(':')
	}
	if function {
		b.WriteString("function:")
	}
	b.WriteString(r.Name)
	if r.Qualifier != "" {
		b.WriteByte(':')
		b.WriteString(r.Qualifier)
	}
	return b.String()
}

// ARN returns the full ARN of the function, qualifier included when set, or
// "" when the reference lacks the partition, region or account to form one.
func (r FunctionRef) ARN() string {
	if r.Partition == "" || r.Region == "" || r.AccountID == "" {
		return ""
	}
	full := r
	full.parsed, full.arn, full.function = true, true, true
	return full.String()
}

// Unqualified returns the reference without its qualifier.
func (r FunctionRef) Unqualified() FunctionRef {
	r.Qualifier = ""
	return r
}

// ResolveQualifier combines a function reference and a separate Qualifier
// the way the service does: the qualifier may be given in either place, and
// if in both they must agree. It checks Qualifier against the documented
// pattern and length, and returns the reference carrying the qualifier in
// force. With required set, a missing qualifier is an error.
func ResolveQualifier(functionName, qualifier string, required bool) (FunctionRef, error) {
	ref, err := ParseFunctionRef(functionName)
	if err != nil {
		return FunctionRef{}, err
	}
	if err := validateQualifier(qualifier); err != nil {
		return FunctionRef{}, err
	}
	switch {
	case qualifier == "":
	case ref.Qualifier == "":
		ref.Qualifier = qualifier
	case ref.Qualifier != qualifier:
		return FunctionRef{}, NewInputError("Qualifier", qualifier,
			"contradicts the qualifier "+ref.Qualifier+" in FunctionName")
	}
	if required && ref.Qualifier == "" {
		return FunctionRef{}, NewInputError("Qualifier", "", "is required (as Qualifier or as the :qualifier suffix of FunctionName)")
	}
	return ref, nil
}

// validateQualifier checks a Qualifier against the documented pattern
// [a-zA-Z0-9$_-]+ and length 1..128. The empty string passes: it means no
// qualifier was given.
func validateQualifier(q string) error {
	if len(q) > maxQualifierLength {
		return NewInputError("Qualifier", q, "must be at most 128 characters long")
	}
	for i := 0; i < len(q); i++ {
		if !isNameByte(q[i]) && q[i] != '$' {
			return NewInputError("Qualifier", q, ruleQualifierPattern)
		}
	}
	return nil
}

// maxRefTokens is the most ':'-separated parts a reference can have:
// arn, partition, lambda, region, account, function, name, qualifier.
const maxRefTokens = 8

// splitRef splits s at ':' into dst without allocating; false when there
// are more parts than any valid reference has.
func splitRef(s string, dst []string) ([]string, bool) {
	for {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			break
		}
		if len(dst) == maxRefTokens-1 {
			return nil, false
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
	return append(dst, s), true
}

// matchRef matches the parts against the documented pattern. Where the
// pattern allows more than one reading, matchRef picks the one the service
// means. After an "arn:...:lambda:" prefix the ARN's own structure reads
// best, so the region and account groups are tried present first. Without
// the prefix, a leading part that merely looks like a region or an account
// is a function name: "my-func-1:live" is function my-func-1 at alias live,
// not region my-func-1 and function live, so there those groups are tried
// absent first. The "function:" keyword is always tried present first. The
// first full match wins, as in a backtracking engine running
//
//	^(?:arn:P:lambda:(R:)?(A:)?|(R:)??(A:)??)(function:)?N(:Q)?$
func matchRef(t []string) (FunctionRef, bool) {
	for try := 0; try < 16; try++ {
		useARN := try < 8 // the prefix present first
		m := try & 7
		useRegion, useAccount, useFunction := m&4 != 0, m&2 != 0, m&1 == 0
		if useARN {
			useRegion, useAccount = !useRegion, !useAccount
		}
		ref := FunctionRef{parsed: true}
		i := 0
		if useARN {
			if len(t)-i < 3 || t[i] != "arn" || !isPartition(t[i+1]) || t[i+2] != "lambda" {
				continue
			}
			ref.arn, ref.Partition = true, t[i+1]
			i += 3
		}
		if useRegion {
			if i >= len(t) || !isRegion(t[i]) {
				continue
			}
			ref.Region = t[i]
			i++
		}
		if useAccount {
			if i >= len(t) || !isAccountID(t[i]) {
				continue
			}
			ref.AccountID = t[i]
			i++
		}
		if useFunction {
			if i >= len(t) || t[i] != "function" {
				continue
			}
			ref.function = true
			i++
		}
		switch len(t) - i {
		case 1:
		case 2:
			if t[i+1] != LatestQualifier && !isName(t[i+1]) {
				continue
			}
			ref.Qualifier = t[i+1]
		default:
			continue
		}
		if !isName(t[i]) {
			continue
		}
		ref.Name = t[i]
		return ref, true
	}
	return FunctionRef{}, false
}

// isPartition matches (aws[a-zA-Z-]*)? .
func isPartition(s string) bool {
	if s == "" {
		return true
	}
	if !strings.HasPrefix(s, "aws") {
		return false
	}
	for i := 3; i < len(s); i++ {
		if !isLetter(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// isRegion matches (eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1},
// the region group of the current Lambda model, which admits the ISO and
// European Sovereign Cloud regions the 2019 pattern of the API reference
// refused (us-iso-east-1, eusc-de-east-1).
func isRegion(s string) bool {
	if len(s) > 5 && s[:5] == "eusc-" && isRegionBody(s[5:]) {
		return true
	}
	return isRegionBody(s)
}

// isRegionBody matches [a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}.
func isRegionBody(s string) bool {
	if len(s) < 6 || !isLower(s[0]) || !isLower(s[1]) {
		return false
	}
	rest := s[2:]
	switch {
	case strings.HasPrefix(rest, "-gov") && isRegionTail(rest[4:]):
		return true
	case strings.HasPrefix(rest, "-iso"):
		if isRegionTail(rest[4:]) || (len(rest) > 4 && isLower(rest[4]) && isRegionTail(rest[5:])) {
			return true
		}
	}
	return isRegionTail(rest)
}

// isRegionTail matches -[a-z]+-\d{1}.
func isRegionTail(s string) bool {
	n := len(s)
	if n < 4 || s[0] != '-' || s[n-2] != '-' || !isDigit(s[n-1]) {
		return false
	}
	for i := 1; i < n-2; i++ {
		if !isLower(s[i]) {
			return false
		}
	}
	return true
}

// isAccountID matches \d{12} .
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isName matches [a-zA-Z0-9-_]+ .
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

func isNameByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '-' || c == '_' }
func isLetter(c byte) bool   { return isLower(c) || ('A' <= c && c <= 'Z') }
func isLower(c byte) bool    { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
