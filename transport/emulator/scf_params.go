// This file reads and checks the JSON parameters of the three SCF actions
// the way API 3.0 does: unknown parameters, wrong JSON types and missing
// required parameters are common errors; values are then checked with the
// action's own codes (seeds/004). Parameter names and types are those of
// tencentcloud-sdk-go scf/v20180416/models.go
// (PutProvisionedConcurrencyConfigRequestParams and its Get and Delete
// siblings): strings, uint64 counts, a float64 TrackingTarget and an array
// of TriggerAction objects. A JSON null is the same as an absent parameter.

package emulator

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Parameter kinds.
type scfKind int

const (
	scfString scfKind = iota
	scfUint
	scfFloat
	scfTriggerList
)

// Parameters of each action, in the order of the official model.
var (
	scfPutParams = []scfParamSpec{
		{"FunctionName", scfString}, {"Qualifier", scfString}, {"VersionProvisionedConcurrencyNum", scfUint},
		{"Namespace", scfString}, {"TriggerActions", scfTriggerList}, {"ProvisionedType", scfString},
		{"TrackingTarget", scfFloat}, {"MinCapacity", scfUint}, {"MaxCapacity", scfUint},
	}
	scfGetParams    = []scfParamSpec{{"FunctionName", scfString}, {"Namespace", scfString}, {"Qualifier", scfString}}
	scfDeleteParams = []scfParamSpec{{"FunctionName", scfString}, {"Qualifier", scfString}, {"Namespace", scfString}}
	// Fields of a TriggerAction (tencentcloud-sdk-go TriggerAction).
	scfTriggerParams = []scfParamSpec{
		{"TriggerName", scfString}, {"TriggerProvisionedConcurrencyNum", scfUint},
		{"TriggerCronConfig", scfString}, {"ProvisionedType", scfString},
	}
)

// scfTriggerNameOK applies the one TriggerName rule the documents support
// (tencentscf.TriggerNameRule): SCF documents no pattern or length for a
// trigger action's name ("Scheduled action name"), so any name that is not
// empty or only white space is taken. The timer trigger's rule of
// CreateTrigger (letters, digits, '-' and '_', at most 100) is another
// API's and does not apply.
func scfTriggerNameOK(name string) bool { return strings.TrimSpace(name) != "" }

// scfCronFields is the length of a TriggerCronConfig: "Seven fields are
// required and should be separated with a space" (TriggerAction).
const scfCronFields = 7

type scfParamSpec struct {
	name string
	kind scfKind
}

// scfValue is one decoded parameter.
type scfValue struct {
	str      string
	num      int
	float    float64
	triggers []scfRawTrigger
}

type scfRawTrigger struct {
	index  int
	values map[string]scfValue
}

// decodeSCFParams reads the body's JSON object against specs. It returns
// the present, non-null parameters.
func decodeSCFParams(body []byte, specs []scfParamSpec) (map[string]scfValue, *scfError) {
	fields, e := scfObject(body)
	if e != nil {
		return nil, e
	}
	return decodeSCFFields(fields, specs, "")
}

func scfObject(body []byte) (map[string]json.RawMessage, *scfError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, errSCFMalformedBody()
	}
	return fields, nil
}

// decodeSCFFields checks names first (the first unknown one in sorted
// order is reported), then types in the model's order. prefix flattens
// nested names the way API 3.0 spells them ("TriggerActions.0.TriggerName").
func decodeSCFFields(fields map[string]json.RawMessage, specs []scfParamSpec, prefix string) (map[string]scfValue, *scfError) {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if !slices.ContainsFunc(specs, func(s scfParamSpec) bool { return s.name == k }) {
			return nil, errSCFUnknownParameter(prefix + k)
		}
	}
	out := map[string]scfValue{}
	for _, spec := range specs {
		raw, ok := fields[spec.name]
		raw = bytes.TrimSpace(raw)
		if !ok || string(raw) == "null" {
			continue
		}
		name := prefix + spec.name
		var v scfValue
		switch spec.kind {
		case scfString:
			if err := json.Unmarshal(raw, &v.str); err != nil {
				return nil, errSCFTypeError(name)
			}
		case scfUint:
			n, err := strconv.ParseUint(string(raw), 10, 64)
			if err != nil {
				return nil, errSCFTypeError(name)
			}
			v.num = int(min(n, math.MaxInt32))
		case scfFloat:
			if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
				return nil, errSCFTypeError(name)
			}
			f, err := strconv.ParseFloat(string(raw), 64)
			if err != nil {
				return nil, errSCFTypeError(name)
			}
			v.float = f
		case scfTriggerList:
			var items []json.RawMessage
			if err := json.Unmarshal(raw, &items); err != nil {
				return nil, errSCFTypeError(name)
			}
			for i, item := range items {
				var obj map[string]json.RawMessage
				if err := json.Unmarshal(item, &obj); err != nil || obj == nil {
					return nil, errSCFTypeError(name + "." + strconv.Itoa(i))
				}
				vals, e := decodeSCFFields(obj, scfTriggerParams, name+"."+strconv.Itoa(i)+".")
				if e != nil {
					return nil, e
				}
				v.triggers = append(v.triggers, scfRawTrigger{index: i, values: vals})
			}
		}
		out[spec.name] = v
	}
	return out, nil
}

// requireSCF reports the first missing (absent, null or empty string)
// required parameter.
func requireSCF(params map[string]scfValue, names ...string) *scfError {
	for _, n := range names {
		v, ok := params[n]
		if !ok || (isStringParam(n) && v.str == "") {
			return errSCFMissingParameter(n)
		}
	}
	return nil
}

func isStringParam(name string) bool {
	return name == "FunctionName" || name == "Qualifier"
}

// checkSCFQualifier accepts published version numbers only: $LATEST cannot
// take provisioned concurrency ("Note: the $LATEST version does not support
// provisioned concurrency", seeds/004) and aliases are not versions.
func checkSCFQualifier(q string) *scfError {
	if q == "" || len(q) > 20 || q[0] == '0' {
		return errSCFQualifier()
	}
	for i := 0; i < len(q); i++ {
		if q[i] < '0' || q[i] > '9' {
			return errSCFQualifier()
		}
	}
	return nil
}

// parseSCFPut checks a PutProvisionedConcurrencyConfig.
//
// Rules (seeds/004), the same as transport/tencentscf checks before
// sending: ProvisionedType is Default (also when absent) or
// ConcurrencyUtilizationTracking; with tracking "TrackingTarget, MinCapacity
// and MaxCapacity are required, and VersionProvisionedConcurrencyNum must
// be 0"; TrackingTarget is in (0,1) with two decimal places; MinCapacity is
// at least 1. Those ranges hold whenever the parameters are sent; nothing
// forbids them on a static Put, which accepts and ignores them. Nothing
// documents an order of MinCapacity and MaxCapacity, so none is enforced.
// The emulator's own choices: a static amount must be at least 1
// (InvalidParameterValue); a tracking configuration reports MinCapacity as
// its amount. A FunctionName that breaks SCF's naming rule is
// InvalidParameterValue.FunctionName (documented for the three actions).
func parseSCFPut(body []byte) (scfPutRequest, *scfError) {
	p, e := decodeSCFParams(body, scfPutParams)
	if e != nil {
		return scfPutRequest{}, e
	}
	if e := requireSCF(p, "FunctionName", "Qualifier", "VersionProvisionedConcurrencyNum"); e != nil {
		return scfPutRequest{}, e
	}
	req := scfPutRequest{
		namespace: scfNamespaceOrDefault(p["Namespace"].str),
		function:  p["FunctionName"].str,
		qualifier: p["Qualifier"].str,
	}
	if !scfFunctionName.MatchString(req.function) {
		return req, errSCFFunctionNameInvalid()
	}
	if e := checkSCFQualifier(req.qualifier); e != nil {
		return req, e
	}
	if e := checkSCFTrackingRanges(p); e != nil {
		return req, e
	}
	count := p["VersionProvisionedConcurrencyNum"].num
	switch t := p["ProvisionedType"].str; t {
	case "", SCFProvisionedTypeDefault:
		req.provisionedType = SCFProvisionedTypeDefault
		if count < 1 {
			return req, errSCFInvalidValue()
		}
		req.amount = count
	case SCFProvisionedTypeUtilizationTracking:
		req.provisionedType = t
		if count != 0 {
			return req, errSCFInvalidValue()
		}
		for _, n := range []string{"TrackingTarget", "MinCapacity", "MaxCapacity"} {
			if _, ok := p[n]; !ok {
				return req, errSCFMissingParameter(n)
			}
		}
		req.trackingTarget = p["TrackingTarget"].float
		req.minCapacity, req.maxCapacity = p["MinCapacity"].num, p["MaxCapacity"].num
		req.amount = req.minCapacity
	default:
		return req, errSCFProvisionType()
	}
	triggers, e := parseSCFTriggers(p["TriggerActions"].triggers)
	if e != nil {
		return req, e
	}
	req.triggers = triggers
	return req, nil
}

// checkSCFTrackingRanges checks the documented ranges of TrackingTarget
// ((0,1), two decimal places) and MinCapacity (at least 1) when they are
// sent, with utilization tracking or without.
func checkSCFTrackingRanges(p map[string]scfValue) *scfError {
	if v, ok := p["TrackingTarget"]; ok {
		t := v.float
		if !(t > 0 && t < 1) || math.Abs(t*100-math.Round(t*100)) > 1e-9 {
			return errSCFTrackingTarget()
		}
	}
	if v, ok := p["MinCapacity"]; ok && v.num < 1 {
		return errSCFMinCapacity()
	}
	return nil
}

// parseSCFTriggers checks the scheduled actions: each needs a name, an
// amount of at least 1 and a seven-field cron expression; names and
// schedules are unique (ProvisionTriggerNameDuplicate,
// ProvisionTriggerCronConfigDuplicate); the only documented type is
// "Default" ("The provision type. Value: Default", TriggerAction).
func parseSCFTriggers(raw []scfRawTrigger) ([]SCFTriggerAction, *scfError) {
	var out []SCFTriggerAction
	names, crons := map[string]bool{}, map[string]bool{}
	for _, r := range raw {
		prefix := "TriggerActions." + strconv.Itoa(r.index) + "."
		for _, n := range []string{"TriggerName", "TriggerProvisionedConcurrencyNum", "TriggerCronConfig"} {
			if _, ok := r.values[n]; !ok {
				return nil, errSCFMissingParameter(prefix + n)
			}
		}
		a := SCFTriggerAction{
			TriggerName:                      r.values["TriggerName"].str,
			TriggerProvisionedConcurrencyNum: r.values["TriggerProvisionedConcurrencyNum"].num,
			TriggerCronConfig:                r.values["TriggerCronConfig"].str,
			ProvisionedType:                  r.values["ProvisionedType"].str,
		}
		if !scfTriggerNameOK(a.TriggerName) {
			return nil, errSCFTriggerName()
		}
		if names[a.TriggerName] {
			return nil, errSCFTriggerNameDuplicate()
		}
		names[a.TriggerName] = true
		if a.TriggerProvisionedConcurrencyNum < 1 {
			return nil, errSCFTriggerNum()
		}
		fields := strings.Fields(a.TriggerCronConfig)
		if len(fields) != scfCronFields {
			return nil, errSCFTriggerCron()
		}
		cron := strings.Join(fields, " ")
		if crons[cron] {
			return nil, errSCFTriggerCronDuplicate()
		}
		crons[cron] = true
		switch a.ProvisionedType {
		case "":
			// The service echoes "Default" for an action sent without a
			// type (issue 15: a retried Put's confirmation met it).
			a.ProvisionedType = SCFProvisionedTypeDefault
		case SCFProvisionedTypeDefault:
		default:
			return nil, errSCFProvisionType()
		}
		out = append(out, a)
	}
	return out, nil
}

// scfScope is the target of a Get or Delete.
type scfScope struct {
	namespace, function, qualifier string
}

// parseSCFGet checks a GetProvisionedConcurrencyConfig; an absent or empty
// Qualifier reads every version ("不传则返回函数所有版本的预置并发信息",
// GetProvisionedConcurrencyConfigRequestParams.Qualifier).
func parseSCFGet(body []byte) (scfScope, *scfError) {
	p, e := decodeSCFParams(body, scfGetParams)
	if e != nil {
		return scfScope{}, e
	}
	if e := requireSCF(p, "FunctionName"); e != nil {
		return scfScope{}, e
	}
	s := scfScope{namespace: scfNamespaceOrDefault(p["Namespace"].str), function: p["FunctionName"].str, qualifier: p["Qualifier"].str}
	if !scfFunctionName.MatchString(s.function) {
		return s, errSCFFunctionNameInvalid()
	}
	// Get documents InvalidParameterValue.Namespace; Put and Delete do not,
	// and answer a namespace no one could create as not found.
	if !scfNamespaceName.MatchString(s.namespace) {
		return s, errSCFNamespaceInvalid()
	}
	if s.qualifier != "" {
		if e := checkSCFQualifier(s.qualifier); e != nil {
			return s, e
		}
	}
	return s, nil
}

// parseSCFDelete checks a DeleteProvisionedConcurrencyConfig.
func parseSCFDelete(body []byte) (scfScope, *scfError) {
	p, e := decodeSCFParams(body, scfDeleteParams)
	if e != nil {
		return scfScope{}, e
	}
	if e := requireSCF(p, "FunctionName", "Qualifier"); e != nil {
		return scfScope{}, e
	}
	s := scfScope{namespace: scfNamespaceOrDefault(p["Namespace"].str), function: p["FunctionName"].str, qualifier: p["Qualifier"].str}
	if !scfFunctionName.MatchString(s.function) {
		return s, errSCFFunctionNameInvalid()
	}
	return s, checkSCFQualifier(s.qualifier)
}
