// This file parses the command line: the global flags, the command name,
// and each command's flags and arguments, in any order.

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/provconc/provconc/transport/emulator"
)

// app is one run of pcctl.
type app struct {
	stdout, stderr io.Writer
	set            settings
	now            func() time.Time
}

// settings are the global flags, shared by every command.
type settings struct {
	provider  string
	region    string
	endpoint  string
	namespace string
	profile   string
	output    string
	timeout   time.Duration
	noSign    bool
	emulator  bool

	// inProcess is the emulator that --emulator started; nil otherwise.
	inProcess *emulator.Server
}

// Output formats.
const (
	outputTable = "table"
	outputJSON  = "json"
)

func defaultSettings() settings {
	return settings{provider: "aws", output: outputTable, timeout: time.Minute}
}

// bind registers the global flags on fs, with the current values as
// defaults: a flag given after the command name then overrides the same flag
// given before it, and leaves the others alone.
func (s *settings) bind(fs *flag.FlagSet) {
	fs.StringVar(&s.provider, "provider", s.provider, "")
	fs.StringVar(&s.region, "region", s.region, "")
	fs.StringVar(&s.endpoint, "endpoint", s.endpoint, "")
	fs.StringVar(&s.namespace, "namespace", s.namespace, "")
	fs.StringVar(&s.profile, "profile", s.profile, "")
	fs.StringVar(&s.output, "output", s.output, "")
	fs.StringVar(&s.output, "o", s.output, "")
	fs.DurationVar(&s.timeout, "timeout", s.timeout, "")
	fs.BoolVar(&s.noSign, "no-sign-request", s.noSign, "")
	fs.BoolVar(&s.emulator, "emulator", s.emulator, "")
}

// check validates the provider-neutral global flags.
func (s *settings) check() error {
	if _, ok := providers[s.provider]; !ok {
		return usagef("", "invalid --provider %q: must be one of %s", s.provider, strings.Join(providerNames(), ", "))
	}
	if s.output != outputTable && s.output != outputJSON {
		return usagef("", "invalid --output %q: must be table or json", s.output)
	}
	if s.timeout < 0 {
		return usagef("", "invalid --timeout %s: must not be negative", s.timeout)
	}
	return nil
}

// options are the command flags; each command registers the ones it takes.
type options struct {
	qualifier    string
	wait         bool
	waitTimeout  time.Duration
	pollInterval time.Duration
	maxItems     int
	addr         string
	readyAfter   time.Duration
}

// Command flag registrations, shared by the commands that take them.
func qualifierFlag(fs *flag.FlagSet, o *options) { fs.StringVar(&o.qualifier, "qualifier", "", "") }

func waitFlags(fs *flag.FlagSet, o *options) {
	fs.DurationVar(&o.waitTimeout, "wait-timeout", 15*time.Minute, "")
	fs.DurationVar(&o.pollInterval, "poll-interval", time.Second, "")
}

// command is one pcctl command.
type command struct {
	name string
	// args names the positional arguments, for messages.
	args []string
	help string
	// flags registers the command's own flags.
	flags func(fs *flag.FlagSet, o *options)
	// run does the work, with flags and arguments parsed and checked.
	run func(a *app, ctx context.Context, o *options, args []string) error
}

// commands lists every command; help is handled before the lookup.
var commands = map[string]*command{
	"put": {name: "put", args: []string{"FUNCTION", "COUNT"}, help: putHelp,
		flags: func(fs *flag.FlagSet, o *options) {
			qualifierFlag(fs, o)
			fs.BoolVar(&o.wait, "wait", false, "")
			waitFlags(fs, o)
		},
		run: (*app).put},
	"get":    {name: "get", args: []string{"FUNCTION"}, help: getHelp, flags: qualifierFlag, run: (*app).get},
	"delete": {name: "delete", args: []string{"FUNCTION"}, help: deleteHelp, flags: qualifierFlag, run: (*app).delete},
	"list": {name: "list", args: []string{"FUNCTION"}, help: listHelp,
		flags: func(fs *flag.FlagSet, o *options) { fs.IntVar(&o.maxItems, "max-items", 0, "") },
		run:   (*app).list},
	"wait": {name: "wait", args: []string{"FUNCTION"}, help: waitHelp,
		flags: func(fs *flag.FlagSet, o *options) {
			qualifierFlag(fs, o)
			waitFlags(fs, o)
		},
		run: (*app).wait},
	"emulator": {name: "emulator", help: emulatorHelp,
		flags: func(fs *flag.FlagSet, o *options) {
			fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "")
			fs.DurationVar(&o.readyAfter, "ready-after", 3*time.Second, "")
		},
		run: (*app).serveEmulator},
}

// newFlagSet returns a quiet flag set: pcctl prints its own help and errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// main parses the command line and runs the command.
func (a *app) main(ctx context.Context, args []string) error {
	global := newFlagSet("pcctl")
	a.set.bind(global)
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(a.stdout, usageText)
			return nil
		}
		return usagef("", "%v", err)
	}
	rest := global.Args()
	if len(rest) == 0 {
		return usagef("", "no command given")
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		return a.help(rest)
	}
	cmd, ok := commands[name]
	if !ok {
		return usagef("", "unknown command %q", name)
	}

	var o options
	fs := newFlagSet(name)
	a.set.bind(fs)
	cmd.flags(fs, &o)
	pos, err := parseArgs(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(a.stdout, cmd.help+commandHelpFooter)
		return nil
	}
	if err != nil {
		return usagef(name, "%v", err)
	}
	if len(pos) != len(cmd.args) {
		return usagef(name, "%s", argCountMessage(cmd, pos))
	}
	if err := a.set.check(); err != nil {
		return err
	}
	if err := providers[a.set.provider].check(&a.set); err != nil {
		return err
	}
	if err := o.check(name); err != nil {
		return err
	}
	return cmd.run(a, ctx, &o, pos)
}

// check validates the command flags that no service checks.
func (o *options) check(cmd string) error {
	if o.waitTimeout < 0 || (o.waitTimeout == 0 && (cmd == "wait" || o.wait)) {
		return usagef(cmd, "invalid --wait-timeout %s: must be positive", o.waitTimeout)
	}
	if o.pollInterval < 0 || (o.pollInterval == 0 && (cmd == "wait" || o.wait)) {
		return usagef(cmd, "invalid --poll-interval %s: must be positive", o.pollInterval)
	}
	if o.readyAfter < 0 {
		return usagef(cmd, "invalid --ready-after %s: must not be negative", o.readyAfter)
	}
	return nil
}

// argCountMessage says what a command expected when the number of
// arguments is wrong.
func argCountMessage(cmd *command, got []string) string {
	switch {
	case len(cmd.args) == 0:
		return fmt.Sprintf("takes no arguments, got %q", strings.Join(got, " "))
	case len(got) < len(cmd.args):
		return "missing " + strings.Join(cmd.args[len(got):], " and ")
	default:
		return fmt.Sprintf("too many arguments: want %s, got %q", strings.Join(cmd.args, " "), strings.Join(got, " "))
	}
}

// help prints the usage text, or a command's help.
func (a *app) help(args []string) error {
	switch {
	case len(args) == 0:
		fmt.Fprint(a.stdout, usageText)
		return nil
	case len(args) > 1:
		return usagef("", "help takes at most one command")
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return usagef("", "unknown command %q", args[0])
	}
	fmt.Fprint(a.stdout, cmd.help+commandHelpFooter)
	return nil
}

// parseArgs parses flags anywhere among the arguments, as people type them
// ("pcctl get my-function -o json"), and returns the positional arguments in
// order. "--" ends the flags. A negative number where a flag could stand
// ("put my-function:live -5") is an argument, so that it meets the same
// check as any other count.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--":
			return append(pos, args[i+1:]...), nil
		case arg == "-" || !strings.HasPrefix(arg, "-") || isNegativeNumber(arg):
			pos = append(pos, arg)
			continue
		}
		n := 1
		if takesValue(fs, arg) && i+1 < len(args) {
			n = 2
		}
		if err := fs.Parse(args[i : i+n]); err != nil {
			return nil, err
		}
		i += n - 1
	}
	return pos, nil
}

// takesValue reports whether arg is a defined non-boolean flag written
// without "=", so that the next argument is its value.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
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
