// Package render turns fleet plans, apply progress and reports into what a
// command-line tool prints: a plan as a readable diff or as JSON, the exit
// code of a plan, a progress display (a bar with counts on a terminal,
// plain lines otherwise) and the per-config report.
//
// PlanCommand and ApplyCommand are whole "plan -f FILE" and "apply -f
// FILE" commands, short of flags and clients: they return the exit code
// (plan: 0 nothing to change, 2 changes, 1 error, as terraform plan
// -detailed-exitcode; apply: 0 done, 1 something left). The pieces are
// public for other shapes: Plan (or PlanJSON) and PlanExitCode; an apply
// passes Progress.Event as fleet.ApplyOptions.Progress, calls
// Progress.Close when Apply returns, then Report (or ReportJSON) and
// ApplyExitCode.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/provconc/provconc/fleet"
)

// Exit codes, in the convention of terraform plan -detailed-exitcode.
const (
	// ExitOK: nothing to change (plan), or every change applied (apply).
	ExitOK = 0
	// ExitIncomplete: an apply left changes failed, skipped or not
	// started. Also ExitError.
	ExitIncomplete = 1
	// ExitChanges: the plan would change something.
	ExitChanges = 2
)

// PlanExitCode returns ExitOK when the plan changes nothing and ExitChanges
// when it would.
func PlanExitCode(p *fleet.Plan) int {
	if p != nil && p.HasChanges() {
		return ExitChanges
	}
	return ExitOK
}

// ApplyExitCode returns ExitOK when every change was applied or had
// nothing to do, and ExitIncomplete otherwise.
func ApplyExitCode(r *fleet.Report) int {
	if r == nil || r.Err() != nil {
		return ExitIncomplete
	}
	return ExitOK
}

// Options tune the text forms.
type Options struct {
	// ShowUnchanged lists the configs that stay as they are; by default
	// they are only counted.
	ShowUnchanged bool
}

// Plan writes the plan as a readable diff, grouped by target: "+" creates,
// "~" updates, "-" deletes, each with the amount before and after, then a
// summary line.
//
//	aws/us-east-1
//	  ~ checkout:live  10 -> 20
//	  + checkout:2     5
//	  - checkout:1     5 -> none (pruned)
//
//	Plan: 1 to create, 1 to update, 1 to delete, 3 unchanged.
func Plan(w io.Writer, p *fleet.Plan, opts Options) error {
	ew := &errWriter{w: w}
	var last fleet.Target
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action == fleet.NoOp && !opts.ShowUnchanged {
			continue
		}
		if c.Target != last {
			_ = tw.Flush()
			if last != (fleet.Target{}) {
				fmt.Fprintln(ew)
			}
			fmt.Fprintln(ew, c.Target)
			last = c.Target
		}
		fmt.Fprintf(tw, "  %s %s\t%s\n", planSign(c.Action), c.Function(), planDetail(c))
	}
	_ = tw.Flush()
	if last != (fleet.Target{}) {
		fmt.Fprintln(ew)
	}
	fmt.Fprintln(ew, PlanSummary(p))
	return ew.err
}

// PlanSummary is the plan's last line: "Plan: 1 to create, 2 to update, 0
// to delete, 5 unchanged." or "No changes: 5 configs are as desired."
func PlanSummary(p *fleet.Plan) string {
	c := p.Counts()
	if !p.HasChanges() {
		return fmt.Sprintf("No changes: %s as desired.", plural(c.NoOp, "config is", "configs are"))
	}
	s := fmt.Sprintf("Plan: %d to create, %d to update, %d to delete, %d unchanged.", c.Create, c.Update, c.Delete, c.NoOp)
	if !p.Prune {
		s += " (Pruning off: nothing is deleted.)"
	}
	return s
}

func planSign(a fleet.Action) string {
	switch a {
	case fleet.Create:
		return "+"
	case fleet.Update:
		return "~"
	case fleet.Delete:
		return "-"
	}
	return " "
}

// planDetail says what changes: "10 -> 20", "5", "5 -> none (pruned)",
// and how the AWS scaling plan changes.
func planDetail(c *fleet.Change) string {
	if c.Action == fleet.Update && c.Before != nil && scalingOwnsAmount(c.After) {
		// The amount is the schedules' and tracking's to move; only the
		// scaling plan changes, or a FAILED allocation is put again.
		why := c.Reason
		if c.ScalingReason != "" && c.ScalingReason != c.Reason {
			why = strings.TrimPrefix(why+"; "+c.ScalingReason, "; ")
		}
		return strconv.Itoa(c.Before.Requested) + ", set by its scaling plan (" + why + ")"
	}
	s := configDetail(c)
	if c.ScalingReason != "" && c.ScalingReason != c.Reason {
		s += " (" + c.ScalingReason + ")"
	}
	return s
}

// scalingOwnsAmount reports whether an AWS entry's non-empty scaling plan
// sets its amount (see fleet.Scaling).
func scalingOwnsAmount(e *fleet.Entry) bool {
	return e != nil && e.Cloud == fleet.AWS && e.Scaling != nil && (len(e.Scaling.Schedules) > 0 || e.Scaling.Tracking != nil)
}

func configDetail(c *fleet.Change) string {
	switch c.Action {
	case fleet.Create:
		return afterText(c.After)
	case fleet.Delete:
		return strconv.Itoa(c.Before.Requested) + " -> none (pruned)"
	case fleet.Update:
		if c.KeepsAmount() {
			// Apply keeps the amount a trigger action set; only the
			// settings the reason names change.
			return strconv.Itoa(c.Before.Requested) + ", kept by its trigger actions (" + c.Reason + ")"
		}
		s := strconv.Itoa(c.Before.Requested) + " -> " + afterText(c.After)
		if c.After != nil && c.Before.Requested == amountOf(c.After) {
			s += " (" + c.Reason + ")"
		}
		return s
	}
	return afterText(c.After) + " (no change)"
}

// afterText describes a desired entry: "5", "5 with 1 trigger action",
// "tracking 0.7 of 2..50".
func afterText(e *fleet.Entry) string {
	if e == nil {
		return "none"
	}
	var s string
	if t, ok := scfTracking(e); ok {
		s = fmt.Sprintf("tracking %s of %d..%d", strconv.FormatFloat(t.TargetUtilization, 'g', -1, 64), t.MinCapacity, t.MaxCapacity)
	} else {
		s = strconv.Itoa(e.ProvisionedConcurrentExecutions)
	}
	n := len(e.TriggerActions)
	if e.Cloud == fleet.Tencent && e.Scaling != nil {
		n = len(e.Scaling.Schedules) // one trigger action each
	}
	if n > 0 {
		s += " with " + plural(n, "trigger action", "trigger actions")
	}
	return s
}

// scfTracking returns the SCF utilization tracking e asks for, in its own
// fields or as its Scaling (which on SCF stands for them); false for none.
func scfTracking(e *fleet.Entry) (fleet.Tracking, bool) {
	switch {
	case e.ProvisionedType == "ConcurrencyUtilizationTracking":
		return fleet.Tracking{TargetUtilization: e.TrackingTarget, MinCapacity: e.MinCapacity, MaxCapacity: e.MaxCapacity}, true
	case e.Cloud == fleet.Tencent && e.Scaling != nil && e.Scaling.Tracking != nil:
		return *e.Scaling.Tracking, true
	}
	return fleet.Tracking{}, false
}

// amountOf is what the service reports once e is applied.
func amountOf(e *fleet.Entry) int {
	if t, ok := scfTracking(e); ok {
		return t.MinCapacity
	}
	return e.ProvisionedConcurrentExecutions
}

// PlanJSON writes the plan as indented JSON, which fleet.ReadPlan reads
// back.
func PlanJSON(w io.Writer, p *fleet.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// Report writes the per-config report: one row per config that was
// changed, skipped, failed or not started (and unchanged with
// ShowUnchanged), with why, then a summary line.
func Report(w io.Writer, r *fleet.Report, opts Options) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	rows := 0
	for i := range r.Results {
		res := &r.Results[i]
		if res.Outcome == fleet.Unchanged && !opts.ShowUnchanged {
			continue
		}
		if rows == 0 {
			fmt.Fprintln(tw, "OUTCOME\tTARGET\tCONFIG\tACTION\tDETAIL")
		}
		rows++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", res.Outcome, res.Target, res.Function(), res.Action, resultDetail(res))
	}
	_ = tw.Flush()
	if rows > 0 {
		fmt.Fprintln(ew)
	}
	fmt.Fprintln(ew, ReportSummary(r))
	return ew.err
}

// ReportSummary is the report's last line: "Applied 3, unchanged 1,
// skipped 0, failed 1, not started 0 (of 5)." with " Interrupted." when the
// apply was.
func ReportSummary(r *fleet.Report) string {
	t := r.Tally
	s := fmt.Sprintf("Applied %d, unchanged %d, skipped %d, failed %d, not started %d (of %d).",
		t.Applied, t.Unchanged, t.Skipped, t.Failed, t.NotStarted, t.Total)
	if r.Interrupted {
		s += " Interrupted: apply again to finish."
	} else if t.Failed+t.Skipped > 0 {
		s += " Plan and apply again to finish."
	}
	return s
}

// resultDetail says what became of one config.
func resultDetail(res *fleet.Result) string {
	var parts []string
	switch res.Outcome {
	case fleet.Applied, fleet.Unchanged:
		if res.Action == fleet.Delete {
			parts = append(parts, "deleted")
		} else {
			s := strconv.Itoa(res.Requested)
			if res.Status != "" {
				s += " " + string(res.Status)
			}
			parts = append(parts, s)
		}
	}
	if res.Reason != "" {
		parts = append(parts, res.Reason)
	}
	if res.Error != "" {
		parts = append(parts, oneLine(res.Error))
	}
	return strings.Join(parts, "; ")
}

// ReportJSON writes the report as indented JSON.
func ReportJSON(w io.Writer, r *fleet.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

// errWriter keeps the first write error, so the renderers can write
// without checking each line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
