// Runnable examples of the Client's helpers against the in-process emulator
// (waiting, paginating, iterating), of testing with transport/mock, and of
// Config as JSON. The emulator and the wait share a fake clock, so the
// output is the same on every run and nothing waits in real time.

package provconc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/mock"
)

// exampleClock is a clock that moves only when the wait sleeps on it.
type exampleClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *exampleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *exampleClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// newExampleClient returns a client of an emulator holding my-function with
// versions 1 to 3 and the alias BLUE on version 3.
func newExampleClient(opts emulator.Options) *provconc.Client {
	emu := emulator.New(opts)
	_ = emu.CreateFunction("my-function")
	var v string
	for range 3 {
		v, _ = emu.PublishVersion("my-function")
	}
	_ = emu.CreateAlias("my-function", "BLUE", v)
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

func ExampleWaitUntilReady() {
	ctx := context.Background()
	clock := &exampleClock{now: time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC)}
	// The emulator takes 10 seconds of its clock to allocate.
	client := newExampleClient(emulator.Options{Now: clock.Now, ReadyAfter: 10 * time.Second})

	put, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Put:", put.Status)

	start := clock.Now()
	ready, err := client.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "my-function:BLUE"}, func(o *provconc.WaitOptions) {
		o.MaxWait = 5 * time.Minute // give up after five minutes
		o.Progress = func(c provconc.Config) {
			fmt.Printf("%5s %s %d/%d\n", clock.Now().Sub(start), c.Status, c.Available, c.Requested)
		}
		// A real program leaves these out; the example runs on a fake clock
		// and draws the longest wait each time: 1s, doubling up to 15s.
		o.Now, o.Sleep, o.Jitter = clock.Now, clock.Sleep, func() float64 { return 1 }
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ready:", ready.Available, "available")

	// A wait that runs out of time names what it saw last.
	_, _ = client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 200})
	_, err = client.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}, func(o *provconc.WaitOptions) {
		o.MaxWait = 3 * time.Second
		o.Now, o.Sleep, o.Jitter = clock.Now, clock.Sleep, func() float64 { return 0 }
	})
	fmt.Println(errors.Is(err, provconc.ErrWaitTimeout), errors.Is(err, context.DeadlineExceeded))
	fmt.Println(err)
	// Output:
	// Put: IN_PROGRESS
	//    0s IN_PROGRESS 0/100
	//    1s IN_PROGRESS 0/100
	//    3s IN_PROGRESS 0/100
	//    7s IN_PROGRESS 0/100
	//   15s READY 100/100
	// ready: 100 available
	// true true
	// provconc: gave up waiting for my-function:BLUE to be READY after 3s; last status IN_PROGRESS
}

func ExampleNewListPaginator() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{})
	for _, q := range []string{"1", "2", "BLUE"} {
		if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: q, ProvisionedConcurrentExecutions: 5}); err != nil {
			fmt.Println(err)
			return
		}
	}

	// Two configs a page, as the official SDK's paginators do it.
	p := provconc.NewListPaginator(client, &provconc.ListInput{FunctionName: "my-function"}, func(o *provconc.ListPaginatorOptions) {
		o.Limit = 2
	})
	for page := 1; p.HasMorePages(); page++ {
		out, err := p.NextPage(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		var names []string
		for _, c := range out.Configs {
			names = append(names, c.Qualifier)
		}
		fmt.Printf("page %d: %s (more: %v)\n", page, strings.Join(names, ", "), out.NextMarker != "")
	}
	// Output:
	// page 1: BLUE, 2 (more: true)
	// page 2: 1 (more: false)
}

func ExampleListAll() {
	ctx := context.Background()
	client := newExampleClient(emulator.Options{})
	for i, q := range []string{"1", "2", "BLUE"} {
		if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: q, ProvisionedConcurrentExecutions: 10 * (i + 1)}); err != nil {
			fmt.Println(err)
			return
		}
	}

	// Every config, pages read as the loop goes; a break stops the reading.
	total := 0
	for c, err := range client.ListAll(ctx, &provconc.ListInput{FunctionName: "my-function", MaxItems: 1}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.Qualifier, c.Requested, c.FunctionARN)
		total += c.Requested
	}
	fmt.Println("total:", total)
	// Output:
	// BLUE 30 arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE
	// 2 20 arn:aws:lambda:us-east-1:123456789012:function:my-function:2
	// 1 10 arn:aws:lambda:us-east-1:123456789012:function:my-function:1
	// total: 60
}

// scaleTo is code under test: it sets the amount and tells whether the
// function was throttled.
func scaleTo(ctx context.Context, api provconc.PutAPI, function string, n int) (throttled bool, err error) {
	_, err = api.Put(ctx, &provconc.PutInput{FunctionName: function, ProvisionedConcurrentExecutions: n})
	if errors.Is(err, provconc.ErrTooManyRequests) {
		return true, nil
	}
	return false, err
}

// Testing code that uses provconc with transport/mock: script the answers,
// run the code, read the calls. The mock refuses bad inputs exactly as the
// real protocol would (here AWS Lambda's rules), so a test cannot pass on
// input the service would refuse.
func Example_testingWithMock() {
	ctx := context.Background()
	m := &mock.Protocol{
		PutFunc: func(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
			return nil, mock.Error(provconc.ErrTooManyRequests)
		},
	}
	client, _ := provconc.NewClient(m)

	throttled, err := scaleTo(ctx, client, "my-function:BLUE", 50)
	fmt.Println("throttled:", throttled, err)
	for _, call := range m.Calls() {
		in := call.Input.(*provconc.PutInput)
		fmt.Println(call.Op, in.FunctionName, in.ProvisionedConcurrentExecutions)
	}

	// A qualifier is required: the mock refuses as the service would,
	// records nothing and never calls PutFunc.
	_, err = scaleTo(ctx, client, "my-function", 50)
	fmt.Println(err)
	fmt.Println("calls:", len(m.Calls()))
	// Output:
	// throttled: true <nil>
	// Put my-function:BLUE 50
	// provconc: invalid Qualifier: is required (as Qualifier or as the :qualifier suffix of FunctionName)
	// calls: 1
}

func ExampleConfig_MarshalJSON() {
	cfg := provconc.Config{
		FunctionName: "my-function",
		Qualifier:    "BLUE",
		Requested:    100,
		Allocated:    100,
		Available:    100,
		Status:       provconc.StatusReady,
		LastModified: time.Date(2019, 12, 31, 20, 28, 49, 0, time.UTC),
	}
	data, _ := json.MarshalIndent(cfg, "", "  ")
	fmt.Println(string(data))

	var back provconc.Config
	if err := json.Unmarshal(data, &back); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.LastModified.Equal(cfg.LastModified), back.Status)
	// Output:
	// {
	//   "FunctionName": "my-function",
	//   "Qualifier": "BLUE",
	//   "RequestedProvisionedConcurrentExecutions": 100,
	//   "AvailableProvisionedConcurrentExecutions": 100,
	//   "AllocatedProvisionedConcurrentExecutions": 100,
	//   "Status": "READY",
	//   "LastModified": "2019-12-31T20:28:49+0000"
	// }
	// true READY
}
