package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSnapshotAAS: scalable targets, actions and policies survive a
// snapshot; a restored action fires once when due, not again for what ran
// before; a snapshot without the member restores none; a broken one is
// refused whole.
func TestSnapshotAAS(t *testing.T) {
	t.Parallel()
	s, clk := seeded(t, Options{ReadyAfter: -1})
	aasCall(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":1,"MaxCapacity":50}`)
	aasCall(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"peak","Schedule":"cron(0 12 * * ? *)","Timezone":"Europe/Berlin","ScalableTargetAction":{"MinCapacity":10,"MaxCapacity":50}}`)
	aasCall(t, s, "PutScalingPolicy", `{`+blue+`,"PolicyName":"track","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.7,"PredefinedMetricSpecification":{"PredefinedMetricType":"LambdaProvisionedConcurrencyUtilization"}}}`)
	before := aasCall(t, s, "DescribeScheduledActions", `{"ServiceNamespace":"lambda"}`).body
	policies := aasCall(t, s, "DescribeScalingPolicies", `{"ServiceNamespace":"lambda"}`).body

	var buf bytes.Buffer
	if err := s.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"ApplicationAutoScaling"`) {
		t.Fatalf("snapshot has no ApplicationAutoScaling member:\n%s", buf.String())
	}
	snap, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	r, rclk := seeded(t, Options{ReadyAfter: -1})
	rclk.mu.Lock()
	rclk.t = clk.Now()
	rclk.mu.Unlock()
	if err := r.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if got := aasCall(t, r, "DescribeScheduledActions", `{"ServiceNamespace":"lambda"}`).body; !bytes.Equal(got, before) {
		t.Errorf("actions after restore:\n%s\nwant\n%s", got, before)
	}
	if got := aasCall(t, r, "DescribeScalingPolicies", `{"ServiceNamespace":"lambda"}`).body; !bytes.Equal(got, policies) {
		t.Errorf("policies after restore:\n%s\nwant\n%s", got, policies)
	}
	// t0 is 10:00 UTC, 12:00 in Berlin (summer): the action fires at
	// 12:00 Berlin tomorrow, 10:00 UTC.
	rclk.Advance(23 * time.Hour)
	if lo, _, _ := r.ScalableTargetBounds("my-function", "BLUE"); lo != 1 {
		t.Errorf("before the firing: MinCapacity %d, want 1", lo)
	}
	rclk.Advance(time.Hour)
	if lo, hi, _ := r.ScalableTargetBounds("my-function", "BLUE"); lo != 10 || hi != 50 {
		t.Errorf("after the firing: bounds %d-%d, want 10-50", lo, hi)
	}
	if c, _ := r.ProvisionedConfig("my-function", "BLUE"); c.Requested != 10 {
		t.Errorf("after the firing: amount %d, want 10", c.Requested)
	}

	// Without the member (an older snapshot): no targets.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "ApplicationAutoScaling")
	old, _ := json.Marshal(raw)
	snap, err = ReadSnapshot(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := r.ScalableTargetBounds("my-function", "BLUE"); ok {
		t.Error("a snapshot without ApplicationAutoScaling restored a target")
	}

	// A target on an unknown qualifier is refused, the state unchanged.
	broken := strings.Replace(buf.String(), "function:my-function:BLUE", "function:my-function:NOPE", 1)
	snap, err = ReadSnapshot(strings.NewReader(broken))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(snap); !errors.Is(err, ErrSnapshot) || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("restore of a target on an unknown qualifier: %v", err)
	}
	if _, _, ok := s.ScalableTargetBounds("my-function", "BLUE"); !ok {
		t.Error("a refused restore changed the state")
	}
}
