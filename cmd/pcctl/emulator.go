// This file lets people try pcctl with no account: a demo emulator, seeded
// with functions and configs, served in process (--emulator) or on a
// loopback port (the emulator command).

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpserve"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
)

// inProcessReadyAfter is how long allocations take under --emulator.
const inProcessReadyAfter = 3 * time.Second

// brokenFunction is the demo function whose allocations always fail.
const brokenFunction = "demo-broken"

// demoFunctions are the functions the demo emulator starts with.
var demoFunctions = []struct {
	name     string
	versions int
	aliases  [][2]string // alias, version
}{
	{"demo-api", 2, [][2]string{{"live", "2"}, {"canary", "1"}}},
	{"demo-worker", 1, [][2]string{{"prod", "1"}}},
	{brokenFunction, 1, [][2]string{{"live", "1"}}},
}

// demoConfigs are the configs the demo emulator starts with, READY.
var demoConfigs = []struct {
	function, qualifier string
	count               int
}{
	{"demo-api", "live", 10},
	{"demo-worker", "prod", 2},
}

// shiftedClock is the wall clock moved by an offset, so the demo configs can
// be set "an hour ago" and be READY from the start.
type shiftedClock struct{ offset atomic.Int64 }

func (c *shiftedClock) now() time.Time {
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// newDemoEmulator returns an emulator seeded with demoFunctions and
// demoConfigs, in region (the emulator's default when empty).
func newDemoEmulator(ctx context.Context, region string, readyAfter time.Duration) (*emulator.Server, error) {
	var clock shiftedClock
	clock.offset.Store(int64(-(time.Hour + readyAfter)))
	emuReadyAfter := readyAfter
	if emuReadyAfter == 0 {
		// --ready-after 0 means at once; the emulator's zero means its default.
		emuReadyAfter = -1
	}
	emu := emulator.New(emulator.Options{
		Region:     region,
		ReadyAfter: emuReadyAfter,
		Now:        clock.now,
		AllocationHook: func(function, _ string, _ int) error {
			if function == brokenFunction {
				return errors.New("FUNCTION_ERROR_INIT_FAILURE: the demo function fails to initialise")
			}
			return nil
		},
	})
	for _, f := range demoFunctions {
		if err := emu.CreateFunction(f.name); err != nil {
			return nil, err
		}
		for range f.versions {
			if _, err := emu.PublishVersion(f.name); err != nil {
				return nil, err
			}
		}
		for _, alias := range f.aliases {
			if err := emu.CreateAlias(f.name, alias[0], alias[1]); err != nil {
				return nil, err
			}
		}
	}
	// The configs are set through the API, as a user would.
	proto, err := awslambda.New(awslambda.Options{
		Region:      emu.Region(),
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  emu.Client(),
		Retry:       retry.Options{MaxAttempts: 1},
	})
	if err != nil {
		return nil, err
	}
	for _, c := range demoConfigs {
		in := &provconc.PutInput{FunctionName: c.function, Qualifier: c.qualifier, ProvisionedConcurrentExecutions: c.count}
		if _, err := proto.Put(ctx, in); err != nil {
			return nil, fmt.Errorf("seeding the demo emulator: %w", err)
		}
	}
	clock.offset.Store(0)
	return emu, nil
}

// serveEmulator serves the demo emulator on a loopback address until ctx
// ends (Ctrl-C), and tells how to use it.
func (a *app) serveEmulator(ctx context.Context, o *options, _ []string) error {
	if err := checkLoopback(o.addr); err != nil {
		return err
	}
	emu, handler, err := a.emulatorToServe(ctx, o)
	if err != nil {
		return &configError{err}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &configError{err}
	}
	url := "http://" + ln.Addr().String()
	try := "pcctl --endpoint " + url + " --region " + emu.Region() + " --no-sign-request"
	fmt.Fprintf(a.stdout, `pcctl emulator: serving AWS Lambda provisioned concurrency (region %s, account %s)
Endpoint: %s
Seeded: demo-api (aliases live -> 2 with 10 READY, canary -> 1), demo-worker
(alias prod -> 1 with 2 READY), demo-broken (alias live; allocations fail).
Allocations take %s. Try, from another terminal:
  %s list demo-api
  %s put demo-api:canary 5 --wait
  %s put demo-broken:live 1 --wait
Press Ctrl-C to stop.
`, emu.Region(), emu.AccountID(), url, o.readyAfter, try, try, try)

	// The same connection timeouts as pcemulator's defaults; the emulator
	// itself caps request bodies and, when it verifies signatures, checks
	// their clock skew.
	if err := httpserve.Run(ctx, ln, handler, httpserve.DefaultTimeouts(), nil); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "pcctl emulator: stopped")
	return nil
}

// checkLoopback refuses an --addr that is not on loopback: the emulator
// accepts any request, so it must not be reachable from elsewhere. Unlike
// pcemulator, pcctl offers no way around it.
func checkLoopback(addr string) error {
	loopback, err := httpserve.IsLoopback(addr)
	if err != nil {
		return usagef("emulator", "invalid --addr %q: %v", addr, err)
	}
	if !loopback {
		return usagef("emulator", "invalid --addr %q: must be a loopback address, such as 127.0.0.1:0", addr)
	}
	return nil
}
