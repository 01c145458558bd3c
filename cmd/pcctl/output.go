// This file prints results: an aligned table for people, or JSON with
// stable lower_snake_case keys for scripts.

package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/provconc/provconc"
)

// tableHeader is the header row of every table.
const tableHeader = "FUNCTION\tQUALIFIER\tSTATUS\tREQUESTED\tALLOCATED\tAVAILABLE\tLAST MODIFIED\tREASON"

// jsonConfig is a config in JSON output. The keys are a contract with
// scripts: add keys, never rename or remove one.
type jsonConfig struct {
	FunctionName string `json:"function_name"`
	Qualifier    string `json:"qualifier"`
	// FunctionARN is "" when the provider gives none.
	FunctionARN  string `json:"function_arn"`
	Requested    int    `json:"requested"`
	Allocated    int    `json:"allocated"`
	Available    int    `json:"available"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	// LastModified is RFC 3339 in UTC, or null when the provider does not
	// report it.
	LastModified *string `json:"last_modified"`
}

// jsonList is the JSON output of list.
type jsonList struct {
	Configs []jsonConfig `json:"configs"`
}

// jsonDeleted is the JSON output of delete.
type jsonDeleted struct {
	FunctionName string `json:"function_name"`
	Qualifier    string `json:"qualifier"`
	Deleted      bool   `json:"deleted"`
}

func toJSON(c provconc.Config) jsonConfig {
	j := jsonConfig{
		FunctionName: c.FunctionName,
		Qualifier:    c.Qualifier,
		FunctionARN:  c.FunctionARN,
		Requested:    c.Requested,
		Allocated:    c.Allocated,
		Available:    c.Available,
		Status:       string(c.Status),
		StatusReason: c.StatusReason,
	}
	if !c.LastModified.IsZero() {
		s := formatTime(c.LastModified)
		j.LastModified = &s
	}
	return j
}

// formatTime writes t in RFC 3339, UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// printConfig prints one config.
func (a *app) printConfig(c provconc.Config) error {
	if a.set.output == outputJSON {
		return a.writeJSON(toJSON(c))
	}
	return a.writeTable([]provconc.Config{c})
}

// printList prints the configs of a function. An empty table says so on
// stderr rather than print a lone header.
func (a *app) printList(function string, cfgs []provconc.Config) error {
	if a.set.output == outputJSON {
		out := jsonList{Configs: make([]jsonConfig, len(cfgs))}
		for i, c := range cfgs {
			out.Configs[i] = toJSON(c)
		}
		return a.writeJSON(out)
	}
	if len(cfgs) == 0 {
		fmt.Fprintf(a.stderr, "pcctl: %s has no provisioned concurrency configs\n", oneLine(function))
		return nil
	}
	return a.writeTable(cfgs)
}

// printDeleted reports a removed config.
func (a *app) printDeleted(name, qualifier string) error {
	if a.set.output == outputJSON {
		return a.writeJSON(jsonDeleted{FunctionName: name, Qualifier: qualifier, Deleted: true})
	}
	_, err := fmt.Fprintf(a.stdout, "Deleted the provisioned concurrency config of %s\n", oneLine(label(name, qualifier)))
	return err
}

func (a *app) writeJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeTable prints configs as aligned columns. Empty cells show "-", so
// that every row has as many words as the header has columns.
func (a *app) writeTable(cfgs []provconc.Config) error {
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

// cell makes a service-provided string safe for one table cell.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}
