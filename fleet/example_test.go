package fleet_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
)

// Example plans a desired state against an account (here the in-process
// emulator, allocating at once) and applies it: one config is created, one
// updated, one pruned, one left alone.
func Example() {
	ctx := context.Background()
	emu := emulator.New(emulator.Options{ReadyAfter: -1})
	_ = emu.CreateFunction("checkout")
	for range 3 {
		_, _ = emu.PublishVersion("checkout")
	}
	_ = emu.CreateAlias("checkout", "live", "3")
	client, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client()})
	if err != nil {
		fmt.Println(err)
		return
	}
	// What the account holds before: 10 on live, 5 on version 1, 2 on version 2.
	for q, n := range map[string]int{"live": 10, "1": 5, "2": 2} {
		in := &provconc.PutInput{FunctionName: "checkout", Qualifier: q, ProvisionedConcurrentExecutions: n}
		if _, err := client.Put(ctx, in); err != nil {
			fmt.Println(err)
			return
		}
	}
	clients := fleet.StaticClients(map[fleet.Target]fleet.API{{Cloud: fleet.AWS, Region: "us-east-1"}: client})

	desired, err := fleet.Parse("fleet.yaml", []byte(`
Configs:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: live, ProvisionedConcurrentExecutions: 20}
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout, Qualifier: "2", ProvisionedConcurrentExecutions: 2}
Prune:
  - {Cloud: aws, Region: us-east-1, FunctionName: checkout}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := fleet.MakePlan(ctx, desired, clients, fleet.PlanOptions{Prune: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range plan.Changes {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("plan  %-7s %-14s %s", c.Action, c.Function(), c.Reason)))
	}

	report, err := fleet.Apply(ctx, plan, clients, fleet.ApplyOptions{Wait: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("apply %-9s %-14s %s", r.Outcome, r.Function(), r.Status)))
	}
	fmt.Printf("%+v, error %v\n", report.Tally, report.Err())
	// Output:
	// plan  delete  checkout:1     not in the desired state; function in the prune scope
	// plan  no-op   checkout:2
	// plan  update  checkout:live  ProvisionedConcurrentExecutions 10 -> 20
	// apply applied   checkout:1
	// apply unchanged checkout:2     READY
	// apply applied   checkout:live  READY
	// {Total:3 Applied:2 Unchanged:1 Skipped:0 Failed:0 NotStarted:0 InFlight:0 Waiting:0}, error <nil>
}
