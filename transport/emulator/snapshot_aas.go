// This file keeps the Application Auto Scaling half of the account in a
// snapshot: scalable targets with their scheduled actions (and how far
// each has run), target-tracking policies and the simulated concurrency in
// use. It was added to format version 1 as the optional member
// ApplicationAutoScaling: a snapshot without it (written before) restores
// with no scalable targets, and a reader that predates it ignores it, as
// the format's rule for added fields says.

package emulator

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/provconc/provconc/internal/cronexpr"
)

// SnapshotAAS is the Application Auto Scaling state.
type SnapshotAAS struct {
	// Sequence orders targets, actions and policies, and seeds their ids.
	Sequence uint64 `json:"Sequence"`
	// Targets are the scalable targets, in registration order.
	Targets []SnapshotAASTarget `json:"Targets"`
	// InUse is the simulated concurrency in use by ResourceId (see
	// Server.SetConcurrencyInUse).
	InUse map[string]int `json:"InUse,omitempty"`
}

// SnapshotAASTarget is a scalable target: a Lambda alias or version.
type SnapshotAASTarget struct {
	// ResourceID (ResourceId in the JSON) is function:NAME:QUALIFIER, on
	// a function and qualifier of the snapshot.
	ResourceID string `json:"ResourceId"`
	// MinCapacity is the target's lower bound, at least 0.
	MinCapacity int `json:"MinCapacity"`
	// MaxCapacity is the target's upper bound, at least MinCapacity.
	MaxCapacity int `json:"MaxCapacity"`
	// Created is when the target was registered (its CreationTime).
	Created time.Time `json:"Created"`
	// ARN is the target's ScalableTargetARN.
	ARN string `json:"ARN"`
	// SuspendedState is the one given by the last registration that gave
	// one; nil for none.
	SuspendedState *aasSuspended `json:"SuspendedState,omitempty"`
	// Sequence is the target's place in registration order (see
	// SnapshotAAS.Sequence).
	Sequence uint64 `json:"Sequence"`
	// Actions (ScheduledActions in the JSON) are the target's scheduled
	// actions, in creation order.
	Actions []SnapshotAASAction `json:"ScheduledActions"`
	// Policies (ScalingPolicies in the JSON) are the target's
	// target-tracking policies, in creation order.
	Policies []SnapshotAASScalingPolicy `json:"ScalingPolicies"`
}

// SnapshotAASAction is a scheduled action.
type SnapshotAASAction struct {
	// Name is the ScheduledActionName, unique per target.
	Name string `json:"Name"`
	// Schedule is at(...), cron(...) or rate(...).
	Schedule string `json:"Schedule"`
	// Timezone is the IANA zone at(...) and cron(...) are read in; empty
	// for UTC.
	Timezone string `json:"Timezone,omitempty"`
	// Start is the StartTime; nil for none.
	Start *time.Time `json:"Start,omitempty"`
	// End is the EndTime; nil for none.
	End *time.Time `json:"End,omitempty"`
	// MinCapacity is the lower bound a firing sets, at least 0; nil
	// leaves it.
	MinCapacity *int `json:"MinCapacity,omitempty"`
	// MaxCapacity is the upper bound a firing sets, at least 0; nil
	// leaves it.
	MaxCapacity *int `json:"MaxCapacity,omitempty"`
	// Created is when the action was first put (its CreationTime).
	Created time.Time `json:"Created"`
	// ARN is the action's ScheduledActionARN.
	ARN string `json:"ARN"`
	// RanTo is the emulator time up to which the action's firings were
	// applied, so a restore neither runs them again nor skips any due since.
	RanTo time.Time `json:"RanTo"`
	// Sequence is the action's place in creation order (see
	// SnapshotAAS.Sequence).
	Sequence uint64 `json:"Sequence"`
}

// SnapshotAASScalingPolicy is a target-tracking policy.
type SnapshotAASScalingPolicy struct {
	// Name is the PolicyName, unique per target.
	Name string `json:"Name"`
	// TargetValue is the utilization to keep, 0.1-0.9.
	TargetValue float64 `json:"TargetValue"`
	// DisableScaleIn, when true, keeps the policy from scaling in; nil
	// for false.
	DisableScaleIn *bool `json:"DisableScaleIn,omitempty"`
	// ScaleInCooldown is the scale-in cooldown in seconds; nil for none
	// given.
	ScaleInCooldown *int `json:"ScaleInCooldown,omitempty"`
	// ScaleOutCooldown is the scale-out cooldown in seconds; nil for none
	// given.
	ScaleOutCooldown *int `json:"ScaleOutCooldown,omitempty"`
	// Created is when the policy was first put (its CreationTime).
	Created time.Time `json:"Created"`
	// ARN is the policy's PolicyARN.
	ARN string `json:"ARN"`
	// Alarms are the CloudWatch alarms made for the policy, as
	// DescribeScalingPolicies reports them.
	Alarms []aasAlarm `json:"Alarms,omitempty"`
	// Sequence is the policy's place in creation order (see
	// SnapshotAAS.Sequence).
	Sequence uint64 `json:"Sequence"`
}

// snapshotAASLocked returns the Application Auto Scaling state; nil when
// there is none, so snapshots of accounts that never used it stay as they
// were.
func (st *state) snapshotAASLocked() *SnapshotAAS {
	a := st.aas
	if len(a.targets) == 0 && len(a.inUse) == 0 && a.seq == 0 {
		return nil
	}
	out := &SnapshotAAS{Sequence: a.seq, InUse: maps.Clone(a.inUse)}
	if len(out.InUse) == 0 {
		out.InUse = nil
	}
	for _, t := range a.sortedTargets() {
		snapT := SnapshotAASTarget{ResourceID: t.resourceID, MinCapacity: t.min, MaxCapacity: t.max, Created: t.created,
			ARN: t.arn, SuspendedState: t.suspended, Sequence: t.seq}
		for _, x := range slices.SortedFunc(maps.Values(t.actions), func(x, y *aasAction) int { return cmp.Compare(x.seq, y.seq) }) {
			snapT.Actions = append(snapT.Actions, SnapshotAASAction{Name: x.name, Schedule: x.schedule, Timezone: x.timezone,
				Start: x.start, End: x.end, MinCapacity: x.min, MaxCapacity: x.max, Created: x.created, ARN: x.arn,
				RanTo: x.ranTo, Sequence: x.seq})
		}
		for _, p := range slices.SortedFunc(maps.Values(t.policies), func(x, y *aasPolicy) int { return cmp.Compare(x.seq, y.seq) }) {
			snapT.Policies = append(snapT.Policies, SnapshotAASScalingPolicy{Name: p.name, TargetValue: p.target,
				DisableScaleIn: p.disableScaleIn, ScaleInCooldown: p.scaleIn, ScaleOutCooldown: p.scaleOut,
				Created: p.created, ARN: p.arn, Alarms: slices.Clone(p.alarms), Sequence: p.seq})
		}
		out.Targets = append(out.Targets, snapT)
	}
	return out
}

// restoreAAS checks and rebuilds the Application Auto Scaling state of a
// snapshot against its restored Lambda functions; nil restores none.
func restoreAAS(snap *SnapshotAAS, functions map[string]*function) (*aasAccount, error) {
	a := newAASAccount()
	if snap == nil {
		return a, nil
	}
	a.seq = snap.Sequence
	for id, n := range snap.InUse {
		if _, _, ok := aasResource(id); !ok || n < 0 {
			return nil, fmt.Errorf("%w: Application Auto Scaling in-use count %q: %d", ErrSnapshot, id, n)
		}
		a.inUse[id] = n
	}
	for _, st := range snap.Targets {
		fn, q, ok := aasResource(st.ResourceID)
		bad := func(what string) error {
			return fmt.Errorf("%w: scalable target %q: %s", ErrSnapshot, st.ResourceID, what)
		}
		if !ok || a.targets[st.ResourceID] != nil {
			return nil, bad("resource id invalid or repeated")
		}
		f := functions[fn]
		if f == nil {
			return nil, bad("unknown function")
		}
		if _, isAlias := f.aliases[q]; !isAlias && !f.versions[q] {
			return nil, bad("unknown qualifier")
		}
		if st.MinCapacity < 0 || st.MaxCapacity < st.MinCapacity {
			return nil, bad("capacities out of order")
		}
		t := &aasTarget{resourceID: st.ResourceID, function: fn, qualifier: q, min: st.MinCapacity, max: st.MaxCapacity,
			created: st.Created, arn: st.ARN, suspended: st.SuspendedState, seq: st.Sequence,
			actions: map[string]*aasAction{}, policies: map[string]*aasPolicy{}}
		for _, sa := range st.Actions {
			if sa.Name == "" || t.actions[sa.Name] != nil {
				return nil, bad(fmt.Sprintf("scheduled action %q invalid or repeated", sa.Name))
			}
			x, err := cronexpr.Parse(sa.Schedule)
			if err != nil {
				return nil, bad(fmt.Sprintf("scheduled action %q: %v", sa.Name, err))
			}
			loc := time.UTC
			if sa.Timezone != "" {
				if loc, err = time.LoadLocation(sa.Timezone); err != nil || sa.Timezone == "Local" {
					return nil, bad(fmt.Sprintf("scheduled action %q: time zone %q", sa.Name, sa.Timezone))
				}
			}
			for _, c := range []*int{sa.MinCapacity, sa.MaxCapacity} {
				if c != nil && *c < 0 {
					return nil, bad(fmt.Sprintf("scheduled action %q: negative capacity", sa.Name))
				}
			}
			t.actions[sa.Name] = &aasAction{name: sa.Name, schedule: sa.Schedule, timezone: sa.Timezone, loc: loc, expr: x,
				start: sa.Start, end: sa.End, min: sa.MinCapacity, max: sa.MaxCapacity, created: sa.Created, arn: sa.ARN,
				ranTo: sa.RanTo, seq: sa.Sequence}
		}
		for _, sp := range st.Policies {
			if sp.Name == "" || t.policies[sp.Name] != nil || sp.TargetValue < 0.1 || sp.TargetValue > 0.9 {
				return nil, bad(fmt.Sprintf("scaling policy %q invalid or repeated", sp.Name))
			}
			t.policies[sp.Name] = &aasPolicy{name: sp.Name, target: sp.TargetValue, disableScaleIn: sp.DisableScaleIn,
				scaleIn: sp.ScaleInCooldown, scaleOut: sp.ScaleOutCooldown, created: sp.Created, arn: sp.ARN,
				alarms: slices.Clone(sp.Alarms), seq: sp.Sequence}
		}
		a.targets[st.ResourceID] = t
	}
	return a, nil
}
