// This file holds the nine operations and their inputs and outputs. Input
// structs declare their members in alphabetical order, the order the
// official client writes them in.

package autoscaling

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/provconc/provconc"
)

// ResourceID is the ResourceId of a Lambda alias or version:
// "function:NAME:QUALIFIER".
func ResourceID(function, qualifier string) string { return "function:" + function + ":" + qualifier }

// resourceIDPattern is the documented form for Lambda: function:NAME:QUALIFIER.
var resourceIDPattern = regexp.MustCompile(`^function:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9$_-]{1,128}$`)

func checkResourceID(field, id string) error {
	if !resourceIDPattern.MatchString(id) {
		return provconc.NewInputError(field, id, "must be function:NAME:QUALIFIER (an alias or a published version), such as function:my-function:live")
	}
	return nil
}

// describeDimension checks the page size and target of a Describe input
// and gives the ScalableDimension a named target needs (the service
// requires both or neither); empty when the input names none.
func describeDimension(maxResults, largest int, resourceID string) (string, error) {
	if err := checkMaxResults(maxResults, largest); err != nil {
		return "", err
	}
	if resourceID == "" {
		return "", nil
	}
	if err := checkResourceID("ResourceID", resourceID); err != nil {
		return "", err
	}
	return ScalableDimension, nil
}

// Largest page sizes (MaxResults) of the Describe operations, as the API
// reference gives them; each is also the operation's default.
const (
	maxResultsTargets  = 50
	maxResultsActions  = 50
	maxResultsPolicies = 10
)

func checkMaxResults(n, largest int) error {
	if n < 0 || n > largest {
		return provconc.NewInputError("MaxResults", strconv.Itoa(n), "must be 1-"+strconv.Itoa(largest)+", or 0 for the service default")
	}
	return nil
}

// checkName applies the ScheduledActionName pattern: 1-256 characters
// (not bytes), none of ':', '/', '|' or a control character, no space at
// either end.
func checkName(field, name string) error {
	if name == "" || utf8.RuneCountInString(name) > 256 {
		return provconc.NewInputError(field, name, "must be 1-256 characters")
	}
	for _, r := range name {
		if r == ':' || r == '/' || r == '|' || r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return provconc.NewInputError(field, name, "must not contain ':', '/', '|' or control characters")
		}
	}
	if name[0] == ' ' || name[len(name)-1] == ' ' {
		return provconc.NewInputError(field, name, "must not start or end with a space")
	}
	return nil
}

// checkPolicyName applies the PolicyName pattern, \p{Print}+ in the
// service's Java regex: 1-256 printable ASCII characters, space included
// (':', '/' and '|' are allowed).
func checkPolicyName(name string) error {
	if name == "" || len(name) > 256 || strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
		return provconc.NewInputError("PolicyName", name, "must be 1-256 printable ASCII characters (space to '~')")
	}
	return nil
}

// checkCapacities checks a MinCapacity and MaxCapacity (nil when left
// out) under the field prefix: each 0-2147483647, the model's Integer,
// which the official client's int32 cannot exceed; MaxCapacity at least
// MinCapacity.
func checkCapacities(prefix string, lo, hi *int) error {
	if lo != nil && (*lo < 0 || *lo > maxInt32) {
		return provconc.NewInputError(prefix+"MinCapacity", strconv.Itoa(*lo), "must be 0-2147483647")
	}
	if hi != nil && (*hi < 0 || *hi > maxInt32 || lo != nil && *hi < *lo) {
		return provconc.NewInputError(prefix+"MaxCapacity", strconv.Itoa(*hi), "must be 0-2147483647 and at least MinCapacity")
	}
	return nil
}

// SuspendedState suspends parts of the target's scaling.
type SuspendedState struct {
	// DynamicScalingInSuspended, when true, stops scaling policies from
	// removing capacity; nil leaves it as it is (false on a new target).
	DynamicScalingInSuspended *bool `json:"DynamicScalingInSuspended,omitempty"`
	// DynamicScalingOutSuspended, when true, stops scaling policies from
	// adding capacity; nil leaves it as it is (false on a new target).
	DynamicScalingOutSuspended *bool `json:"DynamicScalingOutSuspended,omitempty"`
	// ScheduledScalingSuspended, when true, stops scheduled actions from
	// running; nil leaves it as it is (false on a new target).
	ScheduledScalingSuspended *bool `json:"ScheduledScalingSuspended,omitempty"`
}

// ScalableTarget is a registered target (DescribeScalableTargets).
type ScalableTarget struct {
	// CreationTime is when the target was registered.
	CreationTime EpochTime `json:"CreationTime"`
	// MaxCapacity is the most provisioned concurrency scaling may set.
	MaxCapacity int `json:"MaxCapacity"`
	// MinCapacity is the least provisioned concurrency scaling may set.
	MinCapacity int `json:"MinCapacity"`
	// PredictedCapacity is the capacity predictive scaling forecasts; nil
	// when the service gives none, as for Lambda, which has no predictive
	// scaling.
	PredictedCapacity *int `json:"PredictedCapacity,omitempty"`
	// ResourceID (ResourceId on the wire) is function:NAME:QUALIFIER.
	ResourceID string `json:"ResourceId"`
	// RoleARN is the IAM role the service acts with on the target; for
	// Lambda its service-linked role.
	RoleARN string `json:"RoleARN"`
	// ScalableDimension is lambda:function:ProvisionedConcurrency
	// (ScalableDimension).
	ScalableDimension string `json:"ScalableDimension"`
	// ScalableTargetARN is the target's ARN; empty when the service gives
	// none.
	ScalableTargetARN string `json:"ScalableTargetARN,omitempty"`
	// ServiceNamespace is "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// SuspendedState tells which scaling is suspended; nil when the
	// service gives none.
	SuspendedState *SuspendedState `json:"SuspendedState,omitempty"`
}

// ScalableTargetAction is what a scheduled action sets. A nil bound is
// left as it is.
type ScalableTargetAction struct {
	// MaxCapacity is the upper bound the action sets: capacity above it
	// is scaled in to it. Nil leaves the bound as it is.
	MaxCapacity *int `json:"MaxCapacity,omitempty"`
	// MinCapacity is the lower bound the action sets: capacity below it
	// is scaled out to it (tracking may keep more). Nil leaves the bound
	// as it is.
	MinCapacity *int `json:"MinCapacity,omitempty"`
}

// ScheduledAction is a scheduled action (DescribeScheduledActions).
type ScheduledAction struct {
	// CreationTime is when the action was created.
	CreationTime EpochTime `json:"CreationTime"`
	// EndTime is when the action stops running; nil for no end.
	EndTime *EpochTime `json:"EndTime,omitempty"`
	// ResourceID (ResourceId on the wire) is function:NAME:QUALIFIER.
	ResourceID string `json:"ResourceId"`
	// ScalableDimension is lambda:function:ProvisionedConcurrency
	// (ScalableDimension); empty when the service gives none.
	ScalableDimension string `json:"ScalableDimension,omitempty"`
	// ScalableTargetAction is the MinCapacity and MaxCapacity the action
	// sets; nil when the service gives none.
	ScalableTargetAction *ScalableTargetAction `json:"ScalableTargetAction,omitempty"`
	// Schedule is when the action runs: at(...), cron(...) or rate(...).
	Schedule string `json:"Schedule"`
	// ScheduledActionARN is the action's ARN.
	ScheduledActionARN string `json:"ScheduledActionARN"`
	// ScheduledActionName is the action's name, unique per target.
	ScheduledActionName string `json:"ScheduledActionName"`
	// ServiceNamespace is "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// StartTime is when the action starts running; nil for no start.
	StartTime *EpochTime `json:"StartTime,omitempty"`
	// Timezone is the IANA zone at(...) and cron(...) are read in; empty
	// for UTC.
	Timezone string `json:"Timezone,omitempty"`
}

// PredefinedMetricSpecification names a predefined metric.
type PredefinedMetricSpecification struct {
	// PredefinedMetricType is the metric tracked; for Lambda
	// LambdaProvisionedConcurrencyUtilization (MetricType).
	PredefinedMetricType string `json:"PredefinedMetricType"`
	// ResourceLabel names the load balancer and target group of an
	// ALBRequestCountPerTarget metric; empty for Lambda's metric, which
	// takes none.
	ResourceLabel string `json:"ResourceLabel,omitempty"`
}

// TargetTrackingConfiguration is a target-tracking policy's settings. Only
// the predefined metric is modelled: Lambda offers
// LambdaProvisionedConcurrencyUtilization.
type TargetTrackingConfiguration struct {
	// DisableScaleIn, when true, keeps the policy from removing capacity;
	// nil for false.
	DisableScaleIn *bool `json:"DisableScaleIn,omitempty"`
	// PredefinedMetricSpecification is the metric to track; nil in
	// PutScalingPolicyInput for LambdaProvisionedConcurrencyUtilization.
	PredefinedMetricSpecification *PredefinedMetricSpecification `json:"PredefinedMetricSpecification,omitempty"`
	// ScaleInCooldown is the seconds after a scale-in before another may
	// start, at least 0; nil for the service default.
	ScaleInCooldown *int `json:"ScaleInCooldown,omitempty"`
	// ScaleOutCooldown is the seconds a scale-out is given to take effect
	// before another, at least 0; nil for the service default.
	ScaleOutCooldown *int `json:"ScaleOutCooldown,omitempty"`
	// TargetValue is the metric value to keep: for Lambda's utilization
	// the fraction of provisioned concurrency in use, 0.1-0.9.
	TargetValue float64 `json:"TargetValue"`
}

// Alarm is a CloudWatch alarm of a policy.
type Alarm struct {
	// AlarmARN is the alarm's ARN.
	AlarmARN string `json:"AlarmARN"`
	// AlarmName is the alarm's name.
	AlarmName string `json:"AlarmName"`
}

// ScalingPolicy is a scaling policy (DescribeScalingPolicies).
type ScalingPolicy struct {
	// Alarms are the CloudWatch alarms the service created for the
	// policy.
	Alarms []Alarm `json:"Alarms,omitempty"`
	// CreationTime is when the policy was created.
	CreationTime EpochTime `json:"CreationTime"`
	// PolicyARN is the policy's ARN.
	PolicyARN string `json:"PolicyARN"`
	// PolicyName is the policy's name, unique per target.
	PolicyName string `json:"PolicyName"`
	// PolicyType is the policy's type; TargetTrackingScaling for Lambda,
	// which has no step or predictive scaling.
	PolicyType string `json:"PolicyType"`
	// ResourceID (ResourceId on the wire) is function:NAME:QUALIFIER.
	ResourceID string `json:"ResourceId"`
	// ScalableDimension is lambda:function:ProvisionedConcurrency
	// (ScalableDimension).
	ScalableDimension string `json:"ScalableDimension"`
	// ServiceNamespace is "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// TargetTrackingScalingPolicyConfiguration is the tracking; nil for a
	// policy of another type.
	TargetTrackingScalingPolicyConfiguration *TargetTrackingConfiguration `json:"TargetTrackingScalingPolicyConfiguration,omitempty"`
}

// RegisterScalableTargetInput registers (or updates) a Lambda alias or
// version as a scalable target.
type RegisterScalableTargetInput struct {
	// MaxCapacity and MinCapacity bound the provisioned concurrency;
	// required on first registration, nil to keep on an update.
	MaxCapacity *int `json:"MaxCapacity,omitempty"`
	// MinCapacity is the lower bound, at least 0; nil to keep on an
	// update.
	MinCapacity *int `json:"MinCapacity,omitempty"`
	// ResourceID is function:NAME:QUALIFIER (see ResourceID). Required.
	ResourceID string `json:"ResourceId"`
	// RoleARN is left empty for Lambda: the service uses its linked role.
	RoleARN string `json:"RoleARN,omitempty"`
	// ScalableDimension is set by the call to Lambda's
	// (ScalableDimension).
	ScalableDimension string `json:"ScalableDimension"`
	// ServiceNamespace is set by the call to "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// SuspendedState suspends or resumes parts of the target's scaling;
	// nil leaves them as they are.
	SuspendedState *SuspendedState `json:"SuspendedState,omitempty"`
	// Tags are key-value tags put on the target when it is created (one
	// value per key); nil for none.
	Tags map[string]string `json:"Tags,omitempty"`
}

// RegisterScalableTargetOutput is the answer of RegisterScalableTarget.
type RegisterScalableTargetOutput struct {
	// ScalableTargetARN is the target's ARN.
	ScalableTargetARN string `json:"ScalableTargetARN"`
	// Metadata describes the exchange.
	Metadata provconc.Metadata `json:"-"`
}

// RegisterScalableTarget registers a target
// (AnyScaleFrontendService.RegisterScalableTarget).
func (p *Protocol) RegisterScalableTarget(ctx context.Context, in *RegisterScalableTargetInput) (*RegisterScalableTargetOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("RegisterScalableTargetInput", "", "must not be nil")
	}
	wire := *in
	wire.ServiceNamespace, wire.ScalableDimension = ServiceNamespace, ScalableDimension
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	if err := checkCapacities("", in.MinCapacity, in.MaxCapacity); err != nil {
		return nil, err
	}
	out := &RegisterScalableTargetOutput{}
	md, err := p.call(ctx, "RegisterScalableTarget", &wire, out)
	if err != nil {
		return nil, err
	}
	out.Metadata = md
	return out, nil
}

// targetRef is the resource part of a request: the target of an action or policy.
type targetRef struct {
	ResourceID        string `json:"ResourceId"`
	ScalableDimension string `json:"ScalableDimension"`
	ServiceNamespace  string `json:"ServiceNamespace"`
}

// DeregisterScalableTargetInput names the target to deregister; its
// scheduled actions and policies go with it.
type DeregisterScalableTargetInput struct {
	// ResourceID is function:NAME:QUALIFIER. Required.
	ResourceID string
}

// DeregisterScalableTargetOutput is the answer of DeregisterScalableTarget.
type DeregisterScalableTargetOutput struct {
	// Metadata describes the exchange.
	Metadata provconc.Metadata
}

// DeregisterScalableTarget deregisters a target
// (AnyScaleFrontendService.DeregisterScalableTarget).
func (p *Protocol) DeregisterScalableTarget(ctx context.Context, in *DeregisterScalableTargetInput) (*DeregisterScalableTargetOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DeregisterScalableTargetInput", "", "must not be nil")
	}
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	md, err := p.call(ctx, "DeregisterScalableTarget", &targetRef{in.ResourceID, ScalableDimension, ServiceNamespace}, nil)
	if err != nil {
		return nil, err
	}
	return &DeregisterScalableTargetOutput{Metadata: md}, nil
}

// DescribeScalableTargetsInput selects Lambda targets.
type DescribeScalableTargetsInput struct {
	// MaxResults is the page size, 1-50; 0 for the service default (50).
	MaxResults int `json:"MaxResults,omitempty"`
	// NextToken is the previous page's token; empty for the first page.
	NextToken string `json:"NextToken,omitempty"`
	// ResourceIDs limits the answer to these targets; nil for all.
	ResourceIDs []string `json:"ResourceIds,omitempty"`
	// ScalableDimension and ServiceNamespace are set by the call: Lambda's,
	// the dimension only with ResourceIDs, as the service takes a
	// dimension only with resource ids.
	ScalableDimension string `json:"ScalableDimension,omitempty"`
	// ServiceNamespace is "lambda", set by the call (see above).
	ServiceNamespace string `json:"ServiceNamespace"`
}

// DescribeScalableTargetsOutput is one page of targets.
type DescribeScalableTargetsOutput struct {
	// NextToken is the token of the next page; empty on the last page.
	NextToken string `json:"NextToken"`
	// ScalableTargets are the page's targets.
	ScalableTargets []ScalableTarget `json:"ScalableTargets"`
	// Metadata describes the exchange.
	Metadata provconc.Metadata `json:"-"`
}

// DescribeScalableTargets reads one page of Lambda targets
// (AnyScaleFrontendService.DescribeScalableTargets).
func (p *Protocol) DescribeScalableTargets(ctx context.Context, in *DescribeScalableTargetsInput) (*DescribeScalableTargetsOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DescribeScalableTargetsInput", "", "must not be nil")
	}
	if err := checkMaxResults(in.MaxResults, maxResultsTargets); err != nil {
		return nil, err
	}
	for i, id := range in.ResourceIDs {
		if err := checkResourceID("ResourceIDs["+strconv.Itoa(i)+"]", id); err != nil {
			return nil, err
		}
	}
	wire := *in
	wire.ServiceNamespace, wire.ScalableDimension = ServiceNamespace, ""
	if len(in.ResourceIDs) > 0 {
		// "If you specify a scalable dimension, you must also specify a
		// resource ID" (API reference); the official client sends none
		// unless asked.
		wire.ScalableDimension = ScalableDimension
	}
	out := &DescribeScalableTargetsOutput{}
	md, err := p.call(ctx, "DescribeScalableTargets", &wire, out)
	if err != nil {
		return nil, err
	}
	out.Metadata = md
	return out, nil
}

func (o *DescribeScalableTargetsOutput) checkInt32s() error {
	for i := range o.ScalableTargets {
		t := &o.ScalableTargets[i]
		at := func() string { return "ScalableTargets[" + strconv.Itoa(i) + "]." }
		if err := checkInt32s(at, int32Field{"MinCapacity", &t.MinCapacity}, int32Field{"MaxCapacity", &t.MaxCapacity},
			int32Field{"PredictedCapacity", t.PredictedCapacity}); err != nil {
			return err
		}
	}
	return nil
}

// PutScheduledActionInput creates or replaces a scheduled action.
type PutScheduledActionInput struct {
	// EndTime and StartTime bound when the action may run; nil for none.
	EndTime *EpochTime `json:"EndTime,omitempty"`
	// ResourceID is function:NAME:QUALIFIER. Required.
	ResourceID string `json:"ResourceId"`
	// ScalableDimension is set by the call to Lambda's
	// (ScalableDimension).
	ScalableDimension string `json:"ScalableDimension"`
	// ScalableTargetAction is the new MinCapacity and MaxCapacity.
	ScalableTargetAction *ScalableTargetAction `json:"ScalableTargetAction,omitempty"`
	// Schedule is at(...), cron(...) or rate(...). Required for a new
	// action.
	Schedule string `json:"Schedule,omitempty"`
	// ScheduledActionName names the action. Required.
	ScheduledActionName string `json:"ScheduledActionName"`
	// ServiceNamespace is set by the call to "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// StartTime is when the action may first run; nil for no start.
	StartTime *EpochTime `json:"StartTime,omitempty"`
	// Timezone is the IANA zone of at(...) and cron(...); empty for UTC.
	Timezone string `json:"Timezone,omitempty"`
}

// PutScheduledActionOutput is the answer of PutScheduledAction.
type PutScheduledActionOutput struct {
	// Metadata describes the exchange.
	Metadata provconc.Metadata
}

// PutScheduledAction creates or replaces a scheduled action
// (AnyScaleFrontendService.PutScheduledAction). The schedule, time zone and
// bounds are checked as provconc.Schedule checks them.
func (p *Protocol) PutScheduledAction(ctx context.Context, in *PutScheduledActionInput) (*PutScheduledActionOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("PutScheduledActionInput", "", "must not be nil")
	}
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	if err := checkName("ScheduledActionName", in.ScheduledActionName); err != nil {
		return nil, err
	}
	if in.Schedule != "" || in.Timezone != "" {
		s := provconc.Schedule{Name: in.ScheduledActionName, Expression: in.Schedule, TimeZone: in.Timezone}
		if in.Schedule == "" {
			s.Expression = "rate(1 day)" // only the zone is being checked
		}
		plan := provconc.ScalingPlan{Schedules: []provconc.Schedule{s}}
		if err := plan.Validate(); err != nil {
			return nil, err
		}
	}
	if a := in.ScalableTargetAction; a != nil {
		if err := checkCapacities("ScalableTargetAction.", a.MinCapacity, a.MaxCapacity); err != nil {
			return nil, err
		}
	}
	wire := *in
	wire.ServiceNamespace, wire.ScalableDimension = ServiceNamespace, ScalableDimension
	md, err := p.call(ctx, "PutScheduledAction", &wire, nil)
	if err != nil {
		return nil, err
	}
	return &PutScheduledActionOutput{Metadata: md}, nil
}

// DeleteScheduledActionInput names the action to delete.
type DeleteScheduledActionInput struct {
	// ResourceID is function:NAME:QUALIFIER. Required.
	ResourceID string
	// ScheduledActionName names the action. Required.
	ScheduledActionName string
}

// DeleteScheduledActionOutput is the answer of DeleteScheduledAction.
type DeleteScheduledActionOutput struct {
	// Metadata describes the exchange.
	Metadata provconc.Metadata
}

// DeleteScheduledAction deletes a scheduled action
// (AnyScaleFrontendService.DeleteScheduledAction).
func (p *Protocol) DeleteScheduledAction(ctx context.Context, in *DeleteScheduledActionInput) (*DeleteScheduledActionOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DeleteScheduledActionInput", "", "must not be nil")
	}
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	if err := checkName("ScheduledActionName", in.ScheduledActionName); err != nil {
		return nil, err
	}
	wire := struct {
		ResourceID          string `json:"ResourceId"`
		ScalableDimension   string `json:"ScalableDimension"`
		ScheduledActionName string `json:"ScheduledActionName"`
		ServiceNamespace    string `json:"ServiceNamespace"`
	}{in.ResourceID, ScalableDimension, in.ScheduledActionName, ServiceNamespace}
	md, err := p.call(ctx, "DeleteScheduledAction", &wire, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteScheduledActionOutput{Metadata: md}, nil
}

// DescribeScheduledActionsInput selects scheduled actions.
type DescribeScheduledActionsInput struct {
	// MaxResults is the page size, 1-50; 0 for the service default (50).
	MaxResults int `json:"MaxResults,omitempty"`
	// NextToken is the previous page's token; empty for the first page.
	NextToken string `json:"NextToken,omitempty"`
	// ResourceID limits the answer to one target; empty for all.
	ResourceID string `json:"ResourceId,omitempty"`
	// ScalableDimension is set by the call: Lambda's when ResourceID is
	// given, none otherwise, as the service takes a dimension only with a
	// resource id.
	ScalableDimension string `json:"ScalableDimension,omitempty"`
	// ScheduledActionNames limits the answer to these names.
	ScheduledActionNames []string `json:"ScheduledActionNames,omitempty"`
	// ServiceNamespace is set by the call to "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
}

// DescribeScheduledActionsOutput is one page of scheduled actions.
type DescribeScheduledActionsOutput struct {
	// NextToken is the token of the next page; empty on the last page.
	NextToken string `json:"NextToken"`
	// ScheduledActions are the page's scheduled actions.
	ScheduledActions []ScheduledAction `json:"ScheduledActions"`
	// Metadata describes the exchange.
	Metadata provconc.Metadata `json:"-"`
}

// DescribeScheduledActions reads one page of scheduled actions
// (AnyScaleFrontendService.DescribeScheduledActions).
func (p *Protocol) DescribeScheduledActions(ctx context.Context, in *DescribeScheduledActionsInput) (*DescribeScheduledActionsOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DescribeScheduledActionsInput", "", "must not be nil")
	}
	dimension, err := describeDimension(in.MaxResults, maxResultsActions, in.ResourceID)
	if err != nil {
		return nil, err
	}
	wire := *in
	wire.ServiceNamespace = ServiceNamespace
	// Lambda's dimension with a resource id, none without: the service
	// takes a dimension only with a resource id.
	wire.ScalableDimension = dimension
	out := &DescribeScheduledActionsOutput{}
	md, err := p.call(ctx, "DescribeScheduledActions", &wire, out)
	if err != nil {
		return nil, err
	}
	out.Metadata = md
	return out, nil
}

func (o *DescribeScheduledActionsOutput) checkInt32s() error {
	for i := range o.ScheduledActions {
		if a := o.ScheduledActions[i].ScalableTargetAction; a != nil {
			at := func() string { return "ScheduledActions[" + strconv.Itoa(i) + "].ScalableTargetAction." }
			if err := checkInt32s(at, int32Field{"MinCapacity", a.MinCapacity}, int32Field{"MaxCapacity", a.MaxCapacity}); err != nil {
				return err
			}
		}
	}
	return nil
}

// PutScalingPolicyInput creates or replaces a target-tracking policy.
type PutScalingPolicyInput struct {
	// PolicyName names the policy. Required.
	PolicyName string `json:"PolicyName"`
	// PolicyType is "TargetTrackingScaling", the type Lambda offers.
	PolicyType string `json:"PolicyType"`
	// ResourceID is function:NAME:QUALIFIER. Required.
	ResourceID string `json:"ResourceId"`
	// ScalableDimension is set by the call to Lambda's
	// (ScalableDimension).
	ScalableDimension string `json:"ScalableDimension"`
	// ServiceNamespace is set by the call to "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
	// TargetTrackingScalingPolicyConfiguration is the tracking. Required;
	// a nil PredefinedMetricSpecification means
	// LambdaProvisionedConcurrencyUtilization.
	TargetTrackingScalingPolicyConfiguration *TargetTrackingConfiguration `json:"TargetTrackingScalingPolicyConfiguration"`
}

// PutScalingPolicyOutput is the answer of PutScalingPolicy.
type PutScalingPolicyOutput struct {
	// Alarms are the CloudWatch alarms the service created for the
	// policy.
	Alarms []Alarm `json:"Alarms"`
	// PolicyARN is the policy's ARN.
	PolicyARN string `json:"PolicyARN"`
	// Metadata describes the exchange.
	Metadata provconc.Metadata `json:"-"`
}

// PutScalingPolicy creates or replaces a target-tracking policy
// (AnyScaleFrontendService.PutScalingPolicy). TargetValue must be 0.1-0.9,
// as documented for LambdaProvisionedConcurrencyUtilization.
func (p *Protocol) PutScalingPolicy(ctx context.Context, in *PutScalingPolicyInput) (*PutScalingPolicyOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("PutScalingPolicyInput", "", "must not be nil")
	}
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	if err := checkPolicyName(in.PolicyName); err != nil {
		return nil, err
	}
	if in.PolicyType != "" && in.PolicyType != "TargetTrackingScaling" {
		return nil, provconc.NewInputError("PolicyType", in.PolicyType, "must be TargetTrackingScaling (or empty for it): Lambda provisioned concurrency is tracked, not stepped")
	}
	cfg := in.TargetTrackingScalingPolicyConfiguration
	if cfg == nil {
		return nil, provconc.NewInputError("TargetTrackingScalingPolicyConfiguration", "", "is required")
	}
	wireCfg := *cfg
	if wireCfg.PredefinedMetricSpecification == nil {
		wireCfg.PredefinedMetricSpecification = &PredefinedMetricSpecification{PredefinedMetricType: MetricType}
	}
	if v := cfg.TargetValue; math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, provconc.NewInputError("TargetTrackingScalingPolicyConfiguration.TargetValue", strconv.FormatFloat(v, 'g', -1, 64), "must be a number")
	}
	if wireCfg.PredefinedMetricSpecification.PredefinedMetricType == MetricType && (cfg.TargetValue < 0.1 || cfg.TargetValue > 0.9) {
		return nil, provconc.NewInputError("TargetTrackingScalingPolicyConfiguration.TargetValue", strconv.FormatFloat(cfg.TargetValue, 'g', -1, 64),
			"must be 0.1-0.9 for LambdaProvisionedConcurrencyUtilization")
	}
	for _, c := range [...]struct {
		name string
		n    *int
	}{{"ScaleInCooldown", cfg.ScaleInCooldown}, {"ScaleOutCooldown", cfg.ScaleOutCooldown}} {
		if c.n != nil && (*c.n < 0 || *c.n > maxInt32) {
			return nil, provconc.NewInputError("TargetTrackingScalingPolicyConfiguration."+c.name, strconv.Itoa(*c.n), "must be 0-2147483647 seconds")
		}
	}
	wire := *in
	wire.PolicyType = "TargetTrackingScaling"
	wire.ServiceNamespace, wire.ScalableDimension = ServiceNamespace, ScalableDimension
	wire.TargetTrackingScalingPolicyConfiguration = &wireCfg
	out := &PutScalingPolicyOutput{}
	md, err := p.call(ctx, "PutScalingPolicy", &wire, out)
	if err != nil {
		return nil, err
	}
	out.Metadata = md
	return out, nil
}

// DeleteScalingPolicyInput names the policy to delete.
type DeleteScalingPolicyInput struct {
	// PolicyName names the policy. Required.
	PolicyName string
	// ResourceID is function:NAME:QUALIFIER. Required.
	ResourceID string
}

// DeleteScalingPolicyOutput is the answer of DeleteScalingPolicy.
type DeleteScalingPolicyOutput struct {
	// Metadata describes the exchange.
	Metadata provconc.Metadata
}

// DeleteScalingPolicy deletes a policy
// (AnyScaleFrontendService.DeleteScalingPolicy).
func (p *Protocol) DeleteScalingPolicy(ctx context.Context, in *DeleteScalingPolicyInput) (*DeleteScalingPolicyOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DeleteScalingPolicyInput", "", "must not be nil")
	}
	if err := checkPolicyName(in.PolicyName); err != nil {
		return nil, err
	}
	if err := checkResourceID("ResourceID", in.ResourceID); err != nil {
		return nil, err
	}
	wire := struct {
		PolicyName        string `json:"PolicyName"`
		ResourceID        string `json:"ResourceId"`
		ScalableDimension string `json:"ScalableDimension"`
		ServiceNamespace  string `json:"ServiceNamespace"`
	}{in.PolicyName, in.ResourceID, ScalableDimension, ServiceNamespace}
	md, err := p.call(ctx, "DeleteScalingPolicy", &wire, nil)
	if err != nil {
		return nil, err
	}
	return &DeleteScalingPolicyOutput{Metadata: md}, nil
}

// DescribeScalingPoliciesInput selects policies.
type DescribeScalingPoliciesInput struct {
	// MaxResults is the page size, 1-10; 0 for the service default (10).
	MaxResults int `json:"MaxResults,omitempty"`
	// NextToken is the previous page's token; empty for the first page.
	NextToken string `json:"NextToken,omitempty"`
	// PolicyNames limits the answer to these names.
	PolicyNames []string `json:"PolicyNames,omitempty"`
	// ResourceID limits the answer to one target; empty for all.
	ResourceID string `json:"ResourceId,omitempty"`
	// ScalableDimension is set by the call: Lambda's when ResourceID is
	// given, none otherwise, as the service takes a dimension only with a
	// resource id.
	ScalableDimension string `json:"ScalableDimension,omitempty"`
	// ServiceNamespace is set by the call to "lambda" (ServiceNamespace).
	ServiceNamespace string `json:"ServiceNamespace"`
}

// DescribeScalingPoliciesOutput is one page of policies.
type DescribeScalingPoliciesOutput struct {
	// NextToken is the token of the next page; empty on the last page.
	NextToken string `json:"NextToken"`
	// ScalingPolicies are the page's policies.
	ScalingPolicies []ScalingPolicy `json:"ScalingPolicies"`
	// Metadata describes the exchange.
	Metadata provconc.Metadata `json:"-"`
}

func (o *DescribeScalingPoliciesOutput) checkInt32s() error {
	for i := range o.ScalingPolicies {
		if c := o.ScalingPolicies[i].TargetTrackingScalingPolicyConfiguration; c != nil {
			at := func() string {
				return "ScalingPolicies[" + strconv.Itoa(i) + "].TargetTrackingScalingPolicyConfiguration."
			}
			if err := checkInt32s(at, int32Field{"ScaleInCooldown", c.ScaleInCooldown}, int32Field{"ScaleOutCooldown", c.ScaleOutCooldown}); err != nil {
				return err
			}
		}
	}
	return nil
}

// DescribeScalingPolicies reads one page of policies
// (AnyScaleFrontendService.DescribeScalingPolicies).
func (p *Protocol) DescribeScalingPolicies(ctx context.Context, in *DescribeScalingPoliciesInput) (*DescribeScalingPoliciesOutput, error) {
	if in == nil {
		return nil, provconc.NewInputError("DescribeScalingPoliciesInput", "", "must not be nil")
	}
	dimension, err := describeDimension(in.MaxResults, maxResultsPolicies, in.ResourceID)
	if err != nil {
		return nil, err
	}
	wire := *in
	wire.ServiceNamespace = ServiceNamespace
	// Lambda's dimension with a resource id, none without: the service
	// takes a dimension only with a resource id.
	wire.ScalableDimension = dimension
	out := &DescribeScalingPoliciesOutput{}
	md, err := p.call(ctx, "DescribeScalingPolicies", &wire, out)
	if err != nil {
		return nil, err
	}
	out.Metadata = md
	return out, nil
}
