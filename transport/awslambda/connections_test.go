package awslambda_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// Sequential calls through the default HTTP stack reuse one keep-alive
// connection: the answers are read whole and closed, and no retry path
// closes idle connections.
func TestSequentialCallsReuseOneConnection(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	_ = emu.CreateFunction("f")
	_, _ = emu.PublishVersion("f")
	var dials atomic.Int32
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		_, _ = p.Put(ctx, &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 1 + i})
		_, _ = p.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		_, _ = p.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "9"}) // 404: error bodies are drained too
		_, _ = p.List(ctx, &provconc.ListInput{FunctionName: "f"})
	}
	if _, err := p.Delete(ctx, &provconc.DeleteInput{FunctionName: "f", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	// One connection carries them all. net/http recycles a connection only
	// once its write loop has reported the request written, and waits 50ms
	// for that; on a machine loaded enough to starve that goroutine it dials
	// again, so a couple of extra dials are not a failure, one per call is.
	if n := dials.Load(); n > 3 {
		t.Errorf("81 sequential calls opened %d connections, want 1 (at most 3 on a loaded machine)", n)
	}
}

// Concurrent calls share a bounded pool: the connections opened never
// exceed the number of goroutines, and a second wave reuses the first's.
func TestConcurrentCallsShareThePool(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	_ = emu.CreateFunction("f")
	_, _ = emu.PublishVersion("f")
	var dials atomic.Int32
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	p, err := awslambda.New(awslambda.Options{Region: "us-east-1", Credentials: testCreds, Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	const workers = 16
	wave := func() {
		var wg sync.WaitGroup
		for i := 0; i < workers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 5; j++ {
					_, _ = p.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
				}
			}()
		}
		wg.Wait()
	}
	wave()
	first := dials.Load()
	wave()
	// net/http may dial a connection for a waiting request and then hand
	// that request one freed meanwhile, keeping the new one idle: a few
	// more than workers is normal. One per call (80) is not.
	if first > 2*workers {
		t.Errorf("%d goroutines making %d calls opened %d connections", workers, workers*5, first)
	}
	if again := dials.Load() - first; again > workers/2 {
		t.Errorf("the second wave opened %d new connections; the idle pool kept too few", again)
	}
}

// No file of the module turns certificate checks off.
func TestNoInsecureTLSAnywhere(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const forbidden = "Insecure" + "SkipVerify" // split so this file does not match itself
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), forbidden) {
			t.Errorf("%s sets %s", path, forbidden)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
