package awslambda_test

import (
	"context"
	"errors"
	"fmt"
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
	emu := emulator.New(emulator.Options{})
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
	return client
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

func ExampleNewClient_waitUntilReady() {
	ctx := context.Background()
	client := exampleClient()
	if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function:BLUE", ProvisionedConcurrentExecutions: 10}); err != nil {
		panic(err)
	}
	ready, err := client.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "my-function:BLUE"},
		func(o *provconc.WaitOptions) {
			o.MinDelay = 10 * time.Millisecond
			o.Progress = func(c provconc.Config) { fmt.Println("progress:", c.Status) }
		})
	if err != nil {
		panic(err)
	}
	fmt.Println(ready.Status, ready.Available)
	// Output:
	// progress: READY
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
	// BLUE arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE
	// 2 arn:aws:lambda:us-east-1:123456789012:function:my-function:2
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
