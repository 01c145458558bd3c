package main

import (
	"encoding/json"
	"testing"
)

// TestQueryKeepsObjectOrder runs each expression many times: go-jmespath
// walks Go maps in a new order each time, and every run must give the
// order jmespath.py gives (the model's, as botocore builds the answer).
func TestQueryKeepsObjectOrder(t *testing.T) {
	cfg := func(arn string, n float64) map[string]any {
		return map[string]any{"FunctionArn": arn, "RequestedProvisionedConcurrentExecutions": n,
			"AvailableProvisionedConcurrentExecutions": n, "AllocatedProvisionedConcurrentExecutions": 0.0,
			"Status": "READY", "LastModified": "2026-12-02T00:00:00+0000", "Zeta": "extra"}
	}
	doc := map[string]any{"ProvisionedConcurrencyConfigs": []any{cfg("a:1", 1), cfg("a:2", 2)}, "NextToken": "t"}
	keys := `["FunctionArn","RequestedProvisionedConcurrentExecutions","AvailableProvisionedConcurrentExecutions",` +
		`"AllocatedProvisionedConcurrentExecutions","Status","LastModified","Zeta"]`
	cases := map[string]string{
		"ProvisionedConcurrencyConfigs[0].keys(@)":             keys,
		"ProvisionedConcurrencyConfigs[].keys(@)":              "[" + keys + "," + keys + "]",
		"ProvisionedConcurrencyConfigs[1].values(@)":           `["a:2",2,2,0,"READY","2026-12-02T00:00:00+0000","extra"]`,
		"ProvisionedConcurrencyConfigs[0].*":                   `["a:1",1,1,0,"READY","2026-12-02T00:00:00+0000","extra"]`,
		"keys(@)":                                              `["ProvisionedConcurrencyConfigs","NextToken"]`,
		"*[1].FunctionArn":                                     `["a:2"]`,
		"{Z: NextToken, A: NextToken, M: NextToken} | keys(@)": `["Z","A","M"]`,
		"sort(ProvisionedConcurrencyConfigs[0].keys(@))": `["AllocatedProvisionedConcurrentExecutions",` +
			`"AvailableProvisionedConcurrentExecutions","FunctionArn","LastModified",` +
			`"RequestedProvisionedConcurrentExecutions","Status","Zeta"]`,
		// A multiselect list is the order written, even when it lists
		// every member.
		"[NextToken, ProvisionedConcurrencyConfigs[0].Status]": `["t","READY"]`,
	}
	order := &keyOrder{rank: lambdaOrder}
	for expr, want := range cases {
		q, err := compileQuery(expr)
		if err != nil {
			t.Fatalf("compileQuery(%q): %v", expr, err)
		}
		order.hashes = q.hashes
		for range 30 {
			v, err := q.search(doc, order)
			if err != nil {
				t.Fatalf("search(%q): %v", expr, err)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("%s gave %s, jmespath.py %s", expr, got, want)
				break
			}
		}
	}
	// The document is the query's input, not its scratch space.
	if got, _ := json.Marshal(doc["ProvisionedConcurrencyConfigs"].([]any)[0]); string(got) != `{"AllocatedProvisionedConcurrentExecutions":0,`+
		`"AvailableProvisionedConcurrentExecutions":1,"FunctionArn":"a:1","LastModified":"2026-12-02T00:00:00+0000",`+
		`"RequestedProvisionedConcurrentExecutions":1,"Status":"READY","Zeta":"extra"}` {
		t.Errorf("the document changed: %s", got)
	}
}

func TestMapOrderUses(t *testing.T) {
	type uses struct{ unordered, sorts, reverses bool }
	cases := map[string]uses{
		"keys(@)":                 {unordered: true},
		"values (@)":              {unordered: true},
		"a.*":                     {unordered: true},
		"*.b":                     {unordered: true},
		"a[*].b":                  {},
		"a[ * ]":                  {},
		"'keys(@)'":               {},
		"\"values\"":              {},
		"`\"*\"`":                 {},
		"keys":                    {},
		"sort(keys(@))":           {unordered: true, sorts: true},
		"sort_by(a, &b)":          {sorts: true},
		"reverse(values(@))":      {unordered: true, reverses: true},
		"a[?b == 'x*'].keys(@)":   {unordered: true},
		"{k: keys(@)}.k | [0]":    {unordered: true},
		"a[?\"keys\"(@)]":         {},
		"length(a) > `1` && a[*]": {},
	}
	for expr, want := range cases {
		var got uses
		got.unordered, got.sorts, got.reverses = mapOrderUses(expr)
		if got != want {
			t.Errorf("mapOrderUses(%q) = %+v, want %+v", expr, got, want)
		}
	}
}
