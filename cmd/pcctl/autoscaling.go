// This file is the "application-autoscaling" command family: the aws
// CLI's nine Application Auto Scaling commands that scale Lambda
// provisioned concurrency, with its flags, its pagination of the three
// describe commands (--max-items, --starting-token, --page-size,
// --no-paginate, and the NextToken botocore's paginator prints) and its
// output (the service's members in the model's order, timestamps as the
// aws CLI writes them), so that a script written for "aws
// application-autoscaling" runs with "pcctl application-autoscaling".

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/provconc/provconc/transport/awslambda/autoscaling"
)

// aasFlags are the flags of one application-autoscaling command.
type aasFlags struct {
	namespace, dimension, resourceID string
	resourceIDs                      []string
	minCapacity, maxCapacity         int
	roleARN                          string
	actionName, schedule, timezone   string
	startTime, endTime               string
	targetAction                     string
	actionNames                      []string
	policyName, policyType           string
	trackingConfig                   string
	policyNames                      []string

	maxItems   int
	startToken string
	pageSize   int
	noPaginate bool
	// maxResults is the service's own MaxResults (--max-results, which
	// the aws CLI keeps undocumented): given, pagination is off.
	maxResults int
	// nextToken is the service's own NextToken (--next-token, also kept
	// undocumented by the aws CLI): given, pagination is off and the one
	// call continues from it.
	nextToken string

	// changed reports whether a flag was given.
	changed func(name string) bool
}

// aasOrder is the key order of the aws CLI's output: the members of the
// Application Auto Scaling model's shapes (botocore data
// application-autoscaling/2016-02-06/service-2.json), which agree on the
// order of the members they share.
var aasOrder = rankOf([]string{
	"ScalableTargets", "ScheduledActions", "ScalingPolicies", "NextToken",
	"PolicyARN", "PolicyName", "ScheduledActionName", "ScheduledActionARN", "ServiceNamespace", "Schedule", "Timezone",
	"ResourceId", "ScalableDimension", "PolicyType", "MinCapacity", "MaxCapacity", "PredictedCapacity", "RoleARN",
	"StartTime", "EndTime", "ScalableTargetAction", "TargetTrackingScalingPolicyConfiguration", "TargetValue",
	"PredefinedMetricSpecification", "PredefinedMetricType", "ResourceLabel", "ScaleOutCooldown", "ScaleInCooldown",
	"DisableScaleIn", "Alarms", "AlarmName", "AlarmARN", "CreationTime", "SuspendedState",
	"DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended", "ScalableTargetARN",
})

// aasTimestamps are the members the model types as timestamps: epoch
// seconds on the wire, ISO 8601 in the aws CLI's output.
var aasTimestamps = map[string]bool{"CreationTime": true, "StartTime": true, "EndTime": true}

func (a *app) autoscalingCommand() *cobra.Command {
	family := familyCommand("application-autoscaling", "Application Auto Scaling of Lambda provisioned concurrency, as the aws CLI's commands")
	op := func(use, short string, required []string, run func(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error) (*cobra.Command, *aasFlags) {
		f := &aasFlags{}
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
				if cmd.Flags().Changed("provider") && a.set.provider != "aws" {
					return usagef("", "the application-autoscaling commands speak AWS: --provider %s does not apply", a.set.provider)
				}
				a.set.provider = "aws"
				a.set.cliFamily = true
				if err := a.awsDefaultOutput(); err != nil {
					return err
				}
				f.changed = cmd.Flags().Changed
				if err := f.check(cmd, required); err != nil {
					return err
				}
				api, err := a.newAutoscaling(ctx)
				if err != nil {
					return err
				}
				cctx, cancel := a.callContext(ctx)
				defer cancel()
				return run(cctx, api, f)
			}),
		}
		c.Flags().StringVar(&f.namespace, "service-namespace", "", "the namespace of the AWS service: lambda")
		c.Flags().StringVar(&f.dimension, "scalable-dimension", "", "the scalable dimension: lambda:function:ProvisionedConcurrency")
		return c, f
	}
	resourceID := func(c *cobra.Command, f *aasFlags) {
		c.Flags().StringVar(&f.resourceID, "resource-id", "", "the resource: function:NAME:QUALIFIER")
	}
	paging := func(c *cobra.Command, f *aasFlags) {
		c.Flags().IntVar(&f.maxItems, "max-items", 0, "the total number of items to print; a NextToken follows when there are more")
		c.Flags().StringVar(&f.startToken, "starting-token", "", "the NextToken of an earlier command, to continue from")
		c.Flags().IntVar(&f.pageSize, "page-size", 0, "the number of items asked of the service per call")
		c.Flags().BoolVar(&f.noPaginate, "no-paginate", false, "make one call and print its page, the service's NextToken included")
		c.Flags().IntVar(&f.maxResults, "max-results", 0, "the service's MaxResults: one call, pagination off")
		_ = c.Flags().MarkHidden("max-results")
		c.Flags().StringVar(&f.nextToken, "next-token", "", "the service's NextToken: one call from it, pagination off")
		_ = c.Flags().MarkHidden("next-token")
	}
	target := []string{"service-namespace", "scalable-dimension", "resource-id"}

	reg, rf := op("register-scalable-target", "Registers or updates a scalable target", target, a.aasRegister)
	resourceID(reg, rf)
	reg.Flags().IntVar(&rf.minCapacity, "min-capacity", 0, "the minimum value to scale to")
	reg.Flags().IntVar(&rf.maxCapacity, "max-capacity", 0, "the maximum value to scale to")
	reg.Flags().StringVar(&rf.roleARN, "role-arn", "", "the service-linked role (Lambda: leave unset)")

	dereg, df := op("deregister-scalable-target", "Deregisters a scalable target, with its scheduled actions and policies", target, a.aasDeregister)
	resourceID(dereg, df)

	dt, dtf := op("describe-scalable-targets", "Gets information about the scalable targets", []string{"service-namespace"}, a.aasDescribeTargets)
	dt.Flags().StringArrayVar(&dtf.resourceIDs, "resource-ids", nil, "the resources, function:NAME:QUALIFIER, separated by spaces")
	paging(dt, dtf)

	psa, psaf := op("put-scheduled-action", "Creates or updates a scheduled action", append(target, "scheduled-action-name"), a.aasPutAction)
	resourceID(psa, psaf)
	psa.Flags().StringVar(&psaf.actionName, "scheduled-action-name", "", "the name of the scheduled action")
	psa.Flags().StringVar(&psaf.schedule, "schedule", "", "at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)")
	psa.Flags().StringVar(&psaf.timezone, "timezone", "", "the time zone of at and cron, such as Europe/Berlin (default UTC)")
	psa.Flags().StringVar(&psaf.startTime, "start-time", "", "when the action may first run (ISO 8601 or epoch seconds)")
	psa.Flags().StringVar(&psaf.endTime, "end-time", "", "when the action stops running (ISO 8601 or epoch seconds)")
	psa.Flags().StringVar(&psaf.targetAction, "scalable-target-action", "", "MinCapacity=N,MaxCapacity=N or the same as JSON")

	dsa, dsaf := op("delete-scheduled-action", "Deletes a scheduled action", append(target, "scheduled-action-name"), a.aasDeleteAction)
	resourceID(dsa, dsaf)
	dsa.Flags().StringVar(&dsaf.actionName, "scheduled-action-name", "", "the name of the scheduled action")

	dsas, dsasf := op("describe-scheduled-actions", "Describes the scheduled actions", []string{"service-namespace"}, a.aasDescribeActions)
	resourceID(dsas, dsasf)
	dsas.Flags().StringArrayVar(&dsasf.actionNames, "scheduled-action-names", nil, "the names of the actions, separated by spaces")
	paging(dsas, dsasf)

	psp, pspf := op("put-scaling-policy", "Creates or updates a scaling policy", append(target, "policy-name"), a.aasPutPolicy)
	resourceID(psp, pspf)
	psp.Flags().StringVar(&pspf.policyName, "policy-name", "", "the name of the policy")
	psp.Flags().StringVar(&pspf.policyType, "policy-type", "", "TargetTrackingScaling (the type Lambda provisioned concurrency takes)")
	psp.Flags().StringVar(&pspf.trackingConfig, "target-tracking-scaling-policy-configuration", "", "the configuration as JSON, or file://PATH")

	dsp, dspf := op("delete-scaling-policy", "Deletes a scaling policy", append(target, "policy-name"), a.aasDeletePolicy)
	resourceID(dsp, dspf)
	dsp.Flags().StringVar(&dspf.policyName, "policy-name", "", "the name of the policy")

	dsps, dspsf := op("describe-scaling-policies", "Describes the scaling policies", []string{"service-namespace"}, a.aasDescribePolicies)
	resourceID(dsps, dspsf)
	dsps.Flags().StringArrayVar(&dspsf.policyNames, "policy-names", nil, "the names of the policies, separated by spaces")
	paging(dsps, dspsf)

	acceptNoPaginate(reg, dereg, psa, dsa, psp, dsp)
	family.AddCommand(reg, dereg, dt, psa, dsa, dsas, psp, dsp, dsps)
	return family
}

// check refuses missing required flags, as the aws CLI does before
// sending, and the namespaces and dimensions pcctl does not speak.
func (f *aasFlags) check(cmd *cobra.Command, required []string) error {
	var missing []string
	for _, name := range required {
		if !cmd.Flags().Changed(name) {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return usagef("", "the following arguments are required: %s", strings.Join(missing, ", "))
	}
	if f.namespace != autoscaling.ServiceNamespace {
		return usagef("", "invalid --service-namespace %q: pcctl scales Lambda provisioned concurrency only, namespace %s", f.namespace, autoscaling.ServiceNamespace)
	}
	if cmd.Flags().Changed("scalable-dimension") && f.dimension != autoscaling.ScalableDimension {
		return usagef("", "invalid --scalable-dimension %q: must be %s", f.dimension, autoscaling.ScalableDimension)
	}
	for _, name := range []string{"max-items", "page-size", "max-results"} {
		if cmd.Flags().Changed(name) {
			if n, _ := cmd.Flags().GetInt(name); n < 1 {
				return usagef("", "invalid --%s %d: must be at least 1", name, n)
			}
		}
	}
	// --page-size and --max-results are the service's MaxResults: named
	// here, as the SDK's check would name MaxResults alone.
	most := maxAASResults
	if cmd.Name() == "describe-scaling-policies" {
		most = maxAASPolicyResults
	}
	for _, name := range []string{"page-size", "max-results"} {
		if cmd.Flags().Changed(name) {
			if n, _ := cmd.Flags().GetInt(name); n > most {
				return usagef("", "invalid --%s %d: must be between 1 and %d (Application Auto Scaling's MaxResults)", name, n, most)
			}
		}
	}
	return nil
}

// maxAASResults is the largest MaxResults of Application Auto Scaling's
// describe calls but DescribeScalingPolicies, whose is maxAASPolicyResults
// (the API reference: "between 1 and 10").
const (
	maxAASResults       = 50
	maxAASPolicyResults = 10
)

// emitAAS prints the aws CLI's document for the last answer to op.
func (a *app) emitAAS(op string) error {
	doc, err := aasDoc(a.capture.body(op))
	if err != nil {
		return err
	}
	return a.emit(&answer{op: op, doc: doc, rank: aasOrder}, a.set.format(outputJSON))
}

// aasDoc turns an answer into the aws CLI's document: timestamps in ISO
// 8601, numbers as JMESPath carries them. An empty body is {}.
func aasDoc(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	m, err := decodeObject(body)
	if err != nil {
		return nil, err
	}
	return aasValue("", m).(map[string]any), nil
}

func aasValue(key string, v any) any {
	switch v := v.(type) {
	case json.Number:
		if aasTimestamps[key] {
			if f, err := v.Float64(); err == nil {
				return awsCLITimestamp(f)
			}
		}
		return docValue(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = aasValue("", e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if e == nil {
				continue // botocore leaves null members out
			}
			out[k] = aasValue(k, e)
		}
		return out
	}
	return v
}

// awsCLITimestamp writes epoch seconds as the aws CLI v2 prints a
// timestamp: Python's datetime.isoformat() in the local zone, microseconds
// only when not zero.
func awsCLITimestamp(sec float64) string {
	ms := int64(sec*1000 + 0.5)
	if sec < 0 {
		ms = int64(sec*1000 - 0.5)
	}
	t := time.UnixMilli(ms).In(time.Local)
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s + t.Format("-07:00")
}

func (a *app) aasRegister(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	in := &autoscaling.RegisterScalableTargetInput{ResourceID: f.resourceID, RoleARN: f.roleARN}
	if f.changed("min-capacity") {
		in.MinCapacity = &f.minCapacity
	}
	if f.changed("max-capacity") {
		in.MaxCapacity = &f.maxCapacity
	}
	if _, err := api.RegisterScalableTarget(ctx, in); err != nil {
		return err
	}
	return a.emitAAS("RegisterScalableTarget")
}

func (a *app) aasDeregister(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	if _, err := api.DeregisterScalableTarget(ctx, &autoscaling.DeregisterScalableTargetInput{ResourceID: f.resourceID}); err != nil {
		return err
	}
	return a.emitAAS("DeregisterScalableTarget")
}

func (a *app) aasPutAction(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	in := &autoscaling.PutScheduledActionInput{ResourceID: f.resourceID, ScheduledActionName: f.actionName, Schedule: f.schedule, Timezone: f.timezone}
	for _, t := range []struct {
		flag, value string
		dst         **autoscaling.EpochTime
	}{{"start-time", f.startTime, &in.StartTime}, {"end-time", f.endTime, &in.EndTime}} {
		if t.value == "" {
			continue
		}
		v, err := parseCLITime(t.value)
		if err != nil {
			return usagef("", "invalid --%s %q: %v", t.flag, t.value, err)
		}
		*t.dst = &autoscaling.EpochTime{Time: v}
	}
	if f.targetAction != "" {
		action, err := parseTargetAction(f.targetAction)
		if err != nil {
			return usagef("", "invalid --scalable-target-action %q: %v", f.targetAction, err)
		}
		in.ScalableTargetAction = action
	}
	if _, err := api.PutScheduledAction(ctx, in); err != nil {
		return err
	}
	return a.emitAAS("PutScheduledAction")
}

func (a *app) aasDeleteAction(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	if _, err := api.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{ResourceID: f.resourceID, ScheduledActionName: f.actionName}); err != nil {
		return err
	}
	return a.emitAAS("DeleteScheduledAction")
}

func (a *app) aasPutPolicy(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	if f.trackingConfig == "" {
		return usagef("", "--target-tracking-scaling-policy-configuration is required: Lambda provisioned concurrency is tracked with TargetTrackingScaling")
	}
	data := []byte(f.trackingConfig)
	if path, ok := strings.CutPrefix(f.trackingConfig, "file://"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return usagef("", "reading --target-tracking-scaling-policy-configuration: %v", err)
		}
		data = b
	}
	var cfg autoscaling.TargetTrackingConfiguration
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return usagef("", "invalid --target-tracking-scaling-policy-configuration: %s (want JSON with TargetValue, PredefinedMetricSpecification, ScaleInCooldown, ScaleOutCooldown, DisableScaleIn)", oneLine(err.Error()))
	}
	if _, err := api.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		PolicyName: f.policyName, PolicyType: f.policyType, ResourceID: f.resourceID, TargetTrackingScalingPolicyConfiguration: &cfg,
	}); err != nil {
		return err
	}
	return a.emitAAS("PutScalingPolicy")
}

func (a *app) aasDeletePolicy(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	if _, err := api.DeleteScalingPolicy(ctx, &autoscaling.DeleteScalingPolicyInput{ResourceID: f.resourceID, PolicyName: f.policyName}); err != nil {
		return err
	}
	return a.emitAAS("DeleteScalingPolicy")
}

func (a *app) aasDescribeTargets(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	return a.aasDescribe(ctx, f, "DescribeScalableTargets", "ScalableTargets", func(ctx context.Context, token string, size int) error {
		_, err := api.DescribeScalableTargets(ctx, &autoscaling.DescribeScalableTargetsInput{ResourceIDs: f.resourceIDs, NextToken: token, MaxResults: size})
		return err
	})
}

func (a *app) aasDescribeActions(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	return a.aasDescribe(ctx, f, "DescribeScheduledActions", "ScheduledActions", func(ctx context.Context, token string, size int) error {
		_, err := api.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{
			ResourceID: f.resourceID, ScheduledActionNames: f.actionNames, NextToken: token, MaxResults: size})
		return err
	})
}

func (a *app) aasDescribePolicies(ctx context.Context, api *autoscaling.Protocol, f *aasFlags) error {
	return a.aasDescribe(ctx, f, "DescribeScalingPolicies", "ScalingPolicies", func(ctx context.Context, token string, size int) error {
		_, err := api.DescribeScalingPolicies(ctx, &autoscaling.DescribeScalingPoliciesInput{
			ResourceID: f.resourceID, PolicyNames: f.policyNames, NextToken: token, MaxResults: size})
		return err
	})
}

// aasDescribe reads the pages of a describe command as botocore's
// paginator does (input and output token NextToken, limit MaxResults,
// result key resultKey) and prints them.
func (a *app) aasDescribe(ctx context.Context, f *aasFlags, op, resultKey string, call func(ctx context.Context, token string, size int) error) error {
	var (
		items, pages []any
		stream       []any
		token        string
		total        int
		skip         int
		previous     string
	)
	next := ""
	size := f.pageSize
	if f.noPaginate || f.maxResults > 0 || f.changed("next-token") {
		// As the aws CLI: the service's own paging parameters (MaxResults,
		// NextToken) turn pagination off, and are not shadowed by a paging
		// flag here, so all three paging flags are refused.
		if err := noPaginateConflict(f.startToken, f.pageSize, f.maxItems); err != nil {
			return err
		}
		f.noPaginate, size, next = true, f.maxResults, f.nextToken
	}
	if f.startToken != "" && !f.noPaginate {
		var err error
		if next, skip, err = decodeStartingToken("NextToken", f.startToken); err != nil {
			return err
		}
	}
	for first := true; ; first = false {
		if err := call(ctx, next, size); err != nil {
			return err
		}
		page, err := aasDoc(a.capture.body(op))
		if err != nil {
			return err
		}
		if f.noPaginate {
			if _, ok := page[resultKey]; !ok {
				page[resultKey] = []any{}
			}
			return a.emit(&answer{op: op, doc: page, rank: aasOrder}, a.set.format(outputJSON))
		}
		pageItems, _ := page[resultKey].([]any)
		cut := 0
		if first && skip > 0 {
			cut = min(skip, len(pageItems))
			pageItems = pageItems[cut:]
		}
		if f.maxItems > 0 && total+len(pageItems) > f.maxItems {
			keep := f.maxItems - total
			pageItems = pageItems[:keep]
			token = encodeNextToken("NextToken", next, keep+cut, true)
			items = append(items, pageItems...)
			pages = append(pages, map[string]any{resultKey: orEmpty(pageItems)})
			stream = append(stream, streamPage(page, resultKey, pageItems))
			break
		}
		items = append(items, pageItems...)
		pages = append(pages, map[string]any{resultKey: orEmpty(pageItems)})
		stream = append(stream, streamPage(page, resultKey, pageItems))
		total += len(pageItems)
		nt, _ := page["NextToken"].(string)
		if nt == "" {
			break
		}
		if f.maxItems > 0 && total == f.maxItems {
			token = encodeNextToken("NextToken", nt, 0, false)
			break
		}
		if nt == previous || nt == next {
			return fmt.Errorf("the service sent the same NextToken twice: %q", nt)
		}
		next, previous = nt, nt
	}
	doc := map[string]any{resultKey: orEmpty(items)}
	if token != "" {
		doc["NextToken"] = token
	}
	return a.emit(&answer{op: op, doc: doc, pages: pages, stream: stream, token: token, rank: aasOrder}, a.set.format(outputJSON))
}

// parseCLITime reads a timestamp as the aws CLI takes one: ISO 8601 (a
// time without a zone is UTC) or epoch seconds.
func parseCLITime(v string) (time.Time, error) {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return time.UnixMilli(int64(f * 1000)).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a timestamp: want ISO 8601 such as 2026-01-02T08:00:00Z, or epoch seconds")
}

// parseTargetAction reads --scalable-target-action: the aws CLI's shorthand
// MinCapacity=N,MaxCapacity=N, or JSON.
func parseTargetAction(v string) (*autoscaling.ScalableTargetAction, error) {
	out := &autoscaling.ScalableTargetAction{}
	if strings.HasPrefix(strings.TrimSpace(v), "{") {
		dec := json.NewDecoder(strings.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(out); err != nil {
			return nil, fmt.Errorf("%s (want MinCapacity and MaxCapacity)", oneLine(err.Error()))
		}
		return out, nil
	}
	kv, err := parseSpec(v, []string{"MinCapacity", "MaxCapacity"})
	if err != nil {
		return nil, err
	}
	for k, s := range kv {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("%s %q is not a whole number", k, s)
		}
		if k == "MinCapacity" {
			out.MinCapacity = &n
		} else {
			out.MaxCapacity = &n
		}
	}
	return out, nil
}

// aasListFlags are the application-autoscaling flags that take a list of
// strings.
var aasListFlags = []string{"--resource-ids", "--scheduled-action-names", "--policy-names"}

// aasListArgs rewrites the list flags of the application-autoscaling
// commands as the aws CLI reads them (argparse's nargs='+'): the values
// follow the flag, separated by spaces, up to the next argument that starts
// with "-", none at all being an empty list; --flag=value is one value; a
// comma is part of a value; and when a flag is given twice, the last one
// wins. Each value is passed on as a flag of its own, which the
// flags' StringArrayVar collects. Arguments before the application-autoscaling
// command, and after "--", are left alone.
func aasListArgs(args []string) []string {
	start := slices.Index(args, "application-autoscaling")
	if start < 0 {
		return args
	}
	end := len(args)
	if i := slices.Index(args[start:], "--"); i >= 0 {
		end = start + i
	}
	// last is where each list flag's last occurrence starts.
	last := map[string]int{}
	for i := start + 1; i < end; i++ {
		name, _, _ := strings.Cut(args[i], "=")
		if slices.Contains(aasListFlags, name) {
			last[name] = i
		}
	}
	if len(last) == 0 {
		return args
	}
	out := slices.Clone(args[:start+1])
	for i := start + 1; i < end; i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		if !slices.Contains(aasListFlags, name) {
			out = append(out, args[i])
			continue
		}
		keep := last[name] == i
		var values []string
		if hasValue {
			values = append(values, value) // --flag=value takes that one value
		} else {
			for i+1 < end && !strings.HasPrefix(args[i+1], "-") {
				i++
				values = append(values, args[i])
			}
		}
		if !keep {
			continue
		}
		// A flag with no value is an empty list, which filters nothing.
		for _, v := range values {
			out = append(out, name+"="+v)
		}
	}
	return append(out, args[end:]...)
}
