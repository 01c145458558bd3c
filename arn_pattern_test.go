// This file holds ParseFunctionRef to the documented FunctionName pattern:
// the pattern is compiled with Go's regexp, anchored, and for a large
// generated set of inputs (and under the fuzzer) ParseFunctionRef must accept
// exactly what the pattern and the length rules accept, with every part in
// the group the pattern puts it in. Go's regexp reports the submatches a
// backtracking engine would (leftmost-first), which is the choice the
// service's own validator makes.

package provconc_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/provconc/provconc"
)

// functionNamePattern is the documented FunctionName pattern, anchored.
// functionNamePattern is the documented pattern rearranged so that its
// groups fill the way ParseFunctionRef promises, with the same language:
// after the arn prefix the region and account groups are greedy, without it
// they are lazy ("??"), so "my-func-1:live" reads as a name and a qualifier,
// not a region and a name. Go's leftmost-first submatching then picks the
// reading a backtracking engine would.
var functionNamePattern = regexp.MustCompile(`^(?:(arn:(aws[a-zA-Z-]*)?:lambda:)(` + regionGroup + `:)?(\d{12}:)?|(` + regionGroup + `:)??(\d{12}:)??)(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)

const regionGroup = `(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}`

// documentedPattern is the model's pattern as written (greedy groups); it
// must accept exactly what functionNamePattern accepts.
var documentedPattern = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)

// Submatch indexes of functionNamePattern. Region and account have a group
// in each branch; at most one of the two is filled.
const (
	groupARN         = 1
	groupPartition   = 2
	groupRegion      = 3
	groupAccount     = 4
	groupRegionBare  = 5
	groupAccountBare = 6
	groupFunction    = 7
	groupName        = 8
	groupQualifier   = 10
)

// patternVerdict is what the documented rules say of an input.
type patternVerdict struct {
	accept bool
	ref    provconc.FunctionRef // exported fields, when accepted
	// mask records which optional prefix groups matched (arn, region,
	// account, function), for coverage accounting.
	mask    int
	matched bool // the pattern matched (the length rules may still refuse)
}

// The documented lengths: FunctionName 1..140, the bare name at most 64.
const (
	documentedMaxLength     = 140
	documentedMaxNameLength = 64
)

// judgeByPattern applies the documented pattern and length rules to s.
func judgeByPattern(s string) patternVerdict {
	if len(s) > 4*documentedMaxLength {
		// Refused by length whatever the pattern says; skipping the regexp
		// keeps the fuzzer fast on the huge inputs it likes to grow.
		return patternVerdict{}
	}
	m := functionNamePattern.FindStringSubmatch(s)
	if (m != nil) != documentedPattern.MatchString(s) {
		panic("lazy and greedy forms of the pattern disagree on " + s)
	}
	if m == nil {
		return patternVerdict{}
	}
	v := patternVerdict{matched: true}
	region := m[groupRegion] + m[groupRegionBare]
	account := m[groupAccount] + m[groupAccountBare]
	for i, g := range []string{m[groupARN], region, account, m[groupFunction]} {
		if g != "" {
			v.mask |= 1 << i
		}
	}
	if len(s) > documentedMaxLength || len(m[groupName]) > documentedMaxNameLength {
		return v
	}
	v.accept = true
	v.ref = provconc.FunctionRef{
		Partition: m[groupPartition],
		Region:    strings.TrimSuffix(region, ":"),
		AccountID: strings.TrimSuffix(account, ":"),
		Name:      m[groupName],
		Qualifier: m[groupQualifier],
	}
	return v
}

// refFields holds the exported parts of a FunctionRef; it has no String
// method, so %+v shows every field.
type refFields struct{ Partition, Region, AccountID, Name, Qualifier string }

func fieldsOf(r provconc.FunctionRef) refFields {
	return refFields{r.Partition, r.Region, r.AccountID, r.Name, r.Qualifier}
}

// disagreement compares ParseFunctionRef with the documented rules on s and
// describes the first difference, or returns "" when they agree. It also
// checks the error's shape and that an accepted input formats back to itself.
func disagreement(s string) string {
	v := judgeByPattern(s)
	got, err := provconc.ParseFunctionRef(s)
	switch {
	case v.accept && err != nil:
		return fmt.Sprintf("ParseFunctionRef(%q) refused what the pattern accepts as %+v: %v", s, fieldsOf(v.ref), err)
	case !v.accept && err == nil:
		return fmt.Sprintf("ParseFunctionRef(%q) = %+v, but the pattern and length rules refuse it (pattern matched: %v)", s, fieldsOf(got), v.matched)
	case err != nil:
		var inErr *provconc.InputError
		if !errors.As(err, &inErr) || inErr.Field != "FunctionName" || !errors.Is(err, provconc.ErrInvalidInput) {
			return fmt.Sprintf("ParseFunctionRef(%q) error %v (%T) is not an *InputError for FunctionName matching ErrInvalidInput", s, err, err)
		}
		if got != (provconc.FunctionRef{}) {
			return fmt.Sprintf("ParseFunctionRef(%q) returned %+v with its error", s, fieldsOf(got))
		}
		return ""
	}
	// Compare exported fields only: the unexported form flags are checked
	// through String.
	if fieldsOf(got) != fieldsOf(v.ref) {
		return fmt.Sprintf("ParseFunctionRef(%q) = %+v, the pattern's groups say %+v", s, fieldsOf(got), fieldsOf(v.ref))
	}
	if got.String() != s {
		return fmt.Sprintf("ParseFunctionRef(%q).String() = %q, want the input", s, got.String())
	}
	return ""
}

// trickyRefs are inputs where a part could land in more than one group, or
// where the pattern is easy to misread.
var trickyRefs = []string{
	"us-west-2:my-fn",
	"us-west-2:my-fn:1",
	"us-west-2:us-west-2",
	"us-west-2:us-west-2:us-west-2",
	"function:x",
	"function:function",
	"function:function:function",
	"function:function:function:function",
	"function",
	"123456789012:function",
	"123456789012:function:function",
	"123456789012:123456789012",
	"123456789012:123456789012:123456789012",
	"arn:aws:lambda:123456789012:fn",
	"arn:aws:lambda:function:fn",
	"arn:aws:lambda:fn",
	"arn:aws:lambda:fn:1",
	"arn::lambda:fn",
	"arn:aws:lambda:arn:aws:lambda",
	"arn:aws",
	"arn:lambda",
	"arn",
	"lambda:fn",
	"aws:lambda:fn",
	"us-gov-1:fn",
	"us-gov-west-1:fn",
	"us-gov--1:fn",
	"us-gov-gov-1:fn",
	"ab-gov-x-1:fn",
	"ab-c-1:my-fn",
	"ab-c-1:123456789012:function:fn",
	"arn:aws:lambda:ab-c-1:123456789012:function:fn",
	"ab-cd-1:fn",
	"ab--1:fn",
	"a-b-1:fn",
	"abc-d-1:fn",
	"ab-c-12:fn",
	"ab-c-:fn",
	"ab-C-1:fn",
	"us-west-2",
	"us-west-2:",
	"us-iso-east-1:fn",
	"us-isob-east-1:fn",
	"arn:aws-iso:lambda:us-iso-east-1:123456789012:function:my-function",
	"arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:my-function",
	"arn:aws-iso-e:lambda:eu-isoe-west-1:123456789012:function:my-function",
	"arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:my-function",
	"arn:aws:lambda:us-west-2:123456789012:function:$LATEST",
	"arn:aws:lambda:us-west-2:123456789012:function:fn:$LATEST",
	"fn:$LATEST",
	"$LATEST:fn",
	"123456789012:function:fn:$LATEST",
	"12345678901:function:fn",
	"1234567890123:fn",
	"123456789012:" + strings.Repeat("n", 64),
	"123456789012:" + strings.Repeat("n", 65),
	"arn:aws:lambda:us-west-2:123456789012:function:" + strings.Repeat("n", 64) + ":" + strings.Repeat("q", 28),
	"arn:aws:lambda:us-west-2:123456789012:function:" + strings.Repeat("n", 64) + ":" + strings.Repeat("q", 29),
	strings.Repeat("n", 64) + ":" + strings.Repeat("q", 75),
	strings.Repeat("n", 64) + ":" + strings.Repeat("q", 76),
	"arn:aWs:lambda:us-west-2:123456789012:function:fn",
	"arn:awsA-b-:lambda:us-west-2:123456789012:function:fn",
	"arn:aws0:lambda:us-west-2:123456789012:function:fn",
	"arn:aws_x:lambda:us-west-2:123456789012:function:fn",
	"ARN:aws:lambda:us-west-2:123456789012:function:fn",
	"arn:aws:Lambda:us-west-2:123456789012:function:fn",
	"arn:aws:lambda:us-west-2:123456789012:Function:fn",
	"arn:aws:lambda:us-west-2:123456789012:function:fn\n",
	"fn\x00",
	"\xff",
	"",
	":",
	"fn:1:",
}

func TestParseFunctionRefMatchesPattern(t *testing.T) {
	t.Parallel()
	t.Run("tricky", func(t *testing.T) {
		t.Parallel()
		for _, s := range trickyRefs {
			if d := disagreement(s); d != "" {
				t.Error(d)
			}
		}
	})
	t.Run("generated", func(t *testing.T) {
		t.Parallel()
		r := rand.New(rand.NewPCG(20191121, 193212))
		const n = 60000
		var (
			accepted, refused, lengthRefused, qualified int
			masks                                       = map[int]int{}
			failures                                    int
		)
		for i := 0; i < n; i++ {
			var s string
			switch i % 3 {
			case 0:
				s = randomTokens(r)
			case 1:
				s = mutate(r, grammarRef(r))
			default:
				s = grammarRef(r)
			}
			v := judgeByPattern(s)
			switch {
			case v.accept:
				accepted++
				masks[v.mask]++
				if v.ref.Qualifier != "" {
					qualified++
				}
			case v.matched:
				lengthRefused++
			default:
				refused++
			}
			if d := disagreement(s); d != "" {
				failures++
				if failures <= 20 {
					t.Error(d)
				}
			}
		}
		if failures > 20 {
			t.Errorf("... and %d more disagreements", failures-20)
		}
		// The generator must exercise both verdicts and every combination of
		// the optional prefix groups, or the comparison proves little.
		t.Logf("generated %d inputs: %d accepted, %d refused by the pattern, %d refused by length; %d prefix-group combinations", n, accepted, refused, lengthRefused, len(masks))
		if accepted < n/5 || refused < n/5 {
			t.Errorf("generator is lopsided: %d accepted, %d refused of %d", accepted, refused, n)
		}
		if lengthRefused == 0 || qualified == 0 {
			t.Errorf("generator missed a case: %d refused by length, %d accepted with a qualifier", lengthRefused, qualified)
		}
		if len(masks) != 16 {
			t.Errorf("accepted inputs covered %d of the 16 combinations of arn/region/account/function groups: %v", len(masks), masks)
		}
	})
}

// refPieces are the tokens the generator joins with ':': every piece of the
// grammar, near misses of each, and characters the pattern refuses.
var refPieces = []string{
	"arn", "ARN", "arn ", "",
	"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-", "awsX", "AWS", "aws0", "gcp", "aw",
	"lambda", "Lambda", "s3",
	"us-west-2", "eu-central-1", "cn-north-1", "us-gov-west-1", "us-gov-1", "ab-c-1", "ab-cd-1", "us-iso-east-1",
	"us-isob-east-1", "eusc-de-east-1", "eu-isoe-west-1", "us-isof-south-1", "us-iso-1", "us-isoxy-east-1", "eusc-eusc-de-1", "eusc-", "us-west-22", "US-WEST-2", "u-west-2", "usa-west-2", "us--2", "us-west-", "us-gov--1", "us-west-x",
	"123456789012", "000000000000", "12345678901", "1234567890123", "12345678901a",
	"function", "Function", "functions", "func",
	"my-function", "fn", "my_fn", "a", "A", "0", "7", "-", "_", "BLUE", "v1-0_x",
	"$LATEST", "$latest", "$LATEST1", "$", "LATEST", "a$b",
	"fn.x", "fn x", "fn/x", "é", "fn\n", "函数", "\xff",
	strings.Repeat("a", 63), strings.Repeat("b", 64), strings.Repeat("c", 65), strings.Repeat("d", 100),
}

// randomTokens joins one to nine random pieces with ':'.
func randomTokens(r *rand.Rand) string {
	n := 1 + r.IntN(9)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = refPieces[r.IntN(len(refPieces))]
	}
	return strings.Join(parts, ":")
}

// Valid choices for each group of the grammar.
var (
	gramPartitions = []string{"", "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-", "awsX-y"}
	gramRegions    = []string{"us-west-2", "eu-central-1", "cn-north-1", "us-gov-west-1", "us-gov-1", "ab-c-1", "ap-southeast-5", "zz-gov-q-0"}
	gramAccounts   = []string{"123456789012", "000000000000", "999999999999"}
	gramNames      = []string{"my-function", "fn", "F_1", "-", "_", "function", "arn", "lambda", "us-west-2", "123456789012", strings.Repeat("n", 64), strings.Repeat("m", 65)}
	gramQualifiers = []string{"", "", "1", "BLUE", "$LATEST", "live_2-x", "function", "123456789012", strings.Repeat("q", 40)}
)

// grammarRef builds an input from the grammar, each optional group present
// or not at random.
func grammarRef(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteString("arn:" + pick(r, gramPartitions) + ":lambda:")
	}
	if r.IntN(2) == 0 {
		b.WriteString(pick(r, gramRegions) + ":")
	}
	if r.IntN(2) == 0 {
		b.WriteString(pick(r, gramAccounts) + ":")
	}
	if r.IntN(2) == 0 {
		b.WriteString("function:")
	}
	b.WriteString(pick(r, gramNames))
	if q := pick(r, gramQualifiers); q != "" {
		b.WriteString(":" + q)
	}
	return b.String()
}

// mutationBytes are the bytes mutations insert: legal, borderline and illegal.
const mutationBytes = "aZ09-_:$. /\n\xffA"

// mutate applies one to three random edits, by token or by byte.
func mutate(r *rand.Rand, s string) string {
	for k := 1 + r.IntN(3); k > 0; k-- {
		tokens := strings.Split(s, ":")
		switch r.IntN(7) {
		case 0: // replace a token
			tokens[r.IntN(len(tokens))] = pick(r, refPieces)
			s = strings.Join(tokens, ":")
		case 1: // insert a token
			i := r.IntN(len(tokens) + 1)
			tokens = append(tokens[:i], append([]string{pick(r, refPieces)}, tokens[i:]...)...)
			s = strings.Join(tokens, ":")
		case 2: // delete a token
			if len(tokens) > 1 {
				i := r.IntN(len(tokens))
				tokens = append(tokens[:i], tokens[i+1:]...)
				s = strings.Join(tokens, ":")
			}
		case 3: // swap two tokens
			i, j := r.IntN(len(tokens)), r.IntN(len(tokens))
			tokens[i], tokens[j] = tokens[j], tokens[i]
			s = strings.Join(tokens, ":")
		case 4: // insert a byte
			i := r.IntN(len(s) + 1)
			s = s[:i] + string(mutationBytes[r.IntN(len(mutationBytes))]) + s[i:]
		case 5: // delete a byte
			if len(s) > 0 {
				i := r.IntN(len(s))
				s = s[:i] + s[i+1:]
			}
		default: // replace a byte
			if len(s) > 0 {
				i := r.IntN(len(s))
				s = s[:i] + string(mutationBytes[r.IntN(len(mutationBytes))]) + s[i+1:]
			}
		}
	}
	return s
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func FuzzParseFunctionRef(f *testing.F) {
	seeds := []string{
		"my-function",
		"my-function:BLUE",
		"my-function:$LATEST",
		"123456789012:function:my-function",
		"123456789012:function:my-function:7",
		"arn:aws:lambda:us-west-2:123456789012:function:my-function",
		"arn:aws:lambda:us-west-2:123456789012:function:my-function:7",
		"arn:aws-cn:lambda:cn-north-1:123456789012:function:my-function",
		"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-function:BLUE",
		"arn:aws-iso:lambda:us-east-1:123456789012:function:my-function",
		"arn:aws-iso-b:lambda:us-east-1:123456789012:function:my-function:1",
		"arn:aws:lambda:",
		"my function",
		"my.function",
		"my/function",
		"fünction",
		"my-function:$LATEST2",
		strings.Repeat("n", 65),
		fullPrefix + strings.Repeat("n", 64) + ":" + strings.Repeat("q", 29),
	}
	seeds = append(seeds, trickyRefs...)
	seeds = append(seeds, refPieces...)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := disagreement(s); d != "" {
			t.Error(d)
		}
	})
}
