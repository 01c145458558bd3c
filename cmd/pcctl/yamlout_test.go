package main

import (
	"strings"
	"testing"
)

// TestYAMLScalarStyles pins the styles aws-cli 2.9.19 (ruamel.yaml with
// libyaml) writes: YAML 1.2 plain scalars, quotes for what would read back
// as another type, double quotes for what single quotes cannot hold.
func TestYAMLScalarStyles(t *testing.T) {
	cases := map[string]string{
		"1e3": "'1e3'", ".inf": "'.inf'", "=": "'='", "<<": "'<<'", "~": "'~'", "null": "'null'",
		"True": "'True'", "0x1F": "'0x1F'", "+1": "'+1'", "2026-12-02": "'2026-12-02'",
		"yes": "yes", "on": "on", "12:30": "12:30", "1e": "1e", ".": ".", "a:b": "a:b",
		"2026-12-02T00:00:00+0000": "2026-12-02T00:00:00+0000",
		"":                         "''", " lead": "' lead'", "a: b": "'a: b'", "- x": "'- x'", "?": "'?'", "a #b": "'a #b'",
		"it's": "it's", "'q": "'''q'",
		"\t": `"\t"`, "x\x01": `"x\x01"`, "\u0085": `"\N"`, "\U0001F600": `"\U0001F600"`, "a\"b": `a"b`,
		"multi\nline": "'multi\n\n  line'",
		"a\n\nb\n":    "'a\n\n\n  b\n\n  '",
	}
	for s, want := range cases {
		got := writeYAMLBlock([]any{s})
		if want := "- " + want + "\n"; got != want {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
	long := strings.Repeat("word ", 20) + "end"
	got := writeYAMLBlock(map[string]any{"K": long, "=": []any{"x"}})
	want := "'=':\n- x\nK: " + strings.Repeat("word ", 15) + "word\n  " + strings.Repeat("word ", 4) + "end\n"
	if got != want {
		t.Errorf("folding: got %q, want %q", got, want)
	}
}
