// This file measures fleet.Apply: 1,000 configs across 100 functions
// applied to the emulator behind a service-side rate limit, with and
// without waiting for READY (time against the ideal the limit sets, failed
// items, throttles), and the live heap an apply holds, for two fleet sizes
// at one concurrency.

package bench

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

const (
	// fleetFunctions and fleetVersions make the fleet: 100 functions of
	// 10 versions, 1,000 configs.
	fleetFunctions = 100
	fleetVersions  = 10
	// fleetRate and fleetBurst are the emulator's token bucket.
	fleetRate  = 200
	fleetBurst = 10
	// fleetConcurrency is ApplyOptions.Concurrency.
	fleetConcurrency = 32
	// fleetReadyAfter is the emulator's allocation time, on the real clock.
	fleetReadyAfter = 250 * time.Millisecond
)

var fleetTarget = fleet.Target{Cloud: fleet.AWS, Region: region}

// countingTransport counts the requests the emulator answers, and the 429s.
type countingTransport struct {
	next      http.RoundTripper
	requests  atomic.Int64
	throttled atomic.Int64
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	resp, err := c.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.throttled.Add(1)
	}
	return resp, err
}

// fleetSetup is an emulated account holding functions×versions configs of
// 1, a desired state asking 2 of each, and its plan (all updates, so the
// emulator's own memory does not grow during the apply).
type fleetSetup struct {
	emu     *emulator.Server
	counter *countingTransport
	clients fleet.Clients
	plan    *fleet.Plan
}

func newFleetSetup(tb testing.TB, functions, versions int, readyAfter time.Duration) *fleetSetup {
	tb.Helper()
	emu := emulator.New(emulator.Options{Region: region, ReadyAfter: readyAfter, AccountConcurrency: 1_000_000})
	counter := &countingTransport{next: emu}
	client, err := awslambda.NewClient(aws.Config{Region: region, Credentials: aws.AnonymousCredentials{}, HTTPClient: &http.Client{Transport: counter}})
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	d := &fleet.Desired{Source: "bench"}
	for f := range functions {
		name := "fn-" + strconv.Itoa(f)
		if err := emu.CreateFunction(name); err != nil {
			tb.Fatal(err)
		}
		for range versions {
			v, err := emu.PublishVersion(name)
			if err != nil {
				tb.Fatal(err)
			}
			if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: name, Qualifier: v, ProvisionedConcurrentExecutions: 1}); err != nil {
				tb.Fatal(err)
			}
			d.Configs = append(d.Configs, fleet.Entry{Cloud: fleet.AWS, Region: region, FunctionName: name, Qualifier: v, ProvisionedConcurrentExecutions: 2})
		}
	}
	clients := fleet.StaticClients(map[fleet.Target]fleet.API{fleetTarget: client})
	plan, err := fleet.MakePlan(ctx, d, clients, fleet.PlanOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if c := plan.Counts(); c.Update != functions*versions {
		tb.Fatalf("plan %+v, want %d updates", c, functions*versions)
	}
	counter.requests.Store(0)
	counter.throttled.Store(0)
	return &fleetSetup{emu: emu, counter: counter, clients: clients, plan: plan}
}

func fleetWaitFns() []func(*provconc.WaitOptions) {
	return []func(*provconc.WaitOptions){func(o *provconc.WaitOptions) {
		o.MinDelay, o.MaxDelay, o.MaxWait = 100*time.Millisecond, 400*time.Millisecond, 2*time.Minute
	}}
}

// BenchmarkFleetApply applies 1,000 updates across 100 functions (one Get
// and one Put each, plus the polls of the waits) with 32 changes at once,
// to the emulator limited to fleetRate requests per second (burst
// fleetBurst, starting full, 429 with Retry-After: 1 when empty), through
// one default client. Reported per run:
//
//   - elapsed/ideal: wall time over (admitted requests − burst) / rate, the
//     least time the limit allows for the requests the apply made;
//   - failed-items: results that are not Applied;
//   - 429-share: throttled requests over all requests;
//   - requests/item: requests per config, retries and polls included.
//
// Run it with -benchtime 1x: one iteration takes 10 to 15 seconds.
func BenchmarkFleetApply(b *testing.B) {
	for _, wait := range []bool{false, true} {
		b.Run("wait="+strconv.FormatBool(wait), func(b *testing.B) {
			var elapsed, ideal time.Duration
			var failed, requests, throttled int64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := newFleetSetup(b, fleetFunctions, fleetVersions, fleetReadyAfter)
				s.emu.SetFaults(emulator.Faults{RatePerSecond: fleetRate, Burst: fleetBurst})
				b.StartTimer()
				start := time.Now()
				rep, err := fleet.Apply(context.Background(), s.plan, s.clients, fleet.ApplyOptions{
					Concurrency: fleetConcurrency, Wait: wait, WaitOptions: fleetWaitFns(),
				})
				took := time.Since(start)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if err := rep.Err(); err != nil {
					b.Logf("run %d: %v", i, err)
				}
				admitted := s.counter.requests.Load() - s.counter.throttled.Load()
				elapsed += took
				ideal += time.Duration(float64(admitted-fleetBurst) / fleetRate * float64(time.Second))
				failed += int64(rep.Tally.Total - rep.Tally.Applied)
				requests += s.counter.requests.Load()
				throttled += s.counter.throttled.Load()
			}
			n := float64(b.N)
			b.ReportMetric(elapsed.Seconds()/ideal.Seconds(), "elapsed/ideal")
			b.ReportMetric(elapsed.Seconds()/n, "s/run")
			b.ReportMetric(float64(failed)/n, "failed-items")
			b.ReportMetric(float64(throttled)/float64(requests), "429-share")
			b.ReportMetric(float64(requests)/n/float64(fleetFunctions*fleetVersions), "requests/item")
		})
	}
}

// BenchmarkFleetApplyPeakHeap measures the live heap an apply holds above
// what was live before it began (the plan included): every 20 finished
// configs it collects garbage and reads the live heap (runtime.ReadMemStats
// HeapAlloc), and reports the highest value as peak-heap-B and the heap
// still live at the end, held by the report, as report-B; in-flight-B is
// their difference, what the changes under way held. No rate limit;
// allocation at once; waits on. Its ns/op is meaningless (forced
// collections).
func BenchmarkFleetApplyPeakHeap(b *testing.B) {
	for _, c := range []struct{ functions, concurrency int }{{25, 32}, {100, 32}, {400, 32}, {100, 8}, {400, 8}} {
		configs := c.functions * fleetVersions
		b.Run(fmt.Sprintf("configs=%d/concurrency=%d", configs, c.concurrency), func(b *testing.B) {
			var peak, held uint64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := newFleetSetup(b, c.functions, fleetVersions, -1)
				p, r := measureApplyHeap(b, s, c.concurrency)
				peak, held = peak+p, held+r
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/float64(b.N), "peak-heap-B")
			b.ReportMetric(float64(held)/float64(b.N), "report-B")
			b.ReportMetric(float64(held)/float64(b.N)/float64(configs), "report-B/config")
			b.ReportMetric(float64(sub(peak, held))/float64(b.N), "in-flight-B")
		})
	}
}

// measureApplyHeap applies s's plan, sampling the live heap, and returns
// the peak above the baseline and what the report holds at the end.
func measureApplyHeap(tb testing.TB, s *fleetSetup, concurrency int) (peak, held uint64) {
	var ms runtime.MemStats
	live := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := live()
	var highest uint64
	rep, err := fleet.Apply(context.Background(), s.plan, s.clients, fleet.ApplyOptions{
		Concurrency: concurrency, Wait: true, WaitOptions: fleetWaitFns(),
		Progress: func(ev fleet.Event) {
			if ev.Kind == fleet.EventDone && ev.Tally.Finished()%20 == 0 {
				highest = max(highest, live())
			}
		},
	})
	if err != nil || rep.Err() != nil {
		tb.Fatal(err, rep.Err())
	}
	end := live()
	runtime.KeepAlive(rep)
	runtime.KeepAlive(s)
	return sub(highest, base), sub(end, base)
}

func sub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}

// TestFleetApplySmoke runs a small fleet through the throttled emulator and
// checks what the benchmark relies on: every item applied, the throttle
// met, and the heap sampler working. It asserts counts, not times.
func TestFleetApplySmoke(t *testing.T) {
	s := newFleetSetup(t, 4, 5, 10*time.Millisecond)
	s.emu.SetFaults(emulator.Faults{RatePerSecond: 100, Burst: 2})
	rep, err := fleet.Apply(context.Background(), s.plan, s.clients, fleet.ApplyOptions{Concurrency: 8, Wait: true, WaitOptions: fleetWaitFns()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Tally.Applied != 20 || rep.Err() != nil {
		t.Fatalf("tally %+v: %v", rep.Tally, rep.Err())
	}
	if s.counter.throttled.Load() == 0 {
		t.Error("no request was throttled: the smoke test does not exercise the limit")
	}
	for _, res := range rep.Results {
		if res.Status != provconc.StatusReady {
			t.Fatalf("%s: %s after waiting", res.Key, res.Status)
		}
	}
	// The heap sampler's apply must succeed too (it fails the test if not).
	measureApplyHeap(t, newFleetSetup(t, 2, 5, -1), 4)
}
