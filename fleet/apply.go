// This file applies a Plan: bounded concurrency through one client per
// target, decreases and deletes before everything else so limits are never
// crossed on the way, each config read again just before it is changed,
// optional waits until READY, a report per config, and an interruption that
// lets the changes in flight finish.

package fleet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Outcome is what became of one change.
type Outcome string

// The outcomes.
const (
	// Applied: the change was made (and, with waiting, the config reached
	// READY).
	Applied Outcome = "applied"
	// Unchanged: nothing to do; the plan said no-op, or the config was
	// already as desired when read again.
	Unchanged Outcome = "unchanged"
	// Skipped: the config changed since the plan, so it was left alone;
	// plan again to see it.
	Skipped Outcome = "skipped"
	// Failed: the change (or its wait) failed; Result.Error says why.
	Failed Outcome = "failed"
	// NotStarted: the apply was interrupted before the change began.
	NotStarted Outcome = "not-started"
)

// Result is what became of one change of the plan.
type Result struct {
	Key
	// Action is the planned action.
	Action Action `json:"Action"`
	// Outcome is what happened.
	Outcome Outcome `json:"Outcome"`
	// Before is the config as read just before the change; nil when there
	// was none or it was not read.
	Before *Actual `json:"Before,omitempty"`
	// Requested is the amount set, as the service reports it (for SCF
	// utilization tracking, MinCapacity); 0 for a delete.
	Requested int `json:"Requested,omitempty"`
	// Status is the last status seen after the change: IN_PROGRESS after a
	// Put without waiting, READY or FAILED after a wait.
	Status provconc.Status `json:"Status,omitempty"`
	// Reason explains an Unchanged, Skipped or NotStarted outcome, or a
	// wait cut short.
	Reason string `json:"Reason,omitempty"`
	// Err is why the change failed; nil unless Outcome is Failed.
	Err error `json:"-"`
	// Error is Err's text, for JSON.
	Error string `json:"Error,omitempty"`
}

// Tally counts results by outcome.
type Tally struct {
	// Total is the number of changes in the plan; Applied, Unchanged,
	// Skipped, Failed and NotStarted count the outcomes so far.
	Total int `json:"Total"`
	// Applied counts the changes made (Outcome Applied).
	Applied int `json:"Applied"`
	// Unchanged counts the no-ops and the configs already as desired.
	Unchanged int `json:"Unchanged"`
	// Skipped counts the configs left alone as changed since the plan.
	Skipped int `json:"Skipped"`
	// Failed counts the changes (or waits) that failed.
	Failed int `json:"Failed"`
	// NotStarted counts the changes an interruption kept from beginning.
	NotStarted int `json:"NotStarted"`
	// InFlight counts changes being made now; Waiting those waiting for
	// READY. Both are 0 in a finished Report.
	InFlight int `json:"InFlight"`
	// Waiting counts the changes made and now waiting for READY.
	Waiting int `json:"Waiting"`
}

// Finished is how many changes have an outcome.
func (t Tally) Finished() int {
	return t.Applied + t.Unchanged + t.Skipped + t.Failed + t.NotStarted
}

func (t *Tally) add(o Outcome) {
	switch o {
	case Applied:
		t.Applied++
	case Unchanged:
		t.Unchanged++
	case Skipped:
		t.Skipped++
	case Failed:
		t.Failed++
	case NotStarted:
		t.NotStarted++
	}
}

// Report is the outcome of an Apply: one Result per change of the plan, in
// the plan's order.
type Report struct {
	// Results holds one result per change, in the plan's order.
	Results []Result `json:"Results"`
	// Tally counts the outcomes.
	Tally Tally `json:"Tally"`
	// Interrupted tells that the context ended before every change began.
	Interrupted bool `json:"Interrupted"`
}

// ErrIncomplete matches the error of a Report in which a change failed,
// was skipped or did not start.
var ErrIncomplete = errors.New("fleet: apply incomplete")

// Err returns nil when every change was applied or had nothing to do, and
// otherwise an error matching ErrIncomplete that counts what is left and
// joins each failure's error.
func (r *Report) Err() error {
	t := r.Tally
	if t.Failed+t.Skipped+t.NotStarted == 0 {
		return nil
	}
	errs := []error{fmt.Errorf("%w: %d failed, %d skipped as changed since the plan, %d not started", ErrIncomplete, t.Failed, t.Skipped, t.NotStarted)}
	for i := range r.Results {
		if res := &r.Results[i]; res.Outcome == Failed && res.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", res.Key, res.Err))
		}
	}
	return errors.Join(errs...)
}

// EventKind says what an Event reports.
type EventKind int

// The event kinds.
const (
	// EventStarted: a change is about to read its config again.
	EventStarted EventKind = iota + 1
	// EventChanged: the Put or Delete succeeded.
	EventChanged
	// EventWaiting: the change is made and its wait for READY begins.
	EventWaiting
	// EventPolled: a wait read the config (Event.Config).
	EventPolled
	// EventDone: the change has its outcome (Event.Result).
	EventDone
)

// Event reports progress of an Apply.
type Event struct {
	// Kind says what happened.
	Kind EventKind
	// Key is the config it happened to.
	Key Key
	// Config is the config a wait read; set for EventPolled.
	Config *provconc.Config
	// Result is the change's result; set for EventDone.
	Result *Result
	// Tally counts the outcomes so far.
	Tally Tally
}

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Concurrency bounds the changes in flight at once over all targets
	// (each a Get and a Put or Delete); default 16. The target's client
	// paces them further when the service throttles.
	Concurrency int
	// Wait waits after each Put until the config is READY (or FAILED, or
	// the wait's MaxWait passes), with provconc.WaitUntilReady.
	Wait bool
	// WaitOptions tune each wait (MaxWait, delays; tests inject Sleep and
	// Now).
	WaitOptions []func(*provconc.WaitOptions)
	// MaxWaiting bounds the waits at once; a change whose wait finds no
	// room holds its slot until one frees. Default 8 × Concurrency.
	MaxWaiting int
	// Scaling gives the ScalingAPI of each AWS target whose changes carry
	// a scaling plan (required then), and of the targets whose pruned
	// configs had one; nil when the plan has none.
	Scaling ScalingClients
	// Progress, if set, is called for each Event. Calls never overlap, so
	// it needs no lock of its own; it must not block for long.
	Progress func(Event)
}

// Apply makes the changes of plan through the clients, and reports what
// became of each.
//
// Deletes and decreases go first: all of them are made before any create or
// increase begins, so an account's or a function's limit is not crossed on
// the way. Each config is read again just before its change; one that
// changed since the plan is skipped (Outcome Skipped), and one already as
// desired is left alone (Unchanged), so applying a plan twice, or a stale
// plan after a partial failure, does no harm. A failed change does not stop
// the others. On SCF, which refuses a change while an allocation is under
// way, a config still allocating is waited for first.
//
// When ctx ends, no new change begins: the Puts and Deletes in flight are
// finished (their calls do not see the cancellation), waits stop where they
// are, the changes not begun are NotStarted and Report.Interrupted is set.
//
// The error is for a plan that cannot be applied at all (nil, another
// format); what failed per config is in the Report (see Report.Err).
func Apply(ctx context.Context, plan *Plan, clients Clients, opts ApplyOptions) (*Report, error) {
	if plan == nil {
		return nil, errors.New("fleet: Apply: plan is nil")
	}
	if clients == nil {
		return nil, errors.New("fleet: Apply: clients is nil")
	}
	if err := plan.check(); err != nil {
		return nil, err
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 16
	}
	if opts.MaxWaiting <= 0 {
		opts.MaxWaiting = 8 * opts.Concurrency
	}
	a := &applier{
		ctx:     ctx,
		opts:    opts,
		clients: clients,
		apis:    map[Target]apiOrError{},
		report:  &Report{Results: make([]Result, len(plan.Changes))},
		waitSem: make(chan struct{}, opts.MaxWaiting),
	}
	a.report.Tally.Total = len(plan.Changes)
	var first, second []int
	for i := range plan.Changes {
		c := &plan.Changes[i]
		a.report.Results[i] = Result{Key: c.Key, Action: c.Action}
		switch {
		case c.Action == NoOp:
			res := Result{Outcome: Unchanged, Before: c.Before, Requested: c.After.amount(), Reason: "as desired when planned"}
			if c.Before != nil {
				// The amount as read: a trigger's or a schedule's may stand
				// in for the entry's.
				res.Status, res.Requested = c.Before.Status, c.Before.Requested
			}
			a.finish(i, res, nil)
		case c.decreasing():
			first = append(first, i)
		default:
			second = append(second, i)
		}
	}
	a.run(plan, first)
	a.run(plan, second)
	a.waits.Wait()
	a.report.Interrupted = a.report.Tally.NotStarted > 0
	return a.report, nil
}

// applier is one run of Apply.
type applier struct {
	ctx     context.Context
	opts    ApplyOptions
	clients Clients
	waits   sync.WaitGroup
	waitSem chan struct{}

	mu          sync.Mutex // guards what follows, and serialises Progress
	apis        map[Target]apiOrError
	scalingAPIs map[Target]provconc.ScalingAPI
	report      *Report
}

type apiOrError struct {
	api API
	err error
}

// run makes the changes at indexes, at most Concurrency at once, and
// returns when each has begun and its change (not its wait) is done.
func (a *applier) run(plan *Plan, indexes []int) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(a.opts.Concurrency, len(indexes)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if a.ctx.Err() != nil {
					a.finish(i, Result{Outcome: NotStarted, Reason: "interrupted before it began"}, nil)
					continue
				}
				a.change(i, &plan.Changes[i])
			}
		}()
	}
	sent := 0
feed:
	for _, i := range indexes {
		select {
		case work <- i:
			sent++
		case <-a.ctx.Done():
			break feed
		}
	}
	close(work)
	for _, i := range indexes[sent:] {
		a.finish(i, Result{Outcome: NotStarted, Reason: "interrupted before it began"}, nil)
	}
	wg.Wait()
}

// change reads config i again and makes its change; a wait, if any, goes
// on in its own goroutine once there is room for it.
func (a *applier) change(i int, c *Change) {
	a.emit(Event{Kind: EventStarted, Key: c.Key}, func(t *Tally) { t.InFlight++ })
	api, res, wait := a.do(c)
	if c.Action != Delete && (res.Outcome == Applied || res.Outcome == Unchanged) {
		changed, err := a.scale(c)
		switch {
		case err != nil:
			res.Outcome, res.Err, wait = Failed, fmt.Errorf("scaling: %w", err), false
		case changed && res.Outcome == Unchanged:
			res.Outcome, res.Reason = Applied, ""
		}
	}
	if res.Outcome == Applied {
		a.emit(Event{Kind: EventChanged, Key: c.Key}, nil)
	}
	if !wait {
		a.finish(i, res, func(t *Tally) { t.InFlight-- })
		return
	}
	a.emit(Event{Kind: EventWaiting, Key: c.Key}, func(t *Tally) { t.InFlight--; t.Waiting++ })
	a.waitSem <- struct{}{}
	a.waits.Add(1)
	go func() {
		defer a.waits.Done()
		defer func() { <-a.waitSem }()
		a.finish(i, a.wait(api, c, res), func(t *Tally) { t.Waiting-- })
	}()
}

// do reads the config again and makes the change. It tells whether a wait
// should follow.
func (a *applier) do(c *Change) (API, Result, bool) {
	api, err := a.api(c.Target)
	if err != nil {
		return nil, Result{Outcome: Failed, Err: err}, false
	}
	// Once begun, a change is finished even if the apply is interrupted:
	// its calls do not see the cancellation (the client's own retry limits
	// still bound them).
	ctx := context.WithoutCancel(a.ctx)
	current, err := readConfig(ctx, api, c.Key)
	if err != nil {
		return api, Result{Outcome: Failed, Err: fmt.Errorf("reading it again before the change: %w", err)}, false
	}
	if c.Cloud == Tencent && current != nil && current.Status == provconc.StatusInProgress && !a.matches(c, current) {
		// SCF refuses a Put or Delete while an allocation is under way
		// (FailedOperation.ProvisionedInProgress): let it settle first.
		// Interrupting this wait leaves the change not begun.
		if _, err := provconc.WaitUntilReady(a.ctx, api, getInput(c.Key), a.opts.WaitOptions...); err != nil && a.ctx.Err() != nil {
			return api, Result{Outcome: NotStarted, Before: current, Reason: "interrupted while an allocation under way settled"}, false
		}
		if current, err = readConfig(ctx, api, c.Key); err != nil {
			return api, Result{Outcome: Failed, Err: fmt.Errorf("reading it again before the change: %w", err)}, false
		}
	}
	res := Result{Before: current}
	if c.Action == Delete {
		switch {
		case current == nil:
			res.Outcome, res.Reason = Unchanged, "already deleted"
			if changed, err := a.scale(c); err != nil {
				res.Outcome, res.Err = Failed, fmt.Errorf("scaling: %w", err)
			} else if changed {
				res.Outcome, res.Reason = Applied, ""
			}
		case !sameActual(current, c.Before):
			res.Outcome, res.Reason = Skipped, stale(c.Before, current)
		default:
			// The scaling goes first: its schedules and tracking would put
			// the config back.
			if _, err := a.scale(c); err != nil {
				res.Outcome, res.Err = Failed, fmt.Errorf("scaling: %w", err)
			} else if _, err := api.Delete(ctx, deleteInput(c.Key)); err != nil {
				res.Outcome, res.Err = Failed, err
			} else {
				res.Outcome = Applied
			}
		}
		return api, res, false
	}

	in := c.After.PutInput()
	if current != nil && c.After.keepsAmount(current.Requested) {
		// The amount in force is a trigger action's or the AWS scaling
		// plan's: keep it, so that changing the actions (or putting a
		// FAILED allocation again) does not undo the one that fired last.
		in.ProvisionedConcurrentExecutions = current.Requested
	}
	res.Requested = in.ProvisionedConcurrentExecutions
	if c.After.tracking() {
		res.Requested = c.After.amount()
	}
	switch {
	case a.matches(c, current):
		res.Outcome, res.Reason, res.Status, res.Requested = Unchanged, "already as desired", current.Status, current.Requested
		// An allocation still under way is waited for like a new one.
		return api, res, a.opts.Wait && current.Status == provconc.StatusInProgress
	case !sameActual(current, c.Before):
		res.Outcome, res.Reason = Skipped, stale(c.Before, current)
		return api, res, false
	}
	out, err := api.Put(ctx, in)
	if err != nil {
		res.Outcome, res.Err = Failed, err
		return api, res, false
	}
	res.Outcome, res.Status = Applied, out.Status
	if res.Status == "" {
		res.Status = provconc.StatusInProgress
	}
	return api, res, a.opts.Wait
}

// scale makes the AWS scaling plan of c the wanted one: after the config's
// own change, a create or update puts the entry's plan (an empty one
// removes it); before it, a delete removes the plan the config had, whose
// schedules and tracking would otherwise put the config back. It reads the plan
// again first and changes nothing when it is as wanted, and tells whether
// it changed anything.
func (a *applier) scale(c *Change) (bool, error) {
	var want *Scaling
	switch {
	case c.Action == Delete && c.Cloud == AWS && (c.ScalingBefore != nil || a.opts.Scaling != nil):
		want = &Scaling{}
	case c.Action != Delete && c.After != nil && c.After.awsScaling():
		want = c.After.Scaling
	default:
		return false, nil
	}
	api, err := a.scalingAPI(c.Target)
	if err != nil {
		return false, err
	}
	ctx := context.WithoutCancel(a.ctx)
	have, err := readScaling(ctx, api, c.Key)
	if err != nil {
		return false, fmt.Errorf("reading it again before the change: %w", err)
	}
	if scalingDifference(want, have) == "" {
		return false, nil
	}
	if want.empty() {
		_, err = api.DeleteScaling(ctx, &provconc.DeleteScalingInput{FunctionName: c.FunctionName, Qualifier: c.Qualifier})
		return err == nil, err
	}
	plan, err := want.Plan()
	if err != nil {
		return false, err
	}
	_, err = api.PutScaling(ctx, &provconc.PutScalingInput{FunctionName: c.FunctionName, Qualifier: c.Qualifier, Plan: plan})
	return err == nil, err
}

// scalingAPI returns the target's ScalingAPI, asking once per target.
func (a *applier) scalingAPI(t Target) (provconc.ScalingAPI, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if api, ok := a.scalingAPIs[t]; ok {
		return api, nil
	}
	apis, err := resolveScaling([]Target{t}, a.opts.Scaling)
	if err != nil {
		return nil, err
	}
	if a.scalingAPIs == nil {
		a.scalingAPIs = map[Target]provconc.ScalingAPI{}
	}
	a.scalingAPIs[t] = apis[t]
	return apis[t], nil
}

// wait waits until the config of c is READY and completes res with the
// outcome.
func (a *applier) wait(api API, c *Change, res Result) Result {
	opts := append([]func(*provconc.WaitOptions){}, a.opts.WaitOptions...)
	opts = append(opts, func(o *provconc.WaitOptions) {
		theirs := o.Progress
		o.Progress = func(cfg provconc.Config) {
			if theirs != nil {
				theirs(cfg)
			}
			a.emit(Event{Kind: EventPolled, Key: c.Key, Config: &cfg}, nil)
		}
	})
	out, err := provconc.WaitUntilReady(a.ctx, api, getInput(c.Key), opts...)
	var failed *provconc.AllocationFailedError
	switch {
	case err == nil:
		res.Status = out.Status
	case errors.As(err, &failed):
		res.Outcome, res.Status, res.Err = Failed, provconc.StatusFailed, err
	case a.ctx.Err() != nil:
		res.Reason = strings.TrimPrefix(res.Reason+"; ", "; ") + "the wait was interrupted before READY"
	default:
		res.Outcome, res.Err = Failed, err
	}
	return res
}

// matches reports whether current is already what c wants.
func (a *applier) matches(c *Change, current *Actual) bool {
	if c.Action == Delete {
		return current == nil
	}
	return current != nil && difference(c.After, current) == ""
}

// stale explains a config that changed since the plan.
func stale(planned, now *Actual) string {
	return "changed since the plan: planned from " + planned.String() + ", now " + now.String()
}

// api returns the target's client, asking Clients once per target.
func (a *applier) api(t Target) (API, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	got, ok := a.apis[t]
	if !ok {
		got.api, got.err = a.clients(t)
		if got.err == nil && got.api == nil {
			got.err = errors.New("Clients returned no client")
		}
		if got.err != nil {
			got.err = fmt.Errorf("fleet: client for %s: %w", t, got.err)
		}
		a.apis[t] = got
	}
	return got.api, got.err
}

// finish records the result of change i, updates the tally with update
// (if any) and the outcome, and reports EventDone.
func (a *applier) finish(i int, res Result, update func(*Tally)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := &a.report.Results[i]
	res.Key, res.Action = r.Key, r.Action
	if res.Err != nil {
		res.Error = res.Err.Error()
	}
	*r = res
	if update != nil {
		update(&a.report.Tally)
	}
	a.report.Tally.add(res.Outcome)
	if a.opts.Progress != nil {
		done := *r
		a.opts.Progress(Event{Kind: EventDone, Key: r.Key, Result: &done, Tally: a.report.Tally})
	}
}

// emit updates the tally and reports ev.
func (a *applier) emit(ev Event, update func(*Tally)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if update != nil {
		update(&a.report.Tally)
	}
	if a.opts.Progress != nil {
		ev.Tally = a.report.Tally
		a.opts.Progress(ev)
	}
}

// readConfig reads one config; nil when it has none.
func readConfig(ctx context.Context, api API, k Key) (*Actual, error) {
	out, err := api.Get(ctx, getInput(k))
	if errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a := actualOf(&out.Config)
	return &a, nil
}

func getInput(k Key) *provconc.GetInput {
	in := &provconc.GetInput{FunctionName: k.FunctionName, Qualifier: k.Qualifier}
	if k.Cloud == Tencent {
		in.Extension = &tencentscf.Scope{Namespace: k.Namespace}
	}
	return in
}

func deleteInput(k Key) *provconc.DeleteInput {
	in := &provconc.DeleteInput{FunctionName: k.FunctionName, Qualifier: k.Qualifier}
	if k.Cloud == Tencent {
		in.Extension = &tencentscf.Scope{Namespace: k.Namespace}
	}
	return in
}
