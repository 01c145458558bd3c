// These tests drive plan and apply through the built binary against the
// emulator: on loopback with the fixture (signed requests, counted by
// method), and in process with --emulator-state.

package main

import (
	"bufio"
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
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/emulator"
)

// fleetServer serves a fixture's emulator on a loopback server of its own
// that counts the requests and the changes among them (Lambda's Put is a
// PUT, its Delete a DELETE) and can hold requests (hold, when set, runs
// before each).
type fleetServer struct {
	f       *fixture
	url     string
	all     atomic.Int64
	puts    atomic.Int64
	deletes atomic.Int64
	hold    func(r *http.Request)
}

func newFleetServer(t *testing.T, opts emulator.Options) *fleetServer {
	t.Helper()
	s := &fleetServer{f: newFixture(t, opts)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.all.Add(1)
		switch r.Method {
		case http.MethodPut:
			s.puts.Add(1)
		case http.MethodDelete:
			s.deletes.Add(1)
		}
		if s.hold != nil {
			s.hold(r)
		}
		s.f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// run runs pcctl against the server with the fixture's environment.
func (s *fleetServer) run(t *testing.T, args ...string) result {
	t.Helper()
	return runPcctl(t, s.f.env(), append([]string{"--endpoint", s.url}, args...)...)
}

// step runs pcctl and fails the test unless it exits with code.
func (s *fleetServer) step(t *testing.T, code int, args ...string) result {
	t.Helper()
	r := s.run(t, args...)
	wantCode(t, r, code, args...)
	return r
}

// changes returns the Puts and Deletes sent so far.
func (s *fleetServer) changes() (puts, deletes int64) { return s.puts.Load(), s.deletes.Load() }

// requested returns the amount the emulator holds for function:qualifier,
// and its status; 0 and "" when it has no config.
func (s *fleetServer) requested(function, qualifier string) (int, string) {
	c, ok := s.f.emu.ProvisionedConfig(function, qualifier)
	if !ok {
		return 0, ""
	}
	return c.Requested, string(c.Status)
}

// fleetFile writes a desired state in a temporary directory and returns
// its path.
func fleetFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeFile(t, path, content)
	return path
}

// awsEntry is one config of a desired state in aws/us-east-1, the
// fixture's region.
func awsEntry(function, qualifier string, n int) string {
	return "  - {Cloud: aws, Region: us-east-1, FunctionName: " + function + ", Qualifier: \"" + qualifier + "\", ProvisionedConcurrentExecutions: " + itoa(n) + "}\n"
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// testPlan mirrors the saved plan's JSON, independently of package fleet,
// so that a renamed key fails the tests.
type testPlan struct {
	Format  string `json:"Format"`
	Prune   bool   `json:"Prune"`
	Changes []struct {
		Cloud        string `json:"Cloud"`
		Region       string `json:"Region"`
		FunctionName string `json:"FunctionName"`
		Qualifier    string `json:"Qualifier"`
		Action       string `json:"Action"`
		Before       *struct {
			Requested int    `json:"Requested"`
			Status    string `json:"Status"`
		} `json:"Before"`
		After *struct {
			ProvisionedConcurrentExecutions int `json:"ProvisionedConcurrentExecutions"`
		} `json:"After"`
	} `json:"Changes"`
}

// testReport mirrors apply's JSON report.
type testReport struct {
	Results []struct {
		FunctionName string `json:"FunctionName"`
		Qualifier    string `json:"Qualifier"`
		Action       string `json:"Action"`
		Outcome      string `json:"Outcome"`
		Requested    int    `json:"Requested"`
		Status       string `json:"Status"`
		Reason       string `json:"Reason"`
		Error        string `json:"Error"`
	} `json:"Results"`
	Tally struct {
		Total, Applied, Unchanged, Skipped, Failed, NotStarted int
	} `json:"Tally"`
	Interrupted bool `json:"Interrupted"`
}

// outcomes lists a report's results as "function:qualifier action outcome".
func (r *testReport) outcomes() []string {
	var out []string
	for _, res := range r.Results {
		out = append(out, res.FunctionName+":"+res.Qualifier+" "+res.Action+" "+res.Outcome)
	}
	return out
}

func decodeJSON(t *testing.T, data string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(data))
	if err := dec.Decode(v); err != nil {
		t.Fatalf("not the JSON wanted: %v\n%s", err, data)
	}
}

// TestFleetPlanApply walks plan (exit 2, text and JSON, nothing sent but
// reads), apply, plan again (exit 0), and an apply of the applied file,
// which sends no change at all.
func TestFleetPlanApply(t *testing.T) {
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	s.step(t, exitOK, "put", "demo-api:live", "10")
	s.step(t, exitOK, "put", "demo-worker:prod", "4")
	file := fleetFile(t, "fleet.yaml", "Configs:\n"+
		awsEntry("demo-api", "live", 20)+awsEntry("demo-api", "canary", 5)+awsEntry("demo-worker", "prod", 2))
	puts0, _ := s.changes()

	r := s.step(t, exitChanges, "plan", "-f", file)
	want := `aws/us-east-1
  + demo-api:canary   5
  ~ demo-api:live     10 -> 20
  ~ demo-worker:prod  4 -> 2

Plan: 1 to create, 2 to update, 0 to delete, 0 unchanged. (Pruning off: nothing is deleted.)
`
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if r.stderr != "" {
		t.Errorf("plan wrote on stderr: %q", r.stderr)
	}

	r = s.step(t, exitChanges, "plan", "-f", file, "-o", "json")
	var plan testPlan
	decodeJSON(t, r.stdout, &plan)
	if plan.Format != "provconc.fleet.plan/v1" || plan.Prune || len(plan.Changes) != 3 {
		t.Fatalf("plan JSON: %+v", plan)
	}
	var actions []string
	for _, c := range plan.Changes {
		a := c.Cloud + "/" + c.Region + " " + c.FunctionName + ":" + c.Qualifier + " " + c.Action
		if c.Before != nil {
			a += " from " + itoa(c.Before.Requested)
		}
		if c.After != nil {
			a += " to " + itoa(c.After.ProvisionedConcurrentExecutions)
		}
		actions = append(actions, a)
	}
	wantActions := []string{
		"aws/us-east-1 demo-api:canary create to 5",
		"aws/us-east-1 demo-api:live update from 10 to 20",
		"aws/us-east-1 demo-worker:prod update from 4 to 2",
	}
	if diff := cmp.Diff(wantActions, actions); diff != "" {
		t.Errorf("plan JSON changes (-want +got):\n%s", diff)
	}
	if puts, deletes := s.changes(); puts != puts0 || deletes != 0 {
		t.Fatalf("plan sent %d Puts and %d Deletes; it must only read", puts-puts0, deletes)
	}

	r = s.step(t, exitOK, "apply", "-f", file)
	if !strings.Contains(r.stdout, "Plan: 1 to create, 2 to update") ||
		!strings.HasSuffix(r.stdout, "Applied 3, unchanged 0, skipped 0, failed 0, not started 0 (of 3).\n") {
		t.Errorf("apply: stdout:\n%s", r.stdout)
	}
	// Plain progress (stderr is no terminal): one line per config, the
	// decrease (demo-worker:prod 4 -> 2) before everything else.
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "[1/3] applied aws/us-east-1 demo-worker:prod (update): 2 IN_PROGRESS" || strings.Contains(r.stderr, "\r") {
		t.Errorf("apply progress:\n%s", r.stderr)
	}
	for _, c := range []struct {
		fn, q string
		n     int
	}{{"demo-api", "live", 20}, {"demo-api", "canary", 5}, {"demo-worker", "prod", 2}} {
		if got, _ := s.requested(c.fn, c.q); got != c.n {
			t.Errorf("after apply, %s:%s has %d, want %d", c.fn, c.q, got, c.n)
		}
	}

	r = s.step(t, exitOK, "plan", "-f", file)
	if r.stdout != "No changes: 3 configs are as desired.\n" {
		t.Errorf("plan after apply: %q", r.stdout)
	}
	puts1, _ := s.changes()
	r = s.step(t, exitOK, "apply", "-f", file, "-o", "json")
	var report testReport
	decodeJSON(t, r.stdout, &report)
	if report.Tally.Total != 3 || report.Tally.Unchanged != 3 || report.Interrupted {
		t.Errorf("apply of an applied file: %+v", report)
	}
	if puts, deletes := s.changes(); puts != puts1 || deletes != 0 {
		t.Errorf("apply of an applied file sent %d Puts and %d Deletes", puts-puts1, deletes)
	}
}

// TestFleetSavedPlan saves a plan, applies it later, and applies a stale
// one: the config changed since is skipped and reported, exit 255.
func TestFleetSavedPlan(t *testing.T) {
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	file := fleetFile(t, "fleet.json", `{"Configs": [
		{"Cloud": "aws", "Region": "us-east-1", "FunctionName": "demo-api", "Qualifier": "live", "ProvisionedConcurrentExecutions": 7},
		{"Cloud": "aws", "Region": "us-east-1", "FunctionName": "demo-worker", "Qualifier": "prod", "ProvisionedConcurrentExecutions": 3}]}`)
	saved := filepath.Join(t.TempDir(), "plan.json")
	r := s.step(t, exitChanges, "plan", "-f", file, "--out", saved)
	if !strings.Contains(r.stdout, "+ demo-api:live") {
		t.Errorf("plan --out still prints the plan:\n%s", r.stdout)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	var plan testPlan
	decodeJSON(t, string(data), &plan)
	if len(plan.Changes) != 2 || plan.Changes[0].Action != "create" {
		t.Fatalf("saved plan: %s", data)
	}

	// --prune is decided when planning, not when applying a saved plan.
	r = s.step(t, exitUsage, "apply", "-f", saved, "--prune")
	if !strings.Contains(r.stderr, "is a saved plan") {
		t.Errorf("apply --prune of a saved plan: stderr %q", r.stderr)
	}

	r = s.step(t, exitOK, "apply", "-f", saved)
	if !strings.HasSuffix(r.stdout, "Applied 2, unchanged 0, skipped 0, failed 0, not started 0 (of 2).\n") {
		t.Errorf("apply of a saved plan:\n%s", r.stdout)
	}
	if n, _ := s.requested("demo-api", "live"); n != 7 {
		t.Errorf("demo-api:live = %d after applying the saved plan, want 7", n)
	}

	// Planned from 7; someone sets 9 before the apply: skipped, not undone.
	file2 := fleetFile(t, "fleet.yaml", "Configs:\n"+awsEntry("demo-api", "live", 12)+awsEntry("demo-worker", "prod", 4))
	s.step(t, exitChanges, "plan", "-f", file2, "--out", saved)
	s.step(t, exitOK, "put", "demo-api:live", "9")
	r = s.step(t, exitOther, "apply", "-f", saved, "-o", "json")
	var report testReport
	decodeJSON(t, r.stdout, &report)
	if diff := cmp.Diff([]string{"demo-api:live update skipped", "demo-worker:prod update applied"}, report.outcomes()); diff != "" {
		t.Errorf("stale plan (-want +got):\n%s", diff)
	}
	if res := report.Results[0]; !strings.Contains(res.Reason, "changed since the plan") {
		t.Errorf("skipped without saying why: %+v", res)
	}
	if n, _ := s.requested("demo-api", "live"); n != 9 {
		t.Errorf("a stale change was made: demo-api:live = %d, want the 9 set since the plan", n)
	}
	if !strings.Contains(r.stderr, "pcctl apply: apply incomplete: 0 failed, 1 skipped") {
		t.Errorf("stale plan: stderr %q", r.stderr)
	}

	// A saved plan that is not one, or is broken: refused, nothing sent.
	broken := fleetFile(t, "broken.json", `{"Format": "provconc.fleet.plan/v0", "Changes": []}`)
	r = s.step(t, exitUsage, "apply", "-f", broken)
	if !strings.Contains(r.stderr, "provconc.fleet.plan/v0") {
		t.Errorf("a plan of another format: stderr %q", r.stderr)
	}
}

// TestFleetPrune checks that only --prune deletes, and only configs of the
// functions under Prune.
func TestFleetPrune(t *testing.T) {
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	s.step(t, exitOK, "put", "demo-api:live", "10")
	s.step(t, exitOK, "put", "demo-api:canary", "3")
	s.step(t, exitOK, "put", "demo-worker:prod", "2")
	file := fleetFile(t, "fleet.yaml", "Configs:\n"+awsEntry("demo-api", "live", 10)+
		"Prune:\n  - {Cloud: aws, Region: us-east-1, FunctionName: demo-api}\n")

	r := s.step(t, exitOK, "plan", "-f", file)
	if r.stdout != "No changes: 1 config is as desired.\n" {
		t.Errorf("plan without --prune: %q", r.stdout)
	}
	r = s.step(t, exitChanges, "plan", "-f", file, "--prune")
	if !strings.Contains(r.stdout, "- demo-api:canary  3 -> none (pruned)") || strings.Contains(r.stdout, "demo-worker") {
		t.Errorf("plan --prune:\n%s", r.stdout)
	}
	s.step(t, exitOK, "apply", "-f", file, "--prune")
	if n, _ := s.requested("demo-api", "canary"); n != 0 {
		t.Errorf("demo-api:canary not pruned: %d", n)
	}
	if n, _ := s.requested("demo-worker", "prod"); n != 2 {
		t.Errorf("demo-worker:prod, outside the prune scope, has %d, want 2", n)
	}
	if _, deletes := s.changes(); deletes != 1 {
		t.Errorf("%d Deletes sent, want 1", deletes)
	}
}

// TestFleetApplyWaitAndPartialFailure applies with --wait: an allocation
// that ends FAILED and a Put the service refuses leave the rest applied,
// are reported with a non-zero exit, and applying again finishes the job.
func TestFleetApplyWaitAndPartialFailure(t *testing.T) {
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	file := fleetFile(t, "fleet.yaml", "Configs:\n"+
		awsEntry("demo-api", "live", 4)+awsEntry("demo-api", "canary", 2)+awsEntry("demo-worker", "prod", 3))

	// All well: every config READY.
	r := s.step(t, exitOK, "apply", "-f", file, "--wait", "--wait-timeout", "1m")
	for _, row := range []string{
		`(?m)^applied +aws/us-east-1 +demo-api:live +create +4 READY$`,
		`(?m)^applied +aws/us-east-1 +demo-worker:prod +create +3 READY$`,
	} {
		if !regexp.MustCompile(row).MatchString(r.stdout) {
			t.Errorf("apply --wait: no row %s in:\n%s", row, r.stdout)
		}
	}
	if n, status := s.requested("demo-worker", "prod"); n != 3 || status != "READY" {
		t.Errorf("demo-worker:prod = %d %s", n, status)
	}

	// An allocation that ends FAILED: exit 255, the others applied.
	file = fleetFile(t, "fleet.yaml", "Configs:\n"+
		awsEntry("demo-api", "live", 6)+awsEntry("demo-api", "canary", 2)+awsEntry("demo-worker", "prod", 5))
	s.f.emu.FailNextAllocation("demo-api", "live", "FUNCTION_ERROR_INIT_FAILURE")
	r = s.step(t, exitOther, "apply", "-f", file, "--wait", "-o", "json")
	var report testReport
	decodeJSON(t, r.stdout, &report)
	if diff := cmp.Diff([]string{"demo-api:canary no-op unchanged", "demo-api:live update failed", "demo-worker:prod update applied"}, report.outcomes()); diff != "" {
		t.Errorf("a FAILED allocation (-want +got):\n%s", diff)
	}
	if res := report.Results[1]; res.Status != "FAILED" || !strings.Contains(res.Error, "FUNCTION_ERROR_INIT_FAILURE") {
		t.Errorf("the failed config: %+v", res)
	}
	if !strings.Contains(r.stderr, "pcctl apply: apply incomplete: 1 failed, 0 skipped as changed since the plan, 0 not started\n") ||
		!strings.Contains(r.stderr, "pcctl apply: aws/us-east-1 demo-api:live: ") {
		t.Errorf("a FAILED allocation: stderr:\n%s", r.stderr)
	}
	// Applying again retries the FAILED config, and only it.
	puts0, _ := s.changes()
	r = s.step(t, exitOK, "apply", "-f", file, "--wait")
	if !regexp.MustCompile(`(?m)^applied +aws/us-east-1 +demo-api:live +update +6 READY$`).MatchString(r.stdout) {
		t.Errorf("apply again:\n%s", r.stdout)
	}
	if puts, _ := s.changes(); puts-puts0 != 1 {
		t.Errorf("apply again sent %d Puts, want 1", puts-puts0)
	}

	// A Put the service refuses (version 3 does not exist yet): exit 254,
	// the rest applied; once the version is published, applying again
	// finishes the job.
	file = fleetFile(t, "fleet.yaml", "Configs:\n"+
		awsEntry("demo-api", "live", 6)+awsEntry("demo-api", "3", 1)+awsEntry("demo-worker", "prod", 1))
	r = s.step(t, exitService, "apply", "-f", file)
	if !regexp.MustCompile(`(?m)^failed +aws/us-east-1 +demo-api:3 +create +.*ResourceNotFoundException`).MatchString(r.stdout) ||
		!strings.HasSuffix(r.stdout, "Applied 1, unchanged 1, skipped 0, failed 1, not started 0 (of 3). Plan and apply again to finish.\n") {
		t.Errorf("a refused Put:\n%s", r.stdout)
	}
	if n, _ := s.requested("demo-worker", "prod"); n != 1 {
		t.Errorf("demo-worker:prod = %d, want 1 despite the other failure", n)
	}
	if _, err := s.f.emu.PublishVersion("demo-api"); err != nil {
		t.Fatal(err)
	}
	r = s.step(t, exitOK, "apply", "-f", file)
	if !strings.HasSuffix(r.stdout, "Applied 1, unchanged 2, skipped 0, failed 0, not started 0 (of 3).\n") {
		t.Errorf("apply after the version exists:\n%s", r.stdout)
	}
	s.step(t, exitOK, "plan", "-f", file)
}

// TestFleetInterrupt sends SIGINT while apply's first Put is in flight (the
// server holds it until pcctl says it has stopped starting changes): that
// Put finishes, nothing else starts, the report says what did not, and the
// exit code is 130. Applying again finishes the job.
func TestFleetInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGINT, which Windows cannot send")
	}
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	arrived, release := make(chan struct{}), make(chan struct{})
	var once, released sync.Once
	s.hold = func(r *http.Request) {
		if r.Method == http.MethodPut {
			once.Do(func() { close(arrived); <-release })
		}
	}
	t.Cleanup(func() { released.Do(func() { close(release) }) })
	// Version 3 has no alias: its config and the aliases' live side by side.
	if _, err := s.f.emu.PublishVersion("demo-api"); err != nil {
		t.Fatal(err)
	}
	file := fleetFile(t, "fleet.yaml", "Configs:\n"+
		awsEntry("demo-api", "live", 1)+awsEntry("demo-api", "canary", 2)+awsEntry("demo-api", "3", 3)+awsEntry("demo-worker", "prod", 4))

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	args := []string{"--endpoint", s.url, "apply", "-f", file, "--concurrency", "1"}
	cmd := exec.CommandContext(ctx, pcctlBin, args...)
	cmd.Env = s.f.env()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	var stderr strings.Builder
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	select {
	case <-arrived:
	case <-ctx.Done():
		t.Fatal("no Put arrived")
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	// Hold the Put until pcctl has seen the interruption.
	for seen := false; !seen; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stderr ended before pcctl told of the interruption:\n%s", stderr.String())
			}
			stderr.WriteString(l + "\n")
			seen = strings.HasPrefix(l, "pcctl apply: interrupted: starting no more changes")
		case <-ctx.Done():
			t.Fatalf("pcctl did not tell of the interruption:\n%s", stderr.String())
		}
	}
	released.Do(func() { close(release) })
	for l := range lines {
		stderr.WriteString(l + "\n")
	}
	_ = cmd.Wait()
	r := result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	wantCode(t, r, exitInterrupted, args...)

	if got := len(regexp.MustCompile(`(?m)^not-started +aws/us-east-1 +\S+ +create +interrupted before it began$`).FindAllString(r.stdout, -1)); got != 3 {
		t.Errorf("%d not-started rows, want 3:\n%s", got, r.stdout)
	}
	if !regexp.MustCompile(`(?m)^applied +aws/us-east-1 +\S+ +create +\d IN_PROGRESS$`).MatchString(r.stdout) ||
		!strings.HasSuffix(r.stdout, "Applied 1, unchanged 0, skipped 0, failed 0, not started 3 (of 4). Interrupted: apply again to finish.\n") {
		t.Errorf("report of an interrupted apply:\n%s", r.stdout)
	}
	if !strings.HasSuffix(r.stderr, "pcctl apply: interrupted: apply incomplete: 0 failed, 0 skipped as changed since the plan, 3 not started\n") {
		t.Errorf("stderr of an interrupted apply:\n%s", r.stderr)
	}
	if puts, _ := s.changes(); puts != 1 {
		t.Errorf("%d Puts sent, want the one in flight only", puts)
	}

	r = s.step(t, exitOK, "apply", "-f", file)
	if !strings.HasSuffix(r.stdout, "Applied 3, unchanged 1, skipped 0, failed 0, not started 0 (of 4).\n") {
		t.Errorf("apply after the interruption:\n%s", r.stdout)
	}
}

// TestFleetEmulatorSession is the README's session: a file, plan (exit 2),
// apply, plan again (exit 0), on the in-process emulator with its state in
// a file, AWS and SCF together.
func TestFleetEmulatorSession(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	dir := t.TempDir()
	state := filepath.Join(dir, "s.json")
	file := filepath.Join(dir, "fleet.yaml")
	writeFile(t, file, `Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: demo-api, Qualifier: live, ProvisionedConcurrentExecutions: 20}
  - {Cloud: aws, Region: us-east-1, FunctionName: demo-api, Qualifier: canary, ProvisionedConcurrentExecutions: 5}
  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: demo-worker, Qualifier: "1", ProvisionedConcurrentExecutions: 2}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: demo-worker}
`)
	step := func(code int, args ...string) result {
		t.Helper()
		args = append([]string{"--emulator-state", state}, args...)
		r := runPcctl(t, env, args...)
		wantCode(t, r, code, args...)
		return r
	}
	r := step(exitChanges, "plan", "-f", file, "--prune")
	want := `aws/us-east-1
  + demo-api:canary   5
  ~ demo-api:live     10 -> 20
  - demo-worker:prod  2 -> none (pruned)

tencent/ap-guangzhou
  + default/demo-worker:1  2

Plan: 2 to create, 1 to update, 1 to delete, 0 unchanged.
`
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	r = step(exitOK, "apply", "-f", file, "--prune")
	if !strings.HasSuffix(r.stdout, "Applied 4, unchanged 0, skipped 0, failed 0, not started 0 (of 4).\n") {
		t.Errorf("apply:\n%s", r.stdout)
	}
	r = step(exitOK, "plan", "-f", file, "--prune")
	if r.stdout != "No changes: 3 configs are as desired.\n" {
		t.Errorf("plan after apply: %q", r.stdout)
	}
	r = step(exitOK, "scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "demo-worker",
		"--filter", "Allocated[].[Qualifier, AllocatedProvisionedConcurrencyNum]", "--output", "text")
	if r.stdout != "1\t2\n" {
		t.Errorf("the SCF config applied: %q", r.stdout)
	}

	// The in-process emulator stands for one region of each cloud.
	other := filepath.Join(dir, "other.yaml")
	writeFile(t, other, "Configs:\n  - {Cloud: aws, Region: eu-west-1, FunctionName: demo-api, Qualifier: live, ProvisionedConcurrentExecutions: 1}\n")
	r = runPcctl(t, env, "--emulator", "plan", "-f", other)
	wantCode(t, r, exitConfig, "--emulator", "plan", "-f", other)
	if r.stderr != "pcctl plan: client for aws/eu-west-1: the in-process emulator serves aws/us-east-1 and tencent/ap-guangzhou, not aws/eu-west-1 (--region sets its AWS region)\n" {
		t.Errorf("a region the emulator does not serve: %q", r.stderr)
	}
	args := []string{"--emulator", "--region", "eu-west-1", "plan", "-f", other}
	r = runPcctl(t, env, args...)
	wantCode(t, r, exitChanges, args...)
}

// TestFleetErrors checks the exit codes and messages of what plan and
// apply refuse or cannot do.
func TestFleetErrors(t *testing.T) {
	t.Parallel()
	s := newFleetServer(t, emulator.Options{ReadyAfter: readyAtOnce})
	good := fleetFile(t, "fleet.yaml", "Configs:\n"+awsEntry("demo-api", "live", 1))
	bad := fleetFile(t, "bad.yaml", "Configs:\n"+awsEntry("demo-api", "live", -1)+awsEntry("demo-worker", "prod", 0))
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	noFunction := fleetFile(t, "nofn.yaml", "Configs:\n"+awsEntry("no-such-function", "live", 1))
	for _, c := range []struct {
		args   []string
		code   int
		stderr string // a regular expression
	}{
		{[]string{"plan"}, exitUsage, `^pcctl plan: missing -f FILE: the desired state to plan\nRun 'pcctl plan --help' for usage.\n$`},
		{[]string{"apply"}, exitUsage, `^pcctl apply: missing -f FILE: the desired state to apply\n`},
		{[]string{"plan", "-f", good, "extra"}, exitUsage, `^pcctl plan: takes no arguments`},
		{[]string{"plan", "-f", missing}, exitUsage, `^pcctl plan: open .*missing.yaml: no such file`},
		{[]string{"plan", "-f", bad}, exitUsage, `(?s)^pcctl plan: .*bad.yaml:2: Configs\[0\] \(demo-api:live\): ProvisionedConcurrentExecutions: "-1": must be between 1 and 2147483647\npcctl plan: .*bad.yaml:3: Configs\[1\] \(demo-worker:prod\): ProvisionedConcurrentExecutions: "0": `},
		{[]string{"plan", "-f", good, "--out", good}, exitUsage, `^pcctl plan: --out .*fleet.yaml is the desired state's own file`},
		{[]string{"plan", "-f", good, "-o", "yaml"}, exitUsage, `^pcctl plan: invalid --output "yaml"`},
		{[]string{"plan", "-f", good, "--query", "Changes"}, exitUsage, `^pcctl plan: --query does not apply`},
		{[]string{"plan", "-f", good, "--namespace", "ns"}, exitUsage, `^pcctl plan: --namespace does not apply`},
		{[]string{"plan", "-f", good, "--region", "us-west-2"}, exitUsage, `^pcctl plan: --region applies only with --emulator`},
		{[]string{"plan", "-f", good, "--provider", "tencent"}, exitUsage, `^pcctl plan: --provider does not apply`},
		{[]string{"apply", "-f", good, "--concurrency", "0"}, exitUsage, `^pcctl apply: invalid --concurrency 0`},
		{[]string{"apply", "-f", good, "--wait-timeout", "1m"}, exitUsage, `^pcctl apply: --wait-timeout needs --wait`},
		{[]string{"apply", "-f", good, "--prun"}, exitUsage, `Did you mean --prune\?`},
		{[]string{"plan", "-f", noFunction}, exitService, `^pcctl plan: reading aws/us-east-1 no-such-function: An error occurred \(ResourceNotFoundException\) when calling the ListProvisionedConcurrencyConfigs operation: `},
		{[]string{"apply", "-f", noFunction}, exitService, `^pcctl apply: reading aws/us-east-1 no-such-function: An error occurred \(ResourceNotFoundException\)`},
	} {
		r := s.run(t, c.args...)
		wantCode(t, r, c.code, c.args...)
		if !regexp.MustCompile(c.stderr).MatchString(r.stderr) {
			t.Errorf("pcctl %s: stderr %q does not match %s", strings.Join(c.args, " "), r.stderr, c.stderr)
		}
	}
	if puts, deletes := s.changes(); puts != 0 || deletes != 0 {
		t.Errorf("refused commands sent %d Puts and %d Deletes", puts, deletes)
	}

	// No credentials: a configuration error (253, as the short verbs and
	// the aws CLI), found before anything reaches the service.
	home := t.TempDir()
	for _, name := range []string{"config", "credentials"} {
		writeFile(t, filepath.Join(home, name), "")
	}
	requests := s.all.Load()
	args := []string{"--endpoint", s.url, "apply", "-f", good}
	r := runPcctl(t, sealedEnv(home), args...)
	wantCode(t, r, exitConfig, args...)
	if !strings.HasPrefix(r.stderr, "pcctl apply: client for aws/us-east-1: retrieving AWS credentials: ") {
		t.Errorf("apply without credentials: stderr %q", r.stderr)
	}
	if n := s.all.Load(); n != requests {
		t.Errorf("apply without credentials sent %d requests", n-requests)
	}
}

// TestFleetHelpAndCompletion checks the help of plan and apply, and what
// shell completion offers for them.
func TestFleetHelpAndCompletion(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	for _, name := range []string{"plan", "apply"} {
		for _, args := range [][]string{{"help", name}, {name, "-h"}} {
			r := runPcctl(t, env, args...)
			wantCode(t, r, exitOK, args...)
			if !strings.HasPrefix(r.stdout, "Usage: pcctl "+name+" -f FILE") {
				t.Errorf("pcctl %s: %q", strings.Join(args, " "), r.stdout)
			}
		}
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "pl"}, []string{"plan"}},
		{[]string{"__complete", "plan", "--"}, []string{"--file", "--prune", "--out", "--show-unchanged", "--concurrency"}},
		{[]string{"__complete", "apply", "--"}, []string{"--file", "--prune", "--wait", "--wait-timeout", "--concurrency"}},
	} {
		r := runPcctl(t, env, c.args...)
		wantCode(t, r, exitOK, c.args...)
		for _, w := range c.want {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(w) + `(\t|$)`).MatchString(r.stdout) {
				t.Errorf("pcctl %s: %q not offered:\n%s", strings.Join(c.args, " "), w, r.stdout)
			}
		}
	}
	r := runPcctl(t, env, "plna")
	wantCode(t, r, exitUsage, "plna")
	if !strings.Contains(r.stderr, "Did you mean plan?") {
		t.Errorf("pcctl plna: %q", r.stderr)
	}
}

// TestFleetExitCodes checks how plan's and apply's errors map onto exit
// codes and lines on stderr, for causes the binary tests cannot easily
// bring about (several at once).
func TestFleetExitCodes(t *testing.T) {
	notFound := &provconc.APIError{Operation: "ListProvisionedConcurrencyConfigs", Code: "ResourceNotFoundException",
		Message: "Function not found", StatusCode: 404, Kind: provconc.ErrResourceNotFound}
	noRegion := &configError{errors.New("no region")}
	readErr := &fleet.ReadError{Target: fleet.Target{Cloud: fleet.Tencent, Region: "ap-guangzhou"}, Namespace: "ns", FunctionName: "fn", Err: notFound}
	// incomplete is the error of an apply whose changes failed with errs,
	// or with none failed, one skipped.
	incomplete := func(errs ...error) error {
		r := &fleet.Report{}
		for i, err := range errs {
			k := fleet.Key{Target: fleet.Target{Cloud: fleet.AWS, Region: "us-east-1"}, FunctionName: "fn", Qualifier: fmt.Sprint(i)}
			r.Results = append(r.Results, fleet.Result{Key: k, Outcome: fleet.Failed, Err: err})
			r.Tally.Failed++
		}
		if len(errs) == 0 {
			r.Tally.Skipped++
		}
		return fleetError("apply", "f.yaml", r.Err())
	}
	for _, c := range []struct {
		name  string
		err   error
		code  int
		lines string
	}{
		{"changes", errChanges, exitChanges, ""},
		{"file", fleetError("plan", "f.yaml", errors.Join(&fleet.EntryError{Source: "f.yaml", Line: 3, Err: errors.New("bad")}, &fleet.EntryError{Source: "f.yaml", Line: 4, Err: errors.New("worse")})), exitUsage,
			"pcctl plan: f.yaml:3: bad\npcctl plan: f.yaml:4: worse\n"},
		{"read and client", fleetError("plan", "f.yaml", errors.Join(readErr, fmt.Errorf("fleet: client for aws/us-east-1: %w", noRegion))), exitConfig,
			"pcctl plan: reading tencent/ap-guangzhou ns/fn: An error occurred (ResourceNotFoundException) when calling the ListProvisionedConcurrencyConfigs operation: Function not found\n" +
				"pcctl plan: client for aws/us-east-1: no region\n"},
		{"read", fleetError("apply", "f.yaml", readErr), exitService, ""},
		{"incomplete, a service error", incomplete(errors.New("x: wait FAILED"), notFound), exitService, ""},
		{"incomplete, a client", incomplete(noRegion), exitConfig, ""},
		{"incomplete, skipped", incomplete(), exitOther,
			"pcctl apply: apply incomplete: 0 failed, 1 skipped as changed since the plan, 0 not started\n"},
		{"incomplete, failed", incomplete(errors.New("allocation FAILED")), exitOther,
			"pcctl apply: apply incomplete: 1 failed, 0 skipped as changed since the plan, 0 not started\n" +
				"pcctl apply: aws/us-east-1 fn:0: allocation FAILED\n"},
	} {
		if got := exitCode(c.err); got != c.code {
			t.Errorf("%s: exit code %d, want %d", c.name, got, c.code)
		}
		var stderr strings.Builder
		a := &app{stderr: &stderr}
		if got := a.report(context.Background(), c.err); got != c.code {
			t.Errorf("%s: report returned %d, want %d", c.name, got, c.code)
		}
		if c.lines != "" && stderr.String() != c.lines {
			t.Errorf("%s: stderr\n%s\nwant\n%s", c.name, stderr.String(), c.lines)
		}
		if c.code == exitChanges && stderr.Len() != 0 {
			t.Errorf("%s: stderr %q, want nothing", c.name, stderr.String())
		}
	}
	// An incomplete apply repeats at most maxFailureLines failures.
	var errs []error
	for i := range maxFailureLines + 3 {
		errs = append(errs, fmt.Errorf("config %d failed", i))
	}
	var stderr strings.Builder
	(&app{stderr: &stderr}).report(context.Background(), incomplete(errs...))
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) != 2+maxFailureLines || lines[len(lines)-1] != "pcctl apply: and 3 more: see the report" ||
		lines[1] != "pcctl apply: aws/us-east-1 fn:0: config 0 failed" {
		t.Errorf("many failures:\n%s", stderr.String())
	}
}

// TestFleetScaling checks that plan and apply carry an AWS entry's scaling
// plan through Application Auto Scaling: planned as a change, applied,
// shown by scaling get, and a no-op the second time.
func TestFleetScaling(t *testing.T) {
	t.Parallel()
	env := sealedEnv(t.TempDir())
	dir := t.TempDir()
	state := filepath.Join(dir, "s.json")
	file := filepath.Join(dir, "fleet.yaml")
	writeFile(t, file, `Configs:
  - Cloud: aws
    Region: us-east-1
    FunctionName: demo-api
    Qualifier: live
    ProvisionedConcurrentExecutions: 2
    Scaling:
      Schedules:
        - {Name: peak, Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 10}
      Tracking: {TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}
`)
	step := func(code int, args ...string) result {
		t.Helper()
		args = append([]string{"--emulator-state", state}, args...)
		r := runPcctl(t, env, args...)
		wantCode(t, r, code, args...)
		return r
	}
	r := step(exitChanges, "plan", "-f", file)
	if !strings.Contains(r.stdout, "schedule peak added, tracking added") {
		t.Errorf("plan does not show the scaling change:\n%s", r.stdout)
	}
	step(exitOK, "apply", "-f", file)
	r = step(exitOK, "plan", "-f", file)
	if r.stdout != "No changes: 1 config is as desired.\n" {
		t.Errorf("plan after apply: %q", r.stdout)
	}
	r = step(exitOK, "scaling", "get", "demo-api:live", "-o", "json")
	for _, want := range []string{`"Name": "peak"`, `"TimeZone": "Europe/Berlin"`, `"TargetUtilization": 0.7`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("scaling get lacks %s:\n%s", want, r.stdout)
		}
	}
}
