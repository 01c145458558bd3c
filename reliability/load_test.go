// Load: 64 goroutines share ONE client per protocol and make mixed calls
// (Put, Get, List, WaitUntilReady, Delete) on several functions, versions
// and aliases of one in-process emulator, under -race. The final state must
// be what a sequential model predicts, and no update may be lost:
//
//   - Each goroutine owns one key (function and qualifier) and runs a
//     seeded, pre-generated sequence of operations on it. Nobody else
//     writes that key, so the model of the sequence alone gives the state
//     after every step, and every answer is checked against it as it comes.
//   - Shared keys are written by many goroutines at once, each Put with a
//     value nobody else writes, and read by others. Each call's start and
//     end are recorded, so whatever the interleaving the final value must
//     come from a Put no accepted Put strictly followed, and a read may
//     neither see a value already replaced nor one not yet written: an
//     update lost or invented shows.
//
// The final state is read three ways (client Get, client List, the
// emulator's inspection API) and all three must agree with the model.

package reliability

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/tencentscf"
)

const (
	// loadGoroutines is the number of goroutines sharing one client.
	loadGoroutines = 64
	// loadOps is the number of operations each goroutine makes.
	loadOps = 32
	// loadSeed seeds every goroutine's sequence of operations.
	loadSeed = 7
	// loadFunctions is the number of functions the goroutines spread over.
	loadFunctions = 4
	// loadSharedBase starts the values written to shared keys, above any
	// value written to an owned key, so the two can never be confused.
	loadSharedBase = 1000
	// loadHuge is a pool large enough that no Put is refused for lack of
	// concurrency.
	loadHuge = 1 << 30
)

// Keys and credentials of the load emulator.
const (
	loadAWSAccessKey = "AKIDLOADEXAMPLE"
	loadAWSSecret    = "load-secret-access-key"
	loadSCFSecretID  = "AKIDLOADSCFEXAMPLEEXAMPLE"
	loadSCFSecretKey = "load-scf-secret-key"
	loadRegionSCF    = "ap-guangzhou"
)

// loadKey names one config: a version or alias of a function (SCF: in a
// namespace).
type loadKey struct {
	namespace, function, qualifier string
}

func (k loadKey) String() string {
	if k.namespace != "" {
		return k.namespace + "/" + k.function + ":" + k.qualifier
	}
	return k.function + ":" + k.qualifier
}

// loadState is a key's config as the model or the service sees it.
type loadState struct {
	present   bool
	requested int
}

// loadOpKind is one kind of call.
type loadOpKind int

const (
	loadPut loadOpKind = iota
	loadGet
	loadList
	loadWait
	loadDelete
)

func (k loadOpKind) String() string {
	return [...]string{"Put", "Get", "List", "WaitUntilReady", "Delete"}[k]
}

// loadOp is one pre-generated call of a goroutine.
type loadOp struct {
	kind loadOpKind
	// shared is the index of the shared key the op targets, -1 for the
	// goroutine's own key.
	shared int
	// n is the amount a Put sets.
	n int
	// form picks how the function is named (bare, name:qualifier, ARN...).
	form int
	// maxItems is a List's page size (0: the service default).
	maxItems int
}

// loadTarget is one protocol under load: its client, its keys, and how to
// name a key and read the emulator's view of it.
type loadTarget struct {
	protocol string
	client   *provconc.Client
	// owned[g] is goroutine g's key.
	owned []loadKey
	// shared are the keys every goroutine may write.
	shared []loadKey
	// functions lists each function (with namespace) and every qualifier
	// that exists on it, so the final check also covers keys nobody wrote.
	functions []loadFunction
	// forms is how many ways there are to name a key (see name).
	forms int
	// name returns FunctionName and Qualifier for key in the given form.
	name func(k loadKey, form int) (string, string)
	// listName returns the FunctionName of a List in the given form.
	listName func(k loadKey, form int) string
	// extension is the Extension of a call on k (an SCF namespace).
	extension func(k loadKey) provconc.Extension
	// inspect reads the emulator's own view of k.
	inspect func(k loadKey) (state loadState, ready bool)
	// checkConfig checks protocol-specific fields of a config read back.
	checkConfig func(c provconc.Config, want int) error
	// checkFinalList checks protocol-specific details of a final List.
	checkFinalList func(fn loadFunction, out []*provconc.ListOutput, state map[loadKey]loadState) error
}

// loadFunction is a function and every qualifier it has.
type loadFunction struct {
	namespace, function string
	qualifiers          []string
}

func (f loadFunction) key(q string) loadKey { return loadKey{f.namespace, f.function, q} }

// TestLoadMixedCallsOneClient runs the load against both protocols at once,
// on one emulator serving both.
func TestLoadMixedCallsOneClient(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{
		// ReadyAfter -1: a config is READY on the first read after its Put,
		// so the model can predict every status.
		ReadyAfter:         -1,
		AccountConcurrency: loadHuge,
		UnreservedMinimum:  -1,
		Credentials:        &aws.Credentials{AccessKeyID: loadAWSAccessKey, SecretAccessKey: loadAWSSecret},
		SCF: emulator.SCFOptions{
			FunctionConcurrencyQuota: loadHuge,
			Credentials:              &emulator.SCFCredentials{SecretID: loadSCFSecretID, SecretKey: loadSCFSecretKey},
		},
	})
	targets := []*loadTarget{loadAWSTarget(t, emu), loadSCFTarget(t, emu)}
	for _, target := range targets {
		t.Run(target.protocol, func(t *testing.T) {
			t.Parallel()
			loadRun(t, target)
		})
	}
}

// loadAWSTarget seeds Lambda functions with versions and aliases: per
// function, versions 1-12 and aliases owned-a0..3 (on versions 13-16) are
// owned keys, version 17 and alias shared (on version 18) are shared keys,
// and versions 19-20 are never written.
func loadAWSTarget(t *testing.T, emu *emulator.Server) *loadTarget {
	t.Helper()
	const perFunction = loadGoroutines / loadFunctions
	const versions = 20
	target := &loadTarget{protocol: awslambda.ProviderName, owned: make([]loadKey, loadGoroutines), forms: 4}
	for f := range loadFunctions {
		fn := "load-fn-" + strconv.Itoa(f)
		loadMust(t, emu.CreateFunction(fn))
		lf := loadFunction{function: fn}
		for range versions {
			v, err := emu.PublishVersion(fn)
			loadMust(t, err)
			lf.qualifiers = append(lf.qualifiers, v)
		}
		for a := range 4 {
			alias := "owned-a" + strconv.Itoa(a)
			loadMust(t, emu.CreateAlias(fn, alias, strconv.Itoa(13+a)))
			lf.qualifiers = append(lf.qualifiers, alias)
		}
		loadMust(t, emu.CreateAlias(fn, "shared", "18"))
		lf.qualifiers = append(lf.qualifiers, "shared")
		target.functions = append(target.functions, lf)
		target.shared = append(target.shared, lf.key("17"), lf.key("shared"))
		for j := range perFunction {
			q := strconv.Itoa(j + 1)
			if j >= 12 {
				q = "owned-a" + strconv.Itoa(j-12)
			}
			target.owned[j*loadFunctions+f] = lf.key(q)
		}
	}
	const arnPrefix = "arn:aws:lambda:" + emulator.DefaultRegion + ":" + emulator.DefaultAccountID + ":function:"
	const partialPrefix = emulator.DefaultAccountID + ":function:"
	target.name = func(k loadKey, form int) (string, string) {
		switch form {
		case 1:
			return k.function + ":" + k.qualifier, ""
		case 2:
			return arnPrefix + k.function, k.qualifier
		case 3:
			return partialPrefix + k.function + ":" + k.qualifier, ""
		}
		return k.function, k.qualifier
	}
	target.listName = func(k loadKey, form int) string {
		switch form % 3 {
		case 1:
			return arnPrefix + k.function
		case 2:
			return partialPrefix + k.function
		}
		return k.function
	}
	target.extension = func(loadKey) provconc.Extension { return nil }
	target.inspect = func(k loadKey) (loadState, bool) {
		c, ok := emu.ProvisionedConfig(k.function, k.qualifier)
		return loadState{ok, c.Requested}, c.Status == emulator.StatusReady
	}
	target.checkConfig = func(c provconc.Config, want int) error {
		if c.Allocated != want {
			return fmt.Errorf("Allocated %d, want %d", c.Allocated, want)
		}
		return nil
	}
	target.checkFinalList = func(loadFunction, []*provconc.ListOutput, map[loadKey]loadState) error { return nil }
	p, err := awslambda.New(awslambda.Options{
		Region:      emulator.DefaultRegion,
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(loadAWSCredentials)),
		HTTPClient:  emu.Client(),
	})
	loadMust(t, err)
	target.client, err = provconc.NewClient(p)
	loadMust(t, err)
	return target
}

func loadAWSCredentials(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: loadAWSAccessKey, SecretAccessKey: loadAWSSecret}, nil
}

// loadSCFTarget seeds SCF functions in two namespaces: per function,
// versions 1-16 are owned keys, 17 and 18 shared keys, 19 never written.
// SCF has no aliases.
func loadSCFTarget(t *testing.T, emu *emulator.Server) *loadTarget {
	t.Helper()
	const perFunction = loadGoroutines / loadFunctions
	const versions = 19
	target := &loadTarget{protocol: tencentscf.ProviderName, owned: make([]loadKey, loadGoroutines), forms: 2}
	for f := range loadFunctions {
		ns := tencentscf.DefaultNamespace
		if f%2 == 1 {
			ns = "load-ns"
		}
		fn := "load-scf-" + strconv.Itoa(f)
		loadMust(t, emu.CreateSCFFunction(ns, fn))
		lf := loadFunction{namespace: ns, function: fn}
		for range versions {
			v, err := emu.PublishSCFVersion(ns, fn)
			loadMust(t, err)
			lf.qualifiers = append(lf.qualifiers, v)
		}
		target.functions = append(target.functions, lf)
		target.shared = append(target.shared, lf.key("17"), lf.key("18"))
		for j := range perFunction {
			target.owned[j*loadFunctions+f] = lf.key(strconv.Itoa(j + 1))
		}
	}
	target.name = func(k loadKey, form int) (string, string) {
		if form == 1 {
			return k.function + ":" + k.qualifier, ""
		}
		return k.function, k.qualifier
	}
	target.listName = func(k loadKey, _ int) string { return k.function }
	target.extension = func(k loadKey) provconc.Extension {
		if k.namespace == tencentscf.DefaultNamespace {
			return nil // the protocol's default namespace
		}
		return &tencentscf.Scope{Namespace: k.namespace}
	}
	target.inspect = func(k loadKey) (loadState, bool) {
		c, ok := emu.SCFProvisionedConfig(k.namespace, k.function, k.qualifier)
		return loadState{ok, c.Allocated}, c.Status == emulator.SCFStatusDone
	}
	target.checkConfig = func(c provconc.Config, _ int) error {
		d, ok := c.Extension.(*tencentscf.ConfigDetails)
		if !ok {
			return fmt.Errorf("Extension is %T, want *tencentscf.ConfigDetails", c.Extension)
		}
		if d.Namespace == "" {
			return errors.New("ConfigDetails has no namespace")
		}
		return nil
	}
	// SCF reports what the function can still be given: with every key
	// settled it must be the quota less exactly what the model holds, so a
	// lost or doubled update shows in the sum too.
	target.checkFinalList = func(fn loadFunction, pages []*provconc.ListOutput, state map[loadKey]loadState) error {
		used := 0
		for _, q := range fn.qualifiers {
			if s := state[fn.key(q)]; s.present {
				used += s.requested
			}
		}
		want := loadHuge - emulator.SCFQuotaHeadroom - used
		for _, page := range pages {
			d, ok := page.Extension.(*tencentscf.ListDetails)
			if !ok || d.UnallocatedConcurrency == nil {
				return fmt.Errorf("List Extension %#v carries no unallocated concurrency", page.Extension)
			}
			if *d.UnallocatedConcurrency != want {
				return fmt.Errorf("unallocated concurrency %d, want %d (quota less %d in use)", *d.UnallocatedConcurrency, want, used)
			}
		}
		return nil
	}
	p, err := tencentscf.New(tencentscf.Options{
		Region:      loadRegionSCF,
		Credentials: tencentscf.NewCredentials(loadSCFSecretID, loadSCFSecretKey, ""),
		HTTPClient:  emu.Client(),
	})
	loadMust(t, err)
	target.client, err = provconc.NewClient(p)
	loadMust(t, err)
	return target
}

// loadPlan generates goroutine g's operations from the seed alone, so the
// plan, and the model's prediction, do not depend on scheduling.
func loadPlan(g, forms, shared int) []loadOp {
	rng := rand.New(rand.NewPCG(loadSeed, uint64(g)))
	ops := make([]loadOp, loadOps)
	for i := range ops {
		op := loadOp{shared: -1, form: rng.IntN(forms), maxItems: 4 * rng.IntN(3)}
		switch r := rng.IntN(100); {
		case r < 25: // a shared key: Put a value nobody else writes, or read it
			op.shared = rng.IntN(shared)
			op.kind = loadGet
			if rng.IntN(5) < 3 {
				op.kind = loadPut
				op.n = loadSharedBase + g*loadOps + i
			}
		case r < 50:
			op.kind, op.n = loadPut, 1+rng.IntN(100)
		case r < 65:
			op.kind = loadGet
		case r < 75:
			op.kind = loadList
		case r < 85:
			op.kind = loadWait
		default:
			op.kind = loadDelete
		}
		ops[i] = op
	}
	return ops
}

// loadPredict applies a plan to the sequential model of the owned key:
// what the key holds once every op has run.
func loadPredict(ops []loadOp) loadState {
	var s loadState
	for _, op := range ops {
		if op.shared >= 0 {
			continue
		}
		switch op.kind {
		case loadPut:
			s = loadState{true, op.n}
		case loadDelete:
			s = loadState{}
		}
	}
	return s
}

// loadCall is one call on a shared key, with the monotonic times it was
// made and answered: whatever the service did, it did in between.
type loadCall struct {
	g          int
	value      int // the value written or read; 0 for a read that found nothing
	start, end time.Time
}

// loadSharedLog records every accepted Put and every Get of the shared keys.
type loadSharedLog struct {
	mu     sync.Mutex
	writes map[loadKey][]loadCall
	reads  map[loadKey][]loadCall
}

func (l *loadSharedLog) add(m map[loadKey][]loadCall, k loadKey, c loadCall) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m[k] = append(m[k], c)
}

// loadRun drives one target and checks the final state.
func loadRun(t *testing.T, target *loadTarget) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	plans := make([][]loadOp, loadGoroutines)
	for g := range plans {
		plans[g] = loadPlan(g, target.forms, len(target.shared))
	}
	shared := &loadSharedLog{writes: map[loadKey][]loadCall{}, reads: map[loadKey][]loadCall{}}

	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range loadGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start // every goroutine starts at once, for the most overlap
			if err := loadWorker(ctx, target, g, plans[g], shared); err != nil {
				t.Errorf("goroutine %d (%s): %v", g, target.owned[g], err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		return // the model no longer describes the state
	}

	want := map[loadKey]loadState{}
	for g, k := range target.owned {
		want[k] = loadPredict(plans[g])
	}
	got := loadFinalState(t, ctx, target)
	for _, fn := range target.functions {
		for _, q := range fn.qualifiers {
			k := fn.key(q)
			w, owned := want[k]
			switch {
			case owned:
				// The sequential model of the owner's plan decides.
				if got[k] != w {
					t.Errorf("%s: final %+v, the model of its goroutine predicts %+v", k, got[k], w)
				}
			case slices.Contains(target.shared, k):
				loadCheckShared(t, k, got[k], shared)
			default:
				// Nobody wrote it: it must still be empty.
				if got[k].present {
					t.Errorf("%s: nobody wrote it, yet it holds %+v", k, got[k])
				}
			}
		}
	}
	loadCheckContention(t, target, shared)
}

// loadWorker runs goroutine g's plan, checking every answer against the
// model of its own key. It stops at the first discrepancy.
func loadWorker(ctx context.Context, target *loadTarget, g int, plan []loadOp, shared *loadSharedLog) error {
	own := target.owned[g]
	var model loadState
	for i, op := range plan {
		var err error
		if op.shared >= 0 {
			err = loadSharedOp(ctx, target, g, op, shared)
		} else {
			model, err = loadOwnOp(ctx, target, own, op, model)
		}
		if err != nil {
			return fmt.Errorf("op %d (%s, form %d): %w", i, op.kind, op.form, err)
		}
	}
	return nil
}

// loadOwnOp runs op on the goroutine's own key and checks the answer
// against model, the key's state before op; it returns the state after.
func loadOwnOp(ctx context.Context, target *loadTarget, k loadKey, op loadOp, model loadState) (loadState, error) {
	c := target.client
	name, qualifier := target.name(k, op.form)
	ext := target.extension(k)
	switch op.kind {
	case loadPut:
		in := &provconc.PutInput{FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: op.n, Extension: ext}
		out, err := c.Put(ctx, in)
		if err != nil {
			return model, err
		}
		// The answer describes this Put, made in one attempt (nothing
		// failed, so nothing was retried), and allocation has just begun.
		if out.Requested != op.n || out.Status != provconc.StatusInProgress || out.Qualifier != k.qualifier ||
			out.FunctionName != k.function || out.Metadata.Attempts != 1 || out.Metadata.RequestID == "" {
			return model, fmt.Errorf("Put of %d answered %+v", op.n, out)
		}
		return loadState{true, op.n}, nil
	case loadGet:
		out, err := c.Get(ctx, &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: ext})
		return model, loadCheckRead(target, "Get", model, out, err)
	case loadWait:
		out, err := c.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: ext},
			func(o *provconc.WaitOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond })
		return model, loadCheckRead(target, "WaitUntilReady", model, out, err)
	case loadDelete:
		out, err := c.Delete(ctx, &provconc.DeleteInput{FunctionName: name, Qualifier: qualifier, Extension: ext})
		if err != nil {
			// Deleting a missing config succeeds on both clouds.
			return model, err
		}
		if out.Metadata.Attempts != 1 {
			return model, fmt.Errorf("Delete took %d attempts", out.Metadata.Attempts)
		}
		return loadState{}, nil
	case loadList:
		in := &provconc.ListInput{FunctionName: target.listName(k, op.form), MaxItems: op.maxItems, Extension: ext}
		return model, loadCheckList(ctx, target, k, in, model)
	}
	return model, fmt.Errorf("unknown op %d", op.kind)
}

// loadCheckRead checks a Get or a wait on the goroutine's own key: the
// model's config, READY (ReadyAfter 0), or not found when the model has
// none.
func loadCheckRead(target *loadTarget, what string, model loadState, out *provconc.GetOutput, err error) error {
	if !model.present {
		if !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
			return fmt.Errorf("%s of a deleted config: %v, want ErrProvisionedConcurrencyConfigNotFound", what, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s, model %+v: %w", what, model, err)
	}
	if out.Requested != model.requested || out.Available != model.requested || out.Status != provconc.StatusReady {
		return fmt.Errorf("%s read Requested %d Available %d %s, want %d READY (own Put not seen)",
			what, out.Requested, out.Available, out.Status, model.requested)
	}
	return target.checkConfig(out.Config, model.requested)
}

// loadCheckList walks every page and checks the goroutine's own key shows
// exactly once with the model's config (or not at all), whatever the other
// goroutines do to the function meanwhile, and that every entry is a real
// qualifier of the function.
func loadCheckList(ctx context.Context, target *loadTarget, k loadKey, in *provconc.ListInput, model loadState) error {
	fn := loadFunctionOf(target, k)
	seen := 0
	for cfg, err := range target.client.ListAll(ctx, in) {
		if err != nil {
			return fmt.Errorf("List: %w", err)
		}
		if cfg.FunctionName != k.function || !slices.Contains(fn.qualifiers, cfg.Qualifier) {
			return fmt.Errorf("List of %s yielded %s:%s, which does not exist", k.function, cfg.FunctionName, cfg.Qualifier)
		}
		if cfg.Qualifier != k.qualifier {
			continue
		}
		seen++
		if cfg.Requested != model.requested || cfg.Status != provconc.StatusReady {
			return fmt.Errorf("List shows own key with %d %s, model %+v", cfg.Requested, cfg.Status, model)
		}
	}
	want := 0
	if model.present {
		want = 1
	}
	if seen != want {
		return fmt.Errorf("List showed own key %d times, want %d (model %+v)", seen, want, model)
	}
	return nil
}

// loadSharedOp runs op on a shared key. A Put must succeed; every Put and
// every Get is logged with its times, to be checked once every goroutine is done.
func loadSharedOp(ctx context.Context, target *loadTarget, g int, op loadOp, shared *loadSharedLog) error {
	k := target.shared[op.shared]
	name, qualifier := target.name(k, op.form)
	ext := target.extension(k)
	call := loadCall{g: g, start: time.Now()}
	if op.kind == loadPut {
		out, err := target.client.Put(ctx, &provconc.PutInput{FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: op.n, Extension: ext})
		call.end, call.value = time.Now(), op.n
		switch {
		case err == nil && out.Requested == op.n:
			shared.add(shared.writes, k, call)
		case err == nil:
			return fmt.Errorf("shared Put of %d on %s answered %d", op.n, k, out.Requested)
		default:
			return fmt.Errorf("shared Put on %s: %w", k, err)
		}
		return nil
	}
	out, err := target.client.Get(ctx, &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: ext})
	call.end = time.Now()
	switch {
	case err == nil:
		call.value = out.Requested
	case !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound):
		return fmt.Errorf("shared Get on %s: %w", k, err)
	}
	shared.add(shared.reads, k, call)
	return nil
}

// loadFinalState reads every qualifier three ways, client Get, client List
// and the emulator's inspection API, and fails unless they agree.
func loadFinalState(t *testing.T, ctx context.Context, target *loadTarget) map[loadKey]loadState {
	t.Helper()
	state := map[loadKey]loadState{}
	for _, fn := range target.functions {
		listed := map[string]loadState{}
		var pages []*provconc.ListOutput
		p := provconc.NewListPaginator(target.client, &provconc.ListInput{FunctionName: fn.function, MaxItems: 3, Extension: target.extension(fn.key(""))})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("final List of %s: %v", fn.function, err)
			}
			pages = append(pages, page)
			for _, c := range page.Configs {
				if _, dup := listed[c.Qualifier]; dup {
					t.Errorf("final List of %s shows %s twice", fn.function, c.Qualifier)
				}
				if c.Status != provconc.StatusReady {
					t.Errorf("final List: %s:%s is %s, want READY once every call returned", fn.function, c.Qualifier, c.Status)
				}
				listed[c.Qualifier] = loadState{true, c.Requested}
			}
		}
		for q := range listed {
			if !slices.Contains(fn.qualifiers, q) {
				t.Errorf("final List of %s shows %s, which does not exist", fn.function, q)
			}
		}
		for _, q := range fn.qualifiers {
			k := fn.key(q)
			name, qualifier := target.name(k, 0)
			var viaGet loadState
			out, err := target.client.Get(ctx, &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: target.extension(k)})
			switch {
			case err == nil:
				viaGet = loadState{true, out.Requested}
			case !errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound):
				t.Fatalf("final Get of %s: %v", k, err)
			}
			viaEmulator, ready := target.inspect(k)
			if viaEmulator.present && !ready {
				t.Errorf("emulator: %s is not ready once every call returned", k)
			}
			if viaGet != listed[q] || viaGet != viaEmulator {
				t.Errorf("%s: Get %+v, List %+v, emulator %+v disagree", k, viaGet, listed[q], viaEmulator)
			}
			state[k] = viaEmulator
		}
		if err := target.checkFinalList(fn, pages, state); err != nil {
			t.Errorf("final List of %s: %v", fn.function, err)
		}
	}
	return state
}

// loadCheckShared checks a shared key as a linearizable register, from
// the times each call was made and answered. Values are unique, so each
// value read names the Put that wrote it.
//
//   - The final value comes from a Put that no other accepted Put followed
//     strictly (one that started after it was answered). Anything else is
//     an update lost: a later Put was acknowledged and its value is gone.
//   - A Get reads a value whose Put started before the Get was answered
//     (nothing from the future) and that no other Put overwrote strictly
//     between that Put's answer and the Get's start (nothing stale); a Get
//     finds nothing only if no Put had been answered before it started.
func loadCheckShared(t *testing.T, k loadKey, final loadState, shared *loadSharedLog) {
	t.Helper()
	writes := shared.writes[k]
	byValue := map[int]loadCall{}
	var lastStart time.Time
	for _, w := range writes {
		byValue[w.value] = w
		if w.start.After(lastStart) {
			lastStart = w.start
		}
	}
	// overwritten reports whether some accepted Put started after w was
	// answered and was itself answered before instant.
	overwritten := func(w loadCall, instant time.Time) bool {
		for _, q := range writes {
			if q.start.After(w.end) && q.end.Before(instant) {
				return true
			}
		}
		return false
	}
	switch w, ok := byValue[final.requested]; {
	case len(writes) == 0:
		if final.present {
			t.Errorf("%s: no Put was accepted, yet it holds %d", k, final.requested)
		}
	case !final.present:
		t.Errorf("%s: %d Puts were accepted and it is gone: updates lost", k, len(writes))
	case !ok:
		t.Errorf("%s: final %d was never written", k, final.requested)
	case w.end.Before(lastStart):
		t.Errorf("%s: final %d (goroutine %d) was overwritten by a later accepted Put: an update was lost", k, w.value, w.g)
	}
	for _, r := range shared.reads[k] {
		if r.value == 0 {
			for _, w := range writes {
				if w.end.Before(r.start) {
					t.Errorf("%s: a Get found nothing after the Put of %d had been answered", k, w.value)
					break
				}
			}
			continue
		}
		w, ok := byValue[r.value]
		switch {
		case !ok:
			t.Errorf("%s: a Get read %d, which no accepted Put wrote", k, r.value)
		case w.start.After(r.end):
			t.Errorf("%s: a Get read %d before its Put started", k, r.value)
		case overwritten(w, r.start):
			t.Errorf("%s: a Get read %d, stale: another Put had already replaced it", k, r.value)
		}
	}
}

// loadCheckContention fails when the plans did not make goroutines race on
// shared keys, in which case the checks above would prove little.
func loadCheckContention(t *testing.T, target *loadTarget, shared *loadSharedLog) {
	t.Helper()
	accepted := 0
	for _, k := range target.shared {
		writers := map[int]bool{}
		for _, w := range shared.writes[k] {
			writers[w.g] = true
		}
		if len(writers) < 4 || len(shared.reads[k]) == 0 {
			t.Errorf("%s: %d goroutines wrote it, %d reads; the plan must make them race", k, len(writers), len(shared.reads[k]))
		}
		accepted += len(shared.writes[k])
	}
	t.Logf("%d shared Puts accepted", accepted)
}

// loadFunctionOf returns the function k belongs to.
func loadFunctionOf(target *loadTarget, k loadKey) loadFunction {
	for _, fn := range target.functions {
		if fn.namespace == k.namespace && fn.function == k.function {
			return fn
		}
	}
	return loadFunction{}
}

func loadMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
