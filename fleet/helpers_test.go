// Helpers shared by the tests: an emulated account per target, on a fake
// clock that the waits advance, and clients that talk to it in process.

package fleet_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

// fakeClock is a clock that moves only when a wait sleeps.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// waitFns makes the waits of Apply run on the clock.
func (c *fakeClock) waitFns() []func(*provconc.WaitOptions) {
	return []func(*provconc.WaitOptions){func(o *provconc.WaitOptions) {
		o.Sleep, o.Now = c.Sleep, c.Now
		o.MaxWait = time.Minute
	}}
}

// world is one emulated account per target, with their clients.
type world struct {
	t       *testing.T
	clock   *fakeClock
	emus    map[fleet.Target]*emulator.Server
	clients map[fleet.Target]fleet.API
}

// newWorld creates an emulator per target, each with opts (Now and Region
// filled in), and a client for it.
func newWorld(t *testing.T, opts emulator.Options, targets ...fleet.Target) *world {
	t.Helper()
	w := &world{t: t, clock: newFakeClock(), emus: map[fleet.Target]*emulator.Server{}, clients: map[fleet.Target]fleet.API{}}
	for _, tg := range targets {
		o := opts
		o.Now = w.clock.Now
		o.Region = tg.Region
		if tg.Cloud == fleet.Tencent {
			o.Region = "" // the SCF side has no region of its own
		}
		emu := emulator.New(o)
		w.emus[tg] = emu
		var c *provconc.Client
		var err error
		switch tg.Cloud {
		case fleet.AWS:
			c, err = awslambda.NewClient(aws.Config{Region: tg.Region, Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client()})
		case fleet.Tencent:
			c, err = tencentscf.NewClient(tencentscf.NewCredentials("AKIDEXAMPLE", "example-secret-key", ""), tg.Region,
				func(o *tencentscf.Options) { o.HTTPClient = emu.Client() })
		}
		if err != nil {
			t.Fatal(err)
		}
		w.clients[tg] = c
	}
	return w
}

func (w *world) Clients() fleet.Clients { return fleet.StaticClients(w.clients) }

// lambdaFunction creates an AWS function with n versions and the aliases
// given (alias -> version number, "1" and up).
func (w *world) lambdaFunction(tg fleet.Target, name string, versions int, aliases map[string]string) {
	w.t.Helper()
	emu := w.emus[tg]
	if err := emu.CreateFunction(name); err != nil {
		w.t.Fatal(err)
	}
	for range versions {
		if _, err := emu.PublishVersion(name); err != nil {
			w.t.Fatal(err)
		}
	}
	for alias, v := range aliases {
		if err := emu.CreateAlias(name, alias, v); err != nil {
			w.t.Fatal(err)
		}
	}
}

// scfFunction creates an SCF function in the default namespace with n
// versions.
func (w *world) scfFunction(tg fleet.Target, name string, versions int) {
	w.t.Helper()
	emu := w.emus[tg]
	if err := emu.CreateSCFFunction("", name); err != nil {
		w.t.Fatal(err)
	}
	for range versions {
		if _, err := emu.PublishSCFVersion("", name); err != nil {
			w.t.Fatal(err)
		}
	}
}

// put sets a config directly through the client, as someone else would.
func (w *world) put(tg fleet.Target, fn, q string, n int) {
	w.t.Helper()
	in := &provconc.PutInput{FunctionName: fn, Qualifier: q, ProvisionedConcurrentExecutions: n}
	if _, err := w.clients[tg].Put(context.Background(), in); err != nil {
		w.t.Fatal(err)
	}
}

// requested returns what the emulator holds for a Lambda config; -1 for
// none.
func (w *world) requested(tg fleet.Target, fn, q string) int {
	if c, ok := w.emus[tg].ProvisionedConfig(fn, q); ok {
		return c.Requested
	}
	return -1
}

// settle moves the clock past every allocation.
func (w *world) settle() { _ = w.clock.Sleep(context.Background(), time.Hour) }

// mustPlan plans or fails the test.
func mustPlan(t *testing.T, d *fleet.Desired, clients fleet.Clients, opts fleet.PlanOptions) *fleet.Plan {
	t.Helper()
	p, err := fleet.MakePlan(context.Background(), d, clients, opts)
	if err != nil {
		t.Fatalf("MakePlan: %v", err)
	}
	return p
}

// mustParse parses a desired state or fails the test.
func mustParse(t *testing.T, name, src string) *fleet.Desired {
	t.Helper()
	d, err := fleet.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d
}

// actions returns "key action" for each change of the plan.
func actions(p *fleet.Plan) map[string]fleet.Action {
	out := map[string]fleet.Action{}
	for _, c := range p.Changes {
		out[c.Key.String()] = c.Action
	}
	return out
}

// outcomes returns "key outcome" for each result of the report.
func outcomes(r *fleet.Report) map[string]fleet.Outcome {
	out := map[string]fleet.Outcome{}
	for _, res := range r.Results {
		out[res.Key.String()] = res.Outcome
	}
	return out
}
