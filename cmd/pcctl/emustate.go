// This file keeps the demo emulator's state in a file, so that a sequence
// of commands works on one account: --emulator-state FILE loads the state
// before a command and saves it after (the in-process emulator), and
// "pcctl emulator --state FILE" loads it at start and saves it after every
// change (the served emulator). A missing file starts from the seeded demo.
// The in-process emulator also serves Tencent SCF, seeded with the same
// demo function names.

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/provconc/provconc/transport/emulator"
)

// demoSCFFunctions are the SCF functions (default namespace) the demo
// emulator starts with: name and number of published versions.
var demoSCFFunctions = []struct {
	name     string
	versions int
}{{"demo-api", 2}, {"demo-worker", 1}, {brokenFunction, 1}}

// startInProcessEmulator starts the emulator --emulator asks for: from
// --emulator-state when the file exists, else the seeded demo.
func (a *app) startInProcessEmulator(ctx context.Context) (*emulator.Server, error) {
	return loadOrSeedEmulator(ctx, a.set.emulatorState, a.set.region, inProcessReadyAfter)
}

// loadOrSeedEmulator returns the demo emulator with the state kept in path
// ("" or a missing file: the seeded demo).
func loadOrSeedEmulator(ctx context.Context, path, region string, readyAfter time.Duration) (*emulator.Server, error) {
	emu, err := newDemoEmulator(ctx, region, readyAfter)
	if err != nil {
		return nil, err
	}
	if err := seedDemoSCF(emu); err != nil {
		return nil, err
	}
	if path == "" {
		return emu, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return emu, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the emulator state: %w", err)
	}
	defer f.Close()
	snap, err := emulator.ReadSnapshot(f)
	if err == nil {
		err = emu.Restore(snap)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the emulator state %s: %w", path, err)
	}
	return emu, nil
}

// seedDemoSCF creates the demo SCF functions.
func seedDemoSCF(emu *emulator.Server) error {
	for _, f := range demoSCFFunctions {
		if err := emu.CreateSCFFunction(emulator.DefaultSCFNamespace, f.name); err != nil {
			return err
		}
		for range f.versions {
			if _, err := emu.PublishSCFVersion(emulator.DefaultSCFNamespace, f.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// saveEmulatorState writes the in-process emulator's state to
// --emulator-state, when both are in use.
func (a *app) saveEmulatorState() error {
	if a.set.inProcess == nil || a.set.emulatorState == "" {
		return nil
	}
	if err := saveSnapshot(a.set.inProcess, a.set.emulatorState); err != nil {
		return &configError{fmt.Errorf("saving the emulator state: %w", err)}
	}
	return nil
}

// saveSnapshot writes emu's state to path atomically: a reader sees the
// old state or the new, never half of one.
func saveSnapshot(emu *emulator.Server, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if err := emu.WriteSnapshot(tmp); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// persistingHandler serves emu and saves its state to path after every
// request that may change it (anything but a Lambda GET), one save at a
// time. A failed save is reported on report and the answer still goes out:
// the request was applied.
type persistingHandler struct {
	emu    *emulator.Server
	path   string
	report func(error)
	mu     sync.Mutex
}

// ServeHTTP serves the request, then saves.
func (h *persistingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.emu.ServeHTTP(w, r)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := saveSnapshot(h.emu, h.path); err != nil {
		h.report(err)
	}
}

// emulatorToServe returns the emulator "pcctl emulator" serves and its
// handler: with --state, loaded from the file and saving to it.
func (a *app) emulatorToServe(ctx context.Context, o *options) (*emulator.Server, http.Handler, error) {
	emu, err := loadOrSeedEmulator(ctx, o.stateFile, a.set.region, o.readyAfter)
	if err != nil {
		return nil, nil, err
	}
	if o.stateFile == "" {
		return emu, emu, nil
	}
	// Write the state at once, so the file exists from the start.
	if err := saveSnapshot(emu, o.stateFile); err != nil {
		return nil, nil, fmt.Errorf("saving the emulator state: %w", err)
	}
	return emu, &persistingHandler{emu: emu, path: o.stateFile, report: func(err error) {
		fmt.Fprintf(a.stderr, "pcctl emulator: saving the state: %s\n", oneLine(err.Error()))
	}}, nil
}
