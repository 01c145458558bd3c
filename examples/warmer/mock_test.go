package warmer_test

// readme:begin testing-mock
import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/examples/warmer"
	"github.com/provconc/provconc/transport/mock"
)

func TestWarmWithMock(t *testing.T) {
	m := &mock.Protocol{
		PutFunc: func(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
			return &provconc.PutOutput{Config: provconc.Config{Status: provconc.StatusInProgress}}, nil
		},
		GetFunc: func(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
			return &provconc.GetOutput{Config: provconc.Config{Status: provconc.StatusFailed, StatusReason: "FUNCTION_ERROR_INIT_FAILURE"}}, nil
		},
	}
	client, err := provconc.NewClient(m)
	if err != nil {
		t.Fatal(err)
	}

	_, err = warmer.Warm(context.Background(), client, "my-function:BLUE", 10, time.Minute)
	if !errors.Is(err, provconc.ErrAllocationFailed) {
		t.Fatalf("Warm error = %v, want ErrAllocationFailed", err)
	}
	if calls := m.Calls(); len(calls) != 2 || calls[0].Op != "Put" || calls[1].Op != "Get" {
		t.Errorf("calls = %+v, want Put then Get", calls)
	}

	// The mock checks inputs with the real protocol's rules (AWS Lambda's
	// unless m.Rules says otherwise): no qualifier is refused, as the
	// service would refuse it, and nothing is recorded.
	m.Reset()
	if _, err := warmer.Warm(context.Background(), client, "my-function", 10, time.Minute); !errors.Is(err, provconc.ErrInvalidInput) {
		t.Errorf("Warm without a qualifier: error = %v, want ErrInvalidInput", err)
	}
	if n := len(m.Calls()); n != 0 {
		t.Errorf("%d calls recorded for a refused input", n)
	}
}

// readme:end
