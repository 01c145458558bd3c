// These tests drive the scaling verbs and the application-autoscaling
// commands of the built binary against the in-process emulator, its state
// kept in a file across commands.

package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testScalingPlan mirrors the plan document independently of the code under
// test, so a renamed key fails the tests.
type testScalingPlan struct {
	Schedules []struct {
		Name        string
		Expression  string
		TimeZone    string
		Executions  int
		MaxCapacity int
	}
	Tracking *struct {
		Name              string
		TargetUtilization float64
		MinCapacity       int
		MaxCapacity       int
	}
}

func decodePlan(t *testing.T, s string) testScalingPlan {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var p testScalingPlan
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("not a plan document: %v\n%s", err, s)
	}
	return p
}

// session runs pcctl commands on one in-process emulator kept in a file.
type session struct {
	t     *testing.T
	env   []string
	state string
}

func newSession(t *testing.T) *session {
	return &session{t: t, env: append(sealedEnv(t.TempDir()), "TZ=UTC"), state: filepath.Join(t.TempDir(), "emulator.json")}
}

func (s *session) run(code int, args ...string) result {
	s.t.Helper()
	args = append([]string{"--emulator-state", s.state}, args...)
	r := runPcctl(s.t, s.env, args...)
	wantCode(s.t, r, code, args...)
	return r
}

// TestScalingAWS: put sets schedules and tracking through Application Auto
// Scaling, get shows them (table, JSON, --query), the JSON is a plan -f
// takes back, delete removes them.
func TestScalingAWS(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	r := s.run(exitOK, "scaling", "put", "demo-api:live",
		"--schedule", "name=peak,cron=cron(0 8 ? * MON,TUE,WED,THU,FRI *),tz=Europe/Berlin,executions=10",
		"--schedule", "name=night,cron=0 20 ? * MON-FRI *,tz=Europe/Berlin,executions=2",
		"--tracking", "target=70%,min=2,max=50")
	if want := "Set the scaling plan of demo-api:live: 2 schedule(s), tracking 0.7 between 2 and 50\n"; r.stdout != want {
		t.Errorf("put: %q, want %q", r.stdout, want)
	}
	r = s.run(exitOK, "scaling", "get", "demo-api", "--qualifier", "live", "-o", "json")
	want := `{"Schedules":[{"Name":"peak","Expression":"cron(0 8 ? * MON,TUE,WED,THU,FRI *)","TimeZone":"Europe/Berlin","Executions":10},` +
		`{"Name":"night","Expression":"cron(0 20 ? * MON-FRI *)","TimeZone":"Europe/Berlin","Executions":2}],` +
		`"Tracking":{"TargetUtilization":0.7,"MinCapacity":2,"MaxCapacity":50}}`
	if diff := cmp.Diff(decodePlan(t, want), decodePlan(t, r.stdout)); diff != "" {
		t.Errorf("get -o json (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(r.stdout, "{\n    \"Schedules\": [\n        {\n            \"Name\": \"peak\",") {
		t.Errorf("get -o json is not four-space JSON in the plan's key order:\n%s", r.stdout)
	}
	planFile := filepath.Join(t.TempDir(), "plan.json")
	writeFile(t, planFile, r.stdout)

	r = s.run(exitOK, "scaling", "get", "demo-api:live")
	for _, line := range []string{
		`^SCHEDULE +EXPRESSION +TIME ZONE +EXECUTIONS +MAX +START +END$`,
		`^peak +cron\(0 8 \? \* MON,TUE,WED,THU,FRI \*\) +Europe/Berlin +10 +- +- +-$`,
		`^TRACKING +TARGET +MIN +MAX$`,
		`^utilization +0.7 +2 +50$`,
	} {
		if !regexp.MustCompile(`(?m)` + line).MatchString(r.stdout) {
			t.Errorf("get table lacks a line matching %s:\n%s", line, r.stdout)
		}
	}
	r = s.run(exitOK, "scaling", "get", "demo-api:live", "--query", "Schedules[?Executions > `5`].Name", "-o", "text")
	if r.stdout != "peak\n" {
		t.Errorf("get --query: %q", r.stdout)
	}
	// The scalable target takes the tracking bounds.
	r = s.run(exitOK, "application-autoscaling", "describe-scalable-targets", "--service-namespace", "lambda",
		"--query", "ScalableTargets[].[ResourceId, MinCapacity, MaxCapacity]", "--output", "text")
	if r.stdout != "function:demo-api:live\t2\t50\n" {
		t.Errorf("targets after put: %q", r.stdout)
	}

	// A second put replaces the plan: night goes.
	s.run(exitOK, "scaling", "put", "demo-api:live", "--schedule", "name=peak,cron=cron(0 9 * * ? *),executions=4", "-o", "json")
	r = s.run(exitOK, "application-autoscaling", "describe-scheduled-actions", "--service-namespace", "lambda",
		"--query", "ScheduledActions[].[ScheduledActionName, Schedule, ScalableTargetAction.MinCapacity]", "--output", "text")
	if r.stdout != "peak\tcron(0 9 * * ? *)\t4\n" {
		t.Errorf("actions after the second put: %q", r.stdout)
	}

	s.run(exitOK, "scaling", "delete", "demo-api:live")
	r = s.run(exitOK, "scaling", "get", "demo-api:live")
	if r.stdout != "" || !strings.Contains(r.stderr, "demo-api:live has no schedules and no tracking") {
		t.Errorf("get after delete: %s", r)
	}
	r = s.run(exitOK, "application-autoscaling", "describe-scalable-targets", "--service-namespace", "lambda")
	if compactJSON(t, r.stdout) != `{"ScalableTargets":[]}` {
		t.Errorf("targets after delete: %s", r.stdout)
	}

	// The JSON get printed is a plan put -f takes back.
	s.run(exitOK, "scaling", "put", "demo-worker:prod", "-f", planFile)
	r = s.run(exitOK, "scaling", "get", "demo-worker:prod", "-o", "json")
	if diff := cmp.Diff(decodePlan(t, want), decodePlan(t, r.stdout)); diff != "" {
		t.Errorf("get after put -f (-want +got):\n%s", diff)
	}
	yamlFile := filepath.Join(t.TempDir(), "plan.yaml")
	writeFile(t, yamlFile, "Schedules:\n  - {Name: morning, Expression: cron(0 7 * * ? *), TimeZone: Europe/Berlin, Executions: 3}\n")
	s.run(exitOK, "scaling", "put", "demo-worker:prod", "-f", yamlFile)
	r = s.run(exitOK, "scaling", "get", "demo-worker:prod", "--query", "[Schedules[].Name, Tracking]", "-o", "json")
	if compactJSON(t, r.stdout) != `[["morning"],null]` {
		t.Errorf("get after put -f yaml: %s", r.stdout)
	}
}

// TestScalingBadInput: plans a cloud cannot take are refused before
// anything is sent (exit 252), naming the flag or field.
func TestScalingBadInput(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	badFile := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, badFile, "Schedules:\n  - {Name: a, Expresion: rate(1 hour), Executions: 1}\n")
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"scaling", "put", "demo-api:live"}, "give the plan"},
		{[]string{"scaling", "put", "demo-api:live", "--schedule", "name=a,executions=1"}, "exactly one of cron=EXPR"},
		{[]string{"scaling", "put", "demo-api:live", "--schedule", "nom=a"}, `"nom=a" is not key=value`},
		{[]string{"scaling", "put", "demo-api:live", "--tracking", "target=0.95,min=1,max=5"}, "Tracking.TargetUtilization"},
		{[]string{"scaling", "put", "demo-api:live", "--schedule", "name=a,cron=cron(0 8 * * * *),executions=1"}, "Schedules[0].Expression"},
		{[]string{"--provider", "tencent", "scaling", "put", "demo-api:2", "--schedule", "name=a,rate=1 hour,executions=1"}, "cannot express rate"},
		{[]string{"scaling", "put", "demo-api:live", "-f", badFile}, `unknown field "Expresion"`},
		{[]string{"--provider", "tencent", "scaling", "put", "demo-api:2", "--schedule", "name=a,at=2030-01-01T00:00:00,executions=3"}, "invalid ScalingOptions.Executions (--executions): is required"},
		{[]string{"scaling", "put", "demo-api:live", "--executions", "3", "--tracking", "target=0.7,min=1,max=5"}, "--executions applies to --provider tencent only"},
		{[]string{"application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs"}, "namespace lambda"},
		{[]string{"application-autoscaling", "describe-scalable-targets", "--service-namespace", "lambda", "--page-size", "51"}, "invalid --page-size 51: must be between 1 and 50"},
		{[]string{"application-autoscaling", "describe-scaling-policies", "--service-namespace", "lambda", "--max-results", "11"}, "invalid --max-results 11: must be between 1 and 10"},
		{[]string{"application-autoscaling", "describe-scaling-policies", "--service-namespace", "lambda", "--page-size", "11"}, "invalid --page-size 11: must be between 1 and 10"},
		{[]string{"application-autoscaling", "describe-scheduled-actions", "--service-namespace", "lambda", "--page-size", "51"}, "invalid --page-size 51: must be between 1 and 50"},
		{[]string{"application-autoscaling", "register-scalable-target", "--service-namespace", "lambda", "--scalable-dimension", "lambda:function:ProvisionedConcurrency"}, "the following arguments are required: --resource-id"},
		{[]string{"application-autoscaling", "put-scheduled-action", "--service-namespace", "lambda", "--scalable-dimension", "lambda:function:ProvisionedConcurrency",
			"--resource-id", "function:demo-api:live", "--scheduled-action-name", "a", "--schedule", "rate(1 hour)", "--scalable-target-action", "MinCapacity=x"}, "MinCapacity \"x\" is not a whole number"},
	} {
		r := s.run(exitUsage, tc.args...)
		if !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("pcctl %s: stderr %q, want it to say %q", strings.Join(tc.args, " "), r.stderr, tc.msg)
		}
	}
}

// TestApplicationAutoscalingCommands: the aws CLI's commands, their output
// shapes (the model's members and order, four-space JSON, ISO 8601
// timestamps), pagination and service errors.
func TestApplicationAutoscalingCommands(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	target := []string{"--service-namespace", "lambda", "--scalable-dimension", "lambda:function:ProvisionedConcurrency", "--resource-id", "function:demo-api:live"}
	cmd := func(code int, op string, args ...string) result {
		t.Helper()
		return s.run(code, append(append([]string{"application-autoscaling", op}, target...), args...)...)
	}

	// Before registration: the service's error, as the aws CLI prints it.
	r := cmd(exitService, "put-scheduled-action", "--scheduled-action-name", "peak", "--schedule", "rate(1 hour)")
	if !strings.Contains(r.stderr, "An error occurred (ObjectNotFoundException) when calling the PutScheduledAction operation: ") {
		t.Errorf("put before register: %q", r.stderr)
	}

	r = cmd(exitOK, "register-scalable-target", "--min-capacity", "1", "--max-capacity", "20")
	if !regexp.MustCompile(`^\{\n    "ScalableTargetARN": "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/[0-9a-f]+"\n\}\n$`).MatchString(r.stdout) {
		t.Errorf("register-scalable-target:\n%s", r.stdout)
	}
	for _, name := range []string{"a1", "a2", "a3"} {
		r = cmd(exitOK, "put-scheduled-action", "--scheduled-action-name", name, "--schedule", "cron(0 8 ? * MON-FRI *)", "--timezone", "Europe/Berlin",
			"--start-time", "2030-01-01T00:00:00Z", "--end-time", "1924992000", "--scalable-target-action", `{"MinCapacity": 5, "MaxCapacity": 20}`)
		if r.stdout != "" {
			t.Errorf("put-scheduled-action prints %q, want nothing", r.stdout)
		}
	}
	r = s.run(exitOK, "application-autoscaling", "describe-scheduled-actions", "--service-namespace", "lambda", "--resource-id", "function:demo-api:live",
		"--scalable-dimension", "lambda:function:ProvisionedConcurrency", "--scheduled-action-names", "a1")
	keys := []string{`"ScheduledActionName": "a1"`, `"ScheduledActionARN": "arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:`,
		`"ServiceNamespace": "lambda"`, `"Schedule": "cron(0 8 ? * MON-FRI *)"`, `"Timezone": "Europe/Berlin"`, `"ResourceId": "function:demo-api:live"`,
		`"ScalableDimension": "lambda:function:ProvisionedConcurrency"`, `"StartTime": "2030-01-01T00:00:00+00:00"`, `"EndTime": "2031-01-01T00:00:00+00:00"`,
		`"ScalableTargetAction": {`, `"MinCapacity": 5`, `"MaxCapacity": 20`, `"CreationTime": "`}
	last := -1
	for _, k := range keys {
		i := strings.Index(r.stdout, k)
		if i <= last {
			t.Errorf("describe-scheduled-actions: %s missing or out of the model's order:\n%s", k, r.stdout)
		}
		last = max(last, i)
	}
	if !regexp.MustCompile(`\n            "CreationTime": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00"\n`).MatchString(r.stdout) {
		t.Errorf("CreationTime is not the aws CLI's ISO 8601:\n%s", r.stdout)
	}
	// A list flag takes its values separated by spaces, commas being part of
	// a value, and the last of repeated flags wins (aws-cli 2.9.19's
	// argparse, checked against the emulator).
	listed := func(args ...string) string {
		args = append([]string{"application-autoscaling", "describe-scheduled-actions", "--service-namespace", "lambda"}, args...)
		return s.run(exitOK, append(args, "--query", "ScheduledActions[].ScheduledActionName", "--output", "text")...).stdout
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--scheduled-action-names", "a1", "a3"}, "a1\ta3\n"},
		{[]string{"--scheduled-action-names", "a1", "--scheduled-action-names", "a2"}, "a2\n"},
		{[]string{"--scheduled-action-names=a2"}, "a2\n"},
		{[]string{"--scheduled-action-names", "a1,a2"}, ""},
		{[]string{"--scheduled-action-names"}, "a1\ta2\ta3\n"},
	} {
		if got := listed(c.args...); got != c.want {
			t.Errorf("describe-scheduled-actions %q: %q, want %q", c.args, got, c.want)
		}
	}

	// Pagination: --max-items cuts and prints a NextToken; --starting-token
	// continues; --page-size only changes the calls.
	names := func(r result) string {
		t.Helper()
		var out struct {
			ScheduledActions []struct{ ScheduledActionName string }
			NextToken        string
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		var ns []string
		for _, a := range out.ScheduledActions {
			ns = append(ns, a.ScheduledActionName)
		}
		return strings.Join(ns, ",") + "|" + out.NextToken
	}
	describe := []string{"application-autoscaling", "describe-scheduled-actions", "--service-namespace", "lambda"}
	r = s.run(exitOK, append(describe, "--max-items", "2", "--page-size", "1")...)
	got := names(r)
	first, token, _ := strings.Cut(got, "|")
	if first != "a1,a2" || token == "" {
		t.Fatalf("--max-items 2: %s", got)
	}
	r = s.run(exitOK, append(describe, "--starting-token", token)...)
	if got := names(r); got != "a3|" {
		t.Errorf("--starting-token: %s, want a3 and no token", got)
	}
	r = s.run(exitOK, append(describe, "--max-results", "1")...)
	if got := names(r); !strings.HasPrefix(got, "a1|") || strings.HasSuffix(got, "|") {
		t.Errorf("--max-results 1: %s, want a1 and the service's NextToken", got)
	}
	r = s.run(exitOK, append(describe, "--max-results", "1", "--no-paginate")...)
	if got := names(r); !strings.HasPrefix(got, "a1|") || strings.HasSuffix(got, "|") {
		t.Errorf("--no-paginate --max-results 1: %s, want a1 and the service's NextToken", got)
	}
	// The service's own NextToken, as aws-cli 2.9.19 takes it: one call
	// continuing from it, its NextToken printed as the service sent it.
	r = s.run(exitOK, append(describe, "--max-results", "1")...)
	_, serviceToken, _ := strings.Cut(names(r), "|")
	r = s.run(exitOK, append(describe, "--next-token", serviceToken, "--max-results", "1")...)
	if got := names(r); !strings.HasPrefix(got, "a2|") || strings.HasSuffix(got, "|") || strings.HasSuffix(got, "|"+serviceToken) {
		t.Errorf("--next-token --max-results 1: %s, want a2 and the service's next NextToken", got)
	}
	r = s.run(exitOK, append(describe, "--next-token", serviceToken)...)
	if got := names(r); got != "a2,a3|" {
		t.Errorf("--next-token: %s, want a2,a3 in one call and no token", got)
	}
	// As aws-cli 2.9.19: the paging flags are refused with --no-paginate or
	// the service's own MaxResults or NextToken, in its order.
	for _, args := range [][]string{
		{"--no-paginate", "--page-size", "1", "--max-items", "2", "--starting-token", token},
		{"--max-results", "1", "--max-items", "2", "--page-size", "1", "--starting-token", token},
		{"--next-token", "x", "--max-items", "2", "--page-size", "1", "--starting-token", token},
	} {
		r = s.run(exitUsage, append(describe, args...)...)
		if want := ": Cannot specify --no-paginate along with pagination arguments: --starting-token, --page-size, --max-items\n"; !strings.Contains(r.stderr, want) {
			t.Errorf("%v: stderr %q, want %q", args, r.stderr, want)
		}
	}
	r = s.run(exitOK, append(describe, "--page-size", "1", "--output", "text", "--query", "ScheduledActions[].ScheduledActionName")...)
	if r.stdout != "a1\na2\na3\n" {
		t.Errorf("text, page by page: %q", r.stdout)
	}

	cfgFile := filepath.Join(t.TempDir(), "tracking.json")
	writeFile(t, cfgFile, `{"TargetValue": 0.7, "PredefinedMetricSpecification": {"PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"}}`)
	r = cmd(exitOK, "put-scaling-policy", "--policy-name", "track", "--policy-type", "TargetTrackingScaling",
		"--target-tracking-scaling-policy-configuration", "file://"+cfgFile)
	var put struct {
		PolicyARN string
		Alarms    []struct{ AlarmName, AlarmARN string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &put); err != nil || !strings.HasSuffix(put.PolicyARN, ":policyName/track") || len(put.Alarms) != 2 ||
		!strings.HasPrefix(r.stdout, "{\n    \"PolicyARN\": ") {
		t.Errorf("put-scaling-policy: %v\n%s", err, r.stdout)
	}
	r = s.run(exitOK, "application-autoscaling", "describe-scaling-policies", "--service-namespace", "lambda",
		"--query", "ScalingPolicies[].[PolicyName, PolicyType, TargetTrackingScalingPolicyConfiguration.TargetValue]", "--output", "text")
	if r.stdout != "track\tTargetTrackingScaling\t0.7\n" {
		t.Errorf("describe-scaling-policies: %q", r.stdout)
	}
	// The short verb reads what the aws CLI form set.
	r = s.run(exitOK, "scaling", "get", "demo-api:live", "--query", "[length(Schedules), Tracking.Name, Tracking.MaxCapacity]", "-o", "text")
	if r.stdout != "3\ttrack\t20\n" {
		t.Errorf("scaling get after the aws CLI form: %q", r.stdout)
	}
	for _, step := range [][]string{
		{"delete-scaling-policy", "--policy-name", "track"},
		{"delete-scheduled-action", "--scheduled-action-name", "a1"},
		{"deregister-scalable-target"},
	} {
		if r := cmd(exitOK, step[0], step[1:]...); r.stdout != "" {
			t.Errorf("%s prints %q, want nothing", step[0], r.stdout)
		}
	}
	r = s.run(exitOK, "application-autoscaling", "describe-scaling-policies", "--service-namespace", "lambda")
	if compactJSON(t, r.stdout) != `{"ScalingPolicies":[]}` {
		t.Errorf("policies after deregister: %s", r.stdout)
	}
}

// TestScalingTencent: on SCF the plan becomes the version's trigger
// actions and tracking; get reads the actions back in UTC+8; delete
// removes the config with them.
func TestScalingTencent(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.run(exitOK, "--provider", "tencent", "scaling", "put", "demo-api:2",
		"--schedule", "name=peak,cron=cron(0 8 ? * MON-FRI *),tz=Asia/Shanghai,executions=10",
		"--schedule", "name=night,cron=cron(30 20 ? * MON-FRI *),tz=UTC,executions=2",
		"--tracking", "target=0.7,min=2,max=50")
	r := s.run(exitOK, "scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "demo-api", "--Qualifier", "2",
		"--filter", "Allocated[0].TriggerActions[].[TriggerName, TriggerProvisionedConcurrencyNum, TriggerCronConfig]", "--output", "text")
	// 20:30 UTC is 04:30 the next day in UTC+8: Tuesday to Saturday.
	if want := "peak\t10\t0 0 8 * * 1-5 *\nnight\t2\t0 30 4 * * 2-6 *\n"; r.stdout != want {
		t.Errorf("SCF trigger actions: %q, want %q", r.stdout, want)
	}
	r = s.run(exitOK, "--provider", "tencent", "scaling", "get", "demo-api:2", "-o", "json")
	want := `{"Schedules":[{"Name":"peak","Expression":"cron(0 8 ? * 2-6 *)","TimeZone":"Asia/Shanghai","Executions":10},` +
		`{"Name":"night","Expression":"cron(30 4 ? * 3-7 *)","TimeZone":"Asia/Shanghai","Executions":2}]}`
	if diff := cmp.Diff(decodePlan(t, want), decodePlan(t, r.stdout)); diff != "" {
		t.Errorf("tencent get (-want +got):\n%s", diff)
	}
	// SCF refuses a delete while the allocation is under way: wait first.
	s.run(exitOK, "--provider", "tencent", "wait", "demo-api:2", "--poll-interval", "100ms")
	r = s.run(exitOK, "--provider", "tencent", "scaling", "delete", "demo-api:2")
	if r.stdout != "Removed the scaling plan and provisioned concurrency config of demo-api:2\n" {
		t.Errorf("tencent delete: %q", r.stdout)
	}
	r = s.run(exitOK, "scf", "GetProvisionedConcurrencyConfig", "--FunctionName", "demo-api", "--filter", "{n: length(Allocated)}", "--output", "json")
	if compactJSON(t, r.stdout) != `{"n":0}` {
		t.Errorf("SCF configs after delete: %s", r.stdout)
	}
}
