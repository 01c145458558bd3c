package provconc_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

func okPlan() provconc.ScalingPlan {
	return provconc.ScalingPlan{
		Schedules: []provconc.Schedule{{Name: "morning", Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: "Europe/Berlin", Executions: 10}},
		Tracking:  &provconc.TrackingPolicy{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50},
	}
}

// TestScalingPlanRules: each documented rule refuses its input with an
// InputError naming the field, on the clouds whose rule it is.
func TestScalingPlanRules(t *testing.T) {
	t.Parallel()
	type check int
	const (
		both check = iota
		awsOnly
		scfOnly
		awsAndSCF // both clouds refuse it, each by its own rule
	)
	for _, tc := range []struct {
		name   string
		edit   func(p *provconc.ScalingPlan)
		where  check
		field  string
		inRule string
	}{
		{"missing name", func(p *provconc.ScalingPlan) { p.Schedules[0].Name = "" }, both, "Schedules[0].Name", "is required"},
		{"duplicate name", func(p *provconc.ScalingPlan) { p.Schedules = append(p.Schedules, p.Schedules[0]) }, both, "Schedules[1].Name", "unique"},
		{"bad cron", func(p *provconc.ScalingPlan) { p.Schedules[0].Expression = "cron(0 8 * * MON *)" }, both, "Schedules[0].Expression", "exactly one of"},
		{"unknown zone", func(p *provconc.ScalingPlan) { p.Schedules[0].TimeZone = "Mars/Olympus" }, both, "Schedules[0].TimeZone", "IANA"},
		{"local zone", func(p *provconc.ScalingPlan) { p.Schedules[0].TimeZone = "Local" }, both, "Schedules[0].TimeZone", "IANA"},
		{"negative amount", func(p *provconc.ScalingPlan) { p.Schedules[0].Executions = -1 }, both, "Schedules[0].Executions", "at least 0"},
		{"max below amount", func(p *provconc.ScalingPlan) { p.Schedules[0].MaxCapacity = 5 }, both, "Schedules[0].MaxCapacity", "at least Executions"},
		{"end before start", func(p *provconc.ScalingPlan) {
			p.Schedules[0].Start = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
			p.Schedules[0].End = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		}, both, "Schedules[0].End", "after Start"},
		{"utilization 1", func(p *provconc.ScalingPlan) { p.Tracking.TargetUtilization = 1 }, both, "Tracking.TargetUtilization", "between 0 and 1"},
		{"max below min", func(p *provconc.ScalingPlan) { p.Tracking.MaxCapacity = 1 }, both, "Tracking.MaxCapacity", "at least MinCapacity"},
		{"AWS name with colon", func(p *provconc.ScalingPlan) { p.Schedules[0].Name = "a:b" }, awsOnly, "Schedules[0].Name", "without ':'"},
		{"AWS utilization 0.95", func(p *provconc.ScalingPlan) { p.Tracking.TargetUtilization = 0.95 }, awsOnly, "Tracking.TargetUtilization", "0.1-0.9"},
		{"SCF rate", func(p *provconc.ScalingPlan) { p.Schedules[0].Expression = "rate(1 hour)" }, scfOnly, "Schedules[0].Expression", "cannot express rate"},
		{"SCF start", func(p *provconc.ScalingPlan) { p.Schedules[0].Start = time.Now() }, scfOnly, "Schedules[0].Start", "no Start or End"},
		{"SCF range", func(p *provconc.ScalingPlan) { p.Schedules[0].MaxCapacity = 20 }, scfOnly, "Schedules[0].MaxCapacity", "fixed amount per trigger"},
		{"SCF zero amount", func(p *provconc.ScalingPlan) { p.Schedules[0].Executions = 0 }, scfOnly, "Schedules[0].Executions", "at least 1"},
		{"blank name", func(p *provconc.ScalingPlan) { p.Schedules[0].Name = " " }, awsAndSCF, "Schedules[0].Name", ""},
		{"SCF blank name", func(p *provconc.ScalingPlan) { p.Schedules[0].Name = "\u3000" }, scfOnly, "Schedules[0].Name", "only white space"},
		{"SCF three decimals", func(p *provconc.ScalingPlan) { p.Tracking.TargetUtilization = 0.755 }, scfOnly, "Tracking.TargetUtilization", "two decimal places"},
		{"SCF min 0", func(p *provconc.ScalingPlan) { p.Tracking.MinCapacity = 0 }, scfOnly, "Tracking.MinCapacity", "at least 1"},
		{"SCF policy name", func(p *provconc.ScalingPlan) { p.Tracking.Name = "x" }, scfOnly, "Tracking.Name", "no name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := okPlan()
			tc.edit(&p)
			checks := map[string]func() error{"Validate": p.Validate, "CheckAWS": p.CheckAWS, "CheckSCF": p.CheckSCF}
			for name, fn := range checks {
				err := fn()
				want := tc.where == both || tc.where == awsOnly && name == "CheckAWS" || tc.where == scfOnly && name == "CheckSCF" ||
					tc.where == awsAndSCF && name != "Validate"
				if !want {
					if err != nil {
						t.Errorf("%s: %v, want no error (the rule is another cloud's)", name, err)
					}
					continue
				}
				var ie *provconc.InputError
				if !errors.As(err, &ie) || ie.Field != tc.field || !strings.Contains(ie.Rule, tc.inRule) || !errors.Is(err, provconc.ErrInvalidInput) {
					t.Errorf("%s: %v, want an InputError on %s containing %q", name, err, tc.field, tc.inRule)
				}
			}
		})
	}
	p := okPlan()
	for name, fn := range map[string]func() error{"Validate": p.Validate, "CheckAWS": p.CheckAWS, "CheckSCF": p.CheckSCF} {
		if err := fn(); err != nil {
			t.Errorf("%s of a good plan: %v", name, err)
		}
	}
}

func TestWeeklyWindow(t *testing.T) {
	t.Parallel()
	got, err := provconc.WeeklyWindow{
		Name: "office", Days: []time.Weekday{time.Friday, time.Monday, time.Tuesday, time.Wednesday, time.Sunday},
		From: "07:30", To: "19:45", TimeZone: "America/New_York", Executions: 8, Outside: 1,
	}.Schedules()
	if err != nil {
		t.Fatal(err)
	}
	want := []provconc.Schedule{
		{Name: "office-start", Expression: "cron(30 7 ? * SUN-WED,FRI *)", TimeZone: "America/New_York", Executions: 8},
		{Name: "office-end", Expression: "cron(45 19 ? * SUN-WED,FRI *)", TimeZone: "America/New_York", Executions: 1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Schedules (-want +got):\n%s", d)
	}
	all, err := provconc.WeeklyWindow{Name: "daily", From: "00:00", To: "23:59", Executions: 1}.Schedules()
	if err != nil || all[0].Expression != "cron(0 0 ? * * *)" {
		t.Errorf("every day: %v %v", all, err)
	}
	for _, tc := range []struct {
		w     provconc.WeeklyWindow
		field string
	}{
		{provconc.WeeklyWindow{Name: "x", From: "8:00", To: "20:00"}, "WeeklyWindow.From"},
		{provconc.WeeklyWindow{Name: "x", From: "08:00", To: "24:00"}, "WeeklyWindow.To"},
		{provconc.WeeklyWindow{Name: "x", From: "20:00", To: "08:00"}, "WeeklyWindow.To"},
		{provconc.WeeklyWindow{Name: "x", From: "08:00", To: "20:00", Days: []time.Weekday{7}}, "WeeklyWindow.Days"},
		{provconc.WeeklyWindow{Name: "x", From: "08:00", To: "20:00", TimeZone: "Nowhere/Land"}, "Schedules[0].TimeZone"},
		{provconc.WeeklyWindow{From: "08:00", To: "20:00"}, "WeeklyWindow.Name"},
	} {
		_, err := tc.w.Schedules()
		var ie *provconc.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%+v: %v, want an InputError on %s", tc.w, err, tc.field)
		}
	}
}

func TestScheduleNext(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := provconc.Schedule{Name: "r", Expression: "rate(1 day)", Start: time.Date(2026, 1, 10, 6, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 12, 6, 0, 0, 0, time.UTC)}
	var got []time.Time
	at := created
	for {
		n, ok, err := s.Next(at, created)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, n)
		at = n
	}
	// "If you specify a start time, Application Auto Scaling performs the
	// action at this time, and then performs the action based on the
	// specified recurrence" (User Guide, scheduled scaling with cron).
	want := []time.Time{time.Date(2026, 1, 10, 6, 0, 0, 0, time.UTC), time.Date(2026, 1, 11, 6, 0, 0, 0, time.UTC), time.Date(2026, 1, 12, 6, 0, 0, 0, time.UTC)}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rate within Start and End (-want +got):\n%s", d)
	}
	c := provconc.Schedule{Name: "c", Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: "Europe/Berlin", Start: time.Date(2026, 1, 10, 6, 30, 0, 0, time.UTC)}
	for _, tc := range []struct{ after, want time.Time }{
		{created, c.Start}, // Saturday: the start itself, then the recurrence
		{c.Start, time.Date(2026, 1, 12, 7, 0, 0, 0, time.UTC)},
	} {
		if n, ok, err := c.Next(tc.after, created); err != nil || !ok || !n.Equal(tc.want) {
			t.Errorf("cron with Start, after %v: %v %v %v; want %v", tc.after, n, ok, err, tc.want)
		}
	}
	once := provconc.Schedule{Name: "o", Expression: "at(2026-01-20T08:00:00)", Start: c.Start}
	if n, ok, _ := once.Next(created, created); !ok || !n.Equal(time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("at() with Start: %v %v; want its own time only", n, ok)
	}
	if _, _, err := (&provconc.Schedule{Expression: "cron(bad)"}).Next(at, created); err == nil {
		t.Error("Next of a bad expression: no error")
	}
}
