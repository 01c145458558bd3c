package warmer_test

// readme:begin testing-emulator
import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/examples/warmer"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

func TestWarmWithEmulator(t *testing.T) {
	// Like AWS, the emulator allocates for a while (emulator.DefaultReadyAfter
	// on its clock) before a config reads READY. Here the clock is the
	// test's, and it moves only when the wait sleeps: no real waiting.
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
		return ctx.Err()
	}
	emu := emulator.New(emulator.Options{Now: clock})
	if err := emu.CreateFunction("my-function"); err != nil {
		t.Fatal(err)
	}
	v, err := emu.PublishVersion("my-function")
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.CreateAlias("my-function", "BLUE", v); err != nil {
		t.Fatal(err)
	}
	client, err := awslambda.NewClient(aws.Config{
		Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := warmer.Warm(context.Background(), client, "my-function:BLUE", 25, time.Minute,
		func(o *provconc.WaitOptions) { o.Sleep, o.Now = sleep, clock })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Available != 25 {
		t.Errorf("Warm = %+v, want 25 available", cfg)
	}
	// The emulator's state says what the service would now hold.
	if got, ok := emu.ProvisionedConfig("my-function", "BLUE"); !ok || got.Requested != 25 {
		t.Errorf("emulator holds %+v (found %v), want 25 requested", got, ok)
	}
}

// readme:end
