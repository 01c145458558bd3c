// This file tests the List paginator and the ListAll iterator against a fake
// ListAPI that records every input it receives.

package provconc_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

// threePages is a function with four configs over three pages.
func threePages() map[string]page {
	return map[string]page{
		"":   {configs: []string{"1", "2"}, next: "m1"},
		"m1": {configs: []string{"3"}, next: "m2"},
		"m2": {configs: []string{"BLUE"}},
	}
}

// walk reads every page of p, stopping at the first error.
func walk(t *testing.T, p *provconc.ListPaginator) (qs []string, err error) {
	t.Helper()
	for i := 0; p.HasMorePages(); i++ {
		if i > 100 {
			t.Fatal("paginator did not stop after 100 pages")
		}
		page, err := p.NextPage(testContext())
		if page != nil {
			qs = append(qs, qualifiers(page.Configs)...)
		}
		if err != nil {
			return qs, err
		}
	}
	return qs, nil
}

func TestListPaginatorWalk(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	in := &provconc.ListInput{FunctionName: "my-function", MaxItems: 2}
	before := *in

	p := provconc.NewListPaginator(fake, in)
	if !p.HasMorePages() {
		t.Fatal("HasMorePages() = false before the first page")
	}
	got, err := walk(t, p)
	if err != nil {
		t.Fatalf("walk error: %v", err)
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "BLUE"}, got); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	wantInputs := []provconc.ListInput{
		{FunctionName: "my-function", MaxItems: 2},
		{FunctionName: "my-function", MaxItems: 2, Marker: "m1"},
		{FunctionName: "my-function", MaxItems: 2, Marker: "m2"},
	}
	if diff := cmp.Diff(wantInputs, fake.Inputs()); diff != "" {
		t.Errorf("inputs sent mismatch (-want +got):\n%s", diff)
	}
	for i, ok := range fake.ctxOK {
		if !ok {
			t.Errorf("call %d did not receive the caller's context", i)
		}
	}
	for i, ptr := range fake.ptrs {
		if ptr == in {
			t.Errorf("call %d received the caller's own *ListInput", i)
		}
	}
	if diff := cmp.Diff(before, *in); diff != "" {
		t.Errorf("the caller's input was modified (-before +after):\n%s", diff)
	}
	if p.HasMorePages() {
		t.Error("HasMorePages() = true after the last page")
	}
	// Reading past the end is an error and sends nothing.
	if page, err := p.NextPage(testContext()); err == nil || page != nil {
		t.Errorf("NextPage after the last page = %v, %v; want nil and an error", page, err)
	}
	if n := len(fake.Inputs()); n != 3 {
		t.Errorf("List called %d times, want 3", n)
	}
}

func TestListPaginatorLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		maxItems int
		optFns   []func(*provconc.ListPaginatorOptions)
		want     int
	}{
		{name: "input MaxItems", maxItems: 7, want: 7},
		{name: "no MaxItems", maxItems: 0, want: 0},
		{name: "Limit overrides", maxItems: 7, optFns: []func(*provconc.ListPaginatorOptions){func(o *provconc.ListPaginatorOptions) { o.Limit = 50 }}, want: 50},
		{name: "Limit alone", optFns: []func(*provconc.ListPaginatorOptions){func(o *provconc.ListPaginatorOptions) { o.Limit = 1 }}, want: 1},
		{name: "zero Limit keeps MaxItems", maxItems: 3, optFns: []func(*provconc.ListPaginatorOptions){func(o *provconc.ListPaginatorOptions) { o.Limit = 0 }}, want: 3},
		{name: "last option wins", optFns: []func(*provconc.ListPaginatorOptions){
			func(o *provconc.ListPaginatorOptions) { o.Limit = 10 },
			func(o *provconc.ListPaginatorOptions) { o.Limit = 20 },
		}, want: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeList(threePages())
			in := &provconc.ListInput{FunctionName: "fn", MaxItems: tt.maxItems}
			if _, err := walk(t, provconc.NewListPaginator(fake, in, tt.optFns...)); err != nil {
				t.Fatal(err)
			}
			inputs := fake.Inputs()
			if len(inputs) != 3 {
				t.Fatalf("List called %d times, want 3", len(inputs))
			}
			for i, got := range inputs {
				if got.MaxItems != tt.want {
					t.Errorf("call %d MaxItems = %d, want %d", i, got.MaxItems, tt.want)
				}
			}
			if in.MaxItems != tt.maxItems {
				t.Errorf("the caller's MaxItems changed to %d", in.MaxItems)
			}
		})
	}
}

func TestListPaginatorStartsAtInputMarker(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	in := &provconc.ListInput{FunctionName: "fn", Marker: "m1"}
	got, err := walk(t, provconc.NewListPaginator(fake, in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"3", "BLUE"}, got); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"m1", "m2"}, fake.Markers()); diff != "" {
		t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
	}
	if in.Marker != "m1" {
		t.Errorf("the caller's Marker changed to %q", in.Marker)
	}
}

func TestListPaginatorHasMorePages(t *testing.T) {
	t.Parallel()
	t.Run("single page", func(t *testing.T) {
		t.Parallel()
		fake := newFakeList(map[string]page{"": {configs: []string{"1"}}})
		p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn"})
		if !p.HasMorePages() {
			t.Fatal("HasMorePages() = false before the first page")
		}
		if _, err := p.NextPage(testContext()); err != nil {
			t.Fatal(err)
		}
		if p.HasMorePages() {
			t.Error("HasMorePages() = true after a page without NextMarker")
		}
	})
	t.Run("empty first page", func(t *testing.T) {
		t.Parallel()
		fake := newFakeList(map[string]page{"": {}})
		p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn"})
		page, err := p.NextPage(testContext())
		if err != nil || page == nil || len(page.Configs) != 0 {
			t.Fatalf("NextPage = %+v, %v; want an empty page", page, err)
		}
		if p.HasMorePages() {
			t.Error("HasMorePages() = true after the only page")
		}
	})
	t.Run("HasMorePages sends nothing", func(t *testing.T) {
		t.Parallel()
		fake := newFakeList(threePages())
		p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn"})
		for i := 0; i < 5; i++ {
			p.HasMorePages()
		}
		if n := len(fake.Inputs()); n != 0 {
			t.Errorf("HasMorePages made %d calls", n)
		}
	})
}

func TestListPaginatorErrorStopsWalk(t *testing.T) {
	t.Parallel()
	boom := &provconc.APIError{Code: "ServiceException", StatusCode: 500, Kind: provconc.ErrService}
	fake := newFakeList(map[string]page{
		"":   {configs: []string{"1"}, next: "m1"},
		"m1": {err: boom},
		"m2": {configs: []string{"never"}},
	})
	p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn"})
	got, err := walk(t, p)
	if !errors.Is(err, provconc.ErrService) {
		t.Fatalf("walk error = %v, want the List error", err)
	}
	if diff := cmp.Diff([]string{"1"}, got); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	if p.HasMorePages() {
		t.Error("HasMorePages() = true after an error")
	}
	// Asking again repeats the error and sends nothing.
	page, err2 := p.NextPage(testContext())
	if page != nil || err2 == nil {
		t.Errorf("NextPage after an error = %v, %v; want nil and an error", page, err2)
	}
	if diff := cmp.Diff([]string{"", "m1"}, fake.Markers()); diff != "" {
		t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
	}
}

func TestListPaginatorRepeatedMarker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		start       string
		pages       map[string]page
		wantConfigs []string
		wantMarkers []string
	}{
		{
			name: "immediately repeated",
			pages: map[string]page{
				"":  {configs: []string{"1"}, next: "A"},
				"A": {configs: []string{"2"}, next: "A"},
			},
			wantConfigs: []string{"1", "2"},
			wantMarkers: []string{"", "A"},
		},
		{
			name: "cycle A-B-A",
			pages: map[string]page{
				"":  {configs: []string{"1"}, next: "A"},
				"A": {configs: []string{"2"}, next: "B"},
				"B": {configs: []string{"3"}, next: "A"},
			},
			wantConfigs: []string{"1", "2", "3"},
			wantMarkers: []string{"", "A", "B"},
		},
		{
			name: "first page repeats the input marker",
			// The marker the caller started from comes straight back.
			start: "S",
			pages: map[string]page{
				"S": {configs: []string{"1"}, next: "S"},
			},
			wantConfigs: []string{"1"},
			wantMarkers: []string{"S"},
		},
		{
			name: "long cycle",
			pages: map[string]page{
				"":  {configs: []string{"0"}, next: "A"},
				"A": {configs: []string{"1"}, next: "B"},
				"B": {configs: []string{"2"}, next: "C"},
				"C": {configs: []string{"3"}, next: "D"},
				"D": {configs: []string{"4"}, next: "B"},
			},
			wantConfigs: []string{"0", "1", "2", "3", "4"},
			wantMarkers: []string{"", "A", "B", "C", "D"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeList(tt.pages)
			p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn", Marker: tt.start})
			got, err := walk(t, p)
			if !errors.Is(err, provconc.ErrRepeatedMarker) {
				t.Fatalf("walk error = %v, want ErrRepeatedMarker", err)
			}
			if diff := cmp.Diff(tt.wantConfigs, got); diff != "" {
				t.Errorf("configs mismatch (-want +got):\n%s", diff)
			}
			if p.HasMorePages() {
				t.Error("HasMorePages() = true after a repeated marker")
			}
			if _, err := p.NextPage(testContext()); !errors.Is(err, provconc.ErrRepeatedMarker) {
				t.Errorf("NextPage after the repeat = %v, want ErrRepeatedMarker again", err)
			}
			if diff := cmp.Diff(tt.wantMarkers, fake.Markers()); diff != "" {
				t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListPaginatorNilInput(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	p := provconc.NewListPaginator(fake, nil)
	if !p.HasMorePages() {
		t.Fatal("HasMorePages() = false, so the caller would never see the nil-input error")
	}
	page, err := p.NextPage(testContext())
	if page != nil {
		t.Errorf("NextPage returned a page for a nil input: %+v", page)
	}
	checkInputError(t, err, "ListInput", "nil")
	if p.HasMorePages() {
		t.Error("HasMorePages() = true after the nil-input error")
	}
	if n := len(fake.Inputs()); n != 0 {
		t.Errorf("List called %d times for a nil input", n)
	}
}

// collect ranges over seq, stopping after limit items (0 for no limit).
func collect(seq func(func(provconc.Config, error) bool), limit int) (qs []string, errs []error) {
	n := 0
	for c, err := range seq {
		if err != nil {
			errs = append(errs, err)
		} else {
			qs = append(qs, c.Qualifier)
		}
		n++
		if limit > 0 && n == limit {
			break
		}
	}
	return qs, errs
}

func TestListAll(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	in := &provconc.ListInput{FunctionName: "my-function", MaxItems: 2}
	before := *in
	var got []provconc.Config
	for c, err := range provconc.ListAll(testContext(), fake, in) {
		if err != nil {
			t.Fatalf("ListAll yielded an error: %v", err)
		}
		got = append(got, c)
	}
	want := []provconc.Config{cfg("1"), cfg("2"), cfg("3"), cfg("BLUE")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "m1", "m2"}, fake.Markers()); diff != "" {
		t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
	}
	for i, got := range fake.Inputs() {
		if got.FunctionName != "my-function" || got.MaxItems != 2 {
			t.Errorf("call %d input = %+v", i, got)
		}
	}
	for i, ok := range fake.ctxOK {
		if !ok {
			t.Errorf("call %d did not receive the caller's context", i)
		}
	}
	if diff := cmp.Diff(before, *in); diff != "" {
		t.Errorf("the caller's input was modified (-before +after):\n%s", diff)
	}
}

func TestListAllIsLazy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		stopAfter int
		want      []string
		wantCalls int
	}{
		{name: "no range, no call", stopAfter: -1, wantCalls: 0},
		{name: "break after the first config", stopAfter: 1, want: []string{"1"}, wantCalls: 1},
		{name: "break at the end of the first page", stopAfter: 2, want: []string{"1", "2"}, wantCalls: 1},
		{name: "break in the second page", stopAfter: 3, want: []string{"1", "2", "3"}, wantCalls: 2},
		{name: "to the end", stopAfter: 0, want: []string{"1", "2", "3", "BLUE"}, wantCalls: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeList(threePages())
			seq := provconc.ListAll(testContext(), fake, &provconc.ListInput{FunctionName: "fn"})
			var got []string
			if tt.stopAfter >= 0 {
				var errs []error
				got, errs = collect(seq, tt.stopAfter)
				if len(errs) != 0 {
					t.Fatalf("errors: %v", errs)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("configs mismatch (-want +got):\n%s", diff)
			}
			if n := len(fake.Inputs()); n != tt.wantCalls {
				t.Errorf("List called %d times, want %d", n, tt.wantCalls)
			}
		})
	}
}

func TestListAllErrors(t *testing.T) {
	t.Parallel()
	boom := &provconc.APIError{Code: "AccessDeniedException", StatusCode: 403, Kind: provconc.ErrAccessDenied}
	tests := []struct {
		name        string
		pages       map[string]page
		want        []string
		wantErr     error
		wantMarkers []string
	}{
		{
			name:        "first page fails",
			pages:       map[string]page{"": {err: boom}},
			wantErr:     provconc.ErrAccessDenied,
			wantMarkers: []string{""},
		},
		{
			name: "second page fails",
			pages: map[string]page{
				"":   {configs: []string{"1", "2"}, next: "m1"},
				"m1": {err: boom},
			},
			want:        []string{"1", "2"},
			wantErr:     provconc.ErrAccessDenied,
			wantMarkers: []string{"", "m1"},
		},
		{
			name: "repeated marker",
			pages: map[string]page{
				"":  {configs: []string{"1"}, next: "A"},
				"A": {configs: []string{"2"}, next: "A"},
			},
			// The page that repeats the marker is still delivered.
			want:        []string{"1", "2"},
			wantErr:     provconc.ErrRepeatedMarker,
			wantMarkers: []string{"", "A"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeList(tt.pages)
			var (
				got  []string
				errs []error
			)
			afterErr := 0
			for c, err := range provconc.ListAll(testContext(), fake, &provconc.ListInput{FunctionName: "fn"}) {
				if len(errs) > 0 {
					afterErr++
				}
				if err != nil {
					if diff := cmp.Diff(provconc.Config{}, c); diff != "" {
						t.Errorf("config yielded with the error is not zero:\n%s", diff)
					}
					errs = append(errs, err)
					continue // the iterator must end by itself
				}
				got = append(got, c.Qualifier)
			}
			if len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) {
				t.Fatalf("errors yielded = %v, want exactly one matching %v", errs, tt.wantErr)
			}
			if afterErr != 0 {
				t.Errorf("%d values yielded after the error", afterErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("configs mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantMarkers, fake.Markers()); diff != "" {
				t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListAllRestartsOnEachRange(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	in := &provconc.ListInput{FunctionName: "fn"}
	seq := provconc.ListAll(testContext(), fake, in)
	// ListAll copied the input: changing it now does not change the walk.
	in.FunctionName = "changed"
	in.Marker = "m2"

	first, errs := collect(seq, 0)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	second, errs := collect(seq, 0)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []string{"1", "2", "3", "BLUE"}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("first range mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("second range mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "m1", "m2", "", "m1", "m2"}, fake.Markers()); diff != "" {
		t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
	}
	for i, got := range fake.Inputs() {
		if got.FunctionName != "fn" {
			t.Errorf("call %d FunctionName = %q, want the value at ListAll time", i, got.FunctionName)
		}
	}
}

func TestListAllNilInput(t *testing.T) {
	t.Parallel()
	fake := newFakeList(threePages())
	got, errs := collect(provconc.ListAll(testContext(), fake, nil), 0)
	if len(got) != 0 || len(errs) != 1 {
		t.Fatalf("ListAll(nil) yielded configs %v and errors %v; want one error", got, errs)
	}
	checkInputError(t, errs[0], "ListInput", "nil")
	if n := len(fake.Inputs()); n != 0 {
		t.Errorf("List called %d times for a nil input", n)
	}
}

func TestClientListAll(t *testing.T) {
	t.Parallel()
	proto := &fakeProtocol{listPages: newFakeList(threePages())}
	client, err := provconc.NewClient(proto)
	if err != nil {
		t.Fatal(err)
	}
	got, errs := collect(client.ListAll(testContext(), &provconc.ListInput{FunctionName: "fn"}), 0)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "BLUE"}, got); diff != "" {
		t.Errorf("configs mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"List", "List", "List"}, proto.Calls()); diff != "" {
		t.Errorf("protocol calls mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "m1", "m2"}, proto.listPages.Markers()); diff != "" {
		t.Errorf("markers sent mismatch (-want +got):\n%s", diff)
	}
	// The client's nil check applies through the iterator as well.
	_, errs = collect(client.ListAll(testContext(), nil), 0)
	if len(errs) != 1 {
		t.Fatalf("Client.ListAll(nil) errors = %v, want one", errs)
	}
	checkInputError(t, errs[0], "ListInput", "nil")
	if n := len(proto.Calls()); n != 3 {
		t.Errorf("protocol called %d times in all, want 3", n)
	}
}

// A service that leads back to the caller's starting marker is looping: the
// walk stops before reading the starting page a second time.
func TestListPaginatorStopsWhenLedBackToTheStartingMarker(t *testing.T) {
	t.Parallel()
	api := &loopingList{next: map[string]string{"S": "T", "T": "S"}}
	var got []string
	for cfg, err := range provconc.ListAll(context.Background(), api, &provconc.ListInput{FunctionName: "f", Marker: "S"}) {
		if err != nil {
			if !errors.Is(err, provconc.ErrRepeatedMarker) {
				t.Fatalf("err = %v, want ErrRepeatedMarker", err)
			}
			break
		}
		got = append(got, cfg.Qualifier)
	}
	if diff := cmp.Diff([]string{"S", "T"}, got); diff != "" {
		t.Errorf("pages read (-want +got):\n%s", diff)
	}
	if api.calls != 2 {
		t.Errorf("%d List calls, want 2", api.calls)
	}
}

// loopingList answers each marker with one config named after it and the
// scripted next marker.
type loopingList struct {
	next  map[string]string
	calls int
}

func (l *loopingList) List(_ context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	l.calls++
	return &provconc.ListOutput{Configs: []provconc.Config{{Qualifier: in.Marker}}, NextMarker: l.next[in.Marker]}, nil
}

// nilList answers List with neither a page nor an error, as a careless fake
// or wrapper of the caller's might.
type nilList struct{ calls int }

func (l *nilList) List(context.Context, *provconc.ListInput) (*provconc.ListOutput, error) {
	l.calls++
	return nil, nil
}

// A ListAPI answering neither a page nor an error ends the walk with an
// error, as WaitUntilReady does for Get, instead of a nil-pointer panic.
func TestListPaginatorNilPageIsAnError(t *testing.T) {
	t.Parallel()
	api := &nilList{}
	p := provconc.NewListPaginator(api, &provconc.ListInput{FunctionName: "f"})
	page, err := p.NextPage(testContext())
	if page != nil || err == nil || !strings.Contains(err.Error(), "neither a page nor an error") {
		t.Fatalf("NextPage = %v, %v; want nil and an error saying List returned neither", page, err)
	}
	if p.HasMorePages() {
		t.Error("HasMorePages() = true after the error")
	}
	var errs []error
	for _, err := range provconc.ListAll(testContext(), api, &provconc.ListInput{FunctionName: "f"}) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || errs[0] == nil {
		t.Errorf("ListAll yielded %v, want one error", errs)
	}
	if api.calls != 2 {
		t.Errorf("%d List calls, want 2 (one per walk)", api.calls)
	}
}
