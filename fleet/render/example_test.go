package render_test

import (
	"fmt"
	"os"

	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/fleet/render"
)

// ExamplePlan prints a plan as a diff and the exit code a "plan" command
// returns for it.
func ExamplePlan() {
	live := fleet.Entry{Cloud: fleet.AWS, Region: "us-east-1", FunctionName: "checkout", Qualifier: "live", ProvisionedConcurrentExecutions: 20}
	plan := &fleet.Plan{Format: fleet.PlanFormat, Prune: true, Changes: []fleet.Change{
		{Key: live.Key(), Action: fleet.Update, Before: &fleet.Actual{Requested: 10}, After: &live},
		{Key: fleet.Key{Target: live.Key().Target, FunctionName: "checkout", Qualifier: "1"}, Action: fleet.Delete, Before: &fleet.Actual{Requested: 3}},
	}}
	if err := render.Plan(os.Stdout, plan, render.Options{}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("exit code:", render.PlanExitCode(plan))
	// Output:
	// aws/us-east-1
	//   ~ checkout:live  10 -> 20
	//   - checkout:1     3 -> none (pruned)
	//
	// Plan: 0 to create, 1 to update, 1 to delete, 0 unchanged.
	// exit code: 2
}
