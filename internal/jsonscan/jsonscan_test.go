package jsonscan

import (
	"encoding/json"
	"testing"
)

// TestUintOrNullMatchesEncodingJSON checks UintOrNull on the edges of what
// encoding/json reads into a uint64: whatever it reads must be what
// encoding/json reads, and it must read the plain counts.
func TestUintOrNullMatchesEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		read bool
	}{
		{"0", true}, {"7", true}, {"1234567890123456789", true}, {"null", true},
		{"-0", false}, {"-1", false}, {"01", false}, {"1.0", false}, {"1e2", false}, {"1E2", false},
		{"18446744073709551615", false}, {"18446744073709551616", false}, {`"1"`, false}, {"", false}, {"nul", false},
	} {
		s := New([]byte(tc.in))
		n, isNull, ok := s.UintOrNull()
		ok = ok && s.AtEnd()
		if ok != tc.read {
			t.Errorf("UintOrNull(%q) read = %v, want %v", tc.in, ok, tc.read)
			continue
		}
		if !ok {
			continue
		}
		var want *uint64
		if err := json.Unmarshal([]byte(tc.in), &want); err != nil {
			t.Fatalf("encoding/json refuses %q, which UintOrNull read: %v", tc.in, err)
		}
		if isNull != (want == nil) || (want != nil && n != *want) {
			t.Errorf("UintOrNull(%q) = %d, null %v; encoding/json reads %v", tc.in, n, isNull, want)
		}
	}
}
