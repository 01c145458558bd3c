package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

// The example runs end to end against the in-process emulator, which
// verifies the signature of every request, and prints each step a user
// expects.
func TestTencentAgainstEmulator(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-ready-after", "200ms", "-poll", "10ms", "-count", "7"}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantLines(t, out.String(),
		`^Talking to the in-process emulator \(no account, no network; requests signed with dummy keys and verified\)$`,
		`^Put demo-api:2 = 7 in namespace default -> IN_PROGRESS \(request [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$`,
		`^  scheduled weekday-morning: 14 at "0 30 8 \* \* MON-FRI \*"$`,
		`^  IN_PROGRESS +available 0/7  \(.*\)$`,
		`^  READY +available 7/7  \(.*\)$`,
		`^Ready after .*: 7 of 7 available$`,
		`^Get demo-api:2: READY, 7 of 7 available$`,
		`^  namespace default, unallocated concurrency of the function: 893$`,
		`^  trigger action weekday-morning: 14 at "0 30 8 \* \* MON-FRI \*" \(type Default\)$`,
		`^Every config of demo-api:$`,
		`^  VERSION +STATUS +REQUESTED +AVAILABLE +TRIGGER ACTIONS$`,
		`^  2 +READY +7 +7 +1$`,
		`^Unallocated concurrency of demo-api: 893$`,
		`^Deleted demo-api:2 \(request [0-9a-f-]{36}\)$`,
		`^Get now answers: .*version 2 of function demo-api \(namespace default\) has no provisioned concurrency config`,
	)
}

// Another namespace, function and version: the emulator is seeded to match.
func TestTencentFlagsChooseTheTarget(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	args := []string{"-namespace", "prod", "-function", "orders-api", "-qualifier", "4", "-count", "3", "-ready-after", "0", "-poll", "1ms"}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantLines(t, out.String(),
		`^Put orders-api:4 = 3 in namespace prod -> IN_PROGRESS `,
		`^Get orders-api:4: READY, 3 of 3 available$`,
		`^  namespace prod, unallocated concurrency of the function: 897$`,
		`^  4 +READY +3 +3 +1$`,
		`^Deleted orders-api:4 `,
	)
}

// Given an endpoint, the example takes the path of a real account: keys
// from the environment, a client with Options.Endpoint. An emulator on a
// loopback httptest server that requires those keys stands in for the
// service, so nothing leaves the machine.
func TestTencentAgainstEndpointWithKeysFromEnv(t *testing.T) {
	const id, key = "AKIDfromENVIRONMENTexample", "secret-from-environment"
	t.Setenv(tencentscf.EnvSecretID, id)
	t.Setenv(tencentscf.EnvSecretKey, key)
	t.Setenv(tencentscf.EnvSessionToken, "")
	emu := emulator.New(emulator.Options{SCF: emulator.SCFOptions{Credentials: &emulator.SCFCredentials{SecretID: id, SecretKey: key}}})
	if err := emu.CreateSCFFunction("default", "demo-api"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := emu.PublishSCFVersion("default", "demo-api"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()

	var out bytes.Buffer
	if err := run(context.Background(), []string{"-endpoint", srv.URL, "-poll", "1ms"}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantLines(t, out.String(),
		`^Talking to `+regexp.QuoteMeta(srv.URL)+` \(region ap-guangzhou\)$`,
		`^Get demo-api:2: READY, 5 of 5 available$`,
		`^Deleted demo-api:2 `,
	)

	// The same endpoint with other keys in the environment: refused by the
	// signature check, which the example reports.
	t.Setenv(tencentscf.EnvSecretKey, "not-the-key")
	out.Reset()
	err := run(context.Background(), []string{"-endpoint", srv.URL}, &out)
	var apiErr *provconc.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "AuthFailure.SignatureFailure" || !errors.Is(err, provconc.ErrAccessDenied) {
		t.Errorf("err = %v; want AuthFailure.SignatureFailure", err)
	}
	if strings.Contains(err.Error(), "not-the-key") {
		t.Errorf("the error shows the secret key: %v", err)
	}
}

// A real account needs keys: without them the example stops before
// anything is sent, naming the variables.
func TestTencentRegionNeedsKeys(t *testing.T) {
	t.Setenv(tencentscf.EnvSecretID, "")
	t.Setenv(tencentscf.EnvSecretKey, "")
	var out bytes.Buffer
	err := run(context.Background(), []string{"-region", "ap-guangzhou"}, &out)
	if err == nil || !strings.Contains(err.Error(), tencentscf.EnvSecretID) || !strings.Contains(err.Error(), tencentscf.EnvSecretKey) {
		t.Fatalf("err = %v; want the missing variables named", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q before failing", out.String())
	}

	// With keys, a region that cannot be one is refused before any request.
	t.Setenv(tencentscf.EnvSecretID, "AKIDexample")
	t.Setenv(tencentscf.EnvSecretKey, "example")
	if err := run(context.Background(), []string{"-region", "Guangzhou"}, &out); err == nil || !strings.Contains(err.Error(), "Region") {
		t.Errorf("err = %v; want the region refused", err)
	}
}

func TestTencentRejectsBadFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // regexp the error must match
	}{
		{"count not a number", []string{"-count", "many"}, `invalid value "many" for flag -count`},
		{"unknown flag", []string{"-qualifer", "2"}, `flag provided but not defined: -qualifer`},
		{"positional argument", []string{"demo-api"}, `unexpected argument "demo-api"`},
		{"zero poll", []string{"-poll", "0s"}, `-poll must be positive`},
		// Inputs the client refuses by name, before sending.
		{"count 0", []string{"-count", "0", "-ready-after", "0"}, `ProvisionedConcurrentExecutions`},
		{"$LATEST", []string{"-qualifier", "$LATEST", "-ready-after", "0"}, `Qualifier "\$LATEST": \$LATEST cannot take provisioned concurrency`},
		{"alias", []string{"-qualifier", "live", "-ready-after", "0"}, `Qualifier "live": must be a published version number`},
		{"ARN", []string{"-function", "arn:aws:lambda:us-east-1:123456789012:function:demo-api", "-ready-after", "0"}, `invalid FunctionName .*bare name`},
		{"bad namespace", []string{"-namespace", "no spaces please", "-ready-after", "0"}, `Namespace`},
		// The emulator seeds versions up to the qualifier, within reason.
		{"huge version", []string{"-qualifier", "5000"}, `at most 50 versions`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := run(context.Background(), tt.args, &out)
			if err == nil || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Fatalf("err = %v; want it to match %q\n%s", err, tt.want, out.String())
			}
			if strings.Contains(out.String(), "Put ") {
				t.Errorf("a Put went through:\n%s", out.String())
			}
		})
	}
}

func TestTencentHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &out); err != nil {
		t.Fatalf("-h: %v", err)
	}
	for _, f := range []string{"-region", "-endpoint", "-namespace", "-function", "-qualifier", "-count"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("usage lacks %s:\n%s", f, out.String())
		}
	}
	if _, err := parseFlags([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseFlags(-h) = %v", err)
	}
}

// wantLines checks that every pattern matches some line of out, in order.
func wantLines(t *testing.T, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		for i < len(lines) && !re.MatchString(lines[i]) {
			i++
		}
		if i == len(lines) {
			t.Errorf("no line after the previous match matches %q; output:\n%s", p, out)
			return
		}
		i++
	}
}
