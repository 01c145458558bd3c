// These tests serve the canned answers of canned_test.go to pcctl and
// compare what it prints with what the real aws CLI printed for the same
// answers (testdata/awscli, recorded by record_test.go; the version is in
// testdata/awscli/VERSION): stdout after whitespace normalisation, the exit
// code, and for service errors stderr.

package main

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goldenDeviations are the cases where pcctl knowingly differs from the
// aws CLI, with what pcctl prints (or exits with) instead, and why.
var goldenDeviations = map[string]struct {
	stdout string
	code   int
	why    string
}{
	"list-query-string-compare": {stdout: "[]\n", why: "jmespath.py 1.0.1 orders strings with <; the Go JMESPath libraries follow the specification (null)"},
	"usage-bad-count":           {code: exitUsage, why: "the aws CLI fails with a Python int() error and exit code 255; a malformed number is a usage error (252)"},
}

// goldenUsageMessages are the usage errors whose message pcctl writes as
// the aws CLI does, after its "pcctl COMMAND: " prefix.
var goldenUsageMessages = map[string]bool{
	"list-no-paginate-page-size":      true,
	"list-no-paginate-starting-token": true,
	"list-no-paginate-all":            true,
}

func TestGoldenAWSCLI(t *testing.T) {
	t.Parallel()
	version, err := os.ReadFile(filepath.Join(awsCLIDir, "VERSION"))
	if err != nil {
		t.Fatalf("no recorded aws CLI outputs: %v", err)
	}
	t.Logf("reference: %s", strings.TrimSpace(string(version)))
	srv := newCannedLambda(t)
	env := sealedEnv(t.TempDir())
	for _, c := range lambdaGoldenCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			base := filepath.Join(awsCLIDir, c.name)
			wantOut := readGolden(t, base+".stdout")
			wantErr := readGolden(t, base+".stderr")
			wantCode, err := strconv.Atoi(strings.TrimSpace(readGolden(t, base+".code")))
			if err != nil {
				t.Fatal(err)
			}
			args := append(append([]string{}, c.args...), cannedTarget(srv.URL)...)
			r := runPcctl(t, env, args...)
			if d, ok := goldenDeviations[c.name]; ok {
				t.Logf("known deviation: %s", d.why)
				if d.stdout != "" {
					wantOut = d.stdout
				}
				if d.code != 0 {
					wantCode = d.code
				}
			}
			if r.code != wantCode {
				t.Fatalf("exit code %d, the aws CLI's %d\n%s", r.code, wantCode, r)
			}
			if got, want := normaliseSpace(r.stdout), normaliseSpace(wantOut); got != want {
				t.Errorf("stdout differs from the aws CLI's\npcctl:\n%s\naws:\n%s", r.stdout, wantOut)
			}
			if msg := strings.TrimSpace(wantErr); goldenUsageMessages[c.name] && !strings.Contains(r.stderr, ": "+msg+"\n") {
				t.Errorf("stderr does not give the aws CLI's message %q\npcctl:\n%s", msg, r.stderr)
			}
			if wantCode == exitService {
				if got, want := normaliseSpace(r.stderr), normaliseSpace(wantErr); got != want {
					t.Errorf("stderr differs from the aws CLI's\npcctl:\n%s\naws:\n%s", r.stderr, wantErr)
				}
			}
		})
	}
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// normaliseSpace drops trailing spaces on each line and blank lines at
// either end: what the brief calls whitespace normalisation, keeping
// indentation, which is part of the format.
func normaliseSpace(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// TestGoldenTccli compares pcctl's scf commands with what tccli prints for
// the same answers, as derived from tccli's public source by
// testdata/tccli/derive.py (tccli is not installable here). Byte for byte:
// tccli's trailing empty line included.
func TestGoldenTccli(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(tccliDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []tccliCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	srv := newCannedSCF(t)
	env := append(sealedEnv(t.TempDir()), "TENCENTCLOUD_SECRET_ID=AKIDpcctltest", "TENCENTCLOUD_SECRET_KEY=pcctl-test-key",
		"TENCENTCLOUD_REGION=ap-guangzhou")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			want := readGolden(t, filepath.Join(tccliDir, c.Name+".stdout"))
			args := append(append([]string{}, c.Args...), "--endpoint", srv.URL)
			r := runPcctl(t, env, args...)
			wantCode(t, r, exitOK, args...)
			if diff := cmp.Diff(want, r.stdout); diff != "" {
				t.Errorf("stdout differs from tccli's (-tccli +pcctl):\n%s", diff)
			}
		})
	}

	// A service error: exit 254 and the aws CLI's form of it.
	args := []string{"scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "other", "--endpoint", srv.URL}
	r := runPcctl(t, env, args...)
	wantCode(t, r, exitService, args...)
	want := "\nAn error occurred (ResourceNotFound.Function) when calling the GetProvisionedConcurrencyConfig operation: 未找到函数 other\n"
	if r.stderr != want || r.stdout != "" {
		t.Errorf("service error: stdout %q, stderr %q; want stderr %q", r.stdout, r.stderr, want)
	}
}

// TestGoldenDefaultOutput checks that the lambda commands take their
// format, with no --output, from AWS_DEFAULT_OUTPUT and else from the
// output setting of the profile in force, as the aws CLI does: the
// recorded yaml-stream and text outputs must come out.
func TestGoldenDefaultOutput(t *testing.T) {
	t.Parallel()
	srv := newCannedLambda(t)
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "config"), "# the aws CLI's config\n[default]\nregion = us-east-1\noutput = yaml-stream\n"+
		"[profile texts]\nservices = s\n  lambda =\n    output = json\nOutput = text\n[profile bad]\noutput = xml\n")
	yamlStream := readGolden(t, filepath.Join(awsCLIDir, "get-yaml-stream.stdout"))
	text := readGolden(t, filepath.Join(awsCLIDir, "get-text.stdout"))
	get := append([]string{"lambda", "get-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "broken"}, cannedTarget(srv.URL)...)
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"default profile", nil, nil, yamlStream},
		{"AWS_PROFILE", []string{"AWS_PROFILE=texts"}, nil, text},
		{"--profile", nil, []string{"--profile", "texts"}, text},
		{"AWS_DEFAULT_OUTPUT wins", []string{"AWS_DEFAULT_OUTPUT=yaml-stream", "AWS_PROFILE=texts"}, nil, yamlStream},
		{"--output wins", []string{"AWS_DEFAULT_OUTPUT=json"}, []string{"--profile", "texts", "--output", "yaml-stream"}, yamlStream},
	}
	for _, c := range cases {
		args := append(append([]string{}, get...), c.args...)
		r := runPcctl(t, append(sealedEnv(home), c.env...), args...)
		wantCode(t, r, exitOK, args...)
		if r.stdout != c.want {
			t.Errorf("%s: stdout\n%s\nwant\n%s", c.name, r.stdout, c.want)
		}
	}
	args := append(append([]string{}, get...), "--profile", "bad")
	r := runPcctl(t, sealedEnv(home), args...)
	wantCode(t, r, exitConfig, args...)
	if !strings.Contains(r.stderr, `invalid output of profile bad "xml"`) {
		t.Errorf("a bad output setting: stderr %q", r.stderr)
	}
}

// TestCLINetworkFlags checks the aws CLI's connection flags: --ca-bundle
// (and AWS_CA_BUNDLE) is the trust for TLS, an unreadable or empty bundle a
// configuration error with nothing sent; --cli-read-timeout ends an attempt
// whose server goes silent (each attempt, retried, instead of the call
// hanging to --timeout); bad values are usage errors.
func TestCLINetworkFlags(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveCanned(w, r)
	}))
	t.Cleanup(tlsSrv.Close)
	dir := t.TempDir()
	bundle := filepath.Join(dir, "ca.pem")
	writeFile(t, bundle, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})))
	notPEM := filepath.Join(dir, "not.pem")
	writeFile(t, notPEM, "not a certificate\n")
	env := sealedEnv(dir)
	get := append([]string{"lambda", "get-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "live"}, cannedTarget(tlsSrv.URL)...)
	want := readGolden(t, filepath.Join(awsCLIDir, "get.stdout"))

	r := runPcctl(t, env, append(get, "--ca-bundle", bundle)...)
	wantCode(t, r, exitOK, get...)
	if r.stdout != want {
		t.Errorf("--ca-bundle: stdout %q", r.stdout)
	}
	r = runPcctl(t, append(env, "AWS_CA_BUNDLE="+bundle), get...)
	wantCode(t, r, exitOK, get...)
	// Without the bundle the test server's certificate is not trusted.
	r = runPcctl(t, env, get...)
	if r.code != exitOther || !strings.Contains(r.stderr, "certificate") {
		t.Errorf("no bundle: %s", r)
	}
	before := requests.Load()
	for _, args := range [][]string{
		append(get, "--ca-bundle", filepath.Join(dir, "missing.pem")),
		append(get, "--ca-bundle", notPEM),
	} {
		r = runPcctl(t, env, args...)
		wantCode(t, r, exitConfig, args...)
		if !strings.Contains(r.stderr, "CA bundle") {
			t.Errorf("%v: stderr %q", args[len(args)-1], r.stderr)
		}
	}
	if n := requests.Load() - before; n != 0 {
		t.Errorf("bad bundles: the server saw %d requests", n)
	}

	// A server that sends nothing after accepting the request.
	var stalled atomic.Int64
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stalled.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(release) })
	args := append([]string{"lambda", "get-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "live",
		"--cli-read-timeout", "1", "--timeout", "0"}, cannedTarget(silent.URL)...)
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitOther, args...)
	if n := stalled.Load(); n != cliDefaultMaxAttempts {
		t.Errorf("--cli-read-timeout: %d attempts, want %d, each ended by the read timeout", n, cliDefaultMaxAttempts)
	}

	for _, args := range [][]string{
		append(get, "--cli-read-timeout", "-2"),
		append(get, "--cli-connect-timeout", "x"),
		append(get, "--cli-binary-format", "hex"),
	} {
		r = runPcctl(t, env, args...)
		wantCode(t, r, exitUsage, args...)
	}
}

// TestSCFEndpointHost checks that the scf family takes --endpoint as
// tccli does, a bare host reached over https, and still takes a full URL;
// what is neither is refused naming the flag's value.
func TestSCFEndpointHost(t *testing.T) {
	t.Parallel()
	plain := newCannedSCF(t)
	tlsSrv := httptest.NewUnstartedServer(plain.Config.Handler)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	dir := t.TempDir()
	bundle := filepath.Join(dir, "ca.pem")
	writeFile(t, bundle, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})))
	env := append(sealedEnv(dir), "TENCENTCLOUD_SECRET_ID=AKIDpcctltest", "TENCENTCLOUD_SECRET_KEY=pcctl-test-key",
		"TENCENTCLOUD_REGION=ap-guangzhou", "AWS_CA_BUNDLE="+bundle)
	want := readGolden(t, filepath.Join(tccliDir, "get-all.stdout"))
	get := []string{"scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "my-fn"}
	for _, endpoint := range []string{strings.TrimPrefix(tlsSrv.URL, "https://"), tlsSrv.URL, plain.URL} {
		args := append(append([]string{}, get...), "--endpoint", endpoint)
		r := runPcctl(t, env, args...)
		wantCode(t, r, exitOK, args...)
		if r.stdout != want {
			t.Errorf("--endpoint %s: stdout %q, want %q", endpoint, r.stdout, want)
		}
	}
	args := append(append([]string{}, get...), "--endpoint", "ftp://scf.tencentcloudapi.com")
	r := runPcctl(t, env, args...)
	if r.code == exitOK || !strings.Contains(r.stderr, "ftp://scf.tencentcloudapi.com") {
		t.Errorf("an ftp endpoint: %s", r)
	}
}

func TestTencentEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"scf.tencentcloudapi.com":  "https://scf.tencentcloudapi.com",
		"127.0.0.1:8443":           "https://127.0.0.1:8443",
		"http://127.0.0.1:8080":    "http://127.0.0.1:8080",
		"https://scf.example.com/": "https://scf.example.com/",
	} {
		if got := tencentEndpoint(in); got != want {
			t.Errorf("tencentEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}
