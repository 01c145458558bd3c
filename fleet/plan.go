// This file reads the actual state (one List per function, in parallel,
// bounded) and diffs it against a Desired state into a Plan: a value that
// can be printed, saved as JSON and applied later.

package fleet

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// API is the part of a provconc.Client that plan and apply use. A
// *provconc.Client satisfies it.
type API interface {
	provconc.PutAPI
	provconc.GetAPI
	provconc.ListAPI
	provconc.DeleteAPI
}

// Clients returns the client for a target. MakePlan and Apply each call it
// once per target and send every call for that target through the one
// client, so its rate limiter paces all of them together; it should return
// the same client for a target every time (see CachedClients). An error
// fails the plan, or every change of the target in Apply.
type Clients func(Target) (API, error)

// CachedClients returns Clients that build each target's client with
// newClient once and hand out that one client from then on, so a plan and
// the apply that follows share its rate limiter. A failed build is not
// cached. It is safe for concurrent use.
func CachedClients(newClient func(Target) (API, error)) Clients {
	var mu sync.Mutex
	built := map[Target]API{}
	return func(t Target) (API, error) {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := built[t]; ok {
			return c, nil
		}
		c, err := newClient(t)
		if err != nil {
			return nil, err
		}
		built[t] = c
		return c, nil
	}
}

// StaticClients returns Clients that look targets up in m; a missing target
// is an error naming it.
func StaticClients(m map[Target]API) Clients {
	return func(t Target) (API, error) {
		if c, ok := m[t]; ok && c != nil {
			return c, nil
		}
		return nil, errors.New("no client given for this target")
	}
}

// Action is what a plan does to one config.
type Action string

// The actions.
const (
	// Create puts a config the service does not have.
	Create Action = "create"
	// Update puts a config whose settings differ (or whose last allocation
	// FAILED, which a new Put retries).
	Update Action = "update"
	// Delete removes a config of a function in the prune scope that the
	// desired state does not list. Only with PlanOptions.Prune.
	Delete Action = "delete"
	// NoOp leaves a config that is already as desired.
	NoOp Action = "no-op"
)

// Actual is a config as read from the service: what a plan compares and
// what Apply checks again before a change.
type Actual struct {
	// Requested is the amount set (SCF: the amount SCF reports, which for
	// utilization tracking is the minimum).
	Requested int `json:"Requested"`
	// Status is the allocation's status when read.
	Status provconc.Status `json:"Status,omitempty"`
	// StatusReason says why an allocation FAILED.
	StatusReason string `json:"StatusReason,omitempty"`
	// TriggerActions are SCF's scheduled actions; nil on AWS.
	TriggerActions []TriggerAction `json:"TriggerActions,omitempty"`
}

// Change is one config of a plan: its key, what to do, the state it was
// planned from and the state wanted.
type Change struct {
	Key
	// Action is what to do.
	Action Action `json:"Action"`
	// Before is the config as read when planning; nil when there was none.
	Before *Actual `json:"Before,omitempty"`
	// After is the desired entry; nil for Delete.
	After *Entry `json:"After,omitempty"`
	// Reason says why the config changes (or why it does not).
	Reason string `json:"Reason,omitempty"`
	// ScalingBefore is the AWS scaling plan read when planning, for an
	// entry with Scaling or a pruned config; nil when there was none or it
	// was not read. (On SCF the plan is in Before.TriggerActions.)
	ScalingBefore *Scaling `json:"ScalingBefore,omitempty"`
	// ScalingReason says how the AWS scaling plan changes; empty when it
	// stays as it is.
	ScalingReason string `json:"ScalingReason,omitempty"`
}

// KeepsAmount reports whether Apply keeps the amount read when planning
// rather than put the entry's, which differs: an SCF update (a changed
// trigger action, say) of a config whose amount is one the entry's trigger
// actions set, with no utilization tracking; or an update of an AWS config
// whose entry has a scaling plan, which owns the amount (a FAILED
// allocation is put again at the amount it asked for). Such an update
// moves no capacity; only its Reason's settings change.
func (c *Change) KeepsAmount() bool {
	return c.Action == Update && c.Before != nil && c.After != nil &&
		c.Before.Requested != c.After.amount() && c.After.keepsAmount(c.Before.Requested)
}

// decreasing reports whether the change gives capacity back: a delete, or
// an update to a smaller amount that Apply puts (not one that keeps the
// amount read). Apply runs these before the others.
func (c *Change) decreasing() bool {
	switch c.Action {
	case Delete:
		return true
	case Update:
		return c.Before != nil && c.After != nil && !c.KeepsAmount() && c.After.amount() < c.Before.Requested
	}
	return false
}

// PlanFormat is the Format of a Plan written by this package; ReadPlan
// refuses any other.
const PlanFormat = "provconc.fleet.plan/v1"

// Plan is what applying a desired state would change. It is a plain value:
// write it with json.Marshal, read it back with ReadPlan, apply it later;
// Apply checks each config again before changing it.
type Plan struct {
	// Format is PlanFormat.
	Format string `json:"Format"`
	// Source is the desired state's Source.
	Source string `json:"Source,omitempty"`
	// Prune tells whether deletes were planned.
	Prune bool `json:"Prune"`
	// Changes holds one change per config, no-ops included, ordered by
	// target, namespace, function and qualifier.
	Changes []Change `json:"Changes"`
}

// Counts counts a plan's changes by action.
type Counts struct {
	// Create, Update, Delete and NoOp count the changes of each action.
	Create int `json:"Create"`
	// Update counts the configs to change.
	Update int `json:"Update"`
	// Delete counts the configs to delete (pruning only).
	Delete int `json:"Delete"`
	// NoOp counts the configs already as desired.
	NoOp int `json:"NoOp"`
}

// Counts counts the plan's changes by action.
func (p *Plan) Counts() Counts {
	var c Counts
	for i := range p.Changes {
		switch p.Changes[i].Action {
		case Create:
			c.Create++
		case Update:
			c.Update++
		case Delete:
			c.Delete++
		default:
			c.NoOp++
		}
	}
	return c
}

// HasChanges reports whether applying the plan would change anything.
func (p *Plan) HasChanges() bool {
	c := p.Counts()
	return c.Create+c.Update+c.Delete > 0
}

// ReadPlan reads a plan written with json.Marshal, and refuses one of
// another format or with changes it could not apply.
func ReadPlan(r io.Reader) (*Plan, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("fleet: reading plan: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &p, nil
}

// check refuses a plan Apply cannot run: another format, unknown actions,
// changes without the entry they need, and entries the rules refuse.
func (p *Plan) check() error {
	if p.Format != PlanFormat {
		return fmt.Errorf("fleet: plan format %q: want %q", p.Format, PlanFormat)
	}
	seen := make(map[Key]bool, len(p.Changes))
	for i := range p.Changes {
		c := &p.Changes[i]
		bad := func(rule string) error {
			return fmt.Errorf("fleet: plan change %d (%s): %s", i, c.Key, rule)
		}
		switch c.Action {
		case Create, Update, NoOp:
			if c.After == nil {
				return bad("has no After entry")
			}
			if _, err := c.After.check(); err != nil {
				return bad(err.Error())
			}
			if c.After.Key() != c.Key {
				return bad("its After entry names another config")
			}
		case Delete:
			s := Scope{Cloud: c.Cloud, Region: c.Region, Namespace: c.Namespace, FunctionName: c.FunctionName}
			if _, err := s.check(); err != nil {
				return bad(err.Error())
			}
			if c.Qualifier == "" {
				return bad("has no Qualifier")
			}
		default:
			return bad(fmt.Sprintf("unknown action %q", c.Action))
		}
		if seen[c.Key] {
			return bad("appears twice")
		}
		seen[c.Key] = true
	}
	return nil
}

// PlanOptions tune MakePlan.
type PlanOptions struct {
	// Prune plans a delete for each config of a function in the desired
	// state's Prune scope that the state does not list. Without it nothing
	// is ever deleted.
	Prune bool
	// Concurrency bounds the Lists in flight at once over all targets;
	// default 8.
	Concurrency int
	// Scaling gives the ScalingAPI of each AWS target whose entries carry
	// Scaling (required then), and lets Prune remove the scaling of the
	// configs it deletes; nil when the state has no AWS scaling plans.
	Scaling ScalingClients
}

// ReadError reports a function whose configs could not be read.
type ReadError struct {
	// Target, Namespace (SCF) and FunctionName name the function.
	Target Target
	// Namespace is the SCF namespace; empty on AWS.
	Namespace string
	// FunctionName is the bare function name.
	FunctionName string
	// Err is why the read failed.
	Err error
}

// Error names the function and the cause.
func (e *ReadError) Error() string {
	fn := e.FunctionName
	if e.Namespace != "" {
		fn = e.Namespace + "/" + fn
	}
	return "fleet: reading " + e.Target.String() + " " + fn + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ReadError) Unwrap() error { return e.Err }

// MakePlan reads the configs of every function the desired state names
// (one List walk per function, at most PlanOptions.Concurrency at once,
// through the target's client) and diffs them against it. A function that
// cannot be read fails the plan: the error joins a *ReadError per function.
// The desired state is validated first.
func MakePlan(ctx context.Context, d *Desired, clients Clients, opts PlanOptions) (*Plan, error) {
	if d == nil {
		return nil, errors.New("fleet: MakePlan: desired state is nil")
	}
	if clients == nil {
		return nil, errors.New("fleet: MakePlan: clients is nil")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}

	// Group the entries by function; note the functions in scope.
	wanted := map[functionKey][]*Entry{}
	for i := range d.Configs {
		e := &d.Configs[i]
		k := e.Key()
		fk := functionKey{Target: k.Target, Namespace: k.Namespace, FunctionName: k.FunctionName}
		wanted[fk] = append(wanted[fk], e)
	}
	inScope := map[functionKey]bool{}
	for i := range d.Prune {
		fk := d.Prune[i].function()
		inScope[fk] = true
		// A function only in the scope is read only when pruning.
		if _, ok := wanted[fk]; !ok && opts.Prune {
			wanted[fk] = nil
		}
	}
	functions := make([]functionKey, 0, len(wanted))
	for fk := range wanted {
		functions = append(functions, fk)
	}
	slices.SortFunc(functions, compareFunctions)

	apis, clientErr := resolveClients(functions, clients)
	var scalingTargets []Target
	for _, fk := range functions {
		if fk.Cloud != AWS {
			continue
		}
		need := opts.Prune && inScope[fk] && opts.Scaling != nil
		for _, e := range wanted[fk] {
			need = need || e.awsScaling()
		}
		if need {
			scalingTargets = append(scalingTargets, fk.Target)
		}
	}
	scalingAPIs, scalingErr := resolveScaling(scalingTargets, opts.Scaling)
	clientErr = errors.Join(clientErr, scalingErr)

	// Read every function, bounded.
	actual := make([]map[string]Actual, len(functions))
	scaling := make([]map[string]*Scaling, len(functions))
	errs := make([]error, len(functions)+1)
	errs[len(functions)] = clientErr
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, fk := range functions {
		if apis[fk.Target] == nil {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			actual[i], errs[i] = readFunction(ctx, apis[fk.Target], fk)
			if errs[i] == nil && scalingAPIs[fk.Target] != nil {
				scaling[i], errs[i] = readFunctionScaling(ctx, scalingAPIs[fk.Target], fk, wanted[fk], actual[i], opts.Prune && inScope[fk])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p := &Plan{Format: PlanFormat, Source: d.Source, Prune: opts.Prune}
	for i, fk := range functions {
		p.Changes = append(p.Changes, diffFunction(fk, wanted[fk], actual[i], scaling[i], opts.Prune && inScope[fk])...)
	}
	return p, nil
}

// resolveClients asks clients once per target.
func resolveClients(functions []functionKey, clients Clients) (map[Target]API, error) {
	apis := map[Target]API{}
	var errs []error
	for _, fk := range functions {
		if _, done := apis[fk.Target]; done {
			continue
		}
		api, err := clients(fk.Target)
		if err == nil && api == nil {
			err = errors.New("Clients returned no client")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("fleet: client for %s: %w", fk.Target, err))
		}
		apis[fk.Target] = api
	}
	return apis, errors.Join(errs...)
}

// readFunction lists every config of one function.
func readFunction(ctx context.Context, api API, fk functionKey) (map[string]Actual, error) {
	in := &provconc.ListInput{FunctionName: fk.FunctionName}
	if fk.Cloud == Tencent {
		in.Extension = &tencentscf.Scope{Namespace: fk.Namespace}
	}
	out := map[string]Actual{}
	for cfg, err := range provconc.ListAll(ctx, api, in) {
		if err != nil {
			return nil, &ReadError{Target: fk.Target, Namespace: fk.Namespace, FunctionName: fk.FunctionName, Err: err}
		}
		out[cfg.Qualifier] = actualOf(&cfg)
	}
	return out, nil
}

// actualOf keeps what a plan compares of a config.
func actualOf(cfg *provconc.Config) Actual {
	a := Actual{Requested: cfg.Requested, Status: cfg.Status, StatusReason: cfg.StatusReason}
	if d, ok := cfg.Extension.(*tencentscf.ConfigDetails); ok && d != nil {
		for _, t := range d.TriggerActions {
			a.TriggerActions = append(a.TriggerActions, TriggerAction{
				TriggerName: t.TriggerName, TriggerProvisionedConcurrencyNum: t.TriggerProvisionedConcurrencyNum,
				TriggerCronConfig: t.TriggerCronConfig, ProvisionedType: string(t.ProvisionedType),
			})
		}
	}
	return a
}

// readFunctionScaling reads the AWS scaling plans of the function's
// entries that carry Scaling and, when pruning, of its configs the state
// does not list.
func readFunctionScaling(ctx context.Context, api provconc.ScalingAPI, fk functionKey, entries []*Entry, actual map[string]Actual, prune bool) (map[string]*Scaling, error) {
	out := map[string]*Scaling{}
	read := func(q string) error {
		s, err := readScaling(ctx, api, Key{Target: fk.Target, FunctionName: fk.FunctionName, Qualifier: q})
		if err != nil {
			return &ReadError{Target: fk.Target, FunctionName: fk.FunctionName, Err: fmt.Errorf("scaling of %s: %w", q, err)}
		}
		out[q] = s
		return nil
	}
	listed := map[string]bool{}
	for _, e := range entries {
		listed[e.Qualifier] = true
		if e.awsScaling() {
			if err := read(e.Qualifier); err != nil {
				return nil, err
			}
		}
	}
	if prune {
		for q := range actual {
			if !listed[q] {
				if err := read(q); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// diffFunction plans one function's configs, ordered by qualifier.
func diffFunction(fk functionKey, entries []*Entry, actual map[string]Actual, scaling map[string]*Scaling, prune bool) []Change {
	var out []Change
	listed := make(map[string]bool, len(entries))
	for _, e := range entries {
		listed[e.Qualifier] = true
		c := Change{Key: e.Key(), After: e}
		if a, ok := actual[e.Qualifier]; ok {
			before := a
			c.Before = &before
			if why := difference(e, &a); why != "" {
				c.Action, c.Reason = Update, why
			} else {
				c.Action = NoOp
			}
		} else {
			c.Action, c.Reason = Create, "no config"
		}
		if e.awsScaling() {
			c.ScalingBefore = scaling[e.Qualifier]
			c.ScalingReason = scalingDifference(e.Scaling, c.ScalingBefore)
			if c.ScalingReason != "" && c.Action == NoOp {
				c.Action, c.Reason = Update, c.ScalingReason
			}
		}
		out = append(out, c)
	}
	if prune {
		for q, a := range actual {
			if listed[q] {
				continue
			}
			before := a
			c := Change{
				Key:    Key{Target: fk.Target, Namespace: fk.Namespace, FunctionName: fk.FunctionName, Qualifier: q},
				Action: Delete, Before: &before, Reason: "not in the desired state; function in the prune scope",
			}
			if s := scaling[q]; s != nil {
				c.ScalingBefore, c.ScalingReason = s, "scaling: removed with the config"
			}
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return compareQualifiers(a.Qualifier, b.Qualifier) })
	return out
}

// difference says how the actual config differs from the entry; empty when
// it is as desired.
func difference(e *Entry, a *Actual) string {
	e = e.scfEffective()
	var why []string
	if want := e.amount(); a.Requested != want && !e.scalingOwnsAmount() && !e.keepsTriggerAmount(a.Requested) {
		reason := fmt.Sprintf("ProvisionedConcurrentExecutions %d -> %d", a.Requested, want)
		if len(e.TriggerActions) > 0 {
			reason += " (none of its trigger actions sets " + strconv.Itoa(a.Requested) + ")"
		}
		why = append(why, reason)
	}
	if e.Cloud == Tencent && !sameTriggers(e.TriggerActions, a.TriggerActions) {
		why = append(why, "TriggerActions differ")
	}
	if a.Status == provconc.StatusFailed {
		reason := "last allocation FAILED"
		if a.StatusReason != "" {
			reason += " (" + a.StatusReason + ")"
		}
		why = append(why, reason+"; putting it again")
	}
	return strings.Join(why, "; ")
}

// amount is the amount the service reports once the entry is applied: SCF
// reports MinCapacity for utilization tracking.
func (e *Entry) amount() int {
	e = e.scfEffective()
	if e.tracking() {
		return e.MinCapacity
	}
	return e.ProvisionedConcurrentExecutions
}

// sameTriggers compares scheduled actions as SCF keeps them: in any order,
// a cron expression's spacing aside, no type meaning Default.
func sameTriggers(want, have []TriggerAction) bool {
	if len(want) != len(have) {
		return false
	}
	norm := func(ts []TriggerAction) []TriggerAction {
		out := make([]TriggerAction, len(ts))
		for i, t := range ts {
			t.TriggerCronConfig = strings.Join(strings.Fields(t.TriggerCronConfig), " ")
			if t.ProvisionedType == "" {
				t.ProvisionedType = string(tencentscf.ProvisionedTypeDefault)
			}
			out[i] = t
		}
		slices.SortFunc(out, func(a, b TriggerAction) int { return cmp.Compare(a.TriggerName, b.TriggerName) })
		return out
	}
	return slices.Equal(norm(want), norm(have))
}

// sameActual reports whether two reads of a config show the same settings
// (the allocation's progress aside).
func sameActual(a, b *Actual) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Requested == b.Requested && (a.Status == provconc.StatusFailed) == (b.Status == provconc.StatusFailed) &&
		sameTriggers(a.TriggerActions, b.TriggerActions)
}

func compareFunctions(a, b functionKey) int {
	return cmp.Or(
		cmp.Compare(a.Cloud, b.Cloud), cmp.Compare(a.Region, b.Region),
		cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.FunctionName, b.FunctionName))
}

// compareQualifiers orders versions numerically, before aliases by name;
// it is a total order, so a plan's order does not depend on the file's.
func compareQualifiers(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		// "1" and "01" are one number, two qualifiers.
		return cmp.Or(cmp.Compare(na, nb), cmp.Compare(a, b))
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return cmp.Compare(a, b)
}

// String describes an Actual: "10 READY".
func (a *Actual) String() string {
	if a == nil {
		return "none"
	}
	s := strconv.Itoa(a.Requested)
	if a.Status != "" {
		s += " " + string(a.Status)
	}
	if len(a.TriggerActions) > 0 {
		s += fmt.Sprintf(" with %d trigger action(s)", len(a.TriggerActions))
	}
	return s
}
