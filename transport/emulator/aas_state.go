// This file is the Application Auto Scaling half of the emulated account:
// scalable targets on Lambda aliases and versions, their scheduled actions
// and target-tracking policies, and the execution of scheduled actions on
// the emulator's clock.
//
// Execution follows the service's documented behaviour: a scheduled action
// that comes due sets the target's MinCapacity and/or MaxCapacity, and the
// provisioned concurrency of the alias or version moves into the new
// [MinCapacity, MaxCapacity] (raised to the minimum, lowered to the
// maximum, left alone inside it). Registering a target applies its bounds
// the same way. The change is a Put made at the time the action fired, so
// it is IN_PROGRESS for ReadyAfter from then, like any allocation. Actions
// are run lazily, when the next operation of any protocol or of the Go API
// takes the state's lock (state.lock), for every firing up to now; between
// operations nothing happens, which a caller on a fake clock cannot tell
// apart.
//
// Target tracking is simulated from one knob, since the emulator runs no
// invocations: the concurrency in use of each alias or version
// (SetConcurrencyInUse). Until it is set for a target, the alarms have no
// data and tracking does nothing, as the service "cannot scale your
// scalable target until new data points are found". Otherwise, on every
// run each target-tracking policy asks for ceil(inUse / TargetValue) within
// [MinCapacity, MaxCapacity], or no less than the current amount with
// DisableScaleIn; the largest ask wins, as the service scales out when any
// policy says so and in only when all do. It takes effect at once: cooldowns and the
// CloudWatch alarms' evaluation periods are not simulated. With nothing in
// use (0 set) a tracked target therefore sits at its MinCapacity.

package emulator

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/provconc/provconc/internal/cronexpr"
)

// Service quotas of Application Auto Scaling (documented defaults).
const (
	aasMaxScheduledActions = 200 // per scalable target
	aasMaxPolicies         = 50  // per scalable target
	// aasMaxFirings bounds how many firings of one action a single run
	// walks through; the last one is what counts.
	aasMaxFirings = 1 << 20
)

// aasAccount holds the scalable targets by ResourceId. Guarded by state.mu.
type aasAccount struct {
	targets map[string]*aasTarget
	seq     uint64
	// inUse is the simulated concurrency in use by ResourceId.
	inUse map[string]int
}

func newAASAccount() *aasAccount {
	return &aasAccount{targets: map[string]*aasTarget{}, inUse: map[string]int{}}
}

// SetConcurrencyInUse sets how many concurrent executions of the alias or
// version are in use, the utilization Application Auto Scaling's target
// tracking reacts to (see the package's emulation of tracking in
// aas_state.go); until it is called for a target, tracking has no data and
// leaves the amount alone. It fails on a negative count.
func (s *Server) SetConcurrencyInUse(function, qualifier string, n int) error {
	if n < 0 {
		return fmt.Errorf("emulator: concurrency in use %d must be at least 0", n)
	}
	st := s.state
	st.lock()
	defer st.unlock()
	st.aas.inUse["function:"+function+":"+qualifier] = n
	return nil
}

// ScalableTargetBounds reports the MinCapacity and MaxCapacity of the
// alias's or version's scalable target as the emulator has them now, and
// whether it is registered.
func (s *Server) ScalableTargetBounds(function, qualifier string) (minCapacity, maxCapacity int, ok bool) {
	st := s.state
	st.lock()
	defer st.unlock()
	t := st.aas.targets["function:"+function+":"+qualifier]
	if t == nil {
		return 0, 0, false
	}
	return t.min, t.max, true
}

type aasTarget struct {
	resourceID string
	function   string
	qualifier  string
	min, max   int
	created    time.Time
	arn        string
	suspended  *aasSuspended
	actions    map[string]*aasAction
	policies   map[string]*aasPolicy
	seq        uint64
}

type aasSuspended struct {
	DynamicScalingInSuspended  *bool `json:"DynamicScalingInSuspended,omitempty"`
	DynamicScalingOutSuspended *bool `json:"DynamicScalingOutSuspended,omitempty"`
	ScheduledScalingSuspended  *bool `json:"ScheduledScalingSuspended,omitempty"`
}

type aasAction struct {
	name       string
	schedule   string
	timezone   string
	loc        *time.Location
	expr       cronexpr.Expression
	start, end *time.Time
	min, max   *int
	created    time.Time
	arn        string
	// ranTo is the time up to which the action's firings were applied.
	ranTo time.Time
	seq   uint64
}

type aasPolicy struct {
	name           string
	target         float64
	disableScaleIn *bool
	scaleIn        *int
	scaleOut       *int
	created        time.Time
	arn            string
	alarms         []aasAlarm
	seq            uint64
}

type aasAlarm struct {
	AlarmARN  string `json:"AlarmARN"`
	AlarmName string `json:"AlarmName"`
}

// next is the action's first firing after t within its bounds. A
// recurring action with a StartTime fires at it too: "If you specify a
// start time, Application Auto Scaling performs the action at this time,
// and then performs the action based on the specified recurrence" (User
// Guide).
func (a *aasAction) next(t time.Time) (time.Time, bool) {
	if a.start != nil && t.Before(*a.start) {
		if a.expr.Kind != cronexpr.KindAt && (a.end == nil || !a.start.After(*a.end)) {
			return *a.start, true
		}
		t = a.start.Add(-time.Nanosecond)
	}
	anchor := a.created
	if a.start != nil {
		anchor = *a.start
	}
	n, ok := a.expr.Next(t, a.loc, anchor)
	if !ok || (a.end != nil && n.After(*a.end)) {
		return time.Time{}, false
	}
	return n, true
}

// lastRate is the last firing of a rate(...) action in (ranTo, now],
// computed rather than walked, since a fake clock may jump years. The
// periods count from the StartTime, which is a firing itself (see next),
// else from the action's creation, which is not.
func (a *aasAction) lastRate(now time.Time) (time.Time, bool) {
	if a.expr.Kind != cronexpr.KindRate {
		return time.Time{}, false
	}
	anchor := a.created
	if a.start != nil {
		anchor = *a.start
	}
	upTo := now
	if a.end != nil && a.end.Before(upTo) {
		upTo = *a.end
	}
	if upTo.Before(anchor) {
		return time.Time{}, false
	}
	last := anchor.Add(upTo.Sub(anchor) / a.expr.Rate * a.expr.Rate)
	if a.start == nil && !last.After(anchor) || !last.After(a.ranTo) {
		return time.Time{}, false
	}
	return last, true
}

// firing is one scheduled action coming due.
type firing struct {
	at     time.Time
	target *aasTarget
	action *aasAction
}

// runSchedulesLocked applies every scheduled action that came due up to
// now: each action's last firing, in time order (an earlier firing of the
// same action sets the same bounds, so only the last one matters), actions
// due at the same instant in the order they were created, as the service
// runs a target's actions "in the order that they are specified"
// (Application Auto Scaling User Guide, scheduled scaling considerations).
// Target tracking follows. state.lock runs it before every operation.
func (st *state) runSchedulesLocked(now time.Time) {
	var due []firing
	for _, t := range st.aas.targets {
		suspended := t.suspended != nil && t.suspended.ScheduledScalingSuspended != nil && *t.suspended.ScheduledScalingSuspended
		for _, a := range t.actions {
			if suspended {
				// Actions that come due while suspended do not run later.
				a.ranTo = now
				continue
			}
			last, found := a.lastRate(now)
			cursor := a.ranTo
			for i := 0; i < aasMaxFirings && a.expr.Kind != cronexpr.KindRate; i++ {
				n, ok := a.next(cursor)
				if !ok || n.After(now) {
					break
				}
				last, found, cursor = n, true, n
			}
			a.ranTo = now
			if found {
				due = append(due, firing{at: last, target: t, action: a})
			}
		}
	}
	slices.SortFunc(due, func(x, y firing) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return cmp.Compare(x.action.seq, y.action.seq)
	})
	for _, f := range due {
		if f.action.min != nil {
			f.target.min = *f.action.min
		}
		if f.action.max != nil {
			f.target.max = *f.action.max
		}
		if f.target.min > f.target.max {
			// The service keeps the bounds ordered: a new minimum above the
			// maximum raises it, a new maximum below the minimum lowers it.
			if f.action.min != nil {
				f.target.max = f.target.min
			} else {
				f.target.min = f.target.max
			}
		}
		st.applyBoundsLocked(f.target, f.at)
	}
	st.trackAllLocked(now)
}

// trackAllLocked applies every target's tracking policies at now.
func (st *state) trackAllLocked(now time.Time) {
	for _, t := range st.aas.targets {
		st.trackLocked(t, now)
	}
}

// trackLocked applies the target's tracking policies at now.
func (st *state) trackLocked(t *aasTarget, now time.Time) {
	if len(t.policies) == 0 || t.suspended != nil && (t.suspended.DynamicScalingInSuspended != nil && *t.suspended.DynamicScalingInSuspended ||
		t.suspended.DynamicScalingOutSuspended != nil && *t.suspended.DynamicScalingOutSuspended) {
		return
	}
	f := st.functions[t.function]
	if f == nil {
		return
	}
	current := 0
	if c := f.configs[t.qualifier]; c != nil {
		current = c.requested
	}
	// No utilization known yet: the alarms have insufficient data, and
	// Application Auto Scaling "cannot scale your scalable target until new
	// data points are found" (User Guide, target tracking considerations).
	inUse, known := st.aas.inUse[t.resourceID]
	if !known {
		return
	}
	want := -1
	for _, p := range t.policies {
		// The small slack keeps 21/0.7 at 30, not 31 by rounding error.
		ask := int(math.Ceil(float64(inUse)/p.target - 1e-9))
		if p.disableScaleIn != nil && *p.disableScaleIn {
			ask = max(ask, current)
		}
		want = max(want, min(max(ask, t.min), t.max))
	}
	if want == current {
		return
	}
	if want == 0 {
		delete(f.configs, t.qualifier)
		return
	}
	_, _ = st.putLocked(t.function, t.qualifier, want, now)
}

// applyBoundsLocked moves the target's provisioned concurrency into
// [min, max] at time at. A change the account cannot take (over the
// unreserved minimum, say) leaves the amount as it is, as the service's
// scaling activity would fail.
func (st *state) applyBoundsLocked(t *aasTarget, at time.Time) {
	f := st.functions[t.function]
	if f == nil {
		return
	}
	current := 0
	if c := f.configs[t.qualifier]; c != nil {
		current = c.requested
	}
	want := min(max(current, t.min), t.max)
	if want == current {
		return
	}
	if want == 0 {
		delete(f.configs, t.qualifier)
		return
	}
	_, _ = st.putLocked(t.function, t.qualifier, want, at)
}

// sortedTargets returns the targets in registration order.
func (a *aasAccount) sortedTargets() []*aasTarget {
	out := make([]*aasTarget, 0, len(a.targets))
	for _, t := range a.targets {
		out = append(out, t)
	}
	slices.SortFunc(out, func(x, y *aasTarget) int { return cmp.Compare(x.seq, y.seq) })
	return out
}

// aasResource splits "function:NAME:QUALIFIER".
func aasResource(id string) (fn, q string, ok bool) {
	rest, ok := strings.CutPrefix(id, "function:")
	if !ok {
		return "", "", false
	}
	fn, q, ok = strings.Cut(rest, ":")
	if !ok || fn == "" || q == "" || strings.Contains(q, ":") {
		return "", "", false
	}
	return fn, q, true
}

// aasID is a UUID-shaped id from the account's sequence.
func (a *aasAccount) nextID(seed int64) string {
	a.seq++
	h := uint64(seed)*0x9E3779B97F4A7C15 ^ a.seq*0xBF58476D1CE4E5B9
	s := strconv.FormatUint(h, 16)
	s = strings.Repeat("0", 16-len(s)) + s
	t := strconv.FormatUint(a.seq, 16)
	t = strings.Repeat("0", 12-len(t)) + t
	return s[:8] + "-" + s[8:12] + "-4" + s[13:16] + "-8" + t[:3] + "-" + t
}

// SCFZone re-exports the zone the emulator runs SCF trigger crons in.
var scfZone = cronexpr.SCFZone
