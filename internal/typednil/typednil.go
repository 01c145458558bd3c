// Package typednil tells an interface holding a nil pointer (or map, func,
// ...) from one holding a value: such an interface is not == nil, yet using
// what it holds panics. Options that take an interface (an HTTP client,
// credentials) treat it as the nil it stands for.
package typednil

import "reflect"

// Is reports whether v is nil, or an interface holding a nil pointer, map,
// func, channel, slice or interface.
func Is(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
