// This file checks the envelope scanner (wirescan.go) against encoding/json:
// whenever it decodes a body, encoding/json must accept that body and give
// the same envelope; and it must decode the answers the service writes, so
// the fast path is taken.

package tencentscf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkScanAgainstJSON fails t when scanEnvelope decodes body to anything
// but what encoding/json gives, or decodes a body encoding/json refuses. It
// reports whether the scanner decoded it.
func checkScanAgainstJSON(t *testing.T, body []byte) bool {
	t.Helper()
	got, ok := scanEnvelope(body)
	if !ok {
		if !reflect.DeepEqual(got, envelope{}) {
			t.Fatalf("scanEnvelope(%q) gave up but returned %+v", body, got)
		}
		return false
	}
	var want envelope
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatalf("scanEnvelope decoded %q, which encoding/json refuses: %v", body, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scanEnvelope(%q):\n got %s\nwant %s", body, dump(got), dump(want))
	}
	return true
}

// dump shows an envelope with its pointers followed.
func dump(env envelope) string {
	b, _ := json.Marshal(env)
	return string(b)
}

func TestScanEnvelopeDecodesServiceAnswers(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no answers in testdata: %v", err)
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !checkScanAgainstJSON(t, body) {
			t.Errorf("%s: the scanner gave up on an answer of the service", name)
		}
	}
}

func TestScanEnvelopeMatchesEncodingJSON(t *testing.T) {
	decoded := []string{
		`{"Response":{"RequestId":"r"}}`,
		`{"Response":null}`,
		`{}`,
		` {"Other":[1,{"a":null},"x\"y"],"Response":{"RequestId":"r"}} `,
		`{"response":{"requestid":"r","ALLOCATED":[],"unallocatedconcurrencynum":null}}`,
		`{"Response":{"Allocated":[null,{"Qualifier":"2","TriggerActions":null}],"RequestId":"r"}}`,
		`{"Response":{"Allocated":[{"TriggerActions":[null,{"TriggerProvisionedConcurrencyNum":18446744073709551}]}]}}`,
		`{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"请求过于频繁"},"RequestId":"r"}}`,
		`{"Response":{"Error":null,"RequestId":"r","UnallocatedConcurrencyNum":0}}`,
		`{"Response":{"Allocated":[{"Status":"Done","StatusReason":null,"Unknown":{"x":[true,false,-1.5e3]}}]}}`,
	}
	for _, body := range decoded {
		if !checkScanAgainstJSON(t, []byte(body)) {
			t.Errorf("the scanner gave up on %s", body)
		}
	}
	// Bodies it must leave to encoding/json: what encoding/json refuses,
	// merges, unquotes or folds otherwise.
	left := []string{
		`null`,
		`[]`,
		`{"Response":{"RequestId":"r"}} x`,
		`{"Response":{"RequestId":"r"},"Response":{"Error":null}}`,
		`{"Response":{"RequestId":"r","requestid":"s"}}`,
		`{"Response":{"RequestId":"a\u0062"}}`,
		`{"Re\u0073ponse":{}}`,
		`{"Reſponse":{}}`,
		`{"Response":{"UnallocatedConcurrencyNum":-1}}`,
		`{"Response":{"UnallocatedConcurrencyNum":1.0}}`,
		`{"Response":{"UnallocatedConcurrencyNum":1e2}}`,
		`{"Response":{"UnallocatedConcurrencyNum":18446744073709551616}}`,
		`{"Response":{"UnallocatedConcurrencyNum":"5"}}`,
		`{"Response":{"UnallocatedConcurrencyNum":01}}`,
		`{"Response":{"Allocated":{}}}`,
		`{"Response":{"Allocated":[1]}}`,
		`{"Response":{"Error":"x"}}`,
		`{"Response":"x"}`,
		`{"Response":{"RequestId":"\xff"}}`,
		`{"Response":{"RequestId":"r"}`,
		`{"Response":{"RequestId":"r",}}`,
		`{"Other":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
	}
	for _, body := range left {
		if checkScanAgainstJSON(t, []byte(body)) {
			t.Errorf("the scanner decoded %s, which is encoding/json's to decide", body)
		}
	}
}

func FuzzScanEnvelopeMatchesEncodingJSON(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add([]byte(`{"response":{"allocated":[null,{"triggeractions":[{}]}],"error":{"code":"","message":null}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		checkScanAgainstJSON(t, body)
	})
}
