// These tests drive the built pcctl binary with os/exec against the
// emulator, and check what a user or a script sees: output, errors and
// exit codes.

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc/transport/emulator"
)

func TestHelp(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		r := runPcctl(t, env, args...)
		wantCode(t, r, exitOK, args...)
		if r.stdout != usageText {
			t.Errorf("pcctl %s: stdout is not the usage text:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
	for _, name := range []string{"put", "get", "list", "delete", "wait", "emulator"} {
		for _, args := range [][]string{{"help", name}, {name, "-h"}} {
			r := runPcctl(t, env, args...)
			wantCode(t, r, exitOK, args...)
			if !strings.HasPrefix(r.stdout, "Usage: pcctl "+name) {
				t.Errorf("pcctl %s: stdout does not start with the command's usage:\n%s", strings.Join(args, " "), r.stdout)
			}
		}
	}
}

// TestLifecycleJSON walks put, get, list and delete with JSON output and
// every documented form of function reference.
func TestLifecycleJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce, Now: func() time.Time { return fixedNow }})
	const (
		arnLive    = "arn:aws:lambda:us-east-1:123456789012:function:demo-api:live"
		arnCanary  = "arn:aws:lambda:us-east-1:123456789012:function:demo-api:canary"
		modifiedAt = "2024-05-01T12:00:00+0000" // as the service writes it
	)
	ready := func(arn string, n int) testConfig {
		return testConfig{FunctionArn: arn, Requested: n, Allocated: n, Available: n, Status: "READY", LastModified: modifiedAt}
	}

	// put, name:qualifier; the service answers IN_PROGRESS.
	args := []string{"put", "demo-api:live", "5", "-o", "json"}
	r := f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	want := testConfig{Requested: 5, Status: "IN_PROGRESS", LastModified: modifiedAt}
	if diff := cmp.Diff(want, decodeConfig(t, []byte(r.stdout))); diff != "" {
		t.Errorf("put (-want +got):\n%s", diff)
	}

	// put, name with --qualifier and the global flag before the command.
	args = []string{"--output", "json", "put", "demo-api", "3", "--qualifier", "canary"}
	r = f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if got := decodeConfig(t, []byte(r.stdout)); got.Requested != 3 {
		t.Errorf("put --qualifier canary: got %+v", got)
	}
	if cfg, ok := f.emu.ProvisionedConfig("demo-api", "canary"); !ok || cfg.Requested != 3 {
		t.Errorf("the emulator's demo-api:canary after put: %+v (found %v)", cfg, ok)
	}

	// get, in every form; Get answers carry no ARN.
	gets := []struct {
		args []string
		want testConfig
	}{
		{[]string{"get", "demo-api", "--qualifier", "live"}, ready("", 5)},
		{[]string{"get", "demo-api:live"}, ready("", 5)},
		{[]string{"get", "123456789012:function:demo-api:live"}, ready("", 5)},
		{[]string{"get", "123456789012:function:demo-api", "--qualifier", "live"}, ready("", 5)},
		{[]string{"get", arnLive}, ready("", 5)},
		{[]string{"get", "arn:aws:lambda:us-east-1:123456789012:function:demo-api", "--qualifier", "live"}, ready("", 5)},
		{[]string{"-o", "json", "get", "demo-api:canary"}, ready("", 3)},
	}
	for _, g := range gets {
		args := append(g.args, "-o", "json")
		r := f.run(t, args...)
		wantCode(t, r, exitOK, args...)
		if diff := cmp.Diff(g.want, decodeConfig(t, []byte(r.stdout))); diff != "" {
			t.Errorf("pcctl %s (-want +got):\n%s", strings.Join(args, " "), diff)
		}
	}

	// list, in one page and in pages of one; list items carry their ARN,
	// newest first.
	wantList := []testConfig{ready(arnCanary, 3), ready(arnLive, 5)}
	for _, args := range [][]string{
		{"list", "demo-api", "-o", "json"},
		{"list", "demo-api", "--max-items", "1", "-o", "json"},
		{"list", "arn:aws:lambda:us-east-1:123456789012:function:demo-api", "-o", "json"},
		{"lambda", "list-provisioned-concurrency-configs", "--function-name", "demo-api", "--page-size", "1"},
	} {
		r := f.run(t, args...)
		wantCode(t, r, exitOK, args...)
		if diff := cmp.Diff(wantList, decodeList(t, r.stdout)); diff != "" {
			t.Errorf("pcctl %s (-want +got):\n%s", strings.Join(args, " "), diff)
		}
	}

	// delete, by partial ARN with --qualifier: as the aws CLI, nothing on
	// stdout.
	args = []string{"delete", "123456789012:function:demo-api", "--qualifier", "canary", "-o", "json"}
	r = f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if r.stdout != "" {
		t.Errorf("delete -o json: stdout %q, want nothing", r.stdout)
	}
	if _, ok := f.emu.ProvisionedConfig("demo-api", "canary"); ok {
		t.Error("the emulator still has demo-api:canary after delete")
	}

	// The deleted config is gone from get and list, and deleting it again
	// is a service error.
	for _, args := range [][]string{{"get", "demo-api:canary"}, {"delete", "demo-api:canary"}} {
		r = f.run(t, args...)
		wantCode(t, r, exitService, args...)
		if !strings.Contains(r.stderr, "An error occurred (ProvisionedConcurrencyConfigNotFoundException) when calling the ") {
			t.Errorf("%s after delete: stderr = %q", args[0], r.stderr)
		}
	}
	args = []string{"list", "demo-api", "-o", "json"}
	r = f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if diff := cmp.Diff([]testConfig{ready(arnLive, 5)}, decodeList(t, r.stdout)); diff != "" {
		t.Errorf("list after delete (-want +got):\n%s", diff)
	}

	// An empty list is an empty array.
	args = []string{"list", "demo-worker", "-o", "json"}
	r = f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if diff := cmp.Diff([]testConfig{}, decodeList(t, r.stdout)); diff != "" {
		t.Errorf("empty list (-want +got):\n%s", diff)
	}
}

func TestTableOutput(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce, Now: func() time.Time { return fixedNow }})
	steps := []struct {
		args         []string
		stdout, errs string
	}{
		{
			args: []string{"put", "demo-api:live", "5"},
			stdout: "" +
				"FUNCTION  QUALIFIER  STATUS       REQUESTED  ALLOCATED  AVAILABLE  LAST MODIFIED         REASON\n" +
				"demo-api  live       IN_PROGRESS  5          0          0          2024-05-01T12:00:00Z  -\n",
		},
		{
			args: []string{"put", "demo-api:canary", "12"},
			stdout: "" +
				"FUNCTION  QUALIFIER  STATUS       REQUESTED  ALLOCATED  AVAILABLE  LAST MODIFIED         REASON\n" +
				"demo-api  canary     IN_PROGRESS  12         0          0          2024-05-01T12:00:00Z  -\n",
		},
		{
			args: []string{"get", "demo-api:live"},
			stdout: "" +
				"FUNCTION  QUALIFIER  STATUS  REQUESTED  ALLOCATED  AVAILABLE  LAST MODIFIED         REASON\n" +
				"demo-api  live       READY   5          5          5          2024-05-01T12:00:00Z  -\n",
		},
		{
			args: []string{"list", "demo-api"},
			stdout: "" +
				"FUNCTION  QUALIFIER  STATUS  REQUESTED  ALLOCATED  AVAILABLE  LAST MODIFIED         REASON\n" +
				"demo-api  canary     READY   12         12         12         2024-05-01T12:00:00Z  -\n" +
				"demo-api  live       READY   5          5          5          2024-05-01T12:00:00Z  -\n",
		},
		{
			args:   []string{"delete", "demo-api", "--qualifier", "canary"},
			stdout: "Deleted the provisioned concurrency config of demo-api:canary\n",
		},
		{
			args: []string{"list", "demo-worker"},
			errs: "pcctl: demo-worker has no provisioned concurrency configs\n",
		},
	}
	for _, s := range steps {
		r := f.run(t, s.args...)
		wantCode(t, r, exitOK, s.args...)
		if diff := cmp.Diff(s.stdout, r.stdout); diff != "" {
			t.Errorf("pcctl %s: stdout (-want +got):\n%s", strings.Join(s.args, " "), diff)
		}
		if diff := cmp.Diff(s.errs, r.stderr); diff != "" {
			t.Errorf("pcctl %s: stderr (-want +got):\n%s", strings.Join(s.args, " "), diff)
		}
	}
}

// TestAPIErrors checks exit code 254 and the error as the aws CLI writes
// it: a blank line, then the code, the operation and the message.
func TestAPIErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce, Now: func() time.Time { return fixedNow }})
	if r := f.run(t, "put", "demo-api:live", "5"); r.code != exitOK {
		t.Fatal(r)
	}
	// The short verbs add the request id (issue 6); the lambda family
	// writes the aws CLI's line as it is.
	line := func(code, op string) string {
		return `^\nAn error occurred \(` + code + `\) when calling the ` + op + ` operation: \S.* \(request id: [0-9a-f-]{36}\)\n$`
	}
	awsLine := func(code, op string) string {
		return `^\nAn error occurred \(` + code + `\) when calling the ` + op + ` operation: [^()]+\n$`
	}
	cases := []struct {
		name   string
		args   []string
		stderr string // a regular expression for the whole of stderr
	}{
		{"unknown function", []string{"get", "no-such-function:live"}, line("ResourceNotFoundException", "GetProvisionedConcurrencyConfig")},
		{"no config", []string{"get", "demo-worker:prod"}, line("ProvisionedConcurrencyConfigNotFoundException", "GetProvisionedConcurrencyConfig")},
		// Version 2 is behind alias live, which has a config.
		{"conflict", []string{"put", "demo-api:2", "1"}, line("ResourceConflictException", "PutProvisionedConcurrencyConfig")},
		{"unsigned", []string{"get", "demo-api:live", "--no-sign-request"}, line(`\w+`, "GetProvisionedConcurrencyConfig")},
		{"wait without config", []string{"wait", "demo-worker:prod"}, line("ProvisionedConcurrencyConfigNotFoundException", "GetProvisionedConcurrencyConfig")},
		// The service answers 204 to a Delete of a missing config; the short
		// verb reads first, so that it never says "Deleted" for nothing.
		{"delete without config", []string{"delete", "demo-worker:prod"}, line("ProvisionedConcurrencyConfigNotFoundException", "GetProvisionedConcurrencyConfig")},
		{"lambda family", []string{"lambda", "get-provisioned-concurrency-config", "--function-name", "demo-worker", "--qualifier", "prod"},
			awsLine("ProvisionedConcurrencyConfigNotFoundException", "GetProvisionedConcurrencyConfig")},
	}
	for _, c := range cases {
		r := f.run(t, c.args...)
		wantCode(t, r, exitService, c.args...)
		if !regexp.MustCompile(c.stderr).MatchString(r.stderr) {
			t.Errorf("%s: stderr %q does not match %s", c.name, r.stderr, c.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%s: stdout = %q, want nothing", c.name, r.stdout)
		}
	}
}

// TestBadInput checks that input refused client-side exits 252 with a
// message naming the field, and sends nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{})
	cases := []struct {
		args []string
		want string // a substring of stderr
	}{
		{[]string{"put", "bad name!", "3"}, `pcctl: invalid FunctionName (FUNCTION) "bad name!": must match`},
		{[]string{"put", "a:b:c:d", "3"}, `invalid FunctionName (FUNCTION) "a:b:c:d"`},
		{[]string{"put", strings.Repeat("f", 65), "3", "--qualifier", "live"}, `invalid FunctionName (FUNCTION)`},
		{[]string{"put", "demo-api:live", "0"}, `pcctl: invalid ProvisionedConcurrentExecutions (COUNT) "0": must be between 1 and`},
		{[]string{"put", "demo-api:live", "-3"}, `pcctl put: invalid COUNT "-3": must be at least 1`},
		{[]string{"put", "demo-api:live", "abc"}, `pcctl put: invalid COUNT "abc": must be a whole number`},
		{[]string{"put", "demo-api:live", "5", "--wait", "--wait-timeout", "0s"}, `pcctl put: invalid --wait-timeout 0s`},
		{[]string{"put", "demo-api:live"}, "pcctl put: missing COUNT"},
		{[]string{"put"}, "pcctl put: missing FUNCTION and COUNT"},
		{[]string{"put", "demo-api", "3"}, `invalid Qualifier (--qualifier): is required`},
		{[]string{"get", "demo-api"}, `invalid Qualifier (--qualifier): is required`},
		{[]string{"get", "demo-api:live", "--qualifier", "canary"}, `invalid Qualifier (--qualifier) "canary": contradicts`},
		{[]string{"get", "demo-api", "--qualifier", "a b"}, `invalid Qualifier (--qualifier) "a b"`},
		{[]string{"get", "demo-api:live", "extra"}, `pcctl get: too many arguments`},
		{[]string{"get", "demo-api:live", "--bogus"}, "pcctl get: unknown flag: --bogus"},
		{[]string{"get", "demo-api:live", "--qualifer", "live"}, "pcctl get: unknown flag: --qualifer\nDid you mean --qualifier?\n"},
		{[]string{"--bogus", "get", "demo-api:live"}, "unknown flag: --bogus"},
		{[]string{"get", "demo-api:live", "--qualifier"}, "pcctl get: flag needs an argument: --qualifier"},
		{[]string{"put", "demo-api:live", "5", "--wait-timeout", "1m"}, "pcctl put: --wait-timeout needs --wait"},
		{[]string{"put", "demo-api:live", "5", "--poll-interval", "1s"}, "pcctl put: --poll-interval needs --wait"},
		{[]string{"delete", "demo-api"}, `invalid Qualifier (--qualifier): is required`},
		{[]string{"delete"}, "pcctl delete: missing FUNCTION"},
		{[]string{"wait", "demo-api:live", "--wait-timeout", "-1s"}, "pcctl wait: invalid --wait-timeout -1s"},
		{[]string{"wait", "demo-api:live", "--poll-interval", "0s"}, "pcctl wait: invalid --poll-interval 0s"},
		{[]string{"list", "demo-api:live"}, `invalid FunctionName (FUNCTION) "demo-api:live": list takes a function without a qualifier`},
		{[]string{"list", "demo-api", "--qualifier", "live"}, "pcctl list: unknown flag: --qualifier"},
		{[]string{"list", "demo-api", "--max-items", "51"}, `invalid MaxItems (--max-items) "51"`},
		{[]string{"list"}, "pcctl list: missing FUNCTION"},
		{[]string{"lambda", "get-provisioned-concurrency-config", "--generate-cli-skeleton", "yaml-input"}, `invalid --generate-cli-skeleton "yaml-input": pcctl prints the input skeleton only`},
		{[]string{"lambda", "list-provisioned-concurrency-configs", "--function-name", "demo-api", "--page-size", "51"}, "pcctl lambda list-provisioned-concurrency-configs: invalid --page-size 51: must be between 1 and 50"},
		{[]string{"frobnicate"}, `pcctl: unknown command "frobnicate"`},
		{[]string{"lsit", "demo-api"}, "pcctl: unknown command \"lsit\"\nDid you mean list"},
		{[]string{"lambda", "get-provisioned-concurency-config"}, "pcctl lambda: unknown command \"get-provisioned-concurency-config\"\nDid you mean get-provisioned-concurrency-config?"},
		{[]string{"lambda", "get-provisioned-concurrency-config", "--function-name", "demo-api"}, "the following arguments are required: --qualifier"},
		{[]string{"lambda", "put-provisioned-concurrency-config", "--function-name", "demo-api", "--qualifier", "live"}, "the following arguments are required: --provisioned-concurrent-executions"},
		{[]string{"lambda", "get-provisioned-concurrency-config", "--cli-input-json", `{"FunctionName":"demo-api","Qualifer":"live"}`}, `unknown parameter "Qualifer"`},
		{[]string{"lambda", "list-provisioned-concurrency-configs", "--function-name", "demo-api", "--starting-token", "bm90IGpzb24="}, "invalid --starting-token"},
		{[]string{"lambda", "list-provisioned-concurrency-configs", "--function-name", "demo-api", "--max-items", "0"}, "invalid --max-items 0"},
		{[]string{"lambda", "get-provisioned-concurrency-config", "--function-name", "demo-api:live", "--query", "Status[["}, "bad value for --query Status[["},
		{[]string{"scf", "PutProvisionedConcurrencyConfig", "--FunctionName", "demo-api", "--Qualifier", "1"}, "the following arguments are required: --VersionProvisionedConcurrencyNum"},
		{[]string{}, "pcctl: no command given"},
		{[]string{"help", "frobnicate"}, `pcctl: unknown command "frobnicate"`},
		{[]string{"-o", "xml", "get", "demo-api:live"}, `pcctl: invalid --output "xml": must be one of json, text, table, yaml`},
		{[]string{"get", "demo-api:live", "--output", "xml"}, `pcctl: invalid --output "xml"`},
		{[]string{"--provider", "gcp", "get", "demo-api:live"}, `pcctl: invalid --provider "gcp": must be one of aws`},
		{[]string{"--namespace", "prod", "get", "demo-api:live"}, "pcctl: --namespace applies to --provider tencent only"},
		{[]string{"--emulator", "get", "demo-api:live"}, "pcctl: --emulator and --endpoint exclude each other"},
		{[]string{"--timeout", "-1s", "get", "demo-api:live"}, "pcctl: invalid --timeout -1s"},
		{[]string{"emulator", "--addr", "0.0.0.0:0"}, `pcctl emulator: invalid --addr "0.0.0.0:0": must be a loopback address`},
		{[]string{"emulator", "extra"}, `pcctl emulator: takes no arguments`},
	}
	for _, c := range cases {
		before := f.requests.Load()
		r := f.run(t, c.args...)
		wantCode(t, r, exitUsage, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("pcctl %s: stderr %q does not contain %q", strings.Join(c.args, " "), r.stderr, c.want)
		}
		if lines := strings.Count(r.stderr, "\n"); lines > 3 {
			t.Errorf("pcctl %s: stderr has %d lines, want the error, a suggestion and a hint:\n%s", strings.Join(c.args, " "), lines, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("pcctl %s: stdout = %q, want nothing", strings.Join(c.args, " "), r.stdout)
		}
		if n := f.requests.Load() - before; n != 0 {
			t.Errorf("pcctl %s: the emulator received %d requests, want none", strings.Join(c.args, " "), n)
		}
	}
}

// TestWaitFailed checks exit code 255 (as the aws CLI's waiters) when an allocation ends FAILED, for put
// --wait and for wait, and that the failed config is still printed.
func TestWaitFailed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: 100 * time.Millisecond})
	f.emu.FailNextAllocation("demo-api", "live", "FUNCTION_ERROR_INIT_FAILURE")
	wantStderr := "pcctl: allocation FAILED for demo-api:live: FUNCTION_ERROR_INIT_FAILURE\n"
	for _, args := range [][]string{
		{"put", "demo-api:live", "5", "--wait", "--poll-interval", "20ms", "-o", "json"},
		{"wait", "demo-api:live", "--poll-interval", "20ms", "-o", "json"},
	} {
		r := f.run(t, args...)
		wantCode(t, r, exitOther, args...)
		got := decodeConfig(t, []byte(r.stdout))
		want := testConfig{Requested: 5, Status: "FAILED", StatusReason: "FUNCTION_ERROR_INIT_FAILURE", LastModified: got.LastModified}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pcctl %s (-want +got):\n%s", strings.Join(args, " "), diff)
		}
		if !strings.HasSuffix(r.stderr, wantStderr) {
			t.Errorf("pcctl %s: stderr %q does not end with %q", strings.Join(args, " "), r.stderr, wantStderr)
		}
	}
}

// TestWaitTimeout checks exit code 255 when --wait-timeout passes, with the
// last config read printed.
func TestWaitTimeout(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: time.Hour})
	if r := f.run(t, "put", "demo-api:live", "5"); r.code != exitOK {
		t.Fatal(r)
	}
	args := []string{"wait", "demo-api:live", "--wait-timeout", "300ms", "--poll-interval", "20ms"}
	start := time.Now()
	r := f.run(t, args...)
	wantCode(t, r, exitOther, args...)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("wait --wait-timeout 300ms took %s", d)
	}
	wantErr := "pcctl: timed out after 300ms waiting for demo-api:live to be READY (last seen IN_PROGRESS, allocated 0/5)\n"
	if !strings.HasSuffix(r.stderr, wantErr) {
		t.Errorf("stderr %q does not end with %q", r.stderr, wantErr)
	}
	if !regexp.MustCompile(`(?m)^demo-api +live +IN_PROGRESS +5 +0 +0 `).MatchString(r.stdout) {
		t.Errorf("stdout does not show the last config read:\n%s", r.stdout)
	}
}

// TestPutWaitProgress checks put --wait's plain progress lines (stderr is
// not a terminal here): one line per change, no carriage returns.
func TestPutWaitProgress(t *testing.T) {
	t.Parallel()
	// Long enough that the first read comes before READY even on a loaded
	// machine (starting the binary and the Put take part of it).
	f := newFixture(t, emulator.Options{ReadyAfter: 1500 * time.Millisecond})
	args := []string{"put", "demo-api:live", "5", "--wait", "--poll-interval", "20ms"}
	r := f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if strings.Contains(r.stderr, "\r") {
		t.Errorf("plain progress contains a carriage return: %q", r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	line := regexp.MustCompile(`^waiting for demo-api:live: (IN_PROGRESS|READY), allocated (\d+)/5, available (\d+), elapsed \d+\.\ds$`)
	var statuses []string
	for _, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("progress line %q does not match %s", l, line)
		}
		statuses = append(statuses, m[1]+" "+m[2]+" "+m[3])
	}
	// The emulator goes from nothing to everything at once: two states, so
	// two lines however many reads it took.
	if diff := cmp.Diff([]string{"IN_PROGRESS 0 0", "READY 5 5"}, statuses); diff != "" {
		t.Errorf("progress (-want +got):\n%s\nstderr:\n%s", diff, r.stderr)
	}
	if !regexp.MustCompile(`(?m)^demo-api +live +READY +5 +5 +5 `).MatchString(r.stdout) {
		t.Errorf("stdout does not show the READY config:\n%s", r.stdout)
	}

	// wait on a config already READY: one line, exit 0.
	args = []string{"wait", "demo-api:live"}
	r = f.run(t, args...)
	wantCode(t, r, exitOK, args...)
	if !regexp.MustCompile(`^waiting for demo-api:live: READY, allocated 5/5, available 5, elapsed \d+\.\ds\n$`).MatchString(r.stderr) {
		t.Errorf("wait on a READY config: stderr = %q", r.stderr)
	}
}

// TestAWSConfiguration checks that pcctl reads the usual AWS environment
// variables and shared files, and that flags override them. The fixture's
// emulator verifies SigV4 signatures, including the region of the scope.
func TestAWSConfiguration(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce, Now: func() time.Time { return fixedNow }, MaxClockSkew: 0})
	if r := f.run(t, "put", "demo-api:live", "5"); r.code != exitOK {
		t.Fatal(r)
	}
	get := []string{"get", "demo-api:live", "-o", "json"}

	// AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, with no --endpoint.
	for _, v := range []string{"AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"} {
		r := runPcctl(t, f.env(v+"="+f.url), get...)
		wantCode(t, r, exitOK, get...)
	}
	// The service variable wins over the global one.
	r := runPcctl(t, f.env("AWS_ENDPOINT_URL_LAMBDA="+f.url, "AWS_ENDPOINT_URL=http://127.0.0.1:1"), get...)
	wantCode(t, r, exitOK, get...)
	// --endpoint wins over both.
	r = runPcctl(t, f.env("AWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:1"), append([]string{"--endpoint", f.url}, get...)...)
	wantCode(t, r, exitOK, get...)

	// A wrong AWS_REGION makes the signature's scope wrong; --region fixes it.
	wrongRegion := append(f.env(), "AWS_REGION=eu-west-1")
	r = runPcctl(t, wrongRegion, append([]string{"--endpoint", f.url}, get...)...)
	wantCode(t, r, exitService, get...)
	if !strings.Contains(r.stderr, "An error occurred (InvalidSignatureException)") {
		t.Errorf("wrong region: stderr = %q", r.stderr)
	}
	r = runPcctl(t, wrongRegion, append([]string{"--endpoint", f.url, "--region", testRegion}, get...)...)
	wantCode(t, r, exitOK, get...)

	// A profile from the shared files, by --profile and by AWS_PROFILE, with
	// its region, credentials and services endpoint.
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "config"), "[profile emu]\nregion = "+testRegion+"\nservices = emu-services\n\n"+
		"[services emu-services]\nlambda =\n  endpoint_url = "+f.url+"\n")
	writeFile(t, filepath.Join(home, "credentials"), "[emu]\naws_access_key_id = "+testAccessKey+"\naws_secret_access_key = "+testSecretKey+"\n")
	r = runPcctl(t, sealedEnv(home), append([]string{"--profile", "emu"}, get...)...)
	wantCode(t, r, exitOK, get...)
	r = runPcctl(t, append(sealedEnv(home), "AWS_PROFILE=emu"), get...)
	wantCode(t, r, exitOK, get...)
	if got := decodeConfig(t, []byte(r.stdout)); got.Status != "READY" {
		t.Errorf("get with a profile: %+v", got)
	}

	// Configuration errors exit 253 and send nothing.
	before := f.requests.Load()
	r = runPcctl(t, sealedEnv(home), append([]string{"--profile", "missing", "--endpoint", f.url}, get...)...)
	wantCode(t, r, exitConfig, get...)
	if !strings.Contains(r.stderr, "missing") {
		t.Errorf("unknown profile: stderr = %q", r.stderr)
	}
	r = runPcctl(t, sealedEnv(home), append([]string{"--endpoint", f.url}, get...)...)
	wantCode(t, r, exitConfig, get...)
	if !strings.Contains(r.stderr, "pcctl: no region") {
		t.Errorf("no region: stderr = %q", r.stderr)
	}
	r = runPcctl(t, f.env(), append([]string{"--endpoint", "ftp://example.com"}, get...)...)
	wantCode(t, r, exitConfig, get...)
	// No credentials anywhere: the aws CLI's message and 253, for the short
	// verbs and both aws CLI families alike.
	noCreds := append(sealedEnv(home), "AWS_REGION="+testRegion)
	for _, args := range [][]string{
		get,
		{"lambda", "get-provisioned-concurrency-config", "--function-name", "demo-api", "--qualifier", "live"},
		{"application-autoscaling", "describe-scalable-targets", "--service-namespace", "lambda"},
	} {
		args = append([]string{"--endpoint", f.url}, args...)
		r = runPcctl(t, noCreds, args...)
		wantCode(t, r, exitConfig, args...)
		if want := "\n" + noCredentialsMessage + "\n"; r.stderr != want {
			t.Errorf("no credentials: stderr = %q, want %q", r.stderr, want)
		}
	}
	// An EC2 metadata service on loopback that refuses IMDSv2 tokens and has
	// no role: the SDK's warning about falling back to IMDSv1 is not shown,
	// only the aws CLI's message (which prints no such warning).
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		http.NotFound(w, r)
	}))
	defer imds.Close()
	withIMDS := append(noCreds[:len(noCreds):len(noCreds)], "AWS_EC2_METADATA_DISABLED=false", "AWS_EC2_METADATA_SERVICE_ENDPOINT="+imds.URL)
	for _, args := range [][]string{
		{"lambda", "get-provisioned-concurrency-config", "--function-name", "demo-api", "--qualifier", "live"},
		{"application-autoscaling", "describe-scalable-targets", "--service-namespace", "lambda"},
	} {
		args = append([]string{"--endpoint", f.url}, args...)
		r = runPcctl(t, withIMDS, args...)
		wantCode(t, r, exitConfig, args...)
		if want := "\n" + noCredentialsMessage + "\n"; r.stderr != want {
			t.Errorf("no credentials, IMDSv1 fallback: stderr = %q, want %q", r.stderr, want)
		}
	}
	// Credentials configured but failing: 253 with the cause.
	writeFile(t, filepath.Join(home, "config"), "[profile broken]\nregion = "+testRegion+"\ncredential_process = /nonexistent/pcctl-creds\n")
	args := append([]string{"--profile", "broken", "--endpoint", f.url}, get...)
	r = runPcctl(t, sealedEnv(home), args...)
	wantCode(t, r, exitConfig, args...)
	if !strings.HasPrefix(r.stderr, "pcctl: retrieving AWS credentials: ") {
		t.Errorf("failing credential_process: stderr = %q", r.stderr)
	}
	if n := f.requests.Load() - before; n != 0 {
		t.Errorf("configuration errors sent %d requests", n)
	}
}

// TestInProcessEmulator runs commands against --emulator with no
// credentials, region or endpoint at all.
func TestInProcessEmulator(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	args := []string{"--emulator", "list", "demo-api", "-o", "json"}
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	got := decodeList(t, r.stdout)
	if len(got) != 1 {
		t.Fatalf("want one seeded config, got %+v", got)
	}
	want := testConfig{FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:demo-api:live",
		Requested: 10, Allocated: 10, Available: 10, Status: "READY", LastModified: got[0].LastModified}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("seeded config (-want +got):\n%s", diff)
	}

	args = []string{"get", "demo-worker:prod", "--emulator"}
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if !regexp.MustCompile(`(?m)^demo-worker +prod +READY +2 +2 +2 `).MatchString(r.stdout) {
		t.Errorf("get demo-worker:prod:\n%s", r.stdout)
	}

	args = []string{"--emulator", "put", "demo-api:canary", "4"}
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if !strings.Contains(r.stdout, "IN_PROGRESS") {
		t.Errorf("put: %s", r.stdout)
	}
}

// TestEmulatorCommand serves the emulator from the binary and drives it from
// a second pcctl.
func TestEmulatorCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops the emulator with os.Interrupt, which Windows cannot send")
	}
	t.Parallel()
	env := sealedEnv(t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, pcctlBin, "emulator", "--ready-after", "100ms")
	cmd.Env = env
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewScanner(stdout)
	var endpoint, banner string
	for endpoint == "" && out.Scan() {
		banner += out.Text() + "\n"
		if after, ok := strings.CutPrefix(out.Text(), "Endpoint: "); ok {
			endpoint = after
		}
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(endpoint) {
		_ = cmd.Process.Kill()
		t.Fatalf("no loopback endpoint in the banner:\n%s", banner)
	}
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(stdout)
		rest <- string(b)
	}()

	base := []string{"--endpoint", endpoint, "--region", "us-east-1", "--no-sign-request"}
	args := append(base, "put", "demo-api:canary", "3", "--wait", "--poll-interval", "20ms", "-o", "json")
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if got := decodeConfig(t, []byte(r.stdout)); got.Status != "READY" || got.Available != 3 {
		t.Errorf("put --wait against the emulator command: %+v", got)
	}
	args = append(base, "put", "demo-broken:live", "1", "--wait", "--poll-interval", "20ms")
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOther, args...)
	args = append(base, "list", "demo-api", "-o", "json")
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if got := decodeList(t, r.stdout); len(got) != 2 {
		t.Errorf("list: want the seeded live and the new canary, got %+v", got)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	// Read to the end before Wait, which closes the pipe (os/exec docs).
	tail := <-rest
	if err := cmd.Wait(); err != nil {
		t.Errorf("the emulator command did not stop cleanly: %v", err)
	}
	if !strings.Contains(tail, "pcctl emulator: stopped") {
		t.Errorf("the emulator command's last output: %q", tail)
	}
}

// TestFlagPlacement checks that global flags work before and after the
// command name, and among its arguments.
func TestFlagPlacement(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce, Now: func() time.Time { return fixedNow }})
	if r := f.run(t, "put", "demo-api:live", "5"); r.code != exitOK {
		t.Fatal(r)
	}
	var first string
	for _, args := range [][]string{
		{"-o", "json", "get", "demo-api:live"},
		{"get", "demo-api:live", "-o", "json"},
		{"get", "-o=json", "demo-api:live"},
		{"--output=table", "get", "--output", "json", "demo-api:live"},
		{"get", "--qualifier=live", "--", "demo-api"},
	} {
		if args[len(args)-1] == "demo-api" {
			args = append([]string{"-o", "json"}, args...)
		}
		r := f.run(t, args...)
		wantCode(t, r, exitOK, args...)
		if first == "" {
			first = r.stdout
		} else if r.stdout != first {
			t.Errorf("pcctl %s: output differs:\n%s\nwant:\n%s", strings.Join(args, " "), r.stdout, first)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// compactJSON returns s without insignificant spaces.
func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return b.String()
}

// scfCall is one request the fake SCF service received.
type scfCall struct {
	Action, Region, Namespace, FunctionName, Qualifier string
	Signed                                             bool
}

// fakeSCF answers the SCF provisioned-concurrency actions the way the
// service does (HTTP 200, {"Response": ...}) for function my-fn: version 1
// is Done with 10, version 3 InProgress with 35 of 100; any other function
// does not exist.
type fakeSCF struct {
	url   string
	calls chan scfCall
}

func newFakeSCF(t *testing.T) *fakeSCF {
	t.Helper()
	f := &fakeSCF{calls: make(chan scfCall, 100)}
	const (
		v1 = `{"AllocatedProvisionedConcurrencyNum":10,"AvailableProvisionedConcurrencyNum":10,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}`
		v3 = `{"AllocatedProvisionedConcurrencyNum":100,"AvailableProvisionedConcurrencyNum":35,"Status":"InProgress","StatusReason":"","Qualifier":"3","TriggerActions":null}`
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ FunctionName, Namespace, Qualifier string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		c := scfCall{Action: r.Header.Get("X-TC-Action"), Region: r.Header.Get("X-TC-Region"),
			Namespace: body.Namespace, FunctionName: body.FunctionName, Qualifier: body.Qualifier,
			Signed: strings.HasPrefix(r.Header.Get("Authorization"), "TC3-HMAC-SHA256 ")}
		f.calls <- c
		w.Header().Set("Content-Type", "application/json")
		answer := `{"RequestId":"req-` + c.Action + `"}`
		switch {
		case body.FunctionName != "my-fn":
			answer = `{"Error":{"Code":"ResourceNotFound.Function","Message":"Function not found."},"RequestId":"req-err"}`
		case c.Action == "GetProvisionedConcurrencyConfig" && body.Qualifier == "1":
			answer = `{"UnallocatedConcurrencyNum":55,"Allocated":[` + v1 + `],"RequestId":"req-get"}`
		case c.Action == "GetProvisionedConcurrencyConfig" && body.Qualifier == "3":
			answer = `{"UnallocatedConcurrencyNum":55,"Allocated":[` + v3 + `],"RequestId":"req-get"}`
		case c.Action == "GetProvisionedConcurrencyConfig":
			answer = `{"UnallocatedConcurrencyNum":55,"Allocated":[` + v1 + `,` + v3 + `],"RequestId":"req-list"}`
		}
		_, _ = io.WriteString(w, `{"Response":`+answer+`}`)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// drain returns the calls received since the last drain.
func (f *fakeSCF) drain() []scfCall {
	var out []scfCall
	for {
		select {
		case c := <-f.calls:
			out = append(out, c)
		default:
			return out
		}
	}
}

func TestTencentProvider(t *testing.T) {
	t.Parallel()
	scf := newFakeSCF(t)
	env := append(sealedEnv(t.TempDir()),
		"TENCENTCLOUD_SECRET_ID=AKIDpcctltest", "TENCENTCLOUD_SECRET_KEY=pcctl-test-key",
		"TENCENTCLOUD_REGION=ap-guangzhou")
	base := []string{"--provider", "tencent", "--endpoint", scf.url}

	steps := []struct {
		args  []string
		call  scfCall
		calls []scfCall // when more than call
		check func(t *testing.T, stdout string)
	}{
		{
			args: []string{"--namespace", "prod", "get", "my-fn:3", "-o", "json"},
			call: scfCall{Action: "GetProvisionedConcurrencyConfig", Region: "ap-guangzhou", Namespace: "prod", FunctionName: "my-fn", Qualifier: "3", Signed: true},
			check: func(t *testing.T, stdout string) {
				// tccli's print: the Response fields in the SDK model's order,
				// four-space indent, then an empty line.
				want := `{
    "UnallocatedConcurrencyNum": 55,
    "Allocated": [
        {
            "AllocatedProvisionedConcurrencyNum": 100,
            "AvailableProvisionedConcurrencyNum": 35,
            "Status": "InProgress",
            "StatusReason": "",
            "Qualifier": "3",
            "TriggerActions": null
        }
    ],
    "RequestId": "req-get"
}

`
				if diff := cmp.Diff(want, stdout); diff != "" {
					t.Errorf("get (-want +got):\n%s", diff)
				}
			},
		},
		{
			args: []string{"list", "my-fn", "-o", "json", "--region", "ap-shanghai", "--query", "Allocated[].[Qualifier, Status]"},
			call: scfCall{Action: "GetProvisionedConcurrencyConfig", Region: "ap-shanghai", Namespace: "default", FunctionName: "my-fn", Signed: true},
			check: func(t *testing.T, stdout string) {
				want := `[["1","Done"],["3","InProgress"]]`
				if diff := cmp.Diff(want, compactJSON(t, stdout)); diff != "" {
					t.Errorf("list (-want +got):\n%s", diff)
				}
			},
		},
		{
			args: []string{"put", "my-fn", "20", "--qualifier", "3"},
			call: scfCall{Action: "PutProvisionedConcurrencyConfig", Region: "ap-guangzhou", Namespace: "default", FunctionName: "my-fn", Qualifier: "3", Signed: true},
			check: func(t *testing.T, stdout string) {
				if !regexp.MustCompile(`(?m)^my-fn +3 +IN_PROGRESS +20 +0 +0 +- +-$`).MatchString(stdout) {
					t.Errorf("put: table is\n%s", stdout)
				}
			},
		},
		{
			// delete reads first: SCF answers a Delete of a missing config
			// as done.
			args: []string{"delete", "my-fn:3", "-o", "json"},
			calls: []scfCall{
				{Action: "GetProvisionedConcurrencyConfig", Region: "ap-guangzhou", Namespace: "default", FunctionName: "my-fn", Qualifier: "3", Signed: true},
				{Action: "DeleteProvisionedConcurrencyConfig", Region: "ap-guangzhou", Namespace: "default", FunctionName: "my-fn", Qualifier: "3", Signed: true},
			},
			check: func(t *testing.T, stdout string) {
				if diff := cmp.Diff(`{"RequestId":"req-DeleteProvisionedConcurrencyConfig"}`, compactJSON(t, stdout)); diff != "" {
					t.Errorf("delete (-want +got):\n%s", diff)
				}
			},
		},
	}
	for _, s := range steps {
		args := append(append([]string{}, base...), s.args...)
		r := runPcctl(t, env, args...)
		wantCode(t, r, exitOK, args...)
		s.check(t, r.stdout)
		want := s.calls
		if want == nil {
			want = []scfCall{s.call}
		}
		if diff := cmp.Diff(want, scf.drain()); diff != "" {
			t.Errorf("pcctl %s: requests (-want +got):\n%s", strings.Join(args, " "), diff)
		}
	}

	// put --wait: the put, then reads until Done.
	args := append(append([]string{}, base...), "put", "my-fn:1", "10", "--wait", "--poll-interval", "20ms")
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if !strings.HasPrefix(r.stderr, "waiting for my-fn:1: READY, allocated 0/10, available 10, elapsed ") {
		t.Errorf("put --wait progress: %q", r.stderr)
	}
	scf.drain()

	// A service error: HTTP 200 carries it, so no status is shown; the
	// short verb adds the request id.
	args = append(append([]string{}, base...), "get", "missing:1")
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitService, args...)
	if diff := cmp.Diff("\nAn error occurred (ResourceNotFound.Function) when calling the GetProvisionedConcurrencyConfig operation: Function not found. (request id: req-err)\n", r.stderr); diff != "" {
		t.Errorf("service error (-want +got):\n%s", diff)
	}
	scf.drain()

	// Refused before sending: exit 252 for the command line, 253 for the
	// configuration; no request.
	refused := []struct {
		args []string
		env  []string
		want string
		code int
	}{
		{[]string{"list", "my-fn:1"}, env, `invalid FunctionName (FUNCTION) "my-fn:1"`, exitUsage},
		{[]string{"get", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:1"}, env, `invalid FunctionName (FUNCTION)`, exitUsage},
		{[]string{"get", "my-fn:live"}, env, `"live"`, exitUsage},
		{[]string{"put", "my-fn:1", "0"}, env, `(COUNT) "0"`, exitUsage},
		{[]string{"--namespace", "bad ns!", "get", "my-fn:1"}, env, `bad ns!`, exitConfig},
		{[]string{"--profile", "x", "get", "my-fn:1"}, env, "--profile applies to --provider aws only", exitUsage},
		{[]string{"--no-sign-request", "get", "my-fn:1"}, env, "--no-sign-request applies to --provider aws only", exitUsage},
		{[]string{"get", "my-fn:1", "--emulator"}, env, "--emulator and --endpoint exclude each other", exitUsage},
		{[]string{"scf", "PutProvisionedConcurrencyConfig", "--FunctionName", "my-fn", "--Qualifier", "1", "--VersionProvisionedConcurrencyNum", "2",
			"--TriggerActions", `[{"TriggerName":"a","Cron":"x"}]`}, env, "invalid --TriggerActions", exitUsage},
		{[]string{"get", "my-fn:1"}, sealedEnv(t.TempDir()), "TENCENTCLOUD_", exitConfig},
		{[]string{"get", "my-fn:1"}, append(sealedEnv(t.TempDir()), "TENCENTCLOUD_SECRET_ID=a", "TENCENTCLOUD_SECRET_KEY=b"),
			"pcctl: no region: set --region or TENCENTCLOUD_REGION", exitConfig},
	}
	for _, c := range refused {
		args := append(append([]string{}, base...), c.args...)
		r := runPcctl(t, c.env, args...)
		wantCode(t, r, c.code, args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("pcctl %s: stderr %q does not contain %q", strings.Join(args, " "), r.stderr, c.want)
		}
		if calls := scf.drain(); len(calls) != 0 {
			t.Errorf("pcctl %s: sent %d requests, want none", strings.Join(args, " "), len(calls))
		}
	}
}

// TestCallTimeout checks that --timeout bounds each API call.
func TestCallTimeout(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulator.Options{Faults: emulator.Faults{Latency: 10 * time.Second}})
	args := []string{"get", "demo-api:live", "--timeout", "200ms"}
	start := time.Now()
	r := f.run(t, args...)
	wantCode(t, r, exitOther, args...)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("--timeout 200ms: the call took %s", d)
	}
	if !strings.Contains(r.stderr, "deadline exceeded") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("--timeout 200ms: stderr = %q", r.stderr)
	}
}

// TestThrottledCallEnds checks that a service that throttles every attempt
// ends a call of the aws CLI's families as the aws CLI ends it: after
// AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3 attempts, with
// "(reached max retries: N)"; with max_attempts 1, botocore says so even of
// an error it would not retry. The scf family stops at 3 attempts too.
func TestThrottledCallEnds(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		w.Header().Set("X-Amzn-RequestId", fmt.Sprintf("req-%d", n))
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("X-TC-Action") != "" {
			fmt.Fprintf(w, `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too many"},"RequestId":"req-%d"}}`, n)
			return
		}
		if r.URL.Query().Get("Qualifier") == "missing" {
			w.Header().Set("X-Amzn-ErrorType", "ProvisionedConcurrencyConfigNotFoundException")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"Type":"User","message":"No Provisioned Concurrency Config found for this function"}`)
			return
		}
		w.Header().Set("X-Amzn-ErrorType", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
	}))
	t.Cleanup(srv.Close)
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "config"), "[profile four]\nmax_attempts = 4\n")
	env := append(sealedEnv(home), "AWS_ACCESS_KEY_ID="+testAccessKey, "AWS_SECRET_ACCESS_KEY="+testSecretKey, "AWS_REGION="+testRegion,
		"TENCENTCLOUD_SECRET_ID=AKIDpcctltest", "TENCENTCLOUD_SECRET_KEY=pcctl-test-key", "TENCENTCLOUD_REGION=ap-guangzhou")
	get := func(qualifier string) []string {
		return []string{"lambda", "get-provisioned-concurrency-config", "--function-name", "f", "--qualifier", qualifier, "--endpoint-url", srv.URL}
	}
	const (
		throttled = "\nAn error occurred (TooManyRequestsException) when calling the GetProvisionedConcurrencyConfig operation%s: Rate exceeded\n"
		notFound  = "\nAn error occurred (ProvisionedConcurrencyConfigNotFoundException) when calling the GetProvisionedConcurrencyConfig operation%s: No Provisioned Concurrency Config found for this function\n"
	)
	cases := []struct {
		name     string
		env      []string
		args     []string
		attempts int64
		stderr   string
	}{
		{"default", nil, get("live"), 3, fmt.Sprintf(throttled, " (reached max retries: 2)")},
		{"AWS_MAX_ATTEMPTS=5", []string{"AWS_MAX_ATTEMPTS=5"}, get("live"), 5, fmt.Sprintf(throttled, " (reached max retries: 4)")},
		{"profile max_attempts", []string{"AWS_PROFILE=four"}, get("live"), 4, fmt.Sprintf(throttled, " (reached max retries: 3)")},
		{"the variable wins", []string{"AWS_PROFILE=four", "AWS_MAX_ATTEMPTS=2"}, get("live"), 2, fmt.Sprintf(throttled, " (reached max retries: 1)")},
		{"AWS_MAX_ATTEMPTS=1", []string{"AWS_MAX_ATTEMPTS=1"}, get("live"), 1, fmt.Sprintf(throttled, " (reached max retries: 0)")},
		{"not retried", nil, get("missing"), 1, fmt.Sprintf(notFound, "")},
		{"not retried, last attempt", []string{"AWS_MAX_ATTEMPTS=1"}, get("missing"), 1, fmt.Sprintf(notFound, " (reached max retries: 0)")},
		{"scf", nil, []string{"scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "my-fn", "--endpoint", srv.URL}, 3,
			"\nAn error occurred (RequestLimitExceeded) when calling the GetProvisionedConcurrencyConfig operation (reached max retries: 2): too many\n"},
	}
	for _, c := range cases {
		before := requests.Load()
		r := runPcctl(t, append(append([]string{}, env...), c.env...), c.args...)
		wantCode(t, r, exitService, c.args...)
		if r.stderr != c.stderr {
			t.Errorf("%s: stderr = %q, want %q", c.name, r.stderr, c.stderr)
		}
		if n := requests.Load() - before; n != c.attempts {
			t.Errorf("%s: %d attempts, want %d", c.name, n, c.attempts)
		}
	}
}
