// End-to-end tests of plan and apply against the in-process emulator:
// create, update, no-op and re-apply; partial failure and the apply that
// finishes the job; staleness; prune scope; interruption; the order that
// keeps limits uncrossed; SCF settings; a saved plan.

package fleet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

var (
	east = fleet.Target{Cloud: fleet.AWS, Region: "us-east-1"}
	west = fleet.Target{Cloud: fleet.AWS, Region: "us-west-2"}
	gz   = fleet.Target{Cloud: fleet.Tencent, Region: "ap-guangzhou"}
)

// countingAPI counts the changes sent through a client.
type countingAPI struct {
	fleet.API
	puts, deletes atomic.Int64
}

func (c *countingAPI) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	c.puts.Add(1)
	return c.API.Put(ctx, in)
}

func (c *countingAPI) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	c.deletes.Add(1)
	return c.API.Delete(ctx, in)
}

const twoRegions = `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 20}
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: "2", ProvisionedConcurrentExecutions: 5}
  - {Cloud: aws, Region: us-east-1, FunctionName: search, Qualifier: live, ProvisionedConcurrentExecutions: 8}
  - {Cloud: aws, Region: us-west-2, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 3}
`

func TestPlanApplyThenReapplyChangesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east, west)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "1"})
	w.lambdaFunction(east, "search", 1, map[string]string{"live": "1"})
	w.lambdaFunction(west, "checkout", 1, map[string]string{"live": "1"})
	w.put(east, "checkout", "live", 10) // to update
	w.put(east, "search", "live", 8)    // already as desired
	w.settle()
	d := mustParse(t, "fleet.yaml", twoRegions)

	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	want := map[string]fleet.Action{
		"aws/us-east-1 checkout:2":    fleet.Create,
		"aws/us-east-1 checkout:live": fleet.Update,
		"aws/us-east-1 search:live":   fleet.NoOp,
		"aws/us-west-2 checkout:live": fleet.Create,
	}
	if got := actions(p); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("plan actions = %v, want %v", got, want)
	}
	if !p.HasChanges() || p.Counts() != (fleet.Counts{Create: 2, Update: 1, NoOp: 1}) {
		t.Errorf("Counts = %+v, HasChanges %v", p.Counts(), p.HasChanges())
	}

	var polled, done atomic.Int64
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{
		Wait: true, WaitOptions: w.clock.waitFns(),
		Progress: func(ev fleet.Event) {
			switch ev.Kind {
			case fleet.EventPolled:
				polled.Add(1)
			case fleet.EventDone:
				done.Add(1)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatalf("report: %v", err)
	}
	if rep.Tally != (fleet.Tally{Total: 4, Applied: 3, Unchanged: 1}) {
		t.Errorf("tally = %+v", rep.Tally)
	}
	for _, res := range rep.Results {
		if res.Outcome == fleet.Applied && res.Status != provconc.StatusReady {
			t.Errorf("%s: status %s after waiting, want READY", res.Key, res.Status)
		}
	}
	if polled.Load() < 3 || done.Load() != 4 {
		t.Errorf("progress: %d polls, %d done; want at least 3 polls and 4 done", polled.Load(), done.Load())
	}
	for _, c := range []struct {
		tg    fleet.Target
		fn, q string
		want  int
	}{{east, "checkout", "live", 20}, {east, "checkout", "2", 5}, {east, "search", "live", 8}, {west, "checkout", "live", 3}} {
		if got := w.requested(c.tg, c.fn, c.q); got != c.want {
			t.Errorf("%s %s:%s holds %d, want %d", c.tg, c.fn, c.q, got, c.want)
		}
	}

	// The same file again: a plan of no-ops, and an apply that sends no change.
	p2 := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	if p2.HasChanges() {
		t.Fatalf("second plan has changes: %+v", p2.Counts())
	}
	counting := map[fleet.Target]*countingAPI{east: {API: w.clients[east]}, west: {API: w.clients[west]}}
	clients := fleet.StaticClients(map[fleet.Target]fleet.API{east: counting[east], west: counting[west]})
	rep2, err := fleet.Apply(context.Background(), p2, clients, fleet.ApplyOptions{})
	if err != nil || rep2.Err() != nil {
		t.Fatal(err, rep2.Err())
	}
	if rep2.Tally.Unchanged != 4 || counting[east].puts.Load()+counting[west].puts.Load() != 0 {
		t.Errorf("re-apply: tally %+v, %d puts", rep2.Tally, counting[east].puts.Load()+counting[west].puts.Load())
	}

	// Applying the first, now stale, plan again changes nothing either:
	// every config is found already as desired.
	rep3, err := fleet.Apply(context.Background(), p, clients, fleet.ApplyOptions{})
	if err != nil || rep3.Err() != nil {
		t.Fatal(err, rep3.Err())
	}
	if rep3.Tally.Unchanged != 4 || counting[east].puts.Load()+counting[west].puts.Load() != 0 {
		t.Errorf("old plan again: tally %+v, %d puts", rep3.Tally, counting[east].puts.Load())
	}
}

func TestPartialFailureThenSecondApplyFinishes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "a", 1, map[string]string{"live": "1"})
	w.lambdaFunction(east, "b", 1, map[string]string{"live": "1"})
	w.lambdaFunction(east, "c", 1, map[string]string{"live": "1"})
	w.lambdaFunction(east, "d", 1, map[string]string{"live": "1"})
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: a, Qualifier: live, ProvisionedConcurrentExecutions: 1}
  - {Cloud: aws, Region: us-east-1, FunctionName: b, Qualifier: live, ProvisionedConcurrentExecutions: 2}
  - {Cloud: aws, Region: us-east-1, FunctionName: c, Qualifier: live, ProvisionedConcurrentExecutions: 3}
  - {Cloud: aws, Region: us-east-1, FunctionName: d, Qualifier: live, ProvisionedConcurrentExecutions: 4}
`)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})

	// a: its read fails with 500 on every attempt (3 by default); c: its
	// allocation ends FAILED. With one change at a time, a's re-read is
	// the first request of the apply.
	emu := w.emus[east]
	emu.InjectFaults(emulator.FaultServiceError, emulator.FaultServiceError, emulator.FaultServiceError)
	emu.FailNextAllocation("c", "live", "FUNCTION_ERROR_INIT_FAILURE")
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{Concurrency: 1, Wait: true, WaitOptions: w.clock.waitFns()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fleet.Outcome{
		"aws/us-east-1 a:live": fleet.Failed, "aws/us-east-1 b:live": fleet.Applied,
		"aws/us-east-1 c:live": fleet.Failed, "aws/us-east-1 d:live": fleet.Applied,
	}
	if got := outcomes(rep); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("outcomes = %v, want %v", got, want)
	}
	for _, res := range rep.Results {
		switch res.FunctionName {
		case "a":
			if !errors.Is(res.Err, provconc.ErrService) || !strings.Contains(res.Error, "reading it again") {
				t.Errorf("a failed with %v, want a service error while reading it again", res.Err)
			}
		case "c":
			if !errors.Is(res.Err, provconc.ErrAllocationFailed) || !strings.Contains(res.Error, "FUNCTION_ERROR_INIT_FAILURE") {
				t.Errorf("c failed with %v, want the allocation failure and its reason", res.Err)
			}
		}
	}
	err = rep.Err()
	if !errors.Is(err, fleet.ErrIncomplete) || !strings.Contains(err.Error(), "2 failed") || !strings.Contains(err.Error(), "a:live") {
		t.Errorf("report error = %v", err)
	}
	if w.requested(east, "b", "live") != 2 || w.requested(east, "d", "live") != 4 {
		t.Error("the changes that did not fail were not left applied")
	}

	// The second apply finishes the job: a is created, c (FAILED) is put
	// again, b and d are left alone.
	p2 := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	want2 := map[string]fleet.Action{
		"aws/us-east-1 a:live": fleet.Create, "aws/us-east-1 b:live": fleet.NoOp,
		"aws/us-east-1 c:live": fleet.Update, "aws/us-east-1 d:live": fleet.NoOp,
	}
	if got := actions(p2); fmt.Sprint(got) != fmt.Sprint(want2) {
		t.Fatalf("second plan = %v, want %v", got, want2)
	}
	rep2, err := fleet.Apply(context.Background(), p2, w.Clients(), fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()})
	if err != nil || rep2.Err() != nil {
		t.Fatalf("second apply: %v %v", err, rep2.Err())
	}
	if c, _ := emu.ProvisionedConfig("c", "live"); c.Status != emulator.StatusReady || w.requested(east, "a", "live") != 1 {
		t.Errorf("after the second apply: c is %+v, a holds %d", c, w.requested(east, "a", "live"))
	}
}

func TestApplySkipsConfigsChangedSincePlan(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "api", 4, nil)
	w.put(east, "api", "1", 5)
	w.put(east, "api", "2", 5)
	w.put(east, "api", "4", 9)
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: "1", ProvisionedConcurrentExecutions: 10}
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: "2", ProvisionedConcurrentExecutions: 10}
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: "3", ProvisionedConcurrentExecutions: 10}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: api}
`)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{Prune: true})
	if got := actions(p)["aws/us-east-1 api:4"]; got != fleet.Delete {
		t.Fatalf("api:4 planned %q, want delete", got)
	}

	// Between plan and apply someone else moves 1 to 7, sets 2 as the file
	// wants, creates 3 and changes 4.
	w.put(east, "api", "1", 7)
	w.put(east, "api", "2", 10)
	w.put(east, "api", "3", 1)
	w.put(east, "api", "4", 2)

	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fleet.Outcome{
		"aws/us-east-1 api:1": fleet.Skipped, "aws/us-east-1 api:2": fleet.Unchanged,
		"aws/us-east-1 api:3": fleet.Skipped, "aws/us-east-1 api:4": fleet.Skipped,
	}
	if got := outcomes(rep); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("outcomes = %v, want %v", got, want)
	}
	for _, res := range rep.Results {
		if res.Qualifier == "1" && res.Reason != "changed since the plan: planned from 5 IN_PROGRESS, now 7 IN_PROGRESS" {
			t.Errorf("api:1 reason %q", res.Reason)
		}
		if res.Qualifier == "3" && !strings.Contains(res.Reason, "planned from none, now 1") {
			t.Errorf("api:3 reason %q", res.Reason)
		}
	}
	// What someone else set is left as they set it.
	for q, n := range map[string]int{"1": 7, "2": 10, "3": 1, "4": 2} {
		if got := w.requested(east, "api", q); got != n {
			t.Errorf("api:%s holds %d, want %d (left alone)", q, got, n)
		}
	}
	if !errors.Is(rep.Err(), fleet.ErrIncomplete) || rep.Tally.Skipped != 3 {
		t.Errorf("tally %+v, err %v", rep.Tally, rep.Err())
	}
}

func TestPruneDeletesOnlyInsideTheScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "owned", 3, nil)
	w.lambdaFunction(east, "listed", 2, nil)
	w.lambdaFunction(east, "other", 1, nil)
	w.put(east, "owned", "1", 5)
	w.put(east, "owned", "2", 5) // not in the file: pruned
	w.put(east, "listed", "2", 5)
	w.put(east, "other", "1", 5) // function not in the file at all
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: owned, Qualifier: "1", ProvisionedConcurrentExecutions: 5}
  - {Cloud: aws, Region: us-east-1, FunctionName: listed, Qualifier: "1", ProvisionedConcurrentExecutions: 5}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: owned}
`)
	// Without Prune nothing is deleted, scope or not.
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	if c := p.Counts(); c.Delete != 0 || len(p.Changes) != 2 {
		t.Fatalf("plan without prune: %+v", p.Changes)
	}

	p = mustPlan(t, d, w.Clients(), fleet.PlanOptions{Prune: true})
	want := map[string]fleet.Action{
		"aws/us-east-1 owned:1": fleet.NoOp, "aws/us-east-1 owned:2": fleet.Delete,
		"aws/us-east-1 listed:1": fleet.Create,
	}
	if got := actions(p); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("plan with prune = %v, want %v (listed:2 and other:1 are outside the scope)", got, want)
	}
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	for _, c := range []struct {
		fn, q string
		want  int
	}{{"owned", "1", 5}, {"owned", "2", -1}, {"listed", "1", 5}, {"listed", "2", 5}, {"other", "1", 5}} {
		if got := w.requested(east, c.fn, c.q); got != c.want {
			t.Errorf("%s:%s holds %d, want %d", c.fn, c.q, got, c.want)
		}
	}
}

func TestInterruptLetsTheChangeInFlightFinish(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "api", 10, nil)
	var src strings.Builder
	src.WriteString("Configs:\n")
	for v := 1; v <= 10; v++ {
		fmt.Fprintf(&src, "  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: %q, ProvisionedConcurrentExecutions: %d}\n", fmt.Sprint(v), v)
	}
	p := mustPlan(t, mustParse(t, "fleet.yaml", src.String()), w.Clients(), fleet.PlanOptions{})

	// Ctrl-C arrives as the 4th change begins: it is finished, and no
	// other begins.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := 0
	rep, err := fleet.Apply(ctx, p, w.Clients(), fleet.ApplyOptions{Concurrency: 1, Progress: func(ev fleet.Event) {
		if ev.Kind == fleet.EventStarted {
			if started++; started == 4 {
				cancel()
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Tally.Applied != 4 || rep.Tally.NotStarted != 6 || !rep.Interrupted {
		t.Fatalf("tally %+v interrupted %v, want 4 applied, 6 not started", rep.Tally, rep.Interrupted)
	}
	for v := 1; v <= 10; v++ {
		want := -1
		if v <= 4 {
			want = v
		}
		if got := w.requested(east, "api", fmt.Sprint(v)); got != want {
			t.Errorf("api:%d holds %d, want %d", v, got, want)
		}
	}
	for _, res := range rep.Results {
		if res.Outcome == fleet.NotStarted && res.Reason == "" {
			t.Errorf("%s: not started without a reason", res.Key)
		}
	}

	// Applying the same plan again finishes the job.
	rep2, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{})
	if err != nil || rep2.Err() != nil {
		t.Fatal(err, rep2.Err())
	}
	if rep2.Tally.Applied != 6 || rep2.Tally.Unchanged != 4 {
		t.Errorf("second apply: %+v", rep2.Tally)
	}
}

func TestInterruptStopsWaitsButKeepsTheChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "api", 1, nil)
	d := mustParse(t, "fleet.yaml", "Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: \"1\", ProvisionedConcurrentExecutions: 4}\n")
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := fleet.Apply(ctx, p, w.Clients(), fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns(), Progress: func(ev fleet.Event) {
		if ev.Kind == fleet.EventPolled {
			cancel() // at the first poll, still IN_PROGRESS
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if res.Outcome != fleet.Applied || res.Status != provconc.StatusInProgress || !strings.Contains(res.Reason, "wait was interrupted") {
		t.Errorf("result %+v: want applied, IN_PROGRESS, the wait interrupted", res)
	}
	if rep.Err() != nil || rep.Interrupted {
		t.Errorf("every change began: err %v, interrupted %v", rep.Err(), rep.Interrupted)
	}
}

func TestDecreasesGoFirstSoLimitsAreNotCrossed(t *testing.T) {
	t.Parallel()
	// The account: 1000, of which 100 must stay unreserved, so 900 for
	// the provisioned concurrency of functions without a reservation.
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "a-grows", 1, map[string]string{"live": "1"})
	w.lambdaFunction(east, "z-shrinks", 1, map[string]string{"live": "1"})
	w.put(east, "z-shrinks", "live", 800)
	// A function with 100 reserved: its versions share those 100.
	w.lambdaFunction(east, "pool", 2, nil)
	if err := w.emus[east].SetReservedConcurrency("pool", 100); err != nil {
		t.Fatal(err)
	}
	w.put(east, "pool", "1", 10)
	w.put(east, "pool", "2", 80)
	w.settle()

	// The plan lists each increase before the decrease of its pool (by
	// name and by version), and each would be refused if it went first:
	// 800+700 > 900 and 70+80 > 100. One change at a time, so only the
	// ordering can make them pass.
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: a-grows, Qualifier: live, ProvisionedConcurrentExecutions: 700}
  - {Cloud: aws, Region: us-east-1, FunctionName: z-shrinks, Qualifier: live, ProvisionedConcurrentExecutions: 100}
  - {Cloud: aws, Region: us-east-1, FunctionName: pool, Qualifier: "1", ProvisionedConcurrentExecutions: 70}
  - {Cloud: aws, Region: us-east-1, FunctionName: pool, Qualifier: "2", ProvisionedConcurrentExecutions: 20}
`)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	var order []string
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{Concurrency: 1, Progress: func(ev fleet.Event) {
		if ev.Kind == fleet.EventChanged {
			order = append(order, ev.Key.Function())
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatalf("apply crossed a limit: %v", err)
	}
	if want := "[pool:2 z-shrinks:live a-grows:live pool:1]"; fmt.Sprint(order) != want {
		t.Errorf("changes made in the order %v, want %s", order, want)
	}
	for _, c := range []struct {
		fn, q string
		want  int
	}{{"a-grows", "live", 700}, {"z-shrinks", "live", 100}, {"pool", "1", 70}, {"pool", "2", 20}} {
		if got := w.requested(east, c.fn, c.q); got != c.want {
			t.Errorf("%s:%s holds %d, want %d", c.fn, c.q, got, c.want)
		}
	}
}

func TestSCFSettingsPlanAndApply(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, gz)
	w.scfFunction(gz, "orders", 3)
	src := `
Configs:
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 5
    TriggerActions:
      - {TriggerName: morning, TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *"}
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "2"
    ProvisionedType: ConcurrencyUtilizationTracking
    TrackingTarget: 0.7
    MinCapacity: 2
    MaxCapacity: 50
`
	d := mustParse(t, "fleet.yaml", src)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	if c := p.Counts(); c.Create != 2 {
		t.Fatalf("plan %+v", p.Changes)
	}
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{Wait: true, WaitOptions: w.clock.waitFns()})
	if err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	got, ok := w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
	if !ok || got.Allocated != 5 || len(got.TriggerActions) != 1 || got.TriggerActions[0].TriggerCronConfig != "0 30 8 * * * *" {
		t.Errorf("orders:1 = %+v", got)
	}
	got2, _ := w.emus[gz].SCFProvisionedConfig("default", "orders", "2")
	if got2.ProvisionedType != emulator.SCFProvisionedTypeUtilizationTracking || got2.TrackingTarget != 0.7 || got2.MaxCapacity != 50 {
		t.Errorf("orders:2 = %+v", got2)
	}

	// As applied: no-ops. A changed scheduled action: an update of 1 only.
	if p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{}); p.HasChanges() {
		t.Fatalf("plan after apply: %+v", p.Changes)
	}
	d2 := mustParse(t, "fleet.yaml", strings.Replace(src, "0 30 8", "0 0 9", 1))
	p2 := mustPlan(t, d2, w.Clients(), fleet.PlanOptions{})
	if got := actions(p2); got["tencent/ap-guangzhou default/orders:1"] != fleet.Update || got["tencent/ap-guangzhou default/orders:2"] != fleet.NoOp {
		t.Fatalf("plan after a trigger change: %v", got)
	}
	if rep, err := fleet.Apply(context.Background(), p2, w.Clients(), fleet.ApplyOptions{}); err != nil || rep.Err() != nil || rep.Tally.Applied != 1 {
		t.Fatalf("apply: %v %v %+v", err, rep.Err(), rep.Tally)
	}
	got, _ = w.emus[gz].SCFProvisionedConfig("default", "orders", "1")
	if got.TriggerActions[0].TriggerCronConfig != "0 0 9 * * * *" {
		t.Errorf("orders:1 trigger = %+v", got.TriggerActions)
	}
}

func TestSavedPlanRoundTripsAndApplies(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "1"})
	w.lambdaFunction(east, "search", 1, map[string]string{"live": "1"})
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 20}
  - {Cloud: aws, Region: us-east-1, FunctionName: search, Qualifier: live, ProvisionedConcurrentExecutions: 8}
`)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{})
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := fleet.ReadPlan(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if !bytes.Equal(data, again) {
		t.Fatalf("plan does not round-trip:\n%s\n%s", data, again)
	}
	rep, err := fleet.Apply(context.Background(), back, w.Clients(), fleet.ApplyOptions{})
	if err != nil || rep.Err() != nil || rep.Tally.Applied != 2 {
		t.Fatal(err, rep.Err(), rep.Tally)
	}

	// A plan edited by hand into something the rules refuse is not applied.
	bad := bytes.Replace(data, []byte(`"ProvisionedConcurrentExecutions":20`), []byte(`"ProvisionedConcurrentExecutions":-1`), 1)
	if _, err := fleet.ReadPlan(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "ProvisionedConcurrentExecutions") {
		t.Errorf("ReadPlan of a bad amount: %v", err)
	}
	if _, err := fleet.ReadPlan(strings.NewReader(`{"Format":"other","Changes":[]}`)); err == nil {
		t.Error("ReadPlan accepted another format")
	}
}

func TestPlanFailsWhenAFunctionCannotBeRead(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "exists", 1, nil)
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: exists, Qualifier: "1", ProvisionedConcurrentExecutions: 1}
  - {Cloud: aws, Region: us-east-1, FunctionName: missing, Qualifier: "1", ProvisionedConcurrentExecutions: 1}
  - {Cloud: aws, Region: eu-west-1, FunctionName: exists, Qualifier: "1", ProvisionedConcurrentExecutions: 1}
`)
	_, err := fleet.MakePlan(context.Background(), d, w.Clients(), fleet.PlanOptions{})
	var re *fleet.ReadError
	if !errors.As(err, &re) || !errors.Is(err, provconc.ErrResourceNotFound) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("error = %v, want a ReadError for the missing function", err)
	}
	if !strings.Contains(fmt.Sprint(err), "client for aws/eu-west-1: no client given") {
		t.Errorf("error = %v, want the target without a client named", err)
	}
}

func TestSCFChangeWaitsForTheAllocationUnderWay(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, gz)
	w.scfFunction(gz, "orders", 1)
	entry := "Configs:\n  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: orders, Qualifier: \"1\", ProvisionedConcurrentExecutions: %d}\n"
	p := mustPlan(t, mustParse(t, "fleet.yaml", fmt.Sprintf(entry, 5)), w.Clients(), fleet.PlanOptions{})
	if rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{}); err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	// Still InProgress (no wait, the clock has not moved): SCF refuses a
	// Put now, so the apply lets the allocation settle first.
	p2 := mustPlan(t, mustParse(t, "fleet.yaml", fmt.Sprintf(entry, 8)), w.Clients(), fleet.PlanOptions{})
	rep, err := fleet.Apply(context.Background(), p2, w.Clients(), fleet.ApplyOptions{WaitOptions: w.clock.waitFns()})
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply during an allocation: %v %v", err, rep.Err())
	}
	if got, _ := w.emus[gz].SCFProvisionedConfig("default", "orders", "1"); got.Allocated != 8 {
		t.Errorf("orders:1 = %+v, want 8", got)
	}
}

func TestApplyWithoutAClientFailsThatTargetOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east, west)
	w.lambdaFunction(east, "checkout", 2, map[string]string{"live": "1"})
	w.lambdaFunction(east, "search", 1, map[string]string{"live": "1"})
	w.lambdaFunction(west, "checkout", 1, map[string]string{"live": "1"})
	p := mustPlan(t, mustParse(t, "fleet.yaml", twoRegions), w.Clients(), fleet.PlanOptions{})
	rep, err := fleet.Apply(context.Background(), p, fleet.StaticClients(map[fleet.Target]fleet.API{east: w.clients[east]}), fleet.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Tally.Applied != 3 || rep.Tally.Failed != 1 {
		t.Fatalf("tally %+v", rep.Tally)
	}
	for _, res := range rep.Results {
		if res.Target == west && (res.Outcome != fleet.Failed || !strings.Contains(res.Error, "client for aws/us-west-2")) {
			t.Errorf("%s: %s %q", res.Key, res.Outcome, res.Error)
		}
	}
}

func TestPlanReadsScopeOnlyFunctionsOnlyWhenPruning(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, east)
	w.lambdaFunction(east, "api", 1, nil)
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: "1", ProvisionedConcurrentExecutions: 1}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: gone}
`)
	if _, err := fleet.MakePlan(context.Background(), d, w.Clients(), fleet.PlanOptions{}); err != nil {
		t.Errorf("without pruning, a scope of a missing function was read: %v", err)
	}
	if _, err := fleet.MakePlan(context.Background(), d, w.Clients(), fleet.PlanOptions{Prune: true}); !errors.Is(err, provconc.ErrResourceNotFound) {
		t.Errorf("with pruning, the missing function in scope: %v", err)
	}
}

func TestReadPlanRefusesAConfigTwice(t *testing.T) {
	t.Parallel()
	e := `{"Cloud":"aws","Region":"us-east-1","FunctionName":"api","Qualifier":"1","Action":"create","After":{"Cloud":"aws","Region":"us-east-1","FunctionName":"api","Qualifier":"1","ProvisionedConcurrentExecutions":1}}`
	_, err := fleet.ReadPlan(strings.NewReader(`{"Format":"` + fleet.PlanFormat + `","Changes":[` + e + `,` + e + `]}`))
	if err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("ReadPlan = %v", err)
	}
}

func TestSCFPruneInANamespace(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{}, gz)
	emu := w.emus[gz]
	if err := emu.CreateSCFNamespace("shop"); err != nil {
		t.Fatal(err)
	}
	for _, ns := range []string{"shop", "default"} {
		if err := emu.CreateSCFFunction(ns, "orders"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := emu.PublishSCFVersion(ns, "orders"); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Version 2 in both namespaces has a config the file does not list;
	// only the one in the scope's namespace is pruned.
	for _, ns := range []string{"shop", "default"} {
		in := &provconc.PutInput{FunctionName: "orders", Qualifier: "2", ProvisionedConcurrentExecutions: 3, Extension: &tencentscf.PutParameters{Namespace: ns}}
		if _, err := w.clients[gz].Put(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	d := mustParse(t, "fleet.yaml", `
Configs:
  - {Cloud: tencent, Region: ap-guangzhou, Namespace: shop, FunctionName: orders, Qualifier: "1", ProvisionedConcurrentExecutions: 2}
Prune:
  - {Cloud: tencent, Region: ap-guangzhou, Namespace: shop, FunctionName: orders}
`)
	p := mustPlan(t, d, w.Clients(), fleet.PlanOptions{Prune: true})
	want := map[string]fleet.Action{"tencent/ap-guangzhou shop/orders:1": fleet.Create, "tencent/ap-guangzhou shop/orders:2": fleet.Delete}
	if got := actions(p); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("plan = %v, want %v", got, want)
	}
	// shop/orders:2 is still allocating: the delete waits for it (on the
	// test's clock) rather than be refused.
	rep, err := fleet.Apply(context.Background(), p, w.Clients(), fleet.ApplyOptions{WaitOptions: w.clock.waitFns()})
	if err != nil || rep.Err() != nil {
		t.Fatal(err, rep.Err())
	}
	if _, ok := emu.SCFProvisionedConfig("shop", "orders", "2"); ok {
		t.Error("shop/orders:2 was not pruned")
	}
	if _, ok := emu.SCFProvisionedConfig("default", "orders", "2"); !ok {
		t.Error("default/orders:2, outside the scope, was pruned")
	}
	if c, ok := emu.SCFProvisionedConfig("shop", "orders", "1"); !ok || c.Allocated != 2 {
		t.Errorf("shop/orders:1 = %+v", c)
	}
}

// TestPlanOrderDoesNotDependOnTheFile: a plan lists its changes in one
// order whatever the order of the file, so that plans diff. "1" and "01"
// are one number and two qualifiers; their order followed the file's.
func TestPlanOrderDoesNotDependOnTheFile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, emulator.Options{ReadyAfter: -1}, east)
	w.lambdaFunction(east, "f", 1, nil)
	a := `  - {Cloud: aws, Region: us-east-1, FunctionName: f, Qualifier: "1", ProvisionedConcurrentExecutions: 1}` + "\n"
	b := `  - {Cloud: aws, Region: us-east-1, FunctionName: f, Qualifier: "01", ProvisionedConcurrentExecutions: 1}` + "\n"
	order := func(src string) string {
		var qs []string
		for _, c := range mustPlan(t, mustParse(t, "f.yaml", src), w.Clients(), fleet.PlanOptions{}).Changes {
			qs = append(qs, c.Qualifier)
		}
		return strings.Join(qs, " ")
	}
	if x, y := order("Configs:\n"+a+b), order("Configs:\n"+b+a); x != y {
		t.Errorf("plan orders %q and %q", x, y)
	}
}
