package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

// The quickstart runs end to end against the in-process emulator and prints
// each step a user expects.
func TestQuickstartAgainstEmulator(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-ready-after", "30ms", "-poll", "10ms", "-count", "7"}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		`Talking to the in-process emulator`,
		`Put demo-api:live = 7 -> IN_PROGRESS \(request [0-9a-f-]{36}\)`,
		`IN_PROGRESS +allocated 0/7, available 0`,
		`READY +allocated 7/7, available 7`,
		`Ready after .*: 7 of 7 available`,
		`Get demo-api:live: READY, 7 available`,
		`live +READY +7 +7 +arn:aws:lambda:us-east-1:123456789012:function:demo-api:live`,
		`Deleted demo-api:live; Get now answers: .*ProvisionedConcurrencyConfigNotFoundException`,
	} {
		if !regexp.MustCompile(want).Match(out.Bytes()) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestQuickstartRejectsBadFlags(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-count", "many"}, &out); err == nil {
		t.Fatal("run accepted -count many")
	}
}

func TestQuickstartReportsInputErrors(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"-count", "0", "-ready-after", "0"}, &out)
	if err == nil || !regexp.MustCompile(`ProvisionedConcurrentExecutions`).MatchString(err.Error()) {
		t.Fatalf("err = %v, want the count refused by name", err)
	}
}
