// Command quickstart walks the main job of provconc: set provisioned
// concurrency, wait until it is ready, read it, list every config of the
// function, and remove it.
//
// With no flags it runs against the in-process emulator: no account, no
// credentials, no network.
//
//	go run ./examples/quickstart
//
// Given a region (and your usual AWS credentials), or an endpoint such as a
// loopback pcemulator or LocalStack, the same program talks to that instead:
//
//	go run ./examples/quickstart -region us-west-2 -function my-function -qualifier live -count 2
//	go run ./examples/quickstart -endpoint http://127.0.0.1:9350 -function demo-api -qualifier live
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// settings are the quickstart's flags.
type settings struct {
	region, endpoint    string
	function, qualifier string
	count               int
	readyAfter, timeout time.Duration
	pollEvery           time.Duration
}

func parseFlags(args []string) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.StringVar(&s.region, "region", "", "AWS region of a real account (uses your AWS credentials); empty for the emulator")
	fs.StringVar(&s.endpoint, "endpoint", "", "service endpoint override, such as a pcemulator or LocalStack URL")
	fs.StringVar(&s.function, "function", "demo-api", "function name or ARN")
	fs.StringVar(&s.qualifier, "qualifier", "live", "version number or alias name")
	fs.IntVar(&s.count, "count", 5, "provisioned concurrency to request")
	fs.DurationVar(&s.readyAfter, "ready-after", time.Second, "emulator only: how long allocation takes on the real clock (AWS takes minutes; 0: at once)")
	fs.DurationVar(&s.timeout, "timeout", 15*time.Minute, "give up waiting after this long")
	fs.DurationVar(&s.pollEvery, "poll", time.Second, "first delay between polls while waiting")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	return s, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	s, err := parseFlags(args)
	if err != nil {
		return err
	}
	client, where, err := newClient(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Talking to %s\n\n", where)

	// 1. Put: the service answers at once, while it is still allocating.
	put, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    s.function,
		Qualifier:                       s.qualifier,
		ProvisionedConcurrentExecutions: s.count,
	})
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	fmt.Fprintf(out, "Put %s:%s = %d -> %s (request %s)\n", s.function, s.qualifier, s.count, put.Status, put.Metadata.RequestID)

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
				fmt.Fprintf(out, "  %-11s allocated %d/%d, available %d  (%s)\n",
					c.Status, c.Allocated, c.Requested, c.Available, time.Since(started).Round(100*time.Millisecond))
			}
		})
	var failed *provconc.AllocationFailedError
	switch {
	case errors.As(err, &failed):
		return fmt.Errorf("allocation failed: %s", failed.Config.StatusReason)
	case err != nil:
		return fmt.Errorf("wait: %w", err)
	}
	fmt.Fprintf(out, "Ready after %s: %d of %d available\n\n",
		time.Since(started).Round(100*time.Millisecond), ready.Available, ready.Requested)

	// 3. Get: read it back.
	got, err := client.Get(ctx, &provconc.GetInput{FunctionName: s.function, Qualifier: s.qualifier})
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	fmt.Fprintf(out, "Get %s:%s: %s, %d available, last modified %s\n\n",
		got.FunctionName, got.Qualifier, got.Status, got.Available, got.LastModified.Format(time.RFC3339))

	// 4. List every config of the function, page by page.
	fmt.Fprintf(out, "Every config of %s:\n", s.function)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  QUALIFIER\tSTATUS\tREQUESTED\tAVAILABLE\tARN")
	for c, err := range client.ListAll(ctx, &provconc.ListInput{FunctionName: s.function}) {
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%s\n", c.Qualifier, c.Status, c.Requested, c.Available, c.FunctionARN)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// 5. Delete, and see that it is gone.
	if _, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: s.function, Qualifier: s.qualifier}); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	_, err = client.Get(ctx, &provconc.GetInput{FunctionName: s.function, Qualifier: s.qualifier})
	if !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
		return fmt.Errorf("get after delete: want not found, got %v", err)
	}
	fmt.Fprintf(out, "\nDeleted %s:%s; Get now answers: %v\n", s.function, s.qualifier, err)
	return nil
}

// newClient builds a client for a real account or endpoint when asked, and
// otherwise for an in-process emulator seeded with a demo function.
func newClient(ctx context.Context, s settings) (*provconc.Client, string, error) {
	if s.region != "" || s.endpoint != "" {
		var opts []func(*config.LoadOptions) error
		if s.region != "" {
			opts = append(opts, config.WithRegion(s.region))
		}
		cfg, err := config.LoadDefaultConfig(ctx, opts...)
		if err != nil {
			return nil, "", err
		}
		if s.endpoint != "" {
			cfg.BaseEndpoint = aws.String(s.endpoint)
		}
		if cfg.Region == "" {
			cfg.Region = "us-east-1"
		}
		client, err := awslambda.NewClient(cfg)
		if err != nil {
			return nil, "", err
		}
		where := "AWS Lambda in " + cfg.Region
		if s.endpoint != "" {
			where = s.endpoint
		}
		return client, where, nil
	}

	emu := emulator.New(emulator.Options{ReadyAfter: emulatorReadyAfter(s.readyAfter)})
	if err := seedDemo(emu); err != nil {
		return nil, "", err
	}
	client, err := awslambda.NewClient(aws.Config{
		Region:      emu.Region(),
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  emu.Client(), // answers in process: no socket, no network
	})
	if err != nil {
		return nil, "", err
	}
	return client, "the in-process emulator (no account, no network)", nil
}

// seedDemo creates demo-api with versions 1 and 2 and aliases live -> 2 and
// canary -> 1, since the provisioned-concurrency API cannot create functions.
func seedDemo(emu *emulator.Server) error {
	if err := emu.CreateFunction("demo-api"); err != nil {
		return err
	}
	v1, err := emu.PublishVersion("demo-api")
	if err != nil {
		return err
	}
	v2, err := emu.PublishVersion("demo-api")
	if err != nil {
		return err
	}
	if err := emu.CreateAlias("demo-api", "live", v2); err != nil {
		return err
	}
	return emu.CreateAlias("demo-api", "canary", v1)
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
