// Package fleet manages provisioned concurrency as desired state: a file
// lists the configs wanted per cloud, region, function and qualifier; a
// Plan says what would change; Apply makes the changes.
//
// # Desired state
//
// Load reads a YAML or JSON file into a Desired (see Desired for the
// format). Each entry is checked with the SDK's own input rules
// (transport/awslambda.InputRules, transport/tencentscf.InputRules), so a
// file that loads cannot be refused for its shape by the service; every
// error is an *EntryError naming the file, the line, the entry and the
// field. Duplicate and conflicting entries are errors.
//
// An entry may carry a scaling plan (Scaling: schedules and utilization
// tracking, in provconc.ScalingPlan's vocabulary), checked with its
// cloud's rules and planned and applied with the config: on AWS through
// Application Auto Scaling (PlanOptions.Scaling, ApplyOptions.Scaling), on
// Tencent SCF as the config's own trigger actions and tracking. See
// Scaling for how the plan and the amount share a config.
//
// Schedules own the amount they set. On AWS, once an entry has a scaling
// plan, ProvisionedConcurrentExecutions is only what a Create puts. On
// SCF, an entry with trigger actions (its own, or from Scaling) means the
// same: ProvisionedConcurrentExecutions is what a Create puts, an amount
// read later that one of its trigger actions sets is no difference, and
// an Update (of a trigger action, say) keeps such an amount rather than put
// the entry's back in the middle of a trigger's window. An amount no
// trigger action sets is a difference. So a state applied once plans no
// change after its triggers fire. Not with utilization tracking: then the
// amount read (the tracking's MinCapacity, as SCF reports it) is the only
// sign of an edit of the tracking, and is compared, so after a trigger
// fires a re-plan puts the minimum back.
//
// # Plan
//
// MakePlan reads the configs of every function the state names (one List
// walk per function, a bounded number at once, through one client per
// target) and diffs them: Create, Update, NoOp and, with PlanOptions.Prune,
// Delete of the configs of functions in the state's Prune scope that the
// state does not list. A Plan is a plain value: print it, save it as JSON,
// read it back with ReadPlan and apply it later.
//
// # Apply
//
// Apply makes the changes with bounded concurrency through one client per
// target (so one rate limiter paces them), deletes and decreases before
// anything else so limits are not crossed on the way. It reads each config
// again just before changing it and skips one that changed since the plan.
// It can wait until each config is READY, reports progress through a
// callback, and returns a per-config Report: a failure leaves the rest
// applied, a second apply finishes the job, and an apply of an applied
// state changes nothing. When its context ends it starts no new change,
// finishes those in flight and reports the ones that did not start.
//
// # Access
//
// A plan reads with lambda:ListProvisionedConcurrencyConfigs and, for an
// SCF function, scf:GetProvisionedConcurrencyConfig; Apply also gets,
// puts and deletes configs. With PlanOptions.Scaling and
// ApplyOptions.Scaling (as pcctl always passes them on AWS), every AWS
// config planned for a Delete, pruned or not, and every entry with a
// scaling plan is also read through Application Auto Scaling (application-autoscaling:DescribeScalableTargets,
// DescribeScheduledActions, DescribeScalingPolicies), since a schedule left
// behind would put the config back, and its scaling plan deleted with it
// (DeleteScheduledAction, DeleteScalingPolicy, DeregisterScalableTarget):
// an account without those permissions gets a failed delete. Entries with
// a scaling plan need the Put and Register actions too.
//
// Package fleet/render turns plans, progress and reports into text and
// JSON for command-line tools.
package fleet
