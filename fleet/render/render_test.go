package render_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/fleet/render"
)

var (
	east = fleet.Target{Cloud: fleet.AWS, Region: "us-east-1"}
	gz   = fleet.Target{Cloud: fleet.Tencent, Region: "ap-guangzhou"}
)

func entry(tg fleet.Target, fn, q string, n int) *fleet.Entry {
	return &fleet.Entry{Cloud: tg.Cloud, Region: tg.Region, FunctionName: fn, Qualifier: q, ProvisionedConcurrentExecutions: n}
}

func key(tg fleet.Target, ns, fn, q string) fleet.Key {
	return fleet.Key{Target: tg, Namespace: ns, FunctionName: fn, Qualifier: q}
}

// samplePlan has one change of each kind.
func samplePlan() *fleet.Plan {
	scf := entry(gz, "orders", "1", 5)
	scf.TriggerActions = []fleet.TriggerAction{{TriggerName: "m", TriggerProvisionedConcurrencyNum: 9, TriggerCronConfig: "0 30 8 * * * *"}}
	return &fleet.Plan{Format: fleet.PlanFormat, Source: "fleet.yaml", Prune: true, Changes: []fleet.Change{
		{Key: key(east, "", "checkout", "1"), Action: fleet.Delete, Before: &fleet.Actual{Requested: 5}},
		{Key: key(east, "", "checkout", "2"), Action: fleet.Create, After: entry(east, "checkout", "2", 5)},
		{Key: key(east, "", "checkout", "live"), Action: fleet.Update, Before: &fleet.Actual{Requested: 10}, After: entry(east, "checkout", "live", 20)},
		{Key: key(east, "", "search", "live"), Action: fleet.NoOp, Before: &fleet.Actual{Requested: 8}, After: entry(east, "search", "live", 8)},
		{Key: key(gz, "default", "orders", "1"), Action: fleet.Update, Before: &fleet.Actual{Requested: 5}, After: scf, Reason: "TriggerActions differ"},
	}}
}

func TestPlanText(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := render.Plan(&b, samplePlan(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	want := `aws/us-east-1
  - checkout:1     5 -> none (pruned)
  + checkout:2     5
  ~ checkout:live  10 -> 20

tencent/ap-guangzhou
  ~ default/orders:1  5 -> 5 with 1 trigger action (TriggerActions differ)

Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	b.Reset()
	_ = render.Plan(&b, samplePlan(), render.Options{ShowUnchanged: true})
	if !strings.Contains(b.String(), "    search:live    8 (no change)\n") {
		t.Errorf("ShowUnchanged output lacks the no-op:\n%s", b.String())
	}
}

// TestPlanTextKeptAmount: an SCF update that keeps the amount a trigger
// action set says so, with the reason, rather than show the entry's amount
// as the one Apply puts.
func TestPlanTextKeptAmount(t *testing.T) {
	t.Parallel()
	scf := entry(gz, "orders", "1", 2)
	scf.TriggerActions = []fleet.TriggerAction{
		{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 10, TriggerCronConfig: "0 0 15 * * 1-5 *"},
		{TriggerName: "night", TriggerProvisionedConcurrencyNum: 2, TriggerCronConfig: "0 0 4 * * 2-6 *"},
	}
	p := &fleet.Plan{Format: fleet.PlanFormat, Changes: []fleet.Change{
		{Key: key(gz, "default", "orders", "1"), Action: fleet.Update, Before: &fleet.Actual{Requested: 10}, After: scf, Reason: "TriggerActions differ"},
	}}
	var b bytes.Buffer
	if err := render.Plan(&b, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "  ~ default/orders:1  10, kept by its trigger actions (TriggerActions differ)\n"; !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant a line\n%s", b.String(), want)
	}

	// An amount no trigger action sets is put back: shown as a change.
	p.Changes[0].Before.Requested, p.Changes[0].Reason = 7, "ProvisionedConcurrentExecutions 7 -> 2 (none of its trigger actions sets 7)"
	b.Reset()
	_ = render.Plan(&b, p, render.Options{})
	if want := "  ~ default/orders:1  7 -> 2 with 2 trigger actions\n"; !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant a line\n%s", b.String(), want)
	}
}

// TestPlanTextScaling: a change of an AWS scaling plan says how it
// changes, and does not show an amount the plan owns as a change.
func TestPlanTextScaling(t *testing.T) {
	t.Parallel()
	scaled := entry(east, "checkout", "live", 2)
	scaled.Scaling = &fleet.Scaling{Tracking: &fleet.Tracking{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}}
	p := &fleet.Plan{Format: fleet.PlanFormat, Changes: []fleet.Change{
		{Key: key(east, "", "checkout", "live"), Action: fleet.Update, Before: &fleet.Actual{Requested: 7}, After: scaled,
			Reason: "scaling: tracking added", ScalingReason: "scaling: tracking added"},
		{Key: key(east, "", "checkout", "old"), Action: fleet.Delete, Before: &fleet.Actual{Requested: 3},
			ScalingBefore: &fleet.Scaling{}, ScalingReason: "scaling: removed with the config"},
	}}
	var b bytes.Buffer
	if err := render.Plan(&b, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"  ~ checkout:live  7, set by its scaling plan (scaling: tracking added)\n",
		"  - checkout:old   3 -> none (pruned) (scaling: removed with the config)\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("plan text lacks %q:\n%s", line, b.String())
		}
	}
}

func TestPlanTextWithoutChanges(t *testing.T) {
	t.Parallel()
	p := &fleet.Plan{Format: fleet.PlanFormat, Changes: []fleet.Change{
		{Key: key(east, "", "search", "live"), Action: fleet.NoOp, After: entry(east, "search", "live", 8)},
	}}
	var b bytes.Buffer
	_ = render.Plan(&b, p, render.Options{})
	if b.String() != "No changes: 1 config is as desired.\n" {
		t.Errorf("got %q", b.String())
	}
	if render.PlanExitCode(p) != render.ExitOK || render.PlanExitCode(samplePlan()) != render.ExitChanges {
		t.Error("plan exit codes: want 0 without changes and 2 with")
	}
	p.Prune = false
	p.Changes = append(p.Changes, fleet.Change{Key: key(east, "", "a", "1"), Action: fleet.Create, After: entry(east, "a", "1", 1)})
	if s := render.PlanSummary(p); !strings.HasSuffix(s, "(Pruning off: nothing is deleted.)") {
		t.Errorf("summary %q does not say pruning is off", s)
	}
}

func TestPlanJSONIsWhatReadPlanReads(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := render.PlanJSON(&b, samplePlan()); err != nil {
		t.Fatal(err)
	}
	p, err := fleet.ReadPlan(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 5 || p.Changes[4].After.TriggerActions[0].TriggerName != "m" {
		t.Errorf("read back %+v", p)
	}
}

func sampleReport() *fleet.Report {
	return &fleet.Report{
		Results: []fleet.Result{
			{Key: key(east, "", "a", "live"), Action: fleet.Create, Outcome: fleet.Applied, Requested: 3, Status: provconc.StatusReady},
			{Key: key(east, "", "b", "live"), Action: fleet.Update, Outcome: fleet.Failed, Requested: 4, Error: "provconc: boom\nsecond line"},
			{Key: key(east, "", "c", "live"), Action: fleet.Update, Outcome: fleet.Skipped, Requested: 4, Reason: "changed since the plan: planned from 1, now 2"},
			{Key: key(east, "", "d", "live"), Action: fleet.NoOp, Outcome: fleet.Unchanged, Requested: 2},
			{Key: key(east, "", "e", "1"), Action: fleet.Delete, Outcome: fleet.NotStarted, Reason: "interrupted before it began"},
		},
		Tally:       fleet.Tally{Total: 5, Applied: 1, Failed: 1, Skipped: 1, Unchanged: 1, NotStarted: 1},
		Interrupted: true,
	}
}

func TestReportText(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := render.Report(&b, sampleReport(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	want := `OUTCOME      TARGET         CONFIG  ACTION  DETAIL
applied      aws/us-east-1  a:live  create  3 READY
failed       aws/us-east-1  b:live  update  provconc: boom; second line
skipped      aws/us-east-1  c:live  update  changed since the plan: planned from 1, now 2
not-started  aws/us-east-1  e:1     delete  interrupted before it began

Applied 1, unchanged 1, skipped 1, failed 1, not started 1 (of 5). Interrupted: apply again to finish.
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if render.ApplyExitCode(sampleReport()) != render.ExitIncomplete {
		t.Error("an incomplete apply must exit 1")
	}
	done := &fleet.Report{Tally: fleet.Tally{Total: 1, Unchanged: 1}}
	if render.ApplyExitCode(done) != render.ExitOK {
		t.Error("a complete apply must exit 0")
	}
	var j bytes.Buffer
	if err := render.ReportJSON(&j, sampleReport()); err != nil || !strings.Contains(j.String(), `"Outcome": "failed"`) || !strings.Contains(j.String(), `"Error": "provconc: boom\nsecond line"`) {
		t.Errorf("ReportJSON: %v\n%s", err, j.String())
	}
}

func TestProgressPlainLines(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := render.NewProgress(&b, render.ProgressOptions{})
	rep := sampleReport()
	tally := fleet.Tally{Total: 5}
	for i := range rep.Results {
		res := rep.Results[i]
		p.Event(fleet.Event{Kind: fleet.EventStarted, Key: res.Key, Tally: tally})
		tally.Applied++ // any outcome moves Finished on
		p.Event(fleet.Event{Kind: fleet.EventDone, Key: res.Key, Result: &res, Tally: tally})
	}
	p.Close()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want one per finished config:\n%s", len(lines), b.String())
	}
	if lines[0] != "[1/5] applied aws/us-east-1 a:live (create): 3 READY" ||
		lines[2] != "[3/5] skipped aws/us-east-1 c:live (update): changed since the plan: planned from 1, now 2" {
		t.Errorf("lines:\n%s", b.String())
	}
	if strings.Contains(b.String(), "\r") || strings.Contains(b.String(), "\x1b") {
		t.Error("plain output carries terminal controls")
	}
}

func TestProgressBarOnATerminal(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := render.NewProgress(&b, render.ProgressOptions{Terminal: true, Width: 10})
	k := key(east, "", "b", "live")
	p.Event(fleet.Event{Kind: fleet.EventStarted, Key: k, Tally: fleet.Tally{Total: 4, InFlight: 1}})
	failed := fleet.Result{Key: k, Action: fleet.Update, Outcome: fleet.Failed, Error: "provconc: boom"}
	p.Event(fleet.Event{Kind: fleet.EventDone, Key: k, Result: &failed, Tally: fleet.Tally{Total: 4, Failed: 1, Applied: 1, Waiting: 2}})
	p.Close()
	want := "\r\x1b[2K[..........] 0/4 applied 0, in flight 1" +
		"\r\x1b[2Kfailed aws/us-east-1 b:live (update): provconc: boom\n" +
		"\r\x1b[2K[#####.....] 2/4 applied 1, failed 1, waiting 2\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if render.IsTerminal(f) || render.IsTerminal(&bytes.Buffer{}) {
		t.Error("a regular file or a buffer is not a terminal")
	}
	var b bytes.Buffer
	p := render.NewProgress(&b, render.ProgressOptions{Terminal: true, ForcePlain: true})
	res := fleet.Result{Key: key(east, "", "a", "1"), Action: fleet.Create, Outcome: fleet.Applied, Requested: 1}
	p.Event(fleet.Event{Kind: fleet.EventDone, Result: &res, Tally: fleet.Tally{Total: 1, Applied: 1}})
	if b.String() != "[1/1] applied aws/us-east-1 a:1 (create): 1\n" {
		t.Errorf("ForcePlain wrote %q", b.String())
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsAreReturned(t *testing.T) {
	t.Parallel()
	if err := render.Plan(failingWriter{}, samplePlan(), render.Options{}); err == nil {
		t.Error("Plan hid the write error")
	}
	if err := render.Report(failingWriter{}, sampleReport(), render.Options{}); err == nil {
		t.Error("Report hid the write error")
	}
}

// TestPlanTextSCFScaling: an SCF entry that gives its trigger actions and
// tracking as Scaling is shown as the config it puts, as one that gives
// them in SCF's own fields is: "0" read as a create with no capacity when
// the entry tracks utilization from 2.
func TestPlanTextSCFScaling(t *testing.T) {
	t.Parallel()
	schedules := entry(gz, "orders", "1", 5)
	schedules.Scaling = &fleet.Scaling{Schedules: []fleet.Schedule{{Name: "morning", Expression: "cron(30 8 * * ? *)", Executions: 20}}}
	tracking := func(min int) *fleet.Entry {
		e := entry(gz, "orders", "2", 0)
		e.Scaling = &fleet.Scaling{Tracking: &fleet.Tracking{TargetUtilization: 0.7, MinCapacity: min, MaxCapacity: 50}}
		return e
	}
	p := &fleet.Plan{Format: fleet.PlanFormat, Changes: []fleet.Change{
		{Key: key(gz, "default", "orders", "1"), Action: fleet.Create, After: schedules},
		{Key: key(gz, "default", "orders", "2"), Action: fleet.Create, After: tracking(2)},
		{Key: key(gz, "default", "orders", "3"), Action: fleet.Update, Before: &fleet.Actual{Requested: 2}, After: tracking(3)},
	}}
	p.Changes[2].After.Qualifier = "3"
	var b bytes.Buffer
	if err := render.Plan(&b, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	want := `tencent/ap-guangzhou
  + default/orders:1  5 with 1 trigger action
  + default/orders:2  tracking 0.7 of 2..50
  ~ default/orders:3  2 -> tracking 0.7 of 3..50

Plan: 2 to create, 1 to update, 0 to delete, 0 unchanged. (Pruning off: nothing is deleted.)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestPlanTextScalingOwnedFailed: an AWS update whose scaling plan is as
// desired, made only to put a FAILED allocation again, says so; it printed
// "10, set by its scaling plan ()".
func TestPlanTextScalingOwnedFailed(t *testing.T) {
	t.Parallel()
	e := entry(east, "checkout", "live", 2)
	e.Scaling = &fleet.Scaling{Tracking: &fleet.Tracking{TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}}
	p := &fleet.Plan{Format: fleet.PlanFormat, Changes: []fleet.Change{{Key: key(east, "", "checkout", "live"), Action: fleet.Update,
		Before: &fleet.Actual{Requested: 10, Status: provconc.StatusFailed}, After: e, Reason: "last allocation FAILED; putting it again"}}}
	var b bytes.Buffer
	if err := render.Plan(&b, p, render.Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "  ~ checkout:live  10, set by its scaling plan (last allocation FAILED; putting it again)\n"; !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant a line\n%s", b.String(), want)
	}
}
