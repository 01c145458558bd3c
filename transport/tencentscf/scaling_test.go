package tencentscf_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

func businessHours(t *testing.T) provconc.ScalingPlan {
	t.Helper()
	s, err := provconc.WeeklyWindow{
		Name: "business-hours", Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		From: "08:00", To: "20:00", TimeZone: "Europe/Berlin", Executions: 10, Outside: 2,
	}.Schedules()
	if err != nil {
		t.Fatal(err)
	}
	return provconc.ScalingPlan{Schedules: s, Tracking: &provconc.TrackingPolicy{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}}
}

// TestTriggerActionsFor: the conversion to UTC+8 uses the offset in force
// at the reference time, daylight saving included.
func TestTriggerActionsFor(t *testing.T) {
	t.Parallel()
	plan := businessHours(t)
	plan.Schedules = append(plan.Schedules, provconc.Schedule{Name: "launch", Expression: "at(2026-03-02T09:30:00)", TimeZone: "America/New_York", Executions: 40})
	for _, tc := range []struct {
		ref  time.Time
		want []string
	}{
		{time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), []string{"0 0 15 * * 1-5 *", "0 0 3 * * 2-6 *", "0 30 22 2 3 * 2026"}},
		{time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC), []string{"0 0 14 * * 1-5 *", "0 0 2 * * 2-6 *", "0 30 22 2 3 * 2026"}},
	} {
		got, err := tencentscf.TriggerActionsFor(&plan, tc.ref)
		if err != nil {
			t.Fatal(err)
		}
		var crons []string
		for _, a := range got {
			crons = append(crons, a.TriggerCronConfig)
		}
		if d := cmp.Diff(tc.want, crons); d != "" {
			t.Errorf("reference %v (-want +got):\n%s", tc.ref, d)
		}
	}
	// What UTC+8 cannot hold exactly is refused, naming the schedule.
	for _, s := range []provconc.Schedule{
		{Name: "split", Expression: "cron(0 7,22 ? * MON *)", TimeZone: "Europe/Berlin", Executions: 1},
		{Name: "monthly", Expression: "cron(0 22 1 * ? *)", TimeZone: "UTC", Executions: 1},
		{Name: "last", Expression: "cron(0 12 L * ? *)", TimeZone: "Asia/Shanghai", Executions: 1},
	} {
		_, err := tencentscf.TriggerActionsFor(&provconc.ScalingPlan{Schedules: []provconc.Schedule{s}}, time.Now())
		var ie *provconc.InputError
		if !errors.As(err, &ie) || ie.Field != "Schedules[0].Expression" || !strings.Contains(ie.Rule, "cannot express") {
			t.Errorf("%s: %v, want an InputError on its expression", s.Expression, err)
		}
	}
}

type scfClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *scfClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *scfClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

const (
	scfID  = "AKIDscheduleexample"
	scfKey = "scheduleexamplekey"
)

func scfEmulator(t *testing.T, clock *scfClock) (*emulator.Server, string) {
	t.Helper()
	emu := emulator.New(emulator.Options{Now: clock.Now, ReadyAfter: time.Minute, MaxClockSkew: emulator.NoClockSkewLimit, SCF: emulator.SCFOptions{
		Credentials: &emulator.SCFCredentials{SecretID: scfID, SecretKey: scfKey},
	}})
	if err := emu.CreateSCFFunction("default", "orders"); err != nil {
		t.Fatal(err)
	}
	v, err := emu.PublishSCFVersion("default", "orders")
	if err != nil {
		t.Fatal(err)
	}
	return emu, v
}

func scfProtocol(t *testing.T, emu *emulator.Server) *tencentscf.Protocol {
	t.Helper()
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials(scfID, scfKey, ""), HTTPClient: emu.Client(), Endpoint: "http://scf.emulator.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScalingThroughOfficialClient: a plan put by PutScaling is what the
// official common client reads back, trigger actions included; actions the
// official client puts read back through GetScaling; and the triggers move
// the amount on the emulator's clock.
func TestScalingThroughOfficialClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	monday := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	clock := &scfClock{t: monday}
	emu, version := scfEmulator(t, clock)
	p := scfProtocol(t, emu)
	plan := businessHours(t)
	plan.Tracking = nil
	if _, err := p.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: "orders", Qualifier: version, Plan: plan, Extension: &tencentscf.ScalingOptions{ReferenceTime: monday}}); err != nil {
		t.Fatal(err)
	}
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Endpoint = "scf.emulator.invalid"
	prof.DisableRegionBreaker = true
	off := common.NewCommonClient(common.NewCredential(scfID, scfKey), "ap-guangzhou", prof).WithHttpTransport(emu)
	get := func() []map[string]any {
		t.Helper()
		req := tchttp.NewCommonRequest("scf", "2018-04-16", "GetProvisionedConcurrencyConfig")
		if err := req.SetActionParameters(map[string]any{"FunctionName": "orders", "Qualifier": version}); err != nil {
			t.Fatal(err)
		}
		resp := tchttp.NewCommonResponse()
		if err := off.Send(req, resp); err != nil {
			t.Fatal(err)
		}
		var body struct {
			Response struct {
				Allocated []struct {
					AllocatedProvisionedConcurrencyNum int
					TriggerActions                     []map[string]any
				}
			}
		}
		if err := json.Unmarshal(resp.GetBody(), &body); err != nil || len(body.Response.Allocated) != 1 {
			t.Fatalf("official Get: %s (%v)", resp.GetBody(), err)
		}
		return body.Response.Allocated[0].TriggerActions
	}
	actions := get()
	var crons []string
	for _, a := range actions {
		crons = append(crons, a["TriggerName"].(string)+" "+a["TriggerCronConfig"].(string))
	}
	if d := cmp.Diff([]string{"business-hours-start 0 0 15 * * 1-5 *", "business-hours-end 0 0 3 * * 2-6 *"}, crons); d != "" {
		t.Errorf("official client reads (-want +got):\n%s", d)
	}

	// Before any trigger fired in the last eight days the amount is the
	// last one a schedule set: Friday 20:00, 2.
	if cfg, _ := emu.SCFProvisionedConfig("default", "orders", version); cfg.Allocated != 2 {
		t.Errorf("initial amount %d, want 2", cfg.Allocated)
	}
	for _, step := range []struct {
		at     time.Time
		amount int
		status string
	}{
		{monday.Add(6*time.Hour + 59*time.Minute), 2, emulator.SCFStatusDone},
		{monday.Add(7 * time.Hour), 10, emulator.SCFStatusInProgress}, // 15:00 UTC+8 = 08:00 Berlin
		{monday.Add(7*time.Hour + time.Minute), 10, emulator.SCFStatusDone},
		{monday.Add(19 * time.Hour), 2, emulator.SCFStatusInProgress},
	} {
		clock.Set(step.at)
		cfg, _ := emu.SCFProvisionedConfig("default", "orders", version)
		if cfg.Allocated != step.amount || cfg.Status != step.status {
			t.Errorf("%v: amount %d %s, want %d %s", step.at, cfg.Allocated, cfg.Status, step.amount, step.status)
		}
	}

	// The official client puts actions; GetScaling reads them as UTC+8
	// schedules.
	clock.Set(monday.Add(20 * time.Hour))
	req := tchttp.NewCommonRequest("scf", "2018-04-16", "PutProvisionedConcurrencyConfig")
	if err := req.SetActionParameters(map[string]any{
		"FunctionName": "orders", "Qualifier": version, "VersionProvisionedConcurrencyNum": 3,
		"TriggerActions": []map[string]any{
			{"TriggerName": "noon", "TriggerProvisionedConcurrencyNum": 7, "TriggerCronConfig": "0 0 12 * * * *"},
			{"TriggerName": "odd", "TriggerProvisionedConcurrencyNum": 4, "TriggerCronConfig": "30 0 1 * * * *"},
		},
	}); err != nil {
		t.Fatal(err)
	}
	if err := off.Send(req, tchttp.NewCommonResponse()); err != nil {
		t.Fatal(err)
	}
	got, err := p.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: "orders", Qualifier: version})
	if err != nil {
		t.Fatal(err)
	}
	want := []provconc.Schedule{
		{Name: "noon", Expression: "cron(0 12 * * ? *)", TimeZone: "Asia/Shanghai", Executions: 7},
		{Name: "odd", Expression: "30 0 1 * * * *", Executions: 4}, // seconds: no AWS form
	}
	if d := cmp.Diff(want, got.Plan.Schedules); d != "" {
		t.Errorf("GetScaling (-want +got):\n%s", d)
	}
	clock.Set(monday.Add(21 * time.Hour)) // SCF refuses to delete while allocating
	if _, err := p.DeleteScaling(ctx, &provconc.DeleteScalingInput{FunctionName: "orders", Qualifier: version}); err != nil {
		t.Fatal(err)
	}
	if _, ok := emu.SCFProvisionedConfig("default", "orders", version); ok {
		t.Error("config still there after DeleteScaling")
	}
}

// TestScalingRefusals: what SCF cannot express, and a missing amount, are
// refused before anything is sent.
func TestScalingRefusals(t *testing.T) {
	t.Parallel()
	var sent int
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("id", "key", ""),
		HTTPClient: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { sent++; return nil, errors.New("not reached") })}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	future := provconc.ScalingPlan{Schedules: []provconc.Schedule{{Name: "later", Expression: "at(2030-01-01T00:00:00)", Executions: 3}}}
	for _, tc := range []struct {
		in    provconc.PutScalingInput
		field string
	}{
		{provconc.PutScalingInput{FunctionName: "orders", Qualifier: "1", Plan: provconc.ScalingPlan{Schedules: []provconc.Schedule{{Name: "r", Expression: "rate(1 hour)", Executions: 1}}}}, "Schedules[0].Expression"},
		{provconc.PutScalingInput{FunctionName: "orders", Qualifier: "1", Plan: future}, "ScalingOptions.Executions"},
		{provconc.PutScalingInput{FunctionName: "orders", Qualifier: "1", Plan: businessHours(t), Extension: &tencentscf.ScalingOptions{Executions: 3}}, "ScalingOptions.Executions"},
		{provconc.PutScalingInput{FunctionName: "orders", Qualifier: "1"}, "Plan"},
		{provconc.PutScalingInput{FunctionName: "orders", Qualifier: "1", Plan: future, Extension: &tencentscf.Scope{}}, "Extension"},
	} {
		_, err := p.PutScaling(ctx, &tc.in)
		var ie *provconc.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%+v: %v, want an InputError on %s", tc.in.Plan, err, tc.field)
		}
	}
	if sent != 0 {
		t.Errorf("%d requests sent, want 0", sent)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
