// This file checks the hand-written answer scanner (wirescan.go) against
// the encoding/json decoding it replaced, kept here verbatim as the
// reference: for any body, decodeList and decodeConfig must return what the
// reference returns, the same configs (times and their locations included)
// or the same error.

package awslambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
)

// refWireConfig and refWireList are the wire types the reference decodes
// into, as they were before the scanner.
type refWireConfig struct {
	FunctionArn                              string
	RequestedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	AllocatedProvisionedConcurrentExecutions int
	Status                                   string
	StatusReason                             string
	LastModified                             string
}

type refWireList struct {
	ProvisionedConcurrencyConfigs []refWireConfig
	NextMarker                    string
}

// refToConfig, refDecodeList and refDecodeConfig are the encoding/json
// decoders as they were before the scanner.
func refToConfig(wc *refWireConfig) (provconc.Config, error) {
	modified, err := ParseLastModified(wc.LastModified)
	if err != nil {
		return provconc.Config{}, err
	}
	return provconc.Config{
		Requested:    wc.RequestedProvisionedConcurrentExecutions,
		Allocated:    wc.AllocatedProvisionedConcurrentExecutions,
		Available:    wc.AvailableProvisionedConcurrentExecutions,
		Status:       provconc.Status(wc.Status),
		StatusReason: wc.StatusReason,
		LastModified: modified,
	}, nil
}

func refDecodeList(resp *httpcall.Response, ref provconc.FunctionRef) (*provconc.ListOutput, error) {
	md := metadata(resp)
	var wl refWireList
	if err := json.Unmarshal(resp.Body, &wl); err != nil {
		return nil, invalidResponse(opList, md, err)
	}
	out := &provconc.ListOutput{NextMarker: wl.NextMarker, Metadata: md}
	if len(wl.ProvisionedConcurrencyConfigs) > 0 {
		out.Configs = make([]provconc.Config, len(wl.ProvisionedConcurrencyConfigs))
	}
	for i := range wl.ProvisionedConcurrencyConfigs {
		wc := &wl.ProvisionedConcurrencyConfigs[i]
		cfg, err := refToConfig(wc)
		if err != nil {
			return nil, invalidResponse(opList, md, err)
		}
		cfg.FunctionARN = wc.FunctionArn
		cfg.FunctionName = ref.Name
		if listed, err := provconc.ParseFunctionRef(wc.FunctionArn); err == nil {
			cfg.FunctionName, cfg.Qualifier = listed.Name, listed.Qualifier
		}
		out.Configs[i] = cfg
	}
	// Since the scanner: counts outside int32 are refused, after decoding.
	for i := range out.Configs {
		if err := checkCounts(&out.Configs[i]); err != nil {
			return nil, invalidResponse(opList, md, err)
		}
	}
	return out, nil
}

func refDecodeConfig(op string, resp *httpcall.Response, ref provconc.FunctionRef) (provconc.Config, provconc.Metadata, error) {
	md := metadata(resp)
	var wc refWireConfig
	if err := json.Unmarshal(resp.Body, &wc); err != nil {
		return provconc.Config{}, md, invalidResponse(op, md, err)
	}
	cfg, err := refToConfig(&wc)
	if err != nil {
		return provconc.Config{}, md, invalidResponse(op, md, err)
	}
	// Since the scanner: counts outside int32 are refused.
	if err := checkCounts(&cfg); err != nil {
		return provconc.Config{}, md, invalidResponse(op, md, err)
	}
	cfg.FunctionName = ref.Name
	cfg.Qualifier = ref.Qualifier
	cfg.FunctionARN = ref.ARN()
	return cfg, md, nil
}

// scanRef is the reference the differential checks decode for.
var scanRef = provconc.FunctionRef{Partition: "aws", Region: "us-east-1", AccountID: "123456789012", Name: "f", Qualifier: "1"}

// checkAgainstReference decodes body as a List answer and as a config
// answer, with the package's decoders and with the reference, and fails on
// any difference. It reports whether the scanner decided alone.
func checkAgainstReference(t *testing.T, body []byte) (listScanned, configScanned bool) {
	t.Helper()
	resp := &httpcall.Response{StatusCode: http.StatusOK, Header: http.Header{"X-Amzn-Requestid": {"req-1"}}, Body: body, Attempts: 1}

	got, err := decodeList(resp, scanRef)
	want, wantErr := refDecodeList(resp, scanRef)
	sameError(t, "List", err, wantErr)
	if err == nil {
		if (got.Configs == nil) != (want.Configs == nil) || len(got.Configs) != len(want.Configs) {
			t.Fatalf("List of %q: %d configs (nil %t), want %d (nil %t)", body, len(got.Configs), got.Configs == nil, len(want.Configs), want.Configs == nil)
		}
		for i := range got.Configs {
			if !sameConfig(got.Configs[i], want.Configs[i]) {
				t.Fatalf("List of %q: config %d\n got %#v\nwant %#v", body, i, got.Configs[i], want.Configs[i])
			}
		}
		if got.NextMarker != want.NextMarker || got.Metadata != want.Metadata || got.Extension != nil {
			t.Fatalf("List of %q: %q %+v, want %q %+v", body, got.NextMarker, got.Metadata, want.NextMarker, want.Metadata)
		}
	}
	_, _, listScanned = scanList(body)

	cfg, md, err := decodeConfig(opGet, resp, scanRef)
	wantCfg, wantMD, wantErr := refDecodeConfig(opGet, resp, scanRef)
	sameError(t, "Get", err, wantErr)
	if !sameConfig(cfg, wantCfg) || md != wantMD {
		t.Fatalf("Get of %q:\n got %#v %+v\nwant %#v %+v", body, cfg, md, wantCfg, wantMD)
	}
	_, configScanned = scanConfig(body)
	return listScanned, configScanned
}

// sameConfig compares two configs field by field and their LastModified
// strictly: the same instant and the same *time.Location, except that two
// unnamed fixed zones of the same offset match (time.Parse makes a new one
// for each offset that is not a whole hour).
func sameConfig(a, b provconc.Config) bool {
	ta, tb := a.LastModified, b.LastModified
	a.LastModified, b.LastModified = time.Time{}, time.Time{}
	if a != b || (ta != tb && !ta.Equal(tb)) {
		return false
	}
	if ta == tb {
		return true
	}
	la, lb := ta.Location(), tb.Location()
	na, oa := ta.Zone()
	nb, ob := tb.Zone()
	shared := func(l *time.Location) bool { return l == time.UTC || l == time.Local }
	return !shared(la) && !shared(lb) && la.String() == lb.String() && na == nb && oa == ob
}

// sameError fails unless err and want are both nil, or both errors with the
// same text (but for the names of the wire types), err matching
// ErrInvalidResponse.
func sameError(t *testing.T, op string, err, want error) {
	t.Helper()
	switch {
	case err == nil && want == nil:
	case err == nil || want == nil:
		t.Fatalf("%s: error %v, want %v", op, err, want)
	case err.Error() != strings.ReplaceAll(want.Error(), "refWire", "wire") || !errors.Is(err, provconc.ErrInvalidResponse):
		t.Fatalf("%s: error %v, want %v (matching ErrInvalidResponse)", op, err, want)
	}
}

// FuzzScanMatchesEncodingJSON checks decodeList and decodeConfig against
// the encoding/json reference on any body. The committed corpus
// (testdata/fuzz/FuzzScanMatchesEncodingJSON) covers the service's
// answers and the corners of JSON: whitespace, key order, unknown keys of
// every type, escapes and surrogate pairs, null for every field, case-folded
// and repeated keys, numbers in every form, bad UTF-8, malformed documents,
// LastModified in every form.
func FuzzScanMatchesEncodingJSON(f *testing.F) {
	for _, name := range []string{"get_failed.json", "get_ready.json", "list_page1.json", "list_page2.json", "put_in_progress.json"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkAgainstReference(t, body)
	})
}

// TestScanDecidesServiceAnswers makes sure the scanner itself decodes the
// answers the service writes, rather than leaving them all to the
// fallback, which would pass the differential check and lose the speed.
func TestScanDecidesServiceAnswers(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"list_page1.json", "list_page2.json"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if list, _ := checkAgainstReference(t, body); !list {
			t.Errorf("%s: the scanner left a List answer to encoding/json", name)
		}
	}
	for _, name := range []string{"get_failed.json", "get_ready.json", "put_in_progress.json"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, cfg := checkAgainstReference(t, body); !cfg {
			t.Errorf("%s: the scanner left a config answer to encoding/json", name)
		}
	}
	for _, body := range []string{
		" {\n\t\"ProvisionedConcurrencyConfigs\" : [ null , {\"Unknown\":{\"a\":[1,-2.5e+3,true,false,null,\"\\u00e9\\ud83d\\ude00\"]},\"status\":\"READY\",\"StatusReason\":\"caf\u00e9\",\"LastModified\":\"2019-11-21T19:32:12-0500\",\"RequestedProvisionedConcurrentExecutions\":-0} ] , \"NextMarker\":null } \r\n",
		`{"NextMarker":"m","ProvisionedConcurrencyConfigs":[]}`,
		`{"ProvisionedConcurrencyConfigs":[{"LastModified":"2019-11-21T19:32:12.5+0000","Status":"SOMETHING_NEW"}]}`,
	} {
		if list, _ := checkAgainstReference(t, []byte(body)); !list {
			t.Errorf("the scanner left %q to encoding/json", body)
		}
	}
}

// FuzzServiceTimeMatchesTimeParse checks parseServiceTime against
// time.Parse with provconc's layout: whatever it accepts, time.Parse accepts
// too and gives the same time.Time, location included.
func FuzzServiceTimeMatchesTimeParse(f *testing.F) {
	for _, s := range []string{
		"2019-11-21T19:32:12+0000", "2019-11-21T19:32:12Z", "2019-11-21T19:32:12-0500",
		"2019-11-21T19:32:12+1400", "2019-11-21T19:32:12-1200", "2019-11-21T19:32:12+0530",
		"2020-02-29T00:00:00+0000", "2019-02-29T00:00:00+0000", "2000-02-29T23:59:59-0000",
		"1900-02-29T00:00:00+0000", "2019-11-21T24:00:00+0000", "2019-11-21T19:60:12+0000",
		"2019-11-21T19:32:60+0000", "2019-13-21T19:32:12+0000", "2019-00-21T19:32:12+0000",
		"2019-11-00T19:32:12+0000", "2019-11-21T19:32:12.123+0000", "2019-11-21T19:32:12+00:00",
		"0000-01-01T00:00:00+0100", "9999-12-31T23:59:59-0100", "2019-11-21t19:32:12+0000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseServiceTime([]byte(s))
		if !ok {
			return
		}
		want, err := time.Parse("2006-01-02T15:04:05Z0700", s)
		if err != nil {
			t.Fatalf("parseServiceTime(%q) = %v, time.Parse refuses it: %v", s, got, err)
		}
		if got != want {
			t.Fatalf("parseServiceTime(%q) = %#v, time.Parse gives %#v", s, got, want)
		}
	})
}

// listPage50 is a List answer of 50 configs as the service writes it.
func listPage50() []byte {
	var b strings.Builder
	b.WriteString(`{"NextMarker":"eyJwb3MiOjEwMH0","ProvisionedConcurrencyConfigs":[`)
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"AllocatedProvisionedConcurrentExecutions":%d,"AvailableProvisionedConcurrentExecutions":%d,`+
			`"FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:my-function:alias-%05d",`+
			`"LastModified":"2024-05-01T12:%02d:%02d+0000","RequestedProvisionedConcurrentExecutions":%d,"Status":"READY"}`,
			i+1, i+1, i, i%60, (i*7)%60, i+1)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkDecodeListPage decodes a 50-config List answer with the scanner
// (impl=scan) and with the encoding/json reference (impl=encoding-json).
func BenchmarkDecodeListPage(b *testing.B) {
	resp := &httpcall.Response{StatusCode: http.StatusOK, Header: http.Header{"X-Amzn-Requestid": {"req-1"}}, Body: listPage50(), Attempts: 1}
	for _, impl := range []struct {
		name   string
		decode func(*httpcall.Response, provconc.FunctionRef) (*provconc.ListOutput, error)
	}{{"scan", decodeList}, {"encoding-json", refDecodeList}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(resp.Body)))
			for b.Loop() {
				out, err := impl.decode(resp, scanRef)
				if err != nil || len(out.Configs) != 50 {
					b.Fatal(len(out.Configs), err)
				}
			}
		})
	}
}
