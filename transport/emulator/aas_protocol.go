// This file serves Application Auto Scaling (JSON 1.1, API version
// 2016-02-06) for Lambda provisioned concurrency: POST / with X-Amz-Target
// AnyScaleFrontendService.<Operation>, SigV4 under the signing name
// application-autoscaling when Options.Credentials is set. Answers and
// errors take the service's shape: application/x-amz-json-1.1 bodies,
// timestamps as epoch seconds, errors as {"__type": code, "Message": text}
// (aws-sdk-go-v2 service/applicationautoscaling snapshots). Only the lambda
// namespace is served.

package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/provconc/provconc/internal/cronexpr"
	"github.com/provconc/provconc/internal/redact"
)

const (
	aasTargetPrefix     = "AnyScaleFrontendService."
	aasSigningName      = "application-autoscaling"
	aasNamespace        = "lambda"
	aasDimension        = "lambda:function:ProvisionedConcurrency"
	aasMetric           = "LambdaProvisionedConcurrencyUtilization"
	aasContentType      = "application/x-amz-json-1.1"
	aasDefaultMaxResult = 50
	// aasPoliciesMaxResults is DescribeScalingPolicies' largest and
	// default MaxResults: "between 1 and 10. The default value is 10".
	aasPoliciesMaxResults = 10
)

// aasProtocol serves Application Auto Scaling.
type aasProtocol struct{ s *Server }

func (p *aasProtocol) match(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), aasTargetPrefix)
}

// aasError is an error answer of the service.
type aasError struct {
	status  int
	code    string
	message string
}

func aasValidation(msg string) *aasError {
	return &aasError{http.StatusBadRequest, "ValidationException", msg}
}

// aasNotFound words follow the service's ObjectNotFoundException answers.
func aasNotFound(what, id, extra string) *aasError {
	return &aasError{http.StatusBadRequest, "ObjectNotFoundException",
		"No " + what + " found for service namespace: " + aasNamespace + ", resource ID: " + redact.Clip(id) + ", scalable dimension: " + aasDimension + extra}
}

func (x *exchange) writeAASError(e *aasError) {
	h := x.w.Header()
	h.Set("X-Amzn-RequestId", x.id)
	h.Set("Content-Type", aasContentType)
	b, _ := json.Marshal(map[string]string{"__type": e.code, "Message": e.message})
	x.w.WriteHeader(e.status)
	_, _ = x.w.Write(b)
}

func (x *exchange) writeAAS(v any) {
	h := x.w.Header()
	h.Set("X-Amzn-RequestId", x.id)
	h.Set("Content-Type", aasContentType)
	b, _ := json.Marshal(v)
	x.w.WriteHeader(http.StatusOK)
	_, _ = x.w.Write(b)
}

func (p *aasProtocol) serve(x *exchange) {
	x.w.Header().Set("X-Amzn-RequestId", x.id)
	// The same order as Lambda's: the signature's headers before the body,
	// the body read within its cap, then the signature over it.
	if e := p.s.authenticateAWS(x, aasSigningName, maxLambdaBody); e != nil {
		msg, _ := e.body["message"].(string)
		if msg == "" {
			msg, _ = e.body["Message"].(string)
		}
		x.writeAASError(&aasError{e.status, e.code, msg})
		return
	}
	switch adm := x.admit(); {
	case adm.throttled:
		x.writeAASError(&aasError{http.StatusBadRequest, "ThrottlingException", "Rate exceeded"})
		return
	case adm.serverError == http.StatusInternalServerError:
		x.writeAASError(&aasError{http.StatusInternalServerError, "InternalServiceException", "Internal service error"})
		return
	case adm.serverError == http.StatusServiceUnavailable:
		x.writeAASError(&aasError{http.StatusServiceUnavailable, "ServiceUnavailable", "Service unavailable"})
		return
	}
	op := strings.TrimPrefix(x.r.Header.Get("X-Amz-Target"), aasTargetPrefix)
	handlers := map[string]func(body []byte, now time.Time) (any, *aasError){
		"RegisterScalableTarget":   p.register,
		"DeregisterScalableTarget": p.deregister,
		"DescribeScalableTargets":  p.describeTargets,
		"PutScheduledAction":       p.putAction,
		"DeleteScheduledAction":    p.deleteAction,
		"DescribeScheduledActions": p.describeActions,
		"PutScalingPolicy":         p.putPolicy,
		"DeleteScalingPolicy":      p.deletePolicy,
		"DescribeScalingPolicies":  p.describePolicies,
	}
	h, ok := handlers[op]
	if !ok {
		x.writeAASError(&aasError{http.StatusBadRequest, "UnknownOperationException", ""})
		return
	}
	st := p.s.state
	now := st.lock()
	out, e := h(x.body, now)
	if e == nil {
		// A new policy or new bounds take effect at once.
		st.trackAllLocked(now)
	}
	st.unlock()
	if e != nil {
		x.writeAASError(e)
		return
	}
	x.writeAAS(out)
}

// decode reads a request body; a body that is not the operation's shape
// is a SerializationException, as JSON 1.1 services answer.
func decode(body []byte, v any) *aasError {
	if len(body) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &aasError{http.StatusBadRequest, "SerializationException", "Start of structure or map found where not expected."}
	}
	return nil
}

// aasEpoch is a timestamp on the wire: epoch seconds.
type aasEpoch float64

func epoch(t time.Time) aasEpoch { return aasEpoch(float64(t.UnixMilli()) / 1e3) }

func (e aasEpoch) time() time.Time { return time.UnixMilli(int64(math.Round(float64(e) * 1e3))).UTC() }

// aasRef is the target a request names.
type aasRef struct {
	ServiceNamespace  string
	ScalableDimension string
	ResourceId        string //nolint:revive // wire name
}

// check validates the namespace, dimension and resource id.
func (r aasRef) check() *aasError {
	if r.ServiceNamespace != aasNamespace {
		return aasValidation(fmt.Sprintf("1 validation error detected: Value '%s' at 'serviceNamespace' failed to satisfy constraint: the emulator serves the lambda namespace only", redact.Clip(r.ServiceNamespace)))
	}
	if r.ScalableDimension != aasDimension {
		return aasValidation(fmt.Sprintf("1 validation error detected: Value '%s' at 'scalableDimension' failed to satisfy constraint: Member must be %s for lambda", redact.Clip(r.ScalableDimension), aasDimension))
	}
	if _, _, ok := aasResource(r.ResourceId); !ok || len(r.ResourceId) > 1600 {
		return aasValidation("Unsupported resource ID format: " + redact.Clip(r.ResourceId) + ". Lambda resources take the form function:<name>:<alias or version>")
	}
	return nil
}

func (p *aasProtocol) target(r aasRef) (*aasTarget, *aasError) {
	if e := r.check(); e != nil {
		return nil, e
	}
	t := p.s.state.aas.targets[r.ResourceId]
	if t == nil {
		return nil, &aasError{http.StatusBadRequest, "ObjectNotFoundException",
			"No scalable target registered for service namespace: " + aasNamespace + ", resource ID: " + redact.Clip(r.ResourceId) + ", scalable dimension: " + aasDimension}
	}
	return t, nil
}

func (p *aasProtocol) register(body []byte, now time.Time) (any, *aasError) {
	var in struct {
		aasRef
		MinCapacity    *int
		MaxCapacity    *int
		RoleARN        string
		SuspendedState *aasSuspended
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if e := in.check(); e != nil {
		return nil, e
	}
	st := p.s.state
	fn, q, _ := aasResource(in.ResourceId)
	if q == latest {
		return nil, aasValidation("Provisioned concurrency cannot be set on $LATEST: register an alias or a published version")
	}
	if _, err := st.resolveLocked(fn, q); err != nil {
		// Guess: the service's words for a missing Lambda resource.
		return nil, aasValidation("Lambda function or qualifier does not exist: " + redact.Clip(in.ResourceId))
	}
	for _, c := range []*int{in.MinCapacity, in.MaxCapacity} {
		if c != nil && *c < 0 {
			return nil, aasValidation("Capacity must be at least 0")
		}
	}
	t := st.aas.targets[in.ResourceId]
	if t == nil {
		if in.MinCapacity == nil || in.MaxCapacity == nil {
			return nil, aasValidation("MinCapacity and MaxCapacity are required when registering a new scalable target")
		}
		t = &aasTarget{
			resourceID: in.ResourceId, function: fn, qualifier: q, created: now,
			actions: map[string]*aasAction{}, policies: map[string]*aasPolicy{},
		}
		t.arn = "arn:" + p.s.partition + ":application-autoscaling:" + p.s.region + ":" + p.s.accountID + ":scalable-target/" + strings.ReplaceAll(st.aas.nextID(p.s.seed), "-", "")[:28]
		t.seq = st.aas.seq
	}
	lo, hi := t.min, t.max
	if in.MinCapacity != nil {
		lo = *in.MinCapacity
	}
	if in.MaxCapacity != nil {
		hi = *in.MaxCapacity
	}
	if lo > hi {
		return nil, aasValidation("Minimum capacity cannot be greater than maximum capacity")
	}
	t.min, t.max = lo, hi
	if in.SuspendedState != nil {
		t.suspended = in.SuspendedState
	}
	st.aas.targets[in.ResourceId] = t
	st.applyBoundsLocked(t, now)
	return map[string]string{"ScalableTargetARN": t.arn}, nil
}

func (p *aasProtocol) deregister(body []byte, _ time.Time) (any, *aasError) {
	var in aasRef
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if _, e := p.target(in); e != nil {
		return nil, e
	}
	delete(p.s.state.aas.targets, in.ResourceId)
	return struct{}{}, nil
}

// page cuts items [from, from+max) and gives the next token; largest is
// the operation's largest and default MaxResults.
func page(n int, token string, maxResults *int, largest int) (from, to int, next string, e *aasError) {
	size := largest
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > largest {
			return 0, 0, "", aasValidation(fmt.Sprintf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", *maxResults, largest))
		}
		size = *maxResults
	}
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		v, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || err2 != nil || !strings.HasPrefix(string(raw), "offset:") || v < 0 || v > n {
			return 0, 0, "", &aasError{http.StatusBadRequest, "InvalidNextTokenException", "Invalid token"}
		}
		from = v
	}
	to = min(n, from+size)
	if to < n {
		next = base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(to)))
	}
	return from, to, next, nil
}

func (p *aasProtocol) describeTargets(body []byte, _ time.Time) (any, *aasError) {
	var in struct {
		ServiceNamespace  string
		ScalableDimension string
		ResourceIds       []string
		MaxResults        *int
		NextToken         string
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if in.ServiceNamespace != aasNamespace {
		return nil, aasValidation("the emulator serves the lambda namespace only")
	}
	type wireTarget struct {
		CreationTime      aasEpoch
		MaxCapacity       int
		MinCapacity       int
		ResourceId        string //nolint:revive // wire name
		RoleARN           string
		ScalableDimension string
		ScalableTargetARN string
		ServiceNamespace  string
		SuspendedState    *aasSuspended `json:",omitempty"`
	}
	var all []wireTarget
	for _, t := range p.s.state.aas.sortedTargets() {
		if len(in.ResourceIds) > 0 && !slices.Contains(in.ResourceIds, t.resourceID) {
			continue
		}
		if in.ScalableDimension != "" && in.ScalableDimension != aasDimension {
			continue
		}
		all = append(all, wireTarget{
			CreationTime: epoch(t.created), MaxCapacity: t.max, MinCapacity: t.min, ResourceId: t.resourceID,
			RoleARN:           "arn:" + p.s.partition + ":iam::" + p.s.accountID + ":role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency",
			ScalableDimension: aasDimension, ScalableTargetARN: t.arn, ServiceNamespace: aasNamespace, SuspendedState: t.suspended,
		})
	}
	from, to, next, e := page(len(all), in.NextToken, in.MaxResults, aasDefaultMaxResult)
	if e != nil {
		return nil, e
	}
	out := struct {
		NextToken       string `json:",omitempty"`
		ScalableTargets []wireTarget
	}{next, append([]wireTarget{}, all[from:to]...)}
	return out, nil
}

func (p *aasProtocol) putAction(body []byte, now time.Time) (any, *aasError) {
	var in struct {
		aasRef
		ScheduledActionName  string
		Schedule             *string
		Timezone             *string
		StartTime            *aasEpoch
		EndTime              *aasEpoch
		ScalableTargetAction *struct{ MinCapacity, MaxCapacity *int }
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	t, e := p.target(in.aasRef)
	if e != nil {
		return nil, e
	}
	if !aasActionNameOK(in.ScheduledActionName) {
		return nil, aasValidation(fmt.Sprintf("1 validation error detected: Value '%s' at 'scheduledActionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+", redact.Clip(in.ScheduledActionName)))
	}
	st := p.s.state
	a := t.actions[in.ScheduledActionName]
	if a == nil {
		if len(t.actions) >= aasMaxScheduledActions {
			return nil, &aasError{http.StatusBadRequest, "LimitExceededException", fmt.Sprintf("Maximum number of scheduled actions (%d) reached for this scalable target", aasMaxScheduledActions)}
		}
		if in.Schedule == nil {
			return nil, aasValidation("Schedule is required for a new scheduled action")
		}
		a = &aasAction{name: in.ScheduledActionName, created: now, loc: time.UTC}
		a.arn = "arn:" + p.s.partition + ":autoscaling:" + p.s.region + ":" + p.s.accountID + ":scheduledAction:" + st.aas.nextID(p.s.seed) +
			":resource/lambda/" + t.resourceID + ":scheduledActionName/" + a.name
		a.seq = st.aas.seq
	}
	next := *a
	if in.Schedule != nil {
		x, err := cronexpr.Parse(*in.Schedule)
		if err != nil {
			return nil, aasValidation("Schedule expression is not valid: " + redact.Clip(*in.Schedule) + " (" + err.Error() + ")")
		}
		next.schedule, next.expr = *in.Schedule, x
	}
	if in.Timezone != nil {
		loc, err := time.LoadLocation(*in.Timezone)
		if err != nil || *in.Timezone == "" || *in.Timezone == "Local" {
			return nil, aasValidation("Time zone is not valid: " + redact.Clip(*in.Timezone))
		}
		next.timezone, next.loc = *in.Timezone, loc
	}
	// "If you don't specify start and end times, the old values are
	// deleted" (PutScheduledAction); the other members keep theirs.
	next.start, next.end = nil, nil
	if in.StartTime != nil {
		v := in.StartTime.time()
		next.start = &v
	}
	if in.EndTime != nil {
		v := in.EndTime.time()
		next.end = &v
	}
	if next.start != nil && next.end != nil && !next.end.After(*next.start) {
		return nil, aasValidation("EndTime must be after StartTime")
	}
	if ta := in.ScalableTargetAction; ta != nil {
		for _, c := range []*int{ta.MinCapacity, ta.MaxCapacity} {
			if c != nil && *c < 0 {
				return nil, aasValidation("Capacity must be at least 0")
			}
		}
		if ta.MinCapacity != nil && ta.MaxCapacity != nil && *ta.MinCapacity > *ta.MaxCapacity {
			return nil, aasValidation("Minimum capacity cannot be greater than maximum capacity")
		}
		next.min, next.max = ta.MinCapacity, ta.MaxCapacity
	}
	next.ranTo = now
	*a = next
	t.actions[a.name] = a
	return struct{}{}, nil
}

// aasActionNameOK applies the ScheduledActionName pattern: 1-256
// characters, none of [:/|] or a control character, no space at either
// end.
func aasActionNameOK(name string) bool {
	if name == "" || utf8.RuneCountInString(name) > 256 || name[0] == ' ' || name[len(name)-1] == ' ' {
		return false
	}
	return strings.IndexFunc(name, func(r rune) bool { return r == ':' || r == '/' || r == '|' || r < 0x20 || r >= 0x7f && r <= 0x9f }) < 0
}

func (p *aasProtocol) deleteAction(body []byte, _ time.Time) (any, *aasError) {
	var in struct {
		aasRef
		ScheduledActionName string
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	t, e := p.target(in.aasRef)
	if e != nil {
		return nil, e
	}
	if t.actions[in.ScheduledActionName] == nil {
		return nil, aasNotFound("scheduled action", in.ResourceId, ", scheduled action name: "+redact.Clip(in.ScheduledActionName))
	}
	delete(t.actions, in.ScheduledActionName)
	return struct{}{}, nil
}

func (p *aasProtocol) describeActions(body []byte, _ time.Time) (any, *aasError) {
	var in struct {
		ServiceNamespace     string
		ScalableDimension    string
		ResourceId           string //nolint:revive // wire name
		ScheduledActionNames []string
		MaxResults           *int
		NextToken            string
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if in.ServiceNamespace != aasNamespace {
		return nil, aasValidation("the emulator serves the lambda namespace only")
	}
	type wireAction struct {
		CreationTime         aasEpoch
		EndTime              *aasEpoch `json:",omitempty"`
		ResourceId           string    //nolint:revive // wire name
		ScalableDimension    string
		ScalableTargetAction *struct {
			MaxCapacity *int `json:",omitempty"`
			MinCapacity *int `json:",omitempty"`
		} `json:",omitempty"`
		Schedule            string
		ScheduledActionARN  string
		ScheduledActionName string
		ServiceNamespace    string
		StartTime           *aasEpoch `json:",omitempty"`
		Timezone            string    `json:",omitempty"`
	}
	var all []wireAction
	for _, t := range p.s.state.aas.sortedTargets() {
		if in.ResourceId != "" && in.ResourceId != t.resourceID {
			continue
		}
		actions := make([]*aasAction, 0, len(t.actions))
		for _, a := range t.actions {
			if len(in.ScheduledActionNames) == 0 || slices.Contains(in.ScheduledActionNames, a.name) {
				actions = append(actions, a)
			}
		}
		slices.SortFunc(actions, func(x, y *aasAction) int { return int(x.seq) - int(y.seq) })
		for _, a := range actions {
			w := wireAction{
				CreationTime: epoch(a.created), ResourceId: t.resourceID, ScalableDimension: aasDimension,
				Schedule: a.schedule, ScheduledActionARN: a.arn, ScheduledActionName: a.name, ServiceNamespace: aasNamespace, Timezone: a.timezone,
			}
			if a.start != nil {
				v := epoch(*a.start)
				w.StartTime = &v
			}
			if a.end != nil {
				v := epoch(*a.end)
				w.EndTime = &v
			}
			if a.min != nil || a.max != nil {
				w.ScalableTargetAction = &struct {
					MaxCapacity *int `json:",omitempty"`
					MinCapacity *int `json:",omitempty"`
				}{a.max, a.min}
			}
			all = append(all, w)
		}
	}
	from, to, next, e := page(len(all), in.NextToken, in.MaxResults, aasDefaultMaxResult)
	if e != nil {
		return nil, e
	}
	return struct {
		NextToken        string `json:",omitempty"`
		ScheduledActions []wireAction
	}{next, append([]wireAction{}, all[from:to]...)}, nil
}

// aasTracking is a target-tracking configuration on the wire.
type aasTracking struct {
	DisableScaleIn                *bool `json:",omitempty"`
	PredefinedMetricSpecification *struct {
		PredefinedMetricType string
		ResourceLabel        string `json:",omitempty"`
	} `json:",omitempty"`
	ScaleInCooldown  *int `json:",omitempty"`
	ScaleOutCooldown *int `json:",omitempty"`
	TargetValue      *float64
}

func (p *aasProtocol) putPolicy(body []byte, now time.Time) (any, *aasError) {
	var in struct {
		aasRef
		PolicyName                               string
		PolicyType                               string
		TargetTrackingScalingPolicyConfiguration *aasTracking
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	t, e := p.target(in.aasRef)
	if e != nil {
		return nil, e
	}
	if in.PolicyName == "" || len(in.PolicyName) > 256 || strings.IndexFunc(in.PolicyName, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
		// \p{Print} is printable ASCII in the service's Java regex.
		return nil, aasValidation(fmt.Sprintf("1 validation error detected: Value '%s' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: \\p{Print}+", redact.Clip(in.PolicyName)))
	}
	if in.PolicyType != "TargetTrackingScaling" {
		// Guess: the emulator keeps to what Lambda provisioned concurrency uses.
		return nil, aasValidation("Only TargetTrackingScaling policies are supported for lambda:function:ProvisionedConcurrency in the emulator")
	}
	c := in.TargetTrackingScalingPolicyConfiguration
	if c == nil || c.TargetValue == nil {
		return nil, aasValidation("TargetTrackingScalingPolicyConfiguration with a TargetValue is required for a TargetTrackingScaling policy")
	}
	if c.PredefinedMetricSpecification == nil || c.PredefinedMetricSpecification.PredefinedMetricType != aasMetric {
		return nil, aasValidation("The predefined metric for lambda:function:ProvisionedConcurrency is " + aasMetric)
	}
	if v := *c.TargetValue; math.IsNaN(v) || v < 0.1 || v > 0.9 {
		return nil, aasValidation(fmt.Sprintf("TargetValue %g is not valid for %s: it must be between 0.1 and 0.9", v, aasMetric))
	}
	for _, cd := range []*int{c.ScaleInCooldown, c.ScaleOutCooldown} {
		if cd != nil && *cd < 0 {
			return nil, aasValidation("Cooldown must be at least 0")
		}
	}
	st := p.s.state
	pol := t.policies[in.PolicyName]
	if pol == nil {
		if len(t.policies) >= aasMaxPolicies {
			return nil, &aasError{http.StatusBadRequest, "LimitExceededException", fmt.Sprintf("Maximum number of scaling policies (%d) reached for this scalable target", aasMaxPolicies)}
		}
		id := st.aas.nextID(p.s.seed)
		pol = &aasPolicy{name: in.PolicyName, created: now, seq: st.aas.seq}
		pol.arn = "arn:" + p.s.partition + ":autoscaling:" + p.s.region + ":" + p.s.accountID + ":scalingPolicy:" + id + ":resource/lambda/" + t.resourceID + ":policyName/" + pol.name
		for _, kind := range []string{"AlarmHigh", "AlarmLow"} {
			name := "TargetTracking-" + t.resourceID + "-" + kind + "-" + st.aas.nextID(p.s.seed)
			pol.alarms = append(pol.alarms, aasAlarm{AlarmARN: "arn:" + p.s.partition + ":cloudwatch:" + p.s.region + ":" + p.s.accountID + ":alarm:" + name, AlarmName: name})
		}
		t.policies[pol.name] = pol
	}
	pol.target, pol.disableScaleIn, pol.scaleIn, pol.scaleOut = *c.TargetValue, c.DisableScaleIn, c.ScaleInCooldown, c.ScaleOutCooldown
	return struct {
		Alarms    []aasAlarm
		PolicyARN string
	}{pol.alarms, pol.arn}, nil
}

func (p *aasProtocol) deletePolicy(body []byte, _ time.Time) (any, *aasError) {
	var in struct {
		aasRef
		PolicyName string
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	t, e := p.target(in.aasRef)
	if e != nil {
		return nil, e
	}
	if t.policies[in.PolicyName] == nil {
		return nil, aasNotFound("scaling policy", in.ResourceId, ", policy name: "+redact.Clip(in.PolicyName))
	}
	delete(t.policies, in.PolicyName)
	return struct{}{}, nil
}

func (p *aasProtocol) describePolicies(body []byte, _ time.Time) (any, *aasError) {
	var in struct {
		ServiceNamespace  string
		ScalableDimension string
		ResourceId        string //nolint:revive // wire name
		PolicyNames       []string
		MaxResults        *int
		NextToken         string
	}
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if in.ServiceNamespace != aasNamespace {
		return nil, aasValidation("the emulator serves the lambda namespace only")
	}
	type wirePolicy struct {
		Alarms                                   []aasAlarm
		CreationTime                             aasEpoch
		PolicyARN                                string
		PolicyName                               string
		PolicyType                               string
		ResourceId                               string //nolint:revive // wire name
		ScalableDimension                        string
		ServiceNamespace                         string
		TargetTrackingScalingPolicyConfiguration aasTracking
	}
	var all []wirePolicy
	for _, t := range p.s.state.aas.sortedTargets() {
		if in.ResourceId != "" && in.ResourceId != t.resourceID {
			continue
		}
		pols := make([]*aasPolicy, 0, len(t.policies))
		for _, pol := range t.policies {
			if len(in.PolicyNames) == 0 || slices.Contains(in.PolicyNames, pol.name) {
				pols = append(pols, pol)
			}
		}
		slices.SortFunc(pols, func(x, y *aasPolicy) int { return int(x.seq) - int(y.seq) })
		for _, pol := range pols {
			target := pol.target
			w := wirePolicy{
				Alarms: pol.alarms, CreationTime: epoch(pol.created), PolicyARN: pol.arn, PolicyName: pol.name,
				PolicyType: "TargetTrackingScaling", ResourceId: t.resourceID, ScalableDimension: aasDimension, ServiceNamespace: aasNamespace,
				TargetTrackingScalingPolicyConfiguration: aasTracking{
					DisableScaleIn: pol.disableScaleIn, ScaleInCooldown: pol.scaleIn, ScaleOutCooldown: pol.scaleOut, TargetValue: &target,
					PredefinedMetricSpecification: &struct {
						PredefinedMetricType string
						ResourceLabel        string `json:",omitempty"`
					}{PredefinedMetricType: aasMetric},
				},
			}
			all = append(all, w)
		}
	}
	from, to, next, e := page(len(all), in.NextToken, in.MaxResults, aasPoliciesMaxResults)
	if e != nil {
		return nil, e
	}
	return struct {
		NextToken       string `json:",omitempty"`
		ScalingPolicies []wirePolicy
	}{next, append([]wirePolicy{}, all[from:to]...)}, nil
}
