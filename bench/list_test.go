// This file measures a full pagination walk over 10,000 configs, pages of
// 50, with provconc's ListAll iterator and the official SDK's paginator, and
// how much memory each holds while walking.

package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

const (
	// listConfigs is the number of configs the walks read.
	listConfigs = 10_000
	// listPageSize is the MaxItems of every page, the service's maximum.
	listPageSize = 50
)

// listEmulator is the emulator holding listConfigs configs, seeded once per
// process: seeding takes a few seconds, as every Put sums the account's
// configs.
var listEmulator = sync.OnceValues(func() (*emulator.Server, error) {
	emu := emulator.New(emulator.Options{AccountConcurrency: listConfigs + emulator.DefaultUnreservedMinimum + 1})
	if err := emu.CreateFunction(functionName); err != nil {
		return nil, err
	}
	var tb seedTB
	seedConfigs(&tb, emu, listConfigs, 1)
	return emu, tb.err
})

// seedTB lets seedConfigs run outside a test, recording its failure.
type seedTB struct {
	testing.TB
	err error
}

func (s *seedTB) Fatal(args ...any) {
	s.err = fmt.Errorf("seeding: %s", fmt.Sprint(args...))
	runtime.Goexit()
}

// recordedPages answers List requests with pages recorded once from the
// emulator, keyed by the request's query: the server's share of a walk is
// then a map lookup and a write, so the clients' costs stand out. The
// emulator itself builds and sorts every config of the function for each
// page, which dominates a walk through it.
type recordedPages map[string][]byte

func (p recordedPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := p[r.URL.RawQuery]
	if !ok {
		w.Header().Set("X-Amzn-ErrorType", "InvalidParameterValueException")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"Type":"User","message":"The marker is not valid."}`)
		return
	}
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	h["X-Amzn-RequestId"] = []string{"f6d8ac3c-ba5f-4d4f-9d4b-6e0e4a6c7b1a"}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// recordPages walks the emulator once with a recording client and keeps
// every page's answer under the query that asked for it.
var recordPages = sync.OnceValues(func() (recordedPages, error) {
	emu, err := listEmulator()
	if err != nil {
		return nil, err
	}
	pages := recordedPages{}
	client := &http.Client{Transport: recorder{next: emu, pages: pages}}
	c, err := newProvconc("https://lambda.us-east-1.amazonaws.com", withHTTPClient(client))
	if err != nil {
		return nil, err
	}
	n := 0
	for _, err := range c.ListAll(context.Background(), &provconc.ListInput{FunctionName: functionName, MaxItems: listPageSize}) {
		if err != nil {
			return nil, err
		}
		n++
	}
	if n != listConfigs {
		return nil, fmt.Errorf("recorded %d configs, want %d", n, listConfigs)
	}
	return pages, nil
})

// recorder keeps the body of each answer it carries.
type recorder struct {
	next  http.RoundTripper
	pages recordedPages
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.pages[req.URL.RawQuery] = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// listServers returns the two servers a walk is measured against.
func listServers(b *testing.B) []struct {
	name string
	srv  *httptest.Server
} {
	emu, err := listEmulator()
	if err != nil {
		b.Fatal(err)
	}
	pages, err := recordPages()
	if err != nil {
		b.Fatal(err)
	}
	return []struct {
		name string
		srv  *httptest.Server
	}{
		{"recorded", serve(b, pages)},
		{"emulator", serve(b, emu)},
	}
}

// walkFunc walks every config once, calling onPage at the start of each
// page with the configs seen so far, and returns the number of configs.
type walkFunc func(ctx context.Context, onPage func()) (int, error)

// walkImpls returns the walks compared, each talking to endpoint, through
// rt if it is not nil (else each through its pool).
func walkImpls(tb testing.TB, endpoint string, rt http.RoundTripper) []struct {
	name string
	walk walkFunc
} {
	return []struct {
		name string
		walk walkFunc
	}{
		{"provconc", newProvconcWalk(tb, endpoint, rt)},
		{"awssdk", newAWSSDKWalk(tb, endpoint, rt)},
	}
}

// memoryPages serves recorded pages from memory, as a RoundTripper: no
// socket, no server goroutine.
type memoryPages struct{ pages recordedPages }

func (m memoryPages) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	body, ok := m.pages[req.URL.RawQuery]
	if !ok {
		return nil, fmt.Errorf("no recorded page for %q", req.URL.RawQuery)
	}
	return &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header: http.Header{
			"Content-Type":     {"application/json"},
			"X-Amzn-Requestid": {"f6d8ac3c-ba5f-4d4f-9d4b-6e0e4a6c7b1a"},
		},
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Request:       req,
	}, nil
}

// BenchmarkListAll measures one walk over 10,000 configs in pages of 50
// (200 requests): provconc's ListAll iterator against the official
// lambda.NewListProvisionedConcurrencyConfigsPaginator. ns/op, B/op and
// allocs/op are per full walk. server=recorded serves pages recorded from
// the emulator from memory; server=emulator is the emulator itself.
func BenchmarkListAll(b *testing.B) {
	for _, s := range listServers(b) {
		for _, impl := range walkImpls(b, s.srv.URL, nil) {
			b.Run(fmt.Sprintf("server=%s/impl=%s", s.name, impl.name), func(b *testing.B) {
				benchWalk(b, impl.walk)
			})
		}
	}
	// server=memory serves the recorded pages from memory inside the
	// client's process: each client's own work alone.
	pages, err := recordPages()
	if err != nil {
		b.Fatal(err)
	}
	for _, impl := range walkImpls(b, "http://lambda.test", memoryPages{pages}) {
		b.Run("server=memory/impl="+impl.name, func(b *testing.B) {
			benchWalk(b, impl.walk)
		})
	}
}

// benchWalk times walk.
func benchWalk(b *testing.B, walk walkFunc) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n, err := walk(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if n != listConfigs {
			b.Fatalf("walked %d configs, want %d", n, listConfigs)
		}
	}
}

// BenchmarkListAllPeakHeap measures how much memory a walk holds: at the
// start of every page it collects garbage and reads the live heap, and it
// reports the highest value above the heap before the walk as peak-heap-B.
// A walk that holds one page at a time stays flat as the number of configs
// grows; impl=collect, which keeps every config provconc yields in a slice,
// shows what holding them all costs. The forced collections make its ns/op
// meaningless; only peak-heap-B is of interest. The server is the recorded
// one, so the server's own garbage stays out of the figures.
func BenchmarkListAllPeakHeap(b *testing.B) {
	pages, err := recordPages()
	if err != nil {
		b.Fatal(err)
	}
	srv := serve(b, pages)
	impls := walkImpls(b, srv.URL, nil)
	impls = append(impls, struct {
		name string
		walk walkFunc
	}{"collect", newCollectWalk(b, srv.URL)})
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			ctx := context.Background()
			var peak uint64
			for b.Loop() {
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				base := ms.HeapAlloc
				n, err := impl.walk(ctx, func() {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > base {
						peak = max(peak, ms.HeapAlloc-base)
					}
				})
				if err != nil {
					b.Fatal(err)
				}
				if n != listConfigs {
					b.Fatalf("walked %d configs, want %d", n, listConfigs)
				}
			}
			b.ReportMetric(float64(peak), "peak-heap-B")
		})
	}
}

// newProvconcWalk walks with provconc's ListAll iterator, through rt if it
// is not nil.
func newProvconcWalk(tb testing.TB, endpoint string, rt http.RoundTripper) walkFunc {
	var optFns []func(*awslambda.Options)
	if rt != nil {
		optFns = append(optFns, withHTTPClient(&http.Client{Transport: rt}))
	}
	c, err := newProvconc(endpoint, optFns...)
	if err != nil {
		tb.Fatal(err)
	}
	return func(ctx context.Context, onPage func()) (int, error) {
		n, sum := 0, 0
		for cfg, err := range c.ListAll(ctx, &provconc.ListInput{FunctionName: functionName, MaxItems: listPageSize}) {
			if err != nil {
				return n, err
			}
			if onPage != nil && n%listPageSize == 0 {
				onPage()
			}
			n++
			sum += cfg.Requested
		}
		if sum != n {
			return n, fmt.Errorf("sum of Requested = %d, want %d", sum, n)
		}
		return n, nil
	}
}

// newCollectWalk keeps every config provconc yields, as a caller that
// gathers a slice would: the contrast for peak-heap-B.
func newCollectWalk(tb testing.TB, endpoint string) walkFunc {
	c, err := newProvconc(endpoint)
	if err != nil {
		tb.Fatal(err)
	}
	return func(ctx context.Context, onPage func()) (int, error) {
		var all []provconc.Config
		for cfg, err := range c.ListAll(ctx, &provconc.ListInput{FunctionName: functionName, MaxItems: listPageSize}) {
			if err != nil {
				return len(all), err
			}
			if onPage != nil && len(all)%listPageSize == 0 {
				onPage()
			}
			all = append(all, cfg)
		}
		return len(all), nil
	}
}

// newAWSSDKWalk walks with the official paginator, through rt if it is not
// nil.
func newAWSSDKWalk(tb testing.TB, endpoint string, rt http.RoundTripper) walkFunc {
	var optFns []func(*lambda.Options)
	if rt != nil {
		optFns = append(optFns, func(o *lambda.Options) { o.HTTPClient = &http.Client{Transport: rt} })
	}
	c := newAWSSDK(tb, endpoint, optFns...)
	return func(ctx context.Context, onPage func()) (int, error) {
		p := lambda.NewListProvisionedConcurrencyConfigsPaginator(c, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String(functionName), MaxItems: aws.Int32(listPageSize),
		})
		n, sum := 0, 0
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return n, err
			}
			if onPage != nil {
				onPage()
			}
			for _, it := range page.ProvisionedConcurrencyConfigs {
				n++
				sum += int(aws.ToInt32(it.RequestedProvisionedConcurrentExecutions))
			}
		}
		if sum != n {
			return n, fmt.Errorf("sum of Requested = %d, want %d", sum, n)
		}
		return n, nil
	}
}
