// This file holds the entry point, the exit codes and the one place errors
// become lines on stderr and an exit code.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/redact"
)

// Exit codes, those of the aws CLI (see "aws help return-codes").
const (
	exitOK          = 0   // success
	exitUsage       = 252 // the command line could not be parsed, or its input was refused before sending
	exitConfig      = 253 // configuration or credentials are missing or invalid
	exitService     = 254 // the service answered with an error
	exitOther       = 255 // anything else: the network, a wait that failed or timed out, an invalid answer
	exitInterrupted = 130 // SIGINT or SIGTERM
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one pcctl command line (without the program name) and
// returns the exit code. Results go to stdout; progress and errors go to
// stderr. stdin is not read today; it is part of the signature so that a
// command reading input (a batch of changes, say) needs no new plumbing.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	_ = stdin
	a := &app{stdout: stdout, stderr: stderr, set: defaultSettings(), now: time.Now}
	err := a.execute(ctx, args)
	if serr := a.saveEmulatorState(); err == nil && serr != nil {
		err = serr
	}
	return a.report(ctx, err)
}

// usageError is a command line pcctl refuses: an unknown flag or command, a
// missing or malformed argument, a bad flag value. Nothing was sent.
type usageError struct {
	cmd string // the command path after "pcctl", for the hint; empty for the global level
	msg string
	// global marks an error about the global flags, reported as pcctl's
	// whatever command was given; otherwise an empty cmd is filled with
	// the command that ran.
	global bool
}

// Error returns the message, without the command or the hint.
func (e *usageError) Error() string { return e.msg }

// usagef returns a *usageError for cmd.
func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// globalUsagef returns a *usageError about the global flags.
func globalUsagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), global: true}
}

// configError is a configuration pcctl cannot use: a missing region, an
// unknown profile, missing credentials, a malformed endpoint. Nothing was
// sent.
type configError struct{ err error }

// Error returns the cause's message.
func (e *configError) Error() string { return e.err.Error() }

// Unwrap returns the cause, so describe sees an *provconc.InputError in it.
func (e *configError) Unwrap() error { return e.err }

// waitFailedError reports a wait that ended with the allocation FAILED.
type waitFailedError struct{ cfg provconc.Config }

// Error names the version or alias and the service's reason.
func (e *waitFailedError) Error() string {
	msg := "allocation FAILED for " + label(e.cfg.FunctionName, e.cfg.Qualifier)
	if e.cfg.StatusReason != "" {
		msg += ": " + e.cfg.StatusReason
	}
	return msg
}

// waitTimeoutError reports a wait that --wait-timeout ended.
type waitTimeoutError struct {
	target  string
	timeout time.Duration
	last    *provconc.Config // nil when no read succeeded
}

// Error names the target, the timeout and the last state seen.
func (e *waitTimeoutError) Error() string {
	msg := "timed out after " + e.timeout.String() + " waiting for " + e.target + " to be READY"
	if c := e.last; c != nil {
		msg += fmt.Sprintf(" (last seen %s, allocated %d/%d)", c.Status, c.Allocated, c.Requested)
	}
	return msg
}

// exitCode maps an error onto the aws CLI's exit codes.
func exitCode(err error) int {
	var (
		usage  *usageError
		file   *fileError
		cfg    *configError
		apiErr *provconc.APIError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errChanges):
		return exitChanges
	case errors.As(err, &usage), errors.As(err, &file), errors.Is(err, provconc.ErrInvalidInput) && !errors.As(err, &cfg):
		return exitUsage
	case errors.As(err, &cfg):
		return exitConfig
	case errors.As(err, &apiErr):
		return exitService
	}
	return exitOther
}

// report writes err on stderr and returns the exit code: a service error
// as the aws CLI writes it, a usage error with a hint, anything else on
// one line.
func (a *app) report(ctx context.Context, err error) int {
	code := exitCode(err)
	if code == exitOK {
		return code
	}
	if code == exitChanges {
		return code // plan: the plan on stdout says what would change
	}
	var incomplete *incompleteError
	if ctx.Err() != nil {
		// Whatever failed, it failed because the user stopped it.
		if errors.As(err, &incomplete) {
			fmt.Fprintf(a.stderr, "pcctl apply: interrupted: %s\n", oneLine(incomplete.summary))
		} else {
			fmt.Fprintln(a.stderr, "pcctl: interrupted")
		}
		return exitInterrupted
	}
	var (
		file    *fileError
		targets *targetsError
	)
	switch {
	case errors.As(err, &incomplete):
		a.reportLines("pcctl apply", incomplete.summary, incomplete.err, maxFailureLines)
		return code
	case errors.As(err, &file):
		a.reportLines("pcctl "+file.cmd, "", file.err, -1)
		return code
	case errors.As(err, &targets):
		for _, l := range targets.lines() {
			fmt.Fprintf(a.stderr, "pcctl %s: %s\n", targets.cmd, oneLine(l))
		}
		return code
	}
	var apiErr *provconc.APIError
	if code == exitService && errors.As(err, &apiErr) {
		fmt.Fprintf(a.stderr, "\n%s\n", serviceErrorLine(err, apiErr, a.set.maxAttempts, !a.set.cliFamily))
		return code
	}
	var creds *credentialsError
	if errors.As(err, &creds) && creds.none {
		// As the aws CLI writes it, after an empty line.
		fmt.Fprintf(a.stderr, "\n%s\n", noCredentialsMessage)
		return code
	}
	prefix := "pcctl"
	var usage *usageError
	if errors.As(err, &usage) && usage.cmd != "" {
		prefix += " " + usage.cmd
	}
	msg := oneLine(describe(err))
	if usage != nil {
		// A usage error may add a suggestion on a line of its own.
		lines := strings.Split(usage.msg, "\n")
		for i, l := range lines {
			lines[i] = oneLine(l)
		}
		msg = strings.Join(lines, "\n")
	}
	fmt.Fprintf(a.stderr, "%s: %s\n", prefix, msg)
	if usage != nil {
		fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", prefix)
	}
	return code
}

// maxFailureLines bounds the failures an incomplete apply repeats on
// stderr; the report on stdout lists them all.
const maxFailureLines = 5

// reportLines writes head (if any) and then each line of err's message (at
// most max, -1 for all) on stderr, each after prefix.
func (a *app) reportLines(prefix, head string, err error, max int) {
	var lines []string
	if head != "" {
		lines = append(lines, head)
	}
	if err != nil {
		rest := strings.Split(err.Error(), "\n")
		if head != "" && len(rest) > 0 && strings.TrimPrefix(rest[0], "fleet: ") == head {
			rest = rest[1:] // the summary again
		}
		if max >= 0 && len(rest) > max {
			rest = append(rest[:max:max], fmt.Sprintf("and %d more: see the report", len(rest)-max))
		}
		lines = append(lines, rest...)
	}
	for _, l := range lines {
		fmt.Fprintf(a.stderr, "%s: %s\n", prefix, oneLine(strings.TrimPrefix(l, "fleet: ")))
	}
}

// serviceErrorLine writes a service error as the aws CLI does: "An error
// occurred (Code) when calling the Operation operation: Message", with the
// retries it took when they ran out, and with requestID the request id at
// the end (" (request id: ...)"), which the aws CLI does not print.
//
// maxAttempts is the attempt limit in force, 0 when the SDK's default
// applies (throttles paced until the call's deadline).
func serviceErrorLine(err error, apiErr *provconc.APIError, maxAttempts int, requestID bool) string {
	code := redact.Clip(apiErr.Code)
	switch {
	case code != "":
	case errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound):
		// Tencent SCF answers a read of a version without a config with an
		// empty list, which the SDK reports without a code.
		code = "ProvisionedConcurrencyConfigNotFound"
	case apiErr.StatusCode >= 300:
		code = strconv.Itoa(apiErr.StatusCode)
	default:
		code = "Unknown"
	}
	op := apiErr.Operation
	if op == "" {
		op = "the"
	}
	line := "An error occurred (" + code + ") when calling the " + op + " operation"
	var exhausted *provconc.RetryExhaustedError
	switch {
	case maxAttempts > 0 && apiErr.Attempts >= maxAttempts:
		// botocore says so whenever the last attempt was the last allowed,
		// whatever the error: with max_attempts 1, a not-found too.
		line += " (reached max retries: " + strconv.Itoa(apiErr.Attempts-1) + ")"
	case maxAttempts == 0 && errors.As(err, &exhausted) && exhausted.Attempts > 1:
		line += " (reached max retries: " + strconv.Itoa(exhausted.Attempts-1) + ")"
	}
	line += ": " + redact.Message(apiErr.Message)
	if requestID && apiErr.RequestID != "" {
		line += " (request id: " + redact.Clip(apiErr.RequestID) + ")"
	}
	return oneLine(line)
}

// inputArgs names, for each input field the SDK checks, the pcctl argument
// or flag that carries it.
var inputArgs = map[string]string{
	"FunctionName":                    "FUNCTION",
	"Qualifier":                       "--qualifier",
	"ProvisionedConcurrentExecutions": "COUNT",
	"MaxItems":                        "--max-items",
	"Namespace":                       "--namespace",
	"ScalingOptions.Executions":       "--executions",
}

// describe renders an error for people: a service error as its code,
// message and request id; an input error as the field, value and
// rule.
func describe(err error) string {
	var (
		inErr  *provconc.InputError
		apiErr *provconc.APIError
	)
	switch {
	case errors.As(err, &inErr):
		var b strings.Builder
		b.WriteString("invalid ")
		b.WriteString(inErr.Field)
		if arg, ok := inputArgs[inErr.Field]; ok {
			b.WriteString(" (" + arg + ")")
		}
		if inErr.Value != "" {
			b.WriteString(" " + strconv.Quote(inErr.Value))
		}
		b.WriteString(": " + inErr.Rule)
		return b.String()
	case errors.As(err, &apiErr):
		return serviceErrorLine(err, apiErr, 0, true)
	}
	return strings.TrimPrefix(err.Error(), "provconc: ")
}

// oneLine keeps a message on one line and free of terminal control
// characters, whatever the service sent.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

// label names a version or alias as name:qualifier.
func label(name, qualifier string) string {
	if qualifier == "" {
		return name
	}
	return name + ":" + qualifier
}
