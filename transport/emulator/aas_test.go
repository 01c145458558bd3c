package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// aasCall sends one Application Auto Scaling operation in process.
func aasCall(t *testing.T, s *Server, op, in string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://autoscaling.test/", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "AnyScaleFrontendService."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := s.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: body}
}

const blue = `"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:my-function:BLUE"`

func wantAASError(t *testing.T, r reply, status int, code, inMessage string) {
	t.Helper()
	var e struct {
		Type    string `json:"__type"`
		Message string
	}
	if err := json.Unmarshal(r.body, &e); err != nil || r.status != status || e.Type != code || !strings.Contains(e.Message, inMessage) {
		t.Errorf("answer %d %s, want %d %s with %q", r.status, r.body, status, code, inMessage)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestAASValidation: the documented refusals, in the service's shape.
func TestAASValidation(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{})
	for _, tc := range []struct {
		op, body        string
		status          int
		code, inMessage string
	}{
		{"PutScheduledAction", `{` + blue + `,"ScheduledActionName":"a","Schedule":"rate(1 hour)"}`, 400, "ObjectNotFoundException", "No scalable target registered"},
		{"RegisterScalableTarget", `{` + blue + `}`, 400, "ValidationException", "MinCapacity and MaxCapacity are required"},
		{"RegisterScalableTarget", `{` + blue + `,"MinCapacity":5,"MaxCapacity":4}`, 400, "ValidationException", "Minimum capacity cannot be greater"},
		{"RegisterScalableTarget", `{"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:my-function:NOPE","MinCapacity":1,"MaxCapacity":4}`, 400, "ValidationException", "does not exist"},
		{"RegisterScalableTarget", `{"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:my-function:$LATEST","MinCapacity":1,"MaxCapacity":4}`, 400, "ValidationException", "$LATEST"},
		{"RegisterScalableTarget", `{"ServiceNamespace":"ecs","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:my-function:BLUE","MinCapacity":1,"MaxCapacity":4}`, 400, "ValidationException", "serviceNamespace"},
		{"RegisterScalableTarget", `{"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"my-function","MinCapacity":1,"MaxCapacity":4}`, 400, "ValidationException", "Unsupported resource ID"},
		{"RegisterScalableTarget", `{"MinCapacity":"one"}`, 400, "SerializationException", ""},
		{"DescribeScalableTargets", `{"ServiceNamespace":"lambda","MaxResults":51}`, 400, "ValidationException", "between 1 and 50"},
		{"DescribeScalableTargets", `{"ServiceNamespace":"lambda","NextToken":"garbage"}`, 400, "InvalidNextTokenException", "Invalid token"},
		{"TagResource", `{}`, 400, "UnknownOperationException", ""},
	} {
		wantAASError(t, aasCall(t, s, tc.op, tc.body), tc.status, tc.code, tc.inMessage)
	}
	if r := aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":4}`); r.status != 200 || !strings.Contains(string(r.body), `"ScalableTargetARN":"arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/`) {
		t.Fatalf("register: %d %s", r.status, r.body)
	}
	for _, tc := range []struct{ body, inMessage string }{
		{`{` + blue + `,"ScheduledActionName":"a"}`, "Schedule is required"},
		{`{` + blue + `,"ScheduledActionName":"a","Schedule":"cron(0 8 * * MON *)"}`, "exactly one of"},
		{`{` + blue + `,"ScheduledActionName":"a","Schedule":"rate(1 hour)","Timezone":"Mars/Base"}`, "Time zone is not valid"},
		{`{` + blue + `,"ScheduledActionName":"a/b","Schedule":"rate(1 hour)"}`, "scheduledActionName"},
		{`{` + blue + `,"ScheduledActionName":"a","Schedule":"rate(1 hour)","StartTime":1800000000,"EndTime":1700000000}`, "EndTime must be after StartTime"},
		{`{` + blue + `,"ScheduledActionName":"a","Schedule":"rate(1 hour)","ScalableTargetAction":{"MinCapacity":3,"MaxCapacity":2}}`, "Minimum capacity"},
	} {
		wantAASError(t, aasCall(t, s, "PutScheduledAction", tc.body), 400, "ValidationException", tc.inMessage)
	}
	for _, tc := range []struct{ body, inMessage string }{
		{`{` + blue + `,"PolicyName":"p","PolicyType":"StepScaling"}`, "Only TargetTrackingScaling"},
		{`{` + blue + `,"PolicyName":"p","PolicyType":"TargetTrackingScaling"}`, "TargetValue is required"},
		{`{` + blue + `,"PolicyName":"p","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.5,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}}`, "LambdaProvisionedConcurrencyUtilization"},
		{`{` + blue + `,"PolicyName":"p","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.05,"PredefinedMetricSpecification":{"PredefinedMetricType":"LambdaProvisionedConcurrencyUtilization"}}}`, "between 0.1 and 0.9"},
	} {
		wantAASError(t, aasCall(t, s, "PutScalingPolicy", tc.body), 400, "ValidationException", tc.inMessage)
	}
	wantAASError(t, aasCall(t, s, "DeleteScalingPolicy", `{`+blue+`,"PolicyName":"nope"}`), 400, "ObjectNotFoundException", "policy name: nope")
}

// TestAASQuotaAndPages: the scheduled actions quota, and pages that walk
// every action once.
func TestAASQuotaAndPages(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{})
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":4}`)
	for i := range aasMaxScheduledActions {
		if r := aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"a`+itoa(i)+`","Schedule":"rate(1 day)"}`); r.status != 200 {
			t.Fatalf("action %d: %d %s", i, r.status, r.body)
		}
	}
	wantAASError(t, aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"one-more","Schedule":"rate(1 day)"}`), 400, "LimitExceededException", "200")
	// Updating an existing one is no new action.
	if r := aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"a0","Schedule":"rate(2 days)"}`); r.status != 200 {
		t.Errorf("update at the quota: %d %s", r.status, r.body)
	}
	seen := map[string]bool{}
	token := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("more than 10 pages of 50")
		}
		body := `{"ServiceNamespace":"lambda","MaxResults":50`
		if token != "" {
			body += `,"NextToken":"` + token + `"`
		}
		var page struct {
			NextToken        string
			ScheduledActions []struct{ ScheduledActionName string }
		}
		r := aasCall(t, s, "DescribeScheduledActions", body+`}`)
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		for _, a := range page.ScheduledActions {
			if seen[a.ScheduledActionName] {
				t.Fatalf("%s listed twice", a.ScheduledActionName)
			}
			seen[a.ScheduledActionName] = true
		}
		if token = page.NextToken; token == "" {
			break
		}
	}
	if len(seen) != aasMaxScheduledActions {
		t.Errorf("pages listed %d actions, want %d", len(seen), aasMaxScheduledActions)
	}
}

// TestAASScheduleExecution: at(), rate() within StartTime and EndTime,
// suspension, and the bounds' effect on the provisioned amount.
func TestAASScheduleExecution(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{ReadyAfter: time.Minute})
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":1,"MaxCapacity":100}`)
	requested := func() int {
		c, _ := s.ProvisionedConfig("my-function", "BLUE")
		return c.Requested
	}
	if got := requested(); got != 1 {
		t.Fatalf("after register [1,100]: %d, want 1", got)
	}
	// t0 is 2024-05-01 10:00 UTC.
	start := t0.Add(time.Hour).Unix()
	end := t0.Add(3*time.Hour + time.Minute).Unix()
	aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"hourly","Schedule":"rate(1 hour)","StartTime":`+itoa(int(start))+`,"EndTime":`+itoa(int(end))+`,"ScalableTargetAction":{"MinCapacity":5}}`)
	aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"cap","Schedule":"at(2024-05-01T12:30:00)","Timezone":"Europe/Paris","ScalableTargetAction":{"MaxCapacity":3}}`)
	for _, step := range []struct {
		after    time.Duration
		want     int
		min, max int
	}{
		{29 * time.Minute, 1, 1, 100},
		// at(12:30 Paris) is 10:30 UTC: the maximum drops to 3.
		{30 * time.Minute, 1, 1, 3},
		{59 * time.Minute, 1, 1, 3},
		// rate() fires at its StartTime, 11:00 UTC, then hourly ("performs
		// the action at this time, and then ... based on the specified
		// recurrence", User Guide). A minimum above the maximum raises the
		// maximum with it.
		{time.Hour, 5, 5, 5},
		{2 * time.Hour, 5, 5, 5},
		{3 * time.Hour, 5, 5, 5},
	} {
		clk.mu.Lock()
		clk.t = t0.Add(step.after)
		clk.mu.Unlock()
		lo, hi, _ := s.ScalableTargetBounds("my-function", "BLUE")
		if got := requested(); got != step.want || lo != step.min || hi != step.max {
			t.Errorf("t0+%v: amount %d bounds %d-%d, want %d %d-%d", step.after, got, lo, hi, step.want, step.min, step.max)
		}
	}
	// A later at() lowering the maximum below the minimum lowers both, and
	// the amount.
	aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"cap","Schedule":"at(2024-05-01T15:30:00)","ScalableTargetAction":{"MaxCapacity":3}}`)
	clk.Advance(30 * time.Minute) // 13:30 UTC
	clk.Advance(2 * time.Hour)    // 15:30 UTC
	if lo, hi, _ := s.ScalableTargetBounds("my-function", "BLUE"); lo != 3 || hi != 3 || requested() != 3 {
		t.Errorf("after the cap: bounds %d-%d amount %d, want 3-3 and 3", lo, hi, requested())
	}
	// Suspended scheduled scaling skips what comes due meanwhile.
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"SuspendedState":{"ScheduledScalingSuspended":true}}`)
	aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"cap","Schedule":"at(2024-05-01T16:00:00)","ScalableTargetAction":{"MinCapacity":8,"MaxCapacity":8}}`)
	clk.Advance(time.Hour)
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"SuspendedState":{"ScheduledScalingSuspended":false}}`)
	if got := requested(); got != 3 {
		t.Errorf("action due while suspended changed the amount to %d", got)
	}
}

// TestAASTrackingNeedsData: with no utilization known for a target
// (SetConcurrencyInUse never called), the tracking alarms have insufficient
// data and Application Auto Scaling "cannot scale your scalable target until
// new data points are found" (User Guide, target tracking considerations):
// a new policy leaves the amount alone. Data then moves it.
func TestAASTrackingNeedsData(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{ReadyAfter: -1})
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":1,"MaxCapacity":100}`)
	if r := do(t, s.Client(), http.MethodPut, "https://lambda.us-east-1.amazonaws.com"+pcPathFor("my-function")+"?Qualifier=BLUE", putBody(5)); r.status != http.StatusAccepted {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	if r := aasCall(t, s, "PutScalingPolicy", `{`+blue+`,"PolicyName":"p","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.5,"PredefinedMetricSpecification":{"PredefinedMetricType":"LambdaProvisionedConcurrencyUtilization"}}}`); r.status != 200 {
		t.Fatalf("policy: %d %s", r.status, r.body)
	}
	requested := func() int {
		c, _ := s.ProvisionedConfig("my-function", "BLUE")
		return c.Requested
	}
	if got := requested(); got != 5 {
		t.Errorf("with no utilization data: amount %d, want 5 as it was", got)
	}
	must(t, s.SetConcurrencyInUse("my-function", "BLUE", 20))
	if got := requested(); got != 40 {
		t.Errorf("20 in use at 0.5: amount %d, want 40", got)
	}
	must(t, s.SetConcurrencyInUse("my-function", "BLUE", 0))
	if got := requested(); got != 1 {
		t.Errorf("nothing in use: amount %d, want the minimum 1", got)
	}
}
