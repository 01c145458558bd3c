// Secrets: for both protocols, every operation (Put, Get, List,
// WaitUntilReady, Delete) and every error path (signature and token
// refused, throttled, 5xx, connection reset, truncated answer, allocation
// failed, refused input) runs against the emulator with debug logging on.
// No secret key, session token or signature that went on the wire may
// appear in a log record (as the text and JSON handlers render it, or any
// attribute printed raw), an error string (any verb, any error in the
// chain), or a printed result; and every type that holds credentials must
// print and log redacted.
//
// The per-protocol tests (transport/awslambda/secrets_test.go,
// transport/tencentscf/credentials_test.go) cover one protocol each against
// scripted answers; this one runs both through the real emulator, with
// temporary credentials, WaitUntilReady and the official SCF credential
// type, and compares against what was actually sent.

package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Credential material. Letters, digits and '-' only, so no encoder (JSON,
// percent-encoding, quoting) could disguise a leak from the search.
const (
	secretAWSKeyID     = "AKIDSECRETSTESTEXAMPLE"
	secretAWSKey       = "awsSecretKey-9f3Kq2LmZx7Rt4Vb8Nc1"
	secretAWSToken     = "awsSessionToken-Q8w2E4r6T8y0U2i4O6p8"
	secretAWSWrongKey  = "awsWrongSecretKey-Zz9Yy8Xx7Ww6Vv5"
	secretAWSWrongTok  = "awsWrongSessionToken-Mm1Nn2Bb3Vv4"
	secretSCFID        = "AKIDscfSecretsTestExampleExample"
	secretSCFKey       = "scfSecretKey-H7j6K5l4Z3x2C1v0B9n8"
	secretSCFToken     = "scfSessionToken-P0o9I8u7Y6t5R4e3W2q1"
	secretSCFWrongKey  = "scfWrongSecretKey-Ab1Cd2Ef3Gh4Ij5"
	secretSCFWrongTok  = "scfWrongSessionToken-Kl6Mn7Op8Qr9"
	secretEndpointPass = "endpointPassword-Ux5Wy7Za9"
)

// secretMaterial is every credential value used; a prefix of each is
// searched too, so a shortened secret ("awsSecretKey-9f3K...") counts as a
// leak.
var secretMaterial = []string{
	secretAWSKey, secretAWSToken, secretAWSWrongKey, secretAWSWrongTok,
	secretSCFKey, secretSCFToken, secretSCFWrongKey, secretSCFWrongTok,
	secretEndpointPass,
}

// TestSecretNeverLeaks runs the scenario of each protocol with its own
// log, then searches logs, errors and results for every secret.
func TestSecretNeverLeaks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		scenario func(t *testing.T, logger *slog.Logger, wire *secretWire) *secretRun
	}{
		{awslambda.ProviderName, secretAWSScenario},
		{tencentscf.ProviderName, secretSCFScenario},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newSecretHandler()
			wire := &secretWire{}
			run := tc.scenario(t, slog.New(h), wire)
			secretCheck(t, h.rec, wire, run)
		})
	}
}

// secretRun is what a scenario produced: every error and every result.
type secretRun struct {
	errs    []error
	results []any
	// tokens are the session tokens the scenario's clients hold, which the
	// wire must show were sent.
	tokens []string
}

// step records one call and checks its outcome: success when want is empty,
// else an error matching every sentinel in want, proving the path ran.
func (r *secretRun) step(t *testing.T, name string, out any, err error, want ...error) {
	t.Helper()
	if err != nil {
		r.errs = append(r.errs, err)
	} else if out != nil && !reflect.ValueOf(out).IsNil() {
		r.results = append(r.results, out)
	}
	if len(want) == 0 {
		if err != nil {
			t.Errorf("%s: %v, want success", name, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s succeeded; the error path it stands for did not run", name)
		return
	}
	for _, w := range want {
		if !errors.Is(err, w) {
			t.Errorf("%s: %v, want an error matching %v", name, err, w)
		}
	}
}

// secretClock is the emulator's clock, advanced by the waits of
// WaitUntilReady so allocation takes several polls without real time.
type secretClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *secretClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *secretClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// secretNoSleep makes retries immediate.
func secretNoSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// secretWait waits on the fake clock and records the statuses seen.
func secretWait(clock *secretClock, seen *[]provconc.Status) func(*provconc.WaitOptions) {
	return func(o *provconc.WaitOptions) {
		o.Sleep = clock.sleep
		o.Progress = func(c provconc.Config) { *seen = append(*seen, c.Status) }
	}
}

// secretCheckPolled fails unless a wait saw the allocation in progress
// before it settled: the wait must have polled, or it proved nothing.
func secretCheckPolled(t *testing.T, seen []provconc.Status, last provconc.Status) {
	t.Helper()
	if len(seen) < 2 || seen[0] != provconc.StatusInProgress || seen[len(seen)-1] != last {
		t.Errorf("wait saw %v, want IN_PROGRESS first and %s last", seen, last)
	}
}

func secretAWSScenario(t *testing.T, logger *slog.Logger, wire *secretWire) *secretRun {
	clock := &secretClock{t: time.Now().UTC().Truncate(time.Second)}
	emu := emulator.New(emulator.Options{
		Now:         clock.now,
		ReadyAfter:  time.Second,
		Credentials: &aws.Credentials{AccessKeyID: secretAWSKeyID, SecretAccessKey: secretAWSKey, SessionToken: secretAWSToken},
	})
	secretMust(t, emu.CreateFunction("sec-fn"))
	for range 2 {
		_, err := emu.PublishVersion("sec-fn")
		secretMust(t, err)
	}
	secretMust(t, emu.CreateAlias("sec-fn", "live", "1"))
	wire.next = emu
	newClient := func(key, token string) *provconc.Client {
		p, err := awslambda.New(awslambda.Options{
			Region:      emulator.DefaultRegion,
			Credentials: credentials.NewStaticCredentialsProvider(secretAWSKeyID, key, token),
			HTTPClient:  &http.Client{Transport: wire},
			Logger:      logger,
			// Unpaced, so throttles end at the attempt limit, an error path.
			Retry: retry.Options{DisableRateLimit: true, Sleep: secretNoSleep},
		})
		secretMust(t, err)
		c, err := provconc.NewClient(p)
		secretMust(t, err)
		return c
	}
	good := newClient(secretAWSKey, secretAWSToken)
	badKey := newClient(secretAWSWrongKey, secretAWSToken)
	badToken := newClient(secretAWSKey, secretAWSWrongTok)
	ctx := context.Background()
	r := &secretRun{tokens: []string{secretAWSToken, secretAWSWrongTok}}
	live := &provconc.GetInput{FunctionName: "sec-fn", Qualifier: "live"}

	out, err := good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn:live", ProvisionedConcurrentExecutions: 2})
	r.step(t, "Put", out, err)
	var seen []provconc.Status
	got, err := good.WaitUntilReady(ctx, live, secretWait(clock, &seen))
	r.step(t, "WaitUntilReady", got, err)
	secretCheckPolled(t, seen, provconc.StatusReady)
	got, err = good.Get(ctx, live)
	r.step(t, "Get", got, err)
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "2", ProvisionedConcurrentExecutions: 1})
	r.step(t, "Put version", out, err)
	pages := 0
	for c, err := range good.ListAll(ctx, &provconc.ListInput{FunctionName: "sec-fn", MaxItems: 1}) {
		pages++
		r.step(t, "List page", &c, err)
	}
	if pages != 2 {
		t.Errorf("List walked %d pages, want 2 (one config each)", pages)
	}

	emu.InjectFaults(emulator.FaultThrottle)
	got, err = good.Get(ctx, live)
	r.step(t, "Get throttled once, then answered", got, err)
	if err == nil && got.Metadata.Attempts != 2 {
		t.Errorf("throttled Get took %d attempts, want 2", got.Metadata.Attempts)
	}
	emu.InjectFaults(emulator.FaultThrottle, emulator.FaultThrottle, emulator.FaultThrottle)
	got, err = good.Get(ctx, live)
	r.step(t, "Get throttled to the end", got, err, provconc.ErrTooManyRequests, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultServiceError, emulator.FaultUnavailable, emulator.FaultServiceError)
	got, err = good.Get(ctx, live)
	r.step(t, "Get failing with 5xx", got, err, provconc.ErrService, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultReset, emulator.FaultReset, emulator.FaultReset)
	listed, err := good.List(ctx, &provconc.ListInput{FunctionName: "sec-fn"})
	r.step(t, "List reset", listed, err, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultTruncate)
	got, err = good.Get(ctx, live)
	r.step(t, "Get truncated", got, err, io.ErrUnexpectedEOF)

	got, err = badKey.Get(ctx, live)
	r.step(t, "Get with a wrong secret key (signature refused)", got, err, provconc.ErrAccessDenied)
	got, err = badToken.Get(ctx, live)
	r.step(t, "Get with a wrong session token", got, err, provconc.ErrAccessDenied)
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "live"})
	r.step(t, "Put refused before sending", out, err, provconc.ErrInvalidInput)

	deleted, err := good.Delete(ctx, &provconc.DeleteInput{FunctionName: "sec-fn:live"})
	r.step(t, "Delete", deleted, err)
	got, err = good.Get(ctx, live)
	r.step(t, "Get after Delete", got, err, provconc.ErrProvisionedConcurrencyConfigNotFound)
	got, err = good.WaitUntilReady(ctx, live)
	r.step(t, "WaitUntilReady without a config", got, err, provconc.ErrProvisionedConcurrencyConfigNotFound)

	emu.FailNextAllocation("sec-fn", "live", "")
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "live", ProvisionedConcurrentExecutions: 3})
	r.step(t, "Put bound to fail", out, err)
	seen = nil
	got, err = good.WaitUntilReady(ctx, live, secretWait(clock, &seen))
	r.step(t, "WaitUntilReady to FAILED", got, err, provconc.ErrAllocationFailed)
	secretCheckPolled(t, seen, provconc.StatusFailed)
	return r
}

func secretSCFScenario(t *testing.T, logger *slog.Logger, wire *secretWire) *secretRun {
	clock := &secretClock{t: time.Now().UTC().Truncate(time.Second)}
	emu := emulator.New(emulator.Options{
		Now:        clock.now,
		ReadyAfter: time.Second,
		SCF: emulator.SCFOptions{Credentials: &emulator.SCFCredentials{
			SecretID: secretSCFID, SecretKey: secretSCFKey, Token: secretSCFToken,
		}},
	})
	secretMust(t, emu.CreateSCFFunction("", "sec-fn"))
	for range 2 {
		_, err := emu.PublishSCFVersion("", "sec-fn")
		secretMust(t, err)
	}
	wire.next = emu
	newClient := func(creds tencentscf.CredentialSource) *provconc.Client {
		p, err := tencentscf.New(tencentscf.Options{
			Region:      "ap-guangzhou",
			Credentials: creds,
			HTTPClient:  &http.Client{Transport: wire},
			Logger:      logger,
			// Unpaced, so throttles end at the attempt limit, an error path.
			Retry: retry.Options{DisableRateLimit: true, Sleep: secretNoSleep},
		})
		secretMust(t, err)
		c, err := provconc.NewClient(p)
		secretMust(t, err)
		return c
	}
	good := newClient(tencentscf.NewCredentials(secretSCFID, secretSCFKey, secretSCFToken))
	badKey := newClient(tencentscf.NewCredentials(secretSCFID, secretSCFWrongKey, secretSCFToken))
	// The official SDK's credential type, as users of tencentcloud-sdk-go
	// pass it.
	badToken := newClient(common.NewTokenCredential(secretSCFID, secretSCFKey, secretSCFWrongTok))
	ctx := context.Background()
	r := &secretRun{tokens: []string{secretSCFToken, secretSCFWrongTok}}
	v1 := &provconc.GetInput{FunctionName: "sec-fn", Qualifier: "1"}

	out, err := good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn:1", ProvisionedConcurrentExecutions: 2})
	r.step(t, "Put", out, err)
	var seen []provconc.Status
	got, err := good.WaitUntilReady(ctx, v1, secretWait(clock, &seen))
	r.step(t, "WaitUntilReady", got, err)
	secretCheckPolled(t, seen, provconc.StatusReady)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get", got, err)
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "2", ProvisionedConcurrentExecutions: 1})
	r.step(t, "Put version 2", out, err)
	listed, err := good.List(ctx, &provconc.ListInput{FunctionName: "sec-fn"})
	r.step(t, "List", listed, err)
	if err == nil && len(listed.Configs) != 2 {
		t.Errorf("List has %d configs, want 2", len(listed.Configs))
	}
	deleted, err := good.Delete(ctx, &provconc.DeleteInput{FunctionName: "sec-fn", Qualifier: "2"})
	r.step(t, "Delete while allocating (FailedOperation.ProvisionedInProgress)", deleted, err, provconc.ErrResourceConflict)

	emu.InjectFaults(emulator.FaultThrottle)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get throttled once, then answered", got, err)
	if err == nil && got.Metadata.Attempts != 2 {
		t.Errorf("throttled Get took %d attempts, want 2", got.Metadata.Attempts)
	}
	emu.InjectFaults(emulator.FaultThrottle, emulator.FaultThrottle, emulator.FaultThrottle)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get throttled inside HTTP 200 to the end", got, err, provconc.ErrTooManyRequests, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultServiceError, emulator.FaultUnavailable, emulator.FaultServiceError)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get failing with InternalError and a 503 page", got, err, provconc.ErrService, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultReset, emulator.FaultReset, emulator.FaultReset)
	listed, err = good.List(ctx, &provconc.ListInput{FunctionName: "sec-fn"})
	r.step(t, "List reset", listed, err, provconc.ErrRetryExhausted)
	emu.InjectFaults(emulator.FaultTruncate)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get truncated", got, err, io.ErrUnexpectedEOF)

	got, err = badKey.Get(ctx, v1)
	r.step(t, "Get with a wrong secret key (signature refused)", got, err, provconc.ErrAccessDenied)
	got, err = badToken.Get(ctx, v1)
	r.step(t, "Get with a wrong session token", got, err, provconc.ErrAccessDenied)
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "1"})
	r.step(t, "Put refused before sending", out, err, provconc.ErrInvalidInput)

	deleted, err = good.Delete(ctx, &provconc.DeleteInput{FunctionName: "sec-fn:1"})
	r.step(t, "Delete", deleted, err)
	got, err = good.Get(ctx, v1)
	r.step(t, "Get after Delete", got, err, provconc.ErrProvisionedConcurrencyConfigNotFound)
	got, err = good.WaitUntilReady(ctx, v1)
	r.step(t, "WaitUntilReady without a config", got, err, provconc.ErrProvisionedConcurrencyConfigNotFound)

	emu.FailNextSCFAllocation("", "sec-fn", "1", "")
	out, err = good.Put(ctx, &provconc.PutInput{FunctionName: "sec-fn", Qualifier: "1", ProvisionedConcurrentExecutions: 3})
	r.step(t, "Put bound to fail", out, err)
	seen = nil
	got, err = good.WaitUntilReady(ctx, v1, secretWait(clock, &seen))
	r.step(t, "WaitUntilReady to Failed", got, err, provconc.ErrAllocationFailed)
	secretCheckPolled(t, seen, provconc.StatusFailed)
	return r
}

// secretCheck searches the log, the errors and the results for every
// secret and for every signature and token that was sent.
func secretCheck(t *testing.T, rec *secretRecorder, wire *secretWire, run *secretRun) {
	t.Helper()
	sigs, tokens := wire.sent()
	if len(sigs) < 10 {
		t.Fatalf("only %d signed requests reached the wire; the scenario must exercise signing", len(sigs))
	}
	// The session tokens must have been sent (the search for them in the
	// log would otherwise prove nothing), and nothing else as a token.
	for _, tok := range run.tokens {
		if !tokens[tok] {
			t.Errorf("session token %.8s... was never sent", tok)
		}
	}
	if len(tokens) != len(run.tokens) {
		t.Errorf("%d distinct tokens sent, want %d", len(tokens), len(run.tokens))
	}

	log, levels := rec.snapshot()
	// One record per attempt: Debug, or Warn when retries gave up. A log
	// with fewer records than requests sent has not seen every attempt.
	if levels[slog.LevelDebug]+levels[slog.LevelWarn] < len(sigs) || levels[slog.LevelWarn] == 0 {
		t.Errorf("log has %d Debug and %d Warn records for %d requests: debug logging did not record every attempt",
			levels[slog.LevelDebug], levels[slog.LevelWarn], len(sigs))
	}
	if len(run.errs) < 10 || len(run.results) < 5 {
		t.Errorf("%d errors and %d results; the scenario must cover the error paths and the operations", len(run.errs), len(run.results))
	}

	needles := map[string]string{}
	for _, s := range secretMaterial {
		needles[s] = "a secret"
		needles[s[:12]] = "the start of a secret"
	}
	for _, s := range sigs {
		needles[s] = "a signature sent"
		needles[s[:min(16, len(s))]] = "the start of a signature sent"
	}
	for tok := range tokens {
		needles[tok] = "a token sent"
	}
	texts := map[string]string{"the log": log}
	for i, err := range run.errs {
		texts[fmt.Sprintf("error %d", i)] = secretErrorText(err)
	}
	for i, out := range run.results {
		texts[fmt.Sprintf("result %d (%T)", i, out)] = fmt.Sprintf("%v %+v %#v", out, out, out)
	}
	for where, text := range texts {
		for needle, what := range needles {
			if strings.Contains(text, needle) {
				t.Errorf("%s contains %s (%.8s...): %.300s", where, what, needle, text)
			}
		}
	}
}

// secretErrorText prints an error and every error it wraps, with every
// verb a logger or a user might use.
func secretErrorText(err error) string {
	var b strings.Builder
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		fmt.Fprintf(&b, "%v\n%+v\n%#v\n%s\n%q\n", e, e, e, e, e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return b.String()
}

// TestSecretTypesPrintRedacted prints and logs every value that holds
// credentials, on both protocols and in the emulator, and searches the
// output for the secrets.
func TestSecretTypesPrintRedacted(t *testing.T) {
	t.Parallel()
	awsStatic := credentials.NewStaticCredentialsProvider(secretAWSKeyID, secretAWSKey, secretAWSToken)
	awsOpts := awslambda.Options{
		Region:      "us-west-2",
		Credentials: awsStatic,
		Endpoint:    "http://user:" + secretEndpointPass + "@127.0.0.1:4566",
	}
	awsProtocol, err := awslambda.New(awslambda.Options{Region: "us-west-2", Credentials: awsStatic})
	secretMust(t, err)
	awsClient, err := provconc.NewClient(awsProtocol)
	secretMust(t, err)

	scfCreds := tencentscf.NewCredentials(secretSCFID, secretSCFKey, secretSCFToken)
	scfOpts := tencentscf.Options{
		Region:      "ap-guangzhou",
		Credentials: scfCreds,
		Endpoint:    "http://user:" + secretEndpointPass + "@127.0.0.1:9000",
	}
	scfOfficial := tencentscf.Options{Region: "ap-guangzhou", Credentials: common.NewTokenCredential(secretSCFID, secretSCFKey, secretSCFToken)}
	scfProtocol, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: scfCreds})
	secretMust(t, err)
	scfClient, err := provconc.NewClient(scfProtocol)
	secretMust(t, err)

	emuSCF := emulator.SCFCredentials{SecretID: secretSCFID, SecretKey: secretSCFKey, Token: secretSCFToken}

	// Every SDK type that holds credentials, printed and logged.
	values := map[string]any{
		"awslambda.Options with static credentials":   awsOpts,
		"*awslambda.Options with static credentials":  &awsOpts,
		"*awslambda.Protocol":                         awsProtocol,
		"*provconc.Client over aws-lambda":            awsClient,
		"tencentscf.Credentials":                      scfCreds,
		"*tencentscf.Credentials":                     &scfCreds,
		"tencentscf.Options":                          scfOpts,
		"*tencentscf.Options":                         &scfOpts,
		"tencentscf.Options with a common.Credential": scfOfficial,
		"*tencentscf.Protocol":                        scfProtocol,
		"*provconc.Client over tencent-scf":           scfClient,
	}
	// The emulator's types print only: they hold test keys, but a test
	// that prints its setup must not leak them either.
	emuOpts := emulator.Options{
		Credentials: &aws.Credentials{AccessKeyID: secretAWSKeyID, SecretAccessKey: secretAWSKey, SessionToken: secretAWSToken},
		SCF:         emulator.SCFOptions{Credentials: &emuSCF},
	}
	values["emulator.SCFCredentials"] = emuSCF
	values["*emulator.SCFCredentials"] = &emuSCF
	printed := map[string]any{
		"emulator.Options":  emuOpts,
		"*emulator.Options": &emuOpts,
		"*emulator.Server":  emulator.New(emuOpts),
	}
	for name, v := range values {
		printed[name] = v
	}
	for name, v := range printed {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secretMaterial {
				if strings.Contains(out, s) {
					t.Errorf("fmt %s of %s shows %.8s...: %s", verb, name, s, out)
				}
			}
		}
	}
	h := newSecretHandler()
	logger := slog.New(h)
	for name, v := range values {
		logger.Info(name, slog.Any("v", v))
	}
	log, levels := h.rec.snapshot()
	if levels[slog.LevelInfo] != len(values) {
		t.Fatalf("logged %d records, want %d", levels[slog.LevelInfo], len(values))
	}
	for _, s := range secretMaterial {
		if strings.Contains(log, s) {
			t.Errorf("slog of a credential-holding value shows %.8s...:\n%s", s, log)
		}
	}
	// The redacted forms still say what is configured, so they are useful.
	for _, want := range []string{"us-west-2", "credentials.StaticCredentialsProvider [REDACTED]", "127.0.0.1:4566", "AKID****"} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not show %q:\n%s", want, log)
		}
	}
}

// secretWire sits between the protocols and the emulator and records what
// went on the wire: each Authorization signature and each token header.
type secretWire struct {
	next   http.RoundTripper
	mu     sync.Mutex
	sigs   []string
	tokens map[string]bool
}

func (w *secretWire) RoundTrip(req *http.Request) (*http.Response, error) {
	w.mu.Lock()
	if auth := req.Header.Get("Authorization"); auth != "" {
		if _, sig, ok := strings.Cut(auth, "Signature="); ok && sig != "" {
			w.sigs = append(w.sigs, sig)
		}
	}
	for _, h := range []string{"X-Amz-Security-Token", "X-TC-Token"} {
		if tok := req.Header.Get(h); tok != "" {
			if w.tokens == nil {
				w.tokens = map[string]bool{}
			}
			w.tokens[tok] = true
		}
	}
	w.mu.Unlock()
	return w.next.RoundTrip(req)
}

func (w *secretWire) sent() ([]string, map[string]bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	tokens := map[string]bool{}
	for k := range w.tokens {
		tokens[k] = true
	}
	return append([]string(nil), w.sigs...), tokens
}

// secretRecorder keeps every record a secretHandler saw, rendered by the
// standard text and JSON handlers and, raw, attribute by attribute.
type secretRecorder struct {
	mu     sync.Mutex
	out    bytes.Buffer
	levels map[slog.Level]int
}

func (r *secretRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.Write(p)
}

func (r *secretRecorder) snapshot() (string, map[slog.Level]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	levels := map[slog.Level]int{}
	for k, v := range r.levels {
		levels[k] = v
	}
	return r.out.String(), levels
}

// secretHandler is a recording slog.Handler at Debug: it counts records by
// level and renders each through the text and JSON handlers, plus a raw
// rendering of every attribute with %+v and %#v, so a value that a
// handler would show differently is searched in every form.
type secretHandler struct {
	rec   *secretRecorder
	inner []slog.Handler
	attrs []slog.Attr
}

func newSecretHandler() *secretHandler {
	rec := &secretRecorder{levels: map[slog.Level]int{}}
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	return &secretHandler{rec: rec, inner: []slog.Handler{slog.NewTextHandler(rec, opts), slog.NewJSONHandler(rec, opts)}}
}

func (h *secretHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *secretHandler) Handle(ctx context.Context, r slog.Record) error {
	var raw strings.Builder
	raw.WriteString(r.Message)
	for _, a := range h.attrs {
		secretRawAttr(&raw, a)
	}
	r.Attrs(func(a slog.Attr) bool {
		secretRawAttr(&raw, a)
		return true
	})
	raw.WriteByte('\n')
	h.rec.mu.Lock()
	h.rec.levels[r.Level]++
	h.rec.out.WriteString(raw.String())
	h.rec.mu.Unlock()
	for _, in := range h.inner {
		if err := in.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (h *secretHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := &secretHandler{rec: h.rec, attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
	for _, in := range h.inner {
		out.inner = append(out.inner, in.WithAttrs(attrs))
	}
	return out
}

func (h *secretHandler) WithGroup(name string) slog.Handler {
	out := &secretHandler{rec: h.rec, attrs: h.attrs}
	for _, in := range h.inner {
		out.inner = append(out.inner, in.WithGroup(name))
	}
	return out
}

// secretRawAttr writes an attribute's key and value, the value both as
// given and resolved (LogValuer), with %+v and %#v.
func secretRawAttr(b *strings.Builder, a slog.Attr) {
	fmt.Fprintf(b, " %s=%+v|%#v|", a.Key, a.Value.Any(), a.Value.Any())
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		for _, g := range v.Group() {
			secretRawAttr(b, g)
		}
		return
	}
	fmt.Fprintf(b, "%+v|%#v", v.Any(), v.Any())
}

func secretMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
