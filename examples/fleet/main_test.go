package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The example applies the sample file to the emulator: the plan shows each
// kind of change, every config ends READY, and a second plan finds nothing.
func TestFleetAgainstEmulator(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-ready-after", "30ms"}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		`(?m)^  - checkout:1 +3 -> none \(pruned\)$`,
		`(?m)^  ~ checkout:live +10 -> 20$`,
		`(?m)^  \+ default/orders:1 +5 with 1 trigger action$`,
		`Plan: 5 to create, 1 to update, 1 to delete, 0 unchanged\.`,
		`(?m)^\[7/7\] applied `,
		`(?m)^applied +tencent/ap-guangzhou +default/orders:2 +create +2 READY$`,
		`Applied 7, unchanged 0, skipped 0, failed 0, not started 0 \(of 7\)\.`,
		`Planning again:\nNo changes: 6 configs are as desired\.`,
	} {
		if !regexp.MustCompile(want).Match(out.Bytes()) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestFleetWithoutPruning(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-ready-after", "0", "-prune=false"}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "pruned") || !strings.Contains(out.String(), "Plan: 5 to create, 1 to update, 0 to delete, 0 unchanged. (Pruning off: nothing is deleted.)") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestFleetRefusesABadFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "bad.yaml")
	src := "Configs:\n  - Cloud: aws\n    Region: us-east-1\n    FunctionName: api\n    Qualifier: live\n    ProvisionedConcurrentExecutions: -1\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"-f", path}, &out)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:6: Configs[0] (api:live): ProvisionedConcurrentExecutions") {
		t.Errorf("run = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed before refusing:\n%s", out.String())
	}
}
