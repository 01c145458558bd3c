package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// hostile is a request value far longer than any valid one.
var hostile = strings.Repeat("h", 64<<10)

// checkCut fails unless msg is short and shows the start of hostile with an
// ellipsis, never the whole of it.
func checkCut(t *testing.T, msg string) {
	t.Helper()
	if len(msg) > 600 || !strings.Contains(msg, strings.Repeat("h", 100)+"…") {
		t.Errorf("message of %d bytes does not cut the 64 KiB value: %.300q", len(msg), msg)
	}
}

// A Lambda request naming a 64 KiB function or qualifier gets a validation
// error that quotes only the start of it.
func TestLambdaErrorsCutLongValues(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s, _ := seeded(t, Options{})
		c, base := m.dial(t, s)
		for _, url := range []string{
			base + pcPathFor(hostile) + "?Qualifier=1",
			base + pcPathFor("my-function") + "?Qualifier=" + hostile,
			base + pcPathFor("my-function") + "?List=ALL&MaxItems=" + hostile,
		} {
			r := do(t, c, http.MethodGet, url, "")
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %.200s", r.status, r.body)
			}
			msg, _ := r.json(t)["message"].(string)
			checkCut(t, msg)
		}
	})
}

// An SCF request with a 64 KiB unknown parameter name or API version gets
// an error that quotes only the start of it.
func TestSCFErrorsCutLongValues(t *testing.T) {
	t.Parallel()
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		s, _ := scfSeeded(t, Options{})
		c, url := m.dial(t, s)
		r := scfCall(t, c, url, scfActionGet, map[string]any{"FunctionName": "my-function", hostile: "1"})
		if e := scfErrorOf(t, r); e.Code != "UnknownParameter" {
			t.Errorf("code %s, want UnknownParameter", e.Code)
		} else {
			checkCut(t, e.Message)
		}
		req := scfRequest(t, url, scfActionGet, map[string]any{"FunctionName": "my-function"})
		req.Header.Set("X-TC-Version", hostile)
		if e := scfErrorOf(t, send(t, c, req)); e.Code != "NoSuchVersion" {
			t.Errorf("code %s, want NoSuchVersion", e.Code)
		} else {
			checkCut(t, e.Message)
		}
	})
}
