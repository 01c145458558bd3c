package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// scfCallNoFatal is scfCall for goroutines other than the test's: it
// returns the Response.Error code ("" for success, "transport" when the
// request failed).
func scfCallNoFatal(c *http.Client, url, action string, params any) string {
	body, _ := json.Marshal(params)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "transport"
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", SCFAPIVersion)
	resp, err := c.Do(req)
	if err != nil {
		return "transport"
	}
	b, err := readAllErr(resp)
	if err != nil || resp.StatusCode != http.StatusOK {
		return "transport"
	}
	var env struct {
		Response struct {
			Error     *struct{ Code string }
			RequestId string
		}
	}
	if json.Unmarshal(b, &env) != nil || env.Response.RequestId == "" {
		return "malformed"
	}
	if env.Response.Error != nil {
		return env.Response.Error.Code
	}
	return ""
}

// TestSCFConcurrentPutsAndDeletes runs goroutines doing Puts and Deletes,
// each on its own version and across namespaces, while readers Get every
// version, through both transports; the end state must match a sequential
// model of each goroutine.
func TestSCFConcurrentPutsAndDeletes(t *testing.T) {
	t.Parallel()
	const namespaces, functions, versions, ops = 2, 3, 4, 25
	s := New(Options{ReadyAfter: -1}) // READY on the first read: the model has no clock
	for n := range namespaces {
		for f := range functions {
			must(t, s.CreateSCFFunction(fmt.Sprintf("ns-%d", n), fmt.Sprintf("fn-%d", f)))
			for range versions {
				if _, err := s.PublishSCFVersion(fmt.Sprintf("ns-%d", n), fmt.Sprintf("fn-%d", f)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	httpClient, httpURL := scfModes[0].dial(t, s)
	inProcess, inURL := scfModes[1].dial(t, s)

	type final struct {
		Present bool
		N       int
	}
	var mu sync.Mutex
	model := map[string]final{}
	var failures atomic.Int32
	var wg sync.WaitGroup
	for n := range namespaces {
		for f := range functions {
			for v := 1; v <= versions; v++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, url := inProcess, inURL
					if (n+f+v)%2 == 1 {
						c, url = httpClient, httpURL
					}
					ns, fn, q := fmt.Sprintf("ns-%d", n), fmt.Sprintf("fn-%d", f), fmt.Sprint(v)
					rng := rand.New(rand.NewPCG(uint64(n*100+f), uint64(v)))
					var last final
					for range ops {
						if rng.IntN(3) == 0 {
							if code := scfCallNoFatal(c, url, scfActionDelete, obj{"Namespace": ns, "FunctionName": fn, "Qualifier": q}); code != "" {
								failures.Add(1)
							}
							last = final{}
							continue
						}
						k := 1 + rng.IntN(9)
						if code := scfCallNoFatal(c, url, scfActionPut, obj{"Namespace": ns, "FunctionName": fn, "Qualifier": q, "VersionProvisionedConcurrencyNum": k}); code != "" {
							failures.Add(1)
						}
						last = final{true, k}
					}
					mu.Lock()
					model[ns+"/"+fn+":"+q] = last
					mu.Unlock()
				}()
			}
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
				params := obj{"Namespace": fmt.Sprintf("ns-%d", (i+j)%namespaces), "FunctionName": fmt.Sprintf("fn-%d", j%functions)}
				if code := scfCallNoFatal(inProcess, inURL, scfActionGet, params); code != "" {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d requests failed", n)
	}

	got := map[string]final{}
	for n := range namespaces {
		for f := range functions {
			for v := 1; v <= versions; v++ {
				ns, fn, q := fmt.Sprintf("ns-%d", n), fmt.Sprintf("fn-%d", f), fmt.Sprint(v)
				cfg, ok := s.SCFProvisionedConfig(ns, fn, q)
				got[ns+"/"+fn+":"+q] = final{ok, cfg.Allocated}
				if ok && cfg.Status != SCFStatusDone {
					t.Errorf("%s/%s:%s is %s, want Done", ns, fn, q, cfg.Status)
				}
			}
		}
	}
	if d := cmp.Diff(model, got); d != "" {
		t.Errorf("end state (-model +emulator):\n%s", d)
	}
}

// TestSCFConcurrentQuotaAdmission races Puts of one unit each against a
// function with room for exactly ten: whatever the interleaving, ten
// succeed and the others are refused with the function-total limit.
func TestSCFConcurrentQuotaAdmission(t *testing.T) {
	t.Parallel()
	s := New(Options{SCF: SCFOptions{FunctionConcurrencyQuota: 110}})
	must(t, s.CreateSCFFunction("", "fn"))
	for range 30 {
		if _, err := s.PublishSCFVersion("", "fn"); err != nil {
			t.Fatal(err)
		}
	}
	c, url := scfModes[1].dial(t, s)
	var ok, refused atomic.Int32
	var wg sync.WaitGroup
	for v := 1; v <= 30; v++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch scfCallNoFatal(c, url, scfActionPut, obj{"FunctionName": "fn", "Qualifier": fmt.Sprint(v), "VersionProvisionedConcurrencyNum": 1}) {
			case "":
				ok.Add(1)
			case "LimitExceeded.FunctionTotalProvisionedConcurrencyNum":
				refused.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 10 || refused.Load() != 20 {
		t.Errorf("%d accepted, %d refused; want 10 and 20", ok.Load(), refused.Load())
	}
}

// TestSCFConcurrentSignedRequests verifies signatures from many goroutines
// at once, through both transports, with the official client, mixing good
// and wrong secrets.
func TestSCFConcurrentSignedRequests(t *testing.T) {
	t.Parallel()
	// READY at once: the goroutines Put the same versions again and again.
	s, _ := scfSeeded(t, Options{ReadyAfter: -1, SCF: SCFOptions{Credentials: &scfTestCreds}})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	client := func(secret string, overHTTP bool) *common.Client {
		prof := profile.NewClientProfile()
		prof.DisableRegionBreaker = true
		cred := common.NewCredential(scfTestCreds.SecretID, secret)
		if !overHTTP {
			return common.NewCommonClient(cred, "ap-guangzhou", prof).WithHttpTransport(s)
		}
		prof.HttpProfile.Scheme = "HTTP"
		prof.HttpProfile.Endpoint = strings.TrimPrefix(srv.URL, "http://")
		return common.NewCommonClient(cred, "ap-guangzhou", prof)
	}
	var wg sync.WaitGroup
	var wrong atomic.Int32
	for i := range 16 {
		secret, want := scfTestCreds.SecretKey, ""
		if i%4 == 3 {
			secret, want = "bad", "AuthFailure.SignatureFailure"
		}
		c := client(secret, i%2 == 0)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				req := tchttp.NewCommonRequest("scf", SCFAPIVersion, scfActionPut)
				_ = req.SetActionParameters(map[string]any{
					"FunctionName": "my-function", "Qualifier": fmt.Sprint(1 + (i+j)%3), "VersionProvisionedConcurrencyNum": 1 + j,
				})
				err := c.Send(req, tchttp.NewCommonResponse())
				if code := sdkCode(err); code != want || (want == "" && err != nil) {
					wrong.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := wrong.Load(); n > 0 {
		t.Errorf("%d answers were not the expected ones", n)
	}
}
