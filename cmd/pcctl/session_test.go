// These tests drive the built binary through what a person at a terminal
// and a script rely on beyond the outputs: --version, shell completion,
// --debug's redaction, and emulator state that lasts across commands.

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/transport/emulator"
)

func TestVersionAndCompletion(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	r := runPcctl(t, env, "--version")
	wantCode(t, r, exitOK, "--version")
	if !strings.HasPrefix(r.stdout, "pcctl ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("--version: %q", r.stdout)
	}
	for shell, marker := range map[string]string{
		"bash": "__start_pcctl", "zsh": "#compdef pcctl", "fish": "complete -c pcctl",
	} {
		r := runPcctl(t, env, "completion", shell)
		wantCode(t, r, exitOK, "completion", shell)
		if !strings.Contains(r.stdout, marker) {
			t.Errorf("completion %s: no %q in the script", shell, marker)
		}
	}
	// What the scripts ask pcctl at a <TAB>: commands, and flag values.
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "lambda", ""}, []string{"put-provisioned-concurrency-config", "list-provisioned-concurrency-configs"}},
		{[]string{"__complete", "scf", "Get"}, []string{"GetProvisionedConcurrencyConfig"}},
		{[]string{"__complete", "get", "--output", ""}, []string{"json", "text", "table", "yaml"}},
		{[]string{"__complete", "lambda", "get-provisioned-concurrency-config", "--f"}, []string{"--function-name"}},
	} {
		r := runPcctl(t, env, c.args...)
		wantCode(t, r, exitOK, c.args...)
		for _, w := range c.want {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(w) + `(\t|$)`).MatchString(r.stdout) {
				t.Errorf("pcctl %s: %q not offered:\n%s", strings.Join(c.args, " "), w, r.stdout)
			}
		}
	}
}

// TestDebugRedacted checks that --debug shows each request and answer, and
// never a secret: not the secret key, the session token, the signature or
// the Authorization header.
func TestDebugRedacted(t *testing.T) {
	t.Parallel()
	const token = "pcctl-test-session-token-0123456789"
	// The emulator knows the session token, as AWS knows a temporary
	// credential's: it refuses a token its key has none of.
	f := newFixture(t, emulator.Options{ReadyAfter: readyAtOnce,
		Credentials: &aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: token}})
	if r := runPcctl(t, f.env("AWS_SESSION_TOKEN="+token), "--endpoint", f.url, "put", "demo-api:live", "5"); r.code != exitOK {
		t.Fatal(r)
	}
	args := []string{"--endpoint", f.url, "--debug", "get", "demo-api:live", "-o", "json"}
	r := runPcctl(t, f.env("AWS_SESSION_TOKEN="+token), args...)
	wantCode(t, r, exitOK, args...)
	for _, want := range []string{
		"pcctl debug: request GetProvisionedConcurrencyConfig: GET " + f.url + "/2019-09-30/functions/demo-api%3Alive/provisioned-concurrency?Qualifier=live\n",
		"pcctl debug:   Authorization: [REDACTED]\n",
		"pcctl debug:   X-Amz-Security-Token: [REDACTED]\n",
		"pcctl debug: answer to GetProvisionedConcurrencyConfig: 200 OK in ",
		`pcctl debug:   body: {"AllocatedProvisionedConcurrentExecutions":5,`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--debug output lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, secret := range []string{testSecretKey, token, testAccessKey, "Signature="} {
		if strings.Contains(r.stderr, secret) {
			t.Errorf("--debug output shows %q:\n%s", secret, r.stderr)
		}
	}
	if got := decodeConfig(t, []byte(r.stdout)); got.Status == "" {
		t.Errorf("stdout is not the config: %q", r.stdout)
	}

	// Tencent: the TC3 Authorization carries the SecretId.
	scf := newFakeSCF(t)
	env := append(sealedEnv(t.TempDir()), "TENCENTCLOUD_SECRET_ID=AKIDpcctltestid", "TENCENTCLOUD_SECRET_KEY=pcctl-test-key-secret",
		"TENCENTCLOUD_SESSION_TOKEN=tc-session-token-secret", "TENCENTCLOUD_REGION=ap-guangzhou")
	args = []string{"--provider", "tencent", "--endpoint", scf.url, "--debug", "get", "my-fn:1"}
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if !strings.Contains(r.stderr, "pcctl debug:   X-Tc-Action: GetProvisionedConcurrencyConfig\n") ||
		!strings.Contains(r.stderr, "pcctl debug:   Authorization: [REDACTED]\n") {
		t.Errorf("--debug (tencent):\n%s", r.stderr)
	}
	for _, secret := range []string{"AKIDpcctltestid", "pcctl-test-key-secret", "tc-session-token-secret"} {
		if strings.Contains(r.stderr, secret) {
			t.Errorf("--debug (tencent) shows %q:\n%s", secret, r.stderr)
		}
	}
}

// TestServerEchoRedacted checks that a session token the service quotes
// back, as Lambda's InvalidSignatureException quotes the canonical request,
// shows neither in the error line nor in --debug's body, while the rest of
// the message does; and that an endpoint written without "//" shows no
// password.
func TestServerEchoRedacted(t *testing.T) {
	t.Parallel()
	const token = "pcctl-echoed-session-token-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		msg := "The request signature we calculated does not match the signature you provided.\n\n" +
			"The Canonical String for this request should have been\n'GET\n" + r.URL.Path + "\nhost:" + r.Host +
			"\nx-amz-security-token:" + r.Header.Get("X-Amz-Security-Token") + "\n\nhost;x-amz-security-token\ne3b0'"
		body, _ := json.Marshal(map[string]string{"message": msg})
		w.Header().Set("X-Amzn-ErrorType", "InvalidSignatureException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	env := append(sealedEnv(t.TempDir()), "AWS_ACCESS_KEY_ID="+testAccessKey, "AWS_SECRET_ACCESS_KEY="+testSecretKey,
		"AWS_REGION="+testRegion, "AWS_SESSION_TOKEN="+token)
	args := []string{"--endpoint", srv.URL, "--debug", "get", "demo-api:live"}
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitService, args...)
	if strings.Contains(r.stderr, token) {
		t.Errorf("the session token shows:\n%s", r.stderr)
	}
	for _, want := range []string{
		"An error occurred (InvalidSignatureException) when calling the GetProvisionedConcurrencyConfig operation: The request signature we calculated",
		"x-amz-security-token:[REDACTED]",
		`pcctl debug:   body: {"message":"The request signature`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	args = []string{"--endpoint", "admin:hunter2@proxy.internal:8080", "get", "demo-api:live"}
	r = runPcctl(t, env, args...)
	if r.code == exitOK || strings.Contains(r.stderr+r.stdout, "hunter2") || !strings.Contains(r.stderr, "admin:xxxxx@proxy.internal:8080") {
		t.Errorf("a schemeless endpoint with a password: %v", r)
	}
}

// TestEmulatorStateSession runs a session of separate commands on one
// in-process emulator whose state lives in a file: what one command set,
// the next reads.
func TestEmulatorStateSession(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	state := filepath.Join(t.TempDir(), "emulator.json")
	step := func(code int, args ...string) result {
		t.Helper()
		args = append([]string{"--emulator-state", state}, args...)
		r := runPcctl(t, env, args...)
		wantCode(t, r, code, args...)
		return r
	}
	step(exitOK, "put", "demo-api:canary", "3")
	r := step(exitOK, "lambda", "get-provisioned-concurrency-config", "--function-name", "demo-api", "--qualifier", "canary")
	if got := decodeConfig(t, []byte(r.stdout)); got.Requested != 3 {
		t.Errorf("get after put in another process: %+v", got)
	}
	r = step(exitOK, "lambda", "list-provisioned-concurrency-configs", "--function-name", "demo-api",
		"--query", "ProvisionedConcurrencyConfigs[].FunctionArn", "--output", "text")
	if want := "arn:aws:lambda:us-east-1:123456789012:function:demo-api:canary\tarn:aws:lambda:us-east-1:123456789012:function:demo-api:live\n"; r.stdout != want {
		t.Errorf("list: %q, want %q", r.stdout, want)
	}
	// --cli-input-json from a file, AWS_DEFAULT_OUTPUT, and the aws CLI's
	// --no-cli-pager.
	input := filepath.Join(t.TempDir(), "input.json")
	writeFile(t, input, `{"FunctionName": "demo-api", "Qualifier": "canary"}`)
	args := []string{"--emulator-state", state, "lambda", "get-provisioned-concurrency-config", "--cli-input-json", "file://" + input,
		"--query", "RequestedProvisionedConcurrentExecutions", "--no-cli-pager"}
	r = runPcctl(t, append(env, "AWS_DEFAULT_OUTPUT=text"), args...)
	wantCode(t, r, exitOK, args...)
	if r.stdout != "3\n" {
		t.Errorf("get with --cli-input-json file:// and AWS_DEFAULT_OUTPUT=text: %q", r.stdout)
	}
	step(exitOK, "scf", "PutProvisionedConcurrencyConfig", "--FunctionName", "demo-api", "--Qualifier", "2", "--VersionProvisionedConcurrencyNum", "4")
	r = step(exitOK, "scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "demo-api", "--filter", "Allocated[].[Qualifier, AllocatedProvisionedConcurrencyNum]", "--output", "text")
	if r.stdout != "2\t4\n" {
		t.Errorf("scf get after scf put: %q", r.stdout)
	}
	step(exitOK, "delete", "demo-api:canary")
	step(exitService, "get", "demo-api:canary")
	step(exitService, "delete", "demo-api:canary")

	snapFile, err := os.Open(state)
	if err != nil {
		t.Fatal(err)
	}
	defer snapFile.Close()
	if _, err := emulator.ReadSnapshot(snapFile); err != nil {
		t.Errorf("the state file is not a snapshot: %v", err)
	}

	// A state file that cannot be read is a configuration error, named.
	broken := filepath.Join(t.TempDir(), "broken.json")
	writeFile(t, broken, `{"Version": 99}`)
	r = runPcctl(t, env, "--emulator-state", broken, "get", "demo-api:live")
	wantCode(t, r, exitConfig, "--emulator-state", broken)
	if !strings.Contains(r.stderr, broken) || !strings.Contains(r.stderr, "version 99") {
		t.Errorf("broken state file: stderr %q", r.stderr)
	}
}

// TestEmulatorCommandState checks that "pcctl emulator --state" saves every
// change and starts again from it.
func TestEmulatorCommandState(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops the emulator with os.Interrupt, which Windows cannot send")
	}
	t.Parallel()
	env := sealedEnv(t.TempDir())
	state := filepath.Join(t.TempDir(), "state.json")

	endpoint, stop := startEmulatorCommand(t, env, "--state", state, "--ready-after", "0s")
	base := []string{"--endpoint", endpoint, "--region", "us-east-1", "--no-sign-request"}
	args := append(base, "put", "demo-worker:prod", "7")
	wantCode(t, runPcctl(t, env, args...), exitOK, args...)
	stop()

	endpoint, stop = startEmulatorCommand(t, env, "--state", state)
	defer stop()
	base = []string{"--endpoint", endpoint, "--region", "us-east-1", "--no-sign-request"}
	args = append(base, "get", "demo-worker:prod", "-o", "json")
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitOK, args...)
	if got := decodeConfig(t, []byte(r.stdout)); got.Requested != 7 || got.Status != "READY" {
		t.Errorf("after a restart: %+v, want the 7 set before it, READY", got)
	}
}

// startEmulatorCommand runs "pcctl emulator" with args and returns its
// endpoint and a function that stops it (with SIGINT) and waits for it.
func startEmulatorCommand(t *testing.T, env []string, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	cmd := exec.CommandContext(ctx, pcctlBin, append([]string{"emulator"}, args...)...)
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
	var endpoint string
	for endpoint == "" && out.Scan() {
		endpoint, _ = strings.CutPrefix(out.Text(), "Endpoint: ")
		if endpoint == out.Text() {
			endpoint = ""
		}
	}
	if endpoint == "" {
		_ = cmd.Process.Kill()
		cancel()
		t.Fatal("no endpoint in the emulator's banner")
	}
	done := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, stdout); close(done) }()
	stopped := false
	return endpoint, func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(os.Interrupt)
		<-done
		if err := cmd.Wait(); err != nil {
			t.Errorf("the emulator did not stop cleanly: %v", err)
		}
		cancel()
	}
}
