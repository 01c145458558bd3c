// This file holds the commands that talk to the service: put, get, list,
// delete and wait. Each one builds its input from the arguments, calls the
// provider-neutral client, and prints the result.

package main

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/provconc/provconc"
)

// maxPollDelay caps the delay between reads while waiting.
const maxPollDelay = 15 * time.Second

// put sets provisioned concurrency, and with --wait waits for READY.
func (a *app) put(ctx context.Context, o *options, args []string) error {
	count, err := strconv.Atoi(args[1])
	if err != nil {
		return usagef("put", "invalid COUNT %q: must be a whole number", args[1])
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
	if !o.wait {
		return a.printConfig(out.Config)
	}
	return a.waitReady(ctx, client, p, o, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
}

// get prints one config.
func (a *app) get(ctx context.Context, o *options, args []string) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Get(ctx, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
	if err != nil {
		return err
	}
	return a.printConfig(out.Config)
}

// list prints every config of a function, reading every page first so that
// a failure half-way prints nothing but the error.
func (a *app) list(ctx context.Context, o *options, args []string) error {
	if check := providers[a.set.provider].checkList; check != nil {
		if err := check(args[0]); err != nil {
			return err
		}
	}
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	in := &provconc.ListInput{FunctionName: args[0], MaxItems: o.maxItems}
	cfgs := []provconc.Config{}
	for cfg, err := range client.ListAll(ctx, in) {
		if err != nil {
			return err
		}
		cfgs = append(cfgs, cfg)
	}
	return a.printList(args[0], cfgs)
}

// delete removes one config.
func (a *app) delete(ctx context.Context, o *options, args []string) error {
	client, p, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	if _, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: args[0], Qualifier: o.qualifier}); err != nil {
		return err
	}
	name, q := p.target(args[0], o.qualifier)
	return a.printDeleted(name, q)
}

// wait waits until a config is READY.
func (a *app) wait(ctx context.Context, o *options, args []string) error {
	client, p, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	return a.waitReady(ctx, client, p, o, &provconc.GetInput{FunctionName: args[0], Qualifier: o.qualifier})
}

// waitReady polls until the config is READY, showing progress on stderr,
// and prints the config. When the allocation ends FAILED or --wait-timeout
// passes it prints the last config read and returns an error with exit
// code 3.
func (a *app) waitReady(ctx context.Context, client *provconc.Client, p provider, o *options, in *provconc.GetInput) error {
	waitCtx, cancel := context.WithTimeout(ctx, o.waitTimeout)
	defer cancel()
	name, q := p.target(in.FunctionName, in.Qualifier)
	target := label(name, q)

	prog := newProgress(a.stderr, isTerminal(a.stderr), target, a.now)
	var last *provconc.Config
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

	var failed *provconc.AllocationFailedError
	switch {
	case errors.As(err, &failed):
		if perr := a.printConfig(failed.Config); perr != nil {
			return perr
		}
		return &waitFailedError{cfg: failed.Config}
	case err != nil && waitCtx.Err() != nil && ctx.Err() == nil:
		if last != nil {
			if perr := a.printConfig(*last); perr != nil {
				return perr
			}
		}
		return &waitTimeoutError{target: target, timeout: o.waitTimeout, last: last}
	case err != nil:
		return err
	}
	return a.printConfig(out.Config)
}
