// This file writes the aws CLI's --output yaml: what ruamel.yaml's safe
// dumper prints for a document. It resolves plain scalars by YAML 1.2
// (ruamel's resolver: "yes" and "12:30" are strings, "1e3", ".inf", "=",
// "<<" are not) and emits through libyaml (ruamel.yaml.clib's CEmitter):
// block style, unicode allowed, lines folded past 80 columns. go-yaml
// chooses scalar styles by YAML 1.1's rules and never folds, so the
// emitter is written here, following libyaml's analyze_scalar,
// select_scalar_style, write_plain, write_single_quoted and
// write_double_quoted, for the shapes documents have: block mappings with
// sorted keys, block sequences (not indented under a key), [] and {} for
// empty ones, and scalars.

package main

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// yamlBestWidth is libyaml's line width: a plain or quoted scalar breaks
// at a space once a line is past it.
const yamlBestWidth = 80

// yamlImplicit are the patterns of ruamel's YAML 1.2 resolver: a string
// that matches one would read back as another type (or as a merge key or
// the value indicator), so it cannot be written plain.
var yamlImplicit = regexp.MustCompile(`^(?:` +
	`true|True|TRUE|false|False|FALSE` + // bool
	`|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)` + // float
	`|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` +
	`|[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+` + // int
	`|<<|=|~|null|Null|NULL|` + // merge, value, null (the empty string too)
	`|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]` + // timestamp
	`|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?` +
	`)$`)

// yamlEmitter accumulates the output and the state ruamel's writers use.
type yamlEmitter struct {
	b      strings.Builder
	column int
	// whitespace is set when the last character written was a space or a
	// line break, so an indicator needs no space before it.
	whitespace bool
}

// writeYAMLBlock returns v, a list or an object, as ruamel's safe dumper
// writes it.
func writeYAMLBlock(v any) string {
	e := &yamlEmitter{whitespace: true}
	e.node(v, 0, false)
	if e.column != 0 {
		e.newline()
	}
	return e.b.String()
}

func (e *yamlEmitter) write(s string) {
	e.b.WriteString(s)
	e.column += utf8.RuneCountInString(s)
	if s != "" {
		e.whitespace = s[len(s)-1] == ' '
	}
}

func (e *yamlEmitter) newline() {
	e.b.WriteByte('\n')
	e.column = 0
	e.whitespace = true
}

// indent starts a line at indent, as libyaml's write_indent.
func (e *yamlEmitter) indent(indent int) {
	if e.column > indent || e.column > 0 && e.column == indent && !e.whitespace {
		e.newline()
	}
	if e.column < indent {
		e.write(strings.Repeat(" ", indent-e.column))
	}
	e.whitespace = true
}

// node writes v whose collection sits at indent; inline is set when the
// cursor is after "- " or "key:" already.
func (e *yamlEmitter) node(v any, indent int, inline bool) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			e.indicator("{}")
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 || !inline {
				e.indent(indent)
			}
			e.scalar(k, indent+2, true)
			e.write(":")
			switch val := v[k].(type) {
			case map[string]any:
				if len(val) > 0 {
					e.newline()
					e.node(val, indent+2, false)
					continue
				}
			case []any:
				if len(val) > 0 {
					e.newline() // a sequence under a key is not indented
					e.node(val, indent, false)
					continue
				}
			}
			e.node(v[k], indent, true)
		}
	case []any:
		if len(v) == 0 {
			e.indicator("[]")
			return
		}
		for i, item := range v {
			if i > 0 || !inline {
				e.indent(indent)
			}
			e.write("- ")
			e.whitespace = true
			switch item.(type) {
			case map[string]any, []any:
				e.node(item, indent+2, true)
			default:
				e.node(item, indent, true)
			}
		}
	default:
		e.scalar(v, indent+2, false)
	}
}

// indicator writes a flow indicator, a space before it when needed.
func (e *yamlEmitter) indicator(s string) {
	if !e.whitespace {
		e.write(" ")
	}
	e.write(s)
}

// scalar writes a scalar whose continuation lines are at indent; key is
// set for a mapping key (a simple key: never folded).
func (e *yamlEmitter) scalar(v any, indent int, key bool) {
	var s string
	switch v := v.(type) {
	case nil:
		s = "null"
	case bool:
		s = strconv.FormatBool(v)
	case float64:
		switch {
		case math.IsInf(v, 1):
			s = ".inf"
		case math.IsInf(v, -1):
			s = "-.inf"
		case math.IsNaN(v):
			s = ".nan"
		default:
			s = pythonNumber(v)
		}
	case string:
		e.str(v, indent, key)
		return
	default:
		s = fmt.Sprint(v)
	}
	e.indicator("")
	e.write(s)
}

// yamlAnalysis is what libyaml's analyze_scalar finds out about a string.
type yamlAnalysis struct {
	empty, multiline         bool
	allowBlockPlain, allowSQ bool
}

func isYAMLBreak(r rune) bool { return r == '\n' || r == '\x85' || r == '\u2028' || r == '\u2029' }

func isYAMLSpaceOrBreak(r rune) bool {
	return r == 0 || r == ' ' || r == '\t' || r == '\r' || isYAMLBreak(r)
}

// yamlPrintable is libyaml's test of a character it may write as it is
// (with unicode allowed): outside the Basic Multilingual Plane nothing is.
func yamlPrintable(r rune) bool {
	return r == '\n' || (r >= 0x20 && r <= 0x7e) || (r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd && r != 0xfeff)
}

func analyzeYAMLScalar(s string) yamlAnalysis {
	if s == "" {
		return yamlAnalysis{empty: true, allowBlockPlain: true, allowSQ: true}
	}
	rs := []rune(s)
	var blockIndicators, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators = true
	}
	precededByWhitespace := true
	followedByWhitespace := len(rs) == 1 || isYAMLSpaceOrBreak(rs[1])
	previousSpace, previousBreak := false, false
	for i, r := range rs {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", r) {
				blockIndicators = true
			}
			if (r == '?' || r == ':') && followedByWhitespace {
				blockIndicators = true
			}
			if r == '-' && followedByWhitespace {
				blockIndicators = true
			}
		} else {
			if r == ':' && followedByWhitespace {
				blockIndicators = true
			}
			if r == '#' && precededByWhitespace {
				blockIndicators = true
			}
		}
		if isYAMLBreak(r) {
			lineBreaks = true
		}
		if !yamlPrintable(r) {
			special = true
		}
		switch {
		case r == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(rs)-1 {
				trailingSpace = true
			}
			if previousBreak {
				breakSpace = true
			}
			previousSpace, previousBreak = true, false
		case isYAMLBreak(r):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(rs)-1 {
				trailingBreak = true
			}
			if previousSpace {
				spaceBreak = true
			}
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		precededByWhitespace = isYAMLSpaceOrBreak(r)
		followedByWhitespace = i+2 >= len(rs) || isYAMLSpaceOrBreak(rs[i+2])
	}
	a := yamlAnalysis{multiline: lineBreaks, allowBlockPlain: true, allowSQ: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.allowBlockPlain = false
	}
	if breakSpace {
		a.allowBlockPlain, a.allowSQ = false, false
	}
	if spaceBreak || special {
		a.allowBlockPlain, a.allowSQ = false, false
	}
	if lineBreaks || blockIndicators {
		a.allowBlockPlain = false
	}
	return a
}

// str writes a string in the style libyaml chooses: plain when it reads
// back as the same string, else single-quoted, else double-quoted.
func (e *yamlEmitter) str(s string, indent int, key bool) {
	a := analyzeYAMLScalar(s)
	switch {
	case !yamlImplicit.MatchString(s) && !(key && (a.empty || a.multiline)) && a.allowBlockPlain:
		e.plain(s, indent, !key)
	case a.allowSQ && !(key && a.multiline):
		e.singleQuoted(s, indent, !key)
	default:
		e.doubleQuoted(s, indent, !key)
	}
}

func (e *yamlEmitter) plain(s string, indent int, split bool) {
	if !e.whitespace {
		e.write(" ")
	}
	words := strings.Split(s, " ")
	// As write_plain: a single space is a place to break once the line is
	// past the width; runs of spaces are kept.
	for i := 0; i < len(words); i++ {
		if i > 0 {
			if words[i] != "" && words[i-1] != "" && e.column > yamlBestWidth && split {
				e.indent(indent)
				e.whitespace = false
			} else {
				e.write(" ")
			}
		}
		e.write(words[i])
	}
}

func (e *yamlEmitter) singleQuoted(s string, indent int, split bool) {
	e.indicator("'")
	rs := []rune(s)
	start := 0
	spaces, breaks := false, false
	for end := 0; end <= len(rs); end++ {
		var ch rune = -1
		if end < len(rs) {
			ch = rs[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > yamlBestWidth && split && start != 0 && end != len(rs) {
					e.indent(indent)
				} else {
					e.write(string(rs[start:end]))
				}
				start = end
			}
		case breaks:
			if ch == -1 || !isYAMLBreak(ch) {
				if rs[start] == '\n' {
					e.newline()
				}
				for _, br := range rs[start:end] {
					if br == '\n' {
						e.newline()
					} else {
						e.b.WriteRune(br)
						e.column = 0
					}
				}
				e.indent(indent)
				start = end
			}
		default:
			if ch == -1 || ch == ' ' || isYAMLBreak(ch) || ch == '\'' {
				if start < end {
					e.write(string(rs[start:end]))
					start = end
				}
			}
		}
		if ch == '\'' {
			e.write("''")
			start = end + 1
		}
		if ch != -1 {
			spaces = ch == ' '
			breaks = isYAMLBreak(ch)
		}
	}
	e.write("'")
}

// yamlEscapes are the escapes of libyaml's double-quoted style.
var yamlEscapes = map[rune]string{0: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f",
	0x0d: "r", 0x1b: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P"}

func (e *yamlEmitter) doubleQuoted(s string, indent int, split bool) {
	e.indicator("\"")
	rs := []rune(s)
	spaces := false
	for i, ch := range rs {
		switch {
		case ch == '"' || ch == '\\' || ch == 0xfeff || isYAMLBreak(ch) || !yamlPrintable(ch):
			switch esc, ok := yamlEscapes[ch]; {
			case ok:
				e.write("\\" + esc)
			case ch <= 0xff:
				e.write(fmt.Sprintf("\\x%02X", ch))
			case ch <= 0xffff:
				e.write(fmt.Sprintf("\\u%04X", ch))
			default:
				e.write(fmt.Sprintf("\\U%08X", ch))
			}
			spaces = false
		case ch == ' ':
			// A single space past the width becomes a line break, which
			// reads back as that space; a space after it is escaped.
			if split && !spaces && e.column > yamlBestWidth && i != 0 && i != len(rs)-1 {
				e.indent(indent)
				if rs[i+1] == ' ' {
					e.write("\\")
				}
			} else {
				e.write(" ")
			}
			spaces = true
		default:
			e.write(string(ch))
			spaces = false
		}
	}
	e.write("\"")
}
