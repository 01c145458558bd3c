package emulator

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dueFixture is an account in which work came due while nothing read it:
// BLUE holds 2 under a scalable target whose action at 10:30 UTC raises its
// minimum to 8, and SCF version 1 of "watch" holds 5 with a TriggerAction
// at 18:30 UTC+8 (10:30 UTC) that sets 800. The clock stands at 11:00.
func dueFixture(t *testing.T) *Server {
	t.Helper()
	s, clk := seeded(t, Options{ReadyAfter: -1})
	aasOK(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":100}`)
	aasOK(t, s, "RegisterScalableTarget", `{`+green+`,"MinCapacity":0,"MaxCapacity":100}`)
	aasOK(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"raise","Schedule":"at(2024-05-01T10:30:00)","ScalableTargetAction":{"MinCapacity":8}}`)
	if _, err := s.state.put("my-function", "BLUE", 2); err != nil {
		t.Fatal(err)
	}
	must(t, s.CreateSCFFunction("", "my-function"))
	must(t, s.CreateSCFFunction("", "watch"))
	for _, fn := range []string{"my-function", "my-function", "watch"} {
		if _, err := s.PublishSCFVersion("", fn); err != nil {
			t.Fatal(err)
		}
	}
	if e := s.state.scfPut(scfPutRequest{
		namespace: DefaultSCFNamespace, function: "watch", qualifier: "1", amount: 5, provisionedType: SCFProvisionedTypeDefault,
		triggers: []SCFTriggerAction{{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 800, TriggerCronConfig: "0 30 18 * * * *", ProvisionedType: SCFProvisionedTypeDefault}},
	}); e != nil {
		t.Fatal(e.code)
	}
	clk.Advance(time.Hour)
	return s
}

const green = `"ServiceNamespace":"lambda","ScalableDimension":"lambda:function:ProvisionedConcurrency","ResourceId":"function:my-function:GREEN"`

func aasOK(t *testing.T, s *Server, op, in string) {
	t.Helper()
	if r := aasCall(t, s, op, in); r.status != http.StatusOK {
		t.Fatalf("%s: %d %s", op, r.status, r.body)
	}
}

// dueEffects reads, under the lock but without running anything, whether
// the fixture's action and trigger have run.
func dueEffects(s *Server) (blueMin, watchAllocated int) {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if tg := st.aas.targets["function:my-function:BLUE"]; tg != nil {
		blueMin = tg.min
	}
	if ns := st.scf.namespaces[DefaultSCFNamespace]; ns != nil && ns.functions["watch"] != nil {
		if c := ns.functions["watch"].configs["1"]; c != nil {
			watchAllocated = c.allocated
		}
	}
	return blueMin, watchAllocated
}

// TestDueSchedulesRunAtEveryEntryPoint: whatever takes the state's lock,
// a request of any protocol or a call of the Go API, first runs the
// scheduled actions and TriggerActions that came due, of every target and
// function; so no operation sees the state from before them, on whatever
// it acts. Each entry point here touches neither BLUE nor "watch".
func TestDueSchedulesRunAtEveryEntryPoint(t *testing.T) {
	t.Parallel()
	for _, e := range dueEntryPoints() {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			s := dueFixture(t)
			if blueMin, watch := dueEffects(s); blueMin != 0 || watch != 5 {
				t.Fatalf("fixture: BLUE's MinCapacity %d and watch's amount %d before any entry point, want 0 and 5", blueMin, watch)
			}
			e.call(t, s)
			if blueMin, watch := dueEffects(s); blueMin != 8 || watch != 800 {
				t.Errorf("after %s: BLUE's MinCapacity %d, want the 8 of the action due at 10:30; watch's amount %d, want the 800 of the trigger due at 10:30",
					e.name, blueMin, watch)
			}
		})
	}
}

// TestDueSchedulesConcurrentEntryPoints: every entry point at once on one
// server (run with -race): the due work runs once, under the one lock,
// with no lock taken twice and no data race; what it set stands.
func TestDueSchedulesConcurrentEntryPoints(t *testing.T) {
	t.Parallel()
	s := dueFixture(t)
	t.Run("all", func(t *testing.T) {
		for _, e := range dueEntryPoints() {
			t.Run(e.name, func(t *testing.T) {
				t.Parallel()
				e.call(t, s)
			})
		}
	})
	if blueMin, watch := dueEffects(s); blueMin != 8 || watch != 800 {
		t.Errorf("BLUE's MinCapacity %d, want 8; watch's amount %d, want 800", blueMin, watch)
	}
}

// dueEntry is one way in to the state.
type dueEntry struct {
	name string
	call func(*testing.T, *Server)
}

// dueEntryPoints lists every request and Go API call that takes the
// state's lock, each on something other than BLUE and "watch" (Restore,
// which replaces the whole state, aside).
func dueEntryPoints() []dueEntry {
	const lambda = "https://lambda.us-east-1.amazonaws.com"
	lambdaCall := func(method, path, body string) func(*testing.T, *Server) {
		return func(t *testing.T, s *Server) { do(t, s.Client(), method, lambda+path, body) }
	}
	aasOp := func(op, in string) func(*testing.T, *Server) {
		return func(t *testing.T, s *Server) { aasCall(t, s, op, in) }
	}
	scfOp := func(action string, params obj) func(*testing.T, *Server) {
		return func(t *testing.T, s *Server) {
			scfCall(t, s.Client(), "https://scf.tencentcloudapi.com/", action, params)
		}
	}
	goCall := func(f func(s *Server) error) func(*testing.T, *Server) {
		return func(_ *testing.T, s *Server) { _ = f(s) }
	}
	return []dueEntry{
		// Lambda.
		{"PutProvisionedConcurrencyConfig", lambdaCall(http.MethodPut, pcPathFor("my-function")+"?Qualifier=GREEN", putBody(1))},
		{"GetProvisionedConcurrencyConfig", lambdaCall(http.MethodGet, pcPathFor("my-function")+"?Qualifier=GREEN", "")},
		{"ListProvisionedConcurrencyConfigs", lambdaCall(http.MethodGet, pcPathFor("other-function")+"?List=ALL", "")},
		{"DeleteProvisionedConcurrencyConfig", lambdaCall(http.MethodDelete, pcPathFor("my-function")+"?Qualifier=GREEN", "")},
		{"PutFunctionConcurrency", lambdaCall(http.MethodPut, "/2017-10-31/functions/other-function/concurrency", `{"ReservedConcurrentExecutions":5}`)},
		{"GetFunctionConcurrency", lambdaCall(http.MethodGet, "/2019-09-30/functions/other-function/concurrency", "")},
		{"DeleteFunctionConcurrency", lambdaCall(http.MethodDelete, "/2017-10-31/functions/other-function/concurrency", "")},
		{"GetAccountSettings", lambdaCall(http.MethodGet, "/2016-08-19/account-settings/", "")},
		{"Lambda request refused by the state", lambdaCall(http.MethodGet, pcPathFor("no-function")+"?Qualifier=1", "")},
		// Application Auto Scaling.
		{"RegisterScalableTarget", aasOp("RegisterScalableTarget", `{`+green+`,"MinCapacity":0,"MaxCapacity":50}`)},
		{"DeregisterScalableTarget", aasOp("DeregisterScalableTarget", `{`+green+`}`)},
		{"DescribeScalableTargets", aasOp("DescribeScalableTargets", `{"ServiceNamespace":"lambda"}`)},
		{"PutScheduledAction", aasOp("PutScheduledAction", `{`+green+`,"ScheduledActionName":"b","Schedule":"rate(1 hour)","ScalableTargetAction":{"MinCapacity":1}}`)},
		{"DeleteScheduledAction", aasOp("DeleteScheduledAction", `{`+green+`,"ScheduledActionName":"none"}`)},
		{"DescribeScheduledActions", aasOp("DescribeScheduledActions", `{"ServiceNamespace":"lambda","ResourceId":"function:my-function:GREEN"}`)},
		{"PutScalingPolicy", aasOp("PutScalingPolicy", `{`+green+`,"PolicyName":"track","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":0.7,"PredefinedMetricSpecification":{"PredefinedMetricType":"LambdaProvisionedConcurrencyUtilization"}}}`)},
		{"DeleteScalingPolicy", aasOp("DeleteScalingPolicy", `{`+green+`,"PolicyName":"none"}`)},
		{"DescribeScalingPolicies", aasOp("DescribeScalingPolicies", `{"ServiceNamespace":"lambda"}`)},
		{"AAS request refused by the state", aasOp("DescribeScalableTargets", `{"ServiceNamespace":"ec2"}`)},
		// SCF.
		{"SCF PutProvisionedConcurrencyConfig", scfOp(scfActionPut, obj{"FunctionName": "my-function", "Qualifier": "1", "VersionProvisionedConcurrencyNum": 3})},
		{"SCF GetProvisionedConcurrencyConfig", scfOp(scfActionGet, obj{"FunctionName": "my-function"})},
		{"SCF DeleteProvisionedConcurrencyConfig", scfOp(scfActionDelete, obj{"FunctionName": "my-function", "Qualifier": "1"})},
		{"SCF request refused by the state", scfOp(scfActionGet, obj{"FunctionName": "no-function"})},
		// The Go API.
		{"CreateFunction", goCall(func(s *Server) error { return s.CreateFunction("new-function") })},
		{"DeleteFunction", goCall(func(s *Server) error { return s.DeleteFunction("other-function") })},
		{"PublishVersion", goCall(func(s *Server) error { _, err := s.PublishVersion("other-function"); return err })},
		{"CreateAlias", goCall(func(s *Server) error { return s.CreateAlias("my-function", "RED", "3") })},
		{"UpdateAlias", goCall(func(s *Server) error { return s.UpdateAlias("my-function", "GREEN", "3") })},
		{"DeleteAlias", goCall(func(s *Server) error { return s.DeleteAlias("my-function", "GREEN") })},
		{"FailNextAllocation", goCall(func(s *Server) error { s.FailNextAllocation("my-function", "GREEN", ""); return nil })},
		{"ProvisionedConfig", goCall(func(s *Server) error { s.ProvisionedConfig("my-function", "GREEN"); return nil })},
		{"SetReservedConcurrency", goCall(func(s *Server) error { return s.SetReservedConcurrency("other-function", 5) })},
		{"SetConcurrencyInUse", goCall(func(s *Server) error { return s.SetConcurrencyInUse("my-function", "GREEN", 3) })},
		{"ScalableTargetBounds", goCall(func(s *Server) error { s.ScalableTargetBounds("my-function", "GREEN"); return nil })},
		{"CreateSCFNamespace", goCall(func(s *Server) error { return s.CreateSCFNamespace("team") })},
		{"CreateSCFFunction", goCall(func(s *Server) error { return s.CreateSCFFunction("", "new-function") })},
		{"DeleteSCFFunction", goCall(func(s *Server) error { return s.DeleteSCFFunction("", "my-function") })},
		{"PublishSCFVersion", goCall(func(s *Server) error { _, err := s.PublishSCFVersion("", "my-function"); return err })},
		{"FailNextSCFAllocation", goCall(func(s *Server) error { s.FailNextSCFAllocation("", "my-function", "1", ""); return nil })},
		{"SCFProvisionedConfig", goCall(func(s *Server) error { s.SCFProvisionedConfig("", "my-function", "1"); return nil })},
		{"SetSCFVersionStatus", goCall(func(s *Server) error { return s.SetSCFVersionStatus("", "my-function", "1", "Publishing") })},
		{"DeleteSCFVersion", goCall(func(s *Server) error { return s.DeleteSCFVersion("", "my-function", "2") })},
		{"SetSCFFunctionMemory", goCall(func(s *Server) error { return s.SetSCFFunctionMemory("", "my-function", 256) })},
		{"SetSCFReservedConcurrency", goCall(func(s *Server) error { return s.SetSCFReservedConcurrency("", "my-function", 10) })},
		{"Snapshot", goCall(func(s *Server) error { s.Snapshot(); return nil })},
		{"WriteSnapshot", goCall(func(s *Server) error { return s.WriteSnapshot(io.Discard) })},
	}
}

// TestSnapshotAfterDueSchedules: a snapshot is the state as it is now, so
// one taken after an action or a TriggerAction came due records what it
// set, at the time it fired.
func TestSnapshotAfterDueSchedules(t *testing.T) {
	t.Parallel()
	s := dueFixture(t)
	var buf bytes.Buffer
	must(t, s.WriteSnapshot(&buf))
	snap, err := ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	fired := t0.Add(30 * time.Minute)
	for _, f := range snap.Functions {
		for _, c := range f.Configs {
			if f.Name == "my-function" && c.Qualifier == "BLUE" && (c.Requested != 8 || !c.LastModified.Equal(fired)) {
				t.Errorf("BLUE in the snapshot: %d set at %v, want 8 set at %v by the action", c.Requested, c.LastModified, fired)
			}
		}
	}
	for _, ns := range snap.SCFNamespaces {
		for _, f := range ns.Functions {
			for _, c := range f.Configs {
				if f.Name == "watch" && c.Allocated != 800 {
					t.Errorf("watch:%s in the snapshot: %d, want 800 set by the trigger", c.Qualifier, c.Allocated)
				}
			}
		}
	}
}

// TestDueActionBeforeAliasRecreated: an action that came due on an alias
// ran on it before the alias was deleted; an alias created again under the
// same name starts without provisioned concurrency, as on the service,
// rather than receiving the old alias's action late.
func TestDueActionBeforeAliasRecreated(t *testing.T) {
	t.Parallel()
	s := dueFixture(t)
	must(t, s.DeleteAlias("my-function", "BLUE"))
	must(t, s.CreateAlias("my-function", "BLUE", "2"))
	if c, ok := s.ProvisionedConfig("my-function", "BLUE"); ok {
		t.Errorf("the new BLUE has the old one's scheduled amount: %+v", c)
	}
}

// TestStateLockedOnlyThroughLock: the state's mutex is taken in one place,
// state.lock, which runs what came due first; an operation that locked it
// itself could see the state from before a due action.
func TestStateLockedOnlyThroughLock(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				lock, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || lock.Sel.Name != "Lock" {
					return true
				}
				mu, ok := lock.X.(*ast.SelectorExpr)
				if !ok || mu.Sel.Name != "mu" || !isStateExpr(mu.X) {
					return true
				}
				if fn.Name.Name != "lock" || fn.Recv == nil {
					t.Errorf("%s: %s locks the state's mutex itself; take it with state.lock", fset.Position(call.Pos()), fn.Name.Name)
				}
				return true
			})
		}
	}
}

// isStateExpr reports whether x is how the package names its *state: a
// variable st, or a field or variable called state.
func isStateExpr(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "st" || x.Name == "state"
	case *ast.SelectorExpr:
		return x.Sel.Name == "state"
	}
	return false
}

// TestDueScheduleOrder: what came due runs in the order the service ran
// it. A target's actions due at the same instant run in the order they
// were created ("in the order that they are specified", Application Auto
// Scaling User Guide), not by name; and an action due before a Put ran
// before it, so the Put's amount stands.
func TestDueScheduleOrder(t *testing.T) {
	t.Parallel()
	const at = "at(2024-05-01T10:30:00)"
	t.Run("same instant", func(t *testing.T) {
		t.Parallel()
		s, clk := seeded(t, Options{ReadyAfter: -1})
		aasOK(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":100}`)
		// z (created first) pins 8..8; a then lowers the maximum to 4,
		// which lowers the minimum with it. The other order would end at 8.
		aasOK(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"z","Schedule":"`+at+`","ScalableTargetAction":{"MinCapacity":8,"MaxCapacity":8}}`)
		aasOK(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"a","Schedule":"`+at+`","ScalableTargetAction":{"MaxCapacity":4}}`)
		clk.Advance(time.Hour)
		if lo, hi, _ := s.ScalableTargetBounds("my-function", "BLUE"); lo != 4 || hi != 4 {
			t.Errorf("bounds %d-%d, want 4-4 (z, then a)", lo, hi)
		}
		if c, _ := s.ProvisionedConfig("my-function", "BLUE"); c.Requested != 4 || !c.LastModified.Equal(t0.Add(30*time.Minute)) {
			t.Errorf("BLUE: %d set at %v, want 4 set at 10:30", c.Requested, c.LastModified)
		}
	})
	t.Run("before a put", func(t *testing.T) {
		t.Parallel()
		s, clk := seeded(t, Options{ReadyAfter: -1})
		aasOK(t, s, "RegisterScalableTarget", `{`+blue+`,"MinCapacity":0,"MaxCapacity":100}`)
		aasOK(t, s, "PutScheduledAction", `{`+blue+`,"ScheduledActionName":"raise","Schedule":"`+at+`","ScalableTargetAction":{"MinCapacity":8}}`)
		clk.Advance(time.Hour)
		const url = "https://lambda.us-east-1.amazonaws.com"
		if r := do(t, s.Client(), http.MethodPut, url+pcPathFor("my-function")+"?Qualifier=BLUE", putBody(3)); r.status != http.StatusAccepted {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if c, _ := s.ProvisionedConfig("my-function", "BLUE"); c.Requested != 3 || !c.LastModified.Equal(t0.Add(time.Hour)) {
			t.Errorf("BLUE: %d set at %v, want the Put's 3 at 11:00 (the action's 8 came before it)", c.Requested, c.LastModified)
		}
	})
}

// TestNothingDueCostsNoAllocations: every operation runs what came due
// (state.lock), so an SCF TriggerAction must cost nothing until it fires:
// a Lambda Get on an account with SCF trigger actions allocates nothing,
// as it did when only SCF requests ran them. It parsed every trigger's cron
// on every request of every protocol. The clock moves on each Get, and the
// trigger still fires when it comes due.
func TestNothingDueCostsNoAllocations(t *testing.T) {
	s, clk := seeded(t, Options{ReadyAfter: -1})
	const watchers = 20
	for i := range watchers {
		fn := "watch" + strconv.Itoa(i)
		must(t, s.CreateSCFFunction("", fn))
		if _, err := s.PublishSCFVersion("", fn); err != nil {
			t.Fatal(err)
		}
		if e := s.state.scfPut(scfPutRequest{
			namespace: DefaultSCFNamespace, function: fn, qualifier: "1", amount: 5, provisionedType: SCFProvisionedTypeDefault,
			triggers: []SCFTriggerAction{{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 800, TriggerCronConfig: "0 30 18 * * * *", ProvisionedType: SCFProvisionedTypeDefault}},
		}); e != nil {
			t.Fatal(e.code)
		}
	}
	if _, err := s.state.put("my-function", "BLUE", 2); err != nil {
		t.Fatal(err)
	}
	get := func() {
		clk.Advance(time.Second)
		if _, err := s.state.get("my-function", "BLUE"); err != nil {
			t.Fatal(err)
		}
	}
	get() // the first run finds when each trigger falls due next
	if n := testing.AllocsPerRun(100, get); n != 0 {
		t.Errorf("a Lambda Get with %d SCF trigger actions not yet due: %v allocations, want 0", watchers, n)
	}
	// 10:00 UTC on the fake clock; the triggers fire at 18:30 UTC+8.
	clk.Advance(time.Hour)
	get()
	for i := range watchers {
		if c, ok := s.SCFProvisionedConfig("", "watch"+strconv.Itoa(i), "1"); !ok || c.Allocated != 800 {
			t.Errorf("watch%d: %+v, want the 800 its trigger set at 18:30 UTC+8", i, c)
		}
	}
}
