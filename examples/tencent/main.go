// Command tencent walks the main job of provconc on Tencent Cloud SCF: set a
// version's provisioned concurrency together with a scheduled action, wait
// until it is ready, read it back with the SCF details (scheduled actions,
// the function's unallocated concurrency), list every version's config, and
// remove it.
//
// With no flags it runs against the in-process emulator: no account, no
// network. The emulator still checks a TC3-HMAC-SHA256 signature on every
// request, made with dummy keys, so the signing path is the real one.
//
//	go run ./examples/tencent
//
// Given a region, the same program talks to a real account with the keys in
// TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and
// TENCENTCLOUD_SESSION_TOKEN for temporary keys). It sets and then deletes
// provisioned concurrency, which is billed while it exists:
//
//	go run ./examples/tencent -region ap-guangzhou -function my-function -qualifier 3 -count 2
//
// Given an endpoint, such as a pcemulator on a loopback port, it talks to
// that with the keys from the environment (region ap-guangzhou unless
// -region says otherwise):
//
//	pcemulator -demo -scf-secret-id AKIDlocal -scf-secret-key localkey &
//	TENCENTCLOUD_SECRET_ID=AKIDlocal TENCENTCLOUD_SECRET_KEY=localkey \
//	    go run ./examples/tencent -endpoint http://127.0.0.1:9350
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tencent:", err)
		os.Exit(1)
	}
}

// Dummy keys of the in-process emulator: it verifies every signature
// against them, and they open nothing anywhere else.
const (
	emulatorSecretID  = "AKIDEMULATOREXAMPLEEXAMPLEEXAMPLE"
	emulatorSecretKey = "emulator-secret-key-EXAMPLE"
	// emulatorRegion is the region sent to the emulator, which serves any.
	emulatorRegion = "ap-guangzhou"
	// maxSeededVersions bounds the versions published for -qualifier in
	// emulator mode.
	maxSeededVersions = 50
)

// settings are the example's flags.
type settings struct {
	region, endpoint    string
	namespace           string
	function, qualifier string
	count               int
	readyAfter, timeout time.Duration
	pollEvery           time.Duration
}

func parseFlags(args []string, errOut io.Writer) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("tencent", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&s.region, "region", "", "SCF region of a real account, such as ap-guangzhou (keys from TENCENTCLOUD_SECRET_ID/KEY); empty for the emulator")
	fs.StringVar(&s.endpoint, "endpoint", "", "service endpoint override, such as a pcemulator URL (keys from TENCENTCLOUD_SECRET_ID/KEY)")
	fs.StringVar(&s.namespace, "namespace", tencentscf.DefaultNamespace, "SCF namespace of the function")
	fs.StringVar(&s.function, "function", "demo-api", "function name")
	fs.StringVar(&s.qualifier, "qualifier", "2", "published version number")
	fs.IntVar(&s.count, "count", 5, "provisioned concurrency to set; the scheduled action asks for twice as much")
	fs.DurationVar(&s.readyAfter, "ready-after", emulator.DefaultReadyAfter, "emulator only: how long allocation takes (0: at once)")
	fs.DurationVar(&s.timeout, "timeout", 15*time.Minute, "give up waiting after this long")
	fs.DurationVar(&s.pollEvery, "poll", time.Second, "first delay between polls while waiting")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if fs.NArg() > 0 {
		return s, fmt.Errorf("unexpected argument %q (flags only)", fs.Arg(0))
	}
	if s.timeout <= 0 || s.pollEvery <= 0 || s.readyAfter < 0 {
		return s, errors.New("-timeout and -poll must be positive, -ready-after not negative")
	}
	return s, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	s, err := parseFlags(args, out)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	client, where, err := newClient(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Talking to %s\n\n", where)
	target := s.function + ":" + s.qualifier

	// 1. Put, with a scheduled action that raises the amount on weekday
	// mornings. The service answers at once, while it is still allocating.
	morning := tencentscf.TriggerAction{
		TriggerName:                      "weekday-morning",
		TriggerProvisionedConcurrencyNum: 2 * s.count,
		TriggerCronConfig:                "0 30 8 * * MON-FRI *",
		ProvisionedType:                  tencentscf.ProvisionedTypeDefault,
	}
	put, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    s.function,
		Qualifier:                       s.qualifier,
		ProvisionedConcurrentExecutions: s.count,
		Extension:                       &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{morning}},
	})
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	fmt.Fprintf(out, "Put %s = %d in namespace %s -> %s (request %s)\n", target, s.count, s.namespace, put.Status, put.Metadata.RequestID)
	if details, ok := put.Extension.(*tencentscf.ConfigDetails); ok {
		for _, a := range details.TriggerActions {
			fmt.Fprintf(out, "  scheduled %s: %d at %q\n", a.TriggerName, a.TriggerProvisionedConcurrencyNum, a.TriggerCronConfig)
		}
	}

	// 2. Wait until READY, printing each poll.
	started := time.Now()
	waitCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	ready, err := client.WaitUntilReady(waitCtx, &provconc.GetInput{FunctionName: s.function, Qualifier: s.qualifier},
		func(o *provconc.WaitOptions) {
			o.MinDelay = s.pollEvery
			o.MaxWait = s.timeout
			o.MaxDelay = 4 * s.pollEvery
			o.Progress = func(c provconc.Config) {
				fmt.Fprintf(out, "  %-11s available %d/%d  (%s)\n", c.Status, c.Available, c.Requested, time.Since(started).Round(100*time.Millisecond))
			}
		})
	var failed *provconc.AllocationFailedError
	switch {
	case errors.As(err, &failed):
		return fmt.Errorf("allocation failed: %s", failed.Config.StatusReason)
	case err != nil:
		return fmt.Errorf("wait: %w", err)
	}
	fmt.Fprintf(out, "Ready after %s: %d of %d available\n\n", time.Since(started).Round(100*time.Millisecond), ready.Available, ready.Requested)

	// 3. Get, with what SCF reports beyond the shared model.
	got, err := client.Get(ctx, &provconc.GetInput{FunctionName: s.function, Qualifier: s.qualifier})
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	fmt.Fprintf(out, "Get %s: %s, %d of %d available\n", target, got.Status, got.Available, got.Requested)
	if details, ok := got.Extension.(*tencentscf.ConfigDetails); ok {
		fmt.Fprintf(out, "  namespace %s, unallocated concurrency of the function: %s\n", details.Namespace, orUnknown(details.UnallocatedConcurrency))
		for _, a := range details.TriggerActions {
			typ := string(a.ProvisionedType)
			if typ == "" {
				typ = "not reported"
			}
			fmt.Fprintf(out, "  trigger action %s: %d at %q (type %s)\n", a.TriggerName, a.TriggerProvisionedConcurrencyNum, a.TriggerCronConfig, typ)
		}
	}
	fmt.Fprintln(out)

	// 4. List every version's config: SCF answers them all in one page.
	list, err := client.List(ctx, &provconc.ListInput{FunctionName: s.function})
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	fmt.Fprintf(out, "Every config of %s:\n", s.function)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  VERSION\tSTATUS\tREQUESTED\tAVAILABLE\tTRIGGER ACTIONS")
	for _, c := range list.Configs {
		actions := 0
		if d, ok := c.Extension.(*tencentscf.ConfigDetails); ok {
			actions = len(d.TriggerActions)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\n", c.Qualifier, c.Status, c.Requested, c.Available, actions)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if details, ok := list.Extension.(*tencentscf.ListDetails); ok {
		fmt.Fprintf(out, "Unallocated concurrency of %s: %s\n", s.function, orUnknown(details.UnallocatedConcurrency))
	}

	// 5. Delete, and see that it is gone.
	del, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: s.function, Qualifier: s.qualifier})
	if err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	fmt.Fprintf(out, "\nDeleted %s (request %s)\n", target, del.Metadata.RequestID)
	_, err = client.Get(ctx, &provconc.GetInput{FunctionName: s.function, Qualifier: s.qualifier})
	if !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
		return fmt.Errorf("get after delete: want not found, got %v", err)
	}
	fmt.Fprintf(out, "Get now answers: %v\n", err)
	return nil
}

// newClient builds a client for a real account or an endpoint when asked,
// and otherwise for an in-process emulator seeded with the function.
func newClient(s settings) (*provconc.Client, string, error) {
	if s.region != "" || s.endpoint != "" {
		creds, err := tencentscf.CredentialsFromEnv()
		if err != nil {
			return nil, "", err
		}
		region := s.region
		if region == "" {
			region = emulatorRegion
		}
		client, err := tencentscf.NewClient(creds, region, func(o *tencentscf.Options) {
			o.Namespace = s.namespace
			o.Endpoint = s.endpoint
		})
		if err != nil {
			return nil, "", err
		}
		where := "Tencent Cloud SCF in " + region
		if s.endpoint != "" {
			where = s.endpoint + " (region " + region + ")"
		}
		return client, where, nil
	}

	emu := emulator.New(emulator.Options{
		ReadyAfter: emulatorReadyAfter(s.readyAfter),
		SCF: emulator.SCFOptions{
			Credentials: &emulator.SCFCredentials{SecretID: emulatorSecretID, SecretKey: emulatorSecretKey},
		},
	})
	if err := seedDemo(emu, s); err != nil {
		return nil, "", err
	}
	creds := tencentscf.NewCredentials(emulatorSecretID, emulatorSecretKey, "")
	client, err := tencentscf.NewClient(creds, emulatorRegion, func(o *tencentscf.Options) {
		o.Namespace = s.namespace
		o.HTTPClient = emu.Client() // answers in process: no socket, no network
	})
	if err != nil {
		return nil, "", err
	}
	return client, "the in-process emulator (no account, no network; requests signed with dummy keys and verified)", nil
}

// seedDemo creates the function in its namespace with versions up to the
// qualifier (at least 2), since the provisioned-concurrency API cannot
// create functions. A name the emulator refuses, or a qualifier that is no
// version number, is left for the client to refuse with its own message.
func seedDemo(emu *emulator.Server, s settings) error {
	err := emu.CreateSCFFunction(s.namespace, s.function)
	if errors.Is(err, emulator.ErrInvalidName) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("seeding the emulator: %w", err)
	}
	versions := 2
	if n, err := strconv.Atoi(s.qualifier); err == nil && n > versions {
		if n > maxSeededVersions {
			return fmt.Errorf("seeding the emulator: -qualifier %d: the emulator seeds at most %d versions", n, maxSeededVersions)
		}
		versions = n
	}
	for range versions {
		if _, err := emu.PublishSCFVersion(s.namespace, s.function); err != nil {
			return fmt.Errorf("seeding the emulator: %w", err)
		}
	}
	return nil
}

// orUnknown prints an optional count.
func orUnknown(n *int) string {
	if n == nil {
		return "not reported"
	}
	return strconv.Itoa(*n)
}

// emulatorReadyAfter maps the -ready-after flag to emulator.Options: 0 on
// the command line means at once, which the emulator spells -1 (its zero
// means emulator.DefaultReadyAfter).
func emulatorReadyAfter(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
