// Runnable examples of each of the Client's calls, against the in-process
// emulator on a fixed clock, so that pkg.go.dev shows one under each method.

package provconc_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/emulator"
)

// exampleNow is the emulator's clock in the examples of the Client's calls.
func exampleNow() time.Time { return time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC) }

func ExampleClient_Put() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{Now: exampleNow})

	out, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    "my-function",
		Qualifier:                       "BLUE",
		ProvisionedConcurrentExecutions: 100,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The service starts allocating; WaitUntilReady waits for READY.
	fmt.Println(out.Status, out.Requested, out.Allocated, out.LastModified.Format(time.RFC3339))
	// Output:
	// IN_PROGRESS 100 0 2019-11-21T19:32:12Z
}

func ExampleClient_Get() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{Now: exampleNow, ReadyAfter: -1})
	if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 10}); err != nil {
		fmt.Println(err)
		return
	}

	// The qualifier may be given on its own or in the name.
	out, err := client.Get(ctx, &provconc.GetInput{FunctionName: "my-function:BLUE"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.FunctionName, out.Qualifier)
	fmt.Println(out.Status, out.Available, "of", out.Requested)

	// A version or alias with nothing provisioned is a typed error.
	_, err = client.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "1"})
	fmt.Println(errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound))
	// Output:
	// my-function BLUE
	// READY 10 of 10
	// true
}

func ExampleClient_List() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{Now: exampleNow})
	for _, q := range []string{"1", "2", "3"} {
		if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: q, ProvisionedConcurrentExecutions: 5}); err != nil {
			fmt.Println(err)
			return
		}
	}

	// One page at a time: pass NextMarker back until it is empty (or use
	// NewListPaginator or ListAll, which do it for you).
	in := &provconc.ListInput{FunctionName: "my-function", MaxItems: 2}
	for page := 1; ; page++ {
		out, err := client.List(ctx, in)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, c := range out.Configs {
			fmt.Println("page", page, c.Qualifier, c.Requested)
		}
		if out.NextMarker == "" {
			break
		}
		in.Marker = out.NextMarker
	}
	// Output:
	// page 1 3 5
	// page 1 2 5
	// page 2 1 5
}

func ExampleClient_Delete() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{Now: exampleNow})
	if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 10}); err != nil {
		fmt.Println(err)
		return
	}

	if _, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "BLUE"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("deleted")

	// As in the service, deleting again succeeds; an alias that does not
	// exist is a typed error.
	_, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "BLUE"})
	fmt.Println("again:", err)
	_, err = client.Delete(ctx, &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "GREEN"})
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.StatusCode)
	}
	// Output:
	// deleted
	// again: <nil>
	// ResourceNotFoundException 404
}
