// This file holds plan and apply: provisioned concurrency as desired state
// (package fleet), as commands. They are a thin layer over fleet/render:
// this file parses the flags, builds one client per cloud and region the
// file names (with the global flags and environment every other command
// uses, or the in-process emulator), and turns what render returns into
// pcctl's exit codes and messages.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/fleet/render"
)

// exitChanges is plan's exit code when applying would change something, as
// terraform plan -detailed-exitcode's.
const exitChanges = render.ExitChanges

// Defaults of the changes (apply) and reads (plan) in flight at once:
// fleet's own.
const (
	defaultApplyConcurrency = 16
	defaultPlanConcurrency  = 8
)

// fleetOptions are plan's and apply's command flags.
type fleetOptions struct {
	file          string
	prune         bool
	out           string
	showUnchanged bool
	wait          bool
	waitTimeout   time.Duration
	concurrency   int
}

// fleetCommands builds plan and apply.
func (a *app) fleetCommands() []*cobra.Command {
	var o fleetOptions
	common := func(c *cobra.Command, concurrency int, what string) {
		c.Flags().StringVarP(&o.file, "file", "f", "", "the desired state (YAML or JSON)"+what)
		c.Flags().BoolVar(&o.prune, "prune", false, "delete the unlisted configs of the functions under Prune")
		c.Flags().BoolVar(&o.showUnchanged, "show-unchanged", false, "list the configs that stay as they are")
		c.Flags().IntVar(&o.concurrency, "concurrency", concurrency, "calls in flight at once, over all targets")
		_ = c.MarkFlagFilename("file", "yaml", "yml", "json")
	}
	plan := &cobra.Command{
		Use:   "plan -f FILE",
		Short: "Show what applying a desired state would change",
		Args:  positional(nil),
		RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			return a.plan(ctx, cmd, &o)
		}),
	}
	common(plan, defaultPlanConcurrency, "")
	plan.Flags().StringVar(&o.out, "out", "", "also save the plan, as JSON, to this file for apply")
	_ = plan.MarkFlagFilename("out", "json")

	apply := &cobra.Command{
		Use:   "apply -f FILE|PLANFILE",
		Short: "Make provisioned concurrency what a desired state says",
		Args:  positional(nil),
		RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			return a.apply(ctx, cmd, &o)
		}),
	}
	common(apply, defaultApplyConcurrency, ", or a plan saved by plan --out")
	apply.Flags().BoolVar(&o.wait, "wait", false, "wait until each config is READY")
	apply.Flags().DurationVar(&o.waitTimeout, "wait-timeout", 15*time.Minute, "with --wait: stop waiting for a config after this long")
	return []*cobra.Command{plan, apply}
}

// checkFleetFlags refuses flags plan and apply would ignore or cannot use,
// before anything is read or sent.
func (a *app) checkFleetFlags(cmd *cobra.Command, o *fleetOptions) error {
	s := &a.set
	emulated := s.emulator || s.emulatorState != ""
	switch {
	case o.file == "":
		return usagef("", "missing -f FILE: the desired state to %s", cmd.Name())
	case o.concurrency < 1:
		return usagef("", "invalid --concurrency %d: must be at least 1", o.concurrency)
	case cmd.Flags().Changed("provider"):
		return usagef("", "--provider does not apply: the file names the cloud of each config")
	case s.namespace != "":
		return usagef("", "--namespace does not apply: the file names the namespace of each SCF config")
	case s.region != "" && !emulated:
		return usagef("", "--region applies only with --emulator (the emulated AWS region): the file names the region of each config")
	case s.queryExpr != "":
		return usagef("", "--query does not apply: %s prints text, or JSON with -o json", cmd.Name())
	case s.outputSet && s.output != outputJSON:
		return usagef("", "invalid --output %q: %s prints text, or JSON with -o json", s.output, cmd.Name())
	case emulated && s.endpoint != "":
		return globalUsagef("--emulator and --endpoint exclude each other: --emulator serves in process")
	case emulated && s.profile != "":
		return globalUsagef("--emulator and --profile exclude each other: --emulator needs no account")
	}
	if cmd.Name() == "apply" && cmd.Flags().Changed("wait-timeout") {
		if !o.wait {
			return usagef("", "--wait-timeout needs --wait: without it, apply does not wait")
		}
		if o.waitTimeout <= 0 {
			return usagef("", "invalid --wait-timeout %s: must be positive", o.waitTimeout)
		}
	}
	return nil
}

// plan is "pcctl plan": it prints what applying the file would change and
// exits 0 when nothing would, 2 when something would.
func (a *app) plan(ctx context.Context, cmd *cobra.Command, o *fleetOptions) error {
	if err := a.checkFleetFlags(cmd, o); err != nil {
		return err
	}
	if o.out != "" && sameFile(o.out, o.file) {
		return usagef("", "--out %s is the desired state's own file: the plan would replace it", o.out)
	}
	var saved bytes.Buffer
	opts := render.CommandOptions{Prune: o.prune, JSON: a.set.outputSet, ShowUnchanged: o.showUnchanged, Concurrency: o.concurrency,
		Scaling: a.fleetScalingClients(ctx)}
	if o.out != "" {
		opts.SavePlan = &saved
	}
	code, err := render.PlanCommand(ctx, a.stdout, o.file, a.fleetClients(ctx), opts)
	if err != nil {
		return fleetError(cmd.Name(), o.file, err)
	}
	if o.out != "" {
		// Written only once the plan is whole, so a failed plan leaves no
		// file that apply would take for one.
		if err := os.WriteFile(o.out, saved.Bytes(), 0o644); err != nil {
			return fmt.Errorf("saving the plan: %w", err)
		}
	}
	if code == exitChanges {
		return errChanges
	}
	return nil
}

// errChanges is plan's "something would change": exit code 2, nothing on
// stderr.
var errChanges = errors.New("the plan has changes")

// apply is "pcctl apply": it plans the file (or reads a saved plan), prints
// the plan, makes the changes with progress on stderr, and prints the
// report.
func (a *app) apply(ctx context.Context, cmd *cobra.Command, o *fleetOptions) error {
	if err := a.checkFleetFlags(cmd, o); err != nil {
		return err
	}
	if cmd.Flags().Changed("prune") {
		saved, err := isSavedPlan(o.file)
		if err != nil {
			return &fileError{cmd: "apply", err: err}
		}
		if saved {
			return usagef("", "--prune applies when planning: %s is a saved plan, and pruning was decided when it was made; plan again with --prune", o.file)
		}
	}
	opts := render.CommandOptions{
		Prune: o.prune, JSON: a.set.outputSet, ShowUnchanged: o.showUnchanged, Concurrency: o.concurrency,
		Wait: o.wait, MaxWait: o.waitTimeout, Progress: a.stderr, Scaling: a.fleetScalingClients(ctx),
	}
	stopWatching := a.watchInterrupt(ctx)
	_, err := render.ApplyCommand(ctx, a.stdout, o.file, a.fleetClients(ctx), opts)
	stopWatching()
	if ctx.Err() != nil {
		summary := "every change had begun; see the report"
		if err != nil {
			summary = firstLine(err)
		}
		return &incompleteError{summary: summary, err: err}
	}
	if err != nil {
		return fleetError(cmd.Name(), o.file, err)
	}
	return nil
}

// watchInterrupt tells, as soon as ctx ends (Ctrl-C), that apply starts
// nothing more and finishes what is in flight, and gives Ctrl-C back its
// default action, so that a second one stops pcctl at once. The function
// it returns stops watching.
func (a *app) watchInterrupt(ctx context.Context) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-done:
		case <-ctx.Done():
			if isTerminal(a.stderr) {
				fmt.Fprint(a.stderr, "\r\x1b[2K") // the progress bar's line
			}
			fmt.Fprintln(a.stderr, "pcctl apply: interrupted: starting no more changes, finishing those in flight (Ctrl-C again to stop at once)")
			signal.Reset(os.Interrupt, syscall.SIGTERM)
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// fleetClients returns the clients of plan and apply: one per cloud and
// region, built once, so that everything sent to a target shares its rate
// limiter and retry budget.
func (a *app) fleetClients(ctx context.Context) fleet.Clients {
	return fleet.CachedClients(func(t fleet.Target) (fleet.API, error) {
		a.building.Lock()
		defer a.building.Unlock()
		client, err := a.newTargetClient(ctx, t)
		if err != nil {
			return nil, err
		}
		return client, nil
	})
}

// fleetScalingClients gives the Application Auto Scaling client of each AWS
// target whose entries carry Scaling, built once per target as
// newAutoscaling builds the scaling verbs' one, in the target's region. SCF
// carries scaling in its configs and needs none.
func (a *app) fleetScalingClients(ctx context.Context) fleet.ScalingClients {
	var mu sync.Mutex
	built := map[fleet.Target]provconc.ScalingAPI{}
	return func(t fleet.Target) (provconc.ScalingAPI, error) {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := built[t]; ok {
			return c, nil
		}
		if t.Cloud != fleet.AWS {
			return nil, &configError{fmt.Errorf("%s carries scaling in its configs; there is no scaling client for it", t.Cloud)}
		}
		// The settings are shared with the other clients being built;
		// the lock keeps the region swapped for this one alone.
		a.building.Lock()
		defer a.building.Unlock()
		region := a.set.region
		a.set.region = t.Region
		c, err := a.newAutoscaling(ctx)
		a.set.region = region
		if err != nil {
			return nil, err
		}
		built[t] = c
		return c, nil
	}
}

// emulatorSCFRegion is the region the in-process emulator's SCF side
// stands for.
const emulatorSCFRegion = "ap-guangzhou"

// newTargetClient builds the client of one target the way newClient builds
// the short verbs': the target's cloud picks the provider and its region
// replaces --region; --endpoint, --profile, --no-sign-request, --timeout,
// --debug and the environment apply as they do everywhere. With --emulator
// every target must be one the emulator stands for.
func (a *app) newTargetClient(ctx context.Context, t fleet.Target) (*provconc.Client, error) {
	var providerName string
	switch t.Cloud {
	case fleet.AWS:
		providerName = "aws"
	case fleet.Tencent:
		providerName = "tencent"
	default:
		return nil, &configError{fmt.Errorf("no provider for cloud %q", t.Cloud)}
	}
	p := providers[providerName]
	s := a.set // a copy: the target's region and provider are its own
	s.provider, s.region = providerName, t.Region
	next, err := a.set.net.transport()
	if err != nil {
		return nil, err
	}
	if a.set.emulator || a.set.emulatorState != "" {
		if a.set.inProcess == nil {
			emu, err := a.startInProcessEmulator(ctx)
			if err != nil {
				return nil, &configError{err}
			}
			a.set.inProcess = emu
		}
		emu := a.set.inProcess
		want := emu.Region()
		if t.Cloud == fleet.Tencent {
			want = emulatorSCFRegion
		}
		if t.Region != want {
			return nil, &configError{fmt.Errorf("the in-process emulator serves aws/%s and tencent/%s, not %s (--region sets its AWS region)",
				emu.Region(), emulatorSCFRegion, t)}
		}
		s.inProcess = emu
		next = emu.Client().Transport
	}
	var debugOut io.Writer
	if a.set.debug {
		debugOut = a.stderr
	}
	proto, err := p.newProtocol(ctx, &s, &http.Client{Transport: newCapture(next, debugOut)})
	if err != nil {
		return nil, &configError{err}
	}
	if s.timeout > 0 {
		proto = callTimeout{next: proto, limit: s.timeout}
	}
	return provconc.NewClient(proto)
}

// fileError is a desired-state file or saved plan that plan or apply
// refuses: unreadable, malformed, or breaking a rule. Nothing was sent. Its
// message may hold one line per problem, each naming the file, the line,
// the entry and the field.
type fileError struct {
	cmd string // plan or apply
	err error
}

// Error returns the problems, one per line.
func (e *fileError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *fileError) Unwrap() error { return e.err }

// incompleteError is an apply that left changes failed, skipped or not
// started. The report on stdout says which and why.
type incompleteError struct {
	// summary counts what is left ("1 failed, 0 skipped ..."); err joins
	// the failures, nil when none failed.
	summary string
	err     error
}

// Error returns the summary.
func (e *incompleteError) Error() string { return e.summary }

// Unwrap returns the failures, so exitCode finds a service error among
// them.
func (e *incompleteError) Unwrap() error { return e.err }

// fleetError turns what render returns into pcctl's errors: an incomplete
// apply, a client that could not be built (configuration), a function that
// could not be read (the service or the network), and otherwise a file
// refused (usage: nothing was sent).
func fleetError(cmd, file string, err error) error {
	var (
		cfg     *configError
		readErr *fleet.ReadError
		pathErr *fs.PathError
	)
	switch {
	case errors.Is(err, fleet.ErrIncomplete):
		return &incompleteError{summary: firstLine(err), err: err}
	case errors.As(err, &cfg), errors.As(err, &readErr), errors.As(err, &pathErr) && pathErr.Path != file:
		return &targetsError{cmd: cmd, err: err}
	}
	return &fileError{cmd: cmd, err: err}
}

// targetsError is a plan that could not be made: clients that could not be
// built, functions that could not be read. Its causes decide the exit code
// (configuration, service, network); each is reported on a line of its own.
type targetsError struct {
	cmd string // plan or apply
	err error
}

// Error returns the causes, one per line.
func (e *targetsError) Error() string { return e.err.Error() }

// Unwrap returns the causes.
func (e *targetsError) Unwrap() error { return e.err }

// lines describes each cause as describe does the errors of other
// commands, after the target and function it concerns.
func (e *targetsError) lines() []string {
	causes := []error{e.err}
	if joined, ok := e.err.(interface{ Unwrap() []error }); ok {
		causes = joined.Unwrap()
	}
	var lines []string
	for _, c := range causes {
		var readErr *fleet.ReadError
		if errors.As(c, &readErr) {
			fn := readErr.FunctionName
			if readErr.Namespace != "" {
				fn = readErr.Namespace + "/" + fn
			}
			lines = append(lines, "reading "+readErr.Target.String()+" "+fn+": "+describe(readErr.Err))
			continue
		}
		lines = append(lines, strings.TrimPrefix(describe(c), "fleet: "))
	}
	return lines
}

// firstLine is the first line of err's message, without the package
// prefix.
func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return strings.TrimPrefix(line, "fleet: ")
}

// sameFile reports whether the paths a and b name one file (b existing),
// or, when a does not exist yet, the same path.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// isSavedPlan tells whether the file at path is a plan saved by plan
// --out, as render.ApplyCommand tells it: JSON with a "Format".
func isSavedPlan(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	var head struct{ Format string }
	return json.Unmarshal(data, &head) == nil && head.Format != "", nil
}
