// This file draws the aws CLI's table output (awscli/formatter.py
// TableFormatter and awscli/table.py MultiTable): a titled section per
// object, scalar keys as sorted column headers, nested lists and objects as
// indented sub-sections, the whole as wide as its widest section; when
// that is wider than the terminal (80 columns when stdout is not one),
// single-row sections turn vertical (key | value). Colours are left out.

package main

import (
	"io"
	"math"
	"slices"
	"sort"
	"strings"
)

// tableSection is one titled block of a table.
type tableSection struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	maxWidths []int
}

func (s *tableSection) updateWidths(row []string) {
	if s.maxWidths == nil {
		s.maxWidths = make([]int, len(row))
		for i, c := range row {
			s.maxWidths[i] = textWidth(c)
		}
		return
	}
	for i, c := range row {
		if i < len(s.maxWidths) {
			s.maxWidths[i] = max(s.maxWidths[i], textWidth(c))
		}
	}
}

func (s *tableSection) addHeader(h []string) {
	s.updateWidths(h)
	s.headers = h
}

func (s *tableSection) addRow(row []any, order *keyOrder) {
	cells := make([]string, len(row))
	for i, v := range row {
		cells[i] = pythonStr(v, order)
	}
	s.rows = append(s.rows, cells)
	s.updateWidths(cells)
}

// columnWidths are the widths of the columns with padding, scaled to fill
// maxWidth when it is positive, as Section.calculate_column_widths does.
func (s *tableSection) columnWidths(padding, maxWidth int) []int {
	widths := make([]int, len(s.maxWidths))
	sum := 0
	for i, w := range s.maxWidths {
		widths[i] = w + padding
		sum += widths[i]
	}
	if maxWidth <= 0 || len(widths) == 0 {
		return widths
	}
	scale := float64(maxWidth) / float64(sum)
	total := 0
	for i, w := range widths {
		widths[i] = int(pyRound(scale * float64(w)))
		total += widths[i]
	}
	off := total - maxWidth
	for off != 0 {
		if off > 0 {
			for i := 0; i < len(widths) && off > 0; i++ {
				widths[i]--
				off--
			}
		} else {
			for i := len(widths) - 1; i >= 0 && off < 0; i-- {
				widths[i]++
				off++
			}
		}
	}
	return widths
}

// pyRound rounds half to even, as Python 3's round does.
func pyRound(f float64) float64 { return math.RoundToEven(f) }

func (s *tableSection) totalWidth() int {
	total := 0
	for _, w := range s.columnWidths(0, 0) {
		total += w + 4
	}
	total += 2 + 2*s.indent
	return max(textWidth(s.title)+2+2*s.indent, total)
}

// awsTable collects sections, then renders them.
type awsTable struct {
	sections []*tableSection
	current  *tableSection
	width    int // terminal width
	order    *keyOrder
	// scalarRow shows a scalar answer as a one-cell row, as tccli does;
	// the aws CLI shows only the title.
	scalarRow bool
}

func (t *awsTable) newSection(title string, indent int) {
	t.current = &tableSection{title: title, indent: indent}
	t.sections = append(t.sections, t.current)
}

// build adds current under title, as TableFormatter._build_table does;
// false when there is nothing to show.
func (t *awsTable) build(title string, current any, indent int, titled bool) bool {
	if isEmptyValue(current) {
		return false
	}
	if titled {
		t.newSection(title, indent)
	}
	switch v := current.(type) {
	case []any:
		if _, ok := v[0].(map[string]any); ok {
			t.buildFromList(v, indent, title)
		} else {
			for _, item := range v {
				switch e := item.(type) {
				case []any:
					if allScalars(e) {
						t.current.addRow(e, t.order)
					} else {
						t.build("", e, 0, false)
					}
				case map[string]any:
					t.build("", e, 0, false)
				default:
					t.current.addRow([]any{e}, t.order)
				}
			}
		}
	case map[string]any:
		t.buildFromObject(v, indent)
	default:
		if t.scalarRow {
			t.current.addRow([]any{v}, t.order)
		}
	}
	return true
}

// isEmptyValue is Python's "not current" for a document value.
func isEmptyValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case float64:
		return v == 0
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func allScalars(list []any) bool {
	for _, e := range list {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

func groupKeys(m map[string]any) (scalars, nested []string) {
	for k, v := range m {
		if isScalar(v) {
			scalars = append(scalars, k)
		} else {
			nested = append(nested, k)
		}
	}
	slices.Sort(scalars)
	slices.Sort(nested)
	return scalars, nested
}

func (t *awsTable) buildFromObject(m map[string]any, indent int) {
	headers, more := groupKeys(m)
	switch {
	case len(headers) == 1:
		t.current.addRow([]any{headers[0], m[headers[0]]}, t.order)
	case len(headers) > 1:
		t.current.addHeader(headers)
		row := make([]any, len(headers))
		for i, h := range headers {
			row[i] = m[h]
		}
		t.current.addRow(row, t.order)
	}
	for _, k := range more {
		t.build(k, m[k], indent+1, true)
	}
}

func (t *awsTable) buildFromList(list []any, indent int, title string) {
	headerSet, moreSet := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			h, n := groupKeys(m)
			for _, k := range h {
				headerSet[k] = true
			}
			for _, k := range n {
				moreSet[k] = true
			}
		}
	}
	headers := sortedKeys(headerSet)
	more := sortedKeys(moreSet)
	t.current.addHeader(headers)
	for i, e := range list {
		m, _ := e.(map[string]any)
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.current.addHeader(headers)
		}
		row := make([]any, len(headers))
		for j, h := range headers {
			if v, ok := m[h]; ok {
				row[j] = v
			} else {
				row[j] = ""
			}
		}
		t.current.addRow(row, t.order)
		for _, k := range more {
			if v, ok := m[k]; ok {
				t.build(k, v, indent+1, true)
			}
		}
	}
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (t *awsTable) maxWidth() int {
	w := 0
	for _, s := range t.sections {
		w = max(w, s.totalWidth())
	}
	return w
}

// render writes the table.
func (t *awsTable) render(w io.Writer) error {
	width := t.maxWidth()
	if width > t.width {
		// Too wide: single-row sections turn vertical.
		for i, s := range t.sections {
			if len(s.rows) == 1 && len(s.headers) > 0 {
				v := &tableSection{title: s.title, indent: s.indent}
				for j, h := range s.headers {
					if j < len(s.rows[0]) {
						v.addRow([]any{h, s.rows[0][j]}, t.order)
					}
				}
				t.sections[i] = v
			}
		}
		width = t.maxWidth()
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("-", width) + "\n")
	for _, s := range t.sections {
		renderSection(&b, s, width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func renderSection(b *strings.Builder, s *tableSection, width int) {
	edge := strings.Repeat("|", s.indent)
	line := func(text string) { b.WriteString(edge + text + edge + "\n") }
	width -= 2 * s.indent
	if s.title != "" {
		line(centerText(s.title, width, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			line("+" + strings.Repeat("-", width-2) + "+")
		}
	}
	widths := s.columnWidths(4, width)
	if len(s.headers) > 0 {
		line(lineBreak(widths))
		var cur strings.Builder
		for i, h := range s.headers {
			left := ""
			if i == 0 {
				left = "|"
			}
			if i < len(widths) {
				cur.WriteString(centerText(h, widths[i], left, "|"))
			}
		}
		line(cur.String())
	}
	if len(s.rows) == 0 || len(widths) == 0 {
		return
	}
	line(lineBreak(widths))
	for _, row := range s.rows {
		var cur strings.Builder
		for i, c := range row {
			left := ""
			if i == 0 {
				left = "|"
			}
			if i < len(widths) {
				cur.WriteString(alignLeft(c, widths[i], left, "|"))
			}
		}
		line(cur.String())
	}
	line(lineBreak(widths))
}

func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + strings.Repeat("-", max(w-2, 0)) + "+")
		} else {
			b.WriteString(strings.Repeat("-", max(w-1, 0)) + "+")
		}
	}
	return b.String()
}

// centerText is awscli/table.py center_text.
func centerText(text string, length int, left, right string) string {
	n := textWidth(text)
	start := max(length/2-n/2-1, 0)
	var b strings.Builder
	b.WriteString(left + strings.Repeat(" ", start) + text)
	soFar := textWidth(left) + start + n
	b.WriteString(strings.Repeat(" ", max(length-textWidth(right)-soFar, 0)))
	b.WriteString(right)
	return b.String()
}

// alignLeft is awscli/table.py align_left.
func alignLeft(text string, length int, left, right string) string {
	n := textWidth(text)
	padding := 2
	if length-(n+2+textWidth(left)+textWidth(right)) < 0 {
		padding = 0
	}
	soFar := len(left) + padding + n
	return left + strings.Repeat(" ", padding) + text + strings.Repeat(" ", max(length-soFar-len(right), 0)) + right
}

// textWidth counts the columns text takes as awscli/table.py counts them:
// two for each character of East Asian width W (wide), F (full-width) or A
// (ambiguous, such as é or ü), one for any other.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if isWide(r) {
			n++
		}
	}
	return n
}

// isWide tells whether r is in twoColumnRanges (eawidth.go).
func isWide(r rune) bool {
	i := sort.Search(len(twoColumnRanges), func(i int) bool { return twoColumnRanges[i][1] >= r })
	return i < len(twoColumnRanges) && twoColumnRanges[i][0] <= r
}

// writeAWSTable writes v as the aws CLI's table (tccli's with
// scalarRow), titled title.
func writeAWSTable(w io.Writer, title string, v any, termWidth int, order *keyOrder, scalarRow bool) error {
	t := &awsTable{width: termWidth, order: order, scalarRow: scalarRow}
	if !t.build(title, v, 0, true) {
		return nil
	}
	return t.render(w)
}
