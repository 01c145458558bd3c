// This file prints documents (the JSON-shaped values a command answers,
// after --query) the way the aws CLI and tccli do: JSON as Python's
// json.dumps(indent=N, ensure_ascii=False) writes it, text as awscli/text.py
// and YAML as the aws CLI's safe dumper (yamlout.go). Tables
// are in awstable.go.
//
// A document is built of map[string]any, []any, string, float64, bool and
// nil, the values JMESPath works on. Go maps have no order, so the order of
// an object's keys comes from a keyOrder: the service model's order, or the
// order a --query multiselect hash wrote them in.

package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// keyOrder sorts the keys of a document's objects as the reference tool
// prints them.
type keyOrder struct {
	// rank is the model order of known keys; keys not in it follow, sorted.
	rank map[string]int
	// hashes are the key lists of the query's multiselect hashes: an object
	// with exactly these keys was built by one, and keeps its order.
	hashes [][]string
}

// keys returns the keys of m in printing order.
func (o *keyOrder) keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	for _, h := range o.hashes {
		if len(h) == len(ks) && containsAll(m, h) {
			return slices.Clone(h)
		}
	}
	slices.SortFunc(ks, func(a, b string) int {
		ra, okA := o.rank[a]
		rb, okB := o.rank[b]
		switch {
		case okA && okB:
			return ra - rb
		case okA:
			return -1
		case okB:
			return 1
		}
		return strings.Compare(a, b)
	})
	return ks
}

func containsAll(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// writePythonJSON writes v as json.dumps(v, indent=indent,
// ensure_ascii=False) does, followed by a newline.
func writePythonJSON(w io.Writer, v any, indent int, order *keyOrder) error {
	var b strings.Builder
	appendPythonJSON(&b, v, indent, 0, order)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

func appendPythonJSON(b *strings.Builder, v any, indent, depth int, order *keyOrder) {
	newline := func(d int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", indent*d))
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case float64:
		b.WriteString(pythonNumber(v))
	case string:
		appendPythonString(b, v)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			appendPythonJSON(b, e, indent, depth+1, order)
		}
		newline(depth)
		b.WriteByte(']')
	case map[string]any:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range order.keys(v) {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			appendPythonString(b, k)
			b.WriteString(": ")
			appendPythonJSON(b, v[k], indent, depth+1, order)
		}
		newline(depth)
		b.WriteByte('}')
	default:
		// Documents hold only the types above; anything else is a bug, shown
		// rather than hidden.
		appendPythonString(b, fmt.Sprint(v))
	}
}

// appendPythonString quotes s as Python's json module does with
// ensure_ascii=False: only the quote, the backslash and control characters
// are escaped.
func appendPythonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// pythonNumber writes a number as Python prints it. The services send
// integers, which JMESPath carries as float64; an integral value prints
// as an integer, as Python prints the int it parsed.
func pythonNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e16:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	// Python's repr: positional between 1e-4 and 1e16, else exponent form
	// with at least two exponent digits.
	if exp := math.Floor(math.Log10(math.Abs(f))); exp < -4 || exp >= 16 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, e, _ := strings.Cut(s, "e")
		sign := e[0]
		digits := strings.TrimLeft(e[1:], "0")
		if len(digits) < 2 {
			digits = strings.Repeat("0", 2-len(digits)) + digits
		}
		return mant + "e" + string(sign) + digits
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// pythonStr is str(v) in Python, which the text and table formats print:
// True, False, None, numbers as above, and lists and objects as Python's
// repr writes them, objects' keys in order.
func pythonStr(v any, order *keyOrder) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		return pythonNumber(v)
	case string:
		return v
	}
	var b strings.Builder
	appendPythonRepr(&b, v, order)
	return b.String()
}

// appendPythonRepr writes repr(v): strings quoted, lists in brackets,
// objects in braces.
func appendPythonRepr(b *strings.Builder, v any, order *keyOrder) {
	switch v := v.(type) {
	case string:
		appendPythonStringRepr(b, v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			appendPythonRepr(b, e, order)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range order.keys(v) {
			if i > 0 {
				b.WriteString(", ")
			}
			appendPythonStringRepr(b, k)
			b.WriteString(": ")
			appendPythonRepr(b, v[k], order)
		}
		b.WriteByte('}')
	default:
		b.WriteString(pythonStr(v, order))
	}
}

// appendPythonStringRepr quotes s as Python's repr does: single quotes
// unless s holds one and no double quote.
func appendPythonStringRepr(b *strings.Builder, s string) {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
}

// writeText writes v in the aws CLI's text format (awscli/text.py): the
// scalars of an object on one tab-separated line, sorted by key, nested
// lists and objects on lines of their own headed by their key in capitals.
func writeText(w io.Writer, v any, order *keyOrder) error {
	t := textWriter{order: order}
	t.item(v, "", nil)
	_, err := io.WriteString(w, t.b.String())
	return err
}

// textWriter accumulates text output.
type textWriter struct {
	b     strings.Builder
	order *keyOrder
}

func (t *textWriter) str(v any) string { return pythonStr(v, t.order) }

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

// textItem formats one value; identifier is the key it sits under ("" at
// the top), scalarKeys the columns shared by the objects of one list.
func (t *textWriter) item(v any, identifier string, scalarKeys []string) {
	b := &t.b
	switch v := v.(type) {
	case map[string]any:
		t.object(v, identifier, scalarKeys)
	case []any:
		t.list(v, identifier)
	default:
		b.WriteString(t.str(v))
		b.WriteByte('\n')
	}
}

func (t *textWriter) list(list []any, identifier string) {
	if len(list) == 0 {
		return
	}
	hasObject, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case map[string]any:
			hasObject = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasObject:
		// The columns are every scalar key of every object, sorted, so the
		// lines of one list align.
		seen := map[string]bool{}
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				for k, val := range m {
					if isScalar(val) {
						seen[k] = true
					}
				}
			}
		}
		keys := make([]string, 0, len(seen))
		for k := range seen {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, e := range list {
			t.item(e, identifier, keys)
		}
	case hasList:
		var scalars, others []any
		for _, e := range list {
			if isScalar(e) {
				scalars = append(scalars, e)
			} else {
				others = append(others, e)
			}
		}
		if len(scalars) > 0 {
			t.scalars(scalars, identifier)
		}
		for _, e := range others {
			t.item(e, identifier, nil)
		}
	default:
		t.scalars(list, identifier)
	}
}

func (t *textWriter) scalars(list []any, identifier string) {
	b := &t.b
	if identifier != "" {
		for _, e := range list {
			b.WriteString(strings.ToUpper(identifier) + "\t" + t.str(e) + "\n")
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = t.str(e)
	}
	b.WriteString(strings.Join(parts, "\t") + "\n")
}

func (t *textWriter) object(m map[string]any, identifier string, scalarKeys []string) {
	b := &t.b
	var scalars []string
	type nested struct {
		key string
		v   any
	}
	var others []nested
	if scalarKeys == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if isScalar(m[k]) {
				scalars = append(scalars, t.str(m[k]))
			} else {
				others = append(others, nested{k, m[k]})
			}
		}
	} else {
		shared := map[string]bool{}
		for _, k := range scalarKeys {
			shared[k] = true
			val, ok := m[k]
			if !ok {
				scalars = append(scalars, "")
				continue
			}
			scalars = append(scalars, t.str(val))
		}
		var rest []string
		for k := range m {
			if !shared[k] {
				rest = append(rest, k)
			}
		}
		slices.Sort(rest)
		for _, k := range rest {
			others = append(others, nested{k, m[k]})
		}
	}
	if len(scalars) > 0 {
		if identifier != "" {
			scalars = append([]string{strings.ToUpper(identifier)}, scalars...)
		}
		b.WriteString(strings.Join(scalars, "\t") + "\n")
	}
	for _, n := range others {
		t.item(n.v, n.key, nil)
	}
}

// writeYAML writes v as the aws CLI's YAML output does: a scalar as JSON on
// one line, anything else as ruamel's safe dumper writes it (yamlout.go).
func writeYAML(w io.Writer, v any) error {
	if isScalar(v) {
		var b strings.Builder
		appendPythonJSON(&b, v, 0, 0, &keyOrder{})
		b.WriteByte('\n')
		_, err := io.WriteString(w, b.String())
		return err
	}
	_, err := io.WriteString(w, writeYAMLBlock(v))
	return err
}
