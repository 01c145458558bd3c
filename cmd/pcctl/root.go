// This file builds the command tree with cobra: the global flags, the
// short verbs (put, get, list, delete, wait, emulator), the aws CLI's
// "lambda" family and tccli's "scf" family, help, --version and shell
// completion; and it turns cobra's parse errors into usage errors with
// suggestions.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/provconc/provconc/transport/emulator"
)

// app is one run of pcctl.
type app struct {
	stdout, stderr io.Writer
	set            settings
	now            func() time.Time

	// query is the compiled --query, nil for none.
	query *query
	// capture records the answers of the client newClient built.
	capture *capture
	// building serialises the building of plan and apply's clients, which
	// read and lazily start what the settings share (the in-process
	// emulator).
	building sync.Mutex
}

// settings are the global flags, shared by every command.
type settings struct {
	provider      string
	region        string
	endpoint      string
	namespace     string
	profile       string
	output        string
	queryExpr     string
	timeout       time.Duration
	noSign        bool
	emulator      bool
	emulatorState string
	debug         bool

	// outputSet is whether --output was given; each command family has its
	// own default.
	outputSet bool
	// inProcess is the emulator that --emulator started; nil otherwise.
	inProcess *emulator.Server
	// net are the aws CLI's connection flags.
	net network
	// binaryFormat is --cli-binary-format, checked and otherwise unused:
	// no operation pcctl speaks has a blob.
	binaryFormat string

	// cliFamily says the command stands in for the aws CLI or tccli (the
	// lambda, application-autoscaling and scf families). Their calls are
	// bounded, throttles included, by the aws CLI's attempt limit:
	// AWS_MAX_ATTEMPTS, else the profile's max_attempts, else
	// cliDefaultMaxAttempts; the scf family's by cliDefaultMaxAttempts
	// (elsewhere a configured limit applies and, with none, a throttled
	// call is paced until --timeout). Their
	// service errors are written exactly as the aws CLI writes them,
	// without the request id pcctl's own commands add.
	cliFamily bool
	// maxAttempts is the attempt limit of the client last built, 0 for
	// the SDK's default; service errors say when it was reached, as the
	// aws CLI does.
	maxAttempts int
}

// cliDefaultMaxAttempts is the aws CLI v2's attempt limit in its default
// (standard) retry mode, the first attempt included.
const cliDefaultMaxAttempts = 3

// Output formats.
const (
	outputTable = "table"
	outputJSON  = "json"
	outputText  = "text"
	outputYAML  = "yaml"
	// outputYAMLStream is the aws CLI v2's yaml-stream: each page as an
	// item of a YAML list, written as it comes.
	outputYAMLStream = "yaml-stream"
)

// outputFormats lists the --output values.
var outputFormats = []string{outputJSON, outputText, outputTable, outputYAML, outputYAMLStream}

func defaultSettings() settings {
	return settings{provider: "aws", timeout: time.Minute, net: network{connectTimeout: unsetTimeout, readTimeout: unsetTimeout}}
}

// check validates the provider-neutral global flags.
func (s *settings) check() error {
	if _, ok := providers[s.provider]; !ok {
		return globalUsagef("invalid --provider %q: must be one of %s", s.provider, strings.Join(providerNames(), ", "))
	}
	if s.outputSet && !slices.Contains(outputFormats, s.output) {
		return globalUsagef("invalid --output %q: must be one of %s", s.output, strings.Join(outputFormats, ", "))
	}
	if s.timeout < 0 {
		return globalUsagef("invalid --timeout %s: must not be negative", s.timeout)
	}
	return s.checkNetwork(s.binaryFormat)
}

// format returns the output format in force: --output, else def.
func (s *settings) format(def string) string {
	if s.outputSet {
		return s.output
	}
	return def
}

// options are the short verbs' command flags.
type options struct {
	qualifier    string
	wait         bool
	waitTimeout  time.Duration
	pollInterval time.Duration
	maxItems     int
	addr         string
	readyAfter   time.Duration
	stateFile    string
}

// ranError marks an error returned by a command's own code, as opposed to
// one cobra returns for a command line it cannot parse.
type ranError struct{ err error }

func (e *ranError) Error() string { return e.err.Error() }
func (e *ranError) Unwrap() error { return e.err }

// execute parses args and runs the command they name.
func (a *app) execute(ctx context.Context, args []string) error {
	root := a.newRootCommand()
	root.SetArgs(skeletonArgs(aasListArgs(args)))
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return nil
	}
	var ran *ranError
	if errors.As(err, &ran) {
		return ran.err
	}
	// cobra's own errors: an unknown command, a bad flag, missing
	// arguments. Nothing ran.
	return usagef(commandPath(cmd), "%s", strings.TrimSpace(err.Error()))
}

// commandPath is the command's path after "pcctl".
func commandPath(cmd *cobra.Command) string {
	if cmd == nil || !cmd.HasParent() {
		return ""
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// runE adapts a command's code to cobra: the global flags are checked,
// --query compiled, and the error marked as the command's own.
func (a *app) runE(fn func(ctx context.Context, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		a.set.outputSet = cmd.Flags().Changed("output")
		err := a.set.check()
		if err == nil {
			a.query, err = compileQuery(a.set.queryExpr)
		}
		if err == nil {
			err = fn(cmd.Context(), cmd, args)
		}
		if err != nil {
			var usage *usageError
			if errors.As(err, &usage) && usage.cmd == "" && !usage.global {
				usage.cmd = commandPath(cmd)
			}
			return &ranError{err}
		}
		return nil
	}
}

// version is pcctl's version: the module version it was built from.
func version() string {
	v := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	return v
}

func (a *app) newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "pcctl",
		Short:         "Provisioned concurrency for AWS Lambda and Tencent Cloud SCF",
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &ranError{usagef("", "no command given")}
			}
			return &ranError{unknownCommand(cmd, args[0])}
		},
	}
	root.SetVersionTemplate("pcctl {{.Version}}\n")
	root.SuggestionsMinimumDistance = 2
	pf := root.PersistentFlags()
	pf.StringVar(&a.set.provider, "provider", a.set.provider, "cloud provider: aws or tencent")
	pf.StringVar(&a.set.region, "region", "", "region")
	pf.StringVar(&a.set.endpoint, "endpoint", "", "service endpoint URL")
	pf.StringVar(&a.set.endpoint, "endpoint-url", "", "service endpoint URL (the aws CLI's name)")
	pf.StringVar(&a.set.profile, "profile", "", "aws: shared config profile")
	pf.StringVar(&a.set.namespace, "namespace", "", "tencent: SCF namespace")
	pf.BoolVar(&a.set.noSign, "no-sign-request", false, "aws: send unsigned requests")
	pf.BoolVar(&a.set.emulator, "emulator", false, "run a seeded demo emulator in process")
	pf.StringVar(&a.set.emulatorState, "emulator-state", "", "run the in-process emulator with its state kept in this file, across commands")
	pf.StringVarP(&a.set.output, "output", "o", "", "output format: json, text, table, yaml or yaml-stream")
	pf.StringVar(&a.set.queryExpr, "query", "", "JMESPath query applied to the output")
	pf.DurationVar(&a.set.timeout, "timeout", a.set.timeout, "limit for each API call, retries included (0 for none)")
	pf.BoolVar(&a.set.debug, "debug", false, "show each request and answer on stderr, secrets redacted")
	// Accepted for the aws CLI's scripts, with nothing to do: pcctl never
	// pages its output, and draws tables without colour.
	pf.Bool("no-cli-pager", false, "accepted for the aws CLI's scripts: pcctl never pages")
	pf.IntVar(&a.set.net.connectTimeout, "cli-connect-timeout", unsetTimeout, "seconds to wait for a connection (0 for no limit; default 30)")
	pf.IntVar(&a.set.net.readTimeout, "cli-read-timeout", unsetTimeout, "seconds a socket read may wait (0 for no limit; default none beyond --timeout)")
	pf.StringVar(&a.set.net.caBundle, "ca-bundle", "", "PEM file of the certificate authorities to trust (default: AWS_CA_BUNDLE, else the system's)")
	// Accepted for the aws CLI's scripts: no operation pcctl speaks has a
	// blob to encode, and pcctl never prompts.
	pf.StringVar(&a.set.binaryFormat, "cli-binary-format", "", "accepted for the aws CLI's scripts: base64 or raw-in-base64-out")
	pf.Bool("no-cli-auto-prompt", false, "accepted for the aws CLI's scripts: pcctl never prompts")
	_ = pf.MarkHidden("cli-binary-format")
	_ = pf.MarkHidden("no-cli-auto-prompt")
	pf.String("color", "auto", "accepted for the aws CLI's scripts: tables are not coloured")
	_ = pf.MarkHidden("no-cli-pager")
	_ = pf.MarkHidden("color")
	_ = root.RegisterFlagCompletionFunc("output", fixedCompletion(outputFormats...))
	_ = root.RegisterFlagCompletionFunc("provider", fixedCompletion(providerNames()...))

	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) {
		if text, ok := shortHelp[cmd.Name()]; ok && cmd.Parent() == root {
			fmt.Fprint(cmd.OutOrStdout(), text+commandHelpFooter)
			return
		}
		if cmd == root {
			fmt.Fprint(cmd.OutOrStdout(), usageText)
			return
		}
		fmt.Fprint(cmd.OutOrStdout(), cmd.UsageString())
	})
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Show the help of pcctl or of a command",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 {
				name := strings.Join(args, " ")
				if len(rest) > 0 {
					name = rest[0]
				}
				return &ranError{unknownCommand(target, name)}
			}
			return target.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []string
			for _, c := range root.Commands() {
				names = append(names, c.Name())
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	})

	root.AddCommand(a.shortVerbs()...)
	root.AddCommand(a.fleetCommands()...)
	root.AddCommand(a.lambdaCommand(), a.scfCommand())
	root.AddCommand(a.scalingCommand(), a.autoscalingCommand())
	return root
}

// fixedCompletion completes a flag from a fixed list of values.
func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// unknownCommand reports a command name that parent does not know, with
// the names it is close to.
func unknownCommand(parent *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if parent != nil {
		parent.SuggestionsMinimumDistance = 2
		if s := parent.SuggestionsFor(name); len(s) > 0 {
			msg += "\nDid you mean " + strings.Join(s, " or ") + "?"
		}
	}
	return usagef(commandPath(parent), "%s", msg)
}

// flagError adds a suggestion to an unknown flag, and keeps a negative
// count where put expects one from reading as a flag.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var name string
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		name = strings.TrimPrefix(msg, "unknown flag: --")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		if _, arg, ok := strings.Cut(msg, " in "); ok && isNegativeNumber(arg) && cmd.Name() == "put" {
			return fmt.Errorf("invalid COUNT %q: must be at least 1", arg)
		}
		return err
	default:
		return err
	}
	if s := suggestFlag(cmd, name); s != "" {
		msg += "\nDid you mean --" + s + "?"
	}
	return errors.New(msg)
}

// suggestFlag returns the flag of cmd whose name is closest to name (an
// edit distance of at most 2, ignoring case, or a prefix), or "".
func suggestFlag(cmd *cobra.Command, name string) string {
	best, bestDist := "", 3
	consider := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(f.Name))
		if strings.HasPrefix(strings.ToLower(f.Name), strings.ToLower(name)) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist || (d == bestDist && f.Name < best) {
			best, bestDist = f.Name, d
		}
	}
	cmd.Flags().VisitAll(consider)
	cmd.InheritedFlags().VisitAll(consider)
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// providerNames lists the --provider values, sorted.
func providerNames() []string {
	names := make([]string, 0, len(providers))
	for name := range providers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
