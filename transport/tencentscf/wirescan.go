// This file decodes the {"Response": {...}} envelope of every answer without
// the reflection of encoding/json, which took a third of the CPU of a Get
// (its validating pre-pass, then reflection over the struct and its
// pointers).
//
// The scanner (built on internal/jsonscan) is a fast path, not a second JSON
// parser with its own opinions: it fills the same envelope encoding/json
// would, from what the service writes and more (keys in any order and in
// any ASCII case, whitespace, unknown keys with values of any JSON type,
// null for any field or list item, UTF-8 text), and gives up on all that
// encoding/json would treat otherwise: escapes in a string it keeps or in a
// key, non-ASCII keys, a field given twice, a count that is signed, has a
// fraction or an exponent or more than 19 digits, a value of the wrong type,
// a malformed document. The caller then decodes the same bytes with
// encoding/json, which decides, so what is accepted, the values produced and
// the errors stay those of encoding/json; FuzzScanEnvelopeMatchesEncodingJSON
// checks it.

package tencentscf

import (
	"github.com/provconc/provconc/internal/jsonscan"
)

// scanEnvelope decodes an answer into what json.Unmarshal would give with no
// error. ok is false when the caller must decode with encoding/json instead.
func scanEnvelope(body []byte) (env envelope, ok bool) {
	s := jsonscan.New(body)
	if !s.ObjectStart() {
		return envelope{}, false
	}
	seen := false
	for first := true; ; first = false {
		key, done, ok := s.NextKey(first)
		if !ok {
			return envelope{}, false
		}
		if done {
			break
		}
		if !jsonscan.PlainKey(key) {
			return envelope{}, false
		}
		if !jsonscan.EqualFoldASCII(key, "Response") {
			if !s.SkipValue() {
				return envelope{}, false
			}
			continue
		}
		if seen {
			return envelope{}, false // repeated: encoding/json merges
		}
		seen = true
		switch s.Peek() {
		case 'n':
			if !s.Literal("null") {
				return envelope{}, false
			}
		case '{':
			s.Next()
			env.Response = new(wireResponse)
			if !scanResponse(&s, env.Response) {
				return envelope{}, false
			}
		default:
			return envelope{}, false
		}
	}
	if !s.AtEnd() {
		return envelope{}, false
	}
	return env, true
}

// Fields of a wireResponse, as bits of a set of the fields seen.
const (
	respFieldError uint8 = 1 << iota
	respFieldRequestID
	respFieldUnallocated
	respFieldAllocated
)

var responseFields = [...]struct {
	name string
	bit  uint8
}{
	{"Error", respFieldError},
	{"RequestId", respFieldRequestID},
	{"UnallocatedConcurrencyNum", respFieldUnallocated},
	{"Allocated", respFieldAllocated},
}

// scanResponse decodes the members of the Response object, whose '{' has
// been consumed, up to and including its '}'.
func scanResponse(s *jsonscan.Scanner, r *wireResponse) bool {
	return s.Members(func(key []byte) (uint8, bool) { return fieldOf(key, responseFields[:]) }, func(f uint8) bool {
		switch f {
		case respFieldError:
			return scanError(s, &r.Error)
		case respFieldRequestID:
			return scanString(s, &r.RequestID)
		case respFieldUnallocated:
			return scanCount(s, &r.UnallocatedConcurrencyNum)
		case respFieldAllocated:
			return jsonscan.ObjectsOrNull(s, &r.Allocated, func(w *wireVersionConfig) bool { return scanVersionConfig(s, w) })
		}
		return false
	})
}

// Fields of a wireError.
const (
	errFieldCode uint8 = 1 << iota
	errFieldMessage
)

var errorFields = [...]struct {
	name string
	bit  uint8
}{
	{"Code", errFieldCode},
	{"Message", errFieldMessage},
}

// scanError decodes Response.Error: an object or null.
func scanError(s *jsonscan.Scanner, dst **wireError) bool {
	switch s.Peek() {
	case 'n':
		return s.Literal("null")
	case '{':
		s.Next()
	default:
		return false
	}
	e := new(wireError)
	*dst = e
	return s.Members(func(key []byte) (uint8, bool) { return fieldOf(key, errorFields[:]) }, func(f uint8) bool {
		switch f {
		case errFieldCode:
			return scanString(s, &e.Code)
		case errFieldMessage:
			return scanString(s, &e.Message)
		}
		return false
	})
}

// Fields of a wireVersionConfig.
const (
	verFieldAllocated uint8 = 1 << iota
	verFieldAvailable
	verFieldStatus
	verFieldStatusReason
	verFieldQualifier
	verFieldTriggerActions
)

var versionFields = [...]struct {
	name string
	bit  uint8
}{
	{"AllocatedProvisionedConcurrencyNum", verFieldAllocated},
	{"AvailableProvisionedConcurrencyNum", verFieldAvailable},
	{"Status", verFieldStatus},
	{"StatusReason", verFieldStatusReason},
	{"Qualifier", verFieldQualifier},
	{"TriggerActions", verFieldTriggerActions},
}

// scanVersionConfig decodes the members of one version's config, whose '{'
// has been consumed.
func scanVersionConfig(s *jsonscan.Scanner, w *wireVersionConfig) bool {
	return s.Members(func(key []byte) (uint8, bool) { return fieldOf(key, versionFields[:]) }, func(f uint8) bool {
		switch f {
		case verFieldAllocated:
			return scanCount(s, &w.AllocatedProvisionedConcurrencyNum)
		case verFieldAvailable:
			return scanCount(s, &w.AvailableProvisionedConcurrencyNum)
		case verFieldStatus:
			return scanString(s, &w.Status)
		case verFieldStatusReason:
			return scanString(s, &w.StatusReason)
		case verFieldQualifier:
			return scanString(s, &w.Qualifier)
		case verFieldTriggerActions:
			return jsonscan.ObjectsOrNull(s, &w.TriggerActions, func(a *wireTriggerActionRead) bool { return scanTriggerAction(s, a) })
		}
		return false
	})
}

// Fields of a wireTriggerActionRead.
const (
	trigFieldName uint8 = 1 << iota
	trigFieldNum
	trigFieldCron
	trigFieldType
)

var triggerFields = [...]struct {
	name string
	bit  uint8
}{
	{"TriggerName", trigFieldName},
	{"TriggerProvisionedConcurrencyNum", trigFieldNum},
	{"TriggerCronConfig", trigFieldCron},
	{"ProvisionedType", trigFieldType},
}

// scanTriggerAction decodes the members of one trigger action, whose '{' has
// been consumed.
func scanTriggerAction(s *jsonscan.Scanner, a *wireTriggerActionRead) bool {
	return s.Members(func(key []byte) (uint8, bool) { return fieldOf(key, triggerFields[:]) }, func(f uint8) bool {
		switch f {
		case trigFieldName:
			return scanString(s, &a.TriggerName)
		case trigFieldNum:
			return scanCount(s, &a.TriggerProvisionedConcurrencyNum)
		case trigFieldCron:
			return scanString(s, &a.TriggerCronConfig)
		case trigFieldType:
			return scanString(s, &a.ProvisionedType)
		}
		return false
	})
}

// fieldOf names the field key designates among fields, 0 for none. Keys
// match without regard to ASCII case, as in encoding/json; ok is false for a
// key with escapes or non-ASCII bytes, for which encoding/json does more.
// The names as the service spells them are tried first, which spares
// checking their bytes.
func fieldOf(key []byte, fields []struct {
	name string
	bit  uint8
}) (field uint8, ok bool) {
	for _, f := range fields {
		if string(key) == f.name {
			return f.bit, true
		}
	}
	if !jsonscan.PlainKey(key) {
		return 0, false
	}
	for _, f := range fields {
		if jsonscan.EqualFoldASCII(key, f.name) {
			return f.bit, true
		}
	}
	return 0, true
}

// scanString decodes a string field: null leaves it as it is, as in
// encoding/json. The values the service repeats in every answer are not
// allocated again.
func scanString(s *jsonscan.Scanner, dst *string) bool {
	raw, isNull, ok := s.StringOrNull()
	if !ok || isNull {
		return ok
	}
	switch string(raw) {
	case statusDone:
		*dst = statusDone
	case statusInProgress:
		*dst = statusInProgress
	case statusFailed:
		*dst = statusFailed
	case string(ProvisionedTypeDefault):
		*dst = string(ProvisionedTypeDefault)
	default:
		*dst = string(raw)
	}
	return true
}

// scanCount decodes a *uint64 field: null leaves it nil.
func scanCount(s *jsonscan.Scanner, dst **uint64) bool {
	n, isNull, ok := s.UintOrNull()
	if !ok || isNull {
		return ok
	}
	*dst = &n
	return true
}
