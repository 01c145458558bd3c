// This file holds the provider-neutral model of scheduled scaling and
// utilization tracking: one ScalingPlan that transport/awslambda/autoscaling
// applies through Application Auto Scaling and transport/tencentscf through
// the TriggerActions and tracking parameters of
// PutProvisionedConcurrencyConfig. Each cloud checks what it can express and
// says clearly what it cannot.

package provconc

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/provconc/provconc/internal/cronexpr"
)

// Schedule is one scheduled change of a version's or alias's provisioned
// concurrency.
type Schedule struct {
	// Name names the schedule: the ScheduledActionName on AWS (1-256
	// characters, no ':', '/', '|' or control characters, no leading or
	// trailing space), the TriggerName on Tencent SCF (not only white
	// space: SCF documents no other rule, see tencentscf.TriggerNameRule).
	// Unique within a plan. Required.
	Name string
	// Expression is when the schedule fires, in Application Auto Scaling's
	// syntax: at(yyyy-mm-ddThh:mm:ss) once, cron(minutes hours day-of-month
	// month day-of-week year) with exactly one day field "?" (day of week
	// 1-7 or SUN-SAT), or rate(value unit) with minute(s), hour(s) or
	// day(s). Tencent SCF takes at(...) and cron(...), converted to its
	// seven-field cron; it has no rate(...). Required.
	Expression string
	// TimeZone is the IANA zone the wall clock of at(...) and cron(...) is
	// read in, such as "Europe/Berlin"; empty for UTC. AWS evaluates it
	// itself, daylight saving included. Tencent SCF's cron has no zone: the
	// expression is converted to the service's zone (UTC+8) with the offset
	// in force at a reference time, so a zone with daylight saving fires
	// an hour off for part of the year unless the plan is applied again
	// after each change; see tencentscf.ScalingOptions.
	TimeZone string
	// Start and End bound when the schedule may fire; zero for no bound.
	// AWS performs a cron(...) or rate(...) schedule at Start itself, then
	// on its recurrence. AWS only: Tencent SCF's trigger actions have no
	// bounds.
	Start, End time.Time
	// Executions is the provisioned concurrency the schedule sets. On
	// Tencent SCF it is TriggerProvisionedConcurrencyNum (at least 1). On
	// AWS it is the scheduled action's MinCapacity, and its MaxCapacity is
	// MaxCapacity when set, else the plan's tracking maximum when the plan
	// tracks utilization (so tracking scales above it), else Executions (a
	// fixed amount). 0-2147483647 on AWS.
	Executions int
	// MaxCapacity is the scheduled action's MaxCapacity on AWS, at least
	// Executions and at most 2147483647; 0 for the default above. AWS only: Tencent SCF sets a
	// fixed amount per trigger.
	MaxCapacity int
}

// TrackingPolicy keeps provisioned concurrency at a target utilization
// between two bounds: a target-tracking policy on
// LambdaProvisionedConcurrencyUtilization (AWS), or ProvisionedType
// ConcurrencyUtilizationTracking with TrackingTarget, MinCapacity and
// MaxCapacity (Tencent SCF).
type TrackingPolicy struct {
	// Name is the AWS PolicyName (1-256 printable ASCII characters);
	// empty for DefaultTrackingPolicyName. Tencent SCF has no name.
	Name string
	// TargetUtilization is the fraction of provisioned concurrency to keep
	// in use, such as 0.7. AWS documents 0.1-0.9 for
	// LambdaProvisionedConcurrencyUtilization; Tencent SCF (0, 1) with at
	// most two decimal places.
	TargetUtilization float64
	// MinCapacity and MaxCapacity bound the amount. AWS: the scalable
	// target's bounds, MinCapacity at least 0, both at most 2147483647.
	// Tencent SCF: MinCapacity at least 1. MaxCapacity at least MinCapacity and at least 1.
	MinCapacity, MaxCapacity int
}

// DefaultTrackingPolicyName is the AWS PolicyName of a TrackingPolicy with
// no Name.
const DefaultTrackingPolicyName = "provconc-utilization-tracking"

// ScalingPlan is everything that scales one version or alias: its
// schedules and its utilization tracking. A Put replaces what was there.
type ScalingPlan struct {
	// Schedules are the scheduled changes; nil for none.
	Schedules []Schedule
	// Tracking tracks utilization; nil for none.
	Tracking *TrackingPolicy
}

// Validate checks the plan against the rules every cloud shares: names
// present and unique, expressions readable, time zones known, amounts and
// ranges in order. Each protocol adds its own rules (see CheckAWS,
// CheckSCF). The error is an *InputError naming the field.
func (p *ScalingPlan) Validate() error {
	names := make(map[string]bool, len(p.Schedules))
	for i := range p.Schedules {
		s := &p.Schedules[i]
		field := func(f string) string { return "Schedules[" + strconv.Itoa(i) + "]." + f }
		if s.Name == "" {
			return NewInputError(field("Name"), "", "is required")
		}
		if names[s.Name] {
			return NewInputError(field("Name"), s.Name, "must be unique within the plan")
		}
		names[s.Name] = true
		if _, err := s.parse(); err != nil {
			return NewInputError(field("Expression"), s.Expression, err.Error())
		}
		if _, err := s.location(); err != nil {
			return NewInputError(field("TimeZone"), s.TimeZone, "must be an IANA time zone name such as Europe/Berlin (a program running where there is no zone database must import time/tzdata)")
		}
		if s.Executions < 0 {
			return NewInputError(field("Executions"), strconv.Itoa(s.Executions), "must be at least 0")
		}
		if s.MaxCapacity != 0 && s.MaxCapacity < s.Executions {
			return NewInputError(field("MaxCapacity"), strconv.Itoa(s.MaxCapacity), "must be at least Executions")
		}
		if !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
			return NewInputError(field("End"), s.End.Format(time.RFC3339), "must be after Start")
		}
	}
	if t := p.Tracking; t != nil {
		if math.IsNaN(t.TargetUtilization) || t.TargetUtilization <= 0 || t.TargetUtilization >= 1 {
			return NewInputError("Tracking.TargetUtilization", formatFloat(t.TargetUtilization), "must be between 0 and 1, exclusive (0.7 is 70%)")
		}
		if t.MinCapacity < 0 {
			return NewInputError("Tracking.MinCapacity", strconv.Itoa(t.MinCapacity), "must be at least 0")
		}
		if t.MaxCapacity < 1 || t.MaxCapacity < t.MinCapacity {
			return NewInputError("Tracking.MaxCapacity", strconv.Itoa(t.MaxCapacity), "must be at least 1 and at least MinCapacity")
		}
	}
	return nil
}

// awsMaxCapacity is the largest capacity Application Auto Scaling's model
// holds: its Integer has 32 bits.
const awsMaxCapacity = 1<<31 - 1

// CheckAWS checks the plan against Application Auto Scaling's documented
// rules on top of Validate: action and policy names, capacities up to
// 2147483647 (the model's 32-bit Integer), TargetValue 0.1-0.9 for
// LambdaProvisionedConcurrencyUtilization.
func (p *ScalingPlan) CheckAWS() error {
	if err := p.Validate(); err != nil {
		return err
	}
	for i := range p.Schedules {
		s := &p.Schedules[i]
		field := func(f string) string { return "Schedules[" + strconv.Itoa(i) + "]." + f }
		if err := checkAWSName(field("Name"), s.Name); err != nil {
			return err
		}
		if err := checkAWSCapacity(field("Executions"), s.Executions); err != nil {
			return err
		}
		if err := checkAWSCapacity(field("MaxCapacity"), s.MaxCapacity); err != nil {
			return err
		}
	}
	if t := p.Tracking; t != nil {
		if err := checkAWSCapacity("Tracking.MinCapacity", t.MinCapacity); err != nil {
			return err
		}
		if err := checkAWSCapacity("Tracking.MaxCapacity", t.MaxCapacity); err != nil {
			return err
		}
		if t.Name != "" {
			if err := checkAWSPolicyName("Tracking.Name", t.Name); err != nil {
				return err
			}
		}
		if t.TargetUtilization < 0.1 || t.TargetUtilization > 0.9 {
			return NewInputError("Tracking.TargetUtilization", formatFloat(t.TargetUtilization),
				"must be 0.1-0.9 on AWS (TargetValue of LambdaProvisionedConcurrencyUtilization)")
		}
	}
	return nil
}

func checkAWSCapacity(field string, n int) error {
	if n > awsMaxCapacity {
		return NewInputError(field, strconv.Itoa(n), "must be at most 2147483647 on AWS (the 32-bit capacities of Application Auto Scaling)")
	}
	return nil
}

// CheckSCF checks the plan against Tencent SCF's documented rules on top of
// Validate, and refuses what SCF cannot express: rate(...) schedules,
// Start and End, a MaxCapacity, fewer than 1 execution per trigger, a
// tracking policy name, a TargetUtilization with more than two decimal
// places or a MinCapacity below 1.
func (p *ScalingPlan) CheckSCF() error {
	if err := p.Validate(); err != nil {
		return err
	}
	for i := range p.Schedules {
		s := &p.Schedules[i]
		field := func(f string) string { return "Schedules[" + strconv.Itoa(i) + "]." + f }
		if strings.TrimSpace(s.Name) == "" {
			return NewInputError(field("Name"), s.Name, "must not be only white space on Tencent SCF (TriggerName; SCF documents no other rule)")
		}
		if strings.HasPrefix(s.Expression, "rate(") {
			return NewInputError(field("Expression"), s.Expression, "Tencent SCF cannot express rate(...): its trigger actions take cron only; use cron(...)")
		}
		if !s.Start.IsZero() || !s.End.IsZero() {
			return NewInputError(field("Start"), "", "Tencent SCF trigger actions have no Start or End; leave them zero")
		}
		if s.MaxCapacity != 0 {
			return NewInputError(field("MaxCapacity"), strconv.Itoa(s.MaxCapacity), "Tencent SCF sets a fixed amount per trigger (TriggerProvisionedConcurrencyNum); leave MaxCapacity 0")
		}
		if s.Executions < 1 {
			return NewInputError(field("Executions"), strconv.Itoa(s.Executions), "must be at least 1 on Tencent SCF (TriggerProvisionedConcurrencyNum)")
		}
	}
	if t := p.Tracking; t != nil {
		if t.Name != "" {
			return NewInputError("Tracking.Name", t.Name, "Tencent SCF tracking has no name; leave it empty")
		}
		if math.Abs(t.TargetUtilization*100-math.Round(t.TargetUtilization*100)) > 1e-9 {
			return NewInputError("Tracking.TargetUtilization", formatFloat(t.TargetUtilization), "must have at most two decimal places on Tencent SCF (TrackingTarget)")
		}
		if t.MinCapacity < 1 {
			return NewInputError("Tracking.MinCapacity", strconv.Itoa(t.MinCapacity), "must be at least 1 on Tencent SCF (MinCapacity)")
		}
	}
	return nil
}

// parse reads the schedule's expression.
func (s *Schedule) parse() (cronexpr.Expression, error) { return cronexpr.Parse(s.Expression) }

// location loads the schedule's time zone; UTC when empty.
func (s *Schedule) location() (*time.Location, error) {
	if s.TimeZone == "" {
		return time.UTC, nil
	}
	if s.TimeZone == "Local" {
		// The machine's zone is not a zone a cloud knows.
		return nil, fmt.Errorf("unknown time zone %q", s.TimeZone)
	}
	return time.LoadLocation(s.TimeZone)
}

// Next returns the first time the schedule fires strictly after t, within
// Start and End, and false when it never fires again. A cron(...) or
// rate(...) schedule with a Start fires at Start itself and then on its
// recurrence, as AWS performs it; a rate(...) schedule counts its periods
// from Start, or from created when Start is zero. It fails on an invalid
// expression or time zone.
func (s *Schedule) Next(t, created time.Time) (time.Time, bool, error) {
	x, err := s.parse()
	if err != nil {
		return time.Time{}, false, err
	}
	loc, err := s.location()
	if err != nil {
		return time.Time{}, false, err
	}
	anchor := created
	var next time.Time
	ok := false
	if !s.Start.IsZero() {
		anchor = s.Start
		switch {
		case !t.Before(s.Start):
		case x.Kind != cronexpr.KindAt:
			next, ok = s.Start, true
		default:
			t = s.Start.Add(-time.Nanosecond)
		}
	}
	if !ok {
		next, ok = x.Next(t, loc, anchor)
	}
	if !ok || (!s.End.IsZero() && next.After(s.End)) {
		return time.Time{}, false, nil
	}
	return next, true, nil
}

// checkAWSName applies Application Auto Scaling's ScheduledActionName
// pattern: 1-256 characters (not bytes), none of ':', '/', '|' or a
// control character, no leading or trailing space.
func checkAWSName(field, name string) error {
	const rule = "must be 1-256 characters without ':', '/', '|' or control characters, and not start or end with a space"
	if name == "" || utf8.RuneCountInString(name) > 256 || name[0] == ' ' || name[len(name)-1] == ' ' {
		return NewInputError(field, name, rule)
	}
	for _, r := range name {
		if r == ':' || r == '/' || r == '|' || r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return NewInputError(field, name, rule)
		}
	}
	return nil
}

// checkAWSPolicyName applies Application Auto Scaling's PolicyName
// pattern, \p{Print}+ in the service's Java regex: 1-256 printable ASCII
// characters, space included (':', '/' and '|' are allowed).
func checkAWSPolicyName(field, name string) error {
	if name == "" || len(name) > 256 || strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
		return NewInputError(field, name, "must be 1-256 printable ASCII characters (space to '~')")
	}
	return nil
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// WeeklyWindow is a daily window on some days of the week, such as
// weekdays 08:00-20:00 in Europe/Berlin: Executions inside it, Outside
// after it. Schedules turns it into the two schedules both clouds take.
type WeeklyWindow struct {
	// Name prefixes the two schedules' names: Name+"-start", Name+"-end".
	Name string
	// Days are the days the window opens; empty for every day.
	Days []time.Weekday
	// From and To are the window's wall-clock bounds, "08:00" and "20:00";
	// To is on the same day and after From.
	From, To string
	// TimeZone is the IANA zone of From and To; empty for UTC.
	TimeZone string
	// Executions is the amount inside the window and Outside the amount
	// after it.
	Executions, Outside int
}

// Schedules returns the window as two cron schedules: Name-start at From
// setting Executions, and Name-end at To setting Outside.
func (w WeeklyWindow) Schedules() ([]Schedule, error) {
	if w.Name == "" {
		return nil, NewInputError("WeeklyWindow.Name", "", "is required: it names the two schedules")
	}
	from, err := parseClock("WeeklyWindow.From", w.From)
	if err != nil {
		return nil, err
	}
	to, err := parseClock("WeeklyWindow.To", w.To)
	if err != nil {
		return nil, err
	}
	if to <= from {
		return nil, NewInputError("WeeklyWindow.To", w.To, "must be after From on the same day")
	}
	days := "*"
	if len(w.Days) > 0 {
		var set [7]bool
		for _, d := range w.Days {
			if d < time.Sunday || d > time.Saturday {
				return nil, NewInputError("WeeklyWindow.Days", strconv.Itoa(int(d)), "must be time.Sunday-time.Saturday")
			}
			set[d] = true
		}
		var parts []string
		for d := 0; d < 7; {
			if !set[d] {
				d++
				continue
			}
			e := d
			for e+1 < 7 && set[e+1] {
				e++
			}
			name := awsDayNames[d]
			if e > d {
				name += "-" + awsDayNames[e]
			}
			parts = append(parts, name)
			d = e + 1
		}
		days = strings.Join(parts, ",")
	}
	cron := func(minutes int) string {
		return "cron(" + strconv.Itoa(minutes%60) + " " + strconv.Itoa(minutes/60) + " ? * " + days + " *)"
	}
	out := []Schedule{
		{Name: w.Name + "-start", Expression: cron(from), TimeZone: w.TimeZone, Executions: w.Executions},
		{Name: w.Name + "-end", Expression: cron(to), TimeZone: w.TimeZone, Executions: w.Outside},
	}
	plan := ScalingPlan{Schedules: out}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

var awsDayNames = [7]string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

// parseClock reads "hh:mm" as minutes since midnight.
func parseClock(field, v string) (int, error) {
	t, err := time.Parse("15:04", v)
	if err != nil || len(v) != 5 {
		return 0, NewInputError(field, v, "must be a wall-clock time hh:mm such as 08:00")
	}
	return t.Hour()*60 + t.Minute(), nil
}

// PutScalingInput is the input of ScalingAPI.PutScaling.
type PutScalingInput struct {
	// FunctionName and Qualifier name the version or alias, as in PutInput.
	FunctionName, Qualifier string
	// Plan is what the version or alias should have; it replaces whatever
	// schedules and tracking it had.
	Plan ScalingPlan
	// Extension carries provider-specific settings; nil for none.
	Extension Extension
}

// PutScalingOutput is the result of ScalingAPI.PutScaling.
type PutScalingOutput struct {
	// Metadata describes the exchanges, one per wire call, in order.
	Metadata []Metadata
}

// GetScalingInput is the input of ScalingAPI.GetScaling.
type GetScalingInput struct {
	// FunctionName and Qualifier name the version or alias.
	FunctionName, Qualifier string
	// Extension carries provider-specific settings; nil for none.
	Extension Extension
}

// GetScalingOutput is the result of ScalingAPI.GetScaling: the plan as the
// service reports it. Each protocol's doc says what its service cannot
// report.
type GetScalingOutput struct {
	// Plan is the reported plan.
	Plan ScalingPlan
	// Metadata describes the exchanges, one per wire call, in order.
	Metadata []Metadata
}

// DeleteScalingInput is the input of ScalingAPI.DeleteScaling.
type DeleteScalingInput struct {
	// FunctionName and Qualifier name the version or alias.
	FunctionName, Qualifier string
	// Extension carries provider-specific settings; nil for none.
	Extension Extension
}

// DeleteScalingOutput is the result of ScalingAPI.DeleteScaling.
type DeleteScalingOutput struct {
	// Metadata describes the exchanges, one per wire call, in order.
	Metadata []Metadata
}

// ScalingAPI applies, reads and removes a ScalingPlan. It is implemented by
// transport/awslambda/autoscaling (Application Auto Scaling) and
// transport/tencentscf (PutProvisionedConcurrencyConfig).
type ScalingAPI interface {
	// PutScaling makes the version's or alias's schedules and tracking the
	// plan's, removing any others.
	PutScaling(ctx context.Context, in *PutScalingInput) (*PutScalingOutput, error)
	// GetScaling reads them back.
	GetScaling(ctx context.Context, in *GetScalingInput) (*GetScalingOutput, error)
	// DeleteScaling removes them.
	DeleteScaling(ctx context.Context, in *DeleteScalingInput) (*DeleteScalingOutput, error)
}
