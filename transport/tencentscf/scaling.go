// This file maps the provider-neutral provconc.ScalingPlan onto SCF:
// schedules become TriggerActions of PutProvisionedConcurrencyConfig, with
// their cron converted to the service's zone, and a TrackingPolicy becomes
// ProvisionedType ConcurrencyUtilizationTracking with TrackingTarget,
// MinCapacity and MaxCapacity.
//
// Time zones. SCF's seven-field cron carries no zone; the service reads it
// in UTC+8 (China Standard Time, cronexpr.SCFZone), which has no daylight
// saving. A schedule in another zone is shifted by the difference between
// UTC+8 and that zone's offset at ScalingOptions.ReferenceTime (now when
// zero): 08:00 Europe/Berlin becomes 15:00 in winter (UTC+1) and 14:00 in
// summer (UTC+2). The shift is fixed once sent, so across a daylight-saving
// change the trigger fires an hour early or late until the plan is applied
// again with a ReferenceTime after the change; apply it on both change
// dates to keep the wall clock. A shift that moves firings past midnight
// moves the days of the week with them (20:00 Monday in New York is 09:00
// Tuesday in UTC+8); what cannot be shifted exactly (firings landing on
// different days, restricted days of the month across midnight, L, W, #)
// is refused with the reason.

package tencentscf

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/cronexpr"
)

// ServiceTimeZone is the zone GetScaling reports SCF's crons in: SCF reads
// them in UTC+8, which Asia/Shanghai is all year.
const ServiceTimeZone = "Asia/Shanghai"

// ScalingOptions carries the SCF settings of PutScaling, GetScaling and
// DeleteScaling in their Extension. A nil *ScalingOptions is the same as
// none.
type ScalingOptions struct {
	// Namespace is the function's namespace; empty for the protocol's.
	Namespace string
	// ReferenceTime is the instant whose UTC offsets convert the
	// schedules' zones to UTC+8; zero for now. See the file comment on
	// daylight saving.
	ReferenceTime time.Time
	// Executions is VersionProvisionedConcurrencyNum for a plan without
	// tracking: the amount until the next trigger fires. Zero takes the
	// amount of the schedule that fired last in the eight days before
	// ReferenceTime; a plan whose schedules did not fire then needs it set.
	// Must stay 0 with tracking, which SCF requires.
	Executions int
}

// Provider returns ProviderName.
func (*ScalingOptions) Provider() string { return ProviderName }

var _ provconc.ScalingAPI = (*Protocol)(nil)

// scalingOptions reads the extension of a scaling input.
func scalingOptions(ext provconc.Extension) (ScalingOptions, error) {
	switch o := ext.(type) {
	case nil:
		return ScalingOptions{}, nil
	case *ScalingOptions:
		if o == nil {
			return ScalingOptions{}, nil
		}
		return *o, nil
	}
	return ScalingOptions{}, foreignExtension(ext, "*tencentscf.ScalingOptions")
}

// TriggerActionsFor converts a plan's schedules to SCF trigger actions,
// with the zones' offsets at ref (see the file comment). It checks the plan
// with CheckSCF first.
func TriggerActionsFor(plan *provconc.ScalingPlan, ref time.Time) ([]TriggerAction, error) {
	if err := plan.CheckSCF(); err != nil {
		return nil, err
	}
	var out []TriggerAction
	for i := range plan.Schedules {
		s := &plan.Schedules[i]
		cron, err := scfCron(s, ref)
		if err != nil {
			return nil, provconc.NewInputError("Schedules["+strconv.Itoa(i)+"].Expression", s.Expression, "Tencent SCF cannot express this schedule in its UTC+8 cron: "+err.Error())
		}
		out = append(out, TriggerAction{TriggerName: s.Name, TriggerProvisionedConcurrencyNum: s.Executions, TriggerCronConfig: cron})
	}
	return out, nil
}

// scfCron converts one schedule's at(...) or cron(...) to UTC+8.
func scfCron(s *provconc.Schedule, ref time.Time) (string, error) {
	x, err := cronexpr.Parse(s.Expression)
	if err != nil {
		return "", err
	}
	loc := time.UTC
	if s.TimeZone != "" {
		if loc, err = time.LoadLocation(s.TimeZone); err != nil {
			return "", err
		}
	}
	switch x.Kind {
	case cronexpr.KindAt:
		at := time.Date(x.At.Year(), x.At.Month(), x.At.Day(), x.At.Hour(), x.At.Minute(), x.At.Second(), 0, loc).In(cronexpr.SCFZone)
		if at.Year() > 2099 {
			return "", errors.New("SCF cron years end at 2099")
		}
		return fmt.Sprintf("%d %d %d %d %d * %d", at.Second(), at.Minute(), at.Hour(), at.Day(), int(at.Month()), at.Year()), nil
	case cronexpr.KindCron:
		_, zoneOffset := ref.In(loc).Zone()
		_, scfOffset := ref.In(cronexpr.SCFZone).Zone()
		return cronexpr.ShiftToSCF(x.Cron, scfOffset-zoneOffset)
	}
	return "", errors.New("SCF trigger actions take cron only")
}

// PutScaling applies the plan with one PutProvisionedConcurrencyConfig:
// the schedules as TriggerActions (cron in UTC+8), the tracking policy as
// ConcurrencyUtilizationTracking (VersionProvisionedConcurrencyNum 0), or
// without one a static amount (ScalingOptions.Executions, or the amount
// the schedules set last). It replaces the version's previous triggers. An
// empty plan is refused: use DeleteScaling.
func (p *Protocol) PutScaling(ctx context.Context, in *provconc.PutScalingInput) (*provconc.PutScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("PutScalingInput", "", "must not be nil")
	}
	opts, err := scalingOptions(in.Extension)
	if err != nil {
		return nil, err
	}
	plan := &in.Plan
	if len(plan.Schedules) == 0 && plan.Tracking == nil {
		return nil, provconc.NewInputError("Plan", "", "is empty: SCF keeps an amount with every config; use DeleteScaling to remove it")
	}
	ref := opts.ReferenceTime
	if ref.IsZero() {
		ref = time.Now()
	}
	actions, err := TriggerActionsFor(plan, ref)
	if err != nil {
		return nil, err
	}
	put := &PutParameters{Namespace: opts.Namespace, TriggerActions: actions}
	amount := opts.Executions
	if t := plan.Tracking; t != nil {
		if amount != 0 {
			return nil, provconc.NewInputError("ScalingOptions.Executions", strconv.Itoa(amount), "must be 0 with tracking: SCF requires VersionProvisionedConcurrencyNum 0 then")
		}
		put.ProvisionedType = ProvisionedTypeConcurrencyUtilizationTracking
		put.TrackingTarget, put.MinCapacity, put.MaxCapacity = t.TargetUtilization, t.MinCapacity, t.MaxCapacity
	} else if amount == 0 {
		if amount = lastAmount(plan, ref); amount == 0 {
			return nil, provconc.NewInputError("ScalingOptions.Executions", "", "is required: no schedule of the plan fired in the eight days before ReferenceTime, so the amount to keep until one does is unknown")
		}
	}
	out, err := p.Put(ctx, &provconc.PutInput{FunctionName: in.FunctionName, Qualifier: in.Qualifier, ProvisionedConcurrentExecutions: amount, Extension: put})
	if err != nil {
		return nil, err
	}
	return &provconc.PutScalingOutput{Metadata: []provconc.Metadata{out.Metadata}}, nil
}

// lastAmount is the Executions of the schedule that fired last in the
// eight days before ref; 0 when none did.
func lastAmount(plan *provconc.ScalingPlan, ref time.Time) int {
	var last time.Time
	amount := 0
	for i := range plan.Schedules {
		s := &plan.Schedules[i]
		cursor := ref.Add(-8 * 24 * time.Hour)
		for n := 0; n < 100_000; n++ {
			next, ok, err := s.Next(cursor, cursor)
			if err != nil || !ok || next.After(ref) {
				break
			}
			if !next.Before(last) {
				last, amount = next, s.Executions
			}
			cursor = next
		}
	}
	return amount
}

// GetScaling reads the version's trigger actions back
// (GetProvisionedConcurrencyConfig): each as a Schedule whose cron is the
// UTC+8 one SCF keeps, in AWS form with TimeZone Asia/Shanghai (a
// TriggerCronConfig with no AWS form, such as one firing at a second other
// than 0, is returned as sent, seven fields without cron(...)). SCF does
// not report tracking settings in this answer, so Plan.Tracking is nil.
func (p *Protocol) GetScaling(ctx context.Context, in *provconc.GetScalingInput) (*provconc.GetScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("GetScalingInput", "", "must not be nil")
	}
	opts, err := scalingOptions(in.Extension)
	if err != nil {
		return nil, err
	}
	got, err := p.Get(ctx, &provconc.GetInput{FunctionName: in.FunctionName, Qualifier: in.Qualifier, Extension: &Scope{Namespace: opts.Namespace}})
	if err != nil {
		return nil, err
	}
	out := &provconc.GetScalingOutput{Metadata: []provconc.Metadata{got.Metadata}}
	details, _ := got.Extension.(*ConfigDetails)
	if details == nil {
		return out, nil
	}
	for _, a := range details.TriggerActions {
		out.Plan.Schedules = append(out.Plan.Schedules, scheduleOf(a))
	}
	return out, nil
}

// scheduleOf reads one trigger action as a Schedule.
func scheduleOf(a TriggerAction) provconc.Schedule {
	s := provconc.Schedule{Name: a.TriggerName, Executions: a.TriggerProvisionedConcurrencyNum, Expression: a.TriggerCronConfig}
	if c, err := cronexpr.ParseCron(cronexpr.SCF, a.TriggerCronConfig); err == nil {
		if fields, err := cronexpr.SCFToAWS(c); err == nil {
			s.Expression, s.TimeZone = "cron("+fields+")", ServiceTimeZone
		}
	}
	return s
}

// DeleteScaling removes the version's provisioned concurrency config
// (DeleteProvisionedConcurrencyConfig), and with it its trigger actions
// and tracking: SCF keeps them on the config.
func (p *Protocol) DeleteScaling(ctx context.Context, in *provconc.DeleteScalingInput) (*provconc.DeleteScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DeleteScalingInput", "", "must not be nil")
	}
	opts, err := scalingOptions(in.Extension)
	if err != nil {
		return nil, err
	}
	out, err := p.Delete(ctx, &provconc.DeleteInput{FunctionName: in.FunctionName, Qualifier: in.Qualifier, Extension: &Scope{Namespace: opts.Namespace}})
	if err != nil {
		return nil, err
	}
	return &provconc.DeleteScalingOutput{Metadata: []provconc.Metadata{out.Metadata}}, nil
}
