// Package jsonscan holds the pieces of the hand-written answer decoders of
// the transports: a cursor over a JSON document that reads keys, strings
// without escapes, integers and null, and checks and skips any other value.
//
// A decoder built on it is a fast path, not a second JSON parser with its
// own opinions: it decodes the shapes a service writes and gives up on all
// that encoding/json would treat otherwise (escapes in a kept string or a
// key, non-ASCII keys, which encoding/json folds in Unicode, a field given
// twice, which it merges, a number it would refuse, a value of the wrong
// type, a malformed document), and its caller then decodes the same bytes
// with encoding/json, which decides. Each decoder checks that by fuzzing
// against encoding/json.
package jsonscan

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// PlainKey reports whether key has only plain ASCII bytes: no escape, no
// control byte, nothing that encoding/json would unquote or fold otherwise.
func PlainKey(key []byte) bool {
	for _, c := range key {
		if !plainASCII[c] {
			return false
		}
	}
	return true
}

// EqualFoldASCII reports whether key equals name (ASCII) without regard to
// ASCII case.
func EqualFoldASCII(key []byte, name string) bool {
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

// Scanner reads a JSON document; its methods move a cursor through it.
// Every method returns false, leaving the cursor anywhere, on input it does
// not handle.
type Scanner struct {
	b []byte
	i int
}

// New returns a Scanner at the start of b.
func New(b []byte) Scanner { return Scanner{b: b} }

// Next consumes the byte Peek returned.
func (s *Scanner) Next() { s.i++ }

// Peek skips whitespace and returns the byte at the cursor, 0 at the end.
func (s *Scanner) Peek() byte {
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

// ObjectStart consumes the '{' that opens the document.
func (s *Scanner) ObjectStart() bool {
	if s.Peek() != '{' {
		return false // null, another type or malformed: encoding/json decides
	}
	s.i++
	return true
}

// AtEnd reports whether only whitespace follows the cursor.
func (s *Scanner) AtEnd() bool {
	s.Peek()
	return s.i == len(s.b)
}

// NextKey moves to the next member of an object and returns its key, the
// cursor then on the member's value; done when the object's '}' came
// instead (consumed). first is true for the object's first member. The key
// is the bytes up to the next '"', not yet checked: callers refuse one that
// is not PlainKey.
func (s *Scanner) NextKey(first bool) (key []byte, done, ok bool) {
	c := s.Peek()
	if c == '}' {
		s.i++
		return nil, true, true
	}
	if !first {
		if c != ',' {
			return nil, false, false
		}
		s.i++
		c = s.Peek()
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
	if s.Peek() != ':' {
		return nil, false, false
	}
	s.i++
	return key, false, true
}

// StringOrNull reads a string value without escapes, or null. The bytes
// returned are the string's own (encoding/json keeps valid UTF-8 as is).
func (s *Scanner) StringOrNull() (raw []byte, isNull, ok bool) {
	switch s.Peek() {
	case 'n':
		return nil, true, s.Literal("null")
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

// maxIntDigits is the most digits IntOrNull reads: any number of that many
// digits fits an int (18 for 64 bits, 9 for 32), so no overflow goes
// unnoticed; longer ones are left to encoding/json, which refuses those that
// overflow.
const maxIntDigits = 9 + 9*(strconv.IntSize/64)

// IntOrNull reads an integer into dst, or null (dst unchanged, as in
// encoding/json). A fraction or exponent, which encoding/json refuses for an
// int, and longer numbers are left to it.
func (s *Scanner) IntOrNull(dst *int) bool {
	c := s.Peek()
	if c == 'n' {
		return s.Literal("null")
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

// maxUintDigits is the most digits UintOrNull reads: any number of that
// many digits fits a uint64; longer ones are left to encoding/json.
const maxUintDigits = 19

// UintOrNull reads an unsigned integer, or null (isNull). A sign, a
// fraction or an exponent, which encoding/json refuses for an unsigned
// integer, and longer numbers are left to it.
func (s *Scanner) UintOrNull() (n uint64, isNull, ok bool) {
	if s.Peek() == 'n' {
		return 0, true, s.Literal("null")
	}
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		n = n*10 + uint64(s.b[s.i]-'0')
		s.i++
		if s.i-start > maxUintDigits {
			return 0, false, false
		}
	}
	switch {
	case s.i == start:
		return 0, false, false // no digit, or a sign
	case s.b[start] == '0' && s.i-start > 1:
		return 0, false, false // a leading zero: not JSON
	case s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E'):
		return 0, false, false
	}
	return n, false, true
}

// Literal consumes word (true, false or null). What follows is the caller's
// to check, as after any value: "nullx" fails there.
func (s *Scanner) Literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// Members walks the members of an object whose '{' has been consumed, up to
// and including its '}'. fieldOf names the field a key designates, as a bit
// of a set (0 for a field not kept, whose value is skipped; ok false for a
// key to leave to encoding/json); a field given twice is refused, as
// encoding/json would merge it; member decodes the value of each field kept.
// It returns false as soon as any of them does.
func (s *Scanner) Members(fieldOf func(key []byte) (field uint8, ok bool), member func(field uint8) bool) bool {
	var seen uint8
	for first := true; ; first = false {
		key, done, ok := s.NextKey(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		f, ok := fieldOf(key)
		if !ok {
			return false
		}
		if f == 0 {
			if !s.SkipValue() {
				return false
			}
			continue
		}
		if seen&f != 0 {
			return false
		}
		seen |= f
		if !member(f) {
			return false
		}
	}
}

// ObjectsOrNull decodes an array of objects, or null, as encoding/json does
// into a slice of structs: null leaves *dst as it is, [] makes it empty but
// not nil, a null element is a zero value. object decodes the members of
// one element, whose '{' has been consumed. (It is given the element alone,
// not s: a Scanner passed through a function value would have to live on
// the heap.)
func ObjectsOrNull[T any](s *Scanner, dst *[]T, object func(v *T) bool) bool {
	switch s.Peek() {
	case 'n':
		return s.Literal("null")
	case '[':
		s.Next()
	default:
		return false
	}
	all := []T{}
	if s.Peek() == ']' {
		s.Next()
		*dst = all
		return true
	}
	for {
		var zero T
		all = append(all, zero)
		switch s.Peek() {
		case 'n':
			if !s.Literal("null") {
				return false
			}
		case '{':
			s.Next()
			if !object(&all[len(all)-1]) {
				return false
			}
		default:
			return false
		}
		switch s.Peek() {
		case ',':
			s.Next()
		case ']':
			s.Next()
			*dst = all
			return true
		default:
			return false
		}
	}
}

// SkipValue checks and skips the JSON value at the cursor, of any type.
func (s *Scanner) SkipValue() bool { return s.skipValue(0) }

// maxSkipDepth bounds the nesting SkipValue follows; deeper documents go to
// encoding/json, which has its own limit.
const maxSkipDepth = 64

func (s *Scanner) skipValue(depth int) bool {
	if depth > maxSkipDepth {
		return false
	}
	switch c := s.Peek(); c {
	case '{':
		s.i++
		for first := true; ; first = false {
			c := s.Peek()
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
			if s.Peek() != '"' || !s.skipString() || s.Peek() != ':' {
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
			c := s.Peek()
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
		return s.Literal("true")
	case 'f':
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	default:
		return s.skipNumber()
	}
}

// skipString checks and skips the string at the cursor, escapes included.
// Bytes that are not UTF-8 are valid JSON (encoding/json replaces them).
func (s *Scanner) skipString() bool {
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
func (s *Scanner) skipNumber() bool {
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
func (s *Scanner) skipDigits() int {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}
