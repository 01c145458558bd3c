// This file applies --query: a JMESPath expression evaluated on the
// document before it is formatted, as the aws CLI and tccli do.
//
// The library is github.com/jmespath/go-jmespath, the Go port of the
// original JMESPath specification that the aws CLI's jmespath (1.0.1 in aws
// CLI 2.9.19) implements: it accepts the same language and refuses the same
// extensions (arithmetic, let, items(), ...), which the jmespath-community
// edition accepts, so a query that works with pcctl works with aws. One
// difference remains: jmespath 1.0.1 orders strings with < and >, which
// neither Go library does (they answer null, like the specification).
//
// jmespath.py also still accepts the literals of JEP-12's deprecation
// period, which scripts written for the aws CLI use: a backtick literal
// that is not valid JSON is read as a string (`READY` for "READY").
// go-jmespath refuses them, so legacyLiterals rewrites them as JSON before
// compiling.

package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/jmespath/go-jmespath"
)

// query is a compiled --query expression.
type query struct {
	expr   string
	jp     *jmespath.JMESPath
	hashes [][]string // key lists of its multiselect hashes, in order
	// unordered is set when the expression calls keys() or values() or
	// projects an object's values (*): lists whose order go-jmespath takes
	// from a Go map, at random.
	unordered bool
	// sorts is set when it also calls sort or sort_by, which order lists
	// on purpose.
	sorts bool
}

// compileQuery compiles expr; "" gives nil, no query. A bad expression is
// a usage error, as in the aws CLI.
func compileQuery(expr string) (*query, error) {
	if expr == "" {
		return nil, nil
	}
	jp, err := jmespath.Compile(legacyLiterals(expr))
	if err != nil {
		return nil, globalUsagef("bad value for --query %s: %s", expr, oneLine(err.Error()))
	}
	unordered, sorts, reverses := mapOrderUses(expr)
	// After reverse() the order go-jmespath gave is lost for good.
	unordered = unordered && !reverses
	return &query{expr: expr, jp: jp, hashes: multiselectKeys(expr), unordered: unordered, sorts: sorts}, nil
}

// legacyLiterals rewrites each backtick literal of expr that is not valid
// JSON as jmespath.py reads it: its text, leading spaces removed, as a JSON
// string (`READY` becomes `"READY"`), when that is valid JSON. Quoted
// identifiers and raw strings are skipped whole, so a backtick inside them
// is left alone; anything else is left as written, for the library to
// accept or refuse.
func legacyLiterals(expr string) string {
	var b strings.Builder
	rest := 0 // expr[rest:i] is yet to be written
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		if c != '\'' && c != '"' && c != '`' {
			continue
		}
		end := closingQuote(expr, i)
		if c == '`' && end-1 > i && expr[end-1] == '`' {
			// As both lexers do: an escaped backtick is a backtick.
			value := strings.ReplaceAll(expr[i+1:end-1], "\\`", "`")
			if !json.Valid([]byte(value)) {
				str := `"` + strings.TrimLeftFunc(value, unicode.IsSpace) + `"`
				if json.Valid([]byte(str)) {
					b.WriteString(expr[rest:i])
					b.WriteString("`" + strings.ReplaceAll(str, "`", "\\`") + "`")
					rest = end
				}
			}
		}
		i = end - 1
	}
	if rest == 0 {
		return expr
	}
	b.WriteString(expr[rest:])
	return b.String()
}

// search evaluates the query on doc. A library panic, on an expression or
// document it did not foresee, is an error, not a crash. With an order,
// the lists keys(), values() and * built from doc's objects are put back
// in that order (see sourceOrder).
func (q *query) search(doc any, order *keyOrder) (out any, err error) {
	if q == nil {
		return doc, nil
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, globalUsagef("evaluating --query %s: %v", q.expr, r)
		}
	}()
	out, err = q.jp.Search(doc)
	if err != nil {
		return nil, globalUsagef("evaluating --query %s: %s", q.expr, oneLine(err.Error()))
	}
	if order != nil && q.unordered {
		out = sourceOrder(doc, out, order, q.sorts)
	}
	return out, nil
}

// multiselectKeys returns the key lists of the multiselect hashes
// ({Key: expr, ...}) in expr, each in the order written, so that the
// objects they build print in that order as Python's dicts keep it. It
// scans tokens, skipping literals and quoted strings; a key is an
// identifier followed by ':' directly inside a '{'.
func multiselectKeys(expr string) [][]string {
	type frame struct {
		open byte
		keys []string
	}
	var (
		stack  []frame
		hashes [][]string
		last   string // the last identifier, when it is the last token
	)
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\'' || c == '`' || c == '"':
			end := closingQuote(expr, i)
			if c == '"' {
				last = unquoteIdentifier(expr[i:end])
			} else {
				last = ""
			}
			i = end - 1
			continue
		case isIdentStart(c):
			j := i
			for j < len(expr) && isIdentPart(expr[j]) {
				j++
			}
			last = expr[i:j]
			i = j - 1
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '{' || c == '[' || c == '(':
			stack = append(stack, frame{open: c})
		case c == '}' || c == ']' || c == ')':
			if n := len(stack); n > 0 {
				if top := stack[n-1]; top.open == '{' && len(top.keys) > 0 {
					hashes = append(hashes, top.keys)
				}
				stack = stack[:n-1]
			}
		case c == ':':
			if n := len(stack); n > 0 && stack[n-1].open == '{' && last != "" {
				stack[n-1].keys = append(stack[n-1].keys, last)
			}
		}
		last = ""
	}
	return hashes
}

// closingQuote returns the index just past the quoted token opening at i,
// honouring backslash escapes.
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(s)
}

// unquoteIdentifier turns a quoted identifier ("a b") into its name.
func unquoteIdentifier(tok string) string {
	var s string
	if _, err := fmt.Sscanf(tok, "%q", &s); err != nil {
		return strings.Trim(tok, `"`)
	}
	return s
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }
