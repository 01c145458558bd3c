package main

import (
	"slices"
	"testing"
)

// TestAASListArgs checks the rewriting of the list flags into one flag per
// value, as aws-cli 2.9.19 reads them.
func TestAASListArgs(t *testing.T) {
	t.Parallel()
	aas := []string{"--region", "r", "application-autoscaling", "describe-scalable-targets"}
	cases := []struct{ in, want []string }{
		{[]string{"--resource-ids", "a", "b", "--output", "text"}, []string{"--resource-ids=a", "--resource-ids=b", "--output", "text"}},
		{[]string{"--resource-ids", "a", "--resource-ids", "b", "c"}, []string{"--resource-ids=b", "--resource-ids=c"}},
		{[]string{"--resource-ids=a", "b"}, []string{"--resource-ids=a", "b"}},
		{[]string{"--resource-ids", "a,b"}, []string{"--resource-ids=a,b"}},
		{[]string{"--resource-ids", "--output", "json"}, []string{"--output", "json"}},
		{[]string{"--policy-names", "p", "--", "x"}, []string{"--policy-names=p", "--", "x"}},
		{[]string{"--", "--policy-names", "p"}, []string{"--", "--policy-names", "p"}},
	}
	for _, c := range cases {
		in := append(slices.Clone(aas), c.in...)
		want := append(slices.Clone(aas), c.want...)
		if got := aasListArgs(in); !slices.Equal(got, want) {
			t.Errorf("aasListArgs(%q) = %q, want %q", in, got, want)
		}
	}
	// Other commands are left alone.
	other := []string{"lambda", "list-provisioned-concurrency-configs", "--resource-ids", "a", "b"}
	if got := aasListArgs(other); !slices.Equal(got, other) {
		t.Errorf("aasListArgs(%q) = %q", other, got)
	}
}
