// Tests of reading and checking a desired state: every error names the
// file, the line, the entry and the field, with the SDK's own rules.

package fleet_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
)

func TestParseReadsYAMLAndJSONAlike(t *testing.T) {
	t.Parallel()
	yamlSrc := `# two configs
Configs:
  - Cloud: aws
    Region: us-east-1
    FunctionName: checkout
    Qualifier: live
    ProvisionedConcurrentExecutions: 20
  - Cloud: tencent
    Region: ap-guangzhou
    Namespace: shop
    FunctionName: orders
    Qualifier: "3"
    ProvisionedConcurrentExecutions: 5
    TriggerActions:
      - TriggerName: morning
        TriggerProvisionedConcurrencyNum: 20
        TriggerCronConfig: "0 30 8 * * * *"
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout}
`
	jsonSrc := `{
  "Configs": [
    {"Cloud": "aws", "Region": "us-east-1", "FunctionName": "checkout", "Qualifier": "live", "ProvisionedConcurrentExecutions": 20},
    {"Cloud": "tencent", "Region": "ap-guangzhou", "Namespace": "shop", "FunctionName": "orders", "Qualifier": "3",
     "ProvisionedConcurrentExecutions": 5,
     "TriggerActions": [{"TriggerName": "morning", "TriggerProvisionedConcurrencyNum": 20, "TriggerCronConfig": "0 30 8 * * * *"}]}
  ],
  "Prune": [{"Cloud": "aws", "Region": "us-east-1", "FunctionName": "checkout"}]
}`
	y := mustParse(t, "fleet.yaml", yamlSrc)
	j := mustParse(t, "fleet.json", jsonSrc)
	if len(y.Configs) != 2 || len(j.Configs) != 2 || len(y.Prune) != 1 || len(j.Prune) != 1 {
		t.Fatalf("parsed %+v and %+v", y, j)
	}
	for i := range y.Configs {
		a, b := y.Configs[i], j.Configs[i]
		a.Line, b.Line = 0, 0
		if a.Key() != b.Key() || a.ProvisionedConcurrentExecutions != b.ProvisionedConcurrentExecutions || len(a.TriggerActions) != len(b.TriggerActions) {
			t.Errorf("entry %d: YAML %+v, JSON %+v", i, a, b)
		}
	}
	if y.Configs[1].Line != 8 || y.Prune[0].Line != 19 {
		t.Errorf("lines: entry %d, scope %d; want 8 and 19", y.Configs[1].Line, y.Prune[0].Line)
	}
	if k := y.Configs[1].Key(); k.String() != "tencent/ap-guangzhou shop/orders:3" {
		t.Errorf("key %q", k)
	}
}

func TestParseErrorsNameFileLineEntryAndField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, src string
		want            []string // each must be one error's text, in order
	}{
		{
			name: "rules of the SDK, per field and line",
			file: "fleet.yaml",
			src: `Configs:
  - Cloud: aws
    Region: us-east-1
    FunctionName: checkout
    Qualifier: live
    ProvisionedConcurrentExecutions: 0
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: "1"
    ProvisionedConcurrentExecutions: 5
    TriggerActions:
      - TriggerName: morning
        TriggerProvisionedConcurrencyNum: 20
        TriggerCronConfig: "0 30 8 * *"
  - Cloud: tencent
    Region: ap-guangzhou
    FunctionName: orders
    Qualifier: live
    ProvisionedConcurrentExecutions: 5
`,
			want: []string{
				`fleet.yaml:6: Configs[0] (checkout:live): ProvisionedConcurrentExecutions: "0": must be between 1 and 2147483647`,
				`fleet.yaml:15: Configs[1] (orders:1): TriggerActions[0].TriggerCronConfig: "0 30 8 * *": must be a cron expression of 7 space-separated fields`,
				`fleet.yaml:19: Configs[2] (orders:live): Qualifier: "live": must be a published version number`,
			},
		},
		{
			name: "duplicates and conflicts",
			file: "fleet.yaml",
			src: `Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 5}
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 5}
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 7}
  - {Cloud: aws, Region: us-west-2, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 7}
  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: api, Qualifier: "1", ProvisionedConcurrentExecutions: 1}
  - {Cloud: tencent, Region: ap-guangzhou, Namespace: default, FunctionName: api, Qualifier: "1", ProvisionedConcurrentExecutions: 2}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: api}
  - {Cloud: aws, Region: us-east-1, FunctionName: api}
`,
			want: []string{
				`fleet.yaml:3: Configs[1] (api:live): duplicates Configs[0] (line 2): one config (aws/us-east-1 api:live) may be listed once`,
				`fleet.yaml:4: Configs[2] (api:live): conflicts with Configs[0] (line 2): one config (aws/us-east-1 api:live) may be listed once`,
				`fleet.yaml:7: Configs[5] (api:1): conflicts with Configs[4] (line 6): one config (tencent/ap-guangzhou default/api:1) may be listed once`,
				`fleet.yaml:10: Prune[1] (api): duplicates Prune[0] (line 9)`,
			},
		},
		{
			name: "shapes",
			file: "fleet.yaml",
			src: `Configs:
  - Cloud: gcp
    Region: us-east-1
  - {Cloud: aws, Region: us-east-1, FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:api", Qualifier: live, ProvisionedConcurrentExecutions: 5}
  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 5, MinCapacity: 2}
  - {Cloud: aws, Region: US East, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 5}
`,
			want: []string{
				`fleet.yaml:2: Configs[0]: Cloud: "gcp": must be "aws" or "tencent"`,
				`fleet.yaml:4: Configs[1] (arn:aws:lambda:us-east-1:123456789012:function:api:live): FunctionName: `,
				`fleet.yaml:5: Configs[2] (api:live): MinCapacity: "2": is a Tencent SCF setting; AWS Lambda has none`,
				`fleet.yaml:6: Configs[3] (api:live): Region: "US East": must be a region name`,
			},
		},
		{
			name: "unknown key, from the YAML library with its line",
			file: "fleet.yaml",
			src:  "Configs:\n  - Cloud: aws\n    Region: us-east-1\n    Executions: 3\n",
			want: []string{`fleet.yaml:4: Configs[0]: unknown field "Executions"`},
		},
		{
			name: "unknown top-level key",
			file: "fleet.yaml",
			src:  "Config:\n  - Cloud: aws\n",
			want: []string{`fleet.yaml:1: Config: unknown key: want Configs or Prune`},
		},
		{
			name: "YAML syntax",
			file: "fleet.yaml",
			src:  "Configs:\n  - {Cloud: aws\n",
			want: []string{`fleet.yaml:2: `},
		},
		{
			name: "JSON syntax, with its line",
			file: "fleet.json",
			src:  "{\n  \"Configs\": [\n    {\"Cloud\": \"aws\",}\n  ]\n}",
			want: []string{`fleet.json:3: not valid JSON: invalid character '}'`},
		},
		{
			name: "JSON type",
			file: "fleet.json",
			src:  "{\n  \"Configs\": [\n    {\"Cloud\": \"aws\",\n     \"ProvisionedConcurrentExecutions\": \"many\"}\n  ]\n}",
			want: []string{`fleet.json:4: Configs[0]: `},
		},
		{
			name: "empty",
			file: "fleet.yaml",
			src:  "",
			want: []string{`fleet.yaml: is empty`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fleet.Parse(tc.file, []byte(tc.src))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if !errors.Is(err, fleet.ErrInvalidDesired) {
				t.Errorf("error does not match ErrInvalidDesired: %v", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(lines), len(tc.want), err)
			}
			for i, want := range tc.want {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, lines[i], want)
				}
			}
		})
	}
}

func TestEntryErrorCarriesTheInputError(t *testing.T) {
	t.Parallel()
	_, err := fleet.Parse("f.yaml", []byte("Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: -3}\n"))
	var ee *fleet.EntryError
	var ie *provconc.InputError
	if !errors.As(err, &ee) || !errors.As(err, &ie) || !errors.Is(err, provconc.ErrInvalidInput) {
		t.Fatalf("error %v: want an *EntryError wrapping an *provconc.InputError", err)
	}
	if ee.Source != "f.yaml" || ee.Section != "Configs" || ee.Index != 0 || ee.Entry != "api:live" ||
		ee.Field != "ProvisionedConcurrentExecutions" || ee.Line != 2 || ie.Field != "ProvisionedConcurrentExecutions" {
		t.Errorf("EntryError %+v, InputError %+v", ee, ie)
	}
}

func TestValidateWithoutAFile(t *testing.T) {
	t.Parallel()
	d := &fleet.Desired{Configs: []fleet.Entry{
		{Cloud: fleet.AWS, Region: "us-east-1", FunctionName: "api", Qualifier: "live", ProvisionedConcurrentExecutions: 1},
		{Cloud: fleet.Tencent, Region: "ap-guangzhou", FunctionName: "api", Qualifier: "1", ProvisionedType: "ConcurrencyUtilizationTracking", ProvisionedConcurrentExecutions: 3},
	}}
	err := d.Validate()
	want := `desired state: Configs[1] (api:1): ProvisionedConcurrentExecutions: "3": must be 0 with ProvisionedType ConcurrencyUtilizationTracking`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Validate = %v, want %s…", err, want)
	}
}

func TestLoadReadsTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "fleet.yml")
	if err := os.WriteFile(path, []byte("Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 2}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := fleet.Load(path)
	if err != nil || d.Source != path || len(d.Configs) != 1 {
		t.Fatalf("Load = %+v, %v", d, err)
	}
	if _, err := fleet.Load(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestParseResolvesAnchorsAcrossEntries(t *testing.T) {
	t.Parallel()
	d := mustParse(t, "fleet.yaml", `Configs:
  - &checkout
    Cloud: aws
    Region: us-east-1
    FunctionName: checkout
    Qualifier: live
    ProvisionedConcurrentExecutions: 20
  - <<: *checkout
    Qualifier: "2"
  - <<: *checkout
    Region: eu-west-1
    ProvisionedConcurrentExecutions: 4
`)
	if len(d.Configs) != 3 {
		t.Fatalf("%d configs", len(d.Configs))
	}
	got := []string{}
	for _, e := range d.Configs {
		got = append(got, e.Key().String()+"="+strconv.Itoa(e.ProvisionedConcurrentExecutions)+"@"+strconv.Itoa(e.Line))
	}
	want := "[aws/us-east-1 checkout:live=20@3 aws/us-east-1 checkout:2=20@8 aws/eu-west-1 checkout:live=4@10]"
	if fmt.Sprint(got) != want {
		t.Errorf("configs %v, want %s", got, want)
	}
	// A key written twice in one mapping is still refused.
	if _, err := fleet.Parse("f.yaml", []byte("Configs:\n  - Cloud: aws\n    Cloud: tencent\n")); err == nil || !strings.Contains(err.Error(), "f.yaml:3") {
		t.Errorf("a key written twice: %v", err)
	}
}

// TestParseRefusesValuesYAMLReadsAsAnotherValue: YAML reads some unquoted
// scalars as numbers, and the decoder then writes them into a string field
// as another text (alias 0x10 became version 16, 1_000 became 1000, 010
// became 8), or truncates a fraction into an int field (1.5 became 1). Such
// a file would plan and apply changes to configs it does not name. The aws
// CLI refuses a float or a string for ProvisionedConcurrentExecutions
// ("Invalid type for parameter"); the file refuses them too, naming the
// field, and keeps the unquoted numbers that read back as written.
func TestParseRefusesValuesYAMLReadsAsAnotherValue(t *testing.T) {
	t.Parallel()
	entry := func(fields string) string {
		return "Configs:\n  - {Cloud: aws, Region: us-east-1, " + fields + "}\n"
	}
	for _, tc := range []struct{ name, src, want string }{
		{"hex alias", entry("FunctionName: api, Qualifier: 0x10, ProvisionedConcurrentExecutions: 1"),
			`f.yaml:2: Configs[0] (api:0x10): Qualifier: 0x10 reads as the number 16 in YAML: quote it ("0x10") to mean the text`},
		{"alias with underscore", entry("FunctionName: api, Qualifier: 1_000, ProvisionedConcurrentExecutions: 1"),
			`f.yaml:2: Configs[0] (api:1_000): Qualifier: 1_000 reads as the number 1000 in YAML: quote it ("1_000") to mean the text`},
		{"octal version", entry("FunctionName: api, Qualifier: 010, ProvisionedConcurrentExecutions: 1"),
			`f.yaml:2: Configs[0] (api:010): Qualifier: 010 reads as the number 8 in YAML: quote it ("010") to mean the text`},
		{"float version", entry("FunctionName: api, Qualifier: 1.0, ProvisionedConcurrentExecutions: 1"),
			`f.yaml:2: Configs[0] (api:1.0): Qualifier: 1.0 reads as the number 1 in YAML: quote it ("1.0") to mean the text`},
		{"hex function", entry("FunctionName: 0x1f, Qualifier: live, ProvisionedConcurrentExecutions: 1"),
			`f.yaml:2: Configs[0] (0x1f:live): FunctionName: 0x1f reads as the number 31 in YAML: quote it ("0x1f") to mean the text`},
		{"fraction", entry("FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 1.5"),
			`f.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions: 1.5: must be a whole number written in decimal digits, such as 10`},
		{"quoted amount", entry(`FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: "5"`),
			`f.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions: "5": must be a whole number written in decimal digits, such as 10`},
		{"octal amount", entry("FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: 010"),
			`f.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions: 010: must be a whole number written in decimal digits, such as 10`},
		{"trigger amount", "Configs:\n  - Cloud: tencent\n    Region: ap-guangzhou\n    FunctionName: orders\n    Qualifier: \"1\"\n    ProvisionedConcurrentExecutions: 5\n    TriggerActions:\n      - {TriggerName: am, TriggerProvisionedConcurrencyNum: 2.5, TriggerCronConfig: \"0 30 8 * * * *\"}\n",
			`f.yaml:8: Configs[0] (orders:1): TriggerActions[0].TriggerProvisionedConcurrencyNum: 2.5: must be a whole number written in decimal digits, such as 10`},
		{"quoted target", "Configs:\n  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: orders, Qualifier: \"1\", ProvisionedConcurrentExecutions: 0, ProvisionedType: ConcurrencyUtilizationTracking, TrackingTarget: \"0.5\", MinCapacity: 1, MaxCapacity: 2}\n",
			`f.yaml:2: Configs[0] (orders:1): TrackingTarget: "0.5": must be a number, not quoted`},
		{"scope", "Configs: []\nPrune:\n  - {Cloud: aws, Region: us-east-1, FunctionName: 0x1f}\n",
			`f.yaml:3: Prune[0] (0x1f): FunctionName: 0x1f reads as the number 31 in YAML: quote it ("0x1f") to mean the text`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fleet.Parse("f.yaml", []byte(tc.src))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if !errors.Is(err, fleet.ErrInvalidDesired) || err.Error() != tc.want {
				t.Errorf("error:\n got %v\nwant %s", err, tc.want)
			}
		})
	}
	// Unquoted numbers that read back as written are kept.
	d, err := fleet.Parse("f.json", []byte(`{"Configs": [{"Cloud": "aws", "Region": "us-east-1", "FunctionName": "api", "Qualifier": 3, "ProvisionedConcurrentExecutions": 5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if e := d.Configs[0]; e.Qualifier != "3" || e.ProvisionedConcurrentExecutions != 5 {
		t.Errorf("read %+v", e)
	}
}

// TestParseChecksAnAliasWhereItIsUsed: an alias's value is checked
// against the key where the alias stands, not only under its anchor's key:
// Qualifier: &q "010" is text, but ProvisionedConcurrentExecutions: *q was
// read as 10 without an error. A tag an anchor holds is seen through the
// alias too, where the YAML library's decoder crashed on it under a list
// key.
func TestParseChecksAnAliasWhereItIsUsed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, src, want string }{
		{"text as an amount", "Configs:\n  - Cloud: aws\n    Region: us-east-1\n    FunctionName: api\n    Qualifier: &q \"010\"\n    ProvisionedConcurrentExecutions: *q\n",
			`f.yaml:6: Configs[0] (api:010): ProvisionedConcurrentExecutions: "010": must be a whole number written in decimal digits, such as 10`},
		{"across entries", "Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: &q \"010\", ProvisionedConcurrentExecutions: 1}\n" +
			"  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live,\n     ProvisionedConcurrentExecutions: *q}\n",
			`f.yaml:4: Configs[1] (api:live): ProvisionedConcurrentExecutions: "010": must be a whole number written in decimal digits, such as 10`},
		{"a number as text", "Configs:\n  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: orders, ProvisionedType: ConcurrencyUtilizationTracking, TrackingTarget: &t 0.50,\n" +
			"     Qualifier: *t, ProvisionedConcurrentExecutions: 0, MinCapacity: 1, MaxCapacity: 2}\n",
			`f.yaml:3: Configs[0] (orders:0.50): Qualifier: 0.50 reads as the number 0.5 in YAML: quote it ("0.50") to mean the text`},
		{"a tagged null as a list", "Configs:\n  - Cloud: tencent\n    Region: ap-guangzhou\n    Namespace: &n !!null ~\n    TriggerActions: *n\n",
			`f.yaml:5: Configs[0]: TriggerActions: must be a list`},
		{"names from a merge and an alias", "Configs:\n  - &base {Cloud: aws, Region: us-east-1, FunctionName: &f api, Qualifier: live, ProvisionedConcurrentExecutions: 1}\n" +
			"  - {<<: *base, Qualifier: blue, ProvisionedConcurrentExecutions: 1.5}\n" +
			"  - {Cloud: aws, Region: us-east-1, FunctionName: *f, Qualifier: !!str 0x10, ProvisionedConcurrentExecutions: 010}\n",
			"f.yaml:3: Configs[1] (api:blue): ProvisionedConcurrentExecutions: 1.5: must be a whole number written in decimal digits, such as 10\n" +
				"f.yaml:4: Configs[2] (api:0x10): ProvisionedConcurrentExecutions: 010: must be a whole number written in decimal digits, such as 10"},
		{"an alias without its anchor", "Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: *nope}\n",
			`f.yaml:2: Configs[0] (api:live): could not find alias "nope"`},
		{"a tag as schedules", "Configs:\n  - Cloud: aws\n    Region: &n ! 0\n    Scaling:\n      Schedules: *n\n",
			`f.yaml:5: Configs[0]: Scaling.Schedules: must be a list`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Parse panicked: %v", r)
				}
			}()
			_, err := fleet.Parse("f.yaml", []byte(tc.src))
			if !errors.Is(err, fleet.ErrInvalidDesired) || !strings.Contains(fmt.Sprint(err), tc.want) {
				t.Errorf("error:\n got %v\nwant %s", err, tc.want)
			}
		})
	}
	// An alias whose value suits the key where it stands is read.
	d := mustParse(t, "f.yaml", "Configs:\n  - {Cloud: aws, Region: &r us-east-1, FunctionName: api, Qualifier: &q \"010\", ProvisionedConcurrentExecutions: &n 5}\n"+
		"  - {Cloud: aws, Region: *r, FunctionName: web, Qualifier: *q, ProvisionedConcurrentExecutions: *n}\n")
	if e := d.Configs[1]; e.Region != "us-east-1" || e.Qualifier != "010" || e.ProvisionedConcurrentExecutions != 5 {
		t.Errorf("read %+v", e)
	}
}

// TestParseTakesExplicitText: a value tagged !!str is text, as YAML
// says, so a text key takes it as written (Qualifier: !!str 0x10 is the
// alias 0x10, which the decoder read as 16 and the check refused); a
// number key refuses it as it refuses a quoted number.
func TestParseTakesExplicitText(t *testing.T) {
	t.Parallel()
	d := mustParse(t, "f.yaml", "Configs:\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: !!str 0x10, ProvisionedConcurrentExecutions: 1}\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: !!str 0x1f, Qualifier: &q !!str 010, ProvisionedConcurrentExecutions: 1}\n"+
		"  - Cloud: aws\n    Region: us-east-1\n    FunctionName: web\n    Qualifier: !<tag:yaml.org,2002:str> 1e3\n    ProvisionedConcurrentExecutions: 1\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: web, Qualifier: ! 0x20, ProvisionedConcurrentExecutions: 1}\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: app, Qualifier: *q, ProvisionedConcurrentExecutions: 1}\n"+
		// The tag before the anchor: the decoder read 0x30 as 48.
		"  - {Cloud: aws, Region: us-east-1, FunctionName: app, Qualifier: !!str &t 0x30, ProvisionedConcurrentExecutions: 1}\n"+
		"Prune:\n  - {Cloud: aws, Region: us-east-1, FunctionName: !!str 1_000}\n")
	var got []string
	for _, e := range d.Configs {
		got = append(got, e.FunctionName+":"+e.Qualifier)
	}
	if want := "[api:0x10 0x1f:010 web:1e3 web:0x20 app:010 app:0x30]"; fmt.Sprint(got) != want {
		t.Errorf("read %v, want %s", got, want)
	}
	if d.Prune[0].FunctionName != "1_000" {
		t.Errorf("read scope %q, want 1_000", d.Prune[0].FunctionName)
	}
	d = mustParse(t, "f.yaml", "Configs:\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: !!str &t 0x30, ProvisionedConcurrentExecutions: 1}\n"+
		"  - {Cloud: aws, Region: us-east-1, FunctionName: web, Qualifier: *t, ProvisionedConcurrentExecutions: 1}\n")
	if q := d.Configs[1].Qualifier; q != "0x30" {
		t.Errorf("read the alias of !!str &t 0x30 as %q, want 0x30", q)
	}
	for _, tc := range []struct{ src, want string }{
		{"Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: !!str 10}\n",
			`f.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions: !!str 10: must be a whole number written in decimal digits, such as 10`},
		{"Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: live, ProvisionedConcurrentExecutions: ! 10}\n",
			`f.yaml:2: Configs[0] (api:live): ProvisionedConcurrentExecutions: ! 10: must be a whole number written in decimal digits, such as 10`},
		// An alias of a node tagged before its anchor is text too.
		{"Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: !!str &t 10, ProvisionedConcurrentExecutions: 1}\n" +
			"  - {Cloud: aws, Region: us-east-1, FunctionName: web, Qualifier: live, ProvisionedConcurrentExecutions: *t}\n",
			`f.yaml:3: Configs[1] (web:live): ProvisionedConcurrentExecutions: !!str 10: must be a whole number written in decimal digits, such as 10`},
		{"Configs:\n  - {Cloud: tencent, Region: ap-guangzhou, FunctionName: orders, Qualifier: \"1\", ProvisionedConcurrentExecutions: 0, ProvisionedType: ConcurrencyUtilizationTracking, TrackingTarget: !!str 0.5, MinCapacity: 1, MaxCapacity: 2}\n",
			`f.yaml:2: Configs[0] (orders:1): TrackingTarget: !!str 0.5: must be a number, not text`},
	} {
		_, err := fleet.Parse("f.yaml", []byte(tc.src))
		if !errors.Is(err, fleet.ErrInvalidDesired) || !strings.Contains(fmt.Sprint(err), tc.want) {
			t.Errorf("error:\n got %v\nwant %s", err, tc.want)
		}
	}
}

// TestParseRefusesLatestOnAWS: Lambda refuses provisioned concurrency on
// $LATEST (the emulator answers Get with InvalidParameterValueException,
// "The function resource provided must be an alias or a published
// version."), so an entry for it planned a create that every apply failed.
// The file refuses it, naming the field, as it does on SCF.
func TestParseRefusesLatestOnAWS(t *testing.T) {
	t.Parallel()
	_, err := fleet.Parse("f.yaml", []byte("Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: api, Qualifier: $LATEST, ProvisionedConcurrentExecutions: 1}\n"))
	want := `f.yaml:2: Configs[0] (api:$LATEST): Qualifier: "$LATEST": must be an alias or a published version: $LATEST cannot take provisioned concurrency`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

// TestEntryErrorClipsTheEntryName: an error echoes a value at most 160
// bytes long (redact.Clip); the entry's "function:qualifier" was echoed
// whole, a megabyte name a megabyte line.
func TestEntryErrorClipsTheEntryName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 1<<20)
	_, err := fleet.Parse("f.yaml", []byte("Configs:\n  - {Cloud: aws, Region: us-east-1, FunctionName: "+long+", Qualifier: live, ProvisionedConcurrentExecutions: 1}\nPrune:\n  - {Cloud: aws, Region: us-east-1, FunctionName: "+long+"}\n"))
	if err == nil {
		t.Fatal("Parse accepted it")
	}
	_, err2 := fleet.Parse("f.yaml", []byte(long+": 1\n"))
	if err2 == nil {
		t.Fatal("Parse accepted an unknown key")
	}
	for _, line := range strings.Split(err.Error()+"\n"+err2.Error(), "\n") {
		if len(line) > 1000 {
			t.Errorf("error line of %d bytes: %.300s…", len(line), line)
		}
	}
}

// TestParseNeverPanics: a file is the user's to write, and Parse answers
// every one with a desired state or an error. An empty document after
// "---" (a trailing separator, as templates and concatenated files leave)
// had no token for its line, and a tag on anything but a list where a
// list is wanted ("Configs: !", "TriggerActions: !!null ~", "Schedules:
// ! 0") crashed the YAML library's decoder.
func TestParseNeverPanics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"Configs: []\n---\n", "f.yaml:2: holds more than one document"},
		{"Configs: []\n...\n---\n", "f.yaml:3: holds more than one document"},
		{"a\n---\n", "f.yaml:1: must be a mapping with Configs (and optionally Prune)"},
		{"Configs: ! ", "f.yaml:1: Configs: must be a list"},
		{"Prune: !!null ~", "f.yaml:1: Prune: must be a list"},
		{"Configs: &c !!seq ", "f.yaml:1: Configs: must be a list"},
		{"Configs: !x 0", "f.yaml:1: Configs: must be a list"},
		{"Configs:\n  - Cloud: aws\n    TriggerActions: !\n", "f.yaml:3: Configs[0]: TriggerActions: must be a list"},
		{"Configs:\n  - Cloud: aws\n    Scaling:\n      Schedules: ! 0\n", "f.yaml:4: Configs[0]: Scaling.Schedules: must be a list"},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Parse(%q) panicked: %v", tc.src, r)
				}
			}()
			_, err := fleet.Parse("f.yaml", []byte(tc.src))
			if err == nil || !errors.Is(err, fleet.ErrInvalidDesired) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tc.src, err, tc.want)
			}
		}()
	}
}
