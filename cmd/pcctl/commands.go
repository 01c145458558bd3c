// This file holds the short verbs for people at a terminal: put, get,
// list, delete, wait and emulator. Each builds its input from positional
// arguments, calls the provider-neutral client, and prints a readable
// table, or with --output (or --query) the same documents as the lambda
// and scf command families.

package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// maxPollDelay caps the delay between reads while waiting.
const maxPollDelay = 15 * time.Second

// shortVerbs builds the short verbs.
func (a *app) shortVerbs() []*cobra.Command {
	var o options
	qualifier := func(c *cobra.Command) {
		c.Flags().StringVar(&o.qualifier, "qualifier", "", "version or alias")
	}
	waitFlags := func(c *cobra.Command) {
		c.Flags().DurationVar(&o.waitTimeout, "wait-timeout", 15*time.Minute, "stop waiting after this long")
		c.Flags().DurationVar(&o.pollInterval, "poll-interval", time.Second, "first delay between reads")
	}
	verb := func(use, short string, args []string, run func(ctx context.Context, cmd *cobra.Command, o *options, args []string) error) *cobra.Command {
		return &cobra.Command{
			Use:   use,
			Short: short,
			Args:  positional(args),
			RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, pos []string) error {
				return run(ctx, cmd, &o, pos)
			}),
		}
	}

	put := verb("put FUNCTION COUNT", "Set provisioned concurrency", []string{"FUNCTION", "COUNT"}, a.put)
	qualifier(put)
	put.Flags().BoolVar(&o.wait, "wait", false, "then wait until READY")
	waitFlags(put)

	get := verb("get FUNCTION", "Show the config of one version or alias", []string{"FUNCTION"}, a.get)
	qualifier(get)

	list := verb("list FUNCTION", "List every config of a function", []string{"FUNCTION"}, a.list)
	list.Flags().IntVar(&o.maxItems, "max-items", 0, "configs per page asked of the service, 1..50")

	del := verb("delete FUNCTION", "Remove the config of one version or alias", []string{"FUNCTION"}, a.delete)
	qualifier(del)

	wait := verb("wait FUNCTION", "Wait until the config is READY", []string{"FUNCTION"}, a.wait)
	qualifier(wait)
	waitFlags(wait)

	emu := verb("emulator", "Serve a demo emulator on loopback", nil, func(ctx context.Context, _ *cobra.Command, o *options, _ []string) error {
		if o.readyAfter < 0 {
			return usagef("emulator", "invalid --ready-after %s: must not be negative", o.readyAfter)
		}
		return a.serveEmulator(ctx, o, nil)
	})
	emu.Flags().StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	emu.Flags().DurationVar(&o.readyAfter, "ready-after", 3*time.Second, "how long an allocation takes")
	emu.Flags().StringVar(&o.stateFile, "state", "", "keep the emulator's state in this file")
	return []*cobra.Command{put, get, list, del, wait, emu}
}

// positional checks the number of positional arguments, naming what is
// missing or extra.
func positional(names []string) cobra.PositionalArgs {
	return func(_ *cobra.Command, got []string) error {
		switch {
		case len(got) == len(names):
			return nil
		case len(names) == 0:
			return fmt.Errorf("takes no arguments, got %q", strings.Join(got, " "))
		case len(got) < len(names):
			return errors.New("missing " + strings.Join(names[len(got):], " and "))
		}
		return fmt.Errorf("too many arguments: want %s, got %q", strings.Join(names, " "), strings.Join(got, " "))
	}
}

// checkWaitFlags refuses wait flags that would be ignored, and values that
// cannot work.
func checkWaitFlags(cmd *cobra.Command, o *options, waiting bool) error {
	for _, name := range []string{"wait-timeout", "poll-interval"} {
		if cmd.Flags().Changed(name) && !waiting {
			return usagef("", "--%s needs --wait: without it, put does not wait", name)
		}
	}
	if !waiting {
		return nil
	}
	if o.waitTimeout <= 0 {
		return usagef("", "invalid --wait-timeout %s: must be positive", o.waitTimeout)
	}
	if o.pollInterval <= 0 {
		return usagef("", "invalid --poll-interval %s: must be positive", o.pollInterval)
	}
	return nil
}

// readable reports whether the short verbs' own table is wanted: the
// default output, with no --query.
func (a *app) readable() bool { return a.set.format(outputTable) == outputTable && a.query == nil }

// put sets provisioned concurrency, and with --wait waits for READY.
func (a *app) put(ctx context.Context, cmd *cobra.Command, o *options, args []string) error {
	if err := checkWaitFlags(cmd, o, o.wait); err != nil {
		return err
	}
	count, err := strconv.Atoi(args[1])
	if err != nil {
		return usagef("", "invalid COUNT %q: must be a whole number", args[1])
	}
	client, p, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    args[0],
		Qualifier:                       o.qualifier,
		ProvisionedConcurrentExecutions: count,
	})
	if err != nil {
		return err
	}
	if o.wait {
		return a.waitReady(ctx, client, p, o, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
	}
	if a.readable() {
		return a.printTable([]provconc.Config{out.Config})
	}
	return a.emitConfig(opPut, out.Metadata)
}

// emitConfig prints the document of a Put or Get answer: the aws CLI's, or
// tccli's.
func (a *app) emitConfig(op string, md provconc.Metadata) error {
	if a.set.provider == "tencent" {
		if op == opPut {
			return a.emit(&answer{op: op, doc: scfRequestIDDoc(md.RequestID), tccli: true}, a.set.format(outputJSON))
		}
		doc, err := scfGetDoc(a.capture.body(opGet))
		if err != nil {
			return err
		}
		return a.emit(&answer{op: op, doc: doc, tccli: true}, a.set.format(outputJSON))
	}
	doc, err := lambdaConfigDoc(a.capture.body(op))
	if err != nil {
		return err
	}
	return a.emit(&answer{op: op, doc: doc}, a.set.format(outputJSON))
}

// get prints one config.
func (a *app) get(ctx context.Context, _ *cobra.Command, o *options, args []string) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Get(ctx, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
	if err != nil {
		return err
	}
	if a.readable() {
		return a.printTable([]provconc.Config{out.Config})
	}
	return a.emitConfig(opGet, out.Metadata)
}

// list prints every config of a function, reading every page first so that
// a failure half-way prints nothing but the error.
func (a *app) list(ctx context.Context, _ *cobra.Command, o *options, args []string) error {
	if check := providers[a.set.provider].checkList; check != nil {
		if err := check(args[0]); err != nil {
			return err
		}
	}
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	if a.set.provider == "tencent" {
		out, err := client.List(ctx, &provconc.ListInput{FunctionName: args[0], MaxItems: o.maxItems})
		if err != nil {
			return err
		}
		if a.readable() {
			return a.printList(args[0], out.Configs)
		}
		doc, err := scfGetDoc(a.capture.body(opGet))
		if err != nil {
			return err
		}
		return a.emit(&answer{op: opGet, doc: doc, tccli: true}, a.set.format(outputJSON))
	}
	l := lambdaLister{client: client, capture: a.capture, function: args[0], pageSize: o.maxItems}
	ans, cfgs, err := l.run(ctx)
	if err != nil {
		return err
	}
	if a.readable() {
		return a.printList(args[0], cfgs)
	}
	return a.emit(ans, a.set.format(outputJSON))
}

// printList prints the readable table of a list. An empty table says so
// on stderr rather than print a lone header.
func (a *app) printList(function string, cfgs []provconc.Config) error {
	if len(cfgs) == 0 {
		fmt.Fprintf(a.stderr, "pcctl: %s has no provisioned concurrency configs\n", oneLine(function))
		return nil
	}
	return a.printTable(cfgs)
}

// delete removes one config; a config that does not exist is a service
// error.
func (a *app) delete(ctx context.Context, _ *cobra.Command, o *options, args []string) error {
	client, p, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	// The service answers a Delete of a config that does not exist as one
	// that does (Lambda: 204); read first, so that "Deleted" is true.
	if _, err := client.Get(ctx, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier}); err != nil {
		return err
	}
	out, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: args[0], Qualifier: o.qualifier})
	if err != nil {
		return err
	}
	if a.readable() {
		name, q := p.target(args[0], o.qualifier)
		_, err := fmt.Fprintf(a.stdout, "Deleted the provisioned concurrency config of %s\n", oneLine(label(name, q)))
		return err
	}
	if a.set.provider == "tencent" {
		return a.emit(&answer{op: opDelete, doc: scfRequestIDDoc(out.Metadata.RequestID), tccli: true}, a.set.format(outputJSON))
	}
	return a.emit(&answer{op: opDelete, doc: map[string]any{}}, a.set.format(outputJSON))
}

// wait waits until a config is READY.
func (a *app) wait(ctx context.Context, cmd *cobra.Command, o *options, args []string) error {
	if err := checkWaitFlags(cmd, o, true); err != nil {
		return err
	}
	client, p, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	return a.waitReady(ctx, client, p, o, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
}

// waitReady polls until the config is READY, showing progress on stderr,
// and prints the config. When the allocation ends FAILED or --wait-timeout
// passes it prints the last config read and returns an error (exit code
// 255, as the aws CLI's waiters).
func (a *app) waitReady(ctx context.Context, client *provconc.Client, p provider, o *options, in *provconc.GetInput) error {
	waitCtx, cancel := context.WithTimeout(ctx, o.waitTimeout)
	defer cancel()
	name, q := p.target(in.FunctionName, in.Qualifier)
	target := label(name, q)

	prog := newProgress(a.stderr, isTerminal(a.stderr), terminalWidth(a.stderr), target, a.now)
	var last *provconc.Config
	var lastMD provconc.Metadata
	out, err := client.WaitUntilReady(waitCtx, in, func(w *provconc.WaitOptions) {
		w.MinDelay = o.pollInterval
		w.MaxWait = o.waitTimeout // not the 10-minute default: --wait-timeout is the bound
		w.MaxDelay = max(o.pollInterval, maxPollDelay)
		w.Progress = func(c provconc.Config) {
			last = &c
			prog.update(c)
		}
	})
	prog.finish()

	show := func(c provconc.Config) error {
		if a.readable() {
			return a.printTable([]provconc.Config{c})
		}
		return a.emitConfig(opGet, lastMD)
	}
	var failed *provconc.AllocationFailedError
	switch {
	case errors.As(err, &failed):
		if perr := show(failed.Config); perr != nil {
			return perr
		}
		return &waitFailedError{cfg: failed.Config}
	case err != nil && (waitCtx.Err() != nil || errors.Is(err, provconc.ErrWaitTimeout)) && ctx.Err() == nil:
		// MaxWait equals --wait-timeout: whichever of the two fires first.
		if last != nil {
			if perr := show(*last); perr != nil {
				return perr
			}
		}
		return &waitTimeoutError{target: target, timeout: o.waitTimeout, last: last}
	case err != nil:
		return err
	}
	return show(out.Config)
}

// scfScope is the namespace extension of a Tencent input; nil for the
// protocol's namespace.
func scfScope(namespace string) provconc.Extension {
	if namespace == "" {
		return nil
	}
	return &tencentscf.Scope{Namespace: namespace}
}
