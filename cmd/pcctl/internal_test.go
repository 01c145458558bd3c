// These tests check pieces of pcctl in process, where the binary cannot
// show them: the live progress line (which needs a terminal), the parsing
// of mixed flags and arguments, error rendering and exit codes, and that
// the package doc shows the usage text.

package main

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

func TestUsageMatchesDoc(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := docText(file)
	i := strings.Index(doc, "\tUsage: pcctl")
	if i < 0 {
		t.Fatal("doc.go does not show the usage text")
	}
	var b strings.Builder
	for _, line := range strings.Split(doc[i:], "\n") {
		b.WriteString(strings.TrimPrefix(line, "\t") + "\n")
	}
	if diff := cmp.Diff(strings.TrimRight(usageText, "\n"), strings.TrimRight(b.String(), "\n")); diff != "" {
		t.Errorf("the package doc and usageText differ (-usageText +doc.go):\n%s", diff)
	}
}

func docText(f *ast.File) string {
	if f.Doc == nil {
		return ""
	}
	return f.Doc.Text()
}

// syncBuffer is a strings.Builder safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stepClock advances by one second each time it is read.
func stepClock() func() time.Time {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

func TestProgressLive(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, true, 0, "demo-api:live", stepClock())
	p.update(provconc.Config{FunctionName: "demo-api", Qualifier: "live", Requested: 10, Status: provconc.StatusInProgress})
	p.update(provconc.Config{FunctionName: "demo-api", Qualifier: "live", Requested: 10, Allocated: 10, Available: 10, Status: provconc.StatusReady})
	p.finish()

	got := out.String()
	if !strings.HasPrefix(got, "\r") || !strings.HasSuffix(got, "\n") || strings.Count(got, "\n") != 1 {
		t.Fatalf("live progress is not one line rewritten with \\r and ended by \\n: %q", got)
	}
	draws := strings.Split(strings.TrimSuffix(got[1:], "\n"), "\r")
	first := draws[0]
	if !strings.HasPrefix(first, "waiting for demo-api:live: IN_PROGRESS, allocated 0/10, available 0, elapsed ") {
		t.Errorf("first draw = %q", first)
	}
	// Every redraw covers the whole of the line before it.
	for i := 1; i < len(draws); i++ {
		if len(draws[i]) < len(strings.TrimRight(draws[i-1], " ")) {
			t.Errorf("draw %q does not cover the previous %q", draws[i], draws[i-1])
		}
	}
	last := draws[len(draws)-1]
	if !strings.HasPrefix(last, "waiting for demo-api:live: READY, allocated 10/10, available 10, elapsed ") {
		t.Errorf("last draw = %q", last)
	}
	// READY is shorter than IN_PROGRESS: the first READY draw is padded.
	for _, d := range draws {
		if strings.Contains(d, "READY") {
			if len(d) != len(first) || !strings.HasSuffix(d, " ") {
				t.Errorf("the first READY draw %q is not padded to the length of %q", d, first)
			}
			break
		}
	}
}

func TestProgressPlain(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, false, 0, "demo-api:live", stepClock())
	cfg := provconc.Config{FunctionName: "demo-api", Qualifier: "live", Requested: 4, Status: provconc.StatusInProgress}
	p.update(cfg)
	p.update(cfg) // no change, no line
	cfg.Allocated, cfg.Available = 2, 2
	p.update(cfg)
	cfg.Status, cfg.StatusReason = provconc.StatusFailed, "FUNCTION_ERROR_INIT_FAILURE"
	p.update(cfg)
	p.finish()
	want := "" +
		"waiting for demo-api:live: IN_PROGRESS, allocated 0/4, available 0, elapsed 1.0s\n" +
		"waiting for demo-api:live: IN_PROGRESS, allocated 2/4, available 2, elapsed 2.0s\n" +
		"waiting for demo-api:live: FAILED, allocated 2/4, available 2, elapsed 3.0s: FUNCTION_ERROR_INIT_FAILURE\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("plain progress (-want +got):\n%s", diff)
	}
}

func TestFormatElapsed(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                     "0.0s",
		1234 * time.Millisecond:               "1.2s",
		59*time.Second + 940*time.Millisecond: "59.9s",
		2*time.Minute + 5500*time.Millisecond: "2m5s",
	} {
		if got := formatElapsed(d); got != want {
			t.Errorf("formatElapsed(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestDescribeAndExitCode(t *testing.T) {
	notFound := &provconc.APIError{Provider: "aws-lambda", Operation: "GetProvisionedConcurrencyConfig",
		Code: "ResourceNotFoundException", Message: "Function not found:\n fn", StatusCode: 404,
		RequestID: "1234", Kind: provconc.ErrResourceNotFound}
	throttled := &provconc.APIError{Code: "TooManyRequestsException", Message: "Rate exceeded", StatusCode: 429,
		RequestID: "5678", Kind: provconc.ErrTooManyRequests}
	cases := []struct {
		err  error
		line string
		code int
	}{
		{notFound, "An error occurred (ResourceNotFoundException) when calling the GetProvisionedConcurrencyConfig operation: Function not found:  fn (request id: 1234)", exitService},
		{&provconc.RetryExhaustedError{Attempts: 3, Reason: "max attempts", Err: throttled},
			"An error occurred (TooManyRequestsException) when calling the the operation (reached max retries: 2): Rate exceeded (request id: 5678)", exitService},
		{provconc.NewInputError("FunctionName", "a b", "must match x"), `invalid FunctionName (FUNCTION) "a b": must match x`, exitUsage},
		{provconc.NewInputError("Extension", "", "is odd"), `invalid Extension: is odd`, exitUsage},
		{usagef("put", "missing COUNT"), "missing COUNT", exitUsage},
		{&configError{errors.New("no region")}, "no region", exitConfig},
		{&configError{provconc.NewInputError("Endpoint", "x", "must be a URL")}, `invalid Endpoint "x": must be a URL`, exitConfig},
		{&waitFailedError{cfg: provconc.Config{FunctionName: "fn", Qualifier: "1", StatusReason: "boom"}}, "allocation FAILED for fn:1: boom", exitOther},
		{&waitTimeoutError{target: "fn:1", timeout: time.Second}, "timed out after 1s waiting for fn:1 to be READY", exitOther},
		{errors.New("provconc: aws-lambda GetProvisionedConcurrencyConfig: dial tcp: refused"), "aws-lambda GetProvisionedConcurrencyConfig: dial tcp: refused", exitOther},
	}
	for _, c := range cases {
		if got := oneLine(describe(c.err)); got != c.line {
			t.Errorf("describe(%v) = %q, want %q", c.err, got, c.line)
		}
		if got := exitCode(c.err); got != c.code {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.code)
		}
	}
}

// TestRunInterrupted checks that a command cut short by its context (SIGINT
// in main) exits 130.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	code := run(ctx, []string{"--emulator", "get", "demo-api:live"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitInterrupted || stderr.String() != "pcctl: interrupted\n" {
		t.Errorf("run with a cancelled context: exit code %d, stderr %q; want %d, %q", code, stderr.String(), exitInterrupted, "pcctl: interrupted\n")
	}
}
