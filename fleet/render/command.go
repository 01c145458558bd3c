// This file is the whole of a "plan" and an "apply" command, short of
// flag parsing and building clients, so a CLI wires them in a few lines.

package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
)

// ExitError is the exit code of a command that failed before it could
// plan or apply: a file refused, an account that could not be read.
const ExitError = 1

// CommandOptions are the settings a plan or apply command takes from its
// flags.
type CommandOptions struct {
	// JSON prints the plan and the report as JSON instead of text.
	JSON bool
	// Prune plans deletes inside the file's Prune scope.
	Prune bool
	// ShowUnchanged lists the configs that stay as they are.
	ShowUnchanged bool
	// Concurrency bounds the changes in flight (fleet.ApplyOptions); 0 for
	// the default.
	Concurrency int
	// Wait waits until each config is READY, for at most MaxWait each
	// (0: provconc.DefaultMaxWait).
	Wait bool
	// MaxWait bounds each wait; 0 for provconc.DefaultMaxWait.
	MaxWait time.Duration
	// SavePlan, when set, receives the plan as JSON (plan only), to apply
	// later with "apply -f" on the saved file.
	SavePlan io.Writer
	// Progress receives the progress display of an apply (a bar when it is
	// a terminal); nil for none. Usually os.Stderr.
	Progress io.Writer
	// WaitOptions tune the waits further (tests inject a clock).
	WaitOptions []func(*provconc.WaitOptions)
	// Scaling gives the ScalingAPI of the AWS targets whose entries carry
	// Scaling (fleet.PlanOptions.Scaling); nil when none do.
	Scaling fleet.ScalingClients
}

// PlanCommand is "plan -f FILE": it loads the desired state at path, plans
// it, prints the plan to out (text, or JSON with opts.JSON), saves it to
// opts.SavePlan if set, and returns ExitOK when nothing would change,
// ExitChanges when something would, and ExitError with the error when it
// could not plan.
func PlanCommand(ctx context.Context, out io.Writer, path string, clients fleet.Clients, opts CommandOptions) (int, error) {
	desired, err := fleet.Load(path)
	if err != nil {
		return ExitError, err
	}
	plan, err := fleet.MakePlan(ctx, desired, clients, fleet.PlanOptions{Prune: opts.Prune, Concurrency: opts.Concurrency, Scaling: opts.Scaling})
	if err != nil {
		return ExitError, err
	}
	if opts.JSON {
		err = PlanJSON(out, plan)
	} else {
		err = Plan(out, plan, Options{ShowUnchanged: opts.ShowUnchanged})
	}
	if err != nil {
		return ExitError, err
	}
	if opts.SavePlan != nil {
		if err := PlanJSON(opts.SavePlan, plan); err != nil {
			return ExitError, fmt.Errorf("saving the plan: %w", err)
		}
	}
	return PlanExitCode(plan), nil
}

// ApplyCommand is "apply -f FILE": FILE is a desired state, planned now, or
// a plan saved by PlanCommand (JSON with "Format": fleet.PlanFormat),
// applied as it is. It prints the plan (text only) and the report to out,
// the progress to opts.Progress, and returns ExitOK when everything was
// applied, ExitIncomplete (with the report's error) when something failed,
// was skipped or did not start, and ExitError when it could not apply at
// all. A cancelled ctx (Ctrl-C) stops new changes; the report says which
// did not start.
func ApplyCommand(ctx context.Context, out io.Writer, path string, clients fleet.Clients, opts CommandOptions) (int, error) {
	plan, err := LoadPlanOrPlan(ctx, path, clients, fleet.PlanOptions{Prune: opts.Prune, Concurrency: opts.Concurrency, Scaling: opts.Scaling})
	if err != nil {
		return ExitError, err
	}
	if !opts.JSON {
		if err := Plan(out, plan, Options{ShowUnchanged: opts.ShowUnchanged}); err != nil {
			return ExitError, err
		}
		if !plan.HasChanges() {
			return ExitOK, nil
		}
		fmt.Fprintln(out)
	}
	waitFns := append([]func(*provconc.WaitOptions){}, opts.WaitOptions...)
	if opts.MaxWait != 0 {
		maxWait := opts.MaxWait
		waitFns = append([]func(*provconc.WaitOptions){func(o *provconc.WaitOptions) { o.MaxWait = maxWait }}, waitFns...)
	}
	applyOpts := fleet.ApplyOptions{Concurrency: opts.Concurrency, Wait: opts.Wait, WaitOptions: waitFns, Scaling: opts.Scaling}
	var progress *Progress
	if opts.Progress != nil {
		progress = NewProgress(opts.Progress, ProgressOptions{})
		applyOpts.Progress = progress.Event
	}
	report, err := fleet.Apply(ctx, plan, clients, applyOpts)
	if progress != nil {
		progress.Close()
	}
	if err != nil {
		return ExitError, err
	}
	if opts.JSON {
		err = ReportJSON(out, report)
	} else {
		err = Report(out, report, Options{ShowUnchanged: opts.ShowUnchanged})
	}
	if err != nil {
		return ExitError, err
	}
	if err := report.Err(); err != nil {
		return ExitIncomplete, err
	}
	return ExitOK, nil
}

// LoadPlanOrPlan reads the file at path: a plan saved as JSON (its
// "Format" is fleet.PlanFormat) is read with fleet.ReadPlan; anything else
// is a desired state, loaded and planned with opts.
func LoadPlanOrPlan(ctx context.Context, path string, clients fleet.Clients, opts fleet.PlanOptions) (*fleet.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var head struct{ Format string }
	if json.Unmarshal(data, &head) == nil && head.Format != "" {
		if head.Format != fleet.PlanFormat {
			return nil, fmt.Errorf("%s: a plan of format %q: want %q", path, head.Format, fleet.PlanFormat)
		}
		plan, err := fleet.ReadPlan(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return plan, nil
	}
	desired, err := fleet.Parse(path, data)
	if err != nil {
		return nil, err
	}
	plan, err := fleet.MakePlan(ctx, desired, clients, opts)
	if err != nil {
		return nil, err
	}
	return plan, nil
}
