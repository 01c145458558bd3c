// This file lets an entry of the desired state carry a scaling plan
// (schedules and utilization tracking) in the vocabulary of
// provconc.ScalingPlan, checked per cloud (CheckAWS, CheckSCF), diffed and
// applied.
//
// The rule per cloud, so that the config and its scaling never fight:
//
//   - AWS: the plan is Application Auto Scaling's, read and written through
//     a provconc.ScalingAPI (PlanOptions.Scaling, ApplyOptions.Scaling).
//     Once an entry has a non-empty plan, the schedules and tracking own
//     the amount: ProvisionedConcurrentExecutions is what a Create puts, and
//     an amount read later is not a difference. A scheduled action that
//     fires moves the scalable target's bounds to its own, so with
//     schedules the target's bounds are compared with every pair the plan
//     can put there: the tracking's MinCapacity and MaxCapacity (registered
//     whenever the plan is put) and each scheduled action's; bounds that
//     are none of them are a difference. Schedules are compared by the
//     bounds their actions set, and an action's MaxCapacity defaults to
//     the tracking's, so an edit of the tracking's MaxCapacity is planned
//     when a schedule takes its MaxCapacity from the tracking, or when the
//     target holds the tracking's bounds; when every schedule sets its own
//     MaxCapacity and one has fired, the edit is not seen. An edit of the
//     tracking's MinCapacity alone is not seen either while the target
//     holds a fired scheduled action's bounds. That is a blind spot, not
//     only a delay: with Tracking {MinCapacity: 2, MaxCapacity: 20} and a
//     night schedule {Executions: 2} (peak {Executions: 10} by day), once
//     night has fired the target holds [2, 20], which is night's bounds
//     and the tracking's alike; MinCapacity 2 -> 3 is then planned only
//     with another change of the plan (a schedule's, say), since the
//     firings keep setting a schedule's bounds. An empty plan (Scaling: {})
//     removes whatever scaling the version or alias had; no Scaling key
//     leaves it alone. A pruned config loses its scaling with it, first, so
//     that its schedules and tracking do not put it back.
//   - Tencent SCF: the plan is the config's own TriggerActions and tracking
//     parameters, sent in the one PutProvisionedConcurrencyConfig: fleet
//     converts it (tencentscf.TriggerActionsFor, cron shifted to UTC+8 with
//     the offsets in force when planned and when applied) and diffs and applies it as those
//     fields. An entry gives Scaling or those fields, not both.
//   - Tencent SCF, the amount: trigger actions own it between their
//     firings, as schedules do on AWS. ProvisionedConcurrentExecutions
//     is what a Create puts; an amount read later that one of the entry's
//     trigger actions sets is not a difference, and an Update (a changed
//     trigger action, say) keeps such an amount rather than put the
//     entry's back in the middle of a trigger's window. Any other amount
//     is a difference: it was set by hand, or the entry's amount changed
//     while no trigger's was in force. With utilization tracking the
//     amount SCF reports is MinCapacity, compared as before, even when a
//     trigger action sets the same number.

package fleet

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Scaling is an entry's scaling plan: provconc.ScalingPlan in a file's
// keys.
type Scaling struct {
	// Schedules are the scheduled changes.
	Schedules []Schedule `json:"Schedules,omitempty" yaml:"Schedules"`
	// Tracking tracks utilization; nil for none.
	Tracking *Tracking `json:"Tracking,omitempty" yaml:"Tracking"`
}

// Schedule is a provconc.Schedule; Start and End are RFC 3339 times, empty
// for none.
type Schedule struct {
	// Name names the schedule, unique within the plan. Required.
	Name string `json:"Name" yaml:"Name"`
	// Expression is when it fires: at(...), cron(...) or (AWS only)
	// rate(...), as in provconc.Schedule. Required.
	Expression string `json:"Expression" yaml:"Expression"`
	// TimeZone is the IANA zone of the expression's wall clock; empty for
	// UTC.
	TimeZone string `json:"TimeZone,omitempty" yaml:"TimeZone"`
	// Start is the RFC 3339 time before which it does not fire; empty for
	// none. AWS only.
	Start string `json:"Start,omitempty" yaml:"Start"`
	// End is the RFC 3339 time after which it does not fire; empty for
	// none. AWS only.
	End string `json:"End,omitempty" yaml:"End"`
	// Executions is the provisioned concurrency it sets.
	Executions int `json:"Executions" yaml:"Executions"`
	// MaxCapacity is the scheduled action's MaxCapacity, at least
	// Executions; 0 for provconc.Schedule's default. AWS only.
	MaxCapacity int `json:"MaxCapacity,omitempty" yaml:"MaxCapacity"`
}

// Tracking is a provconc.TrackingPolicy.
type Tracking struct {
	// Name is the AWS PolicyName; empty for
	// provconc.DefaultTrackingPolicyName.
	Name string `json:"Name,omitempty" yaml:"Name"`
	// TargetUtilization is the fraction of provisioned concurrency to keep
	// in use, such as 0.7.
	TargetUtilization float64 `json:"TargetUtilization" yaml:"TargetUtilization"`
	// MinCapacity is the fewest the amount may go to.
	MinCapacity int `json:"MinCapacity" yaml:"MinCapacity"`
	// MaxCapacity is the most the amount may go to, at least MinCapacity.
	MaxCapacity int `json:"MaxCapacity" yaml:"MaxCapacity"`
}

// ScalingClients returns the provconc.ScalingAPI for a target (on AWS an
// *autoscaling.Protocol). It is asked once per AWS target whose entries
// carry Scaling, or whose configs a plan prunes.
type ScalingClients func(Target) (provconc.ScalingAPI, error)

// Plan returns the provconc.ScalingPlan; the error names a Start or End
// that is not an RFC 3339 time.
func (s *Scaling) Plan() (provconc.ScalingPlan, error) {
	var p provconc.ScalingPlan
	for i, sd := range s.Schedules {
		ps := provconc.Schedule{Name: sd.Name, Expression: sd.Expression, TimeZone: sd.TimeZone, Executions: sd.Executions, MaxCapacity: sd.MaxCapacity}
		for _, b := range []struct {
			field, value string
			dst          *time.Time
		}{{"Start", sd.Start, &ps.Start}, {"End", sd.End, &ps.End}} {
			if b.value == "" {
				continue
			}
			t, err := time.Parse(time.RFC3339, b.value)
			if err != nil {
				return p, provconc.NewInputError("Schedules["+strconv.Itoa(i)+"]."+b.field, b.value, "must be an RFC 3339 time such as 2026-01-02T08:00:00Z")
			}
			*b.dst = t
		}
		p.Schedules = append(p.Schedules, ps)
	}
	if t := s.Tracking; t != nil {
		p.Tracking = &provconc.TrackingPolicy{Name: t.Name, TargetUtilization: t.TargetUtilization, MinCapacity: t.MinCapacity, MaxCapacity: t.MaxCapacity}
	}
	return p, nil
}

// scalingOf is the file form of a plan read from a service.
func scalingOf(p *provconc.ScalingPlan) *Scaling {
	s := &Scaling{}
	for _, ps := range p.Schedules {
		sd := Schedule{Name: ps.Name, Expression: ps.Expression, TimeZone: ps.TimeZone, Executions: ps.Executions, MaxCapacity: ps.MaxCapacity}
		if !ps.Start.IsZero() {
			sd.Start = ps.Start.UTC().Format(time.RFC3339)
		}
		if !ps.End.IsZero() {
			sd.End = ps.End.UTC().Format(time.RFC3339)
		}
		s.Schedules = append(s.Schedules, sd)
	}
	if t := p.Tracking; t != nil {
		s.Tracking = &Tracking{Name: t.Name, TargetUtilization: t.TargetUtilization, MinCapacity: t.MinCapacity, MaxCapacity: t.MaxCapacity}
	}
	return s
}

// empty reports whether the plan has no schedule and no tracking.
func (s *Scaling) empty() bool { return s == nil || len(s.Schedules) == 0 && s.Tracking == nil }

// checkScaling applies the cloud's rules to the entry's scaling plan.
func (e *Entry) checkScaling() (string, error) {
	if e.Scaling == nil {
		return "", nil
	}
	prefix := func(err error) (string, error) {
		var in *provconc.InputError
		if errors.As(err, &in) {
			return "Scaling." + in.Field, err
		}
		return "Scaling", err
	}
	plan, err := e.Scaling.Plan()
	if err != nil {
		return prefix(err)
	}
	if e.Cloud == AWS {
		if err := plan.CheckAWS(); err != nil {
			return prefix(err)
		}
		return "", nil
	}
	rule := "is given by Scaling: on Tencent SCF the scaling plan is the config's trigger actions and tracking; give one or the other"
	switch {
	case len(e.TriggerActions) > 0:
		return "TriggerActions", provconc.NewInputError("TriggerActions", "", rule)
	case e.ProvisionedType != "":
		return "ProvisionedType", provconc.NewInputError("ProvisionedType", e.ProvisionedType, rule)
	case e.TrackingTarget != 0 || e.MinCapacity != 0 || e.MaxCapacity != 0:
		return "TrackingTarget", provconc.NewInputError("TrackingTarget", "", rule+" (TrackingTarget, MinCapacity, MaxCapacity)")
	}
	if _, err := tencentscf.TriggerActionsFor(&plan, time.Now()); err != nil {
		return prefix(err)
	}
	return "", nil
}

// scfEffective returns the entry with its Scaling written into SCF's own
// fields (trigger actions converted to UTC+8 at now, tracking as
// ConcurrencyUtilizationTracking), the form it is put, diffed and
// reported in; the entry itself when it has no Scaling or is not on SCF.
func (e *Entry) scfEffective() *Entry {
	if e.Cloud != Tencent || e.Scaling == nil {
		return e
	}
	plan, err := e.Scaling.Plan()
	if err != nil {
		return e // check refused it already
	}
	actions, err := tencentscf.TriggerActionsFor(&plan, time.Now())
	if err != nil {
		return e
	}
	out := *e
	out.Scaling = nil
	out.TriggerActions = nil
	for _, a := range actions {
		out.TriggerActions = append(out.TriggerActions, TriggerAction{
			TriggerName: a.TriggerName, TriggerProvisionedConcurrencyNum: a.TriggerProvisionedConcurrencyNum, TriggerCronConfig: a.TriggerCronConfig,
		})
	}
	if t := plan.Tracking; t != nil {
		out.ProvisionedType = string(tencentscf.ProvisionedTypeConcurrencyUtilizationTracking)
		out.TrackingTarget, out.MinCapacity, out.MaxCapacity = t.TargetUtilization, t.MinCapacity, t.MaxCapacity
	}
	return &out
}

// awsScaling reports whether the entry's scaling is Application Auto
// Scaling's, managed through a ScalingAPI.
func (e *Entry) awsScaling() bool { return e.Cloud == AWS && e.Scaling != nil }

// scalingOwnsAmount reports whether the amount is left to the scaling plan
// (AWS, a non-empty plan).
func (e *Entry) scalingOwnsAmount() bool { return e.awsScaling() && !e.Scaling.empty() }

// keepsAmount reports whether an amount n read from the service is kept
// by an update rather than replaced with the entry's: the AWS scaling
// plan's, or the SCF trigger actions' (keepsTriggerAmount).
func (e *Entry) keepsAmount(n int) bool {
	return e.scalingOwnsAmount() || e.keepsTriggerAmount(n)
}

// keepsTriggerAmount reports whether an amount n read from the service is
// the entry's trigger actions at work, to be kept rather than compared:
// one of them sets n and the entry has no utilization tracking (with
// tracking SCF reports MinCapacity, which is compared as any amount).
// Plan (difference), Apply and Change.KeepsAmount share this rule.
func (e *Entry) keepsTriggerAmount(n int) bool {
	return !e.tracking() && e.triggersSet(n)
}

// triggersSet reports whether n is an amount one of the entry's SCF
// trigger actions sets when it fires. Such an amount, read back, is the
// schedule at work, not a difference: the trigger actions own the amount
// between their firings (see the file comment).
func (e *Entry) triggersSet(n int) bool {
	e = e.scfEffective()
	if e.Cloud != Tencent {
		return false
	}
	for _, a := range e.TriggerActions {
		if a.TriggerProvisionedConcurrencyNum == n {
			return true
		}
	}
	return false
}

// scalingDifference says how the actual plan differs from the wanted one;
// empty when they agree. Schedules are compared by name, a zone of UTC as
// none, times as instants, a MaxCapacity as the bounds its action sets
// (the default standing for the tracking's); tracking bounds are compared
// with every pair of bounds the wanted plan can put on the target (see the
// file comment).
func scalingDifference(want, have *Scaling) string {
	if have == nil {
		have = &Scaling{}
	}
	w, err := want.Plan()
	if err != nil {
		return "the wanted plan cannot be read: " + err.Error()
	}
	h, err := have.Plan()
	if err != nil {
		return "the actual plan cannot be read: " + err.Error()
	}
	var why []string
	norm := func(p *provconc.ScalingPlan) map[string]provconc.Schedule {
		out := map[string]provconc.Schedule{}
		for _, s := range p.Schedules {
			if s.TimeZone == "UTC" || s.TimeZone == "Etc/UTC" {
				s.TimeZone = ""
			}
			_, s.MaxCapacity = autoscaling.ActionCapacity(&s, p.Tracking)
			s.Start, s.End = s.Start.UTC(), s.End.UTC()
			out[s.Name] = s
		}
		return out
	}
	ws, hs := norm(&w), norm(&h)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range ws {
			if !yield(n) {
				return
			}
		}
		for n := range hs {
			if _, dup := ws[n]; !dup && !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		a, inW := ws[n]
		b, inH := hs[n]
		switch {
		case !inH:
			why = append(why, "schedule "+n+" added")
		case !inW:
			why = append(why, "schedule "+n+" removed")
		case a != b:
			// Say so when only the MaxCapacity moved: an edit of the
			// tracking's MaxCapacity shows up here.
			onlyMax := a
			onlyMax.MaxCapacity = b.MaxCapacity
			if onlyMax == b {
				why = append(why, fmt.Sprintf("schedule %s MaxCapacity %d -> %d", n, b.MaxCapacity, a.MaxCapacity))
			} else {
				why = append(why, "schedule "+n+" changed")
			}
		}
	}
	wt, ht := w.Tracking, h.Tracking
	switch {
	case wt == nil && ht != nil:
		why = append(why, "tracking removed")
	case wt != nil && ht == nil:
		why = append(why, "tracking added")
	case wt != nil:
		wn, hn := cmp.Or(wt.Name, provconc.DefaultTrackingPolicyName), cmp.Or(ht.Name, provconc.DefaultTrackingPolicyName)
		boundsDiffer := wt.MinCapacity != ht.MinCapacity || wt.MaxCapacity != ht.MaxCapacity
		for _, s := range ws {
			if s.Executions == ht.MinCapacity && s.MaxCapacity == ht.MaxCapacity {
				boundsDiffer = false // the bounds of a scheduled action that fired
			}
		}
		if wn != hn || wt.TargetUtilization != ht.TargetUtilization || boundsDiffer {
			why = append(why, fmt.Sprintf("tracking %s %g [%d, %d] -> %s %g [%d, %d]", hn, ht.TargetUtilization, ht.MinCapacity, ht.MaxCapacity,
				wn, wt.TargetUtilization, wt.MinCapacity, wt.MaxCapacity))
		}
	}
	if len(why) == 0 {
		return ""
	}
	return "scaling: " + strings.Join(why, ", ")
}

// readScaling reads the scaling plan of one AWS config; nil for none.
func readScaling(ctx context.Context, api provconc.ScalingAPI, k Key) (*Scaling, error) {
	out, err := api.GetScaling(ctx, &provconc.GetScalingInput{FunctionName: k.FunctionName, Qualifier: k.Qualifier})
	if err != nil {
		return nil, err
	}
	if len(out.Plan.Schedules) == 0 && out.Plan.Tracking == nil {
		return nil, nil
	}
	return scalingOf(&out.Plan), nil
}

// resolveScaling asks scaling once for each AWS target that needs it.
func resolveScaling(targets []Target, scaling ScalingClients) (map[Target]provconc.ScalingAPI, error) {
	apis := map[Target]provconc.ScalingAPI{}
	var errs []error
	for _, t := range targets {
		if _, done := apis[t]; done {
			continue
		}
		var api provconc.ScalingAPI
		err := errors.New("the desired state has scaling plans for AWS: set PlanOptions.Scaling and ApplyOptions.Scaling")
		if scaling != nil {
			api, err = scaling(t)
			if err == nil && api == nil {
				err = errors.New("ScalingClients returned no client")
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("fleet: scaling client for %s: %w", t, err))
		}
		apis[t] = api
	}
	return apis, errors.Join(errs...)
}
