// This file holds the fakes the root package's tests share: a Protocol that
// records every call and a ListAPI that serves scripted pages by marker. Each
// fake copies the inputs it receives, so a test can check what was sent even
// if the caller reuses its input afterwards.

package provconc_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/provconc/provconc"
)

// ctxKey marks the context a test passes in, so a fake can check it arrived.
type ctxKey struct{}

// testContext returns a context carrying a marker value.
func testContext() context.Context {
	return context.WithValue(context.Background(), ctxKey{}, "test-ctx")
}

// hasTestMarker reports whether ctx descends from testContext.
func hasTestMarker(ctx context.Context) bool {
	v, _ := ctx.Value(ctxKey{}).(string)
	return v == "test-ctx"
}

// fakeProtocol is a provconc.Protocol that records every call and answers
// with the configured outputs and errors.
type fakeProtocol struct {
	mu    sync.Mutex
	calls []string // "Put", "Get", "List", "Delete", in order
	// Inputs as received: the pointers and copies of the values.
	putIn    []*provconc.PutInput
	getIn    []*provconc.GetInput
	listIn   []*provconc.ListInput
	deleteIn []*provconc.DeleteInput
	ctxOK    []bool // whether each call saw the test context

	putOut    *provconc.PutOutput
	getOut    *provconc.GetOutput
	listPages *fakeList // List is served by a fakeList when set
	listOut   *provconc.ListOutput
	deleteOut *provconc.DeleteOutput
	err       error
}

var _ provconc.Protocol = (*fakeProtocol)(nil)

func (f *fakeProtocol) record(ctx context.Context, op string) {
	f.calls = append(f.calls, op)
	f.ctxOK = append(f.ctxOK, hasTestMarker(ctx))
}

func (f *fakeProtocol) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record(ctx, "Put")
	f.putIn = append(f.putIn, in)
	return f.putOut, f.err
}

func (f *fakeProtocol) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record(ctx, "Get")
	f.getIn = append(f.getIn, in)
	return f.getOut, f.err
}

func (f *fakeProtocol) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	f.mu.Lock()
	f.record(ctx, "List")
	f.listIn = append(f.listIn, in)
	pages := f.listPages
	out, err := f.listOut, f.err
	f.mu.Unlock()
	if pages != nil {
		return pages.List(ctx, in)
	}
	return out, err
}

func (f *fakeProtocol) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record(ctx, "Delete")
	f.deleteIn = append(f.deleteIn, in)
	return f.deleteOut, f.err
}

func (f *fakeProtocol) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// page is one scripted answer of a fakeList.
type page struct {
	configs []string // qualifiers of the configs on the page
	next    string
	err     error
}

// fakeList is a provconc.ListAPI serving pages by marker. It records a copy
// of every input and the pointer it came in.
type fakeList struct {
	mu     sync.Mutex
	pages  map[string]page
	inputs []provconc.ListInput
	ptrs   []*provconc.ListInput
	ctxOK  []bool
}

var _ provconc.ListAPI = (*fakeList)(nil)

func newFakeList(pages map[string]page) *fakeList { return &fakeList{pages: pages} }

func (f *fakeList) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inputs = append(f.inputs, *in)
	f.ptrs = append(f.ptrs, in)
	f.ctxOK = append(f.ctxOK, hasTestMarker(ctx))
	p, ok := f.pages[in.Marker]
	if !ok {
		return nil, fmt.Errorf("fakeList: unknown marker %q", in.Marker)
	}
	if p.err != nil {
		return nil, p.err
	}
	out := &provconc.ListOutput{NextMarker: p.next}
	for _, q := range p.configs {
		out.Configs = append(out.Configs, cfg(q))
	}
	return out, nil
}

// Markers lists the Marker of every call, in order.
func (f *fakeList) Markers() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ms []string
	for _, in := range f.inputs {
		ms = append(ms, in.Marker)
	}
	return ms
}

// Inputs returns copies of the inputs received.
func (f *fakeList) Inputs() []provconc.ListInput {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]provconc.ListInput(nil), f.inputs...)
}

// cfg builds the config a fake page carries for qualifier q.
func cfg(q string) provconc.Config {
	return provconc.Config{
		FunctionName: "my-function",
		Qualifier:    q,
		FunctionARN:  "arn:aws:lambda:us-west-2:123456789012:function:my-function:" + q,
		Requested:    10,
		Allocated:    10,
		Available:    10,
		Status:       provconc.StatusReady,
	}
}

// qualifiers lists the qualifiers of configs.
func qualifiers(cs []provconc.Config) []string {
	var qs []string
	for _, c := range cs {
		qs = append(qs, c.Qualifier)
	}
	return qs
}
