package warmer_test

// readme:begin testing-emulator
import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/examples/warmer"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

func TestWarmWithEmulator(t *testing.T) {
	emu := emulator.New(emulator.Options{}) // ReadyAfter 0: the first read after the Put is READY
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

	cfg, err := warmer.Warm(context.Background(), client, "my-function:BLUE", 25, time.Minute)
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
