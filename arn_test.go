// This file tests function references: every documented form, the
// rejections, ResolveQualifier, and a differential test that holds
// ParseFunctionRef to the documented pattern compiled by Go's regexp.

package provconc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/provconc/provconc"
)

// ignoreRefForm compares FunctionRefs by their exported fields; the form a
// reference was written in is checked through String.
var ignoreRefForm = cmpopts.IgnoreUnexported(provconc.FunctionRef{})

const fullPrefix = "arn:aws:lambda:us-west-2:123456789012:function:"

func TestParseFunctionRef(t *testing.T) {
	t.Parallel()
	name64 := strings.Repeat("n", 64)
	// 47 + 64 + 1 + 28 = 140 characters, the longest allowed.
	longest := fullPrefix + name64 + ":" + strings.Repeat("q", 28)
	tests := []struct {
		in      string
		want    provconc.FunctionRef
		wantARN string
	}{
		// The four documented forms.
		{in: "my-function", want: provconc.FunctionRef{Name: "my-function"}},
		{in: "my-function:BLUE", want: provconc.FunctionRef{Name: "my-function", Qualifier: "BLUE"}},
		{in: "my-function:7", want: provconc.FunctionRef{Name: "my-function", Qualifier: "7"}},
		{in: "my-function:$LATEST", want: provconc.FunctionRef{Name: "my-function", Qualifier: "$LATEST"}},
		{in: "123456789012:function:my-function", want: provconc.FunctionRef{AccountID: "123456789012", Name: "my-function"}},
		{in: "123456789012:function:my-function:BLUE", want: provconc.FunctionRef{AccountID: "123456789012", Name: "my-function", Qualifier: "BLUE"}},
		{
			in:      "arn:aws:lambda:us-west-2:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws", Region: "us-west-2", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws:lambda:us-west-2:123456789012:function:my-function",
		},
		{
			in:      "arn:aws:lambda:us-west-2:123456789012:function:my-function:7",
			want:    provconc.FunctionRef{Partition: "aws", Region: "us-west-2", AccountID: "123456789012", Name: "my-function", Qualifier: "7"},
			wantARN: "arn:aws:lambda:us-west-2:123456789012:function:my-function:7",
		},
		{
			in:      "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-cn", Region: "cn-north-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-cn:lambda:cn-northwest-1:123456789012:function:my-function:BLUE",
			want:    provconc.FunctionRef{Partition: "aws-cn", Region: "cn-northwest-1", AccountID: "123456789012", Name: "my-function", Qualifier: "BLUE"},
			wantARN: "arn:aws-cn:lambda:cn-northwest-1:123456789012:function:my-function:BLUE",
		},
		{
			in:      "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-function:$LATEST",
			want:    provconc.FunctionRef{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "123456789012", Name: "my-function", Qualifier: "$LATEST"},
			wantARN: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-function:$LATEST",
		},
		// The current model's region group admits ISO and sovereign regions.
		{
			in:      "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-iso", Region: "us-iso-east-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:my-function:3",
			want:    provconc.FunctionRef{Partition: "aws-iso-b", Region: "us-isob-east-1", AccountID: "123456789012", Name: "my-function", Qualifier: "3"},
			wantARN: "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:my-function:3",
		},
		{
			in:      "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-eusc", Region: "eusc-de-east-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-iso:lambda:us-east-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-iso", Region: "us-east-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-iso:lambda:us-east-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-iso:lambda:us-east-1:123456789012:function:my-function:12",
			want:    provconc.FunctionRef{Partition: "aws-iso", Region: "us-east-1", AccountID: "123456789012", Name: "my-function", Qualifier: "12"},
			wantARN: "arn:aws-iso:lambda:us-east-1:123456789012:function:my-function:12",
		},
		{
			in:      "arn:aws-iso-b:lambda:us-east-1:123456789012:function:my-function",
			want:    provconc.FunctionRef{Partition: "aws-iso-b", Region: "us-east-1", AccountID: "123456789012", Name: "my-function"},
			wantARN: "arn:aws-iso-b:lambda:us-east-1:123456789012:function:my-function",
		},
		{
			in:      "arn:aws-iso-b:lambda:us-east-1:123456789012:function:my-function:live",
			want:    provconc.FunctionRef{Partition: "aws-iso-b", Region: "us-east-1", AccountID: "123456789012", Name: "my-function", Qualifier: "live"},
			wantARN: "arn:aws-iso-b:lambda:us-east-1:123456789012:function:my-function:live",
		},
		// Forms the pattern also admits.
		{in: "arn::lambda:us-west-2:123456789012:function:fn", want: provconc.FunctionRef{Region: "us-west-2", AccountID: "123456789012", Name: "fn"}},
		{in: "arn:aws:lambda:123456789012:fn", want: provconc.FunctionRef{Partition: "aws", AccountID: "123456789012", Name: "fn"}},
		{in: "arn:aws:lambda:function:fn:1", want: provconc.FunctionRef{Partition: "aws", Name: "fn", Qualifier: "1"}},
		// Without the arn prefix, two parts are a name and a qualifier, even
		// when the first looks like a region or an account id.
		{in: "us-west-2:my-fn", want: provconc.FunctionRef{Name: "us-west-2", Qualifier: "my-fn"}},
		{in: "my-func-1:live", want: provconc.FunctionRef{Name: "my-func-1", Qualifier: "live"}},
		{in: "arn:aws:lambda:us-west-2:my-fn", want: provconc.FunctionRef{Partition: "aws", Region: "us-west-2", Name: "my-fn"}},
		{in: "us-gov-1:fn", want: provconc.FunctionRef{Name: "us-gov-1", Qualifier: "fn"}},
		{in: "ab-c-1:123456789012:function:my-fn", want: provconc.FunctionRef{Region: "ab-c-1", AccountID: "123456789012", Name: "my-fn"}}, // shortest region the pattern allows
		{in: "us-west-2:123456789012:function:fn", want: provconc.FunctionRef{Region: "us-west-2", AccountID: "123456789012", Name: "fn"}},
		{in: "123456789012:my-fn", want: provconc.FunctionRef{Name: "123456789012", Qualifier: "my-fn"}},
		{in: "123456789012:function", want: provconc.FunctionRef{Name: "123456789012", Qualifier: "function"}},
		{in: "function:x", want: provconc.FunctionRef{Name: "x"}},
		{in: "function:function", want: provconc.FunctionRef{Name: "function"}},
		{in: "US-WEST-2:fn", want: provconc.FunctionRef{Name: "US-WEST-2", Qualifier: "fn"}},
		{in: "-", want: provconc.FunctionRef{Name: "-"}},
		{in: "a_B-9:Z_0-x", want: provconc.FunctionRef{Name: "a_B-9", Qualifier: "Z_0-x"}},
		// Length limits, at the boundary.
		{in: name64, want: provconc.FunctionRef{Name: name64}},
		{
			in:      longest,
			want:    provconc.FunctionRef{Partition: "aws", Region: "us-west-2", AccountID: "123456789012", Name: name64, Qualifier: strings.Repeat("q", 28)},
			wantARN: longest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := provconc.ParseFunctionRef(tt.in)
			if err != nil {
				t.Fatalf("ParseFunctionRef(%q) error: %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreRefForm); diff != "" {
				t.Errorf("ParseFunctionRef(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String() = %q, want the input %q", s, tt.in)
			}
			if a := got.ARN(); a != tt.wantARN {
				t.Errorf("ARN() = %q, want %q", a, tt.wantARN)
			}
			// The unqualified reference keeps the form and drops only the qualifier.
			u := got.Unqualified()
			if u.Qualifier != "" {
				t.Errorf("Unqualified().Qualifier = %q, want empty", u.Qualifier)
			}
			wantU := tt.in
			if got.Qualifier != "" {
				wantU = strings.TrimSuffix(tt.in, ":"+got.Qualifier)
			}
			if s := u.String(); s != wantU {
				t.Errorf("Unqualified().String() = %q, want %q", s, wantU)
			}
			// The unqualified reference parses back to itself.
			back, err := provconc.ParseFunctionRef(u.String())
			if err != nil {
				t.Fatalf("ParseFunctionRef(Unqualified().String()) error: %v", err)
			}
			if diff := cmp.Diff(u, back, ignoreRefForm); diff != "" {
				t.Errorf("Unqualified round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFunctionRefRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		wantRule string // a substring of InputError.Rule
	}{
		{"empty", "", "required"},
		{"141 characters", fullPrefix + strings.Repeat("n", 64) + ":" + strings.Repeat("q", 29), "140"},
		{"much too long", strings.Repeat("a", 1000), "140"},
		{"bare name of 65", strings.Repeat("n", 65), "64"},
		{"qualified name of 65", strings.Repeat("n", 65) + ":1", "64"},
		{"full ARN with a name of 65", fullPrefix + strings.Repeat("n", 65), "64"},
		{"space", "my function", "must match"},
		{"dot", "my.function", "must match"},
		{"slash", "my/function", "must match"},
		{"unicode letter", "fünction", "must match"},
		{"unicode only", "函数", "must match"},
		{"invalid UTF-8", "fn\xff", "must match"},
		{"newline at end", "my-function\n", "must match"},
		{"tab", "my\tfunction", "must match"},
		{"bad character in qualifier", "my-function:BL.UE", "must match"},
		{"too many colons", "a:b:c", "must match"},
		{"full ARN with two qualifiers", fullPrefix + "fn:1:2", "must match"},
		{"nine parts", "arn:aws:lambda:us-west-2:123456789012:function:fn:1:2", "must match"},
		{"colons only", "::::::::::", "must match"},
		{"empty qualifier", "my-function:", "must match"},
		{"empty name", ":1", "must match"},
		{"double colon", "fn::1", "must match"},
		{"ARN prefix alone", "arn:aws:lambda:", "must match"},
		{"ARN prefix without colon", "arn:aws:lambda", "must match"},
		{"ARN without name", fullPrefix, "must match"},
		{"partition not aws", "arn:gcp:lambda:us-west-2:123456789012:function:fn", "must match"},
		{"service not lambda", "arn:aws:s3:us-west-2:123456789012:function:fn", "must match"},
		{"account of 11 digits", "arn:aws:lambda:us-west-2:12345678901:function:fn", "must match"},
		{"account of 13 digits", "arn:aws:lambda:us-west-2:1234567890123:function:fn", "must match"},
		{"upper-case region in ARN", "arn:aws:lambda:US-WEST-2:123456789012:function:fn", "must match"},
		{"dollar qualifier", "my-function:$1", "must match"},
		{"LATEST with suffix", "my-function:$LATEST2", "must match"},
		{"lower-case latest", "my-function:$latest", "must match"},
		{"dollar at end", "my-function:LATEST$", "must match"},
		{"dollar alone", "my-function:$", "must match"},
		{"$LATEST as name", "$LATEST", "must match"},
		{"dollar in name", "my$function", "must match"},
		{"dollar in ARN name", fullPrefix + "my$function", "must match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := provconc.ParseFunctionRef(tt.in)
			if err == nil {
				t.Fatalf("ParseFunctionRef(%q) = %+v, want an error", tt.in, got)
			}
			if diff := cmp.Diff(provconc.FunctionRef{}, got, ignoreRefForm); diff != "" {
				t.Errorf("ParseFunctionRef(%q) returned a non-zero ref with its error (-want +got):\n%s", tt.in, diff)
			}
			if got.String() != "" {
				t.Errorf("String() of the returned ref = %q, want empty", got.String())
			}
			checkInputError(t, err, "FunctionName", tt.wantRule)
		})
	}
}

// checkInputError checks that err is an *InputError for field whose rule
// contains rule, and that it matches ErrInvalidInput.
func checkInputError(t *testing.T, err error, field, rule string) {
	t.Helper()
	var inErr *provconc.InputError
	if !errors.As(err, &inErr) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if inErr.Field != field {
		t.Errorf("InputError.Field = %q, want %q (error: %v)", inErr.Field, field, err)
	}
	if !strings.Contains(inErr.Rule, rule) {
		t.Errorf("InputError.Rule = %q, want it to contain %q", inErr.Rule, rule)
	}
	if !errors.Is(err, provconc.ErrInvalidInput) {
		t.Errorf("errors.Is(%v, ErrInvalidInput) = false, want true", err)
	}
	if !strings.Contains(err.Error(), field) {
		t.Errorf("error %q does not name the field %q", err.Error(), field)
	}
	if len(inErr.Value) > 163 {
		t.Errorf("InputError.Value is %d bytes long, want at most 160 plus an ellipsis", len(inErr.Value))
	}
}

func TestFunctionRefBuiltByHand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		ref        provconc.FunctionRef
		wantString string
		wantARN    string
	}{
		{
			name:       "full",
			ref:        provconc.FunctionRef{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012", Name: "fn", Qualifier: "BLUE"},
			wantString: "arn:aws:lambda:eu-west-1:123456789012:function:fn:BLUE",
			wantARN:    "arn:aws:lambda:eu-west-1:123456789012:function:fn:BLUE",
		},
		{
			name:       "full unqualified",
			ref:        provconc.FunctionRef{Partition: "aws-cn", Region: "cn-north-1", AccountID: "123456789012", Name: "fn"},
			wantString: "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn",
			wantARN:    "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn",
		},
		{
			name:       "account only: partial ARN",
			ref:        provconc.FunctionRef{AccountID: "123456789012", Name: "fn", Qualifier: "3"},
			wantString: "123456789012:function:fn:3",
		},
		{
			name:       "name only",
			ref:        provconc.FunctionRef{Name: "fn"},
			wantString: "fn",
		},
		{
			name:       "name and qualifier",
			ref:        provconc.FunctionRef{Name: "fn", Qualifier: "$LATEST"},
			wantString: "fn:$LATEST",
		},
		{
			name:       "no region: no full ARN",
			ref:        provconc.FunctionRef{Partition: "aws", AccountID: "123456789012", Name: "fn"},
			wantString: "123456789012:function:fn",
		},
		{
			// "us-west-2:fn:BLUE" would name another function in some
			// readings, and "us-west-2:fn" is function us-west-2, alias fn.
			name:       "region without account: a bare name",
			ref:        provconc.FunctionRef{Region: "us-west-2", Name: "fn", Qualifier: "BLUE"},
			wantString: "fn:BLUE",
		},
		{
			name:       "partition and region without account: a bare name",
			ref:        provconc.FunctionRef{Partition: "aws", Region: "us-west-2", Name: "fn"},
			wantString: "fn",
		},
		{
			name:       "region and account without partition: a partial ARN with its region",
			ref:        provconc.FunctionRef{Region: "us-west-2", AccountID: "123456789012", Name: "fn"},
			wantString: "us-west-2:123456789012:function:fn",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.ref.String(); got != tt.wantString {
				t.Errorf("String() = %q, want %q", got, tt.wantString)
			}
			if got := tt.ref.ARN(); got != tt.wantARN {
				t.Errorf("ARN() = %q, want %q", got, tt.wantARN)
			}
			// What String writes parses back to the same parts.
			back, err := provconc.ParseFunctionRef(tt.ref.String())
			if err != nil {
				t.Fatalf("ParseFunctionRef(String()) error: %v", err)
			}
			want := tt.ref
			if tt.wantARN == "" {
				want.Partition = "" // not written without a region and account
			}
			if want.AccountID == "" {
				want.Region = "" // not written without an account
			}
			if diff := cmp.Diff(want, back, ignoreRefForm); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFunctionRefARNFromPartialForms(t *testing.T) {
	t.Parallel()
	// A parsed reference without partition, region and account has no ARN,
	// and Unqualified of a full ARN keeps the ARN form.
	for _, in := range []string{"fn", "fn:1", "123456789012:function:fn", "us-west-2:123456789012:function:fn", "arn::lambda:us-west-2:123456789012:function:fn"} {
		ref, err := provconc.ParseFunctionRef(in)
		if err != nil {
			t.Fatalf("ParseFunctionRef(%q): %v", in, err)
		}
		if got := ref.ARN(); got != "" {
			t.Errorf("ParseFunctionRef(%q).ARN() = %q, want empty", in, got)
		}
	}
	ref, err := provconc.ParseFunctionRef(fullPrefix + "fn:BLUE")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ref.Unqualified().ARN(), fullPrefix+"fn"; got != want {
		t.Errorf("Unqualified().ARN() = %q, want %q", got, want)
	}
}

func TestResolveQualifier(t *testing.T) {
	t.Parallel()
	q128 := strings.Repeat("q", 128)
	tests := []struct {
		name         string
		functionName string
		qualifier    string
		required     bool
		want         provconc.FunctionRef
		wantString   string
		wantARN      string
		// For errors: the field and a substring of the rule.
		wantErrField string
		wantErrRule  string
	}{
		{name: "from argument", functionName: "fn", qualifier: "BLUE",
			want: provconc.FunctionRef{Name: "fn", Qualifier: "BLUE"}, wantString: "fn:BLUE"},
		{name: "from name", functionName: "fn:BLUE",
			want: provconc.FunctionRef{Name: "fn", Qualifier: "BLUE"}, wantString: "fn:BLUE"},
		{name: "from name, required", functionName: "fn:7", required: true,
			want: provconc.FunctionRef{Name: "fn", Qualifier: "7"}, wantString: "fn:7"},
		{name: "both equal", functionName: "fn:BLUE", qualifier: "BLUE", required: true,
			want: provconc.FunctionRef{Name: "fn", Qualifier: "BLUE"}, wantString: "fn:BLUE"},
		{name: "neither, not required", functionName: "fn",
			want: provconc.FunctionRef{Name: "fn"}, wantString: "fn"},
		{name: "full ARN and argument", functionName: fullPrefix + "fn", qualifier: "3", required: true,
			want:       provconc.FunctionRef{Partition: "aws", Region: "us-west-2", AccountID: "123456789012", Name: "fn", Qualifier: "3"},
			wantString: fullPrefix + "fn:3", wantARN: fullPrefix + "fn:3"},
		{name: "partial ARN with qualifier", functionName: "123456789012:function:fn:live",
			want: provconc.FunctionRef{AccountID: "123456789012", Name: "fn", Qualifier: "live"}, wantString: "123456789012:function:fn:live"},
		{name: "$LATEST as argument", functionName: "fn", qualifier: "$LATEST", required: true,
			want: provconc.FunctionRef{Name: "fn", Qualifier: "$LATEST"}, wantString: "fn:$LATEST"},
		{name: "$LATEST in both", functionName: "fn:$LATEST", qualifier: "$LATEST",
			want: provconc.FunctionRef{Name: "fn", Qualifier: "$LATEST"}, wantString: "fn:$LATEST"},
		{name: "128 characters", functionName: "fn", qualifier: q128,
			want: provconc.FunctionRef{Name: "fn", Qualifier: q128}, wantString: "fn:" + q128},
		// Errors.
		{name: "both different", functionName: "fn:BLUE", qualifier: "GREEN",
			wantErrField: "Qualifier", wantErrRule: "BLUE"},
		{name: "both different, ARN", functionName: fullPrefix + "fn:1", qualifier: "2",
			wantErrField: "Qualifier", wantErrRule: "contradicts"},
		{name: "required and missing", functionName: "fn", required: true,
			wantErrField: "Qualifier", wantErrRule: "required"},
		{name: "required and missing, full ARN", functionName: fullPrefix + "fn", required: true,
			wantErrField: "Qualifier", wantErrRule: "required"},
		{name: "bad pattern", functionName: "fn", qualifier: "BL UE",
			wantErrField: "Qualifier", wantErrRule: "must match"},
		{name: "bad pattern dot", functionName: "fn", qualifier: "1.0",
			wantErrField: "Qualifier", wantErrRule: "must match"},
		{name: "bad pattern colon", functionName: "fn", qualifier: "a:b",
			wantErrField: "Qualifier", wantErrRule: "must match"},
		{name: "129 characters", functionName: "fn", qualifier: q128 + "q",
			wantErrField: "Qualifier", wantErrRule: "128"},
		{name: "bad function name", functionName: "my function", qualifier: "1",
			wantErrField: "FunctionName", wantErrRule: "must match"},
		{name: "empty function name", functionName: "", qualifier: "1",
			wantErrField: "FunctionName", wantErrRule: "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := provconc.ResolveQualifier(tt.functionName, tt.qualifier, tt.required)
			if tt.wantErrField != "" {
				if err == nil {
					t.Fatalf("ResolveQualifier(%q, %q, %v) = %+v, want an error", tt.functionName, tt.qualifier, tt.required, got)
				}
				checkInputError(t, err, tt.wantErrField, tt.wantErrRule)
				return
			}
			if err != nil {
				t.Fatalf("ResolveQualifier(%q, %q, %v) error: %v", tt.functionName, tt.qualifier, tt.required, err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreRefForm); diff != "" {
				t.Errorf("ResolveQualifier mismatch (-want +got):\n%s", diff)
			}
			if s := got.String(); s != tt.wantString {
				t.Errorf("String() = %q, want %q", s, tt.wantString)
			}
			if a := got.ARN(); a != tt.wantARN {
				t.Errorf("ARN() = %q, want %q", a, tt.wantARN)
			}
		})
	}
}

// TestResolveQualifierChecksQualifier checks the Qualifier rules on their
// own: a bare name with no qualifier in it, qualifier not required.
func TestResolveQualifierChecksQualifier(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q       string
		wantErr bool
	}{
		{"", false},
		{"1", false},
		{"BLUE", false},
		{"$LATEST", false},
		{"a$b", false}, // the Qualifier pattern allows '$' anywhere
		{"a-b_C9", false},
		{strings.Repeat("x", 128), false},
		{strings.Repeat("x", 129), true},
		{"a b", true},
		{"a.b", true},
		{"a:b", true},
		{"a/b", true},
		{"é", true},
	}
	for _, tt := range tests {
		_, err := provconc.ResolveQualifier("my-function", tt.q, false)
		if (err != nil) != tt.wantErr {
			t.Errorf("ResolveQualifier(\"my-function\", %q, false) = %v, want error %v", tt.q, err, tt.wantErr)
			continue
		}
		if err != nil {
			checkInputError(t, err, "Qualifier", "")
		}
	}
}
