package mock_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/mock"
	"github.com/provconc/provconc/transport/tencentscf"
)

func TestUnsetOperationFailsLoudly(t *testing.T) {
	t.Parallel()
	client, err := provconc.NewClient(&mock.Protocol{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["Put"] = client.Put(ctx, &provconc.PutInput{FunctionName: "f:1", ProvisionedConcurrentExecutions: 1})
	_, checks["Get"] = client.Get(ctx, &provconc.GetInput{FunctionName: "f:1"})
	_, checks["List"] = client.List(ctx, &provconc.ListInput{FunctionName: "f"})
	_, checks["Delete"] = client.Delete(ctx, &provconc.DeleteInput{FunctionName: "f:1"})
	for op, err := range checks {
		if err == nil || !strings.Contains(err.Error(), op+"Func") {
			t.Errorf("%s with no %sFunc: err = %v, want it named", op, op, err)
		}
	}
}

func TestCallsAreRecordedAsCopies(t *testing.T) {
	t.Parallel()
	m := &mock.Protocol{
		PutFunc: func(_ context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
			return &provconc.PutOutput{Config: provconc.Config{FunctionName: in.FunctionName, Requested: in.ProvisionedConcurrentExecutions, Status: provconc.StatusInProgress}}, nil
		},
		DeleteFunc: func(context.Context, *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
			return &provconc.DeleteOutput{}, nil
		},
	}
	client, _ := provconc.NewClient(m)
	in := &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 3}
	out, err := client.Put(context.Background(), in)
	if err != nil || out.Requested != 3 {
		t.Fatalf("Put = %+v, %v", out, err)
	}
	in.ProvisionedConcurrentExecutions = 99 // must not change the record
	if _, err := client.Delete(context.Background(), &provconc.DeleteInput{FunctionName: "f", Qualifier: "1"}); err != nil {
		t.Fatal(err)
	}
	want := []mock.Call{
		{Op: "Put", Input: &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 3}},
		{Op: "Delete", Input: &provconc.DeleteInput{FunctionName: "f", Qualifier: "1"}},
	}
	if diff := cmp.Diff(want, m.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	m.Reset()
	if n := len(m.Calls()); n != 0 {
		t.Errorf("after Reset, %d calls", n)
	}
}

func TestConcurrentCallsAreAllRecorded(t *testing.T) {
	t.Parallel()
	m := &mock.Protocol{GetFunc: func(context.Context, *provconc.GetInput) (*provconc.GetOutput, error) {
		return &provconc.GetOutput{}, nil
	}}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = m.Get(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		}()
	}
	wg.Wait()
	if n := len(m.Calls()); n != 50 {
		t.Errorf("recorded %d calls, want 50", n)
	}
}

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind   error
		code   string
		status int
	}{
		{provconc.ErrInvalidParameterValue, "InvalidParameterValueException", 400},
		{provconc.ErrResourceNotFound, "ResourceNotFoundException", 404},
		{provconc.ErrProvisionedConcurrencyConfigNotFound, "ProvisionedConcurrencyConfigNotFoundException", 404},
		{provconc.ErrResourceConflict, "ResourceConflictException", 409},
		{provconc.ErrTooManyRequests, "TooManyRequestsException", 429},
		{provconc.ErrAccessDenied, "AccessDeniedException", 403},
		{provconc.ErrService, "ServiceException", 500},
	}
	for _, tt := range tests {
		err := mock.Error(tt.kind)
		if !errors.Is(err, tt.kind) || err.Code != tt.code || err.StatusCode != tt.status {
			t.Errorf("Error(%v) = %+v, want code %s status %d", tt.kind, err, tt.code, tt.status)
		}
	}
	if !mock.Error(provconc.ErrTooManyRequests).Retryable() || mock.Error(provconc.ErrResourceNotFound).Retryable() {
		t.Error("Retryable does not follow the kind")
	}
}

func TestSCFErrorShapes(t *testing.T) {
	t.Parallel()
	for _, kind := range []error{
		provconc.ErrInvalidParameterValue, provconc.ErrResourceNotFound, provconc.ErrProvisionedConcurrencyConfigNotFound,
		provconc.ErrResourceConflict, provconc.ErrTooManyRequests, provconc.ErrAccessDenied, provconc.ErrService,
	} {
		err := mock.SCFError(kind)
		if !errors.Is(err, kind) || err.StatusCode != 200 || err.Message == "" {
			t.Errorf("SCFError(%v) = %+v, want kind %v, status 200 and a message", kind, err, kind)
		}
		// The code is one the SCF protocol maps to the same kind.
		if kind != provconc.ErrProvisionedConcurrencyConfigNotFound && tencentscf.KindOf(err.Code) != kind {
			t.Errorf("SCFError(%v).Code %q maps to %v in tencentscf", kind, err.Code, tencentscf.KindOf(err.Code))
		}
	}
	if !mock.SCFError(provconc.ErrTooManyRequests).Retryable() || mock.SCFError(provconc.ErrResourceNotFound).Retryable() {
		t.Error("Retryable does not follow the kind")
	}
}

// Testing code that waits for READY, with no network: script Get.
func Example() {
	polls := 0
	m := &mock.Protocol{
		GetFunc: func(_ context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
			polls++
			status := provconc.StatusInProgress
			if polls == 3 {
				status = provconc.StatusReady
			}
			return &provconc.GetOutput{Config: provconc.Config{FunctionName: in.FunctionName, Qualifier: in.Qualifier, Requested: 5, Status: status}}, nil
		},
	}
	client, _ := provconc.NewClient(m)
	noSleep := func(o *provconc.WaitOptions) {
		o.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	out, err := client.WaitUntilReady(context.Background(), &provconc.GetInput{FunctionName: "f", Qualifier: "live"}, noSleep)
	fmt.Println(out.Status, err, len(m.Calls()))
	// Output: READY <nil> 3
}
