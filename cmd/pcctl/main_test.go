// This file builds the pcctl binary once for the package's tests and holds
// the fixture they share: an emulator on a loopback httptest.Server that
// counts requests, and an environment sealed from the developer's own AWS
// configuration.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/transport/emulator"
)

// pcctlBin is the binary under test, built by TestMain.
var pcctlBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pcctl-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := buildAndRun(m, dir)
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func buildAndRun(m *testing.M, dir string) int {
	bin := filepath.Join(dir, "pcctl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// go test puts its own toolchain first on PATH.
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pcctl tests need the go command to build the binary:", err)
		return 1
	}
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building pcctl:", err)
		return 1
	}
	pcctlBin = bin
	return m.Run()
}

// Dummy credentials the fixture's emulator verifies signatures against.
const (
	testAccessKey = "AKIDPCCTLTEST00000000"
	testSecretKey = "pcctl-test-secret-key"
	testRegion    = "us-east-1"
)

// fixedNow is the clock of fixtures that need stable timestamps.
var fixedNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// fixture is an emulator served on loopback, seeded with demo-api
// (versions 1 and 2; aliases live -> 2, canary -> 1) and demo-worker
// (version 1; alias prod -> 1). It verifies SigV4 signatures made with the
// test credentials and counts the requests it receives.
type fixture struct {
	emu      *emulator.Server
	url      string
	requests atomic.Int64
	home     string
}

// newFixture starts a fixture; opts.Credentials is always set to the test
// credentials.
// readyAtOnce makes the fixture's emulator report a configuration READY on
// the first read after its Put: the tests on a fixed clock check output, not
// timing (the emulator's default takes emulator.DefaultReadyAfter).
const readyAtOnce = -1

func newFixture(t *testing.T, opts emulator.Options) *fixture {
	t.Helper()
	if opts.Credentials == nil {
		opts.Credentials = &aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey}
	}
	f := &fixture{emu: emulator.New(opts), home: t.TempDir()}
	seed := []struct {
		name     string
		versions int
		aliases  [][2]string
	}{
		{"demo-api", 2, [][2]string{{"live", "2"}, {"canary", "1"}}},
		{"demo-worker", 1, [][2]string{{"prod", "1"}}},
	}
	for _, s := range seed {
		if err := f.emu.CreateFunction(s.name); err != nil {
			t.Fatal(err)
		}
		for range s.versions {
			if _, err := f.emu.PublishVersion(s.name); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range s.aliases {
			if err := f.emu.CreateAlias(s.name, a[0], a[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	for _, name := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(f.home, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// sealedEnv is an environment with no AWS settings at all: HOME and the AWS
// config and credentials files point at empty files under home, and the
// instance metadata service is off, so nothing of the developer's own
// configuration can leak in and nothing leaves loopback.
func sealedEnv(home string) []string {
	env := []string{
		"HOME=" + home,
		"USERPROFILE=" + home,
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	}
	if root := os.Getenv("SYSTEMROOT"); root != "" {
		env = append(env, "SYSTEMROOT="+root) // Windows networking needs it
	}
	return env
}

// env is the sealed environment plus the test credentials and region.
func (f *fixture) env(extra ...string) []string {
	env := append(sealedEnv(f.home),
		"AWS_ACCESS_KEY_ID="+testAccessKey,
		"AWS_SECRET_ACCESS_KEY="+testSecretKey,
		"AWS_REGION="+testRegion,
	)
	return append(env, extra...)
}

// run runs pcctl against the fixture's endpoint with the fixture's
// environment.
func (f *fixture) run(t *testing.T, args ...string) result {
	t.Helper()
	return runPcctl(t, f.env(), append([]string{"--endpoint", f.url}, args...)...)
}

// result is what a run of pcctl left.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit code %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// runPcctl runs the binary with exactly env and args.
func runPcctl(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, pcctlBin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
	default:
		t.Fatalf("pcctl %s: %v", strings.Join(args, " "), err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
}

// wantCode fails the test unless r exited with code.
func wantCode(t *testing.T, r result, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("pcctl %s: want exit code %d, got %s", strings.Join(args, " "), code, r)
	}
}

// configKeys are the keys a config may have in JSON output: the members
// of the aws CLI's output, which prints those the service sent.
var configKeys = []string{"FunctionArn", "RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions",
	"AllocatedProvisionedConcurrentExecutions", "Status", "StatusReason", "LastModified"}

// testConfig mirrors the aws CLI's JSON shape of a config, independently
// of the code under test, so a renamed key fails the tests.
type testConfig struct {
	FunctionArn  string `json:"FunctionArn,omitempty"`
	Requested    int    `json:"RequestedProvisionedConcurrentExecutions"`
	Available    int    `json:"AvailableProvisionedConcurrentExecutions"`
	Allocated    int    `json:"AllocatedProvisionedConcurrentExecutions"`
	Status       string `json:"Status"`
	StatusReason string `json:"StatusReason,omitempty"`
	LastModified string `json:"LastModified"`
}

// decodeConfig decodes one config, checking it has no key the aws CLI
// would not print.
func decodeConfig(t *testing.T, data []byte) testConfig {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, data)
	}
	for k := range raw {
		if !slices.Contains(configKeys, k) {
			t.Fatalf("JSON key %q is not one of %v:\n%s", k, configKeys, data)
		}
	}
	var c testConfig
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// decodeList decodes list output: {"ProvisionedConcurrencyConfigs": [...]}.
func decodeList(t *testing.T, data string) []testConfig {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &raw); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, data)
	}
	checkKeys(t, raw, []string{"ProvisionedConcurrencyConfigs"})
	var items []json.RawMessage
	if err := json.Unmarshal(raw["ProvisionedConcurrencyConfigs"], &items); err != nil {
		t.Fatal(err)
	}
	if items == nil {
		t.Fatalf("ProvisionedConcurrencyConfigs is %s, want an array", raw["ProvisionedConcurrencyConfigs"])
	}
	out := make([]testConfig, 0, len(items))
	for _, item := range items {
		out = append(out, decodeConfig(t, item))
	}
	return out
}

func checkKeys(t *testing.T, raw map[string]json.RawMessage, want []string) {
	t.Helper()
	var got []string
	for k := range raw {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("JSON keys = %v, want %v", got, want)
	}
}
