// These tests pin the pieces of the reference tools' formats that the
// golden tests reach only in part: Python's JSON and repr, the text
// format's columns, the YAML scalar rule, the multiselect key order, the
// NextToken encoding, flag suggestions and the progress line's width.

package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

func TestPythonJSON(t *testing.T) {
	order := &keyOrder{rank: map[string]int{"b": 0, "a": 1}}
	doc := map[string]any{
		"a": "é <&> \u2028 \x01 \t \" \\",
		"b": []any{1.0, 0.75, 1e-05, 1e16, -3.0, true, nil, []any{}, map[string]any{}},
		"c": map[string]any{"z": 1.0, "y": 2.0},
	}
	var b strings.Builder
	if err := writePythonJSON(&b, doc, 4, order); err != nil {
		t.Fatal(err)
	}
	// json.dumps(doc, indent=4, ensure_ascii=False), keys in model order
	// then sorted.
	want := `{
    "b": [
        1,
        0.75,
        1e-05,
        1e+16,
        -3,
        true,
        null,
        [],
        {}
    ],
    "a": "é <&> ` + "\u2028" + ` \u0001 \t \" \\",
    "c": {
        "y": 2,
        "z": 1
    }
}
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-json.dumps +pcctl):\n%s", diff)
	}
}

func TestPythonStrAndText(t *testing.T) {
	order := &keyOrder{rank: map[string]int{"Name": 0, "Value": 1}}
	for v, want := range map[any]string{
		"x": "x", true: "True", false: "False", 2.0: "2", 2.5: "2.5",
	} {
		if got := pythonStr(v, order); got != want {
			t.Errorf("str(%v) = %q, want %q", v, got, want)
		}
	}
	if got := pythonStr(nil, order); got != "None" {
		t.Errorf("str(None) = %q", got)
	}
	nested := []any{map[string]any{"Value": "it's", "Name": `a"b'c`}, nil, 1.0}
	if got, want := pythonStr(nested, order), `[{'Name': 'a"b\'c', 'Value': "it's"}, None, 1]`; got != want {
		t.Errorf("repr = %s, want %s", got, want)
	}

	// The text format: an object's scalars sorted by key on one line; a
	// list of objects in columns shared by every object (missing: empty);
	// nested values under their key in capitals.
	doc := map[string]any{
		"Z": "last", "A": 1.0,
		"Items": []any{
			map[string]any{"K": "k1", "V": 1.0},
			map[string]any{"K": "k2", "W": true, "Tags": []any{"t1", "t2"}},
		},
		"Bare": []any{"x", "y"},
	}
	var b strings.Builder
	if err := writeText(&b, doc, order); err != nil {
		t.Fatal(err)
	}
	want := "1\tlast\n" +
		"BARE\tx\nBARE\ty\n" +
		"ITEMS\tk1\t1\t\n" +
		"ITEMS\tk2\t\tTrue\n" +
		"TAGS\tt1\nTAGS\tt2\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestYAMLScalarsAsJSON(t *testing.T) {
	for v, want := range map[any]string{"READY": "\"READY\"\n", 3.0: "3\n", true: "true\n"} {
		var b strings.Builder
		if err := writeYAML(&b, v); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("yaml of %v = %q, want %q", v, b.String(), want)
		}
	}
}

func TestMultiselectKeys(t *testing.T) {
	cases := map[string][][]string{
		"a[].{B: b, \"C d\": c, A: {Z: z, Y: y}}": {{"Z", "Y"}, {"B", "C d", "A"}},
		"[?x == '{no: hash}'].{Q: `{\"x\": 1}`}":  {{"Q"}},
		"a[1:2].{S: b[0:1]}":                      {{"S"}},
		"Status":                                  nil,
		"{Unclosed: a":                            nil,
	}
	for expr, want := range cases {
		if diff := cmp.Diff(want, multiselectKeys(expr)); diff != "" {
			t.Errorf("multiselectKeys(%q) (-want +got):\n%s", expr, diff)
		}
	}
}

func TestQueryKeepsHashOrder(t *testing.T) {
	q, err := compileQuery("{Wanted: n, Arn: arn, At: at}")
	if err != nil {
		t.Fatal(err)
	}
	v, err := q.search(map[string]any{"n": 1.0, "arn": "a", "at": "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := writePythonJSON(&b, v, 0, &keyOrder{rank: lambdaOrder, hashes: q.hashes}); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.ReplaceAll(b.String(), "\n", ""), `{"Wanted": 1,"Arn": "a","At": "t"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	for _, bad := range []string{"Status[[", "a + b"} {
		if _, err := compileQuery(bad); err == nil {
			t.Errorf("compileQuery(%q) accepted an expression the aws CLI refuses", bad)
		}
	}
	// A function of the jmespath-community edition only: unknown here, as
	// in the aws CLI, when evaluated.
	q, err = compileQuery("items(@)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.search(map[string]any{"a": 1.0}, nil); err == nil {
		t.Error("items(@) evaluated: the aws CLI knows no such function")
	}
}

// TestQueryLegacyLiterals checks the backtick literals of JEP-12's
// deprecation period, which jmespath.py (and so the aws CLI) reads as
// strings. The answers are jmespath.py 1.0.1's for the same expressions.
func TestQueryLegacyLiterals(t *testing.T) {
	doc := map[string]any{"a": []any{
		map[string]any{"S": "READY", "n": 1.0},
		map[string]any{"S": "IN_PROGRESS", "n": 2.0},
		map[string]any{"S": "a b", "n": 3.0},
		map[string]any{"S": "x`y", "n": 4.0},
		map[string]any{"S": "'q'", "n": 5.0},
		map[string]any{"S": "", "n": 6.0},
	}}
	cases := map[string]string{
		"a[?S==`READY`].n":     "[1]",
		"a[?S==` READY`].n":    "[1]", // leading spaces go, as with lstrip()
		"a[?S==`READY `].n":    "[]",  // trailing ones stay
		"a[?S==`\"READY\"`].n": "[1]", // valid JSON is left alone
		"a[?S==`a b`].n":       "[3]",
		"a[?S==`x\\`y`].n":     "[4]", // an escaped backtick
		"a[?S=='`READY`'].n":   "[]",  // inside a raw string: not a literal
		"a[?\"S\"==`READY`].n": "[1]",
		"a[?S==`'q'`].n":       "[5]",
		"a[?S==``].n":          "[6]",
		"a[?n==`2`].S":         `["IN_PROGRESS"]`,
		"`[1, 2]`":             "[1,2]",
	}
	for expr, want := range cases {
		q, err := compileQuery(expr)
		if err != nil {
			t.Errorf("compileQuery(%q): %v", expr, err)
			continue
		}
		v, err := q.search(doc, nil)
		if err != nil {
			t.Errorf("search(%q): %v", expr, err)
			continue
		}
		got, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s gave %s, jmespath.py %s", expr, got, want)
		}
	}
	// Neither JSON nor a string once quoted: refused, as jmespath.py does.
	if _, err := compileQuery("`READY\"x`"); err == nil {
		t.Error("compileQuery accepted `READY\"x`, which jmespath.py refuses")
	}
}

func TestNextToken(t *testing.T) {
	// The tokens the aws CLI 2.9.19 printed (testdata/awscli).
	if got := encodeNextToken("Marker", "", 1, true); got != "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==" {
		t.Errorf("first page cut after 1: %s", got)
	}
	if got := encodeNextToken("Marker", "m2", 0, false); got != "eyJNYXJrZXIiOiAibTIifQ==" {
		t.Errorf("page boundary at m2: %s", got)
	}
	for _, c := range []struct {
		marker string
		skip   int
		cut    bool
	}{{"", 3, true}, {"m9", 0, false}, {"mé\U0001F600", 2, true}} {
		marker, skip, err := decodeStartingToken("Marker", encodeNextToken("Marker", c.marker, c.skip, c.cut))
		if err != nil || marker != c.marker || skip != c.skip {
			t.Errorf("round trip of %+v: %q, %d, %v", c, marker, skip, err)
		}
	}
	for _, bad := range []string{"!!", "bm90IGpzb24=", "eyJGb28iOiAxfQ==", "eyJNYXJrZXIiOiAxfQ==", "e30="} {
		if _, _, err := decodeStartingToken("Marker", bad); err == nil {
			t.Errorf("decodeStartingToken(%q) accepted it", bad)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"fuction-name", "function-name", 1}, {"qualifer", "qualifier", 1}, {"lsit", "list", 2}, {"", "ab", 2}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestProgressFitsWidth(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, true, 40, "demo-api:live", stepClock())
	p.update(provconc.Config{FunctionName: "demo-api", Qualifier: "live", Requested: 10, Status: provconc.StatusInProgress})
	p.finish()
	for _, draw := range strings.Split(strings.Trim(out.String(), "\r\n"), "\r") {
		if n := utf8.RuneCountInString(draw); n > 39 {
			t.Errorf("draw %q is %d columns wide on a 40-column terminal", draw, n)
		}
		if !strings.HasSuffix(strings.TrimRight(draw, " "), "…") {
			t.Errorf("a cut draw does not end with an ellipsis: %q", draw)
		}
	}
	if got := fitWidth("short", 40); got != "short" {
		t.Errorf("fitWidth cut a short line: %q", got)
	}
}
