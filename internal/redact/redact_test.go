package redact

import "testing"

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"http://127.0.0.1:4566":                "http://127.0.0.1:4566",
		"https://user:hunter2@proxy.example/x": "https://user:xxxxx@proxy.example/x",
		"https://user@proxy.example":           "https://user@proxy.example",
		"http://user:hunter2@[::1:bad-port/":   Marker, // unparsable, holds user information
		"http://[::1:bad-port/":                "http://[::1:bad-port/",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetOrNil(t *testing.T) {
	if SetOrNil(true) != "set" || SetOrNil(false) != "nil" {
		t.Errorf("SetOrNil = %q, %q", SetOrNil(true), SetOrNil(false))
	}
}

func TestStruct(t *testing.T) {
	if got, want := Struct("x.Options", "A", `"a"`, "B", "set"), `x.Options{A: "a", B: set}`; got != want {
		t.Errorf("Struct = %s, want %s", got, want)
	}
	if got := Struct("x.Options"); got != "x.Options{}" {
		t.Errorf("Struct with no fields = %s", got)
	}
}
