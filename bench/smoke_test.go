// This file checks, in well under a second, that every implementation the
// benchmarks compare works and agrees, so `go test ./...` catches a broken
// benchmark without running any.

package bench

import (
	"context"
	"testing"

	"github.com/provconc/provconc/transport/emulator"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	t.Run("Get", func(t *testing.T) {
		for _, srv := range []string{serve(t, fixedGetHandler()).URL, serve(t, newEmulator(t, emulator.Options{})).URL} {
			for _, impl := range getImpls(t, srv, nil) {
				if n, err := impl.get(ctx); err != nil || n != 100 {
					t.Errorf("%s against %s: (%d, %v), want 100", impl.name, srv, n, err)
				}
			}
		}
		for _, impl := range getImpls(t, "http://lambda.test", memoryTransport{}) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s in memory: (%d, %v), want 100", impl.name, n, err)
			}
		}
	})
	t.Run("SCFGet", func(t *testing.T) {
		srv := serve(t, fixedSCFHandler())
		for _, impl := range scfImpls(t, srv.URL, nil) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s: (%d, %v), want 100", impl.name, n, err)
			}
		}
		for _, impl := range scfImpls(t, "http://scf.test", memorySCFTransport{}) {
			if n, err := impl.get(ctx); err != nil || n != 100 {
				t.Errorf("%s in memory: (%d, %v), want 100", impl.name, n, err)
			}
		}
	})
	t.Run("ListAll", func(t *testing.T) {
		const configs = 3*listPageSize + 7
		emu := emulator.New(emulator.Options{})
		if err := emu.CreateFunction(functionName); err != nil {
			t.Fatal(err)
		}
		seedConfigs(t, emu, configs, 1)
		srv := serve(t, emu)
		for _, impl := range append(walkImpls(t, srv.URL, nil), struct {
			name string
			walk walkFunc
		}{"collect", newCollectWalk(t, srv.URL)}) {
			pages := 0
			n, err := impl.walk(ctx, func() { pages++ })
			if err != nil || n != configs || pages != 4 {
				t.Errorf("%s: %d configs in %d pages, %v; want %d in 4", impl.name, n, pages, err, configs)
			}
		}
	})
}
