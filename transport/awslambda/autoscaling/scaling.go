// This file applies a provconc.ScalingPlan through Application Auto Scaling:
// one scalable target per alias or version, one scheduled action per
// Schedule, one target-tracking policy for the TrackingPolicy.

package autoscaling

import (
	"context"
	"errors"

	"github.com/provconc/provconc"
)

// targetOf resolves the version or alias of a scaling input to its
// ResourceId. $LATEST cannot take provisioned concurrency.
func targetOf(functionName, qualifier string, ext provconc.Extension) (string, error) {
	if ext != nil {
		return "", provconc.NewInputError("Extension", ext.Provider(), "must be nil: Application Auto Scaling takes no extension")
	}
	ref, err := provconc.ResolveQualifier(functionName, qualifier, true)
	if err != nil {
		return "", err
	}
	if ref.Qualifier == "$LATEST" {
		return "", provconc.NewInputError("Qualifier", ref.Qualifier, "must be an alias or a published version: $LATEST cannot take provisioned concurrency")
	}
	id := ResourceID(ref.Name, ref.Qualifier)
	return id, checkResourceID("Qualifier", id)
}

// ActionCapacity returns the capacity bounds the scheduled action of
// schedule s sets when the plan tracks with t (nil for none): MinCapacity
// Executions; MaxCapacity the schedule's, else the tracking maximum when
// the plan tracks, else Executions. fleet compares desired and registered
// bounds by it.
func ActionCapacity(s *provconc.Schedule, t *provconc.TrackingPolicy) (lo, hi int) {
	lo, hi = s.Executions, s.Executions
	switch {
	case s.MaxCapacity != 0:
		hi = s.MaxCapacity
	case t != nil:
		hi = max(t.MaxCapacity, s.Executions)
	}
	return lo, hi
}

// PutScaling makes the alias's or version's scaling the plan's: it
// registers the scalable target (bounds from the tracking policy, else the
// span of the schedules' amounts), puts a scheduled action per schedule and
// the tracking policy, then deletes the actions and policies the plan does
// not name. An empty plan is DeleteScaling.
func (p *Protocol) PutScaling(ctx context.Context, in *provconc.PutScalingInput) (*provconc.PutScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("PutScalingInput", "", "must not be nil")
	}
	id, err := targetOf(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	plan := &in.Plan
	if err := plan.CheckAWS(); err != nil {
		return nil, err
	}
	if len(plan.Schedules) == 0 && plan.Tracking == nil {
		out, err := p.DeleteScaling(ctx, &provconc.DeleteScalingInput{FunctionName: in.FunctionName, Qualifier: in.Qualifier})
		if err != nil {
			return nil, err
		}
		return &provconc.PutScalingOutput{Metadata: out.Metadata}, nil
	}
	out := &provconc.PutScalingOutput{}
	lo, hi := -1, 0
	if t := plan.Tracking; t != nil {
		lo, hi = t.MinCapacity, t.MaxCapacity
	} else {
		for i := range plan.Schedules {
			a, b := ActionCapacity(&plan.Schedules[i], nil)
			if lo < 0 || a < lo {
				lo = a
			}
			hi = max(hi, b)
		}
	}
	reg, err := p.RegisterScalableTarget(ctx, &RegisterScalableTargetInput{ResourceID: id, MinCapacity: &lo, MaxCapacity: &hi})
	if err != nil {
		return out, err
	}
	out.Metadata = append(out.Metadata, reg.Metadata)
	// PutScheduledAction keeps the time zone an update leaves out, so an
	// action losing it gets "UTC"; start and end times left out are
	// deleted, as the API reference says.
	existing, _, mds, err := p.describeAll(ctx, id)
	out.Metadata = append(out.Metadata, mds...)
	if err != nil {
		return out, err
	}
	old := make(map[string]ScheduledAction, len(existing))
	for _, a := range existing {
		old[a.ScheduledActionName] = a
	}
	keepActions := map[string]bool{}
	for i := range plan.Schedules {
		s := &plan.Schedules[i]
		a, b := ActionCapacity(s, plan.Tracking)
		put := &PutScheduledActionInput{
			ResourceID: id, ScheduledActionName: s.Name, Schedule: s.Expression, Timezone: s.TimeZone,
			ScalableTargetAction: &ScalableTargetAction{MinCapacity: &a, MaxCapacity: &b},
		}
		if prev, ok := old[s.Name]; ok && prev.Timezone != "" && s.TimeZone == "" {
			put.Timezone = "UTC"
		}
		if !s.Start.IsZero() {
			put.StartTime = &EpochTime{s.Start}
		}
		if !s.End.IsZero() {
			put.EndTime = &EpochTime{s.End}
		}
		res, err := p.PutScheduledAction(ctx, put)
		if err != nil {
			return out, err
		}
		out.Metadata = append(out.Metadata, res.Metadata)
		keepActions[s.Name] = true
	}
	keepPolicy := ""
	if t := plan.Tracking; t != nil {
		keepPolicy = t.Name
		if keepPolicy == "" {
			keepPolicy = provconc.DefaultTrackingPolicyName
		}
		res, err := p.PutScalingPolicy(ctx, &PutScalingPolicyInput{
			PolicyName: keepPolicy, ResourceID: id,
			TargetTrackingScalingPolicyConfiguration: &TargetTrackingConfiguration{TargetValue: t.TargetUtilization},
		})
		if err != nil {
			return out, err
		}
		out.Metadata = append(out.Metadata, res.Metadata)
	}
	mds, err = p.prune(ctx, id, keepActions, keepPolicy)
	out.Metadata = append(out.Metadata, mds...)
	return out, err
}

// prune deletes the target's actions and policies not kept.
func (p *Protocol) prune(ctx context.Context, id string, keepActions map[string]bool, keepPolicy string) ([]provconc.Metadata, error) {
	actions, policies, mds, err := p.describeAll(ctx, id)
	if err != nil {
		return mds, err
	}
	for _, a := range actions {
		if keepActions[a.ScheduledActionName] {
			continue
		}
		res, err := p.DeleteScheduledAction(ctx, &DeleteScheduledActionInput{ResourceID: id, ScheduledActionName: a.ScheduledActionName})
		if err != nil {
			return mds, err
		}
		mds = append(mds, res.Metadata)
	}
	for _, pol := range policies {
		if pol.PolicyName == keepPolicy {
			continue
		}
		res, err := p.DeleteScalingPolicy(ctx, &DeleteScalingPolicyInput{ResourceID: id, PolicyName: pol.PolicyName})
		if err != nil {
			return mds, err
		}
		mds = append(mds, res.Metadata)
	}
	return mds, nil
}

// describeAll reads every scheduled action and policy of the target.
func (p *Protocol) describeAll(ctx context.Context, id string) ([]ScheduledAction, []ScalingPolicy, []provconc.Metadata, error) {
	var mds []provconc.Metadata
	var actions []ScheduledAction
	ap := NewDescribeScheduledActionsPaginator(p, &DescribeScheduledActionsInput{ResourceID: id})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			return nil, nil, mds, err
		}
		mds = append(mds, page.Metadata)
		actions = append(actions, page.ScheduledActions...)
	}
	var policies []ScalingPolicy
	pp := NewDescribeScalingPoliciesPaginator(p, &DescribeScalingPoliciesInput{ResourceID: id})
	for pp.HasMorePages() {
		page, err := pp.NextPage(ctx)
		if err != nil {
			return nil, nil, mds, err
		}
		mds = append(mds, page.Metadata)
		policies = append(policies, page.ScalingPolicies...)
	}
	return actions, policies, mds, nil
}

// GetScaling reads the plan back: a Schedule per scheduled action (Start
// and End in UTC, a Timezone of "UTC" as the empty TimeZone; MaxCapacity 0
// where it is what PutScaling would have chosen), and the first target-tracking policy on
// LambdaProvisionedConcurrencyUtilization with the target's bounds. An
// alias or version with no scalable target has the empty plan.
func (p *Protocol) GetScaling(ctx context.Context, in *provconc.GetScalingInput) (*provconc.GetScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("GetScalingInput", "", "must not be nil")
	}
	id, err := targetOf(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	out := &provconc.GetScalingOutput{}
	targets, err := p.DescribeScalableTargets(ctx, &DescribeScalableTargetsInput{ResourceIDs: []string{id}})
	if err != nil {
		return nil, err
	}
	out.Metadata = append(out.Metadata, targets.Metadata)
	if len(targets.ScalableTargets) == 0 {
		return out, nil
	}
	target := targets.ScalableTargets[0]
	actions, policies, mds, err := p.describeAll(ctx, id)
	out.Metadata = append(out.Metadata, mds...)
	if err != nil {
		return out, err
	}
	for _, pol := range policies {
		c := pol.TargetTrackingScalingPolicyConfiguration
		if pol.PolicyType != "TargetTrackingScaling" || c == nil || c.PredefinedMetricSpecification == nil || c.PredefinedMetricSpecification.PredefinedMetricType != MetricType {
			continue
		}
		name := pol.PolicyName
		if name == provconc.DefaultTrackingPolicyName {
			name = ""
		}
		out.Plan.Tracking = &provconc.TrackingPolicy{Name: name, TargetUtilization: c.TargetValue, MinCapacity: target.MinCapacity, MaxCapacity: target.MaxCapacity}
		break
	}
	for _, a := range actions {
		s := provconc.Schedule{Name: a.ScheduledActionName, Expression: a.Schedule, TimeZone: a.Timezone}
		if s.TimeZone == "UTC" {
			s.TimeZone = "" // the model's spelling of UTC
		}
		if a.StartTime != nil {
			s.Start = a.StartTime.Time
		}
		if a.EndTime != nil {
			s.End = a.EndTime.Time
		}
		if ta := a.ScalableTargetAction; ta != nil {
			if ta.MinCapacity != nil {
				s.Executions = *ta.MinCapacity
			}
			if ta.MaxCapacity != nil {
				s.MaxCapacity = *ta.MaxCapacity
				if _, hi := ActionCapacity(&provconc.Schedule{Executions: s.Executions}, out.Plan.Tracking); hi == s.MaxCapacity {
					s.MaxCapacity = 0
				}
			}
		}
		out.Plan.Schedules = append(out.Plan.Schedules, s)
	}
	return out, nil
}

// DeleteScaling deregisters the scalable target, which removes its
// scheduled actions and policies with it. A version or alias with no
// target succeeds: there is nothing to remove.
func (p *Protocol) DeleteScaling(ctx context.Context, in *provconc.DeleteScalingInput) (*provconc.DeleteScalingOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DeleteScalingInput", "", "must not be nil")
	}
	id, err := targetOf(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	res, err := p.DeregisterScalableTarget(ctx, &DeregisterScalableTargetInput{ResourceID: id})
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "ObjectNotFoundException" {
		return &provconc.DeleteScalingOutput{Metadata: []provconc.Metadata{{RequestID: apiErr.RequestID, Attempts: apiErr.Attempts}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &provconc.DeleteScalingOutput{Metadata: []provconc.Metadata{res.Metadata}}, nil
}
