// Command fleet plans and applies a desired state of provisioned concurrency
// (fleet.yaml, next to this file) against the in-process emulator: one
// emulated account per cloud and region the file names, seeded with the
// functions it lists and some configs that differ from it. It prints the
// plan, the progress, the report, and a second plan that finds nothing left
// to do.
//
//	go run ./examples/fleet
//	go run ./examples/fleet -f my-fleet.yaml -ready-after 2s
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/fleet/render"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

//go:embed fleet.yaml
var sampleFile []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("fleet", flag.ContinueOnError)
	file := fs.String("f", "", "desired state file (YAML or JSON); empty for the sample fleet.yaml")
	readyAfter := fs.Duration("ready-after", 300*time.Millisecond, "how long the emulator takes to allocate, on the real clock")
	prune := fs.Bool("prune", true, "delete configs of the functions in the file's Prune scope that it does not list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var desired *fleet.Desired
	var err error
	if *file == "" {
		desired, err = fleet.Parse("examples/fleet/fleet.yaml", sampleFile)
	} else {
		desired, err = fleet.Load(*file)
	}
	if err != nil {
		return err
	}

	clients, err := emulatedAccounts(ctx, desired, *readyAfter)
	if err != nil {
		return err
	}
	waitFns := []func(*provconc.WaitOptions){func(o *provconc.WaitOptions) {
		o.MinDelay, o.MaxDelay, o.MaxWait = 100*time.Millisecond, 400*time.Millisecond, time.Minute
	}}
	if err := planAndApply(ctx, desired, clients, *prune, out, waitFns...); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nPlanning again:")
	again, err := fleet.MakePlan(ctx, desired, clients, fleet.PlanOptions{Prune: *prune})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, render.PlanSummary(again))
	return nil
}

// readme:begin fleet-apply

// planAndApply plans desired against the clients' accounts, prints the plan
// and, if it changes anything, applies it with a progress display and
// prints the report. The error says what is left undone.
func planAndApply(ctx context.Context, desired *fleet.Desired, clients fleet.Clients, prune bool, out io.Writer,
	waitFns ...func(*provconc.WaitOptions)) error {
	plan, err := fleet.MakePlan(ctx, desired, clients, fleet.PlanOptions{Prune: prune})
	if err != nil {
		return err // a file that breaks a rule, or a function that cannot be read
	}
	if err := render.Plan(out, plan, render.Options{}); err != nil {
		return err
	}
	if !plan.HasChanges() {
		return nil
	}

	fmt.Fprintln(out)
	progress := render.NewProgress(out, render.ProgressOptions{}) // a bar on a terminal, lines otherwise
	report, err := fleet.Apply(ctx, plan, clients, fleet.ApplyOptions{
		Concurrency: 16,
		Wait:        true,
		WaitOptions: waitFns,
		Progress:    progress.Event,
	})
	progress.Close()
	if err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := render.Report(out, report, render.Options{}); err != nil {
		return err
	}
	return report.Err() // nil, or what failed, was skipped or did not start
}

// readme:end

// emulatedAccounts builds one emulator per target of the desired state,
// seeds the functions, versions and aliases it names, and puts configs that
// differ from it so the plan has something to do; the clients talk to the
// emulators in process.
func emulatedAccounts(ctx context.Context, d *fleet.Desired, readyAfter time.Duration) (fleet.Clients, error) {
	if readyAfter <= 0 {
		readyAfter = -1 // at once
	}
	emus := map[fleet.Target]*emulator.Server{}
	clients := map[fleet.Target]fleet.API{}
	seeded := map[fleet.Key]bool{}
	for i := range d.Configs {
		e := &d.Configs[i]
		k := e.Key()
		emu := emus[k.Target]
		if emu == nil {
			emu = emulator.New(emulator.Options{Region: regionFor(k.Target), ReadyAfter: readyAfter})
			c, err := clientFor(k.Target, emu)
			if err != nil {
				return nil, err
			}
			emus[k.Target], clients[k.Target] = emu, c
		}
		fk := fleet.Key{Target: k.Target, Namespace: k.Namespace, FunctionName: k.FunctionName}
		if !seeded[fk] {
			seeded[fk] = true
			if err := seedFunction(emu, k); err != nil {
				return nil, err
			}
		}
	}
	for i := range d.Prune {
		s := d.Prune[i]
		k := fleet.Key{Target: fleet.Target{Cloud: s.Cloud, Region: s.Region}, FunctionName: s.FunctionName}
		if emus[k.Target] == nil || s.Cloud != fleet.AWS || seeded[k] {
			continue
		}
		seeded[k] = true
		if err := seedFunction(emus[k.Target], k); err != nil {
			return nil, err
		}
	}
	// The drift a real account would have: an amount to raise, and a
	// config the file no longer lists (pruned when in scope).
	if c := clients[fleet.Target{Cloud: fleet.AWS, Region: "us-east-1"}]; c != nil && seeded[fleet.Key{Target: fleet.Target{Cloud: fleet.AWS, Region: "us-east-1"}, FunctionName: "checkout"}] {
		for q, n := range map[string]int{"live": 10, "1": 3} {
			if _, err := c.Put(ctx, &provconc.PutInput{FunctionName: "checkout", Qualifier: q, ProvisionedConcurrentExecutions: n}); err != nil {
				return nil, fmt.Errorf("seeding checkout:%s: %w", q, err)
			}
		}
	}
	return fleet.StaticClients(clients), nil
}

// seedFunction creates a function with three versions, and on AWS an alias
// "live" (and any other alias the file names, all on version 3).
func seedFunction(emu *emulator.Server, k fleet.Key) error {
	if k.Cloud == fleet.Tencent {
		if err := emu.CreateSCFFunction(k.Namespace, k.FunctionName); err != nil && !errors.Is(err, emulator.ErrAlreadyExists) {
			return err
		}
		for range 3 {
			if _, err := emu.PublishSCFVersion(k.Namespace, k.FunctionName); err != nil {
				return err
			}
		}
		return nil
	}
	if err := emu.CreateFunction(k.FunctionName); err != nil {
		return err
	}
	for range 3 {
		if _, err := emu.PublishVersion(k.FunctionName); err != nil {
			return err
		}
	}
	if err := emu.CreateAlias(k.FunctionName, "live", "3"); err != nil {
		return err
	}
	if _, err := strconv.Atoi(k.Qualifier); err != nil && k.Qualifier != "" && k.Qualifier != "live" {
		return emu.CreateAlias(k.FunctionName, k.Qualifier, "3")
	}
	return nil
}

// regionFor is the emulator's region: the target's on AWS; the SCF side
// has none of its own.
func regionFor(t fleet.Target) string {
	if t.Cloud == fleet.AWS {
		return t.Region
	}
	return ""
}

// clientFor builds the target's client over the emulator.
func clientFor(t fleet.Target, emu *emulator.Server) (*provconc.Client, error) {
	if t.Cloud == fleet.Tencent {
		return tencentscf.NewClient(tencentscf.NewCredentials("AKIDEXAMPLE", "example-secret-key", ""), t.Region,
			func(o *tencentscf.Options) { o.HTTPClient = emu.Client() })
	}
	return awslambda.NewClient(aws.Config{Region: t.Region, Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client()})
}
