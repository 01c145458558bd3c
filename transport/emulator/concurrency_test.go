package emulator

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConcurrentPutsAndDeletes runs many goroutines doing puts and deletes,
// each on its own version, while readers list and get, and compares the end
// state with a sequential model of each goroutine's operations.
func TestConcurrentPutsAndDeletes(t *testing.T) {
	t.Parallel()
	const functions, versions, ops = 6, 4, 25
	s := New(Options{ReadyAfter: -1}) // READY on the first read: the model has no clock
	for f := range functions {
		name := fmt.Sprintf("fn-%d", f)
		must(t, s.CreateFunction(name))
		for range versions {
			if _, err := s.PublishVersion(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	httpClient, httpBase := modes[0].dial(t, s)
	inProcess, inBase := modes[1].dial(t, s)

	type final struct {
		present bool
		n       int
	}
	var mu sync.Mutex
	model := map[string]final{}
	var wg sync.WaitGroup
	var failures atomic.Int32
	for f := range functions {
		for v := 1; v <= versions; v++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, base := inProcess, inBase
				if (f+v)%2 == 1 {
					c, base = httpClient, httpBase
				}
				fn, q := fmt.Sprintf("fn-%d", f), fmt.Sprint(v)
				url := base + pcPathFor(fn) + "?Qualifier=" + q
				rng := rand.New(rand.NewPCG(uint64(f), uint64(v)))
				var last final
				for range ops {
					var r reply
					if rng.IntN(3) == 0 {
						r = doNoFatal(c, http.MethodDelete, url, "")
						last = final{}
						if r.status != http.StatusNoContent {
							failures.Add(1)
						}
					} else {
						n := 1 + rng.IntN(5)
						r = doNoFatal(c, http.MethodPut, url, putBody(n))
						last = final{true, n}
						if r.status != http.StatusAccepted {
							failures.Add(1)
						}
					}
				}
				mu.Lock()
				model[fn+":"+q] = last
				mu.Unlock()
			}()
		}
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for i := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				fn := fmt.Sprintf("fn-%d", (i+j)%functions)
				if r := doNoFatal(inProcess, http.MethodGet, inBase+pcPathFor(fn)+"?List=ALL&MaxItems=2", ""); r.status != 200 {
					failures.Add(1)
				}
				doNoFatal(inProcess, http.MethodGet, inBase+pcPathFor(fn)+"?Qualifier=1", "")
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d operations failed", n)
	}

	got := map[string]final{}
	for f := range functions {
		for v := 1; v <= versions; v++ {
			fn, q := fmt.Sprintf("fn-%d", f), fmt.Sprint(v)
			cfg, ok := s.ProvisionedConfig(fn, q)
			got[fn+":"+q] = final{ok, cfg.Requested}
			if ok && cfg.Status != StatusReady {
				t.Errorf("%s:%s is %s, want READY", fn, q, cfg.Status)
			}
		}
	}
	if d := cmp.Diff(model, got, cmp.AllowUnexported(final{})); d != "" {
		t.Errorf("end state (-model +emulator):\n%s", d)
	}
}

// TestConcurrentPoolAdmission races puts against a pool with room for
// exactly ten units: whatever the interleaving, exactly ten succeed.
func TestConcurrentPoolAdmission(t *testing.T) {
	t.Parallel()
	s := New(Options{AccountConcurrency: 110, UnreservedMinimum: 100})
	must(t, s.CreateFunction("fn"))
	for range 30 {
		if _, err := s.PublishVersion("fn"); err != nil {
			t.Fatal(err)
		}
	}
	c := s.Client()
	var ok, refused atomic.Int32
	var wg sync.WaitGroup
	for v := 1; v <= 30; v++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := doNoFatal(c, http.MethodPut, "https://x"+pcPathFor("fn")+fmt.Sprintf("?Qualifier=%d", v), putBody(1))
			switch {
			case r.status == http.StatusAccepted:
				ok.Add(1)
			case r.status == http.StatusBadRequest && r.header.Get("X-Amzn-ErrorType") == "InvalidParameterValueException":
				refused.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 10 || refused.Load() != 20 {
		t.Errorf("%d accepted, %d refused; want 10 and 20", ok.Load(), refused.Load())
	}
}

// doNoFatal is do for goroutines other than the test's: failures are
// reported through the status (0 for a transport error).
func doNoFatal(c *http.Client, method, url, body string) reply {
	req, err := http.NewRequest(method, url, stringsReaderOrNil(body))
	if err != nil {
		return reply{}
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}
