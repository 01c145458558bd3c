// This file keeps the order of objects' keys through --query. jmespath.py
// (the aws CLI's) walks a dict in its order, which is the service model's
// (botocore builds each answer member by member): keys(@), values(@) and
// the object projection * list the members in that order. go-jmespath walks
// a Go map, so its lists come out in a different order at every run.
//
// The library's interpreter cannot be told an order, so sourceOrder puts
// its results back in order afterwards: a list that holds exactly the keys
// of one object of the document (or of a multiselect hash of the query),
// or exactly its values, is reordered as that object prints. It is done
// only for expressions that call keys() or values() or use *, so that a
// multiselect list is never touched. Two limits remain: a list an
// expression sorts is left alone when already sorted (sort(keys(@)) stays
// sorted), and with reverse() nothing is reordered; and what is derived
// from such a list without being one (keys(@)[0], join(',', keys(@)),
// *.Field) keeps go-jmespath's order.

package main

import (
	"encoding/json"
	"slices"
	"strings"
)

// mapOrderUses scans expr, skipping quoted names and literals, and tells
// whether it calls keys or values or has a value projection (a * not
// written as [*]), whether it calls sort or sort_by, and whether it calls
// reverse.
func mapOrderUses(expr string) (unordered, sorts, reverses bool) {
	prev := byte(0) // the last significant character before i
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\'' || c == '`' || c == '"':
			i = closingQuote(expr, i) - 1
			prev = c
			continue
		case isIdentStart(c):
			j := i
			for j < len(expr) && isIdentPart(expr[j]) {
				j++
			}
			k := j
			for k < len(expr) && (expr[k] == ' ' || expr[k] == '\t' || expr[k] == '\n' || expr[k] == '\r') {
				k++
			}
			if k < len(expr) && expr[k] == '(' {
				switch expr[i:j] {
				case "keys", "values":
					unordered = true
				case "sort", "sort_by":
					sorts = true
				case "reverse":
					reverses = true
				}
			}
			i = j - 1
			prev = 'a'
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '*' && prev != '[':
			unordered = true
		}
		prev = c
	}
	return unordered, sorts, reverses
}

// sourceOrder returns out with each list that is a permutation of the keys
// or of the values of one object of doc put in that object's order. With
// sorts, a list already in ascending order is left as it is.
func sourceOrder(doc, out any, order *keyOrder, sorts bool) any {
	idx := orderIndex{keys: map[string][]string{}, values: map[string][]string{}}
	idx.add(doc, order)
	for _, h := range order.hashes {
		sig := signature(canonicalKeys(h))
		if _, ok := idx.keys[sig]; !ok {
			idx.keys[sig] = h
		}
	}
	return idx.reorder(out, sorts)
}

// orderIndex maps the signature of a set of keys, or of a multiset of
// values, to the order it has in the document: the keys, or the canonical
// forms of the values.
type orderIndex struct {
	keys   map[string][]string
	values map[string][]string
}

func (x *orderIndex) add(v any, order *keyOrder) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			x.add(e, order)
		}
	case map[string]any:
		for _, e := range v {
			x.add(e, order)
		}
		if len(v) < 2 {
			return // nothing to reorder
		}
		keys := order.keys(v)
		if sig := signature(canonicalKeys(keys)); x.keys[sig] == nil {
			x.keys[sig] = keys
		}
		forms := make([]string, len(keys))
		for i, k := range keys {
			forms[i] = canonical(v[k])
		}
		if sig := signature(forms); x.values[sig] == nil {
			x.values[sig] = forms
		}
	}
}

// reorder returns v with its lists reordered. It copies what it walks:
// a query's result shares objects and lists with the document.
func (x *orderIndex) reorder(v any, sorts bool) any {
	switch in := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(in))
		for k, e := range in {
			m[k] = x.reorder(e, sorts)
		}
		return m
	case []any:
		v := make([]any, len(in))
		for i, e := range in {
			v[i] = x.reorder(e, sorts)
		}
		if len(v) < 2 || (sorts && ascending(v)) {
			return v
		}
		forms := make([]string, len(v))
		for i, e := range v {
			forms[i] = canonical(e)
		}
		want, ok := x.keys[signature(forms)]
		if ok && allStrings(v) {
			forms = canonicalKeys(want)
		} else if want, ok := x.values[signature(forms)]; ok {
			forms = want
		} else {
			return v
		}
		return permute(v, forms)
	}
	return v
}

// permute returns the elements of list in the order of forms, their
// canonical forms (a permutation of theirs).
func permute(list []any, forms []string) []any {
	byForm := map[string][]any{}
	for _, e := range list {
		f := canonical(e)
		byForm[f] = append(byForm[f], e)
	}
	out := make([]any, 0, len(list))
	for _, f := range forms {
		es := byForm[f]
		if len(es) == 0 {
			return list // not a permutation after all
		}
		out = append(out, es[0])
		byForm[f] = es[1:]
	}
	return out
}

// signature identifies a multiset of canonical forms whatever their order.
func signature(forms []string) string {
	s := slices.Clone(forms)
	slices.Sort(s)
	return strings.Join(s, "\x00")
}

// canonicalKeys are the canonical forms of keys, as strings of a list.
func canonicalKeys(keys []string) []string {
	forms := make([]string, len(keys))
	for i, k := range keys {
		forms[i] = canonical(k)
	}
	return forms
}

// canonical is a value's JSON with sorted keys: equal values, equal forms.
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "\x00unprintable" // documents hold only JSON values
	}
	return string(b)
}

func allStrings(list []any) bool {
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// ascending tells whether list is sorted as JMESPath's sort orders it:
// all strings or all numbers, each no greater than the next.
func ascending(list []any) bool {
	for i := 1; i < len(list); i++ {
		switch a := list[i-1].(type) {
		case string:
			b, ok := list[i].(string)
			if !ok || a > b {
				return false
			}
		case float64:
			b, ok := list[i].(float64)
			if !ok || a > b {
				return false
			}
		default:
			return false
		}
	}
	return true
}
