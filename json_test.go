// This file tests Config and the outputs as JSON: the service's field names,
// LastModified in the service's form, round trips (zero values, times in
// other zones and with sub-second digits, extensions), and the service's own
// answers decoding as they are.

package provconc_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/provconc/provconc"
)

// testExtension is a provider extension as a protocol package would define
// one.
type testExtension struct {
	Namespace string `json:"Namespace,omitempty"`
	Count     *int   `json:"Count,omitempty"`
}

func (*testExtension) Provider() string { return "test-cloud" }

// otherExtension belongs to another provider.
type otherExtension struct{ Region string }

func (*otherExtension) Provider() string { return "other-cloud" }

// unmarshalable cannot be written as JSON.
type unmarshalable struct{ C chan int }

func (*unmarshalable) Provider() string { return "broken" }

func fullConfig() provconc.Config {
	return provconc.Config{
		FunctionName: "my-function",
		Qualifier:    "BLUE",
		FunctionARN:  "arn:aws:lambda:us-east-2:123456789012:function:my-function:BLUE",
		Requested:    100,
		Allocated:    80,
		Available:    60,
		Status:       provconc.StatusFailed,
		StatusReason: "FUNCTION_ERROR_INIT_FAILURE",
		LastModified: time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC),
	}
}

func TestConfigMarshalJSONServiceVocabulary(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(fullConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"FunctionName":"my-function","Qualifier":"BLUE",` +
		`"FunctionArn":"arn:aws:lambda:us-east-2:123456789012:function:my-function:BLUE",` +
		`"RequestedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":60,` +
		`"AllocatedProvisionedConcurrentExecutions":80,"Status":"FAILED",` +
		`"StatusReason":"FUNCTION_ERROR_INIT_FAILURE","LastModified":"2019-11-21T19:32:12+0000"}`
	if string(got) != want {
		t.Errorf("json.Marshal(Config) =\n%s\nwant\n%s", got, want)
	}
	// A *Config marshals the same way.
	cfg := fullConfig()
	if p, _ := json.Marshal(&cfg); string(p) != want {
		t.Errorf("json.Marshal(*Config) = %s, want the same as the value", p)
	}
}

func TestConfigMarshalJSONZero(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(provconc.Config{})
	if err != nil {
		t.Fatal(err)
	}
	// The counts are always written, as the service does; the rest is left
	// out when empty.
	want := `{"RequestedProvisionedConcurrentExecutions":0,"AvailableProvisionedConcurrentExecutions":0,"AllocatedProvisionedConcurrentExecutions":0}`
	if string(got) != want {
		t.Errorf("json.Marshal(Config{}) = %s, want %s", got, want)
	}
}

func TestConfigJSONRoundTrip(t *testing.T) {
	t.Parallel()
	n := 7
	ist := time.FixedZone("IST", 5*3600+30*60)
	withExt := fullConfig()
	withExt.Extension = &testExtension{Namespace: "prod", Count: &n}
	tests := []struct {
		name string
		in   provconc.Config
		// wantExt is what Extension decodes to without a preset pointer.
		wantExt provconc.Extension
	}{
		{name: "zero", in: provconc.Config{}},
		{name: "full", in: fullConfig()},
		{name: "in progress, no reason", in: provconc.Config{FunctionName: "fn", Qualifier: "7", Requested: 5, Status: provconc.StatusInProgress}},
		{name: "nanoseconds", in: provconc.Config{LastModified: time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.UTC)}},
		{name: "milliseconds", in: provconc.Config{LastModified: time.Date(2024, 2, 29, 23, 59, 59, 5e8, time.UTC)}},
		{name: "other zone", in: provconc.Config{LastModified: time.Date(2019, 11, 22, 1, 2, 12, 0, ist)}},
		{name: "unknown status", in: provconc.Config{Status: "DELETING"}},
		{name: "unicode reason", in: provconc.Config{StatusReason: "échec \"quoted\" <tag> \u2028"}},
		{
			name:    "extension",
			in:      withExt,
			wantExt: &provconc.RawExtension{ProviderName: "test-cloud", Details: json.RawMessage(`{"Namespace":"prod","Count":7}`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var got provconc.Config
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", data, err)
			}
			want := tt.in
			want.Extension = tt.wantExt
			// cmp compares times with Equal: the instant, not the zone.
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip through %s (-want +got):\n%s", data, diff)
			}
			// And the JSON itself round-trips byte for byte, extension
			// included.
			again, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal again: %v", err)
			}
			if string(again) != string(data) {
				t.Errorf("second Marshal = %s, want %s", again, data)
			}
		})
	}
}

func TestConfigJSONLastModifiedServiceForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC), `"2019-11-21T19:32:12+0000"`},
		{time.Date(2019, 11, 21, 12, 32, 12, 0, time.FixedZone("PDT", -7*3600)), `"2019-11-21T19:32:12+0000"`},
		{time.Date(2019, 11, 21, 19, 32, 12, 250e6, time.UTC), `"2019-11-21T19:32:12.25+0000"`},
	}
	for _, tt := range tests {
		data, err := json.Marshal(provconc.Config{LastModified: tt.in})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `"LastModified":`+tt.want) {
			t.Errorf("Marshal(LastModified %v) = %s, want LastModified %s", tt.in, data, tt.want)
		}
	}
}

func TestConfigUnmarshalJSONExtensionIntoPreset(t *testing.T) {
	t.Parallel()
	n := 3
	in := provconc.Config{FunctionName: "fn", Qualifier: "1", Extension: &testExtension{Namespace: "ns", Count: &n}}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	// A preset pointer of the same provider is decoded into, giving back
	// the concrete type.
	got := provconc.Config{Extension: &testExtension{}}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("round trip into a preset extension (-want +got):\n%s", diff)
	}
	// A preset of another provider is not: the data is kept raw.
	got = provconc.Config{Extension: &otherExtension{Region: "x"}}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	raw, ok := got.Extension.(*provconc.RawExtension)
	if !ok || raw.Provider() != "test-cloud" || string(raw.Details) != `{"Namespace":"ns","Count":3}` {
		t.Errorf("Extension = %#v, want the test-cloud details kept raw", got.Extension)
	}
	// No extension in the data: a preset one is cleared, as every other
	// field is.
	got = provconc.Config{Extension: &testExtension{Namespace: "stale"}}
	if err := json.Unmarshal([]byte(`{"FunctionName":"fn"}`), &got); err != nil {
		t.Fatal(err)
	}
	if got.Extension != nil || got.FunctionName != "fn" {
		t.Errorf("Unmarshal without an extension = %+v, want no extension", got)
	}
}

func TestConfigMarshalJSONNilAndBrokenExtensions(t *testing.T) {
	t.Parallel()
	// A typed nil pointer is no extension.
	data, err := json.Marshal(provconc.Config{Extension: (*testExtension)(nil)})
	if err != nil || strings.Contains(string(data), "Extension") {
		t.Errorf("Marshal with a nil *testExtension = %s, %v; want no Extension and no error", data, err)
	}
	// An extension that cannot be written is an error, not a panic or a
	// silent drop.
	if _, err := json.Marshal(provconc.Config{Extension: &unmarshalable{C: make(chan int)}}); err == nil {
		t.Error("Marshal with an unmarshalable extension: no error")
	}
}

func TestConfigUnmarshalJSONRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"bad time":              `{"LastModified":"yesterday"}`,
		"RFC 3339 without zone": `{"LastModified":"2019-11-21T19:32:12"}`,
		"count as string":       `{"RequestedProvisionedConcurrentExecutions":"100"}`,
		"extension no provider": `{"Extension":{"Details":{}}}`,
		"not an object":         `[1,2]`,
		"count overflows":       `{"AvailableProvisionedConcurrentExecutions":1e40}`,
	}
	for name, data := range tests {
		var c provconc.Config
		if err := json.Unmarshal([]byte(data), &c); err == nil {
			t.Errorf("%s: Unmarshal(%s) = %+v, want an error", name, data, c)
		}
	}
}

func TestConfigUnmarshalServiceAnswer(t *testing.T) {
	t.Parallel()
	// GetProvisionedConcurrencyConfig's answer as the API reference shows
	// it decodes into a Config as it is.
	body := `{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,` +
		`"LastModified":"2019-12-31T20:28:49+0000","RequestedProvisionedConcurrentExecutions":100,` +
		`"Status":"READY","StatusReason":""}`
	var got provconc.Config
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	want := provconc.Config{Requested: 100, Allocated: 100, Available: 100, Status: provconc.StatusReady,
		LastModified: time.Date(2019, 12, 31, 20, 28, 49, 0, time.UTC)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Config from the service's answer (-want +got):\n%s", diff)
	}
}

func TestListOutputJSON(t *testing.T) {
	t.Parallel()
	// ListProvisionedConcurrencyConfigs' answer as boto3's reference shows
	// it, with a marker.
	body := `{"ProvisionedConcurrencyConfigs":[` +
		`{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,` +
		`"FunctionArn":"arn:aws:lambda:us-east-2:123456789012:function:my-function:GREEN",` +
		`"LastModified":"2019-12-31T20:29:00+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"READY"},` +
		`{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,` +
		`"FunctionArn":"arn:aws:lambda:us-east-2:123456789012:function:my-function:BLUE",` +
		`"LastModified":"2019-12-31T20:28:49+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"READY"}],` +
		`"NextMarker":"page-2"}`
	var got provconc.ListOutput
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	ready := func(q string, modified time.Time) provconc.Config {
		return provconc.Config{FunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:my-function:" + q,
			Requested: 100, Allocated: 100, Available: 100, Status: provconc.StatusReady, LastModified: modified}
	}
	want := provconc.ListOutput{
		Configs: []provconc.Config{
			ready("GREEN", time.Date(2019, 12, 31, 20, 29, 0, 0, time.UTC)),
			ready("BLUE", time.Date(2019, 12, 31, 20, 28, 49, 0, time.UTC)),
		},
		NextMarker: "page-2",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListOutput from the service's answer (-want +got):\n%s", diff)
	}

	// Round trip with metadata and a page extension.
	n := 40
	want.Metadata = provconc.Metadata{RequestID: "req-1", Attempts: 2}
	want.Extension = &testExtension{Count: &n}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{`"ProvisionedConcurrencyConfigs":[`, `"NextMarker":"page-2"`, `"ResponseMetadata":{"RequestId":"req-1","Attempts":2}`, `"Extension":{"Provider":"test-cloud","Details":{"Count":40}}`} {
		if !strings.Contains(string(data), part) {
			t.Errorf("Marshal(ListOutput) = %s, missing %s", data, part)
		}
	}
	got = provconc.ListOutput{Extension: &testExtension{}}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListOutput round trip (-want +got):\n%s", diff)
	}
}

func TestListOutputJSONEmpty(t *testing.T) {
	t.Parallel()
	data, err := json.Marshal(provconc.ListOutput{})
	if err != nil {
		t.Fatal(err)
	}
	// The service writes an empty array, never null.
	if string(data) != `{"ProvisionedConcurrencyConfigs":[]}` {
		t.Errorf("Marshal(ListOutput{}) = %s", data)
	}
	var got provconc.ListOutput
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(provconc.ListOutput{}, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestOutputsJSONRoundTrip(t *testing.T) {
	t.Parallel()
	md := provconc.Metadata{RequestID: "0b4d3a5e-1111-2222-3333-444455556666", Attempts: 3}
	put := provconc.PutOutput{Config: fullConfig(), Metadata: md}
	get := provconc.GetOutput{Config: fullConfig(), Metadata: md}
	del := provconc.DeleteOutput{Metadata: md}

	checks := []struct {
		name   string
		in     any
		decode func([]byte) (any, error)
		want   string // a part the JSON must hold
	}{
		{"PutOutput", put, func(b []byte) (any, error) { var o provconc.PutOutput; err := json.Unmarshal(b, &o); return o, err }, `"Status":"FAILED"`},
		{"GetOutput", get, func(b []byte) (any, error) { var o provconc.GetOutput; err := json.Unmarshal(b, &o); return o, err }, `"RequestedProvisionedConcurrentExecutions":100`},
		{"DeleteOutput", del, func(b []byte) (any, error) { var o provconc.DeleteOutput; err := json.Unmarshal(b, &o); return o, err }, `{"ResponseMetadata":{`},
		{"zero PutOutput", provconc.PutOutput{}, func(b []byte) (any, error) { var o provconc.PutOutput; err := json.Unmarshal(b, &o); return o, err }, `"RequestedProvisionedConcurrentExecutions":0`},
		{"zero DeleteOutput", provconc.DeleteOutput{}, func(b []byte) (any, error) { var o provconc.DeleteOutput; err := json.Unmarshal(b, &o); return o, err }, `{}`},
	}
	for _, c := range checks {
		data, err := json.Marshal(c.in)
		if err != nil {
			t.Fatalf("%s: Marshal: %v", c.name, err)
		}
		if !strings.Contains(string(data), c.want) {
			t.Errorf("%s: Marshal = %s, missing %s", c.name, data, c.want)
		}
		if c.in != (provconc.DeleteOutput{}) && c.in != (provconc.PutOutput{}) && !strings.Contains(string(data), `"ResponseMetadata":{"RequestId":"0b4d3a5e-1111-2222-3333-444455556666","Attempts":3}`) {
			t.Errorf("%s: Marshal = %s, want the metadata under ResponseMetadata", c.name, data)
		}
		if c.in == (provconc.PutOutput{}) && strings.Contains(string(data), "ResponseMetadata") {
			t.Errorf("%s: Marshal = %s, want no ResponseMetadata for a zero Metadata", c.name, data)
		}
		got, err := c.decode(data)
		if err != nil {
			t.Fatalf("%s: Unmarshal(%s): %v", c.name, data, err)
		}
		if diff := cmp.Diff(c.in, got); diff != "" {
			t.Errorf("%s: round trip through %s (-want +got):\n%s", c.name, data, diff)
		}
	}
}
