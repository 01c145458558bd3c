// This file prints results: the readable table of the short verbs, and the
// documents every command shares (the aws CLI's for AWS Lambda, tccli's
// for Tencent SCF) in json, text, table, yaml or yaml-stream, after --query.

package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/provconc/provconc"
)

// tableHeader is the header row of the short verbs' readable table.
const tableHeader = "FUNCTION\tQUALIFIER\tSTATUS\tREQUESTED\tALLOCATED\tAVAILABLE\tLAST MODIFIED\tREASON"

// answer is a result in the reference tools' terms.
type answer struct {
	// op names the operation: the title of the aws CLI's tables.
	op string
	// doc is the document: what the reference tool prints.
	doc any
	// tccli selects tccli's conventions over the aws CLI's.
	tccli bool
	// pages are, for a paginated aws List, each page's document: the aws
	// CLI's text output prints (and queries) page by page.
	pages []any
	// stream are, for a paginated aws List, the pages as botocore's
	// paginator yields them (every member of the answer, the items cut by
	// --starting-token and --max-items): what --output yaml-stream prints.
	stream []any
	// token is the NextToken a paginated aws List printed.
	token string
	// rank, when set, is the key order of the document's objects in place
	// of the Lambda or SCF model's.
	rank map[string]int
}

// order is the key order of the answer's objects.
func (a *app) order(ans *answer) *keyOrder {
	o := &keyOrder{rank: lambdaOrder}
	if ans.tccli {
		o.rank = scfOrder
	}
	if ans.rank != nil {
		o.rank = ans.rank
	}
	if a.query != nil {
		o.hashes = a.query.hashes
	}
	return o
}

// emit prints ans in format.
func (a *app) emit(ans *answer, format string) error {
	if format == outputText && ans.pages != nil && !ans.tccli {
		for _, page := range ans.pages {
			if err := a.emitText(page, ans); err != nil {
				return err
			}
		}
		if ans.token != "" {
			return a.emitText(map[string]any{"NextToken": map[string]any{"NextToken": ans.token}}, ans)
		}
		return nil
	}
	if format == outputYAMLStream {
		return a.emitYAMLStream(ans)
	}
	v, err := a.query.search(ans.doc, a.order(ans))
	if err != nil {
		return err
	}
	switch format {
	case outputText:
		return writeText(a.stdout, v, a.order(ans))
	case outputTable:
		title := ans.op
		if ans.tccli {
			title = "action" // tccli titles every table so
		}
		return writeAWSTable(a.stdout, title, v, terminalWidth(a.stdout), a.order(ans), ans.tccli)
	case outputYAML:
		if isEmptyObject(v) {
			return nil
		}
		return writeYAML(a.stdout, v)
	}
	if ans.tccli {
		// tccli prints a truthy answer with print() and then one more
		// newline.
		if isEmptyValue(v) {
			return nil
		}
		if err := writePythonJSON(a.stdout, v, 4, a.order(ans)); err != nil {
			return err
		}
		_, err := io.WriteString(a.stdout, "\n")
		return err
	}
	if isEmptyObject(v) {
		return nil // the aws CLI prints nothing for an empty answer (Delete)
	}
	return writePythonJSON(a.stdout, v, 4, a.order(ans))
}

// emitYAMLStream prints the aws CLI's yaml-stream output: a YAML list of
// the pages (one document for an answer that is not paged), each queried
// on its own. An empty answer (Delete) prints nothing, as with yaml.
func (a *app) emitYAMLStream(ans *answer) error {
	docs := ans.stream
	if docs == nil {
		docs = []any{ans.doc}
	}
	out := make([]any, 0, len(docs))
	for _, d := range docs {
		v, err := a.query.search(d, a.order(ans))
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	if len(out) == 1 && isEmptyObject(out[0]) {
		return nil
	}
	return writeYAML(a.stdout, out)
}

func (a *app) emitText(page any, ans *answer) error {
	order := a.order(&answer{rank: ans.rank})
	v, err := a.query.search(page, order)
	if err != nil {
		return err
	}
	return writeText(a.stdout, v, order)
}

func isEmptyObject(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 0
}

// printTable prints configs in the short verbs' readable table. Empty
// cells show "-", so that every row has as many words as the header has
// columns.
func (a *app) printTable(cfgs []provconc.Config) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, tableHeader)
	for _, c := range cfgs {
		modified := ""
		if !c.LastModified.IsZero() {
			modified = formatTime(c.LastModified)
		}
		fmt.Fprintln(tw, cell(c.FunctionName)+"\t"+cell(c.Qualifier)+"\t"+cell(string(c.Status))+"\t"+
			strconv.Itoa(c.Requested)+"\t"+strconv.Itoa(c.Allocated)+"\t"+strconv.Itoa(c.Available)+"\t"+
			cell(modified)+"\t"+cell(c.StatusReason))
	}
	return tw.Flush()
}

// formatTime writes t in RFC 3339, UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// cell makes a service-provided string safe for one table cell.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}
