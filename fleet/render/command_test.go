package render_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/fleet/render"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// account is an emulated AWS account on a fake clock that waits advance.
type account struct {
	mu      sync.Mutex
	now     time.Time
	emu     *emulator.Server
	clients fleet.Clients
}

func newAccount(t *testing.T) *account {
	t.Helper()
	a := &account{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	a.emu = emulator.New(emulator.Options{Now: a.Now})
	for _, fn := range []string{"checkout", "search"} {
		if err := a.emu.CreateFunction(fn); err != nil {
			t.Fatal(err)
		}
		if _, err := a.emu.PublishVersion(fn); err != nil {
			t.Fatal(err)
		}
		if err := a.emu.CreateAlias(fn, "live", "1"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: a.emu.Client()})
	if err != nil {
		t.Fatal(err)
	}
	a.clients = fleet.StaticClients(map[fleet.Target]fleet.API{east: c})
	return a
}

func (a *account) Now() time.Time { a.mu.Lock(); defer a.mu.Unlock(); return a.now }

func (a *account) waitFns() []func(*provconc.WaitOptions) {
	return []func(*provconc.WaitOptions){func(o *provconc.WaitOptions) {
		o.Now = a.Now
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			a.mu.Lock()
			a.now = a.now.Add(d)
			a.mu.Unlock()
			return ctx.Err()
		}
	}}
}

func writeFile(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const desiredSrc = `Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 20}
  - {Cloud: aws, Region: us-east-1, FunctionName: search, Qualifier: live, ProvisionedConcurrentExecutions: 8}
`

func TestPlanThenApplySavedPlanThenPlanAgain(t *testing.T) {
	t.Parallel()
	a := newAccount(t)
	ctx := context.Background()
	file := writeFile(t, "fleet.yaml", desiredSrc)

	var out, saved bytes.Buffer
	code, err := render.PlanCommand(ctx, &out, file, a.clients, render.CommandOptions{SavePlan: &saved})
	if err != nil || code != render.ExitChanges {
		t.Fatalf("plan: exit %d, %v", code, err)
	}
	if !strings.Contains(out.String(), "+ checkout:live  20") || !strings.Contains(out.String(), "Plan: 2 to create") {
		t.Errorf("plan output:\n%s", out.String())
	}

	planFile := writeFile(t, "plan.json", saved.String())
	out.Reset()
	var progress bytes.Buffer
	code, err = render.ApplyCommand(ctx, &out, planFile, a.clients, render.CommandOptions{
		Wait: true, MaxWait: time.Minute, WaitOptions: a.waitFns(), Progress: &progress,
	})
	if err != nil || code != render.ExitOK {
		t.Fatalf("apply: exit %d, %v\n%s", code, err, out.String())
	}
	if !strings.Contains(out.String(), "applied  aws/us-east-1  checkout:live  create  20 READY") ||
		!strings.Contains(out.String(), "Applied 2, unchanged 0, skipped 0, failed 0, not started 0 (of 2).") {
		t.Errorf("apply output:\n%s", out.String())
	}
	if n := strings.Count(progress.String(), "\n"); n != 2 || !strings.Contains(progress.String(), "[2/2] applied") {
		t.Errorf("progress (plain, one line per config):\n%s", progress.String())
	}

	out.Reset()
	code, err = render.PlanCommand(ctx, &out, file, a.clients, render.CommandOptions{})
	if err != nil || code != render.ExitOK || out.String() != "No changes: 2 configs are as desired.\n" {
		t.Errorf("plan after apply: exit %d, %v, %q", code, err, out.String())
	}
	out.Reset()
	code, err = render.ApplyCommand(ctx, &out, file, a.clients, render.CommandOptions{})
	if err != nil || code != render.ExitOK || out.String() != "No changes: 2 configs are as desired.\n" {
		t.Errorf("apply after apply: exit %d, %v, %q", code, err, out.String())
	}
}

func TestApplyCommandReportsWhatIsLeft(t *testing.T) {
	t.Parallel()
	a := newAccount(t)
	file := writeFile(t, "fleet.yaml", desiredSrc)
	a.emu.FailNextAllocation("search", "live", "FUNCTION_ERROR_INIT_FAILURE")
	var out bytes.Buffer
	code, err := render.ApplyCommand(context.Background(), &out, file, a.clients, render.CommandOptions{Wait: true, WaitOptions: a.waitFns(), JSON: true})
	if code != render.ExitIncomplete || err == nil || !strings.Contains(err.Error(), "FUNCTION_ERROR_INIT_FAILURE") {
		t.Fatalf("exit %d, %v", code, err)
	}
	if !strings.Contains(out.String(), `"Outcome": "failed"`) || strings.Contains(out.String(), "Plan:") {
		t.Errorf("JSON output:\n%s", out.String())
	}

	// A saved plan applied with the context already cancelled (Ctrl-C
	// before the first change): nothing begins, and the report says so.
	var saved bytes.Buffer
	if _, err := render.PlanCommand(context.Background(), &out, writeFile(t, "f.yaml", strings.Replace(desiredSrc, "20", "30", 1)), a.clients,
		render.CommandOptions{SavePlan: &saved}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out.Reset()
	code, err = render.ApplyCommand(ctx, &out, writeFile(t, "plan.json", saved.String()), a.clients, render.CommandOptions{})
	if code != render.ExitIncomplete || err == nil {
		t.Errorf("interrupted apply: exit %d, %v", code, err)
	}
	if !strings.Contains(out.String(), "not-started") || !strings.Contains(out.String(), "Interrupted: apply again to finish.") {
		t.Errorf("interrupted apply output:\n%s", out.String())
	}
	if c, _ := a.emu.ProvisionedConfig("checkout", "live"); c.Requested != 20 {
		t.Errorf("checkout:live holds %d after an apply that began nothing", c.Requested)
	}
}

func TestCommandsRefuseBadFiles(t *testing.T) {
	t.Parallel()
	a := newAccount(t)
	bad := writeFile(t, "bad.yaml", "Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 0}\n")
	var out bytes.Buffer
	for name, run := range map[string]func() (int, error){
		"plan": func() (int, error) {
			return render.PlanCommand(context.Background(), &out, bad, a.clients, render.CommandOptions{})
		},
		"apply": func() (int, error) {
			return render.ApplyCommand(context.Background(), &out, bad, a.clients, render.CommandOptions{})
		},
	} {
		code, err := run()
		if code != render.ExitError || err == nil || !strings.Contains(err.Error(), "bad.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions") {
			t.Errorf("%s: exit %d, %v", name, code, err)
		}
	}
	if out.Len() != 0 {
		t.Errorf("printed for a refused file:\n%s", out.String())
	}
	otherPlan := writeFile(t, "plan.json", `{"Format":"provconc.fleet.plan/v0","Changes":[]}`)
	if code, err := render.ApplyCommand(context.Background(), &out, otherPlan, a.clients, render.CommandOptions{}); code != render.ExitError || err == nil || !strings.Contains(err.Error(), "provconc.fleet.plan/v0") {
		t.Errorf("apply of a plan of another format: exit %d, %v", code, err)
	}
	if code, err := render.PlanCommand(context.Background(), &out, filepath.Join(t.TempDir(), "missing.yaml"), a.clients, render.CommandOptions{}); code != render.ExitError || !os.IsNotExist(err) {
		t.Errorf("plan of a missing file: exit %d, %v", code, err)
	}
}
