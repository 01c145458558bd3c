// This file decodes the two success answers of the service, a config (Put,
// Get) and a List page, without the reflection of encoding/json, which took
// three quarters of the CPU of a walk over 10,000 configs.
//
// The scanner (built on internal/jsonscan) is a fast path, not a second JSON
// parser with its own opinions. It decodes what the service writes, and
// more: keys in any order and in any ASCII case, whitespace, unknown keys
// with values of any JSON type, null for any field or list item, UTF-8 text,
// LastModified in any form. It gives up on what it does not handle and on
// all that encoding/json would refuse: escapes in a string it keeps or in a
// key, non-ASCII keys (encoding/json folds their case in Unicode), a field
// given twice (encoding/json merges), an integer written with a fraction or
// an exponent or more than 18 digits, a value of the wrong type, a malformed
// document, a LastModified that does not parse. The caller then decodes the
// same bytes with encoding/json, which decides. So what is accepted and what
// is refused, the values produced and the error returned, stay exactly those
// of encoding/json; FuzzScanMatchesEncodingJSON checks it.

package awslambda

import (
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/jsonscan"
)

// scanList decodes a List answer. ok is false when the caller must decode
// with encoding/json instead.
func scanList(body []byte) (configs []provconc.Config, nextMarker string, ok bool) {
	s := jsonscan.New(body)
	if !s.ObjectStart() {
		return nil, "", false
	}
	ok = s.Members(listFieldOf, func(f uint8) bool {
		switch f {
		case listFieldConfigs:
			var got bool
			configs, got = configArray(&s, len(body))
			return got
		case listFieldNextMarker:
			raw, isNull, ok := s.StringOrNull()
			if ok && !isNull {
				nextMarker = string(raw)
			}
			return ok
		}
		return false
	})
	if !ok || !s.AtEnd() {
		return nil, "", false
	}
	return configs, nextMarker, true
}

// scanConfig decodes a Put or Get answer. Its FunctionArn is checked but not
// kept: callConfig fills FunctionARN from the caller's reference.
func scanConfig(body []byte) (cfg provconc.Config, ok bool) {
	s := jsonscan.New(body)
	if !s.ObjectStart() || !configObject(&s, &cfg, false) || !s.AtEnd() {
		return provconc.Config{}, false
	}
	return cfg, true
}

// Fields of a List answer, as bits of a set of the fields seen.
const (
	listFieldConfigs uint8 = 1 << iota
	listFieldNextMarker
)

// listFieldOf names the List field key designates, 0 for none. Keys match
// without regard to ASCII case, as in encoding/json; ok is false for a key
// with escapes or non-ASCII bytes, for which encoding/json does more.
func listFieldOf(key []byte) (field uint8, ok bool) {
	if !jsonscan.PlainKey(key) {
		return 0, false
	}
	switch {
	case jsonscan.EqualFoldASCII(key, "ProvisionedConcurrencyConfigs"):
		return listFieldConfigs, true
	case jsonscan.EqualFoldASCII(key, "NextMarker"):
		return listFieldNextMarker, true
	}
	return 0, true
}

// Fields of a config, as bits of a set of the fields seen.
const (
	cfgFieldFunctionArn uint8 = 1 << iota
	cfgFieldRequested
	cfgFieldAvailable
	cfgFieldAllocated
	cfgFieldStatus
	cfgFieldStatusReason
	cfgFieldLastModified
)

// configFieldOf names the config field key designates, 0 for none, as
// listFieldOf does. The names as the service spells them are matched first,
// in one switch, which also spares checking their bytes.
func configFieldOf(key []byte) (field uint8, ok bool) {
	switch string(key) {
	case "FunctionArn":
		return cfgFieldFunctionArn, true
	case "RequestedProvisionedConcurrentExecutions":
		return cfgFieldRequested, true
	case "AvailableProvisionedConcurrentExecutions":
		return cfgFieldAvailable, true
	case "AllocatedProvisionedConcurrentExecutions":
		return cfgFieldAllocated, true
	case "Status":
		return cfgFieldStatus, true
	case "StatusReason":
		return cfgFieldStatusReason, true
	case "LastModified":
		return cfgFieldLastModified, true
	}
	if !jsonscan.PlainKey(key) {
		return 0, false
	}
	for _, f := range configFields {
		if jsonscan.EqualFoldASCII(key, f.name) {
			return f.bit, true
		}
	}
	return 0, true
}

// configFields lists the config fields for matching keys in another case.
var configFields = [...]struct {
	name string
	bit  uint8
}{
	{"FunctionArn", cfgFieldFunctionArn},
	{"RequestedProvisionedConcurrentExecutions", cfgFieldRequested},
	{"AvailableProvisionedConcurrentExecutions", cfgFieldAvailable},
	{"AllocatedProvisionedConcurrentExecutions", cfgFieldAllocated},
	{"Status", cfgFieldStatus},
	{"StatusReason", cfgFieldStatusReason},
	{"LastModified", cfgFieldLastModified},
}

// configArray decodes the ProvisionedConcurrencyConfigs array (or null).
// bodyLen sizes the slice: the service writes about 280 bytes per config.
func configArray(s *jsonscan.Scanner, bodyLen int) ([]provconc.Config, bool) {
	switch s.Peek() {
	case 'n':
		return nil, s.Literal("null")
	case '[':
		s.Next()
	default:
		return nil, false
	}
	if s.Peek() == ']' {
		s.Next()
		return nil, true // decodeList has no configs as nil, like encoding/json's []
	}
	configs := make([]provconc.Config, 0, min(bodyLen/256+1, 50))
	for {
		var cfg provconc.Config
		switch s.Peek() {
		case 'n':
			// A null element is a zero config in encoding/json too.
			if !s.Literal("null") {
				return nil, false
			}
		case '{':
			s.Next()
			if !configObject(s, &cfg, true) {
				return nil, false
			}
		default:
			return nil, false
		}
		configs = append(configs, cfg)
		switch s.Peek() {
		case ',':
			s.Next()
		case ']':
			s.Next()
			return configs, true
		default:
			return nil, false
		}
	}
}

// configObject decodes the members of a config object whose '{' has been
// consumed, up to and including its '}'. keepARN keeps FunctionArn in
// cfg.FunctionARN.
func configObject(s *jsonscan.Scanner, cfg *provconc.Config, keepARN bool) bool {
	return s.Members(configFieldOf, func(f uint8) bool {
		switch f {
		case cfgFieldRequested:
			return s.IntOrNull(&cfg.Requested)
		case cfgFieldAvailable:
			return s.IntOrNull(&cfg.Available)
		case cfgFieldAllocated:
			return s.IntOrNull(&cfg.Allocated)
		}
		raw, isNull, ok := s.StringOrNull()
		if !ok || isNull {
			return ok
		}
		switch f {
		case cfgFieldFunctionArn:
			if keepARN && len(raw) > 0 {
				cfg.FunctionARN = string(raw)
			}
		case cfgFieldStatus:
			cfg.Status = statusOf(raw)
		case cfgFieldStatusReason:
			if len(raw) > 0 {
				cfg.StatusReason = string(raw)
			}
		case cfgFieldLastModified:
			cfg.LastModified, ok = lastModifiedOf(raw)
		}
		return ok
	})
}

// statusOf returns the Status written raw, without allocating for the
// documented ones.
func statusOf(raw []byte) provconc.Status {
	switch string(raw) {
	case string(provconc.StatusReady):
		return provconc.StatusReady
	case string(provconc.StatusInProgress):
		return provconc.StatusInProgress
	case string(provconc.StatusFailed):
		return provconc.StatusFailed
	}
	return provconc.Status(raw)
}

// lastModifiedOf parses a LastModified value: the service's own form by
// hand, any other through ParseLastModified. false on a value it
// refuses; the caller's fallback then returns its error.
func lastModifiedOf(raw []byte) (time.Time, bool) {
	if t, ok := parseServiceTime(raw); ok {
		return t, true
	}
	t, err := ParseLastModified(string(raw))
	return t, err == nil
}

// parseServiceTime parses the form the service writes,
// 2019-11-21T19:32:12+0000 (or with Z for the offset), giving the same
// time.Time as time.Parse with provconc's layout, location included: UTC for
// Z; for a numeric offset, Local when Local has that offset at that instant,
// else the unnamed fixed zone. It takes only whole-hour offsets from -12 to
// +14 (those time.FixedZone shares rather than allocates); false for
// anything else, which time.Parse then reads.
func parseServiceTime(b []byte) (time.Time, bool) {
	if len(b) != len("2006-01-02T15:04:05Z") && len(b) != len("2006-01-02T15:04:05-0700") {
		return time.Time{}, false
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if len(b) == len("2006-01-02T15:04:05Z") {
		return t, b[19] == 'Z'
	}
	zh, ok := digits(b[20:22])
	if !ok || b[22] != '0' || b[23] != '0' {
		return time.Time{}, false
	}
	var offset int
	switch b[19] {
	case '+':
		if zh > 14 {
			return time.Time{}, false
		}
		offset = zh * 3600
	case '-':
		if zh > 12 {
			return time.Time{}, false
		}
		offset = -zh * 3600
	default:
		return time.Time{}, false
	}
	t = t.Add(-time.Duration(offset) * time.Second)
	if _, local := t.In(time.Local).Zone(); local == offset {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", offset)), true
}

// digits reads an unsigned decimal made only of digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month in year (proleptic Gregorian).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
