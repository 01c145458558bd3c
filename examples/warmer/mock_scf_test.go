package warmer_test

// readme:begin testing-mock-scf
import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/examples/warmer"
	"github.com/provconc/provconc/transport/mock"
	"github.com/provconc/provconc/transport/tencentscf"
)

func TestWarmOnSCFWithMock(t *testing.T) {
	m := &mock.Protocol{
		// Check inputs as the SCF protocol does.
		Rules: tencentscf.InputRules{},
		// SCF refuses a Put while the version's last allocation is running.
		PutFunc: func(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
			return nil, mock.SCFError(provconc.ErrResourceConflict)
		},
	}
	client, err := provconc.NewClient(m)
	if err != nil {
		t.Fatal(err)
	}

	_, err = warmer.Warm(context.Background(), client, "orders:3", 10, time.Minute)
	var apiErr *provconc.APIError
	if !errors.Is(err, provconc.ErrResourceConflict) || !errors.As(err, &apiErr) || apiErr.Code != "FailedOperation.ProvisionedInProgress" {
		t.Fatalf("Warm error = %v, want FailedOperation.ProvisionedInProgress", err)
	}

	// SCF sets provisioned concurrency on published versions only: an
	// alias is refused, as the service would refuse it, and nothing is
	// recorded.
	m.Reset()
	if _, err := warmer.Warm(context.Background(), client, "orders:live", 10, time.Minute); !errors.Is(err, provconc.ErrInvalidInput) {
		t.Errorf("Warm on an alias: error = %v, want ErrInvalidInput", err)
	}
	if n := len(m.Calls()); n != 0 {
		t.Errorf("%d calls recorded for a refused input", n)
	}
}

// readme:end
