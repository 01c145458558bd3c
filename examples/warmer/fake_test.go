package warmer_test

// readme:begin testing-fake
import (
	"context"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/examples/warmer"
)

// fakeAPI answers Put with IN_PROGRESS and each Get with the next status.
type fakeAPI struct {
	puts     []provconc.PutInput
	statuses []provconc.Status
}

func (f *fakeAPI) Put(_ context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	f.puts = append(f.puts, *in)
	return &provconc.PutOutput{Config: provconc.Config{Requested: in.ProvisionedConcurrentExecutions, Status: provconc.StatusInProgress}}, nil
}

func (f *fakeAPI) Get(_ context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	status := f.statuses[0]
	f.statuses = f.statuses[1:]
	return &provconc.GetOutput{Config: provconc.Config{Requested: 10, Status: status}}, nil
}

func TestWarmWithFake(t *testing.T) {
	api := &fakeAPI{statuses: []provconc.Status{provconc.StatusInProgress, provconc.StatusReady}}
	noSleep := func(o *provconc.WaitOptions) {
		o.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	cfg, err := warmer.Warm(context.Background(), api, "my-function:BLUE", 10, time.Minute, noSleep)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Status != provconc.StatusReady || len(api.puts) != 1 || api.puts[0].ProvisionedConcurrentExecutions != 10 {
		t.Errorf("Warm = %+v after puts %+v", cfg, api.puts)
	}
}

// readme:end
