// This file decodes the two success answers of the service, a config (Put,
// Get) and a List page, without the reflection of encoding/json, which took
// three quarters of the CPU of a walk over 10,000 configs.
//
// The scanner is a fast path, not a second JSON parser with its own
// opinions. It decodes what the service writes, and more: keys in any order
// and in any ASCII case, whitespace, unknown keys with values of any JSON
// type, null for any field or list item, UTF-8 text, LastModified in any
// form. It gives up on what it does not handle and on all that encoding/json
// would refuse: escapes in a string it keeps or in a key, non-ASCII keys
// (encoding/json folds their case in Unicode), a field given twice
// (encoding/json merges), an integer written with a fraction or an exponent
// or more than 18 digits, a value of the wrong type, a malformed document, a
// LastModified that does not parse. The caller then decodes the same bytes
// with encoding/json, which decides. So what is accepted and what is
// refused, the values produced and the error returned, stay exactly those of
// encoding/json; FuzzScanMatchesEncodingJSON checks it.

package awslambda

import (
	"bytes"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/provconc/provconc"
)

// scanList decodes a List answer. ok is false when the caller must decode
// with encoding/json instead.
func scanList(body []byte) (configs []provconc.Config, nextMarker string, ok bool) {
	s := wireScanner{b: body}
	if !s.objectStart() {
		return nil, "", false
	}
	var seen uint8
	for first := true; ; first = false {
		key, done, ok := s.nextKey(first)
		if !ok {
			return nil, "", false
		}
		if done {
			break
		}
		f, ok := listFieldOf(key)
		if !ok {
			return nil, "", false
		}
		if f != 0 {
			if seen&f != 0 {
				return nil, "", false // repeated: encoding/json merges
			}
			seen |= f
		}
		switch f {
		case listFieldConfigs:
			if configs, ok = s.configArray(len(body)); !ok {
				return nil, "", false
			}
		case listFieldNextMarker:
			raw, isNull, ok := s.stringOrNull()
			if !ok {
				return nil, "", false
			}
			if !isNull {
				nextMarker = string(raw)
			}
		default:
			if !s.skipValue(0) {
				return nil, "", false
			}
		}
	}
	if !s.atEnd() {
		return nil, "", false
	}
	return configs, nextMarker, true
}

// scanConfig decodes a Put or Get answer. Its FunctionArn is checked but not
// kept: callConfig fills FunctionARN from the caller's reference.
func scanConfig(body []byte) (cfg provconc.Config, ok bool) {
	s := wireScanner{b: body}
	if !s.objectStart() || !s.configObject(&cfg, false) || !s.atEnd() {
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
	if !plainKey(key) {
		return 0, false
	}
	switch {
	case equalFoldASCII(key, "ProvisionedConcurrencyConfigs"):
		return listFieldConfigs, true
	case equalFoldASCII(key, "NextMarker"):
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
	if !plainKey(key) {
		return 0, false
	}
	for _, f := range configFields {
		if equalFoldASCII(key, f.name) {
			return f.bit, true
		}
	}
	return 0, true
}

// plainKey reports whether key has only plain ASCII bytes: no escape, no
// control byte, nothing that encoding/json would unquote or fold otherwise.
func plainKey(key []byte) bool {
	for _, c := range key {
		if !plainASCII[c] {
			return false
		}
	}
	return true
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

// equalFoldASCII reports whether key equals name (ASCII) without regard to
// ASCII case.
func equalFoldASCII(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := 0; i < len(key); i++ {
		c, n := key[i], name[i]
		if c == n {
			continue
		}
		if c|0x20 != n|0x20 || c|0x20 < 'a' || c|0x20 > 'z' {
			return false
		}
	}
	return true
}

// configArray decodes the ProvisionedConcurrencyConfigs array (or null).
// bodyLen sizes the slice: the service writes about 280 bytes per config.
func (s *wireScanner) configArray(bodyLen int) ([]provconc.Config, bool) {
	switch s.peek() {
	case 'n':
		return nil, s.literal("null")
	case '[':
		s.i++
	default:
		return nil, false
	}
	if s.peek() == ']' {
		s.i++
		return nil, true // decodeList has no configs as nil, like encoding/json's []
	}
	configs := make([]provconc.Config, 0, min(bodyLen/256+1, 50))
	for {
		var cfg provconc.Config
		switch s.peek() {
		case 'n':
			// A null element is a zero config in encoding/json too.
			if !s.literal("null") {
				return nil, false
			}
		case '{':
			s.i++
			if !s.configObject(&cfg, true) {
				return nil, false
			}
		default:
			return nil, false
		}
		configs = append(configs, cfg)
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return configs, true
		default:
			return nil, false
		}
	}
}

// configObject decodes the members of a config object whose '{' has been
// consumed, up to and including its '}'. keepARN keeps FunctionArn in
// cfg.FunctionARN.
func (s *wireScanner) configObject(cfg *provconc.Config, keepARN bool) bool {
	var seen uint8
	for first := true; ; first = false {
		key, done, ok := s.nextKey(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		f, ok := configFieldOf(key)
		if !ok {
			return false
		}
		if f == 0 {
			if !s.skipValue(0) {
				return false
			}
			continue
		}
		if seen&f != 0 {
			return false // repeated: leave it to encoding/json
		}
		seen |= f
		switch f {
		case cfgFieldRequested:
			ok = s.intOrNull(&cfg.Requested)
		case cfgFieldAvailable:
			ok = s.intOrNull(&cfg.Available)
		case cfgFieldAllocated:
			ok = s.intOrNull(&cfg.Allocated)
		default:
			var raw []byte
			var isNull bool
			raw, isNull, ok = s.stringOrNull()
			if !ok || isNull {
				break
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
		}
		if !ok {
			return false
		}
	}
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

// wireScanner reads a JSON document from b; i is the cursor. Every method
// returns false, leaving the cursor anywhere, on input it does not handle.
type wireScanner struct {
	b []byte
	i int
}

// peek skips whitespace and returns the byte at the cursor, 0 at the end.
func (s *wireScanner) peek() byte {
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return c
		}
	}
	return 0
}

// objectStart consumes the '{' that opens the document.
func (s *wireScanner) objectStart() bool {
	if s.peek() != '{' {
		return false // null, another type or malformed: encoding/json decides
	}
	s.i++
	return true
}

// atEnd reports whether only whitespace follows the cursor.
func (s *wireScanner) atEnd() bool {
	s.peek()
	return s.i == len(s.b)
}

// nextKey moves to the next member of an object and returns its key, the
// cursor then on the member's value; done when the object's '}' came
// instead (consumed). first is true for the object's first member. The key
// is the bytes up to the next '"', not yet checked: listFieldOf and
// configFieldOf refuse one with an escape (which may also have ended it
// early), a control byte or non-ASCII bytes (encoding/json folds case in
// Unicode, so such a key may name a known field).
func (s *wireScanner) nextKey(first bool) (key []byte, done, ok bool) {
	c := s.peek()
	if c == '}' {
		s.i++
		return nil, true, true
	}
	if !first {
		if c != ',' {
			return nil, false, false
		}
		s.i++
		c = s.peek()
	}
	if c != '"' {
		return nil, false, false
	}
	start := s.i + 1
	n := bytes.IndexByte(s.b[start:], '"')
	if n < 0 {
		return nil, false, false
	}
	key = s.b[start : start+n]
	s.i = start + n + 1
	if s.peek() != ':' {
		return nil, false, false
	}
	s.i++
	return key, false, true
}

// stringOrNull reads a string value without escapes, or null. The bytes
// returned are the string's own (encoding/json keeps valid UTF-8 as is).
func (s *wireScanner) stringOrNull() (raw []byte, isNull, ok bool) {
	switch s.peek() {
	case 'n':
		return nil, true, s.literal("null")
	case '"':
	default:
		return nil, false, false
	}
	start := s.i + 1
	ascii := true
	i := start
	for i < len(s.b) {
		if plainASCII[s.b[i]] {
			i++
			continue
		}
		c := s.b[i]
		if c == '"' {
			raw = s.b[start:i]
			if !ascii && !utf8.Valid(raw) {
				return nil, false, false // encoding/json replaces bad bytes
			}
			s.i = i + 1
			return raw, false, true
		}
		if c < utf8.RuneSelf {
			return nil, false, false // an escape or a control byte
		}
		ascii = false
		i++
	}
	return nil, false, false
}

// plainASCII marks the bytes that stand for themselves in a JSON string and
// need no further thought: ASCII but for controls, '"' and '\\'.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// maxIntDigits is the most digits intOrNull reads: any number of that many
// digits fits an int (18 for 64 bits, 9 for 32), so no overflow goes
// unnoticed; longer ones are left to encoding/json, which refuses those that
// overflow.
const maxIntDigits = 9 + 9*(strconv.IntSize/64)

// intOrNull reads an integer into dst, or null (dst unchanged, as in
// encoding/json). A fraction or exponent, which encoding/json refuses for an
// int, and longer numbers are left to it.
func (s *wireScanner) intOrNull(dst *int) bool {
	c := s.peek()
	if c == 'n' {
		return s.literal("null")
	}
	neg := c == '-'
	if neg {
		s.i++
	}
	start := s.i
	n := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		n = n*10 + int(s.b[s.i]-'0')
		s.i++
		if s.i-start > maxIntDigits {
			return false
		}
	}
	switch {
	case s.i == start:
		return false // no digit
	case s.b[start] == '0' && s.i-start > 1:
		return false // a leading zero: not JSON
	case s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E'):
		return false
	}
	if neg {
		n = -n
	}
	*dst = n
	return true
}

// literal consumes word (true, false or null). What follows is the caller's
// to check, as after any value: "nullx" fails there.
func (s *wireScanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// maxSkipDepth bounds the nesting skipValue follows; deeper documents go to
// encoding/json, which has its own limit.
const maxSkipDepth = 64

// skipValue checks and skips the JSON value at the cursor, of any type.
func (s *wireScanner) skipValue(depth int) bool {
	if depth > maxSkipDepth {
		return false
	}
	switch c := s.peek(); c {
	case '{':
		s.i++
		for first := true; ; first = false {
			c := s.peek()
			if c == '}' {
				s.i++
				return true
			}
			if !first {
				if c != ',' {
					return false
				}
				s.i++
			}
			if s.peek() != '"' || !s.skipString() || s.peek() != ':' {
				return false
			}
			s.i++
			if !s.skipValue(depth + 1) {
				return false
			}
		}
	case '[':
		s.i++
		for first := true; ; first = false {
			c := s.peek()
			if c == ']' {
				s.i++
				return true
			}
			if !first {
				if c != ',' {
					return false
				}
				s.i++
			}
			if !s.skipValue(depth + 1) {
				return false
			}
		}
	case '"':
		return s.skipString()
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		return s.skipNumber()
	}
}

// skipString checks and skips the string at the cursor, escapes included.
// Bytes that are not UTF-8 are valid JSON (encoding/json replaces them).
func (s *wireScanner) skipString() bool {
	for i := s.i + 1; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			i++
			if i >= len(s.b) {
				return false
			}
			switch s.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.b) {
					return false
				}
				for _, h := range s.b[i+1 : i+5] {
					if !isHex(h) {
						return false
					}
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// skipNumber checks and skips a number in any JSON form:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *wireScanner) skipNumber() bool {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.skipDigits() == 0:
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.skipDigits() == 0 {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.skipDigits() == 0 {
			return false
		}
	}
	return true
}

// skipDigits skips [0-9]* and returns how many.
func (s *wireScanner) skipDigits() int {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}
