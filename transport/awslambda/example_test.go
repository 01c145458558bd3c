package awslambda_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// exampleClient returns a client wired to an in-process emulator holding
// my-function with version 1 and alias BLUE -> 1. A real program passes the
// aws.Config from config.LoadDefaultConfig instead.
func exampleClient() *provconc.Client {
	client, _ := exampleClientAndClock()
	return client
}

// exampleClientAndClock is exampleClient that also returns the emulator's
// clock the example moves (Options.Now): an allocation takes
// emulator.DefaultReadyAfter on it.
func exampleClientAndClock() (*provconc.Client, *exampleClock) {
	clock := &exampleClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	emu := emulator.New(emulator.Options{Now: clock.Now})
	_ = emu.CreateFunction("my-function")
	v, _ := emu.PublishVersion("my-function")
	_ = emu.CreateAlias("my-function", "BLUE", v)
	_, _ = emu.PublishVersion("my-function")
	client, err := awslambda.NewClient(aws.Config{
		Region:      "us-east-1",
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  emu.Client(),
	})
	if err != nil {
		panic(err)
	}
	return client, clock
}

// exampleClock is a clock the example advances.
type exampleClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *exampleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *exampleClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func ExampleNewClient() {
	ctx := context.Background()
	client := exampleClient()

	out, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    "my-function",
		Qualifier:                       "BLUE",
		ProvisionedConcurrentExecutions: 100,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Status, out.Requested, out.Allocated)
	// Output: IN_PROGRESS 100 0
}

// Put returns while the service allocates (IN_PROGRESS); WaitUntilReady
// polls until READY. Here the emulator's clock stands in for the minutes
// AWS takes: the progress callback moves it on.
func ExampleNewClient_waitUntilReady() {
	ctx := context.Background()
	client, clock := exampleClientAndClock()
	if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function:BLUE", ProvisionedConcurrentExecutions: 10}); err != nil {
		panic(err)
	}
	ready, err := client.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "my-function:BLUE"},
		func(o *provconc.WaitOptions) {
			o.MinDelay = 10 * time.Millisecond
			o.Progress = func(c provconc.Config) {
				fmt.Println("progress:", c.Status, c.Allocated)
				clock.Advance(emulator.DefaultReadyAfter)
			}
		})
	if err != nil {
		panic(err)
	}
	fmt.Println(ready.Status, ready.Available)
	// Output:
	// progress: IN_PROGRESS 0
	// progress: READY 10
	// READY 10
}

func ExampleNewClient_listAll() {
	ctx := context.Background()
	client := exampleClient()
	for _, q := range []string{"BLUE", "2"} {
		if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: q, ProvisionedConcurrentExecutions: 5}); err != nil {
			panic(err)
		}
	}
	for cfg, err := range client.ListAll(ctx, &provconc.ListInput{FunctionName: "my-function"}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(cfg.Qualifier, cfg.FunctionARN)
	}
	// Output:
	// 2 arn:aws:lambda:us-east-1:123456789012:function:my-function:2
	// BLUE arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE
}

func ExampleNewClient_errors() {
	ctx := context.Background()
	client := exampleClient()

	_, err := client.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"})
	fmt.Println(errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound))
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.StatusCode, apiErr.RequestID != "")
	}

	// Refused before sending: the name breaks the documented pattern.
	_, err = client.Delete(ctx, &provconc.DeleteInput{FunctionName: "my function", Qualifier: "BLUE"})
	var inputErr *provconc.InputError
	fmt.Println(errors.As(err, &inputErr), inputErr.Field)
	// Output:
	// true
	// ProvisionedConcurrencyConfigNotFoundException 404 true
	// true FunctionName
}
